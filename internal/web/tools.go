package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// Every declared kind has the same pages, served by these handlers from
// its declaration: a list, a form to add one, a page for each item with
// its events, a form to change it, and a question before deleting it. A
// kind may have a page of its own instead (the check-ins' history), in
// overrides.

// toolPage is what the tool templates receive.
type toolPage struct {
	Kind  *tool.Kind
	Words *tool.KindWords
	Step  *journey.Step // the step the kind belongs to, if one

	// The list.
	Rows   []itemRow
	Next   string
	First  bool
	Start  int           // the number of the page's first row, counted across pages
	Filter *journey.Step // the list shows only items tied to this step

	// One item, its summary, its own panel and its events.
	Item    *itemView
	Summary template.HTML
	Panel   template.HTML
	Events  []itemRow
	// Views are the kind's readings over all its items, drawn.
	Views []template.HTML
	// Single is more for a single kind's page, drawn by the part
	// "single-<path>" if it has one (the safety plan's: help now).
	Single template.HTML
	// Actions are what may be done to the item beyond changing it.
	Actions []actionView

	// A form: to add (ID empty) or change an item, or to add an event.
	Form      *tool.Form
	Action    string
	ID        string
	Prompt    string // a step's prompt the new item answers
	When      string // the date a new item happened, "YYYY-MM-DD"
	Today     string
	EventForm *tool.Form
	drafting
}

// toolRoutes adds every kind's pages to mux.
func (app *Web) toolRoutes(mux Mux) {
	for _, k := range app.Tools.Kinds {
		if k.Parent != nil {
			continue
		}
		h := kindPages{app, k}
		base := "/" + k.Path
		own := app.overrides[k.Path]
		route := func(pattern string, fn handler) {
			if o, ok := own[pattern]; ok {
				fn = o
			}
			if fn != nil {
				mux.Handle(pattern, app.private(fn))
			}
		}
		if k.Single {
			route("GET "+base, h.single)
			route("POST "+base, h.putSingle)
			continue
		}
		route("GET "+base, h.list)
		route("GET "+base+"/new", h.newItem)
		route("POST "+base, h.create)
		route("GET "+base+"/{id}", h.show)
		route("GET "+base+"/{id}/edit", h.edit)
		route("POST "+base+"/{id}", h.update)
		route("GET "+base+"/{id}/delete", h.confirmDelete)
		route("POST "+base+"/{id}/delete", h.remove)
		if k.Events != nil {
			route("POST "+base+"/{id}/events", h.addEvent)
			route("POST "+base+"/{id}/events/{event}/delete", h.removeEvent)
		}
		for i := range k.Behaviour().Actions {
			a := &k.Behaviour().Actions[i]
			route("POST "+base+"/{id}/"+a.Name, h.act(a))
		}
	}
}

// kindPages serves one kind's pages.
type kindPages struct {
	app *Web
	k   *tool.Kind
}

func (h kindPages) items(p *account.Person) *tool.Items { return h.k.Items(h.app.Store, p) }

// page is a kind's page, headed by its step in the reader's words.
func (h kindPages) page(r *http.Request) *toolPage {
	pg := &toolPage{Kind: h.k, Words: h.app.Tools.Words().Of(h.k)}
	if st, ok := h.app.sideOf(r.Context()).Step(h.k.Step); ok {
		pg.Step = &st
	}
	return pg
}

func (h kindPages) nav() string {
	if h.k.Step == 0 {
		return h.k.Path
	}
	return "steps"
}

func (h kindPages) render(w http.ResponseWriter, r *http.Request, status int, name string, pg *toolPage, problems valid.Problems) {
	h.app.render(w, r, status, name, view{Title: pg.Words.Title, Nav: h.nav(), Problems: problems, Data: pg})
}

// listSize is how many items a list page shows.
const listSize = 20

func (h kindPages) list(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg := h.page(r)
	cursor := r.URL.Query().Get("cursor")
	pg.First = cursor == ""
	step := 0
	if s := r.URL.Query().Get("step"); s != "" && h.k.Index != "" {
		n, _ := strconv.Atoi(s)
		st, ok := h.app.sideOf(r.Context()).Step(n)
		if !ok {
			return httpx.NotFound
		}
		pg.Filter, step = &st, n
	}
	limit := listSize
	order := h.k.Behaviour().Order
	if order != nil {
		// A kind with an order of its own is listed whole, in it.
		limit, cursor = maxRead, ""
	}
	items, next, err := h.items(p).List(r.Context(), limit, cursor, step)
	if err != nil {
		return err
	}
	before, err := h.items(p).Before(r.Context(), cursor, step)
	if err != nil {
		return err
	}
	pg.Start = before + 1
	if order != nil {
		loc, err := h.app.location(r, p)
		if err != nil {
			return err
		}
		order(items, today(loc))
	}
	if pg.Rows, err = h.app.withSummaries(r.Context(), p, h.k, items, h.app.rows(h.k, items)); err != nil {
		return err
	}
	pg.Next = next
	if pg.Views, err = h.app.views(r.Context(), p, h.k); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "tool-list", pg, nil)
	return nil
}

