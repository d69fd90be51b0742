package web

import (
	"html/template"
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/safety"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// crisisBox is what the crisis box and the help page show: the person's
// own safety plan first, when they have written one, then the operator's
// words and resources; and, for a signed-in person, where to write or
// change their plan.
type crisisBox struct {
	*safety.Crisis
	Own      []planPart // the parts of their plan they filled in, in order
	Changed  *when      // when they last changed it
	PlanHref string     // the plan's page; "" when signed out
}

// planPart is one part of a person's own plan, as they wrote it.
type planPart struct {
	Label string
	Text  template.HTML
}

// crisisFor returns the crisis box for p (nil when signed out). Their
// plan is read only when a page shows the box; should reading it fail, the
// operator's resources still show, since that is what matters most then.
func (app *Web) crisisFor(r *http.Request, p *account.Person) *crisisBox {
	box := &crisisBox{Crisis: app.Crisis}
	k, ok := app.Tools.Kind(tools.SafetyPlanKind)
	if p == nil || !ok {
		return box
	}
	box.PlanHref = "/" + k.Path
	plan, err := tools.OwnPlan(r.Context(), app.Tools, func(k *tool.Kind) *tool.Items { return k.Items(app.Store, p) })
	if err != nil {
		app.Log.Error("read the safety plan", "request_id", httpx.RequestID(r.Context()), "route", httpx.RouteOf(r), "err", err)
		return box
	}
	if plan.Empty() {
		return box
	}
	for _, part := range plan.Parts {
		box.Own = append(box.Own, planPart{Label: part.Label, Text: paragraphs(part.Text)})
	}
	changed := whenOf(plan.UpdatedAt)
	box.Changed = &changed
	return box
}
