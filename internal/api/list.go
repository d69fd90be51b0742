package api

import (
	"net/http"
	"strconv"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
	"kintsugi/internal/safety"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
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
// may be in crisis: their own safety plan first, when they have written
// one, then the operator's resources. The item is saved either way.
type crisisJSON struct {
	OwnPlan        *tools.Plan       `json:"own_plan,omitempty"`
	Heading        string            `json:"heading"`
	Message        string            `json:"message"`
	Emergency      string            `json:"emergency"`
	EmergencyLines []safety.Line     `json:"emergency_lines,omitempty"`
	Resources      []safety.Resource `json:"resources"`
}

// crisisFor returns the crisis resources for p when texts suggest a
// crisis, and nil otherwise. Their plan is read only then; should reading
// it fail, the operator's resources still go out, since what was written
// is saved already.
func (a *API) crisisFor(r *http.Request, p *account.Person, texts ...string) *crisisJSON {
	if !a.Crisis.Detect(texts...) {
		return nil
	}
	c := a.Crisis
	out := &crisisJSON{Heading: c.Heading, Message: c.Intro, Emergency: c.Emergency, EmergencyLines: c.EmergencyLines, Resources: c.Resources}
	if a.Tools == nil || p == nil {
		return out
	}
	plan, err := tools.OwnPlan(r.Context(), a.Tools, func(k *tool.Kind) *tool.Items { return k.Items(a.Store, p) })
	if err != nil {
		a.Log.Error("read the safety plan", "request_id", httpx.RequestID(r.Context()), "route", httpx.RouteOf(r), "err", err)
	} else if !plan.Empty() {
		out.OwnPlan = &plan
	}
	return out
}
