package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/archive"
	"kintsugi/internal/httpx"
	"kintsugi/internal/valid"
)

// exportData sends everything the person wrote as one zip archive.
func (app *Web) exportData(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	name, zip, err := archive.Export(r.Context(), app.Store, p, p.Username, app.Guide, time.Now())
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/zip", name, zip)
	return nil
}

// settingsPage is what the settings page shows besides its forms.
type settingsPage struct {
	Imported    *archive.Report
	ImportError string
}

// importData reads an uploaded archive and adds what is new in it.
func (app *Web) importData(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	raw, err := uploadedArchive(w, r)
	if err != nil {
		msg := "Choose the archive file to bring in."
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			msg = fmt.Sprintf("That file is larger than %d MB, more than an archive of kintsugi can be.", archive.MaxArchive>>20)
		}
		return app.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{ImportError: msg}, nil)
	}
	rep, err := archive.ImportZip(r.Context(), app.Store, p, raw, app.Guide)
	if refused, ok := archive.IsRefused(err); ok {
		return app.renderSettings(w, r, http.StatusUnprocessableEntity,
			settingsPage{ImportError: "That archive was not brought in, and nothing changed: " + refused.Reason + "."}, nil)
	} else if err != nil {
		return err
	}
	return app.renderSettings(w, r, http.StatusOK, settingsPage{Imported: &rep}, nil)
}

func (app *Web) renderSettings(w http.ResponseWriter, r *http.Request, status int, page settingsPage, problems valid.Problems) error {
	app.render(w, r, status, "settings", view{Title: "Settings", Nav: "settings", Problems: problems, Data: page})
	return nil
}

func (app *Web) confirmDeleteAccount(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	app.render(w, r, http.StatusOK, "delete-account", view{Title: "Delete your account", Nav: "settings"})
	return nil
}

// deleteAccount deletes the person and everything they wrote, once they
// have typed their passphrase and said they understand.
func (app *Web) deleteAccount(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostFormValue("understand") != "yes" {
		var pr valid.Problems
		pr.Add("understand", "Tick the box to say you understand that this cannot be undone.")
		app.render(w, r, http.StatusUnprocessableEntity, "delete-account", view{Title: "Delete your account", Nav: "settings", Problems: pr})
		return nil
	}
	if err := app.Accounts.DeleteAccount(r.Context(), p, r.PostFormValue("passphrase")); err != nil {
		return app.formError(w, r, err, "delete-account", "Delete your account", nil, "passphrase")
	}
	app.clearSession(w, r)
	app.redirect(w, r, "/", "goodbye")
	return nil
}

// uploadedArchive reads the "archive" part of a multipart form into
// memory. It reads the stream itself rather than through FormFile, which
// keeps large parts in temporary files: an archive is its owner's writing
// in the clear and must never touch the server's disk.
func uploadedArchive(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, archive.MaxArchive+1<<20)
	r.Body = body
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, err // io.EOF: no archive in the form
		}
		if part.FormName() != "archive" {
			continue
		}
		raw, err := io.ReadAll(part)
		if err == nil && len(raw) == 0 {
			err = errors.New("empty upload")
		}
		return raw, err
	}
}
