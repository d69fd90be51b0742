package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// A single kind's page shows what the person wrote and the form to change
// it, saves in place, and says what is wrong as any form does; there is no
// list, no item address and nothing of anyone else's.
func TestSinglePageWritesAndChangesThePlan(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("willow")

	p := b.get("/safety-plan")
	if p.status != http.StatusOK || !strings.Contains(p.body, "You have not written your plan yet") ||
		!strings.Contains(p.body, `<div class="change-plan">`) || !strings.Contains(p.body, `action="/safety-plan"`) {
		t.Fatalf("the empty plan's page: %d %s", p.status, p.body)
	}
	p = b.post("/safety-plan", url.Values{"warning_signs": {strings.Repeat("a", 2001)}, "on_my_own": {"a long walk"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="warning_signs-error"`) || !strings.Contains(p.body, "a long walk") {
		t.Fatalf("a plan too long: %d %s", p.status, p.body)
	}
	for _, signs := range []string{"I stop eating", "I stop answering my phone"} {
		p = b.post("/safety-plan", url.Values{"warning_signs": {signs}, "ask_for_help": {"Sam, 555 0100"}})
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/safety-plan" {
			t.Fatalf("save the plan: %d %s", p.status, p.body)
		}
	}
	p = b.get("/safety-plan")
	if !strings.Contains(p.body, "I stop answering my phone") || strings.Contains(p.body, "I stop eating") ||
		!strings.Contains(p.body, `<details class="change-plan">`) || !strings.Contains(p.body, "Change your safety plan") {
		t.Fatalf("the plan after two saves: %s", p.body)
	}
	for _, path := range []string{"/safety-plan/new", "/safety-plan/AAAAAAAAAAAAAAAAAAAAAAAAAA", "/safety-plan/AAAAAAAAAAAAAAAAAAAAAAAAAA/edit"} {
		if p := b.get(path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, p.status)
		}
	}

	other := newBrowser(t, app)
	other.signUp("ash")
	if p := other.get("/safety-plan"); strings.Contains(p.body, "answering my phone") || !strings.Contains(p.body, "You have not written your plan yet") {
		t.Fatalf("ash sees willow's plan: %s", p.body)
	}
}

// A draft of a single kind's form comes back on its one page, and letting
// it go leads back there.
func TestSinglePageKeepsADraft(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("willow")
	if p := b.post("/drafts", url.Values{"draft_for": {"/selfcare-plan"}, "body": {"a warm bath"}}); p.status != http.StatusNoContent {
		t.Fatalf("keep a draft: %d %s", p.status, p.body)
	}
	p := b.get("/selfcare-plan")
	if !strings.Contains(p.body, "We kept what you were writing") || !strings.Contains(p.body, "a warm bath") {
		t.Fatalf("the draft is not offered back: %s", p.body)
	}
	if p := b.post("/drafts/discard", url.Values{"draft_for": {"/selfcare-plan"}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/selfcare-plan" {
		t.Fatalf("let the draft go: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.post("/drafts", url.Values{"draft_for": {"/selfcare-plan/AAAAAAAAAAAAAAAAAAAAAAAAAA"}, "body": {"x"}}); p.status != http.StatusNotFound {
		t.Errorf("a draft of an item of a single kind: %d, want 404", p.status)
	}
}

// When crisis words are saved, the crisis box shows the person's own
// safety plan before the operator's resources; someone without one is
// offered to write one; the help page shows it too.
func TestCrisisBoxShowsTheOwnPlanFirst(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("willow")
	if p := b.post("/safety-plan", url.Values{"ask_for_help": {"Call Sam on 555 0100"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save the plan: %d", p.status)
	}
	p := b.post("/journal", url.Values{"body": {"Tonight I feel like I want to die."}})
	entry := b.get(p.header.Get("Location"))
	own, help := strings.Index(entry.body, "Call Sam on 555 0100"), strings.Index(entry.body, "Find A Helpline")
	if !strings.Contains(entry.body, "Your own safety plan") || own < 0 || help < 0 || own > help {
		t.Fatalf("the crisis box does not show willow's plan first (at %d, resources at %d): %s", own, help, entry.body)
	}
	if p := b.get("/help"); !strings.Contains(p.body, "Call Sam on 555 0100") || !strings.Contains(p.body, `href="/safety-plan">Open your safety plan`) {
		t.Errorf("the help page does not show willow's plan: %s", p.body)
	}

	other := newBrowser(t, app)
	other.signUp("ash")
	p = other.post("/journal", url.Values{"body": {"I want to die."}})
	entry = other.get(p.header.Get("Location"))
	if strings.Contains(entry.body, "Call Sam") || strings.Contains(entry.body, "Your own safety plan") ||
		!strings.Contains(entry.body, `<a href="/safety-plan">write a safety plan</a>`) {
		t.Fatalf("ash's crisis box: %s", entry.body)
	}
	if p := other.get("/help"); !strings.Contains(p.body, "Write your safety plan") {
		t.Errorf("the help page does not offer ash a plan")
	}
	if p := newBrowser(t, app).get("/help"); strings.Contains(p.body, "/safety-plan") || !strings.Contains(p.body, "Once you are signed in") {
		t.Errorf("the help page, signed out: %s", p.body)
	}
}

// Step 8 shows the self-care plan itself in its panel, and the way to the
// safety plan; the lift of self-care is drawn from the moments noted.
func TestSelfCareOnItsStep(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("willow")
	p := b.get("/steps/take-care-of-yourself")
	if !strings.Contains(p.body, `<a class="button" href="/selfcare-plan">Write your self-care plan</a>`) || !strings.Contains(p.body, `href="/safety-plan"`) {
		t.Fatalf("step 8 without a plan: %s", p.body)
	}
	b.post("/selfcare-plan", url.Values{"joy": {"Singing in the car"}})
	for _, m := range []url.Values{
		{"what": {"a walk"}, "area": {"body"}, "before": {"3"}, "after": {"6"}},
		{"what": {"a run"}, "area": {"body"}, "before": {"5"}, "after": {"4"}},
	} {
		if p := b.post("/selfcare", m); p.status != http.StatusSeeOther {
			t.Fatalf("note self-care: %d %s", p.status, p.body)
		}
	}
	p = b.get("/steps/take-care-of-yourself")
	body := html.UnescapeString(p.body)
	for _, want := range []string{"Singing in the car", "Open your self-care plan", "2 moments of self-care. On average it changed by +1.0",
		`<th scope="row">Your body</th><td>2</td><td>+1.0</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("step 8 lacks %q", want)
		}
	}
}
