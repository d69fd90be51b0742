package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
	"kintsugi/internal/draft"
	"kintsugi/internal/journey"
	"kintsugi/internal/testdb"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// load returns the guide and the catalog of every tool, as the server
// loads them, so the tests below cover whatever kinds are declared.
func load(t testing.TB) (*journey.Guide, *tool.Catalog) {
	t.Helper()
	g, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	return g, c
}

// what names a kind among the canaries: its path, and for events the
// path of the kind that owns them ("boundaries/events").
func what(k *tool.Kind) string {
	if k.Parent != nil {
		return k.Parent.Path + "/" + k.Path
	}
	return k.Path
}

// The roles a kind's text canaries play: what an item keeps, what an
// edited item said before it was edited, and what it says after.
const (
	kept    = ""
	before  = " before an edit"
	after   = " after an edit"
	drafted = " in a draft"
	letGo   = ", let go" // a draft past the number a person keeps
)

// minChoice is the shortest choice value searched for: a shorter one,
// such as "held", could be in a file by chance or as a word of the schema.
const minChoice = 7

// canaries are unique strings written through the API, by what they are;
// none of them, in any common encoding, may appear in what a thief could
// copy. They come from the catalog: for every kind, a string for every
// free-text field of an item as created, and of an edited item before and
// after (events are not edited), and of a draft of its form when it keeps
// drafts; and for every choice field the longest value of its list,
// because which feeling or which kind of betrayal was chosen is content
// too. The time zone is sealed in the profile.
func canaries(t *testing.T) map[string]string {
	_, cat := load(t)
	tag := strings.ToLower(strings.ReplaceAll(time.Now().Format("150405.000000"), ".", ""))
	c := map[string]string{"time zone": "Pacific/Chatham", "wrong passphrase": "tangerinePass" + tag,
		// Where a session was signed in from, as its list and the access
		// log show it (signInFrom).
		"session device": "Samsung Internet on Android", "session address": "127.0.0.x"}
	for i, k := range cat.Kinds {
		// At most 8 letters of the kind, its number, the role and 12
		// digits: 23 characters, within every text limit.
		letters := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, k.Name)
		roles := []string{kept}
		if k.Single { // its one item, written and written over
			roles = nil
		}
		if k.Parent == nil {
			roles = append(roles, before, after)
		}
		if longText(k.Visible()) {
			roles = append(roles, drafted)
		}
		for j, role := range roles {
			c[what(k)+role] = fmt.Sprintf("%.8s%02d%c%s", letters, i, 'a'+j, tag)
		}
		choose(cat, what(k), k.Visible(), k.Sample(""), c)
	}
	sharedCanaries(c)
	shareCanaries(c)
	return c
}

// choose sets every choice in body, a sample of fields, to the longest
// value of its list, and when it is long enough to be searched for,
// files it in c under where and the field's name.
func choose(cat *tool.Catalog, where string, fields []tool.Field, body map[string]any, c map[string]string) {
	for _, f := range fields {
		at := where + "." + f.Name
		switch f.Type {
		case tool.Choice, tool.Choices:
			list := cat.ChoiceList(f.Choices)
			v := slices.MaxFunc(list, func(a, b string) int { return len(a) - len(b) })
			if f.Type == tool.Choice {
				body[f.Name] = v
			} else {
				body[f.Name] = []string{v}
			}
			if len(v) >= minChoice {
				c[at+" choice"] = v
			}
		case tool.Group:
			for _, row := range body[f.Name].([]any) {
				choose(cat, at, f.Fields, row.(map[string]any), c)
			}
		case tool.Object:
			choose(cat, at, f.Fields, body[f.Name].(map[string]any), c)
		}
	}
}

// sample is a valid body of k whose every free-text field holds text and
// every choice the canary value of its field.
func sample(cat *tool.Catalog, k *tool.Kind, text string) map[string]any {
	body := k.Sample(text)
	choose(cat, what(k), k.Visible(), body, map[string]string{})
	return body
}

