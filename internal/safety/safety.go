// Package safety notices crisis language in what a person writes and says
// where help is. It never blocks or changes what was written: the words are
// saved first, and the page after saving offers the resources.
package safety

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

//go:embed resources.json
var defaultResources []byte

// Resource is one place to reach out to.
type Resource struct {
	Name    string `json:"name"`
	Region  string `json:"region"`
	Contact string `json:"contact"`
	URL     string `json:"url"`
}

// Crisis is the operator's crisis configuration: the words shown, the
// resources, and the phrases that bring them up.
type Crisis struct {
	Heading   string     `json:"heading"`
	Intro     string     `json:"intro"`
	Emergency string     `json:"emergency"`
	Resources []Resource `json:"resources"`
	Phrases   []string   `json:"phrases"`
}

// Load reads the crisis configuration from path, or the built-in default
// when path is empty.
func Load(path string) (*Crisis, error) {
	data := defaultResources
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("crisis resources: %w", err)
		}
	}
	var c Crisis
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("crisis resources %s: %w", path, err)
	}
	if c.Heading == "" || len(c.Resources) == 0 || len(c.Phrases) == 0 {
		return nil, fmt.Errorf("crisis resources %s: heading, resources and phrases are all required", path)
	}
	for i, p := range c.Phrases {
		c.Phrases[i] = normalize(p)
	}
	return &c, nil
}

// Detect reports whether any of the texts contains a crisis phrase.
func (c *Crisis) Detect(texts ...string) bool {
	for _, t := range texts {
		if t == "" {
			continue
		}
		t = normalize(t)
		for _, p := range c.Phrases {
			if containsWord(t, p) {
				return true
			}
		}
	}
	return false
}

// normalize lower-cases, straightens apostrophes and folds runs of white
// space, so "Don’t  want\nto live" matches "don't want to live".
func normalize(s string) string {
	s = strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'").Replace(s))
	return strings.Join(strings.Fields(s), " ")
}

// containsWord reports whether phrase occurs in s at the start of a word.
// Only the start is checked, so longer word forms ("overdosed") match too:
// kintsugi errs on the side of offering help.
func containsWord(s, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isLetter(s[at-1]) {
			return true
		}
		i = at + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
