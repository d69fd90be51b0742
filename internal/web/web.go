// Package web is kintsugi's HTML interface: server-rendered pages that work
// without JavaScript, with a little progressive enhancement (quick exit on
// Escape, local times). Handlers are small methods on Web, one concern per
// file; routes.go is the table.
package web

import (
	"html/template"

	"kintsugi/internal/app"
)

// Web serves the HTML pages.
type Web struct {
	app.Services
	quickExit     string
	publicURL     string
	secureCookies bool

	assets *assets
	pages  map[string]*template.Template
	// freshFeelings is the check-in form's feelings, unchosen, rendered
	// once: it is the same on every step 1 page.
	freshFeelings template.HTML
	// steps holds each step page's fixed parts, rendered once.
	steps []stepStatic
	// freshScale is the rating scale with nothing chosen, rendered once.
	freshScale template.HTML
}

// Options are the web interface's own settings.
type Options struct {
	// QuickExitURL is where the quick-exit control leads: a neutral page.
	QuickExitURL string
	// SecureCookies marks cookies Secure even when TLS ends at a proxy.
	SecureCookies bool
	// PublicURL is the address people open, for the emergency kit; when
	// empty, it is taken from each request.
	PublicURL string
}

// New parses the templates and hashes the static files; any problem with
// them fails here, at start-up, not on a request.
func New(s app.Services, o Options) (*Web, error) {
	app := &Web{Services: s, quickExit: o.QuickExitURL, publicURL: o.PublicURL, secureCookies: o.SecureCookies}
	var err error
	if app.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := app.parseTemplates(); err != nil {
		return nil, err
	}
	return app, nil
}
