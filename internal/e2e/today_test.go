package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

var hardDatePath = regexp.MustCompile(`^/hard-dates/[A-Z2-7]{26}$`)

// TestBrowserTodayAndSearch walks the home page's quiet parts in a real
// browser: a story's day kept as a hard date, the note it brings to the
// home page a few days before (the day only, never what it is), today's
// one offer and "not today", a trigger linked to the check-in it led to,
// and a search whose words never reach the address bar. Every page is
// checked with axe-core at both sizes and in both colour schemes.
func TestBrowserTodayAndSearch(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	token := signIn(t, app, b, "rowan_e2e")

	// What the person wrote before: a story whose day comes round in
	// three days, two check-ins, a few entries.
	soon := time.Now().UTC().AddDate(0, 0, 3)
	cameToLight := soon.AddDate(-2, 0, 0).Format(time.DateOnly)
	if soon.Month() == time.February && soon.Day() == 29 {
		cameToLight = soon.AddDate(-4, 0, 0).Format(time.DateOnly)
	}
	story := app.Create(t, "/api/v1/stories", token, map[string]any{"title": "The letters in the drawer", "came_to_light": cameToLight})
	checkin := app.Create(t, "/api/v1/checkins", token, map[string]any{"created_at": time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339),
		"emotions": []map[string]any{{"name": "sadness", "intensity": 7}}, "note": "Walked out to the lighthouse and back."})
	app.Create(t, "/api/v1/checkins", token, map[string]any{"created_at": time.Now().Add(-26 * time.Hour).UTC().Format(time.RFC3339),
		"emotions": []map[string]any{{"name": "anger", "intensity": 5}}})
	app.Create(t, "/api/v1/journal", token, map[string]any{"title": "Sunday", "body": "Coffee at the **Café** by the Lighthouse. The sea was calm, and so, for an hour, was I."})
	app.Create(t, "/api/v1/journal", token, map[string]any{"body": "Nothing about the sea today."})

	// Step 6 offers the story's day as a hard date, in one press.
	b.open("/steps/be-patient", http.StatusOK)
	b.wantText("#hard-dates .suggestions", "The letters in the drawer")
	b.audit("step 6 with a story's day to keep")
	b.follow("add the story's day as a hard date", http.StatusOK, click(`#hard-dates form[action="/stories/`+story+`/hard-date"] button`))
	hardDate := b.path()
	if !hardDatePath.MatchString(hardDate) {
		t.Fatalf("after adding the day, at %s, want the hard date's page", hardDate)
	}
	b.wantText("main", "The letters in the drawer", "Every year")
	b.wantText(".linked", "From 7 days before, your home page will say quietly that the ", "Write down what might help")
	b.audit("hard date")

	// The home page: a quiet note with the day alone, and today's offer
	// beside the map.
	b.open("/", http.StatusOK)
	b.wantText(".gentle-note", "is coming, in 3 days", "Go gently")
	if home := b.text("main"); strings.Contains(home, "letters") || strings.Contains(home, "drawer") {
		t.Fatalf("the home page names the hard day: %q", home)
	}
	b.wantText("#today", "Plan something kind for a hard day", "Not today")
	b.audit("home with a suggestion and a hard date near")
	// The offer opens the hard date's form, to write what might help.
	b.follow("open the offer", http.StatusOK, click(`#today .today-title a`))
	b.wantPath(hardDate + "/edit")
	b.follow("write a plan", http.StatusOK, fill("#plan", "A walk by the sea with Sam, and an early night."), click(`form.tool button[type=submit]`))
	b.wantPath(hardDate)
	b.open("/", http.StatusOK)
	b.wantText("#today", "Your plan for a hard day")

	// "Not today" waves it away until the day is over; the note stays.
	b.open("/", http.StatusOK)
	b.follow("not today", http.StatusOK, click(`form[action="/today/not-today"] button`))
	b.wantPath("/")
	b.wantText("#today", "Nothing more today")
	b.wantText(".gentle-note", "is coming")
	b.audit("home, not today")

	// The story's page offers the same, and a second press makes no
	// second hard date.
	b.open("/stories/"+story, http.StatusOK)
	b.follow("add it again from the story", http.StatusOK, click(`form[action="/stories/`+story+`/hard-date"] button`))
	b.wantPath(hardDate)
	b.open("/hard-dates", http.StatusOK)
	if n := b.count("ol.items > li"); n != 1 {
		t.Fatalf("%d hard dates, want 1", n)
	}

	// A trigger: the check-in it led to is chosen from the newest, not
	// typed.
	b.open("/steps/acknowledge-your-feelings", http.StatusOK)
	b.follow("open the triggers' form", http.StatusOK, click(`#triggers a.button[href="/triggers/new"]`))
	if n := b.count(`input[type=radio][name=checkin]`); n != 3 {
		t.Fatalf("%d choices of check-in, want none and the two", n)
	}
	b.wantText(`fieldset:has(input[name=checkin])`, "None", "Sadness 7 of 10")
	b.audit("trigger form")
	b.follow("save a trigger", http.StatusOK,
		fill("#what", "A song on the radio"),
		click(`input[name=strength][value="6"]`),
		click(`input[name=checkin][value="`+checkin+`"]`),
		click(`form.tool button[type=submit]`))
	b.wantText(".linked", "a check-in")
	if n := b.count(`.linked a[href="/checkins/` + checkin + `"]`); n != 1 {
		t.Fatal("the trigger's page does not link to its check-in")
	}
	b.audit("trigger")

	// Search: from the navigation, every word, any case or accent, and
	// the words stay out of the address and the title.
	b.follow("open search", http.StatusOK, click(`nav a[href="/search"]`))
	b.audit("search")
	b.follow("search", http.StatusOK, fill("#q", "LIGHTHOUSE cafe"), click(`form.search-box button[type=submit]`))
	b.wantPath("/search")
	if n := b.count("ol.found > li"); n != 1 {
		t.Fatalf("%d found, want the one entry with both words", n)
	}
	b.wantText("ol.found mark", "Café")
	if title := get(b, "read the title", chromedp.Title()); strings.Contains(strings.ToLower(title), "lighthouse") {
		t.Fatalf("the title holds the words looked for: %q", title)
	}
	if href := get(b, "read the address", chromedp.Evaluate[string](`location.href`)); strings.Contains(strings.ToLower(href), "lighthouse") {
		t.Fatalf("the address holds the words looked for: %s", href)
	}
	b.audit("search results")
	b.follow("search for one word", http.StatusOK, fill("#q", "lighthouse"), click(`form.search-box button[type=submit]`))
	if n := b.count("ol.found > li"); n != 2 {
		t.Fatalf("%d found, want the entry and the check-in", n)
	}
	b.follow("search for nothing there", http.StatusOK, fill("#q", "harbour"), click(`form.search-box button[type=submit]`))
	b.wantText("main", "Nothing found")
}
