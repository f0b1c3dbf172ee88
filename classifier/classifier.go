// Package classifier decides what a document changes in US export controls
// on AI chips: labels (tier_change, quota_change, entity_addition,
// entity_removal, entity_revision, other_export_control), the countries whose
// parties or status change, every country named, the Entity List entries, and
// the sentences or table rows that show why. It reads English and German and
// does no I/O: every table is compiled into the Classifier by New.
//
// The rules follow shared/domain/export-controls.md (how a document is
// labelled) and shared/domain/glossary.md (terms, country names and traps).
// Where structure is exact (AMDPAR instructions, Supplement No. 4 rows) the
// rules decide alone. A learned linear model (model.go, trained by
// `go run ./classifier/internal/train`) adds the labels the rules miss; each
// such label carries the sentence that weighs most for it as evidence.
// Outside an agency's own register it also withdraws a label the rules read
// from a sentence when it finds no support for it in the whole document. A
// second learned model (countrymodel.go) reads each country mention in
// context and adds the parties' countries the rules miss. Both models are
// retrained together, and whenever the rules change (the country model
// reads the rules' output): TestModelReproducible and
// TestCountryModelReproducible say when.
package classifier

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
)

// Version names the rule set; it is stored with every classification and
// bumped whenever the rules change.
const Version = "rules-50+model-73"

// threshold is the score from which a label is given.
const threshold = 0.5

// Input is what the classifier reads of a document. Lang is "en", "de" or ""
// (detected). Regtext carries the amendatory structure of Federal Register
// full-text XML (AMDPAR instructions and GPOTABLE rows).
type Input struct {
	ID, Title, Abstract, Text, Lang string
	Regtext                         []doc.Regtext
}

// FromDocument builds the Input of a stored or fetched document.
func FromDocument(d doc.Document) Input {
	return Input{ID: d.ID, Title: d.Title, Abstract: d.Abstract, Text: d.Body, Lang: d.Language, Regtext: d.Regtext}
}

// entry is what one lexicon phrase means.
type entry struct {
	kind   kind
	codes  []string // countries (kCountry)
	exact  string   // case-sensitive: the original text must equal this
	stem   bool     // no word boundary required after the phrase
	metro  bool     // metonym: a capital city
	ambig  bool     // ambiguous country name
	deOnly bool     // German texts only
	city   bool     // a city: counts only for the parties of an Entity List action
}

// Classifier holds the compiled lexicons. It is safe for concurrent use.
type Classifier struct {
	ac      *automaton
	entries [][]entry // pattern id -> meanings
	model   *learn.Model
	cmodel  *learn.Model // the country model (countrymodel.go)
	// modelMin is the probability from which the model adds a label
	// (modelThreshold; TestRealKFold varies it).
	modelMin float64
	// countryMin is the probability from which the country model adds a
	// country (countryMin; TestRealKFold varies it).
	countryMin float64
	// vetoMin is the model probability below which a label the rules gave
	// from sentences is withdrawn (modelVeto; TestRealKFold varies it).
	vetoMin float64
	// vetoOther is vetoMin for other_export_control (modelVetoOther).
	vetoOther float64
	// actionMin is the model's probability of any action below which a
	// document's sentence labels are withdrawn (modelAction).
	actionMin float64
	// noContextMin is the model probability of a label from which the
	// model reads a document that names no export control at all
	// (modelNoContext).
	noContextMin float64
}

// New compiles the country and cue lexicons and loads the embedded
// models. It does no I/O.
func New() *Classifier {
	c := withoutModels()
	c.model, c.cmodel = loadModel(), loadCountryModel()
	return c
}

