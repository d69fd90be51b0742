package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/app"
	"kintsugi/internal/apptest"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/web"
)

// The pages' authorization matrix: every page of the router's own table,
// tried by every role. A page new to the table is tried at once: it fails
// until it answers as its kind of page must, or names its objects here.

// patterns records the routes the pages register.
type patterns []string

func (p *patterns) Handle(pattern string, _ http.Handler) { *p = append(*p, pattern) }

// pageTable returns every page's pattern, and the tools' catalog.
func pageTable(t *testing.T) ([]string, *tool.Catalog) {
	t.Helper()
	g, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	w, err := web.New(app.Services{Guide: g, Tools: c}, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var p patterns
	w.Register(&p)
	return p, c
}

// publicPages are the pages anyone may open signed out.
var publicPages = []string{
	"GET /static/", "GET /manifest.webmanifest", "GET /{$}", "GET /help", "GET /privacy", "GET /robots.txt", "POST /leave",
	"GET /signup", "POST /signup", "GET /login", "POST /login", "GET /recover", "POST /recover", "GET /settings/export", "/",
	// A private link is for whoever holds it: tried below, and in TestPrivateLinkPages.
	"GET /shared/{secret}", "POST /shared/{secret}", "POST /shared/{secret}/report.pdf",
	// A step's guidance is the same for everyone; signed out it asks to sign in.
}

// linkPages make, take and end a link: each answers for the caller's own
// link, so a stranger's answer is about having none.
var linkPages = map[string]int{
	"GET /together":              http.StatusOK, // the way to link
	"POST /together/invitations": http.StatusUnprocessableEntity,
	"POST /together/accept":      http.StatusUnprocessableEntity,
	"POST /together/end":         http.StatusSeeOther, // there is nothing to end
	"POST /together/pause":       http.StatusNotFound,
	"POST /together/pause/lift":  http.StatusNotFound,
}

// ownAccountPages change or end the caller's own account or session: a
// role's walk leaves them alone, or it would end itself.
var ownAccountPages = []string{
	"POST /logout", "POST /settings/passphrase", "POST /settings/recovery-key", "POST /settings/sign-out-everywhere",
	"POST /settings/delete", "POST /settings/import", "POST /signup/kit",
}

const (
	riverNote = "the winter I stopped sleeping"
	carolNote = "what we said at the lake"
)

// TestPagesAuthorizationMatrix: anonymous is sent to sign in; river's
// partner (stone) and a stranger (bob) get, on each of river's private
// objects, the very answer a missing one gets and see none of her words;
// stone reads what they share; bob, and drew who left carol, reach
// nothing of a space with any method.
func TestPagesAuthorizationMatrix(t *testing.T) {
	routes, catalog := pageTable(t)
	a := apptest.New(t, "sqlite")
	anon := newBrowser(t, a)
	browsers := map[string]*browser{}
	for _, name := range []string{"river", "stone", "bob", "carol", "drew", "sam", "sid", "rex"} {
		browsers[name] = newBrowser(t, a)
		browsers[name].signUp(name)
	}
	river, stone, bob, drew := browsers["river"], browsers["stone"], browsers["bob"], browsers["drew"]
	linkBrowsers(t, river, stone)
	linkBrowsers(t, browsers["carol"], drew)

	mine := privateObjects(t, a, catalog, river.token())
	for k, v := range spaceObjects(t, a, river.token(), stone.token(), riverNote) {
		mine[k] = v
	}
	theirs := spaceObjects(t, a, browsers["carol"].token(), drew.token(), carolNote)
	if p := drew.get("/together/commitments"); p.status != http.StatusOK {
		t.Fatalf("drew before leaving: %d", p.status)
	}
	drew.post("/together/end", nil)
	if p := drew.get("/together/commitments"); p.status != http.StatusNotFound {
		t.Fatalf("drew's very next request after leaving: %d, want 404", p.status)
	}

	// river's supporters: sam, with her words shared; sid, with nothing
	// shared; rex, removed, who reads nothing from the very next request.
	sam, share := supporterOf(t, a, river.token(), browsers["sam"].token(), mine["/journal/{id}"])
	mine["/supporters/{id}"], mine["/supporting/{id}"], mine["/shares/{id}"], mine["/shared-with-me/{id}"] = sam, sam, share, share
	supporterOf(t, a, river.token(), browsers["sid"].token(), "")
	rex, rexShare := supporterOf(t, a, river.token(), browsers["rex"].token(), mine["/journal/{id}"])
	if p := browsers["rex"].get("/shared-with-me/" + rexShare); p.status != http.StatusOK || !strings.Contains(p.body, riverNote) {
		t.Fatalf("rex before he was removed: %d", p.status)
	}
	river.post("/supporters/"+rex+"/remove", nil)
	if p := browsers["rex"].get("/shared-with-me/" + rexShare); p.status != http.StatusNotFound {
		t.Fatalf("rex's very next request after he was removed: %d, want 404", p.status)
	}
	strangers := map[string]*browser{"stone, her partner": stone, "bob": bob, "sam, her supporter": browsers["sam"],
		"sid, a supporter with nothing shared": browsers["sid"], "rex, a supporter removed": browsers["rex"]}

	send := func(b *browser, method, path string) page {
		t.Helper()
		if method == http.MethodGet {
			return b.get(path)
		}
		return b.post(path, nil)
	}
	leaks := 0
	noneOf := func(role string, p page, secrets ...string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(p.body, s) {
				leaks++
				t.Errorf("%s saw %q: %d", role, s, p.status)
			}
		}
	}
	sameAsMissing := func(role string, b *browser, method, pattern, path string, secrets ...string) {
		t.Helper()
		// A form is read before its object is looked for: an empty one
		// may be refused as such (422), for a missing object alike.
		got, missing := send(b, method, path), send(b, method, fillPage(pattern, nil))
		if got.status < 400 || missing.status != got.status || unstamped(got.body) != unstamped(missing.body) {
			leaks++
			t.Errorf("%s: %d, where a missing object answers %d", role, got.status, missing.status)
		}
		noneOf(role, got, secrets...)
	}
	riversWords := []string{riverNote}
	for _, key := range routes {
		method, pattern, ok := strings.Cut(key, " ")
		if !ok {
			continue // the catch-all
		}
		t.Run(key, func(t *testing.T) {
			public := slices.Contains(publicPages, key)
			named := strings.Contains(pattern, "{") && pattern != "/{$}"
			if !public {
				p := send(anon, method, fillPage(pattern, mine))
				signIn := method == http.MethodGet && p.status == http.StatusSeeOther && strings.HasPrefix(p.header.Get("Location"), "/login?next=")
				if !signIn && !(method == http.MethodPost && p.status == http.StatusUnauthorized) {
					leaks++
					t.Errorf("signed out: %d %s; a page for anyone belongs in publicPages", p.status, p.header.Get("Location"))
				}
				noneOf("signed out", p, riversWords...)
			}
			if public || slices.Contains(ownAccountPages, key) {
				return
			}
			if want, ok := linkPages[key]; ok {
				for role, b := range map[string]*browser{"bob": bob, "drew, who left": drew} {
					if p := send(b, method, pattern); p.status != want {
						t.Errorf("%s: %d, want %d", role, p.status, want)
					}
				}
				return
			}
			path := fillPage(pattern, mine)
			if named && path == "" {
				t.Fatalf("no object of river's to try %s on: add one to privateObjects or spaceObjects", pattern)
			}
			if isSpacePage(pattern, catalog) {
				if method == http.MethodGet {
					if p := stone.get(path); p.status != http.StatusOK {
						t.Errorf("stone on what he shares with river: %d", p.status)
					}
				}
				theirPath := fillPage(pattern, theirs)
				if named && theirPath == "" {
					t.Fatalf("no object in carol's space to try %s on: add one to spaceObjects", pattern)
				}
				if named {
					sameAsMissing("bob", bob, method, pattern, path, riverNote, carolNote)
					sameAsMissing("drew, who left", drew, method, pattern, theirPath, carolNote)
					return
				}
				for role, b := range map[string]*browser{"bob": bob, "drew, who left": drew} {
					p := send(b, method, pattern)
					if p.status != http.StatusNotFound {
						leaks++
						t.Errorf("%s: %d, want 404", role, p.status)
					}
					noneOf(role, p, riverNote, carolNote)
				}
				return
			}
			// A private page: to her partner as to a stranger, river's
			// objects are missing ones, and her words are nowhere.
			for role, b := range strangers {
				his := b == browsers["sam"]
				switch {
				case his && pattern == "/shared-with-me/{id}":
					p := b.get(path)
					if p.status != http.StatusOK || !strings.Contains(p.body, riverNote) {
						t.Errorf("%s on what she shared: %d", role, p.status)
					}
				case his && (pattern == "/supporting/{id}/stop" || pattern == "/supporters/{id}/remove"):
					// His own place: stepping back is his to do.
				case named && !strings.Contains(pattern, "{slug}"):
					sameAsMissing(role, b, method, pattern, path, riversWords...)
				case method == http.MethodGet:
					p := b.get(path)
					if p.status >= 400 {
						t.Errorf("%s on their own: %d", role, p.status)
					}
					noneOf(role, p, riversWords...)
				}
			}
		})
	}
	// river's private links, one guarded by a passcode: whoever holds a
	// link reads it (with its passcode, if it has one), and nobody reads
	// a made-up one; every role, signed in or not, alike.
	open := a.Do(t, "POST", api.Prefix+"/shares", river.token(), map[string]any{"to": "link",
		"items": []map[string]string{{"kind": "journal", "id": mine["/journal/{id}"]}}}).JSON(t)["url"].(string)
	guarded := a.Do(t, "POST", api.Prefix+"/shares", river.token(), map[string]any{"to": "link", "passcode": "lighthouse",
		"items": []map[string]string{{"kind": "journal", "id": mine["/journal/{id}"]}}}).JSON(t)["url"].(string)
	open, guarded = open[strings.Index(open, "/shared/"):], guarded[strings.Index(guarded, "/shared/"):]
	for role, b := range map[string]*browser{"signed out": anon, "bob": bob, "stone, her partner": stone, "sid, a supporter": browsers["sid"]} {
		if p := b.get(open); p.status != http.StatusOK || strings.Contains(p.body, riverNote) {
			leaks++
			t.Errorf("%s with a link, by GET (a preview): %d", role, p.status)
		}
		if p := b.post(open, nil); p.status != http.StatusOK || !strings.Contains(p.body, riverNote) {
			t.Errorf("%s with a link: %d", role, p.status)
		}
		if p := b.get(guarded); p.status != http.StatusOK || strings.Contains(p.body, riverNote) || !strings.Contains(p.body, `name="passcode"`) {
			leaks++
			t.Errorf("%s with a guarded link, without its passcode: %d", role, p.status)
		}
		if p := b.post(guarded+"/report.pdf", url.Values{"passcode": {"harbour"}}); p.status != http.StatusNotFound {
			leaks++
			t.Errorf("%s at a guarded link's report, with a wrong passcode: %d", role, p.status)
		}
		if p := b.get("/shared/" + strings.Repeat("A", 43)); p.status != http.StatusNotFound || strings.Contains(p.body, riverNote) {
			leaks++
			t.Errorf("%s with a made-up link: %d", role, p.status)
		}
	}
	if p := anon.post(guarded, url.Values{"passcode": {"lighthouse"}}); p.status != http.StatusOK || !strings.Contains(p.body, riverNote) {
		t.Errorf("a guarded link with its passcode: %d", p.status)
	}
	if leaks > 0 {
		t.Errorf("%d leaks", leaks)
	}
}

