package calendar

import (
	"regexp"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Move is a sentence of a later rule that moves or withdraws a date of
// another document, named by its FR citation or its document number.
type Move struct {
	Citation       string    `json:"citation,omitempty"`        // "86 FR 58205"
	DocumentNumber string    `json:"document_number,omitempty"` // "2021-22774"
	Kind           string    `json:"kind,omitempty"`            // "" with Withdrawn: every action date of the document
	To             time.Time `json:"to,omitzero"`               // the new day; zero when Withdrawn
	Withdrawn      bool      `json:"withdrawn,omitempty"`
	Evidence       string    `json:"evidence"`
}

var (
	reCitation = regexp.MustCompile(`\b(\d{1,3})\s+FR\s+(\d{1,6})\b`)
	reDocNum   = regexp.MustCompile(`\b(?:FR\s+Doc\.?|[Dd]ocument(?:\s+[Nn]umber|\s+[Nn]o\.)?)\s+((?:19|20)\d{2}-\d{5})\b`)
	// A date set to another day: "is delayed to", "postponed until",
	// "extended to", "advanced to", "moved to", "changed to".
	reMoveVerb = regexp.MustCompile(`(?i)\b(?:delay(?:s|ed|ing)?|postpone[sd]?|postponing|extend(?:s|ed|ing)?|advance[sd]?|advancing|move[sd]?|moving|change[sd]?|changing)\b`)
	// A date or a whole rule taken back.
	reWithdraw = regexp.MustCompile(`(?i)\b(?:rescind(?:s|ed|ing)?|withdraw(?:s|n|ing)?|revok(?:e|es|ed|ing))\b`)
	reToCue    = regexp.MustCompile(`(?i)\b(?:to|until|through)\s+$`)
	reKindWord = map[string]*regexp.Regexp{
		KindEffective:     reEffective,
		KindCommentsClose: regexp.MustCompile(`(?i)\bcomment(?:s|\s+period|\s+deadline)?\b`),
		KindCompliance:    reCompliance,
	}
)

// Moves returns the dates of other documents that d moves or withdraws,
// read from its dates field, abstract and DATES section, in that order,
// one per target and kind (the first said). A sentence must name the other
// document (an FR citation other than d's own, or "FR Doc. NNNN-NNNNN"),
// a date kind (or, to withdraw, the rule as a whole), and a verb: "the
// effective date of the interim final rule published at 86 FR 58205 is
// delayed to March 7, 2022" moves; "the compliance date of the rule at 90
// FR 4544 is withdrawn" withdraws that date; "rescinds the rule at 90 FR
// 4544" withdraws every date of it.
func Moves(d doc.Document) []Move {
	if d.Stage == "" {
		return nil
	}
	var out []Move
	seen := map[string]bool{}
	for _, text := range []string{d.Dates, d.Abstract, datesSection(d.Body)} {
		for _, s := range Sentences(text) {
			for _, m := range movesIn(s, d) {
				key := m.Citation + "|" + m.DocumentNumber + "|" + m.Kind
				if !seen[key] {
					seen[key] = true
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// movesIn reads the moves of one sentence.
func movesIn(s string, self doc.Document) []Move {
	var target Move
	if m := reCitation.FindStringSubmatch(s); m != nil && m[1]+" FR "+m[2] != NormCitation(self.Citation) {
		target.Citation = m[1] + " FR " + m[2]
	} else if m := reDocNum.FindStringSubmatch(s); m != nil && m[1] != self.DocumentNumber {
		target.DocumentNumber = m[1]
	} else {
		return nil
	}
	target.Evidence = s
	verb := reMoveVerb.FindStringIndex(s)
	withdraw := reWithdraw.FindStringIndex(s)
	var out []Move
	switch {
	case verb != nil && (withdraw == nil || verb[0] < withdraw[0]):
		to, at := dateAfterCue(s, verb[1])
		if to.IsZero() {
			return nil
		}
		// The kind is named before the new date: "the effective date ...
		// is delayed to", "extends the comment period ... to".
		for _, k := range []string{KindEffective, KindCommentsClose, KindCompliance} {
			if loc := reKindWord[k].FindStringIndex(s); loc != nil && loc[0] < at {
				m := target
				m.Kind, m.To = k, to
				out = append(out, m)
			}
		}
	case withdraw != nil:
		for _, k := range []string{KindEffective, KindCommentsClose, KindCompliance} {
			if reDateKindPhrase(k).MatchString(s) {
				m := target
				m.Kind, m.Withdrawn = k, true
				out = append(out, m)
			}
		}
		if len(out) == 0 {
			m := target
			m.Withdrawn = true
			out = append(out, m)
		}
	}
	return out
}

// reDateKindPhrase matches a sentence that names the date of kind k itself
// ("the effective date", "the comment period", "the compliance date"), not
// only the word: "rescinds the rule, effective today" withdraws the rule.
func reDateKindPhrase(k string) *regexp.Regexp {
	switch k {
	case KindEffective:
		return reEffectiveDate
	case KindCommentsClose:
		return reCommentPeriod
	}
	return reComplianceDate
}

var (
	reEffectiveDate  = regexp.MustCompile(`(?i)\beffective\s+date\b`)
	reCommentPeriod  = regexp.MustCompile(`(?i)\bcomment(?:s)?\s+(?:period|deadline|date)\b`)
	reComplianceDate = regexp.MustCompile(`(?i)\bcompliance\s+(?:date|deadline)\b`)
)

// dateAfterCue is the first date after byte from that a "to", "until" or
// "through" leads to ("delayed from January 19, 2022 to March 7, 2022"
// gives March 7) and where it starts, or the zero time.
func dateAfterCue(s string, from int) (time.Time, int) {
	ds := datesIn(s)
	for i, d := range ds {
		if d.start < from {
			continue
		}
		lead := from
		if i > 0 && ds[i-1].end > lead {
			lead = ds[i-1].end
		}
		if reToCue.MatchString(s[lead:d.start]) {
			return d.on, d.start
		}
	}
	return time.Time{}, -1
}

// NormCitation is an FR citation with its spaces folded ("86  FR 58205"
// is "86 FR 58205"), the form Moves reports and the store compares.
func NormCitation(c string) string {
	return strings.Join(strings.Fields(c), " ")
}
