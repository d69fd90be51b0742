package server_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
	"kintsugi/internal/seed"
)

// BenchmarkPerson serves the pages and API calls a person uses most, in
// process, for someone with five years of use: daily check-ins, weekly
// ratings, 10,000 journal entries, and the other tools at seed's pace
// (stories, boundaries with a few hundred events, conversations, 300
// instincts, notes of resilience, milestones). It measures the server's
// own cost per request (CPU and allocations), steadier than a load run on
// a shared machine; bench/run.sh measures latency under load.
func BenchmarkPerson(b *testing.B) {
	app := apptest.New(b, "sqlite")
	ctx := context.Background()
	guide, catalog := load(b)
	if err := seed.Person(ctx, app.Store, app.Accounts, catalog, "bench", apptest.Passphrase, 10_000, 5*365, rand.New(rand.NewPCG(1, 2))); err != nil {
		b.Fatal(err)
	}
	se, err := app.Accounts.LogIn(ctx, "bench", apptest.Passphrase, "127.0.0.1", "")
	if err != nil {
		b.Fatal(err)
	}
	serve := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+se.Token)
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.AddCookie(&http.Cookie{Name: "kintsugi", Value: se.Token})
			if method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		}
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		return rec
	}
	const entry = `{"body":"# Tuesday\n\nA walk by the river, then tea with my sister.\n\n- slept badly\n- felt calmer by the evening"}`
	type request struct {
		name, method, path, body string
		status                   int
	}
	cases := []request{
		{"home", "GET", "/", "", 200},
		{"step1", "GET", "/steps/" + guide.Steps[0].Slug, "", 200},
	}
	for _, st := range guide.Steps[1:6] {
		cases = append(cases, request{"step" + strconv.Itoa(st.Number), "GET", "/steps/" + st.Slug, "", 200})
	}
	cases = append(cases, []request{
		{"journal", "GET", "/journal", "", 200},
		{"checkins-all", "GET", "/checkins?range=all", "", 200},
		{"stories", "GET", "/stories", "", 200},
		{"boundaries", "GET", "/boundaries", "", 200},
		{"instincts", "GET", "/instincts", "", 200},
		{"timeline", "GET", "/timeline", "", 200},
		{"trends", "GET", "/trends", "", 200},
		{"calendar", "GET", "/calendar", "", 200},
		{"checkin-new", "GET", "/checkins/new", "", 200},
		{"step7", "GET", "/steps/forgiveness", "", 200},
		{"step8", "GET", "/steps/take-care-of-yourself", "", 200},
		{"step11", "GET", "/steps/practice-compassion", "", 200},
		{"safety-plan", "GET", "/safety-plan", "", 200},
		{"selfcare", "GET", "/selfcare", "", 200},
		{"api-selfcare-lift", "GET", "/api/v1/selfcare/lift", "", 200},
		{"api-felt", "GET", "/api/v1/forgiveness-ratings/over-time", "", 200},
		{"api-safety-plan", "GET", "/api/v1/safety-plan", "", 200},
		{"api-list", "GET", "/api/v1/journal?limit=20", "", 200},
		{"api-boundaries", "GET", "/api/v1/boundaries?limit=20", "", 200},
		{"api-instincts", "GET", "/api/v1/instincts?limit=20", "", 200},
		{"api-calibration", "GET", "/api/v1/instincts/calibration", "", 200},
		{"api-timeline", "GET", "/api/v1/timeline?limit=20", "", 200},
		{"api-trends", "GET", "/api/v1/trends?series=emotion:sadness&bucket=week", "", 200},
		{"api-create", "POST", "/api/v1/journal", entry, 201},
		{"api-today", "GET", "/api/v1/today", "", 200},
		// A word found often fills a page from the newest few hundred
		// records; a word never written reads all five years.
		{"api-search", "GET", "/api/v1/search?q=river+tea", "", 200},
		{"api-search-all", "GET", "/api/v1/search?q=lighthouse", "", 200},
		{"search-page-all", "POST", "/search", "q=lighthouse", 200},
	}...)
	for _, c := range cases {
		// The timeline page is new: a build without it leaves it out
		// rather than failing the rest.
		if c.name == "timeline" && serve("GET", c.path, "").Code == http.StatusNotFound {
			b.Logf("%s: no such page in this build, left out", c.path)
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if rec := serve(c.method, c.path, c.body); rec.Code != c.status {
					b.Fatalf("%s %s: %d", c.method, c.path, rec.Code)
				}
				took = append(took, time.Since(start))
			}
			// The targets are for the median request: a mean carries
			// every pause of the collector and of the shared machine.
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms")
		})
	}
}
