package tool

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kintsugi/internal/valid"
)

// Forms name their controls after the fields: "title"; a group's rows
// "causes.0.weight"; an object's fields "debrief.went". Several choices
// and a list of texts repeat their name. A form always comes back with
// exactly what was typed: pages are built from the raw form values, and
// a stored item is first turned into such values.

// ReadForm turns a submitted form into values for k. What cannot even be
// read (letters in a number box) is a problem already; Clean finds the
// rest.
func (k *Kind) ReadForm(form url.Values) (Values, valid.Problems) {
	var p valid.Problems
	v := k.readForm(&p, "", k.Visible(), k.words().Fields, form)
	return v, p
}

func (k *Kind) readForm(p *valid.Problems, prefix string, fields []Field, words map[string]*FieldWords, form url.Values) Values {
	v := make(Values, len(fields))
	for i := range fields {
		f, x, name := &fields[i], &v[i], prefix+fields[i].Name
		raw := strings.TrimSpace(form.Get(name))
		switch f.Type {
		case Text, LongText, Choice, Date:
			x.Str = form.Get(name)
			if f.Type != Text && f.Type != LongText {
				x.Str = raw
			}
		case Int, Step:
			if raw == "" {
				continue
			}
			n, err := strconv.Atoi(raw)
			if err != nil {
				p.Add(name, k.catalog.words.Message("not_number", "{name}", words[f.Name].Name))
				continue
			}
			x.Num, x.Has = n, true
		case Bool:
			if raw != "" {
				x.Num = 1
			}
		case Choices:
			x.List = slices.DeleteFunc(slices.Clone(form[name]), func(s string) bool { return s == "" })
		case Texts:
			x.List = slices.DeleteFunc(slices.Clone(form[name]), func(s string) bool { return strings.TrimSpace(s) == "" })
		case Group:
			for _, row := range rowNumbers(form, name+".") {
				r := k.readForm(p, name+"."+row+".", f.Fields, words[f.Name].Fields, form)
				if slices.ContainsFunc(r, func(v Value) bool { return v.Str != "" || v.Has || len(v.List) > 0 }) {
					x.Rows = append(x.Rows, r)
				}
			}
		case Object:
			r := k.readForm(p, name+".", f.Fields, words[f.Name].Fields, form)
			if slices.ContainsFunc(r, func(v Value) bool { return strings.TrimSpace(v.Str) != "" || v.Has || len(v.List) > 0 }) {
				x.Rows, x.Has = []Values{r}, true
			}
		}
	}
	return v
}

// rowNumbers returns the row numbers a form has under prefix, in order.
func rowNumbers(form url.Values, prefix string) []string {
	var rows []int
	for key := range form {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ".")
		if n, err := strconv.Atoi(num); err == nil && n >= 0 && n < 1000 && !slices.Contains(rows, n) {
			rows = append(rows, n)
		}
	}
	slices.Sort(rows)
	out := make([]string, len(rows))
	for i, n := range rows {
		out[i] = strconv.Itoa(n)
	}
	return out
}

// FormValues turns stored values into the form that would submit them,
// for an edit form.
func (k *Kind) FormValues(v Values) url.Values {
	form := url.Values{}
	formValues(form, "", k.Visible(), v)
	return form
}

func formValues(form url.Values, prefix string, fields []Field, v Values) {
	for i := range fields {
		f, x, name := &fields[i], &v[i], prefix+fields[i].Name
		switch f.Type {
		case Text, LongText, Choice, Date:
			if x.Str != "" {
				form.Set(name, x.Str)
			}
		case Int, Step:
			if x.Has {
				form.Set(name, strconv.Itoa(x.Num))
			}
		case Bool:
			if x.Num != 0 {
				form.Set(name, "yes")
			}
		case Choices, Texts:
			form[name] = slices.Clone(x.List)
		case Group:
			for j, row := range x.Rows {
				formValues(form, name+"."+strconv.Itoa(j)+".", f.Fields, row)
			}
		case Object:
			if x.Has && len(x.Rows) == 1 {
				formValues(form, name+".", f.Fields, x.Rows[0])
			}
		}
	}
}

// Defaults are the form values of a new item: each choice's default.
func (k *Kind) Defaults() url.Values {
	form := url.Values{}
	for _, f := range k.Visible() {
		if f.Default != "" {
			form.Set(f.Name, f.Default)
		}
	}
	return form
}

// Form is what a page needs to draw a kind's form.
type Form struct {
	Kind     *Kind
	Words    *KindWords
	Sections []FormSection
	Problems valid.Problems
}

// FormSection is one part of a form.
type FormSection struct {
	Title, Hint string
	Later       bool // filled in afterwards; folded on a new item's form
	Open        bool // unfolded: it holds something, or a problem
	Fields      []FormField
}

// FormField is one control, with what was typed and what is wrong.
type FormField struct {
	Name, ID           string // the control's name and element id
	Type               Type
	Label, Hint        string
	Problem            string
	Required, Markdown bool
	Value              string   // what was typed
	List               []string // several choices, a list of texts
	Options            []Option // Choice, Choices
	Min, Max           int
	Low, High          string
	Rows               [][]FormField // Group: one per row, with blank rows to add; Object: one
	MaxLength          int
}

