// Package cliview writes the results of exportwatch's commands for people
// (aligned text on a terminal) and for scripts (the JSON shapes DESIGN.md
// promises). It formats; it opens and decides nothing.
package cliview

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/pipeline"
)

// JSON writes v as indented JSON.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// Progress gives each source of a crawl a progress bar on w when w is a
// terminal (pipes and CI get only the summary line): the bar's update
// function and the function that ends it.
func Progress(w io.Writer) func(source string) (func(pipeline.Progress), func()) {
	return func(source string) (func(pipeline.Progress), func()) {
		f, ok := w.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return nil, func() {}
		}
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(source),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
		update := func(p pipeline.Progress) {
			if p.Total > 0 && int64(p.Total) != bar.GetMax64() {
				bar.ChangeMax(p.Total)
			}
			_ = bar.Set(p.Done)
		}
		return update, func() { _ = bar.Finish(); fmt.Fprintln(w) }
	}
}

// ResultsLine says which hits a page shows and how to get the next one:
// "showing 1–20 of 21 for "x"; --offset 20 for more".
func ResultsLine(q index.Query, res index.Result) string {
	forText := ""
	if q.Text != "" {
		forText = fmt.Sprintf(" for %q", q.Text)
	}
	if len(res.Hits) == 0 {
		line := fmt.Sprintf("%d results%s", res.Total, forText)
		if res.Total > 0 {
			line += fmt.Sprintf("; --offset %d is past the last one", q.Offset)
		}
		return line
	}
	first, last := q.Offset+1, q.Offset+len(res.Hits)
	line := fmt.Sprintf("showing %d–%d of %d%s", first, last, res.Total, forText)
	if uint64(last) < res.Total {
		line += fmt.Sprintf("; --offset %d for more", last)
	}
	return line
}

// Search writes a result page: which hits it shows, numbered hits with
// their labels, countries and snippet (matches in [brackets]), then the
// facets.
func Search(w io.Writer, q index.Query, res index.Result) {
	fmt.Fprintln(w, ResultsLine(q, res))
	for _, p := range res.PairMatched {
		fmt.Fprintf(w, "note: %q is too common to check in every document: counted where each pair of its neighbouring words occurs, so some documents may not have the whole phrase\n", p)
	}
	for i, h := range res.Hits {
		date := ""
		if !h.Published.IsZero() {
			date = h.Published.Format(time.DateOnly)
		}
		fmt.Fprintf(w, "\n%3d. %s  %s  %s\n", q.Offset+i+1, h.ID, date, h.Title)
		meta := []string{}
		if len(h.Labels) > 0 {
			meta = append(meta, "labels: "+strings.Join(h.Labels, ", "))
		}
		if len(h.Countries) > 0 {
			meta = append(meta, "countries: "+strings.Join(h.Countries, ", "))
		}
		if len(meta) > 0 {
			fmt.Fprintf(w, "     %s\n", strings.Join(meta, "  "))
		}
		if s := plainSnippet(h.Snippet); s != "" {
			fmt.Fprintf(w, "     %s\n", s)
		}
	}
	facet(w, "labels", res.Facets.Labels)
	facet(w, "countries", res.Facets.Countries)
	facet(w, "sources", res.Facets.Sources)
	facet(w, "years", res.Facets.Years)
}

// plainSnippet turns the HTML-safe snippet into terminal text with the
// matches in [brackets].
func plainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "[")
	s = strings.ReplaceAll(s, "</mark>", "]")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

func facet(w io.Writer, name string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	fmt.Fprintf(w, "\n%s: %s", name, strings.Join(parts, ", "))
	if name == "years" {
		fmt.Fprintln(w)
	}
}

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

// truncate shortens s to n runes, on one line, with an ellipsis.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
