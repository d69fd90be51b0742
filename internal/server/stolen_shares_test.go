package server_test

import (
	"net/http"
	"strings"
	"testing"

	"kintsugi/internal/apptest"
)

// What the person shares: the notes of a share with a supporter and of a
// private link, read back by the person; the link's passcode and its
// secret, which no answer shows again (secretOnly), and which the
// database must not hold either.

// secretOnly marks a canary no answer shows back: the database keeps
// only what opens nothing.
const secretOnly = ", a secret"

// shareCanaries adds the shares' canaries to c.
func shareCanaries(c map[string]string) {
	tag := c["time zone"] + c["wrong passphrase"]
	for i, name := range []string{"share note", "link note", "link passcode" + secretOnly} {
		c[name] = "shares" + name[:3] + string(rune('a'+i)) + tag[len(tag)-12:]
	}
}

// writeShares makes a supporter of the person's and shares their journal
// entries with the supporter and through a link with a passcode; the
// link's secret joins the canaries.
func writeShares(t *testing.T, app *apptest.App, c map[string]string, tok string) {
	t.Helper()
	supporter := app.Person(t, "canary_supporter")
	code := app.Do(t, "POST", "/api/v1/supporters/invitations", tok, nil).JSON(t)["code"]
	id := app.Create(t, "/api/v1/supporting/accept", supporter, map[string]any{"code": code})
	list := app.Do(t, "GET", "/api/v1/journal?limit=100", tok, nil).JSON(t)["items"].([]any)
	var items []map[string]string
	for _, it := range list {
		items = append(items, map[string]string{"kind": "journal", "id": it.(map[string]any)["id"].(string)})
	}
	app.Create(t, "/api/v1/shares", tok, map[string]any{"to": id, "items": items, "note": c["share note"]})
	r := app.Do(t, "POST", "/api/v1/shares", tok, map[string]any{"to": "link", "items": items, "note": c["link note"], "passcode": c["link passcode"+secretOnly]})
	if r.Status != http.StatusCreated {
		t.Fatalf("a link: %d %s", r.Status, r.Body)
	}
	url := r.JSON(t)["url"].(string)
	c["link secret"+secretOnly] = url[strings.LastIndex(url, "/")+1:]
}

// readShares returns what the person reads of their shares.
func readShares(t *testing.T, app *apptest.App, tok string) []byte {
	t.Helper()
	r := app.Do(t, "GET", "/api/v1/shares", tok, nil)
	out := append([]byte(nil), r.Body...)
	for _, it := range r.JSON(t)["items"].([]any) {
		out = append(out, app.Do(t, "GET", "/api/v1/shares/"+it.(map[string]any)["id"].(string), tok, nil).Body...)
	}
	return out
}
