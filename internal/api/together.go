package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/together"
	"kintsugi/internal/valid"
)

// linkJSON is a link as its member sees it.
type linkJSON struct {
	Partner struct {
		Username string `json:"username"`
	} `json:"partner"`
	Role   string     `json:"role"`
	Since  time.Time  `json:"since"`
	Paused bool       `json:"paused"`
	Pause  *pauseJSON `json:"pause"` // the pause in force, or null
}

func toLinkJSON(l together.Link) linkJSON {
	var out linkJSON
	out.Partner.Username, out.Role, out.Since = l.Partner, l.Role, l.Since.UTC()
	return out
}

// invite makes an invitation after the safety check; both answers must be
// given, and both yes.
func (a *API) invite(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Safe       *bool `json:"safe"`
		NoPressure *bool `json:"no_pressure"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var problems valid.Problems
	if in.Safe == nil {
		problems.Add("safe", "Say whether you feel safe with this person: true or false.")
	}
	if in.NoPressure == nil {
		problems.Add("no_pressure", "Say whether you are choosing this freely, without pressure: true or false.")
	}
	if problems != nil {
		return problems
	}
	inv, err := a.Together.Invite(r.Context(), p, *in.Safe, *in.NoPressure)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": inv.Code, "expires_at": inv.ExpiresAt.UTC()})
	return nil
}

// acceptInvitation links the caller, as the partner, with the one who
// made the invitation.
func (a *API) acceptInvitation(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	l, err := a.Together.Accept(r.Context(), p, in.Code, httpx.ClientAddr(r, a.TrustedProxies))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toLinkJSON(l))
	return nil
}

func (a *API) link(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	l, err := a.Together.Link(r.Context(), p)
	if err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	pause, err := a.Together.Pause(r.Context(), sp)
	if err != nil {
		return err
	}
	out := toLinkJSON(l)
	out.Pause = toPauseJSON(sp, pause)
	out.Paused = out.Pause != nil
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) unlink(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.Together.Unlink(r.Context(), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
