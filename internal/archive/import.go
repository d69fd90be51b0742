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
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// Limits on what one import reads, which bound the memory and the work a
// hostile archive can cause: an import holds the zip and the sealed records
// until it writes them, and the Gate lets only a few run at once.
//
// They are set from a heavy five years: seed.Person with 10,000 journal
// entries of about 500 bytes, a check-in every day and a rating a week,
// 12,085 items in all, exports a 6.8 MB zip whose kintsugi.json is 7.1 MB
// (7.9 MB in version 1, which was indented). The limits hold about four
// times that, and meet together: the same mix grown to MaxItems is a
// 29.0 MiB kintsugi.json in a 29.6 MiB zip (31.7 MiB of version 1 JSON;
// BenchmarkImportAtLimits imports it).
//
//   - MaxData, 32 MiB of kintsugi.json, is 4.7 times the heavy five years.
//     It was 128 MiB, and a 214 KB zip of 125 MB of JSON made one import
//     take 640 MB.
//   - MaxItems, 48,000 records of every kind, events included, is 4.0
//     times their items.
//   - MaxArchive stays 32 MiB: the zip holds every item again as
//     Markdown, so it is about as large as its kintsugi.json (1.0 times
//     with the seed's small vocabulary, more with real prose), and a lower
//     limit would refuse honest archives that MaxData accepts.
//   - maxItem, 2 MiB, is more than the largest value the exporter writes:
//     an item's data, or one of its events, which are read one by one (a
//     MaxBody journal entry of characters it escapes, such as <, is
//     0.6 MB), so that one value cannot make the decoder hold much more.
//   - maxEntries is a Markdown file per journal entry, and room for a few
//     more files.
const (
	MaxArchive = 32 << 20 // bytes of zip
	MaxData    = 32 << 20 // bytes of kintsugi.json, uncompressed
	MaxItems   = 48_000   // items of every kind together, events included
	maxItem    = 2 << 20  // bytes of one value in kintsugi.json
	maxEntries = MaxItems + 100
)

// maxData is MaxData, lowered by tests that build a zip bomb.
var maxData = MaxData

// ImportZip checks raw as an archive and imports it into the owner's
// account, in one transaction, skipping the records it already holds (by
// id). Every kind in the catalog is read by its path, with its events. An
// archive refused for its content is an *ErrArchive, and nothing changes.
// The guide is not read: the catalog holds its emotions already.
//
// It reads kintsugi.json as a stream, checking and sealing each item as it
// comes, so it never holds the document or its items in the clear: what
// it holds is raw and the sealed records, both bounded by the limits above.
func ImportZip(ctx context.Context, s *store.Store, o record.Owner, raw []byte, c *tool.Catalog, _ *journey.Guide) (Report, error) {
	if c == nil {
		return Report{}, errors.New("archive: no tool catalog to import into")
	}
	f, err := dataFile(raw)
	if err != nil {
		return Report{}, err
	}
	rc, err := f.Open()
	if err != nil {
		return Report{}, refuse("the archive's data cannot be read")
	}
	defer rc.Close()
	im := newImporter(rc, s, o, c)
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
	in      *meter
	dec     *json.Decoder
	catalog *tool.Catalog
	store   *store.Store
	owner   record.Owner
	kinds   map[*tool.Kind]*target // opened as the document names them

	format  string // as the document gives them, "" and 0 until it does
	version int
	ids     map[string]bool // every id read so far, of any kind
	rows    []store.Record
	keys    []string             // the report key of each row
	single  map[*tool.Kind][]int // the rows of each single kind (single.go)
}

// target is where one kind's items go, and how the report counts them.
type target struct {
	c   *record.Collection[tool.Values]
	key string
}

func newImporter(r io.Reader, s *store.Store, o record.Owner, c *tool.Catalog) *importer {
	in := &meter{r: r, total: int64(maxData), limit: maxItem}
	return &importer{in: in, dec: json.NewDecoder(in), catalog: c, store: s, owner: o,
		kinds: map[*tool.Kind]*target{}, ids: map[string]bool{}}
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
			return refuse(fmt.Sprintf("the archive's data gives %q twice", short(key)))
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

// field reads the value of one top-level key: the format's own, or the
// path of a kind, whose items it holds. Versions 1 and 2 are read alike:
// version 1 had only the first three kinds, in the same item shape.
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
	default:
		k, ok := im.catalog.ByPath(key)
		if !ok {
			return refuse(fmt.Sprintf("the archive's data does not match its format version: it has no %q", short(key)))
		}
		if im.format == "" || im.version == 0 {
			return refuse("the archive's data must give its format and version before its items")
		}
		return im.items(k)
	}
	return nil
}

