// Package seed writes realistic histories for benchmarks: years of daily
// check-ins, weekly step ratings and journal entries of about the size
// people write, and the slower use of the other tools over the same years
// (stories, boundaries and their log, conversations, instincts, notes of
// resilience, milestones). Everything goes through the engine's kinds, so
// it is checked and sealed exactly as in use.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
)

// fiveYears is the span the pace of the tools is given for.
const fiveYears = 5 * 365

// pace is how many items of each of the slower tools a person writes in
// five years; Person scales it to the days it is given. Boundary events
// come every five days or so, spread over the boundaries set by then.
var pace = plan{stories: 20, boundaries: 15, events: fiveYears / 5, conversations: 60, instincts: 300, resilience: 100, milestones: 40}

// plan is how many items of the slower tools one history holds.
type plan struct {
	stories, boundaries, events, conversations, instincts, resilience, milestones int
}

// planFor scales pace to days. The counts depend on days alone, never on
// the random source, so Records can tell them in advance.
func planFor(days int) plan {
	scale := func(n int) int { return n * days / fiveYears }
	p := plan{stories: scale(pace.stories), boundaries: scale(pace.boundaries), events: scale(pace.events),
		conversations: scale(pace.conversations), instincts: scale(pace.instincts),
		resilience: scale(pace.resilience), milestones: scale(pace.milestones)}
	if p.boundaries == 0 {
		p.events = 0 // an event belongs to a boundary
	}
	return p
}

func (p plan) total() int {
	return p.stories + p.boundaries + p.events + p.conversations + p.instincts + p.resilience + p.milestones
}

// Records returns how many records Person writes for entries and days,
// boundary events included: a check-in a day, a rating a week, the
// entries, and the slower tools at their pace. An import of the person's
// archive holds as many.
func Records(entries, days int) int {
	return days + days/7 + entries + planFor(days).total() + careRecords(days) + triggerRecords(days) + positiveRecords(days)
}

// Person signs a person up and writes their history of days: a check-in a
// day, a step rating a week, entries journal entries spread over the same
// time, and the other tools at the pace of five years of use scaled to
// days, all of c's kinds, checked and sealed as in use. rng makes the
// history repeatable; the times are counted back from now.
func Person(ctx context.Context, s *store.Store, accounts *account.Service, c *tool.Catalog, name, pass string, entries, days int, rng *rand.Rand) error {
	// Each person signs up from an address of their own, as people do;
	// one address would soon meet the sign-up throttle.
	if _, err := accounts.SignUp(ctx, name, pass, "seed/"+name, false); err != nil {
		return fmt.Errorf("sign up %s: %w", name, err)
	}
	se, err := accounts.LogIn(ctx, name, pass, "127.0.0.1", "")
	if err != nil {
		return err
	}
	p, err := accounts.Authenticate(ctx, se.Token)
	if err != nil {
		return err
	}
	defer accounts.LogOut(ctx, p)
	h, err := newHistory(c, time.Now(), days, rng)
	if err != nil {
		return err
	}
	// The daily tools first, drawing from rng in the order they always
	// have, so the journal, check-ins and ratings stay the same as before
	// the other tools were seeded.
	h.checkins()
	h.ratings()
	h.journal(entries)
	checkins := h.batchOf("checkin") // for the triggers, once stored
	if err := h.store(ctx, s, p); err != nil {
		return err
	}
	pl := planFor(days)
	h.stories(pl.stories)
	boundaries := h.boundaries(pl.boundaries)
	h.conversations(pl.conversations)
	h.instincts(pl.instincts)
	h.resilience(pl.resilience)
	h.milestones(pl.milestones)
	h.careTools()
	rungs := h.positiveTools()
	if err := h.store(ctx, s, p); err != nil {
		return err
	}
	// Events name their boundary by id, known once it is stored.
	h.boundaryEvents(boundaries, pl.events)
	h.triggersAndDates(checkins)
	h.rungAttempts(rungs)
	return h.store(ctx, s, p)
}

