// Package calendar reads the dates a lawyer acts on out of a document: when
// it takes effect, when comments close, when compliance is due, when a
// savings clause for shipments en route runs out, and when it was filed for
// public inspection and published. Each date carries its source (an API
// field or the sentence it was read from) as evidence. It is pure: no I/O.
package calendar

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Date kinds (their home is doc, which subscriptions' reminders need).
const (
	KindEffective        = doc.DateEffective
	KindCommentsClose    = doc.DateCommentsClose
	KindCompliance       = doc.DateCompliance
	KindSavingsClauseEnd = doc.DateSavingsClauseEnd
	KindPublicInspection = doc.DatePublicInspection
	KindPublished        = doc.DatePublished
)

// Kinds lists every date kind in display order.
var Kinds = doc.DateKinds

// Sources of a date.
const (
	SourceEffectiveOn     = "api:effective_on"
	SourceCommentsCloseOn = "api:comments_close_on"
	SourcePublicationDate = "api:publication_date"
	SourceFiledAt         = "api:filing_date"
	SourceDatesText       = "text:dates"    // the API's dates field
	SourceAbstract        = "text:abstract" // a sentence of the abstract
	SourceBody            = "text:body"     // a sentence of the body
	SourceLaterRule       = "rule"          // a later rule moved or withdrew it (Move)
)

// Date is one dated item of a document. On is midnight UTC of the day.
type Date struct {
	Kind     string    `json:"kind"`
	On       time.Time `json:"on"`
	Source   string    `json:"source"`
	Evidence string    `json:"evidence,omitempty"`
}

// Day is On as YYYY-MM-DD, the form dates are stored and shown in.
func (d Date) Day() string { return d.On.Format(time.DateOnly) }

// KindName is the kind as a reader says it ("comment deadline").
func KindName(kind string) string {
	switch kind {
	case KindEffective:
		return "effective date"
	case KindCommentsClose:
		return "comment deadline"
	case KindCompliance:
		return "compliance date"
	case KindSavingsClauseEnd:
		return "savings clause end"
	case KindPublicInspection:
		return "public inspection filing"
	case KindPublished:
		return "publication date"
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// WithdrawnSummary is the summary of a withdrawn date:
// "effective date 2025-05-15 withdrawn: <evidence>".
func WithdrawnSummary(kind, day, evidence string) string {
	s := KindName(kind) + " " + day + " withdrawn"
	if evidence != "" {
		s += ": " + evidence
	}
	return s
}

// MovedSummary is the summary of a date-changed event:
// "effective date moved from 2025-01-13 to 2025-03-25: <evidence>".
func MovedSummary(kind, from, to, evidence string) string {
	s := KindName(kind) + " moved from " + from + " to " + to
	if evidence != "" {
		s += ": " + evidence
	}
	return s
}

// Extract returns d's dates, at most one per kind, in the order of Kinds.
// An API field (effective_on, comments_close_on, publication and filing
// dates) wins over text; among texts the API's dates field wins over
// the abstract, and the abstract over the body's DATES section. Press
// documents (no stage) carry no calendar dates.
func Extract(d doc.Document) []Date {
	if d.Stage == "" {
		return nil
	}
	found := map[string]Date{}
	add := func(x Date) {
		if _, ok := found[x.Kind]; !ok && !x.On.IsZero() {
			found[x.Kind] = x
		}
	}
	if d.EffectiveOn != nil && !d.EffectiveOn.IsZero() {
		add(Date{Kind: KindEffective, On: day(*d.EffectiveOn), Source: SourceEffectiveOn,
			Evidence: "effective_on: " + d.EffectiveOn.Format(time.DateOnly)})
	}
	if d.CommentsCloseOn != nil && !d.CommentsCloseOn.IsZero() {
		add(Date{Kind: KindCommentsClose, On: day(*d.CommentsCloseOn), Source: SourceCommentsCloseOn,
			Evidence: "comments_close_on: " + d.CommentsCloseOn.Format(time.DateOnly)})
	}
	switch d.Stage {
	case doc.StagePublicInspection:
		if !d.Published.IsZero() {
			add(Date{Kind: KindPublicInspection, On: day(d.Published), Source: SourceFiledAt,
				Evidence: "filed for public inspection " + d.Published.Format(time.DateOnly)})
		}
		if d.ToBePublished != nil && !d.ToBePublished.IsZero() {
			add(Date{Kind: KindPublished, On: day(*d.ToBePublished), Source: SourcePublicationDate,
				Evidence: "to be published " + d.ToBePublished.Format(time.DateOnly)})
		}
	case doc.StagePublished:
		if !d.Published.IsZero() {
			add(Date{Kind: KindPublished, On: day(d.Published), Source: SourcePublicationDate,
				Evidence: "publication_date: " + d.Published.Format(time.DateOnly)})
		}
	}
	// A sentence that moves another document's date (Moves) states that
	// document's day, not d's.
	others := map[string]bool{}
	for _, m := range Moves(d) {
		others[m.Evidence] = true
	}
	for _, t := range []struct{ text, source string }{
		{d.Dates, SourceDatesText},
		{d.Abstract, SourceAbstract},
		{datesSection(d.Body), SourceBody},
	} {
		for _, x := range FromText(t.text) {
			if others[x.Evidence] {
				continue
			}
			x.Source = t.source
			add(x)
		}
	}
	// A savings clause sits in the body's rule text, not its DATES section.
	// One pass over the body first: most have none.
	for _, s := range sentencesAround(d.Body, "en route", "savings clause") {
		if reEnRoute.MatchString(s) {
			for _, x := range fromSentence(s) {
				if x.Kind == KindSavingsClauseEnd {
					x.Source = SourceBody
					add(x)
				}
			}
		}
	}
	var out []Date
	for _, k := range Kinds {
		if x, ok := found[k]; ok {
			out = append(out, x)
		}
	}
	return out
}

// FromText returns the dates English sentences of text state, the first of
// each kind, with the sentence as evidence and no source.
func FromText(text string) []Date {
	var out []Date
	seen := map[string]bool{}
	for _, s := range Sentences(text) {
		for _, x := range fromSentence(s) {
			if !seen[x.Kind] {
				seen[x.Kind] = true
				out = append(out, x)
			}
		}
	}
	return out
}

var (
	reSpace       = regexp.MustCompile(`\s+`)
	reSentenceEnd = regexp.MustCompile(`[.;]\s+(?:[A-Z(\\])`)
	reDate        = regexp.MustCompile(`\b(Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	reEnRoute     = regexp.MustCompile(`(?i)\ben route\b|\bsavings clause\b`)
	reEffective   = regexp.MustCompile(`(?i)\beffective\b`)
	reComments    = regexp.MustCompile(`(?i)\bcomments?\b`)
	reCompliance  = regexp.MustCompile(`(?i)\bcomplian(?:ce|t)\b|\bcomply\b`)
	// A deadline cue close before the date: "received by", "on or before",
	// "no later than", "until", "due:", "extends the deadline ... to".
	reDeadlineCue = regexp.MustCompile(`(?i)\b(?:by|before|no later than|until|through|thru|due|to|ended|close[sd]?|deadline)\b`)
	reMoved       = regexp.MustCompile(`(?i)\b(?:delay|postpone|extend|mov|chang|advanc)`)
	reBetween     = regexp.MustCompile(`^\s*,?\s*(?:to|until)\s+$`)
	rePublished   = regexp.MustCompile(`(?i)\bpublished\b`)
	// A sentence about an earlier document ("That rule was published with a
	// 45-day comment period, which ended on ...") states its dates, not ours.
	reEarlierDoc = regexp.MustCompile(`(?i)\b(?:that|the|this)\s+(?:(?:interim|final|proposed|direct)\s+)*(?:rule|notice|document)\s+was\s+published\b`)
)

// Sentences splits text into sentences with spaces folded. It is simple on
// purpose: Federal Register DATES text is plain prose; "U.S.", "a.m." and
// abbreviated months do not end a sentence.
func Sentences(text string) []string {
	text = strings.TrimSpace(reSpace.ReplaceAllString(text, " "))
	var out []string
	from := 0
	for _, loc := range reSentenceEnd.FindAllStringIndex(text, -1) {
		end := loc[0] + 1
		if end <= from || abbrevEnd(text[from:end]) {
			continue
		}
		out = append(out, strings.TrimSpace(text[from:end]))
		from = end
	}
	if rest := strings.TrimSpace(text[from:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// abbrevs are the words whose period ends no sentence.
var abbrevs = map[string]bool{"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Aug": true, "Sep": true, "Sept": true,
	"Oct": true, "Nov": true, "Dec": true, "U.S": true, "a.m": true, "p.m": true, "No": true, "Nos": true, "Sec": true,
	"Mr": true, "Ms": true, "Dr": true, "Inc": true, "Co": true, "Ltd": true}

// abbrevEnd reports whether s ends in an abbreviation's period. It looks
// at the last word only: a regexp over each sentence costs too much on a
// long body.
func abbrevEnd(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	w := s[strings.LastIndexAny(s, " (")+1 : len(s)-1]
	return abbrevs[w]
}

// sentencesAround returns the sentences of text around each needle
// (lower case ASCII; matched without regard to ASCII case), splitting only
// 2,000 bytes either side: a savings clause is one sentence, and a long
// body need not be split whole. A regexp scan of the body cost 8 ms a
// document; this costs well under one.
func sentencesAround(text string, needles ...string) []string {
	lower := []byte(text)
	for i, c := range lower {
		if 'A' <= c && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	var hits []int
	for _, n := range needles {
		for off := 0; ; {
			i := bytes.Index(lower[off:], []byte(n))
			if i < 0 {
				break
			}
			hits = append(hits, off+i)
			off += i + len(n)
		}
	}
	slices.Sort(hits)
	var out []string
	last := 0
	for _, h := range hits {
		from, to := max(h-2000, last), min(h+2000, len(text))
		if from >= to {
			continue
		}
		out = append(out, Sentences(text[from:to])...)
		last = to
	}
	return out
}

// dateAt is one date found in a sentence.
type dateAt struct {
	on         time.Time
	start, end int
}

func datesIn(s string) []dateAt {
	var out []dateAt
	for _, m := range reDate.FindAllStringSubmatchIndex(s, -1) {
		var y, mo, d int
		if m[2] >= 0 {
			mo = month(s[m[2]:m[3]])
			d, _ = strconv.Atoi(s[m[4]:m[5]])
			y, _ = strconv.Atoi(s[m[6]:m[7]])
		} else {
			mo, _ = strconv.Atoi(s[m[8]:m[9]])
			d, _ = strconv.Atoi(s[m[10]:m[11]])
			y, _ = strconv.Atoi(s[m[12]:m[13]])
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if mo < 1 || mo > 12 || t.Day() != d || y < 1900 || y > 2200 {
			continue // "February 30, 2025" is no date
		}
		out = append(out, dateAt{on: t, start: m[0], end: m[1]})
	}
	return out
}

func month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for i, p := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, p) {
			return i + 1
		}
	}
	return 0
}

// fromSentence reads the dates of one sentence, at most one per kind.
func fromSentence(s string) []Date {
	ds := datesIn(s)
	if len(ds) == 0 || reEarlierDoc.MatchString(s) {
		return nil
	}
	var out []Date
	pick := func(kind string, i int) {
		if i >= 0 {
			out = append(out, Date{Kind: kind, On: ds[i].on, Evidence: s})
		}
	}
	if reEnRoute.MatchString(s) {
		// The clause ends at the last deadline of the sentence ("... exported
		// before May 16, 2025"); the en-route day itself comes earlier.
		last := -1
		for i := range ds {
			if cueBefore(s, ds, i, 0) {
				last = i
			}
		}
		pick(KindSavingsClauseEnd, last)
		return out
	}
	pick(KindEffective, after(s, ds, reEffective, false))
	pick(KindCommentsClose, after(s, ds, reComments, true))
	pick(KindCompliance, after(s, ds, reCompliance, true))
	return out
}

// after returns the index of the first date after a keyword match of re in
// s (or the date right before the keyword), or -1. The text between the keyword (or the previous date) and the
// date must not say "published" (that date is an earlier rule's), and, if
// needCue, must end in a deadline cue. "delayed from X to Y" gives Y.
func after(s string, ds []dateAt, re *regexp.Regexp, needCue bool) int {
	for _, kw := range re.FindAllStringIndex(s, -1) {
		for i, d := range ds {
			if d.start < kw[1] {
				continue
			}
			from := kw[1]
			if i > 0 && ds[i-1].end > from {
				from = ds[i-1].end
			}
			gap := s[from:d.start]
			if len(gap) > 160 || rePublished.MatchString(gap) {
				continue
			}
			if needCue && !cueBefore(s, ds, i, kw[1]) {
				continue
			}
			if i+1 < len(ds) && reMoved.MatchString(s) && reBetween.MatchString(s[d.end:ds[i+1].start]) {
				return i + 1
			}
			return i
		}
		// "... setting a May 15, 2025 compliance date": the date right
		// before the keyword.
		for i := len(ds) - 1; i >= 0; i-- {
			if ds[i].end <= kw[0] && strings.TrimSpace(s[ds[i].end:kw[0]]) == "" {
				return i
			}
		}
	}
	return -1
}

// cueBefore reports whether a deadline cue is in the 48 bytes before date i
// (not reaching back past the previous date or min).
func cueBefore(s string, ds []dateAt, i, min int) bool {
	from := ds[i].start - 48
	if i > 0 && ds[i-1].end > from {
		from = ds[i-1].end
	}
	if from < min {
		from = min
	}
	if from < 0 {
		from = 0
	}
	return reDeadlineCue.MatchString(s[from:ds[i].start])
}

// datesSection is the body's DATES section: from "DATES:" to the next
// caption, or "" if the body has none.
func datesSection(body string) string {
	i := strings.Index(body, "DATES:")
	if i < 0 {
		return ""
	}
	rest := body[i+len("DATES:"):]
	end := len(rest)
	for _, caption := range []string{"ADDRESSES:", "FOR FURTHER INFORMATION CONTACT:", "SUPPLEMENTARY INFORMATION:", "SUMMARY:"} {
		if j := strings.Index(rest, caption); j >= 0 && j < end {
			end = j
		}
	}
	if end > 4000 {
		end = 4000
	}
	return rest[:end]
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
