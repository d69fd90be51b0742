package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/together"
)

// Talking in the shared space: questions and their answers, repairs and
// the person's responses, conversations and their messages. As for every
// shared route, the space is opened from the caller's own membership.

func (a *API) talkRoutes() []Route {
	q, rp, th := Prefix+"/together/questions", Prefix+"/together/repairs", Prefix+"/together/threads"
	return []Route{
		{http.MethodPost, q, true, spaceWrite(a, http.StatusCreated, a.ask)},
		{http.MethodGet, q, true, spaceRead(a, a.listQuestions)},
		{http.MethodGet, q + "/{id}", true, spaceRead(a, a.getQuestion)},
		{http.MethodPost, q + "/{id}/answer", true, spaceWrite(a, http.StatusOK, a.answer)},
		{http.MethodPost, rp, true, spaceWrite(a, http.StatusCreated, a.addRepair)},
		{http.MethodGet, rp, true, spaceRead(a, a.listRepairs)},
		{http.MethodGet, rp + "/{id}", true, spaceRead(a, a.getRepair)},
		{http.MethodPost, rp + "/{id}/response", true, spaceWrite(a, http.StatusOK, a.respond)},
		{http.MethodPost, th, true, spaceWrite(a, http.StatusCreated, a.startThread)},
		{http.MethodGet, th, true, spaceRead(a, a.listThreads)},
		{http.MethodGet, th + "/{id}", true, spaceRead(a, a.getThread)},
		{http.MethodPost, th + "/{id}/messages", true, spaceWrite(a, http.StatusCreated, a.addMessage)},
	}
}

// textBody is the one field most of talk's writes carry.
type textBody struct {
	Text string `json:"text"`
}

type questionJSON struct {
	ID         string     `json:"id"`
	Text       string     `json:"text"`
	Status     string     `json:"status"` // open or answered
	Answer     string     `json:"answer"`
	CreatedAt  time.Time  `json:"created_at"`
	AnsweredAt *time.Time `json:"answered_at"`
	// Note is, in the answer to asking, the gentle note on a question
	// that seems to ask for graphic detail.
	Note string `json:"note,omitempty"`
}

func toQuestionJSON(q record.Record[together.Question]) questionJSON {
	out := questionJSON{ID: q.ID, Text: q.Value.Text, Status: "answered", Answer: q.Value.Answer,
		CreatedAt: q.CreatedAt.UTC(), AnsweredAt: when(q.Value.AnsweredAt)}
	if q.Value.Open() {
		out.Status = "open"
	}
	return out
}

