package classifier

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/exportwatch/exportwatch/doc"
)

// Federal Register titles and abstracts have habits of their own: they cite
// the rules published beside them, name an order's parties with their
// addresses in the title, and carry firms' and Acts' names that hold
// country names. The functions here read those habits; they hold for any
// agency's document, BIS or not.

// citesOther reports a sentence about another document published with
// this one ("This IFR publishes concurrently with another BIS final rule
// ... that adds to ... the Entity List", "Together with a separate rule
// published in the same issue"): its changes are that document's, and a
// document that only mentions them makes none of them.
func (st *state) citesOther(s *sentence) bool {
	return s.any(kCitesOther)
}

// namesITAR reports a document that names the ITAR (a lexicon hit of
// "International Traffic in Arms Regulations" or "ITAR"), read once;
// itarByName one that writes its full name, as the State Department's
// own documents do.
func (st *state) namesITAR() bool { return st.itarLevel() >= 2 }

func (st *state) itarByName() bool { return st.itarLevel() == 3 }

func (st *state) itarLevel() int8 {
	if st.fr.itar == 0 {
		st.fr.itar = 1
		for i := range st.sents {
			if !st.sents[i].any(kOtherWeak) {
				continue
			}
			for _, h := range st.sents[i].hits {
				if h.e.kind != kOtherWeak {
					continue
				}
				switch t := st.low[h.start:h.end]; {
				case strings.HasPrefix(t, "international traffic"):
					st.fr.itar = 3
					return 3
				case t == "itar":
					st.fr.itar = 2
				}
			}
		}
	}
	return st.fr.itar
}

// frCache holds readings that several rules ask for.
type frCache struct {
	itar int8 // the document names the ITAR: 0 not read, 1 no, 2 by its acronym, 3 by its name
	// excl caches exclusions (read by every affectedFrom call).
	excl     map[int]bool
	exclDone bool
	// otherList: the last list named up to and including the sentence is
	// another list than the Entity List (1 no, 2 yes; nil: not computed).
	otherList []int8
}

// quotedOnly reports a sentence whose hits of kind k all lie inside a
// quoted title: a cited rule ("... Removals From the Validated End-User
// (VEU) Program"), named by a briefing or another rule, not a change it
// reports. A short quoted term ("verified end users (VEU)") is the
// writer's own word.
func (st *state) quotedOnly(s *sentence, k kind) bool {
	seen := false
	for _, h := range s.hits {
		if h.e.kind != k {
			continue
		}
		if !st.quotedTitle(s, h) {
			return false
		}
		seen = true
	}
	return seen
}

// quotedTitle reports h inside double quotes that hold a title: five
// words or more, the first capitalized.
func (st *state) quotedTitle(s *sentence, h hit) bool {
	if !st.quoted(s, h) {
		return false
	}
	open := strings.LastIndexByte(st.norm[s.start:h.start], '"')
	end := strings.IndexByte(st.norm[h.end:s.end], '"')
	if open < 0 || end < 0 {
		return false
	}
	q := st.norm[s.start+open+1 : h.end+end]
	return len(strings.Fields(q)) >= 5 && startsUpper(q)
}

// actionVerb returns the verb an action cue belongs to: for "from the
// Entity List" (a removal cue of its own) the removal verb before it in
// the clause ("removing two addresses ... from the Entity List"), else h.
// What the verb acts on (aliases, addresses, entities) decides the label.
func (st *state) actionVerb(s *sentence, h hit) hit {
	if !strings.HasPrefix(st.low[h.start:h.end], "from ") {
		return h
	}
	for i := len(s.hits) - 1; i >= 0; i-- {
		v := s.hits[i]
		if v.start >= h.start || v.e.kind != h.e.kind || strings.HasPrefix(st.low[v.start:v.end], "from ") {
			continue
		}
		if h.start-v.end > 200 || strings.ContainsAny(st.low[v.end:h.start], ";") {
			break
		}
		return v
	}
	return h
}

// onVEU reports an action cue whose object is the Validated End-User
// program ("removing three entities from the Validated End-User (VEU)
// Program"): a VEU authorization revoked or granted is a quota change
// (export-controls.md), not an Entity List action, whoever the entities.
func (st *state) onVEU(s *sentence, h hit) bool {
	for _, q := range s.hits {
		if q.e.kind != kQuotaStrong || q.start < h.end || q.start-h.end > 90 {
			continue
		}
		t := st.low[q.start:q.end]
		if hasPhrase(t, "veu") || hasPhrase(t, "validated end") || hasPhrase(t, "verified end") {
			return true
		}
	}
	return false
}

