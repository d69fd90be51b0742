package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/apptest"
	. "kintsugi/internal/archive"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/seed"
)

type fixture struct {
	app   *apptest.App
	guide *journey.Guide
}

func newFixture(t testing.TB) *fixture {
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{app: apptest.New(t, "sqlite"), guide: g}
}

// person signs someone up and returns them signed in.
func (f *fixture) person(t testing.TB, name string) *account.Person {
	t.Helper()
	ctx := context.Background()
	if _, err := f.app.Accounts.SignUp(ctx, name, apptest.Passphrase, "test/"+name, false); err != nil {
		t.Fatal(err)
	}
	se, err := f.app.Accounts.LogIn(ctx, name, apptest.Passphrase, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.app.Accounts.Authenticate(ctx, se.Token)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) write(t testing.TB, p *account.Person) {
	t.Helper()
	ctx := context.Background()
	base := time.Date(2025, 6, 1, 8, 0, 0, 123456000, time.UTC)
	j := record.Open(f.app.Store, p, journey.Journal)
	entries := []journey.JournalEntry{
		{Title: "Set | a boundary", Body: "# Today\n\nI said *no*.\n- it held", Step: 3},
		{Body: "No title, ünïcode ✓, and a [link](https://example.org)."},
		{Title: "Forgiveness?", Body: "Not yet.", Step: 7},
	}
	for i, e := range entries {
		r, err := j.Create(ctx, e, base.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.Body += "\n\nEdited later."
			if _, err := j.Update(ctx, r.ID, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := record.Open(f.app.Store, p, journey.Checkins)
	c.Create(ctx, journey.Checkin{Emotions: []journey.Felt{{Name: "grief", Intensity: 8}, {Name: "anger", Intensity: 0}}, Sensations: "tight chest", Note: "a | pipe\nand a line"}, base)
	c.Create(ctx, journey.Checkin{Emotions: []journey.Felt{{Name: "hope", Intensity: 3}}}, base.AddDate(0, 0, 1))
	r := record.Open(f.app.Store, p, journey.Ratings)
	r.Create(ctx, journey.Rating{Step: 5, Value: 4, Note: "slowly"}, base)
	r.Create(ctx, journey.Rating{Step: 5, Value: 6}, base.AddDate(0, 0, 7))
}

func (f *fixture) zip(t testing.TB, p *account.Person) []byte {
	t.Helper()
	d, err := Collect(context.Background(), f.app.Store, p, p.Username, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, d, f.guide); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (f *fixture) importZip(t testing.TB, p *account.Person, z []byte) (Report, error) {
	t.Helper()
	return ImportZip(context.Background(), f.app.Store, p, z, f.guide)
}

// dataOf decodes an archive's kintsugi.json.
func dataOf(t testing.TB, z []byte) *Data {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := r.Open(DataFile)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var d Data
	if err := json.NewDecoder(rc).Decode(&d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// content is an export without what naturally differs between two.
func content(t testing.TB, z []byte) *Data {
	t.Helper()
	d := dataOf(t, z)
	d.ExportedAt, d.Username = time.Time{}, ""
	return d
}

func TestRoundTrip(t *testing.T) {
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	first := f.zip(t, alice)

	bob := f.person(t, "bob")
	rep, err := f.importZip(t, bob, first)
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Added: map[string]int{"journal": 3, "checkins": 2, "ratings": 2}, Skipped: map[string]int{}}
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("first import reported %+v, want %+v", rep, want)
	}
	second := f.zip(t, bob)
	if a, b := content(t, first), content(t, second); !reflect.DeepEqual(a, b) {
		t.Fatalf("export → import → export changed the content:\n%+v\n%+v", a, b)
	}

	again, err := f.importZip(t, bob, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Added) != 0 || again.Skipped["journal"] != 3 || again.Skipped["checkins"] != 2 || again.Skipped["ratings"] != 2 {
		t.Fatalf("second import reported %+v", again)
	}
	if third := f.zip(t, bob); !reflect.DeepEqual(content(t, third), content(t, second)) {
		t.Fatal("importing twice duplicated records")
	}
	// Imported records are really bob's: his keys open them, and the step
	// index was rebuilt under them.
	tied, _, err := record.Open(f.app.Store, bob, journey.Journal).List(context.Background(), record.Page{Limit: 10, Tag: journey.StepTag(3)})
	if err != nil || len(tied) != 1 || !strings.Contains(tied[0].Value.Body, "Edited later.") {
		t.Fatalf("bob's step 3 entries: %+v, %v", tied, err)
	}
}

func TestArchiveIsReadable(t *testing.T) {
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	z, err := zip.NewReader(bytes.NewReader(f.zip(t, alice)), int64(len(f.zip(t, alice))))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range z.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[zf.Name] = string(b)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	for _, want := range []string{"README.md", "kintsugi.json", "feelings.md", "ratings.md"} {
		if files[want] == "" {
			t.Errorf("the archive lacks %s (has %v)", want, names)
		}
	}
	var boundary, untitled string
	for n, body := range files {
		switch {
		case strings.HasPrefix(n, "journal/03-set-boundaries/2025-06-01-set-a-boundary-"):
			boundary = body
		case strings.HasPrefix(n, "journal/no-step/2025-06-01-entry-"):
			untitled = body
		}
	}
	if !strings.Contains(boundary, "# Set | a boundary") || !strings.Contains(boundary, "Step 3: Set boundaries") || !strings.Contains(boundary, "I said *no*.") {
		t.Errorf("the step 3 entry's file:\n%s (files %v)", boundary, names)
	}
	if !strings.Contains(untitled, "ünïcode ✓") {
		t.Errorf("the untitled entry's file:\n%s", untitled)
	}
	if !strings.Contains(files["feelings.md"], "| 2025-06-01 08:00 | Grief 8, Anger 0 | tight chest | a \\| pipe and a line |") {
		t.Errorf("feelings.md:\n%s", files["feelings.md"])
	}
	if !strings.Contains(files["ratings.md"], "## Step 5: Trust yourself") || !strings.Contains(files["ratings.md"], "| 4 | slowly |") {
		t.Errorf("ratings.md:\n%s", files["ratings.md"])
	}
}

// build makes a zip from name → content.
func build(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var list []file
	for name, body := range files {
		list = append(list, file{name, body})
	}
	return buildList(t, list...)
}

type file struct {
	name string
	body []byte
}

// buildList makes a zip of files in order, names repeated if they are.
// Empty files are stored rather than compressed, which is much quicker.
func buildList(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
		if len(f.body) == 0 {
			h.Method = zip.Store
		}
		w, err := z.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ordered writes m as JSON with the keys first in order, as they are
// given, and then the others, sorted. The exporter writes format and
// version first.
func ordered(m map[string]any, first ...string) []byte {
	keys := slices.Concat(first, slices.DeleteFunc(slices.Sorted(maps.Keys(m)), func(k string) bool { return slices.Contains(first, k) }))
	var b bytes.Buffer
	b.WriteByte('{')
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// insertAfter inserts what into doc after the first mark that follows
// the first after.
func insertAfter(t testing.TB, doc []byte, after, mark, what string) []byte {
	t.Helper()
	i := bytes.Index(doc, []byte(after))
	j := bytes.Index(doc[i+1:], []byte(mark))
	if i < 0 || j < 0 {
		t.Fatalf("no %s after %s in %s", mark, after, doc)
	}
	at := i + 1 + j + len(mark)
	return slices.Concat(doc[:at], []byte(what), doc[at:])
}

func TestHostileArchivesAreRefusedAndChangeNothing(t *testing.T) {
	defer func(old int) { *MaxDataForTest = old }(*MaxDataForTest)
	*MaxDataForTest = 4 << 20 // a bomb past this need not take a test's memory
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	good := f.zip(t, alice)
	data := content(t, good)
	doc := func(mutate func(m map[string]any), first ...string) []byte {
		var m map[string]any
		b, _ := json.Marshal(data)
		json.Unmarshal(b, &m)
		m["format"], m["version"], m["exported_at"], m["username"] = Format, Version, time.Now(), "alice"
		mutate(m)
		if first == nil {
			first = []string{"format", "version"}
		}
		return ordered(m, first...)
	}
	raw := func(mutate func(m map[string]any)) []byte { return doc(mutate) }
	same := func(map[string]any) {}
	item := func(m map[string]any, kind string, i int) map[string]any {
		return m[kind].([]any)[i].(map[string]any)
	}
	bomb := func() []byte {
		var buf bytes.Buffer
		z := zip.NewWriter(&buf)
		w, _ := z.Create(DataFile)
		zeros := make([]byte, 1<<20)
		for range *MaxDataForTest/len(zeros) + 2 {
			w.Write(zeros)
		}
		z.Close()
		return buf.Bytes()
	}
	// jsonBomb is valid JSON past the limit: one entry, repeated with new
	// ids, compresses to almost nothing.
	jsonBomb := func() []byte {
		var b bytes.Buffer
		b.WriteString(`{"format":"kintsugi-export","version":1,"journal":[`)
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; b.Len() <= *MaxDataForTest; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			at = at.Add(time.Second)
			fmt.Fprintf(&b, `{"id":%q,"created_at":%q,"updated_at":%q,"data":{"body":%q}}`,
				record.NewID(at), at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano), strings.Repeat("the same words ", 60))
		}
		b.WriteString(`]}`)
		return b.Bytes()
	}
	bigEntry := func(m map[string]any) {
		item(m, "journal", 0)["data"].(map[string]any)["body"] = strings.Repeat("a", 2<<20)
	}
	lateHead := func(m map[string]any) {}

	bob := f.person(t, "bob")
	cases := []struct {
		name, reason string
		archive      []byte
	}{
		{"not a zip", "not a zip", []byte("PK\x03\x04 but not really")},
		{"path traversal", "unsafe name", build(t, map[string][]byte{"../../etc/passwd": nil, DataFile: raw(same)})},
		{"absolute path", "unsafe name", build(t, map[string][]byte{"/tmp/x": nil, DataFile: raw(same)})},
		{"backslash path", "unsafe name", build(t, map[string][]byte{`..\evil`: nil, DataFile: raw(same)})},
		{"no data file", "no kintsugi.json", build(t, map[string][]byte{"README.md": []byte("hi")})},
		{"two data files", "two files named kintsugi.json", buildList(t, file{DataFile, raw(same)}, file{DataFile, doc(func(m map[string]any) { delete(m, "journal") })})},
		{"two other files of one name", "two files named README.md", buildList(t, file{"README.md", nil}, file{DataFile, raw(same)}, file{"README.md", nil})},
		{"zip bomb", "too large", bomb()},
		{"JSON bomb", "too large", build(t, map[string][]byte{DataFile: jsonBomb()})},
		{"invalid UTF-8", "not valid UTF-8", build(t, map[string][]byte{DataFile: bytes.Replace(raw(same), []byte("Not yet."), []byte("Not y\xffet."), 1)})},
		{"data after the end", "goes on after its end", build(t, map[string][]byte{DataFile: append(raw(same), " {}"...)})},
		{"another format", "not in the kintsugi export format", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["format"] = "diary" })})},
		{"no format", "not in the kintsugi export format", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			delete(m, "format")
			delete(m, "journal")
			delete(m, "checkins")
			delete(m, "ratings")
		})})},
		{"newer version", "format version 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["version"] = 2 })})},
		{"items before the format", "format and version before its items", build(t, map[string][]byte{DataFile: doc(lateHead, "journal", "format", "version")})},
		{"items before the version", "format and version before its items", build(t, map[string][]byte{DataFile: doc(lateHead, "format", "ratings", "version")})},
		{"unknown field", "does not match", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["secret"] = 1 })})},
		{"unknown field in an item", "journal entry 1 does not match", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 0)["data"].(map[string]any)["mood"] = "x"
		})})},
		{"a key twice at the top", `gives "journal" twice`, build(t, map[string][]byte{DataFile: append(bytes.TrimSuffix(raw(same), []byte("}")), `,"journal":[]}`...)})},
		{"a key twice in an item", `journal entry 1 gives "title" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"journal":[`, `"data":{`, `"title":"another title",`)})},
		{"a key twice in an item, in capitals", `journal entry 1 gives "body" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"journal":[`, `"data":{`, `"Body":"another body",`)})},
		{"a key twice, nested", `check-in 1 gives "intensity" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"checkins":[`, `"emotions":[{`, `"intensity":1,`)})},
		{"an item too large", "larger than 2 MB", build(t, map[string][]byte{DataFile: raw(bigEntry)})},
		{"strength out of range", "check-in 1", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "checkins", 0)["data"].(map[string]any)["emotions"].([]any)[0].(map[string]any)["intensity"] = 11
		})})},
		{"id and time disagree", "journal entry 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["created_at"] = "2020-01-01T00:00:00Z"
		})})},
		{"duplicate id", "journal entry 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["id"], item(m, "journal", 1)["created_at"] = item(m, "journal", 0)["id"], item(m, "journal", 0)["created_at"]
		})})},
		{"over the size limit", "larger than 32 MB", append(good, make([]byte, MaxArchive)...)},
	}
	// Each case is an archive that would be read but for the one thing
	// wrong with it.
	if _, err := f.importZip(t, f.person(t, "carol"), build(t, map[string][]byte{DataFile: raw(same)})); err != nil {
		t.Fatalf("the unchanged data is refused: %v", err)
	}
	for _, c := range cases {
		_, err := f.importZip(t, bob, c.archive)
		refused, ok := IsRefused(err)
		if !ok || !strings.Contains(refused.Reason, c.reason) {
			t.Errorf("%s: %v, want refused for %q", c.name, err, c.reason)
		}
	}
	for _, kind := range []record.Kind[journey.JournalEntry]{journey.Journal} {
		if n, _ := record.Open(f.app.Store, bob, kind).Count(context.Background(), ""); n != 0 {
			t.Fatalf("refused archives left %d entries behind", n)
		}
	}
	if got := content(t, f.zip(t, bob)); len(got.Checkins)+len(got.Ratings)+len(got.Journal) != 0 {
		t.Fatalf("refused archives changed bob's account: %+v", got)
	}
}

