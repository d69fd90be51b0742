package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

var invitationCode = regexp.MustCompile(`[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}`)

// Two people link through the Together page after the safety check; a no
// gets help and no code; "Together" is in the navigation of the linked
// only; either side ends the link at once.
func TestTogetherPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	const nav = `<a href="/together"`

	p := river.get("/together")
	if p.status != 200 || !strings.Contains(p.body, `action="/together/invitations"`) || !strings.Contains(p.body, `action="/together/accept"`) {
		t.Fatalf("the Together page before linking: %d", p.status)
	}
	if strings.Contains(river.get("/").body, nav) {
		t.Fatal("Together is in the navigation of someone not linked")
	}
	if !strings.Contains(river.get("/settings").body, `href="/together"`) {
		t.Fatal("Settings has no way to Together")
	}

	// Unanswered: both problems, the answer given kept.
	p = river.post("/together/invitations", url.Values{"safe": {"yes"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="free-error"`) || !strings.Contains(p.body, `id="safe-yes" value="yes" checked`) {
		t.Fatalf("an unanswered question: %d", p.status)
	}
	// A no: help, and no code.
	p = river.post("/together/invitations", url.Values{"safe": {"no"}, "free": {"yes"}})
	if p.status != http.StatusOK || !strings.Contains(p.body, `class="crisis"`) || invitationCode.MatchString(p.body) {
		t.Fatalf("not safe: %d, help shown %v", p.status, strings.Contains(p.body, `class="crisis"`))
	}
	// Two yeses: a code, shown once.
	p = river.post("/together/invitations", url.Values{"safe": {"yes"}, "free": {"yes"}})
	code := invitationCode.FindString(p.body)
	if p.status != http.StatusCreated || code == "" {
		t.Fatalf("an invitation: %d", p.status)
	}

	if p := stone.post("/together/accept", url.Values{"code": {"ABCDE-FGHJK"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="code-error"`) || !strings.Contains(p.body, `value="ABCDE-FGHJK"`) {
		t.Fatalf("a wrong code: %d", p.status)
	}
	if p := river.post("/together/accept", url.Values{"code": {code}}); p.status != http.StatusConflict || !strings.Contains(p.body, "your own invitation") {
		t.Fatalf("one's own code: %d", p.status)
	}
	if p := stone.post("/together/accept", url.Values{"code": {strings.ToLower(code)}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/together" {
		t.Fatalf("accept: %d %s", p.status, p.header.Get("Location"))
	}
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		other := map[string]string{"river": "stone", "stone": "river"}[who]
		p := b.get("/together")
		if !strings.Contains(p.body, "You are linked with <strong>"+other+"</strong>") || !strings.Contains(p.body, nav) {
			t.Errorf("%s's Together page does not show the link, or the navigation lacks it", who)
		}
	}

	// Stone ends it: at once, for both.
	if p := stone.post("/together/end", nil); p.status != http.StatusSeeOther {
		t.Fatalf("end: %d", p.status)
	}
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		p := b.get("/together")
		if strings.Contains(p.body, "You are linked with") || strings.Contains(p.body, nav) {
			t.Errorf("%s is still shown as linked", who)
		}
	}
}
