package vault

import "testing"

// BenchmarkPassphraseKeyDefault measures one login's Argon2id cost with the
// default parameters (docs/security.md records the figure).
func BenchmarkPassphraseKeyDefault(b *testing.B) {
	s := NewSecret()
	salt := NewSalt()
	for b.Loop() {
		s.PassphraseKey("quiet harbour lanterns drift east", salt, DefaultParams)
	}
}

// BenchmarkSealOpen measures sealing and opening a 500-byte journal entry.
func BenchmarkSealOpen(b *testing.B) {
	kr := NewKeyring(NewKey())
	entry := make([]byte, 500)
	for b.Loop() {
		sealed := kr.Seal(entry, "journal", "owner", "id")
		if _, err := kr.Open(sealed, "journal", "owner", "id"); err != nil {
			b.Fatal(err)
		}
	}
}
