package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
)

// act serves one of a kind's named actions, at POST
// /api/v1/{path}/{id}/{name}: 201 with the item it made.
func (h kindAPI) act(a *tool.Action) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		value, err := a.ReadAction(body)
		if err != nil {
			return err
		}
		made, it, err := h.items(p).Act(r.Context(), a, r.PathValue("id"), value, time.Now())
		if err != nil {
			return err
		}
		h.writeItem(w, http.StatusCreated, made, &it)
		return nil
	}
}

// zone is the person's time zone, for what counts their days.
func (a *API) zone(r *http.Request, p *account.Person) (*time.Location, error) {
	prof, err := a.Accounts.Profile(r.Context(), p)
	if err != nil {
		return nil, err
	}
	return prof.Location(), nil
}
