// Package api is kintsugi's JSON API, version 1: the same accounts and
// records as the web pages, with bearer tokens instead of cookies. Its
// routes are one table (routes.go) that the OpenAPI document is checked
// against.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/safety"
	"kintsugi/internal/store"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// API serves the JSON API.
type API struct {
	store    *store.Store
	accounts *account.Service
	guide    *journey.Guide
	crisis   *safety.Crisis
	log      *slog.Logger
	trusted  []netip.Prefix
}

// Deps are what the API needs.
type Deps struct {
	Store          *store.Store
	Accounts       *account.Service
	Guide          *journey.Guide
	Crisis         *safety.Crisis
	Log            *slog.Logger
	TrustedProxies []netip.Prefix
}

// New returns the API.
func New(d Deps) *API {
	return &API{store: d.Store, accounts: d.Accounts, guide: d.Guide, crisis: d.Crisis, log: d.Log, trusted: d.TrustedProxies}
}

// handler serves one route; p is the signed-in person on routes that need
// one, nil elsewhere.
type handler func(w http.ResponseWriter, r *http.Request, p *account.Person) error

// Register adds every route to mux, with JSON answers for unknown paths
// and wrong methods.
func (a *API) Register(mux *http.ServeMux) {
	allowed := map[string][]string{}
	for _, rt := range a.routes() {
		mux.Handle(rt.Method+" "+rt.Path, a.serve(rt))
		allowed[rt.Path] = append(allowed[rt.Path], rt.Method)
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			a.writeError(w, r, httpx.Errorf(http.StatusMethodNotAllowed, "method_not_allowed", "This route does not accept "+r.Method+"."))
		})
	}
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, httpx.Errorf(http.StatusNotFound, "not_found", "There is no such route."))
	})
}

// serve wraps a route: authentication where needed, errors in one place.
func (a *API) serve(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p *account.Person
		if rt.Auth {
			var err error
			if p, err = a.authenticate(r.Context(), r); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		if err := rt.handle(w, r, p); err != nil {
			a.writeError(w, r, err)
		}
	})
}

func (a *API) authenticate(ctx context.Context, r *http.Request) (*account.Person, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return nil, httpx.Unauthorized
	}
	return a.accounts.Authenticate(ctx, strings.TrimSpace(token))
}
