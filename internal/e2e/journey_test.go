package e2e

import (
	"net/http"
	"testing"

	"kintsugi/internal/apptest"
)

// TestBrowserPartnerJourney has the one who caused the hurt choose their
// side in Settings, then read the home map and a step page written for
// them, in both schemes and at both widths.
func TestBrowserPartnerJourney(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", "stone_e2e"), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))
	b.follow("say the key is saved", http.StatusOK, click(`form[action="/recovery-key/saved"] button`))

	b.open("/settings", http.StatusOK)
	b.follow("choose the partner's journey", http.StatusOK, click("#journey-partner"), click(`form[action="/settings/journey"] button`))
	b.wantPath("/settings")
	b.audit("settings, the partner's journey")

	b.open("/", http.StatusOK)
	b.wantText("main", "Acknowledge the harm and your feelings", "Answer honestly")
	b.audit("home, the partner's journey")
	for _, slug := range []string{"understand-the-betrayal", "communicate-openly", "forgiveness"} {
		b.open("/steps/"+slug, http.StatusOK)
		b.audit("step " + slug + ", the partner's journey")
	}
}
