package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
	"kintsugi/internal/archive"
)

// browser is a cookie-keeping client that does not follow redirects, so
// each answer can be checked.
type browser struct {
	t   *testing.T
	app *apptest.App
	c   *http.Client
}

type page struct {
	status int
	header http.Header
	body   string
}

func newBrowser(t *testing.T, app *apptest.App) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, app: app, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return page{res.StatusCode, res.Header, string(body)}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.app.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.app.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) signUp(name string) page {
	b.t.Helper()
	p := b.post("/signup", url.Values{"username": {name}, "passphrase": {apptest.Passphrase}, "passphrase2": {apptest.Passphrase}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/recovery-key" {
		b.t.Fatalf("sign up: %d %s", p.status, p.body)
	}
	if p = b.get("/recovery-key"); p.status != http.StatusOK || !strings.Contains(p.body, "Keep your recovery key") {
		b.t.Fatalf("the recovery key after sign-up: %d %s", p.status, p.body)
	}
	return p
}

var recoveryKey = regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){12}`)

func TestSignUpShowsTheRecoveryKeyOnce(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	p := b.signUp("river")
	key := recoveryKey.FindString(p.body)
	if key == "" {
		t.Fatal("no recovery key on the page")
	}
	// The session cookie is HttpOnly and SameSite.
	u, _ := url.Parse(app.URL)
	if cs := b.c.Jar.Cookies(u); len(cs) == 0 {
		t.Fatal("sign-up did not sign in")
	}
	kit := b.post("/signup/kit", url.Values{"recovery_key": {key}})
	if kit.status != 200 || !strings.Contains(kit.header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(kit.body, key) || !strings.Contains(kit.body, "river") {
		t.Fatalf("emergency kit: %d %v\n%s", kit.status, kit.header, kit.body)
	}
	// A reload shows the same key again, until the person says they
	// have saved it; then it is gone from the server.
	if again := b.get("/recovery-key"); again.status != 200 || recoveryKey.FindString(again.body) != key {
		t.Fatalf("reloading the recovery key: %d, key shown again: %v", again.status, strings.Contains(again.body, key))
	}
	if done := b.post("/recovery-key/saved", nil); done.status != http.StatusSeeOther || done.header.Get("Location") != "/" {
		t.Fatalf("saved it: %d %s", done.status, done.header.Get("Location"))
	}
	if gone := b.get("/recovery-key"); gone.status != http.StatusSeeOther || strings.Contains(gone.body, key) {
		t.Fatalf("the recovery key after it was saved: %d", gone.status)
	}
	home := b.get("/")
	if home.status != 200 || recoveryKey.MatchString(home.body) || !strings.Contains(home.body, "Your path") {
		t.Fatalf("home after sign-up: %d", home.status)
	}
	if n := strings.Count(home.body, `class="stop"`); n != 12 {
		t.Fatalf("the map shows %d steps, want 12", n)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	app := apptest.New(t, "sqlite")
	req, _ := http.NewRequest("POST", app.URL+"/signup", strings.NewReader(url.Values{"username": {"river"},
		"passphrase": {apptest.Passphrase}, "passphrase2": {apptest.Passphrase}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := newBrowser(t, app).c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == "kintsugi" {
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 0 {
				t.Fatalf("session cookie %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

func TestFormsKeepWhatWasTyped(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)

	p := b.post("/signup", url.Values{"username": {"river-stone"}, "passphrase": {"password1234"}, "passphrase2": {"password1234"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `value="river-stone"`) || !strings.Contains(p.body, `class="error"`) {
		t.Fatalf("weak passphrase: %d, username kept: %v", p.status, strings.Contains(p.body, `value="river-stone"`))
	}
	if strings.Contains(p.body, "password1234") {
		t.Fatal("the passphrase was echoed into the page")
	}
	p = b.post("/signup", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}, "passphrase2": {apptest.Passphrase + "x"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "not the same") {
		t.Fatalf("mismatched passphrases: %d", p.status)
	}

	b.signUp("river")
	long := strings.Repeat("A long evening of thinking it all through. ", 200)
	p = b.post("/journal", url.Values{"title": {strings.Repeat("t", 201)}, "body": {long}, "step": {"4"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, html.EscapeString(long)) || !strings.Contains(p.body, `<option value="4" selected>`) {
		t.Fatalf("overlong title: %d; body kept: %v", p.status, strings.Contains(p.body, html.EscapeString(long)))
	}
	p = b.post("/journal", url.Values{"title": {"Only a title"}, "body": {"   "}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `value="Only a title"`) {
		t.Fatalf("empty body: %d", p.status)
	}
	p = b.post("/checkins", url.Values{"note": {"a note I do not want to lose"}, "sensations": {"tight chest"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "a note I do not want to lose") || !strings.Contains(p.body, `value="tight chest"`) {
		t.Fatalf("check-in without feelings: %d", p.status)
	}
	p = b.post("/checkins", url.Values{"feel": {"sadness", "anger"}, "i.sadness": {"7"}, "i.anger": {"12"}, "note": {"kept too"}})
	// The check-in comes back whole, with the problem on anger's scale.
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="feel-sadness" checked`) ||
		!strings.Contains(p.body, `id="i-sadness-7" checked`) || !strings.Contains(p.body, `<p class="error" id="i-anger-error">`) ||
		!strings.Contains(p.body, "kept too") {
		t.Fatalf("out-of-range strength: %d\n%s", p.status, p.body)
	}
	p = b.post("/steps/be-patient/rating", url.Values{"note": {"no number chosen"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "no number chosen") {
		t.Fatalf("rating without a value: %d", p.status)
	}
}

// A journal entry written while the session ran out is not lost: the
// login form carries it, and after signing in it can be saved.
func TestEntrySurvivesAnExpiredSession(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	// Every session ends (as if it expired) while the person writes.
	other := newBrowser(t, app)
	other.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	if p := other.post("/settings/sign-out-everywhere", nil); p.status != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: %d", p.status)
	}
	body := "Line one of a long entry <with> \"quotes\" & ampersands.\n" + strings.Repeat("Still writing. ", 3000)
	p := b.post("/journal", url.Values{"title": {"Written slowly"}, "body": {body}, "step": {"6"}})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, `name="carry.body" value="`+html.EscapeString(body)+`"`) {
		t.Fatalf("expired session: %d; words carried: %v", p.status, strings.Contains(p.body, html.EscapeString(body)))
	}
	form := url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}, "carry_action": {"/journal"},
		"carry.title": {"Written slowly"}, "carry.body": {body}, "carry.step": {"6"}}
	p = b.post("/login", form)
	if p.status != http.StatusOK || !strings.Contains(p.body, `action="/journal"`) || !strings.Contains(p.body, html.EscapeString(body)) {
		t.Fatalf("after signing in again: %d", p.status)
	}
	p = b.post("/journal", url.Values{"title": {"Written slowly"}, "body": {body}, "step": {"6"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("saving the carried entry: %d", p.status)
	}
	entry := b.get(p.header.Get("Location"))
	if !strings.Contains(entry.body, "Written slowly") || !strings.Contains(entry.body, "Still writing.") {
		t.Fatal("the carried entry was not saved")
	}
	// A carried action must be one of kintsugi's own forms.
	form.Set("carry_action", "//evil.example/steal")
	b.post("/logout", nil)
	p = b.post("/login", form)
	if p.status != http.StatusSeeOther || strings.Contains(p.body, "evil.example") {
		t.Fatalf("foreign carry action: %d", p.status)
	}
}

func TestSecurityHeadersAndCaching(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	anon := newBrowser(t, app)
	for _, path := range []string{"/", "/journal", "/steps/forgiveness", "/nope", "anon:/login", "anon:/", "anon:/help"} {
		client := b
		if rest, ok := strings.CutPrefix(path, "anon:"); ok {
			client, path = anon, rest
		}
		p := client.get(path)
		h := p.header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", path, h)
		}
		if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
		if !strings.Contains(p.body, "data-quick-exit") {
			t.Errorf("%s: no quick-exit control", path)
		}
	}
	css := regexp.MustCompile(`/static/[0-9a-f]+/app\.css`).FindString(b.get("/").body)
	if p := b.get(css); p.status != 200 || !strings.Contains(p.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("static asset %s: %d %v", css, p.status, p.header)
	}
}

