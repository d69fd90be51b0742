package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
	"kintsugi/internal/draft"
)

// TestBrowserDrafts writes in the journal the way a person is
// interrupted: the words are kept as a sealed draft a few seconds after
// typing and offered back when the form opens again; a tab closed, or a
// quick exit, keeps them too; leaving with words not kept yet asks first,
// and saving never does. Preview shows the Markdown without saving, and
// the word count follows the typing. The form with its draft notice and
// with a preview, and the journal's list, are checked with axe-core.
func TestBrowserDrafts(t *testing.T) {
	app := apptest.New(t, "sqlite")
	b := startBrowser(t, app.URL)
	const who = "hazel_e2e"
	b.open("/signup", http.StatusOK)
	b.follow("sign up", http.StatusOK,
		fill("#username", who), fill("#passphrase", passphrase), fill("#passphrase2", passphrase),
		click(`form[action="/signup"] button[type=submit]`))

	// token is the browser's session.
	token := func() string {
		t.Helper()
		res := get(b, "read the cookies", chromedp.Action[network.GetCookiesResult](func(ctx context.Context, _ *chromedp.Target) (network.GetCookiesResult, error) {
			return chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base}})
		}))
		for _, c := range res.Cookies {
			if c.Name == "kintsugi" {
				return c.Value
			}
		}
		t.Fatal("the browser has no session")
		return ""
	}
	// keptAt returns the body of a form's draft as the server keeps it
	// ("" for none), opened with the browser's own session.
	keptAt := func(key string) string {
		t.Helper()
		p, err := app.Accounts.Authenticate(context.Background(), token())
		if err != nil {
			t.Fatalf("the browser's session: %v", err)
		}
		d, err := draft.Open(app.Store, p).Get(context.Background(), key)
		if errors.Is(err, draft.ErrNotFound) {
			return ""
		}
		if err != nil {
			t.Fatal(err)
		}
		return d.Values.Get("body")
	}
	waitKeptAt := func(key, what, want string) {
		t.Helper()
		deadline := time.Now().Add(stepTimeout)
		for {
			got := keptAt(key)
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the draft holds %q, want %q", what, got, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitKept := func(what, want string) {
		t.Helper()
		waitKeptAt("/journal", what, want)
	}
	// Every dialog is answered "leave" and counted.
	var mu sync.Mutex
	var dialogs []page.DialogType
	go func() {
		for ev, err := range chromedp.Events(b.ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.Type)
			mu.Unlock()
			chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	asked := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := len(dialogs)
		dialogs = nil
		return n
	}
	body := func() string { return get(b, "read the entry", chromedp.Value(chromedp.CSS("#body"))) }

	// Typing: the words are counted as they come, and kept a few seconds
	// later; leaving then does not ask, and the form offers them back.
	first := "I keep going over what he said at the door."
	b.open("/journal/new", http.StatusOK)
	if n := b.count(".draft-notice"); n != 0 {
		t.Fatal("a fresh form shows a draft notice")
	}
	b.do("write", fill("#title", "At the door"), fill("#body", first))
	b.wantText(".word-count", "10 words")
	waitKept("the autosave", first)
	b.open("/journal", http.StatusOK)
	if n := asked(); n != 0 {
		t.Fatalf("leaving with the words kept asked %d time(s)", n)
	}
	b.open("/journal/new", http.StatusOK)
	b.wantText(".draft-notice", "We kept what you were writing on", "Start fresh")
	if got := body(); got != first {
		t.Fatalf("the form opened again holds %q, want %q", got, first)
	}
	if got := get(b, "read the title", chromedp.Value(chromedp.CSS("#title"))); got != "At the door" {
		t.Fatalf("the title opened again is %q", got)
	}
	b.audit("journal form with a draft")

	// A tab closed before the autosave: its words are sent as it goes.
	tabCtx, closeTab := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(tabCtx); err != nil { // opens the tab for as long as tabCtx lives
		t.Fatal(err)
	}
	tab := &browser{t: t, ctx: tabCtx, base: b.base, failing: map[string]bool{}}
	second := first + " And what I did not say."
	tab.open("/journal/new", http.StatusOK)
	// A tab in the background is not drawn: type by script, as input.
	tab.do("write more in another tab", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const body = document.querySelector("#body");
		body.value = %q;
		body.dispatchEvent(new Event("input", {bubbles: true}));
	})()`, second)))
	closeTab()
	waitKept("after closing the tab", second)

	// The quick exit's signal, then away at once: the words are kept.
	third := second + " I want to say it next time."
	b.open("/journal/new", http.StatusOK)
	b.do("write more", fill("#body", third))
	b.do("leave at once", chromedp.Evaluate[chromedp.Void](
		`document.dispatchEvent(new CustomEvent("kintsugi:leave", {detail: {}})); location.replace("/journal")`))
	b.waitFor("the journal", `location.pathname === "/journal" && document.readyState === "complete"`)
	waitKept("after kintsugi:leave", third)
	if n := asked(); n != 0 {
		t.Fatalf("the quick exit asked %d time(s) before leaving", n)
	}

	// Leaving with words not kept yet asks first; answered "leave", the
	// words are sent as the page goes.
	fourth := third + " Maybe."
	b.open("/journal/new", http.StatusOK)
	b.do("write and leave at once", fill("#body", fourth), chromedp.Navigate(b.base+"/journal"))
	if n := asked(); n != 1 {
		t.Fatalf("leaving with words not kept asked %d time(s), want once", n)
	}
	waitKept("after leaving", fourth)

	// Preview: the Markdown as it will look, the words counted, the form
	// given back with everything in it; nothing saved.
	markdown := "# What I want to say\n\nThat it **hurt**, and that I am still here.\n\n- not today\n- soon"
	b.open("/journal/new", http.StatusOK)
	b.do("write Markdown", fill("#body", markdown))
	b.follow("preview", http.StatusOK, click(`form.tool button[name="preview"]`))
	b.wantText(".preview h3", "What I want to say")
	b.wantText(".preview strong", "hurt")
	b.wantText(".preview .word-total", "17 words")
	if got := body(); got != markdown {
		t.Fatalf("after the preview the form holds %q, want %q", got, markdown)
	}
	if n := b.count(".preview h1, .preview h2 ~ .prose h2"); n != 0 {
		t.Fatal("the preview's headings compete with the page's own")
	}
	waitKept("the preview", markdown)
	b.audit("journal form with a preview")
	if n := asked(); n != 0 {
		t.Fatalf("the preview asked %d time(s)", n)
	}

	// Saving never asks, and lets the draft go.
	b.follow("save", http.StatusOK, fill("#title", "What I want to say"), click(`form.tool button[type=submit]`))
	if p := b.path(); !entryPath.MatchString(p) {
		t.Fatalf("after saving, at %s, want the entry", p)
	}
	if n := asked(); n != 0 {
		t.Fatalf("saving asked %d time(s)", n)
	}
	waitKept("after saving", "")
	b.wantText("article.entry h2", "What I want to say")
	entry := b.path()

	// A change keeps its own draft, offered on the edit form; "Leave
	// without saving changes" lets it go without asking.
	b.open(entry+"/edit", http.StatusOK)
	b.do("change the entry", fill("#body", "A change I am not sure of."))
	waitKeptAt(entry, "the change's autosave", "A change I am not sure of.")
	b.open(entry+"/edit", http.StatusOK)
	b.wantText(".draft-notice", "We kept what you were writing on", "not saved yet", "Go back to what you saved")
	b.audit("journal edit form with a draft")
	b.follow("leave without saving", http.StatusOK, click(`form.leave button`))
	b.wantPath(entry)
	b.wantText("article.entry", "That it hurt")
	waitKeptAt(entry, "after leaving without saving", "")

	// "Start fresh" lets a draft go.
	b.open("/journal/new", http.StatusOK)
	b.do("start another", fill("#body", "Something else entirely."))
	waitKept("another autosave", "Something else entirely.")
	b.open("/journal/new", http.StatusOK)
	b.follow("start fresh", http.StatusOK, click(`.draft-notice button`))
	b.wantPath("/journal/new")
	if got := body(); got != "" || b.count(".draft-notice") != 0 {
		t.Fatalf("after starting fresh the form holds %q", got)
	}
	waitKept("after starting fresh", "")

	// The journal's list: an untitled entry headed by its first words, and
	// a list kept on lines of its own.
	for _, e := range []struct{ title, body string }{
		{"", "Slept a little better.\nStill tired, but better."},
		{"Things that helped", "- a long walk\n- tea with Sam\n- writing this"},
	} {
		b.open("/journal/new", http.StatusOK)
		b.follow("save an entry", http.StatusOK, fill("#title", e.title), fill("#body", e.body), click(`form.tool button[type=submit]`))
	}
	b.open("/journal", http.StatusOK)
	b.wantText("ol.entries", "Slept a little better.", "Still tired, but better.", "What I want to say")
	if got := b.text(`ol.entries li:first-child .excerpt`); !strings.Contains(got, "a long walk\ntea with Sam\nwriting this") {
		t.Fatalf("the list's excerpt runs its items together: %q", got)
	}
	b.audit("journal list")

	// The second page of a long list goes on counting from the first.
	for i := range 20 {
		app.Create(t, "/api/v1/journal", token(), map[string]any{"body": fmt.Sprintf("Another day, number %d.", i+1)})
	}
	b.open("/journal", http.StatusOK)
	b.follow("open the older entries", http.StatusOK, click(`a[rel="next"]`))
	if start := get(b, "read the numbering", chromedp.Evaluate[int](`document.querySelector("ol.entries").start`)); start != 21 {
		t.Fatalf("the second page's list starts at %d, want 21", start)
	}
	b.audit("journal list, older entries")
	if n := asked(); n != 0 {
		t.Fatalf("%d unexpected question(s) before leaving a page", n)
	}
}
