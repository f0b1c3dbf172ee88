package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// wordTokenizer names asciiTokenizer in the registry.
const wordTokenizer = "exportwatch_unicode"

// asciiTokenizer cuts text into the tokens of Bleve's unicode tokenizer
// (Unicode word segmentation, UAX #29), with a fast path for words of
// plain ASCII: Bleve's segmenter, a generated state machine over UTF-8,
// was a fifth of the CPU of building the index. Text is cut at ASCII
// white space, where UAX #29 always breaks; a piece of printable ASCII
// is segmented here by the rules that apply to ASCII (WB5-WB13b: letters
// and digits join, '.' and '\” join letters or digits on both sides,
// ':' letters, ',' and ';' digits, '_' whatever it touches), any other
// piece by Bleve's tokenizer. TestWordTokenizerMirrors compares the two
// on the bench's corpus and on random text.
type asciiTokenizer struct{ unicode *unicode.UnicodeTokenizer }

// byte classes of printable ASCII for word segmentation.
const (
	cOther  = iota
	cLetter // A-Z a-z
	cDigit  // 0-9
	cMidL   // ':' joins letters
	cMidN   // ',' ';' join digits
	cMidNL  // '.' '\'' join letters or digits
	cExtend // '_' joins letters, digits and itself
)

func asciiClass(b byte) int {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z':
		return cLetter
	case '0' <= b && b <= '9':
		return cDigit
	}
	switch b {
	case ':':
		return cMidL
	case ',', ';':
		return cMidN
	case '.', '\'':
		return cMidNL
	case '_':
		return cExtend
	}
	return cOther
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

func (t asciiTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	var arena []analysis.Token
	pos := 1
	emit := func(term []byte, start, end int, typ analysis.TokenType) {
		if len(arena) == cap(arena) {
			arena = make([]analysis.Token, 0, 256)
		}
		arena = append(arena, analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: typ})
		out = append(out, &arena[len(arena)-1])
		pos++
	}
	for i := 0; i < len(input); {
		if isSpace(input[i]) {
			i++
			continue
		}
		j := i
		plain := true
		for j < len(input) && !isSpace(input[j]) {
			if b := input[j]; b < 0x21 || b > 0x7e || b == '_' {
				plain = false
			}
			j++
		}
		if plain {
			t.words(input, i, j, emit)
		} else {
			for _, tok := range t.unicode.Tokenize(input[i:j]) {
				emit(tok.Term, tok.Start+i, tok.End+i, tok.Type)
			}
		}
		i = j
	}
	return out
}

// words emits the words of input[lo:hi], printable ASCII without '_'.
func (asciiTokenizer) words(input []byte, lo, hi int, emit func([]byte, int, int, analysis.TokenType)) {
	class := func(k int) int {
		if k < lo || k >= hi {
			return cOther
		}
		return asciiClass(input[k])
	}
	for k := lo; k < hi; {
		c := class(k)
		if c != cLetter && c != cDigit {
			k++
			continue
		}
		start, letters := k, false
		for k < hi {
			c := class(k)
			if c == cLetter || c == cDigit {
				letters = letters || c == cLetter
				k++
				continue
			}
			prev, next := class(k-1), class(k+1)
			joins := (c == cMidL || c == cMidNL) && prev == cLetter && next == cLetter ||
				(c == cMidN || c == cMidNL) && prev == cDigit && next == cDigit
			if !joins {
				break
			}
			k++
		}
		typ := analysis.Numeric
		if letters {
			typ = analysis.AlphaNumeric
		}
		emit(input[start:k], start, k, typ)
	}
}
