package api

import (
	"net/http"
	"strconv"

	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
	"kintsugi/internal/safety"
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

// crisisJSON is attached to a created item whose words suggest the person
// may be in crisis. The item is saved either way.
type crisisJSON struct {
	Heading        string            `json:"heading"`
	Message        string            `json:"message"`
	Emergency      string            `json:"emergency"`
	EmergencyLines []safety.Line     `json:"emergency_lines,omitempty"`
	Resources      []safety.Resource `json:"resources"`
}

func (a *API) crisisFor(texts ...string) *crisisJSON {
	if !a.Crisis.Detect(texts...) {
		return nil
	}
	c := a.Crisis
	return &crisisJSON{c.Heading, c.Intro, c.Emergency, c.EmergencyLines, c.Resources}
}
