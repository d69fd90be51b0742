package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

var invitationCode = regexp.MustCompile(`[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}`)

// Two people link through the Together page after the safety check; a no
// gets help and no code; "Together" is in the navigation of the linked
// only; either side ends the link at once.
func TestTogetherPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	const nav = `>Together</a></li>`

	p := river.get("/together")
	if p.status != 200 || !strings.Contains(p.body, `action="/together/invitations"`) || !strings.Contains(p.body, `action="/together/accept"`) {
		t.Fatalf("the Together page before linking: %d", p.status)
	}
	if strings.Contains(river.get("/").body, nav) {
		t.Fatal("Together is in the navigation of someone not linked")
	}
	if !strings.Contains(river.get("/settings").body, `href="/together"`) {
		t.Fatal("Settings has no way to Together")
	}

	// Unanswered: both problems, the answer given kept.
	p = river.post("/together/invitations", url.Values{"safe": {"yes"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="free-error"`) || !strings.Contains(p.body, `id="safe-yes" value="yes" checked`) {
		t.Fatalf("an unanswered question: %d", p.status)
	}
	// A no: help, and no code.
	p = river.post("/together/invitations", url.Values{"safe": {"no"}, "free": {"yes"}})
	if p.status != http.StatusOK || !strings.Contains(p.body, `class="crisis"`) || invitationCode.MatchString(p.body) {
		t.Fatalf("not safe: %d, help shown %v", p.status, strings.Contains(p.body, `class="crisis"`))
	}
	// Two yeses: a code, shown once.
	p = river.post("/together/invitations", url.Values{"safe": {"yes"}, "free": {"yes"}})
	code := invitationCode.FindString(p.body)
	if p.status != http.StatusCreated || code == "" {
		t.Fatalf("an invitation: %d", p.status)
	}

	if p := stone.post("/together/accept", url.Values{"code": {"ABCDE-FGHJK"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="code-error"`) || !strings.Contains(p.body, `value="ABCDE-FGHJK"`) {
		t.Fatalf("a wrong code: %d", p.status)
	}
	if p := river.post("/together/accept", url.Values{"code": {code}}); p.status != http.StatusConflict || !strings.Contains(p.body, "your own invitation") {
		t.Fatalf("one's own code: %d", p.status)
	}
	if p := stone.post("/together/accept", url.Values{"code": {strings.ToLower(code)}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/together" {
		t.Fatalf("accept: %d %s", p.status, p.header.Get("Location"))
	}
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		other := map[string]string{"river": "stone", "stone": "river"}[who]
		p := b.get("/together")
		if !strings.Contains(p.body, "Shared with <strong>"+other+"</strong>") || !strings.Contains(p.body, nav) {
			t.Errorf("%s's Together page does not show the link, or the navigation lacks it", who)
		}
	}

	// Stone ends it: at once, for both.
	if p := stone.post("/together/end", nil); p.status != http.StatusSeeOther {
		t.Fatalf("end: %d", p.status)
	}
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		p := b.get("/together")
		if strings.Contains(p.body, "Shared with") || strings.Contains(p.body, nav) {
			t.Errorf("%s is still shown as linked", who)
		}
	}
	// The one who stayed still reads what was shared; the one who left
	// opens nothing of it.
	if p := river.get("/together/commitments"); p.status != http.StatusOK || !strings.Contains(p.body, "The other person has left") {
		t.Errorf("river's shared history: %d", p.status)
	}
	if p := stone.get("/together/commitments"); p.status != http.StatusNotFound {
		t.Errorf("stone, who left, opens the shared space: %d", p.status)
	}
	if p := river.post("/together/end", nil); p.status != http.StatusSeeOther {
		t.Fatalf("let the history go: %d", p.status)
	}
	if p := river.get("/together/commitments"); p.status != http.StatusNotFound {
		t.Errorf("the history let go still opens: %d", p.status)
	}
}

// linkBrowsers links a (the person) and b (the partner) through the pages.
func linkBrowsers(t *testing.T, a, b *browser) {
	t.Helper()
	code := invitationCode.FindString(a.post("/together/invitations", url.Values{"safe": {"yes"}, "free": {"yes"}}).body)
	if p := b.post("/together/accept", url.Values{"code": {code}}); p.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", p.status)
	}
}

