package watchlist

import (
	"regexp"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// Entry is one Entity List entry to screen: the listed name, the names BIS
// gives as aliases, the country it is listed under and what the rule does.
type Entry struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Country   string   `json:"country,omitempty"` // ISO 3166-1 alpha-2, as the classifier gives it
	Action    string   `json:"action,omitempty"`  // doc.ActionAdd, doc.ActionRevise or doc.ActionRemove
	Addresses []string `json:"addresses,omitempty"`
	// Ref is the caller's key for the entry (a document number and the
	// entry's position, say); the screen copies it into hits untouched.
	Ref string `json:"ref,omitempty"`
}

// EntryFromEntity converts an entry the classifier extracted from a rule.
func EntryFromEntity(e doc.Entity) Entry {
	return Entry{
		Name:      e.Name,
		Aliases:   e.Aliases,
		Country:   strings.ToUpper(e.Country),
		Action:    e.Action,
		Addresses: e.Addresses,
	}
}

// Names returns the entry's name followed by its aliases.
func (e Entry) Names() []string {
	return append([]string{e.Name}, e.Aliases...)
}

// reAKA finds "a.k.a." and "f.k.a." (formerly known as) inside a name.
var reAKA = regexp.MustCompile(`(?i)[\s,(]*\b[af]\.?\s?k\.?\s?a\.?(?:\s*[,:]|\s|$)`)

// reParenEnd finds a parenthetical that ends a name: "... Company (EBCC)".
var reParenEnd = regexp.MustCompile(`\(([^()]*)\)[\s.,;]*$`)

// variants splits one written name into the names it stands for:
// "Gazmash, AO (f.k.a., Dochernee ... Gazprom)" gives the name before and the
// one after "f.k.a."; "Emal Bilal Construction Company (EBCC)" gives itself,
// and the acronym "EBCC". The first
// variant is the name as written.
func variants(name string) []string {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	out := []string{name}
	var parts []string
	if loc := reAKA.FindAllStringIndex(name, -1); len(loc) > 0 {
		start := 0
		for _, l := range loc {
			parts = append(parts, name[start:l[0]])
			start = l[1]
		}
		parts = append(parts, name[start:])
	} else {
		parts = []string{name}
	}
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		s = strings.TrimSpace(strings.Trim(s, ",;: "))
		if strings.Count(s, "(") != strings.Count(s, ")") {
			s = strings.TrimSpace(strings.Trim(s, "(),;: "))
		}
		if s == "" {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, p := range parts {
		add(p)
		if n := beforeAddress(p); n != "" {
			add(n)
		}
		// a parenthetical at the end may be the name's own acronym; one
		// inside the name belongs to a parent ("CASIC") or is a place
		if m := reParenEnd.FindStringSubmatch(p); m != nil && acronymLike(m[1]) {
			add(m[1])
		}
	}
	return out
}

// acronymLike reports whether a parenthetical is a short name of its own
// ("EBCC", "CETC 38") rather than a place or a note ("Hong Kong").
func acronymLike(s string) bool {
	ws := words(s)
	if len(ws) == 0 || len(ws) > 2 {
		return false
	}
	w := ws[0]
	return len(w) >= 3 && len(w) <= 10 && !commonWords[w] && !legalWords[w] && strings.ToUpper(strings.Fields(s)[0]) == strings.Fields(s)[0]
}

// reSep finds the separators after which an address may start.
var reSep = regexp.MustCompile(`[,.;]\s+`)

// rePostcode finds a postal code: four digits or more.
var rePostcode = regexp.MustCompile(`\d{4,}`)

// addressWords mark the words of a street address.
var addressWords = set(`street str st ave avenue road rd lane building bldg bld floor room
	district office village oblast province blvd boulevard prospekt prospect ulitsa ul unit suite`)

// beforeAddress returns the name before an address written into it, or "":
// BIS writes some aliases with their address ("BellHuawei Technologies LLC.
// 5 Dzerzhinsky Ave., Minsk, 220036, Belarus"). The address starts at the
// first separator whose next part has a digit or a street word, when the
// rest has a street word or a postal code.
func beforeAddress(name string) string {
	locs := reSep.FindAllStringIndex(name, -1)
	for k, l := range locs {
		end := len(name)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		part, rest := name[l[1]:end], name[l[1]:]
		if !strings.ContainsAny(part, "0123456789") && !hasAddressWord(part) {
			continue
		}
		if hasAddressWord(rest) || rePostcode.MatchString(rest) {
			return strings.TrimSpace(name[:l[0]])
		}
	}
	return ""
}

func hasAddressWord(s string) bool {
	for _, w := range words(s) {
		if addressWords[w] {
			return true
		}
	}
	return false
}
