package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
)

type checkinJSON struct {
	ID         string         `json:"id"`
	CreatedAt  time.Time      `json:"created_at"`
	Emotions   []journey.Felt `json:"emotions"`
	Sensations string         `json:"sensations"`
	Note       string         `json:"note"`
	Crisis     *crisisJSON    `json:"crisis_resources,omitempty"`
}

func checkinOut(r record.Record[journey.Checkin]) checkinJSON {
	return checkinJSON{ID: r.ID, CreatedAt: r.CreatedAt, Emotions: r.Value.Emotions, Sensations: r.Value.Sensations, Note: r.Value.Note}
}

func (a *API) checkins(p *account.Person) *record.Collection[journey.Checkin] {
	return record.Open(a.Store, p, journey.Checkins)
}

func (a *API) createCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in journey.Checkin
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.Guide.CleanCheckin(&in); err != nil {
		return err
	}
	rec, err := a.checkins(p).Create(r.Context(), in, time.Time{})
	if err != nil {
		return err
	}
	out := checkinOut(rec)
	out.Crisis = a.crisisFor(in.Note, in.Sensations)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) listCheckins(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, next, err := a.checkins(p).List(r.Context(), pg)
	if err != nil {
		return recordErr(err)
	}
	out := make([]checkinJSON, len(items))
	for i, it := range items {
		out[i] = checkinOut(it)
	}
	writeJSON(w, http.StatusOK, newListBody(out, next))
	return nil
}

func (a *API) getCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rec, err := a.checkins(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return recordErr(err)
	}
	writeJSON(w, http.StatusOK, checkinOut(rec))
	return nil
}

func (a *API) deleteCheckin(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.checkins(p).Delete(r.Context(), r.PathValue("id")); err != nil {
		return recordErr(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
