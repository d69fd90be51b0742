package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"kintsugi/internal/apptest"
)

// pixel is the user agent of the person's phone.
const pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"

// TestBrowserSessions: a person asks to be told of new sign-ins, signs in
// on a second device (their phone, through the API), is told of it on the
// home page, sees both devices in their list, ends the phone's session,
// and reads both sign-ins and the ending in their access log.
func TestBrowserSessions(t *testing.T) {
	const who = "wren_e2e"
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", who), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	b.follow("say the key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))

	b.open("/settings", http.StatusOK)
	b.follow("ask to be told of new sign-ins", http.StatusOK,
		click("#notice"), click(`form[action="/settings/sign-in-notice"] button[type=submit]`))
	b.wantPath("/settings")
	b.audit("settings with the sign-in notice")

	phone := signInFrom(t, app, who, pixel)
	b.open("/", http.StatusOK)
	b.wantText(".sign-ins", "New sign-ins since you last looked", "Signed in on Chrome on Android")
	b.audit("home with a new sign-in")

	b.follow("go to end that session", http.StatusOK, click(`.sign-ins a[href="/settings/sessions"]`))
	b.wantPath("/settings/sessions")
	if n := b.count(".sessions > li"); n != 2 {
		t.Fatalf("%d sessions listed, want 2", n)
	}
	b.wantText(".sessions li.current", "This device")
	b.wantText(".sessions li:not(.current)", "Chrome on Android")
	b.audit("sessions")

	b.follow("end the phone's session", http.StatusOK, click(`.sessions li:not(.current) button[type=submit]`))
	b.wantPath("/settings/sessions")
	b.wantText(".flash", "That session is ended")
	if n := b.count(".sessions > li"); n != 1 {
		t.Fatalf("%d sessions listed after ending one, want 1", n)
	}
	if r := app.Do(t, "GET", "/api/v1/me", phone, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("the phone's token after its session was ended: %d", r.Status)
	}

	// Seeing the list was seeing the new sign-in.
	b.open("/", http.StatusOK)
	if n := b.count(".sign-ins"); n != 0 {
		t.Error("the home page still tells of the sign-in after the sessions page was seen")
	}

	b.open("/settings/access-log", http.StatusOK)
	b.wantText("ol.log", "A session ended on Chrome on Android", "you ended it from your list of sessions",
		"Signed in on Chrome on Android", "Signed in on Chrome on Linux", "when you made your account")
	b.audit("access log")
}

// signInFrom signs who in through the API with a user agent and returns
// the token.
func signInFrom(t *testing.T, app *apptest.App, who, agent string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": who, "passphrase": passphrase})
	req, _ := http.NewRequest("POST", app.URL+"/api/v1/sessions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", agent)
	res, err := app.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("sign in from the phone: %d %v", res.StatusCode, err)
	}
	return out.Token
}
