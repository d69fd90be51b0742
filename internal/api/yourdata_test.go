package api_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// yourDataScenarios export, import and delete: GET /export, POST /import
// and DELETE /me.
func yourDataScenarios() []scenario {
	zipHeader := map[string]string{"Content-Type": "application/zip"}
	exported := scenario{name: "export", method: "GET", path: "/export", who: "alice", status: 200,
		check: func(t *testing.T, f *fixture, r response) {
			data := archiveFile(t, r.body, "kintsugi.json")
			for _, want := range []string{aliceNote, aliceTitle, aliceBody} {
				if !strings.Contains(data, want) {
					t.Errorf("the export lacks %q", want)
				}
			}
		}}
	importTwice := scenario{name: "import: twice adds nothing the second time", method: "POST", path: "/import", who: "bob", header: zipHeader, status: 200,
		check: func(t *testing.T, f *fixture, r response) {
			if got := string(r.body); !strings.Contains(got, `"added":{}`) || !strings.Contains(got, `"journal":1`) {
				t.Errorf("second import reported %s", got)
			}
			if pages := f.pages(t, "/journal", "bob", "20"); len(pages) != 1 || len(pages[0]) != 1 {
				t.Errorf("bob's journal after two imports: %v", pages)
			}
		}}
	importTwice.body = func(t *testing.T, f *fixture) any {
		return f.must(t, 200, request{method: "GET", path: api.Prefix + "/export", who: "alice"}).body
	}
	importTwice.setup = func(t *testing.T, f *fixture) {
		export := f.must(t, 200, request{method: "GET", path: api.Prefix + "/export", who: "alice"}).body
		first := f.must(t, 200, request{method: "POST", path: api.Prefix + "/import", who: "bob", body: export, header: zipHeader})
		if !strings.Contains(string(first.body), `"journal":1`) {
			t.Fatalf("first import reported %s", first.body)
		}
	}
	deleted := scenario{name: "delete me", method: "DELETE", path: "/me", who: "alice", body: map[string]string{"passphrase": apptest.Passphrase}, status: 204,
		check: func(t *testing.T, f *fixture, r response) {
			f.must(t, 401, request{method: "GET", path: api.Prefix + "/me", who: "alice"})
			f.must(t, 401, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", apptest.Passphrase)})
			f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "bob"})
		}}
	all := []scenario{
		exported,
		{name: "export: no token", method: "GET", path: "/export", status: 401, code: "unauthenticated"},
		importTwice,
		{name: "import: not a zip", method: "POST", path: "/import", who: "bob", header: zipHeader, body: "PK but not a zip", status: 422, code: "archive_refused"},
		{name: "import: empty body", method: "POST", path: "/import", who: "bob", header: zipHeader, body: "", status: 400, code: "bad_request"},
		{name: "import: as JSON", method: "POST", path: "/import", who: "bob", body: map[string]string{"format": "kintsugi-export"}, status: 415, code: "unsupported_media_type"},
		{name: "import: over 32 MB", method: "POST", path: "/import", who: "bob", header: zipHeader, body: strings.Repeat("a", 32<<20+1), status: 413, code: "too_large"},
		{name: "import: no token", method: "POST", path: "/import", header: zipHeader, body: "x", status: 401, code: "unauthenticated"},
		deleted,
		{name: "delete me: wrong passphrase", method: "DELETE", path: "/me", who: "alice", body: map[string]string{"passphrase": "not the passphrase at all"},
			status: 422, code: "invalid", field: "passphrase", check: func(t *testing.T, f *fixture, r response) {
				f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "alice"})
			}},
		{name: "delete me: slowed after repeated wrong passphrases", method: "DELETE", path: "/me", who: "alice", body: map[string]string{"passphrase": apptest.Passphrase},
			status: 429, code: "too_many_attempts", setup: func(t *testing.T, f *fixture) {
				for range 5 {
					f.must(t, 422, request{method: "DELETE", path: api.Prefix + "/me", who: "alice", body: map[string]string{"passphrase": "not the passphrase at all"}})
				}
			}, check: func(t *testing.T, f *fixture, r response) {
				f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "alice"})
			}},
		{name: "delete me: no token", method: "DELETE", path: "/me", body: map[string]string{"passphrase": apptest.Passphrase}, status: 401, code: "unauthenticated"},
	}
	return append(all, badBodies("DELETE", "/me", "alice", map[string]string{"passphrase": apptest.Passphrase}, `{"passphrase": 7}`, 204)...)
}

// archiveFile returns one file of a zip archive.
func archiveFile(t *testing.T, archive []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatalf("the export has no %s", name)
	return ""
}
