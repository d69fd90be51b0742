package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// A field that names another of the person's items (a trigger's check-in)
// is chosen on the form, not typed: its control is a set of radio buttons
// with the person's newest items of that kind, the one chosen kept even
// when older, and "none". The engine checks, whatever is sent, that the
// id is one of the person's own.

// refChoices is how many of the newest items a reference offers.
const refChoices = 6

// chooseRefs turns each reference field of form into a choice among p's
// items. A new item's form may name one in the address (?checkin=ID, from
// the check-in's page): an id says nothing of what anyone wrote. When the
// items cannot be read, the field stays a box for an id.
func (app *Web) chooseRefs(r *http.Request, p *account.Person, form *tool.Form, fresh bool) {
	if p == nil {
		return
	}
	for si := range form.Sections {
		for fi := range form.Sections[si].Fields {
			ff := &form.Sections[si].Fields[fi]
			f, _, ok := form.Kind.Field(ff.Name)
			if !ok {
				continue
			}
			target, ok := app.Tools.Target(f)
			if !ok {
				continue
			}
			if fresh && ff.Value == "" {
				ff.Value = r.URL.Query().Get(ff.Name)
			}
			if options, err := app.refOptions(r.Context(), p, target, ff.Value); err == nil {
				ff.Type, ff.Options = tool.Choice, options
			}
		}
	}
}

// refOptions are the choices of a reference to target: none, then p's
// newest items, each by when and what it says, with chosen among them.
func (app *Web) refOptions(ctx context.Context, p *account.Person, target *tool.Kind, chosen string) ([]tool.Option, error) {
	items := target.Items(app.Store, p)
	newest, _, err := items.List(ctx, refChoices, "", 0)
	if err != nil {
		return nil, err
	}
	if chosen != "" && !slices.ContainsFunc(newest, func(it tool.Item) bool { return it.ID == chosen }) {
		if it, err := items.Get(ctx, chosen); err == nil {
			newest = append(newest, it)
		}
	}
	prof, err := app.Accounts.Profile(ctx, p)
	if err != nil {
		return nil, err
	}
	loc := prof.Location()
	options := []tool.Option{{Value: "", Label: "None", Chosen: chosen == ""}}
	for _, row := range app.rows(target, newest) {
		at, _ := time.Parse(time.RFC3339, row.When.ISO)
		options = append(options, tool.Option{Value: row.ID, Label: at.In(loc).Format("Mon 2 Jan, 15:04") + " · " + row.Title, Chosen: row.ID == chosen})
	}
	return options, nil
}

// triggerPanel is what a trigger's page shows of the check-in it led to:
// a link to it, when it has one.
func triggerPanel(k *tool.Kind) func(*tool.Item) any {
	_, at, _ := k.Field("checkin")
	return func(it *tool.Item) any {
		if at < 0 {
			return ""
		}
		return it.Value[at].Str
	}
}

// hardDateSuggestions offers, on the hard dates' panel of step 6, the days
// the person's stories came to light that are not among their hard dates
// yet, each with a button to add it.
func (app *Web) hardDateSuggestions(r *http.Request, p *account.Person) (any, error) {
	stories, ok1 := app.Tools.ByPath("stories")
	hard, ok2 := app.Tools.ByPath("hard-dates")
	if !ok1 || !ok2 {
		return nil, nil
	}
	view, err := tools.NewHardDateView(app.Tools)
	if err != nil {
		return nil, err
	}
	_, title, _ := stories.Field("title")
	_, day, _ := stories.Field("came_to_light")
	all, _, err := stories.Items(app.Store, p).List(r.Context(), maxRead, "", 0)
	if err != nil {
		return nil, err
	}
	dates, _, err := hard.Items(app.Store, p).List(r.Context(), maxRead, "", 0)
	if err != nil {
		return nil, err
	}
	var out []storyDay
	seen := map[string]bool{}
	for _, s := range all {
		d := s.Value[day].Str
		if _, has := view.Has(dates, d); d == "" || has || seen[d[4:]] {
			continue
		}
		seen[d[4:]] = true
		on, _ := time.Parse(time.DateOnly, d)
		out = append(out, storyDay{ID: s.ID, Title: excerpt(s.Value[title].Str, 80), On: on.Format("2 January 2006")})
		if len(out) == 3 {
			break
		}
	}
	return out, nil
}

// storyDay is a story whose day could become a hard date.
type storyDay struct {
	ID, Title, On string
}

// hardDatePanel is what a hard date's page says of the note it brings:
// from how many days before, and the day alone; and, while it has no
// plan, a way to write one.
func hardDatePanel(c *tool.Catalog, k *tool.Kind) func(*tool.Item) any {
	view, err := tools.NewHardDateView(c)
	_, plan, _ := k.Field("plan")
	_, on, _ := k.Field("on")
	return func(it *tool.Item) any {
		if err != nil || plan < 0 || on < 0 {
			return nil
		}
		d, derr := time.Parse(time.DateOnly, it.Value[on].Str)
		if derr != nil {
			return nil
		}
		return hardDateNote{ID: it.ID, Notice: view.HeadsUp(it.Value), Day: "the " + tools.Ordinal(d.Day()), Planned: it.Value[plan].Str != ""}
	}
}

// hardDateNote is a hard date's panel.
type hardDateNote struct {
	ID      string
	Notice  int
	Day     string
	Planned bool
}
