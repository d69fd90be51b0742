package api

import (
	"net/http"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
)

func (a *API) accessRoutes() []Route {
	return []Route{
		{http.MethodGet, Prefix + "/sessions", true, a.listSessions},
		{http.MethodDelete, Prefix + "/sessions/{id}", true, a.endSession},
		{http.MethodGet, Prefix + "/access-log", true, a.accessLog},
	}
}

type sessionJSON struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	SeenAt    time.Time `json:"seen_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Device    string    `json:"device"`
	Address   string    `json:"address"`
	Current   bool      `json:"current"`
}

// listSessions lists the caller's open sessions, newest first.
func (a *API) listSessions(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	list, err := a.Accounts.Sessions(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, len(list))
	for i, se := range list {
		out[i] = sessionJSON{ID: se.ID, CreatedAt: se.CreatedAt, SeenAt: se.SeenAt, ExpiresAt: se.ExpiresAt.Truncate(time.Second),
			Device: deviceOr(se.Device), Address: se.Address, Current: se.Current}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// endSession ends one of the caller's sessions, which may be this one.
func (a *API) endSession(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.Accounts.EndSession(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type logEntryJSON struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Device  string    `json:"device"`
	Address string    `json:"address"`
	By      string    `json:"by"`
	Share   string    `json:"share"`
	What    string    `json:"what"`
}

// accessLog is a page of the caller's access log, newest first.
func (a *API) accessLog(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	entries, next, err := a.AccessLog.List(r.Context(), p, pg)
	if err != nil {
		return err
	}
	out := make([]logEntryJSON, len(entries))
	for i, e := range entries {
		out[i] = logEntryJSON{ID: e.ID, At: e.At, Kind: e.Kind, Device: e.Device, Address: e.Address, By: e.By, Share: e.Share, What: e.What}
	}
	body := map[string]any{"items": out, "next_cursor": nil}
	if next != "" {
		body["next_cursor"] = next
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// deviceOr is a session's device description, or words for a session
// from before sessions kept one.
func deviceOr(device string) string {
	if device == "" {
		return accesslog.Device("")
	}
	return device
}
