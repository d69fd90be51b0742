package chart

import (
	"math"
	"strconv"
	"time"
)

// chartID returns id made safe for use as an XML/HTML id, or, when that
// is empty, "chart-" plus the hex hash h of the chart's content.
//
// A derived id is deterministic: identical charts get identical ids, so
// set ID explicitly when the same chart appears twice on one page.
func chartID(id string, h uint64) string {
	b := make([]byte, 0, len(id))
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b = append(b, c)
		default:
			b = append(b, '-')
		}
	}
	if len(b) > 0 {
		return string(b)
	}
	return "chart-" + strconv.FormatUint(h, 16)
}

// hasher is a small, fast, deterministic 64-bit hash of chart input.
// It is not cryptographic; it only has to make ids differ between the
// different charts of one page.
type hasher uint64

func newHasher() hasher { return 14695981039346656037 }

const hashPrime = 1099511628211

func (h *hasher) word(v uint64) {
	x := (uint64(*h) ^ v) * hashPrime
	*h = hasher(x ^ x>>32)
}

func (h *hasher) str(s string) {
	x := uint64(*h)
	for i := 0; i < len(s); i++ {
		x = (x ^ uint64(s[i])) * hashPrime
	}
	*h = hasher(x)
	h.word(uint64(len(s)))
}

func (h *hasher) float(v float64) { h.word(math.Float64bits(v)) }

func (h *hasher) time(t time.Time) {
	h.word(uint64(t.Unix())*1e9 + uint64(t.Nanosecond()))
}

func (h *hasher) points(ps []Point) {
	h.word(uint64(len(ps)))
	for i := range ps {
		h.time(ps[i].At)
		h.float(ps[i].Value)
	}
}

// sum finalises the hash (splitmix64 finaliser).
func (h hasher) sum() uint64 {
	x := uint64(h)
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
