package web

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
)

// Search has a page of its own. The words looked for are what a person is
// most afraid someone else might see, so they never go into an address:
// the page's form is a POST (refused cross-site like every other), its
// answer is drawn at once rather than redirected to, and "older" is
// another POST. Browser history and the server's logs see only /search.

// searchPage is what the search page shows.
type searchPage struct {
	Q       string
	Asked   bool
	Rows    []searchRow
	Next    string // the cursor to search older writing from
	Through string // how far back this page searched, when it stopped before the end
	First   bool
}

// searchRow is one item found.
type searchRow struct {
	Href, Kind, Title string
	Excerpt           template.HTML // with the words found marked
	When              when
}

// searchSize is how many items the search page shows at once.
const searchSize = 20

func (app *Web) searchForm(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	app.render(w, r, http.StatusOK, "search", view{Title: "Search", Nav: "search", Data: &searchPage{First: true}})
	return nil
}

func (app *Web) search(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := &searchPage{Q: r.PostFormValue("q"), Asked: true}
	cursor := r.PostFormValue("cursor")
	page.First = cursor == ""
	q, err := tools.ParseQuery(page.Q)
	if err != nil {
		msg := "Type a word or two to look for."
		if errors.Is(err, tools.ErrLongQuery) {
			msg = "That is more than a search can hold. Try a few words, at most 8."
		}
		page.Asked = false
		app.render(w, r, http.StatusUnprocessableEntity, "search", view{Title: "Search", Nav: "search", Data: page,
			Problems: valid.Problems{{Field: "q", Message: msg}}})
		return nil
	}
	found, next, err := app.Search(r.Context(), p, q, searchSize, cursor)
	if err != nil {
		return err
	}
	for _, f := range found {
		kind := app.Tools.Words().Of(f.Kind).Title
		if f.Kind.Parent != nil {
			kind = app.Tools.Words().Of(f.Kind.Parent).Title + ": " + strings.ToLower(kind)
		}
		title := app.Tools.Words().Of(f.Kind).One
		if s := f.Kind.Summary(f.Item.Value); len(s) > 0 {
			title = excerpt(s[0], 80)
		}
		page.Rows = append(page.Rows, searchRow{Href: f.Href, Kind: kind, Title: title, When: whenOf(f.Item.CreatedAt),
			Excerpt: marked(f.Excerpt, q)})
	}
	if page.Next = next; next != "" && len(found) < searchSize {
		loc, err := app.location(r, p)
		if err != nil {
			return err
		}
		if at, ok := record.IDTime(next); ok {
			page.Through = at.In(loc).Format("2 January 2006")
		}
	}
	app.render(w, r, http.StatusOK, "search", view{Title: "Search", Nav: "search", Data: page})
	return nil
}

// marked is s, escaped, with the query's words in <mark>.
func marked(s string, q tools.Query) template.HTML {
	var b strings.Builder
	at := 0
	for _, m := range q.Marks(s) {
		b.WriteString(template.HTMLEscapeString(s[at:m[0]]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(s[m[0]:m[1]]))
		b.WriteString("</mark>")
		at = m[1]
	}
	b.WriteString(template.HTMLEscapeString(s[at:]))
	return template.HTML(b.String())
}
