package api

import (
	"strings"
)

// actionSchemas adds the request body of each of the kind's actions.
func (g gen) actionSchemas(out map[string]any) {
	for i := range g.k.Behaviour().Actions {
		a := &g.k.Behaviour().Actions[i]
		in := g.k.ActionSchema(a)
		in["description"] = "What to " + strings.ToLower(g.k.ActionWords(a.Name).Title) + ". Unknown fields are refused."
		out[g.k.Schema+camel(a.Name)+"Input"] = in
	}
}

// actionPaths adds each of the kind's actions, at
// /api/v1/{path}/{id}/{name}: 201 with the item it made, of one of the
// kinds it makes.
func (g gen) actionPaths(out map[string]any) {
	k, kw := g.k, g.kw()
	for i := range k.Behaviour().Actions {
		a := &k.Behaviour().Actions[i]
		aw := k.ActionWords(a.Name)
		var made []any
		var ones []string
		for _, path := range a.Makes {
			m, _ := g.c.ByPath(path)
			made = append(made, ref("schemas", m.Schema))
			ones = append(ones, g.words.Of(m).One)
		}
		name := camel(a.Name)
		op := g.op(strings.ToLower(name[:1])+name[1:]+k.Schema, capital(strings.ToLower(aw.Title)),
			"Makes "+strings.Join(ones, " or ")+" from "+kw.One+", filled in from what it says, and keeps the link both ways: "+
				kw.One+" names what it became, and what it made says where it came from. "+aw.Hint)
		op["requestBody"] = body("What to make.", k.Schema+name+"Input")
		responses := errs(append(strings.Fields(writeErrors), "404")...)
		responses["201"] = map[string]any{"description": "What it made, as stored.",
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"oneOf": made}}}}
		op["responses"] = responses
		out[Prefix+"/"+k.Path+"/{id}/"+a.Name] = map[string]any{"parameters": []any{ref("parameters", "Id")}, "post": op}
	}
}
