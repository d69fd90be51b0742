package tools_test

import (
	"testing"

	"kintsugi/internal/tools"
)

func TestCatalogLoads(t *testing.T) {
	_, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"journal", "ratings", "checkins"} {
		if _, ok := c.ByPath(path); !ok {
			t.Errorf("no kind at %s", path)
		}
	}
}
