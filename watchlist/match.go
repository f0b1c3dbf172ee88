package watchlist

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hbollon/go-edlib"
)

// Threshold is the score from which a pair of names is a hit.
const Threshold = 0.88

// countryPenalty is taken off a score when the party's country and the
// entry's disagree.
const countryPenalty = 0.08

// Hit is one watched party that matches one listed entry.
type Hit struct {
	Party       Party   `json:"party"`
	Entry       Entry   `json:"entry"`
	MatchedName string  `json:"matched_name"` // the listed name or alias that matched, as written
	WatchedName string  `json:"watched_name"` // the party's name or alias that matched, as written
	Score       float64 `json:"score"`
	Why         string  `json:"why"` // the evidence: normalised forms, words dropped and paired, country
}

// Screen is an index of watched names, blocked by their distinctive words,
// that matches entries against every party at once. It is read-only after
// NewScreen and safe for concurrent use.
type Screen struct {
	parties []Party
	names   []watched
	index   map[string][]int32 // blocking key → positions in names
}

// watched is one name variant of a party.
type watched struct {
	party   int32
	written string // the party's name or alias as given
	f       form
}

// NewScreen indexes the names and aliases of parties.
func NewScreen(parties []Party) *Screen {
	s := &Screen{parties: parties, index: map[string][]int32{}}
	for pi, p := range parties {
		for _, n := range p.Names() {
			for _, v := range variants(n) {
				f := parseName(v)
				if f.key == "" {
					continue
				}
				id := int32(len(s.names))
				s.names = append(s.names, watched{party: int32(pi), written: n, f: f})
				for _, k := range blockKeys(f) {
					if l := s.index[k]; len(l) == 0 || l[len(l)-1] != id {
						s.index[k] = append(l, id)
					}
				}
			}
		}
	}
	return s
}

// Len returns the number of parties in the screen.
func (s *Screen) Len() int { return len(s.parties) }

// blockKeys are the index keys of a name: the skeletons of its distinctive
// words (of all its words when it has no distinctive one), and its initials
// or, for a one-word name, the word itself as a possible acronym.
func blockKeys(f form) []string {
	var keys []string
	for _, t := range f.toks {
		if t.w == 1 {
			keys = append(keys, "t:"+t.skel)
		}
	}
	if len(keys) == 0 {
		for _, t := range f.toks {
			keys = append(keys, "t:"+t.skel)
		}
	}
	if len(f.toks) == 1 && acronymCandidate(f.toks[0].s) {
		keys = append(keys, "a:"+f.toks[0].s)
	}
	if f.acronym != "" {
		keys = append(keys, "a:"+f.acronym)
	}
	if f.acroAll != "" && f.acroAll != f.acronym {
		keys = append(keys, "a:"+f.acroAll)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func acronymCandidate(w string) bool {
	return len(w) >= 3 && len(w) <= 8 && !commonWords[w]
}

// Match returns the parties that match the entry, one hit per party (its
// best pair of names), best first.
func (s *Screen) Match(e Entry) []Hit {
	type cand struct {
		score  float64
		name   int32
		listed string
		lf     form
	}
	best := map[int32]cand{}
	var ids []int32
	for _, n := range e.Names() {
		for _, v := range variants(n) {
			lf := parseName(v)
			if lf.key == "" {
				continue
			}
			ids = ids[:0]
			for _, k := range blockKeys(lf) {
				ids = append(ids, s.index[k]...)
			}
			slices.Sort(ids)
			ids = slices.Compact(ids)
			for _, id := range ids {
				w := &s.names[id]
				sc := score(w.f, lf, nil)
				if sc < Threshold-0.15 {
					continue
				}
				sc = adjustCountry(sc, s.parties[w.party].Country, e.Country)
				if b, ok := best[w.party]; !ok || sc > b.score {
					best[w.party] = cand{score: sc, name: id, listed: n, lf: lf}
				}
			}
		}
	}
	var hits []Hit
	for pi, c := range best {
		if c.score < Threshold {
			continue
		}
		w := &s.names[c.name]
		p := s.parties[pi]
		var why strings.Builder
		score(w.f, c.lf, &why)
		why.WriteString("; ")
		why.WriteString(countryWhy(p.Country, e.Country))
		fmt.Fprintf(&why, "; score %.2f", c.score)
		hits = append(hits, Hit{Party: p, Entry: e, MatchedName: c.listed, WatchedName: w.written, Score: c.score, Why: why.String()})
	}
	sortHits(hits)
	return hits
}

// MatchAll matches every entry, spreading the work over the CPUs, and
// returns all hits best first.
func (s *Screen) MatchAll(entries []Entry) []Hit {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(entries)/64))
	out := make([][]Hit, len(entries))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = s.Match(entries[i])
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	var all []Hit
	for _, h := range out {
		all = append(all, h...)
	}
	sortHits(all)
	return all
}

// Best keeps each party's highest-scoring hit, best first: the answer to
// "which of our parties are listed, and where most surely".
func Best(hits []Hit) []Hit {
	seen := map[string]int{}
	var out []Hit
	for _, h := range hits {
		k := h.Party.Name + "\x00" + h.Party.Reference
		if i, ok := seen[k]; ok {
			if h.Score > out[i].Score {
				out[i] = h
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, h)
	}
	sortHits(out)
	return out
}

func sortHits(h []Hit) {
	slices.SortStableFunc(h, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := strings.Compare(a.Party.Name, b.Party.Name); c != 0 {
			return c
		}
		if c := strings.Compare(a.Party.Reference, b.Party.Reference); c != 0 {
			return c
		}
		return strings.Compare(a.Entry.Ref, b.Entry.Ref)
	})
}

