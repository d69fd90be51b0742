package together

import (
	"context"
	"testing"
	"time"

	"kintsugi/internal/testdb"
)

// BenchmarkTrust is the estimate a trust page computes, over three agreed
// commitments with a year of daily notes each (1,095 counted), and a
// year of weekly history: every note opened, weighed once per week.
func BenchmarkTrust(b *testing.B) {
	ctx := context.Background()
	w := newWorld(b, testdb.DSN(b, "sqlite"))
	mine, theirs := w.linked(w.person("river"), w.person("stone"))
	start := w.now
	for range 3 {
		c, err := w.svc.Propose(ctx, theirs, CommitmentDraft{Text: "A promise kept daily"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.svc.Decide(ctx, mine, c.ID, true); err != nil {
			b.Fatal(err)
		}
		w.now = start.AddDate(1, 0, 0)
		for d := range 365 {
			o := "kept"
			if d%10 == 0 {
				o = "broken"
			}
			if _, err := w.svc.AddCheckin(ctx, mine, c.ID, CheckinDraft{Outcome: o, At: start.AddDate(0, 0, d).Add(time.Hour)}); err != nil {
				b.Fatal(err)
			}
		}
		w.now = start
	}
	w.now = start.AddDate(1, 0, 0)
	b.ResetTimer()
	for b.Loop() {
		t, err := w.svc.Trust(ctx, theirs, time.UTC)
		if err != nil || t.Counted != 1095 {
			b.Fatal(t.Counted, err)
		}
	}
}
