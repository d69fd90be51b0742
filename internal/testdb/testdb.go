// Package testdb gives each test a fresh, empty database on every engine
// kintsugi supports: a SQLite file in a temporary directory, and a private
// schema on the PostgreSQL server named by KINTSUGI_TEST_POSTGRES (default
// the local server at 127.0.0.1:5432). Where PostgreSQL is not reachable
// its tests are skipped with a message saying so.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// DefaultPostgres is the server the PostgreSQL tests use unless
// KINTSUGI_TEST_POSTGRES names another ("off" disables them).
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Engines are the engines every store test runs on.
var Engines = []string{"sqlite", "postgres"}

// Each runs fn once per engine as a subtest, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, DSN(t, engine))
		})
	}
}

// DSN returns the connection string of a fresh, empty database on engine,
// removed when the test ends.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return filepath.Join(t.TempDir(), "kintsugi.db")
	case "postgres":
		return postgresSchema(t)
	}
	t.Fatalf("testdb: unknown engine %q", engine)
	return ""
}

// PostgresServer returns the admin URL of the test server, skipping the
// test (loudly) when there is none.
func PostgresServer(t testing.TB) string {
	t.Helper()
	pgOnce.Do(probePostgres)
	if pgErr != nil {
		t.Skipf("SKIPPED: PostgreSQL tests did not run: %v", pgErr)
	}
	return pgURL
}

var (
	pgOnce sync.Once
	pgURL  string
	pgErr  error
)

func probePostgres() {
	pgURL = os.Getenv("KINTSUGI_TEST_POSTGRES")
	if pgURL == "" {
		pgURL = DefaultPostgres
	}
	if pgURL == "off" {
		pgErr = fmt.Errorf("KINTSUGI_TEST_POSTGRES=off")
		return
	}
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		pgErr = err
		return
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		pgErr = fmt.Errorf("no PostgreSQL server at %s (%v); start one or set KINTSUGI_TEST_POSTGRES", redact(pgURL), err)
		fmt.Fprintf(os.Stderr, "\n*** %v: PostgreSQL tests are SKIPPED ***\n\n", pgErr)
	}
}

// postgresSchema creates a private schema and returns a URL whose
// search_path points at it.
func postgresSchema(t testing.TB) string {
	t.Helper()
	admin := PostgresServer(t)
	schema := "kt_" + strings.ToLower(rand.Text()[:16])
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Schema returns the schema a DSN from DSN points at ("" for SQLite).
func Schema(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		return ""
	}
	return u.Query().Get("search_path")
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
