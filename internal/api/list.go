package api

import (
	"errors"
	"net/http"
	"strconv"

	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
	"kintsugi/internal/safety"
	"kintsugi/internal/store"
)

// Page sizes for listings.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// page reads ?limit= and ?cursor=; a limit above the maximum is capped.
func page(r *http.Request) (record.Page, error) {
	p := record.Page{Limit: defaultLimit, Cursor: r.URL.Query().Get("cursor")}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, httpx.Errorf(http.StatusBadRequest, "bad_limit", "limit must be a whole number from 1 to 100.")
		}
		p.Limit = min(n, maxLimit)
	}
	return p, nil
}

// listBody is a page of items with the next page's cursor (null at the end).
type listBody[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func newListBody[T any](items []T, next string) listBody[T] {
	b := listBody[T]{Items: items}
	if b.Items == nil {
		b.Items = []T{}
	}
	if next != "" {
		b.NextCursor = &next
	}
	return b
}

// recordErr maps record errors to API errors.
func recordErr(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return httpx.NotFound
	case errors.Is(err, record.ErrCursor):
		return httpx.Errorf(http.StatusBadRequest, "bad_cursor", "cursor is not one this API returned.")
	}
	return err
}

// crisisJSON is attached to a created item whose words suggest the person
// may be in crisis. The item is saved either way.
type crisisJSON struct {
	Heading   string            `json:"heading"`
	Message   string            `json:"message"`
	Emergency string            `json:"emergency"`
	Resources []safety.Resource `json:"resources"`
}

func (a *API) crisisFor(texts ...string) *crisisJSON {
	if !a.Crisis.Detect(texts...) {
		return nil
	}
	return &crisisJSON{a.Crisis.Heading, a.Crisis.Intro, a.Crisis.Emergency, a.Crisis.Resources}
}
