package watchlist

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the comparable form of a name: lower case, diacritics
// and punctuation removed, legal-form words (Co., Ltd., GmbH, OOO, Joint
// Stock Company, ...) dropped and the remaining words sorted, so that
// "Huawei Technologies Co., Ltd." and "LTD HUAWEI-TECHNOLOGIES" both give
// "huawei technologies". A name made only of legal-form words gives "".
func Normalize(name string) string {
	return parseName(name).key
}

// form is a name prepared for comparison.
type form struct {
	raw     string
	words   []string // all words in order, legal forms included
	toks    []token  // the words that count, sorted, legal forms and stop words dropped
	dropped []string // legal-form words dropped, in order
	key     string   // toks joined by spaces
	acronym string   // initials of the counted words ("gss" for Gazprom Space Systems), "" under 3
	acroAll string   // initials of all words but stop words ("ebcc" for Emal Bilal Construction Company)
}

// token is one counted word with its transliteration skeleton and weight.
type token struct {
	s    string
	skel string
	w    float64
}

// words splits a name into lower-case ASCII-folded words. Dotted initials
// join ("S.A." gives "sa"), apostrophes vanish ("Fa'ur" gives "faur"), and
// every other non-letter, non-digit rune separates words.
func words(name string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	rs := []rune(norm.NFKD.String(name))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining mark left by NFKD: the diacritic of the letter before
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʻ' || r == 'ʼ' || r == '´':
		case r == '.' && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) && initial(rs, i):
			// "S.A." → "sa": a dot between single letters joins them
		case r == '&':
			flush()
			out = append(out, "and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(fold(unicode.ToLower(r)))
		default:
			flush()
		}
	}
	flush()
	return out
}

// initial reports whether the dot at rs[i] ends a one-letter word that a
// one-letter word follows ("A.S." but not "Co.Ltd").
func initial(rs []rune, i int) bool {
	single := i >= 1 && unicode.IsLetter(rs[i-1]) && (i == 1 || !unicode.IsLetter(rs[i-2]) && !unicode.Is(unicode.Mn, rs[i-2]))
	nextSingle := i+2 >= len(rs) || !unicode.IsLetter(rs[i+2])
	return single && nextSingle
}

// fold maps letters that NFKD leaves alone to ASCII.
func fold(r rune) string {
	switch r {
	case 'ø':
		return "o"
	case 'ß':
		return "ss"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ı':
		return "i"
	case 'þ':
		return "th"
	}
	return string(r)
}

