package tools

import (
	"cmp"
	"slices"
	"time"

	"kintsugi/internal/tool"
)

// Point is one value at one time: a feeling's intensity in a check-in, a
// step's rating.
type Point struct {
	At    time.Time
	Value float64
}

// Bucket is the points of one week or one calendar month.
type Bucket struct {
	Start string  `json:"start"` // the bucket's first day, YYYY-MM-DD, in the person's time zone
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	// MovingMean is the mean of the means of this bucket and of those
	// with points in the three weeks or two months before it: a line that
	// one bad day does not throw.
	MovingMean float64 `json:"moving_mean"`
}

// A bucketing says how points fall into buckets: key numbers a bucket so
// that consecutive buckets have consecutive keys, window is how many keys
// before a bucket its moving mean reaches, start appends a key's first
// day as YYYY-MM-DD.
type bucketing struct {
	key    func(t time.Time) int
	window int
	start  func(b []byte, key int) []byte
}

var bucketings = map[string]bucketing{
	// A week's key is the day number of its Monday.
	"week": {
		key: func(t time.Time) int {
			y, m, d := t.Date()
			return dayNumber(y, m, d) - (int(t.Weekday())+6)%7
		},
		window: 21,
		start: func(b []byte, key int) []byte {
			return time.Unix(int64(key)*secondsPerDay, 0).UTC().AppendFormat(b, time.DateOnly)
		},
	},
	// A month's key counts months from year 0.
	"month": {
		key: func(t time.Time) int {
			y, m, _ := t.Date()
			return y*12 + int(m) - 1
		},
		window: 2,
		start: func(b []byte, key int) []byte {
			return time.Date(key/12, time.Month(key%12+1), 1, 0, 0, 0, 0, time.UTC).AppendFormat(b, time.DateOnly)
		},
	},
}

const secondsPerDay = 24 * 60 * 60

// dayNumber counts calendar days from 1970-01-01 to the given date. The
// date is read in UTC, which has no daylight saving time, so that
// differences of day numbers count calendar days whatever the person's
// time zone did in between: the calendar arithmetic of AddDate, without
// building a time for every day.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// Trend groups points by week (from Monday) or by calendar month, as
// bucket says ("week" or "month"), in the person's time zone loc (UTC if
// nil). It returns one Bucket for each week or month that has points,
// oldest first, and nil for an unknown bucket. The points may come in any
// order; newest or oldest first costs the least.
func Trend(points []Point, bucket string, loc *time.Location) []Bucket {
	b, ok := bucketings[bucket]
	if !ok {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	type sums struct {
		key, n int
		sum    float64
		end    int // where its start ends in the text of all starts
	}
	var all []sums // by key
	// Read oldest first, so that a new bucket is most often the last.
	first, step := 0, 1
	if n := len(points); n > 1 && points[0].At.After(points[n-1].At) {
		first, step = n-1, -1
	}
	for i := first; 0 <= i && i < len(points); i += step {
		p := &points[i]
		k := b.key(p.At.In(loc))
		j := len(all) - 1
		if j < 0 || all[j].key != k {
			var found bool
			j, found = slices.BinarySearchFunc(all, k, func(s sums, k int) int { return cmp.Compare(s.key, k) })
			if !found {
				all = slices.Insert(all, j, sums{key: k})
			}
		}
		all[j].n++
		all[j].sum += p.Value
	}
	// Every start is written into one string, cut into one per bucket:
	// one allocation rather than one for each of some 260 weeks.
	text := make([]byte, 0, len(all)*len(time.DateOnly))
	for i := range all {
		text = b.start(text, all[i].key)
		all[i].end = len(text)
	}
	starts := string(text)
	out := make([]Bucket, len(all))
	oldest, from := 0, 0 // the oldest bucket within the window of the current one; where its start begins
	for i, s := range all {
		out[i] = Bucket{Start: starts[from:s.end], Count: s.n, Mean: s.sum / float64(s.n)}
		from = s.end
		for all[oldest].key < s.key-b.window {
			oldest++
		}
		var means float64
		for j := oldest; j <= i; j++ {
			means += out[j].Mean
		}
		out[i].MovingMean = means / float64(i-oldest+1)
	}
	return out
}

// CheckinView reads check-ins by field position, bound once at start-up
// by NewCheckinView.
type CheckinView struct {
	emotions, name, intensity int // the group, then within its rows
}

// NewCheckinView binds the fields of the "checkin" kind that its trends
// read.
func NewCheckinView(c *tool.Catalog) (CheckinView, error) {
	group, row, err := bindRow(c, "checkin", "emotions",
		want{name: "name", typ: tool.Choice},
		want{name: "intensity", typ: tool.Int})
	if err != nil {
		return CheckinView{}, err
	}
	return CheckinView{emotions: group, name: row[0], intensity: row[1]}, nil
}

// EmotionPoints returns, for each check-in that named emotion, its
// intensity at the time of the check-in, in the check-ins' order.
func (v CheckinView) EmotionPoints(checkins []tool.Item, emotion string) []Point {
	var out []Point
	for i := range checkins {
		for _, row := range checkins[i].Value[v.emotions].Rows {
			if row[v.name].Str == emotion {
				out = append(out, Point{At: checkins[i].CreatedAt, Value: float64(row[v.intensity].Num)})
				break // a check-in names a feeling once
			}
		}
	}
	return out
}

// RatingView reads step ratings by field position, bound once at start-up
// by NewRatingView.
type RatingView struct {
	step, value int
}

// NewRatingView binds the fields of the "step-rating" kind that its
// trends read.
func NewRatingView(c *tool.Catalog) (RatingView, error) {
	at, err := bindFields(c, "step-rating",
		want{name: "step", typ: tool.Step},
		want{name: "value", typ: tool.Int})
	if err != nil {
		return RatingView{}, err
	}
	return RatingView{step: at[0], value: at[1]}, nil
}

// RatingPoints returns the ratings of step, each at the time it was
// given, in the ratings' order.
func (v RatingView) RatingPoints(ratings []tool.Item, step int) []Point {
	var out []Point
	for i := range ratings {
		x := ratings[i].Value
		if x[v.step].Num == step && x[v.value].Has {
			out = append(out, Point{At: ratings[i].CreatedAt, Value: float64(x[v.value].Num)})
		}
	}
	return out
}
