package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
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

	// "Download my data" is a plain link; fetch what it gives, with the
	// browser's own session.
	b.open("/settings", http.StatusOK)
	b.wantText("#yourdata ~ p", "It is not encrypted")
	href := get(b, "read the download link", chromedp.AttributeValue(chromedp.CSS(`a[href="/settings/export"]`), "href"))
	if !href.Exists {
		t.Fatal("settings has no download link")
	}
	zipped := b.download("/settings/export")
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
	b.wantText(".flash", "Brought in 1 journal entry, 0 check-ins and 0 ratings.")
	b.audit("settings after an import")
	b.open(entry, http.StatusOK)
	b.wantText("article.entry", title, canary)

	// Again: nothing is added twice.
	b.open("/settings", http.StatusOK)
	b.follow("bring the same archive in again", http.StatusOK,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{archive}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText(".flash", "Brought in 0 journal entries", "1 item was already here")

	// A file that is not an archive is refused, and named on the field.
	notZip := filepath.Join(t.TempDir(), "notes.zip")
	os.WriteFile(notZip, []byte(strings.Repeat("not a zip ", 50)), 0o600)
	b.follow("bring in a file that is not an archive", http.StatusUnprocessableEntity,
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{notZip}),
		click(`form[action="/settings/import"] button[type=submit]`))
	b.wantText("#archive-error", "nothing changed", "not a zip archive")
	b.audit("settings with a refused archive")

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

// download fetches path in the page, with its cookies, and returns the
// body; the answer must be a 200 zip that the browser may not store.
func (b *browser) download(path string) []byte {
	b.t.Helper()
	type answer struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		Cache       string `json:"cache"`
		Body        string `json:"body"` // base64
	}
	a := get(b, "fetch "+path, chromedp.Evaluate[answer](`fetch(`+jsString(path)+`).then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const c of bytes) s += String.fromCharCode(c);
		return {status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"),
			cache: r.headers.get("Cache-Control"), body: btoa(s)};
	})`, chromedp.EvalAwaitPromise))
	if a.Status != http.StatusOK || a.Type != "application/zip" || !strings.HasPrefix(a.Disposition, "attachment") || a.Cache != "no-store" {
		b.t.Fatalf("%s answered %d %q %q %q, want 200, a zip attachment, no-store", path, a.Status, a.Type, a.Disposition, a.Cache)
	}
	raw, err := base64.StdEncoding.DecodeString(a.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return raw
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
