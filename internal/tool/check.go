package tool

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kintsugi/internal/valid"
)

// Validation runs in three stages, as Django's forms do: each type turns
// the raw input into a value (json.go, form.go), each field's limits are
// checked here, then the kind's own cross-field check, if it has one.
// Every problem names its field ("causes[2].weight") in the kind's words,
// and the person's input is never changed by a failed check.

// Behaviour is the Go that is particular to a kind: its seams.
type Behaviour struct {
	// Check, if set, is the kind's cross-field check, run after every
	// field has passed its own.
	Check func(v Values, p *valid.Problems)
	// Summary, if set, sums an item up from the events it owns (how
	// often a boundary held): the API adds it to the item as "summary",
	// and the item's page shows it.
	Summary *Summary
	// Views are readings over all of a kind's items (the instincts'
	// calibration), each at /api/v1/{path}/{name} and on the kind's
	// pages.
	Views []View
	// Order, if set, puts a page of items in the order a person needs
	// them (active boundaries first), given today's date.
	Order func(items []Item, today string)
	// Admit, if set, checks a new item against the others made the same
	// day in the person's time zone (three good things a day), after
	// every other check has passed (admit.go).
	Admit func(day []Item, v Values, p *valid.Problems)
	// Actions are what may be done to an item beyond changing it (turn an
	// expectation into a boundary), each at POST
	// /api/v1/{path}/{id}/{name} and a button on the item's page
	// (action.go).
	Actions []Action
}

// Summary is a kind's summary of an item from its events.
type Summary struct {
	Of     func(events []Item) any // events newest first
	Schema Schema
}

// View is one reading over all of a kind's items.
type View struct {
	Name   string
	Of     func(items []Item) any // every item, newest first
	Schema Schema
	// Also names other kinds the reading needs every item of (an events
	// kind's, of all its items); OfAll then takes the place of Of, with
	// them in that order (view.go).
	Also  []string
	OfAll func(items []Item, also [][]Item) any
}

// Behaviour returns the kind's behaviour.
func (k *Kind) Behaviour() Behaviour { return k.behaviour }

// Bind gives a kind its behaviour. Code calls it once at start-up.
func (c *Catalog) Bind(kind string, b Behaviour) error {
	k, ok := c.byName[kind]
	if !ok {
		return errUnknownKind(kind)
	}
	k.behaviour = b
	return k.checkBehaviour()
}

type errUnknownKind string

func (e errUnknownKind) Error() string { return "tool: no kind " + strconv.Quote(string(e)) }

// Clean checks v, a value of k, tidying texts in place (line endings,
// surrounding space). It returns the problems as a valid.Problems error.
func (k *Kind) Clean(v Values) error {
	var p valid.Problems
	ck := checker{k: k, p: &p}
	ck.values("", k.Visible(), k.words().Fields, v)
	if len(p) == 0 && k.behaviour.Check != nil {
		k.behaviour.Check(v, &p)
	}
	return p.Err()
}

type checker struct {
	k *Kind
	p *valid.Problems
}

func (c checker) add(field string, fw *FieldWords, key string, fill ...string) {
	c.p.Add(field, c.k.catalog.words.Message(key, append([]string{"{name}", fw.Name}, fill...)...))
}

func (c checker) values(prefix string, fields []Field, words map[string]*FieldWords, v Values) {
	for i := range fields {
		c.value(prefix+fields[i].Name, &fields[i], words[fields[i].Name], &v[i])
	}
}

func (c checker) value(at string, f *Field, fw *FieldWords, x *Value) {
	switch f.Type {
	case Text, LongText:
		x.Str = tidy(x.Str)
	case Texts:
		kept := x.List[:0]
		for _, s := range x.List {
			if s = tidy(s); s != "" {
				kept = append(kept, s)
			}
		}
		x.List = kept
	}
	if !x.set(f) {
		if f.Required {
			if fw.Required != "" {
				c.p.Add(at, fw.Required)
			} else {
				c.add(at, fw, "required")
			}
		}
		return
	}
	switch f.Type {
	case Text, LongText:
		c.text(at, fw, x.Str, f.Max)
	case Int:
		if x.Num < f.Min || x.Num > f.Max {
			c.add(at, fw, "range", "{min}", strconv.Itoa(f.Min), "{max}", strconv.Itoa(f.Max))
		}
	case Step:
		if x.Num < 1 || x.Num > 12 {
			if f.Required {
				c.add(at, fw, "step")
			} else {
				c.add(at, fw, "step_or_none")
			}
		}
	case Choice:
		if !slices.Contains(c.k.catalog.choices[f.Choices], x.Str) {
			c.add(at, fw, "choice")
		}
	case Date:
		if _, err := time.Parse(time.DateOnly, x.Str); err != nil {
			c.add(at, fw, "date")
		}
	case Choices:
		c.count(at, fw, len(x.List), f.Max)
		for i, s := range x.List {
			if !slices.Contains(c.k.catalog.choices[f.Choices], s) {
				c.add(at+"["+strconv.Itoa(i)+"]", fw, "choice")
			} else if slices.Index(x.List, s) < i {
				c.add(at+"["+strconv.Itoa(i)+"]", fw, "twice", "{value}", c.k.catalog.ChoiceLabel(f.Choices, s))
			}
		}
	case Texts:
		c.count(at, fw, len(x.List), f.Max)
		for _, s := range x.List {
			c.text(at, fw, s, f.ItemMax)
		}
	case Group, Object:
		if f.Type == Group {
			c.count(at, fw, len(x.Rows), f.Max)
		}
		for i, row := range x.Rows {
			prefix := at + "."
			if f.Type == Group {
				prefix = at + "[" + strconv.Itoa(i) + "]."
			}
			c.values(prefix, f.Fields, fw.Fields, row)
		}
		if f.Unique {
			c.unique(at, f, fw, x.Rows)
		}
	}
}

// unique refuses a group whose rows repeat their first field (a feeling
// named twice in one check-in).
func (c checker) unique(at string, f *Field, fw *FieldWords, rows []Values) {
	first := &f.Fields[0]
	for i, row := range rows {
		for j := range i {
			if rows[j][0].Str == row[0].Str && row[0].Str != "" {
				label := row[0].Str
				if first.Type == Choice {
					label = c.k.catalog.ChoiceLabel(first.Choices, label)
				}
				c.add(at+"["+strconv.Itoa(i)+"]."+first.Name, fw, "twice", "{value}", label)
				break
			}
		}
	}
}

func (c checker) count(at string, fw *FieldWords, n, max int) {
	if n > max {
		c.add(at, fw, "too_many", "{max}", strconv.Itoa(max), "{n}", strconv.Itoa(n))
	}
}

// tidy normalises line endings to "\n" and trims surrounding space.
func tidy(s string) string {
	if !utf8.ValidString(s) {
		return s // text reports it
	}
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// text checks tidied free text: valid UTF-8, no control characters but
// line breaks and tabs, at most max characters.
func (c checker) text(at string, fw *FieldWords, s string, max int) {
	switch {
	case !utf8.ValidString(s):
		c.add(at, fw, "unreadable")
	case utf8.RuneCountInString(s) > max:
		c.add(at, fw, "too_long", "{max}", strconv.Itoa(max), "{n}", strconv.Itoa(utf8.RuneCountInString(s)))
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }):
		c.add(at, fw, "control")
	}
}

func (k *Kind) words() *KindWords { return k.catalog.words.Kinds[k.Name] }
