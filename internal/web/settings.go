package web

import (
	"net/http"

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
		return app.formError(w, r, err, "settings", "Settings", settingsPage{}, "current")
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