// stamp matches what differs on every page (its nonce, an error page's
// reference) and the ids of the address asked for, which a form sent
// back may name.
var stamp = regexp.MustCompile(`nonce="[^"]*"|Reference [A-Z0-9]+|[A-Z2-7]{26}`)

func unstamped(body string) string { return stamp.ReplaceAllString(body, "") }

// isSpacePage reports whether a page shows what is in a shared space: a
// tool's pages are private wherever their address is.
func isSpacePage(pattern string, c *tool.Catalog) bool {
	for _, k := range c.Kinds {
		if base := "/" + k.Path; pattern == base || strings.HasPrefix(pattern, base+"/") {
			return false
		}
	}
	return strings.HasPrefix(pattern, "/together/")
}

// fillPage puts the ids of objects into pattern, or returns "" when it
// names an object there is none of; with no objects, every wildcard is a
// made-up id, as for an object that does not exist.
func fillPage(pattern string, objects map[string]string) string {
	if objects == nil {
		return strings.NewReplacer("{id}", "AAAAAAAAAAAAAAAAAAAAAAAAAA", "{event}", "AAAAAAAAAAAAAAAAAAAAAAAAAA", "{checkin}", "AAAAAAAAAAAAAAAAAAAAAAAAAA",
			"{key}", "made-up", "{slug}", "made-up").Replace(pattern)
	}
	if !strings.Contains(pattern, "{") || pattern == "/{$}" {
		return strings.TrimSuffix(pattern, "{$}")
	}
	if strings.HasPrefix(pattern, "/steps/{slug}") {
		return strings.Replace(pattern, "{slug}", "acknowledge-your-feelings", 1)
	}
	base := pattern
	if i := strings.Index(pattern, "{id}"); i >= 0 {
		base = pattern[:i+len("{id}")]
	}
	id, ok := objects[base]
	if !ok {
		return ""
	}
	return strings.NewReplacer("{id}", id, "{key}", id, "{event}", objects[base+"/{event}"], "{checkin}", objects[base+"/{checkin}"]).Replace(pattern)
}

