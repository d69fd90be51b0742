package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
	"kintsugi/internal/testdb"
)

// validBodies are bodies each route that reads one accepts, by "METHOD
// pattern": those of the tools come from their declarations, the others
// are listed here. A new route that reads a body must be added.
func validBodies() map[string]any {
	bodies := map[string]any{
		"POST " + api.Prefix + "/accounts":                     creds("carol", apptest.Passphrase),
		"POST " + api.Prefix + "/sessions":                     creds("bob", apptest.Passphrase),
		"POST " + api.Prefix + "/import":                       emptyArchive("bob"),
		"DELETE " + api.Prefix + "/me":                         map[string]string{"passphrase": apptest.Passphrase},
		"PUT " + api.Prefix + "/me":                            map[string]string{"time_zone": "Europe/Berlin"},
		"POST " + api.Prefix + "/milestones/suggestions/{key}": map[string]bool{"keep": true},
		"POST " + api.Prefix + "/together/invitations":         map[string]bool{"safe": true, "no_pressure": true},
		"POST " + api.Prefix + "/together/accept":              map[string]string{"code": "ABCDE-FGHJK"},
		"POST " + api.Prefix + "/today/not-today":              nil, // it reads no body
		"POST " + api.Prefix + "/supporters/invitations":       nil,
		"POST " + api.Prefix + "/supporting/accept":            map[string]string{"code": "ABCDE-FGHJK"},
		"POST " + api.Prefix + "/shares":                       map[string]any{"to": "link", "items": []map[string]string{{"kind": "safety-plan"}}},
		// Every part of a report, read back as words: none may be alice's.
		"POST " + api.Prefix + "/report.pdf": map[string]any{"parts": []string{"feelings", "ratings", "entries", "boundaries", "safety-plan", "talk"},
			"talk": "bob's own"},
	}
	// The shared space: bob, in none, must reach nothing of alice's.
	cm := api.Prefix + "/together/commitments"
	tq, tr, tt := api.Prefix+"/together/questions", api.Prefix+"/together/repairs", api.Prefix+"/together/threads"
	for key, body := range map[string]any{
		"POST " + cm:                                       map[string]string{"text": "bob's own"},
		"PUT " + cm + "/{id}":                              map[string]string{"text": "bob was here"},
		"POST " + cm + "/{id}/accept":                      nil,
		"POST " + cm + "/{id}/decline":                     nil,
		"POST " + cm + "/{id}/end":                         nil,
		"POST " + cm + "/{id}/checkins":                    map[string]string{"outcome": "broken", "note": "bob was here"},
		"POST " + cm + "/{id}/checkins/{checkin}/confirm":  map[string]string{"outcome": "broken"},
		"PUT " + api.Prefix + "/together/trust/settings":   map[string]int{"half_life_days": 7},
		"PUT " + api.Prefix + "/together/pause":            map[string]string{"until": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)},
		"POST " + tq:                                       map[string]string{"text": "bob's own"},
		"POST " + tq + "/{id}/answer":                      map[string]string{"text": "bob was here"},
		"POST " + tr:                                       map[string]string{"kind": "apology", "text": "bob's own"},
		"POST " + tr + "/{id}/response":                    map[string]string{"text": "bob was here"},
		"POST " + tt:                                       map[string]string{"title": "bob's own", "text": "bob's own"},
		"POST " + tt + "/{id}/messages":                    map[string]string{"text": "bob was here"},
		"PUT " + api.Prefix + "/together/checkins/current": weeklyAnswers(0, "bob was here"),
	} {
		bodies[key] = body
	}
	for _, k := range catalog().Kinds {
		if k.Parent != nil {
			continue
		}
		base := api.Prefix + "/" + k.Path
		if k.Single {
			bodies["PUT "+base] = k.Sample("bob's own")
			continue
		}
		bodies["POST "+base] = k.Sample("bob's own")
		bodies["PUT "+base+"/{id}"] = k.Sample("bob was here")
		if k.Events != nil {
			bodies["POST "+base+"/{id}/events"] = k.Events.Sample("bob's own")
		}
		for _, a := range k.Behaviour().Actions {
			bodies["POST "+base+"/{id}/"+a.Name] = map[string]any{a.Param: a.Values[0]}
		}
	}
	return bodies
}

