// Package app names the services every interface of kintsugi is built on,
// so the web pages and the API are assembled from one value.
package app

import (
	"log/slog"
	"net/netip"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/safety"
	"kintsugi/internal/store"
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
}
