// Package valid collects what is wrong with a person's input, field by
// field, in words that are safe to show back to them. The web UI puts each
// message beside its field; the API returns them with a 422.
package valid

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with one field.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problems is a list of Problem; an empty list is not an error.
type Problems []Problem

// Add records a problem with field.
func (p *Problems) Add(field, message string) {
	*p = append(*p, Problem{Field: field, Message: message})
}

// Err returns p as an error, or nil when there are no problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// Error joins the messages.
func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, pr := range p {
		msgs[i] = pr.Message
	}
	return strings.Join(msgs, " ")
}

// For returns the first message about field, or "".
func (p Problems) For(field string) string {
	for _, pr := range p {
		if pr.Field == field {
			return pr.Message
		}
	}
	return ""
}

// As returns the problems inside err, if it carries any.
func As(err error) (Problems, bool) {
	var p Problems
	ok := errors.As(err, &p)
	return p, ok
}

// Text checks a free-text field: valid UTF-8, no control characters other
// than line breaks and tabs, and at most max characters. It returns the
// text with line endings normalised to "\n" and surrounding space trimmed.
func Text(p *Problems, field, label, s string, max int) string {
	if !utf8.ValidString(s) {
		p.Add(field, label+" has characters that could not be read. Please paste it again.")
		return ""
	}
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	if n := utf8.RuneCountInString(s); n > max {
		p.Add(field, label+" is too long: it can hold "+strconv.Itoa(max)+" characters and has "+strconv.Itoa(n)+".")
		return s
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) {
		p.Add(field, label+" has control characters in it. Please remove them.")
	}
	return s
}
