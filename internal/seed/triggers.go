package seed

import (
	"slices"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/tool"
)

// Triggers come about once a week over five years, more often at first;
// a few hard dates are set in the first months. Many triggers name the
// check-in of their day, known once the check-ins are stored.

// triggerKinds are the kinds written here.
var triggerKinds = []string{"trigger", "hard-date"}

// triggerPace is how many triggers five years hold.
const triggerPace = 260

// hardDateCount is how many hard dates a history holds: a person keeps a
// few whatever the length of their history.
func hardDateCount(days int) int {
	if days < 30 {
		return 0
	}
	return min(len(hardDays), 1+days/365)
}

func triggerCount(days int) int { return triggerPace * days / fiveYears }

// triggerRecords is how many records triggersAndDates writes over days.
func triggerRecords(days int) int { return triggerCount(days) + hardDateCount(days) }

// triggersAndDates writes the triggers, each on a day of the history and
// about half linked to that day's check-in (checkins holds them, stored,
// one a day, oldest first), strong at first and softer with time, and the
// hard dates.
func (h *history) triggersAndDates(checkins *batch) {
	for i := range hardDateCount(h.days) {
		at := h.at(0.1 * (float64(i) + h.rng.Float64()) / float64(len(hardDays)))
		set := map[string]tool.Value{
			"what":    str(hardDays[i]),
			"on":      day(at.AddDate(0, 0, -h.rng.IntN(300))),
			"repeats": str("yearly"),
			"plan":    str(h.maybe(0.6, func() string { return h.sentence(8 + h.rng.IntN(12)) })),
		}
		if h.rng.IntN(2) == 0 {
			set["heads_up"] = num(3 + h.rng.IntN(12))
		}
		h.add("hard-date", at, set)
	}
	n := triggerCount(h.days)
	for i := range n {
		f := (float64(i) + h.rng.Float64()) / float64(max(n, 1))
		at := h.at(f * f) // more of them early on
		strength := max(0, min(10, 9-int(6*h.progress(at))+h.rng.IntN(4)-1))
		set := map[string]tool.Value{
			"what":     str(from(triggerWords, h.rng.IntN(len(triggerWords)), h.rng)),
			"strength": num(strength),
			"helped":   str(h.maybe(0.5, func() string { return h.sentence(6 + h.rng.IntN(12)) })),
		}
		if checkins != nil && h.rng.IntN(2) == 0 {
			if j := h.dayOf(checkins, at); j >= 0 {
				set["checkin"] = str(checkins.ids[j])
			}
		}
		h.add("trigger", at, set)
	}
}

// dayOf returns the index in b of its item created on the same day as at,
// or the nearest before it; -1 for none.
func (h *history) dayOf(b *batch, at time.Time) int {
	i, _ := slices.BinarySearchFunc(b.items, at, func(d record.Dated[tool.Values], t time.Time) int { return d.At.Compare(t) })
	if i == len(b.items) || i > 0 && !b.items[i].At.Equal(at) {
		i--
	}
	if i < 0 || i >= len(b.ids) {
		return -1
	}
	return i
}

var hardDays = []string{"The day it came to light", "Our anniversary", "Their birthday", "The day they moved out", "The first holiday apart"}

var triggerWords = []string{
	"A song we used to play in the car", "Their name on my phone", "Driving past the restaurant", "A couple holding hands in the park",
	"The smell of their aftershave on a stranger", "A message from their sister", "Finding an old photo in a drawer",
	"Someone at work making a joke about cheating", "The sound of keys in the door", "Our street on the map",
	"A film with an affair in it", "Their coat still on the hook",
}

// batchOf returns the queued batch of the named kind, or nil.
func (h *history) batchOf(kind string) *batch {
	for _, b := range h.batches {
		if b.k.Name == kind {
			return b
		}
	}
	return nil
}
