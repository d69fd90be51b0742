package together

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

// The weekly check-in is a few questions (content/weekly.json) each member
// answers on their own, 0 to 10 with a note, and both see side by side
// once both have answered that week. Until then neither is sent the
// other's answers, only whether the other has answered: "it is your turn"
// is kinder than silence, and says nothing of what was answered.
//
// A week is one clock for both, wherever each of them lives: it starts on
// Monday at 00:00 UTC and is known by that Monday's date ("2026-11-30").
// Weeks in each member's own zone would not line up: for part of every
// Monday one of them would be answering a week the other sees as over.

//go:embed content/weekly.json
var weeklyJSON []byte

// Limits of the weekly check-in.
const (
	MaxWeeklyNote = 2000
	// MaxWeeks bounds how many past weeks the listing reads: ten years.
	MaxWeeks = 520
	// perWeek bounds the answers read for one week: one per member, and
	// room for a duplicate two requests made at the same moment.
	perWeek = 8
)

// WeekQuestion is one question of the weekly check-in. Its ID is kept with
// every answer, so it never changes; its words may.
type WeekQuestion struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// WeeklyWords are the weekly check-in's words: what it is, what 0 and 10
// mean, and the questions, in the order asked.
type WeeklyWords struct {
	About     string         `json:"about"`
	Low       string         `json:"low"`
	High      string         `json:"high"`
	Questions []WeekQuestion `json:"questions"`
}

var weekly = mustWeekly(weeklyJSON)

// mustWeekly reads the embedded words: 4 to 6 questions with distinct ids
// and words, or the program does not start.
func mustWeekly(raw []byte) WeeklyWords {
	var w WeeklyWords
	if err := json.Unmarshal(raw, &w); err != nil {
		panic(fmt.Sprintf("together: content/weekly.json: %v", err))
	}
	if n := len(w.Questions); n < 4 || n > 6 || w.About == "" || w.Low == "" || w.High == "" {
		panic(fmt.Sprintf("together: content/weekly.json: %d questions, or words missing", n))
	}
	seen := map[string]bool{}
	for _, q := range w.Questions {
		if q.ID == "" || q.Text == "" || seen[q.ID] {
			panic(fmt.Sprintf("together: content/weekly.json: question %q is empty or twice", q.ID))
		}
		seen[q.ID] = true
	}
	return w
}

// Weekly returns the weekly check-in's words.
func Weekly() WeeklyWords { return weekly }

// WeeklyAnswer is one member's answers for one week, as sealed in the
// space: one record per member per week, replaced while the week lasts.
type WeeklyAnswer struct {
	Week    string        `json:"week"` // the week's key
	By      string        `json:"by"`   // the role that answered
	Answers []WeeklyValue `json:"answers"`
}

// WeeklyValue is the answer to one question.
type WeeklyValue struct {
	Question string `json:"question"`
	Value    int    `json:"value"`
	Note     string `json:"note"`
}

var weeklyKind = record.Kind[WeeklyAnswer]{Name: "together-weekly-answer",
	Tag: func(a *WeeklyAnswer) string { return a.Week }}

func (s *Service) weeklies(sp *Space) *record.Collection[WeeklyAnswer] {
	return record.Open(s.store, sp, weeklyKind)
}

// WeekOf returns the key of the week t falls in, and when that week
// starts: the Monday before or of t, at 00:00 UTC.
func WeekOf(t time.Time) (string, time.Time) {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return start.Format(time.DateOnly), start
}

// Week is one week of the check-in as the viewer may see it.
type Week struct {
	Key        string
	Start, End time.Time // in UTC; End is the next week's Start
	Mine       *record.Record[WeeklyAnswer]
	// Theirs is the other's answers, nil until both have answered.
	Theirs       *record.Record[WeeklyAnswer]
	TheyAnswered bool
}

// Both reports whether both members answered the week.
func (w Week) Both() bool { return w.Theirs != nil }

// seen returns the week key as sp's viewer may see it, from its answers
// newest first (should a member have two, the newest counts).
func seen(sp *Space, key string, recs []record.Record[WeeklyAnswer]) Week {
	start, _ := time.Parse(time.DateOnly, key)
	w := Week{Key: key, Start: start, End: start.AddDate(0, 0, 7)}
	var theirs *record.Record[WeeklyAnswer]
	for i := range recs {
		switch r := &recs[i]; {
		case r.Value.By == sp.Role && w.Mine == nil:
			w.Mine = r
		case r.Value.By != sp.Role && theirs == nil:
			theirs = r
		}
	}
	w.TheyAnswered = theirs != nil
	if w.Mine != nil {
		w.Theirs = theirs
	}
	return w
}

// ThisWeek returns the week now, for the viewer.
func (s *Service) ThisWeek(ctx context.Context, sp *Space) (Week, error) {
	key, _ := WeekOf(s.now())
	recs, _, err := s.weeklies(sp).List(ctx, record.Page{Limit: perWeek, Tag: key})
	if err != nil {
		return Week{}, err
	}
	return seen(sp, key, recs), nil
}

// PastWeeks returns the weeks before this one that either member
// answered, newest first, up to MaxWeeks of them.
func (s *Service) PastWeeks(ctx context.Context, sp *Space) ([]Week, error) {
	now, _ := WeekOf(s.now())
	all, _, err := s.weeklies(sp).List(ctx, record.Page{Limit: 2 * (MaxWeeks + 1)})
	if err != nil {
		return nil, err
	}
	by := map[string][]record.Record[WeeklyAnswer]{}
	for _, r := range all {
		if r.Value.Week < now {
			by[r.Value.Week] = append(by[r.Value.Week], r)
		}
	}
	out := make([]Week, 0, len(by))
	for key, recs := range by {
		out = append(out, seen(sp, key, recs))
	}
	slices.SortFunc(out, func(a, b Week) int { return cmp.Compare(b.Key, a.Key) })
	return out[:min(len(out), MaxWeeks)], nil
}

// AnswerDraft is the answer to one question as written; Value is nil
// when no number was chosen.
type AnswerDraft struct {
	Question string
	Value    *int
	Note     string
}

// cleanAnswers checks that every question is answered once, with a
// number from 0 to 10 and a note within MaxWeeklyNote, and returns the
// answers in the questions' order. A problem is about the field of the
// draft it is in ("answers[2].value"), or about "answers" for a question
// not answered at all.
func cleanAnswers(drafts []AnswerDraft) ([]WeeklyValue, error) {
	var p valid.Problems
	known := map[string]bool{}
	for _, q := range weekly.Questions {
		known[q.ID] = true
	}
	got := map[string]WeeklyValue{}
	for i, d := range drafts {
		at := "answers[" + strconv.Itoa(i) + "]."
		if !known[d.Question] {
			p.Add(at+"question", "That is not one of this week's questions.")
			continue
		}
		if _, twice := got[d.Question]; twice {
			p.Add(at+"question", "That question is answered twice. Answer each one once.")
			continue
		}
		v := WeeklyValue{Question: d.Question}
		switch {
		case d.Value == nil:
			p.Add(at+"value", "Choose a number from 0 to 10.")
		case *d.Value < 0 || *d.Value > 10:
			p.Add(at+"value", "The answer is a number from 0 to 10.")
		default:
			v.Value = *d.Value
		}
		v.Note = valid.Text(&p, at+"note", "The note", d.Note, MaxWeeklyNote)
		got[d.Question] = v
	}
	out := make([]WeeklyValue, 0, len(weekly.Questions))
	for _, q := range weekly.Questions {
		v, ok := got[q.ID]
		if !ok {
			p.Add("answers", "Answer every question once, each with a number from 0 to 10.")
			break
		}
		out = append(out, v)
	}
	return out, p.Err()
}

// AnswerWeek keeps the viewer's answers for this week, in place of any
// they gave before, and returns the week as they now see it. Either
// member answers, while both are in the space and it is not paused.
func (s *Service) AnswerWeek(ctx context.Context, sp *Space, drafts []AnswerDraft) (Week, error) {
	if err := s.writable(ctx, sp, ""); err != nil {
		return Week{}, err
	}
	answers, err := cleanAnswers(drafts)
	if err != nil {
		return Week{}, err
	}
	now := s.now()
	key, _ := WeekOf(now)
	c := s.weeklies(sp)
	recs, _, err := c.List(ctx, record.Page{Limit: perWeek, Tag: key})
	if err != nil {
		return Week{}, err
	}
	v := WeeklyAnswer{Week: key, By: sp.Role, Answers: answers}
	var saved record.Record[WeeklyAnswer]
	if mine := seen(sp, key, recs).Mine; mine != nil {
		saved, err = c.Update(ctx, mine.ID, v)
	} else {
		saved, err = c.Create(ctx, v, now)
	}
	if err != nil {
		return Week{}, err
	}
	return seen(sp, key, append([]record.Record[WeeklyAnswer]{saved}, recs...)), nil
}
