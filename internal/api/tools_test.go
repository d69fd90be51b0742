package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/tool"
)

// toolScenarios are generated from the declarations: for every kind, and
// the events of those that have them, the whole contract every tool
// shares, so a new tool is tested the moment it is declared.
func toolScenarios() []scenario {
	var all []scenario
	all = append(all, scenario{name: "tools: every kind with its schema", method: "GET", path: "/tools", status: 200,
		check: func(t *testing.T, f *fixture, r response) {
			got := map[string]bool{}
			for _, it := range r.json(t)["tools"].([]any) {
				got[it.(map[string]any)["kind"].(string)] = true
			}
			for _, k := range catalog().Kinds {
				if k.Parent == nil && !got[k.Path] {
					t.Errorf("GET /tools lacks %s", k.Path)
				}
			}
		}})
	for _, k := range catalog().Kinds {
		if k.Parent == nil {
			all = append(all, kindScenarios(k)...)
		}
	}
	return append(all, ownPlanScenarios()...)
}

// ownItem is a setup that gives alice an item of k (and one event of it).
func ownItem(k *tool.Kind) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		f.own = f.create(t, "/"+k.Path, "alice", k.Sample("alice's own words"))
		if k.Events != nil {
			f.event = f.create(t, "/"+k.Path+"/"+f.own+"/events", "alice", k.Events.Sample("alice's own words"))
		}
	}
}