// spaceWrite is the common shape of a shared write: decode the body, open
// the caller's space, do it, answer with status and what do returned.
func spaceWrite[In, Out any](a *API, status int, do func(r *http.Request, sp *together.Space, in In) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		var in In
		if err := decode(w, r, &in); err != nil {
			return err
		}
		sp, err := a.Together.Open(r.Context(), p)
		if err != nil {
			return err
		}
		out, err := do(r, sp, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// spaceRead opens the caller's space and answers with what read returns.
func spaceRead[Out any](a *API, read func(r *http.Request, sp *together.Space) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		sp, err := a.Together.Open(r.Context(), p)
		if err != nil {
			return err
		}
		out, err := read(r, sp)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

func (a *API) ask(r *http.Request, sp *together.Space, in textBody) (questionJSON, error) {
	q, err := a.Together.Ask(r.Context(), sp, in.Text)
	out := toQuestionJSON(q)
	out.Note = together.GraphicNote(q.Value.Text)
	return out, err
}

func (a *API) listQuestions(r *http.Request, sp *together.Space) (any, error) {
	all, err := a.Together.Questions(r.Context(), sp)
	items := make([]questionJSON, len(all))
	for i, q := range all {
		items[i] = toQuestionJSON(q)
	}
	return map[string]any{"items": items, "guidance": together.AskingGuidance().Guidance}, err
}

func (a *API) getQuestion(r *http.Request, sp *together.Space) (questionJSON, error) {
	q, err := a.Together.Question(r.Context(), sp, r.PathValue("id"))
	return toQuestionJSON(q), err
}

func (a *API) answer(r *http.Request, sp *together.Space, in textBody) (questionJSON, error) {
	q, err := a.Together.Answer(r.Context(), sp, r.PathValue("id"), in.Text)
	return toQuestionJSON(q), err
}

type repairJSON struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Text        string     `json:"text"`
	Response    string     `json:"response"`
	CreatedAt   time.Time  `json:"created_at"`
	RespondedAt *time.Time `json:"responded_at"`
}

func toRepairJSON(rp record.Record[together.Repair]) repairJSON {
	v := rp.Value
	return repairJSON{ID: rp.ID, Kind: v.Kind, Text: v.Text, Response: v.Response, CreatedAt: rp.CreatedAt.UTC(), RespondedAt: when(v.RespondedAt)}
}

type addRepairBody struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

func (a *API) addRepair(r *http.Request, sp *together.Space, in addRepairBody) (repairJSON, error) {
	rp, err := a.Together.AddRepair(r.Context(), sp, together.RepairDraft{Kind: in.Kind, Text: in.Text})
	return toRepairJSON(rp), err
}

func (a *API) listRepairs(r *http.Request, sp *together.Space) (any, error) {
	all, err := a.Together.Repairs(r.Context(), sp)
	items := make([]repairJSON, len(all))
	for i, rp := range all {
		items[i] = toRepairJSON(rp)
	}
	return map[string]any{"items": items}, err
}

func (a *API) getRepair(r *http.Request, sp *together.Space) (repairJSON, error) {
	rp, err := a.Together.Repair(r.Context(), sp, r.PathValue("id"))
	return toRepairJSON(rp), err
}

func (a *API) respond(r *http.Request, sp *together.Space, in textBody) (repairJSON, error) {
	rp, err := a.Together.Respond(r.Context(), sp, r.PathValue("id"), in.Text)
	return toRepairJSON(rp), err
}

type threadJSON struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	By        string        `json:"by"`
	Mine      bool          `json:"mine"`
	CreatedAt time.Time     `json:"created_at"`
	Messages  []messageJSON `json:"messages"`
}

type threadSummaryJSON struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	By        string    `json:"by"`
	Mine      bool      `json:"mine"`
	CreatedAt time.Time `json:"created_at"`
	Count     int       `json:"messages"`
	LastAt    time.Time `json:"last_at"`
}

type messageJSON struct {
	ID        string    `json:"id"`
	By        string    `json:"by"`
	Mine      bool      `json:"mine"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

func toMessageJSON(sp *together.Space, m record.Record[together.Message]) messageJSON {
	return messageJSON{ID: m.ID, By: m.Value.By, Mine: m.Value.By == sp.Role, Text: m.Value.Text, CreatedAt: m.CreatedAt.UTC()}
}

func (a *API) threadJSON(r *http.Request, sp *together.Space, id string) (threadJSON, error) {
	t, ms, err := a.Together.Thread(r.Context(), sp, id)
	if err != nil {
		return threadJSON{}, err
	}
	out := threadJSON{ID: t.ID, Title: t.Value.Title, By: t.Value.By, Mine: t.Value.By == sp.Role, CreatedAt: t.CreatedAt.UTC(),
		Messages: make([]messageJSON, len(ms))}
	for i, m := range ms {
		out.Messages[i] = toMessageJSON(sp, m)
	}
	return out, nil
}

type startThreadBody struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

func (a *API) startThread(r *http.Request, sp *together.Space, in startThreadBody) (threadJSON, error) {
	t, err := a.Together.StartThread(r.Context(), sp, in.Title, in.Text)
	if err != nil {
		return threadJSON{}, err
	}
	return a.threadJSON(r, sp, t.ID)
}

func (a *API) listThreads(r *http.Request, sp *together.Space) (any, error) {
	all, err := a.Together.Threads(r.Context(), sp)
	items := make([]threadSummaryJSON, len(all))
	for i, t := range all {
		items[i] = threadSummaryJSON{ID: t.ID, Title: t.Value.Title, By: t.Value.By, Mine: t.Value.By == sp.Role,
			CreatedAt: t.CreatedAt.UTC(), Count: t.Messages, LastAt: t.Last.UTC()}
	}
	return map[string]any{"items": items}, err
}

func (a *API) getThread(r *http.Request, sp *together.Space) (threadJSON, error) {
	return a.threadJSON(r, sp, r.PathValue("id"))
}

func (a *API) addMessage(r *http.Request, sp *together.Space, in textBody) (messageJSON, error) {
	m, err := a.Together.AddMessage(r.Context(), sp, r.PathValue("id"), in.Text)
	return toMessageJSON(sp, m), err
}
