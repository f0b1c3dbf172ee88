// Package watchlist screens Entity List entries against the parties a team
// watches: its suppliers and customers, each with aliases and a country.
// Matching is explained: every hit carries the names that matched, a score
// and the evidence for it.
//
// Names are compared word by word after normalising (Normalize): legal
// forms dropped, diacritics folded, words sorted, romanised Russian and
// Turkish organisation words mapped to English ("zavod" to "plant"). Words
// pair one to one; a distinctive word ("Huawei") weighs much, a generic
// one ("Technology") or a place ("Beijing") little, and two names that keep
// different places or numbers ("718th", "719th") are two firms. A Screen
// indexes the watched names by their distinctive words, so a screen costs
// the candidates that share one, not parties × entries.
//
// Transliterations pair by a sound skeleton ("Tsingke", "Qingke"; "Salute",
// "Salyut"), Russian adjectives and genitives by their root ("Yaroslavskiy",
// "Yaroslavl"), and adjacent words with the one word that joins them ("Bel
// Huawei", "BellHuawei"). A one-word name may be the other's initials, with
// or without its small words, legal form or place ("MOHA", "YMTC", "AOE"),
// and the full names of state groups read as their acronyms ("China
// Electronics Technology Group" as CETC). How many Entity List entries carry
// a word or go by an acronym (listwords.txt, counted from the BIS list) says
// how much it tells: a name contained in another with a word no other entry
// carries is a hit ("Kingsemi", "Kingsemi Japan"); one whose shared words
// many entries carry and that adds a place is a branch, not a hit ("Huawei
// Device", "Huawei Device (Dongguan)"); an acronym other entries go by too is
// a lead, not a hit.
//
// Spelling variants are scored with Jaro-Winkler and bounded by the
// optimal-string-alignment edit distance, both from github.com/hbollon/go-edlib:
// pure Go, no dependencies, MIT, maintained (v1.7.0, August 2025), with
// the two measures name matching needs (Jaro-Winkler favours the shared
// start of names; the edit distance caps how far a variant may stray),
// where the other served libraries offer Levenshtein only
// (agnivade/levenshtein) or subsequence search (lithammer/fuzzysearch,
// sahilm/fuzzy).
package watchlist

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"
)

// Party is one watched counterparty.
type Party struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Country   string   `json:"country,omitempty"` // ISO 3166-1 alpha-2, upper case; empty if unknown
	Reference string   `json:"reference,omitempty"`
}

// Names returns the party's name followed by its aliases.
func (p Party) Names() []string {
	return append([]string{p.Name}, p.Aliases...)
}

// csvHeader is the header a watchlist CSV file must start with.
var csvHeader = []string{"name", "aliases", "country", "reference"}

// ParseCSV reads parties from CSV with the header name,aliases,country,reference
// (aliases separated by ";", country an ISO 3166-1 code, may be empty). A UTF-8
// byte-order mark is tolerated. Errors name the line of the offending row.
func ParseCSV(r io.Reader) ([]Party, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("watchlist csv: empty file, want header name,aliases,country,reference")
	}
	if err != nil {
		return nil, fmt.Errorf("watchlist csv: header: %w", err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\uFEFF")
	}
	if !sameHeader(head) {
		return nil, fmt.Errorf("watchlist csv: line 1: header is %q, want name,aliases,country,reference", strings.Join(head, ","))
	}
	var out []Party
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("watchlist csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(csvHeader) {
			return nil, fmt.Errorf("watchlist csv: line %d: %d fields, want 4 (name,aliases,country,reference)", line, len(rec))
		}
		p := Party{Name: strings.TrimSpace(rec[0]), Reference: strings.TrimSpace(rec[3])}
		if p.Name == "" {
			return nil, fmt.Errorf("watchlist csv: line %d: empty name", line)
		}
		if Normalize(p.Name) == "" {
			return nil, fmt.Errorf("watchlist csv: line %d: name %q has no words left once legal forms are dropped", line, p.Name)
		}
		for _, a := range strings.Split(rec[1], ";") {
			if a = strings.TrimSpace(a); a != "" {
				p.Aliases = append(p.Aliases, a)
			}
		}
		if c := strings.TrimSpace(rec[2]); c != "" {
			code, err := CountryCode(c)
			if err != nil {
				return nil, fmt.Errorf("watchlist csv: line %d: %w", line, err)
			}
			p.Country = code
		}
		out = append(out, p)
	}
	return out, nil
}

func sameHeader(h []string) bool {
	if len(h) != len(csvHeader) {
		return false
	}
	for i, c := range h {
		if strings.ToLower(strings.TrimSpace(c)) != csvHeader[i] {
			return false
		}
	}
	return true
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// CountryCode checks an ISO 3166-1 code (alpha-2, alpha-3 or numeric) and
// returns its alpha-2 form in upper case ("cn", "CHN" and "156" give "CN").
func CountryCode(s string) (string, error) {
	r, err := language.ParseRegion(strings.TrimSpace(s))
	if err != nil || !r.IsCountry() {
		return "", fmt.Errorf("country %q is not an ISO 3166-1 country code", s)
	}
	if r.String() == "UK" { // reserved for the United Kingdom, whose code is GB
		return "GB", nil
	}
	return r.String(), nil
}
