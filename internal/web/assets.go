package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files at content-hashed URLs
// (/static/<hash>/<name>), so they can be cached for a year and a new build
// is never served an old file.
type assets struct {
	byName map[string]asset // "app.css" -> asset
	byURL  map[string]asset // "/static/<hash>/app.css" -> asset
}

type asset struct {
	url, contentType string
	body             []byte
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]asset{}, byURL: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		as := asset{url: "/static/" + hex.EncodeToString(sum[:6]) + "/" + name, contentType: ct, body: body}
		a.byName[name], a.byURL[as.url] = as, as
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file; a missing name is a bug
// caught when templates first render in tests, so it panics.
func (a *assets) URL(name string) string {
	as, ok := a.byName[name]
	if !ok {
		panic(fmt.Sprintf("web: no static file %q", name))
	}
	return as.url
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", as.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(as.body)
}
