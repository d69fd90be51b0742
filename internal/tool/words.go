package tool

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
)

// Words are what a tool says, in one language: kept apart from its shape
// so that a reviewer, a therapist or a translator can change them without
// reading Go. A translation is a copy of the folder.
type Words struct {
	Kinds   map[string]*KindWords        `json:"kinds"`
	Choices map[string]map[string]string `json:"choices"`
	// Messages are the engine's own sentences, with {name}, {min},
	// {max} and {n} filled in.
	Messages map[string]string `json:"messages"`
}

// KindWords are the words of one kind.
type KindWords struct {
	Title string `json:"title"` // the kind's name on a page ("Boundaries")
	One   string `json:"one"`   // one item, with its article, in a sentence ("a boundary")
	Intro string `json:"intro"` // a line above its form
	Empty string `json:"empty"` // shown when there are no items yet
	// Fields holds the words of each field, by name.
	Fields   map[string]*FieldWords `json:"fields"`
	Sections []Section              `json:"sections,omitempty"`
	// Actions holds the words of each of the kind's actions, by name.
	Actions map[string]*ActionWords `json:"actions,omitempty"`
	// Messages are sentences the kind's own Go says, by key (a day that
	// already holds three good things), checked when it is bound.
	Messages map[string]string `json:"messages,omitempty"`
}

// FieldWords are the words of one field.
type FieldWords struct {
	Label string `json:"label"`
	// Name stands for the field inside a sentence, at its start ("The
	// title"); the label when unset.
	Name     string                 `json:"name,omitempty"`
	Hint     string                 `json:"hint,omitempty"`
	Required string                 `json:"required,omitempty"` // the message when it is missing
	Low      string                 `json:"low,omitempty"`      // Int: what the smallest value means
	High     string                 `json:"high,omitempty"`     // Int: what the largest value means
	Fields   map[string]*FieldWords `json:"fields,omitempty"`   // Group, Object
}

// Section is a part of a kind's form, with its own heading.
type Section struct {
	Title  string   `json:"title"`
	Hint   string   `json:"hint,omitempty"`
	Fields []string `json:"fields"`
	// Later marks a part filled in after the fact (a debrief, an
	// outcome): new items' forms leave it folded.
	Later bool `json:"later,omitempty"`
}

// messageKeys are the engine's messages every language must have.
var messageKeys = []string{"required", "too_long", "control", "unreadable", "range", "not_number",
	"choice", "date", "future", "too_many", "twice", "step", "step_or_none", "yes", "when"}

// loadWords reads every *.json in dir (the step files and engine.json)
// into one Words, and checks it against the catalog: every kind, field and
// choice has its words, and no word belongs to nothing.
func loadWords(dir fs.FS, c *Catalog) (*Words, error) {
	files, err := fs.Glob(dir, "*.json")
	if err != nil {
		return nil, err
	}
	w := &Words{Kinds: map[string]*KindWords{}, Choices: map[string]map[string]string{}, Messages: map[string]string{}}
	for _, name := range files {
		var part Words
		if err := decodeStrict(dir, name, &part); err != nil {
			return nil, fmt.Errorf("tool words: %w", err)
		}
		for k, v := range part.Kinds {
			if _, dup := w.Kinds[k]; dup {
				return nil, fmt.Errorf("tool words %s: kind %q has words twice", name, k)
			}
			w.Kinds[k] = v
		}
		for k, v := range part.Choices {
			if _, dup := w.Choices[k]; dup {
				return nil, fmt.Errorf("tool words %s: choice list %q has words twice", name, k)
			}
			w.Choices[k] = v
		}
		for k, v := range part.Messages {
			if _, dup := w.Messages[k]; dup {
				return nil, fmt.Errorf("tool words %s: message %q is given twice", name, k)
			}
			w.Messages[k] = v
		}
	}
	return w, w.check(c)
}

