package together

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

// Talking in the shared space: questions the person asks and the partner
// answers, the partner's repairs (apologies and amends) that the person
// may respond to, and conversations either can start. Everything is
// sealed under the space's key; what one writes, the other reads.

// Limits of what talk holds.
const (
	MaxQuestion   = 1000
	MaxLong       = 8000 // an answer, a repair, a response, a message
	MaxTitle      = 200
	MaxQuestions  = 1000
	MaxRepairs    = 1000
	MaxThreads    = 500
	MaxMessages   = 5000 // in one conversation
	maxThreadView = MaxMessages
)

// ErrAnswered means the question or repair has its answer already: the
// words given stay as they were given.
var ErrAnswered = errors.New("together: answered already")

// Question is one question the person asked, and the partner's answer.
type Question struct {
	Text       string    `json:"text"`
	Answer     string    `json:"answer"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
}

// Open reports whether the question waits for its answer.
func (q *Question) Open() bool { return q.AnsweredAt.IsZero() }

// Repair kinds.
const (
	Apology = "apology"
	Amends  = "amends"
)

// Repair is an apology or an amends the partner recorded, and the
// person's response, if they gave one.
type Repair struct {
	Kind        string    `json:"kind"`
	Text        string    `json:"text"`
	Response    string    `json:"response"`
	RespondedAt time.Time `json:"responded_at,omitzero"`
}

// Thread is a conversation; its messages are records of their own.
type Thread struct {
	Title string `json:"title"`
	By    string `json:"by"` // the role that started it
}

// Message is one message in a conversation.
type Message struct {
	Thread string `json:"thread"`
	By     string `json:"by"`
	Text   string `json:"text"`
}

var (
	questionKind = record.Kind[Question]{Name: "together-question"}
	repairKind   = record.Kind[Repair]{Name: "together-repair"}
	threadKind   = record.Kind[Thread]{Name: "together-thread"}
	messageKind  = record.Kind[Message]{Name: "together-message", Tag: func(m *Message) string { return m.Thread }}
)

// questionWords is the guidance on asking, kept as data: shown before a
// question is written, and as a note when one seems to ask for graphic
// detail.
//
//go:embed content/questions.json
var questionWords []byte

// Asking is the guidance the question form shows.
type Asking struct {
	Guidance string   `json:"guidance"`
	Note     string   `json:"note"`
	Words    []string `json:"words"`
	match    *regexp.Regexp
}

var asking = func() *Asking {
	var a Asking
	if err := json.Unmarshal(questionWords, &a); err != nil {
		panic("together: content/questions.json: " + err.Error())
	}
	alts := make([]string, len(a.Words))
	for i, w := range a.Words {
		alts[i] = regexp.QuoteMeta(strings.ToLower(w))
	}
	a.match = regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`)
	return &a
}()

// AskingGuidance returns the words the question form shows.
func AskingGuidance() *Asking { return asking }

// GraphicNote returns the gentle note for a question that seems to ask
// for sexual or physical detail, or "" for one that does not. It never
// stops a question: it is for the person to choose.
func GraphicNote(question string) string {
	if asking.match.MatchString(strings.ToLower(question)) {
		return asking.Note
	}
	return ""
}

func (s *Service) questions(sp *Space) *record.Collection[Question] {
	return record.Open(s.store, sp, questionKind)
}

func (s *Service) repairs(sp *Space) *record.Collection[Repair] {
	return record.Open(s.store, sp, repairKind)
}

func (s *Service) threads(sp *Space) *record.Collection[Thread] {
	return record.Open(s.store, sp, threadKind)
}

func (s *Service) messages(sp *Space) *record.Collection[Message] {
	return record.Open(s.store, sp, messageKind)
}

// room checks there is room for one more record of c (with tag).
func room[T any](ctx context.Context, c *record.Collection[T], tag string, limit int) error {
	n, err := c.Count(ctx, tag)
	if err != nil {
		return err
	}
	if n >= limit {
		return ErrFull
	}
	return nil
}

// required reads a text that must not be empty.
func required(p *valid.Problems, field, label, v string, limit int, empty string) string {
	v = valid.Text(p, field, label, v, limit)
	if v == "" && p.For(field) == "" {
		p.Add(field, empty)
	}
	return v
}

