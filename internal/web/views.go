package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/tool"
)

// Lists are formatted here rather than in templates: a template function
// call costs a reflective call per use, and lists of check-ins and entries
// made those calls the largest part of a page's time.

// when is a time as pages show it: ISO for the <time> element (which the
// page's script turns into local time) and a UTC fallback.
type when struct{ ISO, Text string }

func whenOf(t time.Time) when {
	t = t.UTC()
	return when{ISO: t.Format(time.RFC3339), Text: t.Format("2 Jan 2006, 15:04") + " UTC"}
}

// tableRow is one row of a chart's table alternative.
type tableRow struct {
	When     when
	Week     string // "2 Mar 2026" for a weekly row, else ""
	Feelings string // "Sadness 7, Anger 4"
}

func (app *Web) tableRows(rows []chartRow) []tableRow {
	out := make([]tableRow, len(rows))
	var b strings.Builder
	for i, row := range rows {
		b.Reset()
		for j, c := range row.Cells {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(app.emotionLabel(c.Name))
			b.WriteByte(' ')
			b.WriteString(c.Text())
		}
		out[i] = tableRow{When: whenOf(row.At), Feelings: b.String()}
		if row.Week {
			out[i].Week = row.At.UTC().Format("2 Jan 2006")
		}
	}
	return out
}

// ratingItems renders ratings as <li> elements in Go: a page can hold
// dozens, and a template spends a reflective call on every value.
func (app *Web) ratingItems(ratings []tool.Item) template.HTML {
	var b strings.Builder
	b.Grow(len(ratings) * 100)
	for _, r := range ratings {
		w := whenOf(r.CreatedAt)
		b.WriteString(`<li><time datetime="`)
		b.WriteString(w.ISO)
		b.WriteString(`" data-local>`)
		b.WriteString(html.EscapeString(w.Text))
		b.WriteString(`</time>: `)
		b.WriteString(strconv.Itoa(r.Value[app.rating.value].Num))
		b.WriteString(` of 10`)
		if note := r.Value[app.rating.note].Str; note != "" {
			b.WriteString(`. `)
			b.WriteString(html.EscapeString(note))
		}
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}

// tableHTML renders a chart's table rows in Go, for the same reason.
func tableHTML(rows []tableRow) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 140)
	for _, r := range rows {
		b.WriteString(`<tr><td>`)
		if r.Week != "" {
			b.WriteString("Week of ")
			b.WriteString(r.Week)
		} else {
			b.WriteString(`<time datetime="`)
			b.WriteString(r.When.ISO)
			b.WriteString(`" data-local>`)
			b.WriteString(html.EscapeString(r.When.Text))
			b.WriteString(`</time>`)
		}
		b.WriteString(`</td><td>`)
		b.WriteString(html.EscapeString(r.Feelings))
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// checkinRow is one check-in in a list.
type checkinRow struct {
	ID       string
	When     when
	Feelings string
}

func (app *Web) checkinRows(recs []felt) []checkinRow {
	out := make([]checkinRow, len(recs))
	for i, r := range recs {
		var b strings.Builder
		for j, f := range r.Emotions {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(app.emotionLabel(f.Name))
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(f.Intensity))
		}
		out[i] = checkinRow{ID: r.ID, When: whenOf(r.At), Feelings: b.String()}
	}
	return out
}