// withoutModels compiles the lexicons with the committed thresholds and no
// models: the rules alone, or a classifier that training gives its own
// models (the embedded ones may be of an older shape).
func withoutModels() *Classifier {
	c := &Classifier{modelMin: modelThreshold, countryMin: countryMin, vetoMin: modelVeto, vetoOther: modelVetoOther, actionMin: modelAction, noContextMin: modelNoContext}
	ids := map[string]int{}
	var patterns []string
	put := func(p string, e entry) {
		id, ok := ids[p]
		if !ok {
			id = len(patterns)
			ids[p] = id
			patterns = append(patterns, p)
			c.entries = append(c.entries, nil)
		}
		c.entries[id] = append(c.entries[id], e)
	}
	var names []genitive // plain country names, for their genitives
	add := func(variant string, e entry) {
		v := strings.TrimSpace(variant)
		if v == "" {
			return
		}
		for len(v) > 0 {
			switch v[0] {
			case '=':
				e.exact = strings.TrimSuffix(v[1:], "*")
			case '~':
				e.metro = true
			case '?':
				e.ambig = true
			case '@':
				e.city = true
			case '^':
				e.deOnly = true
				e.exact = strings.TrimSuffix(v[1:], "*")
			default:
				goto done
			}
			v = v[1:]
		}
	done:
		if strings.HasSuffix(v, "*") {
			e.stem = true
			v = strings.TrimSuffix(v, "*")
		}
		p := lower(normalize(v))
		put(p, e)
		if q, ok := hyphenatedCompound(p); ok && e.kind != kCountry && e.exact == "" {
			put(q, e)
		}
		if e.kind == kCountry && !e.stem && !e.metro && !e.ambig && !e.city && !e.deOnly && e.exact == "" {
			names = append(names, genitive{p, e})
		}
	}
	for _, line := range strings.Split(countryTable, "\n") {
		codes, variants, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		codes = strings.TrimSpace(codes)
		e := entry{kind: kCountry}
		if codes == "-" {
			e.kind = kBlock
		} else {
			e.codes = strings.Split(codes, ",")
		}
		for _, v := range strings.Split(variants, ";") {
			add(v, e)
		}
	}
	for _, n := range names {
		if g, ok := genitiveOf(n.name); ok {
			if _, listed := ids[g]; !listed {
				put(g, n.e)
			}
		}
	}
	for k, list := range cueTable {
		for _, v := range strings.Split(list, ";") {
			add(v, entry{kind: k})
		}
	}
	c.ac = newAutomaton(patterns)
	return c
}

// genitive is a plain country name and its entry.
type genitive struct {
	name string
	e    entry
}

// genitiveOf returns the German genitive of a country name ("Georgiens",
// "Mexikos", "Saudi-Arabiens"): the table lists the common ones, and press
// writes any. Names ending in a sibilant take none; "america" and "turkey"
// would read as "the Americas" and the birds.
func genitiveOf(name string) (string, bool) {
	if len(name) < 4 || strings.ContainsAny(name[len(name)-1:], "sxzß.") || name == "america" || name == "turkey" {
		return "", false
	}
	return name + "s", true
}

// compoundHeads start German compounds that press also writes with a
// hyphen ("Export-Kontrollliste", "Handels-Blacklist", "Chip-Obergrenzen").
var compoundHeads = []string{"export", "ausfuhr", "handels", "sanktions", "lizenz", "chip", "halbleiter"}

// hyphenatedCompound returns a lexicon compound as lowered text reads it
// when written with a hyphen after its head ("exportkontrollliste" ->
// "export kontrollliste"; lowering turns '-' into ' ').
func hyphenatedCompound(p string) (string, bool) {
	if strings.ContainsAny(p, " .") {
		return "", false
	}
	for _, h := range compoundHeads {
		if rest, ok := strings.CutPrefix(p, h); ok && len(rest) >= 4 {
			return h + " " + rest, true
		}
	}
	return "", false
}

// hit is one accepted lexicon match.
type hit struct {
	start, end int
	e          *entry
}

// sentence is one sentence with the hits inside it.
type sentence struct {
	span
	title bool
	sales int8 // allowsSales, read once: 0 not yet, 1 no, 2 yes
	hits  []hit
	has   [numKinds]int32 // count per kind (int32: a sentence is allocated per sentence of every document)
}

func (s *sentence) any(k kind) bool { return s.has[k] > 0 }

// doc-wide state of one Classify call.
type state struct {
	norm, low string
	lang      string
	hasBody   bool // abstract or text present: titles only support
	sents     []sentence
	countries []hit // resolved country hits, in order
	// correction: the title announces a correction of an earlier rule.
	correction bool
	// partySent marks sentences about another list (UVL, SDN, China's
	// lists): their countries are those of the parties named.
	partySent map[int]bool
	// owner is the country, other than the US, whose own measure the
	// document reports (actor.go); set by affected.
	owner          string
	foreignMeasure bool   // the document reports a measure of a country other than the US
	measureOwner   string // that country, whether or not its measure lists parties
	// hedge caches, per sentence, whether it holds a hedge word
	// (hedgeWords): 0 not yet looked at, 1 no, 2 yes.
	hedge []int8
	// described caches describedFramework: 0 not yet, 1 no, 2 yes.
	described int8
	// renewal caches renewalDoc: 0 not yet, 1 no, 2 yes.
	renewal int8
	// Per-document gates of sentence readings, so that a phrase the whole
	// document lacks is not looked for in each sentence (docPhrase): a
	// renewal, "sanction" or a verb of slapping or hitting, a status.
	renewWords, imposeWords, statusWords int8
	// staticTitle caches explainerTitle or noChangeTitle: 0 not yet, 1 no, 2 yes.
	staticTitle int8
	// docEL: the document names the US Entity List (for "die Liste");
	// otherList: it names another list; usAndCommerce: Commerce or
	// export context anywhere (for "schwarze Liste").
	docEL, otherList, usAndCommerce bool
	// fr caches the Federal Register readings of fr.go per sentence.
	fr frCache
}

