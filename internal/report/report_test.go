package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/report"
	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
)

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// now is a fixed "now" for every test: a Wednesday.
var now = time.Date(2026, 6, 17, 15, 0, 0, 0, berlin)

func problems(t *testing.T, err error) valid.Problems {
	t.Helper()
	p, ok := valid.As(err)
	if !ok {
		t.Fatalf("want problems, got %v", err)
	}
	return p
}

func TestOptions(t *testing.T) {
	o, err := report.Request{}.Options(berlin, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.From.Format(time.DateOnly) + " " + o.To.Format(time.DateOnly); got != "2026-03-18 2026-06-17" {
		t.Errorf("default span %s, want the last 3 months to today", got)
	}
	if o.From.Location() != berlin || o.From.Hour() != 0 {
		t.Errorf("from %v is not a midnight in the person's zone", o.From)
	}
	if !slices.Equal(o.Parts, report.DefaultParts) || o.Has(report.SafetyPlan) {
		t.Errorf("default parts %v", o.Parts)
	}

	o, err = report.Request{From: "2026-01-01", To: "2026-01-31", Parts: []string{"talk,feelings", "safety-plan", "talk"},
		Entries: []string{"A,B", "A", " "}, Talk: "  café\r\n"}.Options(berlin, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"feelings", "safety-plan", "talk"}; !slices.Equal(o.Parts, want) {
		t.Errorf("parts %v, want %v in the report's order", o.Parts, want)
	}
	if !slices.Equal(o.Entries, []string{"A", "B"}) || o.Talk != "café" {
		t.Errorf("entries %v, talk %q", o.Entries, o.Talk)
	}

	long := make([]string, report.MaxEntries+1)
	for i := range long {
		long[i] = fmt.Sprint("id", i)
	}
	for _, c := range []struct {
		name  string
		rq    report.Request
		field string
	}{
		{"unknown part", report.Request{Parts: []string{"feelings", "diagnosis"}}, "parts"},
		{"to before from", report.Request{From: "2026-02-02", To: "2026-02-01"}, "to"},
		{"over three years", report.Request{From: "2023-01-01", To: "2026-01-02"}, "to"},
		{"a bad date", report.Request{From: "01/02/2026"}, "from"},
		{"a bad last day", report.Request{To: "2026-02-30"}, "to"},
		{"too many entries", report.Request{Entries: long}, "entries"},
		{"too long to talk about", report.Request{Talk: strings.Repeat("é", report.MaxTalk+1)}, "talk"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.rq.Options(berlin, now)
			if p := problems(t, err); p[0].Field != c.field {
				t.Errorf("problem %v, want one with %s", p, c.field)
			}
		})
	}
	// Exactly three years is allowed.
	if _, err := (report.Request{From: "2023-01-01", To: "2026-01-01"}).Options(berlin, now); err != nil {
		t.Errorf("three years: %v", err)
	}
}

// world is a store with alice and bob, and the tools.
type world struct {
	s          *store.Store
	alice, bob teststore.Owner
	c          *tool.Catalog
	b          *report.Builder
}

func newWorld(t *testing.T) *world {
	t.Helper()
	g, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, alice, bob := teststore.Two(t, testdb.DSN(t, "sqlite"))
	b, err := report.NewBuilder(s, c, g)
	if err != nil {
		t.Fatal(err)
	}
	return &world{s: s, alice: alice, bob: bob, c: c, b: b}
}

// add creates an item of the kind at path for o from JSON, at when.
func (w *world) add(t *testing.T, o teststore.Owner, path string, when time.Time, body map[string]any) string {
	t.Helper()
	k, ok := w.c.ByPath(path)
	if !ok {
		t.Fatalf("no kind at %s", path)
	}
	body["created_at"] = when.UTC().Format(time.RFC3339)
	raw, _ := json.Marshal(body)
	in, err := k.ReadJSON(raw, true)
	if err != nil {
		t.Fatal(err)
	}
	it, err := k.Items(w.s, o).Create(context.Background(), in, now)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return it.ID
}

func (w *world) event(t *testing.T, o teststore.Owner, id string, when time.Time, outcome string) {
	t.Helper()
	k, _ := w.c.ByPath("boundaries")
	raw, _ := json.Marshal(map[string]any{"outcome": outcome, "created_at": when.UTC().Format(time.RFC3339)})
	in, err := k.Events.ReadJSON(raw, true)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := k.Items(w.s, o).Events(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.Add(context.Background(), in, now); err != nil {
		t.Fatal(err)
	}
}

func checkin(feelings ...any) map[string]any {
	var rows []map[string]any
	for i := 0; i < len(feelings); i += 2 {
		rows = append(rows, map[string]any{"name": feelings[i], "intensity": feelings[i+1]})
	}
	return map[string]any{"emotions": rows}
}

func day(s string, hour int) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, berlin)
	if err != nil {
		panic(err)
	}
	return d.Add(time.Duration(hour) * time.Hour)
}