// procedural reports an action cue that names a ground, criterion,
// procedure or risk of listing rather than a listing ("expands the scope
// of reasons for adding parties to the Entity List", "a right to request
// that its listing be removed or modified", "will impact a company's
// access to U.S. technology through addition to the Entity List"): a rule
// about how the list works changes no entry (export-controls.md:
// other_export_control).
func (st *state) procedural(s *sentence, h hit) bool {
	before := st.low[max(s.start, h.start-60):h.start]
	for _, n := range []string{"reasons for ", "criteria for ", "grounds for ", "basis for ", "procedures for ", "procedure for ", "standards for ", "standard for ",
		"through ", "risk of ", "threat of ", "possible "} {
		if strings.HasSuffix(before, n) {
			return true
		}
	}
	// "a right to request that its listing be removed": the request governs
	// the cue only within its clause ("Following a request that BIS remove
	// the entity, BIS is removing it" removes it).
	for _, n := range []string{"request that", "right to request", "requests to"} {
		if k := strings.LastIndex(before, n); k >= 0 && !strings.ContainsAny(before[k:], ",;") {
			return true
		}
	}
	return false
}

// refersBack reports a listing named as a noun after a word that points
// back ("Their addition to the Entity List imposed a licensing
// requirement") to the sentence before, where the rules read the same
// action as history: it is that action again, no new one.
func (st *state) refersBack(ev *evidence, i int, s *sentence, h hit, label string) bool {
	if i == 0 || st.lang == "de" {
		return false
	}
	w1, _, _ := prevWords(st.low, h.start, s.start)
	switch w1 {
	case "their", "its", "this", "that", "the", "such":
	default:
		return false
	}
	return ev.rejected(i-1, label)
}

// follows reports an action named as what the present one follows ("This
// determination follows the removal from the Entity List of ... in
// November 2025"): an earlier action, told as the reason for this one.
func (st *state) follows(s *sentence, h hit) bool {
	before := strings.TrimRight(st.low[max(s.start, h.start-24):h.start], " ")
	if strings.HasSuffix(before, "as follows") {
		return false // "is amended as follows adding ...": the amendment itself
	}
	return strings.HasSuffix(before, "follows the") || strings.HasSuffix(before, "followed the") || strings.HasSuffix(before, "follows")
}

// sortsCountries reports a sentence that could place a country in a tier:
// it names a foreign country, a tier, a country group or the framework.
// Outside AI-chip documents the label model's tier change needs one ("the
// ITAR is amended to revise Category XI" moves no country).
func (st *state) sortsCountries(s *sentence) bool {
	return st.namesForeignCountry(s) || s.any(kTierTerm) || s.any(kGroupTerm) || s.any(kFramework) || s.any(kTierOne)
}

// continuesOtherList reports a sentence that names no list after one whose
// last list named is another list than the Entity List ("adding 31
// persons to the Unverified List (UVL). ... All 31 persons are being
// added under the destination of China."): its action is on that list.
// Only a list named as another (UVL, MEU list, SDN) counts: an "Entity
// List" read as a foreign one is the writer's loose word.
func (st *state) continuesOtherList(i int) bool {
	if st.fr.otherList == nil {
		// One pass: the last list named so far, body sentences only.
		st.fr.otherList = make([]int8, len(st.sents))
		var cur int8 = 1
		for j := range st.sents {
			if st.sents[j].title && st.hasBody {
				st.fr.otherList[j] = 1
				continue
			}
			if st.sents[j].any(kDistractor) || st.sents[j].any(kEL) || st.sents[j].any(kELGeneric) || st.sents[j].any(kListRef) {
				for _, l := range st.lists(&st.sents[j]) {
					if l.entity {
						cur = 1
					} else if l.e.kind == kDistractor && st.namesList(l.hit) {
						cur = 2
					}
				}
			}
			st.fr.otherList[j] = cur
		}
	}
	return i > 0 && st.fr.otherList[i-1] == 2
}

