package e2e

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// TestBrowserPlansAndCare walks the single kinds and what is drawn from
// the tools of steps 7, 8 and 11 in a real browser: the self-care plan
// from its step's panel, written and then changed on its one page; the
// safety plan from the help page; the crisis box with the person's own
// plan first; resentment and goodwill as a chart with its table; the lift
// of self-care; and the compassion exercise's check. Every page is
// checked with axe-core at both sizes and in both colour schemes.
func TestBrowserPlansAndCare(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	token := signIn(t, app, b, "hazel_e2e")

	// The self-care plan: its panel on step 8 opens it; the first time,
	// its form is open; once written, the plan is read and the form folds.
	b.open("/steps/take-care-of-yourself", http.StatusOK)
	b.audit("step 8, nothing written")
	b.follow("open the self-care plan", http.StatusOK, click(`#selfcare-plan a.button[href="/selfcare-plan"]`))
	b.wantText("main", "You have not written your plan yet")
	b.audit("self-care plan, empty")
	b.do("fill in the self-care plan", chromedp.Evaluate[chromedp.Void](fillForm))
	b.follow("save the self-care plan", http.StatusOK, click(`form.tool button[type=submit]`))
	b.wantPath("/selfcare-plan")
	b.wantText("main", "Saved.", "What helps your body", canary)
	if n := b.count("details.change-plan[open]"); n != 0 {
		t.Fatal("the form stays open once the plan is written")
	}
	b.audit("self-care plan, written")
	b.do("open the form", click(`details.change-plan > summary`))
	b.do("change the joy", chromedp.SetValue(chromedp.CSS("#joy"), "Singing in the car"))
	b.follow("save the change", http.StatusOK, click(`form.tool button[type=submit]`))
	b.wantText("article.plan", "Singing in the car")

	// Moments of self-care, with their moods: the lift per area.
	for _, m := range []map[string]any{{"what": "a walk", "area": "body", "before": 3, "after": 6},
		{"what": "the piano", "area": "joy", "before": 4, "after": 5}} {
		app.Create(t, "/api/v1/selfcare", token, m)
	}
	b.open("/steps/take-care-of-yourself", http.StatusOK)
	b.wantText("#selfcare-plan", "Singing in the car")
	b.wantText("#selfcare .lift", "On average it changed by +2.0", "+3.0")
	b.audit("step 8 with a plan and a lift")

	// The safety plan, from the help page; then words that sound like a
	// crisis bring it up first, before the lines to call.
	b.open("/help", http.StatusOK)
	b.follow("write a safety plan", http.StatusOK, click(`.safety-plan-offer a.button[href="/safety-plan"]`))
	b.wantText("main", "Safety Planning Intervention", "If you are in danger right now")
	b.audit("safety plan, empty")
	b.do("fill in the safety plan", chromedp.SetValue(chromedp.CSS("#ask_for_help"), "My sister Ana, 555 0100"))
	b.follow("save the safety plan", http.StatusOK, click(`form.tool button[type=submit]`))
	b.wantText("article.plan", "My sister Ana, 555 0100")
	b.audit("safety plan, written")
	b.open("/journal/new", http.StatusOK)
	b.do("write of a crisis", chromedp.SetValue(chromedp.CSS("#body"), "Tonight I want to die."))
	b.follow("save the entry", http.StatusOK, click(`form.tool button[type=submit]`))
	b.wantText(".crisis .own-plan", "Your own safety plan", "My sister Ana, 555 0100")
	b.audit("crisis box with the own plan")
	b.open("/help", http.StatusOK)
	b.wantText(".crisis .own-plan", "My sister Ana")
	b.audit("help with the own plan")

	// Resentment and goodwill over time: a chart, and the same as a table.
	for _, r := range []map[string]any{{"resentment": 8, "goodwill": 1, "created_at": "2026-01-10T09:00:00Z"},
		{"resentment": 6, "goodwill": 3, "created_at": "2026-02-10T09:00:00Z"}, {"resentment": 5, "goodwill": 5}} {
		app.Create(t, "/api/v1/forgiveness-ratings", token, r)
	}
	b.open("/steps/forgiveness", http.StatusOK)
	b.wantText("#forgiveness-ratings .felt", "resentment 8, goodwill 1", "resentment 5, goodwill 5")
	if b.count("#forgiveness-ratings .felt svg") == 0 || b.count("#forgiveness-ratings .felt table tbody tr") != 3 {
		t.Fatal("the ratings are not drawn as a chart with a table of three")
	}
	b.audit("step 7 with ratings over time")
	b.open("/forgiveness/new", http.StatusOK)
	b.audit("forgiveness workspace form")

	// The compassion exercise asks for a part of the exercise chosen.
	b.open("/compassion/new", http.StatusOK)
	b.do("choose seeing their side", click(`input[name="exercise"][value="their-side"]`))
	b.do("write only for oneself", chromedp.SetValue(chromedp.CSS("#noticing"), "It hurts."))
	b.follow("save it", http.StatusUnprocessableEntity, click(`form.tool button[type=submit]`))
	b.wantText("#their_pressures-error", "Seeing their side is still empty")
	b.audit("compassion exercise with a problem")
	b.do("write in the exercise chosen", chromedp.SetValue(chromedp.CSS("#their_pressures"), "They were afraid of losing face."))
	b.follow("save it again", http.StatusOK, click(`form.tool button[type=submit]`))
	b.wantText("main", "Saved.", "They were afraid of losing face.", "It hurts.")
	b.open("/steps/practice-compassion", http.StatusOK)
	b.audit("step 11")
}
