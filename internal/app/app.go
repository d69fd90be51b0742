// Package app names the services every interface of kintsugi is built on,
// so the web pages and the API are assembled from one value.
package app

import (
	"log/slog"
	"net/http"
	"net/netip"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/archive"
	"kintsugi/internal/journey"
	"kintsugi/internal/safety"
	"kintsugi/internal/share"
	"kintsugi/internal/store"
	"kintsugi/internal/together"
	"kintsugi/internal/tool"
)

// Services are the shared parts of the application.
type Services struct {
	Store    *store.Store
	Accounts *account.Service
	Guide    *journey.Guide
	Crisis   *safety.Crisis
	Log      *slog.Logger
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed when finding a client's address.
	TrustedProxies []netip.Prefix
	// Tools is every declared tool: its kinds of record, their shape and
	// their words.
	Tools *tool.Catalog
	// Imports bounds how many archive imports run at once, on the web
	// pages and the API together: each holds an archive in memory.
	Imports *archive.Gate
	// Together links two people in a shared space.
	Together *together.Service
	// Shares shares chosen items with supporters and through links.
	Shares *share.Service
	// AccessLog is each person's own log of sign-ins, ended sessions and
	// what was done with what they shared.
	AccessLog *accesslog.Log
	// PublicURL is the address people open (for the emergency kit, and
	// a private link's address); when empty, it is taken from each
	// request.
	PublicURL string
	// Secure says requests come over HTTPS even where they cannot tell
	// (TLS ends at a proxy): an address taken from a request is https.
	Secure bool
}

// Address is where people open kintsugi: the configured public URL, or,
// when none is set, this request's own host (behind a proxy, that may be
// the proxy's upstream name: set --public-url there). secure says the
// connection is HTTPS where the request cannot tell.
func (s *Services) Address(r *http.Request, secure bool) string {
	if s.PublicURL != "" {
		return s.PublicURL
	}
	scheme := "http"
	if secure || s.Secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// NewImportGate returns the gate for Services.Imports:
// archive.ImportsAtOnce imports at once, archive.ImportQueue more waiting
// up to archive.ImportWait, then 503 with Retry-After.
func NewImportGate() *archive.Gate {
	return archive.NewGate(archive.ImportsAtOnce, archive.ImportQueue, archive.ImportWait)
}
