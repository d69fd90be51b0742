package tool

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"kintsugi/internal/valid"
)

// An action is something a person may do to an item beyond changing it,
// such as turning an expectation into a boundary: what a shape cannot
// say. Each is served at POST /api/v1/{path}/{id}/{name}, with a body of
// one member ({"into": "boundary"}), and drawn as buttons on the item's
// page; it answers with the item it made. What an action writes on the
// item itself goes in read-only fields, which no form shows and no
// request changes, so the link it leaves stays as it left it.

// Action is one named action of a kind.
type Action struct {
	Name   string   // its place after the item's id: "turn-into"
	Param  string   // the one member of its body: "into"
	Values []string // what Param may say: "boundary", "conversation"
	// Makes are the paths of the kinds whose items it may make: its
	// answer is one of them.
	Makes []string
	// Do does it to item, one of items, with a value from Values, and
	// returns the kind of the item it made and the item.
	Do func(ctx context.Context, items *Items, item Item, value string, now time.Time) (*Kind, Item, error)
}

// ActionWords are the words of one action: a heading over its buttons,
// a label for each value's button, and the message when a request names
// no value it has.
type ActionWords struct {
	Title   string            `json:"title"`
	Hint    string            `json:"hint,omitempty"`
	Values  map[string]string `json:"values"`
	Invalid string            `json:"invalid"`
}

// Action returns the kind's action of that name.
func (k *Kind) Action(name string) (*Action, bool) {
	for i := range k.behaviour.Actions {
		if a := &k.behaviour.Actions[i]; a.Name == name {
			return a, true
		}
	}
	return nil, false
}

// ActionWords returns the words of the kind's action of that name.
func (k *Kind) ActionWords(name string) *ActionWords { return k.words().Actions[name] }

// ReadAction decodes the body of a request for action a: an object with
// a's one member, a string. Whether it is one of the values is Act's to
// say, in the kind's words.
func (a *Action) ReadAction(body []byte) (string, error) {
	obj, err := object(body, "")
	if err != nil {
		return "", err
	}
	var value string
	if raw, ok := obj[a.Param]; ok {
		delete(obj, a.Param)
		if !isNull(raw) && json.Unmarshal(raw, &value) != nil {
			return "", wrongType(a.Param, "string")
		}
	}
	for name := range obj {
		return "", &InputError{Field: name, Unknown: true, Message: "The request body does not match this route's schema: it has no field " + strconv.Quote(name) + "."}
	}
	return value, nil
}

// ActionSchema is the JSON Schema of a request body for action a.
func (k *Kind) ActionSchema(a *Action) Schema {
	values := make([]any, len(a.Values))
	for i, v := range a.Values {
		values[i] = v
	}
	return Schema{"type": "object", "additionalProperties": false, "required": []string{a.Param},
		"properties": map[string]any{a.Param: Schema{"type": "string", "enum": values, "description": k.ActionWords(a.Name).Title + "."}}}
}

// Act does action a to the item id with value: a problem naming a.Param
// when the value is not one of a's, ErrNotFound when the item is not
// one of the owner's.
func (it *Items) Act(ctx context.Context, a *Action, id, value string, now time.Time) (*Kind, Item, error) {
	if !slices.Contains(a.Values, value) {
		var p valid.Problems
		p.Add(a.Param, it.k.ActionWords(a.Name).Invalid)
		return nil, Item{}, p
	}
	item, err := it.Get(ctx, id)
	if err != nil {
		return nil, Item{}, err
	}
	return a.Do(ctx, it, item, value, now)
}

// Beside opens the same owner's items of another kind, for an action
// that makes one.
func (it *Items) Beside(k *Kind) *Items { return k.Items(it.s, it.o) }

