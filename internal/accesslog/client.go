package accesslog

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
)

// ClientOf describes where r comes from, as the person is shown it: the
// device from the user agent, and the address from the same place the
// throttles take it (trusted proxies' X-Forwarded-For), made coarse.
func ClientOf(r *http.Request, trusted []netip.Prefix) account.Client {
	return account.Client{Device: Device(r.UserAgent()), Address: Coarse(httpx.ClientAddr(r, trusted))}
}

// Coarse returns an address with its last part hidden: an IPv4 address's
// /24 ("203.0.113.x"), an IPv6 address's /48 ("2001:db8:1::/48"). Enough
// to tell home from somewhere else, and no more; "" if addr is not one.
func Coarse(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return ""
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		b := a.As4()
		return fmt.Sprintf("%d.%d.%d.x", b[0], b[1], b[2])
	}
	p, _ := a.Prefix(48)
	return p.String()
}

// maxAgent is as much of a user agent as is read: the tokens that matter
// come early, and a long one costs nothing more.
const maxAgent = 512

// Device describes a user agent in a few plain words, from well-known
// tokens: "Firefox on Linux", "Safari on iPhone", "kintsugi API client",
// or "Unknown device". It never repeats the user agent itself, so nothing
// a client chose to send reaches the page.
func Device(ua string) string {
	if len(ua) > maxAgent {
		ua = ua[:maxAgent]
	}
	for _, p := range programs {
		if strings.HasPrefix(strings.ToLower(ua), p.token) {
			return p.name
		}
	}
	browser := first(ua, browsers)
	system := first(ua, systems)
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	case system != "":
		return "A browser on " + system
	}
	return "Unknown device"
}

type token struct{ token, name string }

// programs are clients that are not browsers, by how their user agent
// begins (in lower case).
var programs = []token{
	{"kintsugi", "kintsugi API client"},
	{"curl/", "curl"},
	{"wget/", "Wget"},
	{"go-http-client/", "A Go program"},
	{"python-", "A Python program"},
	{"okhttp/", "An Android app"},
}

// browsers are tried in order: most browsers also claim to be Safari or
// Chrome, so those that do come first.
var browsers = []token{
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"},
	{"OPR/", "Opera"}, {"Vivaldi/", "Vivaldi"},
	{"SamsungBrowser/", "Samsung Internet"}, {"DuckDuckGo/", "DuckDuckGo"},
	{"CriOS/", "Chrome"}, {"Chrome/", "Chrome"}, {"Chromium/", "Chromium"},
	{"Safari/", "Safari"},
}

// systems are tried in order: an iPad's and an iPhone's user agents also
// say "like Mac OS X", and Android's says Linux.
var systems = []token{
	{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"CrOS", "ChromeOS"},
	{"Windows", "Windows"}, {"Macintosh", "macOS"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
}

func first(ua string, tokens []token) string {
	for _, t := range tokens {
		if strings.Contains(ua, t.token) {
			return t.name
		}
	}
	return ""
}
