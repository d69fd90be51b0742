package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"kintsugi/internal/journey"
	"kintsugi/internal/jsonkey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Limits on what one import reads, which bound the memory and the work a
// hostile archive can cause: an import holds the zip and the sealed records
// until it writes them, and the Gate lets only a few run at once.
//
// They are set from a heavy five years: seed.Person with 10,000 journal
// entries of about 500 bytes, a check-in every day and a rating a week,
// 12,085 items in all, exports a 6.8 MB zip whose kintsugi.json is 7.9 MB.
// The limits hold about four times that, and meet together: the same mix
// grown to MaxItems is a 31.7 MiB kintsugi.json in a 29.7 MiB zip
// (BenchmarkImportAtLimits imports it).
//
//   - MaxData, 32 MiB of kintsugi.json, is 4.2 times the heavy five years.
//     It was 128 MiB, and a 214 KB zip of 125 MB of JSON made one import
//     take 640 MB.
//   - MaxItems, 48,000 records, is 4.0 times their items.
//   - MaxArchive stays 32 MiB: the zip holds every entry again as
//     Markdown, so it is about as large as its kintsugi.json (0.9 times
//     with the seed's small vocabulary, more with real prose), and a lower
//     limit would refuse honest archives that MaxData accepts.
//   - maxItem, 2 MiB, is more than the largest record the exporter writes
//     (a MaxBody journal entry of characters it escapes, such as <, is
//     0.6 MB), so that one value cannot make the decoder hold much more.
//   - maxEntries is a Markdown file per journal entry, and room for a few
//     more files.
const (
	MaxArchive = 32 << 20 // bytes of zip
	MaxData    = 32 << 20 // bytes of kintsugi.json, uncompressed
	MaxItems   = 48_000   // journal entries, check-ins and ratings together
	maxItem    = 2 << 20  // bytes of one value in kintsugi.json
	maxEntries = MaxItems + 100
)

// maxData is MaxData, lowered by tests that build a zip bomb.
var maxData = MaxData

// ImportZip checks raw as an archive and imports it into the owner's
// account, in one transaction, skipping the records it already holds (by
// id). An archive refused for its content is an *ErrArchive, and nothing
// changes.
//
// It reads kintsugi.json as a stream, checking and sealing each item as it
// comes, so it never holds the document or its items in the clear: what
// it holds is raw and the sealed records, both bounded by the limits above.
func ImportZip(ctx context.Context, s *store.Store, o record.Owner, raw []byte, g *journey.Guide) (Report, error) {
	f, err := dataFile(raw)
	if err != nil {
		return Report{}, err
	}
	rc, err := f.Open()
	if err != nil {
		return Report{}, refuse("the archive's data cannot be read")
	}
	defer rc.Close()
	im := newImporter(rc, s, o, g)
	if err := im.document(); err != nil {
		return Report{}, err
	}
	return im.write(ctx, s)
}

