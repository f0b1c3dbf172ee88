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
// <mark class="evidence">. A table block — the lines a Federal Register
// GPOTABLE becomes, one per heading and row with its non-empty cells joined
// by " | " — is rendered as a table: when one of tables is the block's
// source, with its heading and its empty cells put back so every cell stays
// under its column; otherwise line by line. No byte of text reaches the
// page unescaped.
func markedText(text string, spans []span, tables []doc.Table) template.HTML {
	m := &marker{text: text, spans: spans}
	blocks := tableBlocks(tables)
	last := 0
	paras := append(paragraphBreak.FindAllStringIndex(text, -1), []int{len(text), len(text)})
	for _, br := range paras {
		p := trimRange(text, last, br[0])
		last = br[1]
		if p.start == p.end {
			continue
		}
		if blk, ok := blocks[p.of(text)]; ok {
			m.sourceTable(p, blk)
			continue
		}
		if lines := tableLines(text, p); lines != nil {
			m.lineTable(lines)
			continue
		}
		m.b.WriteString("<p>")
		m.write(p.start, p.end, false)
		m.b.WriteString("</p>\n")
	}
	return template.HTML(m.b.String()) //nolint:gosec // built from escaped pieces
}

// marker writes ranges of one text, escaped, with the evidence spans that
// fall in them marked. Ranges are written in increasing order.
type marker struct {
	b     strings.Builder
	text  string
	spans []span
	si    int // first span that may still reach a later range
}

// write writes text[start:end]; with breaks, its line breaks stay breaks
// (a table cell's lines: an entry's aliases, one per line).
func (m *marker) write(start, end int, breaks bool) {
	esc := template.HTMLEscapeString
	if breaks {
		esc = func(s string) string {
			return strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>\n")
		}
	}
	for m.si < len(m.spans) && m.spans[m.si].end <= start {
		m.si++
	}
	at := start
	for j := m.si; j < len(m.spans) && m.spans[j].start < end; j++ {
		sp := m.spans[j]
		s, e := max(sp.start, start), min(sp.end, end)
		m.b.WriteString(esc(m.text[at:s]))
		m.b.WriteString(`<mark class="evidence" id="ev-` + strconv.Itoa(sp.n) + `" title="` +
			template.HTMLEscapeString(labelName(sp.label)) + `">`)
		m.b.WriteString(esc(m.text[s:e]))
		m.b.WriteString("</mark>")
		at = e
	}
	m.b.WriteString(esc(m.text[at:end]))
}

// cellSep joins the non-empty cells of a table row in a document's text.
const cellSep = " | "

// textRange is a byte range of a text.
type textRange struct{ start, end int }

func (r textRange) of(text string) string { return text[r.start:r.end] }

func trimRange(text string, start, end int) textRange {
	for start < end && strings.IndexByte(" \t\r\n", text[start]) >= 0 {
		start++
	}
	for end > start && strings.IndexByte(" \t\r\n", text[end-1]) >= 0 {
		end--
	}
	return textRange{start, end}
}

// tableBlock is a table as the document text spells it.
type tableBlock struct {
	columns []string
	rows    [][]string // rows with text; empty cells kept
}

// tableBlocks maps the text each table becomes (as the Federal Register
// parser writes it) to the table.
func tableBlocks(tables []doc.Table) map[string]tableBlock {
	out := map[string]tableBlock{}
	for _, tb := range tables {
		blk := tableBlock{columns: tb.Columns}
		var lines []string
		if len(tb.Columns) > 0 {
			lines = append(lines, strings.Join(tb.Columns, cellSep))
		}
		for _, r := range tb.Rows {
			if cells := nonEmpty(r); len(cells) > 0 {
				blk.rows = append(blk.rows, r)
				lines = append(lines, strings.Join(cells, cellSep))
			}
		}
		if len(lines) > 0 {
			out[strings.Join(lines, "\n")] = blk
		}
	}
	return out
}

