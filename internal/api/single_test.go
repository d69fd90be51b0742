package api_test

import (
	"strings"
	"testing"

	"kintsugi/internal/tool"
)

// singleScenarios are the contract of a single kind (one per person, at
// /api/v1/{path}), generated from its declaration like every other
// kind's: read before anything is written, written and written again,
// refused as any body is, and never anyone else's.
func singleScenarios(k *tool.Kind) []scenario {
	base, at := "/"+k.Path, k.Path+": "
	valid := k.Sample("a few words")
	field, broken := invalid(k)
	own := func(t *testing.T, f *fixture) {
		if r := f.do(t, request{method: "PUT", path: "/api/v1" + base, who: "alice", body: k.Sample(aliceNote)}); r.status != 200 {
			t.Fatalf("alice writes her %s: %d %s", k.Path, r.status, r.body)
		}
	}
	empty := func(t *testing.T, r response) {
		t.Helper()
		got := r.json(t)
		for _, key := range []string{"id", "created_at", "updated_at"} {
			if got[key] != nil {
				t.Errorf("%s is %v before anything is written, want null", key, got[key])
			}
		}
		for _, f := range k.Visible() {
			if v := got[f.Name]; v != nil && v != "" && jsonOf(v) != "[]" && v != false {
				t.Errorf("%s is %v before anything is written, want it empty", f.Name, jsonOf(v))
			}
		}
	}
	wrong := `{"` + k.Visible()[0].Name + `": {}}`
	return []scenario{
		{name: at + "read before it is written", method: "GET", path: base, who: "alice", status: 200,
			check: func(t *testing.T, f *fixture, r response) { empty(t, r) }},
		{name: at + "write", method: "PUT", path: base, who: "alice", body: valid, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				first := r.json(t)
				got := f.must(t, 200, request{method: "GET", path: "/api/v1" + base, who: "alice"}).json(t)
				for name, v := range valid {
					if jsonOf(got[name]) != jsonOf(v) {
						t.Errorf("%s: stored %s, sent %s", name, jsonOf(got[name]), jsonOf(v))
					}
				}
				if got["id"] != first["id"] || got["id"] == nil {
					t.Errorf("read back id %v, written %v", got["id"], first["id"])
				}
			}},
		{name: at + "write again, in place", method: "PUT", path: base, who: "alice", setup: own, body: valid, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := r.json(t)
				if strings.Contains(string(r.body), aliceNote) {
					t.Errorf("the first words are still there: %.300s", r.body)
				}
				if got["created_at"] == got["updated_at"] {
					t.Errorf("written twice, yet created_at = updated_at = %v", got["created_at"])
				}
				alice, err := f.app.Accounts.Authenticate(t.Context(), f.tokens["alice"])
				if err != nil {
					t.Fatal(err)
				}
				n, err := k.Items(f.app.Store, alice).Collection().Count(t.Context(), "")
				if err != nil || n != 1 {
					t.Errorf("alice has %d of %s after two writes, want 1 (%v)", n, k.Path, err)
				}
			}},
		{name: at + "write, invalid " + field, method: "PUT", path: base, who: "alice", body: broken, status: 422, code: "invalid", field: field},
		{name: at + "write, wrong type", method: "PUT", path: base, who: "alice", body: wrong, status: 400, code: "wrong_type"},
		{name: at + "write, text/plain", method: "PUT", path: base, who: "alice", body: jsonOf(valid),
			header: map[string]string{"Content-Type": "text/plain"}, status: 415, code: "unsupported_media_type"},
		{name: at + "write, over 1 MiB", method: "PUT", path: base, who: "alice",
			body: `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, status: 413, code: "too_large"},
		{name: at + "write, no token", method: "PUT", path: base, body: valid, status: 401, code: "unauthenticated"},
		{name: at + "read, no token", method: "GET", path: base, setup: own, status: 401, code: "unauthenticated"},
		{name: at + "read, bob sees none of alice's", method: "GET", path: base, who: "bob", setup: own, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				empty(t, r)
				if strings.Contains(string(r.body), aliceNote) {
					t.Errorf("bob reads alice's words: %.300s", r.body)
				}
			}},
		{name: at + "write, bob's own leaves alice's", method: "PUT", path: base, who: "bob", setup: own, body: valid, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				got := f.must(t, 200, request{method: "GET", path: "/api/v1" + base, who: "alice"})
				if !strings.Contains(string(got.body), aliceNote) {
					t.Errorf("alice's %s changed when bob wrote his: %.300s", k.Path, got.body)
				}
			}},
		{name: at + "no list of them", method: "GET", path: base + "/{random}", who: "alice", status: 404, code: "not_found"},
		{name: at + "no adding one", method: "POST", path: base, who: "alice", body: valid, status: 405, code: "method_not_allowed"},
		{name: at + "no deleting it", method: "DELETE", path: base, who: "alice", status: 405, code: "method_not_allowed"},
	}
}

// ownPlanScenarios: when words that sound like a crisis are saved, the
// answer's crisis_resources bring the person's own safety plan first,
// when they have written one, and never anyone else's.
func ownPlanScenarios() []scenario {
	plan := func(t *testing.T, f *fixture) {
		f.must(t, 200, request{method: "PUT", path: "/api/v1/safety-plan", who: "alice",
			body: map[string]any{"warning_signs": "I stop answering my phone", "ask_for_help": aliceNote}})
	}
	crisisEntry := map[string]any{"body": "Tonight I want to die."}
	return []scenario{
		{name: "crisis: alice's own plan comes first", method: "POST", path: "/journal", who: "alice", setup: plan, body: crisisEntry, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				c, _ := r.json(t)["crisis_resources"].(map[string]any)
				own, _ := c["own_plan"].(map[string]any)
				parts, _ := own["parts"].([]any)
				if len(parts) != 2 || c["resources"] == nil {
					t.Fatalf("crisis_resources: %.600s", r.body)
				}
				first := parts[0].(map[string]any)
				if first["field"] != "warning_signs" || first["text"] != "I stop answering my phone" || first["label"] == "" ||
					parts[1].(map[string]any)["text"] != aliceNote {
					t.Errorf("the plan's parts: %v", parts)
				}
			}},
		{name: "crisis: bob has no plan, and never sees alice's", method: "POST", path: "/journal", who: "bob", setup: plan, body: crisisEntry, status: 201,
			check: func(t *testing.T, f *fixture, r response) {
				c, _ := r.json(t)["crisis_resources"].(map[string]any)
				if c == nil || c["own_plan"] != nil || strings.Contains(string(r.body), aliceNote) {
					t.Errorf("bob's crisis_resources: %.600s", r.body)
				}
			}},
		{name: "crisis: writing the plan itself brings it up", method: "PUT", path: "/safety-plan", who: "alice",
			body: map[string]any{"warning_signs": "When I think about ending my life"}, status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				c, _ := r.json(t)["crisis_resources"].(map[string]any)
				if own, _ := c["own_plan"].(map[string]any); own == nil {
					t.Errorf("no own_plan: %.600s", r.body)
				}
			}},
	}
}
