package notify

import (
	"log/slog"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// QueryMatcher answers whether a search query matches one document
// version; *index.QueryMatcher implements it. It speaks in doc types so
// that notify links no search engine for a type.
type QueryMatcher interface {
	MatchesDocument(query string, d doc.Document, c doc.Classification, version int) (bool, error)
	// CheckQuery returns what is wrong with a query that does not parse.
	CheckQuery(query string) error
}

// Matcher decides which subscriptions receive an event. It implements
// store.Matcher and runs inside the transaction that writes the event, so
// it does no I/O beyond the in-memory query matcher.
//
// Rules, in order:
//
//  1. Operational events (kind "source") go only to subscriptions with
//     Operational=true whose Sources filter is empty or names the event's
//     source; the other filters do not apply to them.
//  2. Document events whose classification has no label (documents that do
//     not change export controls) go only to subscriptions with a Query:
//     whoever typed words asked for those words, whatever the classifier
//     says. A subscription with only countries/labels/sources filters, or
//     none, does not get unrelated documents.
//  3. Every non-empty filter must match: Countries any-of the document's
//     countries; a document that names no country is worldwide and
//     matches every Countries filter unless the subscription is NamedOnly
//     (then only "worldwide" matches it),
//     Labels any-of, Sources any-of, Query via the QueryMatcher. A query
//     that fails to parse matches nothing and logs a warning.
//  4. A subscription with no filters gets every labelled document event.
//  5. A watchlist hit (kind "watchlist_hit") goes only to the
//     subscriptions that name its watchlist, and they get nothing else.
//     (Checked right after rule 1.)
//
// Feed subscriptions match like any other (the delivery row records what
// their feed shows); the dispatcher marks them sent without pushing.
type Matcher struct {
	query QueryMatcher
	log   *slog.Logger
}

var _ store.Matcher = (*Matcher)(nil)

// newMatcher returns a Matcher; q may be nil (query subscriptions then
// match nothing, with a warning).
func newMatcher(q QueryMatcher, log *slog.Logger) *Matcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Matcher{query: q, log: log}
}

// Match implements store.Matcher.
func (m *Matcher) Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64 {
	var ids []int64
	for _, s := range subs {
		if m.matches(ev, d, c, s) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// matches reports whether one subscription receives the event.
func (m *Matcher) matches(ev doc.Event, d doc.Document, c doc.Classification, s doc.Subscription) bool {
	source := ev.Source
	if source == "" {
		source = d.Source
	}
	if ev.Kind == doc.EventSource {
		return s.Operational && (len(s.Sources) == 0 || anyOf(s.Sources, []string{source}, false))
	}
	if ev.Kind == doc.EventWatchlistHit || s.Watchlist != "" {
		return ev.Kind == doc.EventWatchlistHit && ev.Hit != nil && s.Watchlist == ev.Hit.Watchlist
	}
	labels, countries := c.Labels, c.Countries
	if len(labels) == 0 && len(c.Countries) == 0 {
		labels, countries = ev.Labels, ev.Countries
	}
	if len(labels) == 0 && strings.TrimSpace(s.Query) == "" {
		return false
	}
	if len(s.Sources) > 0 && !anyOf(s.Sources, []string{source}, false) {
		return false
	}
	if len(s.Labels) > 0 && !anyOf(s.Labels, labels, false) {
		return false
	}
	if len(s.Countries) > 0 && !matchCountries(s.Countries, countries, s.NamedOnly) {
		return false
	}
	if q := strings.TrimSpace(s.Query); q != "" {
		if m.query == nil {
			m.log.Warn("query subscription without a query matcher", "subscription_id", s.ID)
			return false
		}
		ok, err := m.query.MatchesDocument(q, d, c, ev.Version)
		if err != nil {
			m.log.Warn("subscription query failed; no match", "subscription_id", s.ID, "document_id", d.ID, "err", err)
			return false
		}
		return ok
	}
	return true
}

// matchCountries: a document naming no country is a worldwide rule and
// reaches every country subscription, unless it opted out (namedOnly) and
// did not ask for "worldwide" itself.
func matchCountries(want, have []string, namedOnly bool) bool {
	if len(have) == 0 && !namedOnly {
		return true
	}
	for _, w := range want {
		if strings.EqualFold(w, doc.Worldwide) && len(have) == 0 {
			return true
		}
	}
	return anyOf(want, have, true)
}

func anyOf(want, have []string, fold bool) bool {
	for _, w := range want {
		for _, h := range have {
			if w == h || (fold && strings.EqualFold(w, h)) {
				return true
			}
		}
	}
	return false
}