// history collects one person's items, by kind, until they are stored.
type history struct {
	kinds   map[string]*tool.Kind
	choices func(list string) []string
	now     time.Time
	span    time.Duration
	days    int
	rng     *rand.Rand
	batches []*batch
}

// batch is one kind's items waiting to be stored.
type batch struct {
	k     *tool.Kind
	items []record.Dated[tool.Values]
	ids   []string // once stored, in the order of items
}

// kindNames are the kinds a history writes: a catalog without one of
// them fails at once, not halfway through.
var kindNames = []string{"checkin", "step-rating", "journal", "story", "boundary", "boundary-event",
	"conversation", "instinct", "resilience", "milestone"}

func newHistory(c *tool.Catalog, now time.Time, days int, rng *rand.Rand) (*history, error) {
	h := &history{kinds: map[string]*tool.Kind{}, choices: c.ChoiceList, now: now,
		span: time.Duration(days) * 24 * time.Hour, days: days, rng: rng}
	for _, name := range slices.Concat(kindNames, careKinds, triggerKinds, positiveKinds) {
		k, ok := c.Kind(name)
		if !ok {
			return nil, fmt.Errorf("seed: the catalog has no kind %q", name)
		}
		h.kinds[name] = k
	}
	return h, nil
}

// add queues an item of the named kind created at at, with the named
// fields set, and returns its batch.
func (h *history) add(kind string, at time.Time, set map[string]tool.Value) *batch {
	k := h.kinds[kind]
	var b *batch
	if i := slices.IndexFunc(h.batches, func(b *batch) bool { return b.k == k }); i >= 0 {
		b = h.batches[i]
	} else {
		b = &batch{k: k}
		h.batches = append(h.batches, b)
	}
	b.items = append(b.items, record.Dated[tool.Values]{At: at, Value: fill(k.Fields, set)})
	return b
}

// fill returns a value of fields with the named ones set. A name the
// fields lack is a mistake in this package, so it panics.
func fill(fields []tool.Field, set map[string]tool.Value) tool.Values {
	v := make(tool.Values, len(fields))
	for name, x := range set {
		i := slices.IndexFunc(fields, func(f tool.Field) bool { return f.Name == name })
		if i < 0 {
			panic("seed: no field " + name)
		}
		v[i] = x
	}
	return v
}

// store checks every queued item as the engine checks what a person
// sends, then writes them in batches of a thousand, one transaction each.
func (h *history) store(ctx context.Context, s *store.Store, o record.Owner) error {
	for _, b := range h.batches {
		for i := range b.items {
			if err := b.k.Clean(b.items[i].Value); err != nil {
				return fmt.Errorf("seed: a %s is not valid: %w", b.k.Name, err)
			}
		}
		c := b.k.Items(s, o).Collection()
		for rest := b.items; len(rest) > 0; {
			n := min(1000, len(rest))
			ids, err := c.CreateMany(ctx, rest[:n])
			if err != nil {
				return err
			}
			b.ids = append(b.ids, ids...)
			rest = rest[n:]
		}
	}
	h.batches = nil
	return nil
}

func str(s string) tool.Value         { return tool.Value{Str: s} }
func num(n int) tool.Value            { return tool.Value{Num: n, Has: true} }
func day(t time.Time) tool.Value      { return tool.Value{Str: t.Format(time.DateOnly)} }
func rows(r []tool.Values) tool.Value { return tool.Value{Rows: r} }
func object(r tool.Values) tool.Value {
	return tool.Value{Rows: []tool.Values{r}, Has: true}
}

// at returns the time a fraction f of the way through the history.
func (h *history) at(f float64) time.Time {
	return h.now.Add(-h.span + time.Duration(f*float64(h.span)))
}

// progress is how far through the history t is, from 0 to 1: people
// heal, so what they write changes with it.
func (h *history) progress(t time.Time) float64 {
	return 1 - float64(h.now.Sub(t))/float64(max(h.span, 1))
}

// pick returns a random value of a choice list.
func (h *history) pick(list string) string {
	l := h.choices(list)
	return l[h.rng.IntN(len(l))]
}

