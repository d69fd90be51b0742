package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// TestBrowserReport fills in the report's form in a real browser, with a
// few weeks of check-ins, ratings, a boundary and journal entries behind
// it: a span the wrong way round comes back with its problem and the
// words typed, the preview shows the chosen parts, and the PDF downloads.
// The form and the preview are audited with axe-core.
func TestBrowserReport(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	token := signIn(t, app, b, "hazel_e2e")
	now := time.Now().UTC()
	at := func(days int) string { return now.AddDate(0, 0, -days).Format(time.RFC3339) }
	for i := range 8 {
		app.Create(t, "/api/v1/checkins", token, map[string]any{"created_at": at(7*i + 1),
			"emotions": []map[string]any{{"name": "sadness", "intensity": 8 - i/2}, {"name": "hope", "intensity": 2 + i/3}, {"name": "anger", "intensity": 3 + i%3}}})
	}
	for i, v := range []int{2, 4, 5} {
		app.Create(t, "/api/v1/ratings", token, map[string]any{"created_at": at(30 - 10*i), "step": 3, "value": v})
	}
	bd := app.Create(t, "/api/v1/boundaries", token, map[string]any{"kind": "contact", "words": "No calls after nine in the evening.", "status": "active"})
	for i, outcome := range []string{"held", "held", "crossed"} {
		app.Create(t, "/api/v1/boundaries/"+bd+"/events", token, map[string]any{"created_at": at(20 - 5*i), "outcome": outcome})
	}
	entry := app.Create(t, "/api/v1/journal", token, map[string]any{"created_at": at(3), "title": "At the café", "step": 1,
		"body": "I ordered a **crème brûlée** and did not cry.\n\nThen I walked home the long way."})
	app.Create(t, "/api/v1/journal", token, map[string]any{"created_at": at(12), "body": "A quieter week."})

	b.open("/settings", http.StatusOK)
	b.follow("open the report from Settings", http.StatusOK, click(`#yourdata ~ p a[href="/report"]`))
	b.wantText("h1", "A report to bring to your therapist")
	b.audit("report form")

	talk := "Why I freeze when the phone rings, and how to plan the holidays."
	b.do("choose dates the wrong way round", setDate("#from", "2026-02-02"), setDate("#to", "2026-02-01"))
	b.do("choose an entry and write", click("#entry-"+entry), fill("#talk", talk))
	b.follow("look it over", http.StatusUnprocessableEntity, click(`.report-form .actions button[type=submit]:not([formaction])`))
	b.wantText("#to-error", "before the first")
	if got := get(b, "read the words typed", chromedp.Evaluate[string](`document.querySelector("#talk").value`)); got != talk {
		t.Fatalf("the words typed came back as %q", got)
	}
	b.audit("report form with a problem")

	from := now.AddDate(0, -3, 1).Format(time.DateOnly)
	b.do("choose the last three months", setDate("#from", from), setDate("#to", now.Format(time.DateOnly)))
	b.do("put the safety plan in too", click("#part-safety-plan"))
	b.follow("show the entries of these dates", http.StatusOK, click(`button[formaction="/report"]`))
	b.wantText(`label[for="entry-`+entry+`"]`, "At the café")
	if !get(b, "is the entry still chosen", chromedp.Evaluate[bool](`document.querySelector("#entry-`+entry+`").checked`)) {
		t.Fatal("the chosen entry is no longer ticked")
	}
	b.follow("look it over", http.StatusOK, click(`.report-form .actions button[type=submit]:not([formaction])`))
	b.wantText("h1", "Notes to bring to a session")
	b.wantText(".report-disclaimer", "self-monitoring", "not a clinical assessment")
	b.wantText(".report", "My feelings over time", "Set boundaries", "crème brûlée", "No calls after nine", "My safety plan", talk)
	if b.count(".report figure.chart .chart-wide svg") != 1 {
		t.Fatal("the preview has no chart of feelings")
	}
	if strings.Contains(b.text(".report"), "A quieter week") {
		t.Fatal("the preview holds an entry that was not chosen")
	}
	if got := get(b, "read the title", chromedp.Title()); got != "kintsugi" {
		t.Errorf("the preview's title is %q", got)
	}
	b.audit("report preview")
	b.do("emulate print", media("print"))
	if n := b.visible("header.top, footer.bottom, .report-tools"); n != 0 {
		t.Errorf("%d parts of the page besides the report show on paper", n)
	}
	b.screenshot(fmt.Sprintf("%02d-report-print", b.seq+1))
	b.do("stop emulating print", media(""))

	pdf := b.downloadAs(`form[action="/report.pdf"]`, "application/pdf")
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the download is not a PDF: %.20q", pdf)
	}
}

// setDate sets a date field's value, YYYY-MM-DD, as its picker would:
// typed keys go into the field's parts in the order of the browser's
// locale.
func setDate(css, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = %q`, css, v))
}

// media emulates a CSS media type, such as "print" ("" for the screen).
func media(m string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	})
}

// downloadAs submits the form at css from the page, with the browser's
// session, and returns the file it answers with, which must be of type
// ctype, an attachment and not cached.
func (b *browser) downloadAs(css, ctype string) []byte {
	b.t.Helper()
	type answer struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		Cache       string `json:"cache"`
		Body        string `json:"body"`
	}
	a := get(b, "submit "+css, chromedp.Evaluate[answer](`(() => {
		const form = document.querySelector(`+jsString(css)+`);
		return fetch(form.action, {method: form.method, body: new URLSearchParams(new FormData(form))});
	})().then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const c of bytes) s += String.fromCharCode(c);
		return {status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"),
			cache: r.headers.get("Cache-Control"), body: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if a.Status != http.StatusOK || a.Type != ctype || !strings.HasPrefix(a.Disposition, "attachment") || a.Cache != "no-store" {
		b.t.Fatalf("%s answered %d %q %q %q, want 200, an attachment of %s, no-store", css, a.Status, a.Type, a.Disposition, a.Cache, ctype)
	}
	raw, err := base64.StdEncoding.DecodeString(a.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return raw
}
