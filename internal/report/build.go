package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"kintsugi/internal/chart"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
)

// The most a report reads of each kind: years of check-ins several times
// a day fit, and a report never grows past what a page can show.
const (
	maxCheckins   = 10000
	maxRatings    = 5000
	maxBoundaries = 500
	maxEvents     = 1000
	// columns is how many feelings the weekly table has a column for,
	// and charted how many it draws: more are hard to read on paper.
	columns = 6
	charted = 4
)

// Builder gathers reports. It binds the fields it reads once, at
// start-up, so that a shape that no longer fits fails then.
type Builder struct {
	store *store.Store
	tools *tool.Catalog
	guide *journey.Guide
	words *Words

	checkins, ratings, journal, boundaries *tool.Kind
	checkin                                tools.CheckinView
	rating                                 tools.RatingView
	boundary                               tools.BoundaryView
	// Field positions: a journal entry's title, body and step; a
	// boundary's words, kind and status.
	titleAt, bodyAt, stepAt, wordsAt, kindAt, statusAt int
}

// NewBuilder binds the kinds and fields a report reads from c. s may be
// nil when the builder only needs to exist (the API's route table).
func NewBuilder(s *store.Store, c *tool.Catalog, g *journey.Guide) (*Builder, error) {
	w, err := loadWords()
	if err != nil {
		return nil, err
	}
	if _, err := coverage(); err != nil {
		return nil, err
	}
	b := &Builder{store: s, tools: c, guide: g, words: w}
	for path, dst := range map[string]**tool.Kind{"checkins": &b.checkins, "ratings": &b.ratings, "journal": &b.journal, "boundaries": &b.boundaries} {
		k, ok := c.ByPath(path)
		if !ok {
			return nil, fmt.Errorf("report: no kind at %s", path)
		}
		*dst = k
	}
	if b.checkin, err = tools.NewCheckinView(c); err != nil {
		return nil, err
	}
	if b.rating, err = tools.NewRatingView(c); err != nil {
		return nil, err
	}
	if b.boundary, err = tools.NewBoundaryView(c); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		k    *tool.Kind
		name string
		dst  *int
	}{{b.journal, "title", &b.titleAt}, {b.journal, "body", &b.bodyAt}, {b.journal, "step", &b.stepAt},
		{b.boundaries, "words", &b.wordsAt}, {b.boundaries, "kind", &b.kindAt}, {b.boundaries, "status", &b.statusAt}} {
		_, i, ok := f.k.Field(f.name)
		if !ok {
			return nil, fmt.Errorf("report: %s has no field %s", f.k.Path, f.name)
		}
		*f.dst = i
	}
	return b, nil
}

// Words returns the report's words, for a form that names the parts.
func (b *Builder) Words() *Words { return b.words }

// Make checks rq (in loc, at now) and gathers the report it asks for:
// what the page and the API both do with a request.
func (b *Builder) Make(ctx context.Context, owner record.Owner, name string, loc *time.Location, rq Request, now time.Time) (*Report, error) {
	o, err := rq.Options(loc, now)
	if err != nil {
		return nil, err
	}
	return b.Build(ctx, owner, name, loc, o, now)
}

// Build gathers the report o asks for from o's owner's records: name is
// whose notes they are, loc their time zone, now when it is made. A
// chosen entry that is not one of theirs is a problem with "entries",
// the same whether it is someone else's or no one's.
func (b *Builder) Build(ctx context.Context, owner record.Owner, name string, loc *time.Location, o Options, now time.Time) (*Report, error) {
	r := &Report{Words: b.words, Name: name, From: o.From, To: o.To, Made: now.In(loc), Options: o, Talk: o.Talk}
	until := o.To.AddDate(0, 0, 1)
	var err error
	if o.Has(Entries) {
		if r.Entries, err = b.entries(ctx, owner, loc, o.Entries); err != nil {
			return nil, err
		}
	}
	if o.Has(Feelings) {
		if r.Feelings, err = b.feelings(ctx, owner, loc, o.From, until); err != nil {
			return nil, err
		}
	}
	if o.Has(Ratings) {
		if r.Ratings, err = b.ratingRows(ctx, owner, loc, o.From, until); err != nil {
			return nil, err
		}
	}
	if o.Has(Boundaries) {
		if r.Boundaries, err = b.boundaryRows(ctx, owner, o.From, until); err != nil {
			return nil, err
		}
	}
	if o.Has(SafetyPlan) {
		plan, err := tools.OwnPlan(ctx, b.tools, func(k *tool.Kind) *tool.Items { return k.Items(b.store, owner) })
		if err != nil {
			return nil, err
		}
		r.Plan = plan.Parts
	}
	return r, nil
}

