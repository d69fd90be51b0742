package e2e

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// fillForm fills every empty control of the page's tool form the way a
// person might: a few words in each text, a date, the first choice of
// each set of radio buttons, the middle of each scale, the first option
// of each list, the first box of each set of check boxes.
const fillForm = `(() => {
  const form = document.querySelector("form.tool");
  const done = new Set();
  for (const el of form.elements) {
    // One row of each group is enough, and the blank ones stay blank.
    if (!el.name || el.type === "hidden" || el.name === "when" || /\.[1-9][0-9]*\./.test(el.name)) continue;
    if (el.tagName === "TEXTAREA" || el.type === "text") { if (!el.value) el.value = "A few words of ` + canary + `."; continue; }
    if (el.type === "date") { el.value = "2026-03-14"; continue; }
    if (el.type === "number") { el.value = el.min || "1"; continue; }
    if (el.tagName === "SELECT") { if (!el.value && el.options.length > 1) el.selectedIndex = 1; continue; }
    if ((el.type === "radio" || el.type === "checkbox") && !done.has(el.name)) {
      const group = form.querySelectorAll('input[name="' + el.name + '"]');
      if (![...group].some(x => x.checked)) group[Math.floor(group.length / 2)].checked = true;
      done.add(el.name);
    }
  }
})()`

var itemPath = regexp.MustCompile(`^/[a-z-]+/[A-Z2-7]{26}$`)

// TestBrowserEveryTool uses each tool of the steps with its own pages
// once in a real browser: its step's room, its form (with everything
// filled in), the item it saves, an event where it keeps them, and its
// list. Every page is checked with axe-core at both sizes and in both
// colour schemes.
func TestBrowserEveryTool(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", "aspen_e2e"), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	for _, tc := range []struct{ step, path, events string }{
		{"acknowledge-your-feelings", "triggers", ""},
		{"understand-the-betrayal", "stories", ""},
		{"set-boundaries", "boundaries", "held"},
		{"communicate-openly", "conversations", ""},
		{"trust-yourself", "instincts", ""},
		{"trust-yourself", "resilience", ""},
		{"be-patient", "milestones", ""},
		{"be-patient", "hard-dates", ""},
		{"forgiveness", "forgiveness", ""},
		{"forgiveness", "letters", ""},
		{"forgiveness", "forgiveness-ratings", ""},
		{"take-care-of-yourself", "selfcare", ""},
		{"take-care-of-yourself", "circle", ""},
		{"practice-compassion", "compassion", ""},
		{"focus-on-the-positive", "good-things", ""},
		{"focus-on-the-positive", "strengths", ""},
		{"let-go-of-expectations", "expectations", ""},
		{"be-willing-to-take-risks", "ladder", ""},
		{"", "ratings", ""},
	} {
		if tc.step != "" {
			b.open("/steps/"+tc.step, http.StatusOK)
			b.wantText("#"+tc.path+" h2", "")
			b.audit("step " + tc.step)
			b.follow("open the form of "+tc.path, http.StatusOK, click("#"+tc.path+` a.button[href="/`+tc.path+`/new"]`))
		} else {
			b.open("/"+tc.path+"/new", http.StatusOK)
		}
		// Saved empty, the form comes back with what is missing.
		b.follow("save "+tc.path+" empty", http.StatusUnprocessableEntity, click(`form.tool button[type=submit]`))
		if b.count("form.tool .error") == 0 {
			t.Fatalf("%s saved empty shows no problem", tc.path)
		}
		b.audit(tc.path + " form with a problem")
		b.do("fill in "+tc.path, chromedp.Evaluate[chromedp.Void](fillForm))
		b.follow("save "+tc.path, http.StatusOK, click(`form.tool button[type=submit]`))
		if p := b.path(); !itemPath.MatchString(p) {
			t.Fatalf("after saving %s, at %s, want the item's page", tc.path, p)
		}
		b.wantText("main", "Saved.")
		if tc.path == "stories" {
			b.wantText(".causes ul.bars", "of 10")
		}
		if tc.events != "" {
			b.do("choose "+tc.events, click(`form.event input[value="`+tc.events+`"]`))
			b.follow("record it", http.StatusOK, click(`form.event button[type=submit]`))
			b.wantText("ol.events-list", "held")
		}
		b.audit(tc.path + " item")
		b.follow("open the list of "+tc.path, http.StatusOK, click(`main a[href="/`+tc.path+`"]`))
		if n := b.count("ol.items > li"); n != 1 {
			t.Fatalf("the list of %s has %d items, want 1", tc.path, n)
		}
		b.audit(tc.path + " list")
		if tc.events != "" {
			// From the list, one press records another.
			b.follow("record it from the list", http.StatusOK, click(`form.quick button[value="`+tc.events+`"]`))
			b.wantText("main", "Saved.")
			b.open("/"+tc.path, http.StatusOK)
			b.wantText("ol.items p.summary", "Held 2 of the last 2 times.")
		}
	}
	// The instincts' page says honestly that one instinct is too few.
	b.open("/instincts", http.StatusOK)
	b.wantText(".calibration", "too few")

	// Step 6 looks back over all of it: the timeline, the calendar, the
	// slow trends, in the person's own time zone.
	b.open("/settings", http.StatusOK)
	b.follow("set the time zone", http.StatusOK, fill("#time_zone", "Pacific/Auckland"),
		click(`form[action="/settings/time-zone"] button[type=submit]`))
	b.wantText("main", "Now: Pacific/Auckland")
	b.open("/steps/be-patient", http.StatusOK)
	b.wantText(".looking-back", "Where I am") // the newest: the rating saved last
	b.open("/timeline", http.StatusOK)
	if n := b.count("ol.timeline > li"); n < 8 {
		t.Fatalf("the timeline has %d entries, want every item and event saved above", n)
	}
	b.audit("timeline")
	b.follow("filter the timeline by step 3", http.StatusOK, chromedp.SetValue(chromedp.CSS("#step"), "3"),
		click(`form.filters button[type=submit]`))
	b.wantText("ol.timeline", "Boundaries")
	b.open("/calendar", http.StatusOK)
	b.audit("calendar")
	b.open("/trends?series=rating:1&bucket=week", http.StatusOK)
	b.audit("trends")
}
