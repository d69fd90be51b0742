package web_test

import (
	"archive/zip"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// exportRequest is a POST of the settings page's download form, with the
// headers a browser would add.
func exportRequest(t *testing.T, app *apptest.App, headers map[string]string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("POST", app.URL+"/settings/export", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

func isZip(body string) bool {
	_, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	return err == nil
}

// TestExportIsAPostFromThisSite: the download is a form on the settings
// page. Another site cannot have the browser fetch it: a GET (which a
// link, a redirect or a top-level navigation from anywhere can send with
// the SameSite=Lax session cookie) serves no archive, and a cross-site
// POST is refused by the server's cross-origin check.
func TestExportIsAPostFromThisSite(t *testing.T) {
	app := apptest.New(t, "sqlite")
	alice := newBrowser(t, app)
	alice.signUp("alice")
	alice.post("/journal", url.Values{"title": {"Only mine"}, "body": {"what I could not say"}})

	for _, page := range []string{"/settings", "/settings/delete"} {
		p := alice.get(page)
		if !strings.Contains(p.body, `<form method="post" action="/settings/export">`) || strings.Contains(p.body, `href="/settings/export"`) {
			t.Errorf("%s does not offer the download as a form:\n%s", page, p.body)
		}
	}
	if p := alice.get("/settings"); !strings.Contains(p.body, `<button type="submit" class="button quiet">Download my data</button>`) {
		t.Error("the settings page's download button is not the quiet button the link was")
	}

	for _, c := range []struct {
		name    string
		headers map[string]string
	}{
		{"no browser headers", nil},
		{"from this site", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": app.URL}},
	} {
		p := alice.do(exportRequest(t, app, c.headers))
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/zip" ||
			!strings.HasPrefix(p.header.Get("Content-Disposition"), "attachment") || !isZip(p.body) {
			t.Errorf("POST %s: %d %v", c.name, p.status, p.header)
		}
	}

	for _, c := range []struct {
		name    string
		headers map[string]string
	}{
		{"from another site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"}},
		{"from another site, by Sec-Fetch-Site alone", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"from a sibling site", map[string]string{"Sec-Fetch-Site": "same-site"}},
		{"from another origin, by Origin alone", map[string]string{"Origin": "https://elsewhere.example"}},
	} {
		p := alice.do(exportRequest(t, app, c.headers))
		if p.status != http.StatusForbidden || isZip(p.body) || strings.Contains(p.body, "Only mine") {
			t.Errorf("POST %s: %d %v, want 403 and no archive", c.name, p.status, p.header)
		}
	}

	// A GET, from a link anywhere, goes to the settings page.
	for _, headers := range []map[string]string{nil, {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}} {
		req, _ := http.NewRequest("GET", app.URL+"/settings/export", nil)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		p := alice.do(req)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/settings" || isZip(p.body) ||
			p.header.Get("Content-Disposition") != "" || strings.Contains(p.body, "Only mine") {
			t.Errorf("GET /settings/export %v: %d %v", headers, p.status, p.header)
		}
	}
	if p := alice.get("/settings/export?format=zip"); p.status != http.StatusSeeOther || isZip(p.body) {
		t.Errorf("GET with a query: %d", p.status)
	}

	// Signed out, the POST leads to signing in, with no archive.
	stranger := newBrowser(t, app)
	if p := stranger.do(exportRequest(t, app, nil)); p.status != http.StatusUnauthorized || isZip(p.body) {
		t.Errorf("POST signed out: %d", p.status)
	}
}