// maybe returns s with probability p, and "" otherwise.
func (h *history) maybe(p float64, s func() string) string {
	if h.rng.Float64() < p {
		return s()
	}
	return ""
}

func (h *history) sentence(n int) string { return sentence(h.rng, n) }

// clause is a sentence that goes on from words before it: "When " and
// the rest.
func (h *history) clause(n int) string { return strings.ToLower(sentence(h.rng, n)) }

// checkins writes a check-in every day, at some time in its first half.
func (h *history) checkins() {
	emotions, _, _ := h.kinds["checkin"].Field("emotions")
	for d := range h.days {
		at := h.now.Add(-h.span + time.Duration(d)*24*time.Hour + time.Duration(h.rng.IntN(12*3600))*time.Second)
		var felt []tool.Values
		for _, i := range h.rng.Perm(len(feelings))[:1+h.rng.IntN(3)] {
			felt = append(felt, fill(emotions.Fields, map[string]tool.Value{"name": str(feelings[i]), "intensity": num(h.rng.IntN(11))}))
		}
		note := ""
		if h.rng.IntN(2) == 0 {
			note = h.sentence(8 + h.rng.IntN(20))
		}
		h.add("checkin", at, map[string]tool.Value{"emotions": rows(felt), "note": str(note)})
	}
}

// ratings writes a rating a week, going round the steps, rising slowly.
func (h *history) ratings() {
	weeks := h.days / 7
	for w := range weeks {
		at := h.now.Add(-h.span + time.Duration(w)*7*24*time.Hour)
		value := min(10, w*10/max(1, weeks)+h.rng.IntN(3))
		h.add("step-rating", at, map[string]tool.Value{"step": num(1 + w%journey.StepCount), "value": num(value)})
	}
}

// journal writes n entries evenly over the history, a third tied to a step.
func (h *history) journal(n int) {
	for i := range n {
		at := h.now.Add(-h.span + time.Duration(int64(h.span)/int64(max(1, n))*int64(i)))
		set := map[string]tool.Value{"title": str(title(h.rng)), "body": str(body(h.rng))}
		if h.rng.IntN(3) == 0 {
			set["step"] = num(1 + h.rng.IntN(journey.StepCount))
		}
		h.add("journal", at, set)
	}
}

// stories writes n accounts of what happened, most in the first months,
// when a person first tries to understand it, and a few later as more
// comes to light, each weighing a few of its causes.
func (h *history) stories(n int) {
	story := h.kinds["story"]
	causes, _, _ := story.Field("causes")
	factors := h.choices("cause-factor")
	for i := range n {
		f := float64(i) / float64(n)
		at := h.at(f*f + h.rng.Float64()/float64(4*n))
		var cs []tool.Values
		for _, j := range h.rng.Perm(len(factors))[:1+h.rng.IntN(4)] {
			cs = append(cs, fill(causes.Fields, map[string]tool.Value{
				"factor": str(factors[j]), "weight": num(h.rng.IntN(11)),
				"note": str(h.maybe(0.5, func() string { return h.sentence(10 + h.rng.IntN(15)) }))}))
		}
		h.add("story", at, map[string]tool.Value{
			"title":         str(from(storyTitles, i, h.rng)),
			"what_happened": str(body(h.rng) + "\n\n" + body(h.rng)),
			"came_to_light": day(at.AddDate(0, 0, -h.rng.IntN(400))),
			"relationship":  str(h.pick("relationship")),
			"kind":          str(h.pick("betrayal-kind")),
			"causes":        rows(cs),
		})
	}
}

// boundaries writes n boundaries, set over the first years; the older
// ones are more often paused or retired, some are due for review. It
// returns their batch, for their events.
func (h *history) boundaries(n int) *batch {
	var b *batch
	for i := range n {
		at := h.at(0.6 * (float64(i) + h.rng.Float64()/2) / float64(n))
		status := "active"
		switch r := h.rng.Float64(); {
		case r < 0.15*(1-h.progress(at)):
			status = "retired"
		case r < 0.1:
			status = "paused"
		}
		review := tool.Value{}
		if h.rng.IntN(5) < 2 {
			review = day(at.AddDate(0, 0, 30+h.rng.IntN(300)))
		}
		b = h.add("boundary", at, map[string]tool.Value{
			"kind":       str(h.pick("boundary-kind")),
			"words":      str(from(boundaryWords, i, h.rng)),
			"why":        str(h.sentence(12 + h.rng.IntN(20))),
			"if_crossed": str(h.maybe(0.7, func() string { return h.sentence(10 + h.rng.IntN(12)) })),
			"status":     str(status),
			"review_on":  review,
		})
	}
	return b
}

