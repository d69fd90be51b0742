package api

import (
	"net/http"

	"kintsugi/internal/account"
)

// today serves GET /api/v1/today: one gentle next thing, and the hard date
// near, by its day alone.
func (a *API) today(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	t, err := a.Today(r.Context(), p)
	if err != nil {
		return err
	}
	body := map[string]any{"suggestion": t.Offer, "hard_date": t.Near, "not_today": t.NotToday}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// notToday serves POST /api/v1/today/not-today: nothing is suggested
// again until the person's day is over.
func (a *API) notToday(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.NotToday(r.Context(), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
