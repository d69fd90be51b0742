// Package server assembles kintsugi's HTTP handler: the web pages, the JSON
// API and the health endpoints on one mux, behind the middleware every
// request passes (access log, security headers, cross-origin protection).
package server

import (
	"context"
	"net/http"
	"net/http/pprof"
	"net/url"
	"regexp"
	"strings"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/app"
	"kintsugi/internal/httpx"
	"kintsugi/internal/metrics"
	"kintsugi/internal/store"
	"kintsugi/internal/web"
)

// Deps are everything the handler needs.
type Deps struct {
	app.Services
	web.Options
	// Metrics, if set, counts every request.
	Metrics *metrics.Metrics
}

// New returns the application's handler.
func New(d Deps) (http.Handler, error) {
	pages, err := web.New(d.Services, d.Options)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	pages.Register(mux)
	a, err := api.New(d.Services)
	if err != nil {
		return nil, err
	}
	a.Register(mux)
	mux.HandleFunc("GET /healthz", healthy)
	mux.HandleFunc("GET /readyz", ready(d.Store))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error":{"code":"cross_origin","message":"Cross-origin requests from a browser are refused."}}` + "\n"))
			return
		}
		http.Error(w, "This request came from another website, so it was refused. Nothing was changed.", http.StatusForbidden)
	}))
	var observe httpx.Observer
	if d.Metrics != nil {
		observe = d.Metrics.Observe
	}
	return httpx.Log(d.Log, observe, httpx.Headers(d.SecureCookies, origin(d.QuickExitURL), cop.Handler(mux))), nil
}

// origin is the scheme and host of an absolute web URL, or "" (and then
// the quick exit works through its script only).
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !plainHost.MatchString(u.Host) {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

var plainHost = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$`)

// Operator returns the handler for the operator's listener: metrics,
// health and profiles, kept off the public address.
func Operator(s *store.Store, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", healthy)
	mux.HandleFunc("GET /readyz", ready(s))
	// Profiles show where time goes; they hold no content, only code paths.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

func healthy(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }

// ready answers 200 when the database answers and its schema is the one
// this build expects, 503 otherwise.
func ready(s *store.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.CheckSchema(ctx); err != nil {
			http.Error(w, "not ready: database unreachable or schema not current", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	}
}
