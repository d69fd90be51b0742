package journey

import (
	"strings"
	"testing"
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
