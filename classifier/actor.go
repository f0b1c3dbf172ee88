package classifier

import (
	"slices"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// A measure has an owner and parties. The owner is the country whose list
// or control it is — the US for the Entity List, China for MOFCOM's lists,
// Taiwan or Japan for theirs, whoever imposes it; the parties are those the
// measure names. By the convention of export-controls.md a document's
// countries are the parties' ones, so the owner is never one for its own
// measure, just as the US is never one for its own Entity List: "China puts
// U.S. defence firms on its list" gives US, "Taiwan adds Huawei and SMIC to
// its entity list" gives CN.

// foreignOwner returns the country, other than the US, that owns the
// measure a document reports ("" when it is the US's or none is named),
// and whether the lead names parties of it (a list, firms). Only a
// document whose one label is other_export_control can report a foreign
// measure: a foreign list is never the Entity List, and tiers and quotas
// are the US framework's. The owner is read from the title and the first
// body sentences, where the news is told: the country whose list it is
// ("Taiwans Exportkontrollliste"), whose authority acts ("das chinesische
// Handelsministerium", "Japan's trade ministry"), or that opens a sentence
// as the subject of a listing or restricting verb ("China verhängt
// Sanktionen gegen fünf US-Unternehmen"). Any foreign measure may target
// the US ("China liefert kein Gallium mehr in die USA"); only a listing
// one has parties apart from its owner, whereas a control that lists no
// one ("Malaysia verschärft seine Exportregeln") binds the owner's own
// exporters, which the authority fallback of affectedFrom gives.
func (st *state) foreignOwner(labels []string) (owner string, lists bool) {
	if len(labels) != 1 || labels[0] != doc.LabelOtherExportControl {
		return "", false
	}
	body := 0
	for i := range st.sents {
		s := &st.sents[i]
		if !s.title {
			if body >= ownerLead {
				break
			}
			if strings.Count(st.low[s.start:min(s.end, s.start+200)], " ") >= 5 {
				body++ // a dateline ("August 2023, PEKING (dpa-AFX).") is no sentence of the lead
			}
		}
		if st.usActor(s) {
			return "", false // "Das US-Handelsministerium erweiterte seine Exportkontrollliste"
		}
		if owner == "" {
			owner = st.sentenceOwner(s)
			if owner == "US" {
				return "", false
			}
		}
		// "Taiwan verschärft Exportkontrollen: Huawei und SMIC im Fokus",
		// then "Taiwan hat den chinesischen Technologiekonzern Huawei ...
		// auf seine Exportkontrollliste gesetzt": the lead names parties.
		lists = lists || owner != "" && namesParties(s)
	}
	return owner, lists
}

// withoutOwner drops a foreign measure's owner from countries that name
// other parties too. "Japan to restrict exports of chipmaking tools ...
// possibly affecting Japanese firms such as Nikon": where the measure names
// whom it aims at, the owner's own firms are its exporters, bound by it,
// not its parties (only a measure naming no one else binds its owner's
// exporters as its parties: the authority fallback of affectedFrom).
func withoutOwner(countries []string, owner string) []string {
	if owner == "" || len(countries) < 2 || !slices.Contains(countries, owner) {
		return countries
	}
	return slices.DeleteFunc(countries, func(c string) bool { return c == owner })
}

// namesParties reports a sentence that names a list or parties: a
// measure with an owner and parties.
func namesParties(s *sentence) bool {
	return s.any(kEntityNoun) || s.any(kDistractor) || s.any(kELGeneric) || s.any(kEL) || s.any(kListRef)
}

// ownerLead is how many body sentences foreignOwner reads after the title:
// the lead tells whose measure the news is; later sentences tell background
// ("Washington schränkt Chinas Zugang seit Jahren ein").
const ownerLead = 2

// sentenceOwner returns the owner a sentence names, or "".
func (st *state) sentenceOwner(s *sentence) string {
	for k, h := range s.hits {
		if h.e.kind != kCountry || h.e.city || h.e.ambig || len(h.e.codes) != 1 {
			continue
		}
		if st.ownsNext(s, k) || st.opensClause(s, h) && st.actsAfter(s, h) {
			return h.e.codes[0]
		}
	}
	return ""
}

// ownsNext reports the country hit k of s standing right before a list or
// an authority it owns: "Taiwan's export control list", "Chinas
// Exportkontrollliste", "das chinesische Handelsministerium", "Japan's
// trade ministry", "Taiwans Internationale Handelsverwaltung".
func (st *state) ownsNext(s *sentence, k int) bool {
	h := s.hits[k]
	w := st.low[h.start:h.end]
	rest := st.low[h.end:min(s.end, h.end+48)]
	switch {
	case strings.HasPrefix(rest, "'s "):
		rest = rest[3:]
	case h.e.stem || mentionShape(w) == "genitive" || mentionShape(w) == "demonym":
		// "chinesische", "Taiwans", "Japanese": the word qualifies the noun
	default:
		return false // "Cuba Restricted List" is a list about Cuba, not Cuba's
	}
	if h.e.stem {
		rest = rest[min(len(rest), max(0, strings.IndexByte(rest, ' '))):] // the rest of "chinesisch|e"
	}
	for i, w := range strings.Fields(rest) {
		end := strings.ContainsAny(w, ",;:")
		w = strings.TrimRight(w, ",;:")
		if i >= 3 || functionWord(w) {
			return false
		}
		if ownListNoun(w) {
			return true
		}
		if authorityNoun(w) {
			return st.actsAfter(s, h) // "Chinese foreign ministry says": comment, not a measure
		}
		if end {
			return false
		}
	}
	return false
}

// functionWord reports a word that ends a noun phrase: a preposition,
// article or conjunction ("Belarus Under the Export Administration
// Regulations").
func functionWord(w string) bool {
	switch w {
	case "under", "the", "to", "of", "for", "in", "and", "or", "on", "with", "from", "against", "into", "by", "at",
		"und", "oder", "der", "die", "das", "den", "dem", "von", "gegen", "mit", "auf", "aus", "für", "zu", "nach", "bei":
		return true
	}
	return false
}

// authorityNoun reports a word naming a government body that imposes
// controls ("Handelsministerium", "ministry", "government", "MOFCOM",
// "Handelsverwaltung").
func authorityNoun(w string) bool {
	w = strings.Trim(w, "\"'().")
	for _, p := range []string{"ministerium", "ministeriums", "ministry", "government", "regierung", "verwaltung", "administration", "behörde", "authority", "authorities", "mofcom", "meti", "cabinet", "kabinett", "staatsrat"} {
		if strings.HasSuffix(w, p) {
			return true
		}
	}
	return false
}

// ownListNoun reports a word naming a list or control regime a country
// keeps ("entity", "list", "Exportkontrollliste", "Sanktionsliste").
func ownListNoun(w string) bool {
	w = strings.Trim(w, "\"'().")
	return w == "entity" || w == "list" || w == "unreliable" || w == "export" || strings.HasSuffix(w, "liste") || strings.HasSuffix(w, "listen")
}

// opensClause reports a country named by name or capital (not as an
// adjective, demonym or genitive, which qualify a noun: "Belavia
// Belarusian Airlines") at the start of s or of a clause after a colon:
// the subject.
func (st *state) opensClause(s *sentence, h hit) bool {
	if h.e.stem {
		return false
	}
	w := st.low[h.start:h.end]
	if strings.HasSuffix(w, "'s") || mentionShape(w) == "demonym" || mentionShape(w) == "genitive" && !slices.Contains([]string{"usa", "vereinigte staaten", "united states", "niederlande", "netherlands", "the netherlands", "philippines", "philippinen", "bahamas", "honduras", "seychelles", "maldives", "barbados"}, w) {
		return false
	}
	from := s.start
	if k := strings.LastIndexByte(st.low[s.start:h.start], ':'); k >= 0 {
		from = s.start + k + 1
	}
	before := lastFields(st.low[from:h.start], 4) // more than three words: no subject opens the clause
	if len(before) > 0 && (before[len(before)-1] == "die" || before[len(before)-1] == "the") {
		before = before[:len(before)-1] // "Die Niederlande", "The Netherlands"
	}
	if len(before) > 2 || strings.ContainsAny(st.low[from:h.start], ",") {
		return false
	}
	for _, o := range s.hits {
		if o.start >= from && o.end <= h.start && (o.e.kind == kAdd || o.e.kind == kRestrictVerb || o.e.kind == kRemove) {
			return false // "EU setzt China-Firmen auf ...": the verb came first, China is its object
		}
	}
	// "Russia: Implementation of ...", "Ukraine-Krieg: Schweiz belegt ...":
	// a heading's topic, not a subject.
	next := st.low[h.end:min(s.end, h.end+24)]
	if i := strings.IndexByte(next, ' '); i == 0 {
		next = next[1:]
	}
	if sp := strings.IndexByte(next, ' '); sp >= 0 {
		next = next[:sp]
	}
	return !strings.HasPrefix(st.low[h.end:min(s.end, h.end+1)], ":") && !strings.HasSuffix(next, ":")
}

// actsAfter reports a verb of listing, sanctioning or restricting after the
// subject h in its sentence, with the measure its own (a foreign list, its
// own list, or no US list named).
func (st *state) actsAfter(s *sentence, h hit) bool {
	acts, measure, imposes := false, false, false
	qualified := -1 // start of a measure another country owns ("US-Beschränkungen")
	for _, o := range s.hits {
		if o.start < h.end {
			continue
		}
		if o.e.kind == kCountry && !slices.Equal(o.e.codes, h.e.codes) {
			if m, ok := st.measureAfter(s, o); ok {
				if !acts && !measure {
					qualified = m // "China kritisiert US-Exportbeschränkungen": the other country's
				}
			}
			continue
		}
		switch o.e.kind {
		case kAdd, kRemove, kRestrictVerb:
			acts = true
		case kChange:
			imposes = true // "kündigt Sanktionen an", "verhängt", "imposes"
		case kOtherWeak, kOtherStrong, kDistractor, kELGeneric:
			measure = measure || o.start != qualified
		case kEL:
			if nestedIn(s, o, kDistractor) {
				measure = measure || o.start != qualified // "its unreliable entity list": another list
				continue
			}
			if !st.foreignList(s, o) && !st.foreignOwnList(s, o) {
				return false // "China ... as the US adds its firms to the Entity List"
			}
		}
	}
	if qualified >= 0 && !measure {
		return false
	}
	if acts || measure && imposes {
		return true
	}
	for _, w := range strings.Fields(st.low[h.end:s.end]) {
		switch strings.Trim(w, ",.;:\"'") {
		case "sanktioniert", "sanktionierte", "sanktionieren", "verhängt", "verhängte", "verhängen", "sanctioned", "sanctioning", "imposes", "imposed", "imposing", "blacklists",
			"bestraft", "bestrafte", "belegt", "belegte", "punishes", "punished":
			return true
		}
	}
	return false
}

// measureAfter returns the start of a measure noun named right after
// country c, as its owner ("US-Exportbeschränkungen", "U.S. curbs",
// "EU-Sanktionen").
func (st *state) measureAfter(s *sentence, c hit) (int, bool) {
	for _, o := range s.hits {
		if o.start < c.end || o.start > c.end+2 {
			continue
		}
		switch o.e.kind {
		case kOtherWeak, kOtherStrong, kEL, kELGeneric, kRestrNoun:
			return o.start, true
		}
	}
	return 0, false
}

// pluperfect reports a sentence told in the pluperfect ("Zuletzt hatte
// die EU auch Firmen in China ins Visier genommen", "BIS had added them
// in 2022"): what happened before the news, whose parties are not the
// news' parties. German "hatte(n)" or English "had" with a participle
// ("ge…t", "ge…en", "-ed") later in the sentence.
func (st *state) pluperfect(s *sentence) bool {
	t := st.low[s.start:s.end]
	if !hasPhrase(t, "hatte") && !hasPhrase(t, "had ") {
		return false // most sentences: no auxiliary, no word splitting
	}
	words := strings.Fields(t)
	for i, w := range words {
		w = strings.Trim(w, ",;:\"'()")
		var de bool
		switch w {
		case "hatte", "hatten":
			de = true
		case "had":
		default:
			continue
		}
		// German puts the participle at the end of the clause, after
		// any list of parties: read up to the clause's end.
		for _, p := range words[i+1 : min(len(words), i+30)] {
			stop := strings.ContainsAny(p, ";:")
			p = strings.Trim(p, ",;:.\"'()")
			if de && strings.HasPrefix(p, "ge") && (strings.HasSuffix(p, "t") || strings.HasSuffix(p, "en")) && len(p) > 5 ||
				de && hasPhrase(p, "ge") && strings.HasSuffix(p, "en") && len(p) > 8 || // "aufgenommen", "angekündigt"
				!de && (strings.HasSuffix(p, "ed") || p == "put" || p == "been") {
				return true
			}
			if stop {
				break
			}
		}
	}
	return false
}

// nestedIn reports a hit of s lying inside a longer hit of kind k ("entity
// list" inside "unreliable entity list"): the longer phrase says what it
// is.
func nestedIn(s *sentence, h hit, k kind) bool {
	for _, o := range s.hits {
		if o.e.kind == k && o.start <= h.start && h.end <= o.end && o.end-o.start > h.end-h.start {
			return true
		}
	}
	return false
}
