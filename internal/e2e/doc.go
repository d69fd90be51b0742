// Package e2e holds kintsugi's browser tests. They start the whole app in
// process on a fresh SQLite database, drive Debian's Chromium
// (/usr/bin/chromium) through the DevTools protocol with chromedp, and
// check every page a person visits with axe-core
// (node_modules/axe-core, from `npm ci`), in the light and the dark
// colour scheme, at a phone's and a desktop's width. Without Chromium or
// axe-core the tests skip and say why.
//
// Set KINTSUGI_E2E_SCREENSHOTS to a directory to keep a full-page PNG of
// every page checked, at both widths and in both schemes:
//
//	KINTSUGI_E2E_SCREENSHOTS=/tmp/shots go test -count=1 ./internal/e2e/
//
// The package has no code of its own; see browser_test.go.
package e2e
