package classifier

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entityRefs are the SGML entity spellings the Federal Register API leaves in
// some abstracts ("T[uuml]rkiye").
var entityRefs = strings.NewReplacer(
	"[uuml]", "ü", "[ouml]", "ö", "[auml]", "ä", "[Uuml]", "Ü", "[Ouml]", "Ö", "[Auml]", "Ä",
	"[eacute]", "é", "[szlig]", "ß", "&amp;", "&", "&quot;", `"`, "&#39;", "'",
)

// normalize makes typography uniform without losing what a reader sees:
// curly quotes become straight, dash and space variants become ASCII, and
// runs of white space collapse to one space (or one newline when the run
// holds a line break). Offsets into the result are what evidence uses.
func normalize(s string) string {
	if clean(s) {
		return s
	}
	bracket, amp := strings.IndexByte(s, ']') >= 0, strings.IndexByte(s, '&') >= 0
	if bracket && (strings.Contains(s, "ml]") || strings.Contains(s, "acute]") || strings.Contains(s, "szlig]")) ||
		amp && (strings.Contains(s, "&amp;") || strings.Contains(s, "&quot;") || strings.Contains(s, "&#39;")) {
		s = entityRefs.Replace(s)
	}
	b := make([]byte, 0, len(s))
	pendingSpace, pendingNL := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\r', '\f', '\v':
				pendingSpace = len(b) > 0
				i++
				continue
			case '\n':
				pendingNL = len(b) > 0
				i++
				continue
			}
			if pendingNL {
				b = append(b, '\n')
			} else if pendingSpace {
				b = append(b, ' ')
			}
			pendingSpace, pendingNL = false, false
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\u00a0', '\u2002', '\u2003', '\u2009', '\u202f', '\u200b', '\ufeff':
			pendingSpace = len(b) > 0
			continue
		case '\u2019', '\u2018', '\u201b', '\u00b4':
			r = '\''
		case '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2212':
			r = '-'
		}
		if pendingNL {
			b = append(b, '\n')
		} else if pendingSpace {
			b = append(b, ' ')
		}
		pendingSpace, pendingNL = false, false
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// clean reports whether normalize would return s unchanged. Most bytes
// are ASCII letters, digits and punctuation that change nothing: a table
// tells them apart in one lookup (cleanByte; instructions per pass over
// the real corpus 140 M -> 92 M).
func clean(s string) bool {
	prevSpace := true // no leading white space
	for i := 0; i < len(s); {
		switch cleanByte[s[i]] {
		case cleanPlain:
			prevSpace = false
			i++
			continue
		case cleanSpace:
			if prevSpace {
				return false
			}
			prevSpace = true
			i++
			continue
		case cleanNever:
			return false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u00a0', '\u2002', '\u2003', '\u2009', '\u202f', '\u200b', '\ufeff', '\u2019', '\u2018', '\u201b', '\u00b4',
			'\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212', utf8.RuneError:
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || len(s) == 0
}

// Kinds of bytes for clean.
const (
	cleanPlain = iota // ASCII that normalize keeps as it is
	cleanSpace        // ' ' and '\n': kept unless doubled, leading or trailing
	cleanNever        // ASCII normalize changes ('\t', ']', '&', ...)
	cleanRune         // the first byte of a multi-byte rune, or not UTF-8
)

// cleanByte is the kind of each byte for clean.
var cleanByte = func() (t [256]uint8) {
	for c := 0x80; c < 256; c++ {
		t[c] = cleanRune
	}
	t[' '], t['\n'] = cleanSpace, cleanSpace
	for _, c := range "\t\r\f\v]&" {
		t[c] = cleanNever
	}
	return t
}()

// lowerTable maps ASCII capitals to lower case and '-' to ' '.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c + 32)
	}
	t['-'] = ' '
	return t
}()

// lower returns a byte-for-byte aligned lower-case copy of s for matching:
// ASCII and Latin-1 capitals are lowered in place and hyphens become spaces
// ("US-Chips" -> "us chips", "Entity-Liste" -> "entity liste"). s is valid
// UTF-8 (normalize's output), so the byte after 0xC3 is never ASCII and
// the table may map every byte first; the Latin-1 capitals are then found
// with IndexByte (instructions per pass over the real corpus 134 M -> 75 M).
func lower(s string) string {
	b := make([]byte, len(s))
	copy(b, s)
	i := 0
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], lower8(binary.LittleEndian.Uint64(b[i:])))
	}
	for ; i < len(b); i++ {
		b[i] = lowerTable[b[i]]
	}
	for i := 0; i+1 < len(s); i += 2 {
		k := strings.IndexByte(s[i:len(s)-1], 0xC3)
		if k < 0 {
			break
		}
		i += k
		if n := s[i+1]; n >= 0x80 && n <= 0x9E && n != 0x97 {
			b[i+1] = n + 0x20
		}
	}
	return string(b)
}

