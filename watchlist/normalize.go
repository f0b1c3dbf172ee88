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
	order   []int    // toks in the order the name has them (with repeats)
	dropped []string // legal-form words dropped, in order
	key     string   // toks joined by spaces
	// acros are the acronyms the name may go by (acronyms), none under 3 letters
	acros []string
	// numbered: the words carry a Screen's numbers (Screen.number)
	numbered bool
}

// token is one counted word with its transliteration skeleton and weight.
type token struct {
	s     string
	skel  string
	kind  int
	w     float64
	digit bool // has a digit: "4paradigm", "h4p"
	// id and skelID number s and skel in a Screen (0: not known to it)
	id, skelID int32
	// others is how many listed entries besides the one matched carry the
	// word (a distinctive word; see entriesWith)
	others int32
	// acroOthers is how many other listed entries go by the word as an
	// acronym (a name of that one word, or names with those initials)
	acroOthers int32
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
			// "CETC55" is "CETC 55"; "159th" stays one word for canonical
			if b.Len() > 0 && unicode.IsDigit(r) != unicode.IsDigit(rs[i-1]) && !ordinalAt(rs, i) {
				flush()
			}
			b.WriteString(fold(unicode.ToLower(r)))
		default:
			flush()
		}
	}
	flush()
	return out
}

// ordinalAt reports whether rs[i] starts the suffix of an ordinal: "th" in "159th".
func ordinalAt(rs []rune, i int) bool {
	if i == 0 || !unicode.IsDigit(rs[i-1]) || i+2 > len(rs) {
		return false
	}
	suf := strings.ToLower(string(rs[i : i+2]))
	end := i+2 == len(rs) || !unicode.IsLetter(rs[i+2]) && !unicode.IsDigit(rs[i+2])
	return end && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th")
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
	for i, w := range f.words {
		f.words[i] = canonical(w)
	}
	f.words = groupNames(f.words)
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
	f.acros = acronyms(f.words, legal, kept, all)
	sorted := slices.Clone(kept)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	for _, w := range sorted {
		k := kindOf(w)
		t := token{s: w, skel: skeleton(w), kind: k, w: kindWeight[k], digit: strings.ContainsAny(w, "0123456789")}
		if k == kindDistinct {
			t.others = entriesWith(t.skel) - 1
			if acronymCandidate(w) {
				t.acroOthers = entriesWith("a:"+w) - 1
			}
		}
		f.toks = append(f.toks, t)
	}
	f.key = strings.Join(sorted, " ")
	for _, w := range kept {
		i, _ := slices.BinarySearch(sorted, w)
		f.order = append(f.order, i)
	}
	return f
}