// forms returns the ways a canary could appear in a file: as is, in hex
// (either case), and in standard or URL-safe base64 at each of the three
// alignments a string can take inside a longer encoded value.
func forms(s string) map[string][]byte {
	out := map[string][]byte{
		"plain":     []byte(s),
		"hex":       []byte(hex.EncodeToString([]byte(s))),
		"HEX":       []byte(strings.ToUpper(hex.EncodeToString([]byte(s)))),
		"utf16-ish": []byte(strings.Join(strings.Split(s, ""), "\x00")),
	}
	for k := range 3 {
		for name, enc := range map[string]*base64.Encoding{"base64": base64.RawStdEncoding, "base64url": base64.RawURLEncoding} {
			full := enc.EncodeToString(append(bytes.Repeat([]byte{'x'}, k), s...))
			// Characters made only of the canary's bits.
			first := (8*k + 5) / 6
			last := (8*(k+len(s)) - 6) / 6
			out[name+"@"+string(rune('0'+k))] = []byte(full[first : last+1])
		}
	}
	return out
}

// longText reports whether fields hold long text anywhere: the forms of
// such kinds keep drafts.
func longText(fields []tool.Field) bool {
	for _, f := range fields {
		if f.Type == tool.LongText || longText(f.Fields) {
			return true
		}
	}
	return false
}

// writeCanaries signs username up and writes every canary through the
// API: for every kind an item, and an item that is then edited (a single
// kind's one item is written and written over); for every kind with
// events an event of the first item; and the time zone. Through the pages,
// with the same session, it keeps a draft of every form that keeps
// drafts. It returns the person's token.
func writeCanaries(t *testing.T, app *apptest.App, c map[string]string, username string) string {
	t.Helper()
	_, cat := load(t)
	tok := app.Person(t, username)
	type form struct {
		k         *tool.Kind
		key, name string
	}
	var forms []form
	for _, k := range cat.Kinds {
		if k.Parent != nil {
			continue
		}
		base := "/api/v1/" + k.Path
		if longText(k.Visible()) {
			forms = append(forms, form{k, "/" + k.Path, what(k) + drafted})
		}
		if k.Single {
			for _, role := range []string{before, after} {
				if r := app.Do(t, "PUT", base, tok, sample(cat, k, c[what(k)+role])); r.Status != 200 {
					t.Fatalf("write %s: %d %s", what(k), r.Status, r.Body)
				}
			}
			continue
		}
		id := app.Create(t, base, tok, sample(cat, k, c[what(k)+kept]))
		edited := app.Create(t, base, tok, sample(cat, k, c[what(k)+before]))
		if r := app.Do(t, "PUT", base+"/"+edited, tok, sample(cat, k, c[what(k)+after])); r.Status != 200 {
			t.Fatalf("edit %s: %d %s", what(k), r.Status, r.Body)
		}
		if k.Events != nil {
			app.Create(t, base+"/"+id+"/events", tok, sample(cat, k.Events, c[what(k.Events)]))
		}
		if k.Events != nil && longText(k.Events.Visible()) {
			forms = append(forms, form{k.Events, "/" + k.Path + "/" + id + "/events", what(k.Events) + drafted})
		}
	}
	// A person keeps draft.Keep drafts, and saving one more lets the one
	// saved longest ago go: the drafts are kept last form first, so the
	// journal's stays, and the canaries of those let go are still
	// searched for but not read back.
	for i := len(forms) - 1; i >= 0; i-- {
		writeDraft(t, app, tok, forms[i].k, forms[i].key, forms[i].name, c)
	}
	if n := len(forms) - draft.Keep; n > 0 {
		for _, f := range forms[len(forms)-n:] {
			if s, ok := c[f.name]; ok {
				c[f.name+letGo] = s
				delete(c, f.name)
			}
		}
	}
	if _, ok := c["journal"+drafted]; !ok {
		t.Fatal("the journal's form kept no draft: the drafts' canaries prove nothing")
	}
	if r := app.Do(t, "PUT", "/api/v1/me", tok, map[string]string{"time_zone": c["time zone"]}); r.Status != 200 {
		t.Fatalf("set the time zone: %d %s", r.Status, r.Body)
	}
	writeShared(t, app, c, tok)
	writeShares(t, app, c, tok)
	signInFrom(t, app, username, samsung)
	return tok
}

