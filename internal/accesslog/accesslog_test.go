package accesslog_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"testing"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/apptest"
	"kintsugi/internal/record"
	"kintsugi/internal/testdb"
	"kintsugi/internal/vault"
)

const laptop, phone = "Firefox on Linux", "Safari on iPhone"

// signIn signs username in from device and returns the person.
func signIn(t *testing.T, app *apptest.App, username, device string) *account.Person {
	t.Helper()
	ctx := account.WithClient(context.Background(), account.Client{Device: device, Address: "203.0.113.x"})
	se, err := app.Accounts.LogIn(ctx, username, apptest.Passphrase, "203.0.113.9", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := app.Accounts.Authenticate(context.Background(), se.Token)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Sign-ins and ended sessions are in the person's log, newest first, with
// where they came from; the sessions list shows the same, and ending one
// there is logged too.
func TestSessionsAreLogged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		app := apptest.NewWithDSN(t, dsn)
		if _, err := app.Accounts.SignUp(ctx, "river", apptest.Passphrase, "203.0.113.9", false); err != nil {
			t.Fatal(err)
		}
		here := signIn(t, app, "river", laptop)
		there := signIn(t, app, "river", phone)

		list, err := app.Accounts.Sessions(ctx, here)
		if err != nil || len(list) != 2 {
			t.Fatalf("sessions %+v, %v", list, err)
		}
		if list[0].Device != phone || list[0].Current || list[1].Device != laptop || !list[1].Current || list[1].Address != "203.0.113.x" {
			t.Errorf("sessions %+v", list)
		}
		if len(list[0].ID) != 26 || list[0].ID != account.PublicSessionID(there.SessionID) {
			t.Errorf("public id %q", list[0].ID)
		}
		// Another person cannot end it, nor can a made-up id.
		if _, err := app.Accounts.SignUp(ctx, "stone", apptest.Passphrase, "203.0.113.9", false); err != nil {
			t.Fatal(err)
		}
		stone := signIn(t, app, "stone", laptop)
		for _, id := range []string{list[0].ID, "AAAAAAAAAAAAAAAAAAAAAAAAAA", ""} {
			if err := app.Accounts.EndSession(ctx, stone, id); !errors.Is(err, account.ErrNoSession) {
				t.Errorf("stone ends %q: %v", id, err)
			}
		}
		if err := app.Accounts.EndSession(ctx, here, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Accounts.Authenticate(ctx, "x"); err == nil {
			t.Fatal("a bad token signed in")
		}
		if err := app.Accounts.LogOut(ctx, here); err != nil {
			t.Fatal(err)
		}
		again := signIn(t, app, "river", laptop)
		entries, next, err := app.AccessLog.List(ctx, again, record.Page{Limit: 10})
		if err != nil || next != "" {
			t.Fatalf("list: %v, next %q", err, next)
		}
		want := []struct{ kind, device, what string }{
			{accesslog.SignIn, laptop, ""},
			{accesslog.SessionEnded, laptop, "you signed out"},
			{accesslog.SessionEnded, phone, "you ended it from your list of sessions"},
			{accesslog.SignIn, phone, ""},
			{accesslog.SignIn, laptop, ""},
		}
		if len(entries) != len(want) {
			t.Fatalf("%d entries, want %d: %+v", len(entries), len(want), entries)
		}
		for i, w := range want {
			e := entries[i]
			if e.Kind != w.kind || e.Device != w.device || e.What != w.what || e.Address != "203.0.113.x" || e.At.IsZero() || e.ID == "" {
				t.Errorf("entry %d: %+v, want %+v", i, e, w)
			}
		}
		if entries[0].Session != account.PublicSessionID(again.SessionID) {
			t.Errorf("the sign-in names session %q", entries[0].Session)
		}
		// Pages follow each other.
		first, next, err := app.AccessLog.List(ctx, again, record.Page{Limit: 2})
		if err != nil || len(first) != 2 || next != first[1].ID {
			t.Fatalf("first page %d, %q, %v", len(first), next, err)
		}
		rest, next, err := app.AccessLog.List(ctx, again, record.Page{Limit: 10, Cursor: next})
		if err != nil || len(rest) != 3 || next != "" || rest[0].ID != entries[2].ID {
			t.Fatalf("second page %d, %q, %v", len(rest), next, err)
		}
		if _, _, err := app.AccessLog.List(ctx, again, record.Page{Limit: 2, Cursor: "nope"}); !errors.Is(err, record.ErrCursor) {
			t.Errorf("a bad cursor: %v", err)
		}
		since, err := app.AccessLog.Since(ctx, again, entries[1].At, 10)
		if err != nil || len(since) != 1 || since[0].ID != entries[0].ID {
			t.Errorf("since: %+v, %v", since, err)
		}
		// stone's log holds stone's alone.
		theirs, _, err := app.AccessLog.List(ctx, stone, record.Page{Limit: 10})
		if err != nil || len(theirs) != 1 {
			t.Errorf("stone's log: %+v, %v", theirs, err)
		}
		// Signing out everywhere and changing the passphrase are logged,
		// one entry for every session they end.
		signIn(t, app, "river", phone)
		if err := app.Accounts.ChangePassphrase(ctx, again, apptest.Passphrase, apptest.Passphrase+" again"); err != nil {
			t.Fatal(err)
		}
		latest, _, _ := app.AccessLog.List(ctx, again, record.Page{Limit: 1})
		if len(latest) != 1 || latest[0].Kind != accesslog.SessionEnded || latest[0].Device != phone || latest[0].What != "your passphrase was changed" {
			t.Errorf("after the passphrase change: %+v", latest)
		}
		if err := app.Accounts.LogOutEverywhere(ctx, again); err != nil {
			t.Fatal(err)
		}
	})
}

