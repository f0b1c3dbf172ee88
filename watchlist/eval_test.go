package watchlist

import (
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// bisEntry is one entry of the consolidated BIS Entity List (testdata/ORIGIN.md).
type bisEntry struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Country string   `json:"country"`
	Address string   `json:"address"`
}

// bisCountries maps the country headings of the list to ISO codes.
var bisCountries = map[string]string{
	"Afghanistan": "AF", "Argentina": "AR", "Armenia": "AM", "Australia": "AU", "Austria": "AT", "Bahrain": "BH",
	"Belarus": "BY", "Belgium": "BE", "Belize": "BZ", "Bolivia": "BO", "Brazil": "BR", "Bulgaria": "BG", "Burma": "MM",
	"Canada": "CA", "Chile": "CL", "China": "CN", "Costa Rica": "CR", "Crimea Region of Ukraine": "UA", "Cuba": "CU",
	"Cyprus": "CY", "Denmark": "DK", "Ecuador": "EC", "Egypt": "EG", "Estonia": "EE", "Finland": "FI", "France": "FR",
	"Georgia": "GE", "Germany": "DE", "Greece": "GR", "Hungary": "HU", "India": "IN", "Indonesia": "ID", "Iran": "IR",
	"Iraq": "IQ", "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO",
	"Kazakhstan": "KZ", "Kenya": "KE", "Kyrgyzstan": "KG", "Laos": "LA", "Latvia": "LV", "Lebanon": "LB", "Lithuania": "LT",
	"Luxembourg": "LU", "Madagascar": "MG", "Malaysia": "MY", "Malta": "MT", "Mexico": "MX", "Morocco": "MA",
	"Netherlands": "NL", "New Zealand": "NZ", "Nicaragua": "NI", "North Macedonia": "MK", "Norway": "NO", "Oman": "OM",
	"Pakistan": "PK", "Panama": "PA", "Paraguay": "PY", "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Portugal": "PT",
	"Qatar": "QA", "Romania": "RO", "Russia": "RU", "Saudi Arabia": "SA", "Senegal": "SN", "Singapore": "SG",
	"Slovakia": "SK", "South Africa": "ZA", "South Korea": "KR", "South Sudan": "SS", "Spain": "ES", "Sri Lanka": "LK",
	"Sweden": "SE", "Switzerland": "CH", "Syria": "SY", "Taiwan": "TW", "Thailand": "TH", "Turkey": "TR", "Uganda": "UG",
	"Ukraine": "UA", "United Arab Emirates": "AE", "United Kingdom": "GB", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN",
}

func loadBIS(t testing.TB) []bisEntry {
	t.Helper()
	f, err := os.Open("testdata/bis_entity_list.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Entities []bisEntry `json:"entities"`
	}
	if err := json.NewDecoder(zr).Decode(&list); err != nil {
		t.Fatalf("bis entity list: %v", err)
	}
	for i, e := range list.Entities {
		code, ok := bisCountries[e.Country]
		if !ok {
			t.Fatalf("bis entity list: no code for country %q", e.Country)
		}
		list.Entities[i].Country = code
	}
	return list.Entities
}

// entryOf turns a BIS entry into an Entry to screen.
func (e bisEntry) entry(ref int) Entry {
	return Entry{Name: e.Name, Aliases: e.Aliases, Country: e.Country, Ref: strconv.Itoa(ref)}
}

// city is the place before the country at the end of the first address
// ("..., Shenzhen, China" gives "shenzhen").
func (e bisEntry) city() string {
	a, _, _ := strings.Cut(e.Address, ";")
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(a), "."), ",")
	if len(parts) < 2 {
		return ""
	}
	c := strings.ToLower(strings.TrimSpace(parts[len(parts)-2]))
	c = strings.TrimRight(c, " 0123456789-")
	if c == "" || strings.ContainsAny(c, "0123456789") {
		return ""
	}
	return c
}

// split assigns an entry to "dev" or "test" by a hash of its name: the same
// on every run, and all pairs of an entry land on the same side.
func split(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	if h.Sum32()%2 == 0 {
		return "dev"
	}
	return "test"
}

