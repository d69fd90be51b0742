package api_test

import (
	"crypto/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/testdb"
)

// The authorization matrix: every route of the router's own table, tried
// by every role on the objects that role could reach for. A route new to
// the table is tried at once, and fails until the objects it names exist.
//
// The roles: anonymous; alice, the person, on her own objects; her linked
// partner, on her private objects and on their shared ones; a former
// partner, on the space of the one who stayed; her supporters (one she
// shared with, one she shared nothing with, one she removed), on her
// private objects and what she shared; and bob, unrelated, on everything
// of alice's; and a supporter whose share ran out, from the very next
// request. TestAuthorization walks bob's part more deeply. A private
// link's page is the web's (internal/web/matrix_test.go).

// carolNote is in everything of the space carol kept after drew left.
const carolNote = "what we said at the lake"

// The kinds of route the matrix tells apart.
const (
	privateRoute = iota // a person's own journey
	linkRoute           // making, taking and ending a link
	spaceRoute          // what is in a shared space
)

func routeKind(path string) int {
	switch path {
	case api.Prefix + "/together", api.Prefix + "/together/invitations", api.Prefix + "/together/accept":
		return linkRoute
	}
	// A tool's kind is private wherever its address is: the felt trust
	// lives under together/ and is the person's alone.
	for _, k := range catalog().Kinds {
		if base := api.Prefix + "/" + k.Path; path == base || strings.HasPrefix(path, base+"/") {
			return privateRoute
		}
	}
	if strings.HasPrefix(path, api.Prefix+"/together/") {
		return spaceRoute
	}
	return privateRoute
}

// fillWith puts the objects' ids into a route's pattern; ok is false when
// the pattern names an object there is none of.
func fillWith(pattern string, objects, events map[string]string) (string, bool) {
	if !strings.Contains(pattern, "{") {
		return pattern, true
	}
	id, ok := objects[pattern]
	return strings.NewReplacer("{id}", id, "{key}", id, "{event}", events[pattern], "{checkin}", events[pattern]).Replace(pattern), ok
}

