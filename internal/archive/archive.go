// Package archive exports everything a person wrote into one zip file, as
// JSON in a documented, versioned format and as readable Markdown, and
// imports such an archive back: refusing a malformed or hostile one whole,
// and skipping what an account already holds, so importing twice adds
// nothing the second time. docs/export.md describes the format.
package archive

import (
	"bytes"
	"context"
	"errors"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Format and Version name the JSON format; an archive of another format or
// a newer version is refused.
const (
	Format  = "kintsugi-export"
	Version = 1
)

// DataFile is the JSON file inside an archive; the rest is for reading.
const DataFile = "kintsugi.json"

// Data is the content of DataFile. Its fields are written in this order,
// and an import needs Format and Version before the items: keep them
// first.
type Data struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
	Username   string    `json:"username"`

	Journal  []Item[journey.JournalEntry] `json:"journal"`
	Checkins []Item[journey.Checkin]      `json:"checkins"`
	Ratings  []Item[journey.Rating]       `json:"ratings"`
}

// Item is one record: its id and times, and what it holds.
type Item[T any] struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Data      T         `json:"data"`
}

// ErrArchive means an archive could not be imported; the message says why
// in words safe to show, and nothing was changed.
type ErrArchive struct{ Reason string }

func (e *ErrArchive) Error() string { return "archive refused: " + e.Reason }

func refuse(reason string) error { return &ErrArchive{Reason: reason} }

// IsRefused reports whether err is an archive refused for its content.
func IsRefused(err error) (*ErrArchive, bool) {
	var e *ErrArchive
	ok := errors.As(err, &e)
	return e, ok
}

// Report says what an import added and what it skipped, by kind.
type Report struct {
	Added   map[string]int `json:"added"`
	Skipped map[string]int `json:"skipped"`
}

// Export collects everything the owner wrote into one archive, and names
// the file to offer it as.
func Export(ctx context.Context, s *store.Store, o record.Owner, username string, g *journey.Guide, now time.Time) (name string, zip []byte, err error) {
	d, err := Collect(ctx, s, o, username, now)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	if err := Write(&buf, d, g); err != nil {
		return "", nil, err
	}
	return "kintsugi-" + now.UTC().Format("2006-01-02") + ".zip", buf.Bytes(), nil
}
