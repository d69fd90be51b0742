package api

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
	"kintsugi/internal/report"
	"kintsugi/internal/share"
	"kintsugi/internal/store"
	"kintsugi/internal/valid"
)

// Supporters, what a person shares with them or through a private link,
// and what is shared with a supporter. A share is read by the supporter
// it was made for, or by whoever holds its link, and by nobody else.

func (a *API) shareRoutes() []Route {
	return []Route{
		{http.MethodPost, Prefix + "/supporters/invitations", true, a.inviteSupporter},
		{http.MethodGet, Prefix + "/supporters", true, a.listSupporters},
		{http.MethodDelete, Prefix + "/supporters/{id}", true, a.removeSupporter},
		{http.MethodPost, Prefix + "/supporting/accept", true, a.acceptSupporting},
		{http.MethodGet, Prefix + "/supporting", true, a.listSupporting},
		{http.MethodPost, Prefix + "/shares", true, a.createShare},
		{http.MethodGet, Prefix + "/shares", true, a.listShares},
		{http.MethodGet, Prefix + "/shares/{id}", true, a.getShare},
		{http.MethodDelete, Prefix + "/shares/{id}", true, a.revokeShare},
		{http.MethodGet, Prefix + "/shared-with-me", true, a.listSharedWithMe},
		{http.MethodGet, Prefix + "/shared-with-me/{id}", true, a.getSharedWithMe},
		{http.MethodGet, Prefix + "/shared-with-me/{id}/report.pdf", true, a.sharedReportPDF},
	}
}

type supporterJSON struct {
	ID       string    `json:"id"`
	Username string    `json:"username"`
	Since    time.Time `json:"since"`
}

func toSupporterJSON(s store.Supporter) supporterJSON {
	return supporterJSON{ID: s.ID, Username: s.Username, Since: s.CreatedAt.UTC()}
}