// dataFile finds DataFile in a zip, refusing an archive with too many
// files, a file with an unsafe name, two files of one name, or data too
// large by its own account.
func dataFile(raw []byte) (*zip.File, error) {
	if len(raw) > MaxArchive {
		return nil, refuse(fmt.Sprintf("the archive is larger than %d MB", MaxArchive>>20))
	}
	// zip.NewReader keeps a File of about 200 bytes for each header in the
	// central directory, 46 bytes or more each: counted first, a zip of
	// empty files cannot make it hold several times the archive. Every
	// header begins with this signature, so the count is an upper bound.
	if bytes.Count(raw, []byte("PK\x01\x02")) > maxEntries {
		return nil, refuse("the archive holds too many files")
	}
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, refuse("this is not a zip archive")
	}
	if len(z.File) > maxEntries {
		return nil, refuse("the archive holds too many files")
	}
	var data *zip.File
	names := make(map[string]bool, len(z.File))
	for _, f := range z.File {
		if !safeName(f.Name) {
			return nil, refuse("the archive holds a file with an unsafe name")
		}
		if names[f.Name] {
			// Which of the two would be read is up to the reader: the
			// archive is ambiguous, so neither is.
			return nil, refuse("the archive holds two files named " + f.Name)
		}
		names[f.Name] = true
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
	return data, nil
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

// importer reads one kintsugi.json and turns its items into sealed rows.
type importer struct {
	in    *meter
	dec   *json.Decoder
	guide *journey.Guide

	journal  *record.Collection[journey.JournalEntry]
	checkins *record.Collection[journey.Checkin]
	ratings  *record.Collection[journey.Rating]

	format  string // as the document gives them, "" and 0 until it does
	version int
	rows    []store.Record
	kinds   []string // the kind of each row, for the report
}

func newImporter(r io.Reader, s *store.Store, o record.Owner, g *journey.Guide) *importer {
	in := &meter{r: r, total: int64(maxData), limit: maxItem}
	return &importer{in: in, dec: json.NewDecoder(in), guide: g,
		journal:  record.Open(s, o, journey.Journal),
		checkins: record.Open(s, o, journey.Checkins),
		ratings:  record.Open(s, o, journey.Ratings),
	}
}

// document reads the top-level object. Its format and version must come
// before the items, as the exporter writes them, so that an archive this
// version cannot read is refused before any of its items are.
func (im *importer) document() error {
	if err := im.delim('{'); err != nil {
		return err
	}
	seen := map[string]bool{}
	for im.dec.More() {
		tok, err := im.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if seen[key] {
			return refuse(fmt.Sprintf("the archive's data gives %q twice", key))
		}
		seen[key] = true
		if err := im.field(key); err != nil {
			return err
		}
	}
	if err := im.delim('}'); err != nil {
		return err
	}
	if _, err := im.token(); err != io.EOF { // reading to the end checks the zip's checksum too
		return im.failed(err, "the archive's data goes on after its end")
	}
	if im.format == "" || im.version == 0 {
		return refuse("the archive's data is not in the kintsugi export format")
	}
	return nil
}

// field reads the value of one top-level key.
func (im *importer) field(key string) error {
	switch key {
	case "format":
		var format any
		if err := im.scalar(&format); err != nil {
			return err
		}
		if format != Format {
			return refuse("the archive's data is not in the kintsugi export format")
		}
		im.format = Format
	case "version":
		var version int
		if err := im.scalar(&version); err != nil {
			return err
		}
		if version < 1 || version > Version {
			return refuse(fmt.Sprintf("the archive is format version %d; this kintsugi reads versions 1 to %d", version, Version))
		}
		im.version = version
	case "exported_at":
		var at time.Time
		return im.scalar(&at)
	case "username":
		var name string
		return im.scalar(&name)
	case "journal", "checkins", "ratings":
		if im.format == "" || im.version == 0 {
			return refuse("the archive's data must give its format and version before its items")
		}
		switch key {
		case "journal":
			return importItems(im, "journal entry", key, im.journal, func(e *journey.JournalEntry) error { return e.Clean() })
		case "checkins":
			return importItems(im, "check-in", key, im.checkins, im.guide.CleanCheckin)
		default:
			return importItems(im, "rating", key, im.ratings, func(r *journey.Rating) error { return r.Clean() })
		}
	default:
		return refuse("the archive's data does not match its format version")
	}
	return nil
}

// importItems reads one array of items, checking each against its id and
// times and its content, and sealing it, before reading the next.
func importItems[T any](im *importer, what, kind string, c *record.Collection[T], clean func(*T) error) error {
	tok, err := im.token()
	if err != nil {
		return im.failed(err, "the archive's data does not match its format version")
	}
	if tok == nil { // null: none of this kind
		return nil
	}
	if tok != json.Delim('[') {
		return refuse("the archive's data does not match its format version")
	}
	seen := map[string]bool{}
	for n := 1; im.dec.More(); n++ {
		if len(im.rows) >= MaxItems {
			return refuse(fmt.Sprintf("the archive holds more than %d items", MaxItems))
		}
		var it Item[T]
		if err := im.item(&it, what, n); err != nil {
			return err
		}
		at, ok := record.IDTime(it.ID)
		if !ok || !at.Equal(it.CreatedAt) || it.UpdatedAt.Before(it.CreatedAt) || seen[it.ID] {
			return refuse(fmt.Sprintf("%s %d has an id or times that do not fit together", what, n))
		}
		seen[it.ID] = true
		if err := clean(&it.Data); err != nil {
			return refuse(fmt.Sprintf("%s %d: %v", what, n, err))
		}
		row, err := c.Row(it.ID, it.CreatedAt, it.UpdatedAt, it.Data)
		if err != nil {
			return err
		}
		im.rows, im.kinds = append(im.rows, row), append(im.kinds, kind)
	}
	return im.delim(']')
}

// item decodes the next item strictly: valid UTF-8 (the decoder would
// replace bad bytes silently), no unknown fields, no key given twice.
func (im *importer) item(v any, what string, n int) error {
	raw, err := im.value()
	if err != nil {
		return err
	}
	if !utf8.Valid(raw) {
		return refuse("the archive's data is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return refuse(fmt.Sprintf("%s %d does not match the format version", what, n))
	}
	if key, dup := jsonkey.Duplicate(raw); dup {
		return refuse(fmt.Sprintf("%s %d gives %q twice", what, n, key))
	}
	return nil
}

// scalar decodes a top-level value that is not a list of items.
func (im *importer) scalar(v any) error {
	raw, err := im.value()
	if err != nil {
		return err
	}
	if !utf8.Valid(raw) {
		return refuse("the archive's data is not valid UTF-8")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return refuse("the archive's data does not match its format version")
	}
	return nil
}

// value reads the next JSON value as it is, at most maxItem bytes of it.
func (im *importer) value() (json.RawMessage, error) {
	im.in.from(im.dec.InputOffset())
	var raw json.RawMessage
	if err := im.dec.Decode(&raw); err != nil {
		return nil, im.failed(err, "the archive's data is not valid JSON")
	}
	return raw, nil
}

// token reads the next token, which may not be far away.
func (im *importer) token() (json.Token, error) {
	im.in.from(im.dec.InputOffset())
	return im.dec.Token()
}

// delim reads the next token, which must be d.
func (im *importer) delim(d json.Delim) error {
	tok, err := im.token()
	if err != nil {
		return im.failed(err, "the archive's data is not valid JSON")
	}
	if tok != d {
		return refuse("the archive's data is not in the kintsugi export format")
	}
	return nil
}

// failed says why reading stopped: a limit, damage to the zip, or the
// JSON itself (in the words of why).
func (im *importer) failed(err error, why string) error {
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, errDataTooLarge):
		return refuse("the archive's data is too large")
	case errors.Is(err, errItemTooLarge):
		return refuse(fmt.Sprintf("the archive's data holds an item larger than %d MB", maxItem>>20))
	case err == nil, errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return refuse(why)
	}
	return refuse("the archive's data is damaged") // a bad checksum, or bad compressed data
}

