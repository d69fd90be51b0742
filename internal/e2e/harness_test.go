package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kintsugi/internal/apptest"
)

// chromium is Debian's browser. The tests never download one.
const chromium = "/usr/bin/chromium"

// deadProxy is a proxy address where nothing listens (the discard port).
const deadProxy = "http://127.0.0.1:9"

// stepTimeout bounds every single browser step, so a hang fails with the
// step's name instead of at the end of go test's own timeout.
const stepTimeout = 15 * time.Second

// A viewport is a screen size the pages are checked and pictured at.
type viewport struct {
	name   string
	width  int64
	height int64
	mobile bool
}

var (
	phone   = viewport{"phone", 390, 844, true}
	desktop = viewport{"desktop", 1280, 900, false}
)

// browser is one headless Chromium tab pointed at a running app.
type browser struct {
	t     *testing.T
	ctx   context.Context // the tab; steps derive timeouts from it
	base  string          // the app's URL
	axe   string          // axe.min.js
	shots string          // where screenshots go, or "" for none
	seq   int             // numbers the screenshots in visiting order

	mu       sync.Mutex
	problems []chromedp.ConsoleMessage // console errors and exceptions not yet reported
	failing  map[string]bool           // documents loaded with an expected 4xx status
	exits    []string                  // quick-exit URLs the browser asked for
}

// startBrowser starts Chromium with a clean set of flags and a fresh
// profile, or skips the test loudly when Chromium or axe-core is missing.
func startBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("SKIPPED: /usr/bin/chromium not found: browser tests did not run; install Debian's chromium")
	}
	axe := loadAxe(t)

	// Exactly these flags on a clean allocator (no chromedp defaults).
	// chromedp adds a fresh temporary --user-data-dir, which it removes
	// when the browser stops, and talks to the browser over a pipe.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Chromium still calls Google's services (autofill, updates,
		// sign-in) despite the flags. Sent through a proxy that is not
		// there, those calls fail here instead of resolving names and
		// reaching for other machines; the app, on 127.0.0.1, is not
		// proxied, and the quick-exit host is answered by interceptQuickExit.
		chromedp.Env("http_proxy="+deadProxy, "https_proxy="+deadProxy, "all_proxy="+deadProxy,
			"no_proxy=127.0.0.1,localhost"),
	)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})

	b := &browser{t: t, ctx: ctx, base: base, axe: axe, shots: os.Getenv("KINTSUGI_E2E_SCREENSHOTS"),
		failing: map[string]bool{}}
	if b.shots != "" {
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshots go to %s", b.shots)
	}

	// The first call starts the browser and ties its life to ctx, which
	// has no deadline; the start itself is still bounded.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start %s: %v", chromium, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("start %s: no answer in 30 s", chromium)
	}

	b.watchConsole()
	b.interceptQuickExit()
	b.do("set the desktop viewport", b.viewport(desktop))
	return b
}

// loadAxe reads node_modules/axe-core/axe.min.js from the module root.
func loadAxe(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("SKIPPED: %s not found: browser tests did not run; run `npm ci` in %s", path, dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// watchConsole records console errors and uncaught exceptions (a blocked
// inline script or style shows up here); audit fails on any.
func (b *browser) watchConsole() {
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			b.mu.Lock()
			b.problems = append(b.problems, m)
			b.mu.Unlock()
		}
	}()
}

// interceptQuickExit answers every request to the quick-exit host from
// inside the browser with a plain page, so the test sees the navigation
// without the request ever leaving the machine.
func (b *browser) interceptQuickExit() {
	paused := chromedp.Events(b.ctx, fetch.RequestPaused)
	b.do("intercept the quick-exit host", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
			{URLPattern: "*://example.org/*"},
		}})
		return err
	}))
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.exits = append(b.exits, ev.Request.URL)
			b.mu.Unlock()
			chromedp.Call(b.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID:    ev.RequestID,
				ResponseCode: 200,
				ResponseHeaders: []*fetch.HeaderEntry{
					{Name: "Content-Type", Value: "text/html; charset=utf-8"},
				},
				Body: []byte(`<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1><p>Mild, light wind.</p></html>`),
			})
		}
	}()
}

// exitRequests returns the quick-exit URLs requested so far.
func (b *browser) exitRequests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.exits...)
}

// do runs actions as one step, failing the test with what on error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that returns a value, as one step.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to path and checks the response status.
func (b *browser) open(path string, status int64) {
	b.t.Helper()
	res := get(b, "open "+path, chromedp.NavigateResponse(b.base+path))
	if res == nil || res.Status != status {
		b.t.Fatalf("open %s: status %v, want %d", path, statusOf(res), status)
	}
	b.expect(res)
}

// follow runs actions that lead to a new page (a click on a link or a
// submit button), waits for it to load and checks its status.
func (b *browser) follow(what string, status int64, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if res == nil || res.Status != status {
		b.t.Fatalf("%s: status %v, want %d", what, statusOf(res), status)
	}
	b.expect(res)
}