// privateObjects gives the person one item of every kind (and one event
// of each that has events) through the API, each holding riverNote, and
// returns their ids by the pattern of the item's page.
func privateObjects(t *testing.T, a *apptest.App, c *tool.Catalog, token string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, k := range c.Kinds {
		if k.Parent != nil || k.Single {
			continue
		}
		base := "/" + k.Path
		out[base+"/{id}"] = a.Create(t, api.Prefix+base, token, k.Sample(riverNote))
		if k.Events != nil {
			out[base+"/{id}/{event}"] = a.Create(t, api.Prefix+base+"/"+out[base+"/{id}"]+"/events", token, k.Events.Sample(riverNote))
		}
	}
	// Ten check-ins make a suggested milestone to settle.
	for i := range 10 {
		a.Create(t, api.Prefix+"/checkins", token, map[string]any{"created_at": time.Now().AddDate(0, 0, -20+i).UTC().Format(time.RFC3339),
			"emotions": []map[string]any{{"name": "hope", "intensity": 3}}})
	}
	out["/suggestions/{key}"] = "checkins-10"
	// The person's own session, which nobody else may end.
	for _, it := range a.Do(t, "GET", api.Prefix+"/sessions", token, nil).JSON(t)["items"].([]any) {
		if s := it.(map[string]any); s["current"] == true {
			out["/settings/sessions/{id}"] = s["id"].(string)
		}
	}
	return out
}