// lower8 is lowerTable of each of the eight bytes of v, at once: a byte's
// high bit tells, for the ASCII ones, whether it is a capital (at least
// 'A', not over 'Z') or '-'. lower's instructions per pass over the real
// corpus, with a table lookup per byte against this: 76 M -> 53 M.
func lower8(v uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	low7 := v &^ highs // no byte's sum below carries into the next
	ascii := ^v & highs
	upper := ascii & (low7 + (0x80-'A')*ones) &^ (low7 + (0x7F-'Z')*ones)
	d := low7 ^ '-'*ones
	dash := ascii &^ (d + 0x7F*ones)          // high where d's byte is zero
	return v ^ upper>>2 ^ (dash>>7)*('-'^' ') // 'A' + 0x20 is 'a'; '-' ^ 0x0D is ' '
}

// load64 returns the first eight bytes of s as a little-endian word (one
// load: the compiler combines the bytes).
func load64(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// endsIn8 reports whether any of the eight bytes of v is a sentenceEnd
// byte ("\n.!?;"). sentences skips the bytes between them eight at a
// time: sentences' instructions per pass over the real corpus 113 M -> 80 M.
func endsIn8(v uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	// (x - ones) &^ x has a high bit set iff a byte of x is zero
	a, b, c, d, e := v^'\n'*ones, v^'.'*ones, v^'!'*ones, v^'?'*ones, v^';'*ones
	return ((a-ones)&^a|(b-ones)&^b|(c-ones)&^c|(d-ones)&^d|(e-ones)&^e)&highs != 0
}

// span is a sentence: byte offsets into the normalized text.
type span struct{ start, end int }

// abbreviations that end with a period but do not end a sentence (lower case,
// without the period).
var abbreviations = map[string]bool{
	"u.s": true, "no": true, "nos": true, "co": true, "ltd": true, "inc": true, "corp": true,
	"e.g": true, "i.e": true, "dr": true, "mr": true, "mrs": true, "ms": true, "st": true,
	"nr": true, "z.b": true, "bzw": true, "ca": true, "abs": true, "vgl": true, "sog": true,
	"a.k.a": true, "fed": true, "reg": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "v": true, "vs": true, "etc": true, "u.k": true, "p.r.c": true, "sec": true,
	"para": true, "art": true, "fig": true, "est": true, "approx": true, "mio": true, "mrd": true,
	"d.c": true, "s.a": true, "gmbh": true, "llc": true, "plc": true, "dept": true, "gov": true,
}

// sentences splits normalized text into sentences: at a line break, or at
// '.', '!', '?' followed by a space and a capital, digit or quote, unless the
// period ends an abbreviation, an initial or a German ordinal ("12. Februar").
func sentences(s string, base int, out []span) []span {
	start := 0
	skipSpace := func(i int) int {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n') {
			i++
		}
		return i
	}
	start = skipSpace(0)
	for i := 0; i < len(s); i++ {
		for i+8 <= len(s) && !endsIn8(load64(s[i:])) {
			i += 8 // eight bytes that end nothing at once
		}
		for i < len(s) && !sentenceEnd[s[i]] {
			i++ // most bytes end nothing: one lookup each (instructions per pass over the real corpus 236 M -> 113 M)
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c == '\n' {
			if i > start {
				out = append(out, span{base + start, base + i})
			}
			start = skipSpace(i + 1)
			continue
		}
		if c != '.' && c != '!' && c != '?' && c != ';' {
			continue
		}
		// A semicolon ends a clause only in long runs; treat it as a
		// boundary when followed by a space and the clause is long.
		if c == ';' {
			if i-start < 200 || strings.Count(s[start:i], `"`)%2 == 1 {
				continue
			}
			// "...Items; Supercomputer and Semiconductor End Use; Entity
			// List Modification" is a title, not two clauses.
			if i+2 < len(s) && s[i+1] == ' ' && (s[i+2] < 'a' || s[i+2] > 'z') {
				continue
			}
		}
		j := i + 1
		for j < len(s) && (s[j] == '"' || s[j] == ')' || s[j] == '\'') {
			j++
		}
		if j < len(s) && s[j] != ' ' {
			continue
		}
		k := j + 1
		if k < len(s) {
			r, _ := utf8.DecodeRuneInString(s[k:])
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '"' || r == '(' || r == '\'' || r == 'Ä' || r == 'Ö' || r == 'Ü' || r > 0x7f && r != '—') {
				continue
			}
		}
		if c == '.' && j == i+1 {
			// Word before the period.
			w := i
			for w > start && s[w-1] != ' ' && s[w-1] != '(' && s[w-1] != '"' {
				w--
			}
			word := s[w:i]
			if len(word) <= 8 {
				var buf [8]byte
				for k := 0; k < len(word); k++ {
					buf[k] = lowerTable[word[k]]
				}
				if abbreviations[string(buf[:len(word)])] {
					continue
				}
			}
			if len(word) == 1 && (word[0] >= 'a' && word[0] <= 'z' || word[0] >= 'A' && word[0] <= 'Z') {
				continue // an initial: "Alan F. Estevez"
			}
			if len(word) <= 2 && isDigits(word) {
				continue // German ordinal or list number
			}
		}
		if j > start {
			out = append(out, span{base + start, base + j})
		}
		start = skipSpace(j)
		i = start - 1
	}
	if start < len(s) {
		out = append(out, span{base + start, base + len(s)})
	}
	return out
}

