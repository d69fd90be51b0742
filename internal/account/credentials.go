package account

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"

	"kintsugi/internal/valid"
)

// Passphrase and username limits.
const (
	MinPassphrase = 10   // characters
	MaxPassphrase = 1024 // characters; far above any real passphrase
	MinUsername   = 3
	MaxUsername   = 32

	// strengthWindow is how much of a passphrase the estimator reads: its
	// matching grows with the square of the length, and a passphrase this
	// long that is weak in its first part is still refused.
	strengthWindow = 100
	// minScore is zxcvbn's "safely unguessable" level: about 10^8 guesses,
	// well beyond an online attack.
	minScore = 3
)

// NormalizeUsername returns the canonical form of a username: trimmed and
// lower-cased, so "River" and "river " are one account.
func NormalizeUsername(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// CheckUsername adds to p what is wrong with a normalised username.
func CheckUsername(p *valid.Problems, name string) {
	n := utf8.RuneCountInString(name)
	switch {
	case n < MinUsername || n > MaxUsername:
		p.Add("username", "Choose a username of 3 to 32 characters.")
	case strings.ContainsFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
	}):
		p.Add("username", "Use only letters a to z, digits, dots, dashes and underscores in the username.")
	case !isAlnum(name[0]) || !isAlnum(name[len(name)-1]):
		p.Add("username", "Start and end the username with a letter or a digit.")
	}
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// CheckPassphrase adds to p why a passphrase would be easy to guess, in
// words that never repeat the passphrase itself. field names the form field
// the problem belongs to.
func CheckPassphrase(p *valid.Problems, field, passphrase, username string) {
	if !utf8.ValidString(passphrase) {
		p.Add(field, "The passphrase has characters that could not be read. Please type it again.")
		return
	}
	n := utf8.RuneCountInString(passphrase)
	switch {
	case n < MinPassphrase:
		p.Add(field, "Use at least 10 characters. Four or more words that do not usually go together work well, like a strange little sentence of your own.")
		return
	case n > MaxPassphrase:
		p.Add(field, "Use at most 1,024 characters.")
		return
	}
	window := passphrase
	if n > strengthWindow {
		window = string([]rune(passphrase)[:strengthWindow])
	}
	res := zxcvbn.PasswordStrength(window, []string{username, "kintsugi", "betrayal", "healing", "trust"})
	if res.Score < minScore {
		p.Add(field, weakness(res.Sequence)+" Four or more words that do not usually go together work well, like a strange little sentence of your own.")
	}
}

// weakness explains the most telling pattern the estimator found. The
// messages are kintsugi's own; zxcvbn's port has none.
func weakness(seq []*match.Match) string {
	if len(seq) == 0 {
		return "This passphrase would be easy to guess."
	}
	longest := slices.MaxFunc(seq, func(a, b *match.Match) int { return (a.J - a.I) - (b.J - b.I) })
	switch longest.Pattern {
	case "dictionary":
		switch {
		case longest.DictionaryName == "user_inputs":
			return "It is built around your username or a word from this app, which makes it easy to guess."
		case longest.DictionaryName == "passwords" && len(seq) == 1:
			return "This is one of the most common passwords."
		case longest.DictionaryName == "passwords":
			return "It is close to a commonly used password."
		case longest.L33t || longest.Reversed:
			return "Swapping letters for symbols or writing a word backwards does not make it much harder to guess."
		case strings.Contains(longest.DictionaryName, "names"):
			return "Names on their own are easy to guess."
		}
		return "A single common word or two is easy to guess."
	case "spatial":
		return "Rows or patterns of keys on a keyboard are easy to guess."
	case "repeat":
		return "Repeated characters or words are easy to guess."
	case "sequence":
		return "Sequences like abc or 6543 are easy to guess."
	case "regex", "date":
		return "Years and dates are easy to guess."
	}
	return "This passphrase would be easy to guess."
}
