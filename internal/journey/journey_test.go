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
	for _, role := range Roles {
		checkSide(t, g.For(role))
	}
	if len(g.Groups) != 9 || g.Groups[len(g.Groups)-1].Name != "blend" {
		t.Errorf("Plutchik's eight families and the blends: %+v", g.Groups)
	}
	if e, ok := g.Emotion("remorse"); !ok || e.Group != "blend" || !slices.Equal(e.Mix, []string{"sadness", "disgust"}) {
		t.Errorf("remorse = %+v, %v", e, ok)
	}
}

// checkSide checks one side's twelve steps: every part a step page shows
// is there, and the words are calm.
func checkSide(t *testing.T, g *Side) {
	t.Helper()
	for i, s := range g.Steps {
		if s.Title == "" || s.Summary == "" || len(s.Guidance) == 0 || len(s.Try) == 0 || s.Rating.Question == "" {
			t.Errorf("%s step %d (%s) is missing a title, summary, guidance, things to try or a rating question", g.Role, i+1, s.Slug)
		}
		for path, intro := range s.Tools {
			if path == "" || intro == "" || strings.Contains(intro, "!") {
				t.Errorf("%s step %d: the words for tool %q are empty or shout: %q", g.Role, s.Number, path, intro)
			}
		}
		for _, m := range s.Models {
			if m.Name == "" || m.Authors == "" || m.Year == 0 || m.Note == "" {
				t.Errorf("%s step %d: a model is missing its name, authors, year or note: %+v", g.Role, s.Number, m)
			}
		}
		if s.Number != i+1 || len(s.Prompts) == 0 || len(s.Models) == 0 || s.Rating.Low == "" || s.Rating.High == "" {
			t.Errorf("%s step %d (%s) is missing prompts, models or rating anchors", g.Role, i+1, s.Slug)
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
}

// Both sides are the same twelve steps, by number and slug, since what a
// person keeps names a step by them; the partner's are worded for the one
// who caused the hurt, every title and summary their own.
func TestTwoSides(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	person, partner := g.For(Person), g.For(Partner)
	if person != g.Side || partner == person || person.Role != Person || partner.Role != Partner {
		t.Fatalf("For: person %p (%s), partner %p (%s), the guide's own %p", person, person.Role, partner, partner.Role, g.Side)
	}
	if g.For("someone") != person {
		t.Error("an unknown role does not get the person's steps")
	}
	for i, p := range person.Steps {
		q := partner.Steps[i]
		if p.Number != q.Number || p.Slug != q.Slug {
			t.Errorf("step %d: person %d %q, partner %d %q", i+1, p.Number, p.Slug, q.Number, q.Slug)
		}
		if p.Title == q.Title || p.Summary == q.Summary || p.Rating.Question == q.Rating.Question || slices.Equal(p.Guidance, q.Guidance) {
			t.Errorf("step %d: the partner's words are the person's", q.Number)
		}
		if len(q.Partner) != 0 {
			t.Errorf("step %d: the partner's side has a word for the partner", q.Number)
		}
		if got, ok := partner.StepBySlug(p.Slug); !ok || got.Title != q.Title {
			t.Errorf("the partner's StepBySlug(%q) = %q, %v", p.Slug, got.Title, ok)
		}
	}
}

// The setting wins; without one, the membership decides.
func TestChoose(t *testing.T) {
	for _, c := range []struct{ chosen, member, want Role }{
		{"", "", Person}, {"", Person, Person}, {"", Partner, Partner},
		{Person, Partner, Person}, {Partner, "", Partner}, {Partner, Person, Partner},
		{"nonsense", Partner, Partner}, {"nonsense", "", Person},
	} {
		if got := Choose(c.chosen, c.member); got != c.want {
			t.Errorf("Choose(%q, %q) = %q, want %q", c.chosen, c.member, got, c.want)
		}
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