// parseName prepares a name for comparison.
func parseName(name string) form {
	f := form{raw: name}
	f.words = words(name)
	legal := legalSpans(f.words)
	var kept []string
	var all []string
	for i, w := range f.words {
		if legal[i] {
			f.dropped = append(f.dropped, w)
		}
		if stopWords[w] {
			continue
		}
		all = append(all, w)
		if !legal[i] {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 { // "A", "Company": keep what there is
		for i, w := range f.words {
			if !stopWords[w] || len(all) == 0 && i == len(f.words)-1 {
				kept = append(kept, w)
			}
		}
		f.dropped = nil
	}
	f.acronym = initials(kept)
	f.acroAll = initials(all)
	sorted := slices.Clone(kept)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	for _, w := range sorted {
		f.toks = append(f.toks, token{s: w, skel: skeleton(w), w: weight(w)})
	}
	f.key = strings.Join(sorted, " ")
	return f
}

func initials(ws []string) string {
	if len(ws) < 3 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		b.WriteByte(w[0])
	}
	return b.String()
}

// legalSpans marks the words that belong to a legal form: single words
// (ltd, gmbh, ooo) anywhere, and phrases (joint stock company, obshchestvo s
// ogranichennoi otvetstvennostyu) as a whole.
func legalSpans(ws []string) []bool {
	out := make([]bool, len(ws))
	for i := 0; i < len(ws); i++ {
		if legalWords[ws[i]] || legalEnd[ws[i]] && (i == len(ws)-1 || legalWords[ws[i+1]]) {
			out[i] = true
			continue
		}
		for _, p := range legalPhrases {
			if i+len(p) <= len(ws) && slices.Equal(ws[i:i+len(p)], p) {
				for k := range p {
					out[i+k] = true
				}
				i += len(p) - 1
				break
			}
		}
	}
	// a name that is nothing but legal words keeps them ("Company")
	for _, l := range out {
		if !l {
			return out
		}
	}
	return make([]bool, len(ws))
}

// legalWords are legal-form words and abbreviations dropped wherever they stand.
var legalWords = set(`co ltd ltda limited company corporation corp inc incorporated gmbh mbh ag kg
	ooo oao zao pao ao ojsc cjsc pjsc jsc llc llp lp plc pte pvt sdn bhd sa sl srl sarl sas spa
	fze fzc fzco fzllc fz doo sro tov pjs mmc`)

// legalEnd are legal-form abbreviations that are also initials or words
// ("A.S. Yakovlev"): dropped only at the end of a name.
var legalEnd = set(`as ab oy kk bv nv sp`)

// legalPhrases are legal forms of several words, dropped only as a whole.
var legalPhrases = [][]string{
	strings.Fields("obshchestvo s ogranichennoi otvetstvennostyu"),
	strings.Fields("obshchestvo s ogranichennoy otvetstvennostyu"),
	strings.Fields("otkrytoe aktsionernoe obshchestvo"),
	strings.Fields("zakrytoe aktsionernoe obshchestvo"),
	strings.Fields("publichnoe aktsionernoe obshchestvo"),
	strings.Fields("aktsionernoe obshchestvo"),
	strings.Fields("open joint stock company"),
	strings.Fields("closed joint stock company"),
	strings.Fields("public joint stock company"),
	strings.Fields("joint stock company"),
	strings.Fields("joint stock"),
	strings.Fields("limited liability company"),
	strings.Fields("limited liability partnership"),
	strings.Fields("private limited"),
	strings.Fields("public limited company"),
	strings.Fields("sanayi ve ticaret"),
	strings.Fields("ticaret limited sirketi"),
	strings.Fields("limited sirketi"),
	strings.Fields("anonim sirketi"),
	strings.Fields("dis ticaret"),
}

// stopWords carry no meaning in a name.
var stopWords = set(`and the of for a an`)

// commonWords are generic words of company names and big cities: they count
// in the score with a small weight but never alone select candidates.
var commonWords = set(`technology technologies tech science sciences scientific research institute
	institut electronics electronic electric electrical group international trading trade industry
	industrial industries engineering center centre development information equipment systems system
	services service solutions holding holdings global enterprise aviation aerospace design bureau
	production plant factory zavod academy university state national federal china chinese russian
	russia hong kong hk beijing shanghai shenzhen guangzhou nanjing chengdu wuhan tianjin suzhou
	xian xi an hangzhou harbin moscow st petersburg dubai tehran istanbul karachi new general
	import export logistics shipping supply co manufacturing materials machinery machine
	products product network networks communication communications software computer intelligent
	smart digital precision instrument instruments semiconductor microelectronics energy power
	import mechanical union association concern scientific production nauchno proizvodstvennoe
	obedinenie predpriyatie tsentr byuro konstruktorskoe institute branch office sirketi ticaret
	dis ve sanayi east west north south asia pacific world innovation innovative`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// weight is how much a word counts in a score: generic words little,
// one-letter words less, the rest fully.
func weight(w string) float64 {
	switch {
	case commonWords[w]:
		return 0.3
	case len(w) == 1:
		return 0.2
	}
	return 1
}

// skeleton reduces a romanised word to a transliteration-neutral form, so
// that variants of the same Cyrillic or Chinese name compare equal:
// "Yevpatoriya" and "Evpatoria", "Tekhnologii" and "Technologii".
func skeleton(w string) string {
	if len(w) < 3 {
		return w
	}
	for _, r := range skeletonRules {
		w = strings.ReplaceAll(w, r[0], r[1])
	}
	if strings.HasPrefix(w, "ie") || strings.HasPrefix(w, "ia") || strings.HasPrefix(w, "iu") || strings.HasPrefix(w, "io") {
		w = w[1:]
	}
	// collapse doubled letters
	b := []byte(w)
	out := b[:0]
	for i, c := range b {
		if i == 0 || c != b[i-1] {
			out = append(out, c)
		}
	}
	return strings.TrimRight(string(out), "i")
}

var skeletonRules = [][2]string{
	{"shch", "s"}, {"sch", "s"}, {"sh", "s"}, {"ch", "h"}, {"kh", "h"}, {"zh", "j"}, {"ts", "c"}, {"tz", "c"},
	{"ph", "f"}, {"ck", "k"}, {"q", "k"}, {"x", "ks"}, {"w", "v"}, {"y", "i"}, {"j", "i"}, {"c", "k"},
	{"ou", "u"}, {"oo", "u"}, {"ee", "i"}, {"ei", "i"}, {"ai", "a"}, {"ii", "i"}, {"ie", "e"}, {"ia", "a"}, {"io", "o"}, {"iu", "u"},
	{"th", "t"}, {"dh", "d"}, {"gh", "g"},
}
