package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
)

type journalJSON struct {
	ID        string      `json:"id"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Title     string      `json:"title"`
	Body      string      `json:"body"`
	Step      *int        `json:"step"`
	Crisis    *crisisJSON `json:"crisis_resources,omitempty"`
}

func journalOut(r record.Record[journey.JournalEntry]) journalJSON {
	out := journalJSON{ID: r.ID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Title: r.Value.Title, Body: r.Value.Body}
	if r.Value.Step != 0 {
		out.Step = &r.Value.Step
	}
	return out
}

// journalIn is the request body; step may be absent or null.
type journalIn struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Step  *int   `json:"step"`
}

func (in journalIn) entry() journey.JournalEntry {
	e := journey.JournalEntry{Title: in.Title, Body: in.Body}
	if in.Step != nil {
		e.Step = *in.Step
		if e.Step == 0 {
			e.Step = -1 // an explicit 0 is out of range, not "none"
		}
	}
	return e
}

func (a *API) journal(p *account.Person) *record.Collection[journey.JournalEntry] {
	return record.Open(a.Store, p, journey.Journal)
}

func (a *API) readEntry(w http.ResponseWriter, r *http.Request) (journey.JournalEntry, error) {
	var in journalIn
	if err := decode(w, r, &in); err != nil {
		return journey.JournalEntry{}, err
	}
	e := in.entry()
	return e, e.Clean()
}

func (a *API) createJournal(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	e, err := a.readEntry(w, r)
	if err != nil {
		return err
	}
	rec, err := a.journal(p).Create(r.Context(), e, time.Time{})
	if err != nil {
		return err
	}
	out := journalOut(rec)
	out.Crisis = a.crisisFor(e.Title, e.Body)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) listJournal(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	items, next, err := a.journal(p).List(r.Context(), pg)
	if err != nil {
		return recordErr(err)
	}
	out := make([]journalJSON, len(items))
	for i, it := range items {
		out[i] = journalOut(it)
	}
	writeJournalList(w, out, next)
	return nil
}

func (a *API) getJournal(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rec, err := a.journal(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return recordErr(err)
	}
	writeJSON(w, http.StatusOK, journalOut(rec))
	return nil
}

func (a *API) updateJournal(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	e, err := a.readEntry(w, r)
	if err != nil {
		return err
	}
	rec, err := a.journal(p).Update(r.Context(), r.PathValue("id"), e)
	if err != nil {
		return recordErr(err)
	}
	out := journalOut(rec)
	out.Crisis = a.crisisFor(e.Title, e.Body)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) deleteJournal(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.journal(p).Delete(r.Context(), r.PathValue("id")); err != nil {
		return recordErr(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
