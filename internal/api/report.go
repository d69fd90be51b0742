package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/report"
)

// The report to bring to a therapist, as a PDF. GET reads what it covers
// from the query; POST from a JSON body, which keeps what the person
// wants to talk about out of the URL (and so out of proxies' logs and
// browser history).

func (a *API) reportRoutes() []Route {
	return []Route{
		{http.MethodGet, Prefix + "/report.pdf", true, a.reportFromQuery},
		{http.MethodPost, Prefix + "/report.pdf", true, a.reportFromBody},
	}
}

func (a *API) reportFromQuery(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	q := r.URL.Query()
	return a.sendReport(w, r, p, report.Request{From: q.Get("from"), To: q.Get("to"),
		Entries: q["entries"], Parts: q["parts"], Talk: q.Get("talk")})
}

// reportBody is what POST /report.pdf reads.
type reportBody struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Entries []string `json:"entries"`
	Parts   []string `json:"parts"`
	Talk    string   `json:"talk"`
}

func (a *API) reportFromBody(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in reportBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	return a.sendReport(w, r, p, report.Request(in))
}

// buildReport checks rq and gathers the report it asks for.
func (a *API) buildReport(r *http.Request, p *account.Person, rq report.Request) (*report.Report, error) {
	loc, err := a.zone(r, p)
	if err != nil {
		return nil, err
	}
	return a.report.Make(r.Context(), p, p.Username, loc, rq, time.Now())
}

func (a *API) sendReport(w http.ResponseWriter, r *http.Request, p *account.Person, rq report.Request) error {
	rep, err := a.buildReport(r, p, rq)
	if err != nil {
		return err
	}
	pdf, err := rep.PDF()
	if err != nil {
		return err
	}
	// A report is all content: no cache along the way may keep it.
	w.Header().Set("Cache-Control", "no-store")
	httpx.Attachment(w, "application/pdf", rep.FileName(), pdf)
	return nil
}
