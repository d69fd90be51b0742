package api

import (
	"net/http"

	"kintsugi/internal/account"
)

type stepJSON struct {
	Number  int    `json:"number"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

func (a *API) listSteps(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	steps := make([]stepJSON, len(a.Guide.Steps))
	for i, s := range a.Guide.Steps {
		steps[i] = stepJSON{s.Number, s.Slug, s.Title, s.Summary}
	}
	writeJSON(w, http.StatusOK, map[string]any{"steps": steps})
	return nil
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
