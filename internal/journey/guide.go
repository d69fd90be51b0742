// Package journey holds the twelve steps and the tools a person uses along
// them: the guidance (content kept as embedded data, so it can be reviewed
// and translated without touching code), the emotion vocabulary, and the
// kinds of record each tool keeps.
package journey

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
)

//go:embed content/*.json
var content embed.FS

// StepCount is the number of steps on the journey.
const StepCount = 12

// Step is one step of the journey with its guidance.
type Step struct {
	Number   int      `json:"number"`
	Slug     string   `json:"slug"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Guidance []string `json:"guidance"`
	Try      []string `json:"try"`
	Prompts  []string `json:"prompts"`
	Rating   struct {
		Question string `json:"question"`
		Low      string `json:"low"`
		High     string `json:"high"`
	} `json:"rating"`
	Models  []Model  `json:"models"`
	Partner []string `json:"partner"`
}

// Model is a published model or study a step draws on.
type Model struct {
	Name    string `json:"name"`
	Authors string `json:"authors"`
	Year    int    `json:"year"`
	Note    string `json:"note"`
	About   string `json:"about"`
}

// Emotion is one named emotion of the check-in vocabulary.
type Emotion struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Group string `json:"group"`
	About string `json:"about"`
}

// Group is a family of emotions: one of Plutchik's eight basic emotions,
// or the blends.
type Group struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	About    string `json:"about"`
	Emotions []Emotion
}

// Guide is the journey's content, loaded and checked once at start-up.
type Guide struct {
	Steps        []Step
	EmotionModel Model
	Groups       []Group
	Emotions     []Emotion

	emotions map[string]Emotion
	slugs    map[string]int
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads and checks the embedded content.
func Load() (*Guide, error) {
	g := &Guide{emotions: map[string]Emotion{}, slugs: map[string]int{}}
	var steps struct {
		Steps []Step `json:"steps"`
	}
	if err := decode("content/steps.json", &steps); err != nil {
		return nil, err
	}
	g.Steps = steps.Steps
	if len(g.Steps) != StepCount {
		return nil, fmt.Errorf("journey content: %d steps, want %d", len(g.Steps), StepCount)
	}
	for i, s := range g.Steps {
		if s.Number != i+1 || !slugPattern.MatchString(s.Slug) || s.Title == "" || s.Summary == "" ||
			len(s.Guidance) == 0 || s.Rating.Question == "" {
			return nil, fmt.Errorf("journey content: step %d (%q) is incomplete or out of order", i+1, s.Slug)
		}
		if _, dup := g.slugs[s.Slug]; dup {
			return nil, fmt.Errorf("journey content: slug %q used twice", s.Slug)
		}
		g.slugs[s.Slug] = s.Number
	}

	var emo struct {
		Model    Model     `json:"model"`
		Groups   []Group   `json:"groups"`
		Emotions []Emotion `json:"emotions"`
	}
	if err := decode("content/emotions.json", &emo); err != nil {
		return nil, err
	}
	g.EmotionModel, g.Groups, g.Emotions = emo.Model, emo.Groups, emo.Emotions
	groups := map[string]int{}
	for i, gr := range g.Groups {
		groups[gr.Name] = i
	}
	for _, e := range g.Emotions {
		i, ok := groups[e.Group]
		if !ok || e.Name == "" || e.Label == "" {
			return nil, fmt.Errorf("journey content: emotion %q is incomplete or in an unknown group", e.Name)
		}
		if _, dup := g.emotions[e.Name]; dup {
			return nil, fmt.Errorf("journey content: emotion %q listed twice", e.Name)
		}
		g.emotions[e.Name] = e
		g.Groups[i].Emotions = append(g.Groups[i].Emotions, e)
	}
	return g, nil
}

func decode(name string, v any) error {
	b, err := content.ReadFile(name)
	if err != nil {
		return fmt.Errorf("journey content: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("journey content %s: %w", name, err)
	}
	return nil
}

// Step returns step n (1–12).
func (g *Guide) Step(n int) (Step, bool) {
	if n < 1 || n > len(g.Steps) {
		return Step{}, false
	}
	return g.Steps[n-1], true
}

// StepBySlug returns the step with the given slug.
func (g *Guide) StepBySlug(slug string) (Step, bool) {
	return g.Step(g.slugs[slug])
}

// Emotion returns the named emotion of the vocabulary.
func (g *Guide) Emotion(name string) (Emotion, bool) {
	e, ok := g.emotions[name]
	return e, ok
}
