package main_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kintsugi/internal/testdb"
)

// writer keeps saving journal entries through the API and remembers the
// ones acknowledged with 201, until stop is closed or the server goes.
type writer struct {
	mu    sync.Mutex
	acked []ack
	wg    sync.WaitGroup
	stop  chan struct{}
}

type ack struct {
	id   string
	body string
	at   time.Time // when the 201 arrived
}

func startWriters(t *testing.T, url, token string, n int) *writer {
	w := &writer{stop: make(chan struct{})}
	for i := range n {
		w.wg.Go(func() {
			for j := 0; ; j++ {
				select {
				case <-w.stop:
					return
				default:
				}
				body := fmt.Sprintf("writer %d entry %d: a line worth keeping", i, j)
				st, res := call(t, "POST", url+"/api/v1/journal", token, map[string]any{"body": body})
				if st == 0 {
					return
				}
				if st == 201 {
					w.mu.Lock()
					w.acked = append(w.acked, ack{id: res["id"].(string), body: body, at: time.Now()})
					w.mu.Unlock()
				}
			}
		})
	}
	return w
}

// serveArgs are the flags for a fresh data directory on the engine.
func serveArgs(t *testing.T, engine string) []string {
	args := []string{"--data-dir", t.TempDir()}
	if engine == "postgres" {
		args = append(args, "--database", testdb.DSN(t, "postgres"))
	}
	return args
}

func (w *writer) finish() []ack {
	close(w.stop)
	w.wg.Wait()
	return w.acked
}

// A backup taken while entries stream in restores to a database where the
// person can sign in and read everything acknowledged before the backup
// began; restored without the server secret it opens nothing, yet the
// recovery key still opens it all.
func TestBackupUnderWritesAndRestore(t *testing.T) {
	dir := t.TempDir()
	inst := start(t, nil, "--data-dir", dir)
	creds := map[string]string{"username": "river", "passphrase": passphrase}
	st, acc := call(t, "POST", inst.url+"/api/v1/accounts", "", creds)
	if st != 201 {
		t.Fatalf("sign up: %d", st)
	}
	recovery := acc["recovery_key"].(string)
	token := signIn(t, inst.url, false)
	w := startWriters(t, inst.url, token, 3)
	time.Sleep(300 * time.Millisecond)

	backupFile := filepath.Join(t.TempDir(), "kintsugi.backup")
	began := time.Now()
	if out, err := run(t, nil, "backup", "--data-dir", dir, "--to", backupFile); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	time.Sleep(200 * time.Millisecond)
	acked := w.finish()
	inst.stop(t)
	var before []ack
	for _, a := range acked {
		if a.at.Before(began) {
			before = append(before, a)
		}
	}
	if len(before) == 0 || len(before) == len(acked) {
		t.Fatalf("the backup did not run during the writes (%d of %d acknowledged before it)", len(before), len(acked))
	}
	st2, _ := os.Stat(backupFile)
	if st2 == nil || st2.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode: %v", st2)
	}
	data, _ := os.ReadFile(backupFile)
	for _, a := range before[:min(5, len(before))] {
		if bytes.Contains(data, []byte(a.body)) {
			t.Fatal("the backup holds content in the clear")
		}
	}

	// Restore into a fresh data directory, with the original secret.
	restored := t.TempDir()
	if out, err := run(t, nil, "restore", "--data-dir", restored, "--from", backupFile); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if out, err := run(t, nil, "restore", "--data-dir", restored, "--from", backupFile); err == nil || !strings.Contains(out, "--replace") {
		t.Fatalf("restoring over accounts without --replace: %v %s", err, out)
	}
	secret, _ := os.ReadFile(filepath.Join(dir, "server.key"))
	os.WriteFile(filepath.Join(restored, "server.key"), secret, 0o600)
	again := start(t, nil, "--data-dir", restored)
	token = signIn(t, again.url, false)
	for _, a := range before {
		st, res := call(t, "GET", again.url+"/api/v1/journal/"+a.id, token, nil)
		if st != 200 || res["body"] != a.body {
			t.Fatalf("entry %s acknowledged before the backup: %d %v", a.id, st, res)
		}
	}
	again.stop(t)

	// The same backup without the server secret: serve refuses to make
	// a new one unless asked to; under a new one the passphrase opens
	// nothing, and the recovery key opens everything.
	lost := t.TempDir()
	if out, err := run(t, nil, "restore", "--data-dir", lost, "--from", backupFile); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if out, err := run(t, nil, "serve", "--data-dir", lost, "--addr", "127.0.0.1:0", "--metrics-addr", ""); err == nil ||
		!strings.Contains(out, "--new-secret") {
		t.Fatalf("serving a restored database without its secret: %v\n%s", err, out)
	}
	blind := start(t, nil, "--data-dir", lost, "--new-secret")
	if st, _ := call(t, "POST", blind.url+"/api/v1/sessions", "", creds); st != 401 {
		t.Fatalf("signing in without the server secret: %d", st)
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm(blind.url+"/recover", url.Values{"username": {"river"}, "recovery_key": {recovery},
		"passphrase": {"a new passphrase after the loss"}, "passphrase2": {"a new passphrase after the loss"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("recovery with the recovery key: %d", res.StatusCode)
	}
	newCreds := map[string]string{"username": "river", "passphrase": "a new passphrase after the loss"}
	st, sess := call(t, "POST", blind.url+"/api/v1/sessions", "", newCreds)
	if st != 201 {
		t.Fatalf("signing in after recovery: %d", st)
	}
	if st, res := call(t, "GET", blind.url+"/api/v1/journal/"+before[0].id, sess["token"].(string), nil); st != 200 || res["body"] != before[0].body {
		t.Fatalf("reading after recovery: %d %v", st, res)
	}
	blind.stop(t)
}

// Killed outright in the middle of a stream of writes, the server comes
// back with every write it acknowledged, and every record still opens.
func TestKilledServerKeepsAcknowledgedWrites(t *testing.T) {
	writesSurvive(t, "SIGKILL", func(_ *testing.T, inst *instance) {
		inst.cmd.Process.Signal(syscall.SIGKILL)
		<-inst.done
		inst.done <- nil
	})
}

// writesSurvive stops a server with stop in the middle of a stream of
// writes, on each engine, restarts it, and checks that every write it
// acknowledged with 201 reads back unchanged. Listing everything also
// opens every record, so a corrupted one would fail the test.
func writesSurvive(t *testing.T, how string, stop func(*testing.T, *instance)) {
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			args := serveArgs(t, engine)
			inst := start(t, nil, args...)
			token := signIn(t, inst.url, true)
			w := startWriters(t, inst.url, token, 4)
			time.Sleep(700 * time.Millisecond)
			stop(t, inst)
			acked := w.finish()
			if len(acked) == 0 {
				t.Fatalf("no write was acknowledged before %s", how)
			}

			again := start(t, nil, args...)
			token = signIn(t, again.url, false)
			got := map[string]string{}
			cursor := ""
			for {
				st, res := call(t, "GET", again.url+"/api/v1/journal?limit=100&cursor="+cursor, token, nil)
				if st != 200 {
					t.Fatalf("listing after %s: %d %v", how, st, res)
				}
				for _, it := range res["items"].([]any) {
					m := it.(map[string]any)
					got[m["id"].(string)] = m["body"].(string)
				}
				next, _ := res["next_cursor"].(string)
				if next == "" {
					break
				}
				cursor = next
			}
			for _, a := range acked {
				if got[a.id] != a.body {
					t.Fatalf("acknowledged entry %s lost or changed after %s", a.id, how)
				}
			}
			t.Logf("%s: %d writes acknowledged before %s, all present (%d stored)", engine, len(acked), how, len(got))
			again.stop(t)
		})
	}
}

