package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// The check-in is a page of its own, in two short steps that the page's
// script makes one: first the feelings, then how strong each one is, with
// the optional words. Both steps post to /checkins; the "stage" button
// says which step to show next, and nothing is kept on the server (or in
// an address) in between.
const (
	stageFeelings  = "feelings"  // choose the feelings (again)
	stageStrengths = "strengths" // how strong each chosen one is
)

// checkinForm is what the person chose, kept when the form comes back.
type checkinForm struct {
	Feel       []string // the feelings chosen, in the order sent
	Selected   map[string]bool
	Intensity  map[string]string
	Sensations string
	Note       string
}

// IntensityOf is the strength sent for a feeling, or the middle of the
// scale, which the form preselects.
func (f checkinForm) IntensityOf(name string) string {
	if v, ok := f.Intensity[name]; ok {
		return v
	}
	return "5"
}

// readCheckinForm reads the check-in form: a box for each feeling chosen
// ("feel"), its strength ("i.NAME"), and the words about the body and
// the note.
func (app *Web) readCheckinForm(r *http.Request) checkinForm {
	form := checkinForm{Selected: map[string]bool{}, Intensity: map[string]string{},
		Sensations: r.PostFormValue("sensations"), Note: r.PostFormValue("note")}
	for _, name := range r.PostForm["feel"] {
		if !form.Selected[name] {
			form.Feel = append(form.Feel, name)
		}
		form.Selected[name] = true
	}
	for _, name := range form.Feel {
		if raw := r.PostFormValue("i." + name); raw != "" {
			form.Intensity[name] = raw
		}
	}
	return form
}

// checkinNew is the check-in page.
type checkinNew struct {
	ID     string // the check-in being changed, or "" for a new one
	Stage  string // stageFeelings, stageStrengths, or "" for all at once
	Form   checkinForm
	Grid   template.HTML // the feelings to choose from
	Chosen []strength    // a strength for each feeling chosen, in the grid's order
	// ChosenWords names the feelings chosen in a sentence: "hurt, anger
	// and numbness".
	ChosenWords string
	Other       []string // problems that are about no one field
	Parts       *checkinParts
	Model       journey.Model
}

// strength is one chosen feeling's 0–10 scale.
type strength struct {
	Name, Label, Value, Problem string
}

// checkinParts are the parts of the check-in page that are the same for
// everyone, rendered once at start-up.
type checkinParts struct {
	Grid  template.HTML // the feelings, none chosen
	Blank template.HTML // one strength scale, for the page's script to copy
	Words template.HTML // what each word means, and where it sits on the wheel
}

// renderCheckinParts renders the check-in page's fixed parts.
func (app *Web) renderCheckinParts() error {
	t := app.pages[journey.Person]["checkin-new"]
	for _, part := range []struct {
		name string
		data any
		dst  *template.HTML
	}{
		{"feeling-grid", feelingFields{Groups: app.Guide.Groups}, &app.checkinParts.Grid},
		{"strength", strength{Value: "5"}, &app.checkinParts.Blank},
		{"feeling-words", app.Guide, &app.checkinParts.Words},
	} {
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, part.name, part.data); err != nil {
			return fmt.Errorf("web: render the check-in's %s: %w", part.name, err)
		}
		*part.dst = template.HTML(b.String())
	}
	return nil
}

// checkinForm is the check-in page, at its first step.
func (app *Web) checkinForm(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.renderCheckin(w, r, http.StatusOK, "", stageFeelings, checkinForm{}, nil)
}

// editCheckin is the same page for a check-in already saved, all of it
// at once, with what it holds chosen and filled in.
func (app *Web) editCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	it, err := app.checkins.Items(app.Store, p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	form := checkinForm{Selected: map[string]bool{}, Intensity: map[string]string{},
		Sensations: it.Value[1].Str, Note: it.Value[2].Str}
	for _, row := range it.Value[0].Rows {
		form.Feel = append(form.Feel, row[0].Str)
		form.Selected[row[0].Str] = true
		form.Intensity[row[0].Str] = strconv.Itoa(row[1].Num)
	}
	return app.renderCheckin(w, r, http.StatusOK, it.ID, "", form, nil)
}

