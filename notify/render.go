package notify

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/exportwatch/exportwatch/doc"
)

// maxEntities is how many entities a single alert lists before "+N more".
const maxEntities = 10

// Renderer turns notifications into the parts every channel needs: titles,
// links to our document pages, labels, countries, dates and digests.
type Renderer struct {
	// PublicURL is the base URL of the exportwatch server
	// ("https://exportwatch.example.org"); document links point to
	// PublicURL + "/documents/{id}". Empty: no links to our pages.
	PublicURL string
}

// DocumentPage returns the URL of the document's page on our server, or "".
func (r Renderer) DocumentPage(id string) string {
	if r.PublicURL == "" || id == "" {
		return ""
	}
	return strings.TrimRight(r.PublicURL, "/") + "/documents/" + url.PathEscape(id)
}

// flag returns the flag emoji of an ISO 3166-1 alpha-2 code, or "".
func flag(cc string) string {
	if len(cc) != 2 {
		return ""
	}
	cc = strings.ToUpper(cc)
	if cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return ""
	}
	return string([]rune{0x1F1E6 + rune(cc[0]-'A'), 0x1F1E6 + rune(cc[1]-'A')})
}

// CountryList renders "🇨🇳 CN, 🇹🇼 TW" or "worldwide".
func CountryList(ccs []string) string {
	if len(ccs) == 0 {
		return "worldwide"
	}
	parts := make([]string, len(ccs))
	for i, cc := range ccs {
		parts[i] = strings.TrimSpace(flag(cc) + " " + cc)
	}
	return strings.Join(parts, ", ")
}

// LabelList renders labels by display name, or "unlabelled".
func LabelList(ls []string) string {
	if len(ls) == 0 {
		return "unlabelled"
	}
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = doc.LabelName(l)
	}
	return strings.Join(parts, ", ")
}

// Headline says what happened: "New", "Updated (version 2)", "Published", "Date moved (version 2)", "Reminder", "Source".
func Headline(ev doc.Event) string {
	switch ev.Kind {
	case doc.EventNew:
		return "New"
	case doc.EventUpdated:
		return fmt.Sprintf("Updated (version %d)", ev.Version)
	case doc.EventPublished:
		return "Published"
	case doc.EventDateChanged:
		return fmt.Sprintf("Date moved (version %d)", ev.Version)
	case doc.EventReminder:
		return "Reminder"
	case doc.EventSource:
		return "Source " + ev.Source
	case doc.EventWatchlistHit:
		if ev.Hit != nil && ev.Hit.Stage == doc.StagePublicInspection {
			return "Watchlist hit on public inspection"
		}
		return "Watchlist hit"
	}
	return ev.Kind
}

// HitLines says what a watchlist hit is, one line each: the watched party,
// the listed name and the action, the rule (citation or document number,
// title, and "on public inspection" while it is), and the match. Nil for
// any other event.
func (it Item) HitLines() []string {
	h := it.Event.Hit
	if h == nil {
		return nil
	}
	party := h.Party
	if h.Reference != "" {
		party += " (your reference " + h.Reference + ")"
	}
	listed := fmt.Sprintf("%q %s the Entity List", h.ListedName, doc.ActionVerb(h.Action))
	if h.Country != "" {
		listed += " under " + strings.TrimSpace(flag(h.Country)+" "+h.Country)
	}
	rule := it.Event.Title
	if it.Document.Title != "" {
		rule = it.Document.Title
	}
	if r := h.Rule(); r != "" {
		rule = r + " " + rule
	}
	if h.Stage == doc.StagePublicInspection {
		rule += ", on public inspection"
	}
	match := fmt.Sprintf("score %.2f", h.Score)
	if h.MatchedName != "" && h.MatchedName != h.ListedName {
		match += fmt.Sprintf(", via the listed alias %q", h.MatchedName)
	}
	if h.Why != "" {
		match += "; " + h.Why
	}
	return []string{
		"Watched party (list " + h.Watchlist + "): " + party,
		"Listed: " + listed,
		"Rule: " + rule,
		"Match: " + Truncate(match, 400),
	}
}

// Title returns the event's title, falling back to the document's; a
// watchlist hit's title names the watched party first.
func (it Item) Title() string {
	if h := it.Event.Hit; h != nil {
		t := it.Event.Title
		if t == "" {
			t = it.Document.Title
		}
		return h.Party + " — " + t
	}
	if it.Event.Title != "" {
		return it.Event.Title
	}
	if it.Document.Title != "" {
		return it.Document.Title
	}
	return it.Event.DocumentID
}

// Link is the document's upstream URL.
func (it Item) Link() string {
	if it.Event.URL != "" {
		return it.Event.URL
	}
	return it.Document.URL
}

// Labels are the classification's labels, else the event's.
func (it Item) Labels() []string {
	if len(it.Classification.Labels) > 0 {
		return it.Classification.Labels
	}
	return it.Event.Labels
}

// Countries are the classification's countries, else the event's.
func (it Item) Countries() []string {
	if len(it.Classification.Countries) > 0 {
		return it.Classification.Countries
	}
	return it.Event.Countries
}

// DateLine is "Published 2025-01-16" or "Public inspection 2025-01-15".
func (it Item) DateLine() string {
	d := it.Document
	if d.Published.IsZero() {
		return ""
	}
	if d.Stage == doc.StagePublicInspection {
		return "Public inspection " + d.Published.Format(time.DateOnly)
	}
	return "Published " + d.Published.Format(time.DateOnly)
}

// Effective is the effective date, YYYY-MM-DD, or "".
func (it Item) Effective() string {
	if it.Document.EffectiveOn == nil || it.Document.EffectiveOn.IsZero() {
		return ""
	}
	return it.Document.EffectiveOn.Format(time.DateOnly)
}

