package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/together"
	"kintsugi/internal/valid"
)

// togetherPage is the Together page: the link, or the ways to make one.
type togetherPage struct {
	Link *together.Link
	// Since is when they linked, as a date in the viewer's time zone.
	Since string
	// The safety check as answered ("yes", "no" or ""), and the code as
	// typed, when a form comes back.
	Safe, Free, Code string
	// Invitation is a new invitation, shown once; Expires its end in the
	// person's time zone.
	Invitation *together.Invitation
	Expires    string
	// NotSafe is the answer to a safety check that was not yes twice:
	// help instead of an invitation.
	NotSafe bool
	// Head is the shared space's, while linked or after the other left
	// (Kept: what was shared can still be read).
	Head *spaceHead
	Kept bool
	// The pause form as typed, and its choices.
	PauseFor, PauseNote string
	PauseChoices        []pauseChoice
}

func (app *Web) togetherPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page togetherPage, problems valid.Problems) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	l, err := app.Together.Link(r.Context(), p)
	switch {
	case err == nil:
		page.Link, page.Since = &l, l.Since.In(loc).Format("2 January 2006")
	case !errors.Is(err, together.ErrNotLinked):
		return err
	}
	switch sp, head, err := app.openSpace(r, p, "overview"); {
	case err == nil:
		page.Head, page.Kept = &head, !sp.Linked()
	case !errors.Is(err, together.ErrNotLinked):
		return err
	}
	if page.Invitation != nil {
		page.Expires = page.Invitation.ExpiresAt.In(loc).Format("Monday 2 January, 15:04")
	}
	page.PauseChoices = pauseChoices
	v := view{Title: "Together", Nav: "together", Problems: problems, Data: page}
	if page.NotSafe {
		v.Crisis = app.crisisFor(r, p)
	}
	app.render(w, r, status, "together", v)
	return nil
}

func (app *Web) together(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.togetherPage(w, r, p, http.StatusOK, togetherPage{}, nil)
}

// invite answers the safety check: an invitation when both answers are
// yes, help and no invitation otherwise.
func (app *Web) invite(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := togetherPage{Safe: r.PostFormValue("safe"), Free: r.PostFormValue("free")}
	var problems valid.Problems
	if page.Safe != "yes" && page.Safe != "no" {
		problems.Add("safe", "Please answer this question: yes or no.")
	}
	if page.Free != "yes" && page.Free != "no" {
		problems.Add("free", "Please answer this question: yes or no.")
	}
	if problems != nil {
		return app.togetherPage(w, r, p, http.StatusUnprocessableEntity, page, problems)
	}
	inv, err := app.Together.Invite(r.Context(), p, page.Safe == "yes", page.Free == "yes")
	switch {
	case errors.Is(err, together.ErrNotSafe):
		return app.togetherPage(w, r, p, http.StatusOK, togetherPage{NotSafe: true}, nil)
	case err != nil:
		return err
	}
	return app.togetherPage(w, r, p, http.StatusCreated, togetherPage{Invitation: &inv}, nil)
}

// acceptInvitation links the person, as the other one, with a code.
func (app *Web) acceptInvitation(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := togetherPage{Code: r.PostFormValue("code")}
	_, err := app.Together.Accept(r.Context(), p, page.Code, httpx.ClientAddr(r, app.TrustedProxies))
	if err != nil {
		if pr, ok := valid.As(err); ok {
			return app.togetherPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
		}
		e := httpError(err)
		if e.Status >= 500 {
			return err
		}
		var pr valid.Problems
		pr.Add("code", e.Message)
		if after, ok := account.RetryAfter(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(after/time.Second)))
		}
		return app.togetherPage(w, r, p, e.Status, page, pr)
	}
	app.redirect(w, r, "/together", "linked")
	return nil
}

// endLink ends the person's link, at once; for the one who stayed after
// the other left, it lets what was shared go.
func (app *Web) endLink(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	flash := "unlinked"
	if _, err := app.Together.Link(r.Context(), p); errors.Is(err, together.ErrNotLinked) {
		flash = "let-go"
	}
	if err := app.Together.Unlink(r.Context(), p); err != nil && !errors.Is(err, together.ErrNotLinked) {
		return err
	}
	app.redirect(w, r, "/together", flash)
	return nil
}