// renderCheckin draws the check-in page (of a new check-in, or of the one
// with id) at a stage, with what was chosen and typed, and the problems
// with it.
func (app *Web) renderCheckin(w http.ResponseWriter, r *http.Request, status int, id, stage string, form checkinForm, problems valid.Problems) error {
	page := &checkinNew{ID: id, Stage: stage, Form: form, Parts: &app.checkinParts, Model: app.Guide.EmotionModel, Grid: app.checkinParts.Grid}
	byRow := map[string]string{} // feeling name -> the problem with its strength
	var shown valid.Problems
	for _, pr := range problems {
		row, sub, ok := emotionRow(pr.Field)
		switch {
		case ok && sub == "intensity" && row < len(form.Feel):
			byRow[form.Feel[row]] = pr.Message
		case pr.Field == "emotions" || pr.Field == "sensations" || pr.Field == "note":
			shown = append(shown, pr)
		default:
			page.Other = append(page.Other, pr.Message)
		}
	}
	if len(form.Selected) > 0 || shown.For("emotions") != "" {
		var b bytes.Buffer
		err := app.pages[journey.Person]["checkin-new"].ExecuteTemplate(&b, "feeling-grid",
			feelingFields{Groups: app.Guide.Groups, Form: form, Invalid: shown.For("emotions") != ""})
		if err != nil {
			return err
		}
		page.Grid = template.HTML(b.String())
	}
	for _, g := range app.Guide.Groups {
		for _, e := range g.Emotions {
			if form.Selected[e.Name] {
				page.Chosen = append(page.Chosen, strength{Name: e.Name, Label: e.Label, Value: form.IntensityOf(e.Name), Problem: byRow[e.Name]})
			}
		}
	}
	words := make([]string, len(page.Chosen))
	for i, c := range page.Chosen {
		words[i] = strings.ToLower(c.Label)
	}
	if n := len(words); n > 1 {
		page.ChosenWords = strings.Join(words[:n-1], ", ") + " and " + words[n-1]
	} else if n == 1 {
		page.ChosenWords = words[0]
	}
	app.render(w, r, status, "checkin-new", view{Title: "Check in", Nav: "checkin", Problems: shown, Data: page})
	return nil
}

// emotionRow reads a problem's field "emotions[2].intensity" (or its form
// name, "emotions.2.intensity") as row 2's "intensity".
func emotionRow(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(tool.FormName(field), "emotions.")
	if !ok {
		return 0, "", false
	}
	num, sub, _ := strings.Cut(rest, ".")
	row, err := strconv.Atoi(num)
	return row, sub, err == nil
}

// createCheckin takes the check-in form of a new check-in.
func (app *Web) createCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.saveCheckin(w, r, p, "")
}

// updateCheckin takes the form of a check-in being changed.
func (app *Web) updateCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.saveCheckin(w, r, p, r.PathValue("id"))
}

