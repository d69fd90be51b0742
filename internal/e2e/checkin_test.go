package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kintsugi/internal/apptest"
)

// signIn makes a person through the API and signs them in in the
// browser; it returns their API token.
func signIn(t *testing.T, app *apptest.App, b *browser, who string) string {
	t.Helper()
	token := app.Person(t, who)
	b.open("/login", http.StatusOK)
	b.follow("sign in", http.StatusOK,
		fill("#username", who), fill("#passphrase", apptest.Passphrase),
		click(`form[action="/login"] button[type=submit]`))
	return token
}

// focused describes the focused element: its id, or its tag and text.
const focused = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "body";
  if (el.id) return "#" + el.id;
  return el.tagName.toLowerCase() + ":" + el.textContent.trim().slice(0, 40);
})()`

// press sends one key, as a person presses it.
func (b *browser) press(key string) {
	b.t.Helper()
	b.do("press "+fmt.Sprintf("%q", key), chromedp.KeyEvent(key))
}

// wantFocus fails unless the focused element is want (see focused).
func (b *browser) wantFocus(want, why string) {
	b.t.Helper()
	if got := get(b, "read the focus", chromedp.Evaluate[string](focused)); got != want {
		b.t.Fatalf("%s: focus is on %s, want %s", why, got, want)
	}
}

// wantCurrent fails unless the main navigation marks exactly want as the
// current page.
func (b *browser) wantCurrent(want string) {
	b.t.Helper()
	got := get(b, "read the current page in the navigation", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('nav[aria-label="Main"] [aria-current="page"]')].map(a => a.textContent.trim())`))
	if len(got) != 1 || got[0] != want {
		b.t.Fatalf("at %s the navigation marks %q as current, want only %q", b.path(), got, want)
	}
}

// felt reads a check-in's page as "Label=strength" pairs, in order.
func (b *browser) felt() string {
	b.t.Helper()
	return get(b, "read the check-in", chromedp.Evaluate[string](
		`[...document.querySelectorAll("table.felt tbody tr")].map(r => r.cells[0].textContent.trim() + "=" + r.cells[1].textContent.trim()).join(", ")`))
}

