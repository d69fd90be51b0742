// Package tool is the engine every tool of the journey runs on. A tool is
// declared, not written: its shape (kinds of record, their fields, types,
// limits and choice lists) and its words (labels, hints, messages, in a
// folder per language) are data, checked once at start-up. From them this
// package derives validation, the sealed binary form, the JSON the API
// reads and writes, the JSON Schema of each kind, the forms and rows the
// pages show, and the text that crisis detection and search read.
//
// Go code belongs to a tool only where it is really particular to it
// (calibration maths, a boundary's summary), through three seams: a kind's
// cross-field check, its page panel, and its named actions. There is no
// expression language and nothing is editable at run time.
package tool

import (
	"context"
	"fmt"
	"regexp"
	"slices"

	"kintsugi/internal/record"
)

// Type is one of the closed set of field types.
type Type string

// The field types. Each has its own parsing, limits, wire form, JSON
// Schema and form control; a declaration can use only these.
const (
	Text     Type = "text"     // one line, at most Max characters
	LongText Type = "longtext" // several paragraphs, Markdown where declared
	Int      Type = "int"      // a whole number from Min to Max
	Choice   Type = "choice"   // one of a named choice list
	Choices  Type = "choices"  // several of a named choice list
	Date     Type = "date"     // a calendar date, YYYY-MM-DD
	Bool     Type = "bool"     // yes or no
	Texts    Type = "texts"    // a list of short texts
	Group    Type = "group"    // a repeated group of fields
	Object   Type = "object"   // one group of fields, present or not
	Step     Type = "step"     // a step of the journey, 1 to 12
)

var types = []Type{Text, LongText, Int, Choice, Choices, Date, Bool, Texts, Group, Object, Step}

// Field is one declared field. Name and Tag are stable forever: the name
// is the JSON key and form name, the tag the field's number in the sealed
// binary form.
type Field struct {
	Name     string  `json:"name"`
	Tag      uint64  `json:"tag"`
	Type     Type    `json:"type"`
	Required bool    `json:"required,omitempty"`
	Min      int     `json:"min,omitempty"`     // Int: the smallest value
	Max      int     `json:"max,omitempty"`     // characters (texts), largest value (Int), items (lists)
	Choices  string  `json:"choices,omitempty"` // Choice, Choices: the named list
	Default  string  `json:"default,omitempty"` // Choice: the value of a new item
	Markdown bool    `json:"markdown,omitempty"`
	Unique   bool    `json:"unique,omitempty"` // Group: its first field differs from row to row
	Fields   []Field `json:"fields,omitempty"` // Group, Object
	// ItemMax is the character limit of each entry of a Texts list.
	ItemMax int `json:"item_max,omitempty"`
	// Ref, on a text field, is the path of the kind whose item (always
	// one of the same person's) the field names by its id (ref.go).
	Ref string `json:"ref,omitempty"`
	// ReadOnly marks a field only the kind's actions set (the boundary an
	// expectation became): no form shows it and no request changes it,
	// though the API shows it. Such fields come after all the others
	// (action.go).
	ReadOnly bool `json:"readonly,omitempty"`

	hidden bool           // kept by the engine, never read or shown (an event's parent)
	byTag  map[uint64]int // Group, Object: its fields by tag
}

// Kind is one declared kind of record.
type Kind struct {
	// Name is sealed into every record's associated data and blind index:
	// it is stable forever.
	Name string `json:"name"`
	// Path is the kind's place in the API (/api/v1/{path}) and on the
	// site; also its key in an export.
	Path string `json:"path"`
	// Schema names the kind in the OpenAPI document.
	Schema string  `json:"schema"`
	Fields []Field `json:"fields"`
	// Index, if set, names a Step field whose value the records are
	// indexed under, so they can be listed by step.
	Index string `json:"index,omitempty"`
	// Summarize names the fields that sum an item up in a list, the first
	// one that is set standing as its title.
	Summarize []string `json:"summary"`
	// Events, if set, is a log of events each item of this kind owns.
	Events *Kind `json:"events,omitempty"`
	// Single marks a kind of which each person has one item at most (a
	// plan): it is read and replaced whole, never listed (single.go).
	Single bool `json:"single,omitempty"`

	// Step is the step the kind belongs to (0: the whole journey).
	Step int `json:"-"`
	// Parent is the kind whose items own this kind's, for events.
	Parent *Kind `json:"-"`

	index     map[string]int
	byTag     map[uint64]int
	catalog   *Catalog
	rec       record.Kind[Values]
	behaviour Behaviour
}

// Field returns the declared field with the given name.
func (k *Kind) Field(name string) (*Field, int, bool) {
	i, ok := k.index[name]
	if !ok {
		return nil, -1, false
	}
	return &k.Fields[i], i, true
}

// Catalog is every declared kind, with the choice lists they use.
type Catalog struct {
	Kinds    []*Kind // in declaration order: by step, then as declared
	choices  map[string][]string
	provided map[string]Provided
	byName   map[string]*Kind
	byPath   map[string]*Kind
	words    *Words
	onChange func(ctx context.Context, o record.Owner, k *Kind, item *Item, deleted bool) error
}

// Kind returns the kind with the given record name.
func (c *Catalog) Kind(name string) (*Kind, bool) {
	k, ok := c.byName[name]
	return k, ok
}

