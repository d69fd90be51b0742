package e2e

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kintsugi/internal/apptest"
)

const (
	username   = "willow_e2e"
	passphrase = "amber orchards hum softly before the tide turns"
	canary     = "quillfeather"
	entryTitle = "The morning after"
)

var (
	recoveryKey = regexp.MustCompile(`^[A-Z2-7]{4}(-[A-Z2-7]{4}){12}$`)
	checkinPath = regexp.MustCompile(`^/checkins/[A-Z2-7]{26}$`)
	entryPath   = regexp.MustCompile(`^/journal/[A-Z2-7]{26}$`)
)

// TestBrowserJourney walks a person's first visit in a real browser: sign
// up, keep the recovery key, check in with two feelings, see them charted,
// write in the journal, sign out and back in, find the entry, and leave
// with the quick exit. Every page on the way is checked with axe-core.
func TestBrowserJourney(t *testing.T) {
	start := time.Now()
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	defer func() { t.Logf("browser journey took %s", time.Since(start).Round(time.Millisecond)) }()

	// Welcome, then the sign-up form.
	b.open("/", http.StatusOK)
	b.wantText("h1", "A quiet place to heal after a betrayal")
	b.audit("welcome")

	b.follow("open the sign-up form", http.StatusOK, click(`main a.button[href="/signup"]`))
	b.wantPath("/signup")
	b.audit("signup")

	// A passphrase that is too short comes back with the problem, named
	// on the field, and the username kept.
	b.follow("sign up with a short passphrase", http.StatusUnprocessableEntity,
		fill("#username", username), fill("#passphrase", "too short"), fill("#passphrase2", "too short"),
		click(`form[action="/signup"] button[type=submit]`))
	b.wantText("#passphrase-error", "at least 10 characters")
	b.wantFocusIn("#passphrase")
	if d := get(b, "read the passphrase's description", chromedp.AttributeValue(chromedp.CSS("#passphrase"), "aria-describedby")); !strings.Contains(d.Value, "passphrase-error") {
		t.Fatalf("the passphrase field is not described by its error: aria-describedby=%q", d.Value)
	}
	if got := get(b, "read the username", chromedp.Value(chromedp.CSS("#username"))); got != username {
		t.Fatalf("username after the problem = %q, want it kept as %q", got, username)
	}
	b.audit("signup with a problem")

	// The real sign-up shows the recovery key once.
	b.follow("sign up", http.StatusOK,
		fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	b.wantText("h1", "Keep your recovery key")
	if key := strings.TrimSpace(b.text(".recovery-key")); !recoveryKey.MatchString(key) {
		t.Fatalf("recovery key %q is not 13 groups of four", key)
	}
	b.audit("recovery key")

	// Your path: twelve steps.
	b.follow("continue to your path", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))
	b.wantPath("/")
	b.wantText("h1", "Your path")
	if n := b.count("ol.path > li"); n != 12 {
		t.Fatalf("your path lists %d steps, want 12", n)
	}
	b.wantText("ol.path", "Acknowledge your feelings", "Be willing to take risks")
	b.audit("your path")

	// Step 1, with nothing charted yet.
	b.follow("open step 1", http.StatusOK, click(`ol.path a[href="/steps/acknowledge-your-feelings"]`))
	b.wantPath("/steps/acknowledge-your-feelings")
	b.wantText("h1", "Acknowledge your feelings")
	b.audit("step 1, before any check-in")

	// Step 1 invites a check-in, on a page of its own. One with no feeling
	// chosen comes back with the problem, and the focus taken to the
	// feelings (app.js).
	b.follow("open the check-in", http.StatusOK, click(`#checkin a.button[href="/checkins/new"]`))
	b.follow("check in with no feeling", http.StatusUnprocessableEntity, click(`form.checkin [data-rest] button[type=submit]`))
	b.wantOnlyProblem("#emotions-error", "Choose at least one feeling", "[data-feelings]")

	// Check in with two feelings: each one chosen gets its strength scale
	// on the same screen (app.js).
	b.do("fill in the check-in",
		click("#feel-sadness"),
		click("#i-sadness-7"),
		click("#feel-anger"),
		click("#i-anger-4"),
		fill("#sensations", "A tight chest"),
		fill("#note", "Woke at four again.\nWalked it off."))
	if n := b.count("[data-feelings] input[type=checkbox]:checked"); n != 2 {
		t.Fatalf("%d feelings ticked, want 2", n)
	}
	b.audit("check-in with a problem")
	b.follow("check in", http.StatusOK, click(`form.checkin [data-rest] button[type=submit]`))
	if p := b.path(); !checkinPath.MatchString(p) {
		t.Fatalf("after checking in, at %s, want a check-in page", p)
	}
	b.wantText("main", "Saved.")
	b.wantText("table.felt", "Sadness", "7", "Anger", "4")
	b.wantText("main", "A tight chest", "Woke at four again.")
	b.audit("check-in")

	// Back on step 1: a chart with a line for each feeling, and the same
	// check-in in the table beside it.
	b.open("/steps/acknowledge-your-feelings", http.StatusOK)
	// The chart comes wide and narrow (for phones); one shows at a time.
	for _, c := range []string{".chart-wide", ".chart-narrow"} {
		svg := "#checkin figure.chart " + c + " svg"
		if n := b.count(svg + " .chart-series"); n != 2 {
			t.Fatalf("%s has %d series, want 2 (sadness and anger)", svg, n)
		}
		text := get(b, "read the chart", chromedp.TextContent(chromedp.CSS(svg)))
		for _, w := range []string{"Sadness", "Anger"} {
			if !strings.Contains(text, w) {
				t.Fatalf("%s does not name %s: %s", svg, w, text)
			}
		}
	}
	for _, v := range []viewport{desktop, phone} {
		b.do("emulate a "+v.name, b.viewport(v))
		if n := b.visible("figure.chart svg"); n != 1 {
			t.Fatalf("%d charts show at %s width, want 1", n, v.name)
		}
	}
	b.do("emulate a desktop", b.viewport(desktop))
	b.do("show the table", click("details.table-alt summary"))
	if n := b.count("details.table-alt tbody tr"); n != 1 {
		t.Fatalf("the table lists %d check-ins, want 1", n)
	}
	b.wantText("details.table-alt tbody", "Sadness 7", "Anger 4")
	b.audit("step 1 with chart")

	// "Where am I with this?": without a number the problem shows in that
	// form alone; with one, it is saved, listed, and shown on the path.
	b.follow("save a rating with no number", http.StatusUnprocessableEntity, click(`form.rating button[type=submit]`))
	b.wantOnlyProblem("#value-error", "Choose a number from 0 to 10", "form.rating fieldset")
	b.audit("rating with a problem")
	b.follow("save a rating", http.StatusOK,
		click("#value-6"), fill("#rating-note", "Lighter than last week."),
		click(`form.rating button[type=submit]`))
	b.wantPath("/steps/acknowledge-your-feelings")
	b.wantText("main", "Saved.")
	b.do("show the ratings", click("#where details summary"))
	b.wantText("#where details", "6 of 10. Lighter than last week.")
	b.follow("open your path", http.StatusOK, click(`nav[aria-label="Main"] a[href="/"]`))
	b.wantText(`ol.path > li:first-child`, "Where you said you are: 6 of 10")
	b.follow("open step 1 again", http.StatusOK, click(`ol.path a[href="/steps/acknowledge-your-feelings"]`))

	// The check-in history.
	b.follow("open all check-ins", http.StatusOK, click(`a[href="/checkins"]`))
	b.wantPath("/checkins")
	if n := b.count("ol.items > li"); n != 1 {
		t.Fatalf("the history lists %d check-ins, want 1", n)
	}
	b.wantText("ol.items", "Sadness 7, Anger 4")
	b.audit("check-ins history")

	// A journal entry, tied to a step, with a line break and a canary.
	b.open("/journal/new", http.StatusOK)
	b.audit("journal new form")
	b.follow("save a journal entry", http.StatusOK,
		fill("#title", entryTitle),
		chromedp.SetValue(chromedp.CSS("#step"), "3"),
		fill("#body", "I said what I needed.\n\nThe word for today is "+canary+"."),
		click(`form[action="/journal"] button[type=submit]`))
	if p := b.path(); !entryPath.MatchString(p) {
		t.Fatalf("after saving, at %s, want the entry", p)
	}
	entry := b.path()
	b.wantText("article.entry h1", entryTitle)
	b.wantText("article.entry", "Step 3: Set boundaries", "I said what I needed.", canary)
	if n := b.count("article.entry .prose p"); n != 2 {
		t.Fatalf("the entry has %d paragraphs, want 2", n)
	}
	b.audit("journal entry")

	b.follow("open the journal", http.StatusOK, click(`main a[href="/journal"]`))
	b.wantText("ol.entries", entryTitle, canary)
	b.audit("journal list")

	// The other pages a signed-in person can reach.
	b.follow("open settings", http.StatusOK, click(`nav a[href="/settings"]`))
	b.wantText("main", "You are signed in as "+username)
	b.audit("settings")
	b.follow("open help", http.StatusOK, click(`footer a[href="/help"]`))
	b.wantText("h1", "Help, now")
	b.wantText(".crisis", "emergency number", "Samaritans")
	if main := b.text("main"); strings.Contains(main, "What you wrote is saved") {
		t.Fatalf("the help page tells a person who wrote nothing that what they wrote is saved:\n%s", main)
	}
	b.audit("help")
	b.follow("open privacy", http.StatusOK, click(`footer a[href="/privacy"]`))
	b.wantText("h1", "Your privacy, honestly")
	b.audit("privacy")
	b.open("/no/such/page", http.StatusNotFound)
	b.wantText("h1", "Nothing here")
	b.audit("not found")

	// Sign out with the button in the navigation.
	b.follow("sign out", http.StatusOK, click(`nav[aria-label="Main"] form[action="/logout"] button`))
	b.wantPath("/login")
	b.wantText("main", "You are signed out.")
	if n := b.count(`nav[aria-label="Main"]`); n != 0 {
		t.Fatal("the main navigation is still shown after signing out")
	}
	b.audit("login")
	b.open("/journal", http.StatusOK)
	if p := b.path(); p != "/login?next=%2Fjournal" {
		t.Fatalf("signed out, /journal went to %s, want the login page", p)
	}

	// Sign back in: the login goes on to the journal.
	b.follow("sign in", http.StatusOK,
		fill("#username", username), fill("#passphrase", passphrase),
		click(`form[action="/login"] button[type=submit]`))
	b.wantPath("/journal")
	b.wantText("ol.entries", entryTitle)
	b.follow("open the entry", http.StatusOK, click(`ol.entries a[href="`+entry+`"]`))
	b.wantText("article.entry", entryTitle, canary)

	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors after the last check:\n%s", strings.Join(problems, "\n"))
	}

	quickExit(t, b, entry)
}

