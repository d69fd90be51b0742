package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"kintsugi/internal/api"
	"kintsugi/internal/app"
	"kintsugi/internal/apptest"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

var updateOpenAPI = flag.Bool("update-openapi", false, "write openapi.json anew from openapi-base.json and the tools")

// catalog is the tools' catalog, loaded once.
var catalog = sync.OnceValue(func() *tool.Catalog {
	_, c, err := tools.Load()
	if err != nil {
		panic(err)
	}
	return c
})

// routeTable returns the API's routes. Listing them needs only the
// catalog of tools.
func routeTable() []api.Route {
	a, err := api.New(app.Services{Tools: catalog()})
	if err != nil {
		panic(err)
	}
	return a.Routes()
}

// openapi.json is generated: the hand-written base with every tool's
// paths and schemas. A change to either shows here, in review.
func TestOpenAPIIsGenerated(t *testing.T) {
	doc, err := api.Document(catalog())
	if err != nil {
		t.Fatal(err)
	}
	if *updateOpenAPI {
		if err := os.WriteFile("openapi.json", doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if file, _ := os.ReadFile("openapi.json"); !bytes.Equal(file, doc) {
		t.Fatal("openapi.json is not what the base and the tools make: run go test ./internal/api -run TestOpenAPIIsGenerated -update-openapi, and review the difference")
	}
}

var restWildcard = regexp.MustCompile(`\{(\w+)\.\.\.\}`)

// openAPIPath turns a ServeMux pattern's path into an OpenAPI path: "{id}"
// stays, "{rest...}" becomes "{rest}" and the end anchor "{$}" goes.
func openAPIPath(pattern string) string {
	return restWildcard.ReplaceAllString(strings.ReplaceAll(pattern, "{$}", ""), "{$1}")
}

// httpMethods are the keys of an OpenAPI path item that are operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// document is the parsed OpenAPI document.
type document struct {
	raw  []byte
	root map[string]any
}

func loadDocument(t testing.TB) *document {
	t.Helper()
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	d := &document{raw: raw}
	if err := json.Unmarshal(raw, &d.root); err != nil {
		t.Fatalf("openapi.json is not a JSON object: %v", err)
	}
	return d
}

// operations returns every operation, keyed "METHOD /path".
func (d *document) operations() map[string]map[string]any {
	ops := map[string]map[string]any{}
	paths, _ := d.root["paths"].(map[string]any)
	for path, item := range paths {
		item, _ := item.(map[string]any)
		for _, m := range httpMethods {
			if op, ok := item[m].(map[string]any); ok {
				ops[strings.ToUpper(m)+" "+path] = op
			}
		}
	}
	return ops
}

// deref follows node's $ref, if it has one.
func (d *document) deref(node any) map[string]any {
	m, _ := node.(map[string]any)
	if r, ok := m["$ref"].(string); ok {
		target, _ := resolve(d.root, r)
		m, _ = target.(map[string]any)
	}
	return m
}

func (d *document) schema(name string) any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func TestOpenAPIDocument(t *testing.T) {
	d := loadDocument(t)
	if !json.Valid(d.raw) {
		t.Fatal("openapi.json is not valid JSON")
	}
	if v, _ := d.root["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		t.Errorf("openapi is %q, want 3.1.x", v)
	}
	info, _ := d.root["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Error("info needs a title and a version")
	}
	scheme := d.deref(d.root["components"].(map[string]any)["securitySchemes"].(map[string]any)["bearerAuth"])
	if scheme["type"] != "http" || !strings.EqualFold(fmt.Sprint(scheme["scheme"]), "bearer") {
		t.Errorf("securitySchemes.bearerAuth is %v, want an http bearer scheme", scheme)
	}

	// Every $ref resolves, and every schema uses only what the response
	// checker understands.
	c := checker{doc: d.root}
	walk(d.root, "$", func(node map[string]any, at string) {
		if r, ok := node["$ref"].(string); ok {
			if _, err := resolve(d.root, r); err != nil {
				t.Errorf("%s: %v", at, err)
			}
		}
		if s, ok := node["schema"]; ok {
			for _, p := range c.lint(s, at+".schema") {
				t.Error(p)
			}
		}
	})
	schemas, _ := d.root["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range sortedKeys(schemas) {
		for _, p := range c.lint(schemas[name], "components.schemas."+name) {
			t.Error(p)
		}
	}

	ids := map[string]string{}
	ops := d.operations()
	for _, key := range sortedKeys(ops) {
		op := ops[key]
		id, _ := op["operationId"].(string)
		if id == "" || ids[id] != "" {
			t.Errorf("%s: operationId %q is missing or also used by %s", key, id, ids[id])
		}
		ids[id] = key
		responses, _ := op["responses"].(map[string]any)
		success := false
		for status, resp := range responses {
			success = success || strings.HasPrefix(status, "2")
			if desc, _ := d.deref(resp)["description"].(string); desc == "" {
				t.Errorf("%s: response %s has no description", key, status)
			}
		}
		if !success {
			t.Errorf("%s: no 2xx response", key)
		}
		checkResponseHeaders(t, d, key, responses)
		checkPathParameters(t, d, key, op)
	}
}

// mustHeaders are the headers the API always sends with a status.
var mustHeaders = map[string]string{"401": "WWW-Authenticate", "429": "Retry-After", "503": "Retry-After"}

// checkResponseHeaders checks that the responses declare the headers that
// come with their status, as required.
func checkResponseHeaders(t *testing.T, d *document, key string, responses map[string]any) {
	t.Helper()
	for status, name := range mustHeaders {
		if responses[status] == nil {
			continue
		}
		headers, _ := d.deref(responses[status])["headers"].(map[string]any)
		if d.deref(headers[name])["required"] != true {
			t.Errorf("%s: response %s does not declare the required %s header", key, status, name)
		}
	}
}

// checkPathParameters checks that the {names} in an operation's path and
// its required path parameters are the same.
func checkPathParameters(t *testing.T, d *document, key string, op map[string]any) {
	t.Helper()
	path := strings.SplitN(key, " ", 2)[1]
	var inPath []string
	for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
		inPath = append(inPath, m[1])
	}
	var declared []string
	item := d.root["paths"].(map[string]any)[path].(map[string]any)
	params, _ := item["parameters"].([]any)
	opParams, _ := op["parameters"].([]any)
	for _, p := range append(slices.Clone(params), opParams...) {
		p := d.deref(p)
		if p["in"] != "path" {
			continue
		}
		if p["required"] != true {
			t.Errorf("%s: path parameter %v must be required", key, p["name"])
		}
		declared = append(declared, fmt.Sprint(p["name"]))
	}
	slices.Sort(inPath)
	slices.Sort(declared)
	if !slices.Equal(inPath, declared) {
		t.Errorf("%s: path has parameters %v, the operation declares %v", key, inPath, declared)
	}
}

// walk calls fn for every object in v, with where it is.
func walk(v any, at string, fn func(map[string]any, string)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v, at)
		for _, k := range sortedKeys(v) {
			walk(v[k], at+"."+k, fn)
		}
	case []any:
		for i, e := range v {
			walk(e, at+"["+strconv.Itoa(i)+"]", fn)
		}
	}
}

