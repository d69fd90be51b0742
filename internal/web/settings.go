package web

import (
	"net/http"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/valid"
)

func (app *Web) settings(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.renderSettings(w, r, http.StatusOK, settingsPage{}, nil)
}

func (app *Web) changePassphrase(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	next := r.PostFormValue("new")
	if next != r.PostFormValue("new2") {
		var pr valid.Problems
		pr.Add("new2", "The two new passphrases are not the same. Please type them again.")
		return app.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{}, pr)
	}
	if err := app.Accounts.ChangePassphrase(r.Context(), p, r.PostFormValue("current"), next); err != nil {
		return app.settingsError(w, r, err, "current")
	}
	app.redirect(w, r, "/settings", "passphrase")
	return nil
}

func (app *Web) logoutEverywhere(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Accounts.LogOutEverywhere(r.Context(), p); err != nil {
		return err
	}
	app.clearSession(w, r)
	app.redirect(w, r, "/login", "everywhere")
	return nil
}

// setTimeZone keeps the person's time zone.
func (app *Web) setTimeZone(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	tz := strings.TrimSpace(r.PostFormValue("time_zone"))
	if err := app.Accounts.SetTimeZone(r.Context(), p, tz); err != nil {
		if pr, ok := valid.As(err); ok {
			return app.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{TimeZone: tz}, pr)
		}
		return err
	}
	app.redirect(w, r, "/settings", "saved")
	return nil
}

// setQuickExit chooses whether leaving quickly also signs the person out.
func (app *Web) setQuickExit(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := app.Accounts.SetStayOnExit(r.Context(), p, r.PostFormValue("stay") == "yes"); err != nil {
		return err
	}
	app.redirect(w, r, "/settings#leaving", "saved")
	return nil
}

// setJourney chooses whose side of the twelve steps the person walks.
func (app *Web) setJourney(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := app.Accounts.SetJourney(r.Context(), p, r.PostFormValue("journey")); err != nil {
		if pr, ok := valid.As(err); ok {
			return app.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{}, pr)
		}
		return err
	}
	app.redirect(w, r, "/settings#journey", "saved")
	return nil
}

// newRecoveryKey replaces the recovery key, with the passphrase, and shows
// the new one.
func (app *Web) newRecoveryKey(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := app.Accounts.NewRecoveryKey(r.Context(), p, r.PostFormValue("recovery_passphrase")); err != nil {
		return app.settingsError(w, r, err, "recovery_passphrase")
	}
	http.Redirect(w, r, "/recovery-key", http.StatusSeeOther)
	return nil
}

// location is the person's time zone, UTC until they set one.
func (app *Web) location(r *http.Request, p *account.Person) (*time.Location, error) {
	prof, err := app.Accounts.Profile(r.Context(), p)
	if err != nil {
		return nil, err
	}
	return prof.Location(), nil
}

// zones are the time zones the settings form offers by name: a few for
// each part of the world; any other IANA name may be typed.
var zones = []string{
	"Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
	"America/Anchorage", "America/Bogota", "America/Chicago", "America/Denver", "America/Halifax", "America/Los_Angeles",
	"America/Mexico_City", "America/New_York", "America/Phoenix", "America/Santiago", "America/Sao_Paulo", "America/St_Johns",
	"America/Toronto", "America/Vancouver",
	"Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem", "Asia/Karachi",
	"Asia/Kolkata", "Asia/Manila", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore", "Asia/Tehran", "Asia/Tokyo",
	"Atlantic/Reykjavik", "Australia/Adelaide", "Australia/Brisbane", "Australia/Perth", "Australia/Sydney",
	"Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul",
	"Europe/Lisbon", "Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Paris", "Europe/Rome", "Europe/Stockholm",
	"Europe/Warsaw", "Europe/Zurich", "Pacific/Auckland", "Pacific/Honolulu", "UTC",
}
