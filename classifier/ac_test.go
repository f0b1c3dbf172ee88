package classifier

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAutomatonMatchesBruteForce: the trie, with its branching states in
// dense rows and its one-phrase states compacted, finds exactly the
// occurrences that a plain prefix test at every word start finds
// (hand-made patterns: shared prefixes, a phrase inside a longer one,
// one-letter and multi-byte phrases; texts drawn from their pieces).
func TestAutomatonMatchesBruteForce(t *testing.T) {
	patterns := []string{"entity list", "entity", "entities", "export", "export control", "exportkontrolle", "ausfuhr",
		"schwarze liste", "schwarzen liste", "a", "ab", "abc", "china", "chinesische", "türkei", "über", "x y z"}
	a := newAutomaton(patterns)
	pieces := append(slices.Clone(patterns), " ", " ", ", ", ".", "-", "q", "zz", "ent", "expo", "chin", "ü", "\n")
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		var got []match
		a.scan(text, func(m match) { got = append(got, m) })
		var want []match
		for i := range len(text) {
			if i > 0 && !boundaryBefore(text, i) || i > 0 && text[i]&0xC0 == 0x80 {
				continue // only word starts, never inside a rune
			}
			for id, p := range patterns {
				if strings.HasPrefix(text[i:], p) {
					want = append(want, match{start: i, end: i + len(p), pat: int32(id)})
				}
			}
		}
		order := func(x, y match) int {
			if x.start != y.start {
				return x.start - y.start
			}
			if x.end != y.end {
				return x.end - y.end
			}
			return int(x.pat - y.pat)
		}
		slices.SortFunc(got, order)
		slices.SortFunc(want, order)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d, %q:\ngot  %v\nwant %v", round, text, got, want)
		}
	}
	if a.dense >= len(a.out) {
		t.Errorf("%d of %d states dense: nothing compacted", a.dense, len(a.out))
	}
}
