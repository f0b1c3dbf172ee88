// Package lang guesses whether a text is English or German. It is a cheap
// scorer over stopwords and German letters, good enough to pick a search
// analyzer and to help the classifier; it is not a general language
// identifier and answers "" for anything it cannot tell apart.
package lang

import (
	"strings"
	"unicode"
)

// Languages Detect can return.
const (
	English = "en"
	German  = "de"
)

// maxWords bounds the work per call: the first words decide.
const maxWords = 2000

// Stopwords that are frequent in one language and rare in the other. Words
// that are common in both ("in", "an", "so", "was", "die", "will", "also",
// "man", "war", "hat"…) are left out on purpose.
var (
	englishWords = set("the", "and", "of", "to", "is", "that", "for", "it",
		"with", "as", "on", "are", "be", "by", "this", "from", "at", "or",
		"have", "which", "not", "has", "its", "their", "were", "been", "would",
		"they", "but", "who", "more", "than", "said", "after", "into", "other",
		"these", "such", "should", "could", "about", "under", "new", "all",
		"also", "any", "our", "we", "will", "can", "there", "when", "over")
	germanWords = set("der", "und", "das", "ist", "nicht", "ein", "eine",
		"zu", "den", "dem", "des", "mit", "sich", "auf", "für", "von", "im",
		"auch", "es", "als", "wie", "dass", "daß", "bei", "werden", "wird",
		"sind", "oder", "aber", "nach", "noch", "über", "nur", "einer",
		"eines", "einem", "haben", "sie", "wir", "er", "zum", "zur", "vom",
		"durch", "gegen", "unter", "diese", "dieser", "dieses", "kann",
		"sowie", "seine", "ihre", "mehr", "wurde", "wurden", "soll", "sollen",
		"keine", "einen", "vor", "um", "bis", "sei", "jedoch", "heißt")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Detect returns "en" or "de" for text written mostly in that language, or
// "" when the text is too short or the evidence is too even to decide. It is
// pure and reads at most the first couple of thousand words.
func Detect(text string) string {
	var en, de float64
	words := 0
	for field := range strings.FieldsFuncSeq(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if words >= maxWords {
			break
		}
		words++
		w := strings.ToLower(strings.Trim(field, "'"))
		if englishWords[w] {
			en++
		}
		if germanWords[w] {
			de++
		}
		// Umlauts and ß are strong German evidence; "'s" is English.
		if strings.ContainsAny(w, "äöüß") {
			de += 0.5
		}
		if strings.HasSuffix(w, "'s") {
			en += 0.5
		}
	}
	switch {
	case en+de < 2:
		return ""
	case en >= 2*de && en > de:
		return English
	case de >= 2*en && de > en:
		return German
	case en > de*1.3:
		return English
	case de > en*1.3:
		return German
	}
	return ""
}
