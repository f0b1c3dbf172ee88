package classifier

import (
	"unicode"
	"unicode/utf8"
)

// automaton matches lexicon phrases in lowered text (see lower). Every
// phrase starts at a word boundary, so instead of Aho-Corasick failure links
// it walks a trie from each word start: the walk dies within a few bytes,
// and the rows it touches near the root stay in cache. The alphabet is
// reduced to the bytes that occur in patterns plus one class for every other
// byte, so the transition table is dense and small.
type automaton struct {
	class   [256]uint8
	nclass  int
	next    []uint16  // state*nclass + class -> state (0: none; the root is never a target), outFlag set when the state ends patterns
	out     [][]int32 // state -> pattern ids ending exactly here
	lengths []int     // pattern id -> byte length
}

// match is one pattern occurrence [start, end) in the lowered text.
type match struct {
	start, end int
	pat        int32
}

// outFlag marks, in a transition, a target state that ends patterns.
const outFlag = uint16(1) << 15

func newAutomaton(patterns []string) *automaton {
	a := &automaton{}
	used := [256]bool{}
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			used[p[i]] = true
		}
	}
	n := 1 // class 0 = any byte not in a pattern
	for b := 0; b < 256; b++ {
		if used[b] {
			a.class[b] = uint8(n)
			n++
		}
	}
	a.nclass = n
	a.next = make([]uint16, n)
	a.out = [][]int32{nil}
	a.lengths = make([]int, len(patterns))
	for id, p := range patterns {
		a.lengths[id] = len(p)
		s := 0
		for i := 0; i < len(p); i++ {
			c := int(a.class[p[i]])
			nx := int(a.next[s*n+c])
			if nx == 0 {
				nx = len(a.out)
				if nx >= int(outFlag) {
					panic("classifier: lexicon too large for the trie")
				}
				a.out = append(a.out, nil)
				a.next = append(a.next, make([]uint16, n)...)
				a.next[s*n+c] = uint16(nx)
			}
			s = nx
		}
		a.out[s] = append(a.out[s], int32(id))
	}
	for i, t := range a.next {
		if t != 0 && len(a.out[t]) > 0 {
			a.next[i] = t | outFlag
		}
	}
	return a
}

// startByte reports bytes after which a new word may start.
var startByte = func() (t [256]bool) {
	for i := range 128 {
		c := byte(i)
		t[i] = !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
	}
	return t
}()

// scan calls fn for every pattern occurrence in text that starts at a word
// boundary, in order of start offset.
func (a *automaton) scan(text string, fn func(m match)) {
	n := a.nclass
	next, class := a.next, &a.class
	for i := 0; i < len(text); i++ {
		if i > 0 {
			p := text[i-1]
			if p < 0x80 {
				if !startByte[p] {
					continue
				}
			} else if !boundaryBefore(text, i) {
				continue
			} else if text[i] >= 0x80 && (text[i]&0xC0) == 0x80 {
				continue // inside a rune
			}
		}
		s := 0
		for j := i; j < len(text); j++ {
			t := next[s*n+int(class[text[j]])]
			if t == 0 {
				break
			}
			s = int(t &^ outFlag)
			if t&outFlag != 0 {
				for _, id := range a.out[s] {
					fn(match{start: i, end: j + 1, pat: id})
				}
			}
		}
	}
}

// wordChar reports whether r continues a word (letters and digits).
func wordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// boundaryBefore reports whether text[i-1] ends a word or i is the start.
func boundaryBefore(text string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !wordChar(r)
}

// boundaryAfter reports whether text[i] starts a non-word or i is the end.
func boundaryAfter(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !wordChar(r)
}
