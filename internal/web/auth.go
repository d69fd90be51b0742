package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

type signupForm struct {
	Username string
}

func (app *Web) signupForm(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if p != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	app.render(w, r, http.StatusOK, "signup", view{Title: "Create your space", Data: signupForm{}})
	return nil
}

func (app *Web) signup(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := signupForm{Username: r.PostFormValue("username")}
	pass := r.PostFormValue("passphrase")
	if pass != r.PostFormValue("passphrase2") {
		var p valid.Problems
		p.Add("passphrase2", "The two passphrases are not the same. Please type them again.")
		app.render(w, r, http.StatusUnprocessableEntity, "signup", view{Title: "Create your space", Problems: p, Data: form})
		return nil
	}
	created, err := app.Accounts.SignUp(app.fromClient(r), form.Username, pass, httpx.ClientAddr(r, app.TrustedProxies), true)
	if err != nil {
		return app.formError(w, r, err, "signup", "Create your space", form, "username")
	}
	app.setSession(w, r, *created.Session)
	http.Redirect(w, r, "/recovery-key", http.StatusSeeOther)
	return nil
}

// showRecoveryKey shows a new recovery key (after sign-up, a recovery, or
// one made in Settings) until the person says they have saved it; a
// reload shows it again.
func (app *Web) showRecoveryKey(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	shown, ok, err := app.Accounts.RecoveryKeyToShow(r.Context(), p)
	if err != nil {
		return err
	}
	if !ok {
		http.Redirect(w, r, "/settings#recovery", http.StatusSeeOther)
		return nil
	}
	title := "Keep your recovery key"
	if shown.Replaced {
		title = "Your new recovery key"
	}
	app.render(w, r, http.StatusOK, "recovery-key", view{Title: title, Data: shown})
	return nil
}

