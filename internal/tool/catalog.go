package tool

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"

	"kintsugi/internal/record"
)

// ofField is the hidden field in which an event keeps the id of the item
// it belongs to; its records are indexed by it.
var ofField = Field{Name: "of", Tag: 999, Type: Text, Max: 26, hidden: true}

// Provided is a choice list that code provides, with its labels, such as
// the emotion vocabulary.
type Provided struct {
	Values []string
	Labels map[string]string
}

// Load reads every shape file (*.json) in shapes, checks them with the
// choice lists that code provides, and reads and checks their words. Any
// problem fails here, at start-up.
func Load(shapes fs.FS, words fs.FS, provided map[string]Provided) (*Catalog, error) {
	files, err := fs.Glob(shapes, "*.json")
	if err != nil {
		return nil, err
	}
	c := &Catalog{choices: map[string][]string{}, byName: map[string]*Kind{}, byPath: map[string]*Kind{}, provided: provided}
	for name, list := range provided {
		c.choices[name] = list.Values
	}
	var all []Shape
	for _, name := range files {
		var sh Shape
		if err := decodeStrict(shapes, name, &sh); err != nil {
			return nil, err
		}
		if sh.Step < 0 || sh.Step > 12 {
			return nil, fmt.Errorf("tool shape %s: step %d is not 0 to 12", name, sh.Step)
		}
		for list, values := range sh.Choices {
			if _, dup := c.choices[list]; dup {
				return nil, fmt.Errorf("tool shape %s: choice list %q is declared twice", name, list)
			}
			if len(values) == 0 || len(slices.Compact(slices.Clone(values))) != len(values) {
				return nil, fmt.Errorf("tool shape %s: choice list %q is empty or repeats a value", name, list)
			}
			c.choices[list] = values
		}
		all = append(all, sh)
	}
	slices.SortStableFunc(all, func(a, b Shape) int { return a.Step - b.Step })
	for _, sh := range all {
		for _, k := range sh.Kinds {
			if err := c.add(k, sh.Step, nil); err != nil {
				return nil, err
			}
		}
	}
	if err := c.checkRefs(); err != nil {
		return nil, err
	}
	if c.words, err = loadWords(words, c); err != nil {
		return nil, err
	}
	return c, nil
}

// add checks k and its events' kind and files them in the catalog.
func (c *Catalog) add(k *Kind, step int, parent *Kind) error {
	k.Step, k.Parent, k.catalog = step, parent, c
	if parent != nil {
		k.Fields = append(k.Fields, ofField)
	}
	if err := k.check(c.choices); err != nil {
		return err
	}
	if _, dup := c.byName[k.Name]; dup {
		return fmt.Errorf("kind %q is declared twice", k.Name)
	}
	if parent == nil {
		if _, dup := c.byPath[k.Path]; dup {
			return fmt.Errorf("path %q is declared twice", k.Path)
		}
		c.byPath[k.Path] = k
	}
	c.byName[k.Name] = k
	c.Kinds = append(c.Kinds, k)
	k.byTag = tagIndex(k.Fields)
	k.rec = record.Kind[Values]{
		Name: k.Name,
		Encode: func(b []byte, v *Values) []byte {
			w := record.NewWire(b)
			appendValues(w, k.Fields, *v)
			return w.Bytes()
		},
		Decode: func(b []byte, v *Values) (err error) { *v, err = readValues(b, k.Fields, k.byTag); return err },
	}
	switch {
	case parent != nil:
		_, at, _ := k.Field(ofField.Name)
		k.rec.Tag = func(v *Values) string { return "of:" + (*v)[at].Str }
	case k.Index != "":
		_, at, _ := k.Field(k.Index)
		k.rec.Tag = func(v *Values) string { return StepTag((*v)[at].Num) }
	}
	if k.Events != nil {
		if k.Events.Events != nil {
			return fmt.Errorf("kind %s: events cannot have events", k.Name)
		}
		return c.add(k.Events, step, k)
	}
	return nil
}

// StepTag is the index value of a record tied to step n ("" for none).
func StepTag(n int) string {
	if n == 0 {
		return ""
	}
	return "step:" + strconv.Itoa(n)
}

// ItemTag is the index value of the events that belong to item id.
func ItemTag(id string) string { return "of:" + id }

// Record returns the kind for package record: how its values are sealed
// and indexed.
func (k *Kind) Record() record.Kind[Values] { return k.rec }

// Visible returns the fields a person or client writes and a form shows:
// all but those the engine keeps for itself and those only the kind's
// actions set (read-only, always last).
func (k *Kind) Visible() []Field {
	f := k.Shown()
	n := len(f)
	for n > 0 && f[n-1].ReadOnly {
		n--
	}
	return f[:n]
}

// Shown returns the fields the API shows and an export keeps: all but
// those the engine keeps for itself.
func (k *Kind) Shown() []Field {
	if k.Parent != nil {
		return k.Fields[:len(k.Fields)-1]
	}
	return k.Fields
}

// decodeStrict reads a JSON file, refusing unknown keys, so a typo in a
// declaration fails instead of being ignored.
func decodeStrict(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path.Base(name), err)
	}
	return nil
}
