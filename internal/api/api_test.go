package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
	"kintsugi/internal/testdb"
)

// scenario is one request against a fresh fixture and what must come back.
type scenario struct {
	name   string
	setup  func(t *testing.T, f *fixture) // runs first, if set
	method string
	path   string            // under api.Prefix; "{checkin}", "{journal}", "{random}" stand for ids
	who    string            // whose token to send: "alice", "bob", or "" for none
	scheme string            // the Authorization scheme, if not "Bearer"
	header map[string]string // headers to set; an empty value removes one
	body   any               // nil; a string or []byte sent as is; a func(*testing.T, *fixture) any, called for it; else sent as JSON

	status int
	code   string // error.code, required for every error
	field  string // error.fields[0].field, for a 422
	check  func(t *testing.T, f *fixture, r response)
}

// TestAPI runs every scenario on every engine, each on a fresh database,
// checking every answer against openapi.json, and then fails for each
// status the document declares that no scenario provoked.
func TestAPI(t *testing.T) {
	all := scenarios()
	names := map[string]bool{}
	for _, sc := range all {
		if names[sc.name] {
			t.Fatalf("two scenarios are named %q", sc.name)
		}
		names[sc.name] = true
	}
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			c := newContract(t)
			var ran atomic.Int64
			t.Run("scenarios", func(t *testing.T) {
				for _, sc := range all {
					t.Run(sc.name, func(t *testing.T) {
						t.Parallel()
						f := newFixture(t, engine, c)
						ran.Add(1)
						sc.run(t, f)
					})
				}
			})
			if int(ran.Load()) < len(all) {
				t.Logf("%d of %d scenarios ran: not checking that each declared status was provoked", ran.Load(), len(all))
				return
			}
			for _, s := range c.unseen() {
				t.Errorf("openapi.json declares %s, but no scenario provokes it", s)
			}
		})
	}
}

// run sends the scenario's request and checks the answer.
func (sc scenario) run(t *testing.T, f *fixture) {
	if sc.setup != nil {
		sc.setup(t, f)
	}
	body := sc.body
	if fn, ok := body.(func(*testing.T, *fixture) any); ok {
		body = fn(t, f)
	}
	rq := request{method: sc.method, path: api.Prefix + sc.path, who: sc.who, scheme: sc.scheme, header: sc.header, body: body}
	r := f.do(t, rq)
	if r.status != sc.status {
		t.Fatalf("status %d, want %d: %.500s", r.status, sc.status, r.body)
	}
	switch {
	case sc.status >= 400 && sc.code == "":
		t.Errorf("the scenario must say which error code it expects (got %q)", r.errorCode())
	case r.errorCode() != sc.code:
		t.Errorf("error code %q, want %q: %.300s", r.errorCode(), sc.code, r.body)
	}
	if sc.field != "" && r.firstField() != sc.field {
		t.Errorf("first problem is about %q, want %q: %.300s", r.firstField(), sc.field, r.body)
	}
	switch {
	case sc.status < 300:
		if data, ok := encode(t, body); ok {
			f.contract.checkRequest(t, sc.method, rq.path, data)
		}
	case sc.status == http.StatusUnauthorized:
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("401 without a Bearer WWW-Authenticate header: %q", r.header.Get("WWW-Authenticate"))
		}
	case sc.status == http.StatusMethodNotAllowed:
		if got, want := r.header.Get("Allow"), f.contract.allow(rq.path); got != want || want == "" {
			t.Errorf("Allow: %q, want %q", got, want)
		}
	case sc.status == http.StatusTooManyRequests:
		if n, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || n < 1 {
			t.Errorf("Retry-After %q is not a number of seconds", r.header.Get("Retry-After"))
		}
	}
	if sc.check != nil {
		sc.check(t, f, r)
	}
}

// creds is a sign-up or sign-in body.
func creds(username, passphrase string) map[string]string {
	return map[string]string{"username": username, "passphrase": passphrase}
}

// scenarios is the whole table.
func scenarios() []scenario {
	var all []scenario
	all = append(all, metaScenarios()...)
	all = append(all, accountScenarios()...)
	all = append(all, sessionScenarios()...)
	all = append(all, accessScenarios()...)
	all = append(all, checkinScenarios()...)
	all = append(all, journalScenarios()...)
	all = append(all, unknownRouteScenarios()...)
	all = append(all, yourDataScenarios()...)
	all = append(all, toolScenarios()...)
	all = append(all, seamScenarios()...)
	all = append(all, togetherScenarios()...)
	all = append(all, spaceScenarios()...)
	all = append(all, talkScenarios()...)
	all = append(all, shareScenarios()...)
	all = append(all, weeklyScenarios()...)
	all = append(all, positiveScenarios()...)
	all = append(all, todayScenarios()...)
	all = append(all, searchScenarios()...)
	all = append(all, refScenarios()...)
	all = append(all, storyDayScenarios()...)
	all = append(all, journeyScenarios()...)
	all = append(all, reportScenarios()...)

	// Every route that reads a body refuses the same malformed bodies.
	all = append(all, badBodies("POST", "/accounts", "", creds("new.person", apptest.Passphrase), `{"username": 5, "passphrase": "x"}`, 201)...)
	all = append(all, badBodies("POST", "/sessions", "", creds("alice", apptest.Passphrase), `{"username": "alice", "passphrase": true}`, 201)...)
	all = append(all, badBodies("PUT", "/journal/{journal}", "alice", map[string]any{"body": "hello"}, `{"body": "b", "title": 1}`, 200)...)
	return all
}

