package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
)

// The home page says a hard date is near by its day alone, and offers one
// thing for today, which "not today" waves away until tomorrow.
func TestHomeShowsAHardDateByItsDayAlone(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("hazel")
	soon := time.Now().UTC().AddDate(0, 0, 2)
	on := soon.AddDate(-3, 0, 0)
	if soon.Month() == time.February && soon.Day() == 29 {
		on = soon.AddDate(-4, 0, 0)
	}
	saved := b.post("/hard-dates", url.Values{"what": {"The night of the phone call"}, "on": {on.Format(time.DateOnly)}, "repeats": {"yearly"}, "heads_up": {"3"}})
	if saved.status != 303 {
		t.Fatalf("save a hard date: %d %s", saved.status, saved.body)
	}
	home := b.get("/")
	day := soon.Day()
	if !strings.Contains(home.body, "is coming, in 2 days. Go gently with yourself.") || !strings.Contains(home.body, "The "+ordinal(day)) {
		t.Errorf("the home page has no note of the day: %s", home.body)
	}
	if strings.Contains(home.body, "phone call") {
		t.Error("the home page names the hard day")
	}
	if !strings.Contains(home.body, "Plan something kind for a hard day") {
		t.Error("today offers nothing for the hard day")
	}
	if p := b.post("/today/not-today", nil); p.status != 303 {
		t.Fatalf("not today: %d", p.status)
	}
	home = b.get("/")
	if strings.Contains(home.body, "Plan something kind") || !strings.Contains(home.body, "Nothing more today") || !strings.Contains(home.body, "is coming, in 2 days") {
		t.Errorf("after not today: %s", home.body)
	}
}

func ordinal(n int) string {
	switch {
	case n >= 11 && n <= 13:
		return itoa(n) + "th"
	case n%10 == 1:
		return itoa(n) + "st"
	case n%10 == 2:
		return itoa(n) + "nd"
	case n%10 == 3:
		return itoa(n) + "rd"
	}
	return itoa(n) + "th"
}

func itoa(n int) string { return strconv.Itoa(n) }

// The search page is a POST whose words go nowhere else: not into the
// address it answers at, and only the person's own writing is found.
func TestSearchPageFindsOnlyYourOwn(t *testing.T) {
	app := apptest.New(t, "sqlite")
	alice := newBrowser(t, app)
	alice.signUp("alice")
	bob := newBrowser(t, app)
	bob.signUp("bob")
	if p := alice.post("/journal", url.Values{"title": {"Sunday"}, "body": {"Coffee at the Café by the harbour."}}); p.status != 303 {
		t.Fatalf("save an entry: %d", p.status)
	}
	if p := bob.post("/journal", url.Values{"body": {"The harbour was grey."}}); p.status != 303 {
		t.Fatalf("save an entry: %d", p.status)
	}
	found := alice.post("/search", url.Values{"q": {"HARBOUR cafe"}})
	if found.status != 200 || !strings.Contains(found.body, "<mark>Café</mark>") || strings.Contains(found.body, "grey") {
		t.Fatalf("alice's search: %d %s", found.status, found.body)
	}
	if strings.Count(found.body, `<li>`) < 1 || strings.Contains(found.body, "?q=") {
		t.Errorf("the results: %s", found.body)
	}
	theirs := bob.post("/search", url.Values{"q": {"cafe"}})
	if theirs.status != 200 || strings.Contains(theirs.body, "Sunday") || !strings.Contains(theirs.body, "Nothing found") {
		t.Errorf("bob found alice's: %s", theirs.body)
	}
	if p := alice.post("/search", url.Values{"q": {"   "}}); p.status != 422 || !strings.Contains(p.body, "Type a word or two") {
		t.Errorf("an empty search: %d", p.status)
	}
	if p := alice.get("/search"); p.status != 200 || strings.Contains(p.body, "Nothing found") {
		t.Errorf("the empty search page: %d", p.status)
	}
}