// TestOpenAPIMatchesRoutes fails when the route table and the document
// disagree: a route missing from the document, an operation the table does
// not have, or an operation that does not say what its route needs.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	d := loadDocument(t)
	ops := d.operations()
	inTable := map[string]bool{}
	for _, rt := range routeTable() {
		key := rt.Method + " " + openAPIPath(rt.Path)
		inTable[key] = true
		op, ok := ops[key]
		if !ok {
			t.Errorf("route %s %s is not in openapi.json", rt.Method, rt.Path)
			continue
		}
		responses, _ := op["responses"].(map[string]any)
		if rt.Auth != declaresBearer(d, op) {
			t.Errorf("%s: the route's Auth is %v but the operation's bearer security says otherwise", key, rt.Auth)
		}
		var must []string
		if rt.Auth {
			must = append(must, "401")
		}
		if strings.Contains(rt.Path, "{") {
			must = append(must, "404")
		}
		if op["requestBody"] != nil {
			must = append(must, "400", "413", "415")
		}
		for _, status := range must {
			if responses[status] == nil {
				t.Errorf("%s: does not declare the %s it can answer", key, status)
			}
		}
	}
	for _, key := range sortedKeys(ops) {
		if !inTable[key] {
			t.Errorf("openapi.json describes %s, which routes.go does not have", key)
		}
	}
}