// sameEntity groups entries that share a name after normalising (of four
// letters at least): the same firm listed under two countries ("Technopole
// Ltd." under China, India and Russia), or entries that name each other as
// aliases. No name matcher could tell such entries apart, so a hit on
// either is right.
func sameEntity(list []bisEntry) []int {
	parent := make([]int, len(list))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	byName := map[string]int{}
	for i, e := range list {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			k := Normalize(n)
			if len(k) < 4 {
				continue
			}
			if j, ok := byName[k]; ok {
				parent[find(i)] = find(j)
			} else {
				byName[k] = i
			}
		}
	}
	out := make([]int, len(list))
	for i := range out {
		out[i] = find(i)
	}
	return out
}

type namePair struct {
	a, b    string
	same    bool
	kind    string // "alias", "shared word", "same city"
	split   string
	ea, eb  int
	country [2]string
}

// namePairs builds the labelled set: every (name, alias) pair BIS lists is
// true; for each entry, the three other entries sharing the most words with
// it and two in its city are false, unless they are the same entity.
func namePairs(list []bisEntry) []namePair {
	group := sameEntity(list)
	var pairs []namePair
	byWord := map[string][]int{}
	byCity := map[string][]int{}
	for i, e := range list {
		for _, w := range strings.Fields(Normalize(e.Name)) {
			byWord[w] = append(byWord[w], i)
		}
		if c := e.city(); c != "" {
			byCity[c] = append(byCity[c], i)
		}
	}
	for i, e := range list {
		sp := split(e.Name)
		for _, a := range e.Aliases {
			pairs = append(pairs, namePair{a: e.Name, b: a, same: true, kind: "alias", split: sp, ea: i, eb: i, country: [2]string{e.Country, e.Country}})
		}
		shared := map[int]int{}
		for _, w := range strings.Fields(Normalize(e.Name)) {
			if len(byWord[w]) > 400 {
				continue // too common to make a pair hard
			}
			for _, j := range byWord[w] {
				if j != i && group[j] != group[i] {
					shared[j]++
				}
			}
		}
		others := make([]int, 0, len(shared))
		for j := range shared {
			others = append(others, j)
		}
		sort.Slice(others, func(x, y int) bool {
			if shared[others[x]] != shared[others[y]] {
				return shared[others[x]] > shared[others[y]]
			}
			return others[x] < others[y]
		})
		for _, j := range others[:min(3, len(others))] {
			pairs = append(pairs, namePair{a: e.Name, b: list[j].Name, kind: "shared word", split: sp, ea: i, eb: j, country: [2]string{e.Country, list[j].Country}})
		}
		n := 0
		for _, j := range byCity[e.city()] {
			if n == 2 {
				break
			}
			if j == i || group[j] == group[i] || shared[j] > 0 {
				continue
			}
			// the next entries in the city after this one: deterministic
			if j < i {
				continue
			}
			pairs = append(pairs, namePair{a: e.Name, b: list[j].Name, kind: "same city", split: sp, ea: i, eb: j, country: [2]string{e.Country, list[j].Country}})
			n++
		}
	}
	return pairs
}

// pairScore is the score a watched name a gets against a listed name b.
// Rarity is counted leaving the pair out: a word counts as carried by no
// other entry only if no entry but the pair's one or two carries it (the
// table counts the entries of both names of a false pair).
func pairScore(p namePair, ew []map[string]bool) (float64, string) {
	s := NewScreen([]Party{{Name: p.a, Country: p.country[0]}})
	leaveOut := func(f *form) {
		for i, t := range f.toks {
			if t.kind == kindDistinct && p.eb != p.ea && ew[p.ea][t.skel] && ew[p.eb][t.skel] {
				f.toks[i].others = max(0, t.others-1)
			}
			if a := "a:" + t.s; t.kind == kindDistinct && p.eb != p.ea && ew[p.ea][a] && ew[p.eb][a] {
				f.toks[i].acroOthers = max(0, t.acroOthers-1)
			}
		}
	}
	best := 0.0
	for _, va := range variants(p.a) {
		fa := parseName(va)
		leaveOut(&fa)
		for _, vb := range variants(p.b) {
			fb := parseName(vb)
			leaveOut(&fb)
			if sc := score(fa, fb, nil); sc > best {
				best = sc
			}
		}
	}
	best = adjustCountry(best, p.country[0], p.country[1])
	if hits := s.Match(Entry{Name: p.b, Country: p.country[1]}); len(hits) > 0 {
		return best, hits[0].Why
	}
	return best, ""
}

type prf struct{ tp, fp, fn int }