// today is the date of now in loc, for the readings that depend on it.
func today(loc *time.Location) string { return time.Now().In(loc).Format(time.DateOnly) }

func (h kindPages) newItem(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	form := h.k.Defaults()
	pg := h.page(r)
	// A link from a step page may tie the new item to that step, and
	// name one of its prompts by number: the prompt's words are the
	// product's, never the person's, so none travel in the address.
	if st, ok := h.app.sideOf(r.Context()).Step(atoi(r.URL.Query().Get("step"))); ok && h.k.Index != "" {
		form.Set(h.k.Index, strconv.Itoa(st.Number))
		if i := atoi(r.URL.Query().Get("prompt")); i >= 0 && i < len(st.Prompts) && r.URL.Query().Has("prompt") {
			pg.Prompt = st.Prompts[i]
		}
	}
	form, notice, err := h.app.draftFor(r, p, h.k, "/"+h.k.Path, form)
	if err != nil {
		return err
	}
	if pg.Draft = notice; notice != nil {
		pg.Prompt = ""
	}
	h.showForm(w, r, http.StatusOK, pg, form, nil)
	return nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// showForm draws the kind's form from raw form values.
func (h kindPages) showForm(w http.ResponseWriter, r *http.Request, status int, pg *toolPage, raw url.Values, problems valid.Problems) {
	pg.Form = h.k.Form(raw, problems)
	h.app.chooseRefs(r, personFrom(r), pg.Form, pg.ID == "" && r.Method == http.MethodGet)
	loc := time.UTC
	if l, err := h.app.location(r, personFrom(r)); err == nil {
		loc = l
	}
	pg.Today = time.Now().In(loc).Format(time.DateOnly)
	if pg.ID == "" {
		pg.Action = "/" + h.k.Path
		pg.When = raw.Get("when")
	} else {
		pg.Action = "/" + h.k.Path + "/" + pg.ID
	}
	if keepsDrafts(h.k) {
		pg.DraftKey, pg.Pending = pg.Action, r.Method == http.MethodPost
	}
	pg.Previewable = previewable(h.k)
	if pg.Prompt == "" {
		pg.Prompt = raw.Get("prompt")
	}
	h.render(w, r, status, "tool-form", pg, problems)
}

// read reads a submitted form for k: what it says, compacted as the
// engine keeps it, and every problem, the form's own and the kind's.
func (app *Web) readForm(w http.ResponseWriter, r *http.Request, k *tool.Kind) (url.Values, tool.Values, valid.Problems, error) {
	if err := parseForm(w, r); err != nil {
		return nil, nil, nil, err
	}
	raw := k.CompactForm(r.PostForm)
	for _, keep := range []string{"when", "prompt"} {
		if v := r.PostForm.Get(keep); v != "" {
			raw.Set(keep, v)
		}
	}
	v, problems := k.ReadForm(raw)
	return raw, v, problems, nil
}

// happened reads the date a new item happened: today in the person's
// time zone (now) unless the form says an earlier day, which is kept as
// noon of that day there.
func happened(raw url.Values, now time.Time, loc *time.Location) (time.Time, error) {
	s := raw.Get("when")
	if s == "" || s == now.In(loc).Format(time.DateOnly) {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, err
	}
	return d.Add(12 * time.Hour), nil
}

// problemsOf joins the problems a form had before it was checked with
// those of the check; any other error is returned as it is.
func problemsOf(formProblems valid.Problems, err error) (valid.Problems, error) {
	if err == nil && formProblems == nil {
		return nil, nil
	}
	if err == nil {
		return formProblems, nil
	}
	if p, ok := valid.As(err); ok {
		return append(formProblems, p...), nil
	}
	return nil, err
}

func (h kindPages) create(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	raw, v, problems, err := h.app.readForm(w, r, h.k)
	if err != nil {
		return err
	}
	if previewing(r) {
		h.preview(w, r, h.page(r), raw)
		return nil
	}
	loc, err := h.app.location(r, p)
	if err != nil {
		return err
	}
	at, werr := happened(raw, time.Now(), loc)
	if werr != nil {
		problems = append(problems, valid.Problem{Field: "when", Message: h.app.Tools.Words().Message("date", "{name}", h.app.Tools.Words().Messages["when"])})
	}
	var it tool.Item
	if problems == nil {
		it, err = h.items(p).Create(r.Context(), tool.Input{Values: v, CreatedAt: at, Zone: loc}, time.Now())
	} else {
		err = h.k.Clean(v)
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		h.showForm(w, r, http.StatusUnprocessableEntity, h.page(r), raw, problems)
		return nil
	}
	h.app.dropDrafts(r, p, r.URL.Path)
	h.app.redirect(w, r, "/"+h.k.Path+"/"+it.ID, h.app.savedFlash(h.k.Texts(it.Value)...))
	return nil
}

func (h kindPages) show(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	items := h.items(p)
	it, err := items.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	pg := h.page(r)
	pg.Item = h.app.itemView(h.k, &it)
	pg.Actions = h.actions()
	if panel, ok := h.app.itemPanels[h.k.Path]; ok {
		if pg.Panel, err = h.app.part(r.Context(), "item-"+h.k.Path, panel(&it)); err != nil {
			return err
		}
	}
	if h.k.Events != nil {
		ev, err := items.Events(r.Context(), it.ID)
		if err != nil {
			return err
		}
		all, err := ev.All(r.Context(), 200)
		if err != nil {
			return err
		}
		pg.Events = h.app.rows(h.k.Events, all)
		key := "/" + h.k.Path + "/" + it.ID + "/events"
		raw, notice, err := h.app.draftFor(r, p, h.k.Events, key, h.k.Events.Defaults())
		if err != nil {
			return err
		}
		if keepsDrafts(h.k.Events) {
			pg.EventDraftKey = key
		}
		pg.EventForm, pg.EventDraft = h.k.Events.Form(raw, nil), notice
		if sum := h.k.Behaviour().Summary; sum != nil {
			if pg.Summary, err = h.app.part(r.Context(), "summary-"+h.k.Path, sum.Of(all)); err != nil {
				return err
			}
		}
	}
	h.render(w, r, http.StatusOK, "tool-item", pg, nil)
	return nil
}

func (h kindPages) edit(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	it, err := h.items(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	pg := h.page(r)
	pg.ID = it.ID
	raw, notice, err := h.app.draftFor(r, p, h.k, "/"+h.k.Path+"/"+it.ID, h.k.FormValues(it.Value))
	if err != nil {
		return err
	}
	pg.Draft = notice
	h.showForm(w, r, http.StatusOK, pg, raw, nil)
	return nil
}

func (h kindPages) update(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	raw, v, problems, err := h.app.readForm(w, r, h.k)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if previewing(r) {
		if _, err := h.items(p).Get(r.Context(), id); err != nil {
			return err
		}
		pg := h.page(r)
		pg.ID = id
		h.preview(w, r, pg, raw)
		return nil
	}
	var it tool.Item
	if problems == nil {
		it, err = h.items(p).Update(r.Context(), id, v)
	} else {
		err = h.k.Clean(v)
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		pg := h.page(r)
		pg.ID = id
		h.showForm(w, r, http.StatusUnprocessableEntity, pg, raw, problems)
		return nil
	}
	h.app.dropDrafts(r, p, r.URL.Path)
	h.app.redirect(w, r, "/"+h.k.Path+"/"+it.ID, h.app.savedFlash(h.k.Texts(it.Value)...))
	return nil
}

func (h kindPages) confirmDelete(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	it, err := h.items(p).Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	loc, err := h.app.location(r, p)
	if err != nil {
		return err
	}
	kw := h.app.Tools.Words().Of(h.k)
	what := kw.One + " from " + it.CreatedAt.In(loc).Format("2 January 2006")
	if h.k.Events != nil {
		what += ", with everything recorded about it"
	}
	h.app.render(w, r, http.StatusOK, "confirm-delete", view{Title: "Delete " + kw.One + "?", Nav: h.nav(), Data: confirmDelete{
		What: what, Action: "/" + h.k.Path + "/" + it.ID + "/delete", Back: "/" + h.k.Path + "/" + it.ID}})
	return nil
}

func (h kindPages) remove(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := h.items(p).Delete(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	item := "/" + h.k.Path + "/" + r.PathValue("id")
	h.app.dropDrafts(r, p, item, item+"/events")
	h.app.redirect(w, r, "/"+h.k.Path, "deleted")
	return nil
}

func (h kindPages) addEvent(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	e := h.k.Events
	_, v, problems, err := h.app.readForm(w, r, e)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	ev, err := h.items(p).Events(r.Context(), id)
	if err != nil {
		return err
	}
	var it tool.Item
	if problems == nil {
		it, err = ev.Add(r.Context(), tool.Input{Values: v}, time.Now())
	}
	if problems, err = problemsOf(problems, err); err != nil {
		return err
	}
	if problems != nil {
		// The event form is small: say what is missing on the item's page.
		return httpx.Errorf(http.StatusUnprocessableEntity, "invalid", problems.Error())
	}
	h.app.dropDrafts(r, p, r.URL.Path)
	h.app.redirect(w, r, "/"+h.k.Path+"/"+id, h.app.savedFlash(e.Texts(it.Value)...))
	return nil
}

func (h kindPages) removeEvent(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	id := r.PathValue("id")
	ev, err := h.items(p).Events(r.Context(), id)
	if err != nil {
		return err
	}
	if err := ev.Delete(r.Context(), r.PathValue("event")); err != nil {
		return err
	}
	h.app.redirect(w, r, "/"+h.k.Path+"/"+id, "deleted")
	return nil
}

// savedFlash says "saved", or, when the words just saved suggest the
// person may be in crisis, brings up the crisis resources with it.
func (app *Web) savedFlash(texts ...string) string { return app.crisisOr("saved", texts) }

// sentFlash is savedFlash for words written to the other person in a
// shared space.
func (app *Web) sentFlash(texts ...string) string { return app.crisisOr("sent", texts) }

func (app *Web) crisisOr(flash string, texts []string) string {
	if app.Crisis.Detect(texts...) {
		return flashCrisis
	}
	return flash
}
