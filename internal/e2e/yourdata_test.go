package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
	"kintsugi/internal/archive"
)

// TestBrowserYourData walks what a person can do with their data in a
// real browser: download it, bring the archive back after deleting an
// entry (and again, adding nothing), have a file that is not an archive
// refused, and delete the account. Every page is checked with axe-core.
func TestBrowserYourData(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	const who, title = "rowan_e2e", "Kept safe"

	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", who), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	b.wantText("h1", "Keep your recovery key")
	b.open("/journal/new", http.StatusOK)
	b.follow("save a journal entry", http.StatusOK,
		fill("#title", title), fill("#body", "The word for today is "+canary+"."),
		click(`form[action="/journal"] button[type=submit]`))
	entry := b.path()
	if !entryPath.MatchString(entry) {
		t.Fatalf("after saving, at %s, want the entry", entry)
	}

	// "Download my data" is a form that posts to /settings/export (a GET
	// there, as another site could send, leads back to settings and serves
	// nothing); submit what it submits from the page, with the browser's
	// own session and headers.
	b.open("/settings", http.StatusOK)
	b.wantText("#yourdata ~ p", "It is not encrypted")
	const exportForm = `form[method="post"][action="/settings/export"]`
	if b.count(exportForm+` button[type=submit].button.quiet`) != 1 {
		t.Fatal("settings has no download button")
	}
	zipped := b.download(exportForm)
	b.open("/settings/export", http.StatusOK)
	b.wantPath("/settings")
	z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("the download is not a zip archive: %v", err)
	}
	var data struct {
		Format  string
		Journal []struct{ Data struct{ Title, Body string } }
	}
	for _, f := range z.File {
		if f.Name != "kintsugi.json" {
			continue
		}
		rc, _ := f.Open()
		raw, _ := io.ReadAll(rc)
		rc.Close()
		if err := json.Unmarshal(raw, &data); err != nil {
			t.Fatalf("kintsugi.json: %v", err)
		}
	}
	if data.Format != "kintsugi-export" || len(data.Journal) != 1 || data.Journal[0].Data.Title != title {
		t.Fatalf("the archive holds %+v, want the one entry titled %q", data, title)
	}
	archive := filepath.Join(t.TempDir(), "kintsugi.zip")
	if err := os.WriteFile(archive, zipped, 0o600); err != nil {
		t.Fatal(err)
	}

	// Delete the entry, then bring it back from the archive.
	b.open(entry+"/delete", http.StatusOK)
	b.follow("delete the entry", http.StatusOK, click(`main form button.danger`))
	b.open(entry, http.StatusNotFound)
	b.open("/settings", http.StatusOK)
	b.follow("bring the archive in", http.StatusOK,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{archive}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText(".flash", "Brought in: Journal (1).")
	b.audit("settings after an import")
	b.open(entry, http.StatusOK)
	b.wantText("article.entry", title, canary)

	// Again: nothing is added twice.
	b.open("/settings", http.StatusOK)
	b.follow("bring the same archive in again", http.StatusOK,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{archive}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText(".flash", "Nothing new was in it.", "1 item was already here")

	// A file that is not an archive is refused, and named on the field.
	notZip := filepath.Join(t.TempDir(), "notes.zip")
	os.WriteFile(notZip, []byte(strings.Repeat("not a zip ", 50)), 0o600)
	b.follow("bring in a file that is not an archive", http.StatusUnprocessableEntity,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{notZip}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText("#archive-error", "nothing changed", "not a zip archive")
	b.audit("settings with a refused archive")

	// With no room for another import (two others hold both places, their
	// uploads never ending), this one waits its turn for a while and is
	// then told, on the page, when to try again.
	release := holdImports(t, app)
	b.open("/settings", http.StatusOK)
	b.follow("bring an archive in with no room for it", http.StatusServiceUnavailable,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{archive}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText("#archive-error", "Please try again in 10 seconds", "nothing changed")
	release()
	for _, p := range b.consoleProblems() {
		if !strings.Contains(p, "status of 503") {
			t.Errorf("console: %s", p)
		}
	}
	b.audit("settings with no room to import")

	// Delete the account: the box must be ticked, the passphrase right.
	b.follow("open account deletion", http.StatusOK, click(`a[href="/settings/delete"]`))
	b.audit("delete account")
	b.follow("delete without ticking the box", http.StatusUnprocessableEntity,
		fill("#passphrase", passphrase), click(`form[action="/settings/delete"] button[type=submit]`))
	b.wantText("#understand-error", "cannot be undone")
	b.audit("delete account with a problem")
	b.follow("delete with a wrong passphrase", http.StatusUnprocessableEntity,
		fill("#passphrase", "not my passphrase at all"), click("#understand"),
		click(`form[action="/settings/delete"] button[type=submit]`))
	b.wantText("#passphrase-error", "Nothing was deleted")
	b.follow("delete the account", http.StatusOK,
		fill("#passphrase", passphrase), click("#understand"),
		click(`form[action="/settings/delete"] button[type=submit]`))
	b.wantPath("/")
	b.wantText(".flash", "Your account and everything you wrote in it are deleted.")
	b.audit("after deleting the account")

	b.open("/login", http.StatusOK)
	b.follow("sign in to the deleted account", http.StatusUnauthorized,
		fill("#username", who), fill("#passphrase", passphrase),
		click(`form[action="/login"] button[type=submit]`))
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}

// download submits the form at css from the page, as the browser would
// (same origin, with its cookies), and returns the answer's body; it must
// be a 200 zip that the browser may not store.
func (b *browser) download(css string) []byte {
	b.t.Helper()
	type answer struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		Cache       string `json:"cache"`
		Body        string `json:"body"` // base64
	}
	a := get(b, "submit "+css, chromedp.Evaluate[answer](`(() => {
		const form = document.querySelector(`+jsString(css)+`);
		return fetch(form.action, {method: form.method, body: new FormData(form)});
	})().then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const c of bytes) s += String.fromCharCode(c);
		return {status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"),
			cache: r.headers.get("Cache-Control"), body: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if a.Status != http.StatusOK || a.Type != "application/zip" || !strings.HasPrefix(a.Disposition, "attachment") || a.Cache != "no-store" {
		b.t.Fatalf("%s answered %d %q %q %q, want 200, a zip attachment, no-store", css, a.Status, a.Type, a.Disposition, a.Cache)
	}
	raw, err := base64.StdEncoding.DecodeString(a.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return raw
}

// holdImports takes every import place with API imports whose bodies
// never come, and returns the function that lets them go.
func holdImports(t *testing.T, app *apptest.App) (release func()) {
	t.Helper()
	token := app.Person(t, "holder_e2e")
	c := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	var bodies []*io.PipeWriter
	done := make(chan struct{}, archive.ImportsAtOnce)
	for range archive.ImportsAtOnce {
		pr, pw := io.Pipe()
		bodies = append(bodies, pw)
		req, err := http.NewRequest("POST", app.URL+"/api/v1/import", pr)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/zip")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Expect", "100-continue") // answered once the import reads its body
		reading := make(chan struct{})
		var once sync.Once
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			Got100Continue: func() { once.Do(func() { close(reading) }) },
		}))
		go func() {
			if res, err := c.Do(req); err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			done <- struct{}{}
		}()
		select {
		case <-reading:
		case <-time.After(stepTimeout):
			t.Fatal("an import holding a place was never read")
		}
	}
	return func() {
		for _, pw := range bodies {
			pw.Close()
		}
		for range bodies {
			<-done
		}
	}
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
