package api

import (
	"net/http"
	"strings"

	"kintsugi/internal/account"
)

// A single kind (a plan, one per person) is read and replaced whole at
// /api/v1/{path}: GET answers 200 always, with every field empty and a
// null id before it is first written, and PUT checks the body as a new
// item of any kind is checked (a 422 names the field) and answers 200
// with what is stored. There is no list, no POST and no DELETE: a plan is
// emptied by writing it empty, and goes with the account.

// singleRoutes are the routes of a single kind at base.
func (h kindAPI) singleRoutes(base string) []Route {
	return []Route{
		{http.MethodGet, base, true, h.one},
		{http.MethodPut, base, true, h.put},
	}
}

func (h kindAPI) one(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	it, ok, err := h.items(p).One(r.Context())
	if err != nil {
		return err
	}
	if !ok {
		bp := itemBuffers.Get().(*[]byte)
		b := append(h.k.AppendNone((*bp)[:0]), '\n')
		writeRaw(w, http.StatusOK, b)
		*bp = b
		itemBuffers.Put(bp)
		return nil
	}
	h.writeItem(w, http.StatusOK, h.k, &it)
	return nil
}

func (h kindAPI) put(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	in, err := h.read(w, r, h.k, false)
	if err != nil {
		return err
	}
	it, err := h.items(p).Put(r.Context(), in.Values)
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusOK, h.k, &it, h.crisisMember(r, p, h.k, it.Value))
	return nil
}

// singlePaths describes a single kind's routes in the OpenAPI document.
func (g gen) singlePaths() map[string]any {
	k, kw := g.k, g.kw()
	get := g.op("get"+k.Schema, "Read "+kw.One, "Always there: before it is first written, every field is empty and id, created_at and updated_at are null.")
	get["responses"] = answer(errs("401", "500"), "200", capital(kw.One)+".", k.Schema)
	put := g.op("put"+k.Schema, "Write "+kw.One, "Replaces every field, or writes it the first time; when it was first written stays. "+
		"Saved encrypted at rest. If the words sound like a crisis, the answer carries crisis_resources; it is saved either way.")
	put["requestBody"] = body("The whole of it.", k.Schema+"Input")
	put["responses"] = answer(errs(strings.Fields(writeErrors)...), "200", "As stored.", k.Schema)
	return map[string]any{Prefix + "/" + k.Path: map[string]any{"get": get, "put": put}}
}