// declaresBearer reports whether op requires the bearer scheme (and does
// not also allow no authentication at all).
func declaresBearer(d *document, op map[string]any) bool {
	sec, ok := op["security"].([]any)
	if !ok {
		sec, _ = d.root["security"].([]any)
	}
	bearer := false
	for _, req := range sec {
		req, _ := req.(map[string]any)
		if len(req) == 0 {
			return false // {} makes authentication optional
		}
		_, has := req["bearerAuth"]
		bearer = bearer || has
	}
	return bearer
}

func TestOpenAPIServed(t *testing.T) {
	d := loadDocument(t)
	app := apptest.New(t, "sqlite")
	r := app.Do(t, http.MethodGet, api.Prefix+"/openapi.json", "", nil)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET openapi.json: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if !bytes.Equal(r.Body, d.raw) {
		t.Error("GET openapi.json does not serve the embedded openapi.json exactly")
	}
}

// contract checks real answers against the document: that their status is
// declared for the operation, their headers are there, and their bodies
// match the schemas. It remembers which statuses it has seen.
type contract struct {
	doc    *document
	check  checker
	routes []api.Route

	mu   sync.Mutex
	seen map[string]bool // "METHOD /path status"
}

func newContract(t testing.TB) *contract {
	d := loadDocument(t)
	return &contract{doc: d, check: checker{doc: d.root}, routes: routeTable(), seen: map[string]bool{}}
}

// route returns the route that serves method and path.
func (c *contract) route(method, path string) (api.Route, bool) {
	// As the mux does, the most specific pattern wins: the one with the
	// fewest wildcards (/instincts/calibration over /instincts/{id}).
	var best api.Route
	found := false
	for _, rt := range c.routes {
		if rt.Method == method && matchPath(rt.Path, path) && (!found || strings.Count(rt.Path, "{") < strings.Count(best.Path, "{")) {
			best, found = rt, true
		}
	}
	return best, found
}

// allow returns the Allow header the API sends for path: the methods of
// the table's routes with that pattern, in table order.
func (c *contract) allow(path string) string {
	// The mux answers from the most specific pattern that matches:
	// /sessions/current rather than /sessions/{id}.
	best := ""
	for _, rt := range c.routes {
		if matchPath(rt.Path, path) && (best == "" || strings.Count(rt.Path, "{") < strings.Count(best, "{")) {
			best = rt.Path
		}
	}
	var methods []string
	for _, rt := range c.routes {
		if rt.Path == best {
			methods = append(methods, rt.Method)
			if rt.Method == http.MethodGet { // GET routes answer HEAD too
				methods = append(methods, http.MethodHead)
			}
		}
	}
	return strings.Join(methods, ", ")
}

// matchPath reports whether a ServeMux path pattern matches path (whose
// query, if any, is ignored).
func matchPath(pattern, path string) bool {
	path, _, _ = strings.Cut(path, "?")
	ps, xs := strings.Split(openAPIPath(pattern), "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		wild := strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}")
		if wild && xs[i] == "" || !wild && p != xs[i] {
			return false
		}
	}
	return true
}

func (c *contract) operation(rt api.Route) map[string]any {
	return c.doc.operations()[rt.Method+" "+openAPIPath(rt.Path)]
}

