package journey

import (
	"errors"
	"strings"
	"testing"

	"kintsugi/internal/valid"
)

func TestLoadContent(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range g.Steps {
		if s.Number != i+1 || len(s.Prompts) == 0 || len(s.Models) == 0 || s.Rating.Low == "" || s.Rating.High == "" {
			t.Errorf("step %d (%s) is missing prompts, models or rating anchors", i+1, s.Slug)
		}
		if got, ok := g.StepBySlug(s.Slug); !ok || got.Number != s.Number {
			t.Errorf("StepBySlug(%q) = %d, %v", s.Slug, got.Number, ok)
		}
		for _, p := range append(append(s.Guidance, s.Summary), s.Try...) {
			if strings.Contains(p, "!") {
				t.Errorf("step %d: calm words do not shout: %q", s.Number, p)
			}
		}
	}
	if _, ok := g.StepBySlug("nope"); ok {
		t.Error("an unknown slug was found")
	}
	if _, ok := g.Step(0); ok {
		t.Error("step 0 exists")
	}
	if len(g.Groups) != 9 || g.Groups[0].Name != "joy" || len(g.Groups[0].Emotions) != 3 {
		t.Errorf("Plutchik's eight emotions and the blends: %+v", g.Groups)
	}
	if e, ok := g.Emotion("remorse"); !ok || e.Group != "blend" {
		t.Errorf("remorse = %+v, %v", e, ok)
	}
}

func problemOn(t *testing.T, err error, field string) {
	t.Helper()
	p, ok := valid.As(err)
	if !ok || p.For(field) == "" {
		t.Errorf("want a problem with %s, got %v", field, err)
	}
}

func TestCleanCheckin(t *testing.T) {
	g, _ := Load()
	ok := Checkin{Emotions: []Felt{{"grief", 8}, {"anger", 0}}, Note: " \r\nheavy day\r\n"}
	if err := g.CleanCheckin(&ok); err != nil || ok.Note != "heavy day" {
		t.Fatalf("a good check-in: %v (note %q)", err, ok.Note)
	}
	problemOn(t, g.CleanCheckin(&Checkin{}), "emotions")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 11}}}), "emotions[0].intensity")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 1}, {"meh", 2}}}), "emotions[1].name")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 1}, {"grief", 2}}}), "emotions[1].name")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 1}}, Note: strings.Repeat("x", MaxNote+1)}), "note")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 1}}, Note: "bad \xff bytes"}), "note")
	problemOn(t, g.CleanCheckin(&Checkin{Emotions: []Felt{{"grief", 1}}, Sensations: "bell\x07"}), "sensations")
}

func TestCleanEntryAndRating(t *testing.T) {
	e := JournalEntry{Title: "  A title ", Body: "words", Step: 12}
	if err := e.Clean(); err != nil || e.Title != "A title" {
		t.Fatalf("a good entry: %v", err)
	}
	problemOn(t, (&JournalEntry{Body: " \n "}).Clean(), "body")
	problemOn(t, (&JournalEntry{Body: "x", Step: 13}).Clean(), "step")
	problemOn(t, (&JournalEntry{Body: "x", Step: -1}).Clean(), "step")
	problemOn(t, (&JournalEntry{Body: "x", Title: strings.Repeat("t", MaxTitle+1)}).Clean(), "title")
	if err := (&Rating{Step: 3, Value: 10}).Clean(); err != nil {
		t.Fatal(err)
	}
	problemOn(t, (&Rating{Step: 0, Value: 3}).Clean(), "step")
	problemOn(t, (&Rating{Step: 3, Value: 11}).Clean(), "value")
	if err := (&Rating{Step: 3, Value: -1}).Clean(); !errors.As(err, new(valid.Problems)) {
		t.Fatal("a rating of -1 was accepted")
	}
}
