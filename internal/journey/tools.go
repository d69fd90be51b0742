package journey

import (
	"strconv"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

// Limits on what one record may hold, generous enough never to cut off a
// person mid-thought while keeping one request bounded.
const (
	MaxTitle      = 200
	MaxBody       = 100_000
	MaxNote       = 4_000
	MaxSensations = 500
	MaxIntensity  = 10
)

func stepTag(n int) string {
	if n == 0 {
		return ""
	}
	return "step:" + strconv.Itoa(n)
}

// JournalEntry is a free journal entry, optionally tied to a step.
type JournalEntry struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body"`
	Step  int    `json:"step,omitempty"`
}

// Journal is the kind of journal entries, indexed by step.
var Journal = record.Kind[JournalEntry]{
	Name: "journal",
	Tag:  func(e *JournalEntry) string { return stepTag(e.Step) },
}

// Clean checks and tidies an entry in place.
func (e *JournalEntry) Clean() error {
	var p valid.Problems
	e.Title = valid.Text(&p, "title", "The title", e.Title, MaxTitle)
	e.Body = valid.Text(&p, "body", "The entry", e.Body, MaxBody)
	if e.Body == "" && p.For("body") == "" {
		p.Add("body", "Write something in the entry before saving it.")
	}
	checkStep(&p, e.Step, true)
	return p.Err()
}

func checkStep(p *valid.Problems, n int, optional bool) {
	switch {
	case n >= 1 && n <= StepCount:
	case optional && n == 0:
	case optional:
		p.Add("step", "Choose a step from 1 to 12, or none.")
	default:
		p.Add("step", "Choose a step from 1 to 12.")
	}
}

// Felt is one emotion in a check-in with how strongly it was felt.
type Felt struct {
	Name      string `json:"name"`
	Intensity int    `json:"intensity"`
}

// Checkin is a feelings check-in (step 1).
type Checkin struct {
	Emotions   []Felt `json:"emotions"`
	Sensations string `json:"sensations,omitempty"`
	Note       string `json:"note,omitempty"`
}

// Checkins is the kind of feelings check-ins.
var Checkins = record.Kind[Checkin]{Name: "checkin"}

// CleanCheckin checks and tidies a check-in against the vocabulary.
func (g *Guide) CleanCheckin(c *Checkin) error {
	var p valid.Problems
	if len(c.Emotions) == 0 {
		p.Add("emotions", "Choose at least one feeling.")
	}
	seen := map[string]bool{}
	for i, f := range c.Emotions {
		field := "emotions[" + strconv.Itoa(i) + "]"
		switch e, ok := g.Emotion(f.Name); {
		case !ok:
			p.Add(field+".name", "Feeling number "+strconv.Itoa(i+1)+" is not one of the feelings on the wheel.")
		case seen[f.Name]:
			p.Add(field+".name", e.Label+" is chosen twice.")
		case f.Intensity < 0 || f.Intensity > MaxIntensity:
			p.Add(field+".intensity", "The strength of "+e.Label+" must be from 0 to 10.")
		}
		seen[f.Name] = true
	}
	c.Sensations = valid.Text(&p, "sensations", "What you notice in your body", c.Sensations, MaxSensations)
	c.Note = valid.Text(&p, "note", "The note", c.Note, MaxNote)
	return p.Err()
}

// Rating is a "where am I with this" rating of one step, 0–10.
type Rating struct {
	Step  int    `json:"step"`
	Value int    `json:"value"`
	Note  string `json:"note,omitempty"`
}

// Ratings is the kind of step ratings, indexed by step.
var Ratings = record.Kind[Rating]{
	Name: "step-rating",
	Tag:  func(r *Rating) string { return stepTag(r.Step) },
}

// StepTag is the tag value under which records tied to step n are indexed.
func StepTag(n int) string { return stepTag(n) }

// Clean checks and tidies a rating in place.
func (r *Rating) Clean() error {
	var p valid.Problems
	checkStep(&p, r.Step, false)
	if r.Value < 0 || r.Value > 10 {
		p.Add("value", "Choose a number from 0 to 10.")
	}
	r.Note = valid.Text(&p, "note", "The note", r.Note, MaxNote)
	return p.Err()
}
