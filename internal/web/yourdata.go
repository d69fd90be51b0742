package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/archive"
	"kintsugi/internal/httpx"
	"kintsugi/internal/valid"
)

// exportData sends everything the person wrote as one zip archive. It
// answers a POST from the settings page only: a GET, which a link or a
// page on another site could make the browser send with the session
// cookie (SameSite=Lax lets top-level navigations carry it), would hand
// that site's visitor a download of everything in the clear. Cross-origin
// POSTs are refused before they get here.
func (app *Web) exportData(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	name, zip, err := archive.Export(r.Context(), app.Store, p, p.Username, app.Tools, app.Guide, time.Now())
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/zip", name, zip)
	return nil
}

// toSettings answers a GET of the export's address, from an old bookmark
// or link, with the settings page and its download button, and serves
// nothing itself.
func (app *Web) toSettings(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
	return nil
}

// settingsPage is what the settings page shows besides its forms.
type settingsPage struct {
	Imported    *importedView
	ImportError string
	TimeZone    string   // as set, or as typed when it came back
	Zones       []string // names to offer
	StayOnExit  bool     // leaving quickly keeps the session
	// SignInNotice tells of new sign-ins on the home page.
	SignInNotice bool
	// Journey is the side of the steps the person walks, "person" or
	// "partner"; JourneyChosen says they chose it, rather than their
	// role in a shared space.
	Journey       string
	JourneyChosen bool
}

// importedView says what an import brought in, by kind, in the kinds'
// words, and how many items were there already.
type importedView struct {
	Added   []string // "Boundaries (2)"
	Skipped int
}

func (app *Web) imported(rep archive.Report) *importedView {
	v := &importedView{}
	for _, k := range app.Tools.Kinds {
		key := k.Path
		if k.Parent != nil {
			key = k.Parent.Path + "/" + k.Path
		}
		if n := rep.Added[key]; n > 0 {
			v.Added = append(v.Added, app.Tools.Words().Of(k).Title+" ("+strconv.Itoa(n)+")")
		}
		v.Skipped += rep.Skipped[key]
	}
	return v
}

// importData reads an uploaded archive and adds what is new in it. It
// waits for a place at the import gate before it reads the upload, since
// the upload is what takes the memory.
func (app *Web) importData(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	leave, err := app.Imports.Enter(r.Context())
	if errors.Is(err, account.ErrBusy) {
		return app.importBusy(w, r, err)
	} else if err != nil {
		return err
	}
	defer leave()
	raw, err := uploadedArchive(w, r)
	if err != nil {
		msg := "Choose the archive file to bring in."
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			msg = fmt.Sprintf("That file is larger than %d MB, more than an archive of kintsugi can be.", archive.MaxArchive>>20)
		}
		return app.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{ImportError: msg}, nil)
	}
	rep, err := archive.ImportZip(r.Context(), app.Store, p, raw, app.Tools, app.Guide)
	if refused, ok := archive.IsRefused(err); ok {
		return app.renderSettings(w, r, http.StatusUnprocessableEntity,
			settingsPage{ImportError: "That archive was not brought in, and nothing changed: " + refused.Reason + "."}, nil)
	} else if err != nil {
		return err
	}
	return app.renderSettings(w, r, http.StatusOK, settingsPage{Imported: app.imported(rep)}, nil)
}

// importBusy answers an import there is no room for right now with the
// settings page and a kind word, 503 and Retry-After. It reads the upload
// to its end first, throwing it away as it comes, never holding it: a
// browser sends the whole file before it reads an answer, and the server
// would discard only 256 KB of it before closing the connection, which
// the browser can show as a broken connection instead of this page.
func (app *Web) importBusy(w http.ResponseWriter, r *http.Request, err error) error {
	after, _ := account.RetryAfter(err)
	secs := int(after.Round(time.Second) / time.Second)
	io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, maxUpload))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := fmt.Sprintf("Other archives are being brought in right now, so yours was not, and nothing changed. Please try again in %d seconds.", secs)
	return app.renderSettings(w, r, http.StatusServiceUnavailable, settingsPage{ImportError: msg}, nil)
}

func (app *Web) renderSettings(w http.ResponseWriter, r *http.Request, status int, page settingsPage, problems valid.Problems) error {
	page, err := app.settingsData(r, page)
	if err != nil {
		return err
	}
	app.render(w, r, status, "settings", view{Title: "Settings", Nav: "settings", Problems: problems, Data: page})
	return nil
}

// settingsData fills in what the settings page shows from the profile.
func (app *Web) settingsData(r *http.Request, page settingsPage) (settingsPage, error) {
	prof, err := app.Accounts.Profile(r.Context(), personFrom(r))
	if err != nil {
		return page, err
	}
	if page.TimeZone == "" {
		page.TimeZone = prof.TimeZone
	}
	page.StayOnExit, page.Zones, page.SignInNotice = prof.StayOnExit, zones, prof.SignInNotice
	page.Journey, page.JourneyChosen = string(app.sideOf(r.Context()).Role), prof.Journey != ""
	return page, nil
}

// settingsError is the settings page with a form's problem, or err.
func (app *Web) settingsError(w http.ResponseWriter, r *http.Request, err error, field string) error {
	page, perr := app.settingsData(r, settingsPage{})
	if perr != nil {
		return perr
	}
	return app.formError(w, r, err, "settings", "Settings", page, field)
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
		// Say everything that is in the way at once: the box, and
		// whether the passphrase would have done.
		var pr valid.Problems
		err := app.Accounts.ConfirmPassphrase(r.Context(), p, r.PostFormValue("passphrase"), "passphrase", "That is not your passphrase.")
		if wrong, ok := valid.As(err); ok {
			pr = append(pr, wrong...)
		} else if err != nil {
			return app.formError(w, r, err, "delete-account", "Delete your account", nil, "passphrase")
		}
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

// maxUpload bounds an import form: an archive and a little room for the
// form around it.
const maxUpload = archive.MaxArchive + 1<<20

// uploadedArchive reads the "archive" part of a multipart form into
// memory. It reads the stream itself rather than through FormFile, which
// keeps large parts in temporary files: an archive is its owner's writing
// in the clear and must never touch the server's disk.
func uploadedArchive(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, maxUpload)
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
		raw, err := archive.ReadUpload(part, r.ContentLength)
		if err == nil && len(raw) == 0 {
			err = errors.New("empty upload")
		}
		return raw, err
	}
}