// Classify labels one document. Labels come in doc.Labels order, Scores
// hold one score in [0,1] per label given, Countries and Mentions are sorted
// unique ISO 3166-1 alpha-2 codes.
func (c *Classifier) Classify(in Input) doc.Classification {
	st := c.prepare(in)
	ev := newEvidence()
	ev.st = st
	if !st.offDomain() {
		st.entityRules(ev)
		st.tierRules(ev)
		st.quotaRules(ev)
		st.otherRules(ev)
		c.learned(st, ev)
		st.briefingOnly(ev)
	}

	entities, rows := extractEntities(c, in.Regtext)
	for i, e := range entities {
		ev.addEntity(e, rows[i])
	}

	out := doc.Classification{
		Labels:    []string{},
		Scores:    map[string]float64{},
		Countries: []string{},
		Mentions:  []string{},
		Entities:  entities,
		Evidence:  []doc.Evidence{},
		Language:  st.lang,
		Version:   Version,
	}
	if out.Entities == nil {
		out.Entities = []doc.Entity{}
	}
	for _, l := range doc.Labels {
		s := ev.score(l)
		if s < threshold {
			continue
		}
		out.Labels = append(out.Labels, l)
		out.Scores[l] = round2(s)
		for _, t := range ev.texts(l, 3) {
			out.Evidence = append(out.Evidence, doc.Evidence{Label: l, Text: t})
		}
	}
	out.Mentions = st.mentions()
	if len(out.Labels) > 0 {
		out.Countries = c.countriesWithModel(st, out.Labels, st.affected(ev, out.Labels, entities))
		if len(out.Countries) == 0 && !st.hasBody {
			out.Countries = st.regimeInHeadline()
		}
	}
	return out
}

// regimeInHeadline returns, for a headline alone that got labels but no
// country, the countries named as a German compound's modifier of a
// sanctions or embargo noun ("EU-Gipfel stimmt neuen
// Russland-Sanktionen zu", "Iran-Embargo"): the regime's target, which a
// headline names in no other way. Documents with a body name the parties
// (ZTE under the "Iran-Sanktionen" is China's), so only headlines.
func (st *state) regimeInHeadline() []string {
	set := map[string]bool{}
	for i := range st.sents {
		s := &st.sents[i]
		for _, h := range s.hits {
			if h.e.kind != kCountry || h.e.metro || h.e.ambig || h.e.city || !st.compoundModifier(h) {
				continue
			}
			head := nextWord(st.low, h.end+1, len(st.low))
			if !strings.HasPrefix(head, "sanktion") && !strings.HasPrefix(head, "embargo") {
				continue
			}
			for _, c := range h.e.codes {
				if c != "US" && c != st.owner {
					set[c] = true // "US-Sanktionen" are the US's own
				}
			}
		}
	}
	return sortedKeys(set)
}

// offDomain reports a document of another agency's field (air quality,
// import permits, fisheries) that names no export-control instrument: its
// "sanctions clock", "thresholds" and "guidance" are not export controls.
func (st *state) offDomain() bool {
	if !st.docHas(kOffDomain) {
		return false
	}
	bis := hasPhrase(st.low, "bureau of industry and security") || hasPhrase(st.low, "export administration regulations")
	if hasPhrase(st.low, "uflpa") || hasPhrase(st.low, "forced labor prevention act") {
		return !bis // the UFLPA Entity List bars imports, not exports
	}
	return !st.docHas(kEAR) && !st.docHas(kEL) && !st.docHas(kQuotaStrong) && !st.docHas(kFramework) &&
		!st.docHas(kDistractor) && !bis && !hasPhrase(st.low, "export control")
}

func round2(f float64) float64 {
	if f > 1 {
		f = 1
	}
	return float64(int(f*100+0.5)) / 100
}

