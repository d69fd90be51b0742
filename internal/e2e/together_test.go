package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
	"kintsugi/internal/together"
)

var codePattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)

// TestBrowserTogether links two people in the browser: the safety check
// (a no first, which offers help and no code), the invitation, the other
// accepting it, both seeing the link, a commitment and its estimate, the
// weekly check-in answered by both (the first to answer sees nothing of
// the other's, the second sees both once they answer), and one ending it.
func TestBrowserTogether(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	signUp := func(name string) {
		t.Helper()
		b.open("/signup", http.StatusOK)
		b.follow("sign up as "+name, http.StatusOK,
			fill("#username", name), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
			click(`form[action="/signup"] button[type=submit]`))
		b.follow("say the key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))
	}
	signOut := func() {
		t.Helper()
		b.follow("sign out", http.StatusOK, click(`nav[aria-label="Main"] form[action="/logout"] button`))
	}
	signInAs := func(name, then string) {
		t.Helper()
		b.open("/login?next="+url.QueryEscape(then), http.StatusOK)
		b.follow("sign in as "+name, http.StatusOK, fill("#username", name), fill("#passphrase", passphrase),
			click(`form[action="/login"] button[type=submit]`))
		b.wantPath(then)
	}
	signUp("river_e2e")
	b.open("/settings", http.StatusOK)
	b.follow("open Together from Settings", http.StatusOK, click(`main a[href="/together"]`))
	b.wantText("h1", "Together")
	b.audit("together, before linking")

	b.follow("answer no", http.StatusOK, click("#safe-no"), click("#free-yes"), click(`form[action="/together/invitations"] button`))
	b.wantText("main", "this is not the time to link")
	b.wantText(".crisis", "emergency number")
	b.audit("together, not safe")

	b.open("/together", http.StatusOK)
	b.follow("answer yes twice", http.StatusCreated, click("#safe-yes"), click("#free-yes"), click(`form[action="/together/invitations"] button`))
	code := strings.TrimSpace(b.text(".invitation-code"))
	if !codePattern.MatchString(code) {
		t.Fatalf("invitation code %q", code)
	}
	b.audit("together, the invitation")
	signOut()

	// stone accepts and proposes a commitment.
	signUp("stone_e2e")
	b.open("/together", http.StatusOK)
	b.follow("accept the code", http.StatusOK, fill("#code", strings.ToLower(code)), click(`form[action="/together/accept"] button`))
	b.wantText("main", "Shared with river_e2e")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 1 {
		t.Fatalf("%d Together links in the navigation once linked, want 1", n)
	}
	b.audit("together, linked")
	b.follow("open commitments", http.StatusOK, click(`nav.space-tabs a[href="/together/commitments"]`))
	b.follow("propose", http.StatusOK, fill("#text", "I will tell you where I am going"), fill("#why", "So you do not have to wonder"),
		click(`form[action="/together/commitments"] button`))
	b.wantText("main", "I will tell you where I am going", "Waiting for a decision")
	signOut()

	// river accepts it and notes it kept.
	signInAs("river_e2e", "/together/commitments")
	b.wantText("main", "Waiting for your decision")
	b.audit("together, commitments")
	b.follow("open the proposal", http.StatusOK, click(`main ul.items a[href^="/together/commitments/"]`))
	commitment := b.path()
	b.follow("accept", http.StatusOK, click(`form[action$="/accept"] button`))
	b.wantText("main", "Agreed")
	b.follow("note it kept", http.StatusOK, click("#o-kept"), fill("#note-text", "Told me before leaving"),
		click(`form[action$="/checkins"] button`))
	b.wantText("main", "1 kept")
	signOut()

	// stone notes it too, and sees the estimate.
	signInAs("stone_e2e", commitment)
	b.follow("note it kept", http.StatusOK, click("#o-kept"), click(`form[action$="/checkins"] button`))
	b.wantText("main", "waiting to be confirmed")
	b.audit("together, a commitment")
	b.follow("open trust", http.StatusOK, click(`nav.space-tabs a[href="/together/trust"]`))
	b.wantText("main", "67 %")
	if n := b.count("figure.chart svg"); n != 1 {
		t.Fatalf("%d trust charts, want 1", n)
	}
	signOut()

	// river confirms stone's note: both count.
	signInAs("river_e2e", commitment)
	b.follow("confirm", http.StatusOK, click(`form[action$="/confirm"] input[value="kept"]`), click(`form[action$="/confirm"] button`))
	b.wantText("main", "2 kept")
	b.follow("open trust", http.StatusOK, click(`nav.space-tabs a[href="/together/trust"]`))
	b.wantText("main", "75 %", "From 2 counted notes")
	b.audit("together, trust")

	// river answers the week first: a number left out comes back with
	// what was typed; once saved, only river's own answers are there.
	b.follow("open this week", http.StatusOK, click(`nav.space-tabs a[href="/together/checkins"]`))
	b.wantText("main", "stone_e2e will see your answers once you have both answered this week")
	b.audit("together, this week")
	questions := together.Weekly().Questions
	b.follow("save without numbers", http.StatusUnprocessableEntity, fill("#note-"+questions[0].ID, "Calmer than last week"),
		click(`form[action="/together/checkins"] button`))
	b.wantText("#value-"+questions[0].ID+"-error", "Choose a number from 0 to 10")
	if got := get(b, "read the note", chromedp.Value(chromedp.CSS("#note-"+questions[0].ID))); got != "Calmer than last week" {
		t.Fatalf("the note came back as %q", got)
	}
	b.follow("answer the week", http.StatusOK, answerAll(questions, 7, click(`form[action="/together/checkins"] button`))...)
	b.wantText("main", "shown to both of you once you have both answered", "Calmer than last week", "stone_e2e has not answered yet")
	if n := b.count(".weekly-answers thead th"); n != 2 {
		t.Fatalf("the first to answer sees %d columns, want the questions and their own", n)
	}
	b.audit("together, this week, answered first")
	signOut()

	// stone is told river answered, and sees none of it until answering.
	signInAs("stone_e2e", "/together/checkins")
	b.wantText("main", "river_e2e has answered this week")
	if strings.Contains(b.text("main"), "Calmer than last week") || b.count(".weekly-answers") != 0 {
		t.Fatal("stone sees river's answers before answering")
	}
	b.follow("answer the week", http.StatusOK, answerAll(questions, 4, fill("#note-"+questions[len(questions)-1].ID, "I want this to work"),
		click(`form[action="/together/checkins"] button`))...)
	b.wantText("main", "You have both answered this week", "Calmer than last week", "I want this to work")
	if n := b.count(".weekly-answers thead th"); n != 3 {
		t.Fatalf("once both answered, %d columns, want the questions and both", n)
	}
	b.audit("together, this week, both answered")

	// stone sees the same estimate, then ends the link: at once.
	b.open("/together/trust", http.StatusOK)
	b.wantText("main", "75 %")
	b.open("/together", http.StatusOK)
	b.follow("end the link", http.StatusOK, click(`form[action="/together/end"] button`))
	b.wantText("main", "The link is ended")
	if n := b.count(`nav[aria-label="Main"] a[href="/together"]`); n != 0 {
		t.Fatalf("Together is still in the navigation after the link ended")
	}
	b.open("/together/trust", http.StatusNotFound)
	if problems := b.consoleProblems(); len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}

// answerAll chooses value for every question of the weekly check-in, then
// does the rest.
func answerAll(questions []together.WeekQuestion, value int, rest ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	var out []chromedp.Action[chromedp.Void]
	for _, q := range questions {
		out = append(out, click(fmt.Sprintf("#value-%s-%d", q.ID, value)))
	}
	return append(out, rest...)
}
