package share

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"kintsugi/internal/accesslog"
	"kintsugi/internal/account"
	"kintsugi/internal/record"
	"kintsugi/internal/testdb"
	"kintsugi/internal/teststore"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
	"kintsugi/internal/valid"
	"kintsugi/internal/vault"
)

const passphrase = "quiet harbour lanterns drift east"

type world struct {
	t        testing.TB
	accounts *account.Service
	tools    *tool.Catalog
	svc      *Service
	log      *accesslog.Log
	now      time.Time
}

func newWorld(t testing.TB, dsn string) *world {
	t.Helper()
	s := teststore.Open(t, dsn)
	secret := vault.NewSecret()
	cfg := account.DefaultConfig()
	cfg.Params = vault.TestParams
	accounts, err := account.New(s, secret, cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, catalog, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, accounts: accounts, tools: catalog, log: accesslog.New(s, accounts), now: time.Now().UTC()}
	w.svc = New(s, accounts, catalog, secret, w.log)
	w.svc.SetClock(func() time.Time { return w.now })
	return w
}

func (w *world) person(name string) *account.Person {
	w.t.Helper()
	ctx := context.Background()
	created, err := w.accounts.SignUp(ctx, name, passphrase, "10.0.0.9", true)
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := w.accounts.Authenticate(ctx, created.Session.Token)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// supporter makes sup a supporter of p, and returns the supporter's id.
func (w *world) supporter(p, sup *account.Person) string {
	w.t.Helper()
	ctx := context.Background()
	inv, err := w.svc.Invite(ctx, p)
	if err != nil {
		w.t.Fatal(err)
	}
	got, err := w.svc.Accept(ctx, sup, inv.Code, "10.0.0.7")
	if err != nil {
		w.t.Fatal(err)
	}
	return got.ID
}

// journal writes a journal entry of p's and returns its id.
func (w *world) journal(p *account.Person, title, body string) string {
	w.t.Helper()
	k, _ := w.tools.ByPath("journal")
	in, err := k.ReadJSON([]byte(`{"title":"`+title+`","body":"`+body+`"}`), true)
	if err != nil {
		w.t.Fatal(err)
	}
	it, err := k.Items(w.svc.store, p).Create(context.Background(), in, w.now)
	if err != nil {
		w.t.Fatal(err)
	}
	return it.ID
}

func texts(v View) string {
	var b strings.Builder
	for _, c := range v.Items {
		for _, l := range c.Lines {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// A supporter sees exactly what was shared, and its edits, until it is
// revoked or runs out; then nothing, at once.
func TestShareWithASupporter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, sam, tess := w.person("river"), w.person("sam"), w.person("tess")
		samID := w.supporter(river, sam)

		shared := w.journal(river, "Shared", "the words sam may read")
		w.journal(river, "Private", "the words nobody reads")
		if _, err := w.svc.Create(ctx, river, Draft{To: samID}); !isProblem(err, "items") {
			t.Fatalf("a share of nothing: %v", err)
		}
		if _, err := w.svc.Create(ctx, river, Draft{To: "nobody", Items: []Ref{{"journal", shared}}}); !isProblem(err, "to") {
			t.Fatalf("a share with no supporter: %v", err)
		}
		if _, err := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", "NOPE"}}}); !isProblem(err, "items[0]") {
			t.Fatalf("a share of no item: %v", err)
		}
		tessEntry := w.journal(tess, "Tess", "tess's own")
		if _, err := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", tessEntry}}}); !isProblem(err, "items[0]") {
			t.Fatalf("a share of someone else's item: %v", err)
		}
		if _, err := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", shared}}, Passcode: "1234"}); !isProblem(err, "passcode") {
			t.Fatalf("a passcode on a supporter's share: %v", err)
		}
		made, err := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", shared}}, Note: "For Thursday"})
		if err != nil || made.Secret != "" || made.To != "sam" {
			t.Fatalf("share: %+v %v", made, err)
		}

		list, err := w.svc.SharedWith(ctx, sam)
		if err != nil || len(list) != 1 || list[0].From != "river" || list[0].Note != "For Thursday" {
			t.Fatalf("sam's list: %+v %v", list, err)
		}
		got, err := w.svc.Read(ctx, sam, made.ID)
		if err != nil || !strings.Contains(texts(got), "the words sam may read") || strings.Contains(texts(got), "nobody") || len(got.Items) != 1 {
			t.Fatalf("sam reads: %q %v", texts(got), err)
		}
		if _, err := w.svc.Read(ctx, tess, made.ID); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("tess reads sam's share: %v", err)
		}
		if _, err := w.svc.One(ctx, tess, made.ID); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("tess reads river's share as its owner: %v", err)
		}

		// An edit reaches the copy; deleting the item takes it away.
		k, _ := w.tools.ByPath("journal")
		items := k.Items(w.svc.store, river)
		in, _ := k.ReadJSON([]byte(`{"title":"Shared","body":"the words, changed"}`), false)
		if _, err := items.Update(ctx, shared, in.Values); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Read(ctx, sam, made.ID); !strings.Contains(texts(got), "the words, changed") || strings.Contains(texts(got), "sam may read") {
			t.Fatalf("after the edit sam reads %q", texts(got))
		}
		if err := items.Delete(ctx, shared); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Read(ctx, sam, made.ID); len(got.Items) != 0 {
			t.Fatalf("after the delete sam reads %q", texts(got))
		}

		// Revoked: gone at once. Expired: gone at once.
		again := w.journal(river, "Again", "again")
		a, _ := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", again}}})
		b, _ := w.svc.Create(ctx, river, Draft{To: samID, Items: []Ref{{"journal", again}}, ExpiresAt: w.now.Add(2 * time.Hour)})
		if err := w.svc.Revoke(ctx, river, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Read(ctx, sam, a.ID); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("a revoked share: %v", err)
		}
		w.now = w.now.Add(3 * time.Hour)
		if _, err := w.svc.Read(ctx, sam, b.ID); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("an expired share: %v", err)
		}
		if list, _ := w.svc.SharedWith(ctx, sam); len(list) != 1 {
			t.Fatalf("sam's list after revoking and expiry: %d", len(list))
		}
		// The prune deletes what ran out, and says so in the log.
		if err := w.svc.Prune(ctx); err != nil {
			t.Fatal(err)
		}

		// Removing the supporter takes their shares with them.
		if err := w.svc.RemoveSupporter(ctx, river, samID); err != nil {
			t.Fatal(err)
		}
		if list, _ := w.svc.SharedWith(ctx, sam); len(list) != 0 {
			t.Fatalf("a removed supporter still reads %d shares", len(list))
		}
		entries, _, err := w.log.List(ctx, river, record.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range entries {
			lines = append(lines, e.Kind+" "+e.By)
		}
		want := []string{"supporter-added sam", "share-made sam", "share-opened sam", "share-revoked", "share-expired", "supporter-removed sam"}
		log := strings.Join(lines, "\n")
		// sam opened it three times within the hour: one entry, so that
		// reloading cannot push sign-ins out of the log.
		if n := strings.Count(log, "share-opened sam"); n != 1 {
			t.Errorf("%d openings logged, want 1:\n%s", n, log)
		}
		for _, e := range want {
			if !strings.Contains(log, e) {
				t.Errorf("the access log lacks %q:\n%s", e, log)
			}
		}
	})
}