// Option is one choice of a choice field.
type Option struct {
	Value, Label string
	Chosen       bool
}

// blankRows is how many empty rows a group's form offers to fill in.
const blankRows = 2

// Form builds the form of k from raw form values (what was typed and
// compacted, a stored item's FormValues, or Defaults), with the problems
// to show.
func (k *Kind) Form(raw url.Values, problems valid.Problems) *Form {
	kw := k.words()
	f := &Form{Kind: k, Words: kw, Problems: problems}
	byName := make(map[string]string, len(problems))
	for _, p := range problems {
		if name := FormName(p.Field); byName[name] == "" {
			byName[name] = p.Message
		}
	}
	fields := k.Visible()
	sections := kw.Sections
	if len(sections) == 0 {
		names := make([]string, len(fields))
		for i, fl := range fields {
			names[i] = fl.Name
		}
		sections = []Section{{Fields: names}}
	}
	for _, s := range sections {
		fs := FormSection{Title: s.Title, Hint: s.Hint, Later: s.Later}
		for _, name := range s.Fields {
			fl, _, _ := k.Field(name)
			ff := k.formField("", fl, kw.Fields[name], raw, byName)
			fs.Open = fs.Open || filled(ff)
			fs.Fields = append(fs.Fields, ff)
		}
		f.Sections = append(f.Sections, fs)
	}
	return f
}

// FormName turns a problem's field path ("causes[1].weight") into the
// name of its control ("causes.1.weight").
func FormName(path string) string {
	return strings.NewReplacer("[", ".", "]", "").Replace(path)
}

func filled(ff FormField) bool {
	if ff.Problem != "" || ff.Value != "" || slices.ContainsFunc(ff.List, func(s string) bool { return s != "" }) {
		return true
	}
	for _, row := range ff.Rows {
		if slices.ContainsFunc(row, filled) {
			return true
		}
	}
	return false
}

func (k *Kind) formField(prefix string, f *Field, fw *FieldWords, raw url.Values, problems map[string]string) FormField {
	name := prefix + f.Name
	ff := FormField{Name: name, ID: strings.ReplaceAll(name, ".", "-"), Type: f.Type, Label: fw.Label, Hint: fw.Hint,
		Problem: problems[name], Required: f.Required, Markdown: f.Markdown, Value: raw.Get(name),
		List: raw[name], Min: f.Min, Max: f.Max, Low: fw.Low, High: fw.High, MaxLength: f.Max}
	switch f.Type {
	case Step:
		ff.Min, ff.Max = 1, 12
	case Texts:
		ff.MaxLength = f.ItemMax
		n := len(ff.List)
		ff.List = append(slices.Clone(ff.List), make([]string, blankRows)...)[:max(n, min(n+blankRows, f.Max))]
	case Choice, Choices:
		for _, v := range k.catalog.choices[f.Choices] {
			chosen := ff.Value == v
			if f.Type == Choices {
				chosen = slices.Contains(ff.List, v)
			}
			ff.Options = append(ff.Options, Option{Value: v, Label: k.catalog.ChoiceLabel(f.Choices, v), Chosen: chosen})
		}
	case Group:
		n := len(rowNumbers(raw, name+"."))
		for i := range max(n, min(n+blankRows, f.Max)) {
			ff.Rows = append(ff.Rows, k.rowFields(name+"."+strconv.Itoa(i)+".", f, fw, raw, problems))
		}
	case Object:
		ff.Rows = [][]FormField{k.rowFields(name+".", f, fw, raw, problems)}
	}
	return ff
}

func (k *Kind) rowFields(prefix string, f *Field, fw *FieldWords, raw url.Values, problems map[string]string) []FormField {
	out := make([]FormField, len(f.Fields))
	for j := range f.Fields {
		out[j] = k.formField(prefix, &f.Fields[j], fw.Fields[f.Fields[j].Name], raw, problems)
	}
	return out
}

// CompactForm returns a submitted form with each group's blank rows left
// out and the others numbered from 0, as ReadForm keeps them: then a
// problem with the second row kept names the control of row 1, and the
// form comes back with every row that was typed, in order.
func (k *Kind) CompactForm(form url.Values) url.Values {
	out := url.Values{}
	compact(out, form, "", "", k.Visible())
	return out
}

func compact(out, form url.Values, from, to string, fields []Field) {
	for i := range fields {
		f := &fields[i]
		switch f.Type {
		case Group:
			n := 0
			for _, row := range rowNumbers(form, from+f.Name+".") {
				src := from + f.Name + "." + row + "."
				if !rowFilled(form, src) {
					continue
				}
				compact(out, form, src, to+f.Name+"."+strconv.Itoa(n)+".", f.Fields)
				n++
			}
		case Object:
			compact(out, form, from+f.Name+".", to+f.Name+".", f.Fields)
		default:
			if vs, ok := form[from+f.Name]; ok {
				out[to+f.Name] = vs
			}
		}
	}
}

func rowFilled(form url.Values, prefix string) bool {
	for key, vs := range form {
		if strings.HasPrefix(key, prefix) && slices.ContainsFunc(vs, func(s string) bool { return strings.TrimSpace(s) != "" }) {
			return true
		}
	}
	return false
}
