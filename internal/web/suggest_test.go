package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/apptest"
)

// Step 6 offers the milestones a person's own check-ins suggest; one
// kept becomes a milestone, one let go is not offered again, and neither
// comes back.
func TestSuggestedMilestonesCanBeKeptOrLetGo(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := newBrowser(t, app)
	b.signUp("river")
	b.post("/logout", nil)
	p := b.post("/login", url.Values{"username": {"river"}, "passphrase": {apptest.Passphrase}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", p.status)
	}
	api := app.Do(t, "POST", "/api/v1/sessions", "", map[string]string{"username": "river", "passphrase": apptest.Passphrase})
	riverTok := api.JSON(t)["token"].(string)
	for i := range 10 {
		app.Create(t, "/api/v1/checkins", riverTok, map[string]any{"created_at": time.Now().AddDate(0, 0, -40+i).UTC().Format(time.RFC3339),
			"emotions": []map[string]any{{"name": "hope", "intensity": 3}}})
	}
	page := b.get("/steps/be-patient")
	if !strings.Contains(page.body, "Your 10th check-in") || !strings.Contains(page.body, "A month since your first check-in") {
		t.Fatalf("step 6 suggests nothing:\n%s", page.body)
	}
	if p := b.post("/suggestions/checkins-10", url.Values{"keep": {"yes"}}); p.status != http.StatusSeeOther {
		t.Fatalf("keep: %d", p.status)
	}
	if p := b.post("/suggestions/month-since-first", url.Values{"keep": {"no"}}); p.status != http.StatusSeeOther {
		t.Fatalf("let go: %d", p.status)
	}
	page = b.get("/steps/be-patient")
	if strings.Contains(page.body, "Worth marking?") {
		t.Error("settled suggestions are offered again")
	}
	list := b.get("/milestones")
	if !strings.Contains(list.body, "Your 10th check-in") || strings.Contains(list.body, "A month since") {
		t.Errorf("the milestones after keeping one and letting one go:\n%s", list.body)
	}
	if p := b.post("/suggestions/checkins-10", url.Values{"keep": {"yes"}}); p.status != http.StatusNotFound {
		t.Errorf("keeping it twice: %d, want 404", p.status)
	}
}