// alicesObjects gives alice an item of every kind (and an event of each
// that has events) and links her with alicesPartner in a space holding
// one of every shared kind; it returns, by route pattern, the ids to try.
func alicesObjects(t *testing.T, f *fixture) (objects map[string]string, events map[string]string) {
	objects, events = alicesPrivate(t, f)
	// Alice is linked: bob must neither see nor end her link.
	f.person(t, alicesPartner)
	shared, sharedEvents := sharedObjects(t, f, "alice", alicesPartner, aliceNote)
	maps.Copy(objects, shared)
	maps.Copy(events, sharedEvents)
	return objects, events
}

// alicesPrivate gives alice an item of every kind of her private journey
// (and an event of each that has events), and returns, by route pattern,
// the ids to try.
func alicesPrivate(t *testing.T, f *fixture) (objects map[string]string, events map[string]string) {
	objects = map[string]string{
		api.Prefix + "/checkins/{id}": f.checkin,
		api.Prefix + "/journal/{id}":  f.journal,
	}
	events = map[string]string{}
	// Ten check-ins give alice a suggested milestone ("checkins-10"): bob
	// must not be able to keep it.
	for i := range 10 {
		f.create(t, "/checkins", "alice", map[string]any{"created_at": time.Now().AddDate(0, 0, -20+i).UTC().Format(time.RFC3339),
			"emotions": []map[string]any{{"name": "hope", "intensity": 3}}})
	}
	objects[api.Prefix+"/milestones/suggestions/{key}"] = "checkins-10"
	// Her supporter, with her journal entry shared with him.
	f.person(t, alicesSupporter)
	supporter, share := supportedBy(t, f, "alice", alicesSupporter, f.journal)
	objects[api.Prefix+"/supporters/{id}"] = supporter
	objects[api.Prefix+"/shares/{id}"] = share
	objects[api.Prefix+"/shared-with-me/{id}"] = share
	objects[api.Prefix+"/shared-with-me/{id}/report.pdf"] = share
	// Her session: nobody else may end it, or learn it is there.
	objects[api.Prefix+"/sessions/{id}"] = sessionWhere(t, f, "alice", func(s map[string]any) bool { return s["current"] == true })
	for _, k := range catalog().Kinds {
		if k.Parent != nil {
			continue
		}
		base := api.Prefix + "/" + k.Path
		if k.Single {
			// Hers is at the kind's own address: bob, at the same one,
			// must read and write only his.
			f.must(t, http.StatusOK, request{method: "PUT", path: base, who: "alice", body: k.Sample(aliceNote)})
			objects[base] = ""
			continue
		}
		if _, ok := objects[base+"/{id}"]; !ok {
			objects[base+"/{id}"] = f.create(t, "/"+k.Path, "alice", k.Sample(aliceNote))
		}
		for _, a := range k.Behaviour().Actions {
			objects[base+"/{id}/"+a.Name] = objects[base+"/{id}"]
		}
		if k.Events != nil {
			id := objects[base+"/{id}"]
			objects[base+"/{id}/events"] = id
			objects[base+"/{id}/events/{event}"] = id
			events[base+"/{id}/events/{event}"] = f.create(t, "/"+k.Path+"/"+id+"/events", "alice", k.Events.Sample(aliceNote))
		}
	}
	return objects, events
}