// Set replaces an item's values as an action does, the read-only fields
// included, after the checks of Update (and those of the read-only
// fields' own limits).
func (it *Items) Set(ctx context.Context, id string, v Values) (Item, error) {
	if len(v) != len(it.k.Fields) || it.k.Parent != nil {
		return Item{}, fmt.Errorf("tool: Set needs every field of a %s", it.k.Name)
	}
	if err := it.k.Clean(v); err != nil {
		return Item{}, err
	}
	var p valid.Problems
	n := len(it.k.Visible())
	checker{k: it.k, p: &p}.values("", it.k.Fields[n:], it.k.words().Fields, v[n:])
	if err := p.Err(); err != nil {
		return Item{}, err
	}
	return it.c.Update(ctx, id, v)
}

// fresh returns v, a new item's values, with every read-only field empty
// and there: what a client sends for them is ignored.
func (k *Kind) fresh(v Values) Values {
	n := len(k.Visible())
	if k.Parent != nil || n == len(k.Fields) {
		return v
	}
	return append(v[:n:n], make(Values, len(k.Fields)-n)...)
}

// checkReadOnly makes sure read-only fields are an item's own (not an
// event's, nor in a group), optional, and after all the others.
func (k *Kind) checkReadOnly() error {
	seen := false
	for _, f := range k.Fields {
		switch {
		case f.ReadOnly && (k.Parent != nil || f.Required):
			return fmt.Errorf("field %s.%s: only an optional field of an item can be read-only", k.Name, f.Name)
		case seen && !f.ReadOnly:
			return fmt.Errorf("field %s.%s: read-only fields come after all the others", k.Name, f.Name)
		}
		seen = seen || f.ReadOnly
	}
	var inner error
	for i := range k.Fields {
		eachField(k.Fields[i].Fields, func(f *Field) {
			if f.ReadOnly {
				inner = fmt.Errorf("field %s.%s: a field of a group cannot be read-only", k.Name, f.Name)
			}
		})
	}
	return inner
}

// reservedActions are the words after an item's id that its pages use.
var reservedActions = []string{"events", "edit", "delete"}

// checkBehaviour checks what Bind gave a kind against its declaration and
// words: each action's names, values, the kinds it makes and its words;
// each view's other kinds.
func (k *Kind) checkBehaviour() error {
	b := k.behaviour
	names := map[string]bool{}
	for _, a := range b.Actions {
		at := "kind " + k.Name + ": action " + strconv.Quote(a.Name)
		switch {
		case k.Parent != nil:
			return fmt.Errorf("kind %s: events have no actions", k.Name)
		case !kindPattern.MatchString(a.Name) || slices.Contains(reservedActions, a.Name) || names[a.Name]:
			return fmt.Errorf("%s: a name must be plain, used once, and not one of %v", at, reservedActions)
		case !namePattern.MatchString(a.Param) || len(a.Values) == 0 || a.Do == nil || len(a.Makes) == 0:
			return fmt.Errorf("%s: it needs a plain param, values, the kinds it makes and its Go", at)
		}
		names[a.Name] = true
		for _, path := range a.Makes {
			if m, ok := k.catalog.byPath[path]; !ok || m.Parent != nil {
				return fmt.Errorf("%s: it makes %q, which is not the path of a kind", at, path)
			}
		}
		aw := k.ActionWords(a.Name)
		if aw == nil || aw.Title == "" || aw.Invalid == "" {
			return fmt.Errorf("%s: its words need a title and an invalid message", at)
		}
		for _, v := range a.Values {
			if aw.Values[v] == "" {
				return fmt.Errorf("%s: value %q has no words", at, v)
			}
		}
		if len(aw.Values) != len(a.Values) {
			return fmt.Errorf("%s: its words name values it does not have", at)
		}
	}
	for name := range k.words().Actions {
		if !names[name] {
			return fmt.Errorf("kind %s: words for action %q, which it does not have", k.Name, name)
		}
	}
	for _, v := range b.Views {
		if (len(v.Also) > 0) != (v.OfAll != nil) {
			return fmt.Errorf("kind %s: view %s reads other kinds through OfAll, and only then", k.Name, v.Name)
		}
		for _, name := range v.Also {
			if _, ok := k.catalog.byName[name]; !ok {
				return fmt.Errorf("kind %s: view %s reads %q, which is not a kind", k.Name, v.Name, name)
			}
		}
	}
	return nil
}
