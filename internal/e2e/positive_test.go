package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// TestBrowserPositiveLettingGoRisks uses steps 9, 10 and 12 as a person
// would: three good things and a fourth kindly refused, a strength, the
// hard-day page from the home page, an expectation turned into a
// boundary with the link kept both ways, and a trust ladder with a try,
// which step 5's calibration then counts.
func TestBrowserPositiveLettingGoRisks(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", "willow_e2e"), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))

	// The hard day before anything is written: a gentle way in.
	b.open("/", http.StatusOK)
	b.audit("home, with the way to a hard day")
	b.follow("open the hard day from home", http.StatusOK, click(`.hard-day-link a`))
	b.wantPath("/hard-day")
	b.wantText("main", "There are none yet")
	b.audit("hard day, empty")

	for i, what := range []string{"My sister called to check on me", "Sun on the balcony at lunch", "Finished the report"} {
		b.open("/good-things/new", http.StatusOK)
		if i == 0 {
			b.audit("good thing form")
		}
		b.follow("save good thing "+strconv.Itoa(i+1), http.StatusOK, fill("#what", what),
			fill("#why", "I let myself notice it."), click(`form.tool button[type=submit]`))
		b.wantText("main", "Saved.")
	}
	b.open("/good-things/new", http.StatusOK)
	b.follow("save a fourth today", http.StatusUnprocessableEntity, fill("#what", "A good dinner"), click(`form.tool button[type=submit]`))
	b.wantText("#when-error", "three is plenty")
	b.audit("a fourth good thing")
	// Kept for another day instead, as the refusal offers.
	yesterday := time.Now().AddDate(0, 0, -1).UTC().Format(time.DateOnly)
	b.follow("keep it for yesterday", http.StatusOK, chromedp.SetValue(chromedp.CSS("#when"), yesterday), click(`form.tool button[type=submit]`))
	b.wantText("main", "Saved.")
	b.open("/strengths/new", http.StatusOK)
	b.follow("name a strength", http.StatusOK, fill("#strength", "Patience"),
		fill("#evidence", "I waited for the right time to talk."), click(`form.tool button[type=submit]`))

	b.open("/hard-day", http.StatusOK)
	if n := b.count(".remembered .card"); n != 4 {
		t.Fatalf("the hard day shows %d cards, want three of the four good things and the strength", n)
	}
	b.wantText(`section[aria-labelledby="strengths-heading"]`, "Patience")
	b.audit("hard day")
	b.open("/steps/focus-on-the-positive", http.StatusOK)
	b.wantText("#good-things .hard-day-way", "On a hard day")
	b.audit("step 9")

	// An expectation, turned into a boundary: the boundary opens, filled
	// in, and each links to the other.
	b.open("/expectations/new", http.StatusOK)
	b.audit("expectation form")
	b.follow("save an expectation", http.StatusOK, fill("#expectation", "They should say sorry without being asked"),
		click(`#in_control-2`), fill("#need", "To feel seen."), click(`form.tool button[type=submit]`))
	expectation := b.path()
	b.wantText(".item-actions", "Make it a boundary", "Plan a conversation about it")
	b.audit("expectation")
	b.follow("turn it into a boundary", http.StatusOK, click(`.item-actions button[value="boundary"]`))
	if p := b.path(); !itemPath.MatchString(p) || p[:12] != "/boundaries/" {
		t.Fatalf("after turning it into a boundary, at %s", p)
	}
	b.wantText("main", "Made from what you wrote", "They should say sorry without being asked", "This began as an expectation")
	b.audit("boundary from an expectation")
	boundary := b.path()
	b.open(expectation, http.StatusOK)
	b.wantText(".became", "a boundary")
	if n := b.count(`.became a[href="` + boundary + `"]`); n != 1 {
		t.Fatalf("the expectation does not link to %s", boundary)
	}
	b.wantText("main", "Turned into a boundary")
	b.open("/steps/let-go-of-expectations", http.StatusOK)
	b.audit("step 10")

	// A ladder of two rungs, the first tried once: the fear fell and what
	// was feared did not happen.
	for _, r := range []struct{ what, fear, likely string }{
		{"Tell my friend one true thing about how I am", "6", "30"},
		{"Say hello to the neighbour", "2", "10"},
	} {
		b.open("/ladder/new", http.StatusOK)
		b.follow("add the rung "+r.what, http.StatusOK, fill("#what", r.what), click(`#fear-`+r.fear),
			fill("#feared", "They will brush it off."), fill("#likely", r.likely), click(`form.tool button[type=submit]`))
	}
	b.audit("rung")
	b.follow("record a try", http.StatusOK, click(`form.event #fear_before-5`), click(`form.event #came_true-0`),
		click(`form.event #fear_after-2`), click(`form.event button[type=submit]`))
	b.wantText(".summary", "Tried once: fear 5 just before, 2 after. What you feared did not happen.")
	b.audit("rung with a try")
	b.open("/ladder", http.StatusOK)
	b.wantText(".climb", "You have tried 1 of your 2 rungs", "What you feared did not happen.")
	b.wantText("ol.items > li:first-child", "Say hello to the neighbour") // the least feared first
	b.audit("ladder")
	b.open("/steps/be-willing-to-take-risks", http.StatusOK)
	b.wantText("#ladder .climb", "How far you have come")
	b.audit("step 12")
	b.open("/instincts", http.StatusOK)
	b.wantText(".calibration", "trust ladder")
}