// sharedObjects links person with partner and fills their space with
// one object of every shared kind, each holding note: an agreed
// commitment with a check-in of the partner's waiting to be confirmed, a
// question, a repair, a conversation, and this week's check-in answered
// by both. It returns, by route pattern,
// the ids to try, as alicesObjects does.
func sharedObjects(t *testing.T, f *fixture, person, partner, note string) (objects, events map[string]string) {
	t.Helper()
	code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/invitations", who: person,
		body: map[string]bool{"safe": true, "no_pressure": true}}).json(t)["code"].(string)
	f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/together/accept", who: partner,
		body: map[string]string{"code": code}})
	objects, events = map[string]string{}, map[string]string{}
	cm := api.Prefix + "/together/commitments"
	commitment := f.create(t, "/together/commitments", partner, map[string]string{"text": note})
	f.must(t, http.StatusOK, request{method: "POST", path: cm + "/" + commitment + "/accept", who: person})
	checkin := f.create(t, "/together/commitments/"+commitment+"/checkins", partner, map[string]string{"outcome": "kept", "note": note})
	for _, p := range []string{"/{id}", "/{id}/accept", "/{id}/decline", "/{id}/end", "/{id}/checkins", "/{id}/checkins/{checkin}/confirm"} {
		objects[cm+p] = commitment
	}
	events[cm+"/{id}/checkins/{checkin}/confirm"] = checkin
	tq, tr, tt := api.Prefix+"/together/questions", api.Prefix+"/together/repairs", api.Prefix+"/together/threads"
	objects[tq+"/{id}"] = f.create(t, "/together/questions", person, map[string]string{"text": note})
	objects[tq+"/{id}/answer"] = objects[tq+"/{id}"]
	objects[tr+"/{id}"] = f.create(t, "/together/repairs", partner, map[string]string{"kind": "apology", "text": note})
	objects[tr+"/{id}/response"] = objects[tr+"/{id}"]
	objects[tt+"/{id}"] = f.create(t, "/together/threads", person, map[string]string{"title": note, "text": note})
	objects[tt+"/{id}/messages"] = objects[tt+"/{id}"]
	// Both have answered this week's check-in, with notes.
	for _, who := range []string{person, partner} {
		f.must(t, http.StatusOK, request{method: "PUT", path: api.Prefix + "/together/checkins/current", who: who, body: weeklyAnswers(2, note)})
	}
	return objects, events
}

// validQueries are the query strings a route needs to answer 200.
var validQueries = map[string]string{
	"GET " + api.Prefix + "/trends": "?series=rating:3",
	// Words alice wrote: bob's search must find none of hers.
	"GET " + api.Prefix + "/search": "?q=" + url.QueryEscape(aliceNote),
	// Every part of his report: none may hold anything of alice's. (Naming
	// her entry in it is a scenario: it must answer as a made-up id does.)
	"GET " + api.Prefix + "/report.pdf": "?parts=feelings,ratings,entries,boundaries,safety-plan,talk",
}

// validHeaders are headers a route's valid body needs.
var validHeaders = map[string]map[string]string{
	"POST " + api.Prefix + "/import": {"Content-Type": "application/zip"},
}

// ownAnswer is what bob, on his own, gets from routes about a link: he is
// linked with no one and holds no code. What matters there is that he
// sees nothing of alice's link and cannot end it (aliceSees, after).
var ownAnswer = map[string]int{
	"GET " + api.Prefix + "/together":                  http.StatusNotFound,
	"DELETE " + api.Prefix + "/together":               http.StatusNotFound,
	"POST " + api.Prefix + "/together/accept":          http.StatusUnprocessableEntity,
	"POST " + api.Prefix + "/supporting/accept":        http.StatusUnprocessableEntity,
	"POST " + api.Prefix + "/shares":                   http.StatusUnprocessableEntity, // he has no plan to share
	"POST " + api.Prefix + "/together/commitments":     http.StatusNotFound,
	"GET " + api.Prefix + "/together/commitments":      http.StatusNotFound,
	"GET " + api.Prefix + "/together/trust":            http.StatusNotFound,
	"PUT " + api.Prefix + "/together/trust/settings":   http.StatusNotFound,
	"PUT " + api.Prefix + "/together/pause":            http.StatusNotFound,
	"DELETE " + api.Prefix + "/together/pause":         http.StatusNotFound,
	"POST " + api.Prefix + "/together/questions":       http.StatusNotFound,
	"GET " + api.Prefix + "/together/questions":        http.StatusNotFound,
	"POST " + api.Prefix + "/together/repairs":         http.StatusNotFound,
	"GET " + api.Prefix + "/together/repairs":          http.StatusNotFound,
	"POST " + api.Prefix + "/together/threads":         http.StatusNotFound,
	"GET " + api.Prefix + "/together/threads":          http.StatusNotFound,
	"GET " + api.Prefix + "/together/checkins":         http.StatusNotFound,
	"GET " + api.Prefix + "/together/checkins/current": http.StatusNotFound,
	"PUT " + api.Prefix + "/together/checkins/current": http.StatusNotFound,
}

