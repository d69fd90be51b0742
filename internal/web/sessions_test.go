package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// signInAs signs name in on a new browser that says it is Firefox on
// Linux.
func signInAs(t *testing.T, a *apptest.App, name string) *browser {
	t.Helper()
	b := newBrowser(t, a)
	req, _ := http.NewRequest("POST", a.URL+"/login", strings.NewReader(url.Values{"username": {name}, "passphrase": {apptest.Passphrase}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	if p := b.do(req); p.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", p.status)
	}
	return b
}

var endForm = regexp.MustCompile(`action="/settings/sessions/([A-Z2-7]{26})/end"`)

// The sessions page lists both devices, this one marked; ending the other
// signs it out and is in the access log, in plain words; the home page
// tells of a new sign-in once asked to, until "Got it".
func TestSessionsAndAccessLogPages(t *testing.T) {
	a := apptest.New(t, "sqlite")
	here := newBrowser(t, a)
	here.signUp("river")
	if p := here.post("/settings/sign-in-notice", url.Values{"notice": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("turn the notice on: %d", p.status)
	}
	if p := here.get("/"); strings.Contains(p.body, "New sign-ins") {
		t.Error("the home page tells of a sign-in from before the notice was turned on")
	}
	there := signInAs(t, a, "river")

	home := here.get("/")
	if !strings.Contains(home.body, "New sign-ins since you last looked") || !strings.Contains(home.body, "Signed in on Firefox on Linux, from 127.0.0.x.") {
		t.Fatalf("no notice of the new sign-in on the home page: %s", home.body)
	}
	if strings.Contains(there.get("/").body, "New sign-ins") {
		t.Error("the notice tells of the very session reading it")
	}
	if p := here.post("/settings/sign-ins/seen", nil); p.status != http.StatusSeeOther || strings.Contains(here.get("/").body, "New sign-ins") {
		t.Errorf("Got it: %d, and the notice stayed", p.status)
	}

	list := here.get("/settings/sessions")
	if list.status != http.StatusOK || !strings.Contains(list.body, "This device") || !strings.Contains(list.body, "Firefox on Linux") {
		t.Fatalf("the sessions page: %d %s", list.status, list.body)
	}
	ids := endForm.FindAllStringSubmatch(list.body, -1)
	if len(ids) != 2 {
		t.Fatalf("%d sessions to end, want 2", len(ids))
	}
	this, other := ids[0][1], ids[1][1] // this device first, then the Firefox one
	if p := here.post("/settings/sessions/"+other+"/end", nil); p.status != http.StatusSeeOther || p.header.Get("Location") != "/settings/sessions" {
		t.Fatalf("end the other session: %d %s", p.status, p.header.Get("Location"))
	}
	if p := there.get("/settings"); p.status != http.StatusSeeOther {
		t.Errorf("the ended session still opens Settings: %d", p.status)
	}
	if p := here.get("/settings/sessions"); strings.Contains(p.body, other) || !strings.Contains(p.body, "That session is ended") {
		t.Error("the ended session is still listed, or nothing said so")
	}
	log := here.get("/settings/access-log")
	for _, want := range []string{"A session ended on Firefox on Linux, from 127.0.0.x: you ended it from your list of sessions.",
		"Signed in on Firefox on Linux, from 127.0.0.x.", "Signed in with a Go program, from 127.0.0.x (when you made your account)."} {
		if !strings.Contains(log.body, want) {
			t.Errorf("the access log does not say %q", want)
		}
	}
	if p := here.get("/settings/access-log?cursor=nope"); p.status != http.StatusSeeOther {
		t.Errorf("a bad cursor: %d", p.status)
	}
	// Ending this very session signs out here.
	if p := here.post("/settings/sessions/"+this+"/end", nil); p.header.Get("Location") != "/login" {
		t.Errorf("ending this session: %d %s", p.status, p.header.Get("Location"))
	}
	if p := here.get("/settings"); p.status != http.StatusSeeOther {
		t.Errorf("still signed in after ending this session: %d", p.status)
	}
}
