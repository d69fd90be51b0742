package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/draft"
	"kintsugi/internal/httpx"
	"kintsugi/internal/markdown"
	"kintsugi/internal/record"
	"kintsugi/internal/tool"
)

// Drafts. Every form of a kind with long text keeps a draft while the
// person writes: app.js sends the form's fields to POST /drafts a few
// seconds after they type, and at once when they leave (quick exit, a
// closed tab). The draft is sealed on the server (package draft), never
// kept in the browser, and named by the form's key: the address the form
// is sent to ("/journal", "/journal/{id}", "/boundaries/{id}/events").
// When the form opens again it is filled in from the draft, and says so;
// saving the form, or "Start fresh", lets the draft go. Without
// JavaScript nothing is kept as a draft, and the forms work as before.

// draftField names the form's key in a draft's body; no tool's field has
// this name.
const draftField = "draft_for"

// drafting is what a form's page shows of drafts and the preview.
type drafting struct {
	// DraftKey is the form's key, when its kind keeps drafts. Pending:
	// the form came back (a problem, a preview) with words that are not
	// kept anywhere yet.
	DraftKey string
	Pending  bool
	// Draft says the form was filled in from a draft.
	Draft *draftNotice
	// Previewable: the form has Markdown to preview. Preview is what it
	// looks like, when the person asked to see it.
	Previewable bool
	Preview     []previewField
	// The event form on an item's page, likewise.
	EventDraftKey string
	EventDraft    *draftNotice
}

// draftNotice is the calm word at the top of a form filled in from a
// draft: when it was kept, in the person's time zone, and whether it is
// a change to something saved (then starting fresh goes back to that).
type draftNotice struct {
	Key, Saved, ISO string
	Change          bool
}

// previewField is one Markdown field as it will look, with its words
// counted.
type previewField struct {
	Label string
	HTML  template.HTML
	Words int
}

// previewLevel is the heading level the preview sits under: its own
// <h2> on the form's page, so an entry's "# Heading" is an <h3> there.
const previewLevel = 2

// keepsDrafts reports whether k has long text anywhere: a form of only
// choices and numbers is quick to fill in again.
func keepsDrafts(k *tool.Kind) bool { return hasLongText(k.Visible()) }

func hasLongText(fields []tool.Field) bool {
	for _, f := range fields {
		if f.Type == tool.LongText || hasLongText(f.Fields) {
			return true
		}
	}
	return false
}

// draftKind returns the kind whose form has the key: "/{path}" (a new
// item), "/{path}/{id}" (a change to one) or "/{path}/{id}/events" (an
// event of one), for a kind that keeps drafts.
func (app *Web) draftKind(key string) (*tool.Kind, bool) {
	parts := strings.Split(strings.TrimPrefix(key, "/"), "/")
	if !strings.HasPrefix(key, "/") || len(parts) > 3 {
		return nil, false
	}
	k, ok := app.Tools.ByPath(parts[0])
	if !ok || k.Parent != nil || k.Single && len(parts) > 1 { // a single kind's one form is "/{path}"
		return nil, false
	}
	if len(parts) > 1 {
		if _, ok := record.IDTime(parts[1]); !ok {
			return nil, false
		}
	}
	// The form's page, as routed: a kind's page of its own (the
	// check-in) offers no drafts back, so none is kept for it.
	page := map[int]string{1: "GET /" + k.Path + "/new", 2: "GET /" + k.Path + "/{id}/edit", 3: "GET /" + k.Path + "/{id}"}[len(parts)]
	if _, own := app.overrides[k.Path][page]; own {
		return nil, false
	}
	if len(parts) == 3 {
		if parts[2] != "events" || k.Events == nil {
			return nil, false
		}
		k = k.Events
	}
	return k, keepsDrafts(k)
}

// draftPage is the page a form with the key is on, where "Start fresh"
// leads; leaving (a change given up) leads to the item or the list.
func draftPage(key string, leaving bool) string {
	if events, ok := strings.CutSuffix(key, "/events"); ok {
		return events
	}
	if leaving {
		return key
	}
	if strings.Count(key, "/") == 1 {
		return key + "/new"
	}
	return key + "/edit"
}

// quietly serves a request the page's script makes on its own: signed
// out, it answers 401 with a line of text, no sign-in page and no change
// to the cookies, so a session that ran out while the person
// writes does not disturb the page.
func (app *Web) quietly(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := app.identify(r)
		if err == nil && personFrom(r) == nil {
			http.Error(w, "Please sign in again.", http.StatusUnauthorized)
			return
		}
		if err == nil {
			err = h(w, r, personFrom(r))
		}
		if err != nil {
			app.fail(w, r, err)
		}
	})
}

// draftTooLarge is the answer to a draft larger than its form can hold.
var draftTooLarge = httpx.Errorf(http.StatusRequestEntityTooLarge, "too_large", "That is more than this form can hold, so it was not kept as a draft.")