// samsung is the user agent of a phone the canary signs in on: its
// description is the "session device" canary.
const samsung = "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36"

// signInFrom signs username in through the API with a user agent, so
// that the session and the access log keep where it came from.
func signInFrom(t *testing.T, app *apptest.App, username, agent string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "passphrase": apptest.Passphrase})
	req, _ := http.NewRequest("POST", app.URL+"/api/v1/sessions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", agent)
	res, err := app.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("sign in from a phone: %d", res.StatusCode)
	}
}

// writeDraft keeps a draft of the form with the key, holding the canary
// c[name], as the page's script does: its fields, form-encoded, with the
// session's cookie. A kind with a form page of its own (the check-in)
// keeps no drafts: its canary goes.
func writeDraft(t *testing.T, app *apptest.App, tok string, k *tool.Kind, key, name string, c map[string]string) {
	t.Helper()
	_, cat := load(t)
	body, err := json.Marshal(sample(cat, k, c[name]))
	if err != nil {
		t.Fatal(err)
	}
	in, err := k.ReadJSON(body, false)
	if err != nil {
		t.Fatal(err)
	}
	form := k.FormValues(in.Values)
	form.Set("draft_for", key)
	r := webDo(t, app, "POST", key, tok, form)
	r.Body.Close()
	switch r.StatusCode {
	case http.StatusNoContent:
	case http.StatusNotFound:
		delete(c, name)
	default:
		t.Fatalf("keep a draft of %s: %d", key, r.StatusCode)
	}
}

// webDo sends a request to the pages with the session's cookie; a form
// goes to /drafts when it names a draft, and to path otherwise.
func webDo(t *testing.T, app *apptest.App, method, path, tok string, form url.Values) *http.Response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
		if form.Has("draft_for") {
			path = "/drafts"
		}
	}
	req, err := http.NewRequest(method, app.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: "kintsugi", Value: tok})
	res, err := app.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// found returns what of c data holds, in which form.
func found(data []byte, c map[string]string) []string {
	var out []string
	for what, s := range c {
		for form, needle := range forms(s) {
			if bytes.Contains(data, needle) {
				out = append(out, fmt.Sprintf("the %s canary (%s form)", what, form))
			}
		}
	}
	slices.Sort(out)
	return out
}

func assertAbsent(t *testing.T, where string, data []byte, c map[string]string) {
	t.Helper()
	for _, f := range found(data, c) {
		t.Errorf("%s holds %s", where, f)
	}
}

// A stolen copy of the database reveals nothing anyone wrote: the SQLite
// files (main, WAL and shared memory, while the server runs and after it
// stops) and a PostgreSQL dump are searched for every canary.
func TestStolenDatabaseRevealsNoContent(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		app := apptest.New(t, "sqlite")
		c := canaries(t)
		writeCanaries(t, app, c, "canary")
		// The canaries must really be readable through the API, or the
		// search below proves nothing.
		checkReadable(t, app, c)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			data, err := os.ReadFile(app.DSN + suffix)
			if err != nil && suffix == "" {
				t.Fatal(err)
			}
			assertAbsent(t, "the SQLite file kintsugi.db"+suffix+" (server running)", data, c)
		}
		if err := app.Store.Close(); err != nil { // checkpoints the WAL into the main file
			t.Fatal(err)
		}
		data, err := os.ReadFile(app.DSN)
		if err != nil {
			t.Fatal(err)
		}
		assertAbsent(t, "the SQLite file after shutdown", data, c)
		assertAbsent(t, "the server log", []byte(app.Logs.String()), c)
	})

	t.Run("postgres", func(t *testing.T) {
		dsn := testdb.DSN(t, "postgres")
		pgDump, err := exec.LookPath("pg_dump")
		if err != nil {
			t.Skip("SKIPPED: pg_dump not found (install postgresql-client): the PostgreSQL dump was not searched")
		}
		app := apptest.NewWithDSN(t, dsn)
		c := canaries(t)
		writeCanaries(t, app, c, "canary")
		checkReadable(t, app, c)
		out, err := exec.Command(pgDump, "--schema="+testdb.Schema(dsn), "--no-owner", testdb.PostgresServer(t)).Output()
		if err != nil {
			t.Fatalf("pg_dump: %v", err)
		}
		if !bytes.Contains(out, []byte("CREATE TABLE "+testdb.Schema(dsn)+".records")) {
			t.Fatalf("the dump does not hold the records table; it proves nothing:\n%.400s", out)
		}
		assertAbsent(t, "pg_dump", out, c)
		assertAbsent(t, "the server log", []byte(app.Logs.String()), c)
	})
}