// saveCheckin takes the check-in form: on to its second step, back to its
// first, or, when saved, through the engine like every other kind, as a
// new check-in or in place of the one with id.
func (app *Web) saveCheckin(w http.ResponseWriter, r *http.Request, p *account.Person, id string) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	items := app.checkins.Items(app.Store, p)
	if id != "" {
		if _, err := items.Get(r.Context(), id); err != nil {
			return err
		}
	}
	form := app.readCheckinForm(r)
	switch r.PostFormValue("stage") {
	case stageFeelings:
		return app.renderCheckin(w, r, http.StatusOK, id, stageFeelings, form, nil)
	case stageStrengths:
		if len(form.Feel) == 0 {
			var problems valid.Problems
			problems.Add("emotions", app.Tools.Words().Of(app.checkins).Fields["emotions"].Required)
			return app.renderCheckin(w, r, http.StatusUnprocessableEntity, id, stageFeelings, form, problems)
		}
		return app.renderCheckin(w, r, http.StatusOK, id, stageStrengths, form, nil)
	}
	raw := url.Values{"sensations": {form.Sensations}, "note": {form.Note}}
	for i, name := range form.Feel {
		raw.Set("emotions."+strconv.Itoa(i)+".name", name)
		raw.Set("emotions."+strconv.Itoa(i)+".intensity", form.IntensityOf(name))
	}
	v, problems := app.checkins.ReadForm(raw)
	var it tool.Item
	var err error
	switch {
	case problems != nil:
	case id == "":
		it, err = items.Create(r.Context(), tool.Input{Values: v}, time.Now())
	default:
		it, err = items.Update(r.Context(), id, v)
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		return app.renderCheckin(w, r, http.StatusUnprocessableEntity, id, "", form, problems)
	}
	app.redirect(w, r, "/checkins/"+it.ID, app.savedFlash(app.checkins.Texts(it.Value)...))
	return nil
}

// checkinPage is the history of check-ins as a chart, with a summary in
// words and the chart's data as a table.
type checkinPage struct {
	Range   string // "30d", "90d", "1y" or "all"
	Ranges  []chartRange
	Summary []string      // a few sentences on the last month
	Chart   template.HTML // the wide chart
	Narrow  template.HTML // the same chart drawn for a phone's width
	Caption string
	Table   []tableRow    // the chart's data, for screen readers
	Rows    template.HTML // the same, rendered as table rows

	// Choices are the feelings named in the range, most often first, to
	// choose the chart's lines from; Picked is set when the person chose.
	Choices []lineChoice
	Picked  bool

	Recent []checkinRow // the history page only: one page, newest first
	Next   string       // the address of the next page
}

type chartRange struct{ Key, Label, Href string }

// lineChoice is a feeling that can be drawn, by its Key.
type lineChoice struct {
	Key, Label string
	N          int // check-ins in the range that name it
	Shown      bool
}

var chartRanges = []chartRange{{"30d", "30 days", ""}, {"90d", "90 days", ""}, {"1y", "A year", ""}, {"all", "All time", ""}}

// rangeStart returns the first instant a chart range covers.
func rangeStart(key string, now time.Time) time.Time {
	switch key {
	case "30d":
		return now.AddDate(0, 0, -30)
	case "1y":
		return now.AddDate(-1, 0, 0)
	case "all":
		return time.Time{}
	}
	return now.AddDate(0, 0, -90)
}

// A chart draws a few lines at most: more are hard to tell apart. The
// rest are in its table.
const (
	maxSeries    = 4
	maxCharted   = 5000
	checkinsPage = 20
)

