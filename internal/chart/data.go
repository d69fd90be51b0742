package chart

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// size applies defaults to a viewBox size.
func size(w, h, defW, defH int) (int, int) {
	if w <= 0 {
		w = defW
	}
	if h <= 0 {
		h = defH
	}
	return w, h
}

// usable returns the drawable points of ps in time order: NaN values are
// dropped. ps itself is returned when it is already clean, so the common
// case does not allocate.
func usable(ps []Point) []Point {
	clean := true
	for i := range ps {
		if math.IsNaN(ps[i].Value) || (i > 0 && ps[i].At.Before(ps[i-1].At)) {
			clean = false
			break
		}
	}
	if clean {
		return ps
	}
	out := make([]Point, 0, len(ps))
	for _, p := range ps {
		if !math.IsNaN(p.Value) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Point) int { return a.At.Compare(b.At) })
	return out
}

// window returns the points of the sorted slice ps within [from, to].
func window(ps []Point, from, to time.Time) []Point {
	i := sort.Search(len(ps), func(i int) bool { return !ps[i].At.Before(from) })
	j := sort.Search(len(ps), func(j int) bool { return ps[j].At.After(to) })
	if j < i {
		return nil
	}
	return ps[i:j]
}

// valueRange returns min..max when that is a usable range, and otherwise
// the range of the finite values in series (padded by 1 if flat).
func valueRange(min, max float64, series ...[]Point) (float64, float64) {
	if max > min && !math.IsInf(min, 0) && !math.IsInf(max, 0) {
		return min, max
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, ps := range series {
		for _, p := range ps {
			if !math.IsInf(p.Value, 0) {
				lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
			}
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case lo == hi:
		return lo - 1, hi + 1
	}
	return lo, hi
}

// clamp limits v to lo..hi.
func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// secs is t as fractional Unix seconds.
func secs(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// summary appends a plain-language description of ps to b, e.g.
// "Mood: 10 values from Jan 1, 2026 to Jan 10, 2026; latest 6, lowest 2,
// highest 8." ps must be sorted and non-empty for the long form.
func summary(b []byte, name string, ps []Point) []byte {
	if name != "" {
		b = append(b, name...)
		b = append(b, ": "...)
	}
	none, one := "No values in this period.", "One value, "
	if name != "" {
		none, one = "no values in this period.", "one value, "
	}
	switch len(ps) {
	case 0:
		return append(b, none...)
	case 1:
		b = append(b, one...)
		b = appendNum(b, ps[0].Value)
		b = append(b, " on "...)
		b = ps[0].At.UTC().AppendFormat(b, descDate)
		return append(b, '.')
	}
	lo, hi := ps[0].Value, ps[0].Value
	for _, p := range ps[1:] {
		if p.Value < lo {
			lo = p.Value
		} else if p.Value > hi {
			hi = p.Value
		}
	}
	b = strconv.AppendInt(b, int64(len(ps)), 10)
	b = append(b, " values from "...)
	b = ps[0].At.UTC().AppendFormat(b, descDate)
	b = append(b, " to "...)
	b = ps[len(ps)-1].At.UTC().AppendFormat(b, descDate)
	b = append(b, "; latest "...)
	b = appendNum(b, ps[len(ps)-1].Value)
	b = append(b, ", lowest "...)
	b = appendNum(b, lo)
	b = append(b, ", highest "...)
	b = appendNum(b, hi)
	return append(b, '.')
}

// truncate shortens s to at most n runes, ending in an ellipsis if cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return s[:i] + "…"
}