// alicesPartner is who alice is linked with while bob tries every route.
const alicesPartner = "quill_partner"

// alicesSupporter is who alice shares her journal entry with.
const alicesSupporter = "sam_supporter"

// supportedBy makes supporter the person's supporter and shares the
// person's journal entry with them, with a report of their feelings and
// ratings; it returns the supporter's id and the share's.
func supportedBy(t *testing.T, f *fixture, person, supporter, journal string) (string, string) {
	t.Helper()
	code := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporters/invitations", who: person}).json(t)["code"]
	id := f.must(t, http.StatusCreated, request{method: "POST", path: api.Prefix + "/supporting/accept", who: supporter,
		body: map[string]any{"code": code}}).json(t)["id"].(string)
	share := f.create(t, "/shares", person, map[string]any{"to": id, "items": []map[string]string{{"kind": "journal", "id": journal}},
		"report": map[string]any{"parts": []string{"feelings", "ratings"}}})
	return id, share
}

// ownAccount names routes that change the whole account of whoever calls
// them: they run as a person of their own, so the others keep theirs.
var ownAccount = map[string]string{
	"DELETE " + api.Prefix + "/me": "dave",
}

// TestAuthorization has bob try every route of the table on alice's
// objects. Where a route names an object he must get the very 404 a
// missing object gets; elsewhere he must see nothing of hers; and her
// objects must be as they were. Every route that needs a token must refuse
// a request without one.
func TestAuthorization(t *testing.T) {
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine, newContract(t))
			// Where the table names an object, bob tries alice's.
			objects, events := alicesObjects(t, f)
			bodies := validBodies()
			before := aliceSees(t, f, objects)
			for _, rt := range routeTable() {
				t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
					key := rt.Method + " " + rt.Path
					body, hasBody := bodies[key]
					header := validHeaders[key]
					if !hasBody && (rt.Method == http.MethodPost || rt.Method == http.MethodPut || rt.Method == http.MethodPatch) {
						t.Fatalf("no valid body to send to %s %s: add one to validBodies", rt.Method, rt.Path)
					}
					query := validQueries[key]
					if rt.Auth {
						r := f.do(t, request{method: rt.Method, path: fill(rt.Path, "{random}") + query, body: body, header: header})
						if r.status != http.StatusUnauthorized || r.errorCode() != "unauthenticated" || r.header.Get("WWW-Authenticate") == "" {
							t.Errorf("without a token: %d %s, want 401 with WWW-Authenticate", r.status, r.body)
						}
					}
					if !strings.Contains(rt.Path, "{") {
						who := "bob"
						if other, ok := ownAccount[key]; ok {
							f.person(t, other)
							who = other
						}
						r := f.do(t, request{method: rt.Method, path: rt.Path + query, token: f.login(t, who), body: body, header: header})
						if want, ok := ownAnswer[key]; ok && r.status != want || !ok && r.status >= 300 {
							t.Errorf("bob on his own: %d %.300s", r.status, r.body)
						}
						text := bodyText(t, r.body)
						for _, secret := range []string{f.checkin, f.journal, aliceNote, aliceTitle, aliceBody, alicesPartner} {
							if strings.Contains(text, secret) {
								t.Errorf("bob saw %q of alice's: %.300s", secret, r.body)
							}
						}
						return
					}
					id, ok := objects[rt.Path]
					if !ok {
						t.Fatalf("no object of alice's to try %s on: add one to objects", rt.Path)
					}
					token := f.login(t, "bob")
					theirs := f.do(t, request{method: rt.Method, path: strings.NewReplacer("{id}", id, "{key}", id, "{event}", events[rt.Path], "{checkin}", events[rt.Path]).Replace(rt.Path),
						token: token, body: body, header: header})
					missing := f.do(t, request{method: rt.Method, path: fill(rt.Path, "{random}"), token: token, body: body, header: header})
					if theirs.status != http.StatusNotFound {
						t.Errorf("bob on alice's object: %d %.300s, want 404", theirs.status, theirs.body)
					}
					if string(theirs.body) != string(missing.body) || theirs.status != missing.status {
						t.Errorf("alice's object answers %d %s, a missing one %d %s", theirs.status, theirs.body, missing.status, missing.body)
					}
					if a, b := headerNames(theirs.header), headerNames(missing.header); !slices.Equal(a, b) {
						t.Errorf("alice's object answers with headers %v, a missing one with %v", a, b)
					}
				})
			}
			after := aliceSees(t, f, objects)
			for _, key := range sortedKeys(before) {
				if before[key] != after[key] {
					t.Errorf("what alice sees at %s changed:\nbefore %s\nafter  %s", key, before[key], after[key])
				}
			}
		})
	}
}