func (m prf) precision() float64 { return float64(m.tp) / float64(max(1, m.tp+m.fp)) }
func (m prf) recall() float64    { return float64(m.tp) / float64(max(1, m.tp+m.fn)) }

// TestNamePairs measures the matcher on real BIS names: precision and recall
// of the labelled pairs at Threshold, and a screening leave-one-out in which
// one alias of each entry is the watched name and every other name on the
// list is screened against it. With -v it prints the figures per split and
// a breakdown of the misses; WATCHLIST_EXAMPLES=n prints n of each.
func TestNamePairs(t *testing.T) {
	list := loadBIS(t)
	pairs := namePairs(list)
	ew := entryWords(list)
	examples, _ := strconv.Atoi(os.Getenv("WATCHLIST_EXAMPLES"))
	results := map[string]prf{}
	misses := map[string]map[string]int{"dev": {}, "test": {}}
	var shown = map[string]int{}
	for _, p := range pairs {
		sc, why := pairScore(p, ew)
		hit := sc >= Threshold
		m := results[p.split]
		switch {
		case hit && p.same:
			m.tp++
		case hit && !p.same:
			m.fp++
			misses[p.split]["false positive, "+p.kind+", "+fpKind(p.a, p.b)]++
			if p.split == "dev" && shown["fp"] < examples {
				shown["fp"]++
				t.Logf("FP %.3f %q ~ %q: %s", sc, p.a, p.b, why)
			}
		case !hit && p.same:
			m.fn++
			c := missKind(p.a, p.b)
			misses[p.split]["missed, "+c]++
			if p.split == "dev" && shown[c] < examples {
				shown[c]++
				t.Logf("FN[%s] %.3f %q ~ %q", c, sc, p.a, p.b)
			}
		}
		results[p.split] = m
	}
	for _, sp := range []string{"dev", "test"} {
		m := results[sp]
		t.Logf("pairs %s: %d true, %d false; at threshold %.2f precision %.3f recall %.3f (tp %d fp %d fn %d)",
			sp, m.tp+m.fn, countFalse(pairs, sp), Threshold, m.precision(), m.recall(), m.tp, m.fp, m.fn)
		keys := make([]string, 0, len(misses[sp]))
		for k := range misses[sp] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			t.Logf("  %s: %d", k, misses[sp][k])
		}
	}
	if testing.Verbose() {
		logCurve(t, pairs, ew, "dev")
		logCurve(t, pairs, ew, "test")
	}
	for _, sp := range []string{"dev", "test"} {
		m, missed := screenLeaveOneOut(list, sp, examples, t.Logf)
		if sp == "test" && (m.precision() < 0.90 || m.recall() < 0.50) {
			t.Errorf("screening test: precision %.3f recall %.3f, want at least 0.90 and 0.50", m.precision(), m.recall())
		}
		t.Logf("screening %s: %d watched aliases against %d entries: precision %.3f (hits right %d, wrong %d of which %d related) recall %.3f (found %d, missed %d)",
			sp, m.found+m.missed, len(list), m.precision(), m.right, m.wrong, m.related, m.recall(), m.found, m.missed)
		keys := make([]string, 0, len(missed))
		for k := range missed {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			t.Logf("  missed, %s: %d", k, missed[k])
		}
	}
	// Floors a little under what the matcher reaches on the test split: a
	// change that loses precision or recall fails here. (The goal of issue
	// 11, precision 0.95 at recall 0.90, is out of reach on these labels:
	// TestCeiling finds no relation at all between the names of over a
	// quarter of the true pairs, and see the breakdown of misses.)
	if m := results["test"]; m.precision() < 0.94 || m.recall() < 0.32 {
		t.Errorf("test pairs: precision %.3f recall %.3f, want at least 0.94 and 0.32", m.precision(), m.recall())
	}
}

func countFalse(pairs []namePair, sp string) int {
	n := 0
	for _, p := range pairs {
		if !p.same && p.split == sp {
			n++
		}
	}
	return n
}

// fpKind sorts a false positive: "related" when every distinctive word of
// one name is in the other ("Huawei Device" and "Huawei Device (Dongguan)",
// a branch, subsidiary or the same person under another entry), else "other".
func fpKind(a, b string) string {
	da, db := distinctWords(a), distinctWords(b)
	sub := func(x, y map[string]bool) bool {
		for w := range x {
			if !y[w] {
				return false
			}
		}
		return len(x) > 0
	}
	if sub(da, db) || sub(db, da) {
		return "related"
	}
	return "other"
}

