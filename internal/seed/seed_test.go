package seed_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/apptest"
	"kintsugi/internal/seed"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

func catalog(t *testing.T) *tool.Catalog {
	t.Helper()
	_, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seeded seeds name with a year of history from a fixed random source and
// returns them signed in with every item of theirs by kind, oldest first.
func seeded(t *testing.T, app *apptest.App, c *tool.Catalog, name string, entries, days int) map[string][]tool.Item {
	t.Helper()
	ctx := context.Background()
	if err := seed.Person(ctx, app.Store, app.Accounts, c, name, apptest.Passphrase, entries, days, rand.New(rand.NewPCG(7, 8))); err != nil {
		t.Fatal(err)
	}
	se, err := app.Accounts.LogIn(ctx, name, apptest.Passphrase, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := app.Accounts.Authenticate(ctx, se.Token)
	if err != nil {
		t.Fatal(err)
	}
	return itemsOf(t, app, c, p)
}

func itemsOf(t *testing.T, app *apptest.App, c *tool.Catalog, p *account.Person) map[string][]tool.Item {
	t.Helper()
	out := map[string][]tool.Item{}
	for _, k := range c.Kinds {
		err := k.Items(app.Store, p).Collection().All(context.Background(), func(it tool.Item) error {
			out[k.Name] = append(out[k.Name], it)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A seeded year holds every kind at its pace, each item one a person could
// have saved, and the history reads like use: most instincts resolved,
// about half the conversations debriefed, each event in the log of a
// boundary set before it.
func TestPersonWritesEveryToolAtItsPace(t *testing.T) {
	app := apptest.New(t, "sqlite")
	c := catalog(t)
	const entries, days = 120, 365
	items := seeded(t, app, c, "a-year", entries, days)

	total := 0
	for _, k := range c.Kinds {
		if len(items[k.Name]) == 0 {
			t.Errorf("no %s was seeded", k.Name)
		}
		total += len(items[k.Name])
		for _, it := range items[k.Name] {
			if err := k.Clean(it.Value.Clone()); err != nil {
				t.Errorf("a seeded %s is not valid: %v", k.Name, err)
			}
		}
	}
	if want := seed.Records(entries, days); total != want {
		t.Errorf("seeded %d records, Records says %d", total, want)
	}
	for name, want := range map[string]int{"journal": entries, "checkin": days, "step-rating": days / 7,
		"story": 4, "boundary": 3, "boundary-event": 73, "conversation": 12, "instinct": 60, "resilience": 20, "milestone": 8} {
		if got := len(items[name]); got != want {
			t.Errorf("%d of kind %s, want %d", got, name, want)
		}
	}

	if n := count(c, "instinct", items, func(v value) bool { return v.str("outcome") != "" }); n*10 < len(items["instinct"])*7 {
		t.Errorf("%d of %d instincts are resolved, want most", n, len(items["instinct"]))
	}
	if n := count(c, "conversation", items, func(v value) bool { return v.has("debrief") }); n*10 < len(items["conversation"])*3 || n*10 > len(items["conversation"])*7 {
		t.Errorf("%d of %d conversations have a debrief, want about half", n, len(items["conversation"]))
	}
	set := map[string]tool.Item{}
	for _, b := range items["boundary"] {
		set[b.ID] = b
	}
	ev, _ := c.Kind("boundary-event")
	_, of, _ := ev.Field("of")
	for _, e := range items["boundary-event"] {
		b, ok := set[e.Value[of].Str]
		if !ok || b.CreatedAt.After(e.CreatedAt) {
			t.Fatalf("an event of %q, created %v, has no boundary set before it", e.Value[of].Str, e.CreatedAt)
		}
	}
	// A trigger's check-in is one of the person's, of the same day or
	// the one before.
	checkins := map[string]tool.Item{}
	for _, ci := range items["checkin"] {
		checkins[ci.ID] = ci
	}
	tr, _ := c.Kind("trigger")
	_, ref, _ := tr.Field("checkin")
	linked := 0
	for _, it := range items["trigger"] {
		id := it.Value[ref].Str
		if id == "" {
			continue
		}
		linked++
		ci, ok := checkins[id]
		if !ok || ci.CreatedAt.After(it.CreatedAt) || it.CreatedAt.Sub(ci.CreatedAt) > 48*time.Hour {
			t.Fatalf("a trigger of %v names %q, not a check-in of its day", it.CreatedAt, id)
		}
	}
	if n := len(items["trigger"]); linked < n/4 || linked > 3*n/4 {
		t.Errorf("%d of %d triggers name a check-in, want about half", linked, n)
	}
}

// The same random source seeds the same history.
func TestPersonIsRepeatable(t *testing.T) {
	app := apptest.New(t, "sqlite")
	c := catalog(t)
	a := seeded(t, app, c, "first", 30, 200)
	b := seeded(t, app, c, "second", 30, 200)
	for _, k := range c.Kinds {
		if len(a[k.Name]) != len(b[k.Name]) {
			t.Fatalf("%d and %d of %s", len(a[k.Name]), len(b[k.Name]), k.Name)
		}
		for i := range a[k.Name] {
			x, y := a[k.Name][i].Value.Clone(), b[k.Name][i].Value.Clone()
			if k.Parent != nil { // events name their item by its id, which differs
				_, of, _ := k.Field("of")
				x[of], y[of] = tool.Value{}, tool.Value{}
			}
			for j, f := range k.Fields { // so do references (a trigger's check-in)
				if f.Ref != "" && (x[j].Str == "") == (y[j].Str == "") {
					x[j], y[j] = tool.Value{}, tool.Value{}
				}
			}
			if !reflect.DeepEqual(x, y) {
				t.Fatalf("the %d-th %s differs:\n%v\n%v", i, k.Name, x, y)
			}
		}
	}
}

// value reads an item's fields by name.
type value struct {
	k *tool.Kind
	v tool.Values
}

func (v value) str(name string) string { _, i, _ := v.k.Field(name); return v.v[i].Str }
func (v value) has(name string) bool   { _, i, _ := v.k.Field(name); return v.v[i].Has }

func count(c *tool.Catalog, kind string, items map[string][]tool.Item, ok func(value) bool) int {
	k, _ := c.Kind(kind)
	n := 0
	for _, it := range items[kind] {
		if ok(value{k, it.Value}) {
			n++
		}
	}
	return n
}
