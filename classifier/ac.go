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
// byte. States where the trie branches keep a dense row of transitions
// (next); the many that continue a single phrase keep only their one
// transition (single), so the table the walk reads stays small: more than
// nine in ten of the lexicon's states are of that kind (16,544 of 17,841).
type automaton struct {
	class   [256]uint8
	nclass  int
	next    []uint16  // branching state*nclass + class -> state (0: none; the root is never a target), outFlag set when the state ends patterns
	dense   int       // states below it branch and have a row in next; the others are in single
	single  []step    // state-dense -> its one transition (class 0: none)
	out     [][]int32 // state -> pattern ids ending exactly here
	lengths []int     // pattern id -> byte length
}

// step is the one transition of a state that does not branch.
type step struct {
	class uint8
	to    uint16 // as in next
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
	a.compact()
	for i, t := range a.next {
		if t != 0 && len(a.out[t]) > 0 {
			a.next[i] = t | outFlag
		}
	}
	for i, st := range a.single {
		if st.to != 0 && len(a.out[st.to]) > 0 {
			a.single[i].to = st.to | outFlag
		}
	}
	return a
}

// compact renumbers the states so that those with two or more transitions
// come first (the root stays 0) and keep their dense rows, and gives every
// other state its one transition (or none) in single.
func (a *automaton) compact() {
	n, states := a.nclass, len(a.out)
	children := make([]int, states)
	for st := range states {
		for c := range n {
			if a.next[st*n+c] != 0 {
				children[st]++
			}
		}
	}
	id := make([]uint16, states) // old state -> new
	dense := 0
	for st := range states {
		if st == 0 || children[st] >= 2 {
			id[st] = uint16(dense)
			dense++
		}
	}
	k := dense
	for st := range states {
		if st != 0 && children[st] < 2 {
			id[st] = uint16(k)
			k++
		}
	}
	next := make([]uint16, dense*n)
	single := make([]step, states-dense)
	out := make([][]int32, states)
	for st := range states {
		out[id[st]] = a.out[st]
		for c := range n {
			t := a.next[st*n+c]
			if t == 0 {
				continue
			}
			if int(id[st]) < dense {
				next[int(id[st])*n+c] = id[t]
			} else {
				single[int(id[st])-dense] = step{class: uint8(c), to: id[t]}
			}
		}
	}
	a.next, a.single, a.out, a.dense = next, single, out, dense
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
	next, class, single, dense := a.next, &a.class, a.single, a.dense
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
			c := class[text[j]]
			var t uint16
			if s < dense {
				t = next[s*n+int(c)]
			} else if st := single[s-dense]; st.class == c {
				t = st.to
			}
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
