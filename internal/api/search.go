package api

import (
	"errors"
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// foundJSON is one item a search found.
type foundJSON struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Title     string    `json:"title"`
	Excerpt   string    `json:"excerpt"`
	Href      string    `json:"href"`
}

// search serves GET /api/v1/search: every item holding every word of q,
// newest first. The query is read here and goes nowhere else: not into
// the logs, which name the route's pattern only, nor into an error.
func (a *API) search(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q, err := tools.ParseQuery(r.URL.Query().Get("q"))
	switch {
	case errors.Is(err, tools.ErrNoQuery):
		return httpx.Errorf(http.StatusBadRequest, "bad_query", "q needs at least one word to look for.")
	case errors.Is(err, tools.ErrLongQuery):
		return httpx.Errorf(http.StatusBadRequest, "bad_query", "q can hold at most 8 words and 200 characters.")
	}
	found, next, err := a.Search(r.Context(), p, q, pg.Limit, pg.Cursor)
	if err != nil {
		return err
	}
	out := make([]foundJSON, len(found))
	for i, f := range found {
		out[i] = foundJSON{Kind: kindName(f.Kind), ID: f.Item.ID, CreatedAt: f.Item.CreatedAt,
			Title: a.summary(tool.Entry{Kind: f.Kind, Item: f.Item}), Excerpt: f.Excerpt, Href: f.Href}
	}
	body := map[string]any{"items": out, "next_cursor": nil}
	if next != "" {
		body["next_cursor"] = next
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}
