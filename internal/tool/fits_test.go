package tool

import (
	"net/url"
	"strings"
	"testing"
)

// A draft fits while every part is within its field's size, however much
// is missing; one character too many anywhere does not fit.
func TestFits(t *testing.T) {
	k := samples(t)
	for _, tc := range []struct {
		name string
		form url.Values
		want bool
	}{
		{"nothing yet", url.Values{}, true},
		{"half filled in, the required title missing", url.Values{"story": {"started"}, "sure": {"7"}}, true},
		{"a text at its limit", url.Values{"title": {strings.Repeat("é", 20)}}, true},
		{"a text one over", url.Values{"title": {strings.Repeat("a", 21)}}, false},
		{"line endings counted as Clean counts them", url.Values{"story": {strings.Repeat("a\r\n", 50)}}, true},
		{"a long text one over", url.Values{"story": {strings.Repeat("a", 101)}}, false},
		{"a list item over", url.Values{"words": {"short", strings.Repeat("w", 11)}}, false},
		{"too many list items", url.Values{"words": {"a", "b", "c", "d"}}, false},
		{"a text in a group row over", url.Values{"parts.0.note": {strings.Repeat("n", 11)}}, false},
		{"too many group rows", url.Values{"parts.0.note": {"a"}, "parts.1.note": {"b"}, "parts.2.note": {"c"}, "parts.3.note": {"d"}}, false},
		{"an object's text over", url.Values{"after.heard": {strings.Repeat("h", 51)}}, false},
		{"a choice no list holds, far too long", url.Values{"colour": {strings.Repeat("c", 201)}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := k.ReadForm(k.CompactForm(tc.form))
			if got := k.Fits(v); got != tc.want {
				t.Errorf("Fits(%v) = %v, want %v", tc.form, got, tc.want)
			}
		})
	}
}