func (a *API) inviteSupporter(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	inv, err := a.Shares.Invite(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": inv.Code, "expires_at": inv.ExpiresAt.UTC()})
	return nil
}

func (a *API) listSupporters(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	all, err := a.Shares.Supporters(r.Context(), p)
	return writeSupporters(w, all, err)
}

func (a *API) listSupporting(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	all, err := a.Shares.Supporting(r.Context(), p)
	return writeSupporters(w, all, err)
}

func writeSupporters(w http.ResponseWriter, all []store.Supporter, err error) error {
	if err != nil {
		return err
	}
	items := make([]supporterJSON, len(all))
	for i, s := range all {
		items[i] = toSupporterJSON(s)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// removeSupporter ends a supporter's place: the person's supporter, or
// the caller stepping back from supporting someone (an id /supporting
// lists).
func (a *API) removeSupporter(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.Shares.RemoveSupporter(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) acceptSupporting(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	s, err := a.Shares.Accept(r.Context(), p, in.Code, httpx.ClientAddr(r, a.TrustedProxies))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toSupporterJSON(s))
	return nil
}

type shareJSON struct {
	ID        string            `json:"id"`
	To        string            `json:"to"` // a supporter's id, or "link"
	Supporter *supporterRefJSON `json:"supporter"`
	CreatedAt time.Time         `json:"created_at"`
	ExpiresAt time.Time         `json:"expires_at"`
	Note      string            `json:"note"`
	Items     []copyJSON        `json:"items,omitzero"`
	Report    *sharedReportJSON `json:"report,omitempty"`
	URL       string            `json:"url,omitempty"` // a new link's address, shown once
}

// sharedReportJSON is a report in a share: the days and parts it covers,
// as it was made. Its pages are read at .../report.pdf.
type sharedReportJSON struct {
	From  string   `json:"from"`
	To    string   `json:"to"`
	Parts []string `json:"parts"`
}

func toSharedReport(r *report.Report) *sharedReportJSON {
	if r == nil {
		return nil
	}
	return &sharedReportJSON{From: r.From.Format(time.DateOnly), To: r.To.Format(time.DateOnly), Parts: r.Options.Parts}
}

// under names a report's problems as fields of "report".
func under(field string, err error) error {
	if p, ok := valid.As(err); ok {
		for i := range p {
			p[i].Field = field + "." + p[i].Field
		}
		return p
	}
	return err
}

type supporterRefJSON struct {
	ID       string `json:"id"`
	Username string `json:"username"`
}

type copyJSON struct {
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	ID        string     `json:"id,omitempty"` // for the person only
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Lines     []lineJSON `json:"lines"`
}

type lineJSON struct {
	Label string `json:"label"`
	Text  string `json:"text"`
	Long  bool   `json:"long"`
}

// toCopies writes out a share's copies; ids only for their owner.
func toCopies(cs []share.Copy, owner bool) []copyJSON {
	out := make([]copyJSON, len(cs))
	for i, c := range cs {
		out[i] = copyJSON{Kind: c.Kind, Title: c.Title, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Lines: make([]lineJSON, len(c.Lines))}
		if owner {
			out[i].ID = c.ID
		}
		for j, l := range c.Lines {
			out[i].Lines[j] = lineJSON(l)
		}
	}
	return out
}

func toShareJSON(v share.View, items bool) shareJSON {
	out := shareJSON{ID: v.ID, To: "link", CreatedAt: v.CreatedAt.UTC(), ExpiresAt: v.ExpiresAt.UTC(), Note: v.Note}
	if !v.Link {
		out.To, out.Supporter = v.SupporterID, &supporterRefJSON{ID: v.SupporterID, Username: v.To}
	}
	if items {
		out.Items = toCopies(v.Items, true)
		if out.Items == nil {
			out.Items = []copyJSON{}
		}
		out.Report = toSharedReport(v.Report)
	}
	return out
}

func (a *API) createShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		To    string `json:"to"`
		Items []struct {
			Kind string `json:"kind"`
			ID   string `json:"id"`
		} `json:"items"`
		ExpiresAt *time.Time  `json:"expires_at"`
		Note      string      `json:"note"`
		Passcode  string      `json:"passcode"`
		Report    *reportBody `json:"report"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d := share.Draft{To: in.To, Note: in.Note, Passcode: in.Passcode}
	if in.Report != nil {
		var err error
		if d.Report, err = a.buildReport(r, p, report.Request(*in.Report)); err != nil {
			return under("report", err)
		}
	}
	if in.ExpiresAt != nil {
		d.ExpiresAt = *in.ExpiresAt
	}
	for _, it := range in.Items {
		d.Items = append(d.Items, share.Ref{Kind: it.Kind, ID: it.ID})
	}
	made, err := a.Shares.Create(r.Context(), p, d)
	if err != nil {
		return err
	}
	out := toShareJSON(made.View, true)
	if made.Secret != "" {
		out.URL = a.Address(r, false) + "/shared/" + made.Secret
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) listShares(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	all, err := a.Shares.Mine(r.Context(), p)
	if err != nil {
		return err
	}
	items := make([]shareJSON, len(all))
	for i, v := range all {
		items[i] = toShareJSON(v, false)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (a *API) getShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := a.Shares.One(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toShareJSON(v, true))
	return nil
}

func (a *API) revokeShare(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := a.Shares.Revoke(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sharedJSON is a share as its supporter reads it: whose it is, until
// when, and, for one, its items.
type sharedJSON struct {
	ID   string `json:"id"`
	From struct {
		Username string `json:"username"`
	} `json:"from"`
	CreatedAt time.Time         `json:"created_at"`
	ExpiresAt time.Time         `json:"expires_at"`
	Note      string            `json:"note"`
	Items     []copyJSON        `json:"items,omitzero"`
	Report    *sharedReportJSON `json:"report,omitempty"`
}

func toSharedJSON(v share.View, items bool) sharedJSON {
	out := sharedJSON{ID: v.ID, CreatedAt: v.CreatedAt.UTC(), ExpiresAt: v.ExpiresAt.UTC(), Note: v.Note}
	out.From.Username = v.From
	if items {
		out.Items = toCopies(v.Items, false)
		if out.Items == nil {
			out.Items = []copyJSON{}
		}
		out.Report = toSharedReport(v.Report)
	}
	return out
}

func (a *API) listSharedWithMe(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	all, err := a.Shares.SharedWith(r.Context(), p)
	if err != nil {
		return err
	}
	items := make([]sharedJSON, len(all))
	for i, v := range all {
		items[i] = toSharedJSON(v, false)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (a *API) getSharedWithMe(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := a.Shares.Read(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toSharedJSON(v, true))
	return nil
}

// sharedReportPDF is the report a share holds, as a PDF, for its
// supporter; 404 for a share that holds none.
func (a *API) sharedReportPDF(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	v, err := a.Shares.Read(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	if v.Report == nil {
		return record.ErrNotFound
	}
	pdf, err := v.Report.PDF()
	if err != nil {
		return err
	}
	httpx.Attachment(w, "application/pdf", v.Report.FileName(), pdf)
	return nil
}
