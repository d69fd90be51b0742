package together

import (
	"context"
	"errors"
	"testing"
	"time"

	"kintsugi/internal/testdb"
)

// The person asks, the partner answers once; an open question is listed
// first; each role's part is its own.
func TestQuestions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)

		if _, err := w.svc.Ask(ctx, theirs, "Why?"); !errors.Is(err, ErrRole) {
			t.Fatalf("the partner asking: %v, want ErrRole", err)
		}
		if _, err := w.svc.Ask(ctx, mine, " \n "); !isProblem(err, "text") {
			t.Fatalf("an empty question: %v", err)
		}
		first, err := w.svc.Ask(ctx, mine, "When did it start?")
		if err != nil || !first.Value.Open() {
			t.Fatalf("ask: %+v %v", first, err)
		}
		w.now = w.now.Add(time.Hour)
		second, err := w.svc.Ask(ctx, mine, "Did you think about telling me?")
		if err != nil {
			t.Fatal(err)
		}

		if _, err := w.svc.Answer(ctx, mine, first.ID, "me"); !errors.Is(err, ErrRole) {
			t.Fatalf("the person answering: %v", err)
		}
		if _, err := w.svc.Answer(ctx, theirs, first.ID, ""); !isProblem(err, "text") {
			t.Fatalf("an empty answer: %v", err)
		}
		got, err := w.svc.Answer(ctx, theirs, first.ID, "In the spring, after the move.")
		if err != nil || got.Value.Open() || got.Value.Answer != "In the spring, after the move." || !got.Value.AnsweredAt.Equal(w.now) {
			t.Fatalf("answer: %+v %v", got, err)
		}
		if _, err := w.svc.Answer(ctx, theirs, first.ID, "Something else"); !errors.Is(err, ErrAnswered) {
			t.Fatalf("a second answer: %v, want ErrAnswered", err)
		}
		if _, err := w.svc.Answer(ctx, theirs, "nope", "x"); err == nil {
			t.Fatal("an answer to no question was taken")
		}

		// Both see the same list: the open question before the answered one.
		for _, sp := range []*Space{mine, theirs} {
			list, err := w.svc.Questions(ctx, sp)
			if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
				t.Fatalf("questions as %s: %+v %v", sp.Role, list, err)
			}
		}
	})
}

// A gentle note is for a question that asks for physical detail, never
// for one about what happened and why.
func TestGraphicNote(t *testing.T) {
	for q, want := range map[string]bool{
		"Did you sleep with them?":             true,
		"How many times did you meet at all?":  true,
		"Was the SEX better?":                  true,
		"Why did you hide it from me?":         false,
		"When did it start, and who knew?":     false,
		"Sussex was where you said you were?":  false, // a word inside a word
		"Did you think of what it would cost?": false,
	} {
		if got := GraphicNote(q) != ""; got != want {
			t.Errorf("GraphicNote(%q) = %v, want %v", q, got, want)
		}
	}
	if AskingGuidance().Guidance == "" || AskingGuidance().Note == "" {
		t.Error("the asking guidance is empty")
	}
}

// The partner records repairs, the person may respond once; nothing new
// while paused or once the other has left.
func TestRepairsAndThreads(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, stone := w.person("river"), w.person("stone")
		mine, theirs := w.linked(river, stone)

		if _, err := w.svc.AddRepair(ctx, mine, RepairDraft{Kind: Apology, Text: "x"}); !errors.Is(err, ErrRole) {
			t.Fatalf("the person recording a repair: %v", err)
		}
		if _, err := w.svc.AddRepair(ctx, theirs, RepairDraft{Kind: "gift", Text: ""}); !isProblem(err, "kind") || !isProblem(err, "text") {
			t.Fatalf("a repair of no kind and no words: %v", err)
		}
		rep, err := w.svc.AddRepair(ctx, theirs, RepairDraft{Kind: Apology, Text: "I am sorry I lied about the trip."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Respond(ctx, theirs, rep.ID, "x"); !errors.Is(err, ErrRole) {
			t.Fatalf("the partner responding: %v", err)
		}
		got, err := w.svc.Respond(ctx, mine, rep.ID, "Thank you for saying it plainly.")
		if err != nil || got.Value.Response == "" || got.Value.RespondedAt.IsZero() {
			t.Fatalf("respond: %+v %v", got, err)
		}
		if _, err := w.svc.Respond(ctx, mine, rep.ID, "again"); !errors.Is(err, ErrAnswered) {
			t.Fatalf("a second response: %v", err)
		}

		// Conversations: either starts one, either adds; the one with the
		// newest message is listed first, its messages oldest first.
		a, err := w.svc.StartThread(ctx, mine, "The holidays", "Can we talk about where we spend them?")
		if err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(time.Minute)
		b, err := w.svc.StartThread(ctx, theirs, "Money", "I want to show you the accounts.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.StartThread(ctx, theirs, "", ""); !isProblem(err, "title") || !isProblem(err, "text") {
			t.Fatalf("a conversation of nothing: %v", err)
		}
		w.now = w.now.Add(time.Minute)
		if _, err := w.svc.AddMessage(ctx, theirs, a.ID, "Yes. Your family first this year?"); err != nil {
			t.Fatal(err)
		}
		list, err := w.svc.Threads(ctx, mine)
		if err != nil || len(list) != 2 || list[0].ID != a.ID || list[0].Messages != 2 || list[1].ID != b.ID || !list[0].Last.Equal(w.now) {
			t.Fatalf("threads: %+v %v", list, err)
		}
		_, ms, err := w.svc.Thread(ctx, theirs, a.ID)
		if err != nil || len(ms) != 2 || ms[0].Value.By != RolePerson || ms[1].Value.By != RolePartner {
			t.Fatalf("thread: %+v %v", ms, err)
		}
		if _, err := w.svc.AddMessage(ctx, mine, "nope", "hello"); err == nil {
			t.Fatal("a message to no conversation was taken")
		}

		// A pause: neither adds anything.
		if _, err := w.svc.SetPause(ctx, mine, w.now.Add(time.Hour), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddMessage(ctx, theirs, a.ID, "Still there?"); !errors.Is(err, ErrPaused) {
			t.Fatalf("a message while paused: %v", err)
		}
		if _, err := w.svc.Ask(ctx, mine, "One more?"); !errors.Is(err, ErrPaused) {
			t.Fatalf("a question while paused: %v", err)
		}
		if err := w.svc.LiftPause(ctx, mine); err != nil {
			t.Fatal(err)
		}

		// The partner leaves: what was said can be read, nothing added.
		if err := w.svc.Unlink(ctx, stone); err != nil {
			t.Fatal(err)
		}
		alone, err := w.svc.Open(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		if _, ms, err := w.svc.Thread(ctx, alone, a.ID); err != nil || len(ms) != 2 {
			t.Fatalf("reading after they left: %d %v", len(ms), err)
		}
		if _, err := w.svc.AddMessage(ctx, alone, a.ID, "Hello?"); !errors.Is(err, ErrAlone) {
			t.Fatalf("a message after they left: %v", err)
		}
	})
}
