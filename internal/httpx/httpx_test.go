package httpx

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, remote, forwarded string
		trusted                 []netip.Prefix
		want                    string
	}{
		{"direct", "203.0.113.7:5000", "", nil, "203.0.113.7"},
		{"header ignored without trusted proxies", "203.0.113.7:5000", "198.51.100.1", nil, "203.0.113.7"},
		{"header ignored from an untrusted peer", "203.0.113.7:5000", "198.51.100.1", proxies, "203.0.113.7"},
		{"through one proxy", "10.1.2.3:5000", "198.51.100.1", proxies, "198.51.100.1"},
		{"spoofed hops before the real client are skipped", "10.1.2.3:5000", "6.6.6.6, 198.51.100.1, 10.9.9.9", proxies, "198.51.100.1"},
		{"IPv6 loopback proxy", "[::1]:5000", "2001:db8::5", proxies, "2001:db8::5"},
		{"garbage hop stops the walk", "10.1.2.3:5000", "not-an-ip", proxies, "10.1.2.3"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := ClientAddr(r, c.trusted); got != c.want {
			t.Errorf("%s: ClientAddr = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLogRecoversAndObserves(t *testing.T) {
	var route string
	var status int
	h := Log(discard(), func(rt, method string, st int, _ time.Duration) { route, status = rt, st },
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != http.StatusInternalServerError || status != 500 || route != "unmatched" || rec.Header().Get("X-Request-ID") == "" {
		t.Fatalf("panic: code %d, observed %d %q", rec.Code, status, route)
	}
}

func TestAsWrapsUnknownErrors(t *testing.T) {
	cause := errors.New("database on fire")
	e := As(cause)
	if e.Status != 500 || !errors.Is(e, cause) || e.Message == "" || e.Message == cause.Error() {
		t.Fatalf("As(cause) = %+v", e)
	}
	if As(NotFound) != NotFound {
		t.Fatal("As changed an *Error")
	}
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
