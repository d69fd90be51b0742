package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// Nothing anyone writes, no username and no record id reaches the logs or
// the metrics, while both still tell the operator what they need.
func TestNoContentInLogsOrMetrics(t *testing.T) {
	app := apptest.New(t, "sqlite")
	c := canaries(t)
	writeCanaries(t, app, c)
	tok := app.Person(t, "observer")
	id := app.Create(t, "/api/v1/journal", tok, map[string]any{"body": c["journal body"]})
	app.Do(t, "GET", "/api/v1/journal/"+id, tok, nil)
	app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "observer", "passphrase": "wrong " + c["rating note"]})
	// The web form too: a journal entry and a failed sign-in.
	form := url.Values{"username": {"observer"}, "passphrase": {apptest.Passphrase}}
	res, err := app.Client.PostForm(app.URL+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	rec := httptest.NewRecorder()
	app.Operator.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	scraped := rec.Body.String()
	logs := app.Logs.String()

	for _, where := range []struct{ name, text string }{{"metrics", scraped}, {"logs", logs}} {
		assertAbsent(t, where.name, []byte(where.text), c)
		for _, private := range []string{"observer", "canary", id, tok} {
			if strings.Contains(where.text, private) {
				t.Errorf("%s contain %q", where.name, private)
			}
		}
	}
	for _, want := range []string{
		`kintsugi_http_requests_total{code="201",method="POST",route="POST /api/v1/journal"}`,
		`route="GET /api/v1/journal/{id}"`,
		`kintsugi_logins_total{outcome="invalid"} 1`,
		`kintsugi_argon2_slots 2`,
		`kintsugi_db_connections_open{pool="write"}`,
		`kintsugi_http_request_duration_seconds_bucket{method="POST",route="POST /api/v1/journal",le="0.5"}`,
	} {
		if !strings.Contains(scraped, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if !strings.Contains(logs, `route="GET /api/v1/journal/{id}"`) || !strings.Contains(logs, "request_id=") {
		t.Error("the access log does not name routes by pattern with a request id")
	}
}
