package tools_test

import (
	"testing"

	"kintsugi/internal/journey"
	"kintsugi/internal/tools"
)

func TestCatalogLoads(t *testing.T) {
	g, err := journey.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := tools.Load(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"journal", "ratings", "checkins"} {
		if _, ok := c.ByPath(path); !ok {
			t.Errorf("no kind at %s", path)
		}
	}
}
