package web

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/markdown"
	"kintsugi/internal/tool"
)

// Rows and items are put into words here, in Go, for the same reason as
// views.go: a template spends a reflective call on every value.

// itemRow is one item in a list: its title, a line of what it says, when,
// and the step it is tied to.
type itemRow struct {
	ID, Href       string
	Title, Excerpt string
	When           when
	Step           int // the step it is tied to, titled by the template in the reader's words
	// Summary is the kind's own summary of the item (a boundary: how it
	// has held), drawn by its template part; Quick are one-press events.
	Summary template.HTML
	Quick   []quickEvent
}

// quickEvent is a button that records an event in one press: the event
// kind's first field is a short choice (held, crossed), its value the
// button's.
type quickEvent struct {
	Name, Value, Label string
}

// quick returns the one-press events of a kind, if its events begin with
// a required choice of a few values.
func (app *Web) quick(k *tool.Kind) []quickEvent {
	if k.Events == nil {
		return nil
	}
	f := &k.Events.Visible()[0]
	list := app.Tools.ChoiceList(f.Choices)
	if f.Type != tool.Choice || !f.Required || len(list) > 3 {
		return nil
	}
	out := make([]quickEvent, len(list))
	for i, v := range list {
		out[i] = quickEvent{Name: f.Name, Value: v, Label: app.Tools.ChoiceLabel(f.Choices, v)}
	}
	return out
}