func TestCrossSiteFormPostIsRefused(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	req, _ := http.NewRequest("POST", app.URL+"/journal", strings.NewReader("body=planted"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", p.status)
	}
	req, _ = http.NewRequest("POST", app.URL+"/journal", strings.NewReader("body=planted"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Fatalf("foreign-origin POST: %d", p.status)
	}
	if strings.Contains(b.get("/journal").body, "planted") {
		t.Fatal("a cross-site post was saved")
	}
}

func TestCrisisLanguageBringsUpResources(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	p := b.post("/journal", url.Values{"body": {"Tonight I feel like I want to die."}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save: %d", p.status)
	}
	entry := b.get(p.header.Get("Location"))
	if !strings.Contains(entry.body, `class="crisis"`) || !strings.Contains(entry.body, "want to die") {
		t.Fatal("crisis resources not shown after saving (or the entry was not kept)")
	}
	// Numbers are links a phone can call or text from.
	for _, link := range []string{`href="tel:988"`, `href="sms:988"`, `href="tel:112"`, `href="sms:88788?body=START"`} {
		if !strings.Contains(entry.body, link) {
			t.Errorf("no %s among the crisis resources", link)
		}
	}
	if again := b.get(p.header.Get("Location")); strings.Contains(again.body, `class="crisis"`) {
		t.Fatal("crisis resources keep coming back on every view")
	}
	p = b.post("/journal", url.Values{"body": {"A calm walk by the river."}})
	if calm := b.get(p.header.Get("Location")); strings.Contains(calm.body, `class="crisis"`) {
		t.Fatal("crisis resources shown for a calm entry")
	}
	p = b.post("/checkins", url.Values{"feel": {"grief"}, "i.grief": {"9"}, "note": {"I keep thinking about ending my life"}})
	if ci := b.get(p.header.Get("Location")); !strings.Contains(ci.body, `class="crisis"`) {
		t.Fatal("crisis resources not shown after a check-in")
	}
}

func TestAnotherPersonsEntryIsNotFound(t *testing.T) {
	app := apptest.New(t, "sqlite")
	alice, bob := newBrowser(t, app), newBrowser(t, app)
	alice.signUp("alice")
	bob.signUp("bob")
	loc := alice.post("/journal", url.Values{"title": {"Alice's own"}, "body": {"mine"}}).header.Get("Location")
	ci := alice.post("/checkins", url.Values{"feel": {"trust"}, "i.trust": {"3"}}).header.Get("Location")
	missing := bob.get("/journal/AAAAAAAAAAAAAAAAAAAAAAAAAA")
	for _, path := range []string{loc, loc + "/edit", loc + "/delete", ci, ci + "/delete"} {
		p := bob.get(path)
		if p.status != http.StatusNotFound || p.body != strings.ReplaceAll(missing.body, missing.header.Get("X-Request-ID"), p.header.Get("X-Request-ID")) {
			t.Errorf("bob GET %s: %d (differs from a missing entry's page: %v)", path, p.status, p.status == 404)
		}
	}
	for _, path := range []string{loc, loc + "/delete", ci + "/delete"} {
		if p := bob.post(path, url.Values{"body": {"overwritten"}}); p.status != http.StatusNotFound {
			t.Errorf("bob POST %s: %d", path, p.status)
		}
	}
	if p := alice.get(loc); !strings.Contains(p.body, "Alice&#39;s own") || strings.Contains(p.body, "overwritten") {
		t.Fatal("alice's entry changed")
	}
	if p := bob.get("/journal"); strings.Contains(p.body, "Alice") {
		t.Fatal("bob's journal lists alice's entry")
	}
}

func TestJournalRendersSafely(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	loc := b.post("/journal", url.Values{"title": {"<script>alert(1)</script>"}, "body": {"**bold**\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1))"}}).header.Get("Location")
	p := b.get(loc)
	if strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, "<img src=x") || strings.Contains(p.body, `href="javascript:`) {
		t.Fatalf("unsafe markup reached the page:\n%s", p.body)
	}
	if !strings.Contains(p.body, "<strong>bold</strong>") {
		t.Fatal("Markdown was not rendered")
	}
}

func TestEditAndDeleteEntry(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	loc := b.post("/journal", url.Values{"title": {"First"}, "body": {"draft"}, "step": {"3"}}).header.Get("Location")
	if p := b.get("/steps/set-boundaries"); !strings.Contains(p.body, "First") {
		t.Fatal("the step page does not show the entry tied to it")
	}
	if p := b.get(loc + "/edit"); !strings.Contains(p.body, ">draft</textarea>") || !strings.Contains(p.body, `<option value="3" selected>`) {
		t.Fatal("the edit form is not filled in")
	}
	if p := b.post(loc, url.Values{"title": {"Second"}, "body": {"final"}}); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.status)
	}
	if p := b.get(loc); !strings.Contains(p.body, "final") || !strings.Contains(p.body, "edited") {
		t.Fatal("edit not saved")
	}
	if p := b.get("/steps/set-boundaries"); strings.Contains(p.body, "Second") {
		t.Fatal("untying the step left the entry on the step page")
	}
	if p := b.get(loc + "/delete"); !strings.Contains(p.body, "cannot be undone") {
		t.Fatal("no confirmation before deleting")
	}
	if p := b.post(loc+"/delete", nil); p.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.status)
	}
	if p := b.get(loc); p.status != http.StatusNotFound {
		t.Fatalf("deleted entry: %d", p.status)
	}
}

