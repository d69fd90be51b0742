package api

import (
	_ "embed"
	"net/http"

	"kintsugi/internal/account"
)

// openAPIDoc describes every route of routes.go; openapi_test.go fails
// when the two disagree.
//
//go:embed openapi.json
var openAPIDoc []byte

func (a *API) openAPI(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openAPIDoc)
	return nil
}