// webPage returns a page's body, read with the session's cookie.
func webPage(t *testing.T, app *apptest.App, path, tok string) []byte {
	t.Helper()
	res := webDo(t, app, "GET", path, tok, nil)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return body
}

// checkReadable proves that the search above could fail: every canary
// but the words an edit replaced is read back through the API, so it was
// stored, and each is found in every form it could take.
func checkReadable(t *testing.T, app *apptest.App, c map[string]string) {
	t.Helper()
	_, cat := load(t)
	r := app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "canary", "passphrase": apptest.Passphrase})
	tok := r.JSON(t)["token"].(string)
	var all bytes.Buffer
	all.Write(app.Do(t, "GET", "/api/v1/me", tok, nil).Body)
	for _, k := range cat.Kinds {
		if k.Parent != nil {
			continue
		}
		if k.Single { // its one item, and its form with the draft
			all.Write(app.Do(t, "GET", "/api/v1/"+k.Path, tok, nil).Body)
			if longText(k.Visible()) {
				all.Write(webPage(t, app, "/"+k.Path, tok))
			}
			continue
		}
		list := app.Do(t, "GET", "/api/v1/"+k.Path+"?limit=100", tok, nil)
		all.Write(list.Body)
		// The drafts, on the forms that offer them back.
		if longText(k.Visible()) {
			all.Write(webPage(t, app, "/"+k.Path+"/new", tok))
		}
		if k.Events == nil {
			continue
		}
		for _, it := range list.JSON(t)["items"].([]any) {
			id := it.(map[string]any)["id"].(string)
			all.Write(app.Do(t, "GET", "/api/v1/"+k.Path+"/"+id+"/events", tok, nil).Body)
			all.Write(webPage(t, app, "/"+k.Path+"/"+id, tok))
		}
	}
	all.Write(readShared(t, app, tok))
	all.Write(readShares(t, app, tok))
	all.Write(app.Do(t, "GET", "/api/v1/sessions", tok, nil).Body)
	all.Write(app.Do(t, "GET", "/api/v1/access-log?limit=100", tok, nil).Body)
	page := html.UnescapeString(all.String())
	for what, s := range c {
		if !strings.HasSuffix(what, before) && !strings.HasSuffix(what, letGo) && !strings.HasSuffix(what, secretOnly) && what != "wrong passphrase" &&
			!strings.Contains(all.String(), s) && !strings.Contains(page, s) {
			t.Fatalf("the %s canary cannot be read back through the API", what)
		}
	}
	// Each form is found where it is, written here by the encoders
	// themselves, after and before bytes of every value.
	for what, s := range c {
		for k := range 3 {
			pad := bytes.Repeat([]byte{0xff}, k)
			raw := append(append(pad, s...), 0xfe, 0x01)
			for name, encoded := range map[string]string{
				"plain": "\x00" + string(raw) + "\x00", "hex": hex.EncodeToString(raw), "HEX": strings.ToUpper(hex.EncodeToString(raw)),
				"base64": base64.StdEncoding.EncodeToString(raw), "base64url": base64.URLEncoding.EncodeToString(raw)} {
				if len(found([]byte(encoded), map[string]string{what: s})) == 0 {
					t.Fatalf("the %s canary in %s at offset %d would not be found", what, name, k)
				}
			}
		}
	}
}
