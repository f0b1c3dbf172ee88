package doc

import (
	"fmt"
	"strings"
)

// EventWatchlistHit is the kind of the event that tells a watchlist's
// subscribers that a document lists one of the watched parties. It goes
// only to subscriptions that name the watchlist (Subscription.Watchlist),
// and only they receive it.
const EventWatchlistHit = "watchlist_hit"

// WatchlistHit is what a watchlist_hit event says: which watched party a
// document's Entity List entry names, how well it matched and why.
type WatchlistHit struct {
	Watchlist   string  `json:"watchlist"`
	Party       string  `json:"party"`               // the watched party's name
	Reference   string  `json:"reference,omitempty"` // the user's own reference of the party
	WatchedName string  `json:"watched_name"`        // the party's name or alias that matched
	ListedName  string  `json:"listed_name"`         // the entry's name as the document lists it
	MatchedName string  `json:"matched_name"`        // the entry's name or alias that matched
	Action      string  `json:"action"`              // add | remove | revise (ActionAdd, ...)
	Country     string  `json:"country,omitempty"`   // the entry's country
	Score       float64 `json:"score"`               // 0..1
	Why         string  `json:"why"`                 // how the names matched, in words
	Stage       string  `json:"stage,omitempty"`     // the document's stage when the hit was found
	Citation    string  `json:"citation,omitempty"`  // the document's FR citation, "87 FR 21012"
	// DocumentNumber is the Federal Register document number, "2022-07643".
	DocumentNumber string `json:"document_number,omitempty"`
}

// ActionVerb says what an entry action does to the list: "added to",
// "removed from", "revised on".
func ActionVerb(action string) string {
	switch action {
	case ActionAdd:
		return "added to"
	case ActionRemove:
		return "removed from"
	case ActionRevise:
		return "revised on"
	}
	return "named on"
}

// Summary says the hit in one line: the party, the listed name, the action
// and whether the rule is still on public inspection. The rule itself is
// the event's title.
func (h WatchlistHit) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", h.Party)
	if h.Reference != "" {
		fmt.Fprintf(&b, " (%s)", h.Reference)
	}
	fmt.Fprintf(&b, " matches %q, %s the Entity List", h.ListedName, ActionVerb(h.Action))
	if h.Country != "" {
		fmt.Fprintf(&b, " under %s", h.Country)
	}
	if h.Stage == StagePublicInspection {
		b.WriteString(", on public inspection")
	}
	fmt.Fprintf(&b, " (score %.2f)", h.Score)
	return b.String()
}

// Rule names the document of a hit: its citation or document number, or "".
func (h WatchlistHit) Rule() string {
	switch {
	case h.Citation != "" && h.DocumentNumber != "":
		return h.Citation + " (FR Doc. " + h.DocumentNumber + ")"
	case h.Citation != "":
		return h.Citation
	case h.DocumentNumber != "":
		return "FR Doc. " + h.DocumentNumber
	}
	return ""
}

// maxWatchlistName bounds a watchlist's name.
const maxWatchlistName = 100

// ValidWatchlistName checks a watchlist name: 1 to 100 characters of
// letters, digits, '-', '_' and '.', so it fits in a URL path and a
// command line unquoted.
func ValidWatchlistName(name string) error {
	if name == "" {
		return fmt.Errorf("watchlist name: required")
	}
	if len(name) > maxWatchlistName {
		return fmt.Errorf("watchlist name: longer than %d characters", maxWatchlistName)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("watchlist name %q: use letters, digits, '-', '_' and '.'", name)
		}
	}
	return nil
}