// Evidence is the first evidence sentence (or the event summary), capped;
// a moved date or a reminder shows its summary, which says which date.
func (it Item) Evidence() string {
	s := it.Event.Summary
	for _, e := range it.Classification.Evidence {
		if it.Event.Kind == doc.EventDateChanged || it.Event.Kind == doc.EventReminder {
			break // the summary says which date moved or is near
		}
		if strings.TrimSpace(e.Text) != "" {
			s = e.Text
			break
		}
	}
	return Truncate(strings.Join(strings.Fields(s), " "), 600)
}

// EntityLines lists up to maxEntities entities and a "+N more" line.
func (it Item) EntityLines() []string {
	es := it.Classification.Entities
	var out []string
	for i, e := range es {
		if i == maxEntities {
			out = append(out, fmt.Sprintf("+%d more", len(es)-maxEntities))
			break
		}
		line := e.Name
		if e.Country != "" {
			line += " (" + strings.TrimSpace(flag(e.Country)+" "+e.Country) + ")"
		}
		if e.Action != "" {
			line = e.Action + ": " + line
		}
		out = append(out, line)
	}
	return out
}

// Truncate cuts s to n runes, the last one an ellipsis.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// DigestGroup is the items of a digest that concern one set of
// countries.
type DigestGroup struct {
	Countries []string // upper-case ISO codes, sorted; none: worldwide
	Items     []Item
}

// GroupDigest groups items by the set of countries each concerns (its
// Countries), so that every item appears exactly once, with its labels on
// its own line rather than as sections: groups in the order of their
// sorted codes ("CN" before "CN, TW" before "TW"), worldwide last; items
// keep their order inside a group.
func GroupDigest(items []Item) []DigestGroup {
	index := map[string]int{}
	var out []DigestGroup
	for _, it := range items {
		ccs := make([]string, 0, len(it.Countries()))
		for _, cc := range it.Countries() {
			ccs = append(ccs, strings.ToUpper(cc))
		}
		sort.Strings(ccs)
		ccs = slices.Compact(ccs)
		key := strings.Join(ccs, ",")
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, DigestGroup{Countries: ccs})
		}
		out[i].Items = append(out[i].Items, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Countries, out[j].Countries
		if (len(a) == 0) != (len(b) == 0) {
			return len(b) == 0
		}
		return slices.Compare(a, b) < 0
	})
	return out
}

// GroupHeading is a digest group's heading: "🇨🇳 CN · 🇹🇼 TW", or
// "Worldwide" for none.
func GroupHeading(ccs []string) string {
	if len(ccs) == 0 {
		return "Worldwide"
	}
	parts := make([]string, len(ccs))
	for i, cc := range ccs {
		parts[i] = strings.TrimSpace(flag(cc) + " " + cc)
	}
	return strings.Join(parts, " · ")
}

// DigestHeading is a digest's first line: its title and what it counts,
// "exportwatch backfill: published since 2025-01-01: 12 documents" or
// "exportwatch daily digest: 3 changes".
func DigestHeading(n Notification) string {
	t := n.Title
	if t == "" {
		t = "exportwatch digest"
	}
	if n.Backfill {
		return fmt.Sprintf("%s: %d %s", t, len(n.Items), Plural(len(n.Items), "document", "documents"))
	}
	return fmt.Sprintf("%s: %d %s", t, len(n.Items), Plural(len(n.Items), "change", "changes"))
}

// Subject is a one-line summary: the e-mail subject and Slack fallback text.
func (r Renderer) Subject(n Notification) string {
	switch {
	case n.Test:
		return "exportwatch test message for " + QuoteName(n.Subscription.Name)
	case n.Digest || len(n.Items) != 1:
		return DigestHeading(n)
	}
	it := n.Items[0]
	if it.Event.Kind == doc.EventSource {
		return "exportwatch: source " + it.Event.Source + ": " + Truncate(it.Event.Summary, 120)
	}
	return fmt.Sprintf("%s: %s [%s; %s]", Headline(it.Event), Truncate(it.Title(), 160), LabelList(it.Labels()), strings.Join(orWorldwide(it.Countries()), ", "))
}

// orWorldwide is ccs, or ["worldwide"] when it is empty.
func orWorldwide(ccs []string) []string {
	if len(ccs) == 0 {
		return []string{"worldwide"}
	}
	return ccs
}

// QuoteName quotes a subscription name for a message.
func QuoteName(s string) string {
	if s == "" {
		return "(unnamed subscription)"
	}
	return fmt.Sprintf("%q", s)
}

// Plural picks the word for n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sampleItem is the made-up event a test message shows.
func sampleItem(now time.Time) Item {
	eff := now.AddDate(0, 0, 30).UTC().Truncate(24 * time.Hour)
	d := doc.Document{
		ID: "fr:0000-00000", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
		Title:       "Additions to the Entity List (sample)",
		URL:         "https://www.federalregister.gov/",
		Published:   now.UTC().Truncate(24 * time.Hour),
		EffectiveOn: &eff,
	}
	c := doc.Classification{
		Labels:    []string{doc.LabelEntityAddition},
		Countries: []string{"CN"},
		Entities:  []doc.Entity{{Action: doc.ActionAdd, Name: "Example Semiconductor Co., Ltd.", Country: "CN"}},
		Evidence:  []doc.Evidence{{Label: doc.LabelEntityAddition, Text: "This rule adds one entity under the destination of China to the Entity List. (sample)"}},
	}
	ev := doc.Event{DocumentID: d.ID, Version: 1, Kind: doc.EventNew, Source: d.Source, Title: d.Title, URL: d.URL,
		Labels: c.Labels, Countries: c.Countries, CreatedAt: now}
	return Item{Event: ev, Document: d, Classification: c}
}
