package api

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
)

// openAPIBase describes the routes that are not tools, by hand, and each
// openapi-*.json beside it adds the paths, schemas and tags of one area
// (the shared space's). Document adds the tools' paths and schemas from
// their declarations; the result is committed as openapi.json, and
// openapi_test.go fails when the file, the routes or the answers disagree
// with it.
//
//go:embed openapi-base.json
var openAPIBase []byte

//go:embed openapi-*.json
var openAPIParts embed.FS

func (a *API) openAPI(w http.ResponseWriter, r *http.Request, _ *account.Person) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(a.doc)
	return nil
}

// Document returns the OpenAPI document: the hand-written base, with the
// paths, schemas and tags of every kind of c generated from its shape and
// words.
func Document(c *tool.Catalog) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIBase, &doc); err != nil {
		return nil, fmt.Errorf("openapi-base.json: %w", err)
	}
	paths := doc["paths"].(map[string]any)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	tags := doc["tags"].([]any)
	if err := addParts(paths, schemas, &tags); err != nil {
		return nil, err
	}
	for _, k := range c.Kinds {
		if k.Parent != nil {
			continue
		}
		g := gen{k: k, words: c.Words(), c: c}
		tags = append(tags, map[string]any{"name": k.Path, "description": g.kw().Title + "."})
		for name, s := range g.schemas() {
			schemas[name] = s
		}
		for path, item := range g.paths() {
			paths[path] = item
		}
	}
	doc["tags"] = tags
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// addParts merges every openapi-*.json but the base into the document's
// paths, schemas and tags; an operation or schema two parts both describe
// is an error.
func addParts(paths, schemas map[string]any, tags *[]any) error {
	names, err := fs.Glob(openAPIParts, "openapi-*.json")
	if err != nil {
		return err
	}
	for _, name := range names {
		if name == "openapi-base.json" {
			continue
		}
		raw, err := openAPIParts.ReadFile(name)
		if err != nil {
			return err
		}
		var part struct {
			Tags       []any          `json:"tags"`
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &part); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for k, v := range part.Components.Schemas {
			if _, dup := schemas[k]; dup {
				return fmt.Errorf("%s: %s is described twice", name, k)
			}
			schemas[k] = v
		}
		// A part may add methods to a path another part has (GET
		// /sessions beside the base's POST), never the same method twice.
		for path, v := range part.Paths {
			have, ok := paths[path].(map[string]any)
			if !ok {
				paths[path] = v
				continue
			}
			ops, _ := v.(map[string]any)
			for method, op := range ops {
				if _, dup := have[method]; dup {
					return fmt.Errorf("%s: %s %s is described twice", name, method, path)
				}
				have[method] = op
			}
		}
		*tags = append(*tags, part.Tags...)
	}
	return nil
}

// gen writes one kind's part of the document.
type gen struct {
	k     *tool.Kind
	words *tool.Words
	c     *tool.Catalog
}

func (g gen) kw() *tool.KindWords { return g.words.Of(g.k) }

func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

func (g gen) schemas() map[string]any {
	out := map[string]any{}
	add := func(k *tool.Kind) {
		in := k.InputSchema(!k.Single)
		in["description"] = "What a client sends for " + g.words.Of(k).One + ". Unknown fields are refused."
		item := k.OutputSchema()
		item["description"] = capital(g.words.Of(k).One) + ", as stored. Its content is encrypted at rest."
		item["properties"].(map[string]any)["crisis_resources"] = ref("schemas", "CrisisResources")
		if sum := k.Behaviour().Summary; sum != nil {
			item["properties"].(map[string]any)["summary"] = sum.Schema
		}
		for _, v := range k.Behaviour().Views {
			out[k.Schema+camel(v.Name)] = v.Schema
		}
		out[k.Schema+"Input"] = in
		out[k.Schema] = item
		if k.Single {
			return
		}
		out[k.Schema+"Page"] = map[string]any{
			"type": "object", "description": "One page of " + strings.ToLower(g.words.Of(k).Title) + ", newest first.",
			"required": []string{"items", "next_cursor"}, "additionalProperties": false,
			"properties": map[string]any{
				"items":       map[string]any{"type": "array", "items": ref("schemas", k.Schema)},
				"next_cursor": ref("schemas", "NextCursor"),
			},
		}
	}
	add(g.k)
	if g.k.Events != nil {
		add(g.k.Events)
	}
	g.actionSchemas(out)
	return out
}

func errs(statuses ...string) map[string]any {
	names := map[string]string{"400": "BadRequest", "401": "Unauthorized", "404": "NotFound", "413": "PayloadTooLarge",
		"415": "UnsupportedMediaType", "422": "Unprocessable", "500": "Internal"}
	out := map[string]any{}
	for _, s := range statuses {
		out[s] = ref("responses", names[s])
	}
	return out
}

