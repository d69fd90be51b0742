package together

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/trust"
	"kintsugi/internal/valid"
)

// A commitment is a promise the partner proposes and the person decides
// on. Its check-ins are the ledger the trust estimate reads: one the
// person makes counts at once, one the partner makes counts once the
// person confirms it, with the outcome the person confirms.

// Commitment statuses.
const (
	Proposed = "proposed"
	Accepted = "accepted"
	Declined = "declined"
	Ended    = "ended"
)

// Limits of what a commitment and a check-in hold.
const (
	MaxText = 500
	MaxWhy  = 2000
	MaxNote = 4000
	// MaxCheckins bounds the ledger one commitment's page and the trust
	// estimate read: a check-in a day for ten years.
	MaxCheckins = 3650
	// MaxCommitments bounds how many commitments a space holds.
	MaxCommitments = 500
)

var (
	// ErrDecided means a commitment was already decided on, or is not
	// open to what was asked (a check-in on one not accepted).
	ErrDecided = errors.New("together: that commitment is not open to this now")
	// ErrConfirmed means the check-in needs no confirming: it was the
	// person's own, or is confirmed already.
	ErrConfirmed = errors.New("together: that check-in needs no confirming")
	// ErrFull means the space holds as many of a kind as it can.
	ErrFull = errors.New("together: the shared space is full")
)

// Commitment is one promise, as sealed in the space.
type Commitment struct {
	Text      string    `json:"text"`
	Why       string    `json:"why"`
	Status    string    `json:"status"`
	DecidedAt time.Time `json:"decided_at,omitzero"` // accepted or declined
	EndedAt   time.Time `json:"ended_at,omitzero"`
}

// CommitmentCheckin is one check-in on an accepted commitment.
type CommitmentCheckin struct {
	Commitment string        `json:"commitment"` // the commitment's id
	By         string        `json:"by"`         // the role that made it
	Outcome    trust.Outcome `json:"outcome"`
	Disclosed  bool          `json:"disclosed"`
	Note       string        `json:"note"`
	// Confirmed is the outcome the person confirmed, for a check-in the
	// partner made; empty until then.
	Confirmed   trust.Outcome `json:"confirmed,omitempty"`
	ConfirmedAt time.Time     `json:"confirmed_at,omitzero"`
}

// Counted reports whether the check-in counts, and as what.
func (c *CommitmentCheckin) Counted() (trust.Outcome, bool) {
	switch {
	case c.By == RolePerson:
		return c.Outcome, true
	case c.Confirmed != "":
		return c.Confirmed, true
	}
	return "", false
}

var (
	commitmentKind = record.Kind[Commitment]{Name: "together-commitment"}
	checkinKind    = record.Kind[CommitmentCheckin]{Name: "together-commitment-checkin",
		Tag: func(c *CommitmentCheckin) string { return c.Commitment }}
)

func (s *Service) commitments(sp *Space) *record.Collection[Commitment] {
	return record.Open(s.store, sp, commitmentKind)
}

func (s *Service) checkins(sp *Space) *record.Collection[CommitmentCheckin] {
	return record.Open(s.store, sp, checkinKind)
}

// CommitmentDraft is what the partner writes when proposing or editing.
type CommitmentDraft struct {
	Text string
	Why  string
}

func (d CommitmentDraft) clean() (CommitmentDraft, error) {
	var p valid.Problems
	d.Text = valid.Text(&p, "text", "The commitment", d.Text, MaxText)
	d.Why = valid.Text(&p, "why", "Why it matters", d.Why, MaxWhy)
	if d.Text == "" && p.For("text") == "" {
		p.Add("text", "Write the commitment in a sentence, such as what you will do, or stop doing.")
	}
	return d, p.Err()
}

// Propose adds a commitment, proposed by the partner, for the person to
// decide on.
func (s *Service) Propose(ctx context.Context, sp *Space, d CommitmentDraft) (record.Record[Commitment], error) {
	if err := s.writable(ctx, sp, RolePartner); err != nil {
		return record.Record[Commitment]{}, err
	}
	d, err := d.clean()
	if err != nil {
		return record.Record[Commitment]{}, err
	}
	c := s.commitments(sp)
	if n, err := c.Count(ctx, ""); err != nil {
		return record.Record[Commitment]{}, err
	} else if n >= MaxCommitments {
		return record.Record[Commitment]{}, ErrFull
	}
	return c.Create(ctx, Commitment{Text: d.Text, Why: d.Why, Status: Proposed}, s.now())
}

// EditCommitment changes the words of a commitment the person has not
// accepted: a declined one, edited, is proposed again. An accepted one
// stays as agreed (ErrDecided): the partner ends it and proposes anew.
func (s *Service) EditCommitment(ctx context.Context, sp *Space, id string, d CommitmentDraft) (record.Record[Commitment], error) {
	if err := s.writable(ctx, sp, RolePartner); err != nil {
		return record.Record[Commitment]{}, err
	}
	c := s.commitments(sp)
	cur, err := c.Get(ctx, id)
	if err != nil {
		return cur, err
	}
	if cur.Value.Status != Proposed && cur.Value.Status != Declined {
		return cur, ErrDecided
	}
	if d, err = d.clean(); err != nil {
		return cur, err
	}
	return c.Update(ctx, id, Commitment{Text: d.Text, Why: d.Why, Status: Proposed})
}

