package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/account"
	"kintsugi/internal/chart"
	"kintsugi/internal/httpx"
	"kintsugi/internal/journey"
	"kintsugi/internal/markdown"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// Step 6, "be patient", has three pages of its own that read every tool:
// the timeline of everything, the slow trends, and a calendar of the days.

// timelineRow is one entry of the timeline.
type timelineRow struct {
	Href, Kind, Summary string
	When                when
	Step                int
}

type timelinePage struct {
	Rows       []timelineRow
	Next       string
	First      bool
	Step       int
	From, To   string // the dates asked for, YYYY-MM-DD
	Steps      []journey.Step
	FilterText string // what the page shows, in words
}

// timelineSize is how many entries the timeline page shows at once.
const timelineSize = 50

func (app *Web) timeline(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	qs := r.URL.Query()
	page := &timelinePage{Steps: app.sideOf(r.Context()).Steps, From: qs.Get("from"), To: qs.Get("to"), First: qs.Get("cursor") == ""}
	q := tool.TimelineQuery{Limit: timelineSize, Cursor: qs.Get("cursor")}
	if n, err := strconv.Atoi(qs.Get("step")); err == nil && n >= 1 && n <= 12 {
		q.Step, page.Step = n, n
	}
	// Dates are days in the person's time zone: from its first instant,
	// to the end of the last.
	if d, err := time.ParseInLocation(time.DateOnly, page.From, loc); err == nil {
		q.Since = d
	} else {
		page.From = ""
	}
	if d, err := time.ParseInLocation(time.DateOnly, page.To, loc); err == nil {
		q.Until = d.AddDate(0, 0, 1)
	} else {
		page.To = ""
	}
	entries, next, err := app.Tools.Timeline(r.Context(), app.Store, p, q)
	if err != nil {
		return err
	}
	page.Next = next
	for _, e := range entries {
		page.Rows = append(page.Rows, app.timelineRow(e, loc))
	}
	app.render(w, r, http.StatusOK, "timeline", view{Title: "Timeline", Nav: "steps", Data: page})
	return nil
}

func (app *Web) timelineRow(e tool.Entry, loc *time.Location) timelineRow {
	k := e.Kind
	row := timelineRow{Kind: app.Tools.Words().Of(k).Title, When: whenOf(e.Item.CreatedAt), Step: e.Step()}
	if s := k.Summary(e.Item.Value); len(s) > 0 {
		row.Summary = excerpt(s[0], 120)
	}
	switch {
	case k.Parent != nil:
		// An event is shown on its item's page.
		row.Href = "/" + k.Parent.Path + "/" + e.Item.Value[len(e.Item.Value)-1].Str
		row.Kind = app.Tools.Words().Of(k.Parent).Title + ": " + strings.ToLower(app.Tools.Words().Of(k).Title)
		row.Step = k.Parent.Step
	default:
		row.Href = itemHref(k, e.Item.ID)
	}
	return row
}

// excerpt is the start of a summary as one line of plain text: Markdown's
// marks dropped, and the lines of a list kept apart by a dot.
func excerpt(s string, n int) string {
	return strings.ReplaceAll(markdown.Excerpt(s, n), "\n", " · ")
}

// trendsPage is one slow trend, drawn and as a table.
type trendsPage struct {
	Series, Bucket string
	Label          string
	Emotions       []journey.Emotion
	Steps          []journey.Step
	Buckets        []tools.Bucket
	Chart          template.HTML
}

func (app *Web) trends(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	qs := r.URL.Query()
	page := &trendsPage{Series: qs.Get("series"), Bucket: qs.Get("bucket"), Emotions: app.Guide.Emotions, Steps: app.sideOf(r.Context()).Steps}
	if page.Bucket != "month" {
		page.Bucket = "week"
	}
	points, label, err := app.seriesPoints(r, p, page.Series)
	if err != nil {
		return err
	}
	page.Label = label
	page.Buckets = tools.Trend(points, page.Bucket, loc)
	page.Chart = app.trendChart(page, loc)
	app.render(w, r, http.StatusOK, "trends", view{Title: "Slow trends", Nav: "steps", Data: page})
	return nil
}

