package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
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
	se, err := f.app.Accounts.LogIn(ctx, name, apptest.Passphrase, "127.0.0.1")
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
	d, err := Read(bytes.NewReader(z), int64(len(z)), f.guide)
	if err != nil {
		return Report{}, err
	}
	return Import(context.Background(), f.app.Store, p, d)
}

// content is an export without what naturally differs between two.
func content(t testing.TB, z []byte, g *journey.Guide) *Data {
	t.Helper()
	d, err := Read(bytes.NewReader(z), int64(len(z)), g)
	if err != nil {
		t.Fatal(err)
	}
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
	if a, b := content(t, first, f.guide), content(t, second, f.guide); !reflect.DeepEqual(a, b) {
		t.Fatalf("export → import → export changed the content:\n%+v\n%+v", a, b)
	}

	again, err := f.importZip(t, bob, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Added) != 0 || again.Skipped["journal"] != 3 || again.Skipped["checkins"] != 2 || again.Skipped["ratings"] != 2 {
		t.Fatalf("second import reported %+v", again)
	}
	if third := f.zip(t, bob); !reflect.DeepEqual(content(t, third, f.guide), content(t, second, f.guide)) {
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
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	z.Close()
	return buf.Bytes()
}

func TestHostileArchivesAreRefusedAndChangeNothing(t *testing.T) {
	defer func(old int) { *MaxDataForTest = old }(*MaxDataForTest)
	*MaxDataForTest = 4 << 20 // a bomb past this need not take a test's memory
	f := newFixture(t)
	alice := f.person(t, "alice")
	f.write(t, alice)
	good := f.zip(t, alice)
	data := content(t, good, f.guide)
	raw := func(mutate func(m map[string]any)) []byte {
		var m map[string]any
		b, _ := json.Marshal(data)
		json.Unmarshal(b, &m)
		m["format"], m["version"], m["exported_at"], m["username"] = Format, Version, time.Now(), "alice"
		mutate(m)
		out, _ := json.Marshal(m)
		return out
	}
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

	bob := f.person(t, "bob")
	cases := []struct {
		name, reason string
		archive      []byte
	}{
		{"not a zip", "not a zip", []byte("PK\x03\x04 but not really")},
		{"path traversal", "unsafe name", build(t, map[string][]byte{"../../etc/passwd": nil, DataFile: raw(func(map[string]any) {})})},
		{"absolute path", "unsafe name", build(t, map[string][]byte{"/tmp/x": nil, DataFile: raw(func(map[string]any) {})})},
		{"backslash path", "unsafe name", build(t, map[string][]byte{`..\evil`: nil, DataFile: raw(func(map[string]any) {})})},
		{"no data file", "no kintsugi.json", build(t, map[string][]byte{"README.md": []byte("hi")})},
		{"zip bomb", "too large", bomb()},
		{"invalid UTF-8", "not valid UTF-8", build(t, map[string][]byte{DataFile: append(raw(func(map[string]any) {}), 0xff)})},
		{"another format", "not in the kintsugi export format", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["format"] = "diary" })})},
		{"newer version", "format version 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["version"] = 2 })})},
		{"unknown field", "does not match", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) { m["secret"] = 1 })})},
		{"strength out of range", "check-in 1", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "checkins", 0)["data"].(map[string]any)["emotions"].([]any)[0].(map[string]any)["intensity"] = 11
		})})},
		{"id and time disagree", "journal entry 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["created_at"] = "2020-01-01T00:00:00Z"
		})})},
		{"duplicate id", "journal entry 2", build(t, map[string][]byte{DataFile: raw(func(m map[string]any) {
			item(m, "journal", 1)["id"], item(m, "journal", 1)["created_at"] = item(m, "journal", 0)["id"], item(m, "journal", 0)["created_at"]
		})})},
	}
	for _, c := range cases {
		_, err := f.importZip(t, bob, c.archive)
		refused, ok := IsRefused(err)
		if !ok || !strings.Contains(refused.Reason, c.reason) {
			t.Errorf("%s: %v, want refused for %q", c.name, err, c.reason)
		}
	}
	if _, err := Read(bytes.NewReader(good), MaxArchive+1, f.guide); err == nil {
		t.Error("an archive over the size limit was read")
	}
	for _, kind := range []record.Kind[journey.JournalEntry]{journey.Journal} {
		if n, _ := record.Open(f.app.Store, bob, kind).Count(context.Background(), ""); n != 0 {
			t.Fatalf("refused archives left %d entries behind", n)
		}
	}
	if got := content(t, f.zip(t, bob), f.guide); len(got.Checkins)+len(got.Ratings)+len(got.Journal) != 0 {
		t.Fatalf("refused archives changed bob's account: %+v", got)
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
	se, _ := f.app.Accounts.LogIn(ctx, "five-years", apptest.Passphrase, "127.0.0.1")
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
