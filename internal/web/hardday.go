package web

import (
	"html/template"
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
)

// hardDayPage is a few of the person's own good things and strengths,
// brought back on a day when it is hard to remember any.
type hardDayPage struct {
	GoodThings, Strengths []remembered
	More                  bool // others to choose next time
}

// remembered is one good thing or strength as the page shows it: what it
// was, why or the evidence, and when it was written down.
type remembered struct {
	Title string
	Body  template.HTML
	When  when
	Href  string
}

func (app *Web) hardDay(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	day, err := app.HardDay(r.Context(), p)
	if err != nil {
		return err
	}
	pg := hardDayPage{
		GoodThings: app.remembered("good-things", "what", "why", day.GoodThings),
		Strengths:  app.remembered("strengths", "strength", "evidence", day.Strengths),
		More:       day.More,
	}
	app.render(w, r, http.StatusOK, "hard-day", view{Title: "For a hard day", Nav: "home", Data: pg})
	return nil
}

// remembered turns items of the kind at path into what the page shows,
// their title and body read from the named fields.
func (app *Web) remembered(path, title, body string, items []tool.Item) []remembered {
	k, _ := app.Tools.ByPath(path)
	_, t, _ := k.Field(title)
	_, b, _ := k.Field(body)
	out := make([]remembered, len(items))
	for i := range items {
		it := &items[i]
		out[i] = remembered{Title: it.Value[t].Str, When: whenOf(it.CreatedAt), Href: "/" + path + "/" + it.ID}
		if s := it.Value[b].Str; s != "" {
			out[i].Body = paragraphs(s)
		}
	}
	return out
}

// noExtra is a panel's extra part that needs no data.
func noExtra(*http.Request, *account.Person) (any, error) { return nil, nil }
