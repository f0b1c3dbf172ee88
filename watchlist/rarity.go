package watchlist

import (
	_ "embed"
	"strconv"
	"strings"
)

// listwords.txt counts, for each distinctive word (by its transliteration
// skeleton) that two or more entries of the consolidated BIS Entity List
// carry, how many entries carry it ("huav 110": Huawei), and for each
// acronym two or more entries go by, how many ("a:siom 3"). Words not in
// it are carried by one entry or none. It is generated from
// testdata/bis_entity_list.json.gz by TestListWords (WATCHLIST_UPDATE=1
// rewrites it) and holds only words and counts.
//
//go:embed listwords.txt
var listWordsFile string

// listWords is listwords.txt read into a map.
var listWords = parseListWords(listWordsFile)

func parseListWords(s string) map[string]int32 {
	m := map[string]int32{}
	for _, line := range strings.Split(s, "\n") {
		w, n, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if c, err := strconv.Atoi(n); err == nil {
			m[w] = int32(c)
		}
	}
	return m
}

// entriesWith is how many listed entries carry a distinctive word: a word
// that one entry carries alone ("Corad", "Kingsemi") names that entry; one
// that fifty carry ("Huawei") names a family of firms.
func entriesWith(skel string) int32 {
	return max(1, listWords[skel])
}
