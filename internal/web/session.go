package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
)

type ctxKey int

const (
	personKey ctxKey = iota
	sideKey
)

func personFrom(r *http.Request) *account.Person {
	p, _ := r.Context().Value(personKey).(*account.Person)
	return p
}

// sideOf is the side of the journey the signed-in person walks, found
// once per request when they were identified; signed out, the person's.
func (app *Web) sideOf(ctx context.Context) *journey.Side {
	if side, ok := ctx.Value(sideKey).(*journey.Side); ok {
		return side
	}
	return app.Guide.Side
}

// cookieName is the session cookie; over HTTPS the __Host- prefix pins it
// to this host, path / and Secure.
func (app *Web) cookieName(r *http.Request) string {
	if app.secure(r) {
		return "__Host-kintsugi"
	}
	return "kintsugi"
}

func (app *Web) secure(r *http.Request) bool { return app.secureCookies || r.TLS != nil }

func (app *Web) setSession(w http.ResponseWriter, r *http.Request, se account.Session) {
	// No Max-Age: the cookie ends with the browser session, and the
	// server ends the session itself after its idle and total limits.
	http.SetCookie(w, &http.Cookie{Name: app.cookieName(r), Value: se.Token, Path: "/",
		HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteLaxMode})
}

func (app *Web) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: app.cookieName(r), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteLaxMode})
}

// The device cookie keeps the device tokens of this browser's past
// sign-ins, so that its owner still gets in while someone elsewhere
// guesses at their username (package account, devices.go). It holds no
// key and no name, and lasts half a year.
const devicesMaxAge = 183 * 24 * 60 * 60

func (app *Web) devicesCookie(r *http.Request) string {
	if app.secure(r) {
		return "__Host-kintsugi-device"
	}
	return "kintsugi-device"
}

// devices returns the device tokens this browser holds.
func (app *Web) devices(r *http.Request) string {
	if c, err := r.Cookie(app.devicesCookie(r)); err == nil {
		return c.Value
	}
	return ""
}

func (app *Web) setDevices(w http.ResponseWriter, r *http.Request, devices string) {
	http.SetCookie(w, &http.Cookie{Name: app.devicesCookie(r), Value: devices, Path: "/", MaxAge: devicesMaxAge,
		HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteStrictMode})
}

// identify attaches the signed-in person, if any, to the request.
func (app *Web) identify(r *http.Request) (*http.Request, error) {
	c, err := r.Cookie(app.cookieName(r))
	if err != nil || c.Value == "" {
		return r, nil
	}
	p, err := app.Accounts.Authenticate(r.Context(), c.Value)
	if errors.Is(err, account.ErrUnauthenticated) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	side, err := app.Journey(r.Context(), p)
	if err != nil {
		return r, err
	}
	ctx := context.WithValue(context.WithValue(r.Context(), personKey, p), sideKey, side)
	return r.WithContext(ctx), nil
}

// handler is a page handler; p is nil on public pages.
type handler func(w http.ResponseWriter, r *http.Request, p *account.Person) error

// public serves a page anyone may see (it still knows who is signed in).
func (app *Web) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := app.identify(r)
		if err == nil {
			err = h(w, r, personFrom(r))
		}
		if err != nil {
			app.fail(w, r, err)
		}
	})
}

// private serves a page for the signed-in person only. Signed out, a GET
// goes to the login page and back; a POST (say, a journal entry written
// while the session ran out) gets the login form with everything that was
// typed carried along in it, so nothing is lost.
func (app *Web) private(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := app.identify(r)
		if err != nil {
			app.fail(w, r, err)
			return
		}
		p := personFrom(r)
		if p == nil {
			app.signInFirst(w, r)
			return
		}
		if err := h(w, r, p); err != nil {
			app.fail(w, r, err)
		}
	})
}

func (app *Web) signInFirst(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if err := parseForm(w, r); err != nil {
		app.fail(w, r, err)
		return
	}
	form := loginForm{Carry: app.carryFrom(r)}
	app.clearSession(w, r)
	app.render(w, r, http.StatusUnauthorized, "login", view{Title: "Sign in again", Data: form})
}

