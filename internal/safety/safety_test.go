package safety

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetect(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text string
		want bool
	}{
		{"Some days I just want to die.", true},
		{"I DON’T WANT TO LIVE\nlike this", true},
		{"thinking about   ending my life", true},
		{"I overdosed once, years ago", true},
		{"He said he is going to kill me if I leave", true},
		{"I felt so angry I could scream", false},
		{"We talked about the suicidepreventionday poster", true},
		{"parasuicide research article", false}, // not at a word start
		{"", false},
		{"Today was calm. I walked by the river.", false},
	}
	for _, tc := range cases {
		if got := c.Detect(tc.text); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	if !c.Detect("a calm title", "", "I want to die") {
		t.Error("a phrase in the second text was missed")
	}
}

func TestLoadOperatorFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crisis.json")
	os.WriteFile(path, []byte(`{"heading":"Help","intro":"i","emergency":"e",
		"resources":[{"name":"Local line","region":"Here","contact":"Call 123","url":"https://example.org"}],
		"phrases":["Lost All Hope"]}`), 0o600)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Resources[0].Name != "Local line" || !c.Detect("I have lost all hope") || c.Detect("I want to die") {
		t.Fatalf("operator file not used: %+v", c)
	}
	os.WriteFile(path, []byte(`{"heading":"Help","resources":[],"phrases":["x"]}`), 0o600)
	if _, err := Load(path); err == nil {
		t.Fatal("a file without resources was accepted")
	}
	os.WriteFile(path, []byte(`{"heading":"Help","typo":1}`), 0o600)
	if _, err := Load(path); err == nil {
		t.Fatal("an unknown field was accepted")
	}
}

// Every number in the built-in resources is a link a phone can open, and
// a file with a number that is not one is refused at start.
func TestLinesAreDialable(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	hrefs := map[string]bool{}
	for _, l := range c.EmergencyLines {
		hrefs[l.Href()] = true
	}
	for _, r := range c.Resources {
		for _, l := range r.Reach {
			hrefs[l.Href()] = true
		}
	}
	for _, want := range []string{"tel:112", "tel:988", "sms:988", "tel:116123", "tel:+18007997233", "sms:88788?body=START"} {
		if !hrefs[want] {
			t.Errorf("no link %s among %v", want, hrefs)
		}
	}
	for _, line := range []string{
		`{"label": "Call", "tel": "javascript:alert(1)"}`,
		`{"label": "Call", "tel": "988", "sms": "988"}`,
		`{"label": "Call"}`,
		`{"tel": "988"}`,
		`{"label": "Text", "sms": "988", "body": "hi&x=1"}`,
	} {
		path := filepath.Join(t.TempDir(), "crisis.json")
		file := `{"heading": "h", "emergency": "e", "emergency_lines": [` + line + `],
			"resources": [{"name": "n", "region": "r", "contact": "c", "url": "https://example.org"}], "phrases": ["p"]}`
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil {
			t.Errorf("a line %s was accepted", line)
		}
	}
}