// passiveNonParty reports an English action cue in the passive whose
// subject is no party ("The scope of the authorization is revised to
// include ... and applies to all entities listed on the Entity List"):
// the thing revised comes before the verb, and it is no entity or entry.
func (st *state) passiveNonParty(s *sentence, h hit) bool {
	if !strings.HasSuffix(st.low[h.start:h.end], "ed") {
		return false // "is putting 27 companies on the Entity List" is active
	}
	before := st.low[s.start:h.start]
	aux := false
	for _, a := range []string{" is ", " are ", " is being ", " are being ", " was ", " were ", " will be ", " has been ", " have been "} {
		aux = aux || strings.HasSuffix(before, a)
	}
	if !aux {
		return false
	}
	// The subject is a noun phrase ("The scope of ..."); a pronoun ("They
	// are being added") points back to the parties.
	subj := strings.TrimLeft(before, " \n")
	if !strings.HasPrefix(subj, "the ") && !strings.HasPrefix(subj, "a ") && !strings.HasPrefix(subj, "an ") {
		return false
	}
	for _, n := range s.hits {
		if n.start >= h.start {
			break
		}
		if n.e.kind == kEntityNoun || n.e.kind == kReviseNoun || n.e.kind == kCountry {
			return false
		}
	}
	return true
}

// chipLicenceFree reports AI-chip exports to a named country freed from
// the licence ("The UAE Government and approved commercial entities will
// also have license-free access to advanced computing items"): a licence
// exception for AI chips, a quota change (export-controls.md).
func (st *state) chipLicenceFree(s *sentence) bool {
	if !s.any(kChipCtx) || s.any(kNeg) || !st.namesForeignCountry(s) {
		return false
	}
	t := st.low[s.start:s.end]
	if hasPhrase(t, "license-free") || hasPhrase(t, "licence-free") || hasPhrase(t, "license free") || hasPhrase(t, "licence free") {
		return true
	}
	if !hasPhrase(t, "without a license") && !hasPhrase(t, "without a licence") {
		return false
	}
	// "cannot ship chips to China without a license" is the requirement.
	for _, w := range []string{"not ", "cannot", "prohibit", "bar", "ban", "requir", "need", "must"} {
		if hasPhrase(t, w) {
			return false
		}
	}
	return true
}

// byMeans reports a revision told by its means, an addition or removal of
// entities ("BIS also modified one existing entry ... by removing 3
// entities within the entry", "revises the EAR by removing two
// addresses"): the means says what changes, and labels it.
func (st *state) byMeans(s *sentence, h hit) bool {
	rest := st.low[h.end:min(s.end, h.end+140)]
	if i := strings.IndexAny(rest, ";"); i >= 0 {
		rest = rest[:i]
	}
	return hasPhrase(rest, "by removing") || hasPhrase(rest, "by adding")
}

// briefingOnly keeps only other_export_control evidence in a document
// whose title announces a briefing or webinar ("Public Briefing on Changes
// to Advanced Computing ...", "Framework for Artificial Intelligence
// Diffusion; Public Briefing"): it tells how to hear about a rule, and the
// rule's tiers, quotas and entries are that rule's (export-controls.md:
// briefings are other_export_control).
func (st *state) briefingOnly(ev *evidence) {
	t := st.low[:st.titleEnd()]
	if !hasPhrase(t, "briefing") && !hasPhrase(t, "webinar") {
		return
	}
	for l := range ev.items {
		if l != doc.LabelOtherExportControl {
			delete(ev.items, l)
		}
	}
}

// existingEntries gives entity_revision to a sentence that changes what
// existing entries of the Entity List carry ("this rule expands the scope
// of foreign-produced items subject to license requirements for
// twenty-eight existing entities on the Entity List that are located in
// China"): an entry's license requirement changed is a revision
// (export-controls.md), whatever verb says it.
func (st *state) existingEntries(ev *evidence) {
	for i := range st.sents {
		s := &st.sents[i]
		if !s.any(kEL) || s.any(kNeg) || s.any(kRetro) || st.citesOther(s) || s.title && st.hasBody {
			continue
		}
		t := st.low[s.start:s.end]
		if !hasPhrase(t, "existing entit") && !hasPhrase(t, "existing entr") {
			continue
		}
		if hasPhrase(t, "not ") {
			continue // "does not change the existing entries"
		}
		for _, v := range []string{"expand", "extend", "impos", "chang"} {
			if hasPhrase(t, v) {
				ev.add(doc.LabelEntityRevision, wEntityContext, st.text(s), i)
				break
			}
		}
	}
}

