package press

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
	"juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
	"october": 10, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12, "mär": 3,
}

const monthRE = `(januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december|jan|feb|mär|mar|apr|jun|jul|aug|sept|sep|oct|okt|nov|dec|dez)`

// Date patterns found inside free text; each yields (day, month, year) groups
// in the order given by its fields.
var datePatterns = []struct {
	re               *regexp.Regexp
	day, month, year int
}{
	{regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`), 3, 2, 1},
	{regexp.MustCompile(`(?i)\b(\d{1,2})\.\s*` + monthRE + `\.?\s+(\d{4})\b`), 1, 2, 3}, // 12. Februar 2025
	{regexp.MustCompile(`(?i)\b` + monthRE + `\.?\s+(\d{1,2}),?\s+(\d{4})\b`), 2, 1, 3}, // May 13, 2025
	{regexp.MustCompile(`(?i)\b(\d{1,2})\s+` + monthRE + `\.?\s+(\d{4})\b`), 1, 2, 3},   // 13 May 2025
	{regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`), 1, 2, 3},                  // 12.02.2025
}

var fixedLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04",
	time.RFC1123Z, time.RFC1123, "2006-01-02",
}

// parseDate reads a publication date: the configured layouts first, then
// common machine formats, then the first English or German date found in
// the text ("FOR IMMEDIATE RELEASE | May 13, 2025", "12. Februar 2025").
// Dates without a zone are taken as UTC; the result is in UTC.
func parseDate(s string, layouts []string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range append(append([]string(nil), layouts...), fixedLayouts...) {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return findDate(s)
}

// findDate returns the earliest date written in text.
func findDate(text string) (time.Time, bool) {
	best, bestAt := time.Time{}, -1
	for _, p := range datePatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(text, 4) {
			if bestAt >= 0 && m[0] >= bestAt {
				break
			}
			g := func(i int) string { return text[m[2*i]:m[2*i+1]] }
			day, _ := strconv.Atoi(g(p.day))
			year, _ := strconv.Atoi(g(p.year))
			var month time.Month
			if n, err := strconv.Atoi(g(p.month)); err == nil {
				month = time.Month(n)
			} else {
				month = months[strings.ToLower(g(p.month))]
			}
			if month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200 {
				continue
			}
			t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
			if t.Day() != day { // 31 February
				continue
			}
			best, bestAt = t, m[0]
			break
		}
	}
	return best, bestAt >= 0
}
