package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

var supporterCode = regexp.MustCompile(`[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}`)

// river invites sam as her supporter and shares one journal entry with
// him through the pages: he reads that entry, and not the other; a form
// that fails comes back as chosen and typed; revoking ends it at once.
func TestSharePages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, sam := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	sam.signUp("sam")
	shared := app.Create(t, api.Prefix+"/journal", river.token(), map[string]any{"title": "For sam", "body": "the words sam may read"})
	app.Create(t, api.Prefix+"/journal", river.token(), map[string]any{"title": "Mine", "body": "the words nobody reads"})

	p := river.post("/supporters/invitations", nil)
	code := supporterCode.FindString(p.body)
	if p.status != http.StatusCreated || code == "" {
		t.Fatalf("an invitation: %d", p.status)
	}
	if p := sam.post("/supporting/accept", url.Values{"code": {"ABCDE-FGHJK"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="code-error"`) || !strings.Contains(p.body, `value="ABCDE-FGHJK"`) {
		t.Fatalf("a wrong code: %d", p.status)
	}
	if strings.Contains(sam.get("/").body, `href="/shared-with-me"`) {
		t.Fatal("Shared with me is in the navigation of someone who supports nobody")
	}
	if p := sam.post("/supporting/accept", url.Values{"code": {code}}); p.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", p.status)
	}
	if !strings.Contains(sam.get("/").body, `href="/shared-with-me"`) {
		t.Fatal("Shared with me is not in a supporter's navigation")
	}
	p = river.get("/supporters")
	supporter := regexp.MustCompile(`action="/supporters/([A-Z0-9]+)/remove"`).FindStringSubmatch(p.body)
	if supporter == nil || !strings.Contains(p.body, "<strong>sam</strong>") {
		t.Fatal("river's supporters do not show sam")
	}

	// From the entry's own page, the form has it chosen.
	if p := river.get("/journal/" + shared); !strings.Contains(p.body, `href="/shares/new?item=journal:`+shared+`"`) {
		t.Fatal("an entry's page offers no way to share it")
	}
	if p := river.get("/shares/new?item=journal:" + shared); !strings.Contains(p.body, `value="journal:`+shared+`" checked`) {
		t.Fatal("the form from an entry's page has not chosen it")
	}
	form := river.get("/shares/new?to=" + supporter[1])
	item := regexp.MustCompile(`name="item" id="[^"]+" value="(journal:` + shared + `)"`).FindStringSubmatch(form.body)
	if item == nil || !strings.Contains(form.body, `value="`+supporter[1]+`" checked`) {
		t.Fatal("the share form does not offer the entry, or has not chosen sam")
	}
	if p := river.post("/shares", url.Values{"to": {supporter[1]}, "note": {"Before Thursday"}, "until": {"2020-01-01"}, "item": {item[1]}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="until-error"`) || !strings.Contains(p.body, "Before Thursday</textarea>") || !strings.Contains(p.body, `value="`+item[1]+`" checked`) {
		t.Fatalf("a share that ended before it began: %d", p.status)
	}
	// A report whose days are wrong comes back with its parts as ticked,
	// each once.
	p = river.post("/shares", url.Values{"to": {supporter[1]}, "item": {item[1]}, "report": {"yes"}, "report-from": {"2026-05-01"},
		"report-to": {"2026-04-01"}, "report-parts": {"feelings"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="report-to-error"`) ||
		strings.Count(p.body, `id="report-part-feelings"`) != 1 || !strings.Contains(p.body, `value="feelings" id="report-part-feelings" checked`) ||
		strings.Contains(p.body, `value="ratings" id="report-part-ratings" checked`) {
		t.Fatalf("a report of no days: %d", p.status)
	}
	p = river.post("/shares", url.Values{"to": {supporter[1]}, "note": {"Before Thursday"}, "item": {item[1]}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("share: %d", p.status)
	}
	mine := p.header.Get("Location")
	id := strings.TrimPrefix(mine, "/shares/")
	if p := river.get(mine); !strings.Contains(p.body, "the words sam may read") || !strings.Contains(p.body, "Shared with sam") {
		t.Fatal("river's view of what sam sees")
	}

	if home := sam.get("/"); !strings.Contains(home.body, "One share is waiting for you") || strings.Contains(home.body, "river") {
		t.Fatal("sam's home page does not say a share is waiting, or names whose it is")
	}
	list := sam.get("/shared-with-me")
	if !strings.Contains(list.body, `href="/shared-with-me/`+id+`"`) || !strings.Contains(list.body, "From river") {
		t.Fatal("sam's list does not show river's share")
	}
	p = sam.get("/shared-with-me/" + id)
	if p.status != http.StatusOK || !strings.Contains(p.body, "the words sam may read") || strings.Contains(p.body, "nobody reads") ||
		!strings.Contains(p.body, "Shared with you by river") || !strings.Contains(p.body, "Before Thursday") {
		t.Fatalf("sam reads: %d", p.status)
	}
	if p := sam.get(mine); p.status != http.StatusNotFound {
		t.Fatalf("sam at river's own view of the share: %d", p.status)
	}
	if p := river.post(mine+"/revoke", nil); p.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", p.status)
	}
	if p := sam.get("/shared-with-me/" + id); p.status != http.StatusNotFound {
		t.Fatalf("sam after the share was revoked: %d", p.status)
	}
}

// A private link with a passcode: shown once, it asks for its passcode,
// refuses a wrong one as typed, opens with the right one, and nothing
// once revoked.
func TestPrivateLinkPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, reader := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	entry := app.Create(t, api.Prefix+"/journal", river.token(), map[string]any{"title": "For my therapist", "body": "what I want to say on Monday"})

	p := river.post("/shares", url.Values{"to": {"link"}, "passcode": {"lighthouse"}, "item": {"journal:" + entry}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("a link: %d", p.status)
	}
	made := p.header.Get("Location")
	link := linkIn(river.get(made).body)
	if link == nil {
		t.Fatal("the new link's page does not show its address")
	}
	if again := river.get(made); strings.Contains(again.body, link[1]) || strings.Contains(river.get("/shares").body, link[1]) {
		t.Fatal("the link's address is shown again")
	}
	p = reader.get(link[1])
	if p.status != http.StatusOK || !strings.Contains(p.body, `name="passcode"`) || strings.Contains(p.body, "Monday") {
		t.Fatalf("the link opened by GET: %d", p.status)
	}
	if p := reader.post(link[1], nil); p.status != http.StatusOK || !strings.Contains(p.body, `name="passcode"`) || strings.Contains(p.body, "Monday") {
		t.Fatalf("the link without its passcode: %d", p.status)
	}
	if p := reader.post(link[1], url.Values{"passcode": {"harbour"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="passcode-error"`) || strings.Contains(p.body, "Monday") {
		t.Fatalf("a wrong passcode: %d", p.status)
	}
	if p := reader.post(link[1], url.Values{"passcode": {"lighthouse"}}); p.status != http.StatusOK || !strings.Contains(p.body, "what I want to say on Monday") {
		t.Fatalf("the right passcode: %d", p.status)
	}
	if p := reader.get("/shared/" + strings.Repeat("A", 43)); p.status != http.StatusNotFound {
		t.Fatalf("a made-up link: %d", p.status)
	}
	// A passcode is read as it was kept, spaces around it or not.
	if p := reader.post(link[1], url.Values{"passcode": {" lighthouse "}}); p.status != http.StatusOK || !strings.Contains(p.body, "Monday") {
		t.Fatalf("the passcode with a space after it: %d", p.status)
	}
	// A link without a passcode, opened by GET, offers to open it and
	// shows nothing yet: a messenger's preview reads nothing.
	plain := linkIn(river.get(river.post("/shares", url.Values{"to": {"link"}, "item": {"journal:" + entry}}).header.Get("Location")).body)
	if plain == nil {
		t.Fatal("a link without a passcode")
	}
	if p := reader.get(plain[1]); p.status != http.StatusOK || strings.Contains(p.body, "Monday") || !strings.Contains(p.body, "Open</button>") {
		t.Fatalf("an open link by GET: %d", p.status)
	}
	if p := reader.post(plain[1], nil); !strings.Contains(p.body, "Monday") {
		t.Fatalf("an open link, opened: %d", p.status)
	}
	for _, id := range regexp.MustCompile(`action="/shares/([A-Z0-9]+)/revoke"`).FindAllStringSubmatch(river.get("/shares").body, -1) {
		river.post("/shares/"+id[1]+"/revoke", nil)
	}
	if p := reader.post(link[1], url.Values{"passcode": {"lighthouse"}}); p.status != http.StatusNotFound {
		t.Fatalf("a revoked link: %d", p.status)
	}
}

// linkIn finds a new link's address on its page.
func linkIn(body string) []string {
	return regexp.MustCompile(`<p class="share-url">[^<]*(/shared/[A-Za-z0-9_-]{43})</p>`).FindStringSubmatch(body)
}
