// Package apptest runs the whole kintsugi application in a test: a fresh
// database on the chosen engine, cheap Argon2id parameters, and the real
// handler behind an httptest server, with helpers to sign people up and
// call the API.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"kintsugi/internal/accesslog"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/metrics"
	"kintsugi/internal/safety"
	"kintsugi/internal/server"
	"kintsugi/internal/share"
	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/together"
	"kintsugi/internal/tools"
	"kintsugi/internal/vault"
	"kintsugi/internal/web"
)

// Passphrase is a passphrase strong enough to be accepted.
const Passphrase = "quiet harbour lanterns drift east"

// App is a running application.
type App struct {
	URL      string
	DSN      string
	Store    *store.Store
	Accounts *account.Service
	Secret   *vault.Secret
	// AccessLog is the log the application writes to.
	AccessLog *accesslog.Log
	// Shares is the application's sharing, whose clock a test may move.
	Shares *share.Service
	Logs   *Buffer
	Client *http.Client
	// Operator serves /metrics, /healthz and /readyz, as on the
	// operator's listener.
	Operator http.Handler
	// Handler is the application's handler, for in-process benchmarks.
	Handler http.Handler
}

// Buffer is a goroutine-safe log sink tests can read.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// New starts the application on a fresh database of engine ("sqlite" or
// "postgres").
func New(t testing.TB, engine string) *App {
	t.Helper()
	return NewWithDSN(t, testdb.DSN(t, engine))
}

// NewWithDSN starts the application on the given (empty) database.
func NewWithDSN(t testing.TB, dsn string) *App {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	secret := vault.NewSecret()
	cfg := account.DefaultConfig()
	cfg.Params = vault.TestParams
	accounts, err := account.New(s, secret, cfg)
	if err != nil {
		t.Fatal(err)
	}
	guide, catalog, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	crisis, err := safety.Load("")
	if err != nil {
		t.Fatal(err)
	}
	logs := &Buffer{}
	log := accesslog.New(s, accounts)
	shares := share.New(s, accounts, catalog, secret, log)
	m := metrics.New(s, accounts)
	h, err := server.New(server.Deps{
		Services: app.Services{Store: s, Accounts: accounts, Guide: guide, Tools: catalog, Crisis: crisis,
			Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Imports: app.NewImportGate(),
			Together: together.New(s, accounts, secret), Shares: shares, AccessLog: log},
		Options: web.Options{QuickExitURL: "https://example.org/weather"},
		Metrics: m,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	// The cleanup lets go of the server and the store once it has closed
	// them: a test keeps its cleanups' closures until its parent ends
	// (testing pops them without clearing them), and the API's scenarios,
	// a thousand subtests of one parent, would otherwise keep a thousand
	// applications, templates and all, until the last one is done.
	open := &struct {
		srv *httptest.Server
		s   *store.Store
	}{srv, s}
	t.Cleanup(func() {
		open.srv.Close()
		open.s.Close()
		open.srv, open.s = nil, nil
	})
	return &App{URL: srv.URL, DSN: dsn, Store: s, Accounts: accounts, Secret: secret, AccessLog: log, Shares: shares, Logs: logs, Client: srv.Client(),
		Operator: server.Operator(s, m), Handler: h}
}

// Response is an API answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response %d is not a JSON object: %v: %s", r.Status, err, r.Body)
	}
	return m
}

// ErrorCode returns error.code of an error body, or "".
func (r Response) ErrorCode() string {
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends a request. body may be nil, a string (sent as is, as JSON), or
// any value (encoded as JSON).
func (a *App) Do(t testing.TB, method, path, token string, body any) Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: data}
}

// Person signs a new person up through the API and returns a session token.
func (a *App) Person(t testing.TB, username string) string {
	t.Helper()
	creds := map[string]string{"username": username, "passphrase": Passphrase}
	if r := a.Do(t, "POST", "/api/v1/accounts", "", creds); r.Status != http.StatusCreated {
		t.Fatalf("sign up %s: %d %s", username, r.Status, r.Body)
	}
	r := a.Do(t, "POST", "/api/v1/sessions", "", creds)
	if r.Status != http.StatusCreated {
		t.Fatalf("log in %s: %d %s", username, r.Status, r.Body)
	}
	return r.JSON(t)["token"].(string)
}

// Create posts body to path and returns the new object's id.
func (a *App) Create(t testing.TB, path, token string, body any) string {
	t.Helper()
	r := a.Do(t, "POST", path, token, body)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST %s: %d %s", path, r.Status, r.Body)
	}
	return r.JSON(t)["id"].(string)
}