// seriesPoints reads a series, "emotion:NAME" or "rating:N"; without one,
// the feeling named most often.
func (app *Web) seriesPoints(r *http.Request, p *account.Person, series string) ([]tools.Point, string, error) {
	what, arg, _ := strings.Cut(series, ":")
	switch what {
	case "rating":
		n, err := strconv.Atoi(arg)
		st, ok := app.sideOf(r.Context()).Step(n)
		if err != nil || !ok {
			return nil, "", httpx.NotFound
		}
		items, _, err := app.ratings.Items(app.Store, p).List(r.Context(), maxRead, "", n)
		if err != nil {
			return nil, "", err
		}
		return app.trendsOf.ratings.RatingPoints(items, n), "your rating of step " + strconv.Itoa(n) + ", " + st.Title, nil
	default:
		items, _, err := app.checkins.Items(app.Store, p).List(r.Context(), maxRead, "", 0)
		if err != nil {
			return nil, "", err
		}
		e, ok := app.Guide.Emotion(arg)
		if !ok {
			e, _ = app.Guide.Emotion(mostNamed(items))
		}
		return app.trendsOf.checkins.EmotionPoints(items, e.Name), "how strong " + strings.ToLower(e.Label) + " was", nil
	}
}

// mostNamed is the feeling named in the most check-ins ("sadness" when
// there are none).
func mostNamed(checkins []tool.Item) string {
	counts := map[string]int{}
	best := "sadness"
	for _, c := range checkins {
		for _, row := range c.Value[0].Rows {
			counts[row[0].Str]++
			if counts[row[0].Str] > counts[best] || counts[row[0].Str] == counts[best] && row[0].Str < best {
				best = row[0].Str
			}
		}
	}
	return best
}

func (app *Web) trendChart(page *trendsPage, loc *time.Location) template.HTML {
	if len(page.Buckets) < 2 {
		return ""
	}
	var mean, moving []chart.Point
	for _, b := range page.Buckets {
		d, _ := time.ParseInLocation(time.DateOnly, b.Start, loc)
		mean = append(mean, chart.Point{At: d, Value: b.Mean})
		moving = append(moving, chart.Point{At: d, Value: b.MovingMean})
	}
	by := "week"
	if page.Bucket == "month" {
		by = "month"
	}
	return chart.Lines{Title: "Over time: " + page.Label + ", by " + by, Min: 0, Max: 10,
		Series: []chart.Series{{Name: "Each " + by, Points: mean}, {Name: "Moving average", Points: moving}}}.SVG()
}

// calendarDay is one day of the calendar, coloured by its check-ins.
type calendarDay struct {
	Date  string // YYYY-MM-DD, or "" for a blank cell before the 1st
	Day   int
	Level int    // 0: no check-in; 1–5: the strongest feeling, by fifths of 10
	Label string // what the colour says, in words
	Today bool
}

type calendarMonth struct {
	Title string // "March 2026"
	Weeks [][]calendarDay
}

type calendarPage struct {
	Year        int
	Month       calendarMonth // the month asked for
	MonthNumber int
	Months      []calendarMonth // the whole year, at a glance
	Prev, Next  string          // query strings of the months around
}

func (app *Web) calendar(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	loc, err := app.location(r, p)
	if err != nil {
		return err
	}
	now := time.Now().In(loc)
	year, month := now.Year(), int(now.Month())
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 1970 && y <= 9999 {
		year = y
	}
	if m, err := strconv.Atoi(r.URL.Query().Get("month")); err == nil && m >= 1 && m <= 12 {
		month = m
	}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	checkins, err := app.checkins.Items(app.Store, p).Collection().Span(r.Context(), start, start.AddDate(1, 0, 0), "", maxRead)
	if err != nil {
		return err
	}
	days := app.strongest(checkins, loc)
	page := &calendarPage{Year: year, MonthNumber: month}
	for m := 1; m <= 12; m++ {
		cm := monthOf(year, time.Month(m), loc, days, now.Format(time.DateOnly))
		page.Months = append(page.Months, cm)
		if m == month {
			page.Month = cm
		}
	}
	prev, next := time.Date(year, time.Month(month)-1, 1, 0, 0, 0, 0, loc), time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, loc)
	page.Prev = "year=" + strconv.Itoa(prev.Year()) + "&month=" + strconv.Itoa(int(prev.Month()))
	page.Next = "year=" + strconv.Itoa(next.Year()) + "&month=" + strconv.Itoa(int(next.Month()))
	app.render(w, r, http.StatusOK, "calendar", view{Title: "Calendar", Nav: "steps", Data: page})
	return nil
}

