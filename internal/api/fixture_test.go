package api_test

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// What alice wrote: words that must never reach anyone else.
const (
	aliceNote  = "the letter I never sent"
	aliceTitle = "First light"
	aliceBody  = "what I could not say out loud"
)

// fixture is the whole application on a fresh database with two people:
// alice, who has one check-in and one journal entry, and bob, who has
// nothing. Every answer it receives is checked against openapi.json.
type fixture struct {
	app      *apptest.App
	contract *contract
	tokens   map[string]string // session tokens by username
	checkin  string            // alice's check-in
	journal  string            // alice's journal entry
	made     []string          // ids a scenario's setup created, oldest first
	own      string            // "{own}": an item of alice's a scenario's setup made
	event    string            // "{event}": an event of that item
}

func newFixture(t *testing.T, engine string, c *contract) *fixture {
	t.Helper()
	f := &fixture{app: apptest.New(t, engine), contract: c, tokens: map[string]string{}}
	f.person(t, "alice")
	f.person(t, "bob")
	f.checkin = f.create(t, "/checkins", "alice", map[string]any{
		"emotions": []map[string]any{{"name": "sadness", "intensity": 7}, {"name": "trust", "intensity": 2}},
		"note":     aliceNote,
	})
	f.journal = f.create(t, "/journal", "alice", map[string]any{"title": aliceTitle, "body": aliceBody, "step": 2})
	return f
}

// request is one call to the API.
type request struct {
	method string
	path   string            // "{checkin}", "{journal}" and "{random}" stand for ids
	who    string            // send this person's token; "" for none
	token  string            // or send this token
	scheme string            // the Authorization scheme; "Bearer" if empty
	header map[string]string // headers to set; an empty value removes one
	body   any               // nil; a string or []byte sent as is; else sent as JSON
}

// response is one answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %.300s", r.status, err, r.body)
	}
	return m
}

// errorCode returns error.code, or "".
func (r response) errorCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal(r.body, &e)
	return e.Error.Code
}

// firstField returns error.fields[0].field, or "".
func (r response) firstField() string {
	var e struct {
		Error struct{ Fields []struct{ Field string } } `json:"error"`
	}
	json.Unmarshal(r.body, &e)
	if len(e.Error.Fields) == 0 {
		return ""
	}
	return e.Error.Fields[0].Field
}

// encode returns the bytes of a request body, and whether there is one.
func encode(t testing.TB, body any) ([]byte, bool) {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil, false
	case string:
		return []byte(b), true
	case []byte:
		return b, true
	}
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return data, true
}

func (f *fixture) expand(path string) string {
	return strings.NewReplacer("{checkin}", f.checkin, "{journal}", f.journal, "{own}", f.own, "{event}", f.event,
		"{random}", rand.Text()).Replace(path)
}

// do sends rq and checks the answer against the document.
func (f *fixture) do(t testing.TB, rq request) response {
	t.Helper()
	path := f.expand(rq.path)
	data, hasBody := encode(t, rq.body)
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(rq.method, f.app.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	token := rq.token
	if rq.who != "" {
		if token = f.tokens[rq.who]; token == "" {
			t.Fatalf("%s has not signed in", rq.who)
		}
	}
	if token != "" {
		req.Header.Set("Authorization", cmp.Or(rq.scheme, "Bearer")+" "+token)
	}
	for k, v := range rq.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := f.app.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: res.StatusCode, header: res.Header, body: body}
	f.contract.checkResponse(t, rq.method, path, r)
	return r
}

// must sends rq and fails the test unless the answer has status want.
func (f *fixture) must(t testing.TB, want int, rq request) response {
	t.Helper()
	r := f.do(t, rq)
	if r.status != want {
		t.Fatalf("%s %s: %d, want %d: %.300s", rq.method, rq.path, r.status, want, r.body)
	}
	return r
}

// person signs name up and in.
func (f *fixture) person(t testing.TB, name string) {
	t.Helper()
	f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/accounts",
		body: map[string]string{"username": name, "passphrase": apptest.Passphrase}})
	f.tokens[name] = f.login(t, name)
}

// login starts a new session for name and returns its token.
func (f *fixture) login(t testing.TB, name string) string {
	t.Helper()
	r := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/sessions",
		body: map[string]string{"username": name, "passphrase": apptest.Passphrase}})
	return r.json(t)["token"].(string)
}

// create posts body to the API path (after the prefix) as who, and returns
// the new object's id.
func (f *fixture) create(t testing.TB, path, who string, body any) string {
	t.Helper()
	r := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + path, who: who, body: body})
	return r.json(t)["id"].(string)
}

// pages lists path as who, limit items a page, following next_cursor to
// the end, and returns the ids on each page.
func (f *fixture) pages(t testing.TB, path, who, limit string) [][]string {
	t.Helper()
	var out [][]string
	cursor := ""
	for range 50 {
		q := "?limit=" + limit
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []struct{ ID string }
			NextCursor *string `json:"next_cursor"`
		}
		r := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + path + q, who: who})
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		out = append(out, ids)
		if page.NextCursor == nil {
			return out
		}
		cursor = *page.NextCursor
	}
	t.Fatal("the listing never ended")
	return nil
}
