package web

import (
	"net/http"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
)

type journalList struct {
	Entries []entryRow
	Next    string
	First   bool
	Step    *journey.Step // only the entries tied to this step
}

const entriesPage = 20

func (app *Web) journal(p *account.Person) *record.Collection[journey.JournalEntry] {
	return record.Open(app.Store, p, journey.Journal)
}

func (app *Web) journalList(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	cursor := r.URL.Query().Get("cursor")
	list := journalList{First: cursor == ""}
	page := record.Page{Limit: entriesPage, Cursor: cursor}
	if s := r.URL.Query().Get("step"); s != "" {
		n, _ := strconv.Atoi(s)
		st, ok := app.Guide.Step(n)
		if !ok {
			return httpx.NotFound
		}
		list.Step, page.Tag = &st, journey.StepTag(n)
	}
	entries, next, err := app.journal(p).List(r.Context(), page)
	if err != nil {
		return badCursor(err)
	}
	list.Entries, list.Next = app.entryRows(entries), next
	app.render(w, r, http.StatusOK, "journal-list", view{Title: "Journal", Nav: "journal", Data: list})
	return nil
}

// entryForm is the journal form: new when ID is empty, else an edit.
type entryForm struct {
	ID     string
	Title  string
	Body   string
	Step   string
	Prompt string
}

func (f entryForm) StepNumber() int {
	n, _ := strconv.Atoi(f.Step)
	return n
}

func (app *Web) newEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	form := entryForm{Step: r.URL.Query().Get("step")}
	if st, ok := app.Guide.Step(form.StepNumber()); ok {
		// A prompt is chosen by its number on the step page; its words
		// are the product's, not the person's.
		if i, err := strconv.Atoi(r.URL.Query().Get("prompt")); err == nil && i >= 0 && i < len(st.Prompts) {
			form.Prompt = st.Prompts[i]
		}
	} else {
		form.Step = ""
	}
	app.render(w, r, http.StatusOK, "journal-form", view{Title: "New entry", Nav: "journal", Data: form})
	return nil
}

// entryFrom reads the form; step is "" for none.
func entryFrom(r *http.Request) (entryForm, journey.JournalEntry) {
	form := entryForm{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Step: r.PostFormValue("step"),
		Prompt: r.PostFormValue("prompt")}
	e := journey.JournalEntry{Title: form.Title, Body: form.Body}
	if form.Step != "" {
		e.Step = -1 // reported as out of range unless it parses
		if n, err := strconv.Atoi(form.Step); err == nil {
			e.Step = n
		}
	}
	return form, e
}

func (app *Web) createEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form, e := entryFrom(r)
	if err := e.Clean(); err != nil {
		return app.formError(w, r, err, "journal-form", "New entry", form, "body")
	}
	rec, err := app.journal(p).Create(r.Context(), e, time.Time{})
	if err != nil {
		return err
	}
	app.redirect(w, r, "/journal/"+rec.ID, app.savedFlash(e.Title, e.Body))
	return nil
}

func (app *Web) savedFlash(texts ...string) string {
	if app.Crisis.Detect(texts...) {
		return flashCrisis
	}
	return "saved"
}

func (app *Web) showEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rec, err := app.journal(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	title := rec.Value.Title
	if title == "" {
		title = "Journal entry"
	}
	app.render(w, r, http.StatusOK, "journal-entry", view{Title: title, Nav: "journal", Data: rec})
	return nil
}

func (app *Web) editEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rec, err := app.journal(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	form := entryForm{ID: rec.ID, Title: rec.Value.Title, Body: rec.Value.Body}
	if rec.Value.Step != 0 {
		form.Step = strconv.Itoa(rec.Value.Step)
	}
	app.render(w, r, http.StatusOK, "journal-form", view{Title: "Edit entry", Nav: "journal", Data: form})
	return nil
}

func (app *Web) updateEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form, e := entryFrom(r)
	form.ID = r.PathValue("id")
	if err := e.Clean(); err != nil {
		return app.formError(w, r, err, "journal-form", "Edit entry", form, "body")
	}
	if _, err := app.journal(p).Update(r.Context(), form.ID, e); err != nil {
		return notFound(err)
	}
	app.redirect(w, r, "/journal/"+form.ID, app.savedFlash(e.Title, e.Body))
	return nil
}

func (app *Web) confirmDeleteEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rec, err := app.journal(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return notFound(err)
	}
	app.render(w, r, http.StatusOK, "confirm-delete", view{Title: "Delete this entry?", Nav: "journal", Data: confirmDelete{
		What: "this journal entry from " + rec.CreatedAt.UTC().Format("2 January 2006"), Action: "/journal/" + rec.ID + "/delete", Back: "/journal/" + rec.ID}})
	return nil
}

func (app *Web) deleteEntry(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.journal(p).Delete(r.Context(), r.PathValue("id")); err != nil {
		return notFound(err)
	}
	app.redirect(w, r, "/journal", "deleted")
	return nil
}
