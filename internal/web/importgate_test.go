package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kintsugi/internal/apptest"
	"kintsugi/internal/archive"
)

// upload is an import sent with Expect: 100-continue, so the server asks
// for the body only when the handler first reads it.
type upload struct {
	reading atomic.Bool // the server asked for the body
	body    *io.PipeWriter
	done    chan page
}

// form is a multipart form holding data as the archive field.
func form(t *testing.T, data []byte) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("archive", "kintsugi.zip")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// startUpload posts an import as b. With held, the body waits in a pipe
// until finish; otherwise the client sends body once the server asks.
func startUpload(t *testing.T, b *browser, contentType string, body []byte, held bool) *upload {
	t.Helper()
	u := &upload{done: make(chan page, 1)}
	var rd io.Reader = bytes.NewReader(body)
	if held {
		pr, pw := io.Pipe()
		rd, u.body = pr, pw
	}
	req, err := http.NewRequest("POST", b.app.URL+"/settings/import", rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Expect", "100-continue")
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		Got100Continue: func() { u.reading.Store(true) },
	}))
	c := &http.Client{Jar: b.c.Jar, Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	go func() {
		res, err := c.Do(req)
		if err != nil {
			u.done <- page{status: -1, body: err.Error()}
			return
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		u.done <- page{res.StatusCode, res.Header, string(data)}
	}()
	return u
}

// TestImportsWaitForRoom: while two imports run and four wait, the next
// is answered at once with the settings page, 503 and Retry-After. The
// waiting ones' uploads are not read until they have a place, and then
// they are brought in.
func TestImportsWaitForRoom(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("bob")
	export := b.post("/settings/export", nil)
	if export.status != http.StatusOK {
		t.Fatalf("export: %d", export.status)
	}
	contentType, body := form(t, []byte(export.body))

	var running []*upload
	for range archive.ImportsAtOnce {
		u := startUpload(t, b, contentType, body, true)
		for deadline := time.Now().Add(10 * time.Second); !u.reading.Load(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("a first import was never read")
			}
		}
		running = append(running, u)
	}

	// Each upload that gets no answer for a while is waiting; the first
	// answered is the one there was no room for.
	var waiting []*upload
	var refused page
	for refused.status == 0 {
		if len(waiting) > archive.ImportQueue+2 {
			t.Fatalf("%d imports wait and none is refused", len(waiting))
		}
		u := startUpload(t, b, contentType, body, false)
		select {
		case refused = <-u.done:
		case <-time.After(time.Second):
			waiting = append(waiting, u)
		}
	}
	if refused.status != http.StatusServiceUnavailable || refused.header.Get("Retry-After") != "10" ||
		!strings.Contains(refused.body, "Please try again in 10 seconds") || !strings.Contains(refused.body, "nothing changed") ||
		!strings.Contains(refused.body, "Download my data") {
		t.Fatalf("with no room: %d, Retry-After %q\n%s", refused.status, refused.header.Get("Retry-After"), refused.body)
	}
	if len(waiting) != archive.ImportQueue {
		t.Errorf("%d imports waited, want %d", len(waiting), archive.ImportQueue)
	}
	for i, u := range waiting {
		if u.reading.Load() {
			t.Errorf("waiting import %d had its upload read before it had a place", i+1)
		}
	}

	for _, u := range running {
		go func() {
			u.body.Write(body)
			u.body.Close()
		}()
	}
	for i, u := range append(running, waiting...) {
		if p := <-u.done; p.status != http.StatusOK || !strings.Contains(p.body, "Nothing new was in it.") {
			t.Errorf("import %d: %d\n%.500s", i+1, p.status, p.body)
		}
	}
}