// sentenceEnd marks the bytes where sentences may end.
var sentenceEnd = func() (t [256]bool) {
	for _, c := range "\n.!?;" {
		t[c] = true
	}
	return t
}()

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Stopwords that tell English from German; words common to both are left out.
var (
	enStop = wordSet("the and of to is that for it with as on are be by this from at or have which not has its their were been would they but who more than said after into other these such should could about under new all any our we will can there when over")
	deStop = wordSet("der die das und ist nicht mit von den zu ein eine einen einem einer auf für im dem des sich auch wird werden hat sind wie bei nach oder noch aus über zum zur vom nur durch sie es wir ihre seine diese dieser soll sollen können kann")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// detectLanguage answers "de" or "en" (the default) from stopword counts over
// the first words of the lowered text; umlauts and ß tip a close call.
func detectLanguage(low string) string {
	en, de, words := 0, 0, 0
	for i := 0; i < len(low) && words < 1500; {
		for i < len(low) && !isWordByte(low[i]) {
			i++
		}
		j := i
		for j < len(low) && isWordByte(low[j]) {
			j++
		}
		if j > i {
			w := low[i:j]
			words++
			if enStop[w] {
				en++
			} else if deStop[w] {
				de++
			}
		}
		i = j
	}
	if de == en && de == 0 {
		if strings.Contains(low, "ä") || strings.Contains(low, "ö") || strings.Contains(low, "ü") || strings.Contains(low, "ß") {
			return "de"
		}
		return "en"
	}
	if de > en {
		return "de"
	}
	return "en"
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// parseNumber reads a number written in English ("50,000", "1.5 million",
// "790 million") or German ("200.000", "1,5 Millionen", "790 Mio.") style.
// lang "de" makes "." the thousands separator and "," the decimal mark.
// It returns the value and whether s held a number.
func parseNumber(s, lang string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, false
	}
	num := fields[0]
	thousands, decimal := byte(','), byte('.')
	if lang == "de" {
		thousands, decimal = '.', ','
	}
	// A decimal mark followed by exactly three digits ("50.000" in English
	// text, "1,700" in German text) is read as a thousands separator: press
	// mixes styles, and counts of chips are whole numbers.
	var b strings.Builder
	for i := 0; i < len(num); i++ {
		c := num[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == thousands:
		case c == decimal:
			rest := num[i+1:]
			if len(rest) == 3 && isDigits(rest) && num[:i] != "0" {
				continue
			}
			b.WriteByte('.')
		case c == '.' || c == ',':
			// the other separator of the other style
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return 0, false
	}
	if len(fields) > 1 {
		switch strings.TrimSuffix(fields[1], ".") {
		case "thousand", "tausend":
			v *= 1e3
		case "million", "millionen", "mio", "millions":
			v *= 1e6
		case "billion", "milliarden", "mrd", "billions", "milliarde":
			v *= 1e9
		}
	}
	return v, true
}

// byteRank orders the bytes of lowered text by how often they occur, the
// most frequent first (counted over the development split); bytes not
// listed are rarer than all listed.
var byteRank = func() (t [256]uint8) {
	const common = " enitarsodhulcmgfpbw,kvy\xc3.z\xbc2x0\xa4'1j"
	for i := range t {
		t[i] = 255
	}
	for i := 0; i < len(common); i++ {
		t[common[i]] = uint8(i)
	}
	return t
}()

// anyPhrase reports whether t holds any of ws (hasPhrase): the question
// most rule helpers ask of a sentence, written once.
func anyPhrase(t string, ws ...string) bool {
	for _, w := range ws {
		if hasPhrase(t, w) {
			return true
		}
	}
	return false
}

// hasPhrase is strings.Contains for lowered text. strings.Contains looks
// for a phrase's first byte and then compares; in a sentence longer than
// 64 bytes whose phrase starts with a frequent letter ("rüstungsexport",
// "erlaubt") it stops at most bytes. hasPhrase looks for the phrase's
// rarest byte instead ('ü', 'b') and compares around it.
func hasPhrase(t, w string) bool {
	if len(t) <= 64 || len(w) < 2 {
		return strings.Contains(t, w) // a short text: one vector comparison
	}
	k, rank := 0, byteRank[w[0]]
	for i := 1; i < len(w); i++ {
		if r := byteRank[w[i]]; r > rank {
			k, rank = i, r
		}
	}
	c, last := w[k], len(t)-len(w) // last: the last offset w may start at
	if rank < 8 {
		return strings.Contains(t, w) // no rare byte ("is a"): its fallback to comparing everywhere is faster
	}
	first := w[0]
	for s := 0; s <= last; s++ {
		j := strings.IndexByte(t[s+k:last+k+1], c)
		if j < 0 {
			return false
		}
		s += j
		if t[s] == first && t[s:s+len(w)] == w { // the first byte before a call to compare
			return true
		}
	}
	return false
}
