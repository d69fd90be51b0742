package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/httpx"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// entryJSON is one item on the timeline.
type entryJSON struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	Step      *int      `json:"step"`
	Summary   string    `json:"summary"`
}

// kindName is how the timeline names a kind: its path, and for events
// the path of the kind that owns them ("boundaries/events").
func kindName(k *tool.Kind) string {
	if k.Parent != nil {
		return k.Parent.Path + "/" + k.Path
	}
	return k.Path
}

func (a *API) timeline(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := tool.TimelineQuery{Limit: pg.Limit, Cursor: pg.Cursor}
	qs := r.URL.Query()
	for name, dst := range map[string]*time.Time{"since": &q.Since, "until": &q.Until} {
		if s := qs.Get(name); s != "" {
			if *dst, err = time.Parse(time.RFC3339, s); err != nil {
				return httpx.Errorf(http.StatusBadRequest, "bad_time", name+" must be a time like 2026-03-14T00:00:00Z.")
			}
		}
	}
	if s := qs.Get("step"); s != "" {
		if q.Step, err = strconv.Atoi(s); err != nil || q.Step < 1 || q.Step > 12 {
			return httpx.Errorf(http.StatusBadRequest, "bad_step", "step must be a step number from 1 to 12.")
		}
	}
	entries, next, err := a.Tools.Timeline(r.Context(), a.Store, p, q)
	if err != nil {
		return err
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryJSON{Kind: kindName(e.Kind), ID: e.Item.ID, CreatedAt: e.Item.CreatedAt, Summary: a.summary(e)}
		if n := e.Step(); n != 0 {
			out[i].Step = &n
		} else if e.Kind.Parent != nil && e.Kind.Parent.Step != 0 {
			n := e.Kind.Parent.Step
			out[i].Step = &n
		}
	}
	body := map[string]any{"items": out, "next_cursor": nil}
	if next != "" {
		body["next_cursor"] = next
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// summary is the first of what sums an entry up, or its kind's name for
// one item.
func (a *API) summary(e tool.Entry) string {
	if s := e.Kind.Summary(e.Item.Value); len(s) > 0 {
		return s[0]
	}
	return a.Tools.Words().Of(e.Kind).One
}

func (a *API) trends(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	qs := r.URL.Query()
	bucket := qs.Get("bucket")
	if bucket == "" {
		bucket = "week"
	}
	if bucket != "week" && bucket != "month" {
		return httpx.Errorf(http.StatusBadRequest, "bad_bucket", `bucket must be "week" or "month".`)
	}
	what, arg, _ := strings.Cut(qs.Get("series"), ":")
	prof, err := a.Accounts.Profile(r.Context(), p)
	if err != nil {
		return err
	}
	var points []tools.Point
	switch what {
	case "emotion":
		if _, ok := a.Guide.Emotion(arg); !ok {
			return httpx.Errorf(http.StatusBadRequest, "bad_series", "series emotion:NAME needs a name from GET /api/v1/emotions.")
		}
		k, _ := a.Tools.ByPath("checkins")
		items, _, err := k.Items(a.Store, p).List(r.Context(), maxRead, "", 0)
		if err != nil {
			return err
		}
		points = a.views.checkins.EmotionPoints(items, arg)
	case "rating":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > 12 {
			return httpx.Errorf(http.StatusBadRequest, "bad_series", "series rating:N needs a step number from 1 to 12.")
		}
		k, _ := a.Tools.ByPath("ratings")
		items, _, err := k.Items(a.Store, p).List(r.Context(), maxRead, "", n)
		if err != nil {
			return err
		}
		points = a.views.ratings.RatingPoints(items, n)
	default:
		return httpx.Errorf(http.StatusBadRequest, "bad_series", "series must be emotion:NAME or rating:N.")
	}
	buckets := tools.Trend(points, bucket, prof.Location())
	if buckets == nil {
		buckets = []tools.Bucket{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"buckets": buckets})
	return nil
}

func (a *API) suggestions(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	all, err := a.Suggestions(r.Context(), p)
	if err != nil {
		return err
	}
	if all == nil {
		all = []tools.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"suggestions": all})
	return nil
}

// settle keeps a suggested milestone (201, with the milestone) or
// dismisses it (204).
func (a *API) settle(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	var in struct {
		Keep *bool `json:"keep"`
	}
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Keep == nil {
		return httpx.Errorf(http.StatusBadRequest, "bad_json", `Say {"keep": true} to keep it as a milestone, or {"keep": false} to dismiss it.`)
	}
	kept, err := a.Settle(r.Context(), p, r.PathValue("key"), *in.Keep)
	if err != nil {
		return err
	}
	if kept == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	k, _ := a.Tools.ByPath("milestones")
	a.writeItem(w, http.StatusCreated, k, kept)
	return nil
}
