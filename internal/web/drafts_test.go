package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
)

// token returns the session token the browser holds, which the API takes
// as a bearer token too.
func (b *browser) token() string {
	u, _ := url.Parse(b.app.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "kintsugi" {
			return c.Value
		}
	}
	b.t.Fatal("no session cookie")
	return ""
}

// drafts counts the person's drafts in the database.
func drafts(t *testing.T, app *apptest.App, b *browser) int {
	t.Helper()
	p, err := app.Accounts.Authenticate(context.Background(), b.token())
	if err != nil {
		t.Fatal(err)
	}
	n, err := app.Store.CountDrafts(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const keptNotice = "We kept what you were writing on"

// A new entry's words are kept as a draft, offered back on the form with
// a notice, and let go once the entry is saved.
func TestDraftOfANewEntryIsOfferedBack(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	body := "Half of what I wanted to say <about> it,\nand a second line & more."
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	if p := b.post("/drafts", url.Values{"draft_for": {"/journal"}, "title": {"Not done yet"}, "body": {body}, "step": {"4"},
		"when": {yesterday}, "unknown": {"dropped"}}); p.status != http.StatusNoContent {
		t.Fatalf("save a draft: %d %s", p.status, p.body)
	}
	form := b.get("/journal/new")
	for _, want := range []string{keptNotice, `value="Not done yet"`, ">" + html.EscapeString(body) + "</textarea>",
		`<option value="4" selected>`, `value="` + yesterday + `"`, `name="draft_for" value="/journal"`, `data-draft="/journal"`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the form opened again does not hold %q", want)
		}
	}
	if strings.Contains(form.body, "dropped") {
		t.Error("a field the form does not have was kept in the draft")
	}
	// Another person sees nothing of it.
	other := newBrowser(t, app)
	other.signUp("stone")
	if p := other.get("/journal/new"); strings.Contains(p.body, keptNotice) || strings.Contains(p.body, "Not done yet") {
		t.Fatal("another person's form shows the draft")
	}
	// Saving the entry lets the draft go.
	if p := b.post("/journal", url.Values{"title": {"Done"}, "body": {body}}); p.status != http.StatusSeeOther {
		t.Fatalf("save the entry: %d", p.status)
	}
	if p := b.get("/journal/new"); strings.Contains(p.body, keptNotice) || strings.Contains(p.body, "Not done yet") {
		t.Fatal("the draft is still offered after the entry was saved")
	}
	if n := drafts(t, app, b); n != 0 {
		t.Fatalf("%d drafts left after saving", n)
	}
	// Today's date is not kept: a draft opened another day starts there.
	today := time.Now().UTC().Format(time.DateOnly)
	b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {"again"}, "when": {today}})
	if p := b.get("/journal/new"); !strings.Contains(p.body, keptNotice) || !strings.Contains(p.body, `value="`+today+`"`) {
		t.Fatal("the draft with today's date is not offered with the date of today")
	}
	// A draft emptied of words lets the one before go.
	b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {"  "}, "step": {"2"}})
	if n := drafts(t, app, b); n != 0 {
		t.Fatalf("an empty draft was kept: %d", n)
	}
}

// "Start fresh" lets a draft go and opens the form as it was; an edit's
// draft is offered on its edit form, and "Leave without saving changes"
// lets it go too.
func TestDraftOfAChangeAndStartingFresh(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	loc := b.post("/journal", url.Values{"title": {"Stored"}, "body": {"the words as saved"}}).header.Get("Location")
	b.post("/drafts", url.Values{"draft_for": {loc}, "title": {"Stored"}, "body": {"the words being changed"}})
	edit := b.get(loc + "/edit")
	if !strings.Contains(edit.body, keptNotice) || !strings.Contains(edit.body, ">the words being changed</textarea>") ||
		!strings.Contains(edit.body, "Go back to what you saved") {
		t.Fatal("the edit form does not offer the draft of the change")
	}
	if p := b.get("/journal/new"); strings.Contains(p.body, keptNotice) {
		t.Fatal("the change's draft is offered on the new entry's form")
	}
	p := b.post("/drafts/discard", url.Values{"draft_for": {loc}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != loc+"/edit" {
		t.Fatalf("start fresh: %d %s", p.status, p.header.Get("Location"))
	}
	if p := b.get(loc + "/edit"); strings.Contains(p.body, keptNotice) || !strings.Contains(p.body, ">the words as saved</textarea>") {
		t.Fatal("after starting fresh the edit form is not the saved entry")
	}
	b.post("/drafts", url.Values{"draft_for": {loc}, "body": {"changed again"}})
	if p := b.post("/drafts/discard", url.Values{"draft_for": {loc}, "then": {"leave"}}); p.status != http.StatusSeeOther || p.header.Get("Location") != loc {
		t.Fatalf("leave without saving: %d %s", p.status, p.header.Get("Location"))
	}
	if n := drafts(t, app, b); n != 0 {
		t.Fatalf("%d drafts left after leaving without saving", n)
	}
	b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {"new"}})
	if p := b.post("/drafts/discard", url.Values{"draft_for": {"/journal"}}); p.header.Get("Location") != "/journal/new" {
		t.Fatalf("start fresh on a new entry goes to %s", p.header.Get("Location"))
	}
	// Deleting an entry lets its drafts go.
	b.post("/drafts", url.Values{"draft_for": {loc}, "body": {"about to go"}})
	b.post(loc+"/delete", nil)
	if n := drafts(t, app, b); n != 0 {
		t.Fatalf("%d drafts left after the entry was deleted", n)
	}
}

