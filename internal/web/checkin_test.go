package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
)

// The check-in is a page of its own, "Check in" in the navigation, and
// without script it is two short steps that keep everything in the form.
func TestCheckinInTwoSteps(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")

	p := b.get("/checkins/new")
	if p.status != http.StatusOK || !strings.Contains(p.body, `<a href="/checkins/new" aria-current="page">Check in</a>`) {
		t.Fatalf("the check-in page: %d, or Check in is not the current page", p.status)
	}
	for _, want := range []string{`id="feel-numbness"`, `id="feel-hurt"`, `id="feel-betrayal"`, `id="feel-loneliness"`,
		`<button type="submit" name="stage" value="strengths">`, `class="checkin-rest" data-rest hidden`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the first step lacks %s", want)
		}
	}
	if n := strings.Count(p.body, `name="feel"`); n < 50 {
		t.Errorf("the first step offers %d feelings", n)
	}
	if strings.Contains(p.body, `data-strength="`) && strings.Contains(p.body, `data-strength="hurt"`) {
		t.Error("the first step has a strength scale before anything was chosen")
	}

	// On with nothing chosen: the first step again, with the problem.
	p = b.post("/checkins", url.Values{"stage": {"strengths"}, "note": {"kept"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="emotions-error"`) || !strings.Contains(p.body, ">kept</textarea>") {
		t.Fatalf("on with nothing chosen: %d", p.status)
	}

	// On with two: a scale for each, and nothing else to choose from.
	p = b.post("/checkins", url.Values{"stage": {"strengths"}, "feel": {"numbness", "hurt"}, "i.hurt": {"8"}, "note": {"kept"}})
	if p.status != http.StatusOK {
		t.Fatalf("on to the strengths: %d", p.status)
	}
	scales := regexp.MustCompile(`data-strength="([a-z]+)"`).FindAllStringSubmatch(p.body, -1)
	if len(scales) != 2 || scales[0][1] != "hurt" || scales[1][1] != "numbness" {
		t.Fatalf("the second step's scales: %v, want hurt then numbness (the grid's order)", scales)
	}
	for _, want := range []string{`<input type="hidden" name="feel" value="hurt">`, `id="i-hurt-8" checked`, `id="i-numbness-5" checked`,
		"You chose hurt and numbness.", ">kept</textarea>", `name="stage" value="feelings"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the second step lacks %s", want)
		}
	}
	if strings.Contains(p.body, `id="feel-hurt"`) || strings.Contains(p.body, "data-rest hidden") {
		t.Error("the second step shows the feelings again, or hides the strengths")
	}

	// Back: the feelings ticked, and the strength and note carried along.
	p = b.post("/checkins", url.Values{"stage": {"feelings"}, "feel": {"hurt", "numbness"}, "i.hurt": {"8"}, "note": {"kept"}})
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="feel-hurt" checked`) || !strings.Contains(p.body, `id="i-hurt-8" checked`) ||
		!strings.Contains(p.body, ">kept</textarea>") {
		t.Fatalf("back to the feelings: %d", p.status)
	}

	// Saved: a strength not given is the middle of the scale, as shown.
	p = b.post("/checkins", url.Values{"feel": {"hurt", "numbness"}, "i.hurt": {"8"}, "note": {"kept"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	p = b.get(p.header.Get("Location"))
	if !regexp.MustCompile(`Hurt</td><td>.*?8</td>`).MatchString(p.body) || !regexp.MustCompile(`Numbness</td><td>.*?5</td>`).MatchString(p.body) {
		t.Fatalf("the saved check-in:\n%s", p.body)
	}
	if !strings.Contains(p.body, `<a href="/checkins" aria-current="page">Feelings</a>`) {
		t.Error("a check-in's page does not mark Feelings as current")
	}

	// A feeling that is not offered comes back as a problem, with the rest.
	p = b.post("/checkins", url.Values{"feel": {"hangry", "hurt"}, "note": {"still kept"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `class="error"`) || !strings.Contains(p.body, `id="feel-hurt" checked`) ||
		!strings.Contains(p.body, "still kept") {
		t.Fatalf("an unknown feeling: %d", p.status)
	}

	// Step 1 invites a check-in instead of holding the form.
	p = b.get("/steps/acknowledge-your-feelings")
	if strings.Contains(p.body, `name="feel"`) || !strings.Contains(p.body, `<a class="button" href="/checkins/new">`) ||
		!strings.Contains(p.body, `<a href="/" aria-current="page">Your path</a>`) {
		t.Fatal("step 1 still has the check-in form, no way to it, or the wrong current page")
	}
}

// seriesClass finds the class of the series drawn for a feeling in the
// wide chart: its group holds points titled with the feeling's label.
var seriesOf = regexp.MustCompile(`<g class="chart-series ([^"]+)" fill="currentColor">(?:<polyline[^>]*/>)?<circle[^>]*><title>([^,<]+),`)

