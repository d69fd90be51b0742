package tools_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
)

var careDay = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// The lift of self-care, worked out by hand: body +3 and −1 (1.0 on
// average), mind 0, joy +5; the moments missing a mood are left out; in
// all 3 − 1 + 0 + 5 = 7 over 4 moments, 1.75.
func TestSelfCareLift(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewSelfCareView(c)
	if err != nil {
		t.Fatal(err)
	}
	var items []tool.Item
	for _, body := range []string{
		`{"what":"a walk","area":"body","before":3,"after":6}`,
		`{"what":"a run","area":"body","before":5,"after":4}`,
		`{"what":"ten quiet minutes","area":"mind","before":2,"after":2}`,
		`{"what":"piano","area":"joy","before":4,"after":9}`,
		`{"what":"called Sam","area":"connection","before":6}`,
		`{"what":"a film","area":"joy","after":7}`,
	} {
		items = append(items, newItem(t, c, "selfcare", "s", body, careDay))
	}
	got := v.Lift(items)
	want := `{"count":4,"lift":1.75,"areas":[` +
		`{"area":"body","label":"Your body","count":2,"lift":1},` +
		`{"area":"mind","label":"Your mind","count":1,"lift":0},` +
		`{"area":"connection","label":"Connection","count":0,"lift":null},` +
		`{"area":"joy","label":"Joy","count":1,"lift":5}]}`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("lift:\n got %s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(v.Lift(nil)); !strings.HasPrefix(string(b), `{"count":0,"lift":null,"areas":[{"area":"body","label":"Your body","count":0,"lift":null}`) {
		t.Errorf("no moments: %s", b)
	}
}

// The course of resentment and goodwill comes oldest first, from items
// newest first, with the first and the latest.
func TestForgivenessFelt(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewForgivenessView(c)
	if err != nil {
		t.Fatal(err)
	}
	newest := newItem(t, c, "forgiveness-rating", "b", `{"resentment":4,"goodwill":5}`, careDay.AddDate(0, 1, 0))
	oldest := newItem(t, c, "forgiveness-rating", "a", `{"resentment":9,"goodwill":1,"note":"raw"}`, careDay)
	got := v.Felt([]tool.Item{newest, oldest})
	if len(got.Points) != 2 || got.First.Resentment != 9 || got.First.Goodwill != 1 || got.Latest.Resentment != 4 ||
		got.Latest.Goodwill != 5 || !got.First.At.Equal(careDay) {
		t.Fatalf("felt: %+v", got)
	}
	svg := string(got.Chart())
	for _, want := range []string{"Resentment", "Goodwill", "felt-resentment", "felt-goodwill", "<title"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	if none := v.Felt(nil); none.First != nil || none.Latest != nil || none.Points == nil {
		t.Errorf("no ratings: %+v", none)
	}
}

// The exercise chosen needs at least one of its own parts written, and
// the problem is on its first part, in the kind's words.
func TestCompassionCheck(t *testing.T) {
	c := catalog(t)
	k, _ := c.Kind("compassion")
	cases := []struct {
		body, field string // "" for no problem
	}{
		{`{"exercise":"self","kindness":"You did your best."}`, ""},
		{`{"exercise":"their-side","for_you":"It loosens a little."}`, ""},
		{`{"exercise":"self","about":"Sunday"}`, "noticing"},
		{`{"exercise":"their-side","noticing":"It hurts."}`, "their_pressures"},
		{`{"exercise":"self","noticing":"It hurts.","their_choice":"It was theirs."}`, ""},
	}
	for _, tc := range cases {
		in, err := k.ReadJSON([]byte(tc.body), false)
		if err != nil {
			t.Fatal(err)
		}
		err = k.Clean(in.Values)
		p, _ := valid.As(err)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.body, err)
		case tc.field != "" && (len(p) != 1 || p[0].Field != tc.field || !strings.Contains(p[0].Message, "still empty")):
			t.Errorf("%s: %v, want one problem on %s", tc.body, err, tc.field)
		}
	}
}

// A plan shows the parts that hold something, in order, headed in the
// kind's words; one with nothing in it is empty.
func TestPlanOf(t *testing.T) {
	c := catalog(t)
	k, _ := c.Kind(tools.SafetyPlanKind)
	it := newItem(t, c, tools.SafetyPlanKind, "p", `{"warning_signs":"I stop eating.","ask_for_help":"Sam 555 0100\nMum"}`, careDay)
	got := tools.PlanOf(k, c.Words(), &it)
	want := []tools.PlanPart{
		{Field: "warning_signs", Label: "Signs that a hard time is starting", Text: "I stop eating."},
		{Field: "ask_for_help", Label: "People you can ask for help", Text: "Sam 555 0100\nMum"},
	}
	if b, w := careJSON(got.Parts), careJSON(want); b != w || got.Empty() {
		t.Errorf("plan:\n got %s\nwant %s", b, w)
	}
	blank := newItem(t, c, tools.SafetyPlanKind, "q", `{}`, careDay)
	if p := tools.PlanOf(k, c.Words(), &blank); !p.Empty() {
		t.Errorf("a blank plan has parts: %+v", p)
	}
}

func careJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
