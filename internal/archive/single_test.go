package archive_test

import (
	"context"
	"reflect"
	"testing"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
)

// A single kind's item comes through an import to a person who has none,
// and never gives one who has theirs a second: theirs stays, and the
// archive's is reported as skipped.
func TestImportKeepsOneOfASingleKind(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	plan := f.kind(t, "safety-plan")
	alice, bob, carol := f.person(t, "alice"), f.person(t, "bob"), f.person(t, "carol")
	if _, err := plan.Items(f.app.Store, alice).Put(ctx, input(t, plan, `{"warning_signs":"alice's signs"}`, base).Values); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Items(f.app.Store, bob).Put(ctx, input(t, plan, `{"warning_signs":"bob's signs"}`, base).Values); err != nil {
		t.Fatal(err)
	}
	z := f.zip(t, alice)

	rep, err := f.importZip(t, bob, z)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added["safety-plan"] != 0 || rep.Skipped["safety-plan"] != 1 {
		t.Errorf("bob's import: %+v, want the plan skipped", rep)
	}
	if got := f.signs(t, plan, bob); got != "bob's signs" {
		t.Errorf("bob's plan after the import: %q", got)
	}

	rep, err = f.importZip(t, carol, z)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added["safety-plan"] != 1 || f.signs(t, plan, carol) != "alice's signs" {
		t.Errorf("carol's import: %+v, plan %q", rep, f.signs(t, plan, carol))
	}
	again, err := f.importZip(t, carol, z)
	if err != nil || !reflect.DeepEqual(again.Added, map[string]int{}) {
		t.Errorf("carol's second import: %+v, %v", again, err)
	}
}

// Of two items of a single kind in one archive (two written at once, say),
// only the newer is added.
func TestImportTakesTheNewestOfASingleKind(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	plan := f.kind(t, "selfcare-plan")
	alice, bob := f.person(t, "alice"), f.person(t, "bob")
	f.create(t, alice, "selfcare-plan", `{"body":"older"}`, base)
	f.create(t, alice, "selfcare-plan", `{"body":"newer"}`, base.AddDate(0, 0, 1))
	rep, err := f.importZip(t, bob, f.zip(t, alice))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added["selfcare-plan"] != 1 || rep.Skipped["selfcare-plan"] != 1 {
		t.Errorf("import: %+v", rep)
	}
	if n, err := plan.Items(f.app.Store, bob).Collection().Count(ctx, ""); err != nil || n != 1 {
		t.Fatalf("bob has %d plans, %v", n, err)
	}
	it, _, _ := plan.Items(f.app.Store, bob).One(ctx)
	if got := field(t, plan, it, "body").Str; got != "newer" {
		t.Errorf("bob's plan says %q", got)
	}
}

// signs returns the warning signs of p's safety plan.
func (f *fixture) signs(t *testing.T, k *tool.Kind, p *account.Person) string {
	t.Helper()
	it, ok, err := k.Items(f.app.Store, p).One(context.Background())
	if err != nil || !ok {
		t.Fatalf("no plan: %v", err)
	}
	return field(t, k, it, "warning_signs").Str
}
