// Package jsonkey finds a key given twice in one JSON object.
//
// encoding/json keeps the last of two such keys without a word, so
// {"body": "a", "body": "b"} reads as "b", and a body that says two things
// at once is silently taken to mean one of them. Kintsugi refuses such a
// body instead, in API requests and in imported archives alike, with this
// one check.
package jsonkey

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"unicode"
	"unicode/utf8"
)

// manyKeys is how many keys one object may have before they are looked up
// in a map rather than compared one by one, which would cost the square of
// their number.
const manyKeys = 32

// Duplicate returns the first key that a JSON object of data holds twice,
// at any depth. Keys are compared as encoding/json matches them to struct
// fields: after unescaping, and regardless of case, so "body", "Body" and
// "b\u006fdy" are the same key. The key returned is the second one, as
// written, unescaped.
//
// data must be valid JSON, so call it after decoding succeeds; on anything
// else it returns an unspecified answer, but it always returns. It reads
// data once and allocates nothing unless a key is escaped or an object has
// more than a few dozen keys.
func Duplicate(data []byte) (key string, found bool) {
	var openBuf [16]object
	var keyBuf [16][]byte
	open := openBuf[:0] // the objects and arrays open at this point, innermost last
	keys := keyBuf[:0]  // the keys of the open objects, as written, innermost last
	var big map[string]struct{}
	serial := 0
	wantKey := false
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			serial++
			open = append(open, object{first: len(keys), serial: serial})
			wantKey = true
		case '[':
			open = append(open, object{first: -1})
			wantKey = false
		case '}', ']':
			if n := len(open); n > 0 {
				if open[n-1].first >= 0 {
					keys = keys[:open[n-1].first]
				}
				open = open[:n-1]
			}
			wantKey = false
		case ',':
			wantKey = len(open) > 0 && open[len(open)-1].first >= 0
		case '"':
			end := closingQuote(data, i+1)
			if end == len(data) {
				return "", false // not valid JSON
			}
			if wantKey {
				k := data[i : end+1]
				o := &open[len(open)-1]
				if o.big {
					if seen(big, o.serial, k) {
						return unquote(k), true
					}
				} else {
					for _, prev := range keys[o.first:] {
						if sameKey(prev, k) {
							return unquote(k), true
						}
					}
					keys = append(keys, k)
					if len(keys)-o.first > manyKeys {
						if big == nil {
							big = map[string]struct{}{}
						}
						for _, prev := range keys[o.first:] {
							seen(big, o.serial, prev)
						}
						o.big = true
					}
				}
				wantKey = false
			}
			i = end
		}
	}
	return "", false
}

// object is an object or array open in Duplicate.
type object struct {
	first  int  // where its keys begin in keys; -1 for an array
	serial int  // tells objects apart in the map of a big one
	big    bool // its keys are in the map
}

// closingQuote returns the index of the quote that ends the string whose
// content starts at i, or len(data) if there is none.
func closingQuote(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case '\\':
			i += 2
		case '"':
			return i
		default:
			i++
		}
	}
	return len(data)
}

// seen records a big object's key in m, after the object's serial number,
// reporting whether it was there.
func seen(m map[string]struct{}, serial int, quoted []byte) bool {
	k := string(fold(binary.BigEndian.AppendUint64(nil, uint64(serial)), unquote(quoted)))
	if _, ok := m[k]; ok {
		return true
	}
	m[k] = struct{}{}
	return false
}

// sameKey reports whether two quoted keys name the same struct field.
func sameKey(a, b []byte) bool {
	if bytes.IndexByte(a, '\\') < 0 && bytes.IndexByte(b, '\\') < 0 {
		return equalFold(a[1:len(a)-1], b[1:len(b)-1])
	}
	return equalFold([]byte(unquote(a)), []byte(unquote(b)))
}

// equalFold compares a and b as encoding/json compares a key to a field
// name (its foldName): each rune upper-cased after lower-casing.
func equalFold(a, b []byte) bool {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < utf8.RuneSelf && b[0] < utf8.RuneSelf {
			if upper(a[0]) != upper(b[0]) {
				return false
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRune(a)
		rb, nb := utf8.DecodeRune(b)
		if foldRune(ra) != foldRune(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) == len(b)
}

// fold appends s folded as equalFold compares it.
func fold(dst []byte, s string) []byte {
	for _, r := range s {
		dst = utf8.AppendRune(dst, foldRune(r))
	}
	return dst
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return rune(upper(byte(r)))
	}
	return unicode.ToUpper(unicode.ToLower(r))
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// unquote returns a quoted JSON string's content; it is called only for
// escaped keys and for the one key reported.
func unquote(quoted []byte) string {
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return string(bytes.Trim(quoted, `"`))
	}
	return s
}