// A check-in of three feelings takes fewer than 15 presses of Tab with
// the script on, counted from the very start of the page: one Tab to the
// skip link and Enter to land in the main content, then every Tab from
// there to "Save". The feelings are one Tab stop, walked with letters
// and arrows and chosen with Space and Enter; their strengths appear on
// the same screen, one Tab stop each.
func TestCheckinByKeyboard(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	signIn(t, app, b, "hazel_e2e")

	// "Check in" in the navigation goes straight to the check-in page and
	// is marked as the current page there, and only there.
	b.wantCurrent("Your path")
	b.follow("open the check-in", http.StatusOK, click(`nav[aria-label="Main"] a[href="/checkins/new"]`))
	b.wantPath("/checkins/new")
	b.wantCurrent("Check in")
	b.wantText("h1", "Check in")
	if n := b.visible("[data-next]"); n != 0 {
		t.Fatalf("with the script on, the first step's Next button still shows")
	}
	b.audit("check-in")

	tabs := 0
	tab := func(want, why string) {
		t.Helper()
		tabs++
		b.press(kb.Tab)
		b.wantFocus(want, why)
	}
	b.open("/checkins/new", http.StatusOK)
	tab("a:Skip to the main content", "the first Tab")
	b.press(kb.Enter)
	b.wantFocus("#main", "the skip link")

	tab("#feel-pensiveness", "the first Tab in the main content")
	b.press("h")
	b.wantFocus("#feel-hurt", "typing h")
	b.press(" ")
	b.press("n")
	b.wantFocus("#feel-numbness", "typing n")
	b.press(kb.Enter)
	b.press(kb.Home)
	b.press(kb.PageDown)
	b.press(kb.PageDown)
	b.wantFocus("#feel-annoyance", "Home, then two families on")
	b.press(kb.ArrowRight)
	b.wantFocus("#feel-anger", "the arrow to the right")
	b.press(" ")
	if got := get(b, "read the feelings chosen", chromedp.Evaluate[string](
		`[...document.querySelectorAll("[data-feelings] input:checked")].map(b => b.value).join(" ")`)); got != "hurt anger numbness" {
		t.Fatalf("chosen: %q, want hurt, anger and numbness", got)
	}
	if got := get(b, "read the strengths shown", chromedp.Evaluate[string](
		`[...document.querySelectorAll("[data-strength-list] [data-strength]")].filter(f => f.getClientRects().length).map(f => f.dataset.strength).join(" ")`)); got != "hurt anger numbness" {
		t.Fatalf("strength scales on the screen: %q, want one for each feeling chosen, in the grid's order", got)
	}
	if got := get(b, "read the announcement", chromedp.Evaluate[string](`document.querySelector("[data-chosen-status]").textContent`)); !strings.Contains(got, "3 feelings chosen") {
		t.Fatalf("the page announced %q after the third feeling", got)
	}

	tab("#i-hurt-5", "the Tab after the feelings")
	b.press(kb.ArrowRight)
	b.press(kb.ArrowRight)
	tab("#i-anger-5", "the next Tab")
	b.press(kb.ArrowLeft)
	tab("#i-numbness-5", "the next Tab")
	for range 2 {
		b.press(kb.ArrowLeft)
	}
	tab("#sensations", "the Tab after the strengths")
	b.do("type the sensations", chromedp.KeyEvent("heavy arms"))
	tab("#note", "the next Tab")
	b.do("type the note", chromedp.KeyEvent("It came back tonight."))
	tab("button:Save this check-in", "the next Tab")
	if tabs >= 15 {
		t.Fatalf("a check-in of three feelings took %d presses of Tab, want fewer than 15", tabs)
	}
	t.Logf("a check-in of three feelings: %d presses of Tab from the start of the page", tabs)
	b.follow("save with Enter", http.StatusOK, chromedp.KeyEvent(kb.Enter))
	if p := b.path(); !checkinPath.MatchString(p) {
		t.Fatalf("after saving, at %s, want the check-in's page", p)
	}
	if got := b.felt(); got != "Hurt=7, Anger=4, Numbness=3" {
		t.Fatalf("the saved check-in holds %q, want hurt 7, anger 4 and numbness 3", got)
	}
	b.wantText("main", "heavy arms", "It came back tonight.")
	b.wantCurrent("Feelings")

	// Saved with nothing chosen, the page comes back with the problem and
	// everything typed, the focus on the feelings.
	b.open("/checkins/new", http.StatusOK)
	b.do("write a note", fill("#note", "Nothing has a name yet."))
	b.follow("save with no feeling", http.StatusUnprocessableEntity, click(`[data-rest] button[type=submit]`))
	b.wantOnlyProblem("#emotions-error", "Choose at least one feeling", "[data-feelings]")
	if got := get(b, "read the note", chromedp.Value(chromedp.CSS("#note"))); got != "Nothing has a name yet." {
		t.Fatalf("the note came back as %q", got)
	}
	b.audit("check-in with a problem")
	b.do("choose relief", click("#feel-relief"))
	b.audit("check-in with a feeling chosen")
	b.follow("save", http.StatusOK, click(`[data-rest] button[type=submit]`))
	if got := b.felt(); got != "Relief=5" {
		t.Fatalf("the saved check-in holds %q", got)
	}

	// What the words mean, and where they sit on Plutchik's wheel.
	b.open("/checkins/new", http.StatusOK)
	b.do("open the words", click("details.feeling-words summary"))
	b.wantText("details.feeling-words", "Numbness", "Added:", "Plutchik: the mild form of sadness.")
	b.audit("check-in words")

	// Step 1 invites a check-in, and shows the last 30 days.
	b.open("/steps/acknowledge-your-feelings", http.StatusOK)
	b.wantCurrent("Your path")
	if b.count("#checkin form, #checkin input") != 0 {
		t.Fatal("step 1 still holds the check-in form")
	}
	b.wantText("#checkin .feelings-summary", "checked in on 1 day")
	b.audit("step 1 with check-ins")
	b.follow("check in from step 1", http.StatusOK, click(`#checkin a.button[href="/checkins/new"]`))
	b.wantPath("/checkins/new")
}

