package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// hostile are "next" values that a browser would take off the site, or
// that are not plain paths.
var hostile = []string{
	"//evil.example/x", "/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example",
	"/\\evil.example", "/\\/evil.example", "/ /evil.example", " //evil.example", "\t//evil.example",
	"https://evil.example/", "javascript:alert(1)", "evil.example", "/\x00/evil.example", "/\x7f/evil.example",
	"/\u00a0/evil.example", "///evil.example", "",
}

// After signing in, "next" leads only to a path on this site, whether it
// came in the login page's address or in the form's hidden field.
func TestNextNeverLeavesTheSite(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	for _, next := range hostile {
		// Signed in, the login page sends the person on at once.
		req, _ := http.NewRequest("GET", app.URL+"/login?next="+url.QueryEscape(next), nil)
		if p := b.do(req); p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
			t.Errorf("GET /login?next=%q: %d, Location %q", next, p.status, p.header.Get("Location"))
		}
	}
	b.post("/logout", nil)
	for _, next := range hostile {
		p := b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}, "next": {next}})
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
			t.Errorf("POST /login with next %q: %d, Location %q", next, p.status, p.header.Get("Location"))
		}
		b.post("/logout", nil)
	}
	// A real path, with its query, is kept.
	const inside = "/journal?step=3&cursor=abc"
	p := b.get("/login?next=" + url.QueryEscape(inside))
	if !strings.Contains(p.body, `value="`+strings.ReplaceAll(inside, "&", "&amp;")+`"`) {
		t.Fatalf("the login form lost next %q", inside)
	}
	p = b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}, "next": {inside}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != inside {
		t.Fatalf("a path on the site: %d, Location %q", p.status, p.header.Get("Location"))
	}
}

// A browser that has signed in before still gets in while someone
// elsewhere has made the account wait for everyone else.
func TestOwnBrowserGetsInWhileTheNameIsHammered(t *testing.T) {
	app := apptest.New(t, "sqlite")
	own := newBrowser(t, app)
	own.signUp("river")
	own.post("/logout", nil)
	if p := own.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}}); p.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", p.status)
	}
	u, _ := url.Parse(app.URL)
	var device *http.Cookie
	for _, c := range own.c.Jar.Cookies(u) {
		if c.Name == "kintsugi-device" {
			device = c
		}
	}
	if device == nil {
		t.Fatal("signing in left no device cookie")
	}
	own.post("/logout", nil)

	stranger := newBrowser(t, app)
	var last page
	for range 8 {
		last = stranger.post("/login", url.Values{"username": {"river"}, "passphrase": {"a stranger's guess"}})
	}
	if last.status != http.StatusTooManyRequests {
		t.Fatalf("the stranger was not slowed: %d", last.status)
	}
	if p := stranger.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}}); p.status != http.StatusTooManyRequests {
		t.Fatalf("a browser the account has not seen got past the wait: %d", p.status)
	}
	if p := own.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}}); p.status != http.StatusSeeOther {
		t.Fatalf("the owner's own browser was locked out: %d", p.status)
	}
}

// The device cookie is HttpOnly, SameSite=Strict and lasts; it holds no
// name.
func TestDeviceCookieFlags(t *testing.T) {
	app := apptest.New(t, "sqlite")
	if _, err := app.Accounts.SignUp(t.Context(), "river", apptest.Passphrase, "10.0.0.1", false); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, app) // does not follow the redirect, so its cookies can be read
	res, err := b.c.PostForm(app.URL+"/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name != "kintsugi-device" {
			continue
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.MaxAge < 90*24*3600 || strings.Contains(c.Value, "river") {
			t.Fatalf("device cookie: %+v", c)
		}
		return
	}
	t.Fatal("no device cookie")
}