// place names an item in a refusal: its kind's word for one item, then
// where it is, "an entry (journal, item 2)" or "a log entry (boundaries,
// item 1, event 3)".
type place struct {
	words *tool.Words
	kind  *tool.Kind // the item's own kind: an event's for an event
	n     int        // its number, or its item's, in its kind's list, from 1
	event int        // an event's number among its item's, from 1
}

func (p place) String() string {
	if p.kind.Parent != nil {
		return fmt.Sprintf("%s (%s, item %d, event %d)", p.words.Of(p.kind).One, p.kind.Parent.Path, p.n, p.event)
	}
	return fmt.Sprintf("%s (%s, item %d)", p.words.Of(p.kind).One, p.kind.Path, p.n)
}

// items reads one kind's list of items, checking and sealing each before
// reading the next.
func (im *importer) items(k *tool.Kind) error {
	tok, err := im.token()
	if err != nil {
		return im.failed(err, "the archive's data does not match its format version")
	}
	if tok == nil { // null: none of this kind
		return nil
	}
	if tok != json.Delim('[') {
		return refuse(fmt.Sprintf("the archive's %q is not a list of items", k.Path))
	}
	for n := 1; im.dec.More(); n++ {
		if err := im.item(place{words: im.catalog.Words(), kind: k, n: n}, ""); err != nil {
			return err
		}
	}
	return im.delim(']')
}

// The keys an item may have, as bits, to refuse one given twice.
const (
	hasID = 1 << iota
	hasCreated
	hasUpdated
	hasData
	hasEvents
)

// itemKey is the bit of an item's key, 0 for a key items do not have.
func itemKey(key string) int {
	switch key {
	case "id":
		return hasID
	case "created_at":
		return hasCreated
	case "updated_at":
		return hasUpdated
	case "data":
		return hasData
	case "events":
		return hasEvents
	}
	return 0
}

// item reads one item strictly, key by key: its id and times, its data,
// read and checked as the API reads and checks a body, and for a kind with
// events, its events, each read the same way and given the item's id as
// its parent (of, for an event). It is read a value at a time, so an item
// and its events need not fit in maxItem together: its data and each event
// must.
func (im *importer) item(at place, of string) error {
	k := at.kind
	if tok, err := im.token(); err != nil || tok != json.Delim('{') {
		return im.failed(err, at.String()+" does not match the format version")
	}
	var (
		id               string
		created, updated time.Time
		values           tool.Values
		has              int
	)
	for im.dec.More() {
		tok, err := im.token()
		if err != nil {
			return im.failed(err, "the archive's data is not valid JSON")
		}
		key, _ := tok.(string)
		bit := itemKey(key)
		if bit == hasEvents && k.Events == nil {
			bit = 0
		}
		if bit == 0 {
			return refuse(fmt.Sprintf("%s does not match the format version: it has no %q", at, short(key)))
		}
		if has&bit != 0 {
			return refuse(fmt.Sprintf("%s gives %q twice", at, key))
		}
		has |= bit
		switch bit {
		case hasID:
			id, err = im.text(at)
		case hasCreated:
			created, err = im.when(at)
		case hasUpdated:
			updated, err = im.when(at)
		case hasData:
			values, err = im.data(at)
		case hasEvents:
			if id == "" {
				return refuse(fmt.Sprintf("%s gives its events before its id", at))
			}
			if _, ok := record.IDTime(id); !ok { // before any event is sealed under it
				return refuse(fmt.Sprintf("%s has an id or times that do not fit together", at))
			}
			err = im.events(at, id)
		}
		if err != nil {
			return err
		}
	}
	if err := im.delim('}'); err != nil {
		return err
	}
	if values == nil {
		return refuse(fmt.Sprintf("%s does not match the format version: it has no \"data\"", at))
	}
	if t, ok := record.IDTime(id); !ok || !t.Equal(created) || updated.Before(created) || im.ids[id] {
		return refuse(fmt.Sprintf("%s has an id or times that do not fit together", at))
	}
	im.ids[id] = true
	if of != "" {
		values = append(values, tool.Value{Str: of}) // the hidden parent, always last
	}
	if err := k.Clean(values); err != nil {
		return refuse(fmt.Sprintf("%s: %s", at, problems(err)))
	}
	return im.add(k, id, created, updated, values)
}

