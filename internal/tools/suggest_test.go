package tools

import (
	"fmt"
	"testing"
	"time"

	"kintsugi/internal/tool"
)

// checkinsAt makes check-ins of one feeling at the given times and
// strengths.
func checkinsAt(t *testing.T, c *tool.Catalog, at []time.Time, strengths []int) []tool.Item {
	t.Helper()
	k, _ := c.ByPath("checkins")
	var out []tool.Item
	for i := range at {
		in, err := k.ReadJSON([]byte(fmt.Sprintf(`{"emotions":[{"name":"grief","intensity":%d}]}`, strengths[i])), false)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tool.Item{ID: fmt.Sprint(i), CreatedAt: at[i], UpdatedAt: at[i], Value: in.Values})
	}
	return out
}

func TestSuggestMilestones(t *testing.T) {
	c := realCatalog(t)
	v, err := NewCheckinView(c)
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, berlin) // a Monday
	// Week 1: a 9. Week 2: a 10 and a 4. Week 3: 8 and 7, nothing above
	// 8: the first calmer week starts Monday 16 March. Eleven check-ins
	// in all: the 10th is on 19 March.
	at := []time.Time{mon, mon.AddDate(0, 0, 1), mon.AddDate(0, 0, 7), mon.AddDate(0, 0, 8), mon.AddDate(0, 0, 9),
		mon.AddDate(0, 0, 14), mon.AddDate(0, 0, 15), mon.AddDate(0, 0, 16), mon.AddDate(0, 0, 16).Add(time.Hour),
		mon.AddDate(0, 0, 17), mon.AddDate(0, 0, 21)}
	strengths := []int{9, 3, 10, 4, 5, 8, 7, 6, 2, 1, 9}
	items := checkinsAt(t, c, at, strengths)
	// Shuffled, as a listing is newest first.
	items[0], items[10] = items[10], items[0]
	got := v.Suggest(items, berlin, mon.AddDate(0, 1, 5), nil)
	want := []string{"calmer-week 2026-03-16", "checkins-10 2026-03-19", "month-since-first 2026-04-01"}
	if len(got) != len(want) {
		t.Fatalf("suggestions %+v, want %v", got, want)
	}
	for i, s := range got {
		if s.Key+" "+s.On != want[i] || s.Title == "" || s.Note == "" {
			t.Errorf("suggestion %d = %+v, want %s", i, s, want[i])
		}
	}
	// Settled ones are not offered again; a month is not yet a month.
	if got := v.Suggest(items, berlin, mon.AddDate(0, 0, 29), []string{"calmer-week"}); len(got) != 1 || got[0].Key != "checkins-10" {
		t.Errorf("with calmer-week settled and 29 days gone: %+v", got)
	}
	// Calm from the start is not a "first calmer week": nothing went
	// above 8 before it.
	calm := checkinsAt(t, c, at[:3], []int{2, 3, 4})
	if got := v.Suggest(calm, berlin, mon.AddDate(0, 0, 10), nil); len(got) != 0 {
		t.Errorf("calm from the start: %+v", got)
	}
	if Ordinal(1) != "1st" || Ordinal(12) != "12th" || Ordinal(22) != "22nd" || Ordinal(103) != "103rd" {
		t.Error("ordinals")
	}
}
