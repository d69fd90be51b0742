package web

import (
	"cmp"
	"net/http"
	"strconv"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/together"
	"kintsugi/internal/valid"
)

// The weekly check-in's page: this week's questions as a form, both
// members' answers side by side once both have answered, and the weeks
// before. The other's answers are never on the page before then.

// weeklyPage is the page: the form as typed (or as last saved), this week
// and the past ones.
type weeklyPage struct {
	spaceHead
	Words together.WeeklyWords
	Week  weekView
	Form  []weeklyField
	Past  []weekView
	Open  bool // the viewer may answer now: both are in the space, and it is not paused
}

// weeklyField is one question of the form.
type weeklyField struct {
	ID, Text     string
	Value, Note  string // as typed or saved; Value "" for no number chosen
	ValueProblem string
	NoteProblem  string
}

// weekView is one week as the viewer may see it.
type weekView struct {
	Of           string // the date of its Monday
	Until        string // when it ends, in the viewer's zone
	Mine, Both   bool
	TheyAnswered bool
	Rows         []weeklyRow
	Other        string // the other member, as the table names them
	Caption      string // the table's, for screen readers
}

// weeklyRow is one question's answers: the viewer's, and the other's once
// both have answered.
type weeklyRow struct {
	Question     string
	Mine, Theirs *together.WeeklyValue
}

func (app *Web) weeklyPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, form []weeklyField, problems valid.Problems) error {
	sp, head, err := app.openSpace(r, p, "checkins")
	if err != nil {
		return err
	}
	wk, err := app.Together.ThisWeek(r.Context(), sp)
	if err != nil {
		return err
	}
	past, err := app.Together.PastWeeks(r.Context(), sp)
	if err != nil {
		return err
	}
	page := weeklyPage{spaceHead: head, Words: together.Weekly(), Week: app.weekView(head, wk), Form: form,
		Open: sp.Linked() && head.Pause == nil}
	if form == nil {
		page.Form = weeklyForm(wk.Mine)
	}
	for _, pw := range past {
		page.Past = append(page.Past, app.weekView(head, pw))
	}
	app.render(w, r, status, "together-checkins", view{Title: "Together", Nav: "together", Problems: problems, Data: page})
	return nil
}

// weeklyForm is the form with the viewer's saved answers, if any.
func weeklyForm(mine *record.Record[together.WeeklyAnswer]) []weeklyField {
	saved := map[string]together.WeeklyValue{}
	if mine != nil {
		for _, v := range mine.Value.Answers {
			saved[v.Question] = v
		}
	}
	var out []weeklyField
	for _, q := range together.Weekly().Questions {
		f := weeklyField{ID: q.ID, Text: q.Text}
		if v, ok := saved[q.ID]; ok {
			f.Value, f.Note = strconv.Itoa(v.Value), v.Note
		}
		out = append(out, f)
	}
	return out
}

func (app *Web) weekView(head spaceHead, wk together.Week) weekView {
	v := weekView{Of: wk.Start.Format("Monday 2 January 2006"), Until: wk.End.In(head.Loc).Format("Monday 2 January, 15:04"),
		Mine: wk.Mine != nil, Both: wk.Both(), TheyAnswered: wk.TheyAnswered, Other: cmp.Or(head.Space.Partner, "the other person")}
	v.Caption = "Your answers in the week of " + v.Of
	if v.Both {
		v.Caption = "Your answers and " + v.Other + "'s in the week of " + v.Of
	}
	if wk.Mine == nil {
		return v
	}
	theirs := map[string]together.WeeklyValue{}
	if wk.Theirs != nil {
		for _, a := range wk.Theirs.Value.Answers {
			theirs[a.Question] = a
		}
	}
	text := map[string]string{}
	for _, q := range together.Weekly().Questions {
		text[q.ID] = q.Text
	}
	for _, a := range wk.Mine.Value.Answers {
		row := weeklyRow{Question: text[a.Question], Mine: &a}
		if row.Question == "" {
			row.Question = a.Question // a question since retired
		}
		if t, ok := theirs[a.Question]; ok {
			row.Theirs = &t
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func (app *Web) weekly(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.weeklyPage(w, r, p, http.StatusOK, nil, nil)
}

// answerWeek saves the viewer's answers for this week from the form, whose
// fields are named value-{question} and note-{question}.
func (app *Web) answerWeek(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return err
	}
	form := weeklyForm(nil)
	drafts := make([]together.AnswerDraft, len(form))
	var notes []string
	for i := range form {
		f := &form[i]
		f.Value, f.Note = r.PostFormValue("value-"+f.ID), r.PostFormValue("note-"+f.ID)
		drafts[i] = together.AnswerDraft{Question: f.ID, Note: f.Note}
		if n, err := strconv.Atoi(f.Value); err == nil {
			drafts[i].Value = &n
		}
		notes = append(notes, f.Note)
	}
	wk, err := app.Together.AnswerWeek(r.Context(), sp, drafts)
	if pr, ok := valid.As(err); ok {
		// The service names answers by their place in the list, which is
		// the form's order.
		for i := range form {
			at := "answers[" + strconv.Itoa(i) + "]."
			form[i].ValueProblem, form[i].NoteProblem = pr.For(at+"value"), pr.For(at+"note")
		}
		return app.weeklyPage(w, r, p, http.StatusUnprocessableEntity, form, pr)
	}
	if err != nil {
		return err
	}
	// The calm note after saving says whether the answers are now side
	// by side, or wait for the other's.
	flash := app.savedFlash(notes...)
	switch {
	case flash != "saved":
	case wk.Both():
		flash = "weekly-both"
	default:
		flash = "weekly-waiting"
	}
	app.redirect(w, r, "/together/checkins", flash)
	return nil
}
