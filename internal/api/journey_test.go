package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/journey"
	"kintsugi/internal/testdb"
)

var guide = sync.OnceValue(func() *journey.Guide {
	g, err := journey.Load()
	if err != nil {
		panic(err)
	}
	return g
})

// linkAliceAndBob makes alice the person and bob the partner of one
// shared space: she invites, he accepts.
func linkAliceAndBob(t *testing.T, f *fixture) {
	t.Helper()
	code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: "alice",
		body: map[string]bool{"safe": true, "no_pressure": true}}).json(t)["code"].(string)
	f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: "bob",
		body: map[string]string{"code": code}})
}

// sideIs checks that a step list is role's, word for word.
func sideIs(t *testing.T, r response, role journey.Role) {
	t.Helper()
	var got struct {
		Journey journey.Role
		Steps   []struct {
			Number               int
			Slug, Title, Summary string
		}
	}
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	want := guide().For(role)
	if got.Journey != role || len(got.Steps) != len(want.Steps) {
		t.Fatalf("the steps are %q's (%d), want %q's", got.Journey, len(got.Steps), role)
	}
	for i, s := range want.Steps {
		if g := got.Steps[i]; g.Number != s.Number || g.Slug != s.Slug || g.Title != s.Title || g.Summary != s.Summary {
			t.Errorf("step %d: %+v, want the %s's %q", i+1, g, role, s.Title)
		}
	}
}

// journeyScenarios: GET /steps answers with the side asked for by name,
// else the side of the token's account, else the person's.
func journeyScenarios() []scenario {
	return []scenario{
		{name: "steps: the person's, without a token", method: "GET", path: "/steps", status: 200,
			check: func(t *testing.T, f *fixture, r response) { sideIs(t, r, journey.Person) }},
		{name: "steps: the partner's, by name", method: "GET", path: "/steps?journey=partner", status: 200,
			check: func(t *testing.T, f *fixture, r response) { sideIs(t, r, journey.Partner) }},
		{name: "steps: a side that is not one", method: "GET", path: "/steps?journey=both", status: 400, code: "bad_journey"},
		{name: "steps: a token that is not good", method: "GET", path: "/steps",
			header: map[string]string{"Authorization": "Bearer " + strings.Repeat("A", 43)}, status: 401, code: "unauthenticated"},
		{name: "steps: the partner's, by the link", setup: linkAliceAndBob, method: "GET", path: "/steps", who: "bob", status: 200,
			check: func(t *testing.T, f *fixture, r response) {
				sideIs(t, r, journey.Partner)
				sideIs(t, f.must(t, 200, request{method: "GET", path: api.Prefix + "/steps", who: "alice"}), journey.Person)
				for who, want := range map[string]journey.Role{"alice": journey.Person, "bob": journey.Partner} {
					if got := f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: who}).json(t)["journey"]; got != string(want) {
						t.Errorf("%s's /me says the journey is %v, want %s", who, got, want)
					}
				}
			}},
	}
}

// What alice writes once linked: words bob must never see.
const aliceAlone = "what alice keeps to herself"

// TestPartnerLearnsNothingOfThePersonsJourney links alice (the person)
// and bob (the partner), then has alice write in every tool, rate steps,
// check in and set up her profile. Every answer bob can reach, on every
// route of the table he may call without naming one of her objects, is
// the same byte for byte before and after: not her words, not how many,
// not when. The same walk as alice does change, which is what shows the
// walk could see a change.
func TestPartnerLearnsNothingOfThePersonsJourney(t *testing.T) {
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine, newContract(t))
			linkAliceAndBob(t, f)
			// Something shared, so the shared routes have something to show.
			shared := f.create(t, "/together/commitments", "bob", map[string]string{"text": "I will tell you the same day"})
			f.must(t, http.StatusOK, request{method: "POST", path: api.Prefix + "/together/commitments/" + shared + "/accept", who: "alice"})

			bobBefore, aliceBefore := everyAnswer(t, f, "bob", shared), everyAnswer(t, f, "alice", shared)
			aliceWritesEverything(t, f)
			bobAfter, aliceAfter := everyAnswer(t, f, "bob", shared), everyAnswer(t, f, "alice", shared)

			for _, key := range sortedKeys(bobBefore) {
				if bobBefore[key] != bobAfter[key] {
					t.Errorf("%s: bob's answer changed when alice wrote privately:\nbefore %.400s\nafter  %.400s", key, bobBefore[key], bobAfter[key])
				}
				for _, secret := range []string{aliceAlone, aliceNote, aliceTitle, aliceBody, f.journal, f.checkin} {
					if strings.Contains(bobAfter[key], secret) {
						t.Errorf("%s: bob sees %q of alice's", key, secret)
					}
				}
			}
			for _, key := range []string{"GET " + api.Prefix + "/journal", "GET " + api.Prefix + "/timeline", "GET " + api.Prefix + "/export"} {
				if aliceBefore[key] == aliceAfter[key] {
					t.Errorf("%s: alice's own answer did not change either, so the walk sees nothing", key)
				}
			}
			if len(bobBefore) < 30 {
				t.Errorf("bob's walk reached only %d routes", len(bobBefore))
			}
		})
	}
}

