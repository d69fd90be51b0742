package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

var codePattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)

// TestBrowserTogether links two people in the browser: the safety check
// (a no first, which offers help and no code), the invitation, the other
// accepting it, both seeing the link, and one ending it.
func TestBrowserTogether(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	signUp := func(name string) {
		t.Helper()
		b.open("/signup", http.StatusOK)
		b.follow("sign up as "+name, http.StatusOK,
			fill("#username", name), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
			click(`form[action="/signup"] button[type=submit]`))
		b.follow("say the key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))
	}
	signUp("river_e2e")
	b.open("/settings", http.StatusOK)
	b.follow("open Together from Settings", http.StatusOK, click(`main a[href="/together"]`))
	b.wantText("h1", "Together")
	b.audit("together, before linking")

	b.follow("answer no", http.StatusOK, click("#safe-no"), click("#free-yes"), click(`form[action="/together/invitations"] button`))
	b.wantText("main", "this is not the time to link")
	b.wantText(".crisis", "emergency number")
	b.audit("together, not safe")

	b.open("/together", http.StatusOK)
	b.follow("answer yes twice", http.StatusCreated, click("#safe-yes"), click("#free-yes"), click(`form[action="/together/invitations"] button`))
	code := strings.TrimSpace(b.text(".invitation-code"))
	if !codePattern.MatchString(code) {
		t.Fatalf("invitation code %q", code)
	}
	b.audit("together, the invitation")
	b.follow("sign out", http.StatusOK, click(`nav[aria-label="Main"] form[action="/logout"] button`))

	signUp("stone_e2e")
	b.open("/together", http.StatusOK)
	b.follow("accept the code", http.StatusOK, fill("#code", strings.ToLower(code)), click(`form[action="/together/accept"] button`))
	b.wantText("main", "You are linked with river_e2e")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 1 {
		t.Fatalf("%d Together links in the navigation once linked, want 1", n)
	}
	b.audit("together, linked")

	b.follow("end the link", http.StatusOK, click(`form[action="/together/end"] button`))
	b.wantText("main", "The link is ended")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 0 {
		t.Fatalf("Together is still in the navigation after the link ended")
	}
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
