package web

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/together"
	"kintsugi/internal/valid"
)

// The pages where the two talk: questions and answers, repairs and
// responses, conversations. Each form that fails comes back as typed;
// who will read what is said before anything is written.

// said is one piece of writing in the space, as a page shows it.
type said struct {
	ID, Text, By, When string
	Mine, Latest       bool
}

// saidBy says who wrote something: "You" or the other's name.
func saidBy(sp *together.Space, role string) string {
	if role == sp.Role {
		return "You"
	}
	return sp.Partner
}

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format("Monday 2 January 2006") }

// questionsPage lists the questions, with the form to ask one (the
// person's) as typed, and the gentle note when the question seems to ask
// for graphic detail.
type questionsPage struct {
	spaceHead
	Open, Answered []questionRow
	Guidance       string
	Text, Note     string
}

type questionRow struct {
	ID, Text, Asked, Answer, Answered string
}

func (app *Web) questionsPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page questionsPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "questions")
	if err != nil {
		return err
	}
	all, err := app.Together.Questions(r.Context(), sp)
	if err != nil {
		return err
	}
	page.spaceHead, page.Guidance = head, together.AskingGuidance().Guidance
	for _, q := range all {
		row := questionRow{ID: q.ID, Text: q.Value.Text, Asked: day(q.CreatedAt, head.Loc), Answer: q.Value.Answer}
		if q.Value.Open() {
			page.Open = append(page.Open, row)
			continue
		}
		row.Answered = day(q.Value.AnsweredAt, head.Loc)
		page.Answered = append(page.Answered, row)
	}
	app.render(w, r, status, "together-questions", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) questions(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.questionsPage(w, r, p, http.StatusOK, questionsPage{}, nil)
}

