// Package seed writes realistic histories for benchmarks: years of daily
// check-ins, weekly step ratings and journal entries of about the size
// people write, through the same code paths as real use.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Person signs a person up and writes their history: a check-in a day for
// days, a step rating a week, and entries journal entries spread over the
// same time, all through the real record collections (so encrypted as in
// use). rng makes the history repeatable.
func Person(ctx context.Context, s *store.Store, accounts *account.Service, name, pass string, entries, days int, rng *rand.Rand) error {
	// Each person signs up from an address of their own, as people do;
	// one address would soon meet the sign-up throttle.
	if _, err := accounts.SignUp(ctx, name, pass, "seed/"+name, false); err != nil {
		return fmt.Errorf("sign up %s: %w", name, err)
	}
	se, err := accounts.LogIn(ctx, name, pass, "127.0.0.1", "")
	if err != nil {
		return err
	}
	p, err := accounts.Authenticate(ctx, se.Token)
	if err != nil {
		return err
	}
	defer accounts.LogOut(ctx, p)
	now := time.Now()
	span := time.Duration(days) * 24 * time.Hour

	var checkins []record.Dated[journey.Checkin]
	for d := range days {
		at := now.Add(-span + time.Duration(d)*24*time.Hour + time.Duration(rng.IntN(12*3600))*time.Second)
		checkins = append(checkins, record.Dated[journey.Checkin]{At: at, Value: randomCheckin(rng)})
	}
	if err := insert(ctx, record.Open(s, p, journey.Checkins), checkins); err != nil {
		return err
	}
	var ratings []record.Dated[journey.Rating]
	for w := 0; w < days/7; w++ {
		step := 1 + w%journey.StepCount
		at := now.Add(-span + time.Duration(w)*7*24*time.Hour)
		ratings = append(ratings, record.Dated[journey.Rating]{At: at, Value: journey.Rating{Step: step, Value: min(10, w*10/max(1, days/7)+rng.IntN(3))}})
	}
	if err := insert(ctx, record.Open(s, p, journey.Ratings), ratings); err != nil {
		return err
	}
	var journal []record.Dated[journey.JournalEntry]
	for i := range entries {
		at := now.Add(-span + time.Duration(int64(span)/int64(max(1, entries))*int64(i)))
		e := journey.JournalEntry{Title: title(rng), Body: body(rng)}
		if rng.IntN(3) == 0 {
			e.Step = 1 + rng.IntN(journey.StepCount)
		}
		journal = append(journal, record.Dated[journey.JournalEntry]{At: at, Value: e})
	}
	return insert(ctx, record.Open(s, p, journey.Journal), journal)
}

// insert writes values in batches of a thousand, one transaction each.
func insert[T any](ctx context.Context, c *record.Collection[T], values []record.Dated[T]) error {
	for len(values) > 0 {
		n := min(1000, len(values))
		if _, err := c.CreateMany(ctx, values[:n]); err != nil {
			return err
		}
		values = values[n:]
	}
	return nil
}

var feelings = []string{"sadness", "grief", "anger", "annoyance", "fear", "apprehension", "trust", "serenity",
	"anticipation", "interest", "disgust", "surprise", "remorse", "hope", "anxiety", "love"}

func randomCheckin(rng *rand.Rand) journey.Checkin {
	var c journey.Checkin
	for _, i := range rng.Perm(len(feelings))[:1+rng.IntN(3)] {
		c.Emotions = append(c.Emotions, journey.Felt{Name: feelings[i], Intensity: rng.IntN(11)})
	}
	if rng.IntN(2) == 0 {
		c.Note = sentence(rng, 8+rng.IntN(20))
	}
	return c
}

var words = strings.Fields(`morning walk river quiet tired hope letter trust slowly kitchen window
rain friend call sister work boundary honest listen patience breath sleep tea garden light
evening shadow anger soft heavy promise question answer door shoes bread music road`)

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func title(rng *rand.Rand) string {
	if rng.IntN(4) == 0 {
		return ""
	}
	return sentence(rng, 2+rng.IntN(4))
}

// body is about 500 bytes of Markdown, like the load protocol's entries.
func body(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString(sentence(rng, 14) + "\n\n")
	for range 3 {
		b.WriteString("- " + sentence(rng, 6) + "\n")
	}
	b.WriteString("\n" + sentence(rng, 25) + " " + sentence(rng, 12))
	return b.String()
}
