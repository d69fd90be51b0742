package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/report"
	"kintsugi/internal/share"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// The pages of supporters and shares. The person's side (their
// supporters, what they share) and the supporter's side (what is shared
// with them) are separate pages, never mixed on one; a private link's page
// is for anyone who holds the link, signed in or not.

// supportersPage is the person's supporters, with a new invitation's code
// shown once.
type supportersPage struct {
	Supporters []supporterRow
	Code       string
	Expires    string
	Where      string // where a supporter types the code in
}

type supporterRow struct{ ID, Username, Since string }

func (app *Web) supportersPage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page supportersPage) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	all, err := app.Shares.Supporters(r.Context(), p)
	if err != nil {
		return err
	}
	page.Supporters = supporterRows(all, loc)
	app.render(w, r, status, "supporters", view{Title: "Supporters", Nav: "settings", Data: page})
	return nil
}

func supporterRows(all []store.Supporter, loc *time.Location) []supporterRow {
	out := make([]supporterRow, len(all))
	for i, s := range all {
		out[i] = supporterRow{ID: s.ID, Username: s.Username, Since: s.CreatedAt.In(loc).Format("2 January 2006")}
	}
	return out
}

func (app *Web) supporters(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.supportersPage(w, r, p, http.StatusOK, supportersPage{})
}

func (app *Web) inviteSupporter(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	inv, err := app.Shares.Invite(r.Context(), p)
	if err != nil {
		return err
	}
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	return app.supportersPage(w, r, p, http.StatusCreated, supportersPage{Code: inv.Code, Expires: inv.ExpiresAt.In(loc).Format("Monday 2 January, 15:04"),
		Where: app.address(r) + "/shared-with-me"})
}

func (app *Web) removeSupporter(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Shares.RemoveSupporter(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	app.redirect(w, r, "/supporters", "supporter-removed")
	return nil
}

// sharesPage lists the person's shares in force.
type sharesPage struct {
	Shares []shareRow
}

type shareRow struct {
	ID, To, Until, Made string
	Link                bool
}

func (app *Web) shares(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	all, err := app.Shares.Mine(r.Context(), p)
	if err != nil {
		return err
	}
	var page sharesPage
	for _, v := range all {
		page.Shares = append(page.Shares, shareRow{ID: v.ID, To: v.To, Link: v.Link, Until: until(v.ExpiresAt, loc),
			Made: v.CreatedAt.In(loc).Format("2 January 2006")})
	}
	app.render(w, r, http.StatusOK, "shares", view{Title: "Shares", Nav: "settings", Data: page})
	return nil
}

// newSharePage is the form to share: with whom, what, until when, as
// typed.
type newSharePage struct {
	Supporters                []supporterRow
	Kinds                     []shareKind
	To, Until, Note, Passcode string
	Today, Latest             string // the dates an end may be between
	// A summary report to share as well, as asked for: its days, its
	// parts (the journal entries are shared as items) and the talk.
	Report                           bool
	ReportFrom, ReportTo, ReportTalk string
	ReportParts                      []partChoice
}

// reportField names a report's problem on the share form.
func reportField(f string) string { return "report-" + f }

// shareKind is one kind's items a share can hold, newest first.
type shareKind struct {
	Title string
	Open  bool
	Items []shareChoice
}

type shareChoice struct {
	Value, Label string
	Chosen       bool
}

// choicesPerKind bounds how many of each kind's items the form offers.
const choicesPerKind = 25

func (app *Web) newSharePage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page newSharePage, chosen []string, problems valid.Problems) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	sups, err := app.Shares.Supporters(r.Context(), p)
	if err != nil {
		return err
	}
	page.Supporters = supporterRows(sups, loc)
	now := time.Now().In(loc)
	page.Today, page.Latest = now.Format(time.DateOnly), now.Add(share.MaxLife-24*time.Hour).Format(time.DateOnly)
	if page.Until == "" && problems == nil {
		page.Until = now.Add(share.DefaultLife).Format(time.DateOnly)
	}
	if page.ReportFrom == "" && page.ReportTo == "" {
		span, _ := report.Request{}.Options(loc, now)
		page.ReportFrom, page.ReportTo = span.From.Format(time.DateOnly), span.To.Format(time.DateOnly)
	}
	words := app.report.Words()
	asked, parts := page.reportParts(), []partChoice{}
	for _, name := range report.Parts {
		if name != report.Entries {
			parts = append(parts, partChoice{Name: name, Title: words.Sections[name].Title, Checked: slices.Contains(asked, name)})
		}
	}
	page.ReportParts = parts
	for _, k := range app.Tools.Kinds {
		if k.Parent != nil {
			continue
		}
		sk := shareKind{Title: k.Title(), Open: k.Path == "journal"}
		items := k.Items(app.Store, p)
		var got []tool.Item
		if k.Single {
			if one, ok, err := items.One(r.Context()); err != nil {
				return err
			} else if ok {
				got = []tool.Item{one}
			}
		} else if got, _, err = items.List(r.Context(), choicesPerKind, "", 0); err != nil {
			return err
		}
		// A chosen item older than those offered is offered too.
		for _, v := range chosen {
			path, id, _ := strings.Cut(v, ":")
			if path != k.Path || k.Single || slices.ContainsFunc(got, func(it tool.Item) bool { return it.ID == id }) {
				continue
			}
			if it, err := items.Get(r.Context(), id); err == nil {
				got = append([]tool.Item{it}, got...)
			} else if !errors.Is(err, tool.ErrNotFound) {
				return err
			}
		}
		for _, it := range got {
			label := it.CreatedAt.In(loc).Format("2 Jan 2006")
			if sum := k.Summary(it.Value); len(sum) > 0 {
				label = excerpt(sum[0], 80) + " · " + label
			}
			value := k.Path + ":" + it.ID
			if k.Single {
				value = k.Path + ":"
			}
			c := shareChoice{Value: value, Label: label}
			for _, v := range chosen {
				if v == value {
					c.Chosen, sk.Open = true, true
				}
			}
			sk.Items = append(sk.Items, c)
		}
		if len(sk.Items) > 0 {
			page.Kinds = append(page.Kinds, sk)
		}
	}
	app.render(w, r, status, "share-new", view{Title: "Share", Nav: "settings", Problems: problems, Data: page})
	return nil
}

