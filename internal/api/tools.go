package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/jsonw"
	"kintsugi/internal/tool"
)

// Every declared kind is served by the handlers below, at /api/v1/{path}:
// no kind has handlers of its own. The routes come from the catalog.

// toolRoutes are the routes of every declared kind and of its events.
func (a *API) toolRoutes() []Route {
	if a.Tools == nil {
		return nil
	}
	routes := []Route{{http.MethodGet, Prefix + "/tools", false, a.listTools}}
	for _, k := range a.Tools.Kinds {
		if k.Parent != nil {
			continue
		}
		h := kindAPI{API: a, k: k}
		base := Prefix + "/" + k.Path
		if k.Single {
			routes = append(routes, h.singleRoutes(base)...)
			continue
		}
		routes = append(routes,
			Route{http.MethodPost, base, true, h.create},
			Route{http.MethodGet, base, true, h.list},
			Route{http.MethodGet, base + "/{id}", true, h.get},
			Route{http.MethodPut, base + "/{id}", true, h.update},
			Route{http.MethodDelete, base + "/{id}", true, h.remove},
		)
		for _, v := range k.Behaviour().Views {
			routes = append(routes, Route{http.MethodGet, base + "/" + v.Name, true, h.view(v)})
		}
		for i := range k.Behaviour().Actions {
			a := &k.Behaviour().Actions[i]
			routes = append(routes, Route{http.MethodPost, base + "/{id}/" + a.Name, true, h.act(a)})
		}
		if k.Events != nil {
			routes = append(routes,
				Route{http.MethodPost, base + "/{id}/events", true, h.addEvent},
				Route{http.MethodGet, base + "/{id}/events", true, h.listEvents},
				Route{http.MethodDelete, base + "/{id}/events/{event}", true, h.removeEvent},
			)
		}
	}
	return routes
}

// kindAPI serves one kind.
type kindAPI struct {
	*API
	k *tool.Kind
}

func (h kindAPI) items(p *account.Person) *tool.Items { return h.k.Items(h.Store, p) }

// read decodes a request body for the kind.
func (h kindAPI) read(w http.ResponseWriter, r *http.Request, k *tool.Kind, created bool) (tool.Input, error) {
	body, err := readBody(w, r)
	if err != nil {
		return tool.Input{}, err
	}
	return k.ReadJSON(body, created)
}

func (h kindAPI) create(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	in, err := h.read(w, r, h.k, true)
	if err != nil {
		return err
	}
	if h.k.Behaviour().Admit != nil { // it counts the person's own days
		if in.Zone, err = h.zone(r, p); err != nil {
			return err
		}
	}
	it, err := h.items(p).Create(r.Context(), in, time.Now())
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusCreated, h.k, &it, h.crisisMember(r, p, h.k, it.Value))
	return nil
}

func (h kindAPI) list(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	step := 0
	if s := r.URL.Query().Get("step"); s != "" {
		if step, err = strconv.Atoi(s); err != nil || step < 1 || step > 12 || h.k.Index == "" {
			return httpx.Errorf(http.StatusBadRequest, "bad_step", "step must be a step number from 1 to 12, on a kind tied to steps.")
		}
	}
	items, next, err := h.items(p).List(r.Context(), pg.Limit, pg.Cursor, step)
	if err != nil {
		return err
	}
	writeList(w, h.k, items, next)
	return nil
}

func (h kindAPI) get(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	items := h.items(p)
	it, err := items.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var summary []byte
	if s := h.k.Behaviour().Summary; s != nil {
		ev, err := items.Events(r.Context(), it.ID)
		if err != nil {
			return err
		}
		all, err := ev.All(r.Context(), maxEvents)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(s.Of(all))
		summary = append([]byte(`,"summary":`), b...)
	}
	h.writeItem(w, http.StatusOK, h.k, &it, summary)
	return nil
}

// maxRead bounds how many items a view over a whole kind reads: decades
// of daily use.
const maxRead = 20_000

// view serves one reading over all of the person's items of the kind.
func (h kindAPI) view(v tool.View) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		reading, err := h.k.Reading(r.Context(), h.Store, p, v, maxRead)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, reading)
		return nil
	}
}