// A supporter's code: single use, not one's own, counted when wrong.
func TestSupporterCodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river, sam := w.person("river"), w.person("sam")
		inv, err := w.svc.Invite(ctx, river)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Accept(ctx, river, inv.Code, "10.0.0.1"); !errors.Is(err, ErrOwnCode) {
			t.Fatalf("one's own code: %v", err)
		}
		if _, err := w.svc.Accept(ctx, sam, "ABCDE-FGHJK", "10.0.0.1"); !isProblem(err, "code") {
			t.Fatalf("a wrong code: %v", err)
		}
		if _, err := w.svc.Accept(ctx, sam, strings.ToLower(inv.Code), "10.0.0.1"); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if _, err := w.svc.Accept(ctx, sam, inv.Code, "10.0.0.1"); !isProblem(err, "code") {
			t.Fatalf("a used code: %v", err)
		}
		again, _ := w.svc.Invite(ctx, river)
		if _, err := w.svc.Accept(ctx, sam, again.Code, "10.0.0.1"); !errors.Is(err, ErrSupporting) {
			t.Fatalf("supporting twice: %v", err)
		}
		// A supporter steps back on their own.
		sups, _ := w.svc.Supporting(ctx, sam)
		if len(sups) != 1 || sups[0].Username != "river" {
			t.Fatalf("sam supports %+v", sups)
		}
		if err := w.svc.RemoveSupporter(ctx, sam, sups[0].ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Supporters(ctx, river); len(got) != 0 {
			t.Fatalf("river's supporters after sam stepped back: %+v", got)
		}
	})
}

