package tools

import (
	"strings"
	"testing"

	"kintsugi/internal/tool"
)

// realCatalog loads the real declarations (this file is inside the
// package, so it cannot use the external tests' catalog helper).
func realCatalog(t *testing.T) *tool.Catalog {
	t.Helper()
	_, c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBindFieldsFindsPositions(t *testing.T) {
	c := realCatalog(t)
	// 05-trust-yourself.json declares sense, sure, outcome, resolved_on,
	// note in that order.
	at, err := bindFields(c, "instinct",
		want{name: "outcome", typ: tool.Choice, values: []string{"true", "false", "unclear"}},
		want{name: "sure", typ: tool.Int})
	if err != nil {
		t.Fatal(err)
	}
	if len(at) != 2 || at[0] != 2 || at[1] != 1 {
		t.Errorf("positions %v, want [2 1]", at)
	}
	// 01-acknowledge-your-feelings.json: emotions is the first field, its
	// rows are {name, intensity}.
	group, row, err := bindRow(c, "checkin", "emotions", want{name: "intensity", typ: tool.Int}, want{name: "name", typ: tool.Choice})
	if err != nil {
		t.Fatal(err)
	}
	if group != 0 || len(row) != 2 || row[0] != 1 || row[1] != 0 {
		t.Errorf("group %d rows %v, want 0 [1 0]", group, row)
	}
}

func TestBindFieldsRefusesWhatIsNotDeclared(t *testing.T) {
	c := realCatalog(t)
	cases := []struct {
		name string
		bind func() error
		want string // in the error
	}{
		{"no kind", func() error {
			_, err := bindFields(c, "instincts", want{name: "sure", typ: tool.Int})
			return err
		}, `no kind "instincts"`},
		{"no field", func() error {
			_, err := bindFields(c, "instinct", want{name: "sure", typ: tool.Int}, want{name: "confidence", typ: tool.Int})
			return err
		}, `instinct has no field "confidence"`},
		{"wrong type", func() error {
			_, err := bindFields(c, "instinct", want{name: "resolved_on", typ: tool.Text})
			return err
		}, "instinct.resolved_on is of type date, not text"},
		{"no such choice", func() error {
			_, err := bindFields(c, "boundary-event", want{name: "outcome", typ: tool.Choice, values: []string{"held", "broken"}})
			return err
		}, `boundary-event.outcome has no choice "broken"`},
		{"not a group", func() error {
			_, _, err := bindRow(c, "checkin", "note", want{name: "name", typ: tool.Choice})
			return err
		}, "checkin.note is of type longtext, not group"},
		{"no row field", func() error {
			_, _, err := bindRow(c, "checkin", "emotions", want{name: "name", typ: tool.Choice}, want{name: "strength", typ: tool.Int})
			return err
		}, `checkin.emotions has no field "strength"`},
		{"row field of the wrong type", func() error {
			_, _, err := bindRow(c, "checkin", "emotions", want{name: "intensity", typ: tool.Step})
			return err
		}, "checkin.emotions.intensity is of type int, not step"},
	}
	for _, tc := range cases {
		err := tc.bind()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

// Every view binds against the real declarations: what start-up does.
func TestViewsBindTheDeclarations(t *testing.T) {
	c := realCatalog(t)
	if _, err := NewBoundaryView(c); err != nil {
		t.Error(err)
	}
	if _, err := NewInstinctView(c); err != nil {
		t.Error(err)
	}
	if _, err := NewCheckinView(c); err != nil {
		t.Error(err)
	}
	if _, err := NewRatingView(c); err != nil {
		t.Error(err)
	}
}
