package app

import (
	"errors"
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
	"kintsugi/internal/share"
	"kintsugi/internal/together"
	"kintsugi/internal/tool"
	"kintsugi/internal/valid"
)

// HTTPError maps what went wrong to an HTTP status, a code and words safe
// to show: the one table the pages and the API both answer from.
func HTTPError(err error) *httpx.Error {
	if p, ok := valid.As(err); ok {
		return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Message: p.Error()}
	}
	if ie, ok := errors.AsType[*tool.InputError](err); ok {
		code := "wrong_type"
		if ie.Unknown {
			code = "bad_json"
		}
		return httpx.Errorf(http.StatusBadRequest, code, ie.Message)
	}
	switch {
	case errors.Is(err, record.ErrNotFound), errors.Is(err, ErrNoSuggestion), errors.Is(err, account.ErrNoSession):
		return httpx.NotFound
	case errors.Is(err, record.ErrCursor):
		return httpx.Errorf(http.StatusBadRequest, "bad_cursor", "That page link (cursor) is not one kintsugi made. Please start again from the first page.")
	case errors.Is(err, account.ErrCredentials):
		return httpx.Errorf(http.StatusUnauthorized, "invalid_credentials", "That username and passphrase do not match.")
	case errors.Is(err, account.ErrUnauthenticated):
		return httpx.Unauthorized
	case errors.Is(err, account.ErrUsernameTaken):
		return httpx.Errorf(http.StatusConflict, "username_taken", "That username is taken. Please choose another.")
	case errors.Is(err, account.ErrThrottled):
		return httpx.Errorf(http.StatusTooManyRequests, "too_many_attempts", "Too many attempts. Please wait a little and try again.")
	case errors.Is(err, account.ErrBusy):
		return httpx.Errorf(http.StatusServiceUnavailable, "busy", "The server is busy. Please try again in a moment.")
	case errors.Is(err, together.ErrNotSafe):
		return httpx.Errorf(http.StatusConflict, "not_safe", "No invitation was made. Linking is only for when you feel safe and are choosing it freely. Your own journey stays fully yours, and help is there if you need it.")
	case errors.Is(err, together.ErrLinked):
		return httpx.Errorf(http.StatusConflict, "already_linked", "One of you is already linked with someone. A person can be linked with one other at a time.")
	case errors.Is(err, share.ErrOwnCode):
		return httpx.Errorf(http.StatusConflict, "own_invitation", "That is your own invitation: it is for your supporter to use.")
	case errors.Is(err, share.ErrSupporting):
		return httpx.Errorf(http.StatusConflict, "already_supporting", "You already support this person: there is nothing more to do.")
	case errors.Is(err, share.ErrFull):
		return httpx.Errorf(http.StatusConflict, "full", "You have as many shares as can be at once. Revoke some you no longer need first.")
	case errors.Is(err, share.ErrPasscode):
		return httpx.Errorf(http.StatusUnauthorized, "passcode", "This link needs its passcode. Ask the person who shared it.")
	case errors.Is(err, together.ErrOwnCode):
		return httpx.Errorf(http.StatusConflict, "own_invitation", "That is your own invitation: it is for the other person to use.")
	case errors.Is(err, together.ErrNotLinked):
		return httpx.NotFound
	case errors.Is(err, together.ErrRole):
		return httpx.Errorf(http.StatusForbidden, "not_your_part", "This is for the other one of you to do. The partner proposes commitments, answers questions and records repairs; the one who was hurt decides on commitments, confirms check-ins, asks questions and responds to repairs.")
	case errors.Is(err, together.ErrDecided):
		return httpx.Errorf(http.StatusConflict, "not_open", "That commitment is not open to this now. An accepted one stays as agreed: end it and propose a new one to change it.")
	case errors.Is(err, together.ErrAnswered):
		return httpx.Errorf(http.StatusConflict, "already_answered", "That has its answer already, and the words given stay as they were. To add to them, start a conversation.")
	case errors.Is(err, together.ErrConfirmed):
		return httpx.Errorf(http.StatusConflict, "already_counted", "That check-in already counts: it needs no confirming.")
	case errors.Is(err, together.ErrPaused):
		return httpx.Errorf(http.StatusConflict, "paused", "This shared space is paused for now, so nothing new can be added. A pause is a rest, not an ending.")
	case errors.Is(err, together.ErrNotPaused):
		return httpx.Errorf(http.StatusConflict, "not_paused", "There is no pause of yours to lift.")
	case errors.Is(err, together.ErrAlone):
		return httpx.Errorf(http.StatusConflict, "partner_left", "The other person has left this space: what you shared can be read, and nothing new can be added.")
	case errors.Is(err, together.ErrFull):
		return httpx.Errorf(http.StatusConflict, "full", "The shared space holds as many of these as it can. Let some old ones go first.")
	}
	return httpx.As(err)
}