func distinctWords(name string) map[string]bool {
	m := map[string]bool{}
	for _, t := range parseName(name).toks {
		if t.kind == kindDistinct {
			m[t.skel] = true
		}
	}
	return m
}

// missKind sorts a missed true pair by what it would take to find it.
func missKind(a, b string) string {
	fa, fb := parseName(a), parseName(b)
	for _, va := range variants(a) {
		for _, vb := range variants(b) {
			if x, y := parseName(va), parseName(vb); len(x.toks) == 1 || len(y.toks) == 1 {
				if len(x.toks) == 1 && len(y.toks) == 1 {
					continue
				}
				if len(x.toks) == 1 && len(x.toks[0].s) <= 8 || len(y.toks) == 1 && len(y.toks[0].s) <= 8 {
					return "one word or acronym"
				}
			}
		}
	}
	shared := 0
	for _, x := range fa.toks {
		for _, y := range fb.toks {
			if tokenSim(x, y, false) > 0 && x.w == 1 {
				shared++
				break
			}
		}
	}
	switch {
	case shared == 0:
		return "no distinctive word in common"
	default:
		return "some distinctive words in common"
	}
}

// screening is the outcome of a leave-one-out screen: hits right and
// wrong, watched names found and not.
type screening struct{ right, wrong, related, found, missed int }

func (m screening) precision() float64 { return float64(m.right) / float64(max(1, m.right+m.wrong)) }
func (m screening) recall() float64    { return float64(m.found) / float64(max(1, m.found+m.missed)) }

// screenLeaveOneOut watches, for every entry of the split with aliases, its
// first alias (with the entry's country) and screens the whole list with
// that alias taken out of its entry. A hit is right when it finds the same
// entity; a watched alias is found when one of its hits is right.
func screenLeaveOneOut(list []bisEntry, sp string, examples int, log func(string, ...any)) (screening, map[string]int) {
	group := sameEntity(list)
	var parties []Party
	var owner []int
	entries := make([]Entry, len(list))
	for i, e := range list {
		entries[i] = e.entry(i)
		if split(e.Name) != sp || len(e.Aliases) == 0 {
			continue
		}
		parties = append(parties, Party{Name: e.Aliases[0], Country: e.Country, Reference: strconv.Itoa(len(parties))})
		owner = append(owner, i)
		entries[i].Aliases = e.Aliases[1:]
	}
	s := NewScreen(parties)
	found := make([]bool, len(parties))
	var m screening
	for _, h := range s.MatchAll(entries) {
		pi, _ := strconv.Atoi(h.Party.Reference)
		ei, _ := strconv.Atoi(h.Entry.Ref)
		if group[ei] == group[owner[pi]] {
			m.right++
			found[pi] = true
		} else {
			m.wrong++
			if fpKind(h.WatchedName, h.MatchedName) == "related" {
				m.related++
			}
			if m.wrong <= examples {
				log("wrong hit %.3f: watched %q (of %q), listed %q: %s", h.Score, h.WatchedName, list[owner[pi]].Name, h.MatchedName, h.Why)
			}
		}
	}
	missed := map[string]int{}
	for pi, f := range found {
		if f {
			m.found++
			continue
		}
		m.missed++
		e := list[owner[pi]]
		missed[missKind(e.Aliases[0], e.Name)]++
	}
	return m, missed
}