func kindScenarios(k *tool.Kind) []scenario {
	if k.Single {
		return singleScenarios(k)
	}
	base, item := "/"+k.Path, "/"+k.Path+"/{own}"
	at := k.Path + ": "
	valid := k.Sample("a few words")
	yesterday := time.Now().Add(-24 * time.Hour).UTC().Truncate(time.Second)
	backdated := k.Sample("what happened yesterday")
	backdated["created_at"] = yesterday.Format(time.RFC3339)
	future := k.Sample("not yet")
	future["created_at"] = time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	field, broken := invalid(k)
	own := ownItem(k)
	all := []scenario{
		{name: at + "create", method: "POST", path: base, who: "alice", body: valid, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				id := r.json(t)["id"].(string)
				got := f.must(t, 200, request{method: "GET", path: "/api/v1" + base + "/" + id, who: "alice"}).json(t)
				for name, v := range valid {
					if jsonOf(got[name]) != jsonOf(v) {
						t.Errorf("%s: stored %s, sent %s", name, jsonOf(got[name]), jsonOf(v))
					}
				}
			}},
		{name: at + "create, back-dated", method: "POST", path: base, who: "alice", body: backdated, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				if got := r.json(t)["created_at"]; got != yesterday.Format(time.RFC3339) {
					t.Errorf("created_at %v, want %s", got, yesterday.Format(time.RFC3339))
				}
			}},
		{name: at + "create, in the future", method: "POST", path: base, who: "alice", body: future, status: 422, code: "invalid", field: "created_at"},
		{name: at + "create, invalid " + field, method: "POST", path: base, who: "alice", body: broken, status: 422, code: "invalid", field: field},
		{name: at + "create, no token", method: "POST", path: base, body: valid, status: 401, code: "unauthenticated"},
		{name: at + "list", method: "GET", path: base, who: "alice", setup: own, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if items := r.json(t)["items"].([]any); len(items) == 0 || items[0].(map[string]any)["id"] != f.own {
					t.Errorf("the list does not start with alice's newest item: %.300s", r.body)
				}
			}},
		{name: at + "list, bob sees none of alice's", method: "GET", path: base, who: "bob", setup: own, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				if strings.Contains(string(r.body), f.own) {
					t.Errorf("bob's list holds alice's item: %.300s", r.body)
				}
			}},
		{name: at + "list, bad limit", method: "GET", path: base + "?limit=0", who: "alice", status: 400, code: "bad_limit"},
		{name: at + "list, no token", method: "GET", path: base, status: 401, code: "unauthenticated"},
		{name: at + "read", method: "GET", path: item, who: "alice", setup: own, status: 200},
		{name: at + "read, bob", method: "GET", path: item, who: "bob", setup: own, status: 404, code: "not_found"},
		{name: at + "read, no token", method: "GET", path: item, setup: own, status: 401, code: "unauthenticated"},
		{name: at + "replace", method: "PUT", path: item, who: "alice", setup: own, body: valid, status: 200},
		{name: at + "replace, bob", method: "PUT", path: item, who: "bob", setup: own, body: valid, status: 404, code: "not_found"},
		{name: at + "replace, invalid " + field, method: "PUT", path: item, who: "alice", setup: own, body: broken, status: 422, code: "invalid", field: field},
		{name: at + "replace, wrong type", method: "PUT", path: item, who: "alice", setup: own, body: `{"` + k.Visible()[0].Name + `": {}}`, status: 400, code: "wrong_type"},
		{name: at + "replace, text/plain", method: "PUT", path: item, who: "alice", setup: own, body: jsonOf(valid),
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: at + "replace, over 1 MiB", method: "PUT", path: item, who: "alice", setup: own,
			body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"},
		{name: at + "replace, no token", method: "PUT", path: item, setup: own, body: valid, status: 401, code: "unauthenticated"},
		{name: at + "delete, bob", method: "DELETE", path: item, who: "bob", setup: own, status: 404, code: "not_found"},
		{name: at + "delete", method: "DELETE", path: item, who: "alice", setup: own, status: 204,
			check: func(t *testing.T, f *fixture, r response) {
				f.must(t, 404, request{method: "GET", path: "/api/v1" + item, who: "alice"})
				if k.Events != nil {
					f.must(t, 404, request{method: "GET", path: "/api/v1" + item + "/events", who: "alice"})
				}
			}},
		{name: at + "delete, no token", method: "DELETE", path: item, setup: own, status: 401, code: "unauthenticated"},
	}
	all = append(all, actionScenarios(k)...)
	for _, v := range k.Behaviour().Views {
		all = append(all,
			scenario{name: at + v.Name, method: "GET", path: base + "/" + v.Name, who: "alice", setup: own, status: 200},
			scenario{name: at + v.Name + ", no token", method: "GET", path: base + "/" + v.Name, status: 401, code: "unauthenticated"})
	}
	if k.Index != "" {
		all = append(all,
			scenario{name: at + "list by step", method: "GET", path: base + "?step=2", who: "alice", setup: own, status: 200,
				check: func(t *testing.T, f *fixture, r response) {
					if strings.Contains(string(r.body), f.own) {
						t.Error("an item of step 1 is listed under step 2")
					}
				}},
			scenario{name: at + "list by a step that is not one", method: "GET", path: base + "?step=13", who: "alice", status: 400, code: "bad_step"})
	}
	// The journal's routes refuse every kind of malformed body
	// (badBodies); they share one reader with every other kind, whose
	// routes need only provoke each status they declare.
	wrong := `{"` + k.Visible()[0].Name + `": {}}`
	if k.Path == "journal" {
		all = append(all, badBodies("POST", base, "alice", valid, wrong, 201)...)
	} else {
		all = append(all,
			scenario{name: at + "create, wrong type", method: "POST", path: base, who: "alice", body: wrong, status: 400, code: "wrong_type"},
			scenario{name: at + "create, text/plain", method: "POST", path: base, who: "alice", body: jsonOf(valid),
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
			scenario{name: at + "create, over 1 MiB", method: "POST", path: base, who: "alice",
				body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"})
	}
	if e := k.Events; e != nil {
		events, event := item+"/events", item+"/events/{event}"
		ev := e.Sample("it held today")
		efield, ebroken := invalid(e)
		all = append(all,
			scenario{name: at + "add an event", method: "POST", path: events, who: "alice", setup: own, body: ev, status: 201},
			scenario{name: at + "add an event, invalid " + efield, method: "POST", path: events, who: "alice", setup: own, body: ebroken, status: 422, code: "invalid", field: efield},
			scenario{name: at + "add an event, wrong type", method: "POST", path: events, who: "alice", setup: own, body: `{"` + e.Visible()[0].Name + `": {}}`, status: 400, code: "wrong_type"},
			scenario{name: at + "add an event, text/plain", method: "POST", path: events, who: "alice", setup: own, body: jsonOf(ev),
				header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
			scenario{name: at + "add an event, over 1 MiB", method: "POST", path: events, who: "alice", setup: own,
				body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"},
			scenario{name: at + "add an event, bob", method: "POST", path: events, who: "bob", setup: own, body: ev, status: 404, code: "not_found"},
			scenario{name: at + "add an event, no token", method: "POST", path: events, setup: own, body: ev, status: 401, code: "unauthenticated"},
			scenario{name: at + "list events", method: "GET", path: events, who: "alice", setup: own, status: 200,
				check: func(t *testing.T, f *fixture, r response) {
					if items := r.json(t)["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != f.event {
						t.Errorf("the events are not the one added: %.300s", r.body)
					}
				}},
			scenario{name: at + "list events, bob", method: "GET", path: events, who: "bob", setup: own, status: 404, code: "not_found"},
			scenario{name: at + "list events, no token", method: "GET", path: events, setup: own, status: 401, code: "unauthenticated"},
			scenario{name: at + "delete an event", method: "DELETE", path: event, who: "alice", setup: own, status: 204},
			scenario{name: at + "delete an event, bob", method: "DELETE", path: event, who: "bob", setup: own, status: 404, code: "not_found"},
			scenario{name: at + "delete an event, no token", method: "DELETE", path: event, setup: own, status: 401, code: "unauthenticated"},
		)
	}
	return all
}

// invalid returns a body for k that breaks one field's limit, and the
// field: the first required field left out, else the first text made too
// long.
func invalid(k *tool.Kind) (string, map[string]any) {
	body := k.Sample("x")
	for _, f := range k.Visible() {
		if f.Required {
			delete(body, f.Name)
			return f.Name, body
		}
	}
	for _, f := range k.Visible() {
		if f.Type == tool.Text || f.Type == tool.LongText {
			body[f.Name] = strings.Repeat("a", f.Max+1)
			return f.Name, body
		}
	}
	panic("kind " + k.Name + " has nothing to get wrong")
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