// prepare normalizes the text, finds sentences and lexicon hits.
func (c *Classifier) prepare(in Input) *state {
	title := normalize(in.Title)
	body := normalize(in.Abstract)
	if t := normalize(in.Text); t != "" {
		if body != "" {
			body += "\n" + t
		} else {
			body = t
		}
	}
	norm := title
	titleEnd := len(title)
	if body != "" {
		if norm != "" {
			norm = title + "\n" + body // one copy of the body, not two
		} else {
			norm = body
		}
	}
	st := &state{norm: norm, low: lower(norm), hasBody: body != "", partySent: map[int]bool{}}
	st.correction = hasPhrase(strings.ToLower(title), "correction")
	st.lang = in.Lang
	if st.lang == "" {
		st.lang = detectLanguage(st.low)
	}
	spans := sentences(norm, 0, make([]span, 0, len(norm)/100+4))
	st.sents = make([]sentence, len(spans))
	for i, sp := range spans {
		st.sents[i] = sentence{span: sp, title: sp.start < titleEnd && titleEnd > 0}
	}

	hits := make([]hit, 0, len(st.low)/16+8)
	c.ac.scan(st.low, func(m match) {
		for i := range c.entries[m.pat] {
			e := &c.entries[m.pat][i]
			if !e.stem && !boundaryAfter(st.low, m.end) {
				continue
			}
			if e.exact != "" && !strings.HasPrefix(norm[m.start:], e.exact) {
				continue
			}
			if e.deOnly && st.lang != "de" {
				continue
			}
			hits = append(hits, hit{start: m.start, end: m.end, e: e})
		}
	})
	// Countries: leftmost-longest among country names and blockers. Hits
	// come ordered by start, and by end within one start.
	cues := hits[:0] // filtered in place: cues never overtake the hit being read
	lastEnd := -1
	for k, h := range hits {
		if h.e.kind != kCountry && h.e.kind != kBlock {
			cues = append(cues, h)
			continue
		}
		if h.start < lastEnd || longerAt(hits[k+1:], h) {
			continue
		}
		lastEnd = h.end
		if h.e.kind == kCountry {
			st.countries = append(st.countries, h)
			cues = append(cues, h)
		}
	}
	// Assign hits to sentences (both lists are ordered by start): each
	// sentence's hits are a sub-slice of one array.
	si := 0
	kept := cues[:0]
	for _, h := range cues {
		for si < len(st.sents) && h.start >= st.sents[si].end {
			si++
		}
		if si == len(st.sents) {
			break
		}
		if h.start < st.sents[si].start {
			continue
		}
		kept = append(kept, h)
		st.sents[si].has[h.e.kind]++
	}
	lo := 0
	for i := range st.sents {
		s := &st.sents[i]
		hi := lo
		for hi < len(kept) && kept[hi].start < s.end {
			hi++
		}
		s.hits = kept[lo:hi:hi]
		lo = hi
		if s.has[kAdd] > 0 && st.lang == "de" {
			st.dropBareComes(s)
		}
	}
	return st
}

// dropBareComes removes the German verbs of coming ("kommen", "kamen")
// that do not come onto a list ("in Berührung kommen", "kommen aus
// China"): only "kamen 7 Unternehmen ... auf die schwarze Liste" lists.
func (st *state) dropBareComes(s *sentence) {
	var lists []listHit
	for _, h := range s.hits {
		switch h.e.kind {
		case kEL, kELGeneric, kDistractor, kListRef:
			lists = append(lists, listHit{hit: h})
		}
	}
	var out []hit
	for k, h := range s.hits {
		if h.e.kind == kAdd && comes(st.low[h.start:h.end]) && !st.comesOntoList(s, h, lists) {
			if out == nil {
				out = append(make([]hit, 0, len(s.hits)), s.hits[:k]...)
			}
			s.has[kAdd]--
			continue
		}
		if out != nil {
			out = append(out, h)
		}
	}
	if out != nil {
		s.hits = out
	}
}

// longerAt reports a longer country name or blocker starting where h starts.
func longerAt(rest []hit, h hit) bool {
	for _, o := range rest {
		if o.start != h.start {
			return false
		}
		if (o.e.kind == kCountry || o.e.kind == kBlock) && o.end > h.end {
			return true
		}
	}
	return false
}

