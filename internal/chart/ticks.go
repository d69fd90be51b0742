package chart

import "time"

// tickUnit is the calendar unit of a time axis step.
type tickUnit int

const (
	days tickUnit = iota
	months
	years
)

// layouts are the tick label formats per unit (always in UTC).
var layouts = [...]string{days: "Jan 2", months: "Jan 2006", years: "2006"}

// tickStep is a spacing between time ticks, e.g. 3 months.
type tickStep struct {
	unit tickUnit
	n    int
}

// timeSteps are tried finest first; the first that fits wins.
var timeSteps = []tickStep{
	{days, 1}, {days, 2}, {days, 3}, {days, 7}, {days, 14},
	{months, 1}, {months, 2}, {months, 3}, {months, 6},
	{years, 1}, {years, 2}, {years, 5}, {years, 10}, {years, 25}, {years, 50},
}

// timeTick is one labelled position on the time axis.
type timeTick struct {
	At    time.Time
	Label string
}

// timeTicks picks calendar-aligned ticks within [from, to]: the finest
// step (days, then months, then years) that yields at most max ticks.
func timeTicks(from, to time.Time, max int) []timeTick {
	from, to = from.UTC(), to.UTC()
	for _, s := range timeSteps {
		if ts, ok := ticksFor(s, from, to, max); ok {
			return labelled(ts, s.unit)
		}
	}
	for n := 100; ; n *= 10 { // absurdly long spans
		if ts, ok := ticksFor(tickStep{years, n}, from, to, max); ok {
			return labelled(ts, years)
		}
	}
}

func labelled(ts []time.Time, u tickUnit) []timeTick {
	out := make([]timeTick, len(ts))
	for i, t := range ts {
		out[i] = timeTick{t, t.Format(layouts[u])}
	}
	return out
}

// ticksFor lists the ticks of step s within [from, to], or reports false
// if there would be more than max.
func ticksFor(s tickStep, from, to time.Time, max int) ([]time.Time, bool) {
	var out []time.Time
	for t := firstTick(s, from); !t.After(to); t = nextTick(s, t) {
		if len(out) == max {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// firstTick is the first aligned tick of step s at or after from (UTC).
// Day steps align to the Unix epoch (weeks and fortnights to Mondays),
// month steps to January, year steps to multiples of n.
func firstTick(s tickStep, from time.Time) time.Time {
	switch s.unit {
	case days:
		u := from.Unix()
		d := (u - mod(u, 86400)) / 86400
		if time.Unix(d*86400, 0).Before(from) {
			d++
		}
		shift := int64(0)
		if s.n%7 == 0 {
			shift = 3 // day 4 of the epoch (1970-01-05) was a Monday
		}
		d += mod(-(d + shift), int64(s.n))
		return time.Unix(d*86400, 0).UTC()
	case months:
		t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		if t.Before(from) {
			t = t.AddDate(0, 1, 0)
		}
		idx := int64(t.Year())*12 + int64(t.Month()) - 1
		return t.AddDate(0, int(mod(-idx, int64(s.n))), 0)
	default:
		t := time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		if t.Before(from) {
			t = t.AddDate(1, 0, 0)
		}
		return t.AddDate(int(mod(-int64(t.Year()), int64(s.n))), 0, 0)
	}
}

func nextTick(s tickStep, t time.Time) time.Time {
	switch s.unit {
	case days:
		return t.AddDate(0, 0, s.n)
	case months:
		return t.AddDate(0, s.n, 0)
	default:
		return t.AddDate(s.n, 0, 0)
	}
}

// mod is a mathematical modulus: the result is in [0, n).
func mod(a, n int64) int64 {
	m := a % n
	if m < 0 {
		m += n
	}
	return m
}

// valueTicks returns the requested y ticks that lie within lo..hi, or
// lo, the midpoint and hi when none are usable.
func valueTicks(want []float64, lo, hi float64) []float64 {
	eps := (hi - lo) * 1e-9
	var out []float64
	for _, v := range want {
		if v >= lo-eps && v <= hi+eps {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		out = []float64{lo, (lo + hi) / 2, hi}
	}
	return out
}
