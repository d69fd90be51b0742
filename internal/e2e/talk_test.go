package e2e

import (
	"net/http"
	"strings"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// TestBrowserTalk has two linked people talk in the browser: the person
// asks a question and is gently warned about one asking for detail, the
// partner answers it and writes an apology, the person responds, and both
// write in one conversation. Every page is audited for both roles.
func TestBrowserTalk(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := app.Person(t, "river_talk"), app.Person(t, "stone_talk")
	code := app.Do(t, "POST", api.Prefix+"/together/invitations", river, map[string]bool{"safe": true, "no_pressure": true}).JSON(t)["code"]
	if r := app.Do(t, "POST", api.Prefix+"/together/accept", stone, map[string]any{"code": code}); r.Status != http.StatusCreated {
		t.Fatalf("accept: %d", r.Status)
	}
	b := startBrowser(t, app.URL)

	b.signInAs("river_talk", "/together/questions")
	b.audit("talk, questions, the person")
	b.follow("ask for detail", http.StatusOK, fill("#text", "Did you kiss them?"), click(`form[action="/together/questions"] button`))
	b.wantText(".notice.gentle", "physical or sexual detail")
	b.audit("talk, the gentle note")
	b.follow("change the question", http.StatusOK, fill("#text", "What did you tell yourself at the time?"),
		click(`form[action="/together/questions"] button.quiet`))
	b.wantText("main", "What did you tell yourself at the time?", "Waiting for stone_talk to answer")
	question := b.path()
	b.signOut()

	b.signInAs("stone_talk", question)
	b.follow("answer", http.StatusOK, fill("#text", "That it did not count if you never knew."), click(`form[action$="/answer"] button`))
	b.wantText("main", "Your answer", "That it did not count if you never knew.")
	b.audit("talk, an answered question")
	b.follow("open repairs", http.StatusOK, click(`nav.space-tabs a[href="/together/repairs"]`))
	b.audit("talk, repairs, the partner")
	b.follow("write an apology", http.StatusOK, click("#kind-apology"), fill("#text", "I am sorry for the months of lies."),
		click(`form[action="/together/repairs"] button`))
	b.wantText("main", "An apology", "I am sorry for the months of lies.")
	repair := b.path()
	b.follow("open talk", http.StatusOK, click(`nav.space-tabs a[href="/together/threads"]`))
	b.follow("start a conversation", http.StatusOK, fill("#title", "This weekend"), fill("#text", "Could we walk by the river on Saturday?"),
		click(`form[action="/together/threads"] button`))
	thread := b.path()
	b.signOut()

	b.signInAs("river_talk", repair)
	b.audit("talk, a repair, the person")
	b.follow("respond", http.StatusOK, fill("#text", "I believe you mean it."), click(`form[action$="/response"] button`))
	b.wantText("main", "Your response", "I believe you mean it.")
	b.open(thread, http.StatusOK)
	b.follow("reply", http.StatusOK, fill("#text", "Yes. In the morning."), click(`form[action$="/messages"] button`))
	b.wantText(".messages", "Could we walk by the river on Saturday?", "Yes. In the morning.")
	if n := b.count(".message.mine"); n != 1 {
		t.Errorf("%d messages marked as river's, want 1", n)
	}
	b.audit("talk, a conversation")
	b.follow("open talk", http.StatusOK, click(`nav.space-tabs a[href="/together/threads"]`))
	b.wantText("main", "This weekend", "2 messages")
	b.audit("talk, conversations")
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
