package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
	"kintsugi/internal/together"
)

// weeklyForm answers every question of the weekly check-in with value and
// note.
func weeklyForm(value, note string) url.Values {
	form := url.Values{}
	for _, q := range together.Weekly().Questions {
		form.Set("value-"+q.ID, value)
		form.Set("note-"+q.ID, note)
	}
	return form
}

// Each answers the week on their own page; the first to answer sees only
// their own, the other only that they answered; once both have, both see
// both side by side. A form that fails comes back as typed; a pause stops
// both.
func TestWeeklyPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	linkBrowsers(t, river, stone)
	qs := together.Weekly().Questions

	p := river.get("/together/checkins")
	if p.status != http.StatusOK || !strings.Contains(p.body, `action="/together/checkins"`) ||
		!strings.Contains(p.body, "stone will see your answers once you have both answered this week") || !strings.Contains(p.body, qs[0].Text) {
		t.Fatalf("the week's page before answering: %d", p.status)
	}
	form := weeklyForm("6", "A quieter week")
	form.Del("value-" + qs[1].ID)
	if p := river.post("/together/checkins", form); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="value-`+qs[1].ID+`-error"`) || !strings.Contains(p.body, `id="value-`+qs[0].ID+`-6" checked`) ||
		!strings.Contains(p.body, "A quieter week</textarea>") {
		t.Fatalf("a question without a number: %d", p.status)
	}
	if p := river.post("/together/checkins", weeklyForm("6", "A quieter week")); p.status != http.StatusSeeOther || p.header.Get("Location") != "/together/checkins" {
		t.Fatalf("answer: %d", p.status)
	}
	if p := river.get("/together/checkins"); !strings.Contains(p.body, "shown to both of you once you have both answered") ||
		!strings.Contains(p.body, "A quieter week") || !strings.Contains(p.body, "stone has not answered yet") {
		t.Fatalf("the first to answer: %d", p.status)
	}
	if p := stone.get("/together/checkins"); strings.Contains(p.body, "A quieter week") || !strings.Contains(p.body, "river has answered this week") {
		t.Fatalf("stone, before answering, sees river's answers or not that river answered: %d", p.status)
	}

	if p := stone.post("/together/checkins", weeklyForm("4", "I kept my word")); p.status != http.StatusSeeOther {
		t.Fatalf("stone answers: %d", p.status)
	}
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		p := b.get("/together/checkins")
		if !strings.Contains(p.body, "A quieter week") || !strings.Contains(p.body, "I kept my word") || !strings.Contains(p.body, "You have both answered") {
			t.Errorf("%s, once both answered, does not see both: %d", who, p.status)
		}
	}

	if p := stone.post("/together/pause", url.Values{"for": {"day"}}); p.status != http.StatusSeeOther {
		t.Fatalf("pause: %d", p.status)
	}
	if p := river.get("/together/checkins"); strings.Contains(p.body, `action="/together/checkins"`) {
		t.Error("river is offered the form while paused")
	}
	if p := river.post("/together/checkins", weeklyForm("7", "")); p.status != http.StatusConflict {
		t.Fatalf("an answer while paused: %d", p.status)
	}
}