func (st *state) text(s *sentence) string {
	return truncate(strings.TrimSpace(st.norm[s.start:s.end]), 500)
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// evidence accumulates weighted evidence per label.
type evidence struct {
	items map[string][]evItem
	st    *state
}

type evItem struct {
	w     float64
	text  string
	sent  int  // sentence index, -1 for table rows
	title bool // from the title of a document that has a body
}

func newEvidence() *evidence {
	return &evidence{items: map[string][]evItem{}}
}

func (ev *evidence) add(label string, w float64, text string, sent int) {
	title := sent >= 0 && ev.st != nil && ev.st.sents[sent].title && ev.st.hasBody
	ev.addItem(label, evItem{w: w, text: text, sent: sent, title: title})
}

// withdraw drops the sentence evidence of a label (table rows stay).
func (ev *evidence) withdraw(label string) {
	ev.items[label] = slices.DeleteFunc(ev.items[label], func(it evItem) bool { return it.sent >= 0 })
}

func (ev *evidence) addItem(label string, item evItem) {
	w, text := item.w, item.text
	if w <= 0 {
		return
	}
	for i, it := range ev.items[label] {
		if it.text == text {
			if w > it.w {
				ev.items[label][i].w = w
			}
			return
		}
	}
	ev.items[label] = append(ev.items[label], item)
}

// score combines the evidence of a label as 1 - Π(1 - w). Title evidence of
// a document with a body only supports an Entity List label: it counts when
// the body itself gives evidence of at least threshold weight (titles such
// as "Revisions to the Entity List" mislead).
func (ev *evidence) score(label string) float64 {
	items := ev.items[label]
	body := false
	for _, it := range items {
		if !it.title && it.w >= threshold {
			body = true
		}
	}
	counts := func(it evItem) bool {
		return !it.title || body || !strings.HasPrefix(label, "entity_")
	}
	m := 1.0
	for _, it := range items {
		if counts(it) {
			m *= 1 - it.w
		}
	}
	if 1-m < threshold {
		return 1 - m
	}
	// Speculation, calls and hopes ("USA erwägen Obergrenzen", "denkt
	// darüber nach", "urged Commerce to add") told twice are still no
	// action: hedged evidence alone stays below the threshold. (Read only
	// for a label that would be given: hedges read the title and lead.)
	for _, it := range items {
		if counts(it) && !ev.hedged(it) {
			return 1 - m
		}
	}
	return hedgedMax
}

// hedgedMax is the score of a label that only hedged sentences speak for.
const hedgedMax = 0.45

// hedged reports evidence from a sentence that calls for, weighs or
// speculates about an action (kNeg) rather than reporting one.
func (ev *evidence) hedged(it evItem) bool {
	st := ev.st
	if st == nil || it.sent < 0 || it.sent >= len(st.sents) {
		return false
	}
	if st.hedgedTitle() {
		return true
	}
	// A strong item from a kNeg sentence without a hedge word was kept
	// strong by its rule on purpose ("removed from the UVL after they were
	// added to the Entity List": history beside the action, not a hedge).
	return st.sents[it.sent].any(kNeg) && (it.w < threshold || st.hedges(it.sent))
}

// hedgedTitle reports a document whose title only weighs, hopes for or
// calls for an action ("USA erwägen Exportbeschränkungen", "Poland hopes
// Trump will reverse ..."): the news is in the title, so its body is
// background to a non-action however firmly it is worded.
func (st *state) hedgedTitle() bool {
	if !st.hasBody || len(st.sents) == 0 || !st.sents[0].title {
		return false
	}
	if st.staticTitle == 0 {
		st.staticTitle = 1
		title, lead := st.head(0), ""
		if len(st.sents) > 1 && !st.sents[1].title {
			lead = st.head(1)
		}
		tw, lw := letterWords(title), letterWords(lead)
		if explainerTitle(tw) || referenceTitle(tw) || overviewLead(tw, lw) || noChangeTitle(tw) || plannedOnly(tw, lw) || commentRequest(title, lead) || tradeDispute(tw) {
			st.staticTitle = 2
		}
	}
	return st.staticTitle == 2 || st.hedges(0)
}

// head returns the lowered start of sentence i, at most headLen bytes: a
// title or lead is read for how it opens, and a sentence the splitter left
// long (a table, a list of names) costs no more than its opening.
func (st *state) head(i int) string {
	s := st.sents[i]
	end := min(s.end, s.start+headLen)
	for end < s.end && end > s.start && st.low[end]&0xC0 == 0x80 {
		end-- // on a rune boundary
	}
	return st.low[s.start:end]
}

// letterWords splits lowered text into its words of letters.
func letterWords(t string) []string {
	if t == "" {
		return nil
	}
	words := make([]string, 0, len(t)/6+1)
	start := -1
	for i := 0; i < len(t); {
		c, n := rune(t[i]), 1
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if c >= utf8.RuneSelf {
			c, n = utf8.DecodeRuneInString(t[i:])
			letter = unicode.IsLetter(c)
		}
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			words = append(words, t[start:i])
			start = -1
		}
		i += n
	}
	if start >= 0 {
		words = append(words, t[start:])
	}
	return words
}

// headLen is how much of a title or lead head reads.
const headLen = 400

// explainerTitle reports the title of a guide, an FAQ, an overview or a
// webinar ("What Every Business Needs to Know", "IHK-Leitfaden", "im
// Überblick"): such a document describes standing rules, so its firm
// present tense reports no change. A title that names something new ("New
// chip rules: what companies should know", "Neue US-Regeln im Überblick")
// is a news item explained, and keeps its labels.
func explainerTitle(words []string) bool {
	explainer := false
	for i, w := range words {
		switch {
		case newWords[w]:
			return false
		case explainerWords[w]:
			explainer = true
		case (w == "know" || w == "wissen") && i > 0 && knowHeads[words[i-1]]:
			explainer = true // "need to know", "should know", "wissen sollte" comes below
		case (w == "sollte" || w == "sollten" || w == "müssen" || w == "muss") && i > 0 && words[i-1] == "wissen":
			explainer = true
		case w == "how" && i+1 < len(words) && words[i+1] == "to":
			explainer = true
		}
	}
	return explainer
}

