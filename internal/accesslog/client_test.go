package accesslog

import (
	"strings"
	"testing"
)

func TestDevice(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":                                                                     "Firefox on Linux",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1":    "Safari on iPhone",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36":                      "Chrome on Android",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0":              "Edge on Windows",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15":                      "Safari on macOS",
		"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1":              "Chrome on iPad",
		"Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36": "Samsung Internet on Android",
		"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36":                             "Chrome on ChromeOS",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36":                              "Chrome on Linux",
		"kintsugi-cli/1.0":          "kintsugi API client",
		"curl/8.5.0":                "curl",
		"Go-http-client/1.1":        "A Go program",
		"Mozilla/5.0 (Windows NT)":  "A browser on Windows",
		"":                          "Unknown device",
		"<script>alert(1)</script>": "Unknown device",
		strings.Repeat("x", 10000) + " Firefox/1": "Unknown device",
	} {
		if got := Device(ua); got != want {
			t.Errorf("Device(%.60q) = %q, want %q", ua, got, want)
		}
	}
}

func TestCoarse(t *testing.T) {
	for addr, want := range map[string]string{
		"203.0.113.57":          "203.0.113.x",
		"::ffff:198.51.100.7":   "198.51.100.x",
		"2001:db8:1234:5678::1": "2001:db8:1234::/48",
		"fe80::1%eth0":          "fe80::/48",
		"not an address":        "",
		"":                      "",
	} {
		if got := Coarse(addr); got != want {
			t.Errorf("Coarse(%q) = %q, want %q", addr, got, want)
		}
	}
}