// everyAnswer reads, as who, every GET route of the table that names no object
// of anyone's, and the shared commitment; it returns each answer, its
// status and body, by route. Only what moves with the clock on who's own
// account is taken out: when their session ends, and when their export
// was made.
func everyAnswer(t *testing.T, f *fixture, who, shared string) map[string]string {
	t.Helper()
	// One session walks both times: a sign-in of its own between the
	// walks would change the walker's own sessions and access log.
	token := f.tokens[who+" walking"]
	if token == "" {
		token = f.login(t, who)
		f.tokens[who+" walking"] = token
	}
	out := map[string]string{}
	read := func(key, path string) {
		r := f.do(t, request{method: "GET", path: path, token: token})
		out[key] = http.StatusText(r.status) + "\n" + normalize(t, key, r.body)
	}
	for _, rt := range routeTable() {
		if rt.Method != http.MethodGet || strings.Contains(rt.Path, "{") {
			continue
		}
		key := rt.Method + " " + rt.Path
		read(key, rt.Path+validQueries[key])
	}
	read("GET "+api.Prefix+"/together/commitments/{id}", api.Prefix+"/together/commitments/"+shared)
	read("GET "+api.Prefix+"/search?q=alice", api.Prefix+"/search?q="+strings.ReplaceAll(aliceAlone, " ", "+"))
	return out
}

var (
	exportedAt  = regexp.MustCompile(`"exported_at":\s*"[^"]*"`)
	exportedFor = regexp.MustCompile(`Exported for (\S+) on [^\n]*UTC\.`)
)

func normalize(t *testing.T, key string, body []byte) string {
	t.Helper()
	switch key {
	case "GET " + api.Prefix + "/me":
		var me map[string]any
		if err := json.Unmarshal(body, &me); err != nil {
			t.Fatal(err)
		}
		delete(me, "session_expires_at")
		b, _ := json.Marshal(me)
		return string(b)
	case "GET " + api.Prefix + "/report.pdf":
		return bodyText(t, body) // the report by its words, not the moment it was made
	case "GET " + api.Prefix + "/export":
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("the export is not a zip: %v", err)
		}
		var b strings.Builder
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			data = exportedAt.ReplaceAll(data, []byte(`"exported_at":"then"`))
			data = exportedFor.ReplaceAll(data, []byte(`Exported for $1 then.`))
			b.WriteString(zf.Name + "\n" + string(data) + "\n")
		}
		return b.String()
	}
	return string(body)
}

// aliceWritesEverything gives alice an item of every kind, with an event
// of each that has them, step ratings, a journal entry on a step, a
// check-in, a time zone and a quiet day.
func aliceWritesEverything(t *testing.T, f *fixture) {
	t.Helper()
	for _, k := range catalog().Kinds {
		if k.Parent != nil {
			continue
		}
		if k.Single {
			f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/" + k.Path, who: "alice", body: k.Sample(aliceAlone)})
			continue
		}
		id := f.create(t, "/"+k.Path, "alice", k.Sample(aliceAlone))
		if k.Events != nil {
			f.create(t, "/"+k.Path+"/"+id+"/events", "alice", k.Events.Sample(aliceAlone))
		}
	}
	for _, n := range []int{1, 4, 12} {
		f.create(t, "/ratings", "alice", map[string]any{"step": n, "value": 9, "note": aliceAlone})
	}
	f.create(t, "/journal", "alice", map[string]any{"title": aliceAlone, "body": aliceAlone, "step": 4})
	f.create(t, "/checkins", "alice", map[string]any{"emotions": []map[string]any{{"name": "hope", "intensity": 6}}, "note": aliceAlone})
	f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/me", who: "alice", body: map[string]string{"time_zone": "Pacific/Auckland"}})
	f.must(t, http.StatusNoContent, request{method: "POST", path: api.Prefix + "/today/not-today", who: "alice"})
}
