package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
	"kintsugi/internal/together"
)

// The shared space's canaries: what the person and the partner write in
// it, sealed under the space's key. Each is read back by the person
// through sharedReads, so the search for it could fail.

// sharedCanaries adds a canary for every text a member can write in a
// shared space to c.
func sharedCanaries(c map[string]string) {
	tag := c["time zone"] + c["wrong passphrase"] // unique to this run
	for i, name := range []string{
		"commitment", "commitment why", "commitment" + before, "commitment" + after,
		"commitment check-in note", "confirmed check-in note", "pause note",
		"question", "answer", "repair", "repair response", "thread title", "message", "reply",
		"weekly note", "weekly note" + before, "weekly note" + after,
	} {
		c["shared "+name] = "shared" + name[:3] + string(rune('a'+i)) + tag[len(tag)-12:]
	}
}

// writeShared links the person (tok) with a partner and writes every
// shared canary: a commitment, one edited, notes on it by both, the
// week's check-in answered by both (the person's answers replaced), and
// a pause, left in force so its note can be read.
func writeShared(t *testing.T, app *apptest.App, c map[string]string, tok string) {
	t.Helper()
	partner := app.Person(t, "canary_partner")
	code := app.Do(t, "POST", "/api/v1/together/invitations", tok, map[string]bool{"safe": true, "no_pressure": true}).JSON(t)["code"]
	if r := app.Do(t, "POST", "/api/v1/together/accept", partner, map[string]any{"code": code}); r.Status != http.StatusCreated {
		t.Fatalf("link: %d %s", r.Status, r.Body)
	}
	cm := "/api/v1/together/commitments"
	id := app.Create(t, cm, partner, map[string]string{"text": c["shared commitment"], "why": c["shared commitment why"]})
	edited := app.Create(t, cm, partner, map[string]string{"text": c["shared commitment"+before]})
	if r := app.Do(t, "PUT", cm+"/"+edited, partner, map[string]string{"text": c["shared commitment"+after]}); r.Status != http.StatusOK {
		t.Fatalf("edit a commitment: %d %s", r.Status, r.Body)
	}
	if r := app.Do(t, "POST", cm+"/"+id+"/accept", tok, nil); r.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	app.Create(t, cm+"/"+id+"/checkins", tok, map[string]string{"outcome": "kept", "note": c["shared commitment check-in note"]})
	theirs := app.Create(t, cm+"/"+id+"/checkins", partner, map[string]string{"outcome": "kept", "note": c["shared confirmed check-in note"]})
	if r := app.Do(t, "POST", cm+"/"+id+"/checkins/"+theirs+"/confirm", tok, map[string]string{"outcome": "partly"}); r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	q := app.Create(t, "/api/v1/together/questions", tok, map[string]string{"text": c["shared question"]})
	if r := app.Do(t, "POST", "/api/v1/together/questions/"+q+"/answer", partner, map[string]string{"text": c["shared answer"]}); r.Status != http.StatusOK {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	rp := app.Create(t, "/api/v1/together/repairs", partner, map[string]string{"kind": "apology", "text": c["shared repair"]})
	if r := app.Do(t, "POST", "/api/v1/together/repairs/"+rp+"/response", tok, map[string]string{"text": c["shared repair response"]}); r.Status != http.StatusOK {
		t.Fatalf("respond: %d %s", r.Status, r.Body)
	}
	th := app.Create(t, "/api/v1/together/threads", tok, map[string]string{"title": c["shared thread title"], "text": c["shared message"]})
	app.Create(t, "/api/v1/together/threads/"+th+"/messages", partner, map[string]string{"text": c["shared reply"]})
	for _, answer := range []struct{ who, note string }{
		{tok, c["shared weekly note"+before]}, {partner, c["shared weekly note"]}, {tok, c["shared weekly note"+after]},
	} {
		if r := app.Do(t, "PUT", "/api/v1/together/checkins/current", answer.who, weeklyAnswers(answer.note)); r.Status != http.StatusOK {
			t.Fatalf("answer the weekly check-in: %d %s", r.Status, r.Body)
		}
	}
	until := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if r := app.Do(t, "PUT", "/api/v1/together/pause", partner, map[string]string{"until": until, "note": c["shared pause note"]}); r.Status != http.StatusOK {
		t.Fatalf("pause: %d %s", r.Status, r.Body)
	}
}

// weeklyAnswers answers every question of the weekly check-in with note.
func weeklyAnswers(note string) map[string]any {
	var answers []map[string]any
	for _, q := range together.Weekly().Questions {
		answers = append(answers, map[string]any{"question": q.ID, "value": 5, "note": note})
	}
	return map[string]any{"answers": answers}
}

// sharedReads are the API paths where the person reads the shared
// canaries back; a path ending in /{each} is read for each item its list
// holds.
var sharedReads = []string{"/api/v1/together", "/api/v1/together/commitments/{each}",
	"/api/v1/together/questions", "/api/v1/together/repairs", "/api/v1/together/threads/{each}",
	"/api/v1/together/checkins/current"}

// readShared returns what the person reads at sharedReads.
func readShared(t *testing.T, app *apptest.App, tok string) []byte {
	t.Helper()
	var out []byte
	for _, path := range sharedReads {
		list, each := strings.CutSuffix(path, "/{each}")
		r := app.Do(t, "GET", list, tok, nil)
		out = append(out, r.Body...)
		if !each {
			continue
		}
		for _, it := range r.JSON(t)["items"].([]any) {
			out = append(out, app.Do(t, "GET", list+"/"+it.(map[string]any)["id"].(string), tok, nil).Body...)
		}
	}
	return out
}
