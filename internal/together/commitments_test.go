package together

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/testdb"
	"kintsugi/internal/trust"
	"kintsugi/internal/valid"
)

// linked returns a linked pair's spaces: the person's and the partner's.
func (w *world) linked(person, partner *account.Person) (*Space, *Space) {
	w.t.Helper()
	ctx := context.Background()
	inv, err := w.svc.Invite(ctx, person, true, true)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.svc.Accept(ctx, partner, inv.Code, "10.0.0.5"); err != nil {
		w.t.Fatal(err)
	}
	a, err := w.svc.OpenLinked(ctx, person)
	if err != nil {
		w.t.Fatal(err)
	}
	b, err := w.svc.OpenLinked(ctx, partner)
	if err != nil {
		w.t.Fatal(err)
	}
	return a, b
}

// The partner proposes, the person decides; check-ins count as the issue
// says; the estimate is the one worked out by hand.
func TestCommitmentLedger(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)
		if !mine.Person() || theirs.Person() || mine.ID != theirs.ID {
			t.Fatalf("roles %q %q", mine.Role, theirs.Role)
		}

		if _, err := w.svc.Propose(ctx, mine, CommitmentDraft{Text: "x"}); !errors.Is(err, ErrRole) {
			t.Fatalf("the person proposing: %v, want ErrRole", err)
		}
		if _, err := w.svc.Propose(ctx, theirs, CommitmentDraft{Text: "  "}); !isProblem(err, "text") {
			t.Fatalf("an empty commitment: %v", err)
		}
		c, err := w.svc.Propose(ctx, theirs, CommitmentDraft{Text: "Phone home when late", Why: "So you never wait wondering"})
		if err != nil || c.Value.Status != Proposed {
			t.Fatalf("propose: %+v %v", c, err)
		}
		if _, err := w.svc.AddCheckin(ctx, mine, c.ID, CheckinDraft{Outcome: "kept"}); !errors.Is(err, ErrDecided) {
			t.Fatalf("a check-in on a proposal: %v", err)
		}
		if _, err := w.svc.Decide(ctx, theirs, c.ID, true); !errors.Is(err, ErrRole) {
			t.Fatalf("the partner accepting: %v", err)
		}
		if c, err = w.svc.Decide(ctx, mine, c.ID, true); err != nil || c.Value.Status != Accepted {
			t.Fatalf("accept: %+v %v", c, err)
		}
		if _, err := w.svc.EditCommitment(ctx, theirs, c.ID, CommitmentDraft{Text: "y"}); !errors.Is(err, ErrDecided) {
			t.Fatalf("editing an accepted commitment: %v", err)
		}

		// Ten days ago the person saw it kept (counts at once); five days
		// ago the partner said kept and the person confirmed "partly";
		// today the partner told of a breach, not yet confirmed.
		w.now = w.now.Add(time.Hour)
		if _, err := w.svc.AddCheckin(ctx, mine, c.ID, CheckinDraft{Outcome: "kept", At: w.now.AddDate(0, 0, -10)}); !isProblem(err, "created_at") {
			t.Fatalf("a check-in from before the commitment: %v", err)
		}
		w.now = w.now.AddDate(0, 0, 10)
		k, err := w.svc.AddCheckin(ctx, mine, c.ID, CheckinDraft{Outcome: "kept", At: w.now.AddDate(0, 0, -10)})
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.svc.AddCheckin(ctx, theirs, c.ID, CheckinDraft{Outcome: "kept", At: w.now.AddDate(0, 0, -5)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := w.svc.AddCheckin(ctx, theirs, c.ID, CheckinDraft{Outcome: "broken", Disclosed: true, Note: "I told you first"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Confirm(ctx, mine, c.ID, k.ID, "kept"); !errors.Is(err, ErrConfirmed) {
			t.Fatalf("confirming the person's own: %v", err)
		}
		if _, err := w.svc.Confirm(ctx, theirs, c.ID, p.ID, "kept"); !errors.Is(err, ErrRole) {
			t.Fatalf("the partner confirming: %v", err)
		}
		if _, err := w.svc.Confirm(ctx, mine, "elsewhere", p.ID, "kept"); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("a check-in under another commitment: %v", err)
		}
		before, err := w.svc.Trust(ctx, mine, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if before.Counted != 1 || before.Waiting != 2 {
			t.Fatalf("counted %d waiting %d, want 1 and 2", before.Counted, before.Waiting)
		}
		if _, err := w.svc.Confirm(ctx, mine, c.ID, p.ID, "partly"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Confirm(ctx, mine, c.ID, b.ID, "broken"); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Trust(ctx, theirs, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		// By hand, h = 90, w = 3: kept 10 days ago d = 2^(-10/90); partly
		// 5 days ago d' = 2^(-5/90) adds d'/2 to r and 3d'/2 to s; the
		// disclosed breach today adds 3/2 to s.
		d, d2 := math.Exp2(-10.0/90), math.Exp2(-5.0/90)
		alpha, beta := 1+d+d2/2, 1+1.5*d2+1.5
		if got.Counted != 3 || got.Waiting != 0 || len(got.Commitments) != 1 ||
			math.Abs(got.Overall.Alpha-alpha) > 1e-9 || math.Abs(got.Overall.Beta-beta) > 1e-9 ||
			math.Abs(got.Overall.Mean-alpha/(alpha+beta)) > 1e-9 || got.Commitments[0].Estimate != got.Overall {
			t.Fatalf("trust %+v, want α %.6f β %.6f", got, alpha, beta)
		}

		// Only the person changes the settings; both see them.
		if _, err := w.svc.SetTrustSettings(ctx, theirs, trust.Settings{HalfLifeDays: 30, BreachWeight: 2}); !errors.Is(err, ErrRole) {
			t.Fatalf("the partner's settings: %v", err)
		}
		if _, err := w.svc.SetTrustSettings(ctx, mine, trust.Settings{HalfLifeDays: 3, BreachWeight: 11}); !isProblem(err, "half_life_days") || !isProblem(err, "breach_weight") {
			t.Fatalf("settings out of bounds: %v", err)
		}
		if _, err := w.svc.SetTrustSettings(ctx, mine, trust.Settings{HalfLifeDays: 30, BreachWeight: 2}); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Trust(ctx, theirs, time.UTC); got.Settings.HalfLifeDays != 30 || got.Settings.BreachWeight != 2 {
			t.Fatalf("settings seen by the partner: %+v", got.Settings)
		}
	})
}

// While either has paused, nothing new goes in, from either; only the one
// who paused lifts it, and it lifts itself when it ends.
func TestPause(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)
		if _, err := w.svc.SetPause(ctx, theirs, w.now.Add(-time.Hour), ""); !isProblem(err, "until") {
			t.Fatalf("a pause in the past: %v", err)
		}
		if _, err := w.svc.SetPause(ctx, theirs, w.now.Add(48*time.Hour), "I need two days"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Propose(ctx, theirs, CommitmentDraft{Text: "x"}); !errors.Is(err, ErrPaused) {
			t.Fatalf("proposing while paused: %v", err)
		}
		if _, err := w.svc.SetPause(ctx, mine, w.now.Add(time.Hour), ""); !errors.Is(err, ErrPaused) {
			t.Fatalf("the other changing the pause: %v", err)
		}
		if err := w.svc.LiftPause(ctx, mine); !errors.Is(err, ErrNotPaused) {
			t.Fatalf("the other lifting the pause: %v", err)
		}
		if p, err := w.svc.Pause(ctx, mine); err != nil || p == nil || p.Value.Note != "I need two days" || p.Value.By != RolePartner {
			t.Fatalf("the pause as the other sees it: %+v %v", p, err)
		}
		w.now = w.now.Add(49 * time.Hour)
		if p, err := w.svc.Pause(ctx, mine); err != nil || p != nil {
			t.Fatalf("a pause past its end: %+v %v", p, err)
		}
		if _, err := w.svc.SetPause(ctx, mine, w.now.Add(time.Hour), ""); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.LiftPause(ctx, mine); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Propose(ctx, theirs, CommitmentDraft{Text: "x"}); err != nil {
			t.Fatalf("proposing once lifted: %v", err)
		}
		// Once the partner has left, the person reads and adds nothing.
		if err := w.svc.Unlink(ctx, stone); err != nil {
			t.Fatal(err)
		}
		alone, err := w.svc.Open(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		if all, err := w.svc.Commitments(ctx, alone); err != nil || len(all) != 1 {
			t.Fatalf("the history the person kept: %d %v", len(all), err)
		}
		if _, err := w.svc.SetPause(ctx, alone, w.now.Add(time.Hour), ""); !errors.Is(err, ErrAlone) {
			t.Fatalf("pausing alone: %v", err)
		}
	})
}

func isProblem(err error, field string) bool {
	p, ok := valid.As(err)
	return ok && p.For(field) != ""
}