// TestLimits checks the limits at their real values: past each one, an
// archive that is otherwise good is refused, before it is all read.
func TestLimits(t *testing.T) {
	f := newFixture(t)
	bob := f.person(t, "bob")
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	// items writes n items of kind, each with data, with new ids.
	items := func(b *bytes.Buffer, kind string, n int, data string) {
		fmt.Fprintf(b, `,%q:[`, kind)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			at = at.Add(time.Second)
			fmt.Fprintf(b, `{"id":%q,"created_at":%q,"updated_at":%q,"data":%s}`,
				record.NewID(at), at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano), data)
		}
		b.WriteString("]")
	}
	head := `{"format":"kintsugi-export","version":1,"exported_at":"2026-01-01T00:00:00Z","username":"bob"`

	var tooMany bytes.Buffer
	tooMany.WriteString(head)
	items(&tooMany, "ratings", MaxItems-1, `{"step":1,"value":5}`)
	items(&tooMany, "checkins", 2, `{"emotions":[{"name":"hope","intensity":3}]}`)
	tooMany.WriteString("}")

	// Data that says it is larger than MaxData is refused before it is
	// read, whatever it holds. (Data larger than it says is damaged, and
	// the JSON bomb in TestHostileArchivesAreRefusedAndChangeNothing is
	// data as large as it says.)
	var tooLarge bytes.Buffer
	small := []byte(head + "}")
	z := zip.NewWriter(&tooLarge)
	w, err := z.CreateRaw(&zip.FileHeader{Name: DataFile, Method: zip.Store, CRC32: crc32.ChecksumIEEE(small),
		CompressedSize64: uint64(len(small)), UncompressedSize64: MaxData + 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(small)
	z.Close()

	files := []file{{DataFile, []byte(head + "}")}}
	for i := range MaxItems + 100 {
		files = append(files, file{fmt.Sprintf("journal/%d.md", i), nil})
	}

	for _, c := range []struct {
		name, reason string
		archive      []byte
	}{
		{"more items than MaxItems", fmt.Sprintf("more than %d items", MaxItems), build(t, map[string][]byte{DataFile: tooMany.Bytes()})},
		{"data larger than MaxData", "too large", tooLarge.Bytes()},
		{"more files than a journal at MaxItems makes", "too many files", buildList(t, files...)},
		// Counted before the zip is parsed, which keeps 200 bytes a file.
		{"more file headers than that", "too many files", bytes.Repeat([]byte("PK\x01\x02"), MaxItems+101)},
	} {
		_, err := f.importZip(t, bob, c.archive)
		if refused, ok := IsRefused(err); !ok || !strings.Contains(refused.Reason, c.reason) {
			t.Errorf("%s: %v, want refused for %q", c.name, err, c.reason)
		}
	}
	if n, _ := record.Open(f.app.Store, bob, journey.Ratings).Count(context.Background(), ""); n != 0 {
		t.Fatalf("a refused archive left %d ratings behind", n)
	}
}

// TestSizesThatLie: a file whose header claims less than it holds is
// damaged, and refused as such.
func TestSizesThatLie(t *testing.T) {
	f := newFixture(t)
	bob := f.person(t, "bob")
	body := []byte(`{"format":"kintsugi-export","version":1,"username":"` + strings.Repeat("x", 1000) + `"}`)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.CreateRaw(&zip.FileHeader{Name: DataFile, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(body)), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	z.Close()
	_, err = f.importZip(t, bob, buf.Bytes())
	if refused, ok := IsRefused(err); !ok || !strings.Contains(refused.Reason, "damaged") {
		t.Fatalf("%v, want refused as damaged", err)
	}
}

// TestExportWritesFormatAndVersionFirst: an import needs them before the
// items, and reads the document as it comes.
func TestExportWritesFormatAndVersionFirst(t *testing.T) {
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	r, err := zip.NewReader(bytes.NewReader(f.zip(t, alice)), int64(len(f.zip(t, alice))))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := r.Open(DataFile)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	dec := json.NewDecoder(rc)
	var keys []string
	for tok, err := dec.Token(); err == nil; tok, err = dec.Token() {
		if key, ok := tok.(string); ok && dec.More() {
			keys = append(keys, key)
			var skip json.RawMessage
			dec.Decode(&skip)
		}
	}
	if want := []string{"format", "version", "exported_at", "username", "journal", "checkins", "ratings"}; !slices.Equal(keys, want) {
		t.Fatalf("kintsugi.json's keys are %v, want %v", keys, want)
	}
}

// BenchmarkExportImport measures an archive of five years of daily use:
// a check-in and a journal entry every day and a rating a week.
func BenchmarkExportImport(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	if err := seed.Person(ctx, f.app.Store, f.app.Accounts, "five-years", apptest.Passphrase, 5*365, 5*365, rand.New(rand.NewPCG(3, 4))); err != nil {
		b.Fatal(err)
	}
	se, _ := f.app.Accounts.LogIn(ctx, "five-years", apptest.Passphrase, "127.0.0.1", "")
	p, _ := f.app.Accounts.Authenticate(ctx, se.Token)
	z := f.zip(b, p)
	b.Run("export", func(b *testing.B) {
		for b.Loop() {
			f.zip(b, p)
		}
		b.ReportMetric(float64(len(z))/(1<<20), "MB/archive")
	})
	b.Run("import", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			fresh := f.person(b, fmt.Sprintf("import-%d", i))
			if _, err := f.importZip(b, fresh, z); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkImportAtLimits imports the largest archives the limits accept
// and reports the memory one import takes:
//
//   - peak-heap-MB: the most the Go heap's objects (live, and dead but not
//     yet swept) reached during the import, above what they were before,
//     sampled every millisecond. It counts the upload's bytes, copied in
//     as a handler reads them, and not SQLite's own memory, which is not
//     on the Go heap.
//   - B/op: all the import allocated, freed or not.
//
// "heavy" is seed's heavy five years grown to MaxItems items: 45,915
// journal entries of about 500 bytes, a check-in a day and a rating a
// week, exported as usual (its sizes are reported). "compressible" is as
// many entries alike, a zip bomb within the limits: its kintsugi.json is
// as large, its zip a fraction of the size.
func BenchmarkImportAtLimits(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	days := 5 * 365
	if err := seed.Person(ctx, f.app.Store, f.app.Accounts, "heavy", apptest.Passphrase, MaxItems-days-days/7, days, rand.New(rand.NewPCG(3, 4))); err != nil {
		b.Fatal(err)
	}
	se, _ := f.app.Accounts.LogIn(ctx, "heavy", apptest.Passphrase, "127.0.0.1", "")
	p, _ := f.app.Accounts.Authenticate(ctx, se.Token)
	heavy := f.zip(b, p)

	at := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	var doc bytes.Buffer
	doc.WriteString(`{"format":"kintsugi-export","version":1,"journal":[`)
	for i := range MaxItems {
		if i > 0 {
			doc.WriteByte(',')
		}
		at = at.Add(time.Minute)
		fmt.Fprintf(&doc, `{"id":%q,"created_at":%q,"updated_at":%q,"data":{"title":"The same day again","body":%q}}`,
			record.NewID(at), at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano), strings.Repeat("Morning walk by the quiet river. ", 16))
	}
	doc.WriteString("]}")
	compressible := build(b, map[string][]byte{DataFile: doc.Bytes()})

	n := 0
	for _, c := range []struct {
		name string
		zip  []byte
	}{{"heavy", heavy}, {"compressible", compressible}} {
		b.Run(c.name, func(b *testing.B) {
			var size uint64
			for _, zf := range must(zip.NewReader(bytes.NewReader(c.zip), int64(len(c.zip)))).File {
				if zf.Name == DataFile {
					size = zf.UncompressedSize64
				}
			}
			if size > MaxData || len(c.zip) > MaxArchive {
				b.Fatalf("the archive is over the limits: %d bytes of data, %d of zip", size, len(c.zip))
			}
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				n++
				fresh := f.person(b, fmt.Sprintf("import-%d", n))
				stop := watchHeap()
				b.StartTimer()
				upload := bytes.Clone(c.zip)
				rep, err := ImportZip(ctx, f.app.Store, fresh, upload, f.guide)
				b.StopTimer()
				peak = max(peak, stop())
				if err != nil || rep.Added["journal"]+rep.Added["checkins"]+rep.Added["ratings"] != MaxItems {
					b.Fatalf("%+v, %v", rep, err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(len(c.zip))/(1<<20), "zip-MB")
			b.ReportMetric(float64(size)/(1<<20), "data-MB")
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// watchHeap samples the bytes in heap objects every millisecond until the
// function it returns is called, which returns their peak above where
// they were at the start, after a collection.
func watchHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	start := read()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak.Store(max(peak.Load(), read()))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return max(peak.Load(), read()) - start
	}
}
