package account

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"strings"
)

// Device tokens let a person's own browser in while someone elsewhere
// hammers their username (OWASP's "device cookies"). A successful sign-in
// hands the client a token bound to the username under the server secret;
// a later attempt that brings it is counted on the token's own throttle,
// not on the account's, so a stranger's failures cannot lock it out, and a
// stranger cannot make one without the passphrase. The server keeps
// nothing of a token but the throttle count under its keyed hash.
//
// A client may hold tokens for a few accounts (a shared family computer),
// kept as one value: the tokens joined by dots, the latest first.

const (
	maxDevices   = 4
	deviceNonce  = 16
	deviceTagLen = 16
	deviceLen    = 43 // base64url of nonce and tag, unpadded
)

func (s *Service) deviceTag(username string, nonce []byte) []byte {
	return s.secret.Tag("device", username, string(nonce))[:deviceTagLen]
}

// deviceFor finds the token in devices that was made for username and
// returns its throttle subject (the token's nonce).
func (s *Service) deviceFor(devices, username string) (string, bool) {
	for _, tok := range splitDevices(devices) {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != deviceNonce+deviceTagLen {
			continue
		}
		nonce, tag := raw[:deviceNonce], raw[deviceNonce:]
		if hmac.Equal(tag, s.deviceTag(username, nonce)) {
			return string(nonce), true
		}
	}
	return "", false
}

// rememberDevice returns devices with a fresh token for username first, in
// place of any earlier one for that name, keeping at most maxDevices.
func (s *Service) rememberDevice(devices, username string) string {
	nonce := make([]byte, deviceNonce)
	rand.Read(nonce)
	kept := []string{base64.RawURLEncoding.EncodeToString(append(nonce, s.deviceTag(username, nonce)...))}
	_, had := s.deviceFor(devices, username)
	for _, tok := range splitDevices(devices) {
		if len(kept) == maxDevices {
			break
		}
		if had {
			if _, mine := s.deviceFor(tok, username); mine {
				continue
			}
		}
		kept = append(kept, tok)
	}
	return strings.Join(kept, ".")
}

// splitDevices returns the well-formed tokens of a device value, at most
// maxDevices of them, whatever a client sent.
func splitDevices(devices string) []string {
	if len(devices) > maxDevices*(deviceLen+1) {
		devices = devices[:maxDevices*(deviceLen+1)]
	}
	var out []string
	for tok := range strings.SplitSeq(devices, ".") {
		if len(tok) == deviceLen && len(out) < maxDevices {
			out = append(out, tok)
		}
	}
	return out
}