// sameCountry lists codes that an Entity List entry may stand under for a
// party of another code: BIS lists Hong Kong and Macau entries under China.
var sameCountry = map[[2]string]bool{{"HK", "CN"}: true, {"CN", "HK"}: true, {"MO", "CN"}: true, {"CN", "MO"}: true}

func countriesDisagree(party, entry string) bool {
	return party != "" && entry != "" && party != entry && !sameCountry[[2]string{party, entry}]
}

func adjustCountry(sc float64, party, entry string) float64 {
	if countriesDisagree(party, entry) {
		return sc - countryPenalty
	}
	return sc
}

func countryWhy(party, entry string) string {
	switch {
	case party == "" || entry == "":
		return "country not compared"
	case countriesDisagree(party, entry):
		return fmt.Sprintf("country %s disagrees with %s (-%.2f)", party, entry, countryPenalty)
	default:
		return fmt.Sprintf("country %s agrees", entry)
	}
}

// score compares a watched name with a listed one, from 0 to 1. The words
// of both are paired one to one, best pairs first; a pair counts by its
// similarity times the words' weights, so a shared distinctive word counts
// much and a shared "Technology" little. A one-word name that is the other's
// initials scores acronymScore. If why is not nil, the evidence is written
// to it.
func score(a, b form, why *strings.Builder) float64 {
	if a.key == b.key {
		if why != nil {
			fmt.Fprintf(why, "%q = %q", a.key, b.key)
			writeDropped(why, a, b)
		}
		return 1
	}
	if sc, ok := acronymScore(a, b, why); ok {
		return sc
	}
	if sc, ok := acronymScore(b, a, why); ok {
		return sc
	}
	type pair struct {
		i, j int
		sim  float64
	}
	var pairs []pair
	for i, x := range a.toks {
		for j, y := range b.toks {
			if s := tokenSim(x, y); s > 0 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	slices.SortStableFunc(pairs, func(p, q pair) int { return cmp.Compare(q.sim, p.sim) })
	var usedA, usedB uint64
	var matched, total float64
	for _, t := range a.toks {
		total += t.w
	}
	for _, t := range b.toks {
		total += t.w
	}
	var paired []string
	for _, p := range pairs {
		if p.i >= 64 || p.j >= 64 || usedA&(1<<p.i) != 0 || usedB&(1<<p.j) != 0 {
			continue
		}
		usedA |= 1 << p.i
		usedB |= 1 << p.j
		matched += p.sim * (a.toks[p.i].w + b.toks[p.j].w)
		if why != nil {
			if p.sim == 1 {
				paired = append(paired, a.toks[p.i].s)
			} else {
				paired = append(paired, fmt.Sprintf("%s≈%s %.2f", a.toks[p.i].s, b.toks[p.j].s, p.sim))
			}
		}
	}
	sc := matched / total
	if why != nil {
		fmt.Fprintf(why, "%q ~ %q", a.key, b.key)
		writeDropped(why, a, b)
		if len(paired) > 0 {
			fmt.Fprintf(why, "; words paired: %s", strings.Join(paired, ", "))
		}
		var left []string
		for i, t := range a.toks {
			if i >= 64 || usedA&(1<<i) == 0 {
				left = append(left, t.s)
			}
		}
		for j, t := range b.toks {
			if j >= 64 || usedB&(1<<j) == 0 {
				left = append(left, t.s)
			}
		}
		if len(left) > 0 {
			fmt.Fprintf(why, "; unpaired: %s", strings.Join(left, ", "))
		}
	}
	return sc
}

func writeDropped(why *strings.Builder, a, b form) {
	if len(a.dropped) > 0 || len(b.dropped) > 0 {
		d := append(slices.Clone(a.dropped), b.dropped...)
		slices.Sort(d)
		fmt.Fprintf(why, "; legal forms dropped: %s", strings.Join(slices.Compact(d), ", "))
	}
}

// acronymScore is the score of a one-word name that spells the other's
// initials: "GSS" and "Gazprom Space Systems".
func acronymScore(a, b form, why *strings.Builder) (float64, bool) {
	if len(a.toks) != 1 || !acronymCandidate(a.toks[0].s) {
		return 0, false
	}
	w := a.toks[0].s
	if w != b.acronym && w != b.acroAll {
		return 0, false
	}
	if why != nil {
		fmt.Fprintf(why, "%q is the acronym of %q", w, b.raw)
	}
	return 0.9, true
}

// tokenSim is the similarity of two words: 1 if equal, 0.96 if they spell
// the same transliteration skeleton, else their Jaro-Winkler similarity when
// it is at least 0.88 (0 below). Words with digits must be equal.
func tokenSim(x, y token) float64 {
	if x.s == y.s {
		return 1
	}
	if x.skel == y.skel {
		return 0.96
	}
	if len(x.s) < 4 || len(y.s) < 4 || hasDigit(x.s) || hasDigit(y.s) {
		return 0
	}
	j := float64(edlib.JaroWinklerSimilarity(x.skel, y.skel))
	if j < 0.88 {
		return 0
	}
	return j
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}
