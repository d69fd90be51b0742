package tool

import (
	"strconv"
	"strings"
	"time"
)

// Texts returns every piece of free text in v, those of groups included:
// what crisis detection and search read. It is the one place that knows
// which fields hold a person's own words.
func (k *Kind) Texts(v Values) []string {
	var out []string
	texts(&out, k.Visible(), v)
	return out
}

func texts(out *[]string, fields []Field, v Values) {
	for i := range fields {
		switch f, x := &fields[i], &v[i]; f.Type {
		case Text, LongText:
			if x.Str != "" && f.Ref == "" { // a reference is an id, not words
				*out = append(*out, x.Str)
			}
		case Texts:
			*out = append(*out, x.List...)
		case Group, Object:
			for _, row := range x.Rows {
				texts(out, f.Fields, row)
			}
		}
	}
}

// Summary returns the texts that sum an item up, in the order the kind
// declares them, leaving out those not set: the first stands as the
// item's title in lists and on the timeline.
func (k *Kind) Summary(v Values) []string {
	var out []string
	for _, name := range k.Summarize {
		f, i, _ := k.Field(name)
		if s := k.Display(f, &v[i]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Display returns a value as a person reads it: a choice by its label, a
// date written out, a number as digits, a list joined.
func (k *Kind) Display(f *Field, x *Value) string {
	switch f.Type {
	case Text, LongText:
		if f.Ref != "" {
			return k.catalog.refDisplay(f, x.Str)
		}
		return x.Str
	case Choice:
		if x.Str == "" {
			return ""
		}
		return k.catalog.ChoiceLabel(f.Choices, x.Str)
	case Date:
		if d, err := time.Parse(time.DateOnly, x.Str); err == nil {
			return d.Format("2 January 2006")
		}
		return x.Str
	case Int, Step:
		if !x.Has {
			return ""
		}
		if f.Type == Int && f.Min == 0 {
			return strconv.Itoa(x.Num) + " of " + strconv.Itoa(f.Max) // a 0–10 scale
		}
		return strconv.Itoa(x.Num)
	case Bool:
		if x.Num == 0 {
			return ""
		}
		return k.catalog.words.Messages["yes"]
	case Choices:
		labels := make([]string, len(x.List))
		for i, v := range x.List {
			labels[i] = k.catalog.ChoiceLabel(f.Choices, v)
		}
		return strings.Join(labels, ", ")
	case Texts:
		return strings.Join(x.List, ", ")
	case Group, Object:
		rows := make([]string, 0, len(x.Rows))
		for _, row := range x.Rows {
			var parts []string
			for j := range f.Fields {
				if s := k.Display(&f.Fields[j], &row[j]); s != "" && f.Fields[j].Type != LongText {
					parts = append(parts, s)
				}
			}
			rows = append(rows, strings.Join(parts, " "))
		}
		return strings.Join(rows, ", ")
	}
	return ""
}

// Line is one field of an item as a person reads it.
type Line struct {
	Label string `json:"label"`
	Text  string `json:"text"`
	Long  bool   `json:"long,omitempty"` // a long text, shown as a paragraph
}

// Lines returns the fields of v that are set, labelled and written out as
// a person reads them: what a copy of an item shared with someone holds.
func (k *Kind) Lines(v Values) []Line {
	words := k.catalog.words.Of(k)
	var out []Line
	for i, f := range k.Visible() {
		text := k.Display(&f, &v[i])
		if text == "" {
			continue
		}
		label := f.Name
		if words != nil && words.Fields[f.Name] != nil {
			label = words.Fields[f.Name].Label
		}
		out = append(out, Line{Label: label, Text: text, Long: f.Type == LongText})
	}
	return out
}

// Title is the kind's name on a page ("Boundaries").
func (k *Kind) Title() string {
	if w := k.catalog.words.Of(k); w != nil {
		return w.Title
	}
	return k.Path
}

// Sample returns a valid body for k, every field filled with the first
// value its type allows: the engine's tests, and the API's tests generated
// from the declarations, start from it. text is put in every free-text
// field, so a test can look for it (a canary).
func (k *Kind) Sample(text string) map[string]any {
	return sample(k.catalog, k.Visible(), text)
}

func sample(c *Catalog, fields []Field, text string) map[string]any {
	out := map[string]any{}
	for i := range fields {
		f := &fields[i]
		switch f.Type {
		case Text, LongText:
			out[f.Name] = text
			if f.Ref != "" {
				out[f.Name] = "" // no item to name yet
			}
		case Int:
			out[f.Name] = f.Min
		case Step:
			out[f.Name] = 1
		case Choice:
			out[f.Name] = c.choices[f.Choices][0]
		case Choices:
			out[f.Name] = c.choices[f.Choices][:1]
		case Date:
			out[f.Name] = "2026-03-14"
		case Bool:
			out[f.Name] = true
		case Texts:
			out[f.Name] = []string{text}
		case Group:
			out[f.Name] = []any{sample(c, f.Fields, text)}
		case Object:
			out[f.Name] = sample(c, f.Fields, text)
		}
	}
	return out
}