// fill puts id in place of the pattern's {id}, and a random id in place
// of any other wildcard.
func fill(pattern, id string) string {
	return strings.NewReplacer("{id}", id, "{key}", id, "{event}", "{random}", "{checkin}", "{random}").Replace(pattern)
}

// aliceSees returns the bodies of alice's objects and listings.
func aliceSees(t *testing.T, f *fixture, objects map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, path := range []string{"/together", "/together/checkins/current"} {
		out[path] = string(f.must(t, http.StatusOK, request{method: "GET", path: api.Prefix + path, who: "alice"}).body)
	}
	for pattern, id := range objects {
		if strings.Contains(pattern, "{event}") || actionRoute(pattern) || !readable(pattern) {
			continue // an action is a POST: alice's item itself is read
		}
		if list, ok := strings.CutSuffix(pattern, "/{key}"); ok {
			out[list] = string(f.must(t, http.StatusOK, request{method: "GET", path: list, who: "alice"}).body)
			continue
		}
		path, who := fill(pattern, id), readerOf(pattern)
		r := f.must(t, http.StatusOK, request{method: "GET", path: path, who: who})
		out[path] = string(r.body)
		if bytes.HasPrefix(r.body, []byte("%PDF-")) {
			out[path] = bodyText(t, r.body) // a PDF by its words, not the moment it was written
		}
		list := strings.TrimSuffix(pattern, "/{id}")
		if list != pattern {
			out[list] = string(f.must(t, http.StatusOK, request{method: "GET", path: list, who: who}).body)
		}
	}
	return out
}

// readerOf is who reads alice's object at pattern: alice, or, for what
// she shared, her supporter.
func readerOf(pattern string) string {
	if strings.HasPrefix(pattern, api.Prefix+"/shared-with-me/{id}") {
		return alicesSupporter
	}
	return "alice"
}

// readable reports whether the route table has a GET for pattern.
func readable(pattern string) bool {
	for _, rt := range routeTable() {
		if rt.Method == http.MethodGet && rt.Path == pattern {
			return true
		}
	}
	return false
}

// headerNames lists a response's header names, less those that differ on
// every response.
func headerNames(h http.Header) []string {
	h = h.Clone()
	h.Del("Date")
	h.Del("X-Request-Id")
	return slices.Sorted(maps.Keys(h))
}

// emptyArchive is an export of an account with nothing in it.
func emptyArchive(username string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.Create("kintsugi.json")
	fmt.Fprintf(w, `{"format":"kintsugi-export","version":1,"exported_at":"2026-01-01T00:00:00Z","username":%q,"journal":[],"checkins":[],"ratings":[]}`, username)
	z.Close()
	return buf.Bytes()
}
