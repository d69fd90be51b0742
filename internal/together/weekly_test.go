package together

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/testdb"
)

// A week starts on Monday at 00:00 UTC for both members, wherever they
// are: a Monday morning in Auckland is still the week before.
func TestWeeklyWeekOf(t *testing.T) {
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "2026-11-30"},
		{time.Date(2026, 12, 6, 23, 59, 59, 999, time.UTC), "2026-11-30"},
		{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "2026-12-07"},
		{time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), "2026-11-30"},
		{time.Date(2026, 11, 30, 9, 0, 0, 0, auckland), "2026-11-23"}, // Sunday 20:00 UTC
		{time.Date(2027, 1, 1, 8, 0, 0, 0, time.UTC), "2026-12-28"},   // across a year
	} {
		key, start := WeekOf(c.at)
		if key != c.want || start.Format(time.DateOnly) != key || start.Weekday() != time.Monday || start.Location() != time.UTC ||
			c.at.Before(start) || !c.at.Before(start.AddDate(0, 0, 7)) {
			t.Errorf("WeekOf(%v) = %s %v, want %s", c.at, key, start, c.want)
		}
	}
	if q := Weekly().Questions; len(q) < 4 || len(q) > 6 {
		t.Errorf("%d questions", len(q))
	}
}

// answersOf answers every question with value and a note.
func answersOf(value int, note string) []AnswerDraft {
	var out []AnswerDraft
	for _, q := range Weekly().Questions {
		out = append(out, AnswerDraft{Question: q.ID, Value: &value, Note: note})
	}
	return out
}

// Each answers on their own; neither sees the other's answers until both
// have, only that the other has answered; an answer is replaced while
// its week lasts, and the week after, it is in the past.
func TestWeeklyAnswers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)

		if wk, err := w.svc.ThisWeek(ctx, mine); err != nil || wk.Key != "2026-11-30" || wk.Mine != nil || wk.TheyAnswered ||
			!wk.End.Equal(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("an empty week: %+v %v", wk, err)
		}
		wk, err := w.svc.AnswerWeek(ctx, mine, answersOf(6, "A steadier week"))
		if err != nil || wk.Mine == nil || wk.Theirs != nil || wk.TheyAnswered || len(wk.Mine.Value.Answers) != len(Weekly().Questions) {
			t.Fatalf("the first to answer: %+v %v", wk, err)
		}
		first := wk.Mine.ID
		wk, err = w.svc.ThisWeek(ctx, theirs)
		if err != nil || wk.Mine != nil || wk.Theirs != nil || !wk.TheyAnswered {
			t.Fatalf("the other, before answering, sees %+v %v", wk, err)
		}
		wk, err = w.svc.AnswerWeek(ctx, theirs, answersOf(4, "I tried to listen"))
		if err != nil || wk.Theirs == nil || wk.Theirs.Value.Answers[0].Note != "A steadier week" || wk.Mine.Value.By != RolePartner {
			t.Fatalf("the second to answer: %+v %v", wk, err)
		}
		// Replaced: the same record, the new words, seen by the other.
		if wk, err = w.svc.AnswerWeek(ctx, mine, answersOf(7, "Better than I said")); err != nil || wk.Mine.ID != first {
			t.Fatalf("replace: %+v %v", wk, err)
		}
		if wk, err = w.svc.ThisWeek(ctx, theirs); err != nil || wk.Theirs.Value.Answers[0].Value != 7 || wk.Theirs.Value.Answers[0].Note != "Better than I said" {
			t.Fatalf("the replaced answer as the other sees it: %+v %v", wk, err)
		}
		if n, err := w.svc.weeklies(mine).Count(ctx, "2026-11-30"); err != nil || n != 2 {
			t.Fatalf("%d answers for the week, want one each: %v", n, err)
		}

		// On Monday at midnight UTC the week is in the past; in the new
		// one only stone answers.
		w.now = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		if wk, err = w.svc.ThisWeek(ctx, mine); err != nil || wk.Key != "2026-12-07" || wk.Mine != nil || wk.TheyAnswered {
			t.Fatalf("the new week: %+v %v", wk, err)
		}
		if _, err := w.svc.AnswerWeek(ctx, theirs, answersOf(5, "")); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.AddDate(0, 0, 7)
		for _, sp := range []*Space{mine, theirs} {
			past, err := w.svc.PastWeeks(ctx, sp)
			if err != nil || len(past) != 2 || past[0].Key != "2026-12-07" || past[1].Key != "2026-11-30" || !past[1].Both() {
				t.Fatalf("%s's past weeks: %+v %v", sp.Role, past, err)
			}
			if only := past[0]; only.Theirs != nil || (only.Mine != nil) != (sp == theirs) || only.TheyAnswered != (sp == mine) {
				t.Fatalf("%s's view of a week only stone answered: %+v", sp.Role, only)
			}
		}
	})
}