// write adds the rows in one transaction, skipping those already there.
func (im *importer) write(ctx context.Context, s *store.Store) (Report, error) {
	rep := Report{Added: map[string]int{}, Skipped: map[string]int{}}
	added, err := s.InsertRecordsIfNew(ctx, im.rows)
	if err != nil {
		return rep, err
	}
	for i, k := range im.kinds {
		if added[i] {
			rep.Added[k]++
		} else {
			rep.Skipped[k]++
		}
	}
	if len(im.rows) >= 1000 {
		err = s.Optimize(ctx)
	}
	return rep, err
}

var (
	errDataTooLarge = errors.New("data too large")
	errItemTooLarge = errors.New("item too large")
)

// meter passes on at most total bytes, and none past limit, which from
// sets at maxItem past where the decoder stands: one value cannot make
// the decoder hold more than that, nor the document more than total.
// (archive/zip already refuses to read past a file's declared size, which
// dataFile checks; the meter does not depend on it.)
type meter struct {
	r     io.Reader
	read  int64 // bytes passed on so far
	total int64
	limit int64 // where reading stops until from is called again
}

// from lets the decoder read up to maxItem bytes past offset.
func (m *meter) from(offset int64) { m.limit = offset + maxItem }

func (m *meter) Read(p []byte) (int, error) {
	end := min(m.limit, m.total)
	if m.read >= end {
		if end == m.total {
			// One byte more tells a document of exactly the limit from a
			// longer one.
			var b [1]byte
			if n, err := m.r.Read(b[:]); n > 0 {
				return 0, errDataTooLarge
			} else if err != nil {
				return 0, err
			}
			return 0, nil
		}
		return 0, errItemTooLarge
	}
	n, err := m.r.Read(p[:min(int64(len(p)), end-m.read)])
	m.read += int64(n)
	return n, err
}
