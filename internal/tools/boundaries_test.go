package tools_test

import (
	"testing"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// newItem builds an item of the kind named kind from a JSON body, checked
// as the API checks it, created at the given time. An event gets its
// hidden field too, so it is shaped as a stored one.
func newItem(t *testing.T, c *tool.Catalog, kind, id, body string, at time.Time) tool.Item {
	t.Helper()
	k, ok := c.Kind(kind)
	if !ok {
		t.Fatalf("no kind %q", kind)
	}
	in, err := k.ReadJSON([]byte(body), false)
	if err != nil {
		t.Fatalf("%s %s: %v", kind, body, err)
	}
	if err := k.Clean(in.Values); err != nil {
		t.Fatalf("%s %s: %v", kind, body, err)
	}
	v := append(in.Values, make(tool.Values, len(k.Fields)-len(in.Values))...)
	return tool.Item{ID: id, CreatedAt: at, UpdatedAt: at, Value: v}
}

func boundaryView(t *testing.T, c *tool.Catalog) tools.BoundaryView {
	t.Helper()
	b, err := tools.NewBoundaryView(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// events returns boundary events with the given outcomes, newest first:
// the first at noon, each next one a day older.
func events(t *testing.T, c *tool.Catalog, outcomes ...string) []tool.Item {
	t.Helper()
	noon := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	out := make([]tool.Item, len(outcomes))
	for i, o := range outcomes {
		out[i] = newItem(t, c, "boundary-event", "e", `{"outcome":"`+o+`","note":"n"}`, noon.AddDate(0, 0, -i))
	}
	return out
}

func TestBoundarySummary(t *testing.T) {
	c := catalog(t)
	b := boundaryView(t, c)
	const h, x = "held", "crossed"
	cases := []struct {
		name     string
		outcomes []string // newest first
		want     tools.BoundarySummary
	}{
		{"none", nil, tools.BoundarySummary{}},
		// 2 held and 1 crossed; all three are recent.
		{"few", []string{h, x, h}, tools.BoundarySummary{Held: 2, Crossed: 1, RecentHeld: 2, RecentTotal: 3}},
		// 10 held, then 2 crossed: the latest 10 are all held.
		{"crossed long ago", []string{h, h, h, h, h, h, h, h, h, h, x, x},
			tools.BoundarySummary{Held: 10, Crossed: 2, RecentHeld: 10, RecentTotal: 10}},
		// 2 crossed, then 10 held: the latest 10 are 2 crossed and 8 held.
		{"crossed lately", []string{x, x, h, h, h, h, h, h, h, h, h, h},
			tools.BoundarySummary{Held: 10, Crossed: 2, RecentHeld: 8, RecentTotal: 10}},
		// Exactly 10: all recent, 10th (held) included.
		{"ten", []string{x, x, x, x, x, x, x, x, x, h},
			tools.BoundarySummary{Held: 1, Crossed: 9, RecentHeld: 1, RecentTotal: 10}},
	}
	for _, tc := range cases {
		if got := b.Summary(events(t, c, tc.outcomes...)); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func boundary(t *testing.T, c *tool.Catalog, id, status, reviewOn string, day int) tool.Item {
	t.Helper()
	review := "null"
	if reviewOn != "" {
		review = `"` + reviewOn + `"`
	}
	body := `{"kind":"contact","words":"No calls after nine.","status":"` + status + `","review_on":` + review + `}`
	return newItem(t, c, "boundary", id, body, time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC))
}

func TestReviewDue(t *testing.T) {
	c := catalog(t)
	b := boundaryView(t, c)
	const today = "2026-03-14"
	cases := []struct {
		reviewOn string
		want     bool
	}{
		{"", false},
		{"2025-12-31", true}, // long past, across a year
		{"2026-03-13", true}, // yesterday
		{"2026-03-14", true}, // today: due from its day on
		{"2026-03-15", false},
		{"2027-01-01", false},
	}
	for _, tc := range cases {
		it := boundary(t, c, "b", "active", tc.reviewOn, 1)
		if got := b.ReviewDue(it.Value, today); got != tc.want {
			t.Errorf("review on %q, today %s: got %v, want %v", tc.reviewOn, today, got, tc.want)
		}
	}
}

func TestSortBoundaries(t *testing.T) {
	c := catalog(t)
	b := boundaryView(t, c)
	items := []tool.Item{
		boundary(t, c, "a", "retired", "2026-01-01", 5), // due, but retired goes last
		boundary(t, c, "b", "active", "2026-03-01", 1),  // due
		boundary(t, c, "c", "active", "", 3),
		boundary(t, c, "d", "paused", "2026-04-01", 4), // not yet due
		boundary(t, c, "e", "active", "2026-03-14", 2), // due today
		boundary(t, c, "f", "paused", "2026-03-10", 2), // due
		boundary(t, c, "g", "active", "", 4),
	}
	b.Sort(items, "2026-03-14")
	// active due, newest first: e (2nd), b (1st); active not due: g (4th),
	// c (3rd); paused due: f; paused not due: d; retired: a.
	want := "ebgcfda"
	var got string
	for _, it := range items {
		got += it.ID
	}
	if got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}