// checkResponse checks one answer to method and path.
func (c *contract) checkResponse(t testing.TB, method, path string, r response) {
	t.Helper()
	where := fmt.Sprintf("%s %s → %d", method, path, r.status)
	rt, ok := c.route(method, path)
	if !ok {
		// Not a route: the API's own 404 or 405, with an Error body.
		if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s: no route serves this, yet the status is %d", where, r.status)
		}
		c.checkBody(t, where, c.doc.schema("Error"), r)
		return
	}
	op := c.operation(rt)
	if op == nil {
		t.Errorf("%s: route %s %s has no operation in openapi.json", where, rt.Method, rt.Path)
		return
	}
	key := rt.Method + " " + openAPIPath(rt.Path)
	c.mu.Lock()
	c.seen[key+" "+strconv.Itoa(r.status)] = true
	c.mu.Unlock()
	responses, _ := op["responses"].(map[string]any)
	resp := c.doc.deref(responses[strconv.Itoa(r.status)])
	if resp == nil {
		t.Errorf("%s: openapi.json does not declare %d for %s (body %.300s)", where, r.status, key, r.body)
		return
	}
	headers, _ := resp["headers"].(map[string]any)
	for _, name := range sortedKeys(headers) {
		h := c.doc.deref(headers[name])
		value := r.header.Get(name)
		if value == "" {
			if h["required"] == true {
				t.Errorf("%s: header %s is missing", where, name)
			}
			continue
		}
		var v any = value
		if s := c.doc.deref(h["schema"]); s["type"] == "integer" {
			if _, err := strconv.Atoi(value); err == nil {
				v = json.Number(value)
			}
		}
		for _, p := range c.check.validate(h["schema"], v, name) {
			t.Errorf("%s: %s", where, p)
		}
	}
	content, _ := resp["content"].(map[string]any)
	if content == nil {
		if len(r.body) != 0 {
			t.Errorf("%s: the document declares no body, got %.300s", where, r.body)
		}
		return
	}
	media, isJSON := content["application/json"].(map[string]any)
	if !isJSON {
		// A file (an archive, a PDF): the type the document names.
		if ct := r.header.Get("Content-Type"); content[ct] == nil {
			t.Errorf("%s: Content-Type is %q, want one of %v", where, ct, sortedKeys(content))
		}
		return
	}
	c.checkBody(t, where, media["schema"], r)
}

func (c *contract) checkBody(t testing.TB, where string, schema any, r response) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type is %q, want application/json", where, ct)
	}
	for _, p := range c.check.validateJSON(schema, r.body) {
		t.Errorf("%s: body does not match the document: %s (body %.300s)", where, p, r.body)
	}
}

// checkRequest checks that a request body the API accepted matches the
// operation's request schema.
func (c *contract) checkRequest(t testing.TB, method, path string, body []byte) {
	t.Helper()
	rt, ok := c.route(method, path)
	if !ok || len(body) == 0 {
		return
	}
	rb := c.doc.deref(c.operation(rt)["requestBody"])
	content, _ := rb["content"].(map[string]any)
	if _, zip := content["application/zip"]; zip {
		return // an archive, checked by the archive's own tests
	}
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		t.Errorf("%s %s accepted a body, but the document declares none", method, path)
		return
	}
	for _, p := range c.check.validateJSON(media["schema"], body) {
		t.Errorf("%s %s: an accepted request body does not match the document: %s", method, path, p)
	}
}

// unseen lists the declared operation statuses no answer has had, leaving
// out 500 and 503, which a test cannot provoke from outside.
func (c *contract) unseen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	ops := c.doc.operations()
	for _, key := range sortedKeys(ops) {
		responses, _ := ops[key]["responses"].(map[string]any)
		for _, status := range sortedKeys(responses) {
			if status != "500" && status != "503" && !c.seen[key+" "+status] {
				out = append(out, key+" "+status)
			}
		}
	}
	return out
}
