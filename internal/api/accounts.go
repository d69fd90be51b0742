package api

import (
	"net/http"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
)

type credentials struct {
	Username   string `json:"username"`
	Passphrase string `json:"passphrase"`
}

// signIn is a sign-in: credentials, and the device token the client kept
// from its last sign-in (package account, devices.go).
type signIn struct {
	credentials
	DeviceToken string `json:"device_token"`
}

func (a *API) createAccount(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	var in credentials
	if err := decode(w, r, &in); err != nil {
		return err
	}
	created, err := a.Accounts.SignUp(r.Context(), in.Username, in.Passphrase, httpx.ClientAddr(r, a.TrustedProxies), false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"username":     created.Username,
		"created_at":   created.CreatedAt,
		"recovery_key": created.RecoveryKey.String(),
	})
	return nil
}

func (a *API) createSession(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	var in signIn
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := account.WithClient(r.Context(), accesslog.ClientOf(r, a.TrustedProxies))
	se, err := a.Accounts.LogIn(ctx, in.Username, in.Passphrase, httpx.ClientAddr(r, a.TrustedProxies), in.DeviceToken)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": se.Token, "expires_at": se.ExpiresAt, "device_token": se.Devices})
	return nil
}

func (a *API) deleteSession(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.Accounts.LogOut(r.Context(), p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	u, err := a.Store.UserByID(r.Context(), p.ID)
	if err != nil {
		return err
	}
	prof, err := a.Accounts.Profile(r.Context(), p)
	if err != nil {
		return err
	}
	var tz *string
	if prof.TimeZone != "" {
		tz = &prof.TimeZone
	}
	side, err := a.Journey(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"username":           p.Username,
		"created_at":         u.CreatedAt,
		"session_expires_at": p.ExpiresAt.UTC().Truncate(time.Second),
		"time_zone":          tz,
		"journey":            side.Role,
	})
	return nil
}

// setMe changes what a person sets about themselves: their time zone.
func (a *API) setMe(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		TimeZone string `json:"time_zone"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.Accounts.SetTimeZone(r.Context(), p, in.TimeZone); err != nil {
		return err
	}
	return a.me(w, r, p)
}
