package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/markdown"
	"kintsugi/internal/safety"
	"kintsugi/internal/valid"
)

//go:embed templates
var templateFS embed.FS

// pages are the templates, each parsed with the layout and the shared
// partials once at start-up; a missing or broken template fails New.
var pages = []string{
	"welcome", "home", "signup", "recovery-key", "login", "recover", "resume", "settings",
	"step", "checkins", "checkin", "checkin-new", "timeline", "trends", "calendar", "tool-list", "tool-item", "tool-form", "tool-single",
	"confirm-delete", "help", "privacy", "error", "delete-account", "hard-day", "search", "together",
	"together-commitments", "together-commitment", "together-trust", "together-checkins",
	"supporters", "shares", "share-new", "share", "shared-with-me", "shared",
	"together-questions", "together-question", "together-repairs", "together-repair", "together-threads", "together-thread",
	"report-form", "report", "sessions", "access-log",
}

func (app *Web) parseTemplates() error {
	funcs := template.FuncMap{
		"asset":    app.assets.URL,
		"markdown": markdown.Render,
		"excerpt":  markdown.Excerpt,
		"date":     func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
		"datetime": func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04") + " UTC" },
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"slug":     app.stepSlug,
		"feeling":  app.emotionLabel,
		// dial is a crisis line's tel: or sms: link, which html/template
		// would otherwise refuse as an unknown scheme; package safety
		// checked every number when it loaded them.
		"dial":    func(l safety.Line) template.URL { return template.URL(l.Href()) },
		"upto":    upto,
		"problem": func(p valid.Problems, field string) string { return p.For(field) },
		"itoa":    strconv.Itoa,
		"add":     sum,
		"neg":     func(n int) int { return -n },
		"deref":   func(f *float64) float64 { return *f },
		"span":    span,
		"plural":  plural,
		"feelingFields": func(groups []journey.Group, form checkinForm, invalid string) feelingFields {
			return feelingFields{Groups: groups, Form: form, Invalid: invalid != ""}
		},
	}
	maps.Copy(funcs, sideFuncs(app.Guide.Side))
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/tools.html", "templates/panels.html")
	if err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	app.pages = map[journey.Role]map[string]*template.Template{}
	for _, role := range journey.Roles {
		app.pages[role] = map[string]*template.Template{}
	}
	partner := sideFuncs(app.Guide.For(journey.Partner))
	for _, name := range pages {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, "templates/"+name+".html")
		}
		var pt *template.Template
		if err == nil {
			// The partner's pages are the same templates with the
			// partner's steps behind the side's functions, cloned
			// before any of them runs, as html/template requires.
			pt, err = t.Clone()
		}
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		app.pages[journey.Person][name], app.pages[journey.Partner][name] = t, pt.Funcs(partner)
	}
	if err := app.renderCheckinParts(); err != nil {
		return err
	}
	var fresh bytes.Buffer
	if err := app.pages[journey.Person]["step"].ExecuteTemplate(&fresh, "rating-scale", ""); err != nil {
		return fmt.Errorf("web: render the rating scale: %w", err)
	}
	app.freshScale = template.HTML(fresh.String())
	return app.renderSteps()
}

// sideFuncs are the template functions that differ by side: a step's
// title by its number, the twelve steps in order, and whose side it is.
func sideFuncs(side *journey.Side) template.FuncMap {
	return template.FuncMap{
		"step": func(n int) string {
			s, _ := side.Step(n)
			return s.Title
		},
		"steps":   func() []journey.Step { return side.Steps },
		"journey": func() string { return string(side.Role) },
	}
}

// stepStatic is the part of a step page that is the same for everyone
// on the same side.
type stepStatic struct {
	Guidance, Try, Prompts, Reading template.HTML
}