// The partner proposes a commitment, the person accepts it; the person's
// note counts at once, the partner's once confirmed; both see the same
// estimate; a form that fails comes back as typed; a pause stops both.
func TestCommitmentPages(t *testing.T) {
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	linkBrowsers(t, river, stone)

	if p := river.get("/together/commitments"); p.status != 200 || strings.Contains(p.body, `action="/together/commitments"`) {
		t.Fatalf("the person is offered to propose: %d", p.status)
	}
	p := stone.post("/together/commitments", url.Values{"text": {""}, "why": {"So you can rest"}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="text-error"`) || !strings.Contains(p.body, "So you can rest</textarea>") {
		t.Fatalf("an empty proposal: %d", p.status)
	}
	p = stone.post("/together/commitments", url.Values{"text": {"I will say where I am going"}, "why": {"So you can rest"}})
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/together/commitments/") {
		t.Fatalf("propose: %d", p.status)
	}
	at := p.header.Get("Location")
	if p := river.get(at); !strings.Contains(p.body, "I will say where I am going") || !strings.Contains(p.body, at+"/accept") {
		t.Fatalf("the person's view of a proposal: %d", p.status)
	}
	if p := stone.post(at+"/accept", nil); p.status != http.StatusForbidden {
		t.Fatalf("the partner accepting: %d", p.status)
	}
	if p := river.post(at+"/accept", nil); p.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", p.status)
	}
	if p := river.post(at+"/checkins", url.Values{"note": {"It was hard to ask"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="outcome-error"`) || !strings.Contains(p.body, "It was hard to ask</textarea>") {
		t.Fatalf("a note without an outcome: %d", p.status)
	}
	if p := river.post(at+"/checkins", url.Values{"outcome": {"kept"}}); p.status != http.StatusSeeOther {
		t.Fatalf("the person's note: %d", p.status)
	}
	if p := stone.post(at+"/checkins", url.Values{"outcome": {"kept"}, "note": {"Texted from the station"}}); p.status != http.StatusSeeOther {
		t.Fatalf("the partner's note: %d", p.status)
	}
	confirm := regexp.MustCompile(`action="(` + regexp.QuoteMeta(at) + `/checkins/[A-Z0-9]+/confirm)"`).FindStringSubmatch(river.get(at).body)
	if confirm == nil {
		t.Fatal("the person is not offered to confirm the partner's note")
	}
	if strings.Contains(stone.get(at).body, "/confirm") {
		t.Fatal("the partner is offered to confirm")
	}
	if p := river.post(confirm[1], nil); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `-error">Choose how it went`) {
		t.Fatalf("a confirmation without an outcome: %d", p.status)
	}
	if p := river.post(confirm[1], url.Values{"outcome": {"partly"}}); p.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", p.status)
	}
	// α = 1 + 1 + ½, β = 1 + 3·½: the estimate is 2.5 / 5 = 50 %.
	for who, b := range map[string]*browser{"river": river, "stone": stone} {
		if p := b.get("/together/trust"); !strings.Contains(p.body, "<strong>50 %</strong>") || !strings.Contains(p.body, "From 2 counted notes") {
			t.Errorf("%s's trust page: %d", who, p.status)
		}
	}
	if strings.Contains(stone.get("/together/trust").body, `action="/together/trust/settings"`) {
		t.Error("the partner is offered the settings")
	}
	if p := river.post("/together/trust/settings", url.Values{"half_life_days": {"3"}, "breach_weight": {"2"}}); p.status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.body, `id="half-error"`) || !strings.Contains(p.body, `value="2"`) {
		t.Fatalf("settings out of bounds: %d", p.status)
	}

	// stone pauses: river sees it and adds nothing; stone lifts it.
	if p := stone.post("/together/pause", url.Values{"for": {"day"}, "note": {"I need a day"}}); p.status != http.StatusSeeOther {
		t.Fatalf("pause: %d", p.status)
	}
	if p := river.get("/together/commitments"); !strings.Contains(p.body, "stone paused this space") || !strings.Contains(p.body, "I need a day") {
		t.Fatal("river does not see the pause")
	}
	if p := river.post(at+"/checkins", url.Values{"outcome": {"kept"}}); p.status != http.StatusConflict {
		t.Fatalf("a note while paused: %d", p.status)
	}
	if p := stone.post("/together/pause/lift", nil); p.status != http.StatusSeeOther {
		t.Fatalf("lift: %d", p.status)
	}
	if p := river.post(at+"/checkins", url.Values{"outcome": {"kept"}}); p.status != http.StatusSeeOther {
		t.Fatalf("a note once lifted: %d", p.status)
	}
}