// referenceTitle reports the title of a reference page: an overview, a
// glossary, an introduction to a body of law or a "what is" question
// ("What Is the U.S. Entity List?", "Kurzübersicht zum Chinesischen
// Exportkontrollrecht", "US-Exportkontrolle: Einführung in das
// US-Exportkontrollrecht"). Its body tells rules in force. Read in titles
// only: a lead or an abstract names an overview or a definition section as
// often as not ("in einer Übersicht über die Sanktionen").
func referenceTitle(words []string) bool {
	if len(words) > 1 && (words[0] == "what" && (words[1] == "is" || words[1] == "are") || words[0] == "was" && (words[1] == "ist" || words[1] == "sind")) {
		return true
	}
	for i, w := range words {
		switch {
		case newWords[w]:
			return false
		case referenceWords[w]:
			return true
		case i > 0 && (w == "to" && words[i-1] == "introduction" || w == "in" && words[i-1] == "einführung"):
			return true // not "Einführung von Exportkontrollen"
		}
	}
	return false
}

// tradeDispute reports a title about a WTO dispute ("China Launches WTO
// Dispute Over U.S. Chip Export Controls", "Südkorea beantragt WTO-Panel
// wegen Japans Exportbeschränkungen"): a complaint, a panel or a ruling
// about controls in force changes none of them, as a court case does not.
func tradeDispute(words []string) bool {
	wto, dispute := false, false
	for _, w := range words {
		switch {
		case w == "wto" || w == "welthandelsorganisation":
			wto = true
		case disputeWords[w]:
			dispute = true
		}
	}
	return wto && dispute
}

// disputeWords name a trade dispute's steps.
var disputeWords = map[string]bool{"dispute": true, "disputes": true, "complaint": true, "complaints": true, "panel": true, "case": true,
	"streit": true, "streitfall": true, "beschwerde": true, "klage": true, "verklagt": true, "schlichtung": true, "streitschlichtung": true,
	"streitbeilegung": true, "streitschlichtungsverfahren": true}

// referenceWords name a reference page in a title.
var referenceWords = map[string]bool{"overview": true, "übersicht": true, "kurzübersicht": true, "glossary": true, "glossar": true}

// overviewLead reports a lead that opens a guide or an overview ("Das
// Wichtigste im Überblick: ...", "This guide explains ...") under a title
// that names nothing new.
func overviewLead(title, lead []string) bool {
	for _, w := range title {
		if newWords[w] {
			return false
		}
	}
	return explainerTitle(lead)
}

// explainerWords name a guide, an overview or a course in a title.
var explainerWords = map[string]bool{
	"leitfaden": true, "überblick": true, "ratgeber": true, "grundlagen": true, "merkblatt": true,
	"faq": true, "faqs": true, "guide": true, "primer": true, "explainer": true, "webinar": true,
	"checklist": true, "checkliste": true,
}

// knowHeads precede "know" in an explainer title ("need to know", "should
// know", "must know").
var knowHeads = map[string]bool{"to": true, "should": true, "must": true}

// newWords mark a title about a new measure: an explainer of it reports the
// change.
var newWords = map[string]bool{"new": true, "latest": true, "neue": true, "neuen": true, "neuer": true, "neues": true, "final": true}

// noChangeTitle reports a title that says a party or measure stays as it
// was ("Biden-Regierung belässt Huawei auf der schwarzen Liste", "US keeps
// Huawei on Entity List", "Huawei remains on blacklist"): the news is that
// nothing changed.
func noChangeTitle(words []string) bool {
	for _, w := range words {
		if titleChangeVerbs[w] {
			return false // "keeps Huawei on the list but eases its licences": a change beside
		}
	}
	for i, w := range words {
		if keepWords[w] {
			return true
		}
		if (w == "remains" || w == "remain" || w == "stays" || w == "bleibt" || w == "bleiben") && i+1 < len(words) && (words[i+1] == "on" || words[i+1] == "auf") {
			return true
		}
		if (w == "keeps" || w == "keep") && i+2 < len(words) && slices.Contains(words[i+1:min(i+5, len(words))], "on") {
			return true
		}
	}
	return false
}

// plannedOnly reports an infinitive headline ("US to Cap Amount of Korean
// Chips Made in China", "U.S. to remove some Chinese entities ... soon")
// whose lead tells a plan, not a decision ("is getting ready to", "is
// preparing", "intends to"): the headline announces what the lead says is
// still being prepared. An infinitive headline whose lead reports a deal or
// an action keeps its labels.
func plannedOnly(title, lead []string) bool {
	infinitive := false
	for j := 1; j < len(title) && j < 6; j++ {
		if title[j] == "to" && (headlineActors[title[j-1]] || j >= 2 && intentVerbs[title[j-1]] && headlineActors[title[j-2]]) {
			infinitive = true
			break
		}
	}
	if !infinitive {
		return false
	}
	for _, w := range lead {
		if planWords[w] {
			return true
		}
	}
	return false
}