func TestSignedOutPagesRedirectToLogin(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	p := b.get("/journal?cursor=abc")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/login?next="+url.QueryEscape("/journal?cursor=abc") {
		t.Fatalf("signed out /journal: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.get("/login?next=//evil.example"); p.status != 200 {
		t.Fatal(p.status)
	}
	b.signUp("river")
	b.post("/logout", nil)
	p = b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}, "next": {"//evil.example/x"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/" {
		t.Fatalf("open redirect: %d %s", p.status, p.header.Get("Location"))
	}
}

func TestLoginIsSlowedAfterFailures(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	b.post("/logout", nil)
	var last page
	for range 6 {
		last = b.post("/login", url.Values{"username": {"river"}, "passphrase": {"not the right one"}})
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" || !strings.Contains(last.body, "wait") {
		t.Fatalf("sixth failure: %d %q", last.status, last.header.Get("Retry-After"))
	}
	if !strings.Contains(last.body, `value="river"`) {
		t.Fatal("the username was not kept")
	}
}

func TestChangePassphraseAndRecover(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	key := recoveryKey.FindString(b.signUp("river").body)
	other := newBrowser(t, app)
	other.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})

	next := "a different passphrase for winter"
	if p := b.post("/settings/passphrase", url.Values{"current": {"wrong passphrase here"}, "new": {next}, "new2": {next}}); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("wrong current passphrase: %d", p.status)
	}
	if p := b.post("/settings/passphrase", url.Values{"current": {apptest.Passphrase}, "new": {next}, "new2": {next}}); p.status != http.StatusSeeOther {
		t.Fatalf("change: %d", p.status)
	}
	if p := b.get("/journal"); p.status != 200 {
		t.Fatal("the changing device was signed out")
	}
	if p := other.get("/journal"); p.status != http.StatusSeeOther {
		t.Fatal("another device stayed signed in after a passphrase change")
	}

	fresh := newBrowser(t, app)
	third := "the recovered passphrase at last"
	p := fresh.post("/recover", url.Values{"username": {"river"}, "recovery_key": {strings.ToLower(key)}, "passphrase": {third}, "passphrase2": {third}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/recovery-key" {
		t.Fatalf("recover: %d %s", p.status, p.header.Get("Location"))
	}
	p = fresh.get("/recovery-key")
	newKey := recoveryKey.FindString(p.body)
	if p.status != http.StatusOK || !strings.Contains(p.body, "Your new recovery key") || newKey == "" || newKey == key {
		t.Fatalf("recover: %d, want the page with a new recovery key\n%s", p.status, p.body)
	}
	if j := fresh.get("/journal"); j.status != http.StatusOK {
		t.Fatalf("not signed in after recovery: %d", j.status)
	}
	if p := newBrowser(t, app).post("/recover", url.Values{"username": {"river"}, "recovery_key": {key}, "passphrase": {third}, "passphrase2": {third}}); p.status != http.StatusUnauthorized {
		t.Fatalf("the used recovery key: %d, want 401", p.status)
	}
	if p := b.get("/journal"); p.status != http.StatusSeeOther {
		t.Fatal("recovery left an old session signed in")
	}
	if _, err := app.Accounts.LogIn(context.Background(), "river", third, "127.0.0.1", ""); err != nil {
		t.Fatalf("new passphrase after recovery: %v", err)
	}
}