// Decide accepts or declines a proposed commitment: the person's alone.
func (s *Service) Decide(ctx context.Context, sp *Space, id string, accept bool) (record.Record[Commitment], error) {
	if err := s.writable(ctx, sp, RolePerson); err != nil {
		return record.Record[Commitment]{}, err
	}
	c := s.commitments(sp)
	cur, err := c.Get(ctx, id)
	if err != nil {
		return cur, err
	}
	if cur.Value.Status != Proposed {
		return cur, ErrDecided
	}
	v := cur.Value
	v.Status, v.DecidedAt = Declined, s.now().UTC()
	if accept {
		v.Status = Accepted
	}
	return c.Update(ctx, id, v)
}

// EndCommitment ends an accepted commitment, by either: its check-ins stay
// in the ledger, and no new ones are made.
func (s *Service) EndCommitment(ctx context.Context, sp *Space, id string) (record.Record[Commitment], error) {
	if err := s.writable(ctx, sp, ""); err != nil {
		return record.Record[Commitment]{}, err
	}
	c := s.commitments(sp)
	cur, err := c.Get(ctx, id)
	if err != nil {
		return cur, err
	}
	if cur.Value.Status != Accepted {
		return cur, ErrDecided
	}
	v := cur.Value
	v.Status, v.EndedAt = Ended, s.now().UTC()
	return c.Update(ctx, id, v)
}

// Commitments lists the space's commitments: those waiting on the person
// first, then accepted ones, then the rest, newest first within each.
func (s *Service) Commitments(ctx context.Context, sp *Space) ([]record.Record[Commitment], error) {
	out, _, err := s.commitments(sp).List(ctx, record.Page{Limit: MaxCommitments})
	rank := map[string]int{Proposed: 0, Accepted: 1, Declined: 2, Ended: 3}
	slices.SortStableFunc(out, func(a, b record.Record[Commitment]) int {
		return cmp.Compare(rank[a.Value.Status], rank[b.Value.Status])
	})
	return out, err
}

// Commitment returns one commitment and its check-ins, newest first.
func (s *Service) Commitment(ctx context.Context, sp *Space, id string) (record.Record[Commitment], []record.Record[CommitmentCheckin], error) {
	c, err := s.commitments(sp).Get(ctx, id)
	if err != nil {
		return c, nil, err
	}
	ins, _, err := s.checkins(sp).List(ctx, record.Page{Limit: MaxCheckins, Tag: id})
	return c, ins, err
}

// CheckinDraft is a check-in as written.
type CheckinDraft struct {
	Outcome   string
	Disclosed bool
	Note      string
	At        time.Time // when it happened; zero for now
}

func outcome(p *valid.Problems, field, v string) trust.Outcome {
	switch o := trust.Outcome(v); o {
	case trust.Kept, trust.Partly, trust.Broken:
		return o
	}
	p.Add(field, "Choose how it went: kept, partly or broken.")
	return ""
}

// AddCheckin records how an accepted commitment was kept, by either
// member; a back-dated one may be no older than the commitment and no
// later than now.
func (s *Service) AddCheckin(ctx context.Context, sp *Space, id string, d CheckinDraft) (record.Record[CommitmentCheckin], error) {
	var none record.Record[CommitmentCheckin]
	if err := s.writable(ctx, sp, ""); err != nil {
		return none, err
	}
	c, err := s.commitments(sp).Get(ctx, id)
	if err != nil {
		return none, err
	}
	if c.Value.Status != Accepted {
		return none, ErrDecided
	}
	var p valid.Problems
	o := outcome(&p, "outcome", d.Outcome)
	note := valid.Text(&p, "note", "The note", d.Note, MaxNote)
	now := s.now()
	switch {
	case d.At.IsZero():
		d.At = now
	case d.At.After(now.Add(5 * time.Minute)):
		p.Add("created_at", "When it happened cannot be in the future.")
	case d.At.Before(c.CreatedAt):
		p.Add("created_at", "When it happened cannot be before the commitment was made.")
	}
	if err := p.Err(); err != nil {
		return none, err
	}
	ins := s.checkins(sp)
	if n, err := ins.Count(ctx, id); err != nil {
		return none, err
	} else if n >= MaxCheckins {
		return none, ErrFull
	}
	if d.At.After(now) {
		d.At = now // a phone's clock a little ahead
	}
	v := CommitmentCheckin{Commitment: id, By: sp.Role, Outcome: o, Disclosed: d.Disclosed && o == trust.Broken, Note: note}
	return ins.Create(ctx, v, d.At)
}

// Confirm counts a check-in the partner made, with the outcome the person
// confirms (the same or another): the person's alone.
func (s *Service) Confirm(ctx context.Context, sp *Space, commitment, id, as string) (record.Record[CommitmentCheckin], error) {
	var none record.Record[CommitmentCheckin]
	if err := s.writable(ctx, sp, RolePerson); err != nil {
		return none, err
	}
	ins := s.checkins(sp)
	cur, err := ins.Get(ctx, id)
	if err != nil || cur.Value.Commitment != commitment {
		return none, cmp.Or(err, record.ErrNotFound)
	}
	var p valid.Problems
	o := outcome(&p, "outcome", as)
	if err := p.Err(); err != nil {
		return none, err
	}
	if _, counted := cur.Value.Counted(); counted {
		return none, ErrConfirmed
	}
	v := cur.Value
	v.Confirmed, v.ConfirmedAt = o, s.now().UTC()
	return ins.Update(ctx, id, v)
}

// writable reports whether the viewer may add to the space now: both are
// still in it, it is not paused, and, where role is given, the viewer
// has that role.
func (s *Service) writable(ctx context.Context, sp *Space, role string) error {
	if !sp.Linked() {
		return ErrAlone
	}
	if role != "" && sp.Role != role {
		return ErrRole
	}
	if p, err := s.Pause(ctx, sp); err != nil {
		return err
	} else if p != nil {
		return ErrPaused
	}
	return nil
}
