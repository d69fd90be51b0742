package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/together"
	"kintsugi/internal/trust"
)

// The shared space's commitments, their check-ins, the trust estimate and
// the pause. Every handler opens the space from the caller's own
// membership: someone in none gets 404, whatever id they name.

func (a *API) spaceRoutes() []Route {
	c := Prefix + "/together/commitments"
	return []Route{
		{http.MethodPost, c, true, a.propose},
		{http.MethodGet, c, true, a.listCommitments},
		{http.MethodGet, c + "/{id}", true, a.getCommitment},
		{http.MethodPut, c + "/{id}", true, a.editCommitment},
		{http.MethodPost, c + "/{id}/accept", true, a.decide(true)},
		{http.MethodPost, c + "/{id}/decline", true, a.decide(false)},
		{http.MethodPost, c + "/{id}/end", true, a.endCommitment},
		{http.MethodPost, c + "/{id}/checkins", true, a.addCommitmentCheckin},
		{http.MethodPost, c + "/{id}/checkins/{checkin}/confirm", true, a.confirmCheckin},
		{http.MethodGet, Prefix + "/together/trust", true, a.trust},
		{http.MethodPut, Prefix + "/together/trust/settings", true, a.setTrustSettings},
		{http.MethodPut, Prefix + "/together/pause", true, a.setPause},
		{http.MethodDelete, Prefix + "/together/pause", true, a.liftPause},
	}
}

type commitmentJSON struct {
	ID        string        `json:"id"`
	Text      string        `json:"text"`
	Why       string        `json:"why"`
	Status    string        `json:"status"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
	DecidedAt *time.Time    `json:"decided_at"`
	EndedAt   *time.Time    `json:"ended_at"`
	Checkins  []checkinJSON `json:"checkins,omitempty"`
}

type checkinJSON struct {
	ID          string         `json:"id"`
	By          string         `json:"by"`
	Outcome     trust.Outcome  `json:"outcome"`
	Disclosed   bool           `json:"disclosed"`
	Note        string         `json:"note"`
	CreatedAt   time.Time      `json:"created_at"`
	Counted     bool           `json:"counted"`
	CountedAs   *trust.Outcome `json:"counted_as"`
	ConfirmedAt *time.Time     `json:"confirmed_at"`
}

// when is a time that may not have come, as JSON: null until it has.
func when(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func toCommitmentJSON(c record.Record[together.Commitment]) commitmentJSON {
	v := c.Value
	return commitmentJSON{ID: c.ID, Text: v.Text, Why: v.Why, Status: v.Status, CreatedAt: c.CreatedAt.UTC(),
		UpdatedAt: c.UpdatedAt.UTC(), DecidedAt: when(v.DecidedAt), EndedAt: when(v.EndedAt)}
}

func toCheckinJSON(c record.Record[together.CommitmentCheckin]) checkinJSON {
	v := c.Value
	out := checkinJSON{ID: c.ID, By: v.By, Outcome: v.Outcome, Disclosed: v.Disclosed, Note: v.Note,
		CreatedAt: c.CreatedAt.UTC(), ConfirmedAt: when(v.ConfirmedAt)}
	if o, ok := v.Counted(); ok {
		out.Counted, out.CountedAs = true, &o
	}
	return out
}

// commitmentBody is what the partner writes.
type commitmentBody struct {
	Text string `json:"text"`
	Why  string `json:"why"`
}

func (a *API) propose(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in commitmentBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, err := a.Together.Propose(r.Context(), sp, together.CommitmentDraft{Text: in.Text, Why: in.Why})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCommitmentJSON(c))
	return nil
}

func (a *API) listCommitments(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	all, err := a.Together.Commitments(r.Context(), sp)
	if err != nil {
		return err
	}
	items := make([]commitmentJSON, len(all))
	for i, c := range all {
		items[i] = toCommitmentJSON(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (a *API) getCommitment(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, ins, err := a.Together.Commitment(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := toCommitmentJSON(c)
	out.Checkins = make([]checkinJSON, len(ins))
	for i, in := range ins {
		out.Checkins[i] = toCheckinJSON(in)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) editCommitment(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in commitmentBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, err := a.Together.EditCommitment(r.Context(), sp, r.PathValue("id"), together.CommitmentDraft{Text: in.Text, Why: in.Why})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCommitmentJSON(c))
	return nil
}

// decide accepts or declines a proposed commitment; the request reads no
// body.
func (a *API) decide(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		sp, err := a.Together.Open(r.Context(), p)
		if err != nil {
			return err
		}
		c, err := a.Together.Decide(r.Context(), sp, r.PathValue("id"), accept)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, toCommitmentJSON(c))
		return nil
	}
}

func (a *API) endCommitment(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, err := a.Together.EndCommitment(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCommitmentJSON(c))
	return nil
}

func (a *API) addCommitmentCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Outcome   string     `json:"outcome"`
		Disclosed bool       `json:"disclosed"`
		Note      string     `json:"note"`
		CreatedAt *time.Time `json:"created_at"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	d := together.CheckinDraft{Outcome: in.Outcome, Disclosed: in.Disclosed, Note: in.Note}
	if in.CreatedAt != nil {
		d.At = *in.CreatedAt
	}
	c, err := a.Together.AddCheckin(r.Context(), sp, r.PathValue("id"), d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCheckinJSON(c))
	return nil
}