func body(description, schema string) map[string]any {
	return map[string]any{"description": description, "required": true,
		"content": map[string]any{"application/json": map[string]any{"schema": ref("schemas", schema)}}}
}

func answer(responses map[string]any, status, description, schema string) map[string]any {
	r := map[string]any{"description": description}
	if schema != "" {
		r["content"] = map[string]any{"application/json": map[string]any{"schema": ref("schemas", schema)}}
	}
	responses[status] = r
	return responses
}

func (g gen) op(id, summary, description string) map[string]any {
	op := map[string]any{"operationId": id, "tags": []string{g.k.Path}, "summary": summary,
		"security": []any{map[string]any{"bearerAuth": []any{}}}}
	if description != "" {
		op["description"] = description
	}
	return op
}

const writeErrors = "400 401 413 415 422 500"

func (g gen) paths() map[string]any {
	if g.k.Single {
		return g.singlePaths()
	}
	k, kw := g.k, g.kw()
	base := Prefix + "/" + k.Path
	one, the := kw.One, "the "+strings.ToLower(kw.Title)
	crisis := " If the words sound like a crisis, the answer carries crisis_resources; it is saved either way."

	create := g.op("create"+k.Schema, "Add "+one, "Saves "+one+", encrypted at rest. created_at may say when it happened, if not now."+crisis)
	create["requestBody"] = body(capital(one)+".", k.Schema+"Input")
	create["responses"] = answer(errs(strings.Fields(writeErrors)...), "201", "As stored.", k.Schema)

	list := g.op("list"+camel(k.Path), "List "+the, capital(the)+", newest first, one page at a time.")
	params := []any{ref("parameters", "Limit"), ref("parameters", "Cursor")}
	if k.Index != "" {
		params = append(params, map[string]any{"name": "step", "in": "query", "required": false,
			"description": "Only those tied to this step.", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 12}})
	}
	list["parameters"] = params
	list["responses"] = answer(errs("400", "401", "500"), "200", "One page.", k.Schema+"Page")

	get := g.op("get"+k.Schema, "Read "+one, "")
	if k.Behaviour().Summary != nil {
		get["description"] = "The item, with a summary of what it owns: " + k.Behaviour().Summary.Schema["description"].(string)
	}
	get["responses"] = answer(errs("401", "404", "500"), "200", capital(one)+".", k.Schema)
	put := g.op("update"+k.Schema, "Replace "+one, "Replaces every field; when it was created stays."+crisis)
	put["requestBody"] = body("The new content.", k.Schema+"Input")
	put["responses"] = answer(errs(append(strings.Fields(writeErrors), "404")...), "200", "As stored.", k.Schema)
	del := g.op("delete"+k.Schema, "Delete "+one, "Deletes it for good, with anything it owns.")
	del["responses"] = answer(errs("401", "404", "500"), "204", "Deleted.", "")

	out := map[string]any{
		base:           map[string]any{"post": create, "get": list},
		base + "/{id}": map[string]any{"parameters": []any{ref("parameters", "Id")}, "get": get, "put": put, "delete": del},
	}
	g.actionPaths(out)
	for _, v := range k.Behaviour().Views {
		op := g.op("get"+k.Schema+camel(v.Name), capital(v.Name)+" of "+the, v.Schema["description"].(string))
		op["responses"] = answer(errs("401", "500"), "200", capital(v.Name)+".", k.Schema+camel(v.Name))
		out[base+"/"+v.Name] = map[string]any{"get": op}
	}
	if e := k.Events; e != nil {
		ew := g.words.Of(e)
		add := g.op("create"+e.Schema, "Add "+ew.One+" to "+one, "Records "+ew.One+"; created_at may say when it happened."+crisis)
		add["requestBody"] = body(capital(ew.One)+".", e.Schema+"Input")
		add["responses"] = answer(errs(append(strings.Fields(writeErrors), "404")...), "201", "As stored.", e.Schema)
		all := g.op("list"+e.Schema+"s", "List the "+strings.ToLower(ew.Title)+" of "+one, "Newest first, at most 1,000.")
		all["responses"] = answer(errs("401", "404", "500"), "200", "Every one.", e.Schema+"Page")
		rm := g.op("delete"+e.Schema, "Delete "+ew.One, "")
		rm["responses"] = answer(errs("401", "404", "500"), "204", "Deleted.", "")
		out[base+"/{id}/events"] = map[string]any{"parameters": []any{ref("parameters", "Id")}, "post": add, "get": all}
		out[base+"/{id}/events/{event}"] = map[string]any{"parameters": []any{ref("parameters", "Id"),
			map[string]any{"name": "event", "in": "path", "required": true, "description": "The event's id.", "schema": map[string]any{"type": "string", "minLength": 1}}},
			"delete": rm}
	}
	return out
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// camel turns a path such as "good-things" into "GoodThings".
func camel(path string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(strings.ReplaceAll(path, "/", "-"), "-") {
		b.WriteString(capital(part))
	}
	return b.String()
}