// recoveryKeySaved forgets the key waiting to be seen.
func (app *Web) recoveryKeySaved(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Accounts.RecoveryKeySeen(r.Context(), p); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// formError re-renders a form with what went wrong, or returns err when
// it is not about the form. Known account errors are put on field.
func (app *Web) formError(w http.ResponseWriter, r *http.Request, err error, page, title string, data any, field string) error {
	p, ok := valid.As(err)
	status := http.StatusUnprocessableEntity
	switch {
	case ok:
	case errors.Is(err, account.ErrUsernameTaken):
		p.Add(field, "That username is taken. Please choose another.")
		status = http.StatusConflict
	case errors.Is(err, account.ErrCredentials):
		p.Add(field, "That username and passphrase do not match.")
		status = http.StatusUnauthorized
	case errors.Is(err, account.ErrRecovery):
		p.Add(field, "That username and recovery key do not match.")
		status = http.StatusUnauthorized
	case errors.Is(err, account.ErrThrottled), errors.Is(err, account.ErrBusy):
		after, _ := account.RetryAfter(err)
		secs := int(after.Round(time.Second) / time.Second)
		p.Add(field, fmt.Sprintf("There have been too many attempts for now. Please wait %d seconds and try again.", secs))
		status = http.StatusTooManyRequests
		if errors.Is(err, account.ErrBusy) {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Retry-After", fmt.Sprint(secs))
	default:
		return err
	}
	app.render(w, r, status, page, view{Title: title, Problems: p, Data: data})
	return nil
}

// emergencyKit sends the recovery key as a text file to keep. The key
// comes from the page it was shown on; nothing about it is stored.
func (app *Web) emergencyKit(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	key, err := vault.ParseRecoveryKey(r.PostFormValue("recovery_key"))
	if err != nil {
		return httpx.Errorf(http.StatusBadRequest, "bad_key", "That recovery key could not be read.")
	}
	kit := fmt.Sprintf(emergencyKitText, app.address(r), p.Username, key.String(), time.Now().UTC().Format("2 January 2006"))
	httpx.Attachment(w, "text/plain; charset=utf-8", "kintsugi-emergency-kit.txt", []byte(kit))
	return nil
}

// address is where people open kintsugi (app.Services.Address).
func (app *Web) address(r *http.Request) string { return app.Address(r, app.secure(r)) }

const emergencyKitText = `kintsugi: emergency kit
=======================

Address:       %s
Username:      %s
Recovery key:  %s
Made on:       %s

Keep this page somewhere safe and private, away from this device: printed
in a drawer, or in a password manager.

If you forget your passphrase, open kintsugi, choose "Forgot your
passphrase?", and enter your username and this recovery key. You will
choose a new passphrase, and everything you wrote will still be there.

Anyone who has this key and your username can open what you wrote in
kintsugi, so keep it to yourself. Without your passphrase or this key,
your writing cannot be read from the stored data, even by the people who
run the server.
`

type loginForm struct {
	Username string
	Next     string
	Carry    *carry
}

func (app *Web) loginForm(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	next := safeNext(r.URL.Query().Get("next"))
	if p != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	app.render(w, r, http.StatusOK, "login", view{Title: "Sign in", Data: loginForm{Next: next}})
	return nil
}

func (app *Web) login(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := loginForm{Username: r.PostFormValue("username"), Next: safeNext(r.PostFormValue("next")), Carry: app.carriedFrom(r)}
	se, err := app.Accounts.LogIn(app.fromClient(r), form.Username, r.PostFormValue("passphrase"),
		httpx.ClientAddr(r, app.TrustedProxies), app.devices(r))
	if err != nil {
		return app.formError(w, r, err, "login", "Sign in", form, "passphrase")
	}
	app.setSession(w, r, se)
	app.setDevices(w, r, se.Devices)
	if form.Carry != nil {
		// Hand the carried words back in a form to send again; saving
		// stays the person's choice.
		app.render(w, r, http.StatusOK, "resume", view{Title: "Welcome back", Data: form.Carry})
		return nil
	}
	http.Redirect(w, r, form.Next, http.StatusSeeOther)
	return nil
}

// leave is the quick exit: it signs the person out, unless they chose in
// Settings to stay signed in, and sends the browser to the neutral page.
// The script sends it as a beacon while the page is already leaving
// (via=beacon, answered 204); without the script it is a form.
func (app *Web) leave(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if p != nil {
		// The words on the page at that moment come along, to be kept
		// as a draft before the session ends. Losing them must not stop
		// the person from leaving.
		if r.PostForm.Get(draftField) != "" {
			if err := app.keepDraft(r, p); err != nil {
				app.Log.Warn("keeping a draft on leaving", "request_id", httpx.RequestID(r.Context()), "err", err)
			}
		}
		prof, err := app.Accounts.Profile(r.Context(), p)
		if err != nil {
			return err
		}
		if !prof.StayOnExit {
			if err := app.Accounts.LogOut(r.Context(), p); err != nil {
				return err
			}
			app.clearSession(w, r)
		}
	}
	if r.PostFormValue("via") == "beacon" {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, app.quickExit, http.StatusSeeOther)
	return nil
}

// robots asks search engines to keep away: an instance's pages are
// nobody's business under its domain.
func robots(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	io.WriteString(w, "User-agent: *\nDisallow: /\n")
}

func (app *Web) logout(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Accounts.LogOut(r.Context(), p); err != nil {
		return err
	}
	app.clearSession(w, r)
	app.redirect(w, r, "/login", "signed-out")
	return nil
}

type recoverForm struct {
	Username string
}

func (app *Web) recoverForm(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	app.render(w, r, http.StatusOK, "recover", view{Title: "Recover your account", Data: recoverForm{}})
	return nil
}

func (app *Web) recover(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := recoverForm{Username: r.PostFormValue("username")}
	pass := r.PostFormValue("passphrase")
	if pass != r.PostFormValue("passphrase2") {
		var p valid.Problems
		p.Add("passphrase2", "The two passphrases are not the same. Please type them again.")
		app.render(w, r, http.StatusUnprocessableEntity, "recover", view{Title: "Recover your account", Problems: p, Data: form})
		return nil
	}
	rec, err := app.Accounts.Recover(app.fromClient(r), form.Username, strings.TrimSpace(r.PostFormValue("recovery_key")), pass,
		httpx.ClientAddr(r, app.TrustedProxies))
	if err != nil {
		return app.formError(w, r, err, "recover", "Recover your account", form, "recovery_key")
	}
	app.setSession(w, r, rec.Session)
	http.Redirect(w, r, "/recovery-key", http.StatusSeeOther)
	return nil
}

// fromClient is the request's context with where it comes from, for the
// session a sign-in starts and the person's access log.
func (app *Web) fromClient(r *http.Request) context.Context {
	return account.WithClient(r.Context(), accesslog.ClientOf(r, app.TrustedProxies))
}
