// Package journey holds the twelve steps and the tools a person uses along
// them: the guidance (content kept as embedded data, so it can be reviewed
// and translated without touching code), the emotion vocabulary, and the
// kinds of record each tool keeps.
package journey

import (
	"embed"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
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
	Models []Model `json:"models"`
	// Partner is, on the person's side, a short word for the one who
	// caused the hurt; the partner's side, written for them throughout,
	// leaves it empty.
	Partner []string `json:"partner,omitempty"`
	// Tools are, by a tool's path, this side's words introducing the
	// tool on the step's page, where the tool's own words speak to the
	// other side (the person's story "never means blaming yourself").
	Tools map[string]string `json:"tools,omitempty"`
}

// Model is a published model or study a step draws on.
type Model struct {
	Name    string `json:"name"`
	Authors string `json:"authors"`
	Year    int    `json:"year"`
	Note    string `json:"note"`
	About   string `json:"about"`
	// Additions says how the words added to a model relate to it (the
	// emotion vocabulary adds the feelings betrayal brings to Plutchik's).
	Additions string `json:"additions,omitempty"`
}

// Emotion is one named emotion of the check-in vocabulary. Its Name is
// what check-ins store, so it never changes; the Label and the words
// about it may.
type Emotion struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Group string `json:"group"`
	About string `json:"about"`
	// Level is where one of Plutchik's own words sits in its family:
	// "mild", "basic" or "strong"; Mix names the two families a blend
	// joins. Added marks a word kintsugi added to the wheel, and Wheel
	// says in words where it sits (for Plutchik's words, Load writes it).
	Level string   `json:"level,omitempty"`
	Mix   []string `json:"mix,omitempty"`
	Added bool     `json:"added,omitempty"`
	Wheel string   `json:"wheel,omitempty"`

	// Hue is the family whose colour the feeling is drawn in (a blend's
	// first family), and Variant its place among the feelings of that
	// hue: together they give every feeling a look of its own, the same
	// wherever it is charted.
	Hue     string `json:"-"`
	Variant int    `json:"-"`
	// Key is a short code for the feeling, for addresses: a chart's
	// choice of lines, without the feeling's name in the browser's
	// history.
	Key string `json:"-"`
}

// Group is a family of emotions: one of Plutchik's eight basic emotions,
// or the blends.
type Group struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	About    string `json:"about"`
	Emotions []Emotion
}

// Role names whose side of the journey a set of steps is written for.
type Role string

// The two sides of the journey. Their names are those of the roles in a
// shared space (package together), so a membership's role reads as one.
const (
	Person  Role = "person"  // the one who was hurt, healing
	Partner Role = "partner" // the one who caused the hurt, making it right
)

// Roles are both sides, the person's first.
var Roles = []Role{Person, Partner}

// Choose is the rule for whose journey an account walks. What the account
// chose in its settings wins; with no choice made, its role in a shared
// space decides, so a partner who accepted an invitation finds the steps
// written for them without looking for a setting; everyone else walks the
// person's.
func Choose(chosen, membership Role) Role {
	switch {
	case chosen == Person || chosen == Partner:
		return chosen
	case membership == Partner:
		return Partner
	}
	return Person
}

// Side is one side's twelve steps. Both sides have the same numbers and
// slugs in the same order, since what a person keeps (ratings, entries
// tied to a step) names a step by its number and its page by its slug:
// only the words differ.
type Side struct {
	Role  Role
	Steps []Step
	slugs map[string]int
}

// Guide is the journey's content, loaded and checked once at start-up.
type Guide struct {
	// Side is the person's steps, the journey of anyone who has not
	// said otherwise. Reach the partner's through For; code that needs
	// only numbers and slugs may use either.
	*Side
	partner *Side

	EmotionModel Model
	Groups       []Group
	Emotions     []Emotion

	emotions map[string]Emotion
	keys     map[string]string // Key -> Name
}

