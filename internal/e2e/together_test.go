package e2e

import (
	"net/http"
	"net/url"
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
	signOut := func() {
		t.Helper()
		b.follow("sign out", http.StatusOK, click(`nav[aria-label="Main"] form[action="/logout"] button`))
	}
	signInAs := func(name, then string) {
		t.Helper()
		b.open("/login?next="+url.QueryEscape(then), http.StatusOK)
		b.follow("sign in as "+name, http.StatusOK, fill("#username", name), fill("#passphrase", passphrase),
			click(`form[action="/login"] button[type=submit]`))
		b.wantPath(then)
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
	signOut()

	// stone accepts and proposes a commitment.
	signUp("stone_e2e")
	b.open("/together", http.StatusOK)
	b.follow("accept the code", http.StatusOK, fill("#code", strings.ToLower(code)), click(`form[action="/together/accept"] button`))
	b.wantText("main", "Shared with river_e2e")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 1 {
		t.Fatalf("%d Together links in the navigation once linked, want 1", n)
	}
	b.audit("together, linked")
	b.follow("open commitments", http.StatusOK, click(`nav.space-tabs a[href="/together/commitments"]`))
	b.follow("propose", http.StatusOK, fill("#text", "I will tell you where I am going"), fill("#why", "So you do not have to wonder"),
		click(`form[action="/together/commitments"] button`))
	b.wantText("main", "I will tell you where I am going", "Waiting for a decision")
	signOut()

	// river accepts it and notes it kept.
	signInAs("river_e2e", "/together/commitments")
	b.wantText("main", "Waiting for your decision")
	b.audit("together, commitments")
	b.follow("open the proposal", http.StatusOK, click(`main ul.items a[href^="/together/commitments/"]`))
	commitment := b.path()
	b.follow("accept", http.StatusOK, click(`form[action$="/accept"] button`))
	b.wantText("main", "Agreed")
	b.follow("note it kept", http.StatusOK, click("#o-kept"), fill("#note-text", "Told me before leaving"),
		click(`form[action$="/checkins"] button`))
	b.wantText("main", "1 kept")
	signOut()

	// stone notes it too, and sees the estimate.
	signInAs("stone_e2e", commitment)
	b.follow("note it kept", http.StatusOK, click("#o-kept"), click(`form[action$="/checkins"] button`))
	b.wantText("main", "waiting to be confirmed")
	b.audit("together, a commitment")
	b.follow("open trust", http.StatusOK, click(`nav.space-tabs a[href="/together/trust"]`))
	b.wantText("main", "67 %")
	if n := b.count("figure.chart svg"); n != 1 {
		t.Fatalf("%d trust charts, want 1", n)
	}
	signOut()

	// river confirms stone's note: both count.
	signInAs("river_e2e", commitment)
	b.follow("confirm", http.StatusOK, click(`form[action$="/confirm"] input[value="kept"]`), click(`form[action$="/confirm"] button`))
	b.wantText("main", "2 kept")
	b.follow("open trust", http.StatusOK, click(`nav.space-tabs a[href="/together/trust"]`))
	b.wantText("main", "75 %", "From 2 counted notes")
	b.audit("together, trust")
	signOut()

	// stone sees the same estimate, then ends the link: at once.
	signInAs("stone_e2e", "/together/trust")
	b.wantText("main", "75 %")
	b.open("/together", http.StatusOK)
	b.follow("end the link", http.StatusOK, click(`form[action="/together/end"] button`))
	b.wantText("main", "The link is ended")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 0 {
		t.Fatalf("Together is still in the navigation after the link ended")
	}
	b.open("/together/trust", http.StatusNotFound)
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
