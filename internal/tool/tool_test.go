package tool

import (
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(os.DirFS("testdata/shape"), os.DirFS("testdata/words"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func samples(t *testing.T) *Kind {
	k, ok := testCatalog(t).ByPath("samples")
	if !ok {
		t.Fatal("no samples")
	}
	return k
}

const full = `{"title":"A <b>&","story":"line\nline","sure":80,"colour":"red","colours":["red","blue"],"on":"2026-03-14",
	"done":true,"words":["one","two"],"parts":[{"colour":"red","weight":0,"note":""},{"colour":"blue","weight":7,"note":"n"}],
	"after":{"went":0,"heard":"x"},"step":4}`

// Every type comes back from JSON, the binary form and JSON again as it
// went in.
func TestEveryTypeRoundTrips(t *testing.T) {
	k := samples(t)
	in, err := k.ReadJSON([]byte(full), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Clean(in.Values); err != nil {
		t.Fatal(err)
	}
	b := k.rec.Encode(nil, &in.Values)
	var back Values
	if err := k.rec.Decode(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, in.Values) {
		t.Fatalf("binary round trip:\n got %+v\nwant %+v", back, in.Values)
	}
	out := k.AppendJSON(nil, &record.Record[Values]{ID: "X", CreatedAt: time.Unix(0, 0).UTC(), UpdatedAt: time.Unix(0, 0).UTC(), Value: back})
	var got, want map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	json.Unmarshal([]byte(full), &want)
	for key, v := range want {
		if a, b := jsonOf(got[key]), jsonOf(v); a != b {
			t.Errorf("%s: %s, want %s", key, a, b)
		}
	}
	if !strings.Contains(string(out), `"A \u003cb\u003e\u0026"`) {
		t.Errorf("strings are not escaped as encoding/json does: %s", out)
	}
	// The form that would submit it reads back the same, too.
	fv, p := k.ReadForm(k.FormValues(back))
	if p != nil || !reflect.DeepEqual(fv, back) {
		t.Fatalf("form round trip: %v\n got %+v\nwant %+v", p, fv, back)
	}
}

// An empty item shows every field, empty: "" for texts, null for what
// may be absent, [] for lists.
func TestEmptyFieldsAreShownEmpty(t *testing.T) {
	k := samples(t)
	in, err := k.ReadJSON([]byte(`{"title":"t"}`), false)
	if err != nil {
		t.Fatal(err)
	}
	out := string(k.AppendJSON(nil, &record.Record[Values]{Value: in.Values}))
	for _, want := range []string{`"story":""`, `"sure":null`, `"colour":null`, `"colours":[]`, `"on":null`, `"done":false`,
		`"words":[]`, `"parts":[]`, `"after":null`, `"step":null`} {
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
}

// A value of the wrong JSON type, or an unknown field, is refused before
// any check, naming the field.
func TestWrongShapesAreInputErrors(t *testing.T) {
	k := samples(t)
	for body, field := range map[string]string{
		`[]`:                                  "",
		`{"title":7}`:                         "title",
		`{"title":"t","sure":"80"}`:           "sure",
		`{"title":"t","sure":80.5}`:           "sure",
		`{"title":"t","done":"yes"}`:          "done",
		`{"title":"t","words":"one"}`:         "words",
		`{"title":"t","parts":{}}`:            "parts",
		`{"title":"t","parts":[7]}`:           "parts[0]",
		`{"title":"t","parts":[{"hue":"x"}]}`: "parts[0].hue",
		`{"title":"t","after":[]}`:            "after",
		`{"title":"t","colour_":"red"}`:       "colour_",
		`{"title":"t","created_at":"x"}`:      "created_at",
	} {
		_, err := k.ReadJSON([]byte(body), false)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != field {
			t.Errorf("%s: %v, want an input error on %q", body, err, field)
		}
	}
	if in, err := k.ReadJSON([]byte(`{"title":"t","created_at":"2026-03-14T09:30:00+01:00"}`), true); err != nil ||
		!in.CreatedAt.Equal(time.Date(2026, 3, 14, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("created_at: %v %v", in.CreatedAt, err)
	}
}

// Each limit is a problem on its own field, in the kind's words.
func TestLimitsNameTheirField(t *testing.T) {
	k := samples(t)
	cases := map[string]string{
		`{}`:              "title",
		`{"title":"   "}`: "title",
		`{"title":"` + strings.Repeat("é", 21) + `"}`:                                     "title",
		`{"title":"a\u0007b"}`:                                                            "title",
		`{"title":"t","sure":49}`:                                                         "sure",
		`{"title":"t","sure":101}`:                                                        "sure",
		`{"title":"t","colour":"pink"}`:                                                   "colour",
		`{"title":"t","colours":["red","red"]}`:                                           "colours[1]",
		`{"title":"t","colours":["pink"]}`:                                                "colours[0]",
		`{"title":"t","on":"2026-02-30"}`:                                                 "on",
		`{"title":"t","words":["a","b","c","d"]}`:                                         "words",
		`{"title":"t","words":["` + strings.Repeat("a", 11) + `"]}`:                       "words",
		`{"title":"t","parts":[{"colour":"red"}]}`:                                        "parts[0].weight",
		`{"title":"t","parts":[{"colour":"red","weight":11}]}`:                            "parts[0].weight",
		`{"title":"t","parts":[{"colour":"red","weight":1},{"colour":"red","weight":2}]}`: "parts[1].colour",
		`{"title":"t","after":{"went":12}}`:                                               "after.went",
		`{"title":"t","step":0}`:                                                          "step",
		`{"title":"t","step":13}`:                                                         "step",
	}
	for body, field := range cases {
		in, err := k.ReadJSON([]byte(body), false)
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		p, ok := valid.As(k.Clean(in.Values))
		if !ok || len(p) != 1 || p[0].Field != field || p[0].Message == "" || strings.Contains(p[0].Message, "{") {
			t.Errorf("%s: %v, want one problem on %s", body, p, field)
		}
	}
}

// A form with blank rows and a typo in a number box comes back as typed,
// with the problem beside the right control.
func TestFormsKeepWhatWasTyped(t *testing.T) {
	k := samples(t)
	form := url.Values{"title": {"t"}, "sure": {"eighty"}, "parts.0.colour": {""}, "parts.0.weight": {""},
		"parts.1.colour": {"blue"}, "parts.1.weight": {"12"}, "parts.2.note": {"x"}, "words": {"", "w"}}
	form = k.CompactForm(form)
	if form.Get("parts.0.colour") != "blue" || form.Get("parts.1.note") != "x" || form.Has("parts.2.note") {
		t.Fatalf("compacted: %v", form)
	}
	v, p := k.ReadForm(form)
	if p.For("sure") == "" {
		t.Fatalf("a word in a number box: %v", p)
	}
	if err := k.Clean(v); err != nil {
		p = append(p, err.(valid.Problems)...)
	}
	f := k.Form(form, p)
	byName := map[string]FormField{}
	for _, s := range f.Sections {
		for _, ff := range s.Fields {
			byName[ff.Name] = ff
			for _, row := range ff.Rows {
				for _, c := range row {
					byName[c.Name] = c
				}
			}
		}
	}
	if ff := byName["sure"]; ff.Value != "eighty" || ff.Problem == "" {
		t.Errorf("sure: %+v", ff)
	}
	if ff := byName["parts.0.weight"]; ff.Value != "12" || ff.Problem == "" {
		t.Errorf("parts.0.weight: %+v", ff)
	}
	if ff := byName["parts.1.colour"]; ff.Problem == "" {
		t.Errorf("the second row has no colour, and no problem says so: %+v", ff)
	}
	if len(byName["parts"].Rows) != 3 {
		t.Errorf("%d rows offered, want the two typed and one blank (max 3)", len(byName["parts"].Rows))
	}
	if f.Sections[1].Open {
		t.Error("the later section is open with nothing in it")
	}
}

// The words must cover every field and choice, and nothing else.
func TestWordsAreCheckedAtStart(t *testing.T) {
	shape, _ := os.ReadFile("testdata/shape/01-test.json")
	words, _ := os.ReadFile("testdata/words/01-test.json")
	engine, _ := os.ReadFile("testdata/words/engine.json")
	for name, edit := range map[string]func(string) string{
		"a missing label": func(s string) string { return strings.Replace(s, `"sure": {"label": "How sure"},`, "", 1) },
		"an orphaned field": func(s string) string {
			return strings.Replace(s, `"done": {"label": "Done"},`, `"done": {"label": "Done"}, "gone": {"label": "x"},`, 1)
		},
		"a missing choice": func(s string) string { return strings.Replace(s, `"blue": "Blue"`, `"bleu": "Blue"`, 1) },
		"a section short":  func(s string) string { return strings.Replace(s, `"parts", "step"]`, `"parts"]`, 1) },
		"an unknown kind": func(s string) string {
			return strings.Replace(s, `"kinds": {`, `"kinds": {"nothing": {"title": "x", "one": "x"},`, 1)
		},
		"a misspelt key": func(s string) string { return strings.Replace(s, `"one": "sample"`, `"one": "sample", "ones": "x"`, 1) },
	} {
		fsys := fstest.MapFS{"01.json": {Data: []byte(edit(string(words)))}, "engine.json": {Data: engine}}
		if _, err := Load(fstest.MapFS{"01.json": {Data: shape}}, fsys, nil); err == nil {
			t.Errorf("%s was not caught", name)
		}
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