// headlineActors are the subjects of an infinitive headline ("US to ...",
// "Commerce to ...").
var headlineActors = map[string]bool{"us": true, "s": true, "usa": true, "washington": true, "commerce": true, "administration": true,
	"government": true, "biden": true, "trump": true, "bis": true, "america": true, "house": true}

// intentVerbs make an infinitive headline of an actor's intention ("Trump
// administration plans to lift AI export restrictions").
var intentVerbs = map[string]bool{"plans": true, "intends": true, "prepares": true, "aims": true, "wants": true, "seeks": true}

// planWords tell, in a lead, that a measure is being prepared rather than
// taken.
var planWords = map[string]bool{"preparing": true, "prepares": true, "ready": true, "intends": true, "intend": true,
	"planning": true, "plans": true, "draft": true, "likely": true, "might": true, "considering": true, "weighing": true}

// titleChangeVerbs report a change in a title beside what stays.
var titleChangeVerbs = map[string]bool{
	"adds": true, "add": true, "removes": true, "remove": true, "revises": true, "eases": true, "lifts": true, "extends": true, "tightens": true, "expands": true,
	"setzt": true, "setzen": true, "streicht": true, "streichen": true, "lockert": true, "lockern": true, "verschärft": true, "verschärfen": true, "erweitert": true, "erweitern": true,
}

// commentRequest reports a notice that only asks for comments on controls
// in force ("Request for Comments on Future Extensions of Temporary General
// License", "BIS is seeking public comments on the effect of existing
// foreign policy-based export controls"): the request changes nothing. A
// request about proposed controls, or one beside an amendment or an
// extension, reports them.
func commentRequest(title, lead string) bool {
	if !hasPhrase(title, "comment") && !hasPhrase(lead, "comment") {
		return false // every request phrase below names comments
	}
	request := strings.HasPrefix(title, "request for comments") || strings.HasPrefix(title, "request for public comments")
	for _, p := range []string{"seeking public comments", "seeking comments", "requesting comments", "requesting public comments", "requests comments", "requests public comments"} {
		request = request || hasPhrase(lead, p)
	}
	if !request {
		return false
	}
	for _, w := range []string{"propos", "amend", "extends", "extension of", "revis", "adds", "removes", "imposes"} {
		if hasPhrase(title, w) || hasPhrase(lead, w) {
			return false
		}
	}
	return true
}

// keepWords say that a measure or a listing is left as it was.
var keepWords = map[string]bool{"belässt": true, "belassen": true, "beibehalten": true, "behält": true}

// hedges reports a sentence with a word of hedgeWords.
func (st *state) hedges(i int) bool {
	if st.hedge == nil {
		st.hedge = make([]int8, len(st.sents))
	}
	if st.hedge[i] == 0 {
		st.hedge[i] = 1
		t := st.low[st.sents[i].start:st.sents[i].end]
		planned := false // only "geplant", "vorgeschlagen": words of the object
		words := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
		for j, w := range words {
			if next := hedgePhrases[w]; next != "" && j+1 < len(words) && hasPhrase(next, " "+words[j+1]+" ") {
				st.hedge[i] = 2
				break
			}
			if possibleMeasure(words, j) {
				st.hedge[i] = 2
				break
			}
			if hedgeWords[w] {
				if !plannedWords[w] {
					st.hedge[i] = 2
					break
				}
				planned = true
			}
		}
		if st.hedge[i] == 1 && planned && !st.withdrawn(i) {
			st.hedge[i] = 2
		}
	}
	return st.hedge[i] == 2
}

// plannedWords describe a measure not yet adopted ("die geplanten
// Exportbeschränkungen"): a hedge unless the measure is withdrawn.
var plannedWords = map[string]bool{"geplant": true, "geplante": true, "geplanten": true, "geplanter": true,
	"vorgeschlagen": true, "vorgeschlagene": true, "vorgeschlagenen": true}

// withdrawn reports a sentence that withdraws or rescinds (kRescind) what
// it names, or a title whose lead does: "Die USA haben die geplanten
// Exportbeschränkungen zurückgenommen" reports an action, however planned
// the measure was.
func (st *state) withdrawn(i int) bool {
	if st.sents[i].any(kRescind) {
		return true
	}
	return st.sents[i].title && i+1 < len(st.sents) && !st.sents[i+1].title && st.sents[i+1].any(kRescind)
}

