package web

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/together"
)

// The pages of a shared space share their head: who it is shared with,
// the space's places, and a pause when one is in force. Every page opens
// the space from the signed-in person's own membership: someone in none
// gets the same "not found" as for a page that does not exist.

// spaceTabs are the places of a shared space, in the order shown.
var spaceTabs = []struct{ Name, Href, Label string }{
	{"overview", "/together", "Overview"},
	{"commitments", "/together/commitments", "Commitments"},
	{"trust", "/together/trust", "Trust"},
	{"checkins", "/together/checkins", "This week"},
	{"questions", "/together/questions", "Questions"},
	{"repairs", "/together/repairs", "Repairs"},
	{"threads", "/together/threads", "Talk"},
}

// spaceHead is the head of a shared space's page.
type spaceHead struct {
	Space *together.Space
	Tab   string // the current place, one of spaceTabs
	Tabs  []struct{ Name, Href, Label string }
	Pause *pauseHead
	Loc   *time.Location
	Since string // when the viewer joined, as a date in their zone
}

// pauseHead is a pause in force, as the page says it.
type pauseHead struct {
	Mine  bool   // the viewer called it
	Until string // its end, in the viewer's time zone
	Note  string
}

// openSpace opens the person's shared space for a page at tab. A space the
// other has left opens too (read only); write handlers check Linked.
func (app *Web) openSpace(r *http.Request, p *account.Person, tab string) (*together.Space, spaceHead, error) {
	sp, err := app.Together.Open(r.Context(), p)
	if err != nil {
		return nil, spaceHead{}, err
	}
	loc, err := app.location(r, p)
	if err != nil {
		return nil, spaceHead{}, err
	}
	head := spaceHead{Space: sp, Tab: tab, Tabs: spaceTabs, Loc: loc, Since: sp.Since.In(loc).Format("2 January 2006")}
	pause, err := app.Together.Pause(r.Context(), sp)
	if err != nil {
		return nil, spaceHead{}, err
	}
	if pause != nil {
		head.Pause = &pauseHead{Mine: pause.Value.By == sp.Role, Until: pause.Value.Until.In(loc).Format("Monday 2 January, 15:04"),
			Note: pause.Value.Note}
	}
	return sp, head, nil
}
