package api

import "net/http"

// Route is one API route.
type Route struct {
	Method string
	Path   string
	Auth   bool // needs a bearer token
	handle handler
}

// Routes lists the API's routes; the OpenAPI test compares them with the
// document.
func (a *API) Routes() []Route { return a.routes() }

func (a *API) routes() []Route {
	routes := []Route{
		{http.MethodGet, Prefix + "/openapi.json", false, a.openAPI},

		{http.MethodPost, Prefix + "/accounts", false, a.createAccount},
		{http.MethodPost, Prefix + "/sessions", false, a.createSession},
		{http.MethodDelete, Prefix + "/sessions/current", true, a.deleteSession},
		{http.MethodGet, Prefix + "/me", true, a.me},
		{http.MethodPut, Prefix + "/me", true, a.setMe},
		{http.MethodDelete, Prefix + "/me", true, a.deleteMe},
		{http.MethodGet, Prefix + "/export", true, a.export},
		{http.MethodPost, Prefix + "/import", true, a.importArchive},

		{http.MethodGet, Prefix + "/steps", false, a.listSteps},
		{http.MethodGet, Prefix + "/emotions", false, a.listEmotions},
		{http.MethodGet, Prefix + "/timeline", true, a.timeline},
		{http.MethodGet, Prefix + "/trends", true, a.trends},
		{http.MethodGet, Prefix + "/milestones/suggestions", true, a.suggestions},
		{http.MethodPost, Prefix + "/milestones/suggestions/{key}", true, a.settle},

		{http.MethodPost, Prefix + "/together/invitations", true, a.invite},
		{http.MethodPost, Prefix + "/together/accept", true, a.acceptInvitation},
		{http.MethodGet, Prefix + "/together", true, a.link},
		{http.MethodDelete, Prefix + "/together", true, a.unlink},
		{http.MethodGet, Prefix + "/hard-day", true, a.hardDay},
		{http.MethodGet, Prefix + "/today", true, a.today},
		{http.MethodPost, Prefix + "/today/not-today", true, a.notToday},
		{http.MethodGet, Prefix + "/search", true, a.search},
	}
	routes = append(routes, a.accessRoutes()...)
	routes = append(routes, a.spaceRoutes()...)
	routes = append(routes, a.talkRoutes()...)
	routes = append(routes, a.shareRoutes()...)
	routes = append(routes, a.weeklyRoutes()...)
	routes = append(routes, a.reportRoutes()...)
	return append(routes, a.toolRoutes()...)
}
