package tools_test

import (
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strconv"
	"testing"

	"kintsugi/internal/tool"
)

var updateLock = flag.Bool("update-lock", false, "add new kinds and fields to lock.json")

// lock is what has been sealed into stored data and may never change: each
// kind's name, and each field's tag and type by its path. A field that is
// no longer declared stays here as reserved, so its tag is never reused.
type lock struct {
	Kinds    []string          `json:"kinds"`
	Fields   map[string]string `json:"fields"` // "kind.field.sub" -> "tag type"
	Reserved map[string]string `json:"reserved,omitempty"`
}

func current(c *tool.Catalog) lock {
	l := lock{Fields: map[string]string{}}
	var walk func(prefix string, fields []tool.Field)
	walk = func(prefix string, fields []tool.Field) {
		for _, f := range fields {
			l.Fields[prefix+f.Name] = strconv.FormatUint(f.Tag, 10) + " " + string(f.Type)
			walk(prefix+f.Name+".", f.Fields)
		}
	}
	for _, k := range c.Kinds {
		l.Kinds = append(l.Kinds, k.Name)
		walk(k.Name+".", k.Fields)
	}
	slices.Sort(l.Kinds)
	return l
}

// The lock accepts additions only: a kind renamed, a field's tag or type
// changed, or a tag reused would make stored records unreadable or wrong.
func TestShapesOnlyGrow(t *testing.T) {
	now := current(catalog(t))
	var locked lock
	raw, err := os.ReadFile("lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &locked); err != nil {
		t.Fatal(err)
	}
	for _, k := range locked.Kinds {
		if !slices.Contains(now.Kinds, k) {
			t.Errorf("kind %q is locked but no longer declared: its records would be unreadable", k)
		}
	}
	for path, tt := range locked.Fields {
		got, ok := now.Fields[path]
		switch {
		case !ok:
			t.Errorf("field %s (%s) is locked but no longer declared: move it to reserved in lock.json", path, tt)
		case got != tt:
			t.Errorf("field %s was %s and is now %s: tags and types are stable forever", path, tt, got)
		}
	}
	for path, tt := range locked.Reserved {
		if got, ok := now.Fields[path]; ok {
			t.Errorf("field %s is reserved (%s) but declared again as %s", path, tt, got)
		}
		for p, g := range now.Fields {
			if parentOf(p) == parentOf(path) && tagOf(g) == tagOf(tt) {
				t.Errorf("field %s reuses the reserved tag of %s", p, path)
			}
		}
	}
	added := false
	for path, tt := range now.Fields {
		if _, ok := locked.Fields[path]; !ok {
			added = true
			if !*updateLock {
				t.Errorf("field %s (%s) is new: run go test ./internal/tools -run ShapesOnlyGrow -update-lock", path, tt)
			}
			locked.Fields[path] = tt
		}
	}
	for _, k := range now.Kinds {
		if !slices.Contains(locked.Kinds, k) {
			added = true
			locked.Kinds = append(locked.Kinds, k)
		}
	}
	if added && *updateLock {
		slices.Sort(locked.Kinds)
		b, _ := json.MarshalIndent(locked, "", "  ")
		if err := os.WriteFile("lock.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("lock.json: the new kinds and fields are added")
	}
}

func parentOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[:i]
		}
	}
	return ""
}

func tagOf(tt string) string {
	for i := range len(tt) {
		if tt[i] == ' ' {
			return tt[:i]
		}
	}
	return tt
}
