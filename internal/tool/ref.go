package tool

import (
	"context"
	"errors"
	"fmt"

	"kintsugi/internal/record"
	"kintsugi/internal/valid"
)

// A text field may name another item of the same person by its id, such
// as the check-in a trigger led to: its "ref" is the path of the kind it
// names. The engine checks, whenever an item is created or changed, that
// the id names one of the owner's own items of that kind, so an item can
// never point at another person's. A reference is not the person's words:
// crisis detection, search and summaries leave it out.

// checkRefs checks, once every kind is declared, that each reference
// names a kind with pages of its own, and is a top-level text field of an
// item (an event's fields are never checked against the store).
func (c *Catalog) checkRefs() error {
	for _, k := range c.Kinds {
		for i := range k.Fields {
			f := &k.Fields[i]
			if f.Ref == "" {
				continue
			}
			target, ok := c.byPath[f.Ref]
			switch {
			case !ok:
				return fmt.Errorf("field %s.%s: ref %q is not the path of a kind", k.Name, f.Name, f.Ref)
			case f.Type != Text || f.Max < 26:
				return fmt.Errorf("field %s.%s: a ref is a text field of at least 26 characters", k.Name, f.Name)
			case k.Parent != nil:
				return fmt.Errorf("field %s.%s: an event cannot hold a ref", k.Name, f.Name)
			case target.Parent != nil:
				return fmt.Errorf("field %s.%s: a ref cannot name events", k.Name, f.Name)
			}
		}
		for _, f := range nested(k.Fields) {
			if f.Ref != "" {
				return fmt.Errorf("field %s.%s: a ref must be a field of the item itself, not of a group", k.Name, f.Name)
			}
		}
	}
	return nil
}

// nested returns the fields of every group and object among fields, at
// any depth.
func nested(fields []Field) []Field {
	var out []Field
	for _, f := range fields {
		out = append(out, f.Fields...)
		out = append(out, nested(f.Fields)...)
	}
	return out
}

// Target returns the kind a reference field names, if f is one.
func (c *Catalog) Target(f *Field) (*Kind, bool) {
	if f.Ref == "" {
		return nil, false
	}
	k, ok := c.byPath[f.Ref]
	return k, ok
}

// checkOwned reports a problem for each reference in v that does not name
// one of the owner's own items of its kind: one that does not exist, has
// been deleted, or is someone else's (the same answer for all three).
func (it *Items) checkOwned(ctx context.Context, v Values) error {
	if it.s == nil {
		return nil
	}
	var p valid.Problems
	for i, f := range it.k.Visible() {
		target, ok := it.k.catalog.Target(&f)
		if !ok || v[i].Str == "" {
			continue
		}
		_, err := target.Items(it.s, it.o).Get(ctx, v[i].Str)
		switch {
		case errors.Is(err, record.ErrNotFound):
			p.Add(f.Name, it.k.catalog.words.Message("choice", "{name}", it.k.words().Fields[f.Name].Name))
		case err != nil:
			return err
		}
	}
	return p.Err()
}

// refDisplay is a reference as a person reads it: the item it names by
// its kind and the day it was made, which its id carries ("a check-in
// from 14 March 2026", the day in UTC), never the id itself.
func (c *Catalog) refDisplay(f *Field, id string) string {
	target, ok := c.Target(f)
	at, valid := record.IDTime(id)
	if !ok || !valid {
		return ""
	}
	return c.words.Kinds[target.Name].One + " from " + at.UTC().Format("2 January 2006")
}
