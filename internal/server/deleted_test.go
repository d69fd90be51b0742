package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"

	"kintsugi/internal/account"
	"kintsugi/internal/apptest"
	"kintsugi/internal/testdb"
)

// After an account is deleted nothing of it can be read: its rows are gone
// on both engines, its sessions and recovery key open nothing, and on
// SQLite not even its ciphertext or wrapped keys remain in the files.
func TestDeletedAccountLeavesNothing(t *testing.T) {
	for _, engine := range testdb.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			app := apptest.New(t, engine)
			c := canaries(t)
			tok := app.Person(t, "leaving")
			if _, err := app.Accounts.SignUp(ctx, "staying", apptest.Passphrase, "10.0.0.8", false); err != nil {
				t.Fatal(err)
			}
			for _, body := range []string{c["journal body"], c["edited body"]} {
				app.Create(t, "/api/v1/journal", tok, map[string]any{"title": c["journal title"], "body": body})
			}
			app.Create(t, "/api/v1/checkins", tok, map[string]any{"emotions": []map[string]any{{"name": "grief", "intensity": 9}}, "note": c["check-in note"]})
			p, err := app.Accounts.Authenticate(ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			db := rawDB(t, app)
			var secrets [][]byte
			rows, err := db.Query(rebind(engine, `SELECT body FROM records WHERE user_id = ?`), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var b []byte
				rows.Scan(&b)
				secrets = append(secrets, b[:48])
			}
			rows.Close()
			var byPass, byRecovery []byte
			db.QueryRow(rebind(engine, `SELECT key_by_passphrase, key_by_recovery FROM users WHERE id = ?`), p.ID).Scan(&byPass, &byRecovery)
			secrets = append(secrets, byPass, byRecovery)
			if len(secrets) != 5 {
				t.Fatalf("found %d ciphertexts and keys of the person, want 5", len(secrets))
			}

			if r := app.Do(t, "DELETE", "/api/v1/me", tok, map[string]string{"passphrase": apptest.Passphrase}); r.Status != 204 {
				t.Fatalf("delete: %d %s", r.Status, r.Body)
			}

			for _, table := range []string{"users WHERE id = ?", "sessions WHERE user_id = ?", "records WHERE user_id = ?"} {
				var n int
				if err := db.QueryRow(rebind(engine, `SELECT COUNT(*) FROM `+table), p.ID).Scan(&n); err != nil || n != 0 {
					t.Errorf("%d rows left in %s (%v)", n, table, err)
				}
			}
			if r := app.Do(t, "GET", "/api/v1/me", tok, nil); r.Status != 401 {
				t.Errorf("the deleted person's token: %d", r.Status)
			}
			if _, err := app.Accounts.LogIn(ctx, "leaving", apptest.Passphrase, "10.0.0.9", ""); !errors.Is(err, account.ErrCredentials) {
				t.Errorf("signing in to the deleted account: %v", err)
			}
			if _, err := app.Accounts.LogIn(ctx, "staying", apptest.Passphrase, "10.0.0.9", ""); err != nil {
				t.Errorf("the other person cannot sign in any more: %v", err)
			}
			if engine != "sqlite" {
				return
			}
			for _, suffix := range []string{"", "-wal"} {
				data, _ := os.ReadFile(app.DSN + suffix)
				for i, s := range secrets {
					if bytes.Contains(data, s) {
						t.Errorf("kintsugi.db%s still holds ciphertext or key %d of the deleted account", suffix, i)
					}
				}
				assertAbsent(t, "kintsugi.db"+suffix, data, c)
			}
		})
	}
}

// rawDB opens the app's database directly, as a thief or an operator would.
func rawDB(t *testing.T, app *apptest.App) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if testdb.Schema(app.DSN) != "" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, app.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rebind writes a query's one placeholder the way the engine wants it.
func rebind(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	return strings.Replace(q, "?", "$1", 1)
}
