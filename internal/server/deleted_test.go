package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"kintsugi/internal/account"
	"kintsugi/internal/apptest"
	"kintsugi/internal/store"
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
			tok := writeCanaries(t, app, c, "leaving")
			if _, err := app.Accounts.SignUp(ctx, "staying", apptest.Passphrase, "10.0.0.8", false); err != nil {
				t.Fatal(err)
			}
			p, err := app.Accounts.Authenticate(ctx, tok)
			if err != nil {
				t.Fatal(err)
			}
			db := rawDB(t, app)
			secrets := ciphertexts(t, app, db, engine, p)
			var byPass, byRecovery []byte
			db.QueryRow(rebind(engine, `SELECT key_by_passphrase, key_by_recovery FROM users WHERE id = ?`), p.ID).Scan(&byPass, &byRecovery)
			secrets = append(secrets, byPass, byRecovery)
			if engine == "sqlite" {
				// The search below must find a ciphertext that is there.
				data := readAll(t, app.DSN, "", "-wal")
				for i, s := range secrets {
					if !bytes.Contains(data, s) {
						t.Fatalf("ciphertext or key %d is not in the SQLite files before the deletion: the search proves nothing", i)
					}
				}
			}

			if r := app.Do(t, "DELETE", "/api/v1/me", tok, map[string]string{"passphrase": apptest.Passphrase}); r.Status != 204 {
				t.Fatalf("delete: %d %s", r.Status, r.Body)
			}

			for _, table := range []string{"users WHERE id = ?", "sessions WHERE user_id = ?", "records WHERE user_id = ?", "drafts WHERE user_id = ?", "keypairs WHERE user_id = ?",
				"invitations WHERE user_id = ?", "space_members WHERE user_id = ?", "access_log WHERE user_id = ?"} {
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
				data := readAll(t, app.DSN, suffix)
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

// ciphertexts returns the start of every record and draft of p as
// stored, after checking that they are what writeCanaries wrote: two
// items of every kind (one as created, one edited) but the single kinds'
// one, an event of every kind of event, the profile, and drafts.
func ciphertexts(t *testing.T, app *apptest.App, db *sql.DB, engine string, p *account.Person) [][]byte {
	t.Helper()
	_, cat := load(t)
	items := 0
	for _, k := range cat.Kinds {
		want := 2
		if k.Parent != nil || k.Single {
			want = 1
		}
		kind := k.Items(app.Store, p).Collection().Index()
		if n := len(query(t, db, engine, `SELECT body FROM records WHERE user_id = ? AND kind = ?`, p.ID, kind)); n != want {
			t.Fatalf("found %d ciphertexts of kind %s, want %d", n, k.Name, want)
		}
		items += want
	}
	all := query(t, db, engine, `SELECT body FROM records WHERE user_id = ?`, p.ID)
	if len(all) != items+1 {
		t.Fatalf("found %d ciphertexts of the person, want %d: the items and the profile", len(all), items+1)
	}
	drafts := query(t, db, engine, `SELECT body FROM drafts WHERE user_id = ?`, p.ID)
	if len(drafts) == 0 {
		t.Fatal("found no drafts of the person: the search for them proves nothing")
	}
	return append(all, drafts...)
}

// query returns the first 48 bytes of the one column of every row q
// selects: enough to tell a ciphertext from any other.
func query(t *testing.T, db *sql.DB, engine, q string, args ...any) [][]byte {
	t.Helper()
	rows, err := db.Query(rebind(engine, q), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b[:min(len(b), 48)])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readAll returns the SQLite files path+suffix, one after another; a WAL
// that is not there is empty.
func readAll(t *testing.T, path string, suffixes ...string) []byte {
	t.Helper()
	var out []byte
	for _, s := range suffixes {
		data, err := os.ReadFile(path + s)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		out = append(out, data...)
	}
	return out
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

// rebind writes a query's placeholders the way the engine wants them.
func rebind(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	return store.Numbered(q)
}