// ByPath returns the kind served at path.
func (c *Catalog) ByPath(path string) (*Kind, bool) {
	k, ok := c.byPath[path]
	return k, ok
}

// ChoiceList returns the values of a named choice list.
func (c *Catalog) ChoiceList(name string) []string { return c.choices[name] }

// Words returns the catalog's words.
func (c *Catalog) Words() *Words { return c.words }

// Shape is one step's declaration file.
type Shape struct {
	Step    int                 `json:"step"`
	Choices map[string][]string `json:"choices"`
	Kinds   []*Kind             `json:"kinds"`
}

var (
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	kindPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	// A path may sit under one area's (together/felt-trust).
	pathPattern   = regexp.MustCompile(`^([a-z][a-z0-9]*(-[a-z0-9]+)*/)?[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	schemaPattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	maxTextLimit  = 100_000
)

// reserved are JSON keys every item carries, or that a request may add;
// no field may take them.
var reserved = []string{"id", "created_at", "updated_at", "events", "crisis_resources", "summary"}

// check checks a kind's declaration, with lists holding every choice list
// known so far.
func (k *Kind) check(lists map[string][]string) error {
	if !kindPattern.MatchString(k.Name) || !pathPattern.MatchString(k.Path) || !schemaPattern.MatchString(k.Schema) {
		return fmt.Errorf("kind %q: name, path and schema must be plain (got %q, %q, %q)", k.Name, k.Name, k.Path, k.Schema)
	}
	if len(k.Fields) == 0 {
		return fmt.Errorf("kind %s: no fields", k.Name)
	}
	k.index = map[string]int{}
	if err := checkFields(k.Name, k.Fields, lists, k.index); err != nil {
		return err
	}
	if k.Index != "" {
		if f, _, ok := k.Field(k.Index); !ok || f.Type != Step {
			return fmt.Errorf("kind %s: index %q is not a step field", k.Name, k.Index)
		}
	}
	if len(k.Summarize) == 0 {
		return fmt.Errorf("kind %s: no summary fields", k.Name)
	}
	if err := k.checkSingle(); err != nil {
		return err
	}
	if err := k.checkReadOnly(); err != nil {
		return err
	}
	for _, name := range k.Summarize {
		if _, _, ok := k.Field(name); !ok {
			return fmt.Errorf("kind %s: summary field %q is not declared", k.Name, name)
		}
	}
	return nil
}

func checkFields(where string, fields []Field, lists map[string][]string, index map[string]int) error {
	tags := map[uint64]bool{}
	for i := range fields {
		f := &fields[i]
		at := where + "." + f.Name
		switch {
		case !namePattern.MatchString(f.Name) || slices.Contains(reserved, f.Name):
			return fmt.Errorf("field %s: a name must be lower-case letters, digits and _, and not one of %v", at, reserved)
		case f.Tag == 0 || tags[f.Tag]:
			return fmt.Errorf("field %s: tag %d is missing or used twice", at, f.Tag)
		case !slices.Contains(types, f.Type):
			return fmt.Errorf("field %s: unknown type %q", at, f.Type)
		}
		if _, dup := index[f.Name]; dup {
			return fmt.Errorf("field %s is declared twice", at)
		}
		tags[f.Tag] = true
		if index != nil {
			index[f.Name] = i
		}
		if err := checkLimits(at, f, lists); err != nil {
			return err
		}
		if f.Type == Group || f.Type == Object {
			if len(f.Fields) == 0 {
				return fmt.Errorf("field %s: a %s needs fields", at, f.Type)
			}
			if err := checkFields(at, f.Fields, lists, map[string]int{}); err != nil {
				return err
			}
			f.byTag = tagIndex(f.Fields)
		} else if len(f.Fields) > 0 {
			return fmt.Errorf("field %s: only a group or an object has fields", at)
		}
	}
	return nil
}

func checkLimits(at string, f *Field, lists map[string][]string) error {
	switch f.Type {
	case Text, LongText:
		if f.Max < 1 || f.Max > maxTextLimit {
			return fmt.Errorf("field %s: max must be from 1 to %d characters", at, maxTextLimit)
		}
	case Int:
		if f.Min > f.Max {
			return fmt.Errorf("field %s: min %d is above max %d", at, f.Min, f.Max)
		}
	case Choice, Choices:
		list, ok := lists[f.Choices]
		if !ok {
			return fmt.Errorf("field %s: unknown choice list %q", at, f.Choices)
		}
		if f.Default != "" && !slices.Contains(list, f.Default) {
			return fmt.Errorf("field %s: default %q is not in %s", at, f.Default, f.Choices)
		}
		if f.Type == Choices && f.Max < 1 {
			f.Max = len(list)
		}
	case Texts:
		if f.Max < 1 || f.ItemMax < 1 || f.ItemMax > 1000 {
			return fmt.Errorf("field %s: a list of texts needs max items and item_max characters (at most 1000)", at)
		}
	case Group:
		if f.Max < 1 {
			return fmt.Errorf("field %s: a group needs max rows", at)
		}
	}
	if f.Default != "" && f.Type != Choice {
		return fmt.Errorf("field %s: only a choice has a default", at)
	}
	if f.Unique && (f.Type != Group || len(f.Fields) == 0 || (f.Fields[0].Type != Choice && f.Fields[0].Type != Text)) {
		return fmt.Errorf("field %s: unique is for a group whose first field is a choice or a text", at)
	}
	return nil
}
