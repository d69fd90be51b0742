package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/chart"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
)

// mapStep is one step on the home map, with the person's latest rating.
type mapStep struct {
	journey.Step
	Rated  bool
	Rating int
}

func (app *Web) home(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if p == nil {
		app.render(w, r, http.StatusOK, "welcome", view{Title: "A quiet place to heal"})
		return nil
	}
	latest, err := app.latestRatings(r, p)
	if err != nil {
		return err
	}
	steps := make([]mapStep, len(app.Guide.Steps))
	for i, s := range app.Guide.Steps {
		rt, ok := latest[s.Number]
		steps[i] = mapStep{Step: s, Rated: ok, Rating: rt.Value}
	}
	app.render(w, r, http.StatusOK, "home", view{Title: "Your path", Nav: "home", Data: steps})
	return nil
}

// latestRatings returns the newest rating of each step, read from one page
// of the newest ratings.
func (app *Web) latestRatings(r *http.Request, p *account.Person) (map[int]journey.Rating, error) {
	recent, _, err := record.Open(app.Store, p, journey.Ratings).List(r.Context(), record.Page{Limit: 120})
	if err != nil {
		return nil, err
	}
	latest := map[int]journey.Rating{}
	for _, rt := range recent {
		if _, seen := latest[rt.Value.Step]; !seen {
			latest[rt.Value.Step] = rt.Value
		}
	}
	return latest, nil
}

type stepPage struct {
	Step       journey.Step
	Static     stepStatic
	Prev, Next *journey.Step

	Ratings     []record.Record[journey.Rating] // newest first
	RatingItems template.HTML                   // the same, as list items
	Trend       template.HTML
	RatingForm  ratingForm

	Entries     []entryRow
	MoreEntries bool // more entries are tied to the step than are shown

	// Scale is the rating scale, rendered once, unless the form came back
	// with a value chosen.
	Scale template.HTML

	// Step 1 only: the feelings check-in.
	Checkin *checkinPage

	// Failed names the form the page's problems are about, "checkin" or
	// "rating": both forms on step 1 have a note, so a problem's field
	// alone does not say which form it belongs to.
	Failed string
}

type ratingForm struct {
	Value string
	Note  string
}

// ratingsShown is how many ratings a step page lists and charts.
const ratingsShown = 60

func (app *Web) step(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	st, ok := app.Guide.StepBySlug(r.PathValue("slug"))
	if !ok {
		return httpx.NotFound
	}
	page, err := app.stepPage(r, p, st)
	if err != nil {
		return err
	}
	app.render(w, r, http.StatusOK, "step", view{Title: st.Title, Nav: "steps", Data: page})
	return nil
}

func (app *Web) stepPage(r *http.Request, p *account.Person, st journey.Step) (*stepPage, error) {
	ctx := r.Context()
	page := &stepPage{Step: st, Static: app.steps[st.Number-1], Scale: app.freshScale}
	if prev, ok := app.Guide.Step(st.Number - 1); ok {
		page.Prev = &prev
	}
	if next, ok := app.Guide.Step(st.Number + 1); ok {
		page.Next = &next
	}
	tag := journey.StepTag(st.Number)
	var err error
	if page.Ratings, _, err = record.Open(app.Store, p, journey.Ratings).List(ctx, record.Page{Limit: ratingsShown, Tag: tag}); err != nil {
		return nil, err
	}
	page.Trend = ratingTrend(st, page.Ratings)
	page.RatingItems = ratingItems(page.Ratings)
	entries := record.Open(app.Store, p, journey.Journal)
	recent, more, err := entries.List(ctx, record.Page{Limit: 5, Tag: tag})
	if err != nil {
		return nil, err
	}
	page.Entries, page.MoreEntries = app.entryRows(recent), more != ""
	if st.Number == 1 {
		if page.Checkin, err = app.checkinPage(r, p, "30d", false, ""); err != nil {
			return nil, err
		}
	}
	return page, nil
}

func ratingTrend(st journey.Step, ratings []record.Record[journey.Rating]) template.HTML {
	if len(ratings) < 2 {
		return ""
	}
	pts := make([]chart.Point, len(ratings))
	for i, rt := range ratings {
		pts[len(ratings)-1-i] = chart.Point{At: rt.CreatedAt, Value: float64(rt.Value.Value)}
	}
	return chart.Spark{Title: "Your ratings for “" + st.Title + "” over time", Points: pts, Min: 0, Max: 10}.SVG()
}

func (app *Web) rate(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	st, ok := app.Guide.StepBySlug(r.PathValue("slug"))
	if !ok {
		return httpx.NotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := ratingForm{Value: r.PostFormValue("value"), Note: r.PostFormValue("note")}
	rt := journey.Rating{Step: st.Number, Value: -1, Note: form.Note}
	if v, err := strconv.Atoi(form.Value); err == nil {
		rt.Value = v
	}
	if err := rt.Clean(); err != nil {
		page, perr := app.stepPage(r, p, st)
		if perr != nil {
			return perr
		}
		page.RatingForm, page.Scale = form, ""
		page.Failed = "rating"
		return app.formError(w, r, err, "step", st.Title, page, "value")
	}
	if _, err := record.Open(app.Store, p, journey.Ratings).Create(r.Context(), rt, time.Time{}); err != nil {
		return err
	}
	app.redirect(w, r, "/steps/"+st.Slug+"#where", app.savedFlash(rt.Note))
	return nil
}