// boundaryEvents writes n events, one every few days from the first
// boundary on, each of a boundary set by then: crossed often at first,
// held more and more as time goes on.
func (h *history) boundaryEvents(b *batch, n int) {
	if b == nil || n == 0 {
		return
	}
	first := b.items[0].At
	length := h.now.Sub(first)
	for j := range n {
		at := first.Add(time.Duration((float64(j) + h.rng.Float64()) / float64(n) * float64(length)))
		set := 0 // how many boundaries were set by then, oldest first
		for set < len(b.items) && !b.items[set].At.After(at) {
			set++
		}
		i := h.rng.IntN(max(set, 1))
		outcome := "crossed"
		if h.rng.Float64() < 0.5+0.4*h.progress(at) {
			outcome = "held"
		}
		h.add("boundary-event", at, map[string]tool.Value{
			"outcome": str(outcome),
			"note":    str(h.maybe(0.4, func() string { return h.sentence(6 + h.rng.IntN(14)) })),
			"of":      str(b.ids[i]),
		})
	}
}

// conversations writes n prepared conversations, evenly over the years,
// each planned a few days ahead; about half of those whose day has come
// have a debrief, and they go better with time.
func (h *history) conversations(n int) {
	debrief, _, _ := h.kinds["conversation"].Field("debrief")
	for i := range n {
		at := h.at((float64(i) + h.rng.Float64()) / float64(n))
		planned := at.AddDate(0, 0, 1+h.rng.IntN(14))
		set := map[string]tool.Value{
			"with_whom":   str(people[h.rng.IntN(len(people))]),
			"observed":    str("When " + h.clause(8+h.rng.IntN(10))),
			"feel":        str("I feel " + h.clause(4+h.rng.IntN(8))),
			"need":        str("Because I need " + h.clause(4+h.rng.IntN(8))),
			"ask":         str("Would you " + h.clause(6+h.rng.IntN(10))),
			"hopes":       str(h.maybe(0.6, func() string { return h.sentence(8 + h.rng.IntN(10)) })),
			"fears":       str(h.maybe(0.6, func() string { return h.sentence(8 + h.rng.IntN(10)) })),
			"planned_for": day(planned),
		}
		if h.rng.IntN(2) == 0 && planned.Before(h.now) {
			went := min(10, int(10*h.progress(at))/2+h.rng.IntN(6))
			set["debrief"] = object(fill(debrief.Fields, map[string]tool.Value{
				"happened_on": day(planned),
				"went":        num(went),
				"heard":       str(h.sentence(10 + h.rng.IntN(20))),
				"next":        str(h.maybe(0.7, func() string { return h.sentence(6 + h.rng.IntN(10)) })),
			}))
		}
		h.add("conversation", at, set)
	}
}

// instincts writes n gut feelings, evenly over the years, with how sure
// the person was. Most are resolved a few days to weeks later: true more
// often the surer they felt, with a little overconfidence at the top, and
// a few unclear. Those too recent stay open.
func (h *history) instincts(n int) {
	for i := range n {
		at := h.at((float64(i) + h.rng.Float64()) / float64(n))
		sure := 50 + h.rng.IntN(51)
		set := map[string]tool.Value{
			"sense": str(h.sentence(6 + h.rng.IntN(14))),
			"sure":  num(sure),
		}
		resolved := at.AddDate(0, 0, 1+h.rng.IntN(30))
		if h.rng.Float64() < 0.85 && resolved.Before(h.now) {
			outcome := "false"
			switch r := h.rng.Float64(); {
			case r < 0.08:
				outcome = "unclear"
			case r < 0.08+0.92*(float64(sure)/100-0.08):
				outcome = "true"
			}
			set["outcome"] = str(outcome)
			set["resolved_on"] = day(resolved)
			set["note"] = str(h.maybe(0.3, func() string { return h.sentence(6 + h.rng.IntN(12)) }))
		}
		h.add("instinct", at, set)
	}
}

