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
	words   map[string]int32   // every watched word and skeleton → its number (from 1)
}

// watched is one name variant of a party.
type watched struct {
	party   int32
	written string // the party's name or alias as given
	f       form
}

// NewScreen indexes the names and aliases of parties.
func NewScreen(parties []Party) *Screen {
	s := &Screen{parties: parties, index: map[string][]int32{}, words: map[string]int32{}}
	for pi, p := range parties {
		for _, n := range p.Names() {
			for _, v := range variants(n) {
				f := parseName(v)
				s.number(&f, true)
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

// number gives the words of f the numbers the screen knows them by, so that
// comparing two words is comparing two numbers; add numbers new words. A
// word the screen does not know keeps 0, and equals no watched word.
func (s *Screen) number(f *form, add bool) {
	id := func(w string) int32 {
		n, ok := s.words[w]
		if !ok && add {
			n = int32(len(s.words) + 1)
			s.words[w] = n
		}
		return n
	}
	for i := range f.toks {
		f.toks[i].id = id(f.toks[i].s)
		f.toks[i].skelID = id("\x00" + f.toks[i].skel)
	}
	f.numbered = true
}

// Len returns the number of parties in the screen.
func (s *Screen) Len() int { return len(s.parties) }

// blockKeys are the index keys of a name. For each distinctive word (each
// word, when the name has none): its skeleton; from five letters on, also
// its first five letters, which an abbreviation shares ("biotech",
// "biotechnology") and most spelling variants too; from eight letters on,
// its last five, for variants that differ early. Then each two adjacent
// words joined, as a name may write them as one. Then the name's initials
// ("i:") or, for a one-word name, the word itself as a possible acronym
// ("a:").
func blockKeys(f form) []string {
	var keys []string
	distinct := 0
	for _, t := range f.toks {
		if t.kind == kindDistinct {
			distinct++
		}
	}
	word := func(t token) {
		k := t.skel
		keys = append(keys, "t:"+k)
		if distinct > maxFuzzyKeyed {
			return
		}
		if len(k) >= 5 {
			keys = append(keys, "p:"+k[:5])
		}
		if len(k) >= 8 {
			keys = append(keys, "s:"+k[len(k)-5:])
		}
	}
	for _, t := range f.toks {
		if t.kind == kindDistinct {
			word(t)
		}
	}
	if len(keys) == 0 {
		for _, t := range f.toks {
			word(t)
		}
	}
	// two adjacent words as one, for names that write them joined:
	// "Bel Huawei" and "BellHuawei", "Zhongke Xin" and "Zhongkexin"
	for k := 0; k+1 < len(f.order); k++ {
		x, y := f.toks[f.order[k]], f.toks[f.order[k+1]]
		if x.kind != kindCommon && y.kind != kindCommon && !x.digit && !y.digit && len(x.s)+len(y.s) >= 6 {
			keys = append(keys, "t:"+skeleton(x.s+y.s))
		}
	}
	if len(f.toks) == 1 && acronymCandidate(f.toks[0].s) {
		keys = append(keys, "a:"+f.toks[0].s)
	}
	for _, a := range f.acros {
		keys = append(keys, "i:"+a)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func otherEntries(n int32) string {
	if n == 1 {
		return "1 other listed entry"
	}
	return fmt.Sprintf("%d other listed entries", n)
}

// queryKey is the index key under which a listed name's blocking key k
// finds watched names: a one-word name ("a:") looks for the initials of
// longer names ("i:") and the other way round; two sets of initials alike
// ("Beijing Sun Technology", "Beijing Star Technology") are no evidence.
func queryKey(k string) string {
	switch {
	case strings.HasPrefix(k, "a:"):
		return "i:" + k[2:]
	case strings.HasPrefix(k, "i:"):
		return "a:" + k[2:]
	}
	return k
}

func acronymCandidate(w string) bool {
	return len(w) >= acroMin && len(w) <= 8 && !commonWords[w] && !groupWords[w] // "CETC" is the group, not "China Electronic Technology Cloud Corporation"
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
			s.number(&lf, false)
			if lf.key == "" {
				continue
			}
			ids = ids[:0]
			for _, k := range blockKeys(lf) {
				ids = append(ids, s.index[queryKey(k)]...)
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
		if c.listed != e.Name {
			fmt.Fprintf(&why, "listed alias %q of %q; ", c.listed, e.Name)
		}
		if w.written != p.Name {
			fmt.Fprintf(&why, "watched alias %q of %q; ", w.written, p.Name)
		}
		if c.lf.raw != c.listed {
			fmt.Fprintf(&why, "listed name read as %q; ", c.lf.raw) // an a.k.a. part or an acronym
		}
		if w.f.raw != w.written {
			fmt.Fprintf(&why, "watched name read as %q; ", w.f.raw)
		}
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

// Factors of the score for words left without a partner, by kind: a
// distinctive word one name has and the other lacks is evidence of another
// firm, a "Technology" or a "Beijing" much less.
var extraFactor = [...]float64{kindDistinct: 0.87, kindCommon: 0.97, kindPlace: 0.94, kindNumber: 0.75, kindParticle: 0.99}

const (
	// conflictNumber and conflictPlace multiply the score when both names
	// have a number, or a place, that the other lacks: "718th" and "719th
	// Research Institute", "Beijing" and "Tianjin Huada Jiutian" are two firms.
	conflictNumber = 0.5
	conflictPlace  = 0.7
	// onlyCommon multiplies the score when no distinctive word pairs.
	onlyCommon = 0.75
	// acroScore is the score of a one-word name of acroMin letters or more
	// that spells the other name's initials.
	acroScore = 0.9
	// acroShared is the score of such a name when other listed entries go
	// by the same acronym ("SIOM": Shanghai Institute of Optics and Fine
	// Mechanics, Southwest Institute of Materials ...): a lead, not a hit.
	acroShared = 0.8
	acroMin    = 3
	// rareScore is the score of a name all of whose words are in the other
	// when a word they share is carried by no other listed entry (of
	// rareMin letters at least) and the other adds no place or number:
	// "Kingsemi" and "Kingsemi Japan K.K.".
	rareScore = 0.9
	rareMin   = 4
	// branchPenalty multiplies the score of a name all of whose words are
	// in the other when the other adds a place and no word they share is
	// unique to one entry: "Huawei Device" and "Huawei Device (Dongguan)"
	// are two firms of one family.
	branchPenalty = 0.9
	familyMin     = 2
	// maxFuzzyKeyed: only names with this many distinctive words or fewer
	// are indexed by prefixes and suffixes; longer ones meet their
	// spelling variants through the words they share exactly.
	maxFuzzyKeyed = 1
	// fuzzyFloor is what a pair of words at Jaro-Winkler 0.88 counts.
	fuzzyFloor = 0.5
)

// score compares a watched name with a listed one, from 0 to 1. The words
// of both are paired one to one, most similar first (two adjacent words may
// pair with one: "Zhongke Xin" and "Zhongkexin"). The score is the weighted
// share of the better-covered name's words that found a partner, lowered for
// every word of the other name left without one (a distinctive word much, a
// generic or place word little) and lowered hard when both names keep a
// number or a place of their own. A one-word name that is the other's
// initials scores 0.9. If why is not nil, the evidence is written to it.
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
	if len(a.toks) > 64 || len(b.toks) > 64 {
		return 0
	}
	var al alignment
	al.explain = why != nil
	al.family = true
	align(&al, a, b)
	simA, simB := al.simA[:len(a.toks)], al.simB[:len(b.toks)]
	covA, covB := al.cover(a.toks, simA), al.cover(b.toks, simB)
	scA := covA * extras(b.toks, simB)
	scB := covB * extras(a.toks, simA)
	sc := max(scA, scB)
	var notes []string // evidence, built only when asked for
	if n1, n2 := unpairedKind(a.toks, simA, kindNumber), unpairedKind(b.toks, simB, kindNumber); n1 != "" && n2 != "" {
		sc *= conflictNumber
		if why != nil {
			notes = append(notes, fmt.Sprintf("numbers differ: %s, %s (×%.2f)", n1, n2, conflictNumber))
		}
	}
	if p1, p2 := unpairedKind(a.toks, simA, kindPlace), unpairedKind(b.toks, simB, kindPlace); p1 != "" && p2 != "" {
		sc *= conflictPlace
		if why != nil {
			notes = append(notes, fmt.Sprintf("places differ: %s, %s (×%.2f)", p1, p2, conflictPlace))
		}
	}
	if short, long, longSim, ok := contained(a, b, simA, simB); ok {
		place := unpairedKind(long.toks, longSim, kindPlace)
		switch {
		case al.rare != "" && place == "" && unpairedKind(long.toks, longSim, kindNumber) == "" && sc < rareScore:
			sc = rareScore
			if why != nil {
				notes = append(notes, fmt.Sprintf("every word of %q is in %q and %q is a word no other listed entry carries (%.2f)", short.key, long.key, al.rare, rareScore))
			}
		case al.family && place != "":
			sc *= branchPenalty
			if why != nil {
				notes = append(notes, fmt.Sprintf("%q adds the place %q to %q, words that %d other listed entries or more carry: a branch or sister firm (×%.2f)", long.key, place, short.key, familyMin, branchPenalty))
			}
		}
	}
	if !al.distinct {
		sc *= onlyCommon
		if why != nil {
			notes = append(notes, fmt.Sprintf("no distinctive word in common (×%.2f)", onlyCommon))
		}
	}
	if why != nil {
		fmt.Fprintf(why, "%q ~ %q", a.key, b.key)
		writeDropped(why, a, b)
		if len(al.paired) > 0 {
			fmt.Fprintf(why, "; words paired: %s", strings.Join(al.paired, ", "))
		}
		var left []string
		for i, t := range a.toks {
			if simA[i] == 0 {
				left = append(left, t.s)
			}
		}
		for j, t := range b.toks {
			if simB[j] == 0 {
				left = append(left, t.s)
			}
		}
		if len(left) > 0 {
			fmt.Fprintf(why, "; unpaired: %s", strings.Join(left, ", "))
		}
		for _, n := range notes {
			why.WriteString("; ")
			why.WriteString(n)
		}
	}
	return sc
}

// contained returns the name all of whose words (but particles) found a
// partner in the other, and the other with its similarities, if one did and
// has a distinctive word.
func contained(a, b form, simA, simB []float64) (short, long form, longSim []float64, ok bool) {
	full := func(f form, sim []float64) bool {
		d := false
		for i, t := range f.toks {
			if sim[i] == 0 && t.kind != kindParticle {
				return false
			}
			d = d || t.kind == kindDistinct
		}
		return d
	}
	switch {
	case full(a, simA):
		return a, b, simB, true
	case full(b, simB):
		return b, a, simA, true
	}
	return form{}, form{}, nil, false
}

// alignment pairs the words of two names.
type alignment struct {
	simA, simB [64]float64 // similarity of each word's partner, 0 if none
	distinct   bool        // a distinctive word found a partner
	rare       string      // a paired distinctive word no other listed entry carries
	family     bool        // every paired distinctive word is carried by familyMin other entries or more
	explain    bool        // fill paired
	paired     []string    // "huawei", "ryan≈reiyuan 0.91", "zhongke+xin=zhongkexin"
}

// align pairs the words of a and b (64 at most each), most similar first.
func align(al *alignment, a, b form) {
	type pair struct {
		i, j int
		sim  float64
	}
	var buf [64]pair
	pairs := buf[:0]
	numbered := a.numbered && b.numbered
	for i, x := range a.toks {
		for j, y := range b.toks {
			if s := tokenSim(x, y, numbered); s > 0 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	slices.SortStableFunc(pairs, func(p, q pair) int { return cmp.Compare(q.sim, p.sim) })
	freeA, freeB := len(a.toks), len(b.toks)
	take := func(p pair) {
		if al.simA[p.i] != 0 || al.simB[p.j] != 0 {
			return
		}
		al.simA[p.i], al.simB[p.j] = p.sim, p.sim
		freeA--
		freeB--
		x, y := a.toks[p.i], b.toks[p.j]
		if x.kind == kindDistinct || y.kind == kindDistinct || x.kind == kindNumber {
			al.distinct = true
		}
		if x.kind == kindDistinct && y.kind == kindDistinct && min(x.others, y.others) < familyMin {
			al.family = false
		}
		if x.kind == kindDistinct && y.kind == kindDistinct && p.sim >= 0.96 && min(x.others, y.others) == 0 && len(x.s) >= rareMin && al.rare == "" {
			al.rare = x.s
		}
		if !al.explain {
			return
		}
		if p.sim == 1 {
			al.paired = append(al.paired, x.s)
		} else {
			al.paired = append(al.paired, fmt.Sprintf("%s≈%s %.2f (%s)", x.s, y.s, p.sim, pairReason(x.s, y.s, p.sim)))
		}
	}
	// Same words and skeletons first, then words that join ("Zhongke Xin"
	// is "Zhongkexin", not an abbreviation of it), then the rest.
	k := 0
	for ; k < len(pairs) && pairs[k].sim >= 0.96; k++ {
		take(pairs[k])
	}
	simA, simB := al.simA[:len(a.toks)], al.simB[:len(b.toks)]
	if freeA >= 2 && freeB >= 1 {
		al.joinAdjacent(a, b, simA, simB, false)
	}
	if freeB >= 2 && freeA >= 1 {
		al.joinAdjacent(b, a, simB, simA, true)
	}
	for ; k < len(pairs); k++ {
		take(pairs[k])
	}
}

// joinAdjacent pairs two or three adjacent unpaired words of x with one
// unpaired word of y that spells them: "zhongke xin" and "zhongkexin",
// "peng xin xu" and "pengxinxu".
func (al *alignment) joinAdjacent(x, y form, simX, simY []float64, swapped bool) {
	var lengths uint64 // lengths of y's unpaired words, to skip most spans at once
	for j, t := range y.toks {
		if simY[j] == 0 && len(t.s) < 63 {
			lengths |= 7 << (len(t.s) - 1) // a letter more or less: "bel huawei", "bellhuawei"
		}
	}
	for k := 0; k+1 < len(x.order); k++ {
		for span := 3; span >= 2; span-- {
			if k+span > len(x.order) {
				continue
			}
			n := 0
			for _, i := range x.order[k : k+span] {
				n += len(x.toks[i].s)
			}
			if n >= 64 || lengths&(1<<n) == 0 || !al.join(x, y, simX, simY, x.order[k:k+span], swapped) {
				continue
			}
			k += span - 1
			break
		}
	}
}

// join pairs the words idx of x, if all are unpaired, with an unpaired
// word of y that is their concatenation.
func (al *alignment) join(x, y form, simX, simY []float64, idx []int, swapped bool) bool {
	n := 0
	for k, i := range idx {
		if simX[i] != 0 || slices.Contains(idx[:k], i) {
			return false
		}
		n += len(x.toks[i].s)
	}
	for j, t := range y.toks {
		if simY[j] != 0 || len(t.s) < n-1 || len(t.s) > n+1 {
			continue
		}
		rest, ok := t.s, len(t.s) == n
		for _, i := range idx {
			if !ok {
				break
			}
			rest, ok = strings.CutPrefix(rest, x.toks[i].s)
		}
		sim := 0.95
		if !ok {
			// the same when spelt by sound: "Bel Huawei" and "BellHuawei"
			if n < 6 || t.s[0] != x.toks[idx[0]].s[0] {
				continue
			}
			var buf [64]byte
			joined := buf[:0]
			for _, i := range idx {
				joined = append(joined, x.toks[i].s...)
			}
			if skeleton(string(joined)) != t.skel {
				continue
			}
			sim = 0.93
		}
		simY[j] = sim
		for _, i := range idx {
			simX[i] = sim
		}
		if t.kind == kindDistinct {
			al.distinct = true
		}
		if al.explain {
			var parts []string
			for _, i := range idx {
				parts = append(parts, x.toks[i].s)
			}
			eq, note := "=", ""
			if sim < 0.95 {
				eq, note = "≈", " (transliteration)" // spelt differently, sounds the same
			}
			if swapped {
				al.paired = append(al.paired, t.s+eq+strings.Join(parts, "+")+note)
			} else {
				al.paired = append(al.paired, strings.Join(parts, "+")+eq+t.s+note)
			}
		}
		return true
	}
	return false
}

// cover is the weighted share of toks that found a partner.
func (al *alignment) cover(toks []token, sim []float64) float64 {
	var got, total float64
	for i, t := range toks {
		total += t.w
		got += t.w * sim[i]
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// extras is the product of extraFactor over the words left without a partner.
func extras(toks []token, sim []float64) float64 {
	f := 1.0
	for i, t := range toks {
		if sim[i] == 0 {
			f *= extraFactor[t.kind]
		}
	}
	return f
}

// unpairedKind returns the first word of a kind left without a partner, or "".
func unpairedKind(toks []token, sim []float64, kind int) string {
	for i, t := range toks {
		if sim[i] == 0 && t.kind == kind {
			return t.s
		}
	}
	return ""
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
	if !slices.Contains(b.acros, w) {
		return 0, false
	}
	if n := a.toks[0].acroOthers; n > 0 {
		if why != nil {
			fmt.Fprintf(why, "%q is the acronym of %q, and of %s (%.2f)", w, b.raw, otherEntries(n), acroShared)
		}
		return acroShared, true
	}
	if why != nil {
		fmt.Fprintf(why, "%q is the acronym of %q, and of no other listed entry", w, b.raw)
	}
	return acroScore, true
}

// pairReason names, for the evidence, why tokenSim paired two different
// words with similarity sim.
func pairReason(x, y string, sim float64) string {
	switch {
	case sim >= 0.96 && (x+"s" == y || y+"s" == x):
		return "plural"
	case sim >= 0.93:
		return "transliteration"
	case sim == 0.9 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x)):
		return "abbreviation"
	}
	return "spelling variant"
}

// tokenSim is the similarity of two words: 1 if equal; for words of five
// letters or more, 0.96 if they spell the same transliteration skeleton,
// 0.9 if one abbreviates the other; for distinctive words, else the Jaro-Winkler similarity of their
// skeletons when it is at least 0.88 and they are at most one edit apart
// (two from eight letters on); 0 otherwise. Numbers must be equal.
func tokenSim(x, y token, numbered bool) float64 {
	sameWord, sameSkel := x.id == y.id && x.id != 0, x.skelID == y.skelID && x.skelID != 0
	if !numbered {
		sameWord, sameSkel = x.s == y.s, x.skel == y.skel
	}
	if sameWord {
		return 1
	}
	if x.kind == kindNumber || y.kind == kindNumber || x.digit || y.digit {
		return 0
	}
	// Words under five letters are acronyms more than names: "JIQT" is not
	// "JICT", nor "BICE" "BICD"; they must be equal, or differ in one vowel
	// ("Khir" and "Kheir").
	short := min(len(x.s), len(y.s)) < 5
	if sameSkel && !short {
		return 0.96
	}
	if min(len(x.s), len(y.s)) >= 4 && x.kind == kindDistinct && y.kind == kindDistinct && vowelVariant(x.s, y.s) {
		return 0.93 // a transliteration that hears the vowels differently: "Fazal", "Fazel"
	}
	if short {
		return 0
	}
	if x.kind == kindDistinct && y.kind == kindDistinct && len(x.skel) >= 5 && len(y.skel) >= 5 && x.skel[:4] == y.skel[:4] && sameRoot(x.skel, y.skel) {
		return 0.93 // a Russian adjective or genitive of the name: "Yaroslavskiy", "Yaroslavl"; "Chkalova", "Chkalov"
	}
	if x.s[0] == y.s[0] && (strings.HasPrefix(x.s, y.s) || strings.HasPrefix(y.s, x.s)) {
		if d := len(x.s) - len(y.s); (d == 1 || d == -1) && (x.s[len(x.s)-1] == 's' || y.s[len(y.s)-1] == 's') {
			return 0.96 // a plural: "Cloudmind", "Cloudminds"
		}
		return 0.9 // an abbreviation: "Biotech" for "Biotechnology"
	}
	if x.kind != kindDistinct || y.kind != kindDistinct {
		return 0 // generic words and places are not misspelt
	}
	a, b := x.skel, y.skel
	n := min(len(a), len(b))
	allowed := 1
	if n >= 8 {
		allowed = 2
	}
	if d := len(a) - len(b); d > allowed || -d > allowed {
		return 0 // the edit distance is at least the difference in length
	}
	if letterDiff(a, b) > 2*allowed {
		return 0
	}
	j := float64(edlib.JaroWinklerSimilarity(a, b))
	if j < 0.88 || edlib.OSADamerauLevenshteinDistance(a, b) > allowed {
		return 0
	}
	// A spelling variant is weaker evidence than the same word: brand names
	// one letter apart are often two firms (Fincor and Finko), so the pair
	// counts from 0.5 (at 0.88) to 0.9 (at 1).
	return fuzzyFloor + (j-0.88)/(1-0.88)*(0.9-fuzzyFloor)
}

// sameRoot reports whether two skeletons are one Russian name in two
// grammatical forms: the adjective ("Muromski", "Ryazanskoe", "Arzamasskoe")
// or the genitive ("Chkalova", "Beriev", "Berieva") of a place or person,
// whose root is the other word or the other word less its last letter
// ("Yaroslavskiy", "Yaroslavl").
func sameRoot(a, b string) bool {
	ra, rb := slavicRoot(a), slavicRoot(b)
	if len(ra) < 4 || len(rb) < 4 || ra == a && rb == b {
		return false
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	return ra == rb || len(rb) == len(ra)+1 && strings.HasPrefix(rb, ra) && ra != a && ra != b
}

// slavicRoot strips one adjective or genitive ending from a skeleton.
func slavicRoot(s string) string {
	for _, suf := range [...]string{"skogo", "skoe", "ska", "sk", "ogo", "a"} {
		if r, ok := strings.CutSuffix(s, suf); ok {
			return r
		}
	}
	return s
}

// letterDiff sums, over letters, the difference between their counts in a
// and b (bytes counted modulo 32: the 26 letters stay apart, anything else
// can only merge counts and lower the sum). One edit (insert, delete,
// substitute, swap) changes the sum by at most two, so words d edits apart
// never have a letterDiff above 2d.
func letterDiff(a, b string) int {
	var h [32]int8
	for i := 0; i < len(a); i++ {
		h[a[i]&31]++
	}
	for i := 0; i < len(b); i++ {
		h[b[i]&31]--
	}
	d := 0
	for _, c := range h {
		d += int(max(c, -c))
	}
	return d
}

// vowelVariant reports whether a and b have the same consonants in the same
// order and differ by one edit in their vowels: "fazal" and "fazel", "khir"
// and "kheir", not "mangal" and "mongol".
func vowelVariant(a, b string) bool {
	if len(a)-len(b) > 1 || len(b)-len(a) > 1 || a[0] != b[0] && !isVowel(a[0]) && !isVowel(b[0]) {
		return false
	}
	i, j := 0, 0
	for {
		for i < len(a) && isVowel(a[i]) {
			i++
		}
		for j < len(b) && isVowel(b[j]) {
			j++
		}
		if i == len(a) || j == len(b) {
			break
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
	return i == len(a) && j == len(b) && edlib.OSADamerauLevenshteinDistance(a, b) <= 1
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