// An event's form on its item's page keeps a draft too, by the same
// engine as every other form.
func TestDraftOfAnEvent(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	id := app.Create(t, "/api/v1/boundaries", b.token(), map[string]any{"kind": "contact", "words": "No calls after nine", "status": "active"})
	key := "/boundaries/" + id + "/events"
	if p := b.post("/drafts", url.Values{"draft_for": {key}, "outcome": {"crossed"}, "note": {"He called at ten."}}); p.status != http.StatusNoContent {
		t.Fatalf("save the event's draft: %d %s", p.status, p.body)
	}
	page := b.get("/boundaries/" + id)
	if !strings.Contains(page.body, keptNotice) || !strings.Contains(page.body, ">He called at ten.</textarea>") ||
		!strings.Contains(page.body, `data-draft="`+key+`"`) || !regexp.MustCompile(`value="crossed" checked`).MatchString(page.body) {
		t.Fatal("the item's page does not offer the event's draft")
	}
	if p := b.post(key, url.Values{"outcome": {"crossed"}, "note": {"He called at ten."}}); p.status != http.StatusSeeOther {
		t.Fatalf("record the event: %d %s", p.status, p.body)
	}
	if p := b.get("/boundaries/" + id); strings.Contains(p.body, keptNotice) {
		t.Fatal("the event's draft is still offered after it was recorded")
	}
}

// A draft is bounded by its form's own limits and must name a form that
// keeps drafts; signed out, the answer is a quiet 401 that leaves the
// page and its cookies alone; from another site, 403.
func TestDraftsRefuseWhatDoesNotFit(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	if p := b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {strings.Repeat("a", 100_001)}}); p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the journal's limit: %d", p.status)
	}
	if p := b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {strings.Repeat("a\r\n", 50_000)}}); p.status != http.StatusNoContent {
		t.Errorf("a body at the limit once its line breaks are tidied: %d", p.status)
	}
	if p := b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {"x"}, "prompt": {strings.Repeat("p", 2001)}}); p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("an overlong prompt: %d", p.status)
	}
	if p := b.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {strings.Repeat("a", 3<<20)}}); p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the form limit: %d", p.status)
	}
	for _, key := range []string{"", "journal", "/nowhere", "/journal/new", "/journal/not-an-id", "/journal/AAAAAAAAAAAAAAAAAAAAAAAAAA/events",
		"/boundaries/AAAAAAAAAAAAAAAAAAAAAAAAAA/others", "/journal/AAAAAAAAAAAAAAAAAAAAAAAAAA/x/y", "/steps/be-patient/rating", "/checkins", "//evil.example"} {
		if p := b.post("/drafts", url.Values{"draft_for": {key}, "body": {"x"}}); p.status != http.StatusNotFound {
			t.Errorf("a draft for %q: %d, want 404", key, p.status)
		}
		if p := b.post("/drafts/discard", url.Values{"draft_for": {key}}); p.status != http.StatusNotFound {
			t.Errorf("discarding a draft for %q: %d, want 404", key, p.status)
		}
	}
	if n := drafts(t, app, b); n != 1 {
		t.Errorf("%d drafts kept, want only the one that fit", n)
	}

	signedOut := newBrowser(t, app)
	p := signedOut.post("/drafts", url.Values{"draft_for": {"/journal"}, "body": {"written after the session ended"}})
	if p.status != http.StatusUnauthorized || p.header.Get("Set-Cookie") != "" || strings.Contains(p.body, "written after") || strings.Contains(p.body, "<form") {
		t.Errorf("signed out: %d, Set-Cookie %q, want a quiet 401", p.status, p.header.Get("Set-Cookie"))
	}

	req, _ := http.NewRequest("POST", app.URL+"/drafts", strings.NewReader("draft_for=%2Fjournal&body=planted"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Errorf("a cross-site draft: %d", p.status)
	}
	if p := b.get("/journal/new"); strings.Contains(p.body, "planted") {
		t.Error("a cross-site draft was kept")
	}
}

