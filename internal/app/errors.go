package app

import (
	"errors"
	"net/http"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/record"
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
	case errors.Is(err, record.ErrNotFound), errors.Is(err, ErrNoSuggestion):
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
	}
	return httpx.As(err)
}