func TestJournalFilteredByStep(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	for i := range 23 {
		b.post("/journal", url.Values{"title": {fmt.Sprintf("boundary %02d", i)}, "body": {"x"}, "step": {"3"}})
	}
	b.post("/journal", url.Values{"title": {"untied"}, "body": {"y"}})
	step := b.get("/steps/set-boundaries")
	if !strings.Contains(step.body, `href="/journal?step=3"`) || !strings.Contains(step.body, "boundary 22") || strings.Contains(step.body, "boundary 17") {
		t.Fatal("the step page does not show its five newest entries and a link to the rest")
	}
	first := b.get("/journal?step=3")
	if first.status != 200 || strings.Contains(first.body, "untied") || strings.Count(first.body, "boundary ") != 20 {
		t.Fatalf("filtered list: %d", first.status)
	}
	next := regexp.MustCompile(`href="(/journal\?cursor=[A-Z2-7]+&amp;step=3)"`).FindStringSubmatch(first.body)
	if next == nil {
		t.Fatal("no link to the next page of the filtered list")
	}
	second := b.get(html.UnescapeString(next[1]))
	if strings.Count(second.body, "boundary ") != 3 || !strings.Contains(second.body, "boundary 00") {
		t.Fatalf("second page of the filtered list: %d entries", strings.Count(second.body, "boundary "))
	}
	if p := b.get("/journal?step=13"); p.status != 404 {
		t.Fatalf("unknown step: %d", p.status)
	}
}

