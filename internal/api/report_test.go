package api_test

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reportScenarios cover the report to bring to a therapist, as a PDF.
func reportScenarios() []scenario {
	q := "/report.pdf"
	says := func(want ...string) func(t *testing.T, f *fixture, r response) {
		return func(t *testing.T, f *fixture, r response) {
			t.Helper()
			isPDF(t, r)
			text := bodyText(t, r.body)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("the report does not say %q:\n%s", w, text)
				}
			}
		}
	}
	lacks := func(not ...string) func(t *testing.T, f *fixture, r response) {
		return func(t *testing.T, f *fixture, r response) {
			t.Helper()
			isPDF(t, r)
			text := bodyText(t, r.body)
			for _, w := range not {
				if strings.Contains(text, w) {
					t.Errorf("the report says %q:\n%s", w, text)
				}
			}
		}
	}
	today := time.Now().UTC().Format(time.DateOnly)
	long := strings.Repeat("w", 4001)
	// sameAsMissing: bob naming alice's entry gets what a made-up id gets.
	sameAsMissing := func(t *testing.T, f *fixture, r response) {
		missing := f.do(t, request{method: "GET", path: "/api/v1" + q + "?entries={random}", who: "bob"})
		if missing.status != r.status || string(missing.body) != string(r.body) {
			t.Errorf("alice's entry: %d %s; a missing one: %d %s", r.status, r.body, missing.status, missing.body)
		}
	}
	all := []scenario{
		{name: "report: GET, the last three months", method: "GET", path: q, who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				says("self-monitoring", "not a clinical assessment", "Kept in kintsugi by alice", "Sadness", "What I want to talk about")(t, f, r)
				// No entry was chosen; the safety plan is not a default part.
				lacks(aliceBody, "My safety plan")(t, f, r)
				want := `attachment; filename="kintsugi-report-` + time.Now().AddDate(0, -3, 1).UTC().Format(time.DateOnly) + "-to-" + today + `.pdf"`
				if got := r.header.Get("Content-Disposition"); got != want && !strings.Contains(got, today) {
					t.Errorf("Content-Disposition %q, want %q", got, want)
				}
			}},
		{name: "report: GET, an entry and something to talk about", method: "GET", who: "alice", status: 200,
			path:  q + "?entries={journal}&parts=entries,talk&talk=" + url.QueryEscape("The café, and sleep"),
			check: says(aliceTitle, aliceBody, "The café, and sleep")},
		{name: "report: GET, the dates named", method: "GET", path: q + "?from=2025-01-01&to=2025-01-31", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				says("1 January 2025 to 31 January 2025", "I did not check in during these dates.")(t, f, r)
				if got := r.header.Get("Content-Disposition"); got != `attachment; filename="kintsugi-report-2025-01-01-to-2025-01-31.pdf"` {
					t.Errorf("Content-Disposition %q", got)
				}
			}},
		{name: "report: GET, the safety plan asked for", method: "GET", path: q + "?parts=safety-plan", who: "alice", status: 200,
			check: says("My safety plan")},
		{name: "report: GET, the last day before the first", method: "GET", path: q + "?from=2025-02-02&to=2025-02-01", who: "alice",
			status: 422, code: "invalid", field: "to"},
		{name: "report: GET, over three years", method: "GET", path: q + "?from=2020-01-01&to=2025-01-01", who: "alice",
			status: 422, code: "invalid", field: "to"},
		{name: "report: GET, not a date", method: "GET", path: q + "?from=yesterday", who: "alice", status: 422, code: "invalid", field: "from"},
		{name: "report: GET, an unknown part", method: "GET", path: q + "?parts=feelings,diagnosis", who: "alice", status: 422, code: "invalid", field: "parts"},
		{name: "report: GET, too much to talk about", method: "GET", path: q + "?talk=" + long, who: "alice", status: 422, code: "invalid", field: "talk"},
		{name: "report: GET, someone else's entry", method: "GET", path: q + "?entries={journal}", who: "bob", status: 422, code: "invalid", field: "entries",
			check: sameAsMissing},
		{name: "report: GET, no token", method: "GET", path: q, status: 401, code: "unauthenticated"},

		{name: "report: POST", method: "POST", path: q, who: "alice", status: 200,
			body:  map[string]any{"from": "2025-01-01", "to": "2025-03-31", "entries": []string{}, "parts": []string{"talk", "feelings"}, "talk": "Ünderstanding, and café"},
			check: says("1 January 2025 to 31 March 2025", "Ünderstanding, and café", "My feelings over time")},
		{name: "report: POST, an entry", method: "POST", path: q, who: "alice", status: 200,
			body: func(t *testing.T, f *fixture) any {
				return map[string]any{"entries": []string{f.journal}, "parts": []string{"entries"}}
			},
			check: says(aliceBody)},
		{name: "report: POST, an unknown part", method: "POST", path: q, who: "alice", body: map[string]any{"parts": []string{"everything"}},
			status: 422, code: "invalid", field: "parts"},
		{name: "report: POST, too much to talk about", method: "POST", path: q, who: "alice", body: map[string]any{"talk": long},
			status: 422, code: "invalid", field: "talk"},
		{name: "report: POST, no token", method: "POST", path: q, body: map[string]any{}, status: 401, code: "unauthenticated"},
	}
	return append(all, badBodies("POST", q, "alice", map[string]any{"parts": []string{"talk"}, "talk": "x"}, `{"parts": "talk"}`, 200)...)
}

func isPDF(t *testing.T, r response) {
	t.Helper()
	if !bytes.HasPrefix(r.body, []byte("%PDF-")) || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("not a PDF: %s %.40q", r.header.Get("Content-Type"), r.body)
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
}

// bodyText is a response body as words: a PDF read back with pdftotext
// (its pages are compressed: its bytes hold no words), anything else as
// it is. Without pdftotext it says so loudly, and a PDF's words go
// unchecked.
func bodyText(t *testing.T, body []byte) string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		return string(body)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("*** SKIPPED: pdftotext is not installed (apt-get install poppler-utils): the PDF's words are not checked ***")
		return string(body)
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