// reportParts are the parts asked for, or, before anything is asked,
// those a report has by default.
func (page *newSharePage) reportParts() []string {
	if page.ReportParts != nil {
		var out []string
		for _, c := range page.ReportParts {
			if c.Checked {
				out = append(out, c.Name)
			}
		}
		return out
	}
	return report.DefaultParts
}

// newShare is the form to share, with whom (?to=) and what (?item=,
// kind:id, from an item's own page) already chosen when asked.
func (app *Web) newShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	q := r.URL.Query()
	page := newSharePage{To: q.Get("to")}
	return app.newSharePage(w, r, p, http.StatusOK, page, q["item"], nil)
}

func (app *Web) createShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := newSharePage{To: r.PostFormValue("to"), Until: r.PostFormValue("until"), Note: r.PostFormValue("note"), Passcode: r.PostFormValue("passcode"),
		Report: r.PostFormValue("report") == "yes", ReportFrom: r.PostFormValue("report-from"), ReportTo: r.PostFormValue("report-to"),
		ReportTalk: r.PostFormValue("report-talk")}
	asked := r.PostForm["report-parts"]
	for _, name := range asked {
		page.ReportParts = append(page.ReportParts, partChoice{Name: name, Checked: true})
	}
	if page.ReportParts == nil {
		page.ReportParts = []partChoice{} // none ticked
	}
	chosen := r.PostForm["item"]
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	d := share.Draft{To: page.To, Note: page.Note, Passcode: page.Passcode}
	if d.To != "link" {
		d.Passcode = ""
	}
	var problems valid.Problems
	if page.Until != "" {
		// Shared until the end of that day, in the person's time zone.
		day, err := time.ParseInLocation(time.DateOnly, page.Until, loc)
		if err != nil {
			problems.Add("expires_at", "Write the last day as a date, such as 2026-12-31.")
		}
		d.ExpiresAt = day.AddDate(0, 0, 1)
	}
	for _, v := range chosen {
		kind, id, _ := strings.Cut(v, ":")
		d.Items = append(d.Items, share.Ref{Kind: kind, ID: id})
	}
	if page.Report {
		rq := report.Request{From: page.ReportFrom, To: page.ReportTo, Parts: asked, Talk: page.ReportTalk}
		var err error
		switch d.Report, err = app.reportOptions(r, p, rq); {
		case len(asked) == 0:
			problems.Add(reportField("parts"), "Tick at least one part for the report, or leave the report out.")
		case err != nil:
			pr, ok := valid.As(err)
			if !ok {
				return err
			}
			for _, x := range pr {
				problems.Add(reportField(x.Field), x.Message)
			}
		}
	}
	if problems == nil {
		made, err := app.Shares.Create(r.Context(), p, d)
		if pr, ok := valid.As(err); ok {
			problems = pr
		} else if errors.Is(err, share.ErrFull) {
			// Said on the form, which keeps what was typed.
			problems.Add("items", "You have as many shares as can be at once. Revoke some you no longer need under What you share, then share this.")
		} else if err != nil {
			return err
		} else if made.Secret != "" {
			// The link's address is shown once, on the page the browser
			// is sent to: its secret goes there in a cookie of that page
			// alone, read once and cleared, and is kept nowhere on the
			// server. A reload of that page shows it no more, and makes
			// no second link.
			http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: made.Secret, Path: "/shares/" + made.ID, MaxAge: 300,
				HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteStrictMode})
			app.redirect(w, r, "/shares/"+made.ID, "link-made")
			return nil
		} else {
			app.redirect(w, r, "/shares/"+made.ID, "shared")
			return nil
		}
	}
	for i := range problems {
		if strings.HasPrefix(problems[i].Field, "items[") {
			problems[i].Field = "items"
		}
	}
	return app.newSharePage(w, r, p, http.StatusUnprocessableEntity, page, chosen, problems)
}

