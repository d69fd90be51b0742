package api

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/archive"
	"kintsugi/internal/httpx"
)

func (a *API) export(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	name, zip, err := archive.Export(r.Context(), a.Store, p, p.Username, a.Tools, a.Guide, time.Now())
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/zip", name, zip)
	return nil
}

var errNotZip = httpx.Errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "Send the archive as application/zip.")

// importArchive brings an archive into the account. It waits for a place
// at the import gate before it reads the body, since the body is what
// takes the memory; with no place, the answer is 503 busy with
// Retry-After, and the body is left unread (a client that sent
// Expect: 100-continue, as curl does for large bodies, never sends it).
func (a *API) importArchive(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/zip" {
		return errNotZip
	}
	leave, err := a.Imports.Enter(r.Context())
	if err != nil {
		return err
	}
	defer leave()
	raw, err := archive.ReadUpload(http.MaxBytesReader(w, r.Body, archive.MaxArchive), r.ContentLength)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return httpx.Errorf(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("An archive can be at most %d MB.", archive.MaxArchive>>20))
		}
		return httpx.Errorf(http.StatusBadRequest, "bad_request", "The request body could not be read.")
	}
	if len(raw) == 0 {
		return httpx.Errorf(http.StatusBadRequest, "bad_request", "Send the archive as the request body.")
	}
	rep, err := archive.ImportZip(r.Context(), a.Store, p, raw, a.Tools, a.Guide)
	if refused, ok := archive.IsRefused(err); ok {
		return httpx.Errorf(http.StatusUnprocessableEntity, "archive_refused", "The archive was refused and nothing changed: "+refused.Reason+".")
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (a *API) deleteMe(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Passphrase string `json:"passphrase"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.Accounts.DeleteAccount(r.Context(), p, in.Passphrase); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
