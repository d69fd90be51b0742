package tools

import "kintsugi/internal/tool"

// enoughResolved is how many resolved instincts a calibration needs before
// a page reads anything into it: with fewer, one surprise swings it.
const enoughResolved = 10

// InstinctView reads instincts by field position, bound once at start-up
// by NewInstinctView.
type InstinctView struct {
	sure, outcome int
}

// NewInstinctView binds the fields of the "instinct" kind that its
// calibration reads.
func NewInstinctView(c *tool.Catalog) (InstinctView, error) {
	at, err := bindFields(c, "instinct",
		want{name: "sure", typ: tool.Int},
		want{name: "outcome", typ: tool.Choice, values: []string{"true", "false"}})
	if err != nil {
		return InstinctView{}, err
	}
	return InstinctView{sure: at[0], outcome: at[1]}, nil
}

// Calibration is how well a person's sureness matched what turned out
// true: the evidence that trusting oneself is earned back.
type Calibration struct {
	// Resolved counts the instincts whose outcome is known, true or
	// false; unclear and open ones say nothing about calibration.
	Resolved int `json:"resolved"`
	// Brier is the mean of (sure/100 − outcome)², outcome 1 for true and
	// 0 for false: 0 is perfect, 0.25 what always saying 50 % earns. It
	// is null with nothing resolved.
	Brier *float64 `json:"brier"`
	// Bins are the resolved instincts by how sure the person was: 50–59,
	// 60–69, 70–79, 80–89 and 90–100.
	Bins [5]CalibrationBin `json:"bins"`
	// Enough says whether there are enough resolved to read anything in.
	Enough bool `json:"enough"`
	// From says how many of the resolved came from each kind: the
	// instinct log, and the trust ladder's tries.
	From CalibrationSources `json:"from"`
}

// CalibrationSources counts resolved gut senses by where they were noted.
type CalibrationSources struct {
	Instincts int `json:"instincts"`
	Ladder    int `json:"ladder"`
}

// Prediction is a gut sense noted outside the instinct log, with how it
// turned out: a rung of the trust ladder says how likely its feared
// outcome feels (0–100 %), and each try says whether it happened.
type Prediction struct {
	Likely   int
	Happened bool
}

// CalibrationBin is the resolved instincts whose sureness was From to To
// (both included), and how many of them turned out true.
type CalibrationBin struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"count"`
	True  int `json:"true"`
}

// Calibration sums up instincts, and the ladder's predictions if given,
// in one pass. A prediction of p % that something will happen is the same
// gut sense as one of 100 − p % that it will not: below 50 it is counted
// so, at 100 − p and with the outcome turned round, which leaves its
// Brier score as it was and puts it in the 50–100 bins.
func (v InstinctView) Calibration(instincts []tool.Item, ladder ...Prediction) Calibration {
	var c Calibration
	for i := range c.Bins {
		c.Bins[i] = CalibrationBin{From: 50 + 10*i, To: 59 + 10*i}
	}
	c.Bins[len(c.Bins)-1].To = 100
	// The squared errors are summed in whole hundredths squared, exactly,
	// and divided once: the result does not depend on the items' order.
	var sum int
	count := func(sure, hit int) { // both in hundredths
		sum += (sure - hit) * (sure - hit)
		bin := &c.Bins[min(max((sure-50)/10, 0), len(c.Bins)-1)]
		bin.Count++
		if hit == 100 {
			bin.True++
		}
		c.Resolved++
	}
	for i := range instincts {
		x := instincts[i].Value
		switch x[v.outcome].Str {
		case "true":
			count(x[v.sure].Num, 100)
		case "false":
			count(x[v.sure].Num, 0)
		default:
			continue // unclear, or not known yet
		}
		c.From.Instincts++
	}
	for _, p := range ladder {
		sure, hit := p.Likely, 0
		if p.Happened {
			hit = 100
		}
		if sure < 50 {
			sure, hit = 100-sure, 100-hit
		}
		count(sure, hit)
		c.From.Ladder++
	}
	if c.Resolved > 0 {
		brier := float64(sum) / float64(10000*c.Resolved)
		c.Brier = &brier
	}
	c.Enough = c.Resolved >= enoughResolved
	return c
}