// carry is a form submission held in the login form while the person
// signs in again; it lives only in the page, never on the server.
type carry struct {
	Action string
	Fields []field
}

type field struct{ Name, Value string }

func (app *Web) carryFrom(r *http.Request) *carry {
	if !app.carryable.MatchString(r.URL.Path) {
		return nil
	}
	c := &carry{Action: r.URL.Path}
	for name, values := range r.PostForm {
		for _, v := range values {
			c.Fields = append(c.Fields, field{name, v})
		}
	}
	return c
}

// carriedFrom reads a carried submission back out of the login form.
func (app *Web) carriedFrom(r *http.Request) *carry {
	action := r.PostFormValue("carry_action")
	if !app.carryable.MatchString(action) {
		return nil
	}
	c := &carry{Action: action}
	for name, values := range r.PostForm {
		if inner, ok := strings.CutPrefix(name, "carry."); ok {
			for _, v := range values {
				c.Fields = append(c.Fields, field{inner, v})
			}
		}
	}
	return c
}

// maxForm bounds a form body: a journal entry of MaxBody characters,
// percent-encoded, fits with room to spare.
const maxForm = 2 << 20

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return httpx.Errorf(http.StatusRequestEntityTooLarge, "too_large", "That was more than this form can take at once (2 MB).")
		}
		return httpx.Errorf(http.StatusBadRequest, "bad_form", "The form could not be read. Please try again.")
	}
	return nil
}

// Flash messages are fixed words keyed by a short code kept for one page
// view in a cookie; the code never carries content.
const flashCrisis = "crisis"

var flashMessages = map[string]string{
	"saved":              "Saved.",
	"sent":               "Sent. It is in your shared space now.",
	"shared":             "Shared. They can read it now, until the day you chose.",
	"link-made":          "Your private link is made.",
	"revoked":            "The share is revoked. Its copy is deleted.",
	"supporting":         "You are now their supporter. What they share with you will be here.",
	"stopped-supporting": "You no longer support them. What they shared with you is gone from here.",
	"supporter-removed":  "They are no longer your supporter. What you shared with them is deleted.",
	"deleted":            "Deleted.",
	"made":               "Made from what you wrote. Look it over and change anything that does not fit.",
	"dismissed":          "Let go. It will not be suggested again.",
	"passphrase":         "Your passphrase is changed. Any other devices were signed out.",
	"signed-out":         "You are signed out.",
	"everywhere":         "You are signed out on every device.",
	"session-ended":      "That session is ended. Whoever was using it is signed out.",
	"goodbye":            "Your account and everything you wrote in it are deleted. Take good care of yourself.",
	"linked":             "You are linked.",
	"unlinked":           "The link is ended. Nothing more can be shared between you.",
	"paused":             "The shared space is paused. Nothing new can be added until the pause ends or you lift it.",
	"lifted":             "The pause is lifted.",
	"let-go":             "What you shared is deleted.",
	"weekly-waiting":     "Your answers are saved. They will be shown to both of you once you have both answered this week.",
	"weekly-both":        "Your answers are saved. You have both answered this week, so your answers are side by side below.",
	flashCrisis:          "Saved.",
}

func (app *Web) flash(w http.ResponseWriter, r *http.Request, code string) {
	http.SetCookie(w, &http.Cookie{Name: "kintsugi_flash", Value: code, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteLaxMode})
}

func (app *Web) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("kintsugi_flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "kintsugi_flash", Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteLaxMode})
	if _, ok := flashMessages[c.Value]; !ok {
		return ""
	}
	return c.Value
}

// redirect answers a successful POST with a redirect and a flash.
func (app *Web) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		app.flash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext returns next if it is a path on this site, else "/". Browsers
// forgive a lot in a URL: they drop tabs and newlines anywhere, trim
// spaces and control characters, and read a backslash as a slash, so
// "/\t/evil.example" or "/\\evil.example" would leave the site. Only a
// plain path passes: printable ASCII without spaces or backslashes, one
// leading slash, and no scheme or host once parsed.
func safeNext(next string) string {
	if len(next) == 0 || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") {
		return "/"
	}
	for i := range len(next) {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return next
}
