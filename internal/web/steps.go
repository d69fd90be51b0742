package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/chart"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// mapStep is one step on the home map, with the person's latest rating.
type mapStep struct {
	journey.Step
	Rated  bool
	Rating int
}

// homePage is the map of the twelve steps, with today's one offer beside
// it and, when a hard date is near, a quiet note that names only its day.
type homePage struct {
	Steps []mapStep
	Today *app.Today
	Near  string // the note for a hard date near, or ""
	// SignIns are the sign-ins since the person last looked, when they
	// asked to be told of them.
	SignIns []logLine
	// SharedWith is how many shares are in force with the person as a
	// supporter: a count, never whose, on the page most easily seen.
	SharedWith int
}

func (app *Web) home(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if p == nil {
		app.render(w, r, http.StatusOK, "welcome", view{Title: "A quiet place to heal"})
		return nil
	}
	today, err := app.Today(r.Context(), p)
	if err != nil {
		return err
	}
	prof, err := app.Accounts.Profile(r.Context(), p)
	if err != nil {
		return err
	}
	signIns, err := app.newSignIns(r, p, prof)
	if err != nil {
		return err
	}
	side := app.sideOf(r.Context())
	page := &homePage{Steps: make([]mapStep, len(side.Steps)), Today: today, Near: nearNote(today.Near), SignIns: signIns}
	if app.Shares != nil {
		shared, err := app.Shares.SharedWith(r.Context(), p)
		if err != nil {
			return err
		}
		page.SharedWith = len(shared)
	}
	for i, s := range side.Steps {
		rt, ok := today.Ratings[s.Number]
		page.Steps[i] = mapStep{Step: s, Rated: ok, Rating: rt}
	}
	app.render(w, r, http.StatusOK, "home", view{Title: "Your path", Nav: "home", Data: page})
	return nil
}

// notToday waves today's offer away until the person's day is over.
func (app *Web) notToday(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.NotToday(r.Context(), p); err != nil {
		return err
	}
	app.redirect(w, r, "/#today", "")
	return nil
}