// ruleNamedFramework reports the title of a Federal Register rule that
// names the AI-diffusion framework ("Framework for Artificial Intelligence
// Diffusion" above "With this interim final rule, ... BIS revises the
// EAR"): a rule's title names what the rule is, so the rule creates or
// changes the framework (export-controls.md: tier_change). Press titles
// only report; they need the rule's words in the body.
func (st *state) ruleNamedFramework(s *sentence) bool {
	if !s.title || !st.hasBody || !s.any(kFramework) || s.any(kNeg) || st.hedgedTitle() || st.correction {
		return false
	}
	if st.commentPeriod(s) {
		return false // "...; Extension of Comment Period": the rule's procedure, not the rule
	}
	body := st.low[st.titleEnd():min(len(st.low), st.titleEnd()+400)]
	return hasPhrase(body, "this interim final rule") || hasPhrase(body, "this final rule") || hasPhrase(body, "in this rule") ||
		hasPhrase(body, "this rule ")
}

// commentPeriod reports a sentence about a rule's comment period ("BIS
// extends the comment period for the interim final rule on ..."): the
// rule's procedure, not a change of what the rule says.
func (st *state) commentPeriod(s *sentence) bool {
	t := st.low[s.start:s.end]
	return hasPhrase(t, "comment period") || hasPhrase(t, "kommentierungsfrist") || hasPhrase(t, "frist für stellungnahmen")
}

// nonproliferationMeasures reports measures imposed under a
// nonproliferation statute ("Imposition of Nonproliferation Measures
// Against Foreign Persons", "pursuant to the Iran, North Korea, and Syria
// Nonproliferation Act"): the State Department's bans on licences and
// procurement, an export control of its own (README precedent
// neg-fr:2022-06200), in words that name no export.
func (st *state) nonproliferationMeasures() bool {
	for i := range st.sents {
		s := &st.sents[i]
		if !s.any(kOtherWeak) || !s.any(kChange) {
			continue
		}
		for _, h := range s.hits {
			if h.e.kind == kOtherWeak && strings.HasPrefix(st.low[h.start:h.end], "nonproliferation") {
				return true
			}
		}
	}
	return false
}

// countedEntriesTerms reports a revision of the licence terms of counted
// listed parties ("revising the license requirement to apply to all items
// subject to the EAR for twelve Chinese entities on the Entity List"):
// the license requirement or review policy of existing entries changed is
// an entry revision (export-controls.md), unlike a rule revised for every
// listed party ("applies to all entities listed on the Entity List").
func (st *state) countedEntriesTerms(s *sentence, h hit) bool {
	obj := st.low[h.end:min(s.end, h.end+40)]
	if !hasPhrase(obj, "license requirement") && !hasPhrase(obj, "licence requirement") && !hasPhrase(obj, "review policy") {
		return false
	}
	for _, n := range s.hits {
		if n.e.kind != kEntityNoun || n.start < h.end {
			continue
		}
		w1, w2, _ := prevWords(st.low, n.start, s.start)
		if !countWord(w1) && !countWord(w2) {
			continue
		}
		for _, l := range s.hits {
			if l.e.kind == kEL && l.start >= n.end && l.start-n.end <= 30 {
				return true
			}
		}
	}
	return false
}

// amendsExportRegs reports an agency amending its own regulations on
// exports ("The Nuclear Regulatory Commission (NRC) is amending its
// regulations pertaining to the export and import of nuclear equipment
// and materials"): another agency's export control (README: NRC and DOE
// export rules are other_export_control), in words that name no control.
func (st *state) amendsExportRegs(s *sentence) bool {
	if !s.any(kChange) {
		return false // "amending" is a change cue
	}
	t := st.low[s.start:s.end]
	if !hasPhrase(t, "amending its regulations") && !hasPhrase(t, "amends its regulations") {
		return false
	}
	for _, p := range []string{"pertaining to the export", "governing the export", "on the export", "for the export", "concerning the export"} {
		if hasPhrase(t, p) {
			return true
		}
	}
	return false
}