// pg_dump and pg_restore, the standard tools the README names, carry a
// PostgreSQL deployment over: on the restored database the person signs in
// and reads everything.
func TestPostgresBackupWithStandardTools(t *testing.T) {
	dsn := testdb.DSN(t, "postgres")
	for _, tool := range []string{"pg_dump", "pg_restore", "psql"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIPPED: %s not found (install postgresql-client)", tool)
		}
	}
	secret := filepath.Join(t.TempDir(), "server.key")
	inst := start(t, nil, "--database", dsn, "--secret-file", secret, "--data-dir", t.TempDir())
	token := signIn(t, inst.url, true)
	var ids []string
	for i := range 20 {
		_, res := call(t, "POST", inst.url+"/api/v1/journal", token, map[string]any{"body": fmt.Sprintf("entry %d", i)})
		ids = append(ids, res["id"].(string))
	}
	inst.stop(t)

	admin := testdb.PostgresServer(t)
	schema := testdb.Schema(dsn)
	dump := filepath.Join(t.TempDir(), "kintsugi.dump")
	if out, err := exec.Command("pg_dump", "--format=custom", "--schema="+schema, "--file="+dump, admin).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	restoredDB := "kt_restore_" + strings.ToLower(schema[3:])
	if out, err := exec.Command("psql", admin, "-c", "CREATE DATABASE "+restoredDB).CombinedOutput(); err != nil {
		t.Fatalf("create database: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("psql", admin, "-c", "DROP DATABASE IF EXISTS "+restoredDB+" WITH (FORCE)").Run() })
	target := strings.Replace(admin, "/postgres?", "/"+restoredDB+"?", 1)
	if out, err := exec.Command("pg_restore", "--no-owner", "--dbname="+target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	restored := target + "&search_path=" + schema
	again := start(t, nil, "--database", restored, "--secret-file", secret, "--data-dir", t.TempDir(), "--migrate=false")
	token = signIn(t, again.url, false)
	for i, id := range ids {
		if st, res := call(t, "GET", again.url+"/api/v1/journal/"+id, token, nil); st != 200 || res["body"] != fmt.Sprintf("entry %d", i) {
			t.Fatalf("entry %d after pg_restore: %d %v", i, st, res)
		}
	}
	again.stop(t)
}
