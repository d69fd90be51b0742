package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// TestBrowserDiscretion checks the promises made to a person who may be
// overlooked or interrupted: the recovery key survives a reload and can be
// replaced from Settings, no signed-in page names anything in its title,
// crisis numbers can be tapped from every page's header, and after leaving
// quickly, Back shows nothing private because the session has ended.
func TestBrowserDiscretion(t *testing.T) {
	const (
		who    = "fern_e2e"
		secret = "What I found in the glovebox"
	)
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)

	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", who), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	b.wantPath("/recovery-key")
	first := strings.TrimSpace(b.text(".recovery-key"))
	if !recoveryKey.MatchString(first) {
		t.Fatalf("recovery key %q is not 13 groups of four", first)
	}
	// A reload, on purpose or by accident, shows the same key again
	// instead of sending the sign-up a second time.
	b.follow("reload the recovery key", http.StatusOK, chromedp.Reload())
	if again := strings.TrimSpace(b.text(".recovery-key")); again != first {
		t.Fatalf("after a reload the page shows %q, want the same key %q", again, first)
	}
	b.audit("recovery key")
	b.follow("say the key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))
	b.wantPath("/")

	// A new recovery key from Settings, with the passphrase.
	b.open("/settings", http.StatusOK)
	b.follow("make a new recovery key", http.StatusOK,
		fill("#recovery_passphrase", passphrase), click(`form[action="/settings/recovery-key"] button`))
	b.wantPath("/recovery-key")
	b.wantText("h1", "Your new recovery key")
	if fresh := strings.TrimSpace(b.text(".recovery-key")); !recoveryKey.MatchString(fresh) || fresh == first {
		t.Fatalf("the new recovery key %q is not a new key", fresh)
	}
	b.follow("say the new key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))

	// An entry whose title would tell a passer-by everything.
	b.open("/journal/new", http.StatusOK)
	b.follow("save an entry", http.StatusOK,
		fill("#title", secret), fill("#body", "I put it back where it was."),
		click(`form[action="/journal"] button[type=submit]`))
	entry := b.path()
	if !entryPath.MatchString(entry) {
		t.Fatalf("after saving, at %s, want the entry", entry)
	}

	// Every signed-in page's tab says only the app's name, and has
	// "Help now" in its header.
	for _, path := range []string{"/", "/steps/understand-the-betrayal", "/journal", entry, entry + "/edit",
		entry + "/delete", "/checkins", "/timeline", "/calendar", "/settings", "/help"} {
		b.open(path, http.StatusOK)
		if title := get(b, "read the title of "+path, chromedp.Title()); title != "kintsugi" {
			t.Errorf("%s: the title is %q, want only kintsugi", path, title)
		}
		if n := b.count(`header a[href="/help"]`); n != 1 {
			t.Errorf("%s: %d \"Help now\" links in the header, want 1", path, n)
		}
	}

	// Crisis lines are links a phone can call or text.
	b.open("/help", http.StatusOK)
	if n := b.count(`.crisis a[href^="tel:"]`); n < 5 {
		t.Errorf("the help page has %d tel: links, want the emergency numbers and the lines", n)
	}
	if n := b.count(`.crisis a[href^="sms:"]`); n < 2 {
		t.Errorf("the help page has %d sms: links, want the text lines", n)
	}
	b.audit("help with links")
	b.open("/settings", http.StatusOK)
	b.audit("settings with recovery and leaving")

	// Leave quickly from the journal, where titles are listed, then press
	// Back: the page is not shown again, and the session is over.
	b.open("/journal", http.StatusOK)
	b.wantText("ol.entries", secret)
	b.do("leave quickly", click(`form[data-quick-exit] button`))
	b.waitFor("the neutral page", `location.host === "example.org" && document.readyState === "complete"`)
	b.do("press Back", chromedp.NavigateBack())
	b.waitFor("a page after Back", `location.host !== "example.org" && document.readyState === "complete"`)
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Errorf("after Back, at %s, want the sign-in page", p)
	}
	if text := b.text("body"); strings.Contains(text, secret) {
		t.Fatalf("after leaving quickly, Back shows the entry's title:\n%s", text)
	}
	b.open("/journal", http.StatusOK)
	if p := b.path(); p != "/login?next=%2Fjournal" {
		t.Fatalf("after leaving quickly, /journal went to %s: the session did not end", p)
	}
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