// scripts turns the page's script off or on in the browser's tab.
func scripts(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// auditWithoutScript audits the page, which was loaded without its script:
// axe needs script to run, and turning it on now runs none of the page's.
func (b *browser) auditWithoutScript(name string) {
	b.t.Helper()
	b.do("turn the script on for axe", scripts(true))
	b.audit(name)
	b.do("turn the script off again", scripts(false))
}

// Without the script, the check-in is two short steps: the feelings,
// then a strength for each one chosen with the optional words, and back
// again, keeping everything.
func TestCheckinWithoutScript(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	signIn(t, app, b, "alder_e2e")
	b.do("turn the script off", scripts(false))

	b.open("/checkins/new", http.StatusOK)
	if b.visible("#note") != 0 || b.visible(`[data-next] button`) != 1 || b.count("[data-strength]") != 0 {
		t.Fatal("without the script, the first step is not the feelings alone with a Next button")
	}
	b.auditWithoutScript("check-in without script")
	b.follow("go on with no feeling", http.StatusUnprocessableEntity, click(`[data-next] button`))
	b.wantText("#emotions-error", "Choose at least one feeling")

	b.do("choose two feelings", click("#feel-hurt"), click("#feel-betrayal"))
	b.follow("go on", http.StatusOK, click(`[data-next] button`))
	if got := get(b, "read the scales", chromedp.Evaluate[string](
		`[...document.querySelectorAll("[data-strength]")].map(f => f.dataset.strength).join(" ")`)); got != "hurt betrayal" {
		t.Fatalf("the second step has scales for %q, want hurt and betrayal", got)
	}
	if b.count("[data-feelings]") != 0 || b.visible("#note") != 1 {
		t.Fatal("the second step is not the strengths and the optional words")
	}
	b.auditWithoutScript("check-in strengths without script")
	b.do("choose a strength and write a note", click("#i-hurt-8"), fill("#note", "Still here."))

	// Back to the feelings: what was chosen and typed is kept.
	b.follow("choose other feelings", http.StatusOK, click(`button[name=stage][value=feelings]`))
	if b.count("#feel-hurt:checked, #feel-betrayal:checked") != 2 {
		t.Fatal("back at the feelings, the two chosen are not ticked")
	}
	b.do("choose numbness too", click("#feel-numbness"))
	b.follow("go on again", http.StatusOK, click(`[data-next] button`))
	if b.count("#i-hurt-8:checked") != 1 || b.count("#i-numbness-5:checked") != 1 {
		t.Fatal("the strength chosen before was lost, or the new feeling has no scale")
	}
	if got := get(b, "read the note", chromedp.Value(chromedp.CSS("#note"))); got != "Still here." {
		t.Fatalf("the note came back as %q", got)
	}
	b.follow("save", http.StatusOK, click(`[data-rest] button[type=submit]:not([name])`))
	if got := b.felt(); got != "Hurt=8, Numbness=5, Feeling betrayed=5" {
		t.Fatalf("the saved check-in holds %q", got)
	}
	b.wantText("main", "Still here.")
}

// A feeling keeps its colour in every range: despair is drawn the same
// at 30 and at 90 days, though other feelings come before it in one and
// not in the other. The history also says in words what the chart shows,
// and draws the lines chosen.
func TestCheckinChartColours(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	token := signIn(t, app, b, "rowan_e2e")
	now := time.Now().UTC()
	add := func(daysAgo int, felt ...any) {
		var emotions []map[string]any
		for i := 0; i < len(felt); i += 2 {
			emotions = append(emotions, map[string]any{"name": felt[i], "intensity": felt[i+1]})
		}
		app.Create(t, "/api/v1/checkins", token, map[string]any{
			"created_at": now.AddDate(0, 0, -daysAgo).Format(time.RFC3339), "emotions": emotions})
	}
	// The last 30 days: hurt most, then despair. Before that, sadness and
	// anger, with despair now and then.
	for d := range 7 {
		if d < 5 {
			add(2+d*4, "hurt", 6, "despair", 5+d%3)
		} else {
			add(2+d*4, "hurt", 4)
		}
	}
	for d := range 10 {
		felt := []any{"sadness", 6, "anger", 3 + d%4}
		if d < 3 {
			felt = append(felt, "despair", 8)
		}
		if d == 9 {
			felt = felt[:2]
		}
		add(35+d*5, felt...)
	}

	look := func(rng string) map[string]string {
		b.open("/checkins?range="+rng, http.StatusOK)
		return get(b, "read the lines' colours", chromedp.Evaluate[map[string]string](`(() => {
  const out = {};
  for (const g of document.querySelectorAll(".chart-wide .chart-series")) {
    const t = g.querySelector("circle title");
    if (t) out[t.textContent.split(",")[0]] = getComputedStyle(g).color + " " + g.getAttribute("class");
  }
  return out;
})()`))
	}
	month, quarter := look("30d"), look("90d")
	t.Logf("30 days: %v\n90 days: %v", month, quarter)
	if len(month) != 2 || len(quarter) != 4 {
		t.Fatalf("lines drawn: %d at 30 days, %d at 90, want 2 and 4 (the most felt few)", len(month), len(quarter))
	}
	if month["Despair"] == "" || month["Despair"] != quarter["Despair"] {
		t.Fatalf("despair is %q at 30 days and %q at 90", month["Despair"], quarter["Despair"])
	}
	if month["Hurt"] == month["Despair"] {
		t.Fatalf("hurt and despair look the same: %q", month["Hurt"])
	}
	b.wantCurrent("Feelings")
	b.wantText(".feelings-summary", "In the last 30 days you checked in on 7 days (17 days over the last 90 days).",
		"The feeling you named most often was hurt, in 7 check-ins, then despair (5).",
		"The strongest was despair, at 5.8 out of 10 on average, down from 8 in the 30 days before.")
	b.audit("check-ins history")

	// Choosing the lines: the address names them by a code, not by name.
	b.do("choose despair and anger", click("details.lines-choice summary"), chromedp.Evaluate[chromedp.Void](
		`document.querySelectorAll("details.lines-choice input[name=show]").forEach(i => {
  i.checked = ["Despair", "Anger"].includes(i.closest("label").querySelector("span").firstChild.textContent.trim());
})`))
	b.follow("draw them", http.StatusOK, click(`details.lines-choice button[type=submit]`))
	if p := b.path(); strings.Contains(p, "despair") || !strings.Contains(p, "show=") {
		t.Fatalf("the lines chosen are at %s, want them by code", p)
	}
	chosen := get(b, "read the lines", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".chart-wide .chart-legend-label")].map(t => t.textContent)`))
	if strings.Join(chosen, ",") != "Anger,Despair" {
		t.Fatalf("lines drawn: %v, want anger and despair", chosen)
	}
	b.follow("open 30 days, keeping the choice", http.StatusOK, click(`nav.ranges a[href*="range=30d"]`))
	if n := b.count(".chart-wide .chart-legend-label"); n != 0 {
		// Anger was not felt in the last 30 days: despair alone, no legend.
		t.Fatalf("%d legend entries at 30 days, want none for one line", n)
	}
	if got := look("90d&show=despair"); got["Despair"] != month["Despair"] || len(got) != 1 {
		t.Fatalf("despair drawn alone looks %v", got)
	}
}
