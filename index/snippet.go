package index

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
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

// pattern is what a snippet marks for one leaf of a text query: a word,
// a word prefix, or a phrase, as analysed words ("" where the phrase had
// a stop word).
type pattern struct {
	words  []string
	prefix bool
}

// highlights are the patterns of a query per text field (abstract_en,
// body_de...).
type highlights map[string][]pattern

// wordsOf is the number of distinct words the patterns of field f can
// mark, or -1 if one is a prefix (unbounded).
func (h highlights) wordsOf(f string) int {
	seen := map[string]bool{}
	for _, p := range h[f] {
		if p.prefix {
			return -1
		}
		for _, w := range p.words {
			if w != "" {
				seen[w] = true
			}
		}
	}
	return len(seen)
}

// matchSpans returns the sorted spans of the tokens of toks (the analysis
// of a text, offsets shifted by base) that the patterns match.
func matchSpans(toks analysis.TokenStream, pats []pattern, base int) []span {
	var out []span
	var at map[int]*analysis.Token // position -> token, built for phrases
	for _, p := range pats {
		switch {
		case len(p.words) == 0:
		case p.prefix:
			for _, t := range toks {
				if bytes.HasPrefix(t.Term, []byte(p.words[0])) {
					out = append(out, span{base + t.Start, base + t.End, string(t.Term)})
				}
			}
		case len(p.words) == 1:
			for _, t := range toks {
				if string(t.Term) == p.words[0] {
					out = append(out, span{base + t.Start, base + t.End, p.words[0]})
				}
			}
		default:
			if at == nil {
				at = make(map[int]*analysis.Token, len(toks))
				for _, t := range toks {
					at[t.Position] = t
				}
			}
		next:
			for _, t := range toks {
				if string(t.Term) != p.words[0] {
					continue
				}
				for k, w := range p.words[1:] {
					u, ok := at[t.Position+k+1]
					if (w == "") != !ok || (ok && string(u.Term) != w) {
						continue next
					}
				}
				for k, w := range p.words {
					if w != "" {
						u := at[t.Position+k]
						out = append(out, span{base + u.Start, base + u.End, w})
					}
				}
			}
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

// probes are strings that a word must start with, after lower-casing
// and probeFolder, to be analysed into one of field f's pattern words:
// the start of each word, as stemming changes only its last letter
// ("hoping" to "hope", "duty" to "duti") and cuts endings. nil: no
// probe, analyse all.
func (h highlights) probes(f string) []string {
	var out []string
	for _, p := range h[f] {
		for _, w := range p.words {
			if w == "" {
				continue
			}
			n := min(max(len(w)-1, probeMin), probeMax, len(w))
			if n == len(w) && n > 1 && (w[n-1] == 'i' || w[n-1] == 'e') {
				n-- // "fli" from "fly", "hope" from "hoping"
			}
			for n > 0 && n < len(w) && !utf8.RuneStart(w[n]) {
				n--
			}
			if p.prefix {
				n = len(w)
			}
			if n == 0 {
				return nil
			}
			out = append(out, w[:n])
		}
	}
	return out
}

const (
	probeMin = 3
	probeMax = 8
)

// probeFolder maps text the way the German normalizer maps words, so
// that the probe "uber" is found in "Über".
var probeFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

// windowMargin is the text analysed on each side of a probe's match: it
// holds the words of a phrase around it.
const windowMargin = 160

// windows calls fn, in text order, with the byte ranges of text worth
// analysing for the probes (a margin around each word that starts with
// one, cut at white space, not overlapping), until fn returns false. It
// looks at the text a chunk of probeChunk bytes at a time, so a snippet
// found early costs little. With umlauts (analyzers that fold them) the
// chunk is lower-cased and folded first, and a chunk that folding changes
// in length (offsets in the folded text do not map back) is one window
// when it holds a probe; else the probes are found ignoring case in
// place.
func windows(text string, probes []string, umlauts bool, fn func(lo, hi int) bool) {
	done := 0 // text before it was passed to fn
	emit := func(lo, hi int) bool {
		lo = max(lo, done)
		if lo > done { // start at a word
			if j := strings.IndexAny(text[lo:hi], " \n\t"); j >= 0 {
				lo += j
			}
		}
		if hi < len(text) {
			if j := strings.LastIndexAny(text[lo:hi], " \n\t"); j >= 0 {
				hi = lo + j
			}
		}
		if hi <= lo {
			return true
		}
		done = hi
		return fn(lo, hi)
	}
	for off := 0; off < len(text); {
		end := chunkEnd(text, off, probeChunk)
		chunk := text[off:end]
		if len(probes) == 0 {
			if !emit(off, end) {
				return
			}
			off = end
			continue
		}
		folded, index := chunk, indexFold
		if umlauts {
			folded, index = probeFolder.Replace(strings.ToLower(chunk)), strings.Index
		}
		if len(folded) != len(chunk) {
			for _, p := range probes {
				if strings.Contains(folded, p) {
					if !emit(off, end) {
						return
					}
					break
				}
			}
			off = end
			continue
		}
		var hits []int
		for _, p := range probes {
			for from := 0; ; {
				i := index(folded[from:], p)
				if i < 0 {
					break
				}
				i += from
				if r, _ := utf8.DecodeLastRuneInString(folded[:i]); i == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					hits = append(hits, off+i)
				}
				from = i + len(p)
			}
		}
		slices.Sort(hits)
		lo, hi := -1, -1
		for _, i := range hits {
			a, b := max(0, i-windowMargin), min(len(text), i+windowMargin)
			if lo >= 0 && a <= hi {
				hi = max(hi, b)
				continue
			}
			if lo >= 0 && !emit(lo, hi) {
				return
			}
			lo, hi = a, b
		}
		if lo >= 0 && !emit(lo, hi) {
			return
		}
		off = end
	}
}

// indexFold is strings.Index ignoring case, for a lower-case p; it
// compares in place where lower-casing the text would copy it.
func indexFold(s, p string) int {
	if p == "" {
		return 0
	}
	lo, up := p[0], p[0]
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	for i := 0; i+len(p) <= len(s); i++ {
		j := strings.IndexByte(s[i:], lo)
		if up != lo {
			if k := strings.IndexByte(s[i:], up); k >= 0 && (j < 0 || k < j) {
				j = k
			}
		}
		if j < 0 || i+j+len(p) > len(s) {
			return -1
		}
		i += j
		if strings.EqualFold(s[i:i+len(p)], p) {
			return i
		}
	}
	return -1
}

// probeChunk is how much text windows folds at a time.
const probeChunk = 4 << 10

// snippet builds the HTML-safe snippet of a document in language lang
// (a base analyzer): the best window of the abstract or body with the
// matches of hl marked, else the start of the abstract (or body).
// absSpans are the abstract's matches if the caller has them (else nil).
func snippet(a analysis.Analyzer, hl highlights, lang, abstract string, absSpans []span, body string) string {
	type cand struct {
		text  string
		spans []span
	}
	var best cand
	bestScore, bestStart := 0, 0
	for _, f := range []string{abstractField(lang), bodyField(lang)} {
		text := abstract
		if f == bodyField(lang) {
			text = body
		}
		if text == "" || len(hl[f]) == 0 {
			continue
		}
		all := hl.wordsOf(f)
		if all >= 0 && bestScore >= all*1000 {
			break // the abstract shows every word: ties keep it
		}
		spans := absSpans
		if f != abstractField(lang) || spans == nil {
			spans = fieldSpans(a, hl, f, lang, text)
		}
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
	if abstract != "" {
		return render(abstract, nil, 0)
	}
	return render(body, nil, 0)
}

// fieldSpans are the matches of field f's patterns in text, read window
// by window until one shows every word.
func fieldSpans(a analysis.Analyzer, hl highlights, f, lang, text string) []span {
	all := hl.wordsOf(f)
	var spans []span
	windows(text, hl.probes(f), lang != "en", func(lo, hi int) bool {
		found := matchSpans(a.Analyze([]byte(text[lo:hi])), hl[f], lo)
		spans = append(spans, found...)
		if all >= 0 && len(found) > 0 {
			if _, score := bestWindow(spans); score >= all*1000 {
				return false
			}
		}
		return true
	})
	return spans
}

// chunkEnd is where the chunk of text starting at off ends: after size
// bytes, at a white space, so no word is cut.
func chunkEnd(text string, off, size int) int {
	end := off + size
	if end >= len(text) {
		return len(text)
	}
	if i := strings.IndexAny(text[end:], " \n\t"); i >= 0 {
		return end + i
	}
	return len(text)
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