// Preview shows the Markdown as it will look, with its words counted and
// the entry's headings under the preview's own, and gives the form back
// with everything in it; nothing is saved.
func TestPreview(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	body := "# What helped\n\nA **long** walk.\n\n- tea\n- sleep"
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	p := b.post("/journal", url.Values{"title": {"Sunday"}, "body": {body}, "step": {"6"}, "when": {yesterday}, "preview": {"yes"}})
	if p.status != http.StatusOK {
		t.Fatalf("preview: %d", p.status)
	}
	for _, want := range []string{`<h2 id="preview-heading">Preview</h2>`, "<h3>What helped</h3>", "<strong>long</strong>", "<li>tea</li>",
		"7 words", `value="Sunday"`, ">" + html.EscapeString(body) + "</textarea>", `<option value="6" selected>`,
		`value="` + yesterday + `"`, `data-draft-pending`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the preview page does not hold %q", want)
		}
	}
	if n := strings.Count(p.body, "<h1"); n != 1 {
		t.Errorf("the preview page has %d h1, want 1", n)
	}
	if list := b.get("/journal"); strings.Contains(list.body, "Sunday") {
		t.Fatal("the preview saved the entry")
	}
	if n := drafts(t, app, b); n != 0 {
		t.Fatalf("the preview kept %d drafts", n)
	}
	// Without a problem the same form saves, back-dated.
	p = b.post("/journal", url.Values{"title": {"Sunday"}, "body": {body}, "when": {yesterday}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save after the preview: %d", p.status)
	}
	entry := b.get(p.header.Get("Location"))
	if !strings.Contains(entry.body, `datetime="`+yesterday+`T12:00:00Z"`) {
		t.Errorf("the back-dated entry is not at noon of %s", yesterday)
	}
	// On an entry's own page, its headings sit under the page's h1.
	if !strings.Contains(entry.body, "<h2>What helped</h2>") || strings.Count(entry.body, "<h1") != 1 {
		t.Error("the entry's heading is not an h2 under the page's one h1")
	}
	// The preview of a change to another person's entry is not found.
	other := newBrowser(t, app)
	other.signUp("stone")
	if p := other.post(p.header.Get("Location"), url.Values{"body": {"x"}, "preview": {"yes"}}); p.status != http.StatusNotFound {
		t.Errorf("previewing a change to another person's entry: %d", p.status)
	}
	// A date in the future is refused, and kept to be put right.
	future := time.Now().UTC().AddDate(0, 0, 3).Format(time.DateOnly)
	p = b.post("/journal", url.Values{"body": {"soon"}, "when": {future}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `value="`+future+`"`) || !strings.Contains(p.body, `id="when-error"`) {
		t.Errorf("a date in the future: %d", p.status)
	}
	if p := b.post("/journal", url.Values{"body": {"soon"}, "when": {"not a date"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `value="not a date"`) {
		t.Errorf("a date that is not one: %d", p.status)
	}
}

// A list's numbering goes on across pages; an untitled entry is headed by
// its first words; a list's excerpt keeps its items on lines of their own.
func TestJournalListNumberingHeadingsAndExcerpts(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	for range 23 {
		b.post("/journal", url.Values{"title": {"An entry"}, "body": {"x"}})
	}
	loc := b.post("/journal", url.Values{"body": {"Woke at four again.\nMade tea and sat outside."}}).header.Get("Location")
	b.post("/journal", url.Values{"title": {"Things that helped"}, "body": {"- a walk\n- tea\n- sleep"}})
	first := b.get("/journal")
	if !strings.Contains(first.body, `<ol class="items entries">`) {
		t.Fatal("the first page's list does not start at 1")
	}
	if !strings.Contains(first.body, `>Woke at four again.</a>`) || !strings.Contains(first.body, `<p class="excerpt">Made tea and sat outside.</p>`) {
		t.Error("the untitled entry is not headed by its first line, with the rest as its excerpt")
	}
	if !strings.Contains(first.body, "<p class=\"excerpt\">a walk\ntea\nsleep</p>") {
		t.Error("the list's excerpt does not keep its items apart")
	}
	if item := b.get(loc); !strings.Contains(item.body, "<h1>Woke at four again.</h1>") {
		t.Error("the untitled entry's page is not headed by its first words")
	}
	next := regexp.MustCompile(`href="(/journal\?cursor=[A-Z2-7]+)"`).FindStringSubmatch(first.body)
	if next == nil {
		t.Fatal("no link to the older entries")
	}
	second := b.get(html.UnescapeString(next[1]))
	if !strings.Contains(second.body, `<ol class="items entries" start="21">`) || strings.Count(second.body, "<li>") < 5 {
		t.Fatalf("the second page's list does not go on from 21:\n%s", second.body)
	}
	if p := b.get("/journal?cursor=nonsense"); p.status != http.StatusBadRequest {
		t.Errorf("a cursor kintsugi did not make: %d", p.status)
	}
}
