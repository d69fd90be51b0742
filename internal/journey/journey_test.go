package journey

import (
	"slices"
	"strconv"
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
	if len(g.Groups) != 9 || g.Groups[len(g.Groups)-1].Name != "blend" {
		t.Errorf("Plutchik's eight families and the blends: %+v", g.Groups)
	}
	if e, ok := g.Emotion("remorse"); !ok || e.Group != "blend" || !slices.Equal(e.Mix, []string{"sadness", "disgust"}) {
		t.Errorf("remorse = %+v, %v", e, ok)
	}
}

// Check-ins store an emotion's name: every name ever offered stays, and
// the words betrayal brings are there to choose.
func TestEmotionNamesStay(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	stored := []string{"serenity", "joy", "ecstasy", "acceptance", "trust", "admiration", "apprehension", "fear", "terror",
		"distraction", "surprise", "amazement", "pensiveness", "sadness", "grief", "boredom", "disgust", "loathing",
		"annoyance", "anger", "rage", "interest", "anticipation", "vigilance", "love", "remorse", "contempt",
		"disapproval", "optimism", "hope", "despair", "envy", "guilt", "shame", "outrage", "anxiety", "pessimism",
		"sentimentality"}
	needed := []string{"numbness", "hurt", "betrayal", "loneliness", "jealousy", "confusion", "humiliation", "relief", "shock"}
	for _, name := range append(stored, needed...) {
		if _, ok := g.Emotion(name); !ok {
			t.Errorf("%q is not offered", name)
		}
	}
	for _, name := range needed {
		if e, _ := g.Emotion(name); !e.Added || !strings.HasPrefix(e.Wheel, "Added:") {
			t.Errorf("%q is not marked as added to Plutchik's words: %+v", name, e)
		}
	}
	if g.EmotionModel.Additions == "" {
		t.Error("the model does not say how the added words relate to it")
	}
}

// A feeling's look comes from the feeling: no two feelings share a hue
// and a variant, and its key finds it again.
func TestEmotionLooksAndKeys(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range g.Emotions {
		look := e.Hue + "/" + strconv.Itoa(e.Variant)
		if other, dup := seen[look]; dup {
			t.Errorf("%s and %s look the same (%s)", other, e.Name, look)
		}
		seen[look] = e.Name
		if e.Variant > 8 {
			t.Errorf("%s is variant %d of %s: the stylesheet draws 9", e.Name, e.Variant, e.Hue)
		}
		if got, ok := g.EmotionByKey(e.Key); !ok || got.Name != e.Name || strings.Contains(e.Key, e.Name) {
			t.Errorf("key %q of %s finds %q", e.Key, e.Name, got.Name)
		}
		if e.Wheel == "" || strings.Contains(e.About, " together:") {
			t.Errorf("%s: where it sits on the wheel %q, what it means %q", e.Name, e.Wheel, e.About)
		}
	}
	if e, _ := g.Emotion("despair"); e.Hue != "fear" {
		t.Errorf("a blend takes its first family's hue: despair is %s", e.Hue)
	}
}