func (a *API) confirmCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Outcome string `json:"outcome"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	c, err := a.Together.Confirm(r.Context(), sp, r.PathValue("id"), r.PathValue("checkin"), in.Outcome)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCheckinJSON(c))
	return nil
}

// settingsJSON are the person's settings of the estimate.
type settingsJSON struct {
	HalfLifeDays int     `json:"half_life_days"`
	BreachWeight float64 `json:"breach_weight"`
}

func (a *API) trust(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	loc, err := a.zone(r, p)
	if err != nil {
		return err
	}
	t, err := a.Together.Trust(r.Context(), sp, loc)
	if err != nil {
		return err
	}
	type commitmentTrust struct {
		ID      string `json:"id"`
		Text    string `json:"text"`
		Status  string `json:"status"`
		Counted int    `json:"counted"`
		trust.Estimate
	}
	out := struct {
		Overall     trust.Estimate    `json:"overall"`
		Commitments []commitmentTrust `json:"commitments"`
		History     []trust.Week      `json:"history"`
		Settings    settingsJSON      `json:"settings"`
		Counted     int               `json:"counted"`
		Waiting     int               `json:"waiting"`
	}{Overall: t.Overall, Commitments: []commitmentTrust{}, History: t.History, Counted: t.Counted, Waiting: t.Waiting,
		Settings: settingsJSON{t.Settings.HalfLifeDays, t.Settings.BreachWeight}}
	if out.History == nil {
		out.History = []trust.Week{}
	}
	for _, c := range t.Commitments {
		out.Commitments = append(out.Commitments, commitmentTrust{c.ID, c.Text, c.Status, c.Counted, c.Estimate})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) setTrustSettings(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		HalfLifeDays *int     `json:"half_life_days"`
		BreachWeight *float64 `json:"breach_weight"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	cur, err := a.Together.TrustSettings(r.Context(), sp)
	if err != nil {
		return err
	}
	// A setting left out keeps its value.
	if in.HalfLifeDays != nil {
		cur.HalfLifeDays = *in.HalfLifeDays
	}
	if in.BreachWeight != nil {
		cur.BreachWeight = *in.BreachWeight
	}
	set, err := a.Together.SetTrustSettings(r.Context(), sp, cur)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsJSON{set.HalfLifeDays, set.BreachWeight})
	return nil
}

// pauseJSON is a pause in force.
type pauseJSON struct {
	By    string    `json:"by"`
	Mine  bool      `json:"mine"`
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	Note  string    `json:"note"`
}

func toPauseJSON(sp *together.Space, p *record.Record[together.PauseState]) *pauseJSON {
	if p == nil {
		return nil
	}
	return &pauseJSON{By: p.Value.By, Mine: p.Value.By == sp.Role, Since: p.CreatedAt.UTC(), Until: p.Value.Until.UTC(), Note: p.Value.Note}
}

func (a *API) setPause(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Until *time.Time `json:"until"`
		Note  string     `json:"note"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	var until time.Time
	if in.Until != nil {
		until = *in.Until
	}
	pause, err := a.Together.SetPause(r.Context(), sp, until, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toPauseJSON(sp, pause))
	return nil
}

func (a *API) liftPause(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	if err := a.Together.LiftPause(r.Context(), sp); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
