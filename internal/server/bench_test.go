package server_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
	"kintsugi/internal/seed"
)

// BenchmarkPerson serves the pages and API calls a person uses most, in
// process, for someone with five years of daily check-ins, weekly ratings
// and 10,000 journal entries. It measures the server's own cost per
// request (CPU and allocations), steadier than a load run on a shared
// machine; bench/run.sh measures latency under load.
func BenchmarkPerson(b *testing.B) {
	app := apptest.New(b, "sqlite")
	ctx := context.Background()
	if err := seed.Person(ctx, app.Store, app.Accounts, "bench", apptest.Passphrase, 10_000, 5*365, rand.New(rand.NewPCG(1, 2))); err != nil {
		b.Fatal(err)
	}
	se, err := app.Accounts.LogIn(ctx, "bench", apptest.Passphrase, "127.0.0.1", "")
	if err != nil {
		b.Fatal(err)
	}
	const entry = `{"body":"# Tuesday\n\nA walk by the river, then tea with my sister.\n\n- slept badly\n- felt calmer by the evening"}`
	cases := []struct {
		name, method, path, body string
		status                   int
	}{
		{"home", "GET", "/", "", 200},
		{"step1", "GET", "/steps/acknowledge-your-feelings", "", 200},
		{"journal", "GET", "/journal", "", 200},
		{"checkins-all", "GET", "/checkins?range=all", "", 200},
		{"api-list", "GET", "/api/v1/journal?limit=20", "", 200},
		{"api-create", "POST", "/api/v1/journal", entry, 201},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
				if strings.HasPrefix(c.path, "/api/") {
					req.Header.Set("Authorization", "Bearer "+se.Token)
					req.Header.Set("Content-Type", "application/json")
				} else {
					req.AddCookie(&http.Cookie{Name: "kintsugi", Value: se.Token})
				}
				rec := httptest.NewRecorder()
				app.Handler.ServeHTTP(rec, req)
				if rec.Code != c.status {
					b.Fatalf("%s %s: %d", c.method, c.path, rec.Code)
				}
			}
		})
	}
}
