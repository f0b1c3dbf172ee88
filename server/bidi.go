package server

import "strings"

// bidiControls removes the explicit bidirectional formatting characters of
// Unicode TR9: embeddings and overrides (U+202A–U+202E) and isolates
// (U+2066–U+2069). A crawled title holding U+202E (right-to-left override)
// shows its text reversed and can reverse what follows it; none of them
// has a use in the pages and feeds we render (RTL text lays itself out
// without them), so every rendered page and feed goes through it.
var bidiControls = strings.NewReplacer(
	"\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "",
)

// neutralizeBidi returns s without bidirectional formatting characters.
func neutralizeBidi(s string) string {
	if !strings.ContainsAny(s, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
		return s
	}
	return bidiControls.Replace(s)
}
