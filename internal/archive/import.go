package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Limits on what an import reads. Five years of daily use is a few
// megabytes; these leave ample room and bound the work a hostile archive
// can cause.
const (
	MaxArchive = 32 << 20  // bytes of zip
	MaxData    = 128 << 20 // bytes of kintsugi.json, uncompressed
	maxEntries = 200_000   // files in the zip
)

// maxData is MaxData, lowered by tests that build a zip bomb.
var maxData = MaxData

// Read checks an archive and returns its data, or an *ErrArchive saying
// why it is refused. It reads only DataFile; the Markdown is for people.
func Read(r io.ReaderAt, size int64, g *journey.Guide) (*Data, error) {
	if size > MaxArchive {
		return nil, refuse(fmt.Sprintf("the archive is larger than %d MB", MaxArchive>>20))
	}
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, refuse("this is not a zip archive")
	}
	if len(z.File) > maxEntries {
		return nil, refuse("the archive holds too many files")
	}
	var data *zip.File
	for _, f := range z.File {
		if !safeName(f.Name) {
			return nil, refuse("the archive holds a file with an unsafe name")
		}
		if f.Name == DataFile {
			data = f
		}
	}
	if data == nil {
		return nil, refuse("the archive has no " + DataFile + ": it is not a kintsugi export")
	}
	if data.UncompressedSize64 > uint64(maxData) {
		return nil, refuse("the archive's data is too large")
	}
	rc, err := data.Open()
	if err != nil {
		return nil, refuse("the archive's data cannot be read")
	}
	defer rc.Close()
	// The declared size can lie (a zip bomb): read one byte past the limit
	// to know.
	raw, err := io.ReadAll(io.LimitReader(rc, int64(maxData)+1))
	if err != nil {
		return nil, refuse("the archive's data is damaged")
	}
	if len(raw) > maxData {
		return nil, refuse("the archive's data is too large")
	}
	return Parse(raw, g)
}

// safeName reports whether a zip entry's name is a plain relative path:
// no absolute path, no "..", no backslashes, colons or NUL bytes.
func safeName(name string) bool {
	if name == "" || len(name) > 512 || !utf8.ValidString(name) || strings.ContainsAny(name, "\\\x00:") ||
		strings.HasPrefix(name, "/") {
		return false
	}
	for _, part := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// Parse checks DataFile's content: its format and version, and every item.
func Parse(raw []byte, g *journey.Guide) (*Data, error) {
	if !utf8.Valid(raw) {
		return nil, refuse("the archive's data is not valid UTF-8")
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.Format != Format {
		return nil, refuse("the archive's data is not in the kintsugi export format")
	}
	if head.Version < 1 || head.Version > Version {
		return nil, refuse(fmt.Sprintf("the archive is format version %d; this kintsugi reads versions 1 to %d", head.Version, Version))
	}
	var d Data
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, refuse("the archive's data does not match its format version")
	}
	if err := checkAll("journal entry", d.Journal, func(e *journey.JournalEntry) error { return e.Clean() }); err != nil {
		return nil, err
	}
	if err := checkAll("check-in", d.Checkins, g.CleanCheckin); err != nil {
		return nil, err
	}
	if err := checkAll("rating", d.Ratings, func(r *journey.Rating) error { return r.Clean() }); err != nil {
		return nil, err
	}
	return &d, nil
}

// checkAll checks each item's id against its time and its content.
func checkAll[T any](what string, items []Item[T], clean func(*T) error) error {
	seen := make(map[string]bool, len(items))
	for i := range items {
		it := &items[i]
		at, ok := record.IDTime(it.ID)
		if !ok || !at.Equal(it.CreatedAt) || it.UpdatedAt.Before(it.CreatedAt) || seen[it.ID] {
			return refuse(fmt.Sprintf("%s %d has an id or times that do not fit together", what, i+1))
		}
		seen[it.ID] = true
		if err := clean(&it.Data); err != nil {
			return refuse(fmt.Sprintf("%s %d: %v", what, i+1, err))
		}
	}
	return nil
}

// Import adds the archive's records to the owner's account in one
// transaction, skipping those it already holds (by id).
func Import(ctx context.Context, s *store.Store, o record.Owner, d *Data) (Report, error) {
	rep := Report{Added: map[string]int{}, Skipped: map[string]int{}}
	var rows []store.Record
	var kinds []string
	var err error
	if rows, kinds, err = addRows(rows, kinds, "journal", record.Open(s, o, journey.Journal), d.Journal); err != nil {
		return rep, err
	}
	if rows, kinds, err = addRows(rows, kinds, "checkins", record.Open(s, o, journey.Checkins), d.Checkins); err != nil {
		return rep, err
	}
	if rows, kinds, err = addRows(rows, kinds, "ratings", record.Open(s, o, journey.Ratings), d.Ratings); err != nil {
		return rep, err
	}
	added, err := s.InsertRecordsIfNew(ctx, rows)
	if err != nil {
		return rep, err
	}
	for i, k := range kinds {
		if added[i] {
			rep.Added[k]++
		} else {
			rep.Skipped[k]++
		}
	}
	if len(rows) >= 1000 {
		err = s.Optimize(ctx)
	}
	return rep, err
}

func addRows[T any](rows []store.Record, kinds []string, kind string, c *record.Collection[T], items []Item[T]) ([]store.Record, []string, error) {
	for _, it := range items {
		row, err := c.Row(it.ID, it.CreatedAt, it.UpdatedAt, it.Data)
		if err != nil {
			return nil, nil, err
		}
		rows, kinds = append(rows, row), append(kinds, kind)
	}
	return rows, kinds, nil
}
