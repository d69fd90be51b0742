package api

import (
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
)

type stepJSON struct {
	Number  int    `json:"number"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// listSteps answers with one side's twelve steps: the one ?journey=
// names; else, with a token, the side its account walks (app.Journey);
// else the person's. The answer says which.
func (a *API) listSteps(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	side, err := a.stepsFor(r)
	if err != nil {
		return err
	}
	steps := make([]stepJSON, len(side.Steps))
	for i, s := range side.Steps {
		steps[i] = stepJSON{s.Number, s.Slug, s.Title, s.Summary}
	}
	writeJSON(w, http.StatusOK, map[string]any{"journey": side.Role, "steps": steps})
	return nil
}

// stepsFor chooses the side listSteps answers with. A token is optional
// on the route, but one that is sent must be good.
func (a *API) stepsFor(r *http.Request) (*journey.Side, error) {
	switch q := journey.Role(r.URL.Query().Get("journey")); q {
	case journey.Person, journey.Partner:
		return a.Guide.For(q), nil
	case "":
	default:
		return nil, httpx.Errorf(http.StatusBadRequest, "bad_journey", "journey must be person or partner.")
	}
	if r.Header.Get("Authorization") == "" {
		return a.Guide.Side, nil
	}
	p, err := a.authenticate(r.Context(), r)
	if err != nil {
		return nil, err
	}
	return a.Journey(r.Context(), p)
}

type emotionJSON struct {
	Name  string `json:"name"`
	Group string `json:"group"`
	Label string `json:"label"`
	About string `json:"about"`
}

func (a *API) listEmotions(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	out := make([]emotionJSON, len(a.Guide.Emotions))
	for i, e := range a.Guide.Emotions {
		out[i] = emotionJSON{e.Name, e.Group, e.Label, e.About}
	}
	m := a.Guide.EmotionModel
	writeJSON(w, http.StatusOK, map[string]any{
		"model":    map[string]any{"name": m.Name, "authors": m.Authors, "year": m.Year},
		"emotions": out,
	})
	return nil
}
