package archive

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
)

// kindMarkdown writes the items of a kind with no Markdown of its own,
// from its declaration and its words alone, so that a kind declared later
// is readable in the archive too: the kind's title, then each item, oldest
// first, under its summary, with when it was written and each field that
// is set, and its events as a list.
func kindMarkdown(sh shelf, words *tool.Words, g *journey.Guide) string {
	k, kw := sh.kind, words.Of(sh.kind)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", kw.Title)
	for _, it := range sh.items {
		fmt.Fprintf(&b, "\n## %s\n\n*%s*\n", heading(k, kw, it.Value), written(it))
		fields := k.Visible()
		for i := range fields {
			fieldMarkdown(&b, k, &fields[i], kw.Fields[fields[i].Name], &it.Value[i], g)
		}
		events := sh.events[it.ID]
		if len(events) == 0 {
			continue
		}
		ek := k.Events
		ew := words.Of(ek)
		fmt.Fprintf(&b, "\n**%s**:\n\n", ew.Title)
		for _, ev := range events {
			fmt.Fprintf(&b, "- *%s UTC*: %s\n", ev.CreatedAt.UTC().Format("2 January 2006, 15:04"), row(ek, ek.Visible(), ew.Fields, ev.Value, g))
		}
	}
	return b.String()
}

// heading is an item's title: the first of its summary that is set, on
// one line and not too long, or else the kind's word for one item.
func heading(k *tool.Kind, kw *tool.KindWords, v tool.Values) string {
	title := kw.One
	if s := k.Summary(v); len(s) > 0 {
		title = s[0]
	}
	title = strings.Join(strings.Fields(title), " ")
	if utf8.RuneCountInString(title) > 80 {
		title = string([]rune(title)[:79]) + "…"
	}
	r, n := utf8.DecodeRuneInString(title)
	return string(unicode.ToUpper(r)) + title[n:]
}

// fieldMarkdown writes one field if it is set: "**Label**: value", long
// text as its own paragraph, a group as a list of its rows and an object
// as a list of its fields.
func fieldMarkdown(b *strings.Builder, k *tool.Kind, f *tool.Field, fw *tool.FieldWords, x *tool.Value, g *journey.Guide) {
	label := f.Name
	if fw != nil {
		label = fw.Label
	}
	switch f.Type {
	case tool.LongText:
		if x.Str != "" {
			fmt.Fprintf(b, "\n**%s**:\n\n%s\n", label, x.Str)
		}
	case tool.Group:
		if len(x.Rows) == 0 {
			return
		}
		fmt.Fprintf(b, "\n**%s**:\n\n", label)
		for _, r := range x.Rows {
			fmt.Fprintf(b, "- %s\n", row(k, f.Fields, subWords(fw), r, g))
		}
	case tool.Object:
		if !x.Has || len(x.Rows) == 0 {
			return
		}
		fmt.Fprintf(b, "\n**%s**:\n\n", label)
		for i := range f.Fields {
			if s := show(k, &f.Fields[i], &x.Rows[0][i], g); s != "" {
				fmt.Fprintf(b, "- **%s**: %s\n", wordFor(subWords(fw), f.Fields[i].Name), indent(s))
			}
		}
	default:
		if s := show(k, f, x, g); s != "" {
			fmt.Fprintf(b, "\n**%s**: %s\n", label, s)
		}
	}
}

// row writes the fields of a group's row or an event that are set, on
// one list item: "**Label**: value, **Label**: value".
func row(k *tool.Kind, fields []tool.Field, words map[string]*tool.FieldWords, v tool.Values, g *journey.Guide) string {
	var parts []string
	for i := range fields {
		if s := show(k, &fields[i], &v[i], g); s != "" {
			parts = append(parts, "**"+wordFor(words, fields[i].Name)+"**: "+indent(s))
		}
	}
	return strings.Join(parts, ", ")
}

// show is a value as a person reads it, "" when it is not set: the
// engine's Display, with a step named as the guide names it.
func show(k *tool.Kind, f *tool.Field, x *tool.Value, g *journey.Guide) string {
	if f.Type == tool.Step && x.Has {
		if st, ok := g.Step(x.Num); ok {
			return fmt.Sprintf("Step %d: %s", st.Number, st.Title)
		}
	}
	return k.Display(f, x)
}

func subWords(fw *tool.FieldWords) map[string]*tool.FieldWords {
	if fw == nil {
		return nil
	}
	return fw.Fields
}

func wordFor(words map[string]*tool.FieldWords, name string) string {
	if fw := words[name]; fw != nil {
		return fw.Label
	}
	return name
}

// indent keeps the later lines of a text inside the list item it is in.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }
