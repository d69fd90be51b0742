package together

import (
	"context"
	"errors"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

// A pause is a rest either member can call: while it lasts, the space
// shows the pause and takes nothing new, from either, until the one who
// called it lifts it or its end comes.

// MaxPause is the longest a pause can be set for at once.
const MaxPause = 90 * 24 * time.Hour

// ErrPaused means the space is paused: nothing new can be added now.
var ErrPaused = errors.New("together: the space is paused")

// ErrNotPaused means there is no pause of the viewer's to lift.
var ErrNotPaused = errors.New("together: no pause of yours to lift")

// PauseState is a pause in force.
type PauseState struct {
	By    string    `json:"by"` // the role that called it
	Until time.Time `json:"until"`
	Note  string    `json:"note"`
}

var pauseKind = record.Kind[PauseState]{Name: "together-pause"}

func (s *Service) pauses(sp *Space) *record.Collection[PauseState] {
	return record.Open(s.store, sp, pauseKind)
}

// Pause returns the pause in force, with when it was called, or nil.
func (s *Service) Pause(ctx context.Context, sp *Space) (*record.Record[PauseState], error) {
	got, _, err := s.pauses(sp).List(ctx, record.Page{Limit: 1})
	if err != nil || len(got) == 0 || !got[0].Value.Until.After(s.now()) {
		return nil, err
	}
	return &got[0], nil
}

// SetPause calls a pause, or changes the viewer's own, until a time within
// MaxPause from now.
func (s *Service) SetPause(ctx context.Context, sp *Space, until time.Time, note string) (*record.Record[PauseState], error) {
	if !sp.Linked() {
		return nil, ErrAlone
	}
	cur, err := s.Pause(ctx, sp)
	if err != nil {
		return nil, err
	}
	if cur != nil && cur.Value.By != sp.Role {
		return nil, ErrPaused
	}
	var p valid.Problems
	note = valid.Text(&p, "note", "The note", note, MaxNote)
	now := s.now()
	switch {
	case until.IsZero():
		p.Add("until", "Say until when, such as tomorrow evening or a week from now.")
	case !until.After(now):
		p.Add("until", "The end of a pause must be in the future.")
	case until.After(now.Add(MaxPause)):
		p.Add("until", "A pause can last up to 90 days at a time. You can call another when it ends.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	v := PauseState{By: sp.Role, Until: until.UTC().Truncate(time.Second), Note: note}
	c := s.pauses(sp)
	var rec record.Record[PauseState]
	if cur != nil {
		rec, err = c.Update(ctx, cur.ID, v)
	} else {
		rec, err = c.Create(ctx, v, now)
	}
	return &rec, err
}

// LiftPause ends the viewer's own pause now; ErrNotPaused when there is
// none of theirs.
func (s *Service) LiftPause(ctx context.Context, sp *Space) error {
	cur, err := s.Pause(ctx, sp)
	if err != nil {
		return err
	}
	if cur == nil || cur.Value.By != sp.Role {
		return ErrNotPaused
	}
	v := cur.Value
	v.Until = s.now().UTC()
	_, err = s.pauses(sp).Update(ctx, cur.ID, v)
	return err
}
