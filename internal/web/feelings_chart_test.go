package web

import (
	"testing"
	"time"

	"kintsugi/internal/journey"
)

func checkinAt(at time.Time, emotions ...journey.Felt) felt {
	return felt{At: at, Emotions: emotions}
}

func TestChartRowsAverageByWeek(t *testing.T) {
	mon := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	cs := []felt{
		checkinAt(mon.Add(9*time.Hour), journey.Felt{Name: "sadness", Intensity: 8}),
		checkinAt(mon.AddDate(0, 0, 3), journey.Felt{Name: "sadness", Intensity: 5}, journey.Felt{Name: "anger", Intensity: 2}),
		checkinAt(mon.AddDate(0, 0, 6).Add(23*time.Hour), journey.Felt{Name: "sadness", Intensity: 6}), // Sunday night
		checkinAt(mon.AddDate(0, 0, 7), journey.Felt{Name: "joy", Intensity: 3}),                       // next Monday
	}
	rows := chartRows(cs, true)
	if len(rows) != 2 || !rows[0].At.Equal(mon) || !rows[1].At.Equal(mon.AddDate(0, 0, 7)) || !rows[0].Week {
		t.Fatalf("weeks = %+v", rows)
	}
	if c := rows[0].Cells; len(c) != 2 || c[0].Name != "sadness" || c[0].Text() != "6.3" || c[1].Name != "anger" || c[1].Text() != "2" {
		t.Fatalf("first week's averages = %+v", c)
	}
	if daily := chartRows(cs, false); len(daily) != 4 || daily[1].Cells[1].Text() != "2" || daily[0].Week {
		t.Fatalf("daily rows = %+v", daily)
	}
	if got := weekStart(time.Date(2026, 3, 8, 23, 59, 0, 0, time.UTC)); !got.Equal(mon) {
		t.Fatalf("weekStart(Sunday) = %v", got)
	}
}