// expect notes a document that was meant to load with a 4xx status (the
// 404 page, a form sent back with a problem), so the browser's console
// error about it is not taken for a fault.
func (b *browser) expect(res *network.Response) {
	if res.Status >= 400 {
		b.mu.Lock()
		b.failing[res.URL] = true
		b.mu.Unlock()
	}
}

// consoleProblems returns, and forgets, the console errors and uncaught
// exceptions seen since the last call.
func (b *browser) consoleProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.problems {
		if strings.HasPrefix(m.Text, "Failed to load resource: the server responded with a status of 4") && b.failing[m.URL] {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line+1))
	}
	b.problems = nil
	return out
}

func statusOf(res *network.Response) any {
	if res == nil {
		return "none"
	}
	return res.Status
}

// waitFor evaluates the JavaScript condition cond until it is true; it
// goes on through navigations, which end any one evaluation.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: %s is still not true (last error: %v)", what, cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// path returns the current page's path and query.
func (b *browser) path() string {
	b.t.Helper()
	return get(b, "read the location", chromedp.Evaluate[string](`location.pathname + location.search`))
}

// text returns the visible text of the first element matching css.
func (b *browser) text(css string) string {
	b.t.Helper()
	return get(b, "read "+css, chromedp.Text(chromedp.CSS(css)))
}

// count returns how many elements match css.
func (b *browser) count(css string) int {
	b.t.Helper()
	return get(b, "count "+css, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
}

// visible returns how many elements match css and are displayed.
func (b *browser) visible(css string) int {
	b.t.Helper()
	js := fmt.Sprintf(`[...document.querySelectorAll(%q)].filter(e => e.getClientRects().length > 0).length`, css)
	return get(b, "count the visible "+css, chromedp.Evaluate[int](js))
}

// wantPath fails unless the browser is at path.
func (b *browser) wantPath(path string) {
	b.t.Helper()
	if got := b.path(); got != path {
		b.t.Fatalf("at %s, want %s", got, path)
	}
}

// wantText fails unless the element matching css contains each of want.
func (b *browser) wantText(css string, want ...string) {
	b.t.Helper()
	got := b.text(css)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Fatalf("%s does not say %q; it says:\n%s", css, w, got)
		}
	}
}

// wantFocusIn fails unless the focused element is inside css.
// wantOnlyProblem checks that the page shows one problem, at errCSS and
// saying text, and that the focus was taken to focusCSS, where it is.
func (b *browser) wantOnlyProblem(errCSS, text, focusCSS string) {
	b.t.Helper()
	b.wantText(errCSS, text)
	if n := b.count("main .error"); n != 1 {
		b.t.Fatalf("%d problems shown, want 1: %s", n, b.text("main"))
	}
	b.wantFocusIn(focusCSS)
}

func (b *browser) wantFocusIn(css string) {
	b.t.Helper()
	js := fmt.Sprintf(`!!(document.activeElement && document.activeElement.closest(%q))`, css)
	if !get(b, "read the focus", chromedp.Evaluate[bool](js)) {
		got := get(b, "read the focus", chromedp.Evaluate[string](`document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : "nothing"`))
		b.t.Fatalf("focus is on %s, want it inside %s", got, css)
	}
}

// fill clears a field and types v into it, as a person would.
func fill(css, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(css)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, css)),
		chromedp.SendKeys(chromedp.CSS(css), v))
}

func click(css string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(css)) }

// viewport sets the emulated screen.
func (b *browser) viewport(v viewport) chromedp.Action[chromedp.Void] {
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// scheme emulates prefers-color-scheme: "light" or "dark".
func scheme(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
		})
		return err
	})
}

// violation is one axe rule a page breaks, with the elements that break it.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// overflowing lists the outermost elements that stick out past the right
// edge of the screen, leaving out those inside an element that scrolls
// sideways itself (a wide chart).
const overflowing = `(() => {
  const w = screen.width;
  if (document.documentElement.scrollWidth <= w) return [];
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right + scrollX;
    if (right <= w + 0.5) continue;
    let p = el.parentElement, inside = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") { inside = true; break; }
    }
    const parent = el.parentElement;
    if (inside || (parent !== document.body && parent.getBoundingClientRect().right + scrollX > w + 0.5)) continue;
    out.push(name(el) + " (right edge at " + Math.round(right) + " px)");
  }
  return out.length ? out : ["the document is " + document.documentElement.scrollWidth + " px wide"];
})()`