// Ask adds a question, the person's, for the partner to answer.
func (s *Service) Ask(ctx context.Context, sp *Space, text string) (record.Record[Question], error) {
	var none record.Record[Question]
	if err := s.writable(ctx, sp, RolePerson); err != nil {
		return none, err
	}
	var p valid.Problems
	text = required(&p, "text", "The question", text, MaxQuestion, "Write the question you would like answered.")
	if err := p.Err(); err != nil {
		return none, err
	}
	c := s.questions(sp)
	if err := room(ctx, c, "", MaxQuestions); err != nil {
		return none, err
	}
	return c.Create(ctx, Question{Text: text}, s.now())
}

// Questions lists the space's questions, open ones first, newest first
// within each.
func (s *Service) Questions(ctx context.Context, sp *Space) ([]record.Record[Question], error) {
	out, _, err := s.questions(sp).List(ctx, record.Page{Limit: MaxQuestions})
	openFirst(out, func(q *Question) bool { return q.Open() })
	return out, err
}

// Question returns one question.
func (s *Service) Question(ctx context.Context, sp *Space, id string) (record.Record[Question], error) {
	return s.questions(sp).Get(ctx, id)
}

// Answer gives an open question its answer: the partner's alone, and once.
func (s *Service) Answer(ctx context.Context, sp *Space, id, text string) (record.Record[Question], error) {
	var none record.Record[Question]
	if err := s.writable(ctx, sp, RolePartner); err != nil {
		return none, err
	}
	c := s.questions(sp)
	cur, err := c.Get(ctx, id)
	if err != nil {
		return none, err
	}
	var p valid.Problems
	text = required(&p, "text", "The answer", text, MaxLong, "Write your answer, as honestly as you can.")
	if err := p.Err(); err != nil {
		return none, err
	}
	if !cur.Value.Open() {
		return none, ErrAnswered
	}
	v := cur.Value
	v.Answer, v.AnsweredAt = text, s.now().UTC()
	return c.Update(ctx, id, v)
}

// RepairDraft is a repair as the partner writes it.
type RepairDraft struct {
	Kind string
	Text string
}

// AddRepair records an apology or an amends: the partner's alone.
func (s *Service) AddRepair(ctx context.Context, sp *Space, d RepairDraft) (record.Record[Repair], error) {
	var none record.Record[Repair]
	if err := s.writable(ctx, sp, RolePartner); err != nil {
		return none, err
	}
	var p valid.Problems
	if d.Kind != Apology && d.Kind != Amends {
		p.Add("kind", "Choose what this is: an apology or amends.")
	}
	text := required(&p, "text", "What you want to say or did", d.Text, MaxLong, "Write the apology, or what you did to make amends.")
	if err := p.Err(); err != nil {
		return none, err
	}
	c := s.repairs(sp)
	if err := room(ctx, c, "", MaxRepairs); err != nil {
		return none, err
	}
	return c.Create(ctx, Repair{Kind: d.Kind, Text: text}, s.now())
}

// Repairs lists the repairs, those waiting for a response first, newest
// first within each.
func (s *Service) Repairs(ctx context.Context, sp *Space) ([]record.Record[Repair], error) {
	out, _, err := s.repairs(sp).List(ctx, record.Page{Limit: MaxRepairs})
	openFirst(out, func(r *Repair) bool { return r.RespondedAt.IsZero() })
	return out, err
}

// Repair returns one repair.
func (s *Service) Repair(ctx context.Context, sp *Space, id string) (record.Record[Repair], error) {
	return s.repairs(sp).Get(ctx, id)
}