// dayFeelings is a day's check-ins: how many, and the strongest feeling.
type dayFeelings struct {
	count     int
	name      string
	intensity int
}

func (app *Web) strongest(checkins []tool.Item, loc *time.Location) map[string]*dayFeelings {
	days := map[string]*dayFeelings{}
	for _, c := range checkins {
		d := c.CreatedAt.In(loc).Format(time.DateOnly)
		df := days[d]
		if df == nil {
			df = &dayFeelings{intensity: -1}
			days[d] = df
		}
		df.count++
		for _, row := range c.Value[0].Rows {
			if row[1].Num > df.intensity {
				df.name, df.intensity = row[0].Str, row[1].Num
			}
		}
	}
	for _, df := range days {
		df.name = app.emotionLabel(df.name)
	}
	return days
}

// monthOf lays a month out in weeks from Monday.
func monthOf(year int, month time.Month, loc *time.Location, days map[string]*dayFeelings, today string) calendarMonth {
	first := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	cm := calendarMonth{Title: first.Format("January 2006")}
	week := make([]calendarDay, (int(first.Weekday())+6)%7) // blank days before the 1st
	for d := first; d.Month() == month; d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		cd := calendarDay{Date: date, Day: d.Day(), Today: date == today, Label: d.Format("Monday 2 January") + ": no check-in"}
		if df := days[date]; df != nil {
			cd.Level = 1 + min(4, max(0, df.intensity-1)/2)
			cd.Label = d.Format("Monday 2 January") + ": " + plural(df.count, "check-in", "check-ins") + ", the strongest " + df.name + " " + strconv.Itoa(df.intensity)
		}
		week = append(week, cd)
		if len(week) == 7 {
			cm.Weeks, week = append(cm.Weeks, week), nil
		}
	}
	if len(week) > 0 {
		cm.Weeks = append(cm.Weeks, append(week, make([]calendarDay, 7-len(week))...))
	}
	return cm
}

// lookingBack is what step 6's milestones panel shows besides them: the
// milestones the person's own data suggests, and the newest few entries
// of the timeline.
type lookingBack struct {
	Suggestions []tools.Suggestion
	Rows        []timelineRow
}

func (app *Web) lookingBack(r *http.Request, p *account.Person) (any, error) {
	loc, err := app.location(r, p)
	if err != nil {
		return nil, err
	}
	suggested, err := app.Suggestions(r.Context(), p)
	if err != nil {
		return nil, err
	}
	entries, _, err := app.Tools.Timeline(r.Context(), app.Store, p, tool.TimelineQuery{Limit: 5})
	if err != nil {
		return nil, err
	}
	out := lookingBack{Suggestions: suggested[:min(3, len(suggested))], Rows: make([]timelineRow, len(entries))}
	for i, e := range entries {
		out.Rows[i] = app.timelineRow(e, loc)
	}
	return out, nil
}

// settle keeps a suggested milestone or lets it go, from step 6's page.
func (app *Web) settle(w http.ResponseWriter, r *http.Request, p *account.Person) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	keep := r.PostFormValue("keep") == "yes"
	if _, err := app.Settle(r.Context(), p, r.PathValue("key"), keep); err != nil {
		return err
	}
	flash := "saved"
	if !keep {
		flash = "dismissed"
	}
	app.redirect(w, r, "/steps/be-patient#milestones", flash)
	return nil
}