// hedgeWords are the words of a sentence (a headline above all) that
// reports no action but a wish, a call or a deliberation: calls (urge,
// fordern, drängen), hopes, deliberation (weigh, mull, consider, erwägen),
// German speculation (könnte) and measures not yet adopted (geplant,
// vorgeschlagen). Intentions ("to add", "will", "plant") are left out:
// press announces real actions with them; so is English "could", which
// headlines use in a second clause ("Defend New Controls, Say Trump Could
// Make Changes"). "Might" is kept: it tells only a possibility ("easing
// might be announced soon"), never a decision.
var hedgeWords = map[string]bool{
	"urge": true, "urges": true, "urged": true, "urging": true,
	"hope": true, "hopes": true, "hoping": true,
	"weigh": true, "weighs": true, "weighing": true, "mull": true, "mulls": true, "mulling": true,
	"consider": true, "considers": true, "considering": true,
	"erwägen": true, "erwägt": true, "erwogen": true,
	"könnte": true, "könnten": true,
	"fordern": true, "fordert": true, "drängen": true, "drängt": true,
	"hofft": true, "hoffen": true,
	"diskutiert": true, "diskutieren": true, "debattiert": true, "debattieren": true,
	"might": true, "poised": true, "contemplate": true, "contemplates": true, "contemplating": true, "wants": true,
	"geplant": true, "geplante": true, "geplanten": true, "geplanter": true, "vorgeschlagen": true, "vorgeschlagene": true, "vorgeschlagenen": true,
}

// hedgePhrases are hedges of two words: a call ("calls for a ban") or a
// push ("lawmakers push to curb"), whose first word alone is a noun as often
// ("phone calls", "the push"). The value lists the second words, each
// between spaces.
var hedgePhrases = map[string]string{
	"call": " for ", "calls": " for ", "calling": " for ", "called": " for ",
	"push": " to for ", "pushes": " to for ", "pushing": " to for ",
}

// possibleMeasure reports "potential" or "mögliche" before a measure
// within three words ("Potential U.S. Restrictions on AI Memory Chips",
// "mögliche Exportbeschränkungen"): a measure not taken. "Over potential
// diversion" names a risk, not a measure, and is no hedge.
func possibleMeasure(words []string, j int) bool {
	if !possibleWords[words[j]] {
		return false
	}
	for k := j + 1; k < len(words) && k <= j+3; k++ {
		if measureNouns[words[k]] {
			return true
		}
	}
	return false
}

// possibleWords call a measure possible, not taken.
var possibleWords = map[string]bool{"potential": true, "possible": true, "mögliche": true, "möglichen": true, "möglicher": true, "mögliches": true}

// measureNouns are the measures press calls possible.
var measureNouns = map[string]bool{
	"restrictions": true, "restriction": true, "curbs": true, "controls": true, "ban": true, "sanctions": true, "limits": true, "caps": true, "rules": true, "blacklisting": true,
	"beschränkungen": true, "exportbeschränkungen": true, "sanktionen": true, "exportverbot": true, "exportkontrollen": true, "maßnahmen": true, "obergrenzen": true,
}

// texts returns the strongest evidence texts of a label, in document order.
func (ev *evidence) texts(label string, n int) []string {
	items := append([]evItem(nil), ev.items[label]...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].w > items[j].w })
	if len(items) > n {
		items = items[:n]
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.text
	}
	return out
}

// strongSentences maps each sentence that is evidence (at threshold or
// above) to one of its labels, or to "+" when it speaks for several.
func (ev *evidence) strongSentences() map[int]string {
	out := map[int]string{}
	for label, items := range ev.items {
		for _, it := range items {
			if it.sent < 0 || it.w < threshold {
				continue
			}
			if prev, ok := out[it.sent]; ok && prev != label {
				out[it.sent] = "+"
			} else {
				out[it.sent] = label
			}
		}
	}
	return out
}

// rejected reports whether the rules read sentence i for label l and gave
// it less than threshold: history, a hypothesis, a call or another list.
func (ev *evidence) rejected(i int, l string) bool {
	for _, it := range ev.items[l] {
		if it.sent == i && it.w < threshold {
			return true
		}
	}
	return false
}

// sentences of a label (for countries).
func (ev *evidence) sentences(label string) []int {
	var out []int
	for _, it := range ev.items[label] {
		if it.sent >= 0 && it.w >= 0.3 {
			out = append(out, it.sent)
		}
	}
	return out
}

// addEntity records an Entity List entry read from the rule text, with the
// table row or instruction clause as evidence.
func (ev *evidence) addEntity(e doc.Entity, text string) {
	label := map[string]string{doc.ActionAdd: doc.LabelEntityAddition, doc.ActionRemove: doc.LabelEntityRemoval, doc.ActionRevise: doc.LabelEntityRevision}[e.Action]
	if label == "" {
		return
	}
	if text == "" {
		text = e.Name
	}
	ev.add(label, 0.95, truncate(text, 500), -1)
}
