package api

import (
	"net/http"

	"kintsugi/internal/account"
)

// hardDay serves GET /hard-day: a few of the person's own good things
// and strengths, chosen afresh each time.
func (a *API) hardDay(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	day, err := a.HardDay(r.Context(), p)
	if err != nil {
		return err
	}
	goodThings, _ := a.Tools.ByPath("good-things")
	strengths, _ := a.Tools.ByPath("strengths")
	b := append([]byte(nil), `{"good_things":[`...)
	for i := range day.GoodThings {
		if i > 0 {
			b = append(b, ',')
		}
		b = goodThings.AppendJSON(b, &day.GoodThings[i])
	}
	b = append(b, `],"strengths":[`...)
	for i := range day.Strengths {
		if i > 0 {
			b = append(b, ',')
		}
		b = strengths.AppendJSON(b, &day.Strengths[i])
	}
	b = append(b, "]}\n"...)
	writeRaw(w, http.StatusOK, b)
	return nil
}
