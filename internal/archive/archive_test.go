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
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

type fixture struct {
	app     *apptest.App
	guide   *journey.Guide
	catalog *tool.Catalog
}

func newFixture(t testing.TB) *fixture {
	g, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{app: apptest.New(t, "sqlite"), guide: g, catalog: c}
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

// kind returns the declared kind at path.
func (f *fixture) kind(t testing.TB, path string) *tool.Kind {
	t.Helper()
	k, ok := f.catalog.ByPath(path)
	if !ok {
		t.Fatalf("no kind at %s", path)
	}
	return k
}

// input reads a body of k as the API reads it.
func input(t testing.TB, k *tool.Kind, body any, at time.Time) tool.Input {
	t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	in, err := k.ReadJSON([]byte(raw), false)
	if err != nil {
		t.Fatalf("%s: %s: %v", k.Name, raw, err)
	}
	in.CreatedAt = at
	return in
}

// create stores an item of the kind at path, created at at, through the
// engine as the API does.
func (f *fixture) create(t testing.TB, p *account.Person, path string, body any, at time.Time) tool.Item {
	t.Helper()
	k := f.kind(t, path)
	it, err := k.Items(f.app.Store, p).Create(context.Background(), input(t, k, body, at), time.Now())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return it
}

var base = time.Date(2025, 6, 1, 8, 0, 0, 123456000, time.UTC)

// write gives p journal entries (one edited), check-ins and ratings.
func (f *fixture) write(t testing.TB, p *account.Person) {
	t.Helper()
	entries := []string{
		`{"title":"Set | a boundary","body":"# Today\n\nI said *no*.\n- it held","step":3}`,
		`{"body":"No title, ünïcode ✓, and a [link](https://example.org)."}`,
		`{"title":"Forgiveness?","body":"Not yet.","step":7}`,
	}
	for i, e := range entries {
		r := f.create(t, p, "journal", e, base.Add(time.Duration(i)*time.Hour))
		if i == 0 {
			k := f.kind(t, "journal")
			edited := input(t, k, `{"title":"Set | a boundary","body":"# Today\n\nI said *no*.\n- it held\n\nEdited later.","step":3}`, time.Time{})
			if _, err := k.Items(f.app.Store, p).Update(context.Background(), r.ID, edited.Values); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.create(t, p, "checkins", `{"emotions":[{"name":"grief","intensity":8},{"name":"anger","intensity":0}],"sensations":"tight chest","note":"a | pipe\nand a line"}`, base)
	f.create(t, p, "checkins", `{"emotions":[{"name":"hope","intensity":3}]}`, base.AddDate(0, 0, 1))
	f.create(t, p, "ratings", `{"step":5,"value":4,"note":"slowly"}`, base)
	f.create(t, p, "ratings", `{"step":5,"value":6}`, base.AddDate(0, 0, 7))
}

// writeEveryKind gives p one item of every declared kind, each field
// filled (the kind's Sample), and one event of each that has events.
func (f *fixture) writeEveryKind(t testing.TB, p *account.Person, text string) {
	t.Helper()
	ctx := context.Background()
	at := base.AddDate(0, 1, 0)
	for _, k := range f.catalog.Kinds {
		if k.Parent != nil {
			continue
		}
		at = at.Add(time.Hour)
		it := f.create(t, p, k.Path, k.Sample(text), at)
		if k.Events == nil {
			continue
		}
		events, err := k.Items(f.app.Store, p).Events(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := events.Add(ctx, input(t, k.Events, k.Events.Sample(text), at.Add(time.Minute)), time.Now()); err != nil {
			t.Fatalf("%s: %v", k.Events.Name, err)
		}
	}
}

func (f *fixture) zip(t testing.TB, p *account.Person) []byte {
	t.Helper()
	_, z, err := Export(context.Background(), f.app.Store, p, p.Username, f.catalog, f.guide, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func (f *fixture) importZip(t testing.TB, p *account.Person, z []byte) (Report, error) {
	t.Helper()
	return ImportZip(context.Background(), f.app.Store, p, z, f.catalog, f.guide)
}

// files returns every file of an archive, by name.
func files(t testing.TB, z []byte) map[string]string {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range r.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name] = string(b)
	}
	return out
}

// dataOf decodes an archive's kintsugi.json.
func dataOf(t testing.TB, z []byte) map[string]any {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(files(t, z)[DataFile]), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// content is an export without what naturally differs between two.
func content(t testing.TB, z []byte) map[string]any {
	t.Helper()
	d := dataOf(t, z)
	delete(d, "exported_at")
	delete(d, "username")
	return d
}

// list is the items of kind path in an export's data.
func list(d map[string]any, path string) []any {
	l, _ := d[path].([]any)
	return l
}

// reportOf counts what an export holds as an import reports it.
func (f *fixture) reportOf(d map[string]any) map[string]int {
	out := map[string]int{}
	for _, k := range f.catalog.Kinds {
		if k.Parent != nil {
			continue
		}
		for _, it := range list(d, k.Path) {
			out[k.Path]++
			if evs, _ := it.(map[string]any)["events"].([]any); len(evs) > 0 {
				out[k.Path+"/"+k.Events.Path] += len(evs)
			}
		}
	}
	return out
}

// TestRoundTrip: an export holding an item of every declared kind, and
// events, imports into another account and exports again the same; a
// second import adds nothing.
func TestRoundTrip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	alice := f.person(t, "alice")
	f.write(t, alice)
	f.writeEveryKind(t, alice, "every field")
	first := f.zip(t, alice)

	d := content(t, first)
	events := 0
	for _, k := range f.catalog.Kinds {
		switch {
		case k.Parent != nil:
			events++
		case len(list(d, k.Path)) == 0:
			t.Errorf("the export has no %s", k.Path)
		}
		for _, it := range list(d, k.Path) {
			item := it.(map[string]any)
			_, has := item["events"]
			if has != (k.Events != nil) {
				t.Errorf("%s: events given %v, want %v", k.Path, has, k.Events != nil)
			}
			evs, _ := item["events"].([]any)
			for _, ev := range evs {
				if _, of := ev.(map[string]any)["data"].(map[string]any)["of"]; of {
					t.Errorf("%s: an event's hidden parent is written: %v", k.Path, ev)
				}
			}
		}
	}
	want := Report{Added: f.reportOf(d), Skipped: map[string]int{}}
	if n := len(want.Added); n != len(f.catalog.Kinds) || events == 0 {
		t.Fatalf("the export holds %v: want every one of the %d kinds, events included", want.Added, len(f.catalog.Kinds))
	}

	bob := f.person(t, "bob")
	rep, err := f.importZip(t, bob, first)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("first import reported %+v, want %+v", rep, want)
	}
	second := f.zip(t, bob)
	if a, b := content(t, first), content(t, second); !reflect.DeepEqual(a, b) {
		t.Fatalf("export → import → export changed the content:\n%s\n%s", files(t, first)[DataFile], files(t, second)[DataFile])
	}

	again, err := f.importZip(t, bob, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Added) != 0 || !reflect.DeepEqual(again.Skipped, want.Added) {
		t.Fatalf("second import reported %+v", again)
	}
	if third := f.zip(t, bob); !reflect.DeepEqual(content(t, third), content(t, second)) {
		t.Fatal("importing twice duplicated records")
	}
	// Imported records are really bob's: his keys open them, the step
	// index was rebuilt under them, and events are with their items.
	journal := f.kind(t, "journal").Items(f.app.Store, bob)
	tied, _, err := journal.List(ctx, 10, "", 3)
	if err != nil || len(tied) != 1 || !strings.Contains(field(t, journal.Kind(), tied[0], "body").Str, "Edited later.") {
		t.Fatalf("bob's step 3 entries: %+v, %v", tied, err)
	}
	for _, k := range f.catalog.Kinds {
		if k.Events == nil {
			continue
		}
		items, _, err := k.Items(f.app.Store, bob).List(ctx, 10, "", 0)
		if err != nil || len(items) != 1 {
			t.Fatalf("bob's %s: %v, %v", k.Path, items, err)
		}
		evs, err := k.Items(f.app.Store, bob).Events(ctx, items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if all, err := evs.All(ctx, 10); err != nil || len(all) != 1 {
			t.Fatalf("the events of bob's %s: %v, %v", k.Path, all, err)
		}
	}
}

// field is the value of a named field of an item.
func field(t testing.TB, k *tool.Kind, it tool.Item, name string) tool.Value {
	t.Helper()
	_, i, ok := k.Field(name)
	if !ok {
		t.Fatalf("%s has no field %s", k.Name, name)
	}
	return it.Value[i]
}

// TestVersion1StillImports: an archive as the first exporter wrote it,
// from Go types with omitempty, indented, is read by the same code.
func TestVersion1StillImports(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	bob := f.person(t, "bob")
	at := func(i int) (string, string) {
		t := base.Add(time.Duration(i) * time.Hour)
		return record.NewID(t), t.Format(time.RFC3339Nano)
	}
	var ids [6]string
	var times [6]string
	for i := range ids {
		ids[i], times[i] = at(i)
	}
	v1 := fmt.Sprintf(`{
  "format": "kintsugi-export",
  "version": 1,
  "exported_at": "2025-07-01T10:00:00Z",
  "username": "alice",
  "journal": [
    {
      "id": %[1]q,
      "created_at": %[7]q,
      "updated_at": "2025-06-02T10:00:00.5Z",
      "data": {
        "title": "Set a boundary",
        "body": "I said \u003cb\u003eno\u003c/b\u003e.",
        "step": 3
      }
    },
    {
      "id": %[2]q,
      "created_at": %[8]q,
      "updated_at": %[8]q,
      "data": {
        "body": "No title and no step."
      }
    }
  ],
  "checkins": [
    {
      "id": %[3]q,
      "created_at": %[9]q,
      "updated_at": %[9]q,
      "data": {
        "emotions": [
          {
            "name": "grief",
            "intensity": 8
          },
          {
            "name": "hope",
            "intensity": 0
          }
        ],
        "sensations": "tight chest",
        "note": "a note"
      }
    },
    {
      "id": %[4]q,
      "created_at": %[10]q,
      "updated_at": %[10]q,
      "data": {
        "emotions": [
          {
            "name": "anger",
            "intensity": 2
          }
        ]
      }
    }
  ],
  "ratings": [
    {
      "id": %[5]q,
      "created_at": %[11]q,
      "updated_at": %[11]q,
      "data": {
        "step": 5,
        "value": 4,
        "note": "slowly"
      }
    },
    {
      "id": %[6]q,
      "created_at": %[12]q,
      "updated_at": %[12]q,
      "data": {
        "step": 5,
        "value": 0
      }
    }
  ]
}
`, ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], times[0], times[1], times[2], times[3], times[4], times[5])
	archive := build(t, map[string][]byte{DataFile: []byte(v1), "README.md": []byte("# Your kintsugi archive\n"), "feelings.md": nil, "ratings.md": nil})
	rep, err := f.importZip(t, bob, archive)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"journal": 2, "checkins": 2, "ratings": 2}; !reflect.DeepEqual(rep.Added, want) {
		t.Fatalf("imported %v, want %v", rep.Added, want)
	}
	journal := f.kind(t, "journal").Items(f.app.Store, bob)
	tied, _, err := journal.List(ctx, 10, "", 3)
	if err != nil || len(tied) != 1 || field(t, journal.Kind(), tied[0], "body").Str != "I said <b>no</b>." ||
		!tied[0].UpdatedAt.Equal(time.Date(2025, 6, 2, 10, 0, 0, 5e8, time.UTC)) {
		t.Fatalf("bob's step 3 entries: %+v, %v", tied, err)
	}
	d := content(t, f.zip(t, bob))
	checkin := list(d, "checkins")[0].(map[string]any)["data"].(map[string]any)
	if want := []any{map[string]any{"name": "grief", "intensity": 8.0}, map[string]any{"name": "hope", "intensity": 0.0}}; !reflect.DeepEqual(checkin["emotions"], want) || checkin["note"] != "a note" {
		t.Fatalf("the check-in came back as %v", checkin)
	}
	rating := list(d, "ratings")[1].(map[string]any)["data"].(map[string]any)
	if rating["value"] != 0.0 || rating["step"] != 5.0 || rating["note"] != "" {
		t.Fatalf("the rating came back as %v", rating)
	}
	if again, err := f.importZip(t, bob, archive); err != nil || len(again.Added) != 0 {
		t.Fatalf("importing it again: %+v, %v", again, err)
	}
}

func TestArchiveIsReadable(t *testing.T) {
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	f.writeEveryKind(t, alice, "the canary words")
	files := files(t, f.zip(t, alice))
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
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

	// Every other kind has a file of its own, with each field that is set
	// under its label, in the kind's words, and its events.
	words := f.catalog.Words()
	for _, k := range f.catalog.Kinds {
		kw := words.Of(k)
		if !strings.Contains(files["README.md"], "- "+kw.Title+": ") {
			t.Errorf("README.md does not count %s:\n%s", kw.Title, files["README.md"])
		}
		if k.Parent != nil || k.Path == "journal" || k.Path == "checkins" || k.Path == "ratings" {
			continue
		}
		md := files[k.Path+".md"]
		wantText := []string{"# " + kw.Title + "\n", "\n## ", "*Written ", "the canary words"}
		labels(k.Visible(), kw.Fields, func(label string) { wantText = append(wantText, "**"+label+"**:") })
		if k.Events != nil {
			ew := words.Of(k.Events)
			wantText = append(wantText, "**"+ew.Title+"**:\n\n- *")
			labels(k.Events.Visible(), ew.Fields, func(label string) { wantText = append(wantText, "**"+label+"**:") })
		}
		for _, want := range wantText {
			if !strings.Contains(md, want) {
				t.Errorf("%s.md lacks %q:\n%s", k.Path, want, md)
			}
		}
		if !strings.Contains(files["README.md"], "in "+k.Path+".md") {
			t.Errorf("README.md does not name %s.md:\n%s", k.Path, files["README.md"])
		}
	}
}

// labels calls fn with the label of every field, those of groups and
// objects included.
func labels(fields []tool.Field, words map[string]*tool.FieldWords, fn func(string)) {
	for _, fl := range fields {
		if fl.Ref != "" {
			continue // a sample names no other item: the field stays empty
		}
		fn(words[fl.Name].Label)
		labels(fl.Fields, words[fl.Name].Fields, fn)
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
// given, and then the others, sorted; in the objects inside, an item's
// keys come in the order the exporter writes them (an item's events must
// follow its id), and the others sorted. The exporter writes format and
// version first.
func ordered(m map[string]any, first ...string) []byte {
	var b bytes.Buffer
	writeOrdered(&b, m, first)
	return b.Bytes()
}

var itemOrder = []string{"id", "created_at", "updated_at", "data", "events"}

func writeOrdered(b *bytes.Buffer, v any, first []string) {
	switch v := v.(type) {
	case map[string]any:
		keys := slices.Concat(first, slices.DeleteFunc(slices.Sorted(maps.Keys(v)), func(k string) bool { return slices.Contains(first, k) }))
		b.WriteByte('{')
		n := 0
		for _, k := range keys {
			x, ok := v[k]
			if !ok {
				continue
			}
			if n++; n > 1 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			writeOrdered(b, x, itemOrder)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeOrdered(b, x, itemOrder)
		}
		b.WriteByte(']')
	default:
		vb, _ := json.Marshal(v)
		b.Write(vb)
	}
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
	f.writeEveryKind(t, alice, "sample text")
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
			for key := range m {
				if key != "version" && key != "exported_at" && key != "username" {
					delete(m, key)
				}
			}
		})})},
		{"newer version", "format version 3", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["version"] = Version + 1 })})},
		{"items before the format", "format and version before its items", build(t, map[string][]byte{DataFile: doc(lateHead, "journal", "format", "version")})},
		{"items before the version", "format and version before its items", build(t, map[string][]byte{DataFile: doc(lateHead, "format", "ratings", "version")})},
		{"unknown field", `does not match its format version: it has no "secret"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["secret"] = 1 })})},
		{"a kind that is not declared", `it has no "secrets"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			m["secrets"] = []any{item(m, "journal", 0)}
		})})},
		{"an unknown field in an item's data", `an entry (journal, item 1) does not match the format version: it has no "mood"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 0)["data"].(map[string]any)["mood"] = "x"
		})})},
		{"an unknown key in an item", `an entry (journal, item 2) does not match the format version: it has no "mood"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["mood"] = "x"
		})})},
		{"a value of the wrong type", `an entry (journal, item 1) does not match the format version at "step"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 0)["data"].(map[string]any)["step"] = "three"
		})})},
		{"events on a kind without events", `an entry (journal, item 1) does not match the format version: it has no "events"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 0)["events"] = item(m, "boundaries", 0)["events"]
		})})},
		{"events on an event", `a log entry (boundaries, item 1, event 1) does not match the format version: it has no "events"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			ev := item(m, "boundaries", 0)["events"].([]any)[0].(map[string]any)
			ev["events"] = []any{}
		})})},
		{"an event that names its parent", `a log entry (boundaries, item 1, event 1) does not match the format version: it has no "of"`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			ev := item(m, "boundaries", 0)["events"].([]any)[0].(map[string]any)
			ev["data"].(map[string]any)["of"] = item(m, "stories", 0)["id"]
		})})},
		{"an event past its kind's limits", `a log entry (boundaries, item 1, event 1): "note": `, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			ev := item(m, "boundaries", 0)["events"].([]any)[0].(map[string]any)
			ev["data"].(map[string]any)["note"] = strings.Repeat("a", 4001)
		})})},
		{"an event with a choice not on the list", `a log entry (boundaries, item 1, event 1): "outcome": `, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			ev := item(m, "boundaries", 0)["events"].([]any)[0].(map[string]any)
			ev["data"].(map[string]any)["outcome"] = "maybe"
		})})},
		{"an event with a time that does not fit its id", `a log entry (boundaries, item 1, event 1) has an id or times`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			ev := item(m, "boundaries", 0)["events"].([]any)[0].(map[string]any)
			ev["created_at"] = "2020-01-01T00:00:00Z"
		})})},
		{"an event with its item's id", `a boundary (boundaries, item 1) has an id or times`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			it := item(m, "boundaries", 0)
			ev := it["events"].([]any)[0].(map[string]any)
			ev["id"], ev["created_at"] = it["id"], it["created_at"]
		})})},
		{"events before their item's id", `a boundary (boundaries, item 1) gives its events before its id`, build(t, map[string][]byte{DataFile: bytes.Replace(raw(same),
			[]byte(`{"id":"`+item(data, "boundaries", 0)["id"].(string)+`",`), []byte(`{"events":[],"id":"`+item(data, "boundaries", 0)["id"].(string)+`",`), 1)})},
		{"an item's events twice", `a boundary (boundaries, item 1) gives "events" twice`, build(t, map[string][]byte{DataFile: bytes.Replace(raw(same),
			[]byte(`"events":[`), []byte(`"events":[],"events":[`), 1)})},
		{"an item that is not an object", `a story (stories, item 1) does not match`, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			m["stories"] = []any{"a story"}
		})})},
		{"a key twice at the top", `gives "journal" twice`, build(t, map[string][]byte{DataFile: append(bytes.TrimSuffix(raw(same), []byte("}")), `,"journal":[]}`...)})},
		{"a key twice in an item", `an entry (journal, item 1) gives "title" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"journal":[`, `"data":{`, `"title":"another title",`)})},
		{"a key twice in an item, in capitals", `an entry (journal, item 1) gives "body" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"journal":[`, `"data":{`, `"Body":"another body",`)})},
		{"a key twice, nested", `a check-in (checkins, item 1) gives "intensity" twice`, build(t, map[string][]byte{DataFile: insertAfter(t, raw(same), `"checkins":[`, `"emotions":[{`, `"intensity":1,`)})},
		{"an item too large", "larger than 2 MB", build(t, map[string][]byte{DataFile: raw(bigEntry)})},
		{"strength out of range", `a check-in (checkins, item 1): "emotions[0].intensity": `, build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "checkins", 0)["data"].(map[string]any)["emotions"].([]any)[0].(map[string]any)["intensity"] = 11
		})})},
		{"id and time disagree", "an entry (journal, item 2) has an id or times that do not fit together", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["created_at"] = "2020-01-01T00:00:00Z"
		})})},
		{"duplicate id", "an entry (journal, item 2) has an id or times that do not fit together", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
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
	for _, k := range f.catalog.Kinds {
		if n, _ := record.Open(f.app.Store, bob, k.Record()).Count(context.Background(), ""); n != 0 {
			t.Errorf("refused archives left %d of %s behind", n, k.Name)
		}
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

	// Events count too: MaxItems-1 ratings and a boundary with its one
	// event are one too many.
	event := func() string {
		at = at.Add(time.Second)
		return fmt.Sprintf(`{"id":%q,"created_at":%q,"updated_at":%q,"data":{"outcome":"held"}}`,
			record.NewID(at), at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
	}
	var tooManyEvents bytes.Buffer
	tooManyEvents.WriteString(head)
	items(&tooManyEvents, "ratings", MaxItems-1, `{"step":1,"value":5}`)
	items(&tooManyEvents, "boundaries", 1, `{"kind":"contact","words":"No calls after nine.","status":"active"},"events":[`+event()+`]`)
	tooManyEvents.WriteString("}")

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
		{"more items and events than MaxItems", fmt.Sprintf("more than %d items", MaxItems), build(t, map[string][]byte{DataFile: tooManyEvents.Bytes()})},
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
	ratings, _ := f.catalog.ByPath("ratings")
	if n, _ := ratings.Items(f.app.Store, bob).Collection().Count(context.Background(), ""); n != 0 {
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
	want := []string{"format", "version", "exported_at", "username"}
	for _, k := range f.catalog.Kinds {
		if k.Parent == nil {
			want = append(want, k.Path)
		}
	}
	if !slices.Equal(keys, want) {
		t.Fatalf("kintsugi.json's keys are %v, want %v", keys, want)
	}
}

// BenchmarkExportImport measures an archive of five years of daily use:
// a check-in and a journal entry every day and a rating a week.
func BenchmarkExportImport(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	if err := seed.Person(ctx, f.app.Store, f.app.Accounts, f.catalog, "five-years", apptest.Passphrase, 5*365, 5*365, rand.New(rand.NewPCG(3, 4))); err != nil {
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
	if err := seed.Person(ctx, f.app.Store, f.app.Accounts, f.catalog, "heavy", apptest.Passphrase, MaxItems-seed.Records(0, days), days, rand.New(rand.NewPCG(3, 4))); err != nil {
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
				rep, err := ImportZip(ctx, f.app.Store, fresh, upload, f.catalog, f.guide)
				b.StopTimer()
				peak = max(peak, stop())
				added := 0
				for _, n := range rep.Added {
					added += n
				}
				if err != nil || added != MaxItems {
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
