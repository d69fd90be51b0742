// Package web is kintsugi's HTML interface: server-rendered pages that work
// without JavaScript, with a little progressive enhancement (quick exit on
// Escape, local times). Handlers are small methods on Web, one concern per
// file; routes.go is the table.
package web

import (
	"html/template"
	"log/slog"
	"net/netip"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/safety"
	"kintsugi/internal/store"
)

// Web serves the HTML pages.
type Web struct {
	store         *store.Store
	accounts      *account.Service
	guide         *journey.Guide
	crisis        *safety.Crisis
	log           *slog.Logger
	trusted       []netip.Prefix
	quickExit     string
	secureCookies bool

	assets *assets
	pages  map[string]*template.Template
}

// Deps are what the web interface needs.
type Deps struct {
	Store          *store.Store
	Accounts       *account.Service
	Guide          *journey.Guide
	Crisis         *safety.Crisis
	Log            *slog.Logger
	TrustedProxies []netip.Prefix
	// QuickExitURL is where the quick-exit control leads: a neutral page.
	QuickExitURL string
	// SecureCookies marks cookies Secure even when TLS ends at a proxy.
	SecureCookies bool
}

// New parses the templates and hashes the static files; any problem with
// them fails here, at start-up, not on a request.
func New(d Deps) (*Web, error) {
	app := &Web{store: d.Store, accounts: d.Accounts, guide: d.Guide, crisis: d.Crisis, log: d.Log,
		trusted: d.TrustedProxies, quickExit: d.QuickExitURL, secureCookies: d.SecureCookies}
	var err error
	if app.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := app.parseTemplates(); err != nil {
		return nil, err
	}
	return app, nil
}
