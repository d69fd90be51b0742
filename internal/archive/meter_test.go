package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestMeter: a document of exactly the limit is read to its end, one byte
// more is too large, and no single stretch may pass maxItem bytes past
// where the decoder last stood.
func TestMeter(t *testing.T) {
	// read passes size bytes through a meter and says how many came out.
	read := func(size, total int, from ...int64) (int64, error) {
		m := &meter{r: strings.NewReader(strings.Repeat("x", size)), total: int64(total), limit: maxItem}
		for _, f := range from {
			m.from(f)
		}
		return io.Copy(io.Discard, m)
	}
	if n, err := read(1000, 1000); n != 1000 || err != nil {
		t.Errorf("exactly the limit: %d bytes, %v", n, err)
	}
	if _, err := read(1001, 1000); !errors.Is(err, errDataTooLarge) {
		t.Errorf("a byte past the limit: %v", err)
	}
	if n, err := read(maxItem+1, 4*maxItem); n != maxItem || !errors.Is(err, errItemTooLarge) {
		t.Errorf("maxItem+1 bytes from the start: %d, %v", n, err)
	}
	if n, err := read(maxItem+2, 4*maxItem, 2); n != maxItem+2 {
		t.Errorf("maxItem bytes from offset 2: %d, %v", n, err)
	}

	// Through a decoder: items of maxItem bytes pass, one more does not.
	for _, c := range []struct {
		size int
		want error
	}{{maxItem - 16, nil}, {maxItem + 1, errItemTooLarge}} {
		doc := []byte(`["` + strings.Repeat("a", c.size-2) + `", "` + strings.Repeat("b", c.size-2) + `"]`)
		im := &importer{in: &meter{r: bytes.NewReader(doc), total: int64(len(doc)), limit: maxItem}}
		im.dec = json.NewDecoder(im.in)
		_, err := im.token()
		for err == nil && im.dec.More() {
			_, err = im.value()
		}
		if refused, ok := IsRefused(err); c.want == nil && err != nil || c.want != nil && (!ok || !strings.Contains(refused.Reason, "larger than 2 MB")) {
			t.Errorf("items of %d bytes: %v", c.size, err)
		}
	}
}
