package web

import (
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
)

// Mux is where the pages are registered: an *http.ServeMux, or a list a
// test walks, so that every page is in its tables.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Register adds the pages to mux.
func (app *Web) Register(mux Mux) {
	mux.Handle("GET /static/", app.assets)
	mux.Handle("GET /manifest.webmanifest", app.public(app.manifest))

	mux.Handle("GET /{$}", app.public(app.home))
	mux.Handle("GET /help", app.public(app.help))
	mux.Handle("GET /privacy", app.public(app.privacy))
	mux.Handle("GET /robots.txt", http.HandlerFunc(robots))
	mux.Handle("POST /leave", app.public(app.leave))

	mux.Handle("GET /signup", app.public(app.signupForm))
	mux.Handle("POST /signup", app.public(app.signup))
	mux.Handle("POST /signup/kit", app.private(app.emergencyKit))
	mux.Handle("GET /recovery-key", app.private(app.showRecoveryKey))
	mux.Handle("POST /recovery-key/saved", app.private(app.recoveryKeySaved))
	mux.Handle("GET /login", app.public(app.loginForm))
	mux.Handle("POST /login", app.public(app.login))
	mux.Handle("POST /logout", app.private(app.logout))
	mux.Handle("GET /recover", app.public(app.recoverForm))
	mux.Handle("POST /recover", app.public(app.recover))

	mux.Handle("GET /settings", app.private(app.settings))
	mux.Handle("POST /settings/passphrase", app.private(app.changePassphrase))
	mux.Handle("POST /settings/time-zone", app.private(app.setTimeZone))
	mux.Handle("POST /settings/quick-exit", app.private(app.setQuickExit))
	mux.Handle("POST /settings/journey", app.private(app.setJourney))
	mux.Handle("POST /settings/recovery-key", app.private(app.newRecoveryKey))
	mux.Handle("POST /settings/sign-out-everywhere", app.private(app.logoutEverywhere))
	mux.Handle("GET /settings/sessions", app.private(app.sessions))
	mux.Handle("POST /settings/sessions/{id}/end", app.private(app.endSession))
	mux.Handle("GET /settings/access-log", app.private(app.accessLog))
	mux.Handle("POST /settings/sign-in-notice", app.private(app.setSignInNotice))
	mux.Handle("POST /settings/sign-ins/seen", app.private(app.signInsSeen))
	mux.Handle("POST /settings/export", app.private(app.exportData))
	mux.Handle("GET /settings/export", app.public(app.toSettings))
	mux.Handle("POST /settings/import", app.private(app.importData))
	mux.Handle("GET /settings/delete", app.private(app.confirmDeleteAccount))
	mux.Handle("POST /settings/delete", app.private(app.deleteAccount))

	mux.Handle("GET /steps/{slug}", app.private(app.step))
	mux.Handle("POST /steps/{slug}/rating", app.private(app.rate))

	mux.Handle("GET /timeline", app.private(app.timeline))
	mux.Handle("GET /trends", app.private(app.trends))
	mux.Handle("GET /calendar", app.private(app.calendar))
	mux.Handle("GET /hard-day", app.private(app.hardDay))
	mux.Handle("POST /suggestions/{key}", app.private(app.settle))

	mux.Handle("GET /together", app.private(app.together))
	mux.Handle("POST /together/invitations", app.private(app.invite))
	mux.Handle("POST /together/accept", app.private(app.acceptInvitation))
	mux.Handle("POST /together/end", app.private(app.endLink))
	mux.Handle("POST /together/pause", app.private(app.setPause))
	mux.Handle("POST /together/pause/lift", app.private(app.liftPause))
	mux.Handle("GET /together/commitments", app.private(app.commitments))
	mux.Handle("POST /together/commitments", app.private(app.propose))
	mux.Handle("GET /together/commitments/{id}", app.private(app.commitment))
	mux.Handle("POST /together/commitments/{id}", app.private(app.editCommitment))
	mux.Handle("POST /together/commitments/{id}/accept", app.private(app.decideCommitment("accept")))
	mux.Handle("POST /together/commitments/{id}/decline", app.private(app.decideCommitment("decline")))
	mux.Handle("POST /together/commitments/{id}/end", app.private(app.decideCommitment("end")))
	mux.Handle("POST /together/commitments/{id}/checkins", app.private(app.addCommitmentCheckin))
	mux.Handle("POST /together/commitments/{id}/checkins/{checkin}/confirm", app.private(app.confirmCheckin))
	mux.Handle("GET /together/trust", app.private(app.trust))
	mux.Handle("POST /together/trust/settings", app.private(app.setTrustSettings))
	mux.Handle("GET /together/questions", app.private(app.questions))
	mux.Handle("POST /together/questions", app.private(app.ask))
	mux.Handle("GET /together/questions/{id}", app.private(app.question))
	mux.Handle("POST /together/questions/{id}/answer", app.private(app.answer))
	mux.Handle("GET /together/repairs", app.private(app.repairs))
	mux.Handle("POST /together/repairs", app.private(app.addRepair))
	mux.Handle("GET /together/repairs/{id}", app.private(app.repair))
	mux.Handle("POST /together/repairs/{id}/response", app.private(app.respond))
	mux.Handle("GET /together/threads", app.private(app.threads))
	mux.Handle("POST /together/threads", app.private(app.startThread))
	mux.Handle("GET /together/threads/{id}", app.private(app.thread))
	mux.Handle("POST /together/threads/{id}/messages", app.private(app.addMessage))
	mux.Handle("GET /together/checkins", app.private(app.weekly))
	mux.Handle("POST /together/checkins", app.private(app.answerWeek))
	mux.Handle("POST /today/not-today", app.private(app.notToday))
	mux.Handle("GET /search", app.private(app.searchForm))
	mux.Handle("POST /search", app.private(app.search))
	mux.Handle("POST /drafts", app.quietly(app.saveDraft))
	mux.Handle("POST /drafts/discard", app.private(app.discardDraft))
	app.toolRoutes(mux)

	mux.Handle("/", app.public(func(w http.ResponseWriter, r *http.Request, _ *account.Person) error { return httpx.NotFound }))
}
