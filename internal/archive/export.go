package archive

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/jsonw"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
	"kintsugi/internal/tool"
)

// shelf is the owner's items of one top-level kind, oldest first, with the
// events each owns.
type shelf struct {
	kind   *tool.Kind
	items  []tool.Item
	events map[string][]tool.Item // by the id of the item that owns them, oldest first
}

// collect reads every item of every top-level kind in c, in catalog
// order, and their events. It reads each kind once, for both the JSON and
// the Markdown. An event whose item is gone cannot be nested under it and
// is left out; deleting an item deletes its events, so there are none.
func collect(ctx context.Context, s *store.Store, o record.Owner, c *tool.Catalog) ([]shelf, error) {
	var out []shelf
	for _, k := range c.Kinds {
		if k.Parent != nil {
			continue
		}
		sh := shelf{kind: k, items: []tool.Item{}}
		err := record.Open(s, o, k.Record()).All(ctx, func(r tool.Item) error {
			sh.items = append(sh.items, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if k.Events != nil {
			sh.events = map[string][]tool.Item{}
			err := record.Open(s, o, k.Events.Record()).All(ctx, func(r tool.Item) error {
				of := r.Value[len(r.Value)-1].Str // the hidden parent, always last
				sh.events[of] = append(sh.events[of], r)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		out = append(out, sh)
	}
	return out, nil
}

// export is one archive being written.
type export struct {
	shelves  []shelf
	username string
	at       time.Time
	words    *tool.Words
	guide    *journey.Guide

	z     *zip.Writer
	names map[string]bool // the files written so far
}

// The kinds whose Markdown is written by hand, by path, because a file per
// journal entry and tables of feelings and ratings are better to read than
// the generic list every other kind gets.
const (
	journalPath  = "journal"
	checkinsPath = "checkins"
	ratingsPath  = "ratings"
)

// write writes the archive: DataFile, a README, and the same content as
// Markdown: a file per journal entry grouped by step, the check-ins and
// ratings as tables, and a file per other kind.
func (ex *export) write(w io.Writer) error {
	ex.z, ex.names = zip.NewWriter(w), map[string]bool{}
	f, err := ex.create(DataFile, ex.at)
	if err != nil {
		return err
	}
	if err := ex.data(f); err != nil {
		return err
	}
	files := ex.plan()
	if err := ex.add("README.md", []byte(ex.readme(files)), ex.at); err != nil {
		return err
	}
	for _, sh := range ex.shelves {
		if err := ex.markdown(sh, files[sh.kind]); err != nil {
			return err
		}
	}
	return ex.z.Close()
}

// create starts a file in the archive.
func (ex *export) create(name string, at time.Time) (io.Writer, error) {
	if ex.names[name] {
		return nil, fmt.Errorf("archive: %s is written twice", name)
	}
	ex.names[name] = true
	return ex.z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
}

func (ex *export) add(name string, body []byte, at time.Time) error {
	f, err := ex.create(name, at)
	if err != nil {
		return err
	}
	_, err = f.Write(body)
	return err
}

// data writes DataFile, format and version first (an import needs them
// before the items), then one list per kind in catalog order, an item a
// line, streamed through a small buffer with the engine's JSON writer.
func (ex *export) data(w io.Writer) error {
	b := make([]byte, 0, 64<<10)
	b = append(b, `{"format":`...)
	b = jsonw.String(b, Format)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, Version, 10)
	b = append(b, `,"exported_at":`...)
	b = jsonw.Time(b, ex.at)
	b = append(b, `,"username":`...)
	b = jsonw.String(b, ex.username)
	for _, sh := range ex.shelves {
		b = append(b, ",\n"...)
		b = jsonw.String(b, sh.kind.Path)
		b = append(b, ":["...)
		for i := range sh.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n  "...)
			b = appendItem(b, sh.kind, &sh.items[i], sh.events[sh.items[i].ID])
			if len(b) >= 32<<10 {
				if _, err := w.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	_, err := w.Write(b)
	return err
}

// appendItem appends one item: its id and times, its fields under "data",
// and for a kind with events, its events in the same shape. An event's
// hidden parent is not written: nesting says it.
func appendItem(b []byte, k *tool.Kind, it *tool.Item, events []tool.Item) []byte {
	b = append(b, `{"id":`...)
	b = jsonw.String(b, it.ID)
	b = append(b, `,"created_at":`...)
	b = jsonw.Time(b, it.CreatedAt.UTC())
	b = append(b, `,"updated_at":`...)
	b = jsonw.Time(b, it.UpdatedAt.UTC())
	b = append(b, `,"data":`...)
	b = k.AppendFields(b, it.Value)
	if k.Events != nil {
		b = append(b, `,"events":[`...)
		for i := range events {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendItem(b, k.Events, &events[i], nil)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// plan names the Markdown file of each kind: journal/ for the journal's
// entries, feelings.md and ratings.md (always written, as they always
// were), and <path>.md for every other kind that has items, never a name
// already taken.
func (ex *export) plan() map[*tool.Kind]string {
	files := map[*tool.Kind]string{}
	taken := map[string]bool{DataFile: true, "README.md": true, "feelings.md": true, "ratings.md": true}
	for _, sh := range ex.shelves {
		switch sh.kind.Path {
		case journalPath:
			if len(sh.items) > 0 {
				files[sh.kind] = "journal/"
			}
		case checkinsPath:
			files[sh.kind] = "feelings.md"
		case ratingsPath:
			files[sh.kind] = "ratings.md"
		default:
			if len(sh.items) == 0 {
				continue
			}
			name := sh.kind.Path + ".md"
			for i := 2; taken[strings.ToLower(name)]; i++ {
				name = fmt.Sprintf("%s-%d.md", sh.kind.Path, i)
			}
			taken[strings.ToLower(name)] = true
			files[sh.kind] = name
		}
	}
	return files
}

// markdown writes one kind's Markdown to the file plan gave it.
func (ex *export) markdown(sh shelf, file string) error {
	switch {
	case file == "":
		return nil
	case sh.kind.Path == journalPath:
		for _, e := range sh.items {
			if err := ex.add(ex.entryPath(sh.kind, e), []byte(entryMarkdown(sh.kind, e, ex.guide)), e.UpdatedAt); err != nil {
				return err
			}
		}
		return nil
	case sh.kind.Path == checkinsPath:
		return ex.add(file, []byte(feelingsMarkdown(sh.kind, sh.items, ex.guide)), ex.at)
	case sh.kind.Path == ratingsPath:
		return ex.add(file, []byte(ratingsMarkdown(sh.kind, sh.items, ex.guide)), ex.at)
	}
	return ex.add(file, []byte(kindMarkdown(sh, ex.words, ex.guide)), ex.at)
}

func (ex *export) readme(files map[*tool.Kind]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Your kintsugi archive\n\nExported for %s on %s UTC.\n\n", ex.username, ex.at.Format("2 January 2006, 15:04"))
	fmt.Fprintf(&b, `- kintsugi.json holds everything, in the kintsugi export format, version %d.
  Import this whole archive into kintsugi (Settings, "Bring in an archive")
  to bring it all back; importing it twice adds nothing the second time.
`, Version)
	for _, sh := range ex.shelves {
		switch sh.kind.Path {
		case journalPath:
			b.WriteString(`- journal/ holds one Markdown file per journal entry, in a folder for the
  step it is tied to (no-step/ for the others), named by date and title.
`)
		case checkinsPath:
			b.WriteString(`- feelings.md lists your check-ins as a table: the feelings you named, how
  strong each was from 0 to 10, and your notes.
`)
		case ratingsPath:
			b.WriteString("- ratings.md lists, for each step, your \"where am I with this\" ratings.\n")
		}
	}
	for _, sh := range ex.shelves {
		if p := sh.kind.Path; files[sh.kind] != "" && p != journalPath && p != checkinsPath && p != ratingsPath {
			b.WriteString("- Every other tool you used has a Markdown file of its own, named below.\n")
			break
		}
	}
	b.WriteString("\nWhat it holds:\n\n")
	for _, sh := range ex.shelves {
		fmt.Fprintf(&b, "- %s: %d", ex.words.Of(sh.kind).Title, len(sh.items))
		if files[sh.kind] != "" {
			fmt.Fprintf(&b, ", in %s", files[sh.kind])
		}
		b.WriteString("\n")
		if sh.kind.Events != nil {
			n := 0
			for _, evs := range sh.events {
				n += len(evs)
			}
			fmt.Fprintf(&b, "  - %s: %d\n", ex.words.Of(sh.kind.Events).Title, n)
		}
	}
	b.WriteString(`
This archive is not encrypted. It holds everything you wrote, so keep it
somewhere private, and delete copies you no longer need.
`)
	return b.String()
}

// field returns the value of k's field name in v, empty if k no longer
// declares it: the hand-written Markdown reads the three kinds by name.
func field(k *tool.Kind, v tool.Values, name string) tool.Value {
	if _, i, ok := k.Field(name); ok && i < len(v) {
		return v[i]
	}
	return tool.Value{}
}

// sub returns the value of a group's field name in one of its rows.
func sub(f *tool.Field, row tool.Values, name string) tool.Value {
	for i := range f.Fields {
		if f.Fields[i].Name == name && i < len(row) {
			return row[i]
		}
	}
	return tool.Value{}
}

// entryPath is journal/<step>/<date>-<title>-<id>.md, in safe characters,
// never a name already taken.
func (ex *export) entryPath(k *tool.Kind, e tool.Item) string {
	dir := "no-step"
	if st, ok := ex.guide.Step(field(k, e.Value, "step").Num); ok {
		dir = fmt.Sprintf("%02d-%s", st.Number, st.Slug)
	}
	name := slug(field(k, e.Value, "title").Str)
	if name == "" {
		name = "entry"
	}
	base := fmt.Sprintf("journal/%s/%s-%s-%s", dir, e.CreatedAt.UTC().Format("2006-01-02"), name, strings.ToLower(e.ID[len(e.ID)-6:]))
	path := base + ".md"
	for i := 2; ex.names[path]; i++ {
		path = fmt.Sprintf("%s-%d.md", base, i)
	}
	return path
}

// slug keeps letters and digits of s, lower-cased, joined by dashes, at
// most 48 characters.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	return b.String()
}

func entryMarkdown(k *tool.Kind, e tool.Item, g *journey.Guide) string {
	var b strings.Builder
	title := field(k, e.Value, "title").Str
	if title == "" {
		title = "Journal entry"
	}
	fmt.Fprintf(&b, "# %s\n\n*%s", title, written(e))
	if st, ok := g.Step(field(k, e.Value, "step").Num); ok {
		fmt.Fprintf(&b, " · Step %d: %s", st.Number, st.Title)
	}
	b.WriteString("*\n\n")
	b.WriteString(field(k, e.Value, "body").Str)
	b.WriteString("\n")
	return b.String()
}

// written says when an item was written, and edited if it was.
func written(it tool.Item) string {
	s := "Written " + it.CreatedAt.UTC().Format("2 January 2006, 15:04") + " UTC"
	if !it.UpdatedAt.Equal(it.CreatedAt) {
		s += ", edited " + it.UpdatedAt.UTC().Format("2 January 2006, 15:04") + " UTC"
	}
	return s
}

func feelingsMarkdown(k *tool.Kind, cs []tool.Item, g *journey.Guide) string {
	var b strings.Builder
	b.WriteString("# Feelings check-ins\n\nStrength is from 0 (barely there) to 10 (as strong as it gets).\n\n")
	if len(cs) == 0 {
		b.WriteString("No check-ins.\n")
		return b.String()
	}
	emotions, _, _ := k.Field("emotions")
	b.WriteString("| When (UTC) | Feelings | In the body | Note |\n| --- | --- | --- | --- |\n")
	for _, c := range cs {
		var felt []string
		if emotions != nil {
			for _, row := range field(k, c.Value, "emotions").Rows {
				name := sub(emotions, row, "name").Str
				label := name
				if e, ok := g.Emotion(name); ok {
					label = e.Label
				}
				felt = append(felt, fmt.Sprintf("%s %d", label, sub(emotions, row, "intensity").Num))
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.CreatedAt.UTC().Format("2006-01-02 15:04"),
			cell(strings.Join(felt, ", ")), cell(field(k, c.Value, "sensations").Str), cell(field(k, c.Value, "note").Str))
	}
	return b.String()
}

func ratingsMarkdown(k *tool.Kind, rs []tool.Item, g *journey.Guide) string {
	var b strings.Builder
	b.WriteString("# Where you were with each step\n\nYour own ratings from 0 to 10: a way to notice change, not a score.\n")
	for _, st := range g.Steps {
		first := true
		for _, r := range rs {
			if field(k, r.Value, "step").Num != st.Number {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n## Step %d: %s\n\n%s\n\n| When (UTC) | Rating | Note |\n| --- | --- | --- |\n", st.Number, st.Title, st.Rating.Question)
				first = false
			}
			fmt.Fprintf(&b, "| %s | %d | %s |\n", r.CreatedAt.UTC().Format("2006-01-02 15:04"), field(k, r.Value, "value").Num, cell(field(k, r.Value, "note").Str))
		}
	}
	return b.String()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
