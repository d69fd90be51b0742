package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"kintsugi/internal/account"
	"kintsugi/internal/app"
	"kintsugi/internal/httpx"
	"kintsugi/internal/jsonkey"
	"kintsugi/internal/valid"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

var (
	errTooLarge    = httpx.Errorf(http.StatusRequestEntityTooLarge, "too_large", "The request body is larger than 1 MiB.")
	errMediaType   = httpx.Errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "Send the body as application/json.")
	errInvalidUTF8 = httpx.Errorf(http.StatusBadRequest, "invalid_utf8", "The request body is not valid UTF-8.")
)

// readBody reads a JSON body strictly: at most MaxBody bytes, valid UTF-8
// (the JSON decoder would otherwise replace bad bytes silently), one JSON
// value and nothing after it, and no key twice in an object (the decoder
// would keep the last one silently). It is the one way the API reads a
// body; decode and the tools' handlers turn it into values.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, errMediaType
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errTooLarge
		}
		return nil, httpx.Errorf(http.StatusBadRequest, "bad_request", "The request body could not be read.")
	}
	if !utf8.Valid(body) {
		return nil, errInvalidUTF8
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, badJSON(err)
	}
	if dec.More() {
		return nil, httpx.Errorf(http.StatusBadRequest, "bad_json", "The request body has more than one JSON value.")
	}
	// Any key given twice is the client's own words to repeat.
	if key, dup := jsonkey.Duplicate(body); dup {
		return nil, httpx.Errorf(http.StatusBadRequest, "bad_json", "The request body gives the key "+strconv.Quote(key)+" more than once.")
	}
	return body, nil
}

// decode reads a JSON body into v: readBody's checks, then no unknown
// fields and the right types.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badJSON(err)
	}
	return nil
}

// badJSON describes a decoding error without echoing the body.
func badJSON(err error) error {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		kind := jsonKind(te.Type.Kind().String())
		if te.Field == "" { // the body itself, such as an array or a string
			return httpx.Errorf(http.StatusBadRequest, "wrong_type", "The request body must be a JSON "+kind+".")
		}
		return httpx.Errorf(http.StatusBadRequest, "wrong_type", "The field "+strconv.Quote(te.Field)+" must be a JSON "+kind+".")
	}
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return httpx.Errorf(http.StatusBadRequest, "bad_json", "The request body is not valid JSON (at byte "+strconv.FormatInt(se.Offset, 10)+").")
	}
	if errors.Is(err, io.EOF) {
		return httpx.Errorf(http.StatusBadRequest, "bad_json", "The request body is empty.")
	}
	// The remaining decoder errors are unknown fields and truncation; the
	// unknown field's name is the client's own key, safe to repeat.
	return httpx.Errorf(http.StatusBadRequest, "bad_json", "The request body does not match this route's schema: "+err.Error()+".")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "float64":
		return "number"
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return goKind
}

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Fields  []valid.Problem `json:"fields,omitempty"`
}

// writeError writes err as the API's error body, logging what is logged.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := app.HTTPError(err)
	body := errorBody{Error: errorDetail{Code: e.Code, Message: e.Message}}
	if p, ok := valid.As(err); ok {
		body.Error.Fields = p
	}
	if after, ok := account.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((after+time.Second-1)/time.Second)))
	}
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kintsugi"`)
	}
	if e.Status >= 500 {
		a.Log.Error("api error", "request_id", httpx.RequestID(r.Context()), "route", httpx.RouteOf(r), "err", e)
	}
	writeJSON(w, e.Status, body)
}