// itarEmbargoDoc reports a document that amends the ITAR's list of
// countries whose defense trade the US denies (22 CFR 126.1, "Prohibited
// exports, imports, and sales to or from certain countries"; the
// "proscribed countries"): the arms embargo of Country Group D:5, so the
// country it names changes tier (export-controls.md).
func (st *state) itarEmbargoDoc() bool {
	if !st.namesITAR() {
		return false
	}
	// The list is named in the title or beside the ITAR or a country group.
	for i := range st.sents {
		s := &st.sents[i]
		if !s.title && !s.any(kOtherWeak) && !s.any(kGroupTerm) {
			continue
		}
		t := st.low[s.start:s.end]
		for _, m := range []string{"to or from certain countries", "126.1", "proscribed countries", "list of enumerated countries",
			"policy of the united states to deny licenses", "policy of denial"} {
			if hasPhrase(t, m) {
				return true
			}
		}
	}
	return false
}

// amends reports a sentence that amends, adds or removes (the change the
// ITAR list undergoes): "is amending the ITAR to ... toward Cyprus".
func (st *state) amends(s *sentence) bool {
	return s.any(kChange) || s.any(kAdd) || s.any(kRemove) || s.any(kRevise)
}

// orderParties returns the countries of the parties an order names in its
// title with their addresses ("Mahan Airways, ..., Tehran, Iran; Pejman
// ..., P.O. Box 52404, Dubai, United Arab Emirates; ...; Order Renewing
// Order Temporarily Denying Export Privileges"): each address ends with
// its country, or with a US state and ZIP code, and the US counts like any
// other country, since its parties are denied too. A country inside a
// name ("Belavia Belarusian Airlines") is not an address's end.
func (st *state) orderParties() []string {
	end := st.titleEnd()
	if end == 0 {
		return nil
	}
	t := st.low[:end]
	if !hasPhrase(t, ";") || !hasPhrase(t, "export privileges") && !hasPhrase(t, "denial order") {
		return nil
	}
	// The order's own name is the last segment ("Order Denying ...").
	cut := strings.LastIndex(t, ";")
	set := map[string]bool{}
	for _, h := range st.countries {
		if h.start >= cut {
			break
		}
		if h.e.metro || h.e.ambig || h.e.city || st.nameInside(h) {
			continue
		}
		next := strings.TrimLeft(t[h.end:cut+1], " ")
		if next == "" || strings.ContainsRune(",;.", rune(next[0])) || next[0] >= '0' && next[0] <= '9' {
			for _, c := range h.e.codes {
				set[c] = true
			}
		}
	}
	if reUSAddress.MatchString(st.norm[:cut]) {
		set["US"] = true
	}
	return sortedKeys(set)
}

// reUSAddress finds a US address's end: a state, by name or postal code,
// and a ZIP code ("Brooklyn, NY 11235", "Aventura, Florida 33160").
var reUSAddress = regexp.MustCompile(`\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]|` +
	`Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|` +
	`Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|` +
	`New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|` +
	`Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming),?\s+\d{5}(?:-\d{4})?\b`)

// titleEnd returns where the title ends in the normalized text (0 without
// a title).
func (st *state) titleEnd() int {
	end := 0
	for i := range st.sents {
		if !st.sents[i].title {
			break
		}
		end = st.sents[i].end
	}
	return end
}

// inResponseTo reports a country named in a sentence's opening "In
// response to ..." clause ("In response to the Russian Federation's
// further invasion of Ukraine, this rule adds ... Belarus"): the clause
// tells why the measure is taken, not whom it affects; a country the
// measure targets is named again after it.
func (st *state) inResponseTo(h hit) bool {
	i := sort.Search(len(st.sents), func(i int) bool { return st.sents[i].end > h.start })
	if i == len(st.sents) {
		return false
	}
	s := &st.sents[i]
	start := s.start
	for start < s.end && (st.low[start] == ' ' || st.low[start] == '\n') {
		start++
	}
	if !strings.HasPrefix(st.low[start:s.end], "in response to ") {
		return false
	}
	end := strings.Index(st.low[start:s.end], ", ")
	return end >= 0 && h.start < start+end
}

