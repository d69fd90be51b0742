// Package web is kintsugi's HTML interface: server-rendered pages that work
// without JavaScript, with a little progressive enhancement (quick exit on
// Escape, local times). Handlers are small methods on Web, one concern per
// file; routes.go is the table.
package web

import (
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/journey"
	"kintsugi/internal/report"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// Web serves the HTML pages.
type Web struct {
	app.Services
	quickExit     string
	appName       string
	secureCookies bool

	assets *assets
	// pages are each side's templates by name: the same templates, with
	// that side's steps behind "step" and "steps".
	pages map[journey.Role]map[string]*template.Template
	// checkinParts are the check-in page's parts that are the same for
	// everyone, rendered once.
	checkinParts checkinParts
	// steps holds each step page's fixed parts, rendered once per side.
	steps map[journey.Role][]stepStatic
	// freshScale is the rating scale with nothing chosen, rendered once.
	freshScale template.HTML

	// The kinds some pages of their own read: the journal entries and
	// ratings on a step's page, the check-ins' history and chart.
	journal, checkins, ratings *tool.Kind
	// report gathers the report to bring to a therapist.
	report   *report.Builder
	rating   ratingView
	trendsOf struct {
		checkins tools.CheckinView
		ratings  tools.RatingView
	}
	// overrides are a kind's own pages in place of the usual ones, by
	// kind path and route pattern (a nil handler: no such page).
	overrides map[string]map[string]handler
	// panelExtras give a kind's panel on its step's page more to show,
	// drawn by the part "extra-<path>": the milestones' panel looks back
	// over the timeline.
	panelExtras map[string]func(*http.Request, *account.Person) (any, error)
	// itemPanels give an item's page a part of the kind's own design,
	// drawn by "item-<path>": a story's causes as bars by weight.
	itemPanels map[string]func(*tool.Item) any
	// carryable matches the paths of forms whose content is worth
	// carrying across a sign-in: everything a person writes.
	carryable *regexp.Regexp
}

// ratingView is where a rating's fields are.
type ratingView struct{ step, value, note int }

// httpError is the table of statuses and words both surfaces answer
// from (the handlers' receiver is named app, after the package).
var httpError = app.HTTPError

// Options are the web interface's own settings.
type Options struct {
	// QuickExitURL is where the quick-exit control leads: a neutral page.
	QuickExitURL string
	// AppName is the only title a signed-in page has (default kintsugi).
	AppName string
	// SecureCookies marks cookies Secure even when TLS ends at a proxy.
	SecureCookies bool
}

// New parses the templates and hashes the static files; any problem with
// them fails here, at start-up, not on a request.
func New(s app.Services, o Options) (*Web, error) {
	if o.AppName == "" {
		o.AppName = "kintsugi"
	}
	app := &Web{Services: s, appName: o.AppName, quickExit: o.QuickExitURL, secureCookies: o.SecureCookies}
	var err error
	if app.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := app.bindKinds(); err != nil {
		return nil, err
	}
	if err := app.parseTemplates(); err != nil {
		return nil, err
	}
	if err := app.checkParts(); err != nil {
		return nil, err
	}
	return app, nil
}

// checkParts makes sure every template part a tool's Go asks for exists,
// so that a missing one fails at start-up instead of leaving a blank on
// a page.
func (app *Web) checkParts() error {
	var want []string
	for _, k := range app.Tools.Kinds {
		if k.Behaviour().Summary != nil {
			want = append(want, "summary-"+k.Path)
		}
		for _, v := range k.Behaviour().Views {
			want = append(want, "view-"+k.Path+"-"+v.Name)
		}
	}
	for path := range app.itemPanels {
		want = append(want, "item-"+path)
	}
	for path := range app.panelExtras {
		want = append(want, "extra-"+path)
	}
	for _, name := range want {
		if app.pages[journey.Person]["tool-item"].Lookup(name) == nil {
			return fmt.Errorf("web: the template part %q is missing", name)
		}
	}
	return nil
}

// bindKinds finds the kinds the pages of their own read, and the forms
// that carry across a sign-in.
func (app *Web) bindKinds() error {
	for path, dst := range map[string]**tool.Kind{"journal": &app.journal, "checkins": &app.checkins, "ratings": &app.ratings} {
		k, ok := app.Tools.ByPath(path)
		if !ok {
			return fmt.Errorf("web: no kind at %s", path)
		}
		*dst = k
	}
	for name, dst := range map[string]*int{"step": &app.rating.step, "value": &app.rating.value, "note": &app.rating.note} {
		if _, i, ok := app.ratings.Field(name); ok {
			*dst = i
		} else {
			return fmt.Errorf("web: ratings have no field %s", name)
		}
	}
	var err error
	if app.report, err = report.NewBuilder(app.Store, app.Tools, app.Guide); err != nil {
		return err
	}
	if app.trendsOf.checkins, err = tools.NewCheckinView(app.Tools); err != nil {
		return err
	}
	if app.trendsOf.ratings, err = tools.NewRatingView(app.Tools); err != nil {
		return err
	}
	app.overrides = map[string]map[string]handler{
		"checkins": {
			"GET /checkins":           app.checkinHistory,
			"GET /checkins/new":       app.checkinForm,
			"POST /checkins":          app.createCheckin,
			"GET /checkins/{id}":      app.showCheckin,
			"GET /checkins/{id}/edit": app.editCheckin,
			"POST /checkins/{id}":     app.updateCheckin,
		},
	}
	app.panelExtras = map[string]func(*http.Request, *account.Person) (any, error){
		"milestones":    app.lookingBack,
		"selfcare-plan": app.selfCarePanel,
		"hard-dates":    app.hardDateSuggestions,
		"good-things":   noExtra, // a way to the hard day
	}
	stories, ok := app.Tools.ByPath("stories")
	if !ok {
		return fmt.Errorf("web: no kind at stories")
	}
	app.itemPanels = map[string]func(*tool.Item) any{
		"stories":      func(it *tool.Item) any { return app.causes(stories, it) },
		"expectations": app.became,
	}
	if triggers, ok := app.Tools.ByPath("triggers"); ok {
		app.itemPanels["triggers"] = triggerPanel(triggers)
	}
	if hard, ok := app.Tools.ByPath("hard-dates"); ok {
		app.itemPanels["hard-dates"] = hardDatePanel(app.Tools, hard)
	}
	var paths []string
	for _, k := range app.Tools.Kinds {
		if k.Parent == nil {
			paths = append(paths, regexp.QuoteMeta(k.Path))
		}
	}
	// In a shared space: proposing and editing a commitment, a note on
	// one, the weekly check-in, a question and its answer, a repair and
	// its response, a conversation and its messages.
	shared := `^/together/(commitments|checkins|questions|repairs|threads)(/[A-Z2-7]{26}(/checkins|/answer|/response|/messages)?)?$|^/shares$`
	// The report's form: what the person wants to talk about.
	reportForms := `|^/report(/preview|\.pdf)?$`
	app.carryable = regexp.MustCompile(`^/(` + strings.Join(paths, "|") + `)(/[A-Z2-7]{26}(/events)?)?$|^/steps/[a-z0-9-]+/rating$|` + shared + reportForms)
	return nil
}
