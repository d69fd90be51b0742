package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/api"
	"kintsugi/internal/apptest"
)

// accountScenarios sign people up: POST /accounts.
func accountScenarios() []scenario {
	post := func(name string, body any, status int, code, field string) scenario {
		return scenario{name: "sign up: " + name, method: "POST", path: "/accounts", body: body, status: status, code: code, field: field}
	}
	created := post("created", creds("  New.Person ", apptest.Passphrase), 201, "", "")
	created.check = func(t *testing.T, f *fixture, r response) {
		if u := r.json(t)["username"]; u != "new.person" {
			t.Errorf("username %v, want it trimmed and lower-case", u)
		}
		f.tokens["new.person"] = f.login(t, "new.person")
		f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", who: "new.person"})
	}
	throttled := post("too many sign-ups from one address", creds("one.too.many", apptest.Passphrase), 429, "too_many_attempts", "")
	throttled.setup = func(t *testing.T, f *fixture) {
		for i := range 40 {
			r := f.do(t, request{method: "POST", path: api.Prefix + "/accounts", body: creds(fmt.Sprintf("filler%02d", i), apptest.Passphrase)})
			switch r.status {
			case 429:
				return
			case 201:
			default:
				t.Fatalf("sign-up %d: %d %s", i, r.status, r.body)
			}
		}
		t.Fatal("sign-ups from one address are never slowed")
	}
	return []scenario{
		created,
		throttled,
		post("username taken", creds("alice", apptest.Passphrase), 409, "username_taken", ""),
		post("username taken in another case", creds(" ALICE", apptest.Passphrase), 409, "username_taken", ""),
		post("weak passphrase", creds("new.person", "password123"), 422, "invalid", "passphrase"),
		post("short passphrase", creds("new.person", "kintsugi"), 422, "invalid", "passphrase"),
		post("passphrase over 1,024 characters", creds("new.person", strings.Repeat("quiet harbour ", 80)), 422, "invalid", "passphrase"),
		post("no passphrase", map[string]string{"username": "new.person"}, 422, "invalid", "passphrase"),
		post("username too short", creds("ab", apptest.Passphrase), 422, "invalid", "username"),
		post("username too long", creds(strings.Repeat("a", 33), apptest.Passphrase), 422, "invalid", "username"),
		post("username with a space", creds("new person", apptest.Passphrase), 422, "invalid", "username"),
		post("username starting with a dash", creds("-person", apptest.Passphrase), 422, "invalid", "username"),
		post("username with a NUL", creds("new\x00person", apptest.Passphrase), 422, "invalid", "username"),
		post("no username", map[string]string{"passphrase": apptest.Passphrase}, 422, "invalid", "username"),
	}
}

// sessionScenarios sign in and out: POST /sessions and DELETE
// /sessions/current.
func sessionScenarios() []scenario {
	post := func(name string, body any, status int, code string) scenario {
		return scenario{name: "sign in: " + name, method: "POST", path: "/sessions", body: body, status: status, code: code}
	}
	ok := post("signed in", creds("alice", apptest.Passphrase), 201, "")
	ok.check = func(t *testing.T, f *fixture, r response) {
		m := r.json(t)
		exp, err := time.Parse(time.RFC3339, m["expires_at"].(string))
		if err != nil || !exp.After(time.Now()) {
			t.Errorf("expires_at %v is not in the future", m["expires_at"])
		}
		f.must(t, 200, request{method: "GET", path: api.Prefix + "/me", token: m["token"].(string)})
	}
	unknown := post("unknown username", creds("nobody", apptest.Passphrase), 401, "invalid_credentials")
	unknown.check = func(t *testing.T, f *fixture, r response) {
		wrong := f.do(t, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", "not the passphrase at all")})
		if string(wrong.body) != string(r.body) {
			t.Errorf("an unknown username and a wrong passphrase answer differently:\n%s\n%s", r.body, wrong.body)
		}
	}
	throttled := post("slowed after repeated failures, even with the right passphrase", creds("alice", apptest.Passphrase), 429, "too_many_attempts")
	throttled.setup = func(t *testing.T, f *fixture) {
		for range 5 {
			f.must(t, 401, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", "a wrong guess at it")})
		}
	}
	// The device token of an earlier sign-in is counted on its own, so a
	// client that has signed in before still gets in.
	var device string
	ownDevice := post("the device token of an earlier sign-in gets past a stranger's failures",
		func(*testing.T, *fixture) any {
			return map[string]string{"username": "alice", "passphrase": apptest.Passphrase, "device_token": device}
		}, 201, "")
	ownDevice.setup = func(t *testing.T, f *fixture) {
		r := f.must(t, 201, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", apptest.Passphrase)})
		device, _ = r.json(t)["device_token"].(string)
		for range 6 {
			f.do(t, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", "a stranger's guess")})
		}
		f.must(t, 429, request{method: "POST", path: api.Prefix + "/sessions", body: creds("alice", apptest.Passphrase)})
	}
	ownDevice.check = func(t *testing.T, f *fixture, r response) {
		if next, _ := r.json(t)["device_token"].(string); next == "" || next == device {
			t.Errorf("device_token %q was not renewed", next)
		}
	}
	logout := scenario{name: "sign out", method: "DELETE", path: "/sessions/current", who: "alice", status: 204,
		check: func(t *testing.T, f *fixture, r response) {
			if r := f.do(t, request{method: "GET", path: api.Prefix + "/me", who: "alice"}); r.status != 401 {
				t.Errorf("the token still works after signing out: %d", r.status)
			}
			if r := f.do(t, request{method: "DELETE", path: api.Prefix + "/sessions/current", who: "alice"}); r.status != 401 {
				t.Errorf("signing out twice: %d, want 401", r.status)
			}
			f.tokens["alice"] = f.login(t, "alice")
			f.must(t, 200, request{method: "GET", path: api.Prefix + "/checkins/{checkin}", who: "alice"})
		}}
	return []scenario{
		ok,
		post("username in another case", creds(" Alice ", apptest.Passphrase), 201, ""),
		post("wrong passphrase", creds("alice", "not the passphrase at all"), 401, "invalid_credentials"),
		unknown,
		post("empty credentials", map[string]string{}, 401, "invalid_credentials"),
		post("a name that could never exist", creds("no\x00body", apptest.Passphrase), 401, "invalid_credentials"),
		throttled,
		ownDevice,
		logout,
		{name: "sign out: no token", method: "DELETE", path: "/sessions/current", status: 401, code: "unauthenticated"},
	}
}