// quickExit presses Escape three times on the current page, at path, and
// checks the browser left for the neutral page and replaced the current
// history entry rather than adding one.
func quickExit(t *testing.T, b *browser, path string) {
	before := get(b, "read the history", chromedp.NavigationEntries())
	if n := len(before.Entries); n < 2 {
		t.Fatalf("history has %d entries before the quick exit, want more", n)
	}
	if cur := before.Entries[before.CurrentIndex].URL; cur != b.base+path {
		t.Fatalf("current history entry is %s, want %s", cur, b.base+path)
	}
	b.do("press Escape three times", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.Escape))
	b.waitFor("the neutral page", `location.host === "example.org" && document.readyState === "complete"`)

	if got := get(b, "read the location", chromedp.Location()); got != "https://example.org/weather" {
		t.Fatalf("quick exit went to %s, want https://example.org/weather", got)
	}
	if exits := b.exitRequests(); !slices.Contains(exits, "https://example.org/weather") {
		t.Fatalf("the browser asked for %v, want https://example.org/weather", exits)
	}
	after := get(b, "read the history", chromedp.NavigationEntries())
	if len(after.Entries) != len(before.Entries) || after.CurrentIndex != before.CurrentIndex {
		t.Fatalf("history went from %d entries (at %d) to %d (at %d): the quick exit must replace the page, not add one",
			len(before.Entries), before.CurrentIndex, len(after.Entries), after.CurrentIndex)
	}
	if cur := after.Entries[after.CurrentIndex].URL; cur != "https://example.org/weather" {
		t.Fatalf("current history entry after the quick exit is %s, want the neutral page", cur)
	}
	for i := range after.CurrentIndex {
		if after.Entries[i].URL != before.Entries[i].URL {
			t.Fatalf("history entry %d changed from %s to %s", i, before.Entries[i].URL, after.Entries[i].URL)
		}
	}
}
