package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
	"kintsugi/internal/tool"
)

// Nothing anyone writes, no username and no record id reaches the logs or
// the metrics, while both still tell the operator what they need.
func TestNoContentInLogsOrMetrics(t *testing.T) {
	app := apptest.New(t, "sqlite")
	_, cat := load(t)
	c := canaries(t)
	// A choice's value the metrics hold before anyone writes anything
	// (a selfcare area of "connection", in kintsugi_db_connections_open)
	// is a word of the metrics, not anyone's content.
	before := scrape(t, app)
	for what, s := range c {
		if strings.HasSuffix(what, " choice") && strings.Contains(before, s) {
			delete(c, what)
		}
	}
	writeCanaries(t, app, c, "canary")
	tok := app.Person(t, "observer")
	id := app.Create(t, "/api/v1/journal", tok, map[string]any{"body": c["journal"]})
	app.Do(t, "GET", "/api/v1/journal/"+id, tok, nil)
	app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "observer", "passphrase": "wrong " + c["wrong passphrase"]})
	// The web forms too: an item of every kind, a failed sign-in and one
	// that succeeds.
	for _, k := range cat.Kinds {
		if k.Parent == nil {
			text := c[what(k)]
			if k.Single {
				text = c[what(k)+after]
			}
			postForm(t, app, "/"+k.Path, tok, formOf(t, cat, k, text), http.StatusSeeOther)
		}
	}
	postForm(t, app, "/login", "", url.Values{"username": {"observer"}, "passphrase": {"wrong " + c["wrong passphrase"]}}, http.StatusUnauthorized)
	postForm(t, app, "/login", "", url.Values{"username": {"observer"}, "passphrase": {apptest.Passphrase}}, http.StatusSeeOther)
	// Searches for the words written, on both surfaces, found and
	// refused: the words looked for reach no log and no metric.
	for _, q := range []string{c["journal"], c["journal"] + " a b c d e f g h"} {
		app.Do(t, "GET", "/api/v1/search?q="+url.QueryEscape(q), tok, nil)
	}
	postForm(t, app, "/search", tok, url.Values{"q": {c["journal"]}}, http.StatusOK)
	postForm(t, app, "/search", tok, url.Values{"q": {c["journal"] + " a b c d e f g h"}}, http.StatusUnprocessableEntity)

	scraped := scrape(t, app)
	logs := app.Logs.String()

	for _, where := range []struct{ name, text string }{{"metrics", scraped}, {"logs", logs}} {
		assertAbsent(t, where.name, []byte(where.text), c)
		for _, private := range []string{"observer", "canary", id, tok} {
			if strings.Contains(where.text, private) {
				t.Errorf("%s contain %q", where.name, private)
			}
		}
	}
	want := []string{
		`route="GET /api/v1/journal/{id}"`,
		`kintsugi_logins_total{outcome="invalid"} 2`,
		`kintsugi_argon2_slots 2`,
		`kintsugi_db_connections_open{pool="write"}`,
		`kintsugi_http_request_duration_seconds_bucket{method="POST",route="POST /api/v1/journal",le="0.5"}`,
	}
	// Every kind's requests are counted by their route's pattern, never
	// by an id.
	for _, k := range cat.Kinds {
		base := "/api/v1/" + k.Path
		if k.Single { // read and written at its own address
			want = append(want,
				`kintsugi_http_requests_total{code="200",method="PUT",route="PUT `+base+`"}`,
				`kintsugi_http_requests_total{code="303",method="POST",route="POST /`+k.Path+`"}`)
			continue
		}
		if k.Parent != nil {
			base = "/api/v1/" + k.Parent.Path + "/{id}/" + k.Path
		} else {
			want = append(want,
				`kintsugi_http_requests_total{code="200",method="PUT",route="PUT `+base+`/{id}"}`,
				`kintsugi_http_requests_total{code="303",method="POST",route="POST /`+k.Path+`"}`)
		}
		want = append(want, `kintsugi_http_requests_total{code="201",method="POST",route="POST `+base+`"}`)
	}
	for _, want := range want {
		if !strings.Contains(scraped, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if !strings.Contains(logs, `route="GET /api/v1/journal/{id}"`) || !strings.Contains(logs, "request_id=") {
		t.Error("the access log does not name routes by pattern with a request id")
	}
}

// formOf is the web form that submits sample(k, text).
func formOf(t *testing.T, cat *tool.Catalog, k *tool.Kind, text string) url.Values {
	t.Helper()
	body, err := json.Marshal(sample(cat, k, text))
	if err != nil {
		t.Fatal(err)
	}
	in, err := k.ReadJSON(body, false)
	if err != nil {
		t.Fatal(err)
	}
	form := k.FormValues(in.Values)
	// The check-in's form, on step 1's page, is one of its own: a box
	// for each feeling chosen and its strength.
	for i := 0; form.Has("emotions." + strconv.Itoa(i) + ".name"); i++ {
		name := form.Get("emotions." + strconv.Itoa(i) + ".name")
		form.Add("feel", name)
		form.Set("i."+name, form.Get("emotions."+strconv.Itoa(i)+".intensity"))
	}
	return form
}

// postForm submits a web form, signed in with tok if it is set, and
// checks the answer's status.
func postForm(t *testing.T, app *apptest.App, path, tok string, form url.Values, status int) {
	t.Helper()
	req, err := http.NewRequest("POST", app.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if tok != "" {
		req.AddCookie(&http.Cookie{Name: "kintsugi", Value: tok})
	}
	client := *app.Client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != status {
		t.Fatalf("POST %s: %d, want %d", path, res.StatusCode, status)
	}
}

// scrape returns what the operator's /metrics says now.
func scrape(t *testing.T, app *apptest.App) string {
	t.Helper()
	rec := httptest.NewRecorder()
	app.Operator.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}