// chartContrast checks what axe leaves for review: the contrast of the
// text in charts (4.5:1) and of their lines and legend swatches (3:1,
// WCAG 1.4.11) against the background behind the chart.
const chartContrast = `(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const backdrop = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = new Set();
  for (const svg of document.querySelectorAll("svg")) {
    if (!svg.getClientRects().length) continue;
    const back = backdrop(svg.parentElement);
    for (const t of svg.querySelectorAll("text")) {
      const c = rgb(getComputedStyle(t).fill);
      const r = c.length >= 3 ? ratio(c, back) : 0;
      if (r < 4.5) out.add("text " + JSON.stringify(t.textContent) + " has " + r.toFixed(2) + ":1, want 4.5:1");
    }
    for (const g of svg.querySelectorAll(".chart-series, .chart-swatch")) {
      const r = ratio(rgb(getComputedStyle(g).color), back);
      if (r < 3) out.add(g.getAttribute("class") + " has " + r.toFixed(2) + ":1, want 3:1");
    }
  }
  return [...out];
})()`

// runAxe runs axe-core with its default rules on the document.
const runAxe = `(async () => {
  const r = await axe.run(document);
  return {passes: r.passes.length, incomplete: r.incomplete.map(v => v.id + " x" + v.nodes.length), violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)),
      summary: n.failureSummary || "",
    })),
  }))};
})()`

// axeResult is what runAxe returns.
type axeResult struct {
	Passes     int         `json:"passes"`
	Incomplete []string    `json:"incomplete"`
	Violations []violation `json:"violations"`
}

// audit checks the page in the browser now: axe-core at desktop and
// phone width in the light scheme and at desktop width in the dark one
// (colour contrast changes with the scheme), no console errors, and a
// screenshot of each combination when KINTSUGI_E2E_SCREENSHOTS is set.
func (b *browser) audit(name string) {
	b.t.Helper()
	b.seq++
	inject := chromedp.Evaluate[chromedp.Void](`if (!window.axe) {` + b.axe + "\n}")
	var report []string
	for _, mode := range []struct {
		v      viewport
		scheme string
	}{{desktop, "light"}, {phone, "light"}, {desktop, "dark"}, {phone, "dark"}} {
		label := fmt.Sprintf("%s, %s, %s", name, mode.v.name, mode.scheme)
		b.do("emulate "+label, b.viewport(mode.v), scheme(mode.scheme))
		if !get(b, "read the colour scheme", chromedp.Evaluate[bool](`matchMedia("(prefers-color-scheme: `+mode.scheme+`)").matches`)) {
			b.t.Fatalf("%s: the browser does not take the %s colour scheme", label, mode.scheme)
		}
		if !(mode.v == phone && mode.scheme == "dark") {
			b.do("inject axe on "+label, inject)
			res := get(b, "run axe on "+label, chromedp.Evaluate[axeResult](runAxe, chromedp.EvalAwaitPromise))
			if testing.Verbose() {
				b.t.Logf("axe on %s: %d rules pass, %d violated, needs review: %v", label, res.Passes, len(res.Violations), res.Incomplete)
			}
			if res.Passes == 0 {
				b.t.Fatalf("axe checked nothing on %s", label)
			}
			for _, v := range res.Violations {
				report = append(report, formatViolation(label, v))
			}
			for _, c := range get(b, "measure the charts' contrast on "+label, chromedp.Evaluate[[]string](chartContrast)) {
				report = append(report, fmt.Sprintf("%s: chart contrast: %s", label, c))
			}
		}
		if mode.v == phone && mode.scheme == "light" {
			if wide := get(b, "measure "+label, chromedp.Evaluate[[]string](overflowing)); len(wide) > 0 {
				report = append(report, fmt.Sprintf("%s: the page is wider than the screen (WCAG 1.4.10 reflow): %s", label, strings.Join(wide, ", ")))
			}
		}
		b.screenshot(fmt.Sprintf("%02d-%s-%s-%s", b.seq, slug(name), mode.v.name, mode.scheme))
	}
	b.do("reset the emulation", b.viewport(desktop), scheme("light"))
	for _, p := range b.consoleProblems() {
		report = append(report, fmt.Sprintf("%s: console: %s", name, p))
	}
	if len(report) > 0 {
		b.t.Errorf("%s (%s) has %d accessibility or console problem(s):\n%s", name, b.path(), len(report), strings.Join(report, "\n"))
	}
}

func formatViolation(page string, v violation) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s: [%s, %s] %s (%s)", page, v.ID, v.Impact, v.Help, v.URL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&s, "\n    %s", strings.Join(n.Target, " "))
		if n.Summary != "" {
			fmt.Fprintf(&s, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	return s.String()
}

// screenshot saves a full-page PNG when screenshots are asked for.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	if b.shots == "" {
		return
	}
	png := get(b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// signInAs signs who in on the sign-in page and expects to land at path.
func (b *browser) signInAs(who, path string) {
	b.t.Helper()
	b.open("/login?next="+url.QueryEscape(path), http.StatusOK)
	b.follow("sign in as "+who, http.StatusOK, fill("#username", who), fill("#passphrase", apptest.Passphrase),
		click(`form[action="/login"] button[type=submit]`))
	b.wantPath(path)
}

// signOut signs out from the navigation.
func (b *browser) signOut() {
	b.t.Helper()
	b.follow("sign out", http.StatusOK, click(`nav[aria-label="Main"] form[action="/logout"] button`))
}