// events reads the list of events of the item id, which at places.
func (im *importer) events(at place, id string) error {
	tok, err := im.token()
	if err != nil {
		return im.failed(err, "the archive's data is not valid JSON")
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('[') {
		return refuse(fmt.Sprintf("%s does not match the format version: its events are not a list", at))
	}
	for e := 1; im.dec.More(); e++ {
		if err := im.item(place{words: at.words, kind: at.kind.Events, n: at.n, event: e}, id); err != nil {
			return err
		}
	}
	return im.delim(']')
}

// add seals one checked item as a row, counting it against MaxItems.
func (im *importer) add(k *tool.Kind, id string, created, updated time.Time, v tool.Values) error {
	if len(im.rows) >= MaxItems {
		return refuse(fmt.Sprintf("the archive holds more than %d items", MaxItems))
	}
	t := im.kinds[k]
	if t == nil {
		t = &target{c: record.Open(im.store, im.owner, k.Record()), key: reportKey(k)}
		im.kinds[k] = t
	}
	row, err := t.c.Row(id, created, updated, v)
	if err != nil {
		return err
	}
	im.rows, im.keys = append(im.rows, row), append(im.keys, t.key)
	if k.Single {
		im.keepSingle(k)
	}
	return nil
}

// text reads an item's string value, such as its id.
func (im *importer) text(at place) (string, error) {
	tok, err := im.token()
	if err != nil {
		return "", im.failed(err, "the archive's data is not valid JSON")
	}
	s, ok := tok.(string)
	if !ok {
		return "", refuse(fmt.Sprintf("%s does not match the format version", at))
	}
	return s, nil
}

// when reads one of an item's times.
func (im *importer) when(at place) (time.Time, error) {
	s, err := im.text(at)
	if err != nil {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, refuse(fmt.Sprintf("%s has an id or times that do not fit together", at))
	}
	return t, nil
}

// data reads an item's data: valid UTF-8 (the decoder would replace bad
// bytes silently), no key given twice, and then as the API reads a body of
// its kind, which refuses unknown fields and values of the wrong type.
func (im *importer) data(at place) (tool.Values, error) {
	raw, err := im.value()
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		return nil, refuse("the archive's data is not valid UTF-8")
	}
	if key, dup := jsonkey.Duplicate(raw); dup {
		return nil, refuse(fmt.Sprintf("%s gives %q twice", at, short(key)))
	}
	in, err := at.kind.ReadJSON(raw, false)
	var bad *tool.InputError
	switch {
	case err == nil:
		return in.Values, nil
	case !errors.As(err, &bad) || bad.Field == "":
		return nil, refuse(fmt.Sprintf("%s does not match the format version", at))
	case bad.Unknown:
		return nil, refuse(fmt.Sprintf("%s does not match the format version: it has no %q", at, short(bad.Field)))
	}
	return nil, refuse(fmt.Sprintf("%s does not match the format version at %q", at, short(bad.Field)))
}

// problems says what Clean found, each problem after the field it is
// about ("emotions[0].intensity"), since not every message names its
// field.
func problems(err error) string {
	p, ok := valid.As(err)
	if !ok {
		return err.Error()
	}
	parts := make([]string, len(p))
	for i, pr := range p {
		parts[i] = fmt.Sprintf("%q: %s", pr.Field, pr.Message)
	}
	return strings.Join(parts, "; ")
}

// short cuts a key from the archive to a length fit to quote back.
func short(key string) string {
	if utf8.RuneCountInString(key) <= 40 {
		return key
	}
	return string([]rune(key)[:39]) + "…"
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
	rows, at, err := im.toAdd(ctx)
	if err != nil {
		return rep, err
	}
	inserted, err := s.InsertRecordsIfNew(ctx, rows)
	if err != nil {
		return rep, err
	}
	added := inserted
	if at != nil {
		added = make([]bool, len(im.rows))
		for j, i := range at {
			added[i] = inserted[j]
		}
	}
	for i, k := range im.keys {
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