// sideFiles are the content files of each side.
var sideFiles = map[Role]string{Person: "content/steps.json", Partner: "content/steps-partner.json"}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads and checks the embedded content.
func Load() (*Guide, error) {
	g := &Guide{emotions: map[string]Emotion{}, keys: map[string]string{}}
	var err error
	if g.Side, err = loadSide(Person); err != nil {
		return nil, err
	}
	if g.partner, err = loadSide(Partner); err != nil {
		return nil, err
	}
	for i, s := range g.partner.Steps {
		if s.Slug != g.Steps[i].Slug {
			return nil, fmt.Errorf("journey content: the partner's step %d is %q, the person's %q: both sides need the same slugs", s.Number, s.Slug, g.Steps[i].Slug)
		}
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
	if err := g.placeEmotions(); err != nil {
		return nil, err
	}
	return g, nil
}

// loadSide reads and checks one side's steps: twelve, in order, each with
// a title, a summary, guidance, prompts and a whole rating question.
func loadSide(role Role) (*Side, error) {
	var steps struct {
		Steps []Step `json:"steps"`
	}
	name := sideFiles[role]
	if err := decode(name, &steps); err != nil {
		return nil, err
	}
	side := &Side{Role: role, Steps: steps.Steps, slugs: map[string]int{}}
	if len(side.Steps) != StepCount {
		return nil, fmt.Errorf("journey content %s: %d steps, want %d", name, len(side.Steps), StepCount)
	}
	for i, s := range side.Steps {
		if s.Number != i+1 || !slugPattern.MatchString(s.Slug) || s.Title == "" || s.Summary == "" ||
			len(s.Guidance) == 0 || len(s.Prompts) == 0 || s.Rating.Question == "" || s.Rating.Low == "" || s.Rating.High == "" {
			return nil, fmt.Errorf("journey content %s: step %d (%q) is incomplete or out of order", name, i+1, s.Slug)
		}
		if _, dup := side.slugs[s.Slug]; dup {
			return nil, fmt.Errorf("journey content %s: slug %q used twice", name, s.Slug)
		}
		side.slugs[s.Slug] = s.Number
	}
	return side, nil
}

// For returns the steps written for role; a role it does not know gets
// the person's.
func (g *Guide) For(role Role) *Side {
	if role == Partner {
		return g.partner
	}
	return g.Side
}

// levels are the forms of a family on Plutchik's wheel, and how the words
// list names them.
var levels = map[string]string{"mild": "the mild form of ", "basic": "one of the eight basic emotions", "strong": "the strong form of "}

// placeEmotions checks each emotion's place on the wheel, files it under
// its group, and gives it its look and its key.
func (g *Guide) placeEmotions() error {
	groups := map[string]int{}
	for i, gr := range g.Groups {
		groups[gr.Name] = i
	}
	family := func(name string) bool { _, ok := groups[name]; return ok && name != "blend" }
	variants := map[string]int{}
	for i := range g.Emotions {
		e := &g.Emotions[i]
		gi, ok := groups[e.Group]
		if !ok || e.Name == "" || e.Label == "" || e.About == "" {
			return fmt.Errorf("journey content: emotion %q is incomplete or in an unknown group", e.Name)
		}
		if _, dup := g.emotions[e.Name]; dup {
			return fmt.Errorf("journey content: emotion %q listed twice", e.Name)
		}
		switch {
		case e.Group == "blend" && (len(e.Mix) != 2 || !family(e.Mix[0]) || !family(e.Mix[1]) || e.Mix[0] == e.Mix[1]):
			return fmt.Errorf("journey content: the blend %q does not name two families", e.Name)
		case e.Group != "blend" && (len(e.Mix) > 0 || !e.Added && levels[e.Level] == ""):
			return fmt.Errorf("journey content: emotion %q has no level in its family", e.Name)
		case e.Added && e.Wheel == "":
			return fmt.Errorf("journey content: the added emotion %q does not say where it sits on the wheel", e.Name)
		}
		if e.Wheel == "" {
			e.Wheel = "Plutchik: " + levels[e.Level] + e.Group + "."
			if e.Level == "basic" {
				e.Wheel = "Plutchik: " + levels[e.Level] + "."
			}
			if e.Group == "blend" {
				e.Wheel = "Plutchik: " + e.Mix[0] + " and " + e.Mix[1] + " together."
			}
		}
		e.Hue = e.Group
		if e.Group == "blend" {
			e.Hue = e.Mix[0]
		}
		e.Variant = variants[e.Hue]
		variants[e.Hue]++
		e.Key = key(e.Name)
		if other, dup := g.keys[e.Key]; dup {
			return fmt.Errorf("journey content: emotions %q and %q have the same key", other, e.Name)
		}
		g.keys[e.Key] = e.Name
		g.emotions[e.Name] = *e
		g.Groups[gi].Emotions = append(g.Groups[gi].Emotions, *e)
	}
	return nil
}

// key is a short code made from name: a few letters and digits.
func key(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
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
func (s *Side) Step(n int) (Step, bool) {
	if n < 1 || n > len(s.Steps) {
		return Step{}, false
	}
	return s.Steps[n-1], true
}

// StepBySlug returns the step with the given slug.
func (s *Side) StepBySlug(slug string) (Step, bool) {
	return s.Step(s.slugs[slug])
}

// EmotionByKey returns the emotion with the given Key.
func (g *Guide) EmotionByKey(key string) (Emotion, bool) {
	return g.Emotion(g.keys[key])
}

// Emotion returns the named emotion of the vocabulary.
func (g *Guide) Emotion(name string) (Emotion, bool) {
	e, ok := g.emotions[name]
	return e, ok
}
