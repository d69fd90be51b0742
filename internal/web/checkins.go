package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/tool"
)

// checkinPage is the check-in form with the history chart beside it.
type checkinPage struct {
	Form   checkinForm
	Groups []journey.Group
	Model  journey.Model

	Range  string // "30d", "90d", "1y" or "all"
	Ranges []chartRange
	Chart  template.HTML
	Narrow template.HTML // the same chart drawn for a phone's width
	Table  []tableRow    // the chart's data, for screen readers
	Rows   template.HTML // the same, rendered as table rows

	// Fields is the form's feelings, rendered once at start-up while the
	// form is fresh; empty when the form comes back with what was chosen.
	Fields template.HTML

	Recent []checkinRow // the history page only: one page, newest first
	Next   string       // cursor of the next page
}

type chartRange struct{ Key, Label string }

var chartRanges = []chartRange{{"30d", "30 days"}, {"90d", "90 days"}, {"1y", "A year"}, {"all", "All time"}}

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

// checkinForm is what the person chose, kept when the form comes back.
type checkinForm struct {
	Selected   map[string]bool
	Intensity  map[string]string
	Sensations string
	Note       string
}

func (f checkinForm) IntensityOf(name string) string {
	if v, ok := f.Intensity[name]; ok {
		return v
	}
	return "5"
}

// Charted series are the feelings named most often in the range; more
// lines than this would be hard to tell apart.
const (
	maxSeries    = 6
	maxCharted   = 5000
	checkinsPage = 20
)

// checkinPage gathers the chart for a range; with history, also a page of
// the check-ins themselves, from cursor.
func (app *Web) checkinPage(r *http.Request, p *account.Person, rng string, history bool, cursor string) (*checkinPage, error) {
	if !slices.ContainsFunc(chartRanges, func(c chartRange) bool { return c.Key == rng }) {
		rng = "90d"
	}
	c := app.checkins.Items(app.Store, p).Collection()
	page := &checkinPage{Groups: app.Guide.Groups, Model: app.Guide.EmotionModel, Range: rng, Ranges: chartRanges,
		Fields: app.freshFeelings}
	var err error
	now := time.Now()
	from := rangeStart(rng, now)
	checkins, err := c.Span(r.Context(), from, time.Time{}, "", maxCharted)
	if err != nil {
		return nil, err
	}
	if from.IsZero() && len(checkins) > 0 {
		from = checkins[0].CreatedAt
	}
	rows := chartRows(feltOf(checkins), now.Sub(from) > weeklyAfter)
	page.Table = app.tableRows(rows)
	page.Rows = tableHTML(page.Table)
	lines := app.feelingsChart(rows, from, now)
	page.Chart = lines.SVG()
	// Scaled down to a phone's width, the wide chart's labels would be
	// too small to read; the page shows one or the other.
	lines.Width, lines.Height = narrowChartW, narrowChartH
	page.Narrow = lines.SVG()
	if !history {
		return page, nil
	}
	recent, next, err := c.List(r.Context(), record.Page{Limit: checkinsPage, Cursor: cursor})
	if err != nil {
		return nil, err
	}
	page.Recent, page.Next = app.checkinRows(feltOf(recent)), next
	return page, nil
}

func (app *Web) checkinHistory(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	page, err := app.checkinPage(r, p, r.URL.Query().Get("range"), true, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	app.render(w, r, http.StatusOK, "checkins", view{Title: "Your feelings over time", Nav: "steps", Data: page})
	return nil
}

// checkinForm is the check-in's place: the form is on step 1's page.
func (app *Web) checkinForm(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	st, _ := app.Guide.Step(1)
	http.Redirect(w, r, "/steps/"+st.Slug+"#checkin", http.StatusSeeOther)
	return nil
}

// createCheckin saves the check-in form of step 1: a box for each feeling
// chosen ("feel") and its strength ("i.NAME"), kept through the engine
// like every other kind.
func (app *Web) createCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := checkinForm{Selected: map[string]bool{}, Intensity: map[string]string{},
		Sensations: r.PostFormValue("sensations"), Note: r.PostFormValue("note")}
	for _, e := range app.Guide.Emotions {
		if raw := r.PostFormValue("i." + e.Name); raw != "" {
			form.Intensity[e.Name] = raw
		}
	}
	raw := url.Values{"sensations": {form.Sensations}, "note": {form.Note}}
	for i, name := range r.PostForm["feel"] {
		form.Selected[name] = true
		raw.Set("emotions."+strconv.Itoa(i)+".name", name)
		raw.Set("emotions."+strconv.Itoa(i)+".intensity", form.IntensityOf(name))
	}
	v, problems := app.checkins.ReadForm(raw)
	var it tool.Item
	var err error
	if problems == nil {
		it, err = app.checkins.Items(app.Store, p).Create(r.Context(), tool.Input{Values: v}, time.Now())
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		st, _ := app.Guide.Step(1)
		page, perr := app.stepPage(r, p, st)
		if perr != nil {
			return perr
		}
		page.Checkin.Form, page.Checkin.Fields = form, ""
		page.Failed = "checkin"
		return app.formError(w, r, problems, "step", st.Title, page, "emotions")
	}
	app.redirect(w, r, "/checkins/"+it.ID, app.savedFlash(app.checkins.Texts(it.Value)...))
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
	app.render(w, r, http.StatusOK, "checkin", view{Title: "Check-in", Nav: "steps", Data: v})
	return nil
}

// confirmDelete is the page that asks before deleting anything.
type confirmDelete struct {
	What, Action, Back string
}
