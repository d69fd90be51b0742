package web

import (
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/tools"
)

// carePanel is what the self-care plan's panel on step 8 shows: the plan
// itself, to pick one small thing from on a hard day, and the way to the
// safety plan for the hardest ones.
type carePanel struct {
	Parts    []planPart
	PlanHref string // the safety plan's page
}

func (app *Web) selfCarePanel(r *http.Request, p *account.Person) (any, error) {
	out := carePanel{}
	if k, ok := app.Tools.Kind(tools.SafetyPlanKind); ok {
		out.PlanHref = "/" + k.Path
	}
	k, _ := app.Tools.ByPath("selfcare-plan")
	it, ok, err := k.Items(app.Store, p).One(r.Context())
	if err != nil || !ok {
		return out, err
	}
	for _, part := range tools.PlanOf(k, app.Tools.Words(), &it).Parts {
		out.Parts = append(out.Parts, planPart{Label: part.Label, Text: paragraphs(part.Text)})
	}
	return out, nil
}
