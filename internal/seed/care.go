package seed

import (
	"fmt"

	"kintsugi/internal/tool"
)

// The tools of steps 7, 8 and 11 and the safety plan, at the pace of five
// years of use: a handful of forgiveness workspaces and letters, resentment
// and goodwill rated every two weeks or so, self-care noted twice a week,
// a small support circle, compassion exercises about monthly, and one
// self-care plan and one safety plan, each written once and changed now
// and then.
var carePace = care{forgiveness: 5, letters: 20, ratings: 130, selfcare: 520, circle: 8, compassion: 60, felt: 60}

// care is how many items of the tools of steps 7, 8 and 11 one history
// holds, besides the two plans.
type care struct {
	forgiveness, letters, ratings, selfcare, circle, compassion, felt int
}

// careKinds are the kinds careFor writes.
var careKinds = []string{"forgiveness", "letter", "forgiveness-rating", "selfcare-plan", "selfcare", "circle", "compassion", "safety-plan", "felt-trust"}

func careFor(days int) care {
	scale := func(n int) int { return n * days / fiveYears }
	p := carePace
	return care{forgiveness: scale(p.forgiveness), letters: scale(p.letters), ratings: scale(p.ratings),
		selfcare: scale(p.selfcare), circle: scale(p.circle), compassion: scale(p.compassion), felt: scale(p.felt)}
}

// careRecords is how many records careTools writes over days: the two
// plans (one each, however long) and the others at their pace.
func careRecords(days int) int {
	if days == 0 {
		return 0
	}
	c := careFor(days)
	return 2 + c.forgiveness + c.letters + c.ratings + c.selfcare + c.circle + c.compassion + c.felt
}

// careTools writes the tools of steps 7, 8 and 11 and the safety plan.
// Resentment eases and goodwill grows, unevenly; self-care lifts the mood
// a little more often than not.
func (h *history) careTools() {
	if h.days == 0 {
		return
	}
	c := careFor(h.days)
	h.add("safety-plan", h.at(0.05), map[string]tool.Value{
		"warning_signs": str("I stop answering messages and lie awake going over it."),
		"on_my_own":     str("A long walk by the river. Loud music. A hot shower."),
		"ask_for_help":  str("Sam, 555 0100\nMy sister, 555 0142"),
		"professionals": str("My doctor's surgery, 555 0199"),
	})
	h.add("selfcare-plan", h.at(0.1), map[string]tool.Value{
		"body": str("Sleep before midnight. A proper breakfast."), "mind": str("Ten quiet minutes in the garden."),
		"connection": str("Call my sister on Sundays."), "joy": str("The choir on Thursdays."),
	})
	// Felt trust: noted about once a month, rising slowly (drawn without
	// the random source, so the tools seeded after it stay as they were).
	for i := range c.felt {
		f := (float64(i) + 0.5) / float64(c.felt)
		h.add("felt-trust", h.at(0.2+0.75*f), map[string]tool.Value{"value": num(2 + int(5*f) - i%3%2)})
	}
	for i := range c.forgiveness {
		at := h.at(0.3 + 0.6*(float64(i)+h.rng.Float64())/float64(c.forgiveness))
		set := map[string]tool.Value{"about": str(h.sentence(2 + h.rng.IntN(4))), "recall": str(body(h.rng))}
		for j, stage := range []string{"empathize", "gift", "commit", "hold_on"} {
			if h.rng.IntN(5) > j+1 { // fewer get as far as each later stage
				set[stage] = str(h.sentence(12 + h.rng.IntN(20)))
			}
		}
		h.add("forgiveness", at, set)
	}
	for i := range c.letters {
		at := h.at((float64(i) + h.rng.Float64()) / float64(c.letters))
		h.add("letter", at, map[string]tool.Value{"to": str(people[h.rng.IntN(len(people))]), "letter": str(body(h.rng) + "\n\n" + body(h.rng))})
	}
	for i := range c.ratings {
		at := h.at((float64(i) + h.rng.Float64()) / float64(c.ratings))
		p := h.progress(at)
		h.add("forgiveness-rating", at, map[string]tool.Value{
			"resentment": num(clamp(int(9-6*p) + h.rng.IntN(3) - 1)),
			"goodwill":   num(clamp(int(1+4*p) + h.rng.IntN(3) - 1)),
			"note":       str(h.maybe(0.3, func() string { return h.sentence(6 + h.rng.IntN(12)) })),
		})
	}
	for i := range c.selfcare {
		at := h.at((float64(i) + h.rng.Float64()) / float64(c.selfcare))
		before := h.rng.IntN(9)
		set := map[string]tool.Value{"what": str(h.sentence(2 + h.rng.IntN(4))), "area": str(h.pick("selfcare-area")), "before": num(before)}
		if h.rng.IntN(10) > 0 {
			set["after"] = num(clamp(before + h.rng.IntN(4) - 1))
		}
		h.add("selfcare", at, set)
	}
	for i := range c.circle {
		h.add("circle", h.at(0.5*float64(i)/float64(max(c.circle, 1))), map[string]tool.Value{
			"name": str(people[i%len(people)]), "reach": str(fmt.Sprintf("555 01%02d", 10+i)),
			"helps": str(h.sentence(6 + h.rng.IntN(10))),
		})
	}
	for i := range c.compassion {
		at := h.at((float64(i) + h.rng.Float64()) / float64(c.compassion))
		set := map[string]tool.Value{"exercise": str("self"), "noticing": str(h.sentence(8 + h.rng.IntN(12))),
			"common": str(h.sentence(8 + h.rng.IntN(12))), "kindness": str(h.sentence(8 + h.rng.IntN(12)))}
		if h.rng.IntN(4) == 0 {
			set = map[string]tool.Value{"exercise": str("their-side"), "their_pressures": str(h.sentence(10 + h.rng.IntN(12))),
				"their_choice": str(h.sentence(6 + h.rng.IntN(8)))}
		}
		h.add("compassion", at, set)
	}
}

// clamp keeps n on a 0–10 scale.
func clamp(n int) int { return min(10, max(0, n)) }