// renderSteps renders each step's fixed parts once for each side.
func (app *Web) renderSteps() error {
	app.steps = map[journey.Role][]stepStatic{}
	for _, role := range journey.Roles {
		side := app.Guide.For(role)
		part := func(name string, st journey.Step) (template.HTML, error) {
			var b bytes.Buffer
			if err := app.pages[role]["step"].ExecuteTemplate(&b, name, st); err != nil {
				return "", fmt.Errorf("web: render %s of the %s's step %d: %w", name, role, st.Number, err)
			}
			return template.HTML(b.String()), nil
		}
		static := make([]stepStatic, len(side.Steps))
		for i, st := range side.Steps {
			for path := range st.Tools {
				if k, ok := app.Tools.ByPath(path); !ok || k.Step != st.Number || k.Parent != nil {
					return fmt.Errorf("web: the %s's step %d has words for %q, which is not one of its tools", role, st.Number, path)
				}
			}
			var err error
			s := &static[i]
			for _, p := range []struct {
				name string
				dst  *template.HTML
			}{{"step-guidance", &s.Guidance}, {"step-try", &s.Try}, {"step-prompts", &s.Prompts}, {"step-reading", &s.Reading}} {
				if *p.dst, err = part(p.name, st); err != nil {
					return err
				}
			}
		}
		app.steps[role] = static
	}
	return nil
}

// feelingFields is what the "feeling-grid" template draws.
type feelingFields struct {
	Groups  []journey.Group
	Form    checkinForm
	Invalid bool // the form came back because no feeling was chosen
}

func sum(xs ...int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// plural writes "1 rating" or "3 ratings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// span returns from…to, for a scale's choices.
func span(from, to int) []int {
	s := make([]int, 0, max(0, to-from+1))
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// upto returns 0…n, for 0–10 scales.
func upto(n int) []int {
	s := make([]int, n+1)
	for i := range s {
		s[i] = i
	}
	return s
}

func (app *Web) stepSlug(n int) string {
	s, _ := app.Guide.Step(n)
	return s.Slug
}

func (app *Web) emotionLabel(name string) string {
	if e, ok := app.Guide.Emotion(name); ok {
		return e.Label
	}
	return name
}

// pageNav is the navigation item of pages rendered without one (a form
// sent back with a problem).
var pageNav = map[string]string{"settings": "settings", "delete-account": "settings", "sessions": "settings", "access-log": "settings"}

// view is what every page template receives.
type view struct {
	Title     string
	Nav       string // which navigation item is current
	Person    *account.Person
	Flash     string
	Crisis    *crisisBox // offer crisis resources at the top of the page
	QuickExit string
	AppName   string
	Linked    bool // the person shares a space: "Together" is in the navigation
	Supports  bool // the person supports someone: "Shared with me" is in it
	RequestID string
	Problems  valid.Problems
	Data      any
}

// render executes a page into a buffer, then writes it with status; a
// template error never leaves half a page behind.
func (app *Web) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.QuickExit, v.AppName = app.quickExit, app.appName
	if v.Nav == "" {
		v.Nav = pageNav[name]
	}
	v.RequestID = httpx.RequestID(r.Context())
	if v.Person == nil {
		v.Person = personFrom(r)
	}
	if v.Person != nil && app.Together != nil {
		// Only a linked person sees "Together" among the places they go;
		// the way to link is in Settings.
		_, err := app.Together.Link(r.Context(), v.Person)
		v.Linked = err == nil
	}
	if v.Person != nil && app.Shares != nil {
		sup, err := app.Shares.Supporting(r.Context(), v.Person)
		v.Supports = err == nil && len(sup) > 0
	}
	if flash := app.takeFlash(w, r); flash != "" {
		v.Flash = flashMessages[flash]
		if flash == flashCrisis {
			v.Crisis = app.crisisFor(r, v.Person)
		}
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := app.pages[app.sideOf(r.Context()).Role][name].ExecuteTemplate(buf, "layout", v); err != nil {
		app.Log.Error("render", "request_id", v.RequestID, "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageBuffers are reused between renders: growing a fresh buffer to a
// page's size was the largest allocation of a request.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // let an unusually large page's buffer go
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// fail renders an error page for err: a calm message, never the cause.
func (app *Web) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := httpError(err)
	if e.Status >= 500 {
		app.Log.Error("web error", "request_id", httpx.RequestID(r.Context()), "route", httpx.RouteOf(r), "err", e)
	}
	if after, ok := account.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(after.Seconds())))
	}
	title := map[int]string{
		http.StatusNotFound:         "Nothing here",
		http.StatusForbidden:        "That request was refused",
		http.StatusMethodNotAllowed: "Nothing here",
	}[e.Status]
	if title == "" {
		title = "Sorry, that did not work"
	}
	app.render(w, r, e.Status, "error", view{Title: title, Data: e})
}