func TestAuthorizationMatrix(t *testing.T) {
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine, newContract(t))
			objects, events := alicesObjects(t, f)
			// carol and drew shared a space; drew left it. The very next
			// request he makes opens nothing of it.
			f.person(t, "carol")
			f.person(t, "drew")
			theirs, theirEvents := sharedObjects(t, f, "carol", "drew", carolNote)
			f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/together/commitments", who: "drew"})
			f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/together", who: "drew"})
			f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/together/commitments", who: "drew"})

			// Her supporters: sam, with her journal entry shared (from
			// alicesObjects); sid, with nothing shared; rex, removed, who
			// reads nothing from the very next request.
			f.person(t, "sid_supporter")
			f.person(t, "rex_supporter")
			code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: "alice"}).json(t)["code"]
			f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporting/accept", who: "sid_supporter", body: map[string]any{"code": code}})
			rex, rexShare := supportedBy(t, f, "alice", "rex_supporter", f.journal)
			f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + rexShare, who: "rex_supporter"})
			f.must(t, http.StatusNoContent, request{method: "DELETE", path: api.Prefix + "/supporters/" + rex, who: "alice"})
			f.must(t, http.StatusNotFound, request{method: "GET", path: api.Prefix + "/shared-with-me/" + rexShare, who: "rex_supporter"})
			// A share that runs out: sid reads it until its end, and from
			// the very next request after, nothing.
			sid := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/supporters", who: "alice"}).json(t)["items"].([]any)
			var sidID string
			for _, it := range sid {
				if it.(map[string]any)["username"] == "sid_supporter" {
					sidID = it.(map[string]any)["id"].(string)
				}
			}
			brief := f.create(t, "/shares", "alice", map[string]any{"to": sidID, "items": []map[string]string{{"kind": "journal", "id": f.journal}},
				"expires_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)})
			f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me/" + brief, who: "sid_supporter"})
			f.app.Shares.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
			expired := f.do(t, request{method: "GET", path: api.Prefix + "/shared-with-me/" + brief, who: "sid_supporter"})
			missing := f.do(t, request{method: "GET", path: api.Prefix + "/shared-with-me/" + rand.Text(), who: "sid_supporter"})
			if expired.status != http.StatusNotFound || string(expired.body) != string(missing.body) {
				t.Errorf("an expired share: %d %s, a missing one %s", expired.status, expired.body, missing.body)
			}
			if list := f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + "/shared-with-me", who: "sid_supporter"}).json(t)["items"].([]any); len(list) != 0 {
				t.Errorf("sid still lists an expired share: %v", list)
			}
			f.app.Shares.SetClock(time.Now)
			strangers := map[string]string{"her partner": alicesPartner, "sid, a supporter with nothing shared": "sid_supporter",
				"rex, a supporter removed": "rex_supporter", "sam, her supporter": alicesSupporter}

			bodies := validBodies()
			alice, carol := aliceSees(t, f, objects), carolSees(t, f)
			alicesWords := []string{f.checkin, f.journal, aliceNote, aliceTitle, aliceBody}
			leaks := 0
			leak := func(role string, r response, secrets ...string) {
				t.Helper()
				text := bodyText(t, r.body)
				for _, s := range secrets {
					if strings.Contains(text, s) {
						leaks++
						t.Errorf("%s saw %q: %d %.300s", role, s, r.status, r.body)
					}
				}
			}
			// sameAsMissing checks who gets at path the very answer a
			// missing object gets.
			sameAsMissing := func(role, who string, rt api.Route, path string, body any) response {
				t.Helper()
				got := f.do(t, request{method: rt.Method, path: path, who: who, body: body})
				missing := f.do(t, request{method: rt.Method, path: fill(rt.Path, "{random}"), who: who, body: body})
				if got.status != http.StatusNotFound || got.status != missing.status || string(got.body) != string(missing.body) {
					leaks++
					t.Errorf("%s: %d %.200s, where a missing object answers %d %.200s", role, got.status, got.body, missing.status, missing.body)
				}
				return got
			}

			for _, rt := range routeTable() {
				key := rt.Method + " " + rt.Path
				t.Run(key, func(t *testing.T) {
					body := bodies[key]
					kind := routeKind(rt.Path)
					named := strings.Contains(rt.Path, "{")
					if rt.Auth {
						if r := f.do(t, request{method: rt.Method, path: fill(rt.Path, "{random}"), body: body}); r.status != http.StatusUnauthorized {
							leaks++
							t.Errorf("anonymous: %d, want 401", r.status)
						}
					}
					mine, ok := fillWith(rt.Path, objects, events)
					if !ok && kind != linkRoute {
						t.Fatalf("no object of alice's to try %s on: add one to alicesObjects or sharedObjects", rt.Path)
					}

					// alice reads everything of hers.
					if rt.Method == http.MethodGet && rt.Auth {
						if r := f.do(t, request{method: "GET", path: mine + validQueries[key], who: readerOf(rt.Path)}); r.status != http.StatusOK {
							t.Errorf("alice on her own: %d %.200s", r.status, r.body)
						}
					}

					switch kind {
					case privateRoute:
						// Her partner and her supporters are strangers to her
						// private journey: a supporter reads only what she
						// shared with him, and only while it is shared.
						for role, who := range strangers {
							switch {
							case who == alicesSupporter && rt.Path == api.Prefix+"/shared-with-me/{id}":
								r := f.do(t, request{method: "GET", path: mine, who: who})
								if r.status != http.StatusOK || !strings.Contains(string(r.body), aliceBody) {
									t.Errorf("%s on what she shared: %d %.200s", role, r.status, r.body)
								}
								leak(role, r, f.checkin, f.journal, aliceNote)
							case who == alicesSupporter && rt.Path == api.Prefix+"/shared-with-me/{id}/report.pdf":
								r := f.do(t, request{method: "GET", path: mine, who: who})
								if r.status != http.StatusOK {
									t.Errorf("%s on the report she shared: %d", role, r.status)
								}
								leak(role, r, aliceNote)
							case who == alicesSupporter && rt.Path == api.Prefix+"/supporters/{id}":
								// His own place: stepping back is his to do.
							case named:
								leak(role, sameAsMissing(role, who, rt, mine, body), alicesWords...)
							case rt.Method == http.MethodGet:
								r := f.do(t, request{method: "GET", path: rt.Path + validQueries[key], who: who})
								if r.status != http.StatusOK {
									t.Errorf("%s on his own: %d %.200s", role, r.status, r.body)
								}
								leak(role, r, alicesWords...)
							}
						}
					case spaceRoute:
						// Her partner reads what they share; a former partner
						// and a stranger reach none of it, with any method.
						if rt.Method == http.MethodGet {
							if r := f.do(t, request{method: "GET", path: mine, who: alicesPartner}); r.status != http.StatusOK {
								t.Errorf("her partner on what they share: %d %.200s", r.status, r.body)
							}
						}
						if named {
							leak("bob", sameAsMissing("bob", "bob", rt, mine, body), alicesWords...)
							path, ok := fillWith(rt.Path, theirs, theirEvents)
							if !ok {
								t.Fatalf("no object in carol's space to try %s on: add one to sharedObjects", rt.Path)
							}
							leak("drew, who left", sameAsMissing("drew, who left", "drew", rt, path, body), carolNote)
							break
						}
						for role, who := range map[string]string{"bob": "bob", "drew, who left": "drew"} {
							r := f.do(t, request{method: rt.Method, path: rt.Path, who: who, body: body})
							if r.status != http.StatusNotFound {
								leaks++
								t.Errorf("%s: %d %.200s, want 404", role, r.status, r.body)
							}
							leak(role, r, carolNote, aliceNote, alicesPartner, "carol")
						}
					case linkRoute:
						// Neither a stranger nor a former partner sees or ends
						// a link that is not theirs.
						if rt.Method == http.MethodGet || rt.Method == http.MethodDelete {
							for role, who := range map[string]string{"bob": "bob", "drew, who left": "drew"} {
								if r := f.do(t, request{method: rt.Method, path: rt.Path, who: who}); r.status != http.StatusNotFound {
									leaks++
									t.Errorf("%s: %d %.200s, want 404", role, r.status, r.body)
								}
							}
						}
					}
				})
			}
			if leaks > 0 {
				t.Errorf("%d leaks", leaks)
			}
			// Nothing anyone tried changed what alice and carol see.
			for what, before := range map[string]map[string]string{"alice": alice, "carol": carol} {
				after := map[string]map[string]string{"alice": aliceSees(t, f, objects), "carol": carolSees(t, f)}[what]
				for _, key := range sortedKeys(before) {
					if before[key] != after[key] {
						t.Errorf("what %s sees at %s changed:\nbefore %s\nafter  %s", what, key, before[key], after[key])
					}
				}
			}
		})
	}
}

// carolSees returns what carol reads of the space she kept.
func carolSees(t *testing.T, f *fixture) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, rt := range routeTable() {
		if rt.Method == http.MethodGet && routeKind(rt.Path) == spaceRoute && !strings.Contains(rt.Path, "{") {
			out[rt.Path] = string(f.must(t, http.StatusOK, request{method: "GET", path: rt.Path, who: "carol"}).body)
		}
	}
	return out
}
