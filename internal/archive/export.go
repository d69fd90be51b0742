package archive

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"kintsugi/internal/journey"
	"kintsugi/internal/record"
	"kintsugi/internal/store"
)

// Collect reads everything the owner wrote into Data.
func Collect(ctx context.Context, s *store.Store, o record.Owner, username string, now time.Time) (*Data, error) {
	d := &Data{Format: Format, Version: Version, ExportedAt: now.UTC().Truncate(time.Second), Username: username}
	var err error
	if d.Journal, err = items(ctx, record.Open(s, o, journey.Journal)); err != nil {
		return nil, err
	}
	if d.Checkins, err = items(ctx, record.Open(s, o, journey.Checkins)); err != nil {
		return nil, err
	}
	if d.Ratings, err = items(ctx, record.Open(s, o, journey.Ratings)); err != nil {
		return nil, err
	}
	return d, nil
}

func items[T any](ctx context.Context, c *record.Collection[T]) ([]Item[T], error) {
	out := []Item[T]{}
	err := c.All(ctx, func(r record.Record[T]) error {
		out = append(out, Item[T]{ID: r.ID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Data: r.Value})
		return nil
	})
	return out, err
}

// Write writes d as a zip archive: DataFile, a README, and the same
// content as Markdown, one file per journal entry grouped by step, and
// the check-ins and ratings as tables.
func Write(w io.Writer, d *Data, g *journey.Guide) error {
	z := zip.NewWriter(w)
	add := func(name string, body []byte, at time.Time) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
		if err != nil {
			return err
		}
		_, err = f.Write(body)
		return err
	}
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	if err := add(DataFile, append(data, '\n'), d.ExportedAt); err != nil {
		return err
	}
	if err := add("README.md", []byte(readme(d)), d.ExportedAt); err != nil {
		return err
	}
	for _, e := range d.Journal {
		if err := add(entryPath(e, g), []byte(entryMarkdown(e, g)), e.UpdatedAt); err != nil {
			return err
		}
	}
	if err := add("feelings.md", []byte(feelingsMarkdown(d.Checkins, g)), d.ExportedAt); err != nil {
		return err
	}
	if err := add("ratings.md", []byte(ratingsMarkdown(d.Ratings, g)), d.ExportedAt); err != nil {
		return err
	}
	return z.Close()
}

func readme(d *Data) string {
	return fmt.Sprintf(`# Your kintsugi archive

Exported for %s on %s UTC: %d journal entries, %d feelings check-ins and
%d step ratings.

- kintsugi.json holds everything, in the kintsugi export format, version %d.
  Import this whole archive into kintsugi (Settings, "Bring in an archive")
  to bring it all back; importing it twice adds nothing the second time.
- journal/ holds one Markdown file per journal entry, in a folder for the
  step it is tied to (no-step/ for the others), named by date and title.
- feelings.md lists your check-ins as a table: the feelings you named, how
  strong each was from 0 to 10, and your notes.
- ratings.md lists, for each step, your "where am I with this" ratings.

This archive is not encrypted. It holds everything you wrote, so keep it
somewhere private, and delete copies you no longer need.
`, d.Username, d.ExportedAt.Format("2 January 2006, 15:04"), len(d.Journal), len(d.Checkins), len(d.Ratings), Version)
}

// entryPath is journal/<step>/<date>-<title>-<id>.md, in safe characters.
func entryPath(e Item[journey.JournalEntry], g *journey.Guide) string {
	dir := "no-step"
	if st, ok := g.Step(e.Data.Step); ok {
		dir = fmt.Sprintf("%02d-%s", st.Number, st.Slug)
	}
	name := slug(e.Data.Title)
	if name == "" {
		name = "entry"
	}
	return fmt.Sprintf("journal/%s/%s-%s-%s.md", dir, e.CreatedAt.UTC().Format("2006-01-02"), name, strings.ToLower(e.ID[len(e.ID)-6:]))
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

func entryMarkdown(e Item[journey.JournalEntry], g *journey.Guide) string {
	var b strings.Builder
	title := e.Data.Title
	if title == "" {
		title = "Journal entry"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "*Written %s UTC", e.CreatedAt.UTC().Format("2 January 2006, 15:04"))
	if !e.UpdatedAt.Equal(e.CreatedAt) {
		fmt.Fprintf(&b, ", edited %s UTC", e.UpdatedAt.UTC().Format("2 January 2006, 15:04"))
	}
	if st, ok := g.Step(e.Data.Step); ok {
		fmt.Fprintf(&b, " · Step %d: %s", st.Number, st.Title)
	}
	b.WriteString("*\n\n")
	b.WriteString(e.Data.Body)
	b.WriteString("\n")
	return b.String()
}

func feelingsMarkdown(cs []Item[journey.Checkin], g *journey.Guide) string {
	var b strings.Builder
	b.WriteString("# Feelings check-ins\n\nStrength is from 0 (barely there) to 10 (as strong as it gets).\n\n")
	if len(cs) == 0 {
		b.WriteString("No check-ins.\n")
		return b.String()
	}
	b.WriteString("| When (UTC) | Feelings | In the body | Note |\n| --- | --- | --- | --- |\n")
	for _, c := range cs {
		var felt []string
		for _, f := range c.Data.Emotions {
			label := f.Name
			if e, ok := g.Emotion(f.Name); ok {
				label = e.Label
			}
			felt = append(felt, fmt.Sprintf("%s %d", label, f.Intensity))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.CreatedAt.UTC().Format("2006-01-02 15:04"),
			cell(strings.Join(felt, ", ")), cell(c.Data.Sensations), cell(c.Data.Note))
	}
	return b.String()
}

func ratingsMarkdown(rs []Item[journey.Rating], g *journey.Guide) string {
	var b strings.Builder
	b.WriteString("# Where you were with each step\n\nYour own ratings from 0 to 10: a way to notice change, not a score.\n")
	for _, st := range g.Steps {
		first := true
		for _, r := range rs {
			if r.Data.Step != st.Number {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n## Step %d: %s\n\n%s\n\n| When (UTC) | Rating | Note |\n| --- | --- | --- |\n", st.Number, st.Title, st.Rating.Question)
				first = false
			}
			fmt.Fprintf(&b, "| %s | %d | %s |\n", r.CreatedAt.UTC().Format("2006-01-02 15:04"), r.Data.Value, cell(r.Data.Note))
		}
	}
	return b.String()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
