package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
	"kintsugi/internal/journey"
	"kintsugi/internal/tools"
)

// words are the marks of a side's step 4 on its page: its title, its
// summary, the first of its guidance, its rating question and its first
// prompt, as the page escapes them.
func words(side *journey.Side) []string {
	st, _ := side.Step(4)
	var out []string
	for _, s := range []string{st.Title, st.Summary, st.Guidance[0], st.Rating.Question, st.Prompts[0]} {
		out = append(out, html.EscapeString(s))
	}
	return out
}

// readsAs fails unless the browser's step 4, home map and journal list
// are in role's words, and none of the other side's.
func readsAs(t *testing.T, b *browser, g *journey.Guide, role journey.Role) {
	t.Helper()
	own, other := g.For(role), g.For(journey.Partner)
	if role == journey.Partner {
		other = g.For(journey.Person)
	}
	p := b.get("/steps/communicate-openly")
	for _, w := range words(own) {
		if !strings.Contains(p.body, w) {
			t.Errorf("%s's step page lacks %.60q", role, w)
		}
	}
	for _, w := range words(other) {
		if strings.Contains(p.body, w) {
			t.Errorf("%s's step page has the other side's %.60q", role, w)
		}
	}
	four, _ := own.Step(4)
	five, _ := own.Step(5)
	if !strings.Contains(p.body, html.EscapeString(five.Title)+" →") {
		t.Errorf("%s's next step is not named in their words", role)
	}
	home := b.get("/")
	for _, s := range own.Steps {
		if !strings.Contains(home.body, html.EscapeString(s.Title)) || !strings.Contains(home.body, html.EscapeString(s.Summary)) {
			t.Errorf("%s's home lacks step %d in their words", role, s.Number)
		}
	}
	if j := b.get("/journal"); !strings.Contains(j.body, "Step 4: "+html.EscapeString(four.Title)) {
		t.Errorf("%s's journal does not title the entry's step in their words", role)
	}
	if n := b.get("/journal/new?step=4&prompt=0"); !strings.Contains(n.body, html.EscapeString(four.Prompts[0])) {
		t.Errorf("%s's new entry does not answer their own prompt", role)
	}
}