func chartClasses(t *testing.T, body string) map[string]string {
	t.Helper()
	wide, _, _ := strings.Cut(body, `class="chart-narrow"`)
	out := map[string]string{}
	for _, m := range seriesOf.FindAllStringSubmatch(wide, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// A feeling is drawn the same in every range, a few lines at most, those
// chosen when chosen (by a code in the address, not by name), with the
// chart put into words above it.
func TestFeelingsChartSpeaks(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	tok := app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "river", "passphrase": apptest.Passphrase}).JSON(t)["token"].(string)
	now := time.Now().UTC()
	add := func(daysAgo int, felt map[string]int) {
		var emotions []map[string]any
		for name, n := range felt {
			emotions = append(emotions, map[string]any{"name": name, "intensity": n})
		}
		app.Create(t, "/api/v1/checkins", tok, map[string]any{"created_at": now.AddDate(0, 0, -daysAgo).Format(time.RFC3339), "emotions": emotions})
	}
	for d := range 4 {
		add(1+d*5, map[string]int{"despair": 6, "hurt": 7})
	}
	for d := range 6 {
		add(40+d*7, map[string]int{"sadness": 5, "anger": 4, "grief": 3, "fear": 2, "despair": 8})
	}

	month, quarter := b.get("/checkins?range=30d"), b.get("/checkins?range=90d")
	m, q := chartClasses(t, month.body), chartClasses(t, quarter.body)
	if len(m) != 2 || len(q) != 4 {
		t.Fatalf("lines at 30 days %v, at 90 days %v: want the two felt, then the most felt four", m, q)
	}
	if m["Despair"] == "" || m["Despair"] != q["Despair"] || !strings.Contains(m["Despair"], "hue-fear") {
		t.Fatalf("despair is drawn as %q at 30 days and %q at 90", m["Despair"], q["Despair"])
	}
	for _, want := range []string{"In the last 30 days you checked in on 4 days (10 days over the last 90 days).",
		"The feeling you named most often was hurt, in 4 check-ins, then despair (4).",
		"The strongest was hurt, at 7 out of 10 on average. You did not name it in the 30 days before."} {
		if !strings.Contains(quarter.body, want) {
			t.Errorf("the summary does not say %q", want)
		}
	}
	if !strings.Contains(month.body, "The strongest was hurt, at 7 out of 10 on average.") {
		t.Error("the 30-day summary lacks the strongest feeling")
	}

	// Choosing: by name or by the code the form sends; the code, never
	// the name, is in the links that keep the choice.
	chosen := b.get("/checkins?range=90d&show=grief&show=fear")
	if c := chartClasses(t, chosen.body); len(c) != 2 || c["Grief"] == "" || c["Fear"] == "" {
		t.Fatalf("chosen lines: %v", c)
	}
	key := regexp.MustCompile(`name="show" value="([a-z0-9]+)" checked> <span>Grief`).FindStringSubmatch(chosen.body)
	if key == nil || key[1] == "grief" {
		t.Fatalf("the choice of grief is not sent by a code:\n%s", chosen.body)
	}
	if !strings.Contains(chosen.body, `href="/checkins?range=30d&amp;show=`+key[1]) || strings.Contains(chosen.body, "show=grief") {
		t.Error("the ranges do not keep the choice by its code")
	}
	if c := chartClasses(t, b.get("/checkins?range=90d&show="+key[1]).body); len(c) != 1 || c["Grief"] != q["Grief"] {
		t.Fatalf("grief chosen by its code: %v (was %q)", c, q["Grief"])
	}
	many := "/checkins?range=90d&show=grief&show=fear&show=anger&show=sadness&show=despair&show=hurt"
	if c := chartClasses(t, b.get(many).body); len(c) != 4 {
		t.Fatalf("%d lines drawn when six were asked for, want 4", len(c))
	}
}

// A saved check-in changes on the same page as a new one, all at once,
// with what it holds chosen; another person's is not there.
func TestCheckinChangesOnItsOwnPage(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	id := b.post("/checkins", url.Values{"feel": {"hurt", "anger"}, "i.hurt": {"7"}, "i.anger": {"3"}, "note": {"a long day"}}).header.Get("Location")
	if !strings.HasPrefix(id, "/checkins/") {
		t.Fatalf("check in: %q", id)
	}
	p := b.get(id + "/edit")
	for _, want := range []string{`action="` + id + `"`, `id="feel-hurt" checked`, `id="feel-anger" checked`,
		`id="i-hurt-7" checked`, `id="i-anger-3" checked`, ">a long day</textarea>", "Change this check-in"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the change page lacks %s", want)
		}
	}
	if strings.Contains(p.body, `data-rest hidden`) {
		t.Error("the change page hides its strengths and words")
	}
	// A problem comes back on the same page, as typed.
	if p := b.post(id, url.Values{"feel": {"hurt"}, "i.hurt": {"11"}, "note": {"kept as typed"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `action="`+id+`"`) || !strings.Contains(p.body, ">kept as typed</textarea>") {
		t.Fatalf("a bad strength: %d", p.status)
	}
	if p := b.post(id, url.Values{"feel": {"hurt", "relief"}, "i.hurt": {"4"}, "i.relief": {"6"}, "note": {"lighter now"}}); p.status != http.StatusSeeOther || p.header.Get("Location") != id {
		t.Fatalf("save the change: %d %s", p.status, p.header.Get("Location"))
	}
	shown := b.get(id)
	for _, want := range []string{"Hurt", "Relief", "lighter now"} {
		if !strings.Contains(shown.body, want) {
			t.Errorf("the changed check-in lacks %s", want)
		}
	}
	if strings.Contains(shown.body, "Anger") || strings.Contains(shown.body, "a long day") {
		t.Error("the changed check-in still holds what was taken out")
	}

	other := newBrowser(t, app)
	other.signUp("stone")
	if p := other.get(id + "/edit"); p.status != http.StatusNotFound {
		t.Fatalf("another person's check-in to change: %d", p.status)
	}
	if p := other.post(id, url.Values{"feel": {"hurt"}, "i.hurt": {"1"}}); p.status != http.StatusNotFound {
		t.Fatalf("another person changing a check-in: %d", p.status)
	}
	if p := other.post(id, url.Values{"feel": {"hurt"}, "stage": {"strengths"}}); p.status != http.StatusNotFound {
		t.Fatalf("another person's check-in, at the second step: %d", p.status)
	}
}
