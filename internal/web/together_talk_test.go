package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// The person asks and the partner answers; a question asking for graphic
// detail comes back once with a gentle note; the partner writes a repair
// and the person responds; both talk in a conversation. Each form that
// fails comes back as typed, and each role is offered only its own part.
func TestTalkPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	linkBrowsers(t, river, stone)

	// Questions.
	if p := stone.get("/together/questions"); p.status != 200 || strings.Contains(p.body, `action="/together/questions"`) {
		t.Fatalf("the partner is offered to ask: %d", p.status)
	}
	p := river.post("/together/questions", url.Values{"text": {"Did you sleep with them?"}})
	if p.status != http.StatusOK || !strings.Contains(p.body, `class="notice gentle"`) || !strings.Contains(p.body, `name="as_it_is" value="yes"`) ||
		!strings.Contains(p.body, "Did you sleep with them?</textarea>") {
		t.Fatalf("a graphic question: %d, note shown %v", p.status, strings.Contains(p.body, "gentle"))
	}
	if p := river.get("/together/questions"); strings.Contains(p.body, "Did you sleep with them?") {
		t.Fatal("the question was asked before the person chose to")
	}
	if p := river.post("/together/questions", url.Values{"text": {"Did you sleep with them?"}, "as_it_is": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("asked as it is: %d", p.status)
	}
	p = river.post("/together/questions", url.Values{"text": {"What made you decide to tell me?"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("ask: %d", p.status)
	}
	at := p.header.Get("Location")
	if p := stone.get("/together/questions"); !strings.Contains(p.body, "What made you decide to tell me?") || !strings.Contains(p.body, "Waiting for an answer") {
		t.Fatal("the partner does not see the open question")
	}
	if strings.Contains(river.get(at).body, at+"/answer") {
		t.Fatal("the person is offered to answer")
	}
	if p := stone.post(at+"/answer", url.Values{"text": {"  "}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="text-error"`) {
		t.Fatalf("an empty answer: %d", p.status)
	}
	if p := stone.post(at+"/answer", url.Values{"text": {"I could not keep lying to you."}}); p.status != http.StatusSeeOther {
		t.Fatalf("answer: %d", p.status)
	}
	if p := river.get(at); !strings.Contains(p.body, "stone's answer") || !strings.Contains(p.body, "I could not keep lying to you.") {
		t.Fatalf("the person does not see the answer: %d", p.status)
	}
	if p := stone.post(at+"/answer", url.Values{"text": {"Other words"}}); p.status != http.StatusConflict {
		t.Fatalf("a second answer: %d", p.status)
	}

	// Repairs.
	if strings.Contains(river.get("/together/repairs").body, `action="/together/repairs"`) {
		t.Fatal("the person is offered to write a repair")
	}
	if p := stone.post("/together/repairs", url.Values{"text": {"I am sorry I hid the messages."}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="kind-error"`) || !strings.Contains(p.body, "I am sorry I hid the messages.</textarea>") {
		t.Fatalf("a repair of no kind: %d", p.status)
	}
	p = stone.post("/together/repairs", url.Values{"kind": {"apology"}, "text": {"I am sorry I hid the messages."}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("repair: %d", p.status)
	}
	rep := p.header.Get("Location")
	if strings.Contains(stone.get(rep).body, rep+"/response") {
		t.Fatal("the partner is offered to respond")
	}
	if p := river.post(rep+"/response", url.Values{"text": {"It helps to hear it said."}}); p.status != http.StatusSeeOther {
		t.Fatalf("respond: %d", p.status)
	}
	if p := stone.get(rep); !strings.Contains(p.body, "It helps to hear it said.") {
		t.Fatal("the partner does not see the response")
	}

	// A conversation.
	if p := stone.post("/together/threads", url.Values{"title": {""}, "text": {"Can we talk about Sunday?"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="title-error"`) || !strings.Contains(p.body, "Can we talk about Sunday?</textarea>") {
		t.Fatalf("a conversation with no subject: %d", p.status)
	}
	p = stone.post("/together/threads", url.Values{"title": {"Sunday"}, "text": {"Can we talk about Sunday?"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("start: %d", p.status)
	}
	th := p.header.Get("Location")
	if p := river.post(th+"/messages", url.Values{"text": {"Yes, after lunch."}}); p.status != http.StatusSeeOther || !strings.HasSuffix(p.header.Get("Location"), "#latest") {
		t.Fatalf("reply: %d", p.status)
	}
	p = stone.get(th)
	if i, j := strings.Index(p.body, "Can we talk about Sunday?"), strings.Index(p.body, "Yes, after lunch."); i < 0 || j < i {
		t.Fatal("the conversation is not shown oldest first")
	}
	if p := river.get("/together/threads"); !strings.Contains(p.body, "2 messages") || !strings.Contains(p.body, "started by stone") {
		t.Fatal("the list of conversations")
	}

	// Someone in no space opens none of it.
	carol := newBrowser(t, app)
	carol.signUp("carol")
	for _, path := range []string{"/together/questions", at, "/together/repairs", rep, "/together/threads", th} {
		if p := carol.get(path); p.status != http.StatusNotFound {
			t.Errorf("carol at %s: %d", path, p.status)
		}
	}
}

// A long message written while the session ran out is carried by the
// login form, like a journal entry.
func TestMessageSurvivesAnExpiredSession(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	linkBrowsers(t, river, stone)
	th := stone.post("/together/threads", url.Values{"title": {"Sunday"}, "text": {"Can we talk about Sunday?"}}).header.Get("Location")
	river.post("/settings/sign-out-everywhere", nil)
	long := "I have thought about it all week <and> \"more\".\n" + strings.Repeat("Still writing. ", 500)
	for path, form := range map[string]url.Values{
		th + "/messages":      {"text": {long}},
		"/together/questions": {"text": {long}},
	} {
		p := river.post(path, form)
		if p.status != http.StatusUnauthorized || !strings.Contains(p.body, `name="carry.text" value="`+html.EscapeString(long)+`"`) ||
			!strings.Contains(p.body, `name="carry_action" value="`+path+`"`) {
			t.Errorf("a signed-out post to %s: %d; words carried: %v", path, p.status, strings.Contains(p.body, html.EscapeString(long)))
		}
	}
}