// withSummaries adds to rows what a kind with a summary and one-press
// events shows in its lists: the summary of each item's events.
func (app *Web) withSummaries(ctx context.Context, p *account.Person, k *tool.Kind, items []tool.Item, rows []itemRow) ([]itemRow, error) {
	sum := k.Behaviour().Summary
	quick := app.quick(k)
	if sum == nil && quick == nil {
		return rows, nil
	}
	all := k.Items(app.Store, p)
	for i := range rows {
		rows[i].Quick = quick
		if sum == nil {
			continue
		}
		events, err := all.EventsOf(items[i].ID).All(ctx, 200)
		if err != nil {
			return nil, err
		}
		if rows[i].Summary, err = app.part(ctx, "summary-"+k.Path, sum.Of(events)); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// part renders a tool's own template part, if it has one by that name:
// where a page needs a tool's own design (a summary, a chart), the tool
// brings the template for that part, and the usual pages draw it.
func (app *Web) part(ctx context.Context, name string, data any) (template.HTML, error) {
	t := app.pages[app.sideOf(ctx).Role]["tool-item"].Lookup(name)
	if t == nil {
		return "", nil
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("web: part %s: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// views renders a kind's readings over all its items (the instincts'
// calibration) by their template parts.
func (app *Web) views(ctx context.Context, p *account.Person, k *tool.Kind) ([]template.HTML, error) {
	vs := k.Behaviour().Views
	if len(vs) == 0 {
		return nil, nil
	}
	var out []template.HTML
	for _, v := range vs {
		reading, err := k.Reading(ctx, app.Store, p, v, maxRead)
		if err != nil {
			return nil, err
		}
		h, err := app.part(ctx, "view-"+k.Path+"-"+v.Name, reading)
		if err != nil {
			return nil, err
		}
		if h != "" {
			out = append(out, h)
		}
	}
	return out, nil
}

// maxRead bounds how many items a page reads at once for a reading over
// all of them, or to order them: decades of daily use.
const maxRead = 20_000

// rows sums items up for a list: the first summary field that is set is
// the title, the next one set is the excerpt. A long text as the title
// gives its first words (an untitled journal entry is headed by them),
// and, when nothing else does, the excerpt of what follows them.
func (app *Web) rows(k *tool.Kind, items []tool.Item) []itemRow {
	out := make([]itemRow, len(items))
	var step int = -1
	if k.Index != "" {
		_, step, _ = k.Field(k.Index)
	}
	scales := scalesIn(k)
	for i := range items {
		it := &items[i]
		row := itemRow{ID: it.ID, When: whenOf(it.CreatedAt)}
		var rest string
		if k.Parent == nil {
			row.Href = itemHref(k, it.ID)
		}
		for _, name := range k.Summarize {
			f, at, _ := k.Field(name)
			s := k.Display(f, &it.Value[at])
			if s == "" {
				continue
			}
			if scales > 1 && f.Type == tool.Int { // two numbers are told apart by their names
				s = app.Tools.Words().Of(k).Fields[name].Name + ": " + s
			}
			switch {
			case row.Title == "" && f.Type == tool.LongText:
				row.Title, rest = markdown.Headline(s, 60, 180)
			case row.Title == "":
				row.Title = s
			case row.Excerpt == "" && f.Type == tool.LongText:
				row.Excerpt = markdown.Excerpt(s, 180)
			case row.Excerpt == "":
				row.Excerpt = s
			}
		}
		if row.Excerpt == "" {
			row.Excerpt = rest
		}
		if row.Title == "" {
			row.Title = app.Tools.Words().Of(k).One
		}
		if step >= 0 && it.Value[step].Has {
			row.Step = it.Value[step].Num
		}
		out[i] = row
	}
	return out
}

// itemHref is the address of an item's page: a single kind's one item
// is at the kind's own address.
func itemHref(k *tool.Kind, id string) string {
	if k.Single {
		return "/" + k.Path
	}
	return "/" + k.Path + "/" + id
}

// scalesIn counts the numbers among the fields that sum k's items up.
func scalesIn(k *tool.Kind) int {
	n := 0
	for _, name := range k.Summarize {
		if f, _, _ := k.Field(name); f.Type == tool.Int {
			n++
		}
	}
	return n
}

// itemView is one item as its page shows it.
type itemView struct {
	ID      string
	Title   string
	Created when
	Edited  *when
	Fields  []shownField
}

// shownField is one field with its value in words.
type shownField struct {
	Label string
	Text  string
	HTML  template.HTML // long text, rendered
	Rows  [][]shownField
	Step  int // a step field: link to it, titled by the template
}

func (app *Web) itemView(k *tool.Kind, it *tool.Item) *itemView {
	v := &itemView{ID: it.ID, Created: whenOf(it.CreatedAt)}
	if !it.UpdatedAt.Equal(it.CreatedAt) {
		e := whenOf(it.UpdatedAt)
		v.Edited = &e
	}
	if rows := app.rows(k, []tool.Item{*it}); len(rows) == 1 {
		v.Title = rows[0].Title
	}
	kw := app.Tools.Words().Of(k)
	v.Fields = app.shown(k, k.Visible(), kw.Fields, it.Value)
	return v
}

func (app *Web) shown(k *tool.Kind, fields []tool.Field, words map[string]*tool.FieldWords, v tool.Values) []shownField {
	var out []shownField
	for i := range fields {
		f, x, fw := &fields[i], &v[i], words[fields[i].Name]
		sf := shownField{Label: fw.Label}
		switch f.Type {
		case tool.LongText:
			if x.Str == "" {
				continue
			}
			if f.Markdown {
				sf.HTML = markdown.Render(x.Str)
			} else {
				sf.HTML = paragraphs(x.Str)
			}
		case tool.Group, tool.Object:
			for _, row := range x.Rows {
				sf.Rows = append(sf.Rows, app.shown(k, f.Fields, fw.Fields, row))
			}
			if len(sf.Rows) == 0 {
				continue
			}
		case tool.Step:
			if !x.Has {
				continue
			}
			sf.Step = x.Num
		case tool.Int:
			if !x.Has {
				continue
			}
			sf.Text = strconv.Itoa(x.Num)
			if fw.Low != "" && fw.High != "" {
				sf.Text += " (" + strconv.Itoa(f.Min) + ": " + fw.Low + ", " + strconv.Itoa(f.Max) + ": " + fw.High + ")"
			}
		default:
			if sf.Text = k.Display(f, x); sf.Text == "" {
				continue
			}
		}
		out = append(out, sf)
	}
	return out
}

// paragraphs renders plain text with its line breaks kept, escaped.
func paragraphs(s string) template.HTML {
	return template.HTML(`<p class="plain">` + template.HTMLEscapeString(s) + `</p>`)
}

// cause is one cause of a story, as a bar of its weight.
type cause struct {
	Label  string
	Weight int
	Note   string
}

// causes are a story's causes, heaviest first: the story's page draws
// them as bars, so what weighed most stands out.
func (app *Web) causes(k *tool.Kind, it *tool.Item) []cause {
	f, i, ok := k.Field("causes")
	if !ok {
		return nil
	}
	var out []cause
	for _, row := range it.Value[i].Rows {
		out = append(out, cause{Label: app.Tools.ChoiceLabel(f.Fields[0].Choices, row[0].Str), Weight: row[1].Num, Note: row[2].Str})
	}
	slices.SortStableFunc(out, func(a, b cause) int { return b.Weight - a.Weight })
	return out
}
