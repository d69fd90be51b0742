package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/chart"
	"kintsugi/internal/together"
	"kintsugi/internal/trust"
	"kintsugi/internal/valid"
)

// The pages of a shared space's commitments, their check-ins, the trust
// estimate and the pause. A form that fails comes back as typed; an answer
// that is no form's fault (a pause, a decision already made) is the error
// page's, in the same words as the API's.

// commitmentsPage lists the space's commitments, with the form to propose
// one (the partner's) as typed.
type commitmentsPage struct {
	spaceHead
	Waiting, Agreed, Past []commitmentRow
	Text, Why             string
}

type commitmentRow struct {
	ID, Text, Why, Status, Decided string
	Checkins                       int
}

// statusWords says a commitment's status as the page does.
var statusWords = map[string]string{
	together.Proposed: "Waiting for a decision",
	together.Accepted: "Agreed",
	together.Declined: "Declined",
	together.Ended:    "Ended",
}

func (app *Web) commitmentsPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page commitmentsPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "commitments")
	if err != nil {
		return err
	}
	all, err := app.Together.Commitments(r.Context(), sp)
	if err != nil {
		return err
	}
	page.spaceHead = head
	for _, c := range all {
		row := commitmentRow{ID: c.ID, Text: c.Value.Text, Why: c.Value.Why, Status: statusWords[c.Value.Status]}
		switch c.Value.Status {
		case together.Proposed:
			page.Waiting = append(page.Waiting, row)
		case together.Accepted:
			page.Agreed = append(page.Agreed, row)
		default:
			page.Past = append(page.Past, row)
		}
	}
	app.render(w, r, status, "together-commitments", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) commitments(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.commitmentsPage(w, r, p, http.StatusOK, commitmentsPage{}, nil)
}

func (app *Web) propose(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := commitmentsPage{Text: r.PostFormValue("text"), Why: r.PostFormValue("why")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, err := app.Together.Propose(r.Context(), sp, together.CommitmentDraft{Text: page.Text, Why: page.Why})
	if pr, ok := valid.As(err); ok {
		return app.commitmentsPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/commitments/"+c.ID, app.savedFlash(page.Text, page.Why))
	return nil
}

// commitmentPage is one commitment: its words, its check-ins, and the
// forms the viewer's role has (edit; decide; check in; confirm).
type commitmentPage struct {
	spaceHead
	ID, Text, Why, Status, StatusWords string
	Made, Decided, Ended               string
	Checkins                           []ledgerRow
	Kept, Partly, Broken, Waiting      int
	// The forms as typed: the words being edited, and a new check-in.
	EditText, EditWhy string
	Outcome, Note     string
	Disclosed         bool
	When              string
	Today             string // the latest date a check-in may have
}

type ledgerRow struct {
	ID, By, Outcome, CountedAs, Note, When string
	Disclosed, Counted, Mine               bool
}

var outcomeWords = map[trust.Outcome]string{trust.Kept: "Kept", trust.Partly: "Partly kept", trust.Broken: "Broken"}

func (app *Web) commitmentPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page commitmentPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "commitments")
	if err != nil {
		return err
	}
	c, ins, err := app.Together.Commitment(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	loc := head.Loc
	page.spaceHead = head
	page.ID, page.Text, page.Why, page.Status, page.StatusWords = c.ID, c.Value.Text, c.Value.Why, c.Value.Status, statusWords[c.Value.Status]
	page.Made = c.CreatedAt.In(loc).Format("2 January 2006")
	if !c.Value.DecidedAt.IsZero() {
		page.Decided = c.Value.DecidedAt.In(loc).Format("2 January 2006")
	}
	if !c.Value.EndedAt.IsZero() {
		page.Ended = c.Value.EndedAt.In(loc).Format("2 January 2006")
	}
	if problems == nil {
		page.EditText, page.EditWhy = c.Value.Text, c.Value.Why
	}
	page.Today = time.Now().In(loc).Format(time.DateOnly)
	for _, in := range ins {
		v := in.Value
		row := ledgerRow{ID: in.ID, Outcome: outcomeWords[v.Outcome], Note: v.Note, Disclosed: v.Disclosed,
			When: in.CreatedAt.In(loc).Format("Monday 2 January 2006"), Mine: v.By == sp.Role}
		row.By = sp.Partner
		if row.Mine {
			row.By = "You"
		}
		if o, ok := v.Counted(); ok {
			row.Counted, row.CountedAs = true, outcomeWords[o]
			switch o {
			case trust.Kept:
				page.Kept++
			case trust.Partly:
				page.Partly++
			case trust.Broken:
				page.Broken++
			}
		} else {
			page.Waiting++
		}
		page.Checkins = append(page.Checkins, row)
	}
	app.render(w, r, status, "together-commitment", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) commitment(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.commitmentPage(w, r, p, http.StatusOK, commitmentPage{}, nil)
}

func (app *Web) editCommitment(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := commitmentPage{EditText: r.PostFormValue("text"), EditWhy: r.PostFormValue("why")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	_, err = app.Together.EditCommitment(r.Context(), sp, r.PathValue("id"), together.CommitmentDraft{Text: page.EditText, Why: page.EditWhy})
	if pr, ok := valid.As(err); ok {
		return app.commitmentPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/commitments/"+r.PathValue("id"), app.savedFlash(page.EditText, page.EditWhy))
	return nil
}

// decideCommitment accepts, declines or ends a commitment.
func (app *Web) decideCommitment(how string) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		sp, err := app.Together.Open(r.Context(), p)
		if err != nil {
			return err
		}
		id := r.PathValue("id")
		switch how {
		case "accept", "decline":
			_, err = app.Together.Decide(r.Context(), sp, id, how == "accept")
		default:
			_, err = app.Together.EndCommitment(r.Context(), sp, id)
		}
		if err != nil {
			return err
		}
		app.redirect(w, r, "/together/commitments/"+id, "saved")
		return nil
	}
}

func (app *Web) addCommitmentCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := commitmentPage{Outcome: r.PostFormValue("outcome"), Note: r.PostFormValue("note"),
		Disclosed: r.PostFormValue("disclosed") == "yes", When: r.PostFormValue("when")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	d := together.CheckinDraft{Outcome: page.Outcome, Disclosed: page.Disclosed, Note: page.Note}
	var problems valid.Problems
	if page.When != "" {
		// A day in the past: the check-in is about that day, at its noon.
		day, err := time.ParseInLocation(time.DateOnly, page.When, loc)
		if err != nil {
			problems.Add("created_at", "Write the day as a date, such as 2026-11-30.")
		} else if today := time.Now().In(loc).Format(time.DateOnly); page.When != today {
			d.At = day.Add(12 * time.Hour)
		}
	}
	if problems == nil {
		_, err = app.Together.AddCheckin(r.Context(), sp, r.PathValue("id"), d)
		if pr, ok := valid.As(err); ok {
			problems = pr
		} else if err != nil {
			return err
		}
	}
	if problems != nil {
		return app.commitmentPage(w, r, p, http.StatusUnprocessableEntity, page, problems)
	}
	app.redirect(w, r, "/together/commitments/"+r.PathValue("id"), app.savedFlash(page.Note))
	return nil
}

func (app *Web) confirmCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	checkin := r.PathValue("checkin")
	_, err = app.Together.Confirm(r.Context(), sp, id, checkin, r.PostFormValue("outcome"))
	if pr, ok := valid.As(err); ok {
		// The problem is said beside the check-in's own form.
		for i := range pr {
			pr[i].Field = "confirm-" + checkin
		}
		return app.commitmentPage(w, r, p, http.StatusUnprocessableEntity, commitmentPage{}, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/commitments/"+id, "saved")
	return nil
}

// trustPage is the estimate in words, as a chart and a table, with the
// person's settings and the way to the felt trust.
type trustPage struct {
	spaceHead
	Trust        together.Trust
	Percent      int // the estimate, in percent
	Lower, Upper int
	Chart        chart.Lines
	Weeks        []trustWeek
	ByCommitment []struct {
		ID, Text         string
		Percent, Counted int
	}
	HalfLife, Breach string // the settings form, as typed
}

type trustWeek struct {
	Start              string
	Mean, Lower, Upper int
}

func percent(v float64) int { return int(v*100 + 0.5) }

func (app *Web) trustPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page trustPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "trust")
	if err != nil {
		return err
	}
	t, err := app.Together.Trust(r.Context(), sp, head.Loc)
	if err != nil {
		return err
	}
	page.spaceHead, page.Trust = head, t
	page.Percent, page.Lower, page.Upper = percent(t.Overall.Mean), percent(t.Overall.Lower), percent(t.Overall.Upper)
	if problems == nil {
		page.HalfLife, page.Breach = strconv.Itoa(t.Settings.HalfLifeDays), strconv.FormatFloat(t.Settings.BreachWeight, 'f', -1, 64)
	}
	for _, c := range t.Commitments {
		page.ByCommitment = append(page.ByCommitment, struct {
			ID, Text         string
			Percent, Counted int
		}{c.ID, c.Text, percent(c.Estimate.Mean), c.Counted})
	}
	var mean, lower, upper []chart.Point
	for _, wk := range t.History {
		start, err := time.ParseInLocation(time.DateOnly, wk.Start, head.Loc)
		if err != nil {
			return err
		}
		mean = append(mean, chart.Point{At: start, Value: 100 * wk.Estimate.Mean})
		lower = append(lower, chart.Point{At: start, Value: 100 * wk.Estimate.Lower})
		upper = append(upper, chart.Point{At: start, Value: 100 * wk.Estimate.Upper})
		page.Weeks = append(page.Weeks, trustWeek{Start: start.Format("2 Jan 2006"), Mean: percent(wk.Estimate.Mean),
			Lower: percent(wk.Estimate.Lower), Upper: percent(wk.Estimate.Upper)})
	}
	page.Chart = chart.Lines{Title: "The trust estimate, week by week, in percent", Min: 0, Max: 100, YTicks: []float64{0, 50, 100},
		Series: []chart.Series{{Name: "Estimate", Points: mean, Class: "trust-mean"},
			{Name: "Lower end", Points: lower, Class: "trust-band"}, {Name: "Upper end", Points: upper, Class: "trust-band"}}}
	// Newest week first in the table.
	for i, j := 0, len(page.Weeks)-1; i < j; i, j = i+1, j-1 {
		page.Weeks[i], page.Weeks[j] = page.Weeks[j], page.Weeks[i]
	}
	app.render(w, r, status, "together-trust", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) trust(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.trustPage(w, r, p, http.StatusOK, trustPage{}, nil)
}

func (app *Web) setTrustSettings(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := trustPage{HalfLife: r.PostFormValue("half_life_days"), Breach: r.PostFormValue("breach_weight")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	var problems valid.Problems
	half, err := strconv.Atoi(strings.TrimSpace(page.HalfLife))
	if err != nil {
		problems.Add("half_life_days", "The half-life is a whole number of days from 7 to 730.")
	}
	breach, err := strconv.ParseFloat(strings.TrimSpace(page.Breach), 64)
	if err != nil {
		problems.Add("breach_weight", "The weight of a breach is a number from 1 to 10.")
	}
	if problems == nil {
		_, err = app.Together.SetTrustSettings(r.Context(), sp, trust.Settings{HalfLifeDays: half, BreachWeight: breach})
		if pr, ok := valid.As(err); ok {
			problems = pr
		} else if err != nil {
			return err
		}
	}
	if problems != nil {
		return app.trustPage(w, r, p, http.StatusUnprocessableEntity, page, problems)
	}
	app.redirect(w, r, "/together/trust", "saved")
	return nil
}

// setPause calls a pause for a number of days (or hours), from the
// overview's form.
func (app *Web) setPause(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := togetherPage{PauseFor: r.PostFormValue("for"), PauseNote: r.PostFormValue("note")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	var until time.Time
	for _, c := range pauseChoices {
		if c.Value == page.PauseFor {
			until = time.Now().Add(c.For)
		}
	}
	_, err = app.Together.SetPause(r.Context(), sp, until, page.PauseNote)
	if pr, ok := valid.As(err); ok {
		if pr.For("until") != "" {
			pr = append(valid.Problems{{Field: "for", Message: "Choose how long the pause lasts."}}, pr...)
		}
		return app.togetherPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together", "paused")
	return nil
}

// pauseChoice is a length a pause can be called for from the page.
type pauseChoice struct {
	Value, Label string
	For          time.Duration
}

var pauseChoices = []pauseChoice{
	{"evening", "The rest of today (six hours)", 6 * time.Hour},
	{"day", "A day", 24 * time.Hour},
	{"3days", "Three days", 72 * time.Hour},
	{"week", "A week", 7 * 24 * time.Hour},
	{"2weeks", "Two weeks", 14 * 24 * time.Hour},
}

func (app *Web) liftPause(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	if err := app.Together.LiftPause(r.Context(), sp); err != nil && !errors.Is(err, together.ErrNotPaused) {
		return err
	}
	app.redirect(w, r, "/together", "lifted")
	return nil
}
