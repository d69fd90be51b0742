package report

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// The page, in millimetres: A4 with margins wide enough to write notes in.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	contentW     = pageW - 2*margin
	font         = "DejaVu"
)

// Colours, as RGB: calm ink on white, a gold line like the mended seams
// the product is named for, and four line colours told apart in grey too.
var (
	ink    = [3]int{40, 38, 34}
	quiet  = [3]int{96, 92, 84}
	rule   = [3]int{200, 194, 182}
	shade  = [3]int{244, 240, 232}
	gold   = [3]int{163, 122, 32}
	lines  = [][3]int{{37, 99, 160}, {180, 72, 52}, {46, 128, 84}, {118, 76, 150}}
	dashes = [][]float64{nil, {2.4, 1.2}, {0.6, 1}, {3, 1, 0.6, 1}}
)

// errPDF is what a failure to write the PDF says, whatever the cause.
var errPDF = errors.New("report: the PDF could not be written")

// PDF writes the report as a PDF document.
func (r *Report) PDF() ([]byte, error) {
	w := &pdfWriter{Fpdf: fpdf.New("P", "mm", "A4", ""), r: r}
	pdf := w.Fpdf
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+4)
	pdf.AddUTF8FontFromBytes(font, "", fontRegular)
	pdf.AddUTF8FontFromBytes(font, "B", fontBold)
	pdf.SetTitle(r.Words.Title, true)
	pdf.SetCreator("kintsugi", true)
	pdf.SetLang("en")
	pdf.SetCreationDate(r.Made)
	pdf.SetModificationDate(r.Made)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(w.footer)
	pdf.AddPage()
	w.cover()
	for _, part := range r.Options.Parts {
		w.section(part)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		// fpdf's messages can quote the text it was given: none of it
		// may reach a log.
		return nil, errPDF
	}
	return buf.Bytes(), nil
}

// pdfWriter draws one report onto a document.
type pdfWriter struct {
	*fpdf.Fpdf
	r *Report
}

// text is s as the font can draw it.
func (w *pdfWriter) text(s string) string { return printable(s, w.r.Words.Missing) }

func (w *pdfWriter) style(bold bool, size float64, colour [3]int) {
	st := ""
	if bold {
		st = "B"
	}
	w.SetFont(font, st, size)
	w.SetTextColor(colour[0], colour[1], colour[2])
}

// para writes s as a paragraph the full width of the page.
func (w *pdfWriter) para(s string, size, lineH float64, colour [3]int, bold bool) {
	w.style(bold, size, colour)
	w.MultiCell(0, lineH, w.text(s), "", "L", false)
}

func (w *pdfWriter) footer() {
	w.SetY(-margin)
	w.style(false, 8, quiet)
	w.CellFormat(contentW/2, 5, w.text(w.r.Words.Title+" · "+w.r.Span()), "", 0, "L", false, 0, "")
	w.CellFormat(contentW/2, 5, strconv.Itoa(w.PageNo())+" / {nb}", "", 0, "R", false, 0, "")
}

func (w *pdfWriter) cover() {
	r := w.r
	w.para(r.Words.Title, 20, 10, ink, true)
	w.Ln(1)
	w.para(r.KeptBy(), 11, 6, ink, false)
	w.para(r.Span(), 11, 6, ink, false)
	w.para(r.MadeOn(), 9, 5, quiet, false)
	w.Ln(4)
	// The disclaimer, in a shaded box with a gold edge.
	x, y := w.GetX(), w.GetY()
	w.SetFillColor(shade[0], shade[1], shade[2])
	w.style(false, 10, ink)
	text := w.text(r.Words.Disclaimer + " " + r.Words.NotTherapy)
	h := float64(len(w.SplitText(text, contentW-10)))*5.2 + 6
	w.Rect(x, y, contentW, h, "F")
	w.SetFillColor(gold[0], gold[1], gold[2])
	w.Rect(x, y, 1.2, h, "F")
	w.SetXY(x+5, y+3)
	w.MultiCell(contentW-10, 5.2, text, "", "L", false)
	w.SetXY(x, y+h+4)
}

// heading starts a part: its title with a gold rule, and its line of
// guidance. A heading never sits alone at the foot of a page.
func (w *pdfWriter) heading(s SectionWords) {
	w.need(40)
	w.Ln(4)
	w.para(s.Title, 14, 8, ink, true)
	w.SetDrawColor(gold[0], gold[1], gold[2])
	w.SetLineWidth(0.5)
	w.Line(margin+w.GetCellMargin(), w.GetY(), margin+w.GetCellMargin()+24, w.GetY())
	w.Ln(2.5)
	if s.Intro != "" {
		w.para(s.Intro, 9.5, 5, quiet, false)
		w.Ln(2)
	}
}

