package web

import (
	"html/template"
	"net/http"
	"slices"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/markdown"
	"kintsugi/internal/report"
	"kintsugi/internal/valid"
)

// The report to bring to a therapist. Its form is a GET only when
// nothing is typed in it; everything after is a POST (refused cross-site
// like every other), so that what the person wants to talk about, and
// which entries they chose, never go into an address: POST /report
// draws the form again for other dates, /report/preview the page to
// print, /report.pdf the PDF. Each reads the same fields, and the page
// and the PDF are drawn from the one report.Report.

// reportForm is the form as drawn: what was typed, and what to offer.
type reportForm struct {
	From, To string
	Parts    []partChoice
	Entries  []entryChoice
	More     bool // the span has more entries than the form lists
	Talk     string
	MaxTalk  int
}

type partChoice struct {
	Name, Title string
	Checked     bool
}

type entryChoice struct {
	ID, Title, Date string
	Checked         bool
}

// entriesOffered is how many of the span's journal entries the form
// lists to choose from, newest first: more than a report can hold.
const entriesOffered = 200

// reportRequest reads the form's fields.
func reportRequest(r *http.Request) report.Request {
	return report.Request{From: r.PostFormValue("from"), To: r.PostFormValue("to"),
		Entries: r.PostForm["entries"], Parts: r.PostForm["parts"], Talk: r.PostFormValue("talk")}
}

func (app *Web) reportPage(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.renderReportForm(w, r, p, http.StatusOK, report.Request{Parts: report.DefaultParts}, nil)
}

// reportAgain draws the form again with everything typed, for the dates
// now in it: its list of entries is those of the new dates.
func (app *Web) reportAgain(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	rq := reportRequest(r)
	_, err := app.reportOptions(r, p, rq)
	problems, _ := valid.As(err)
	if problems != nil {
		return app.renderReportForm(w, r, p, http.StatusUnprocessableEntity, rq, problems)
	}
	return app.renderReportForm(w, r, p, http.StatusOK, rq, nil)
}

func (app *Web) reportPreview(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rep, done, err := app.buildReport(w, r, p)
	if done || err != nil {
		return err
	}
	app.render(w, r, http.StatusOK, "report", view{Title: "Your report", Nav: "settings", Data: reportView{rep, reportRequestOf(rep)}})
	return nil
}

func (app *Web) reportPDF(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	rep, done, err := app.buildReport(w, r, p)
	if done || err != nil {
		return err
	}
	pdf, err := rep.PDF()
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/pdf", rep.FileName(), pdf)
	return nil
}

// reportView is the preview: the report, and the form's fields again, to
// download it as a PDF or go back and change it.
type reportView struct {
	*report.Report
	Form report.Request
}

// Markdown renders a journal entry's body, as its own page does, with
// its headings under the entry's.
func (reportView) Markdown(body string) template.HTML { return markdown.RenderUnder(body, 3) }

// Day writes a day as the report does.
func (reportView) Day(t time.Time) string { return report.Day(t) }

// RatingHeader is the head of the ratings table.
func (v reportView) RatingHeader() []string {
	c := v.Words.Columns
	return []string{c["step"], c["ratings"], c["first"], c["latest"], c["average"]}
}

// NarrowChart is the feelings' chart drawn for a phone's width, where
// the wide one's labels would be too small to read.
func (v reportView) NarrowChart() template.HTML {
	lines := v.Feelings.Lines
	lines.Width, lines.Height = narrowChartW, narrowChartH
	return lines.SVG()
}

// Part is one part of the report, for the template that draws it.
func (v reportView) Part(name string) partView { return partView{v, name} }

type partView struct {
	reportView
	Name string
}

// reportRequestOf is the request that makes rep, for hidden fields.
func reportRequestOf(rep *report.Report) report.Request {
	o := rep.Options
	return report.Request{From: o.From.Format(time.DateOnly), To: o.To.Format(time.DateOnly), Entries: o.Entries, Parts: o.Parts, Talk: o.Talk}
}

// buildReport reads the form and gathers its report; done says the form
// came back with its problems instead.
func (app *Web) buildReport(w http.ResponseWriter, r *http.Request, p *account.Person) (*report.Report, bool, error) {
	if err := parseForm(w, r); err != nil {
		return nil, false, err
	}
	rq := reportRequest(r)
	// A form always names its parts: with none ticked, it asks for none,
	// which is no report at all.
	if len(rq.Parts) == 0 {
		return nil, true, app.renderReportForm(w, r, p, http.StatusUnprocessableEntity, rq,
			valid.Problems{{Field: "parts", Message: "Tick at least one part to put in your report."}})
	}
	rep, err := app.reportOptions(r, p, rq)
	if problems, ok := valid.As(err); ok {
		return nil, true, app.renderReportForm(w, r, p, http.StatusUnprocessableEntity, rq, problems)
	}
	return rep, false, err
}

// reportOptions checks rq and gathers its report.
func (app *Web) reportOptions(r *http.Request, p *account.Person, rq report.Request) (*report.Report, error) {
	loc, err := app.location(r, p)
	if err != nil {
		return nil, err
	}
	return app.report.Make(r.Context(), p, p.Username, loc, rq, time.Now())
}

// renderReportForm draws the form with rq's values and lists the journal
// entries of its dates (of the last three months, when they cannot be
// read).
func (app *Web) renderReportForm(w http.ResponseWriter, r *http.Request, p *account.Person, status int, rq report.Request, problems valid.Problems) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	now := time.Now()
	span, err := report.Request{From: rq.From, To: rq.To}.Options(loc, now)
	if err != nil {
		span, _ = report.Request{}.Options(loc, now)
	}
	form := reportForm{From: rq.From, To: rq.To, Talk: rq.Talk, MaxTalk: report.MaxTalk}
	if form.From == "" && form.To == "" {
		form.From, form.To = span.From.Format(time.DateOnly), span.To.Format(time.DateOnly)
	}
	words := app.report.Words()
	for _, name := range report.Parts {
		form.Parts = append(form.Parts, partChoice{Name: name, Title: words.Sections[name].Title, Checked: slices.Contains(rq.Parts, name)})
	}
	items, err := app.journal.Items(app.Store, p).Collection().Span(r.Context(), span.From, span.To.AddDate(0, 0, 1), "", 10*entriesOffered)
	if err != nil {
		return err
	}
	chosen := rq.Entries
	for i := len(items) - 1; i >= 0 && len(form.Entries) < entriesOffered; i-- {
		it := items[i]
		title := app.Tools.Words().Of(app.journal).One
		if sum := app.journal.Summary(it.Value); len(sum) > 0 {
			title = excerpt(sum[0], 80) // its title, or else the start of its words
		}
		form.Entries = append(form.Entries, entryChoice{ID: it.ID, Title: title, Date: report.Day(it.CreatedAt.In(loc)),
			Checked: slices.Contains(chosen, it.ID)})
	}
	form.More = len(items) > entriesOffered
	app.render(w, r, status, "report-form", view{Title: "A report to bring", Nav: "settings", Problems: problems, Data: form})
	return nil
}
