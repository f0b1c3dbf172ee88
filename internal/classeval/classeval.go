// Package classeval measures the classifier against labelled documents:
// per-label precision, recall and F1, label micro-F1, and country micro-F1.
// Labelled documents are JSON lines {"id", "title", "text", "lang",
// "labels", "countries", "note"}; the real-text corpus adds "origin",
// "group" and "paraphrase" so that every line says where it came from.
package classeval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// Example is one labelled document.
type Example struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Lang      string   `json:"lang,omitempty"`
	Labels    []string `json:"labels"`
	Countries []string `json:"countries"`
	Source    string   `json:"source,omitempty"`
	Note      string   `json:"note,omitempty"`
	// Origin is where a real document came from: a URL, or repository,
	// commit and path.
	Origin string `json:"origin,omitempty"`
	// Group names the kind of source (e.g. "fr", "press-en", "press-de"),
	// so that figures can be reported per group.
	Group string `json:"group,omitempty"`
	// Paraphrase marks third-party text that was rewritten in our own
	// words (the original may not be copied into the repository).
	Paraphrase bool `json:"paraphrase,omitempty"`
}

// Load reads JSON-lines files of examples.
func Load(paths ...string) ([]Example, error) {
	var out []Example
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("classeval: open %s: %w", p, err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			var e Example
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				f.Close()
				return nil, fmt.Errorf("classeval: %s line %d: %w", p, n, err)
			}
			out = append(out, e)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("classeval: read %s: %w", p, err)
		}
	}
	return out, nil
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// P, R and F1 of the counts (1 when there is nothing to find and nothing found).
func (c Counts) P() float64 { return ratio(c.TP, c.TP+c.FP) }
func (c Counts) R() float64 { return ratio(c.TP, c.TP+c.FN) }
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Report holds the scores of one run.
type Report struct {
	Docs      int
	PerLabel  map[string]Counts
	Labels    Counts // micro over labels
	Countries Counts // micro over (document, country)
	ExactDocs int    // documents whose label set is exactly right
	Errors    []string
}

// Score compares predictions (by example index) with the examples.
func Score(examples []Example, predict func(Example) doc.Classification) Report {
	r := Report{PerLabel: map[string]Counts{}}
	for _, ex := range examples {
		got := predict(ex)
		r.Docs++
		lc := diff(ex.Labels, got.Labels)
		cc := diff(ex.Countries, got.Countries)
		for _, l := range doc.Labels {
			c := r.PerLabel[l]
			w, g := contains(ex.Labels, l), contains(got.Labels, l)
			switch {
			case w && g:
				c.TP++
			case g:
				c.FP++
			case w:
				c.FN++
			}
			r.PerLabel[l] = c
		}
		r.Labels.TP += lc.TP
		r.Labels.FP += lc.FP
		r.Labels.FN += lc.FN
		r.Countries.TP += cc.TP
		r.Countries.FP += cc.FP
		r.Countries.FN += cc.FN
		if lc.FP == 0 && lc.FN == 0 {
			r.ExactDocs++
		}
		if lc.FP+lc.FN+cc.FP+cc.FN > 0 {
			r.Errors = append(r.Errors, fmt.Sprintf("%s: labels want %v got %v; countries want %v got %v", ex.ID, ex.Labels, got.Labels, ex.Countries, got.Countries))
		}
	}
	return r
}

func diff(want, got []string) Counts {
	var c Counts
	w := map[string]bool{}
	for _, x := range want {
		w[x] = true
	}
	g := map[string]bool{}
	for _, x := range got {
		g[x] = true
		if w[x] {
			c.TP++
		} else {
			c.FP++
		}
	}
	for x := range w {
		if !g[x] {
			c.FN++
		}
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Print writes the report as a table.
func (r Report) Print(w io.Writer, name string) {
	fmt.Fprintf(w, "%s: %d documents, %d with exactly the right labels\n", name, r.Docs, r.ExactDocs)
	fmt.Fprintf(w, "  %-22s %5s %5s %5s %4s %4s %4s\n", "label", "P", "R", "F1", "TP", "FP", "FN")
	labels := append([]string(nil), doc.Labels...)
	sort.SliceStable(labels, func(i, j int) bool { return false })
	for _, l := range labels {
		c := r.PerLabel[l]
		fmt.Fprintf(w, "  %-22s %5.2f %5.2f %5.2f %4d %4d %4d\n", l, c.P(), c.R(), c.F1(), c.TP, c.FP, c.FN)
	}
	fmt.Fprintf(w, "  %-22s %5.2f %5.2f %5.2f %4d %4d %4d\n", "labels (micro)", r.Labels.P(), r.Labels.R(), r.Labels.F1(), r.Labels.TP, r.Labels.FP, r.Labels.FN)
	fmt.Fprintf(w, "  %-22s %5.2f %5.2f %5.2f %4d %4d %4d\n", "countries (micro)", r.Countries.P(), r.Countries.R(), r.Countries.F1(), r.Countries.TP, r.Countries.FP, r.Countries.FN)
}

// Named is a report with the name of the subset it was computed on.
type Named struct {
	Name string
	Report
}

// ByGroup scores the examples of each group separately, in the order of
// groups (groups with no example are skipped), and adds a row "all" over
// every example.
func ByGroup(examples []Example, groups []string, predict func(Example) doc.Classification) []Named {
	var out []Named
	for _, g := range groups {
		var sub []Example
		for _, e := range examples {
			if e.Group == g {
				sub = append(sub, e)
			}
		}
		if len(sub) > 0 {
			out = append(out, Named{Name: g, Report: Score(sub, predict)})
		}
	}
	return append(out, Named{Name: "all", Report: Score(examples, predict)})
}

// PrintSummary writes one line per report: documents, documents with
// exactly the right labels, label micro-F1 and country micro-F1 with their
// precision and recall. For a group of negatives (nothing to find) F1 is 0
// as soon as one label is given wrongly; the exact column says how many.
func PrintSummary(w io.Writer, title string, rows []Named) {
	fmt.Fprintf(w, "%s\n", title)
	fmt.Fprintf(w, "  %-16s %5s %5s  %-20s  %-20s\n", "group", "docs", "exact", "label F1 (P / R)", "country F1 (P / R)")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-16s %5d %5d  %4.2f (%4.2f / %4.2f)    %4.2f (%4.2f / %4.2f)\n", r.Name, r.Docs, r.ExactDocs,
			r.Labels.F1(), r.Labels.P(), r.Labels.R(), r.Countries.F1(), r.Countries.P(), r.Countries.R())
	}
}
