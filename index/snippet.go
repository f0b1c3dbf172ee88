package index

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Snippet geometry, in bytes of source text.
const (
	snippetWidth   = 240
	snippetContext = 60 // text kept before the first match
)

// Snippet markup. Everything else in a snippet is escaped source text.
const (
	markOpen  = "<mark>"
	markClose = "</mark>"
	ellipsis  = "…"
)

type span struct {
	start, end int
	term       string
}

// snippetFor builds the HTML-safe snippet of a hit in language lang: the
// best window of the abstract or body with matches marked, else the start
// of the abstract (or body).
func snippetFor(h *search.DocumentMatch, lang string) string {
	type cand struct {
		text  string
		spans []span
	}
	var best cand
	bestScore, bestStart := 0, 0
	for _, f := range []string{abstractField(lang), bodyField(lang)} {
		text := str(h.Fields[f])
		if text == "" {
			continue
		}
		spans := locations(h.Locations[f], len(text))
		if len(spans) == 0 {
			continue
		}
		start, score := bestWindow(spans)
		if score > bestScore { // ties keep the abstract
			best, bestScore, bestStart = cand{text, spans}, score, start
		}
	}
	if bestScore > 0 {
		return render(best.text, best.spans, bestStart)
	}
	text := str(h.Fields[abstractField(lang)])
	if text == "" {
		text = str(h.Fields[bodyField(lang)])
	}
	return render(text, nil, 0)
}

// locations flattens Bleve term locations into sorted, non-overlapping
// spans inside a text of length n.
func locations(tlm search.TermLocationMap, n int) []span {
	var out []span
	for term, locs := range tlm {
		for _, l := range locs {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > n || s >= e {
				continue
			}
			out = append(out, span{s, e, term})
		}
	}
	slices.SortFunc(out, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	merged := out[:0]
	for _, s := range out {
		if len(merged) > 0 && s.start < merged[len(merged)-1].end {
			if s.end > merged[len(merged)-1].end {
				merged[len(merged)-1].end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// bestWindow returns the index of the span that starts the window of
// snippetWidth bytes with the most distinct terms (then most matches),
// and that window's score (0 if there are no spans).
func bestWindow(spans []span) (int, int) {
	bestI, bestScore := 0, 0
	for i := range spans {
		terms := map[string]bool{}
		n := 0
		for j := i; j < len(spans) && spans[j].end-spans[i].start <= snippetWidth-snippetContext; j++ {
			terms[spans[j].term] = true
			n++
		}
		if score := len(terms)*1000 + n; score > bestScore {
			bestI, bestScore = i, score
		}
	}
	return bestI, bestScore
}

// render escapes text[window] and marks the spans in it. first is the
// index of the first span in the window; with no spans the window is the
// start of the text.
func render(text string, spans []span, first int) string {
	begin := 0
	if len(spans) > 0 {
		begin = spans[first].start - snippetContext
		if begin < snippetContext/3 {
			begin = 0
		} else {
			begin = wordStart(text, begin, spans[first].start)
		}
		spans = spans[first:]
	}
	end := begin + snippetWidth
	if end >= len(text) {
		end = len(text)
	} else {
		end = wordEnd(text, end, begin)
	}
	// Never cut a match in half.
	for _, s := range spans {
		if s.start < end && s.end > end {
			end = s.end
		}
	}
	var b strings.Builder
	if begin > 0 {
		b.WriteString(ellipsis)
	}
	pos := begin
	for _, s := range spans {
		if s.start >= end {
			break
		}
		b.WriteString(escape(text[pos:s.start]))
		b.WriteString(markOpen)
		b.WriteString(escape(text[s.start:s.end]))
		b.WriteString(markClose)
		pos = s.end
	}
	b.WriteString(escape(text[pos:end]))
	if end < len(text) {
		b.WriteString(ellipsis)
	}
	return strings.TrimSpace(b.String())
}

// wordStart moves i forward to the start of a word, staying before limit.
func wordStart(text string, i, limit int) int {
	for j := i; j < limit; j++ {
		if j == 0 || text[j-1] == ' ' || text[j-1] == '\n' {
			return j
		}
	}
	for i < limit && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word, staying after floor.
func wordEnd(text string, i, floor int) int {
	for j := i; j > floor+snippetWidth/2; j-- {
		if text[j] == ' ' || text[j] == '\n' {
			return j
		}
	}
	for i > floor && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// escape HTML-escapes s and collapses runs of white space to one space.
func escape(s string) string {
	s = html.EscapeString(s)
	if !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
