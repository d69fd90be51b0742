package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The primitives, checked against published vectors.

func TestArgon2idKnownAnswer(t *testing.T) {
	// Reference implementation (phc-winner-argon2) test vector, version 0x13.
	got := argon2.IDKey([]byte("password"), []byte("somesalt"), 2, 64*1024, 1, 32)
	want := unhex(t, "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7")
	if !bytes.Equal(got, want) {
		t.Fatalf("argon2id = %x, want %x", got, want)
	}
}

func TestHKDFKnownAnswer(t *testing.T) {
	// RFC 5869, test case 1.
	okm, err := hkdf.Key(sha256.New, unhex(t, strings.Repeat("0b", 22)),
		unhex(t, "000102030405060708090a0b0c"), string(unhex(t, "f0f1f2f3f4f5f6f7f8f9")), 42)
	if err != nil {
		t.Fatal(err)
	}
	want := unhex(t, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
	if !bytes.Equal(okm, want) {
		t.Fatalf("hkdf = %x, want %x", okm, want)
	}
	// derive is the same construction truncated to a key.
	if k := derive(unhex(t, strings.Repeat("0b", 22)), unhex(t, "000102030405060708090a0b0c"), string(unhex(t, "f0f1f2f3f4f5f6f7f8f9"))); !bytes.Equal(k[:], want[:KeySize]) {
		t.Fatalf("derive = %x, want %x", k, want[:KeySize])
	}
}

func TestAESGCMKnownAnswer(t *testing.T) {
	// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16.
	key := Key(unhex(t, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"))
	nonce := unhex(t, "cafebabefacedbaddecaf888")
	pt := unhex(t, "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
	ad := unhex(t, "feedfacedeadbeeffeedfacedeadbeefabaddad2")
	want := unhex(t, "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"+
		"76fc6ece0f4e1768cddf8853bb2d551b")
	envelope := append(append([]byte{envelopeV1}, nonce...), want...)
	got, err := open(key, envelope, ad)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("open(test case 16) = %x, %v", got, err)
	}
	block, _ := aes.NewCipher(key[:])
	aead, _ := cipher.NewGCM(block)
	if ct := aead.Seal(nil, nonce, pt, ad); !bytes.Equal(ct, want) {
		t.Fatalf("seal = %x, want %x", ct, want)
	}
}

// kintsugi's own constructions, pinned so that a change that would make
// stored data unreadable fails here first.

var (
	katSecret  = strings.Repeat("11", KeySize)
	katDataKey = strings.Repeat("22", KeySize)
	katSalt    = strings.Repeat("33", SaltSize)
)

func TestPassphraseKeyKnownAnswer(t *testing.T) {
	s, err := SecretFromBytes(unhex(t, katSecret))
	if err != nil {
		t.Fatal(err)
	}
	got := s.PassphraseKey("correct horse battery staple", unhex(t, katSalt), Params{Time: 1, MemoryKiB: 64, Threads: 1})
	want := unhex(t, "9cb429c461c7e9f26a6703058fb48402ad47a8ac8c78064fcd075d2548c6f8ec")
	if !bytes.Equal(got[:], want) {
		t.Fatalf("PassphraseKey = %x", got)
	}
	// NFC normalisation: "é" typed precomposed or decomposed is the same passphrase.
	a := s.PassphraseKey("caf\u00e9 au lait sous la pluie", unhex(t, katSalt), TestParams)
	b := s.PassphraseKey("cafe\u0301 au lait sous la pluie", unhex(t, katSalt), TestParams)
	if a != b {
		t.Fatal("NFC and NFD forms of one passphrase derived different keys")
	}
	other, _ := SecretFromBytes(unhex(t, strings.Repeat("12", KeySize)))
	if other.PassphraseKey("correct horse battery staple", unhex(t, katSalt), Params{Time: 1, MemoryKiB: 64, Threads: 1}) == got {
		t.Fatal("the server secret does not change the passphrase key")
	}
}

func TestSealedContentKnownAnswer(t *testing.T) {
	// A value sealed by an earlier build must keep opening.
	kr := NewKeyring(Key(unhex(t, katDataKey)))
	sealed := unhex(t, "01"+
		"000102030405060708090a0b"+
		"7999d0f153508e7312b0d2c5880cd2179ee849409b9b49b193f3ded6e050327c37bd50e8ccd5ed2dfc051053555e17e0"+
		"62a98e8153a5d87ee46cc4b73580fc63818bf5bf9276b22d5e69873db3104414144fd3372ea3b6f11c0abeadf083cd67"+
		"87ab8df60a42e3c3387e33163ce33ad69444289484820b3df99cbf031040e807db365e0856fa43b43a4d83b93e770abe"+
		"98fd1883f76eb8e7b3d8553e696643366d34eb70d8ad5c5700069dc0a5caf6c6edea47e8f17ce5943bbddb221b8f28b8"+
		"e2949a8018c05baa0fdb3da66e034c3a6708fed734e26c478323428ee87decef6e1056695e5b8427a3e57e9d41ad4ffa"+
		"c30386b48980a85fd6e990098d16d7f2c6de698bbac74e4d406f30db859c8638")
	pt, err := kr.Open(sealed, "journal", "owner-1", "record-1")
	if err != nil {
		t.Fatalf("Open(pinned vector): %v", err)
	}
	if string(pt) != `{"body":"pinned"}` {
		t.Fatalf("Open(pinned vector) = %q", pt)
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	kr := NewKeyring(NewKey())
	for _, size := range []int{0, 1, padBlock - 1, padBlock, 3*padBlock + 7} {
		pt := bytes.Repeat([]byte{0x80}, size) // the pad marker inside content must survive
		sealed := kr.Seal(pt, "k", "o", "i")
		got, err := kr.Open(sealed, "k", "o", "i")
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("size %d: round trip = %d bytes, %v", size, len(got), err)
		}
		if padded := len(sealed) - 1 - nonceSize - 16; padded%padBlock != 0 || padded <= size {
			t.Fatalf("size %d: sealed payload %d bytes is not padded to %d", size, padded, padBlock)
		}
	}
}

func TestMovedCiphertextIsRejected(t *testing.T) {
	alice := NewKeyring(NewKey())
	bob := NewKeyring(NewKey())
	sealed := alice.Seal([]byte("a private line"), "journal", "alice", "rec-1")

	cases := []struct {
		name string
		kr   *Keyring
		ad   []string
	}{
		{"another row", alice, []string{"journal", "alice", "rec-2"}},
		{"another owner", alice, []string{"journal", "bob", "rec-1"}},
		{"another kind", alice, []string{"checkin", "alice", "rec-1"}},
		{"ambiguous join", alice, []string{"journal", "alicerec-1", ""}},
		{"another person's key", bob, []string{"journal", "alice", "rec-1"}},
	}
	for _, c := range cases {
		if _, err := c.kr.Open(sealed, c.ad...); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: Open = %v, want ErrOpen", c.name, err)
		}
	}
	for i := range sealed {
		tampered := bytes.Clone(sealed)
		tampered[i] ^= 0x01
		if _, err := alice.Open(tampered, "journal", "alice", "rec-1"); !errors.Is(err, ErrOpen) {
			t.Fatalf("flipping byte %d: Open = %v, want ErrOpen", i, err)
		}
	}
	if _, err := alice.Open(sealed[:len(sealed)-1], "journal", "alice", "rec-1"); !errors.Is(err, ErrOpen) {
		t.Fatalf("truncated: Open = %v, want ErrOpen", err)
	}
}

func TestWrapBindsOwnerAndKey(t *testing.T) {
	dk := NewKey()
	kek := NewKey()
	wrapped := Wrap(kek, dk, "passphrase", "alice")
	got, err := Unwrap(kek, wrapped, "passphrase", "alice")
	if err != nil || got != dk {
		t.Fatalf("Unwrap = %v", err)
	}
	if _, err := Unwrap(kek, wrapped, "passphrase", "bob"); !errors.Is(err, ErrOpen) {
		t.Fatalf("unwrap as another person = %v, want ErrOpen", err)
	}
	if _, err := Unwrap(kek, wrapped, "recovery", "alice"); !errors.Is(err, ErrOpen) {
		t.Fatalf("unwrap for another purpose = %v, want ErrOpen", err)
	}
	if _, err := Unwrap(NewKey(), wrapped, "passphrase", "alice"); !errors.Is(err, ErrOpen) {
		t.Fatalf("unwrap with a wrong key = %v, want ErrOpen", err)
	}
}

func TestTagsAreKeyedPerPerson(t *testing.T) {
	a, b := NewKeyring(NewKey()), NewKeyring(NewKey())
	if !bytes.Equal(a.Tag("kind", "journal"), a.Tag("kind", "journal")) {
		t.Fatal("a tag is not stable")
	}
	if bytes.Equal(a.Tag("kind", "journal"), b.Tag("kind", "journal")) {
		t.Fatal("two people share a tag")
	}
	if bytes.Equal(a.Tag("kind", "journal"), a.Tag("kindjournal")) {
		t.Fatal("tag parts are joined ambiguously")
	}
}

func TestRecoveryKey(t *testing.T) {
	r := NewRecoveryKey()
	s := r.String()
	if len(s) != 13*4+12 {
		t.Fatalf("recovery key %q has length %d", s, len(s))
	}
	for _, typed := range []string{s, strings.ToLower(s), strings.ReplaceAll(s, "-", " "), strings.ReplaceAll(s, "-", "")} {
		got, err := ParseRecoveryKey(typed)
		if err != nil || got != r {
			t.Fatalf("ParseRecoveryKey(%q) = %v", typed, err)
		}
	}
	// Look-alike digits read as the letters they resemble.
	lookalike := strings.NewReplacer("O", "0", "I", "1", "B", "8").Replace(s)
	if got, err := ParseRecoveryKey(lookalike); err != nil || got != r {
		t.Fatalf("look-alike digits: %v", err)
	}
	// One changed character is caught by the checksum.
	typo := []byte(s)
	if typo[0] == 'A' {
		typo[0] = 'C'
	} else {
		typo[0] = 'A'
	}
	if _, err := ParseRecoveryKey(string(typo)); !errors.Is(err, ErrRecoveryFormat) {
		t.Fatalf("typo: %v, want ErrRecoveryFormat", err)
	}
	if _, err := ParseRecoveryKey(s[:len(s)-5]); !errors.Is(err, ErrRecoveryFormat) {
		t.Fatalf("short: %v, want ErrRecoveryFormat", err)
	}
	if NewRecoveryKey().WrappingKey() == r.WrappingKey() {
		t.Fatal("two recovery keys derive one wrapping key")
	}
}

func TestSessionKeys(t *testing.T) {
	tok, id := NewSessionToken()
	if !bytes.Equal(id, SessionID(tok)) || len(tok) < 43 {
		t.Fatalf("token %q id %x", tok, id)
	}
	s1, s2 := NewSecret(), NewSecret()
	if s1.SessionKey(tok) == s2.SessionKey(tok) {
		t.Fatal("the server secret does not change the session key")
	}
	tok2, _ := NewSessionToken()
	if s1.SessionKey(tok) == s1.SessionKey(tok2) {
		t.Fatal("two tokens derive one key")
	}
}

func TestSecretFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "server.key")
	s1, created, err := LoadOrCreateSecret(path)
	if err != nil || !created {
		t.Fatalf("create: %v created=%v", err, created)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != KeySize {
		t.Fatalf("secret file mode %v size %d: %v", st.Mode().Perm(), st.Size(), err)
	}
	s2, created, err := LoadOrCreateSecret(path)
	if err != nil || created || s2.key != s1.key {
		t.Fatalf("reload: %v created=%v same=%v", err, created, s2.key == s1.key)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSecret(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable secret accepted: %v", err)
	}
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("too short"), 0o600)
	if _, err := LoadSecret(short); err == nil {
		t.Fatal("a short secret file was accepted")
	}
}

// A key wrapped to a public key opens with its private key alone, with
// the same associated data, and after the private key went through its
// sealed form; it opens with nothing else.
func TestKeyPairWrap(t *testing.T) {
	alice, err := NewKeyPair()
	if err != nil {
		t.Fatal(err)
	}
	bob, _ := NewKeyPair()
	space := NewKey()
	wrapped, err := WrapTo(alice.Public(), space, "space", "S1", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wrapped, space[:]) {
		t.Fatal("the wrapped key holds the key in the clear")
	}
	seed, err := alice.Bytes()
	if err != nil || len(seed) != 32 {
		t.Fatalf("private key bytes: %d, %v", len(seed), err)
	}
	again, err := KeyPairFromBytes(seed)
	if err != nil || !bytes.Equal(again.Public(), alice.Public()) {
		t.Fatalf("the private key read back is another: %v", err)
	}
	if got, err := again.Unwrap(wrapped, "space", "S1", "alice"); err != nil || got != space {
		t.Fatalf("unwrap: %v", err)
	}
	for name, try := range map[string]func() (Key, error){
		"another private key": func() (Key, error) { return bob.Unwrap(wrapped, "space", "S1", "alice") },
		"another space":       func() (Key, error) { return alice.Unwrap(wrapped, "space", "S2", "alice") },
		"another member":      func() (Key, error) { return alice.Unwrap(wrapped, "space", "S1", "bob") },
		"a changed ciphertext": func() (Key, error) {
			w := bytes.Clone(wrapped)
			w[len(w)-1] ^= 1
			return alice.Unwrap(w, "space", "S1", "alice")
		},
		"a truncated one": func() (Key, error) { return alice.Unwrap(wrapped[:40], "space", "S1", "alice") },
	} {
		if _, err := try(); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: %v, want ErrOpen", name, err)
		}
	}
	if _, err := WrapTo([]byte("not a key"), space); err == nil {
		t.Error("wrapped to something that is not a public key")
	}
	if _, err := KeyPairFromBytes([]byte("short")); !errors.Is(err, ErrOpen) {
		t.Errorf("a bad private key: %v", err)
	}
	// A post-quantum hybrid public key is large: 1,216 bytes for X-Wing.
	if n := len(alice.Public()); n != 1216 {
		t.Errorf("public key of %d bytes, want 1216 (ML-KEM-768 with X25519)", n)
	}
}

