package invite

import (
	"bytes"
	"regexp"
	"testing"

	"kintsugi/internal/vault"
)

var form = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$`)

func TestCodesAreUnpredictable(t *testing.T) {
	c := New(vault.NewSecret(), Supporter)
	seen := map[string]bool{}
	for range 1000 {
		code, _ := c.Make()
		if !form.MatchString(code) || seen[code] {
			t.Fatalf("code %q: malformed or repeated", code)
		}
		seen[code] = true
	}
}

// A code is read back as people type it, and only by its own purpose.
func TestCodesAreReadAsTyped(t *testing.T) {
	secret := vault.NewSecret()
	partner, supporter := New(secret, Partner), New(secret, Supporter)
	code, key := supporter.Make()
	for _, typed := range []string{code, " " + code[:5] + code[6:] + " ", toLower(code)} {
		if got, ok := supporter.Parse(typed); !ok || !bytes.Equal(got, key) {
			t.Errorf("Parse(%q) = %x %v, want the code's key", typed, got, ok)
		}
	}
	if got, _ := partner.Parse(code); bytes.Equal(got, key) {
		t.Error("a supporter's code reads as a partner's")
	}
	if a, _ := supporter.Parse("O0III-LLLLL"); a == nil {
		t.Error("O, I and L are not read as 0 and 1")
	}
	for _, bad := range []string{"", "ABCDE", "ABCDE-FGHJKX", "ABCDE-FGHJ!", "ABCDE-FGHJU"} {
		if _, ok := supporter.Parse(bad); ok {
			t.Errorf("Parse(%q) took it", bad)
		}
	}
}

func toLower(s string) string { return string(bytes.ToLower([]byte(s))) }