// need starts a new page unless h millimetres are left on this one.
func (w *pdfWriter) need(h float64) {
	if w.GetY()+h > pageH-margin-4 {
		w.AddPage()
	}
}

func (w *pdfWriter) section(part string) {
	r := w.r
	words := r.Section(part)
	w.heading(words)
	empty := func() { w.para(words.Empty, 10, 5.5, quiet, false) }
	switch part {
	case Feelings:
		f := r.Feelings
		if f == nil || f.Checkins == 0 {
			empty()
			return
		}
		w.para(f.Summary(r.Words), 10, 5.5, ink, false)
		w.Ln(2)
		w.chart(f)
		header := []string{r.Words.Columns["week"]}
		for _, c := range f.Columns {
			header = append(header, c.Label)
		}
		rows := make([][]string, len(f.Weeks))
		for i, wk := range f.Weeks {
			rows[i] = append([]string{wk.Label()}, wk.Cells...)
		}
		first := 28.0
		w.table(header, rows, append([]float64{first}, repeat((contentW-first)/float64(max(1, len(f.Columns))), len(f.Columns))...))
		if line := f.OthersLine(r.Words); line != "" {
			w.Ln(1)
			w.para(line, 9.5, 5, quiet, false)
		}
	case Ratings:
		if len(r.Ratings) == 0 {
			empty()
			return
		}
		c := r.Words.Columns
		rows := make([][]string, len(r.Ratings))
		for i, row := range r.Ratings {
			rows[i] = row.Cells()
		}
		w.table([]string{c["step"], c["ratings"], c["first"], c["latest"], c["average"]}, rows, []float64{82, 23, 23, 23, 23})
	case Entries:
		if len(r.Entries) == 0 {
			empty()
			return
		}
		for _, e := range r.Entries {
			w.entry(e)
		}
	case Boundaries:
		if len(r.Boundaries) == 0 {
			empty()
			return
		}
		c := r.Words.Columns
		for _, b := range r.Boundaries {
			w.need(16)
			w.para(b.Words, 10.5, 5.5, ink, true)
			w.para(b.Kind+" · "+b.Status+" · "+c["held"]+": "+strconv.Itoa(b.Held)+" · "+c["crossed"]+": "+strconv.Itoa(b.Crossed), 9.5, 5, quiet, false)
			w.Ln(2)
		}
	case SafetyPlan:
		if len(r.Plan) == 0 {
			empty()
			return
		}
		for _, p := range r.Plan {
			w.need(14)
			w.para(p.Label, 10.5, 5.5, ink, true)
			w.para(p.Text, 10, 5.5, ink, false)
			w.Ln(2)
		}
	case Talk:
		if strings.TrimSpace(r.Talk) == "" {
			empty()
			return
		}
		w.para(r.Talk, 10.5, 6, ink, false)
	}
}