// sourceTable writes the block p, which is blk spelled out: a heading row,
// then each row as wide as the heading with its empty cells in place.
func (m *marker) sourceTable(p textRange, blk tableBlock) {
	m.b.WriteString(`<div class="table-scroll"><table class="data doc-table">` + "\n")
	at := p.start
	if len(blk.columns) > 0 {
		m.b.WriteString("<thead><tr>")
		for _, c := range blk.columns {
			m.b.WriteString("<th>" + template.HTMLEscapeString(c) + "</th>")
		}
		m.b.WriteString("</tr></thead>\n")
		at += len(strings.Join(blk.columns, cellSep)) + 1
	}
	m.b.WriteString("<tbody>\n")
	width := len(blk.columns)
	for _, row := range blk.rows {
		width = max(width, len(row))
	}
	for _, row := range blk.rows {
		if cells := nonEmpty(row); len(cells) == 1 && strings.Trim(cells[0], "* ") == "" {
			// "* * * * *": the rows left out of an amended table
			m.b.WriteString(`<tr class="stars"><td colspan="` + strconv.Itoa(width) + `">`)
			m.write(at, at+len(cells[0]), true)
			m.b.WriteString("</td></tr>\n")
			at += len(cells[0]) + 1
			continue
		}
		m.b.WriteString("<tr>")
		for j := range width {
			m.b.WriteString("<td>")
			if j < len(row) && row[j] != "" {
				m.write(at, at+len(row[j]), true)
				at += len(row[j]) + len(cellSep)
			}
			m.b.WriteString("</td>")
		}
		m.b.WriteString("</tr>\n")
		// the last cell was followed by "\n", not by cellSep
		at += 1 - len(cellSep)
	}
	m.b.WriteString("</tbody></table></div>\n")
}

// tableLines returns the lines of paragraph p when it is a table block of
// unknown source: two lines at least, the first with cells and at least
// half of them with cells. Prose never is one: the text puts a blank line
// between paragraphs and no " | " inside them.
func tableLines(text string, p textRange) []textRange {
	var lines []textRange
	withCells := 0
	for at := p.start; at < p.end; {
		stop := p.end
		if nl := strings.IndexByte(text[at:p.end], '\n'); nl >= 0 {
			stop = at + nl
		}
		if r := trimRange(text, at, stop); r.start < r.end {
			lines = append(lines, r)
			if strings.Contains(r.of(text), cellSep) {
				withCells++
			}
		}
		at = stop + 1
	}
	if len(lines) < 2 || !strings.Contains(lines[0].of(text), cellSep) || 2*withCells < len(lines) {
		return nil
	}
	return lines
}

// cells splits a table line into the ranges of its cells.
func cells(text string, line textRange) []textRange {
	var out []textRange
	at := line.start
	for {
		k := strings.Index(text[at:line.end], cellSep)
		if k < 0 {
			return append(out, textRange{at, line.end})
		}
		out = append(out, textRange{at, at + k})
		at += k + len(cellSep)
	}
}

// lineTable writes a table block of unknown source: each line a row of the
// cells it has, the last one spanning the rest, since which columns were
// empty is not known.
func (m *marker) lineTable(lines []textRange) {
	width := 0
	for _, line := range lines {
		width = max(width, len(cells(m.text, line)))
	}
	m.b.WriteString(`<div class="table-scroll"><table class="data doc-table">` + "\n<tbody>\n")
	for _, line := range lines {
		cs := cells(m.text, line)
		m.b.WriteString("<tr>")
		for j, c := range cs {
			if j == len(cs)-1 && len(cs) < width {
				m.b.WriteString(`<td colspan="` + strconv.Itoa(width-j) + `">`)
			} else {
				m.b.WriteString("<td>")
			}
			m.write(c.start, c.end, false)
			m.b.WriteString("</td>")
		}
		m.b.WriteString("</tr>\n")
	}
	m.b.WriteString("</tbody></table></div>\n")
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// documentTables lists the tables of a document's amendatory text.
func documentTables(regtext []doc.Regtext) []doc.Table {
	var out []doc.Table
	for _, rt := range regtext {
		out = append(out, rt.Tables...)
	}
	return out
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