func (w *Words) check(c *Catalog) error {
	var problems []string
	miss := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for _, key := range messageKeys {
		if w.Messages[key] == "" {
			miss("message %q is missing", key)
		}
	}
	for key := range w.Messages {
		if !slices.Contains(messageKeys, key) {
			miss("message %q belongs to nothing", key)
		}
	}
	for _, k := range c.Kinds {
		kw := w.Kinds[k.Name]
		if kw == nil || kw.Title == "" || kw.One == "" {
			miss("kind %s has no title or one", k.Name)
			continue
		}
		checkFieldWords(k.Name, k.Shown(), kw.Fields, miss)
		checkSections(k, kw.Sections, miss)
	}
	for name := range w.Kinds {
		if _, ok := c.Kind(name); !ok {
			miss("words for kind %q, which is not declared", name)
		}
	}
	declared := map[string]bool{}
	for _, k := range c.Kinds {
		eachField(k.Fields, func(f *Field) {
			if f.Choices != "" {
				declared[f.Choices] = true
			}
		})
	}
	for list := range declared {
		if _, ok := c.provided[list]; ok {
			continue // a list code provides brings its own labels
		}
		labels := w.Choices[list]
		for _, v := range c.choices[list] {
			if labels[v] == "" {
				miss("choice %s/%s has no label", list, v)
			}
		}
		for v := range labels {
			if !slices.Contains(c.choices[list], v) {
				miss("label for choice %s/%s, which is not declared", list, v)
			}
		}
	}
	for list := range w.Choices {
		if _, ok := c.provided[list]; ok {
			miss("words for choice list %q, which code provides with its labels", list)
		} else if !declared[list] {
			miss("words for choice list %q, which no field uses", list)
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("tool words: %s", strings.Join(problems, "; "))
	}
	return nil
}

func checkFieldWords(at string, fields []Field, words map[string]*FieldWords, miss func(string, ...any)) {
	for i := range fields {
		f := &fields[i]
		fw := words[f.Name]
		if fw == nil || fw.Label == "" {
			miss("field %s.%s has no label", at, f.Name)
			continue
		}
		if fw.Name == "" {
			fw.Name = fw.Label
		}
		if f.Type == Group || f.Type == Object {
			checkFieldWords(at+"."+f.Name, f.Fields, fw.Fields, miss)
		} else if len(fw.Fields) > 0 {
			miss("field %s.%s has words for fields it does not have", at, f.Name)
		}
	}
	for name := range words {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name }) {
			miss("words for field %s.%s, which is not declared", at, name)
		}
	}
}

// checkSections makes sure that sections, when a kind has them, place
// every field exactly once.
func checkSections(k *Kind, sections []Section, miss func(string, ...any)) {
	if len(sections) == 0 {
		return
	}
	placed := map[string]int{}
	for _, s := range sections {
		for _, name := range s.Fields {
			placed[name]++
		}
	}
	for _, f := range k.Visible() {
		if placed[f.Name] != 1 {
			miss("kind %s: field %s is in %d sections, want 1", k.Name, f.Name, placed[f.Name])
		}
		delete(placed, f.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(placed)) {
		miss("kind %s: a section names %s, which is not declared", k.Name, name)
	}
}

// eachField calls fn for every field of fields, those of groups included.
func eachField(fields []Field, fn func(*Field)) {
	for i := range fields {
		fn(&fields[i])
		eachField(fields[i].Fields, fn)
	}
}

// Of returns the words of kind k.
func (w *Words) Of(k *Kind) *KindWords { return w.Kinds[k.Name] }

// Message returns the engine's message key with its blanks filled.
func (w *Words) Message(key string, fill ...string) string {
	return strings.NewReplacer(fill...).Replace(w.Messages[key])
}

// ChoiceLabel returns the label of a choice in a list.
func (c *Catalog) ChoiceLabel(list, value string) string {
	if p, ok := c.provided[list]; ok {
		return p.Labels[value]
	}
	return c.words.Choices[list][value]
}