// nearNote is the home page's note for a hard date near: its day, never
// what it is, since the home page is the one most easily seen over a
// shoulder.
func nearNote(n *tools.Near) string {
	if n == nil {
		return ""
	}
	d, err := time.Parse(time.DateOnly, n.On)
	if err != nil {
		return ""
	}
	day := "the " + tools.Ordinal(d.Day())
	if n.Days > 7 {
		day = d.Format("2 January")
	}
	switch n.Days {
	case 0:
		return "Today may be a hard day. Go gently with yourself."
	case 1:
		return "Tomorrow, " + day + ", may be a hard day. Go gently with yourself."
	}
	return capitalize(day) + " is coming, in " + strconv.Itoa(n.Days) + " days. Go gently with yourself."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type stepPage struct {
	Step       journey.Step
	Static     stepStatic
	Prev, Next *journey.Step

	Ratings     []tool.Item   // newest first
	RatingItems template.HTML // the same, as list items
	Trend       template.HTML
	RatingForm  ratingForm

	Entries     []itemRow
	MoreEntries bool // more entries are tied to the step than are shown

	// Scale is the rating scale, rendered once, unless the form came back
	// with a value chosen.
	Scale template.HTML

	// Tools are the step's own tools, each in its panel: the check-ins
	// have one of their own (Checkin), the others the usual one.
	Tools   []toolPanel
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
	st, ok := app.sideOf(r.Context()).StepBySlug(r.PathValue("slug"))
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
	side := app.sideOf(ctx)
	page := &stepPage{Step: st, Static: app.steps[side.Role][st.Number-1], Scale: app.freshScale}
	if prev, ok := side.Step(st.Number - 1); ok {
		page.Prev = &prev
	}
	if next, ok := side.Step(st.Number + 1); ok {
		page.Next = &next
	}
	var err error
	if page.Ratings, _, err = app.ratings.Items(app.Store, p).List(ctx, ratingsShown, "", st.Number); err != nil {
		return nil, err
	}
	page.Trend = app.ratingTrend(st, page.Ratings)
	page.RatingItems = app.ratingItems(page.Ratings)
	recent, more, err := app.journal.Items(app.Store, p).List(ctx, 5, "", st.Number)
	if err != nil {
		return nil, err
	}
	page.Entries, page.MoreEntries = app.rows(app.journal, recent), more != ""
	for _, k := range app.Tools.Kinds {
		if k.Step != st.Number || k.Parent != nil {
			continue
		}
		panel := toolPanel{Kind: k, Words: app.Tools.Words().Of(k)}
		panel.Intro = panel.Words.Intro
		if intro, ok := st.Tools[k.Path]; ok {
			panel.Intro = intro
		}
		if k == app.checkins {
			panel.Own = "checkin"
			if page.Checkin, err = app.checkinPage(r, p, "30d", false, ""); err != nil {
				return nil, err
			}
		} else {
			limit := panelRows
			if k.Behaviour().Order != nil {
				limit = maxRead
			}
			recent, more, err := k.Items(app.Store, p).List(ctx, limit, "", 0)
			if err != nil {
				return nil, err
			}
			if order := k.Behaviour().Order; order != nil {
				loc, err := app.location(r, p)
				if err != nil {
					return nil, err
				}
				order(recent, today(loc))
				more = ""
				if len(recent) > panelRows {
					recent, more = recent[:panelRows], "more"
				}
			}
			if panel.Rows, err = app.withSummaries(ctx, p, k, recent, app.rows(k, recent)); err != nil {
				return nil, err
			}
			panel.More = more != ""
			if panel.Views, err = app.views(ctx, p, k); err != nil {
				return nil, err
			}
			if extra, ok := app.panelExtras[k.Path]; ok {
				data, err := extra(r, p)
				if err != nil {
					return nil, err
				}
				h, err := app.part(ctx, "extra-"+k.Path, data)
				if err != nil {
					return nil, err
				}
				panel.Views = append(panel.Views, h)
			}
		}
		page.Tools = append(page.Tools, panel)
	}
	return page, nil
}

// toolPanel is one tool on its step's page: what it is for, the newest
// few items, and the way to add one.
type toolPanel struct {
	Kind  *tool.Kind
	Words *tool.KindWords
	Intro string // the tool's own intro, or the step's words for it on this side
	Rows  []itemRow
	More  bool
	Views []template.HTML
	// Own names a panel of the tool's own design ("checkin"), drawn by
	// the template of that name instead of the usual one.
	Own string
}

// panelRows is how many items a tool's panel shows.
const panelRows = 3

func (app *Web) ratingTrend(st journey.Step, ratings []tool.Item) template.HTML {
	if len(ratings) < 2 {
		return ""
	}
	pts := make([]chart.Point, len(ratings))
	for i, rt := range ratings {
		pts[len(ratings)-1-i] = chart.Point{At: rt.CreatedAt, Value: float64(rt.Value[app.rating.value].Num)}
	}
	return chart.Spark{Title: "Your ratings for “" + st.Title + "” over time", Points: pts, Min: 0, Max: 10}.SVG()
}

// rate saves the rating form of a step page through the engine.
func (app *Web) rate(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	st, ok := app.sideOf(r.Context()).StepBySlug(r.PathValue("slug"))
	if !ok {
		return httpx.NotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := ratingForm{Value: r.PostFormValue("value"), Note: r.PostFormValue("note")}
	v, problems := app.ratings.ReadForm(url.Values{"step": {strconv.Itoa(st.Number)}, "value": {form.Value}, "note": {form.Note}})
	var it tool.Item
	var err error
	if problems == nil {
		it, err = app.ratings.Items(app.Store, p).Create(r.Context(), tool.Input{Values: v}, time.Now())
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		page, perr := app.stepPage(r, p, st)
		if perr != nil {
			return perr
		}
		page.RatingForm, page.Scale = form, ""
		page.Failed = "rating"
		return app.formError(w, r, problems, "step", st.Title, page, "value")
	}
	app.redirect(w, r, "/steps/"+st.Slug+"#where", app.savedFlash(app.ratings.Texts(it.Value)...))
	return nil
}