// entries reads the chosen journal entries, oldest first.
func (b *Builder) entries(ctx context.Context, owner record.Owner, loc *time.Location, ids []string) ([]Entry, error) {
	items := b.journal.Items(b.store, owner)
	out := make([]Entry, 0, len(ids))
	for _, id := range ids {
		it, err := items.Get(ctx, id)
		if errors.Is(err, record.ErrNotFound) {
			var p valid.Problems
			p.Add("entries", ErrNoEntry)
			return nil, p
		} else if err != nil {
			return nil, err
		}
		e := Entry{ID: it.ID, Title: it.Value[b.titleAt].Str, Body: it.Value[b.bodyAt].Str, At: it.CreatedAt.In(loc)}
		if v := it.Value[b.stepAt]; v.Has {
			e.Step = v.Num
			if st, ok := b.guide.Step(v.Num); ok {
				e.StepTitle = st.Title
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(x, y Entry) int { return x.At.Compare(y.At) })
	return out, nil
}

// feelings gathers the check-ins of [from, until): each feeling's weekly
// averages, in the same weeks as the slow trends (tools.Trend).
func (b *Builder) feelings(ctx context.Context, owner record.Owner, loc *time.Location, from, until time.Time) (*FeelingsPart, error) {
	items, err := b.checkins.Items(b.store, owner).Collection().Span(ctx, from, until, "", maxCheckins)
	if err != nil {
		return nil, err
	}
	f := &FeelingsPart{Checkins: len(items)}
	type named struct {
		Feeling
		weeks []tools.Bucket
	}
	var all []named
	for _, e := range b.guide.Emotions {
		points := b.checkin.EmotionPoints(items, e.Name)
		if len(points) == 0 {
			continue
		}
		var sum float64
		for _, p := range points {
			sum += p.Value
		}
		all = append(all, named{Feeling{Name: e.Name, Label: e.Label, Times: len(points), Mean: sum / float64(len(points))},
			tools.Trend(points, "week", loc)})
	}
	slices.SortStableFunc(all, func(x, y named) int {
		return cmp.Or(cmp.Compare(y.Times, x.Times), cmp.Compare(y.Mean, x.Mean), cmp.Compare(x.Name, y.Name))
	})
	shown := all[:min(columns, len(all))]
	rows := map[string][]string{} // by week start
	var starts []string
	for i, n := range shown {
		f.Columns = append(f.Columns, n.Feeling)
		for _, w := range n.weeks {
			if rows[w.Start] == nil {
				rows[w.Start] = make([]string, len(shown))
				starts = append(starts, w.Start)
			}
			rows[w.Start][i] = oneDecimal(w.Mean)
		}
		if i < charted {
			s := chart.Series{Name: n.Label}
			for _, w := range n.weeks {
				d, _ := time.ParseInLocation(time.DateOnly, w.Start, loc)
				s.Points = append(s.Points, chart.Point{At: d, Value: w.Mean})
			}
			f.Lines.Series = append(f.Lines.Series, s)
		}
	}
	slices.Sort(starts) // YYYY-MM-DD: text order is date order
	for _, s := range starts {
		d, _ := time.ParseInLocation(time.DateOnly, s, loc)
		f.Weeks = append(f.Weeks, Week{Start: d, Cells: rows[s]})
	}
	for _, n := range all[len(shown):] {
		f.Others = append(f.Others, n.Feeling)
	}
	f.Lines.Title, f.Lines.From, f.Lines.To = b.words.Chart, from, until
	f.Lines.Min, f.Lines.Max, f.Lines.YTicks = 0, 10, []float64{0, 5, 10}
	return f, nil
}

// ratingRows sums up the step ratings of [from, until), step by step.
func (b *Builder) ratingRows(ctx context.Context, owner record.Owner, loc *time.Location, from, until time.Time) ([]RatingRow, error) {
	items, err := b.ratings.Items(b.store, owner).Collection().Span(ctx, from, until, "", maxRatings)
	if err != nil {
		return nil, err
	}
	var out []RatingRow
	for _, st := range b.guide.Steps {
		points := b.rating.RatingPoints(items, st.Number) // oldest first, as Span reads them
		if len(points) == 0 {
			continue
		}
		row := RatingRow{Step: st.Number, Title: st.Title, Count: len(points),
			First: points[0].Value, FirstAt: points[0].At.In(loc),
			Latest: points[len(points)-1].Value, LatestAt: points[len(points)-1].At.In(loc)}
		for _, p := range points {
			row.Mean += p.Value
		}
		row.Mean /= float64(len(points))
		out = append(out, row)
	}
	return out, nil
}

// boundaryRows lists the boundaries, in the order of their page, each
// with how often it held and was crossed in [from, until).
func (b *Builder) boundaryRows(ctx context.Context, owner record.Owner, from, until time.Time) ([]Boundary, error) {
	items := b.boundaries.Items(b.store, owner)
	all, _, err := items.List(ctx, maxBoundaries, "", 0)
	if err != nil {
		return nil, err
	}
	b.boundary.Sort(all, until.Format(time.DateOnly))
	var out []Boundary
	for i := range all {
		it := &all[i]
		events, err := items.EventsOf(it.ID).All(ctx, maxEvents)
		if err != nil {
			return nil, err
		}
		events = slices.DeleteFunc(events, func(e tool.Item) bool { return e.CreatedAt.Before(from) || !e.CreatedAt.Before(until) })
		sum := b.boundary.Summary(events)
		k := b.boundaries
		out = append(out, Boundary{Words: it.Value[b.wordsAt].Str,
			Kind:   k.Display(&k.Fields[b.kindAt], &it.Value[b.kindAt]),
			Status: k.Display(&k.Fields[b.statusAt], &it.Value[b.statusAt]),
			Held:   sum.Held, Crossed: sum.Crossed})
	}
	return out, nil
}
