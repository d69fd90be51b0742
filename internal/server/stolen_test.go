package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/testdb"
)

// canaries are unique strings written through the API; none of them, in
// any common encoding, may appear in what a thief could copy.
func canaries(t *testing.T) map[string]string {
	tag := strings.ToLower(strings.ReplaceAll(time.Now().Format("150405.000000"), ".", ""))
	return map[string]string{
		"journal title":      "kestrelTitle" + tag,
		"journal body":       "marigoldBodyLine" + tag,
		"check-in note":      "lanternNote" + tag,
		"check-in body":      "ribcageSensation" + tag,
		"rating note":        "driftwoodRating" + tag,
		"edited body":        "saffronEdited" + tag,
		"emotion vocabulary": "sentimentality", // the feeling chosen is content too
	}
}

// forms returns the ways a canary could appear in a file: as is, in hex
// (either case), and in standard or URL-safe base64 at each of the three
// alignments a string can take inside a longer encoded value.
func forms(s string) map[string][]byte {
	out := map[string][]byte{
		"plain":     []byte(s),
		"hex":       []byte(hex.EncodeToString([]byte(s))),
		"HEX":       []byte(strings.ToUpper(hex.EncodeToString([]byte(s)))),
		"utf16-ish": []byte(strings.Join(strings.Split(s, ""), "\x00")),
	}
	for k := range 3 {
		for name, enc := range map[string]*base64.Encoding{"base64": base64.RawStdEncoding, "base64url": base64.RawURLEncoding} {
			full := enc.EncodeToString(append(bytes.Repeat([]byte{'x'}, k), s...))
			// Characters made only of the canary's bits.
			first := (8*k + 5) / 6
			last := (8*(k+len(s)) - 6) / 6
			out[name+"@"+string(rune('0'+k))] = []byte(full[first : last+1])
		}
	}
	return out
}

func writeCanaries(t *testing.T, app *apptest.App, c map[string]string) {
	t.Helper()
	tok := app.Person(t, "canary")
	entry := app.Create(t, "/api/v1/journal", tok, map[string]any{"title": c["journal title"], "body": "first line\n" + c["journal body"], "step": 2})
	app.Create(t, "/api/v1/journal", tok, map[string]any{"body": "to be edited"})
	if r := app.Do(t, "PUT", "/api/v1/journal/"+entry, tok, map[string]any{"title": c["journal title"], "body": c["edited body"]}); r.Status != 200 {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	app.Create(t, "/api/v1/checkins", tok, map[string]any{
		"emotions": []map[string]any{{"name": c["emotion vocabulary"], "intensity": 6}},
		"note":     c["check-in note"], "sensations": c["check-in body"]})
	p, err := app.Accounts.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	_, err = record.Open(app.Store, p, journey.Ratings).Create(context.Background(), journey.Rating{Step: 5, Value: 3, Note: c["rating note"]}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
}

func assertAbsent(t *testing.T, where string, data []byte, c map[string]string) {
	t.Helper()
	if len(data) == 0 {
		return
	}
	for what, s := range c {
		for form, needle := range forms(s) {
			if bytes.Contains(data, needle) {
				t.Errorf("%s holds the %s canary (%s form)", where, what, form)
			}
		}
	}
}

// A stolen copy of the database reveals nothing anyone wrote: the SQLite
// files (main, WAL and shared memory, while the server runs and after it
// stops) and a PostgreSQL dump are searched for every canary.
func TestStolenDatabaseRevealsNoContent(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		app := apptest.New(t, "sqlite")
		c := canaries(t)
		writeCanaries(t, app, c)
		// The canaries must really be readable through the API, or the
		// search below proves nothing.
		checkReadable(t, app, c)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			data, err := os.ReadFile(app.DSN + suffix)
			if err != nil && suffix == "" {
				t.Fatal(err)
			}
			assertAbsent(t, "the SQLite file kintsugi.db"+suffix+" (server running)", data, c)
		}
		if err := app.Store.Close(); err != nil { // checkpoints the WAL into the main file
			t.Fatal(err)
		}
		data, err := os.ReadFile(app.DSN)
		if err != nil {
			t.Fatal(err)
		}
		assertAbsent(t, "the SQLite file after shutdown", data, c)
		assertAbsent(t, "the server log", []byte(app.Logs.String()), c)
	})

	t.Run("postgres", func(t *testing.T) {
		dsn := testdb.DSN(t, "postgres")
		pgDump, err := exec.LookPath("pg_dump")
		if err != nil {
			t.Skip("SKIPPED: pg_dump not found (install postgresql-client): the PostgreSQL dump was not searched")
		}
		app := apptest.NewWithDSN(t, dsn)
		c := canaries(t)
		writeCanaries(t, app, c)
		checkReadable(t, app, c)
		out, err := exec.Command(pgDump, "--schema="+testdb.Schema(dsn), "--no-owner", testdb.PostgresServer(t)).Output()
		if err != nil {
			t.Fatalf("pg_dump: %v", err)
		}
		if !bytes.Contains(out, []byte("CREATE TABLE "+testdb.Schema(dsn)+".records")) {
			t.Fatalf("the dump does not hold the records table; it proves nothing:\n%.400s", out)
		}
		assertAbsent(t, "pg_dump", out, c)
		assertAbsent(t, "the server log", []byte(app.Logs.String()), c)
	})
}

func checkReadable(t *testing.T, app *apptest.App, c map[string]string) {
	t.Helper()
	r := app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "canary", "passphrase": apptest.Passphrase})
	tok := r.JSON(t)["token"].(string)
	all := string(app.Do(t, "GET", "/api/v1/journal", tok, nil).Body) + string(app.Do(t, "GET", "/api/v1/checkins", tok, nil).Body)
	for _, what := range []string{"journal title", "edited body", "check-in note", "check-in body", "emotion vocabulary"} {
		if !strings.Contains(all, c[what]) {
			t.Fatalf("the %s canary cannot be read back through the API", what)
		}
	}
	// The search must be able to find a canary that is there.
	if !bytes.Contains([]byte(all), forms(c["journal title"])["plain"]) {
		t.Fatal("canary forms are wrong")
	}
	probe := base64.StdEncoding.EncodeToString([]byte("ab" + c["check-in note"] + "yz"))
	if !strings.Contains(probe, string(forms(c["check-in note"])["base64@2"])) {
		t.Fatal("the base64 form at offset 2 would not be found")
	}
}