// sharePage is one share as its reader reads it: for its owner, with the
// way to revoke it, and a new link's address, shown once.
type sharePage struct {
	Reading readingPage
	ID, To  string
	Link    bool
	URL     string
}

// readingPage is what a share shows its reader.
type readingPage struct {
	From, Until, Note string
	Items             []readingItem
	Report            *reportView // a report shared as it was made
	// PDF is where the reader downloads the report as a PDF (a form's
	// action); Passcode goes with it for a private link.
	PDF, Passcode string
}

// readingItem is one shared item, its times in the reader's zone.
type readingItem struct {
	Title, Written, Changed string
	Lines                   []tool.Line
}

func (app *Web) sharePage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, v share.View, url string) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	page := sharePage{Reading: reading(v, loc), ID: v.ID, To: v.To, Link: v.Link, URL: url}
	app.render(w, r, status, "share", view{Title: "Share", Nav: "settings", Data: page})
	return nil
}

// until says when a share ends: "the end of" a day when it ends at
// midnight in the reader's zone, as one made from the form does.
func until(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 {
		return "the end of " + t.Add(-time.Minute).Format("Monday 2 January 2006")
	}
	return t.Format("Monday 2 January 2006, 15:04")
}

func reading(v share.View, loc *time.Location) readingPage {
	page := readingPage{From: v.From, Until: until(v.ExpiresAt, loc), Note: v.Note}
	for _, c := range v.Items {
		it := readingItem{Title: c.Title, Written: c.CreatedAt.In(loc).Format("2 January 2006"), Lines: c.Lines}
		if changed := c.UpdatedAt.In(loc).Format("2 January 2006"); !c.UpdatedAt.Equal(c.CreatedAt) {
			it.Changed = changed
		}
		page.Items = append(page.Items, it)
	}
	if v.Report != nil {
		page.Report = &reportView{Report: v.Report}
	}
	return page
}

// linkCookie carries a new link's secret to the one page that shows it.
const linkCookie = "kintsugi_link"

func (app *Web) shareOf(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := app.Shares.One(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	url := ""
	if c, err := r.Cookie(linkCookie); err == nil && v.Link {
		http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: "", Path: "/shares/" + v.ID, MaxAge: -1,
			HttpOnly: true, Secure: app.secure(r), SameSite: http.SameSiteStrictMode})
		// Only the secret of this very link is shown: its hash names it.
		if got, err := app.Shares.LinkOf(r.Context(), p, c.Value); err == nil && got == v.ID {
			url = app.address(r) + "/shared/" + c.Value
		}
	}
	return app.sharePage(w, r, p, http.StatusOK, v, url)
}

func (app *Web) revokeShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Shares.Revoke(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	app.redirect(w, r, "/shares", "revoked")
	return nil
}

// sharedWithMePage is the supporter's side: what is shared with them, by
// whom and until when, the people they support, and the form to accept a
// code, as typed.
type sharedWithMePage struct {
	Shares     []sharedRow
	Supporting []supporterRow
	Code       string
}

type sharedRow struct{ ID, From, Until, Note string }

func (app *Web) sharedWithMePage(w http.ResponseWriter, r *http.Request, p *account.Person, status int, page sharedWithMePage, problems valid.Problems) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	all, err := app.Shares.SharedWith(r.Context(), p)
	if err != nil {
		return err
	}
	for _, v := range all {
		page.Shares = append(page.Shares, sharedRow{ID: v.ID, From: v.From, Until: until(v.ExpiresAt, loc), Note: v.Note})
	}
	sup, err := app.Shares.Supporting(r.Context(), p)
	if err != nil {
		return err
	}
	page.Supporting = supporterRows(sup, loc)
	app.render(w, r, status, "shared-with-me", view{Title: "Shared with me", Nav: "shared", Problems: problems, Data: page})
	return nil
}