// checkinPage gathers the chart for a range, with the lines show names
// (keys or names; the most felt few when none); with history, also a page
// of the check-ins themselves, from cursor.
func (app *Web) checkinPage(r *http.Request, p *account.Person, rng string, history bool, cursor string) (*checkinPage, error) {
	if !slices.ContainsFunc(chartRanges, func(c chartRange) bool { return c.Key == rng }) {
		rng = "90d"
	}
	var show []string
	if history {
		show = app.shownFeelings(r.URL.Query()["show"])
	}
	loc, err := app.location(r, p)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	from := rangeStart(rng, now)
	// The summary compares the last 30 days with the 30 before.
	since := from
	if monthsAgo := now.AddDate(0, 0, -60); !since.IsZero() && since.After(monthsAgo) {
		since = monthsAgo
	}
	c := app.checkins.Items(app.Store, p).Collection()
	items, err := c.Span(r.Context(), since, time.Time{}, "", maxCharted)
	if err != nil {
		return nil, err
	}
	all := feltOf(items)
	page := &checkinPage{Range: rng, Summary: app.feelingsSummary(all, rng, now, loc)}
	inRange := all[firstFrom(all, from):]
	if from.IsZero() && len(inRange) > 0 {
		from = inRange[0].At
	}
	stats := feelingStats(inRange)
	drawn := show
	if len(drawn) == 0 {
		for _, s := range stats[:min(maxSeries, len(stats))] {
			drawn = append(drawn, s.Name)
		}
	}
	page.Picked = len(show) > 0
	for _, s := range stats {
		e, _ := app.Guide.Emotion(s.Name)
		page.Choices = append(page.Choices, lineChoice{Key: e.Key, Label: app.emotionLabel(s.Name), N: s.N, Shown: slices.Contains(drawn, s.Name)})
	}
	page.Caption = "How strong, from 0 to 10, the feelings you named most often were."
	if page.Picked {
		page.Caption = "How strong, from 0 to 10, the feelings you chose were."
	}
	rows := chartRows(inRange, now.Sub(from) > weeklyAfter)
	page.Table = app.tableRows(rows)
	page.Rows = tableHTML(page.Table)
	lines := app.feelingsChart(rows, drawn, from, now)
	page.Chart = lines.SVG()
	// Scaled down to a phone's width, the wide chart's labels would be
	// too small to read; the page shows one or the other.
	lines.Width, lines.Height = narrowChartW, narrowChartH
	page.Narrow = lines.SVG()
	keep := url.Values{}
	for _, name := range show {
		e, _ := app.Guide.Emotion(name)
		keep.Add("show", e.Key)
	}
	page.Ranges = make([]chartRange, len(chartRanges))
	for i, cr := range chartRanges {
		q := url.Values{"range": {cr.Key}, "show": keep["show"]}
		cr.Href = "/checkins?" + q.Encode()
		page.Ranges[i] = cr
	}
	if !history {
		return page, nil
	}
	recent, next, err := c.List(r.Context(), record.Page{Limit: checkinsPage, Cursor: cursor})
	if err != nil {
		return nil, err
	}
	page.Recent = app.checkinRows(feltOf(recent))
	if next != "" {
		q := url.Values{"range": {rng}, "show": keep["show"], "cursor": {next}}
		page.Next = "/checkins?" + q.Encode()
	}
	return page, nil
}

// shownFeelings reads the chart's chosen lines, each a feeling's key or
// name, keeping the first few known ones.
func (app *Web) shownFeelings(show []string) []string {
	var out []string
	for _, s := range show {
		e, ok := app.Guide.EmotionByKey(s)
		if !ok {
			e, ok = app.Guide.Emotion(s)
		}
		if ok && !slices.Contains(out, e.Name) && len(out) < maxSeries {
			out = append(out, e.Name)
		}
	}
	return out
}

// firstFrom is the index of the first check-in (oldest first) at or
// after from.
func firstFrom(checkins []felt, from time.Time) int {
	i, _ := slices.BinarySearchFunc(checkins, from, func(c felt, t time.Time) int { return c.At.Compare(t) })
	return i
}

func (app *Web) checkinHistory(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	page, err := app.checkinPage(r, p, r.URL.Query().Get("range"), true, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	app.render(w, r, http.StatusOK, "checkins", view{Title: "Your feelings over time", Nav: "feelings", Data: page})
	return nil
}

// checkinView is one check-in as its page shows it.
type checkinView struct {
	ID               string
	CreatedAt        time.Time
	Emotions         []journey.Felt
	Sensations, Note string
}

// showCheckin is a check-in's own page: its feelings as a table.
func (app *Web) showCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	it, err := app.checkins.Items(app.Store, p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := checkinView{ID: it.ID, CreatedAt: it.CreatedAt, Sensations: it.Value[1].Str, Note: it.Value[2].Str}
	for _, row := range it.Value[0].Rows {
		v.Emotions = append(v.Emotions, journey.Felt{Name: row[0].Str, Intensity: row[1].Num})
	}
	app.render(w, r, http.StatusOK, "checkin", view{Title: "Check-in", Nav: "feelings", Data: v})
	return nil
}

// confirmDelete is the page that asks before deleting anything.
type confirmDelete struct {
	What, Action, Back string
}