// Content sealed to a public key opens with the private key and the same
// associated data alone, padded like any content; a sealed key and sealed
// content cannot stand in for each other.
func TestSealTo(t *testing.T) {
	alice, _ := NewKeyPair()
	bob, _ := NewKeyPair()
	line := []byte("signed in on Firefox on Linux")
	sealed, err := SealTo(alice.Public(), line, "access-log", "alice", "E1")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, line) {
		t.Fatal("the sealed content holds the content in the clear")
	}
	short, _ := SealTo(alice.Public(), []byte("x"), "access-log", "alice", "E1")
	if len(short) != len(sealed) {
		t.Errorf("sealed sizes %d and %d: the content is not padded", len(short), len(sealed))
	}
	if got, err := alice.Open(sealed, "access-log", "alice", "E1"); err != nil || !bytes.Equal(got, line) {
		t.Fatalf("open: %q, %v", got, err)
	}
	for name, try := range map[string]func() ([]byte, error){
		"another private key": func() ([]byte, error) { return bob.Open(sealed, "access-log", "alice", "E1") },
		"another entry":       func() ([]byte, error) { return alice.Open(sealed, "access-log", "alice", "E2") },
		"another owner":       func() ([]byte, error) { return alice.Open(sealed, "access-log", "bob", "E1") },
		"a changed ciphertext": func() ([]byte, error) {
			s := bytes.Clone(sealed)
			s[len(s)-1] ^= 1
			return alice.Open(s, "access-log", "alice", "E1")
		},
	} {
		if _, err := try(); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: %v, want ErrOpen", name, err)
		}
	}
	wrapped, _ := WrapTo(alice.Public(), NewKey(), "access-log", "alice", "E1")
	if _, err := alice.Open(wrapped, "access-log", "alice", "E1"); !errors.Is(err, ErrOpen) {
		t.Errorf("a wrapped key opened as content: %v", err)
	}
	if _, err := alice.Unwrap(sealed, "access-log", "alice", "E1"); !errors.Is(err, ErrOpen) {
		t.Errorf("sealed content unwrapped as a key: %v", err)
	}
}
