package seed

import (
	"time"

	"kintsugi/internal/tool"
)

// The tools of steps 9, 10 and 12, at the pace of five years of use: a
// good thing or two most weeks (never more than three a day, the tool's
// rule), a strength now and then, an expectation looked at about twice a
// month, and a ladder of a dozen rungs climbed slowly, a few tries each,
// the fear falling as the tries go on.

// positiveKinds are the kinds written here.
var positiveKinds = []string{"good-thing", "strength", "expectation", "rung", "rung-attempt"}

// positivePace is how many of each five years hold.
var positivePace = positive{goodThings: 400, strengths: 40, expectations: 120, rungs: 12, attempts: 60}

type positive struct{ goodThings, strengths, expectations, rungs, attempts int }

func positiveFor(days int) positive {
	scale := func(n int) int { return n * days / fiveYears }
	p := positivePace
	return positive{goodThings: scale(p.goodThings), strengths: scale(p.strengths), expectations: scale(p.expectations),
		rungs: scale(p.rungs), attempts: scale(p.attempts)}
}

// positiveRecords is how many records positiveTools and rungAttempts write
// over days.
func positiveRecords(days int) int {
	p := positiveFor(days)
	n := p.goodThings + p.strengths + p.expectations + p.rungs
	if p.rungs > 0 {
		n += p.attempts
	}
	return n
}

var strengthWords = []string{"Patience", "Honesty", "Courage", "Humour", "Kindness", "Staying steady", "Asking for help"}

// positiveTools writes the good things, strengths, expectations and rungs;
// the rungs come back, stored, for their tries.
func (h *history) positiveTools() *batch {
	p := positiveFor(h.days)
	for i := range p.goodThings {
		// Evenly spread, so that no day holds more than three.
		h.add("good-thing", h.at((float64(i)+0.5)/float64(p.goodThings)), map[string]tool.Value{
			"what": str(h.sentence(3 + h.rng.IntN(8))),
			"why":  str(h.maybe(0.5, func() string { return h.sentence(6 + h.rng.IntN(14)) })),
		})
	}
	for i := range p.strengths {
		h.add("strength", h.at((float64(i)+h.rng.Float64())/float64(p.strengths)), map[string]tool.Value{
			"strength": str(strengthWords[h.rng.IntN(len(strengthWords))]),
			"evidence": str(h.sentence(10 + h.rng.IntN(20))),
		})
	}
	for i := range p.expectations {
		at := h.at((float64(i) + h.rng.Float64()) / float64(p.expectations))
		outcome := "open"
		if h.rng.Float64() < 0.3+0.5*h.progress(at) {
			outcome = "released"
		}
		h.add("expectation", at, map[string]tool.Value{
			"expectation": str(h.sentence(5 + h.rng.IntN(10))),
			"in_control":  str(h.pick("in-control")),
			"need":        str(h.maybe(0.6, func() string { return h.sentence(6 + h.rng.IntN(10)) })),
			"outcome":     str(outcome),
		})
	}
	var rungs *batch
	for i := range p.rungs {
		rungs = h.add("rung", h.at(0.4+0.5*float64(i)/float64(max(p.rungs, 1))), map[string]tool.Value{
			"what":   str(h.sentence(4 + h.rng.IntN(8))),
			"fear":   num(min(10, 2+i*8/max(p.rungs, 1))),
			"feared": str(h.sentence(8 + h.rng.IntN(12))),
			"likely": num(10 + h.rng.IntN(80)),
		})
	}
	return rungs
}

// rungAttempts writes the tries on the stored rungs: each after its rung
// was written, the fear lower after than before, and the feared thing
// coming true now and then.
func (h *history) rungAttempts(rungs *batch) {
	if rungs == nil || len(rungs.ids) == 0 {
		return
	}
	n := positiveFor(h.days).attempts
	for j := range n {
		i := j % len(rungs.ids)
		first := rungs.items[i].At
		at := first.Add(time.Duration((float64(j) + h.rng.Float64()) / float64(n) * float64(h.now.Sub(first))))
		before := 3 + h.rng.IntN(7)
		came := "no"
		switch r := h.rng.Float64(); {
		case r < 0.1:
			came = "yes"
		case r < 0.25:
			came = "partly"
		}
		h.add("rung-attempt", at, map[string]tool.Value{
			"on":          day(at),
			"fear_before": num(before),
			"happened":    str(h.maybe(0.7, func() string { return h.sentence(8 + h.rng.IntN(14)) })),
			"came_true":   str(came),
			"fear_after":  num(max(0, before-1-h.rng.IntN(3))),
			"of":          str(rungs.ids[i]),
		})
	}
}
