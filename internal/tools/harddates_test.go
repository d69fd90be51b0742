package tools_test

import (
	"fmt"
	"testing"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

func hardDate(t *testing.T, c *tool.Catalog, id, on, repeats, headsUp string) tool.Item {
	t.Helper()
	body := fmt.Sprintf(`{"what":"the day","on":%q,"repeats":%q,"heads_up":%s}`, on, repeats, headsUp)
	return newItem(t, c, "hard-date", id, body, time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
}

// The window runs from the heads-up days before a hard date to the day
// itself, in whole days of the person's calendar, across year ends and
// leap days, for a date that comes every year or only once.
func TestHardDateWindow(t *testing.T) {
	c := catalog(t)
	h, err := tools.NewHardDateView(c)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name                string
		on, repeats, notice string
		today               string
		near                bool
		next                string
		days                int
	}{
		{"yearly, a week before", "2023-03-14", "yearly", "7", "2026-03-07", true, "2026-03-14", 7},
		{"yearly, a day before the window", "2023-03-14", "yearly", "7", "2026-03-06", false, "", 0},
		{"yearly, on the day", "2023-03-14", "yearly", "7", "2026-03-14", true, "2026-03-14", 0},
		{"yearly, the day after: next year's is far", "2023-03-14", "yearly", "7", "2026-03-15", false, "", 0},
		{"yearly, across the year end", "2020-01-02", "yearly", "5", "2026-12-28", true, "2027-01-02", 5},
		{"yearly, across the year end, too early", "2020-01-02", "yearly", "5", "2026-12-27", false, "", 0},
		{"yearly, on new year's eve for new year's day", "2020-01-01", "yearly", "0", "2026-12-31", false, "", 0},
		{"yearly, no notice: only the day", "2020-01-01", "yearly", "0", "2027-01-01", true, "2027-01-01", 0},
		{"yearly, notice left empty is a week", "2020-06-10", "yearly", "null", "2026-06-03", true, "2026-06-10", 7},
		{"yearly, notice left empty, eight days", "2020-06-10", "yearly", "null", "2026-06-02", false, "", 0},
		{"yearly, 30 days", "2020-06-10", "yearly", "30", "2026-05-11", true, "2026-06-10", 30},
		{"yearly, 29 February in a common year", "2024-02-29", "yearly", "3", "2026-02-26", true, "2026-02-28", 2},
		{"yearly, 29 February in a leap year", "2024-02-29", "yearly", "3", "2028-02-26", true, "2028-02-29", 3},
		{"yearly, first in the future", "2027-05-01", "yearly", "7", "2026-05-01", false, "", 0},
		{"yearly, first in the future, near", "2026-05-03", "yearly", "7", "2026-05-01", true, "2026-05-03", 2},
		{"once, ahead", "2026-04-02", "once", "3", "2026-03-30", true, "2026-04-02", 3},
		{"once, on the day", "2026-04-02", "once", "3", "2026-04-02", true, "2026-04-02", 0},
		{"once, passed: never again", "2025-04-02", "once", "3", "2026-03-30", false, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := hardDate(t, c, "H1", tc.on, tc.repeats, tc.notice)
			got := h.Near([]tool.Item{it}, tc.today)
			if !tc.near {
				if len(got) != 0 {
					t.Fatalf("near %+v, want nothing", got)
				}
				return
			}
			if len(got) != 1 || got[0] != (tools.Near{ID: "H1", On: tc.next, Days: tc.days}) {
				t.Fatalf("near %+v, want %s in %d days", got, tc.next, tc.days)
			}
		})
	}
}

// "Today" is the person's own: late on the 6th in Auckland is already the
// 7th there, a week before the 14th.
func TestHardDateTodayIsThePersonsDay(t *testing.T) {
	c := catalog(t)
	h, _ := tools.NewHardDateView(c)
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	now := time.Date(2026, 3, 6, 12, 30, 0, 0, time.UTC) // 01:30 on the 7th in Auckland
	it := hardDate(t, c, "H1", "2023-03-14", "yearly", "7")
	if got := h.Near([]tool.Item{it}, tools.Today(now, time.UTC)); len(got) != 0 {
		t.Errorf("in UTC it is the 6th, eight days before: %+v", got)
	}
	if got := h.Near([]tool.Item{it}, tools.Today(now, auckland)); len(got) != 1 || got[0].Days != 7 {
		t.Errorf("in Auckland it is the 7th, a week before: %+v", got)
	}
}

func TestHardDatesNearSoonestFirst(t *testing.T) {
	c := catalog(t)
	h, _ := tools.NewHardDateView(c)
	dates := []tool.Item{
		hardDate(t, c, "far", "2020-03-20", "yearly", "10"),
		hardDate(t, c, "soon", "2020-03-12", "yearly", "10"),
		hardDate(t, c, "out", "2020-05-01", "yearly", "10"),
	}
	got := h.Near(dates, "2026-03-11")
	if len(got) != 2 || got[0].ID != "soon" || got[1].ID != "far" {
		t.Errorf("near %+v, want soon then far", got)
	}
}