func (b *browser) upload(path, field, filename string, data []byte) page {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile(field, filename)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.app.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func TestYourDataExportImportAndDelete(t *testing.T) {
	app := apptest.New(t, "sqlite")
	alice, bob := newBrowser(t, app), newBrowser(t, app)
	alice.signUp("alice")
	bob.signUp("bob")
	alice.post("/journal", url.Values{"title": {"Carried over"}, "body": {"from one account to another"}, "step": {"9"}})
	alice.post("/checkins", url.Values{"feel": {"hope"}, "i.hope": {"6"}})

	export := alice.post("/settings/export", nil)
	if export.status != 200 || export.header.Get("Content-Type") != "application/zip" || !strings.Contains(export.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", export.status, export.header)
	}
	z, err := zip.NewReader(strings.NewReader(export.body), int64(len(export.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "journal/09-focus-on-the-positive/") }) {
		t.Fatalf("the archive's files: %v", names)
	}

	p := bob.upload("/settings/import", "archive", "kintsugi.zip", []byte(export.body))
	if p.status != 200 || !strings.Contains(p.body, "Brought in: Journal (1), Feelings check-ins (1).") {
		t.Fatalf("import: %d\n%s", p.status, p.body)
	}
	if j := bob.get("/journal"); !strings.Contains(j.body, "Carried over") {
		t.Fatal("the imported entry is not in bob's journal")
	}
	p = bob.upload("/settings/import", "archive", "kintsugi.zip", []byte(export.body))
	if !strings.Contains(p.body, "2 items were already here") || !strings.Contains(p.body, "Nothing new was in it.") {
		t.Fatalf("second import: %d\n%s", p.status, p.body)
	}
	p = bob.upload("/settings/import", "archive", "notes.zip", []byte("not a zip at all"))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "nothing changed") {
		t.Fatalf("a broken archive: %d", p.status)
	}
	p = bob.upload("/settings/import", "archive", "huge.zip", make([]byte, archive.MaxArchive+2<<20))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "larger than 32 MB") {
		t.Fatalf("an oversize upload: %d", p.status)
	}
	p = bob.upload("/settings/import", "other", "kintsugi.zip", []byte(export.body))
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Choose the archive file") {
		t.Fatalf("a form without the archive: %d", p.status)
	}

	if p := alice.get("/settings/delete"); !strings.Contains(p.body, "cannot be undone") {
		t.Fatal("no confirmation page before deleting the account")
	}
	if p := alice.post("/settings/delete", url.Values{"passphrase": {apptest.Passphrase}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="understand-error"`) || strings.Contains(p.body, `id="passphrase-error"`) {
		t.Fatalf("deleting without ticking the box: %d", p.status)
	}
	// Every problem at once: the box and the passphrase.
	if p := alice.post("/settings/delete", url.Values{"passphrase": {"not my passphrase at all"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="understand-error"`) || !strings.Contains(p.body, `id="passphrase-error"`) {
		t.Fatalf("deleting with neither: %d", p.status)
	}
	if p := alice.post("/settings/delete", url.Values{"passphrase": {"not my passphrase at all"}, "understand": {"yes"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, "Nothing was deleted") {
		t.Fatalf("deleting with a wrong passphrase: %d", p.status)
	}
	p = alice.post("/settings/delete", url.Values{"passphrase": {apptest.Passphrase}, "understand": {"yes"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", p.status, p.body)
	}
	if home := alice.get("/"); !strings.Contains(home.body, "are deleted") || strings.Contains(home.body, "Your path") {
		t.Fatal("after deleting, the welcome page with a goodbye was not shown")
	}
	if _, err := app.Accounts.LogIn(context.Background(), "alice", apptest.Passphrase, "127.0.0.1", ""); err == nil {
		t.Fatal("the deleted account can still sign in")
	}
	if j := bob.get("/journal"); !strings.Contains(j.body, "Carried over") {
		t.Fatal("deleting alice removed bob's own copy")
	}
}

// A new recovery key made in Settings takes the old one's place: the old
// one opens nothing from then on, the new one does, and the person stays
// signed in everywhere.
func TestNewRecoveryKeyFromSettings(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	old := recoveryKey.FindString(b.signUp("river").body)
	b.post("/recovery-key/saved", nil)
	other := newBrowser(t, app)
	other.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})

	if p := b.post("/settings/recovery-key", url.Values{"recovery_passphrase": {"not my passphrase at all"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="recovery_passphrase-error"`) || !strings.Contains(p.body, "Your recovery key is unchanged") {
		t.Fatalf("a wrong passphrase: %d", p.status)
	}
	if p := b.get("/recovery-key"); p.status != http.StatusSeeOther {
		t.Fatalf("a key is waiting after a refused change: %d", p.status)
	}
	if p := b.post("/settings/recovery-key", url.Values{"recovery_passphrase": {apptest.Passphrase}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/recovery-key" {
		t.Fatalf("new recovery key: %d %s", p.status, p.header.Get("Location"))
	}
	p := b.get("/recovery-key")
	fresh := recoveryKey.FindString(p.body)
	if p.status != http.StatusOK || fresh == "" || fresh == old || !strings.Contains(p.body, "Your new recovery key") {
		t.Fatalf("the new key's page: %d", p.status)
	}
	if kit := b.post("/signup/kit", url.Values{"recovery_key": {fresh}}); kit.status != 200 || !strings.Contains(kit.body, fresh) {
		t.Fatalf("a fresh emergency kit: %d", kit.status)
	}
	if p := other.get("/journal"); p.status != http.StatusOK {
		t.Fatalf("a new recovery key signed another device out: %d", p.status)
	}
	next := "a passphrase after the new key"
	if p := newBrowser(t, app).post("/recover", url.Values{"username": {"river"}, "recovery_key": {old}, "passphrase": {next}, "passphrase2": {next}}); p.status != http.StatusUnauthorized {
		t.Fatalf("the old recovery key: %d, want 401", p.status)
	}
	if p := newBrowser(t, app).post("/recover", url.Values{"username": {"river"}, "recovery_key": {fresh}, "passphrase": {next}, "passphrase2": {next}}); p.status != http.StatusSeeOther {
		t.Fatalf("the new recovery key: %d", p.status)
	}
}

// Leaving quickly signs the person out unless they chose to stay, and a
// cross-site page cannot sign anyone out with it.
func TestLeavingQuicklySignsOut(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	p := b.post("/leave", nil)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "https://example.org/weather" {
		t.Fatalf("leave: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.get("/journal"); p.status != http.StatusSeeOther {
		t.Fatalf("still signed in after leaving quickly: %d", p.status)
	}

	// The script's beacon brings the half-written words along: they are
	// kept as a draft before the session ends.
	b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	if p := b.post("/leave", url.Values{"via": {"beacon"}, "draft_for": {"/journal"}, "body": {"half a thought, cut short"}}); p.status != http.StatusNoContent {
		t.Fatalf("leave by beacon with a draft: %d", p.status)
	}
	if p := b.get("/journal"); p.status != http.StatusSeeOther {
		t.Fatalf("still signed in after leaving quickly by beacon: %d", p.status)
	}
	b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	if p := b.get("/journal/new"); !strings.Contains(p.body, "half a thought, cut short") {
		t.Fatalf("the words on the page when leaving were not kept:\n%s", p.body)
	}
	if p := b.post("/settings/quick-exit", url.Values{"stay": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("choosing to stay: %d", p.status)
	}
	if s := b.get("/settings"); !strings.Contains(s.body, `id="stay-yes" value="yes" checked`) {
		t.Fatal("the settings page does not show the choice to stay")
	}
	if p := b.post("/leave", url.Values{"via": {"beacon"}}); p.status != http.StatusNoContent {
		t.Fatalf("leave by beacon: %d", p.status)
	}
	if p := b.get("/journal"); p.status != http.StatusOK {
		t.Fatalf("signed out although the person chose to stay: %d", p.status)
	}
	b.post("/settings/quick-exit", url.Values{"stay": {"no"}})

	req, _ := http.NewRequest("POST", app.URL+"/leave", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Fatalf("a cross-site leave: %d", p.status)
	}
	if p := b.get("/journal"); p.status != http.StatusOK {
		t.Fatalf("a cross-site page signed the person out: %d", p.status)
	}
}

// Signed-in pages say nothing in their title; robots are asked to stay out.
func TestPagesSayNothingToOthers(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	id := b.post("/journal", url.Values{"title": {"what I found on his phone"}, "body": {"x"}}).header.Get("Location")
	title := regexp.MustCompile(`<title>([^<]*)</title>`)
	for _, path := range []string{"/", id, "/journal", "/steps/understand-the-betrayal", "/checkins", "/settings", "/nowhere"} {
		p := b.get(path)
		if got := title.FindStringSubmatch(p.body); got == nil || got[1] != "kintsugi" {
			t.Errorf("%s: title %q, want kintsugi", path, got)
		}
		if !strings.Contains(p.body, `<meta name="robots" content="noindex, nofollow">`) || p.header.Get("X-Robots-Tag") != "noindex, nofollow" {
			t.Errorf("%s: not marked noindex", path)
		}
	}
	if p := newBrowser(t, app).get("/robots.txt"); p.status != 200 || !strings.Contains(p.body, "Disallow: /") {
		t.Fatalf("robots.txt: %d %q", p.status, p.body)
	}
}

// A confirmation names the day in the person's time zone, as the pages do.
func TestConfirmationDatesUseTheTimeZone(t *testing.T) {
	app := apptest.New(t, "sqlite")
	token := app.Person(t, "river")
	if r := app.Do(t, "PUT", "/api/v1/me", token, map[string]string{"time_zone": "America/Los_Angeles"}); r.Status != http.StatusOK {
		t.Fatalf("time zone: %d %s", r.Status, r.Body)
	}
	id := app.Create(t, "/api/v1/journal", token, map[string]string{"body": "late", "created_at": "2026-12-01T03:00:00Z"})
	b := newBrowser(t, app)
	u, _ := url.Parse(app.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kintsugi", Value: token, Path: "/"}})
	p := b.get("/journal/" + id + "/delete")
	if p.status != http.StatusOK || !strings.Contains(p.body, "30 November 2026") {
		t.Fatalf("confirmation: %d, want 30 November 2026 in\n%s", p.status, p.body)
	}
}

// The timeline sums an entry up in plain words: no Markdown marks, and a
// list's lines kept apart.
func TestTimelineSummariesArePlain(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	b.post("/journal", url.Values{"body": {"- a walk **by the river**\n- a call with [my sister](https://example.org)"}})
	p := b.get("/timeline")
	if !strings.Contains(p.body, "a walk by the river · a call with my sister") {
		t.Fatalf("the timeline's summary is not plain:\n%s", p.body)
	}
}
