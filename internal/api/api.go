// Package api is kintsugi's JSON API, version 1: the same accounts and
// records as the web pages, with bearer tokens instead of cookies. Its
// routes are one table (routes.go) that the OpenAPI document is checked
// against.
package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/httpx"
	"kintsugi/internal/tools"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// API serves the JSON API.
type API struct {
	app.Services
	doc   []byte // the OpenAPI document
	views struct {
		checkins tools.CheckinView
		ratings  tools.RatingView
	}
}

// New returns the API, with its OpenAPI document made from the catalog.
func New(s app.Services) (*API, error) {
	a := &API{Services: s}
	if s.Tools != nil {
		var err error
		if a.doc, err = Document(s.Tools); err != nil {
			return nil, err
		}
		if a.views.checkins, err = tools.NewCheckinView(s.Tools); err != nil {
			return nil, err
		}
		if a.views.ratings, err = tools.NewRatingView(s.Tools); err != nil {
			return nil, err
		}
	}
	return a, nil
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
		if rt.Method == http.MethodGet {
			allowed[rt.Path] = append(allowed[rt.Path], http.MethodHead)
		}
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		notAllowed := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			a.writeError(w, r, httpx.Errorf(http.StatusMethodNotAllowed, "method_not_allowed", "This route does not accept "+r.Method+"."))
		}
		// Each other method on its own: a pattern of every method would
		// conflict with a wildcard route beside it (/instincts/calibration
		// and GET /instincts/{id}). HEAD goes with GET, whose pattern
		// matches it too: on its own it would conflict in the same way
		// (GET /sessions/current and HEAD /sessions/{id}).
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch,
			http.MethodDelete, http.MethodOptions} {
			if !slices.Contains(methods, m) {
				mux.HandleFunc(m+" "+path, notAllowed)
			}
		}
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
	// The scheme name is case-insensitive (RFC 9110, section 11.1).
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, httpx.Unauthorized
	}
	return a.Accounts.Authenticate(ctx, token)
}
