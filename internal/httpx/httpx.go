// Package httpx holds what kintsugi's web pages and API share at the HTTP
// level: security headers, request ids, access logs without content, client
// addresses, and errors that carry a status and a message safe to show.
package httpx

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Error is an error with an HTTP status, a stable code for the API and a
// message safe to show the person. Err, if set, is the cause, for the log
// only.
type Error struct {
	Status  int
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Code, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Status, e.Code)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error.
func Errorf(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// Common errors. NotFound is the answer both for what does not exist and
// for what belongs to someone else.
var (
	NotFound     = Errorf(http.StatusNotFound, "not_found", "There is nothing here.")
	Unauthorized = Errorf(http.StatusUnauthorized, "unauthenticated", "Please sign in.")
)

// Internal wraps an unexpected error as a 500 whose message reveals nothing.
func Internal(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "internal",
		Message: "Something went wrong on our side, not yours. What you saved before is safe. Please try again in a moment.", Err: err}
}

// As returns err as an *Error, wrapping anything else as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the request's id (set by Log).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observer receives each finished request's route pattern, method, status
// and duration (for metrics).
type Observer func(route, method string, status int, d time.Duration)

// Log gives each request an id (echoed in X-Request-ID) and writes one
// access-log line per request: method, route pattern (never the raw path,
// which may hold ids), status, size and duration. It never logs content,
// query strings or headers. A panic in a handler becomes a logged 500.
// observe, if not nil, sees every request too.
func Log(log *slog.Logger, observe Observer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := rand.Text()[:12]
		w.Header().Set("X-Request-ID", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "request_id", id, "route", r.Pattern, "panic", fmt.Sprint(p))
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			d := time.Since(start)
			log.Info("request", "request_id", id, "method", r.Method, "route", RouteOf(r),
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000)
			if observe != nil {
				observe(RouteOf(r), r.Method, sw.status, d)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// RouteOf returns the mux pattern that served r, or "unmatched".
func RouteOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// Headers sets the security headers every response carries: a strict
// content security policy (no inline script or style, no framing), no
// MIME sniffing, no referrer, no search engine indexing, and no caching
// unless a handler allows it. formTarget, if not empty, is one more origin
// a form may end up at: the quick exit is a form whose answer redirects to
// a neutral page elsewhere, and form-action applies to redirects too.
func Headers(secure bool, formTarget string, next http.Handler) http.Handler {
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	if formTarget != "" {
		csp = strings.Replace(csp, "form-action 'self'", "form-action 'self' "+formTarget, 1)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
		h.Set("Cache-Control", "no-store")
		if secure || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// ClientAddr returns the address a request came from. Behind trusted
// proxies it takes the nearest untrusted hop of X-Forwarded-For; otherwise
// the connection's address.
func ClientAddr(r *http.Request, trusted []netip.Prefix) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := peer.Addr().Unmap()
	if !isTrusted(addr, trusted) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = hop.Unmap()
		if !isTrusted(addr, trusted) {
			break
		}
	}
	return addr.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Attachment sends body as a file to save, named name. Names come from
// the application, never from a request. A plain name is always quoted
// (filename="…"), as some clients expect; any other is encoded.
func Attachment(w http.ResponseWriter, contentType, name string, body []byte) {
	disposition := `attachment; filename="` + name + `"`
	if name == "" || strings.ContainsFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
	}) {
		disposition = mime.FormatMediaType("attachment", map[string]string{"filename": name})
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", disposition)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