func (app *Web) ask(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := questionsPage{Text: r.PostFormValue("text")}
	// A question that seems to ask for graphic detail comes back once,
	// with the note and the choice to ask it as it is.
	if note := together.GraphicNote(page.Text); note != "" && r.PostFormValue("as_it_is") != "yes" {
		page.Note = note
		return app.questionsPage(w, r, p, http.StatusOK, page, nil)
	}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	q, err := app.Together.Ask(r.Context(), sp, page.Text)
	if pr, ok := valid.As(err); ok {
		return app.questionsPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/questions/"+q.ID, app.sentFlash(page.Text))
	return nil
}

// questionPage is one question, with its answer or the form to give it.
type questionPage struct {
	spaceHead
	questionRow
	Draft string // the answer as typed
}

func (app *Web) questionPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page questionPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "questions")
	if err != nil {
		return err
	}
	q, err := app.Together.Question(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	page.spaceHead = head
	page.questionRow = questionRow{ID: q.ID, Text: q.Value.Text, Asked: day(q.CreatedAt, head.Loc), Answer: q.Value.Answer}
	if !q.Value.Open() {
		page.Answered = day(q.Value.AnsweredAt, head.Loc)
	}
	app.render(w, r, status, "together-question", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) question(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.questionPage(w, r, p, http.StatusOK, questionPage{}, nil)
}

func (app *Web) answer(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := questionPage{Draft: r.PostFormValue("text")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	_, err = app.Together.Answer(r.Context(), sp, r.PathValue("id"), page.Draft)
	if pr, ok := valid.As(err); ok {
		return app.questionPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/questions/"+r.PathValue("id"), app.sentFlash(page.Draft))
	return nil
}

// repairsPage lists the repairs, with the form to record one (the
// partner's) as typed.
type repairsPage struct {
	spaceHead
	Repairs    []repairRow
	Kind, Text string
}

type repairRow struct {
	ID, Kind, Text, When, Response, Responded string
}

var repairWords = map[string]string{together.Apology: "An apology", together.Amends: "Amends made"}

func toRepairRow(id string, created time.Time, v together.Repair, loc *time.Location) repairRow {
	row := repairRow{ID: id, Kind: repairWords[v.Kind], Text: v.Text, When: day(created, loc), Response: v.Response}
	if !v.RespondedAt.IsZero() {
		row.Responded = day(v.RespondedAt, loc)
	}
	return row
}

func (app *Web) repairsPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page repairsPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "repairs")
	if err != nil {
		return err
	}
	all, err := app.Together.Repairs(r.Context(), sp)
	if err != nil {
		return err
	}
	page.spaceHead = head
	for _, rp := range all {
		page.Repairs = append(page.Repairs, toRepairRow(rp.ID, rp.CreatedAt, rp.Value, head.Loc))
	}
	app.render(w, r, status, "together-repairs", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) repairs(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.repairsPage(w, r, p, http.StatusOK, repairsPage{}, nil)
}

func (app *Web) addRepair(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := repairsPage{Kind: r.PostFormValue("kind"), Text: r.PostFormValue("text")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	rp, err := app.Together.AddRepair(r.Context(), sp, together.RepairDraft{Kind: page.Kind, Text: page.Text})
	if pr, ok := valid.As(err); ok {
		return app.repairsPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/repairs/"+rp.ID, app.sentFlash(page.Text))
	return nil
}

// repairPage is one repair, with its response or the form to give one.
type repairPage struct {
	spaceHead
	repairRow
	Draft string // the response as typed
}

func (app *Web) repairPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page repairPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "repairs")
	if err != nil {
		return err
	}
	rp, err := app.Together.Repair(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	page.spaceHead, page.repairRow = head, toRepairRow(rp.ID, rp.CreatedAt, rp.Value, head.Loc)
	app.render(w, r, status, "together-repair", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) repair(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.repairPage(w, r, p, http.StatusOK, repairPage{}, nil)
}

func (app *Web) respond(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := repairPage{Draft: r.PostFormValue("text")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	_, err = app.Together.Respond(r.Context(), sp, r.PathValue("id"), page.Draft)
	if pr, ok := valid.As(err); ok {
		return app.repairPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/repairs/"+r.PathValue("id"), app.sentFlash(page.Draft))
	return nil
}

// threadsPage lists the conversations, with the form to start one.
type threadsPage struct {
	spaceHead
	Threads     []threadRow
	Title, Text string
}

type threadRow struct {
	ID, Title, By, Last string
	Messages            int
}

func (app *Web) threadsPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page threadsPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "threads")
	if err != nil {
		return err
	}
	all, err := app.Together.Threads(r.Context(), sp)
	if err != nil {
		return err
	}
	page.spaceHead = head
	for _, t := range all {
		page.Threads = append(page.Threads, threadRow{ID: t.ID, Title: t.Value.Title, By: saidBy(sp, t.Value.By),
			Last: day(t.Last, head.Loc), Messages: t.Messages})
	}
	app.render(w, r, status, "together-threads", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) threads(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.threadsPage(w, r, p, http.StatusOK, threadsPage{}, nil)
}

func (app *Web) startThread(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := threadsPage{Title: r.PostFormValue("title"), Text: r.PostFormValue("text")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	t, err := app.Together.StartThread(r.Context(), sp, page.Title, page.Text)
	if pr, ok := valid.As(err); ok {
		return app.threadsPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/threads/"+t.ID, app.sentFlash(page.Title, page.Text))
	return nil
}

// threadPage is one conversation, oldest message first, with the form to
// add one as typed.
type threadPage struct {
	spaceHead
	ID, Title string
	Messages  []said
	Text      string
}

func (app *Web) threadPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page threadPage, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "threads")
	if err != nil {
		return err
	}
	t, ms, err := app.Together.Thread(r.Context(), sp, r.PathValue("id"))
	if err != nil {
		return err
	}
	page.spaceHead, page.ID, page.Title = head, t.ID, t.Value.Title
	for _, m := range ms {
		page.Messages = append(page.Messages, said{ID: m.ID, Text: m.Value.Text, By: saidBy(sp, m.Value.By),
			When: m.CreatedAt.In(head.Loc).Format("Mon 2 Jan 2006, 15:04"), Mine: m.Value.By == sp.Role})
	}
	if n := len(page.Messages); n > 0 {
		page.Messages[n-1].Latest = true
	}
	app.render(w, r, status, "together-thread", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

func (app *Web) thread(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.threadPage(w, r, p, http.StatusOK, threadPage{}, nil)
}

func (app *Web) addMessage(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := threadPage{Text: r.PostFormValue("text")}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	_, err = app.Together.AddMessage(r.Context(), sp, r.PathValue("id"), page.Text)
	if pr, ok := valid.As(err); ok {
		return app.threadPage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/together/threads/"+r.PathValue("id")+"#latest", app.sentFlash(page.Text))
	return nil
}