// spaceObjects fills a linked pair's space with one of every shared kind,
// each holding note, and returns their ids by the pattern of the page.
func spaceObjects(t *testing.T, a *apptest.App, person, partner, note string) map[string]string {
	t.Helper()
	p := api.Prefix + "/together"
	commitment := a.Create(t, p+"/commitments", partner, map[string]string{"text": note})
	if r := a.Do(t, "POST", p+"/commitments/"+commitment+"/accept", person, nil); r.Status != http.StatusOK {
		t.Fatalf("accept: %d", r.Status)
	}
	return map[string]string{
		"/together/commitments/{id}":           commitment,
		"/together/commitments/{id}/{checkin}": a.Create(t, p+"/commitments/"+commitment+"/checkins", partner, map[string]string{"outcome": "kept", "note": note}),
		"/together/questions/{id}":             a.Create(t, p+"/questions", person, map[string]string{"text": note}),
		"/together/repairs/{id}":               a.Create(t, p+"/repairs", partner, map[string]string{"kind": "apology", "text": note}),
		"/together/threads/{id}":               a.Create(t, p+"/threads", person, map[string]string{"title": note, "text": note}),
	}
}

// supporterOf makes supporter (a token) a supporter of person, and, when
// journal is an entry's id, shares it with them: it returns the
// supporter's id and the share's.
func supporterOf(t *testing.T, a *apptest.App, person, supporter, journal string) (string, string) {
	t.Helper()
	code := a.Do(t, "POST", api.Prefix+"/supporters/invitations", person, nil).JSON(t)["code"]
	id := a.Create(t, api.Prefix+"/supporting/accept", supporter, map[string]any{"code": code})
	if journal == "" {
		return id, ""
	}
	return id, a.Create(t, api.Prefix+"/shares", person, map[string]any{"to": id, "items": []map[string]string{{"kind": "journal", "id": journal}}})
}
