package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/record"
)

// sessionsPage is the list of the person's open sessions.
type sessionsPage struct {
	Sessions []account.SessionInfo
}

// sessions lists the person's sessions, each with a way to end it.
// Seeing them is seeing the new sign-ins the home page told of.
func (app *Web) sessions(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	list, err := app.Accounts.Sessions(r.Context(), p)
	if err != nil {
		return err
	}
	if err := app.Accounts.SignInsSeen(r.Context(), p); err != nil {
		return err
	}
	// This device first, then the others newest first.
	slices.SortStableFunc(list, func(a, b account.SessionInfo) int {
		switch {
		case a.Current == b.Current:
			return 0
		case a.Current:
			return -1
		}
		return 1
	})
	app.render(w, r, http.StatusOK, "sessions", view{Title: "Sessions and sign-ins", Nav: "settings", Data: sessionsPage{Sessions: list}})
	return nil
}

// endSession ends one of the person's sessions; their own signs them out.
func (app *Web) endSession(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	id := r.PathValue("id")
	if err := app.Accounts.EndSession(r.Context(), p, id); err != nil {
		return err
	}
	if id == account.PublicSessionID(p.SessionID) {
		app.clearSession(w, r)
		app.redirect(w, r, "/login", "signed-out")
		return nil
	}
	app.redirect(w, r, "/settings/sessions", "session-ended")
	return nil
}

// accessLogPage is a page of the person's access log.
type accessLogPage struct {
	Entries []logLine
	Next    string // the next page's cursor
	First   bool
}

// logLine is an entry in words.
type logLine struct {
	At    time.Time
	Words string
}

func (app *Web) accessLog(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	cursor := r.URL.Query().Get("cursor")
	entries, next, err := app.AccessLog.List(r.Context(), p, record.Page{Limit: 50, Cursor: cursor})
	if errors.Is(err, record.ErrCursor) {
		http.Redirect(w, r, "/settings/access-log", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	pg := accessLogPage{Next: next, First: cursor == "", Entries: make([]logLine, len(entries))}
	for i, e := range entries {
		pg.Entries[i] = logLine{At: e.At, Words: logWords(e)}
	}
	app.render(w, r, http.StatusOK, "access-log", view{Title: "Access log", Nav: "settings", Data: pg})
	return nil
}

// logWords says an entry in a plain sentence: "Signed in on Firefox on
// Linux, from 203.0.113.x."
func logWords(e accesslog.Entry) string {
	var b strings.Builder
	by := e.By
	if by == "link" {
		by = "someone with the link"
	}
	switch e.Kind {
	case accesslog.SignIn:
		b.WriteString("Signed in")
	case accesslog.SessionEnded:
		b.WriteString("A session ended")
	case accesslog.ShareMade:
		b.WriteString("You shared something")
		if by != "" {
			b.WriteString(" with " + by)
		}
	case accesslog.ShareOpened:
		b.WriteString("What you shared was opened")
		if by != "" {
			b.WriteString(" by " + by)
		}
	case accesslog.ShareRevoked:
		b.WriteString("You stopped sharing something")
	case accesslog.ShareExpired:
		b.WriteString("A share ran out")
	case accesslog.PasscodeWrong:
		b.WriteString("A wrong passcode was tried on one of your private links")
	case accesslog.LinkMade:
		b.WriteString("You made a private link to share with")
	case accesslog.SupporterAdded:
		b.WriteString(cmp.Or(by, "Someone") + " became your supporter")
	case accesslog.SupporterRemoved:
		b.WriteString(cmp.Or(by, "Someone") + " is no longer your supporter")
	default:
		b.WriteString("Something happened")
	}
	b.WriteString(onDevice(e.Device))
	if e.Address != "" {
		b.WriteString(", from " + e.Address)
	}
	if e.What != "" {
		if e.Kind == accesslog.SessionEnded {
			b.WriteString(": " + e.What)
		} else {
			b.WriteString(" (" + e.What + ")")
		}
	}
	b.WriteString(".")
	return b.String()
}

// onDevice is where in a sentence a device description goes: " on
// Firefox on Linux", " with a Go program", " on a device it did not know".
func onDevice(device string) string {
	switch {
	case device == "":
		return ""
	case device == accesslog.Device(""):
		return " on a device kintsugi did not recognise"
	case strings.HasPrefix(device, "A "), strings.HasPrefix(device, "An "):
		return " with " + strings.ToLower(device[:1]) + device[1:]
	case !strings.Contains(device, " on "):
		return " with " + device // a program: curl, the kintsugi API client
	}
	return " on " + device
}

// setSignInNotice chooses whether the home page tells of new sign-ins.
func (app *Web) setSignInNotice(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := app.Accounts.SetSignInNotice(r.Context(), p, r.PostFormValue("notice") == "yes"); err != nil {
		return err
	}
	app.redirect(w, r, "/settings#sign-ins", "saved")
	return nil
}

// signInsSeen is "Got it" on the home page's notice of new sign-ins.
func (app *Web) signInsSeen(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Accounts.SignInsSeen(r.Context(), p); err != nil {
		return err
	}
	app.redirect(w, r, "/", "")
	return nil
}

// newSignIns are the sign-ins since the person last looked, other than
// this very session's, when they asked to be told of them; at most a few.
func (app *Web) newSignIns(r *http.Request, p *account.Person, prof account.Profile) ([]logLine, error) {
	if !prof.SignInNotice || app.AccessLog == nil {
		return nil, nil
	}
	entries, err := app.AccessLog.Since(r.Context(), p, prof.SignInsSeenAt, 20)
	if err != nil {
		return nil, err
	}
	this := account.PublicSessionID(p.SessionID)
	var out []logLine
	for _, e := range entries {
		if e.Kind == accesslog.SignIn && e.Session != this && len(out) < 5 {
			out = append(out, logLine{At: e.At, Words: logWords(e)})
		}
	}
	return out, nil
}