// Respond gives the person's response to a repair, once: there is no
// duty to respond, nor to forgive.
func (s *Service) Respond(ctx context.Context, sp *Space, id, text string) (record.Record[Repair], error) {
	var none record.Record[Repair]
	if err := s.writable(ctx, sp, RolePerson); err != nil {
		return none, err
	}
	c := s.repairs(sp)
	cur, err := c.Get(ctx, id)
	if err != nil {
		return none, err
	}
	var p valid.Problems
	text = required(&p, "text", "Your response", text, MaxLong, "Write your response, or leave it for now: there is no need to respond.")
	if err := p.Err(); err != nil {
		return none, err
	}
	if !cur.Value.RespondedAt.IsZero() {
		return none, ErrAnswered
	}
	v := cur.Value
	v.Response, v.RespondedAt = text, s.now().UTC()
	return c.Update(ctx, id, v)
}

// ThreadSummary is a conversation as a list shows it.
type ThreadSummary struct {
	record.Record[Thread]
	Messages int
	Last     time.Time // when its newest message was written
}

// StartThread starts a conversation with its first message, by either.
func (s *Service) StartThread(ctx context.Context, sp *Space, title, text string) (record.Record[Thread], error) {
	var none record.Record[Thread]
	if err := s.writable(ctx, sp, ""); err != nil {
		return none, err
	}
	var p valid.Problems
	title = required(&p, "title", "The subject", title, MaxTitle, "Give the conversation a subject, a few words.")
	text = required(&p, "text", "The message", text, MaxLong, "Write the first message.")
	if err := p.Err(); err != nil {
		return none, err
	}
	c := s.threads(sp)
	if err := room(ctx, c, "", MaxThreads); err != nil {
		return none, err
	}
	now := s.now()
	t, err := c.Create(ctx, Thread{Title: title, By: sp.Role}, now)
	if err != nil {
		return none, err
	}
	_, err = s.messages(sp).Create(ctx, Message{Thread: t.ID, By: sp.Role, Text: text}, now)
	return t, err
}

// Threads lists the conversations, the one with the newest message first.
func (s *Service) Threads(ctx context.Context, sp *Space) ([]ThreadSummary, error) {
	all, _, err := s.threads(sp).List(ctx, record.Page{Limit: MaxThreads})
	if err != nil {
		return nil, err
	}
	ms := s.messages(sp)
	out := make([]ThreadSummary, len(all))
	for i, t := range all {
		out[i] = ThreadSummary{Record: t, Last: t.CreatedAt}
		if out[i].Messages, err = ms.Count(ctx, t.ID); err != nil {
			return nil, err
		}
		newest, _, err := ms.List(ctx, record.Page{Limit: 1, Tag: t.ID})
		if err != nil {
			return nil, err
		}
		if len(newest) > 0 {
			out[i].Last = newest[0].CreatedAt
		}
	}
	slices.SortStableFunc(out, func(a, b ThreadSummary) int { return b.Last.Compare(a.Last) })
	return out, nil
}

// Thread returns a conversation and its messages, oldest first.
func (s *Service) Thread(ctx context.Context, sp *Space, id string) (record.Record[Thread], []record.Record[Message], error) {
	t, err := s.threads(sp).Get(ctx, id)
	if err != nil {
		return t, nil, err
	}
	ms, _, err := s.messages(sp).List(ctx, record.Page{Limit: maxThreadView, Tag: id})
	slices.Reverse(ms)
	return t, ms, err
}

// AddMessage adds a message to a conversation, by either.
func (s *Service) AddMessage(ctx context.Context, sp *Space, thread, text string) (record.Record[Message], error) {
	var none record.Record[Message]
	if err := s.writable(ctx, sp, ""); err != nil {
		return none, err
	}
	if _, err := s.threads(sp).Get(ctx, thread); err != nil {
		return none, err
	}
	var p valid.Problems
	text = required(&p, "text", "The message", text, MaxLong, "Write your message.")
	if err := p.Err(); err != nil {
		return none, err
	}
	ms := s.messages(sp)
	if err := room(ctx, ms, thread, MaxMessages); err != nil {
		return none, err
	}
	return ms.Create(ctx, Message{Thread: thread, By: sp.Role, Text: text}, s.now())
}

// openFirst orders records with open values first, keeping the order
// within each.
func openFirst[T any](rs []record.Record[T], open func(*T) bool) {
	rank := func(r record.Record[T]) int {
		if open(&r.Value) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(rs, func(a, b record.Record[T]) int { return cmp.Compare(rank(a), rank(b)) })
}