func (app *Web) sharedWithMe(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	return app.sharedWithMePage(w, r, p, http.StatusOK, sharedWithMePage{}, nil)
}

func (app *Web) acceptSupporting(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	page := sharedWithMePage{Code: r.PostFormValue("code")}
	_, err := app.Shares.Accept(r.Context(), p, page.Code, httpx.ClientAddr(r, app.TrustedProxies))
	if pr, ok := valid.As(err); ok {
		return app.sharedWithMePage(w, r, p, http.StatusUnprocessableEntity, page, pr)
	}
	if err != nil {
		return err
	}
	app.redirect(w, r, "/shared-with-me", "supporting")
	return nil
}

func (app *Web) stopSupporting(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := app.Shares.RemoveSupporter(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	app.redirect(w, r, "/shared-with-me", "stopped-supporting")
	return nil
}

func (app *Web) readShared(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := app.Shares.Read(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	page := linkPage{Reading: reading(v, loc)}
	page.Reading.PDF = "/shared-with-me/" + v.ID + "/report.pdf"
	app.render(w, r, http.StatusOK, "shared", view{Title: "Shared with me", Nav: "shared", Data: page})
	return nil
}

// sharedReportPDF downloads the report a share holds, for its supporter.
func (app *Web) sharedReportPDF(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := app.Shares.Read(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return sendSharedReport(w, v)
}

// sendSharedReport sends a share's report as a PDF; not found when the
// share holds none.
func sendSharedReport(w http.ResponseWriter, v share.View) error {
	if v.Report == nil {
		return httpx.NotFound
	}
	pdf, err := v.Report.PDF()
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/pdf", v.Report.FileName(), pdf)
	return nil
}

// linkPage is a private link's page: what is shared, or the form that
// asks for its passcode.
type linkPage struct {
	Reading     readingPage
	Secret      string
	Ask         bool // offer to open the link, rather than show it
	AskPasscode bool // and ask for its passcode
}

// readLink serves a private link to whoever holds it: its secret is the
// key, and its passcode, when it has one, the second. Opened by GET, the
// page only offers to open it (asking for the passcode if it has one): a
// messenger's preview of the link fetches nothing shared, and notes no
// opening in the person's log. The share is shown in answer to a POST.
func (app *Web) readLink(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	secret := r.PathValue("secret")
	if r.Method != http.MethodPost {
		guarded, err := app.Shares.Link(r.Context(), secret)
		if err != nil {
			return err
		}
		app.render(w, r, http.StatusOK, "shared", view{Title: "Shared with you", Data: linkPage{Secret: secret, Ask: true, AskPasscode: guarded}})
		return nil
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	passcode := r.PostFormValue("passcode")
	v, err := app.Shares.ReadLink(r.Context(), secret, passcode)
	if errors.Is(err, share.ErrPasscode) {
		status, problems := http.StatusOK, valid.Problems(nil)
		if passcode != "" {
			problems.Add("passcode", "That passcode does not match. Check it with the person who shared this, and try again.")
			status = http.StatusUnprocessableEntity
		}
		app.render(w, r, status, "shared", view{Title: "Shared with you", Problems: problems, Data: linkPage{Secret: secret, Ask: true, AskPasscode: true}})
		return nil
	}
	if err != nil {
		return err
	}
	// Times in the reader's own zone when they are signed in; else UTC.
	loc := time.UTC
	if p := personFrom(r); p != nil {
		if l, err := app.location(r, p); err == nil {
			loc = l
		}
	}
	page := linkPage{Reading: reading(v, loc)}
	page.Reading.PDF, page.Reading.Passcode = "/shared/"+secret+"/report.pdf", passcode
	app.render(w, r, http.StatusOK, "shared", view{Title: "Shared with you", Data: page})
	return nil
}

// linkReportPDF downloads the report a private link holds, with its
// passcode as the page that offers it was opened with.
func (app *Web) linkReportPDF(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v, err := app.Shares.ReadLink(r.Context(), r.PathValue("secret"), r.PostFormValue("passcode"))
	if errors.Is(err, share.ErrPasscode) {
		return httpx.NotFound
	}
	if err != nil {
		return err
	}
	return sendSharedReport(w, v)
}
