package e2e

import (
	"net/http"
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// TestBrowserShare: river shares exactly one journal entry and a report
// with sam, her supporter; sam reads exactly that; river sees the opening
// in her access log, revokes the share, and sam's next request gets
// nothing. Then the same through a private link with a passcode, opened
// signed out. Every page is audited.
func TestBrowserShare(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, sam := app.Person(t, "river_share"), app.Person(t, "sam_share")
	shared := app.Create(t, api.Prefix+"/journal", river, map[string]any{"title": "Before our session", "body": "I keep thinking about the night I found out."})
	app.Create(t, api.Prefix+"/journal", river, map[string]any{"title": "Only mine", "body": "Words for nobody else."})
	code := app.Do(t, "POST", api.Prefix+"/supporters/invitations", river, nil).JSON(t)["code"]
	if r := app.Do(t, "POST", api.Prefix+"/supporting/accept", sam, map[string]any{"code": code}); r.Status != http.StatusCreated {
		t.Fatalf("accept: %d", r.Status)
	}
	b := startBrowser(t, app.URL)

	b.signInAs("river_share", "/supporters")
	b.wantText("main", "sam_share")
	b.audit("share, supporters")
	b.follow("share with sam", http.StatusOK, click(`main a[href^="/shares/new?to="]`))
	b.audit("share, the form")
	b.follow("share one entry and a report", http.StatusOK, click(`input[value="journal:`+shared+`"]`), fill("#note", "For Thursday"),
		click("#report"), fill("#report-talk", "Sleep, and what to say to my sister"),
		click(`form[action="/shares"] button[type=submit]`))
	b.wantText("main", "Shared with sam_share", "I keep thinking about the night I found out.", "Sleep, and what to say to my sister")
	if strings.Contains(b.text("main"), "Words for nobody else.") {
		t.Fatal("the share holds the entry that was not chosen")
	}
	share := b.path()
	b.audit("share, what sam sees")
	b.signOut()

	b.signInAs("sam_share", "/shared-with-me")
	b.wantText("main", "From river_share")
	b.audit("share, shared with me")
	b.follow("open it", http.StatusOK, click(`main ul.items a[href^="/shared-with-me/"]`))
	b.wantText("main", "Shared with you by river_share", "I keep thinking about the night I found out.", "For Thursday",
		"Sleep, and what to say to my sister", "not a clinical assessment")
	if strings.Contains(b.text("main"), "Words for nobody else.") {
		t.Fatal("sam reads the entry that was not shared")
	}
	reading := b.path()
	b.audit("share, sam reads")
	b.signOut()

	b.signInAs("river_share", "/settings/access-log")
	b.wantText("main", "What you shared was opened by sam_share", "You shared something with sam_share", "sam_share became your supporter")
	b.audit("share, the access log")
	b.open(share, http.StatusOK)
	b.follow("revoke", http.StatusOK, click(`form[action$="/revoke"] button`))
	b.wantText("main", "You are not sharing anything right now.")
	b.signOut()
	b.signInAs("sam_share", "/shared-with-me")
	b.open(reading, http.StatusNotFound)
	b.signOut()

	// The same through a private link with a passcode.
	b.signInAs("river_share", "/shares/new")
	b.follow("share through a link", http.StatusOK, click("#to-link"), fill("#passcode", "lighthouse"),
		click(`input[value="journal:`+shared+`"]`), click(`form[action="/shares"] button[type=submit]`))
	link := strings.TrimSpace(b.text(".share-url"))
	if !strings.Contains(link, "/shared/") {
		t.Fatalf("link %q", link)
	}
	b.audit("share, the new link")
	b.signOut()
	path := link[strings.Index(link, "/shared/"):]
	b.open(path, http.StatusOK)
	b.audit("share, the link asks for its passcode")
	b.follow("a wrong passcode", http.StatusUnprocessableEntity, fill("#passcode", "harbour"), click(`form[action^="/shared/"] button`))
	b.wantText("#passcode-error", "does not match")
	b.follow("the passcode", http.StatusOK, fill("#passcode", "lighthouse"), click(`form[action^="/shared/"] button`))
	b.wantText("main", "I keep thinking about the night I found out.")
	b.audit("share, the link opened")
	b.signInAs("river_share", "/shares")
	b.follow("revoke the link", http.StatusOK, click(`form[action$="/revoke"] button`))
	b.signOut()
	b.open(path, http.StatusNotFound)
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