// resilience writes n notes of getting through something, evenly over the
// years, most of them about that day or the one before.
func (h *history) resilience(n int) {
	for i := range n {
		at := h.at((float64(i) + h.rng.Float64()) / float64(n))
		when := tool.Value{}
		if h.rng.IntN(4) > 0 {
			when = day(at.AddDate(0, 0, -h.rng.IntN(2)))
		}
		h.add("resilience", at, map[string]tool.Value{"what": str(h.sentence(12 + h.rng.IntN(24))), "when": when})
	}
}

// milestones writes n milestones, more of them as time goes on.
func (h *history) milestones(n int) {
	for i := range n {
		f := (float64(i) + h.rng.Float64()) / float64(n)
		at := h.at(1 - (1-f)*(1-f))
		h.add("milestone", at, map[string]tool.Value{
			"title": str(from(milestoneTitles, i, h.rng)),
			"on":    day(at),
			"note":  str(h.maybe(0.5, func() string { return h.sentence(8 + h.rng.IntN(16)) })),
		})
	}
}

// from returns the i-th of list, or once the list is used up a sentence.
func from(list []string, i int, rng *rand.Rand) string {
	if i < len(list) {
		return list[i]
	}
	return sentence(rng, 3+rng.IntN(5))
}

var storyTitles = []string{
	"The messages I found", "What I learned that Sunday", "The weekend away that was not", "The money from the joint account",
	"What they told my sister", "How long it had been going on", "The first lie I can name", "What I saw and did not want to see",
	"The night it came out", "Looking back at that summer", "What their friend finally told me", "The promise about the house",
	"The year I stopped asking", "What the letter said", "Their side of it, as I understand it", "Why I missed the signs",
	"The second time", "What happened at the wedding", "The part I played", "What I know now",
}

var boundaryWords = []string{
	"No calls after nine in the evening", "We do not talk about it in front of the children", "Messages only, no visits for now",
	"I need a day's notice before you come by", "I leave the room when voices are raised", "My phone is mine; it is not checked",
	"Money decisions over a hundred are made together", "One evening a week is mine alone", "I do not answer questions about my new friends",
	"No contact with their family through me", "I will not be the one to explain it to others", "Sunday mornings are for my own walk",
	"I say no to plans I am not ready for", "We meet in public places only", "I take time before I answer a hard message",
}

var milestoneTitles = []string{
	"A full night's sleep", "Told my closest friend", "A month without checking their page", "Went back to the choir",
	"First holiday on my own", "Laughed properly again", "Signed the new lease", "Six months of no contact",
	"Cooked for friends at home", "Spoke to them without shaking", "Finished the course", "Stopped rereading the messages",
}

var people = []string{"my partner", "Sam", "my sister", "Mum", "my closest friend", "Alex", "my brother", "a colleague", "my counsellor", "Jo"}

var feelings = []string{"sadness", "grief", "anger", "annoyance", "fear", "apprehension", "trust", "serenity",
	"anticipation", "interest", "disgust", "surprise", "remorse", "hope", "anxiety", "love"}

var words = strings.Fields(`morning walk river quiet tired hope letter trust slowly kitchen window
rain friend call sister work boundary honest listen patience breath sleep tea garden light
evening shadow anger soft heavy promise question answer door shoes bread music road`)

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func title(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return ""
	}
	return sentence(rng, 2+rng.IntN(4))
}

// body is about 500 bytes of Markdown, like the load protocol's entries.
func body(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString(sentence(rng, 14) + "\n\n")
	for range 3 {
		b.WriteString("- " + sentence(rng, 6) + "\n")
	}
	b.WriteString("\n" + sentence(rng, 25) + " " + sentence(rng, 12))
	return b.String()
}