func (w *pdfWriter) entry(e Entry) {
	w.need(24)
	title := e.Title
	if title == "" {
		title = Day(e.At)
	}
	w.para(title, 11.5, 6, ink, true)
	meta := Day(e.At)
	if e.Step > 0 {
		meta += " · " + fill(w.r.Words.StepOf, "{n}", strconv.Itoa(e.Step)) + ", " + e.StepTitle
	}
	w.para(meta, 9, 5, quiet, false)
	w.Ln(1)
	w.para(e.Body, 10, 5.5, ink, false)
	w.Ln(4)
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// table draws a table with a shaded header row, repeated at the top of
// each page it runs onto. Cells that do not fit are shortened.
func (w *pdfWriter) table(header []string, rows [][]string, widths []float64) {
	const rowH = 6.5
	head := func() {
		w.style(true, 8.5, ink)
		w.SetFillColor(shade[0], shade[1], shade[2])
		w.SetDrawColor(rule[0], rule[1], rule[2])
		w.SetLineWidth(0.2)
		for i, h := range header {
			w.CellFormat(widths[i], rowH, w.fit(h, widths[i]-2), "B", 0, align(i), true, 0, "")
		}
		w.Ln(-1)
	}
	w.need(3 * rowH)
	head()
	for _, row := range rows {
		if w.GetY()+rowH > pageH-margin-4 {
			w.AddPage()
			head()
		}
		w.style(false, 9, ink)
		for i, cell := range row {
			w.CellFormat(widths[i], rowH, w.fit(cell, widths[i]-2), "B", 0, align(i), false, 0, "")
		}
		w.Ln(-1)
	}
	w.Ln(2)
}

// align puts the first column's words on the left and numbers on the right.
func align(col int) string {
	if col == 0 {
		return "LM"
	}
	return "RM"
}

// fit shortens s with an ellipsis until it fits in width.
func (w *pdfWriter) fit(s string, width float64) string {
	s = w.text(s)
	if w.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && w.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// chart draws the weekly averages as lines over the report's days, 0 to
// 10 up the side, with a legend under it: the same series as the page's
// SVG chart.
func (w *pdfWriter) chart(f *FeelingsPart) {
	const h, left, bottom = 58.0, 9.0, 7.0
	w.need(h + 16)
	x0, y0 := margin+left, w.GetY()+2
	pw, ph := contentW-left, h-bottom
	from, to := f.Lines.From, f.Lines.To
	span := to.Sub(from).Seconds()
	xOf := func(t time.Time) float64 { return x0 + pw*math.Max(0, math.Min(1, t.Sub(from).Seconds()/span)) }
	yOf := func(v float64) float64 { return y0 + ph*(1-math.Max(0, math.Min(10, v))/10) }
	// The grid and its labels.
	w.SetDrawColor(rule[0], rule[1], rule[2])
	w.SetLineWidth(0.2)
	w.SetDashPattern(nil, 0)
	w.style(false, 7.5, quiet)
	for _, v := range []float64{0, 5, 10} {
		y := yOf(v)
		w.Line(x0, y, x0+pw, y)
		w.SetXY(margin, y-2)
		w.CellFormat(left-2, 4, strconv.Itoa(int(v)), "", 0, "R", false, 0, "")
	}
	for _, t := range monthTicks(from, to, 8) {
		x := xOf(t)
		w.Line(x, y0+ph, x, y0+ph+1.2)
		w.SetXY(x-12, y0+ph+1.5)
		w.CellFormat(24, 4, t.Format("Jan 2006"), "", 0, "C", false, 0, "")
	}
	// One line per feeling, each with its own colour and dash.
	w.SetLineCapStyle("round")
	w.SetLineJoinStyle("round")
	for i, s := range f.Lines.Series {
		c := lines[i%len(lines)]
		w.SetDrawColor(c[0], c[1], c[2])
		w.SetFillColor(c[0], c[1], c[2])
		w.SetLineWidth(0.6)
		w.SetDashPattern(dashes[i%len(dashes)], 0)
		for j := 1; j < len(s.Points); j++ {
			a, b := s.Points[j-1], s.Points[j]
			w.Line(xOf(a.At), yOf(a.Value), xOf(b.At), yOf(b.Value))
		}
		w.SetDashPattern(nil, 0)
		for _, p := range s.Points {
			w.Circle(xOf(p.At), yOf(p.Value), 0.7, "F")
		}
	}
	// The legend.
	lx, ly := x0, y0+h+1
	w.style(false, 8.5, ink)
	for i, s := range f.Lines.Series {
		c := lines[i%len(lines)]
		name := w.text(s.Name)
		width := 10 + w.GetStringWidth(name) + 6
		if lx+width > margin+contentW {
			lx, ly = x0, ly+5
		}
		w.SetDrawColor(c[0], c[1], c[2])
		w.SetLineWidth(0.8)
		w.SetDashPattern(dashes[i%len(dashes)], 0)
		w.Line(lx, ly+2.5, lx+8, ly+2.5)
		w.SetDashPattern(nil, 0)
		w.SetXY(lx+9.5, ly)
		w.CellFormat(width-10, 5, name, "", 0, "L", false, 0, "")
		lx += width
	}
	w.SetLineWidth(0.2)
	w.SetXY(margin, ly+8)
}

// monthTicks are the firsts of months within [from, to], thinned to at
// most n.
func monthTicks(from, to time.Time, n int) []time.Time {
	var all []time.Time
	t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, from.Location())
	if t.Before(from) {
		t = t.AddDate(0, 1, 0)
	}
	for ; !t.After(to); t = t.AddDate(0, 1, 0) {
		all = append(all, t)
	}
	step := (len(all) + n - 1) / max(1, n)
	var out []time.Time
	for i := 0; i < len(all); i += max(1, step) {
		out = append(out, all[i])
	}
	return out
}
