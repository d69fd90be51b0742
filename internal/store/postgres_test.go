package store

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"kintsugi/internal/testdb"
)

// TestPostgresSynchronousCommit: a PostgreSQL store acknowledges a commit
// only once it is on disk (synchronous_commit=on, PostgreSQL's default)
// unless the URL asks for asynchronous commit, on every connection of its
// pools.
func TestPostgresSynchronousCommit(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, param, want string
	}{
		{"not in the URL", "", "on"},
		{"off in the URL", "off", "off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := testdb.DSN(t, "postgres") // skips loudly without PostgreSQL
			if tc.param != "" {
				u, err := url.Parse(dsn)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				q.Set("synchronous_commit", tc.param)
				u.RawQuery = q.Encode()
				dsn = u.String()
			}
			const conns = 3
			s, err := Open(ctx, dsn, Options{MaxConns: conns})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			note := serverDefault(t, tc.param)
			// On PostgreSQL both are one pool; each is checked anyway.
			for pool, db := range map[string]*sql.DB{"read": s.read, "write": s.write} {
				checkSessions(t, db, pool, conns, tc.want, note)
			}
			// And through the store's own statements, as SHOW answers it.
			var got string
			if err := s.queryRow(ctx, `SHOW synchronous_commit`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("SHOW synchronous_commit = %q, want %q%s", got, tc.want, note)
			}
		})
	}
}

// checkSessions holds n connections of db at once, so that each answer
// comes from a different session, and checks synchronous_commit on each.
func checkSessions(t *testing.T, db *sql.DB, pool string, n int, want, note string) {
	t.Helper()
	ctx := context.Background()
	pids := map[int]bool{}
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var pid int
		var got string
		if err := c.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		pids[pid] = true
		if got != want {
			t.Errorf("%s pool, backend %d: synchronous_commit = %q, want %q%s", pool, pid, got, want, note)
		}
	}
	if len(pids) != n {
		t.Errorf("%s pool: %d distinct sessions, want %d", pool, len(pids), n)
	}
}

// serverDefault names the test server's own setting when the URL left it
// to the server, to tell a kintsugi fault from a server configured
// otherwise.
func serverDefault(t *testing.T, param string) string {
	if param != "" {
		return ""
	}
	db, err := sql.Open("pgx", testdb.PostgresServer(t))
	if err != nil {
		return ""
	}
	defer db.Close()
	var v string
	if db.QueryRow(`SHOW synchronous_commit`).Scan(&v) != nil {
		return ""
	}
	return " (the test server's own default is " + v + ")"
}