// A private link opens with its secret, and its passcode when it has
// one; wrong passcodes are slowed; a stolen hash opens nothing.
func TestShareThroughALink(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newWorld(t, dsn)
		river := w.person("river")
		entry := w.journal(river, "For my therapist", "what I want to say on Monday")

		open, err := w.svc.Create(ctx, river, Draft{To: "link", Items: []Ref{{"journal", entry}}})
		if err != nil || len(open.Secret) < 43 {
			t.Fatalf("a link: %+v %v", open, err)
		}
		if got, err := w.svc.ReadLink(ctx, open.Secret, ""); err != nil || !strings.Contains(texts(got), "Monday") || got.From != "river" {
			t.Fatalf("reading the link: %q %v", texts(got), err)
		}
		wrong := "A" + open.Secret[1:]
		if wrong == open.Secret {
			wrong = "B" + open.Secret[1:]
		}
		if _, err := w.svc.ReadLink(ctx, wrong, ""); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("a wrong secret: %v", err)
		}

		if _, err := w.svc.Create(ctx, river, Draft{To: "link", Items: []Ref{{"journal", entry}}, Passcode: "1234"}); !isProblem(err, "passcode") {
			t.Fatalf("a passcode of four digits: %v", err)
		}
		guarded, err := w.svc.Create(ctx, river, Draft{To: "link", Items: []Ref{{"journal", entry}}, Passcode: "lighthouse"})
		if err != nil {
			t.Fatal(err)
		}
		for secret, want := range map[string]bool{open.Secret: false, guarded.Secret: true} {
			if got, err := w.svc.Link(ctx, secret); err != nil || got != want {
				t.Fatalf("Link: guarded %v %v, want %v", got, err, want)
			}
		}
		if _, err := w.svc.Link(ctx, wrong); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("Link of a wrong secret: %v", err)
		}
		if _, err := w.svc.ReadLink(ctx, guarded.Secret, ""); !errors.Is(err, ErrPasscode) {
			t.Fatalf("without its passcode: %v", err)
		}
		if got, err := w.svc.ReadLink(ctx, guarded.Secret, " lighthouse\t"); err != nil || !strings.Contains(texts(got), "Monday") {
			t.Fatalf("with its passcode: %v", err)
		}
		throttled := false
		for range 12 {
			_, err := w.svc.ReadLink(ctx, guarded.Secret, "wrong guess")
			if errors.Is(err, account.ErrThrottled) {
				throttled = true
				break
			}
			if !errors.Is(err, ErrPasscode) {
				t.Fatalf("a wrong passcode: %v", err)
			}
		}
		if !throttled {
			t.Fatal("wrong passcodes are not slowed")
		}
		// river hears of the guessing, once for the hour.
		entries, _, err := w.log.List(ctx, river, record.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		guesses := 0
		for _, e := range entries {
			if e.Kind == accesslog.PasscodeWrong {
				guesses++
			}
		}
		if guesses != 1 {
			t.Errorf("%d wrong-passcode entries in the log, want 1", guesses)
		}
		if err := w.svc.Revoke(ctx, river, open.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ReadLink(ctx, open.Secret, ""); !errors.Is(err, record.ErrNotFound) {
			t.Fatalf("a revoked link: %v", err)
		}
	})
}

func isProblem(err error, field string) bool {
	p, ok := valid.As(err)
	return ok && p.For(field) != ""
}