// An entry is written with nothing of the person's but their public key,
// is sealed so that the row shows its time alone, and opens for nobody
// else, nor moved to another row.
func TestEntriesAreSealed(t *testing.T) {
	ctx := context.Background()
	app := apptest.New(t, "sqlite")
	for _, name := range []string{"river", "stone"} {
		if _, err := app.Accounts.SignUp(ctx, name, apptest.Passphrase, "203.0.113.9", false); err != nil {
			t.Fatal(err)
		}
	}
	river := signIn(t, app, "river", laptop)
	stone := signIn(t, app, "stone", laptop)
	opened := accesslog.Entry{Kind: accesslog.ShareOpened, By: "dr.marlow", Share: "S1", What: "a summary report"}
	if err := app.AccessLog.Add(ctx, river.ID, opened); err != nil {
		t.Fatal(err)
	}
	if err := app.AccessLog.Add(ctx, river.ID, accesslog.Entry{Kind: "made-up"}); err == nil {
		t.Error("an unknown kind was added")
	}
	if err := app.AccessLog.Add(ctx, "nobody", opened); !errors.Is(err, accesslog.ErrNoKey) {
		t.Errorf("an entry for nobody: %v", err)
	}
	db, err := sql.Open("sqlite", app.DSN+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT user_id, id, created_at, body FROM access_log`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		user, id string
		at       int64
		body     []byte
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.user, &r.id, &r.at, &r.body); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	for _, r := range all {
		for _, s := range []string{"dr.marlow", "summary", laptop, "203.0.113"} {
			if bytes.Contains(r.body, []byte(s)) {
				t.Errorf("an entry holds %q in the clear", s)
			}
		}
	}
	// The row opens with river's private key and its own associated
	// data alone: not with stone's key, nor as another row or person's.
	var r row
	for _, r = range all {
		if r.user == river.ID {
			break
		}
	}
	at := strconv.FormatInt(r.at, 10)
	mine, _ := app.Accounts.KeyPair(ctx, river)
	theirs, _ := app.Accounts.KeyPair(ctx, stone)
	if _, err := mine.Open(r.body, "access-log", river.ID, r.id, at); err != nil {
		t.Fatalf("river's entry does not open with its own associated data: %v", err)
	}
	for name, try := range map[string]func() ([]byte, error){
		"with stone's key": func() ([]byte, error) { return theirs.Open(r.body, "access-log", river.ID, r.id, at) },
		"as stone's":       func() ([]byte, error) { return mine.Open(r.body, "access-log", stone.ID, r.id, at) },
		"as another entry": func() ([]byte, error) { return mine.Open(r.body, "access-log", river.ID, "E2", at) },
		"at another time":  func() ([]byte, error) { return mine.Open(r.body, "access-log", river.ID, r.id, "1") },
	} {
		if _, err := try(); !errors.Is(err, vault.ErrOpen) {
			t.Errorf("river's entry opened %s: %v", name, err)
		}
	}
	got, _, err := app.AccessLog.List(ctx, river, record.Page{Limit: 10})
	if err != nil || len(got) != 2 || got[0].By != "dr.marlow" || got[0].What != "a summary report" || got[0].Kind != accesslog.ShareOpened {
		t.Fatalf("river's log: %+v, %v", got, err)
	}
	if time.Since(got[0].At) > time.Minute {
		t.Errorf("the entry's time %v", got[0].At)
	}
}
