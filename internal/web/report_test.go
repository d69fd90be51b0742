package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
)

// The report's form: offered with the last three months and the entries
// in them, back as typed with its problems, previewed as a page to print,
// downloaded as a PDF, and carried across an expired session.
func TestReportFormRoundTrip(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river := newBrowser(t, app)
	river.signUp("river")
	p := river.post("/journal", url.Values{"title": {"At the café"}, "body": {"I ordered a **crème brûlée**."}, "step": {"1"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("journal entry: %d", p.status)
	}
	entry := strings.TrimPrefix(p.header.Get("Location"), "/journal/")

	if p := river.get("/settings"); !strings.Contains(p.body, `href="/report"`) {
		t.Error("Settings › Your data does not lead to the report")
	}
	p = river.get("/report")
	today := time.Now().UTC().Format(time.DateOnly)
	if p.status != 200 || !strings.Contains(p.body, `value="`+entry+`"`) || !strings.Contains(p.body, "At the café") ||
		!strings.Contains(p.body, `name="to" id="to" value="`+today+`"`) {
		t.Fatalf("the form: %d %s", p.status, p.body)
	}
	if !strings.Contains(p.body, `value="feelings" id="part-feelings" checked`) || strings.Contains(p.body, `value="safety-plan" id="part-safety-plan" checked`) {
		t.Error("the form does not tick every part but the safety plan")
	}

	talk := "Sleep, and <why> I freeze 😶"
	form := url.Values{"from": {"2026-02-02"}, "to": {"2026-02-01"}, "parts": {"entries", "talk"}, "entries": {entry}, "talk": {talk}}
	p = river.post("/report/preview", form)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="to-error"`) ||
		!strings.Contains(p.body, html.EscapeString(talk)+"</textarea>") || !strings.Contains(p.body, `value="2026-02-02"`) {
		t.Fatalf("a form with the days the wrong way round: %d %s", p.status, p.body)
	}
	if p := river.post("/report.pdf", url.Values{"parts": {"nothing-such"}, "talk": {talk}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="parts-error"`) || !strings.Contains(p.body, html.EscapeString(talk)) {
		t.Errorf("an unknown part: %d", p.status)
	}
	if p := river.post("/report/preview", url.Values{"talk": {talk}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="parts-error"`) {
		t.Errorf("no part ticked: %d", p.status)
	}

	form.Set("from", time.Now().AddDate(0, -1, 0).Format(time.DateOnly))
	form.Set("to", today)
	p = river.post("/report/preview", form)
	if p.status != 200 || !strings.Contains(p.body, "not a clinical assessment") || !strings.Contains(p.body, "<strong>crème brûlée</strong>") ||
		!strings.Contains(p.body, html.EscapeString(talk)+"</p>") || !strings.Contains(p.body, "<title>kintsugi</title>") {
		t.Fatalf("the preview: %d %s", p.status, p.body)
	}
	if !strings.Contains(p.body, `name="talk" value="`+html.EscapeString(talk)+`"`) || strings.Contains(p.body, "My feelings over time") {
		t.Error("the preview does not carry its fields, or shows a part not asked for")
	}
	p = river.post("/report.pdf", form)
	if p.status != 200 || p.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(p.body, "%PDF-") ||
		!strings.HasPrefix(p.header.Get("Content-Disposition"), `attachment; filename="kintsugi-report-`) {
		t.Fatalf("the PDF: %d %v", p.status, p.header)
	}
	// Other dates: the form again, with the words typed.
	if p := river.post("/report", url.Values{"from": {"2020-01-01"}, "to": {"2020-02-01"}, "talk": {talk}}); p.status != 200 ||
		strings.Contains(p.body, "At the café") || !strings.Contains(p.body, html.EscapeString(talk)+"</textarea>") {
		t.Errorf("the form for other dates: %d", p.status)
	}

	// Someone else naming river's entry learns nothing of it.
	stone := newBrowser(t, app)
	stone.signUp("stone")
	p = stone.post("/report/preview", url.Values{"parts": {"entries"}, "entries": {entry}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="entries-error"`) || strings.Contains(p.body, "café") {
		t.Errorf("stone naming river's entry: %d", p.status)
	}
	// GET of the preview or the PDF is no way in: they are POSTs only.
	if p := river.get("/report.pdf"); p.status != http.StatusNotFound && p.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /report.pdf: %d", p.status)
	}

	// The session ends while the person writes: what they typed is carried.
	other := newBrowser(t, app)
	other.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	other.post("/settings/sign-out-everywhere", nil)
	p = river.post("/report/preview", form)
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, `name="carry.talk" value="`+html.EscapeString(talk)+`"`) ||
		!strings.Contains(p.body, `value="/report/preview"`) {
		t.Fatalf("expired session: %d", p.status)
	}
}