// acronyms returns the initials a name may be abbreviated to, for names
// of three words or more: of the counted words ("gss" for Gazprom Space
// Systems), with the legal form ("ymtc" for Yangtze Memory Technologies
// Co.), with the small words ("moha" for Ministry of Home Affairs), of
// every word, and without places ("aoe" for Associated Opto-electronics
// (Chongqing)).
func acronyms(ws []string, legal []bool, kept, all []string) []string {
	var out []string
	add := func(a string) {
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	add(initials(kept))
	add(initials(all))
	var withStop, every, noPlace []string
	for i, w := range ws {
		every = append(every, w)
		if !legal[i] {
			withStop = append(withStop, w)
		}
	}
	for _, w := range kept {
		if !placeWords[w] {
			noPlace = append(noPlace, w)
		}
	}
	add(initials(withStop))
	add(initials(every))
	if len(noPlace) < len(kept) {
		add(initials(noPlace))
	}
	// runs of words that hold every distinctive word, by their first
	// letters or their pinyin syllables: "hftc" for Beijing Huafeng Test &
	// Control Technology, "zkx" for Beijing Zhongke Xin Electronic Equipment
	first, last := -1, -1
	for i, w := range noPlace {
		if kindOf(w) == kindDistinct {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || len(noPlace) > 12 {
		return out
	}
	var plain, syll [12]string
	hasSyll := false
	for i, w := range noPlace {
		plain[i] = w[:1]
		syll[i] = syllableInitials(w)
		if syll[i] == "" {
			syll[i] = plain[i]
		} else {
			hasSyll = true
		}
	}
	for s := 0; s <= first; s++ {
		for e := last; e < len(noPlace); e++ {
			if e-s+1 >= 3 {
				add(strings.Join(plain[s:e+1], ""))
			}
			if a := strings.Join(syll[s:e+1], ""); hasSyll && len(a) >= 3 && len(a) <= 8 {
				add(a)
			}
		}
	}
	return out
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
	// phrases first: "limited liability company" is one legal form, not
	// "limited" and a word "liability"
	for i := 0; i < len(ws); i++ {
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
	for i := range ws {
		if legalWords[ws[i]] || legalEnd[ws[i]] && (i == len(ws)-1 || legalWords[ws[i+1]] || out[i+1]) {
			out[i] = true
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
	fze fzc fzco fzllc fz doo sro tov pjs mmc ` + orgForms)

// orgForms are the Russian and Belarusian abbreviations of an
// organisation's form that BIS gives with or without a name: NPO (research
// and production association), NPP, GNPP, OKB (experimental design bureau),
// TsKB, NII (research institute), FGUP and FSUE (federal state unitary
// enterprise), ARZ (aircraft repair plant): "NPO Etalon" is "Etalon
// Scientific and Production Association". Dropped like legal forms.
const orgForms = `npo npp gnpp anpp nppk npk npts okb skb tskb mkb nii tsnii vnii fgup fsue sftue gup
	fgbu fgbou arz srz`

// legalEnd are legal-form abbreviations that are also initials or words
// ("A.S. Yakovlev"): dropped only at the end of a name.
var legalEnd = set(`as ab oy kk bv nv sp`)

// legalPhrases are legal forms of several words, dropped only as a whole.
var legalPhrases = [][]string{
	strings.Fields("obshchestvo s ogranichennoi otvetstvennostyu"),
	strings.Fields("obshchestvos ogranichennoi otvetstvennostyu"),
	strings.Fields("obschestvo s ogranichennoi otvetstvennostyu"),
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
	strings.Fields("ic ve dis ticaret"),
	strings.Fields("sanayi ve dis ticaret"),
	strings.Fields("anonim sirketi"),
	// pinyin: "Xi'an Xiangxun Keji Youxian Zeren Gongsi"
	strings.Fields("gufen youxian gongsi"),
	strings.Fields("youxian zeren gongsi"),
	strings.Fields("youxian gongsi"),
}

// commonWords are generic words of organisation names: they count in the
// score with a small weight but never alone select candidates.
var commonWords = set(`technology technologies tech science sciences scientific research institute
	electronics electronic electric electrical group international trading trade industry
	industrial industries engineering center development information equipment systems system
	services service solutions holding holdings global enterprise aviation aerospace design bureau
	production plant factory academy university state national federal general import export
	logistics shipping supply manufacturing materials machinery machine building products product
	network networks communication communications software computer intelligent smart digital
	precision instrument instruments semiconductor microelectronics energy power mechanical union
	association concern branch office innovation innovative space defense defence military
	investment investments management consulting commercial industrial unitary public open closed
	private foreign new applied laboratory lab scientific research production optical
	optoelectronics automation integrated circuit circuits control test testing medical
	biotechnology chemical chemicals aviation air airlines transport cargo marine navigation
	radio telecom telecommunications complex firm organization organisation agency department
	ministry committee works project projects partners sales foundation fund sea port ports
	sensing sensor sensors storage chip chips micro vision optics photonics robotics robot
	avionics textile textiles display laser lasers battery device devices component components
	parts chain manufactory cyber cybersecurity security marine ocean shipyard shipbuilding
	navigation instrumentation measurement equipment apparatus physics electromechanical
	radioelectronic radiotechnical aeronautical aeronautics astronautics missile missiles
	rocket space satellite nuclear engineering engineers unmanned drone drones uav central federation
	institution tactical shipyard special`)

// groupPhrases are the full names of the state conglomerates of
// groupWords, in canonical words: a subsidiary is listed under either ("CETC
// 38", "China Electronics Technology Group Corporation 38th Research
// Institute"), so the full name reads as the acronym. A legal form that
// ends the full name is left to be dropped.
var groupPhrases = []struct {
	words   []string
	acronym string
}{
	{strings.Fields("china electronics technology group"), "cetc"},
	{strings.Fields("china aerospace science and technology"), "casc"},
	{strings.Fields("china aerospace science and industry"), "casic"},
	{strings.Fields("aviation industry corporation of china"), "avic"},
	{strings.Fields("china state shipbuilding"), "cssc"},
	// CSIC merged into CSSC in 2019; BIS lists its institutes under both
	{strings.Fields("china shipbuilding industry"), "cssc"},
	{strings.Fields("chinese academy of science"), "cas"},
	{strings.Fields("china academy of engineering physics"), "caep"},
	{strings.Fields("china north industry group"), "norinco"},
	{strings.Fields("china communication construction"), "cccc"},
	{strings.Fields("islamic revolutionary guard corps"), "irgc"},
	{strings.Fields("china academy of space technology"), "cast"},
	{strings.Fields("china national nuclear"), "cnnc"},
}

// groupNames replaces the full names of groupPhrases by their acronyms.
func groupNames(ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		replaced := false
		for _, g := range groupPhrases {
			if i+len(g.words) <= len(ws) && slices.Equal(ws[i:i+len(g.words)], g.words) {
				if out == nil {
					out = slices.Clone(ws[:i])
				}
				out = append(out, g.acronym)
				i += len(g.words) - 1
				replaced = true
				break
			}
		}
		if !replaced && out != nil {
			out = append(out, ws[i])
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// groupWords are the acronyms of state conglomerates that prefix the names
// of hundreds of their subsidiaries ("AVIC Jiangxi Hongdu Aviation", "CETC
// 38th Research Institute"): within a name they say little more than
// "Group".
var groupWords = set(`avic cetc casc casic cas cssc csic norinco cnnc cgn cec cnpc sinopec caep cccc irgc cast
	rostec rosatom roscosmos uac usc`)

// placeWords are places that companies name themselves after ("Beijing ...
// Technology", "... (Tianjin) Co."). Like common words they weigh little, and
// two names that differ in their place are two firms.
var placeWords = set(`china chinese russia russian hong kong hk macau taiwan beijing shanghai shenzhen
	guangzhou nanjing chengdu wuhan tianjin suzhou xian hangzhou harbin kunshan hefei changsha
	xiamen qingdao dalian shenyang jinan zhengzhou chongqing dongguan ningbo fuzhou wuxi changzhou
	zhuhai foshan nanchang kunming guiyang lanzhou taiyuan shijiazhuang hebei henan hubei hunan
	anhui jiangsu zhejiang guangdong sichuan shaanxi shandong fujian liaoning jilin heilongjiang
	yunnan guizhou shanxi gansu xinjiang mianyang luoyang changchun urumqi hainan jiangxi guangxi
	moscow petersburg novosibirsk yekaterinburg kazan nizhny novgorod samara omsk perm ufa
	rostov krasnoyarsk voronezh volgograd tula kaluga tomsk izhevsk saratov ryazan tver bryansk
	ulyanovsk chelyabinsk sevastopol crimea crimean belarus belarusian minsk gomel ukraine kiev
	dubai uae emirates sharjah iran iranian tehran turkey turkish istanbul ankara pakistan
	pakistani karachi lahore islamabad rawalpindi singapore malaysia kuala lumpur india indian
	delhi mumbai armenia yerevan kazakhstan almaty uzbekistan tashkent kyrgyzstan bishkek syria
	damascus lebanon beirut germany german france french london uk britain england canada
	america american usa europe european asia asian`)

// stopWords carry no meaning in a name.
// "Named after" (Russian "imeni", "im.") introduces the person a firm
// honours: "Zelenodolsk Plant named after A.M. Gorky".
var stopWords = set(`and the of for a an ve named after imeni im`)

// particleWords are the articles, kinship words and titles of personal
// names (Al Joundi, bin Laden, Maulawi, Haji): they count very little.
var particleWords = set(`al el bin ibn abu abd haji hajji mohammad muhammad mohammed de da di la le van von der
	maulawi mawlawi maulvi mullah mulla sheikh shaikh dr mr mrs engineer`)

// Word kinds: how a word counts when it has no partner in the other name.
const (
	kindDistinct = iota // a word that tells firms apart: "huawei", "almaz"
	kindCommon          // "technology", "institute"
	kindPlace           // "beijing", "russia"
	kindNumber          // "718", "13"
	kindParticle        // "al", "bin", single letters
)

func kindOf(w string) int {
	switch {
	case isNumber(w):
		return kindNumber
	case placeWords[w]:
		return kindPlace
	case commonWords[w] || groupWords[w]:
		return kindCommon
	case particleWords[w] || len(w) == 1:
		return kindParticle
	}
	return kindDistinct
}

// kindWeight is how much a word of each kind counts in a score.
var kindWeight = [...]float64{kindDistinct: 1, kindCommon: 0.2, kindPlace: 0.2, kindNumber: 1, kindParticle: 0.15}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// canonical maps a word to the form it is compared in: an ordinal to its
// number ("159th" to "159"), a romanised Russian or Turkish word of
// organisation names to its English equivalent ("zavod" to "plant"), and
// plurals of common words to the singular.
func canonical(w string) string {
	if c, ok := synonyms[w]; ok {
		return c
	}
	// the Russian "limited liability" as BIS misspells it: "Organichennio
	// Otyetstvennostyu", "Ogrannichennoi"
	if len(w) >= 11 && (strings.HasPrefix(w, "ogran") || strings.HasPrefix(w, "organ")) && strings.Contains(w, "iche") {
		return "ogranichennoi"
	}
	if len(w) >= 14 && strings.HasPrefix(w, "ot") && strings.HasSuffix(w, "stvennostyu") {
		return "otvetstvennostyu"
	}
	if n := len(w); n > 2 && isNumber(w[:n-2]) {
		switch w[n-2:] {
		case "st", "nd", "rd", "th":
			return w[:n-2]
		}
	}
	return w
}

// synonyms are the words of organisation names that BIS gives both in
// English and romanised: the same firm appears as "Perm Machine Building
// Plant" and "Permskiy Zavod Mashinostroitel".
var synonyms = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(`plant: zavod zavody zavoda
		institute: institut instituta
		research: issledovatelskiy issledovatelsky issledovatelskii issledovatelskij
		research: scientific nauchno nauchnoe nauchny nauchnyi
		firm: firma
		production: proizvodstvennoe proizvodstvennoye proizvodstvennaya proizvodstvennyy proizvodstvennyi
		association: obedinenie obyedinenie obedineniye obyedineniye obedinenia
		enterprise: predpriyatie predpriyatiye predpriyatiya
		bureau: byuro
		design: konstruktorskoe konstruktorskoye konstruktorskoye
		center: tsentr centre
		concern: kontsern
		company: kompaniya sherkat sirketi companies
		corporation: korporatsiya korporatsii
		group: gruppa
		state: gosudarstvennoe gosudarstvennoye gosudarstvennyy gosudarstvennyi
		federal: federalnoe federalnoye federalnyy federalnyi
		academy: akademiya
		university: universitet
		technology: tekhnologii tekhnologiya tekhnologiy technologii technologies tech teck teknologii keji
		technology: technical tekhnicheskii tekhnicheskiy tekhnicheski tekhnicheskikh
		electronics: electronic
		industry: industrial
		international: intl
		trade: trading
		system: sistemy sistema sistem systems
		electronics: elektronika elektroniki elektronika
		machinebuilding: mashinostroitelny mashinostroitelnyi mashinostroitelnyy mashinostroitel mashinostroeniya mashinostroitelnogo mashinostroenie
		trade: ticaret tejarat
		industry: sanayi industries
		foreign: dis
		science: sciences
		service: services
		solution: solutions
		product: products
		instrument: instruments
		holding: holdings
		communication: communications
		network: networks
		material: materials
		circuit: circuits
		investment: investments
		chemical: chemicals
		plant: factory
		shipbuilding: sudostroitelny sudostroitelnyy sudostroitelnyi sudostroitelnogo
		shipyard: verf
		central: tsentralnoe tsentralnoye tsentralny tsentralnyy tsentralniy tsentralnyi
		marine: morskoi morskoy morskoj
		technology: tekhniki tekhnika tekhnologiy teknoloji teknolojileri teknolojisi
		research: issledovatelski issledovatelskogo
		testing: ispytatelny ispytatelnyy ispytatelniy
		ministry: ministerstvo ministerstva
		defense: oborony oboroni oborona
		military: voennoi voennyy voennaya voenny
		federation: federatsii federatsiya
		institution: uchrezhdenie uchrezhdeniye
		electromechanical: elektromekhanicheskii elektromekhanicheskiy elektromekhanicheski
		semiconductor: poluprovodniki poluprovodnikov semiconductors
		space: kosmicheskie kosmicheskiy kosmicheskikh
		instrument: priborov pribor pribory
		textile: tekstil textiles
		construction: insaat
		engineering: muhendislik
		unitary: unitarnoe unitarnoye
		aviation: aviatsionny aviatsionnyy aviatsionnyi aviatsionnoe aviatsionnyj
		repair: remontny remontnyy remontnyi remontnoe
		state: gosudarstvenny gosudarstvennaya
		unmanned: bespilotnye bespilotnyye bespilotnykh
		electronics: electronica elektronica
		cssc: csic
		instrument: priborostroeniya priborostroitelny priborostroitelnyy
		missile: raketny raketnyy raketnaya raketnoe
		power: silovye silovyye
		foundation: fond
		shipbuilding: sudostroitelnaya sudostroitelnoe
		optical: optiko opticheskiy opticheskie
		engineering: inzhenering inzhenerniy inzhenernyy inzhenernyi
		precision: tochnogo tochnoy
		military: voenno voenny voennoe
		microelectronics: weidianzi
		information: xinxi informatsionnye informatsionnyye informatsionnyy
		industry: shiye promyshlennaya promyshlennyy promyshlennoe
		science: nauki
		technology: tekhnicheskoe tekhnologicheskiy tekhnologicheskoe
		design: konstruktorsko konstrucktorskoe konstruktorskoye
		logistics: lodzhistiks
		trade: treyd
		manufactory: maufaktura manufaktura
		service: hizmetleri
		aviation: havacilik
		special: spetsialnoe spetsialnyy spetsialnoye
		machinebuilding: machinostroitelny
		mechanical: mekhanicheskiy mekhanicheskii mekhanicheskiy
		state: gosudarstvenoye
		apparatus: apparatostroeniya
		production: proizvodstvenno
		institute: inst
		shipyard: yard`, "\n") {
		to, from, _ := strings.Cut(line, ":")
		for _, w := range strings.Fields(from) {
			m[w] = strings.TrimSpace(to)
		}
	}
	return m
}()

// skeleton reduces a romanised word to a transliteration-neutral form, so
// that variants of the same Cyrillic or Chinese name compare equal:
// "Yevpatoriya" and "Evpatoria", "Tekhnologii" and "Technology", "Tsingke"
// and "Qingke". One pass from the left: consonant digraphs first (shch, sh,
// ch, kh, zh, ts, ph, th ...), then single letters (q, x, w, y, j, c), each
// output letter merging with the one before it where two vowels spell one
// sound (ou, ee, ia ...) or a letter doubles; a trailing "i" is dropped.
func skeleton(w string) string {
	if len(w) < 3 {
		return w
	}
	out := make([]byte, 0, len(w)+2)
	push := func(b byte) {
		if n := len(out); n > 0 {
			if v := vowelPair(out[n-1], b); v != 0 {
				out[n-1] = v
				return
			}
			if out[n-1] == b {
				return
			}
		}
		out = append(out, b)
	}
	for i := 0; i < len(w); {
		rep, n := digraph(w[i:])
		if n == 0 {
			switch c := w[i]; c {
			case 'q', 'c':
				rep = "k"
			case 'x':
				rep = "ks"
			case 'w':
				rep = "v"
			case 'y', 'j':
				rep = "i"
			default:
				push(c)
				i++
				continue
			}
			n = 1
		}
		for k := 0; k < len(rep); k++ {
			push(rep[k])
		}
		i += n
	}
	for len(out) > 1 && out[len(out)-1] == 'i' {
		out = out[:len(out)-1]
	}
	// a silent final e: "Salute" is "Salyut", "Malachite" "Malakhit"
	if n := len(out); n >= 5 && out[n-1] == 'e' && !isVowel(out[n-2]) {
		out = out[:n-1]
	}
	return string(out)
}

// digraph returns the replacement of the consonant digraph that starts s and
// its length, or 0.
func digraph(s string) (string, int) {
	if len(s) < 2 {
		return "", 0
	}
	if strings.HasPrefix(s, "shch") {
		return "s", 4
	}
	if strings.HasPrefix(s, "sch") {
		return "s", 3
	}
	switch s[:2] {
	case "sh":
		return "s", 2
	case "ch", "kh":
		return "h", 2
	case "zh":
		return "i", 2
	case "ts", "tz", "ck":
		return "k", 2
	case "ph":
		return "f", 2
	case "th":
		return "t", 2
	case "dh":
		return "d", 2
	case "gh":
		return "g", 2
	}
	return "", 0
}

// vowelPair returns the one vowel that a and b spell together, or 0.
func vowelPair(a, b byte) byte {
	switch string([]byte{a, b}) {
	case "ou", "oo", "iu":
		return 'u'
	case "ee", "ei", "ii":
		return 'i'
	case "ai", "ia":
		return 'a'
	case "ie":
		return 'e'
	case "io":
		return 'o'
	}
	return 0
}