// Every question is answered once with a whole number from 0 to 10;
// a problem names the answer it is in.
func TestWeeklyValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		mine, _ := w.linked(w.person("river"), w.person("stone"))
		eleven, minus := 11, -1
		for name, c := range map[string]struct {
			edit  func([]AnswerDraft) []AnswerDraft
			field string
		}{
			"unknown question": {func(a []AnswerDraft) []AnswerDraft { return append(a, AnswerDraft{Question: "sleep", Value: &eleven}) }, "answers[5].question"},
			"twice":            {func(a []AnswerDraft) []AnswerDraft { return append(a, a[1]) }, "answers[5].question"},
			"missing":          {func(a []AnswerDraft) []AnswerDraft { return a[1:] }, "answers"},
			"none":             {func([]AnswerDraft) []AnswerDraft { return nil }, "answers"},
			"no number":        {func(a []AnswerDraft) []AnswerDraft { a[2].Value = nil; return a }, "answers[2].value"},
			"above ten":        {func(a []AnswerDraft) []AnswerDraft { a[0].Value = &eleven; return a }, "answers[0].value"},
			"below zero":       {func(a []AnswerDraft) []AnswerDraft { a[4].Value = &minus; return a }, "answers[4].value"},
			"note too long": {func(a []AnswerDraft) []AnswerDraft {
				a[3].Note = strings.Repeat("a", MaxWeeklyNote+1)
				return a
			}, "answers[3].note"},
		} {
			if _, err := w.svc.AnswerWeek(ctx, mine, c.edit(answersOf(5, "n"))); !isProblem(err, c.field) {
				t.Errorf("%s: %v, want a problem with %s", name, err, c.field)
			}
		}
		if wk, err := w.svc.ThisWeek(ctx, mine); err != nil || wk.Mine != nil {
			t.Fatalf("a refused answer was kept: %+v %v", wk, err)
		}
		zero, ten := answersOf(0, ""), answersOf(10, strings.Repeat("a", MaxWeeklyNote))
		if _, err := w.svc.AnswerWeek(ctx, mine, append(zero[:2], ten[2:]...)); err != nil {
			t.Fatalf("0 and 10, and the longest note: %v", err)
		}
	})
}

// A pause stops answers from both; once the other has left, the one who
// stayed reads the weeks and answers no more.
func TestWeeklyPausedAndAlone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)
		if _, err := w.svc.AnswerWeek(ctx, mine, answersOf(3, "")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetPause(ctx, theirs, w.now.Add(time.Hour), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AnswerWeek(ctx, theirs, answersOf(3, "")); !errors.Is(err, ErrPaused) {
			t.Fatalf("answering while paused: %v", err)
		}
		if _, err := w.svc.AnswerWeek(ctx, mine, answersOf(4, "")); !errors.Is(err, ErrPaused) {
			t.Fatalf("replacing while paused: %v", err)
		}
		if err := w.svc.Unlink(ctx, stone); err != nil {
			t.Fatal(err)
		}
		alone, err := w.svc.Open(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		if wk, err := w.svc.ThisWeek(ctx, alone); err != nil || wk.Mine == nil || wk.Mine.Value.Answers[0].Value != 3 {
			t.Fatalf("the week the one who stayed reads: %+v %v", wk, err)
		}
		if _, err := w.svc.AnswerWeek(ctx, alone, answersOf(5, "")); !errors.Is(err, ErrAlone) {
			t.Fatalf("answering alone: %v", err)
		}
	})
}