func (h kindAPI) update(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	in, err := h.read(w, r, h.k, false)
	if err != nil {
		return err
	}
	it, err := h.items(p).Update(r.Context(), r.PathValue("id"), in.Values)
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusOK, h.k, &it, h.crisisMember(r, p, h.k, it.Value))
	return nil
}

func (h kindAPI) remove(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := h.items(p).Delete(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h kindAPI) events(r *http.Request, p *account.Person) (*tool.Events, error) {
	return h.items(p).Events(r.Context(), r.PathValue("id"))
}

func (h kindAPI) addEvent(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	ev, err := h.events(r, p)
	if err != nil {
		return err
	}
	in, err := h.read(w, r, h.k.Events, true)
	if err != nil {
		return err
	}
	it, err := ev.Add(r.Context(), in, time.Now())
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusCreated, h.k.Events, &it, h.crisisMember(r, p, h.k.Events, it.Value))
	return nil
}

// maxEvents bounds one listing of an item's events.
const maxEvents = 1000

func (h kindAPI) listEvents(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	ev, err := h.events(r, p)
	if err != nil {
		return err
	}
	items, err := ev.All(r.Context(), maxEvents)
	if err != nil {
		return err
	}
	writeList(w, h.k.Events, items, "")
	return nil
}

func (h kindAPI) removeEvent(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	ev, err := h.events(r, p)
	if err != nil {
		return err
	}
	if err := ev.Delete(r.Context(), r.PathValue("event")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// crisisMember is the "crisis_resources" member of an answer, when the
// words just written suggest the person p may be in crisis, with their own
// safety plan first. What the kind declares as free text is what is read:
// one place for every kind.
func (a *API) crisisMember(r *http.Request, p *account.Person, k *tool.Kind, v tool.Values) []byte {
	c := a.crisisFor(r, p, k.Texts(v)...)
	if c == nil {
		return nil
	}
	b, _ := json.Marshal(c)
	return append([]byte(`,"crisis_resources":`), b...)
}

var itemBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// writeItem writes one item, with extra members (already encoded).
func (a *API) writeItem(w http.ResponseWriter, status int, k *tool.Kind, it *tool.Item, extra ...[]byte) {
	bp := itemBuffers.Get().(*[]byte)
	b := append(k.AppendJSON((*bp)[:0], it, extra...), '\n')
	writeRaw(w, status, b)
	*bp = b
	itemBuffers.Put(bp)
}

// writeList writes a page of items and the next page's cursor (null at
// the end), written by hand: listing is the API's hottest path, and
// reflection was a fifth of its time.
func writeList(w http.ResponseWriter, k *tool.Kind, items []tool.Item, next string) {
	bp := itemBuffers.Get().(*[]byte)
	b := append((*bp)[:0], `{"items":[`...)
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = k.AppendJSON(b, &items[i])
	}
	b = append(b, `],"next_cursor":`...)
	if next == "" {
		b = append(b, "null"...)
	} else {
		b = jsonw.String(b, next)
	}
	b = append(b, "}\n"...)
	writeRaw(w, http.StatusOK, b)
	*bp = b
	itemBuffers.Put(bp)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// toolJSON describes one kind for GET /tools.
type toolJSON struct {
	Kind   string      `json:"kind"`
	Step   int         `json:"step"`
	Title  string      `json:"title"`
	Schema tool.Schema `json:"schema"`
	Events *toolJSON   `json:"events,omitempty"`
	// Single: one per person, read and replaced at /api/v1/{kind}.
	Single bool `json:"single,omitempty"`
}

func (a *API) listTools(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	var out []toolJSON
	for _, k := range a.Tools.Kinds {
		if k.Parent != nil {
			continue
		}
		t := toolJSON{Kind: k.Path, Step: k.Step, Title: a.Tools.Words().Of(k).Title, Schema: k.InputSchema(!k.Single), Single: k.Single}
		if e := k.Events; e != nil {
			t.Events = &toolJSON{Kind: e.Path, Step: e.Step, Title: a.Tools.Words().Of(e).Title, Schema: e.InputSchema(true)}
		}
		out = append(out, t)
	}
	writeJSON(w, http.StatusOK, map[string]any{"tools": out})
	return nil
}