// The partner who accepts an invitation reads the partner's steps; the
// one who invited, the person's; either can choose in Settings, and the
// choice wins over the link.
func TestStepsFollowWhoseJourneyItIs(t *testing.T) {
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	app := apptest.New(t, "sqlite")
	river, stone := newBrowser(t, app), newBrowser(t, app)
	river.signUp("river")
	stone.signUp("stone")
	for _, b := range []*browser{river, stone} {
		if p := b.post("/journal", url.Values{"title": {"on step 4"}, "body": {"x"}, "step": {"4"}}); p.status != http.StatusSeeOther {
			t.Fatalf("an entry on step 4: %d", p.status)
		}
	}
	readsAs(t, stone, g, journey.Person) // not linked, nothing chosen
	if s := stone.get("/settings"); !strings.Contains(s.body, `id="journey-person" value="person" checked`) ||
		!strings.Contains(s.body, "Until you choose") {
		t.Error("settings do not show the person's journey as the one until chosen")
	}

	linkBrowsers(t, river, stone)
	readsAs(t, river, g, journey.Person)
	readsAs(t, stone, g, journey.Partner)
	s := stone.get("/settings")
	if !strings.Contains(s.body, `id="journey-partner" value="partner" checked`) || !strings.Contains(s.body, "because you joined a shared space") {
		t.Error("the partner's settings do not say the link chose the partner's journey")
	}
	two, _ := g.For(journey.Partner).Step(2)
	if p := stone.get("/steps/understand-the-betrayal"); !strings.Contains(p.body, html.EscapeString(two.Tools["stories"])) ||
		strings.Contains(p.body, "never means blaming yourself") {
		t.Error("the partner's step 2 introduces the story in the person's words")
	}
	if !strings.Contains(river.get("/steps/understand-the-betrayal").body, "never means blaming yourself") {
		t.Error("the person's step 2 lost the story's own words")
	}
	if !strings.Contains(river.get("/steps/communicate-openly").body, `href="/settings#journey"`) {
		t.Error("the person's step page does not point the one who caused the hurt to their own journey")
	}

	// The choice wins, both ways.
	if p := stone.post("/settings/journey", url.Values{"journey": {"person"}}); p.status != http.StatusSeeOther || p.header.Get("Location") != "/settings#journey" {
		t.Fatalf("choose the person's journey: %d %s", p.status, p.header.Get("Location"))
	}
	readsAs(t, stone, g, journey.Person)
	if s := stone.get("/settings"); !strings.Contains(s.body, `id="journey-person" value="person" checked`) || strings.Contains(s.body, "because you joined") {
		t.Error("the settings do not show the choice as made")
	}
	if p := river.post("/settings/journey", url.Values{"journey": {"partner"}}); p.status != http.StatusSeeOther {
		t.Fatalf("choose the partner's journey: %d", p.status)
	}
	readsAs(t, river, g, journey.Partner)
	if p := river.post("/settings/journey", url.Values{"journey": {"both"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="journey-error"`) {
		t.Errorf("a side that is not one: %d", p.status)
	}
	readsAs(t, river, g, journey.Partner)
}

// Linked with alice, bob learns nothing of her own journey from any page
// he can open: each is the same byte for byte before and after she writes
// in every tool, rates steps and checks in, while her own pages change.
func TestPartnerPagesSayNothingOfThePersonsJourney(t *testing.T) {
	g, catalog, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	app := apptest.New(t, "sqlite")
	alice, bob := newBrowser(t, app), newBrowser(t, app)
	alice.signUp("alice")
	bob.signUp("bob")
	linkBrowsers(t, alice, bob)
	if p := bob.post("/together/commitments", url.Values{"text": {"I will tell you the same day"}}); p.status != http.StatusSeeOther {
		t.Fatalf("propose: %d", p.status)
	}

	paths := []string{"/", "/timeline", "/trends", "/calendar", "/hard-day", "/together", "/together/commitments", "/together/trust",
		"/search", "/settings", "/checkins", "/checkins/new", "/help", "/privacy"}
	for _, s := range g.Steps {
		paths = append(paths, "/steps/"+s.Slug)
	}
	for _, k := range catalog.Kinds {
		if k.Parent == nil {
			paths = append(paths, "/"+k.Path)
		}
	}
	const secret = "what alice keeps to herself"
	read := func(b *browser) map[string]string {
		b.get("/privacy") // takes the flash of what the browser did last
		out := map[string]string{}
		for _, path := range paths {
			p := b.get(path)
			out[path] = http.StatusText(p.status) + "\n" + p.body
		}
		p := b.post("/search", url.Values{"q": {secret}})
		out["POST /search"] = http.StatusText(p.status) + "\n" + p.body
		return out
	}
	bobBefore, aliceBefore := read(bob), read(alice)

	token := alice.token()
	for _, k := range catalog.Kinds {
		if k.Parent != nil {
			continue
		}
		if k.Single {
			if r := app.Do(t, "PUT", "/api/v1/"+k.Path, token, k.Sample(secret)); r.Status != http.StatusOK {
				t.Fatalf("PUT %s: %d %s", k.Path, r.Status, r.Body)
			}
			continue
		}
		id := app.Create(t, "/api/v1/"+k.Path, token, k.Sample(secret))
		if k.Events != nil {
			app.Create(t, "/api/v1/"+k.Path+"/"+id+"/events", token, k.Events.Sample(secret))
		}
	}
	for _, st := range []string{"communicate-openly", "be-patient"} {
		if p := alice.post("/steps/"+st+"/rating", url.Values{"value": {"8"}, "note": {secret}}); p.status != http.StatusSeeOther {
			t.Fatalf("rate %s: %d", st, p.status)
		}
	}
	if p := alice.post("/journal", url.Values{"title": {secret}, "body": {secret}, "step": {"4"}}); p.status != http.StatusSeeOther {
		t.Fatalf("journal: %d", p.status)
	}

	bobAfter, aliceAfter := read(bob), read(alice)
	for path, before := range bobBefore {
		if bobAfter[path] != before {
			t.Errorf("%s: bob's page changed when alice wrote privately:\n%s", path, firstDifference(before, bobAfter[path]))
		}
		// What bob searched for is his own words, shown back to him.
		if path != "POST /search" && strings.Contains(bobAfter[path], secret) {
			t.Errorf("%s: bob reads alice's words", path)
		}
		if !strings.HasPrefix(before, "OK\n") {
			t.Errorf("%s: bob gets %.20s", path, before)
		}
	}
	for _, path := range []string{"/", "/journal", "/timeline", "/steps/communicate-openly"} {
		if aliceAfter[path] == aliceBefore[path] {
			t.Errorf("%s: alice's own page did not change either, so the comparison sees nothing", path)
		}
	}
}

// firstDifference shows where two pages part, with a little of each.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "before: " + a[from:min(len(a), i+120)] + "\nafter:  " + b[from:min(len(b), i+120)]
}
