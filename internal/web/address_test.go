package web

import (
	"net/http/httptest"
	"testing"

	"kintsugi/internal/app"
)

// The emergency kit names the configured public address; only without one
// does it fall back to the request's host.
func TestAddressPrefersThePublicURL(t *testing.T) {
	r := httptest.NewRequest("POST", "http://10.0.0.11:8080/signup/kit", nil)
	if got := (&Web{Services: app.Services{PublicURL: "https://kintsugi.example.org"}}).address(r); got != "https://kintsugi.example.org" {
		t.Errorf("with --public-url: %q", got)
	}
	if got := (&Web{}).address(r); got != "http://10.0.0.11:8080" {
		t.Errorf("without --public-url: %q", got)
	}
	if got := (&Web{secureCookies: true}).address(r); got != "https://10.0.0.11:8080" {
		t.Errorf("behind TLS, without --public-url: %q", got)
	}
}
