package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/archive"
)

// upload is an import sent with Expect: 100-continue, so the server asks
// for the body only when the handler first reads it.
type upload struct {
	reading atomic.Bool // the server asked for the body
	body    *io.PipeWriter
	done    chan response
}

// startUpload posts archive to /import with token. With held, the body
// waits in a pipe until it is written; otherwise the client sends it once
// the server asks.
func startUpload(t *testing.T, f *fixture, token string, archive []byte, held bool) *upload {
	t.Helper()
	u := &upload{done: make(chan response, 1)}
	var rd io.Reader = bytes.NewReader(archive)
	if held {
		pr, pw := io.Pipe()
		rd, u.body = pr, pw
	}
	req, err := http.NewRequest("POST", f.app.URL+api.Prefix+"/import", rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/zip")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Expect", "100-continue")
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		Got100Continue: func() { u.reading.Store(true) },
	}))
	c := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	go func() {
		res, err := c.Do(req)
		if err != nil {
			u.done <- response{status: -1, body: []byte(err.Error())}
			return
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		u.done <- response{res.StatusCode, res.Header, data}
	}()
	return u
}

// TestImportsWaitForRoom: while two imports run and four wait, the next
// is answered at once with 503 busy and Retry-After, as openapi.json
// declares, without its body being read. The waiting ones' bodies are not
// read until they have a place, and then they are brought in.
func TestImportsWaitForRoom(t *testing.T) {
	f := newFixture(t, "sqlite", newContract(t))
	export := f.must(t, 200, request{method: "GET", path: api.Prefix + "/export", who: "alice"}).body
	token := f.tokens["bob"]

	var running []*upload
	for range archive.ImportsAtOnce {
		u := startUpload(t, f, token, export, true)
		for deadline := time.Now().Add(10 * time.Second); !u.reading.Load(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("a first import was never read")
			}
		}
		running = append(running, u)
	}

	// Each import that gets no answer for a while is waiting; the first
	// answered is the one there was no room for.
	var waiting []*upload
	var refused *upload
	var answer response
	for refused == nil {
		if len(waiting) > archive.ImportQueue+2 {
			t.Fatalf("%d imports wait and none is refused", len(waiting))
		}
		u := startUpload(t, f, token, export, false)
		select {
		case answer = <-u.done:
			refused = u
		case <-time.After(time.Second):
			waiting = append(waiting, u)
		}
	}
	f.contract.checkResponse(t, "POST", api.Prefix+"/import", answer)
	if answer.status != http.StatusServiceUnavailable || answer.errorCode() != "busy" || answer.header.Get("Retry-After") != "10" {
		t.Fatalf("with no room: %d, Retry-After %q: %s", answer.status, answer.header.Get("Retry-After"), answer.body)
	}
	if refused.reading.Load() {
		t.Error("the refused import's body was read")
	}
	if len(waiting) != archive.ImportQueue {
		t.Errorf("%d imports waited, want %d", len(waiting), archive.ImportQueue)
	}
	for i, u := range waiting {
		if u.reading.Load() {
			t.Errorf("waiting import %d had its body read before it had a place", i+1)
		}
	}

	for _, u := range running {
		go func() {
			u.body.Write(export)
			u.body.Close()
		}()
	}
	for i, u := range append(running, waiting...) {
		r := <-u.done
		f.contract.checkResponse(t, "POST", api.Prefix+"/import", r)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), `"added"`) {
			t.Errorf("import %d: %d %s", i+1, r.status, r.body)
		}
	}
	if pages := f.pages(t, "/journal", "bob", "20"); len(pages) != 1 || len(pages[0]) != 1 {
		t.Errorf("bob's journal after six imports of one entry: %v", pages)
	}
}