// draftExtras are the form's values beyond the kind's fields that a draft
// keeps, with their largest size: the date, and the step's prompt.
var draftExtras = map[string]int{"when": len("2006-01-02"), "prompt": 2000}

// saveDraft keeps what the person is writing in a form: POST /drafts with
// the form's key and its fields. It answers 204, or 413 for more than the
// form can hold.
func (app *Web) saveDraft(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := app.keepDraft(r, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// keepDraft keeps the draft in a parsed form body: the form's key in
// draft_for, and its fields. A draft without words lets the one before
// go. The quick exit's request carries the page's draft too, so that it
// is kept before the session ends.
func (app *Web) keepDraft(r *http.Request, p *account.Person) error {
	key := r.PostForm.Get(draftField)
	k, ok := app.draftKind(key)
	if !ok {
		return httpx.NotFound
	}
	values := k.CompactForm(r.PostForm)
	v, _ := k.ReadForm(values)
	if !k.Fits(v) {
		return draftTooLarge
	}
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	now := time.Now()
	for name, size := range draftExtras {
		s := r.PostForm.Get(name)
		if len(s) > size {
			return draftTooLarge
		}
		// Today's date is what a new form shows anyway; a draft opened
		// on another day starts from that day's.
		if s != "" && !(name == "when" && s == now.In(loc).Format(time.DateOnly)) {
			values.Set(name, s)
		}
	}
	drafts := draft.Open(app.Store, p)
	if !hasWords(k.Texts(v)) {
		return drafts.Discard(r.Context(), key)
	}
	return drafts.Save(r.Context(), key, values, now)
}

func hasWords(texts []string) bool {
	for _, s := range texts {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// discardDraft lets a draft go ("Start fresh", or "Leave without saving
// changes") and goes back to the form, or away from it.
func (app *Web) discardDraft(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	key := r.PostForm.Get(draftField)
	k, ok := app.draftKind(key)
	if !ok {
		return httpx.NotFound
	}
	if err := draft.Open(app.Store, p).Discard(r.Context(), key); err != nil {
		return err
	}
	back := draftPage(key, r.PostForm.Get("then") == "leave")
	if k.Single { // its form is on its one page
		back = key
	}
	app.redirect(w, r, back, "")
	return nil
}

// draftFor returns the person's draft of the form with the key, as the
// form's values, with the notice that says so; without one, raw and no
// notice.
func (app *Web) draftFor(r *http.Request, p *account.Person, k *tool.Kind, key string, raw url.Values) (url.Values, *draftNotice, error) {
	if !keepsDrafts(k) {
		return raw, nil, nil
	}
	d, err := draft.Open(app.Store, p).Get(r.Context(), key)
	if errors.Is(err, draft.ErrNotFound) {
		return raw, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	loc, err := app.location(r, p)
	if err != nil {
		return nil, nil, err
	}
	saved := d.Saved.In(loc)
	layout := "Monday 2 January, at 15:04"
	if saved.Year() != time.Now().In(loc).Year() {
		layout = "Monday 2 January 2006, at 15:04"
	}
	change := strings.Count(key, "/") == 2 // "/{path}/{id}": an edit
	return d.Values, &draftNotice{Key: key, Saved: saved.Format(layout), ISO: saved.Format(time.RFC3339), Change: change}, nil
}

// dropDrafts lets the drafts of forms go once what they held is saved.
// The save has happened by then, so a failure is logged, not shown: the
// draft would only be offered once more.
func (app *Web) dropDrafts(r *http.Request, p *account.Person, keys ...string) {
	if err := draft.Open(app.Store, p).Discard(r.Context(), keys...); err != nil {
		app.Log.Error("discard drafts", "request_id", httpx.RequestID(r.Context()), "route", httpx.RouteOf(r), "err", err)
	}
}

// previewing reports whether the form was sent with its Preview button.
func previewing(r *http.Request) bool { return r.PostForm.Get("preview") != "" }

// preview draws the form again with what it was sent, and above it the
// Markdown as it will look with its words counted. Nothing is saved.
func (h kindPages) preview(w http.ResponseWriter, r *http.Request, pg *toolPage, raw url.Values) {
	kw := h.app.Tools.Words().Of(h.k)
	for _, f := range h.k.Visible() {
		if s := strings.TrimSpace(raw.Get(f.Name)); f.Type == tool.LongText && f.Markdown && s != "" {
			pg.Preview = append(pg.Preview, previewField{Label: kw.Fields[f.Name].Label,
				HTML: markdown.RenderUnder(s, previewLevel), Words: markdown.Words(s)})
		}
	}
	h.showForm(w, r, http.StatusOK, pg, raw, nil)
}

// previewable reports whether k has Markdown at its top level, which the
// form can preview.
func previewable(k *tool.Kind) bool {
	for _, f := range k.Visible() {
		if f.Type == tool.LongText && f.Markdown {
			return true
		}
	}
	return false
}
