package server

import (
	"html/template"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// snippetHTML sanitises an index snippet: the index already escapes source
// text and adds only <mark>, but a page never trusts that alone.
func (s *Server) snippetHTML(snippet string) template.HTML {
	return template.HTML(s.sanitize.Sanitize(snippet)) //nolint:gosec // sanitised: only <mark> survives
}

// span is a byte range of a text that evidence for label covers.
type span struct {
	start, end int
	label      string
	n          int // evidence number, for anchors
}

// minEvidence is the shortest evidence text worth looking for in a body.
const minEvidence = 12

// findEvidence locates each evidence text in text, ignoring differences of
// white space and ASCII case, and returns the non-overlapping byte ranges in
// order. found[i] reports whether evidence i occurs.
func findEvidence(text string, evidence []doc.Evidence) (spans []span, found []bool) {
	norm, pos := normalize(text)
	found = make([]bool, len(evidence))
	for i, ev := range evidence {
		needle, _ := normalize(strings.TrimSpace(ev.Text))
		needle = strings.TrimSpace(needle)
		if len(needle) < minEvidence {
			continue
		}
		for from := 0; from < len(norm); {
			k := strings.Index(norm[from:], needle)
			if k < 0 {
				break
			}
			k += from
			spans = append(spans, span{start: pos[k], end: pos[k+len(needle)-1] + 1, label: ev.Label, n: i})
			found[i] = true
			from = k + len(needle)
		}
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].start < spans[b].start })
	merged := spans[:0]
	for _, sp := range spans {
		if len(merged) > 0 && sp.start < merged[len(merged)-1].end {
			if sp.end > merged[len(merged)-1].end {
				merged[len(merged)-1].end = sp.end
			}
			continue
		}
		merged = append(merged, sp)
	}
	return merged, found
}

// normalize collapses runs of white space to one space and lower-cases
// ASCII letters, returning the result and, for each of its bytes, the byte
// offset in s it came from.
func normalize(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	pos := make([]int, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			if !space {
				b.WriteByte(' ')
				pos = append(pos, i)
				space = true
			}
			continue
		}
		space = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
		pos = append(pos, i)
	}
	return b.String(), pos
}

var paragraphBreak = regexp.MustCompile(`\n[ \t\r]*\n\s*`)

// markedText renders text as escaped paragraphs with the spans wrapped in
// <mark class="evidence">. No byte of text reaches the page unescaped.
func markedText(text string, spans []span) template.HTML {
	var b strings.Builder
	type para struct{ start, end int }
	var paras []para
	last := 0
	for _, m := range paragraphBreak.FindAllStringIndex(text, -1) {
		paras = append(paras, para{last, m[0]})
		last = m[1]
	}
	paras = append(paras, para{last, len(text)})
	si := 0
	for _, p := range paras {
		if strings.TrimSpace(text[p.start:p.end]) == "" {
			continue
		}
		b.WriteString("<p>")
		at := p.start
		for si < len(spans) && spans[si].end <= p.start {
			si++
		}
		for j := si; j < len(spans) && spans[j].start < p.end; j++ {
			sp := spans[j]
			start, end := max(sp.start, p.start), min(sp.end, p.end)
			b.WriteString(template.HTMLEscapeString(text[at:start]))
			b.WriteString(`<mark class="evidence" id="ev-` + strconv.Itoa(sp.n) + `" title="` +
				template.HTMLEscapeString(labelName(sp.label)) + `">`)
			b.WriteString(template.HTMLEscapeString(text[start:end]))
			b.WriteString("</mark>")
			at = end
		}
		b.WriteString(template.HTMLEscapeString(text[at:p.end]))
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String()) //nolint:gosec // built from escaped pieces
}

// diffLine is one line of a unified diff with its kind for styling.
type diffLine struct {
	Kind string // add, del, hunk, meta, ctx
	Text string
}

// maxDiffLines caps a rendered diff; the API has the whole text.
const maxDiffLines = 3000

func diffLines(diff string) (lines []diffLine, truncated bool) {
	for i, l := range strings.Split(strings.TrimRight(diff, "\n"), "\n") {
		if i >= maxDiffLines {
			return lines, true
		}
		kind := "ctx"
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			kind = "meta"
		case strings.HasPrefix(l, "@@"):
			kind = "hunk"
		case strings.HasPrefix(l, "+"):
			kind = "add"
		case strings.HasPrefix(l, "-"):
			kind = "del"
		}
		lines = append(lines, diffLine{Kind: kind, Text: l})
	}
	return lines, false
}
