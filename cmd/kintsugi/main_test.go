package main_test

// A black-box suite: it builds the real kintsugi binary and drives it as
// an operator and a client would, through its command line, its signals
// and its public API.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"kintsugi/internal/store"
	"kintsugi/internal/testdb"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kintsugi-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "kintsugi")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building kintsugi:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// instance is a running `kintsugi serve`.
type instance struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// start runs `kintsugi serve` with args and waits until it listens.
func start(t *testing.T, env []string, args ...string) *instance {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	inst := &instance{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = inst.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { inst.done <- cmd.Wait() }()
	select {
	case inst.url = <-found:
	case err := <-inst.done:
		t.Fatalf("kintsugi serve exited early: %v\n%s", err, inst.stderr)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("kintsugi serve did not start:\n%s", inst.stderr)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-inst.done
	})
	return inst
}

// stop sends SIGTERM and waits for a clean exit.
func (in *instance) stop(t *testing.T) {
	t.Helper()
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-in.done:
		in.done <- err // for the cleanup
		if err != nil {
			t.Fatalf("kintsugi serve exited with %v after SIGTERM:\n%s", err, in.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("kintsugi serve did not stop after SIGTERM")
	}
}

func call(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

const passphrase = "quiet harbour lanterns drift east"

func signIn(t *testing.T, url string, signUp bool) string {
	t.Helper()
	creds := map[string]string{"username": "river", "passphrase": passphrase}
	if signUp {
		if st, body := call(t, "POST", url+"/api/v1/accounts", "", creds); st != 201 {
			t.Fatalf("sign up: %d %v", st, body)
		}
	}
	st, body := call(t, "POST", url+"/api/v1/sessions", "", creds)
	if st != 201 {
		t.Fatalf("log in: %d %v", st, body)
	}
	return body["token"].(string)
}

func run(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestVersionAndUsage(t *testing.T) {
	out, err := run(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "kintsugi ") || !strings.Contains(out, "schema") {
		t.Fatalf("version: %v %q", err, out)
	}
	out, err = run(t, nil, "frobnicate")
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(out, "unknown command") {
		t.Fatalf("unknown command: %v %q", err, out)
	}
	out, err = run(t, nil, "serve", "--log-format", "xml", "--data-dir", t.TempDir())
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(out, "--log-format") {
		t.Fatalf("bad flag value: %v %q", err, out)
	}
	out, err = run(t, []string{"KINTSUGI_MIGRATE=perhaps"}, "serve", "--data-dir", t.TempDir())
	if err == nil || !strings.Contains(out, "KINTSUGI_MIGRATE") {
		t.Fatalf("bad environment value: %v %q", err, out)
	}
}

func TestServeCreatesSecretAndRefusesStaleSchema(t *testing.T) {
	dir := t.TempDir()
	// --migrate=false on an empty database refuses to serve.
	out, err := run(t, nil, "serve", "--data-dir", dir, "--migrate=false", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(out, "kintsugi migrate") {
		t.Fatalf("stale schema served: %v %q", err, out)
	}
	out, err = run(t, nil, "migrate", "--data-dir", dir)
	if err != nil || !strings.Contains(out, fmt.Sprintf("%d migration(s) run", store.SchemaVersion())) {
		t.Fatalf("migrate: %v %q", err, out)
	}
	// Environment twins work, and now the schema is current.
	inst := start(t, []string{"KINTSUGI_DATA_DIR=" + dir, "KINTSUGI_MIGRATE=false"})
	res, err := http.Get(inst.url + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v", err)
	}
	inst.stop(t)
	st, err := os.Stat(filepath.Join(dir, "server.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("server secret: %v %v", err, st)
	}
}

// A server secret that is not the database's, or a missing one beside a
// database with accounts, stops the start with words that say what to do;
// a new secret for such a database takes --new-secret.
func TestServeRefusesAWrongOrMissingSecret(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "server.key")
	inst := start(t, nil, "--data-dir", dir)
	signIn(t, inst.url, true)
	inst.stop(t)
	right, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}

	os.Remove(key)
	out, err := run(t, nil, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--metrics-addr", "")
	if err == nil || !strings.Contains(out, "server secret") || !strings.Contains(out, "missing") || !strings.Contains(out, "--new-secret") {
		t.Fatalf("a missing secret beside accounts: %v\n%s", err, out)
	}
	if _, err := os.Stat(key); err == nil {
		t.Fatal("a new secret was made in place of the missing one")
	}

	other := make([]byte, len(right))
	copy(other, right)
	other[0] ^= 1
	os.WriteFile(key, other, 0o600)
	out, err = run(t, nil, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--metrics-addr", "")
	if err == nil || !strings.Contains(out, "not the one this database was used with") || !strings.Contains(out, "--new-secret") {
		t.Fatalf("the wrong secret: %v\n%s", err, out)
	}

	os.WriteFile(key, right, 0o600)
	inst = start(t, nil, "--data-dir", dir)
	signIn(t, inst.url, false)
	inst.stop(t)

	// On purpose, a new secret: passphrases no longer open anything,
	// and the new secret is the database's from then on.
	os.Remove(key)
	inst = start(t, nil, "--data-dir", dir, "--new-secret")
	if st, _ := call(t, "POST", inst.url+"/api/v1/sessions", "", map[string]string{"username": "river", "passphrase": passphrase}); st != 401 {
		t.Fatalf("the old passphrase under a new secret: %d", st)
	}
	inst.stop(t)
	inst = start(t, nil, "--data-dir", dir)
	inst.stop(t)
}

// Addresses that would not do what the operator meant are refused at
// start, and a taken operator port names the flag to change.
func TestServeRefusesBadAddresses(t *testing.T) {
	for _, args := range [][]string{
		{"--quick-exit-url", "www.example.org/weather"},
		{"--quick-exit-url", "javascript:alert(1)"},
		{"--public-url", "kintsugi.example.org"},
	} {
		out, err := run(t, nil, append([]string{"serve", "--data-dir", t.TempDir()}, args...)...)
		if err == nil || !strings.Contains(out, args[0]) || !strings.Contains(out, "absolute http or https") {
			t.Errorf("serve %v: %v\n%s", args, err, out)
		}
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	out, err := run(t, nil, "serve", "--data-dir", t.TempDir(), "--addr", "127.0.0.1:0", "--metrics-addr", taken.Addr().String())
	if err == nil || !strings.Contains(out, "--metrics-addr") {
		t.Fatalf("a taken operator port: %v\n%s", err, out)
	}
}

// Every write acknowledged with 201 before SIGTERM is there after a
// restart, on both engines.
func TestGracefulShutdownKeepsAcknowledgedWrites(t *testing.T) {
	writesSurvive(t, "SIGTERM", func(t *testing.T, inst *instance) { inst.stop(t) })
}

// Two instances against one PostgreSQL database keep no state of their
// own: a session made on one works on the other, logging out on one ends
// it on both, and failed logins count across both.
func TestTwoInstancesShareEverythingThroughPostgres(t *testing.T) {
	dsn := testdb.DSN(t, "postgres")
	secret := filepath.Join(t.TempDir(), "server.key")
	args := []string{"--database", dsn, "--secret-file", secret, "--data-dir", t.TempDir()}
	a := start(t, nil, args...)
	b := start(t, nil, args...)

	token := signIn(t, a.url, true)
	id := ""
	if st, res := call(t, "POST", a.url+"/api/v1/journal", token, map[string]any{"body": "written on a"}); st != 201 {
		t.Fatalf("write on a: %d", st)
	} else {
		id = res["id"].(string)
	}
	if st, res := call(t, "GET", b.url+"/api/v1/journal/"+id, token, nil); st != 200 || res["body"] != "written on a" {
		t.Fatalf("a's session on b: %d %v", st, res)
	}
	if st, _ := call(t, "DELETE", b.url+"/api/v1/sessions/current", token, nil); st != 204 {
		t.Fatalf("logout on b: %d", st)
	}
	for name, inst := range map[string]*instance{"a": a, "b": b} {
		if st, _ := call(t, "GET", inst.url+"/api/v1/me", token, nil); st != 401 {
			t.Fatalf("after logout on b, the token still works on %s: %d", name, st)
		}
	}

	wrong := map[string]string{"username": "river", "passphrase": "not the passphrase at all"}
	for i := range 5 {
		inst := a
		if i%2 == 1 {
			inst = b
		}
		if st, _ := call(t, "POST", inst.url+"/api/v1/sessions", "", wrong); st != 401 {
			t.Fatalf("failure %d: %d", i+1, st)
		}
	}
	for name, inst := range map[string]*instance{"a": a, "b": b} {
		req, _ := http.NewRequest("POST", inst.url+"/api/v1/sessions", strings.NewReader(`{"username":"river","passphrase":"`+passphrase+`"}`))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
			t.Fatalf("after 5 failures spread over two instances, %s answered %d (Retry-After %q)", name, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	a.stop(t)
	b.stop(t)
}

func TestConfigShowsWhereValuesComeFromWithSecretsMasked(t *testing.T) {
	dir := t.TempDir()
	dbFile := filepath.Join(dir, "database-url")
	os.WriteFile(dbFile, []byte("postgres://kintsugi:s3cret-pw@db.internal/kintsugi\n"), 0o600)
	out, err := run(t, []string{"KINTSUGI_ADDR=0.0.0.0:8443", "KINTSUGI_DATABASE_FILE=" + dbFile}, "config", "--log-format", "json")
	if err != nil {
		t.Fatalf("config: %v\n%s", err, out)
	}
	for _, want := range []string{"addr", "0.0.0.0:8443", "$KINTSUGI_ADDR", "log-format", "json", "flag",
		"postgres://kintsugi:xxxxx@db.internal/kintsugi", "metrics-addr", "127.0.0.1:9464", "default"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "s3cret-pw") {
		t.Fatalf("config printed the database password:\n%s", out)
	}
	out, err = run(t, nil, "config", "--database", "x.db", "--database-file", dbFile)
	if err == nil || !strings.Contains(out, "not both") {
		t.Fatalf("--database with --database-file: %v %q", err, out)
	}
}
