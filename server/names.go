package server

import (
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// labelName is the display name of a label.
func labelName(l string) string { return doc.LabelName(l) }

// agencyNames are the display names of the Federal Register agency slugs
// exportwatch meets most; agencyName spells out any other slug.
var agencyNames = map[string]string{
	"industry-and-security-bureau":       "Bureau of Industry and Security",
	"commerce-department":                "Commerce Department",
	"foreign-assets-control-office":      "Office of Foreign Assets Control",
	"state-department":                   "State Department",
	"treasury-department":                "Treasury Department",
	"defense-department":                 "Defense Department",
	"executive-office-of-the-president":  "Executive Office of the President",
	"international-trade-administration": "International Trade Administration",
}

// agencyName is the display name of a Federal Register agency slug
// ("industry-and-security-bureau" -> "Bureau of Industry and Security").
// A value that is already a name is returned as is.
func agencyName(slug string) string {
	if n, ok := agencyNames[slug]; ok {
		return n
	}
	if strings.ContainsAny(slug, " ") || !strings.Contains(slug, "-") {
		return slug
	}
	words := strings.Split(slug, "-")
	for i, w := range words {
		switch {
		case i > 0 && (w == "and" || w == "of" || w == "the" || w == "for" || w == "on"):
		case w != "":
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// countryName is the English short name of an ISO 3166-1 alpha-2 code, or
// the code itself.
func (s *Server) countryName(cc string) string {
	if cc == doc.Worldwide {
		return "Worldwide"
	}
	if n, ok := s.countries[strings.ToUpper(cc)]; ok {
		return n
	}
	return cc
}

// validCountry reports whether cc is two upper-case ASCII letters (any ISO
// code, known to the name table or not) or "worldwide".
func validCountry(cc string) bool { return cc == doc.Worldwide || doc.ValidCountryCode(cc) }