// alicesYear gives alice check-ins, ratings, journal entries, a boundary
// with events and a safety plan, some inside May 2026 and some outside;
// it returns her entries' ids: one in May, one in April.
func (w *world) alicesYear(t *testing.T) (may, april string) {
	a := w.alice
	// Monday 4 May and Wednesday 6 May are one week; Monday 11 May is the next.
	w.add(t, a, "checkins", day("2026-05-04", 9), checkin("sadness", 8, "anger", 4))
	w.add(t, a, "checkins", day("2026-05-06", 21), checkin("sadness", 6))
	w.add(t, a, "checkins", day("2026-05-11", 9), checkin("sadness", 3, "joy", 5))
	// Just outside: 30 April late in Berlin, and 1 June just after midnight.
	w.add(t, a, "checkins", day("2026-04-30", 23), checkin("fear", 9))
	w.add(t, a, "checkins", day("2026-06-01", 0).Add(time.Minute), checkin("fear", 9))

	w.add(t, a, "ratings", day("2026-05-02", 10), map[string]any{"step": 3, "value": 2})
	w.add(t, a, "ratings", day("2026-05-20", 10), map[string]any{"step": 3, "value": 6})
	w.add(t, a, "ratings", day("2026-04-20", 10), map[string]any{"step": 5, "value": 9})

	may = w.add(t, a, "journal", day("2026-05-08", 20), map[string]any{"title": "At the café", "body": "I ordered a crème brûlée 🎂 and did not cry.", "step": 1})
	april = w.add(t, a, "journal", day("2026-04-08", 20), map[string]any{"title": "Earlier", "body": "An April evening."})
	w.add(t, a, "journal", day("2026-05-09", 20), map[string]any{"body": "Not chosen."})

	bd := w.add(t, a, "boundaries", day("2026-03-01", 10), map[string]any{"kind": "contact", "words": "No calls after nine.", "status": "active"})
	w.event(t, a, bd, day("2026-05-03", 22), "held")
	w.event(t, a, bd, day("2026-05-10", 22), "held")
	w.event(t, a, bd, day("2026-05-15", 22), "crossed")
	w.event(t, a, bd, day("2026-04-15", 22), "crossed")

	k, _ := w.c.Kind(tools.SafetyPlanKind)
	in, err := k.ReadJSON([]byte(`{"warning_signs": "I stop eating.", "reasons": "My sister."}`), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Items(w.s, a).Put(context.Background(), in.Values); err != nil {
		t.Fatal(err)
	}
	return may, april
}

func mayOptions(t *testing.T, rq report.Request) report.Options {
	t.Helper()
	rq.From, rq.To = "2026-05-01", "2026-05-31"
	o, err := rq.Options(berlin, now)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestBuild(t *testing.T) {
	w := newWorld(t)
	may, april := w.alicesYear(t)
	ctx := context.Background()
	r, err := w.b.Build(ctx, w.alice, "alice", berlin, mayOptions(t, report.Request{Entries: []string{may, april}, Talk: "Sleep."}), now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Span() != "1 May 2026 to 31 May 2026" || r.FileName() != "kintsugi-report-2026-05-01-to-2026-05-31.pdf" {
		t.Errorf("span %q, file %q", r.Span(), r.FileName())
	}

	f := r.Feelings
	if f.Checkins != 3 {
		t.Errorf("%d check-ins in May, want 3 (not those just outside it)", f.Checkins)
	}
	var cols []string
	for _, c := range f.Columns {
		cols = append(cols, c.Name)
	}
	if want := []string{"sadness", "joy", "anger"}; !slices.Equal(cols, want) {
		t.Errorf("columns %v, want %v: most named first, then strongest", cols, want)
	}
	if len(f.Weeks) != 2 || f.Weeks[0].Label() != "4 May 2026" || !slices.Equal(f.Weeks[0].Cells, []string{"7", "", "4"}) ||
		!slices.Equal(f.Weeks[1].Cells, []string{"3", "5", ""}) {
		t.Errorf("weeks %+v", f.Weeks)
	}
	if len(f.Lines.Series) != 3 || len(f.Lines.Series[0].Points) != 2 || f.Lines.Series[0].Points[0].Value != 7 {
		t.Errorf("chart %+v", f.Lines.Series)
	}

	if len(r.Ratings) != 1 || r.Ratings[0].Step != 3 || r.Ratings[0].First != 2 || r.Ratings[0].Latest != 6 || r.Ratings[0].Mean != 4 {
		t.Errorf("ratings %+v: want step 3 only, 2 then 6", r.Ratings)
	}
	if len(r.Entries) != 2 || r.Entries[0].Title != "Earlier" || r.Entries[1].Title != "At the café" || r.Entries[1].StepTitle == "" {
		t.Errorf("entries %+v: want the two chosen, oldest first", r.Entries)
	}
	if len(r.Boundaries) != 1 || r.Boundaries[0].Held != 2 || r.Boundaries[0].Crossed != 1 || r.Boundaries[0].Status != "Active" {
		t.Errorf("boundaries %+v: want 2 held and 1 crossed in May", r.Boundaries)
	}
	if r.Plan != nil {
		t.Error("a safety plan in a report that did not ask for it")
	}
	if r.Talk != "Sleep." {
		t.Errorf("talk %q", r.Talk)
	}

	// Parts: only what is asked for, the safety plan included.
	r, err = w.b.Build(ctx, w.alice, "alice", berlin, mayOptions(t, report.Request{Parts: []string{"safety-plan"}}), now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Feelings != nil || r.Ratings != nil || r.Boundaries != nil || len(r.Plan) != 2 || r.Plan[0].Text != "I stop eating." {
		t.Errorf("only the plan: %+v", r)
	}

	// bob names alice's entry: the same problem as an entry that does not exist.
	_, err = w.b.Build(ctx, w.bob, "bob", berlin, mayOptions(t, report.Request{Entries: []string{may}}), now)
	theirs := problems(t, err)
	_, err = w.b.Build(ctx, w.bob, "bob", berlin, mayOptions(t, report.Request{Entries: []string{"AAAAAAAAAAAAAAAAAAAAAAAAAA"}}), now)
	missing := problems(t, err)
	if theirs[0].Field != "entries" || fmt.Sprint(theirs) != fmt.Sprint(missing) {
		t.Errorf("alice's entry: %v; a missing one: %v", theirs, missing)
	}
	// bob's own report holds nothing of alice's.
	r, err = w.b.Build(ctx, w.bob, "bob", berlin, mayOptions(t, report.Request{Parts: report.Parts}), now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Feelings.Checkins != 0 || len(r.Ratings)+len(r.Entries)+len(r.Boundaries)+len(r.Plan) != 0 {
		t.Errorf("bob's report %+v", r)
	}
}

// pdfText reads a PDF back as text with pdftotext, skipping the test
// loudly when it is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("*** SKIPPED: pdftotext is not installed (apt-get install poppler-utils); the PDF was made but not read back ***")
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestPDF(t *testing.T) {
	w := newWorld(t)
	may, _ := w.alicesYear(t)
	talk := "Why I freeze 😶‍🌫️ when the phone rings 👨‍👩‍👧, and the Zürich trip."
	r, err := w.b.Build(context.Background(), w.alice, "alice", berlin,
		mayOptions(t, report.Request{Entries: []string{may}, Parts: report.Parts, Talk: talk}), now)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := r.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	if dir := os.Getenv("KINTSUGI_REPORT_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, "report.pdf"), pdf, 0o644)
	}
	text := pdfText(t, pdf)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Notes to bring to a session", "Kept in kintsugi by alice", "1 May 2026 to 31 May 2026",
		"self-monitoring", "not a clinical assessment",
		"My feelings over time", "Sadness", "4 May 2026",
		"Where I am with each step", "3. Set boundaries",
		"At the café", "crème brûlée □ and did not cry.",
		"No calls after nine.", "Held: 2 · Crossed: 1",
		"My safety plan", "I stop eating.",
		"What I want to talk about", "Why I freeze □ when the phone rings □, and the Zürich trip.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "An April evening") || strings.Contains(flat, "Not chosen") {
		t.Error("the PDF holds an entry that was not chosen")
	}
}

// An empty report still makes a PDF, with every part saying it has
// nothing, and a report of every character the font lacks still makes one.
func TestPDFEmptyAndOddText(t *testing.T) {
	w := newWorld(t)
	for name, talk := range map[string]string{
		"empty":  "",
		"emoji":  strings.Repeat("🙂🏳️‍🌈👍🏽", 300),
		"others": "\x00\x07tab\there 𝄞 \U0010FFFF \uFFFD \u200d",
	} {
		t.Run(name, func(t *testing.T) {
			o := mayOptions(t, report.Request{Parts: report.Parts})
			o.Talk = talk // as if it had passed the checks
			r, err := w.b.Build(context.Background(), w.bob, "bob", berlin, o, now)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := r.PDF()
			if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
				t.Fatalf("no PDF: %v", err)
			}
			text := pdfText(t, pdf)
			if name == "empty" && !strings.Contains(text, "I did not check in during these dates.") {
				t.Errorf("an empty part does not say so:\n%s", text)
			}
		})
	}
}

// A report kept in a share reads back the same, with its words.
func TestSnapshot(t *testing.T) {
	r := &report.Report{Name: "river", Talk: "café and the weekend", Options: report.Options{Parts: []string{"talk"}}}
	b, err := r.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := report.FromSnapshot(b)
	if err != nil || got.Name != "river" || got.Talk != r.Talk || !got.Has("talk") || got.Words == nil || got.Section("talk").Title == "" {
		t.Fatalf("read back %+v %v", got, err)
	}
}
