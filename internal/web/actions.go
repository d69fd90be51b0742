package web

import (
	"net/http"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/tool"
)

// actionView is one of a kind's actions on an item's page: a heading and
// a button for each thing it can do, in one small form that works
// without JavaScript.
type actionView struct {
	Name, Param, Title, Hint string
	Buttons                  []tool.Option
}

// actions are the kind's actions, as its item's page offers them.
func (h kindPages) actions() []actionView {
	var out []actionView
	for _, a := range h.k.Behaviour().Actions {
		aw := h.k.ActionWords(a.Name)
		av := actionView{Name: a.Name, Param: a.Param, Title: aw.Title, Hint: aw.Hint}
		for _, v := range a.Values {
			av.Buttons = append(av.Buttons, tool.Option{Value: v, Label: aw.Values[v]})
		}
		out = append(out, av)
	}
	return out
}

// act does one of a kind's actions to an item, then opens what it made,
// ready to be looked over and changed.
func (h kindPages) act(a *tool.Action) handler {
	return func(w http.ResponseWriter, r *http.Request, p *account.Person) error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		made, it, err := h.items(p).Act(r.Context(), a, r.PathValue("id"), r.PostFormValue(a.Param), time.Now())
		if err != nil {
			return err
		}
		h.app.redirect(w, r, "/"+made.Path+"/"+it.ID, "made")
		return nil
	}
}

// becameLinks are the items an expectation became, by id.
type becameLinks struct{ Boundary, Conversation string }

// became reads where an expectation went, from the fields only its
// action sets.
func (app *Web) became(it *tool.Item) any {
	k, _ := app.Tools.ByPath("expectations")
	var out becameLinks
	for name, dst := range map[string]*string{"boundary": &out.Boundary, "conversation": &out.Conversation} {
		if _, i, ok := k.Field(name); ok {
			*dst = it.Value[i].Str
		}
	}
	return out
}
