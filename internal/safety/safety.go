// Package safety notices crisis language in what a person writes and says
// where help is. It never blocks or changes what was written: the words are
// saved first, and the page after saving offers the resources.
package safety

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
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
	// Reach are the numbers to call or text, as links a phone can open.
	Reach []Line `json:"reach,omitempty"`
}

// Line is a number to call (Tel) or to text (SMS, with an optional
// first message, Body), with the words on its link.
type Line struct {
	Label string `json:"label"`
	Tel   string `json:"tel,omitempty"`
	SMS   string `json:"sms,omitempty"`
	Body  string `json:"body,omitempty"`
}

// Href is the line's tel: or sms: link (RFC 3966, RFC 5724), its number
// without the spaces and dashes people read it with.
func (l Line) Href() string {
	if l.Tel != "" {
		return "tel:" + dialable(l.Tel)
	}
	h := "sms:" + dialable(l.SMS)
	if l.Body != "" {
		h += "?body=" + l.Body
	}
	return h
}

func dialable(n string) string { return strings.NewReplacer(" ", "", "-", "").Replace(n) }

var (
	number   = regexp.MustCompile(`^\+?[0-9][0-9 -]{1,24}$`)
	textBody = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)
)

func (l Line) check() error {
	switch {
	case l.Label == "":
		return fmt.Errorf("a line needs a label")
	case (l.Tel == "") == (l.SMS == ""):
		return fmt.Errorf("line %q: give tel or sms, one of them", l.Label)
	case l.Tel != "" && !number.MatchString(l.Tel), l.SMS != "" && !number.MatchString(l.SMS):
		return fmt.Errorf("line %q: a number is digits, spaces and dashes, with an optional leading +", l.Label)
	case l.Body != "" && (l.SMS == "" || !textBody.MatchString(l.Body)):
		return fmt.Errorf("line %q: a body goes with sms and is one short word of letters and digits", l.Label)
	}
	return nil
}

// Crisis is the operator's crisis configuration: the words shown, the
// resources, and the phrases that bring them up.
type Crisis struct {
	Heading   string `json:"heading"`
	Intro     string `json:"intro"`
	Emergency string `json:"emergency"`
	// EmergencyLines are the emergency numbers the sentence names.
	EmergencyLines []Line     `json:"emergency_lines,omitempty"`
	Resources      []Resource `json:"resources"`
	Phrases        []string   `json:"phrases"`
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
	lines := c.EmergencyLines
	for _, r := range c.Resources {
		lines = append(lines, r.Reach...)
	}
	for _, l := range lines {
		if err := l.check(); err != nil {
			return nil, fmt.Errorf("crisis resources %s: %w", path, err)
		}
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
