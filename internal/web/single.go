package web

import (
	"net/http"
	"net/url"

	"kintsugi/internal/account"
	"kintsugi/internal/valid"
)

// A single kind (a plan, one per person) has one page at /{path}: what
// the person wrote, and the form to change it, folded away once there is
// something to read, since a plan is read far more often than changed.
// POST /{path} saves it, checked like any item. Nothing else: no list, no
// ids, no deleting; a plan is emptied by saving it empty.

// single draws the kind's one page: the item, when there is one, and the
// form, filled in from the item or from a draft of it.
func (h kindPages) single(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, saved, err := h.singlePage(r, p)
	if err != nil {
		return err
	}
	raw := h.k.Defaults()
	if saved != nil {
		raw = saved
	}
	raw, notice, err := h.app.draftFor(r, p, h.k, "/"+h.k.Path, raw)
	if err != nil {
		return err
	}
	if notice != nil {
		notice.Change = saved != nil
	}
	pg.Draft = notice
	h.showSingle(w, r, http.StatusOK, pg, raw, nil)
	return nil
}

// singlePage reads the person's item of the kind into a page, and returns
// it as form values too (nil when there is none yet).
func (h kindPages) singlePage(r *http.Request, p *account.Person) (*toolPage, url.Values, error) {
	pg := h.page(r)
	it, ok, err := h.items(p).One(r.Context())
	if err != nil || !ok {
		return pg, nil, err
	}
	if v := h.app.itemView(h.k, &it); len(v.Fields) > 0 {
		pg.Item = v
	}
	return pg, h.k.FormValues(it.Value), nil
}

func (h kindPages) showSingle(w http.ResponseWriter, r *http.Request, status int, pg *toolPage, raw url.Values, problems valid.Problems) {
	pg.Form = h.k.Form(raw, problems)
	pg.Action = "/" + h.k.Path
	if keepsDrafts(h.k) {
		pg.DraftKey, pg.Pending = pg.Action, r.Method == http.MethodPost
	}
	var err error
	if pg.Single, err = h.app.part(r.Context(), "single-"+h.k.Path, pg); err != nil {
		h.app.fail(w, r, err)
		return
	}
	h.render(w, r, status, "tool-single", pg, problems)
}

func (h kindPages) putSingle(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	raw, v, problems, err := h.app.readForm(w, r, h.k)
	if err != nil {
		return err
	}
	if problems == nil {
		_, err = h.items(p).Put(r.Context(), v)
	} else {
		err = h.k.Clean(v)
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		pg, _, err := h.singlePage(r, p)
		if err != nil {
			return err
		}
		h.showSingle(w, r, http.StatusUnprocessableEntity, pg, raw, problems)
		return nil
	}
	h.app.dropDrafts(r, p, r.URL.Path)
	h.app.redirect(w, r, "/"+h.k.Path, h.app.savedFlash(h.k.Texts(v)...))
	return nil
}
