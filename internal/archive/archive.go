// Package archive exports everything a person wrote into one zip file, as
// JSON in a documented, versioned format and as readable Markdown, and
// imports such an archive back: refusing a malformed or hostile one whole,
// and skipping what an account already holds, so importing twice adds
// nothing the second time. docs/export.md describes the format.
//
// Both directions are derived from the tool catalog: every declared kind,
// with its events, is exported and imported by its path, so a kind
// declared later is in the archive with no code here.
package archive

import (
	"bytes"
	"context"
	"errors"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
)

// Format and Version name the JSON format; an archive of another format or
// a newer version is refused. Version 2 holds every declared kind; version
// 1 held the journal, check-ins and ratings, in the same item shape, and is
// read by the same code.
const (
	Format  = "kintsugi-export"
	Version = 2
)

// DataFile is the JSON file inside an archive; the rest is for reading.
const DataFile = "kintsugi.json"

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

// Report says what an import added and what it skipped, by kind: a kind's
// path ("journal"), and for events their item's path and theirs
// ("boundaries/events"), as in the API's routes.
type Report struct {
	Added   map[string]int `json:"added"`
	Skipped map[string]int `json:"skipped"`
}

// reportKey is the key of k's items in a Report.
func reportKey(k *tool.Kind) string {
	if k.Parent != nil {
		return k.Parent.Path + "/" + k.Path
	}
	return k.Path
}

// Export collects everything the owner wrote, of every kind in the
// catalog, into one archive, and names the file to offer it as.
func Export(ctx context.Context, s *store.Store, o record.Owner, username string, c *tool.Catalog, g *journey.Guide, now time.Time) (name string, zip []byte, err error) {
	if c == nil {
		return "", nil, errors.New("archive: no tool catalog to export from")
	}
	shelves, err := collect(ctx, s, o, c)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	ex := export{shelves: shelves, username: username, at: now.UTC().Truncate(time.Second), words: c.Words(), guide: g}
	if err := ex.write(&buf); err != nil {
		return "", nil, err
	}
	return "kintsugi-" + now.UTC().Format("2006-01-02") + ".zip", buf.Bytes(), nil
}