// badBodies are the scenarios every route that reads JSON must refuse,
// whatever its schema; valid is a body it accepts with status ok, and
// wrongType one of its fields with the wrong JSON type.
func badBodies(method, path, who string, valid any, wrongType string, ok int) []scenario {
	at := method + " " + path + ": "
	validJSON, err := json.Marshal(valid)
	if err != nil {
		panic(err)
	}
	return []scenario{
		{name: at + "text/plain", method: method, path: path, who: who, body: validJSON,
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: at + "no Content-Type", method: method, path: path, who: who, body: validJSON,
			header: map[string]string{"Content-Type": ""}, status: 415, code: "unsupported_media_type"},
		{name: at + "charset parameter", method: method, path: path, who: who, body: validJSON,
			header: map[string]string{"Content-Type": "application/json; charset=utf-8"}, status: ok},
		{name: at + "body over 1 MiB", method: method, path: path, who: who,
			body: `{"x": "` + strings.Repeat("a", api.MaxBody) + `"}`, status: 413, code: "too_large"},
		{name: at + "invalid UTF-8", method: method, path: path, who: who,
			body: "{\"body\": \"caf\xe9\"}", status: 400, code: "invalid_utf8"},
		{name: at + "unknown field", method: method, path: path, who: who,
			body: `{"surprise": true}`, status: 400, code: "bad_json"},
		{name: at + "wrong type", method: method, path: path, who: who,
			body: wrongType, status: 400, code: "wrong_type"},
		{name: at + "array body", method: method, path: path, who: who,
			body: `[]`, status: 400, code: "wrong_type", check: func(t *testing.T, f *fixture, r response) {
				if msg := r.json(t)["error"].(map[string]any)["message"]; msg != "The request body must be a JSON object." {
					t.Errorf("message %q", msg)
				}
			}},
		{name: at + "trailing data", method: method, path: path, who: who,
			body: string(validJSON) + ` {}`, status: 400, code: "bad_json"},
		{name: at + "empty body", method: method, path: path, who: who,
			body: ``, status: 400, code: "bad_json"},
		{name: at + "broken JSON", method: method, path: path, who: who,
			body: `{"body": `, status: 400, code: "bad_json"},
	}
}

// metaScenarios cover the routes that are the same for everyone, and
// GET /me with good and bad tokens.
func metaScenarios() []scenario {
	return []scenario{
		{name: "openapi.json", method: "GET", path: "/openapi.json", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if string(r.body) != string(f.contract.doc.raw) {
					t.Error("GET openapi.json is not openapi.json")
				}
			}},
		{name: "steps", method: "GET", path: "/steps", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				steps := r.json(t)["steps"].([]any)
				for i, s := range steps {
					if n := s.(map[string]any)["number"]; n != float64(i+1) {
						t.Errorf("step %d has number %v", i+1, n)
					}
				}
			}},
		{name: "emotions", method: "GET", path: "/emotions", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				found := slices.ContainsFunc(r.json(t)["emotions"].([]any), func(e any) bool {
					return e.(map[string]any)["name"] == "joy" && e.(map[string]any)["group"] == "joy"
				})
				if !found {
					t.Error("joy is not among the emotions")
				}
			}},
		{name: "me", method: "GET", path: "/me", who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if u := r.json(t)["username"]; u != "alice" {
					t.Errorf("username %v, want alice", u)
				}
			}},
		{name: "me: bob is bob", method: "GET", path: "/me", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if u := r.json(t)["username"]; u != "bob" {
					t.Errorf("username %v, want bob", u)
				}
			}},
		{name: "me: the scheme name is case-insensitive", method: "GET", path: "/me", who: "alice", scheme: "bearer", status: 200},
		{name: "me: no token", method: "GET", path: "/me", status: 401, code: "unauthenticated"},
		{name: "me: unknown token", method: "GET", path: "/me", header: map[string]string{"Authorization": "Bearer " + strings.Repeat("A", 43)},
			status: 401, code: "unauthenticated"},
		{name: "me: empty bearer token", method: "GET", path: "/me", header: map[string]string{"Authorization": "Bearer "},
			status: 401, code: "unauthenticated"},
		{name: "me: basic auth", method: "GET", path: "/me", header: map[string]string{"Authorization": "Basic YWxpY2U6c2VjcmV0"},
			status: 401, code: "unauthenticated"},
		{name: "me: a short token", method: "GET", path: "/me", header: map[string]string{"Authorization": "Bearer abc"},
			status: 401, code: "unauthenticated"},
	}
}

// unknownRouteScenarios are paths and methods the table does not have.
func unknownRouteScenarios() []scenario {
	notFound := func(name, method, path string) scenario {
		return scenario{name: "no route: " + name, method: method, path: path, who: "alice", status: 404, code: "not_found"}
	}
	notAllowed := func(method, path string) scenario {
		return scenario{name: "wrong method: " + method + " " + path, method: method, path: path, who: "alice", status: 405, code: "method_not_allowed"}
	}
	return []scenario{
		notFound("unknown path", "GET", "/nope"),
		{name: "no route: unknown path, no token", method: "GET", path: "/secrets", status: 404, code: "not_found"},
		notFound("too deep", "GET", "/checkins/{checkin}/notes"),
		notFound("empty id", "GET", "/journal/"),
		notAllowed("POST", "/openapi.json"),
		notAllowed("GET", "/accounts"),
		notAllowed("PUT", "/sessions"),
		notAllowed("GET", "/sessions/current"),
		notAllowed("PATCH", "/me"),
		notAllowed("PUT", "/export"),
		notAllowed("GET", "/import"),
		notAllowed("DELETE", "/steps"),
		notAllowed("POST", "/emotions"),
		notAllowed("PATCH", "/checkins"),
		notAllowed("PATCH", "/checkins/{checkin}"),
		notAllowed("DELETE", "/journal"),
		notAllowed("PATCH", "/journal/{journal}"),
	}
}
