package web

import (
	"encoding/json"
	"net/http"

	"kintsugi/internal/account"
)

func (app *Web) help(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	app.render(w, r, http.StatusOK, "help", view{Title: "Help now", Nav: "help", Crisis: app.crisisFor(r, p)})
	return nil
}

func (app *Web) privacy(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	app.render(w, r, http.StatusOK, "privacy", view{Title: "Your privacy", Nav: "privacy"})
	return nil
}

// manifest makes kintsugi installable, under a deliberately quiet name.
func (app *Web) manifest(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	return json.NewEncoder(w).Encode(map[string]any{
		"name":             "kintsugi",
		"short_name":       "kintsugi",
		"start_url":        "/",
		"display":          "standalone",
		"background_color": "#f7f4ee",
		"theme_color":      "#f7f4ee",
		"icons": []map[string]string{
			{"src": app.assets.URL("icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
		},
	})
}