// regionGap reports list filler ending in a region of the next country
// ("under the destination of the Crimea region of Ukraine", "Russia and
// the Crimea region of Ukraine"): an EAR destination that is part of a
// country gives that country.
func regionGap(gap string) bool {
	ws := strings.Fields(strings.Trim(gap, " ,;"))
	n := len(ws)
	if n < 3 || ws[n-1] != "of" || ws[n-2] != "region" {
		return false
	}
	return listFiller(strings.Join(ws[:n-3], " "))
}

// goodsOrigin reports a country named as where goods come from
// ("exports of Canadian-origin uranium", "U.S.-origin items"): the goods'
// origin, not a party or a destination whose status changes.
func (st *state) goodsOrigin(h hit) bool {
	rest := st.low[h.end:min(len(st.low), h.end+8)]
	return strings.HasPrefix(rest, " origin") || strings.HasPrefix(rest, "-origin")
}

// ontoEntityList reports an add or remove cue whose list is the Entity
// List, named within its clause ("to place additional related entities in
// the PRC on the Entity List"): entities move, not a country between
// country groups named nearby ("to arms embargoed countries, including
// the PRC, and to place ...").
func (st *state) ontoEntityList(s *sentence, v hit) bool {
	if v.e.kind != kAdd && v.e.kind != kRemove {
		return false
	}
	for _, l := range s.hits {
		if l.e.kind == kEL && l.start >= v.end && l.start-v.end <= 80 && !strings.ContainsAny(st.low[v.end:l.start], ";") {
			return true
		}
	}
	return false
}

// corpSuffixes end a firm's name ("Co., Ltd.", "Inc.", "GmbH").
var corpSuffixes = map[string]bool{"co": true, "co.": true, "co.,": true, "ltd": true, "ltd.": true, "limited": true, "inc": true, "inc.": true,
	"corp": true, "corp.": true, "corporation": true, "company": true, "gmbh": true, "llc": true, "pte": true, "plc": true, "s.a.": true, "ag": true, "k.k.": true}

// nameInside reports a country name that is part of a name: a firm's
// ("Arrow Electronics (Hong Kong) Co., Ltd.", "Arrow China Electronics
// Trading Co.") or an Act's ("the Iran, North Korea, and Syria
// Nonproliferation Act"). Names say who a party is, not where it sits or
// whose status changes: firms named only by name give no country.
func (st *state) nameInside(h hit) bool {
	if h.end < len(st.norm) && strings.IndexByte(".;:'\"’", st.norm[h.end]) >= 0 {
		return false // "China's", "China.": the name ends here
	}
	rest := st.norm[h.end:min(len(st.norm), h.end+120)]
	paren := strings.HasPrefix(rest, ")") && h.start > 0 && st.norm[h.start-1] == '('
	if paren {
		rest = rest[1:]
	}
	// Walk the next words without splitting the text: most country names
	// are followed by a lower-case word or a full stop, and stop here.
	caps := true // only capitalized words so far: a firm's name goes on
	for i := 0; i < 8; i++ {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			return false
		}
		n := strings.IndexByte(rest, ' ')
		if n < 0 {
			n = len(rest)
		}
		w := rest[:n]
		rest = rest[n:]
		if startsUpper(w) && (corpSuffixes[strings.ToLower(strings.TrimRight(w, ","))] || corpSuffixes[strings.ToLower(w)]) {
			return caps && i <= 3 // "(Hong Kong) Co., Ltd.", "China Electronics Trading Co."
		}
		if strings.TrimRight(w, ",.;:)") == "Act" {
			return !paren // "Iran, North Korea, and Syria Nonproliferation Act"
		}
		if !startsUpper(w) {
			if !listWord(w) {
				return false
			}
			caps = false
		}
	}
	return false
}

func startsUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// listWord reports a word that joins the items of a name's list.
func listWord(w string) bool {
	return slices.Contains([]string{"", "and", "of", "the", "&"}, strings.TrimRight(w, ","))
}

// agencyVoice reports a document in the agency's own register (kAgencyVoice:
// "In this rule, BIS amends", "The Bureau of Industry and Security (BIS) is
// amending the Export Administration Regulations", "15 CFR part 744",
// "Order temporarily denying export privileges"): a Federal Register rule,
// notice or order. The rules were written for that register, which is
// fixed, and read it exactly; the label model neither adds to nor
// withdraws from them there (learned).
func (st *state) agencyVoice() bool { return st.docHas(kAgencyVoice) }