// logCurve prints precision and recall of a split's pairs at thresholds
// around Threshold: what a change of the threshold alone would buy.
func logCurve(t *testing.T, pairs []namePair, ew []map[string]bool, sp string) {
	type scored struct {
		sc   float64
		same bool
	}
	var all []scored
	for _, p := range pairs {
		if p.split == sp {
			sc, _ := pairScore(p, ew)
			all = append(all, scored{sc, p.same})
		}
	}
	var line []string
	for _, th := range []float64{0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.95} {
		var m prf
		for _, x := range all {
			switch {
			case x.sc >= th && x.same:
				m.tp++
			case x.sc >= th:
				m.fp++
			case x.same:
				m.fn++
			}
		}
		line = append(line, fmt.Sprintf("%.2f: P %.3f R %.3f", th, m.precision(), m.recall()))
	}
	t.Logf("pairs %s by threshold: %s", sp, strings.Join(line, " | "))
	// the best recall at precision 0.95, over every threshold
	slices.SortFunc(all, func(a, b scored) int { return cmp.Compare(b.sc, a.sc) })
	var m prf
	best, at := 0.0, 1.0
	for _, x := range all {
		m.fn += boolInt(x.same)
	}
	for i, x := range all {
		if x.same {
			m.tp++
			m.fn--
		} else {
			m.fp++
		}
		if (i+1 == len(all) || all[i+1].sc != x.sc) && m.precision() >= 0.95 && m.recall() > best {
			best, at = m.recall(), x.sc
		}
	}
	t.Logf("pairs %s: best recall at precision 0.95 or more: %.3f (threshold %.3f)", sp, best, at)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestBlockingLosesLittle screens real BIS names both through the index
// and against every party, and reports how many hits blocking loses: the
// price of not comparing n×m.
func TestBlockingLosesLittle(t *testing.T) {
	list := loadBIS(t)
	var parties []Party
	var partyForms [][]form
	for i, e := range list {
		if i%5 != 0 {
			continue
		}
		for _, a := range e.Aliases {
			p := Party{Name: a, Country: e.Country, Reference: strconv.Itoa(len(parties))}
			parties = append(parties, p)
			partyForms = append(partyForms, formsOf(p.Names()))
		}
	}
	s := NewScreen(parties)
	lost, total := 0, 0
	for i, e := range list {
		if i%5 != 1 {
			continue
		}
		entry := e.entry(i)
		got := map[string]bool{}
		for _, h := range s.Match(entry) {
			got[h.Party.Reference] = true
		}
		entryForms := formsOf(entry.Names())
		for k, p := range parties {
			best := 0.0
			for _, a := range partyForms[k] {
				for _, b := range entryForms {
					best = max(best, score(a, b, nil))
				}
			}
			if adjustCountry(best, p.Country, entry.Country) < Threshold {
				continue
			}
			total++
			if !got[p.Reference] {
				lost++
				t.Logf("lost: party %q, entry %q", p.Name, e.Name)
			}
		}
	}
	t.Logf("blocking: %d of %d hits lost", lost, total)
	if total == 0 || float64(lost) > 0.02*float64(total) {
		t.Errorf("blocking lost %d of %d hits, want at most 2%%", lost, total)
	}
}

func formsOf(names []string) []form {
	var out []form
	for _, n := range names {
		for _, v := range variants(n) {
			if f := parseName(v); f.key != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// relation says what links two names of one entity, for the ceiling: a
// "word" both share (same word, skeleton or spelling variant, not a generic
// word or a place), a character "trigram" of their distinctive words, an
// "acronym" (a short word of one whose letters are, in order, the initials
// of words of the other), or "none": then no name matcher can tell the
// pair from two strangers ("Fazal Rahim Farid" and "Engineer Idris", "Bob
// Jefferson" for "Babak Jafarpour", a translation such as "Oboronnye
// Initsiativy" and "Defense Initiatives"). Generous on purpose: "none" is a
// lower bound of what no matcher finds.
func relation(a, b string) string {
	best := "none"
	rank := map[string]int{"none": 0, "trigram": 1, "generic": 2, "acronym": 3, "word": 4}
	for _, va := range variants(a) {
		for _, vb := range variants(b) {
			fa, fb := parseName(va), parseName(vb)
			r := "none"
			switch {
			case sharesWord(fa, fb):
				r = "word"
			case acronymRelated(va, fb) || acronymRelated(vb, fa):
				r = "acronym"
			case sharesTrigram(fa, fb):
				r = "trigram"
			case onlyGeneric(fa, fb):
				r = "generic"
			}
			if rank[r] > rank[best] {
				best = r
			}
		}
	}
	return best
}

func sharesWord(a, b form) bool {
	for _, x := range a.toks {
		for _, y := range b.toks {
			if (x.kind == kindDistinct || x.kind == kindNumber) && (y.kind == kindDistinct || y.kind == kindNumber) && tokenSim(x, y, false) > 0 {
				return true
			}
		}
	}
	return false
}

// onlyGeneric reports whether two names without distinctive words share
// two generic words or places: "Beijing Machinery Industry Automation
// Research Institute" and "Beijing Research Institute of Automation for
// Machinery Industry".
func onlyGeneric(a, b form) bool {
	shared := 0
	for _, x := range a.toks {
		if x.kind == kindDistinct {
			return false
		}
		for _, y := range b.toks {
			if y.kind == kindDistinct {
				return false
			}
			if x.s == y.s {
				shared++
			}
		}
	}
	return shared >= 2
}

func sharesTrigram(a, b form) bool {
	grams := map[string]bool{}
	for _, t := range a.toks {
		if t.kind != kindDistinct {
			continue
		}
		for _, s := range []string{t.s, t.skel} {
			for i := 0; i+3 <= len(s); i++ {
				grams[s[i:i+3]] = true
			}
		}
	}
	for _, t := range b.toks {
		if t.kind != kindDistinct {
			continue
		}
		for _, s := range []string{t.s, t.skel} {
			for i := 0; i+3 <= len(s); i++ {
				if grams[s[i:i+3]] {
					return true
				}
			}
		}
	}
	return false
}

// acronymRelated reports whether a word of 2 to 8 letters of name a spells,
// in order, initials of words of b (skipping words of b allowed; two
// letters only if they are all of b's initials).
func acronymRelated(a string, b form) bool {
	var ini []byte
	for _, w := range b.words {
		ini = append(ini, w[0])
	}
	for _, w := range words(a) {
		if len(w) < 2 || len(w) > 8 || isNumber(w) {
			continue
		}
		if len(w) == 2 && w != string(ini) {
			continue
		}
		k := 0
		for i := 0; i < len(ini) && k < len(w); i++ {
			if ini[i] == w[k] {
				k++
			}
		}
		if k == len(w) {
			return true
		}
	}
	return false
}

// TestCeiling prints, per split, how the true pairs relate: the share with
// no relation at all is out of reach of any name matcher, and bounds the
// recall any threshold can buy.
func TestCeiling(t *testing.T) {
	list := loadBIS(t)
	pairs := namePairs(list)
	examples, _ := strconv.Atoi(os.Getenv("WATCHLIST_EXAMPLES"))
	for _, sp := range []string{"dev", "test"} {
		count := map[string]int{}
		total, shown := 0, 0
		for _, p := range pairs {
			if !p.same || p.split != sp {
				continue
			}
			total++
			r := relation(p.a, p.b)
			count[r]++
			if r == "none" && sp == "dev" && shown < examples {
				shown++
				t.Logf("no relation: %q ~ %q", p.a, p.b)
			}
		}
		t.Logf("true pairs %s: %d; share a distinctive word %.3f, acronym only %.3f, generic words only %.3f, trigram only %.3f, no relation %.3f: recall above %.3f is out of reach",
			sp, total, frac(count["word"], total), frac(count["acronym"], total), frac(count["generic"], total), frac(count["trigram"], total), frac(count["none"], total), 1-frac(count["none"], total))
	}
}

func frac(n, d int) float64 { return float64(n) / float64(max(1, d)) }

// entryWords returns, for each entry of the list, the skeletons of the
// distinctive words of its names and aliases.
func entryWords(list []bisEntry) []map[string]bool {
	out := make([]map[string]bool, len(list))
	for i, e := range list {
		m := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, v := range variants(n) {
				f := parseName(v)
				for _, t := range f.toks {
					if t.kind == kindDistinct {
						m[t.skel] = true
					}
				}
				for _, a := range f.acros {
					m["a:"+a] = true
				}
				if len(f.toks) == 1 && acronymCandidate(f.toks[0].s) {
					m["a:"+f.toks[0].s] = true
				}
			}
		}
		out[i] = m
	}
	return out
}

// TestListWords checks listwords.txt against the BIS list it is counted
// from; WATCHLIST_UPDATE=1 rewrites it.
func TestListWords(t *testing.T) {
	count := map[string]int{}
	for _, m := range entryWords(loadBIS(t)) {
		for w := range m {
			count[w]++
		}
	}
	var lines []string
	for w, n := range count {
		if n >= 2 {
			lines = append(lines, fmt.Sprintf("%s %d\n", w, n))
		}
	}
	slices.Sort(lines)
	want := strings.Join(lines, "")
	if os.Getenv("WATCHLIST_UPDATE") != "" {
		if err := os.WriteFile("listwords.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if listWordsFile != want {
		t.Errorf("listwords.txt is out of date: run WATCHLIST_UPDATE=1 go test ./watchlist -run TestListWords")
	}
}
