package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/together"
)

// The weekly shared check-in: this week's questions and answers, and the
// weeks before. The other's answers are sent only once both have answered
// the week, never before; whether they have answered is.

func (a *API) weeklyRoutes() []Route {
	c := Prefix + "/together/checkins"
	return []Route{
		{http.MethodGet, c + "/current", true, a.thisWeek},
		{http.MethodPut, c + "/current", true, a.answerWeek},
		{http.MethodGet, c, true, a.pastWeeks},
	}
}

// weekJSON is one week as the caller may see it.
type weekJSON struct {
	Week         string                  `json:"week"`
	StartsAt     time.Time               `json:"starts_at"`
	EndsAt       time.Time               `json:"ends_at"`
	Questions    []together.WeekQuestion `json:"questions,omitempty"`
	Mine         *weeklyAnswerJSON       `json:"mine"`
	Theirs       *weeklyAnswerJSON       `json:"theirs"`
	TheyAnswered bool                    `json:"they_answered"`
}

// weeklyAnswerJSON is one member's answers for a week.
type weeklyAnswerJSON struct {
	Answers   []weeklyValueJSON `json:"answers"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

type weeklyValueJSON struct {
	Question string `json:"question"`
	Value    int    `json:"value"`
	Note     string `json:"note"`
}

func toWeeklyAnswerJSON(r *record.Record[together.WeeklyAnswer]) *weeklyAnswerJSON {
	if r == nil {
		return nil
	}
	out := &weeklyAnswerJSON{Answers: make([]weeklyValueJSON, len(r.Value.Answers)), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	for i, v := range r.Value.Answers {
		out.Answers[i] = weeklyValueJSON(v)
	}
	return out
}

func toWeekJSON(w together.Week) weekJSON {
	return weekJSON{Week: w.Key, StartsAt: w.Start, EndsAt: w.End, Mine: toWeeklyAnswerJSON(w.Mine),
		Theirs: toWeeklyAnswerJSON(w.Theirs), TheyAnswered: w.TheyAnswered}
}

// current is this week with its questions.
func current(w together.Week) weekJSON {
	out := toWeekJSON(w)
	out.Questions = together.Weekly().Questions
	return out
}

func (a *API) thisWeek(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	wk, err := a.Together.ThisWeek(r.Context(), sp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, current(wk))
	return nil
}

func (a *API) answerWeek(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Answers []struct {
			Question string `json:"question"`
			Value    *int   `json:"value"`
			Note     string `json:"note"`
		} `json:"answers"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	drafts := make([]together.AnswerDraft, len(in.Answers))
	for i, v := range in.Answers {
		drafts[i] = together.AnswerDraft(v)
	}
	wk, err := a.Together.AnswerWeek(r.Context(), sp, drafts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, current(wk))
	return nil
}

func (a *API) pastWeeks(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	sp, err := a.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	past, err := a.Together.PastWeeks(r.Context(), sp)
	if err != nil {
		return err
	}
	items := make([]weekJSON, len(past))
	for i, wk := range past {
		items[i] = toWeekJSON(wk)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
