package server

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// Feed sizes: the newest feedItems events, or up to feedItemsSince when a
// reader catches up with ?since=.
const (
	feedItems      = 100
	feedItemsSince = 1000
	// tagDate is the date part of every tag: URI (RFC 4151). It never
	// changes, so IDs are stable forever.
	tagDate = "2025"
)

// feedFormat splits "CN.atom" into ("CN", "atom").
func feedFormat(file string) (name, format string, err error) {
	for _, ext := range []string{"atom", "json"} {
		if n, ok := strings.CutSuffix(file, "."+ext); ok && n != "" {
			return n, ext, nil
		}
	}
	return "", "", fmt.Errorf("%q: feeds end in .atom or .json: %w", file, store.ErrNotFound)
}

// tag builds a stable tag: URI (RFC 4151) under this server's host name.
func (s *Server) tag(specific string) string {
	host := s.base.Hostname()
	if host == "" {
		host = "exportwatch"
	}
	return "tag:" + host + "," + tagDate + ":" + specific
}

func (s *Server) countryFeed(w http.ResponseWriter, r *http.Request) error {
	if cc, ok := strings.CutSuffix(r.PathValue("file"), ".ics"); ok {
		return s.countryCalendar(w, r, cc)
	}
	name, format, err := feedFormat(r.PathValue("file"))
	if err != nil {
		return err
	}
	q := store.EventQuery{}
	var title, page string
	if strings.EqualFold(name, doc.Worldwide) {
		q.Worldwide = true
		name = doc.Worldwide
		title, page = "Worldwide changes (no country named)", s.cfg.PublicURL+"/"
	} else {
		cc := strings.ToUpper(name)
		if !validCountry(cc) {
			return fmt.Errorf("%w: %q is not an ISO 3166-1 alpha-2 country code", errBadRequest, name)
		}
		name, q.Country, q.WithWorldwide = cc, cc, true
		title, page = s.countryName(cc)+" ("+cc+") — export-control changes", s.cfg.PublicURL+"/countries/"+cc
	}
	return s.eventFeed(w, r, q, format, eventFeedMeta{
		title: "exportwatch: " + title, page: page, id: s.tag("feed/countries/" + name),
		self: s.cfg.PublicURL + "/feeds/countries/" + name + "." + format,
	})
}

func (s *Server) labelFeed(w http.ResponseWriter, r *http.Request) error {
	if label, ok := strings.CutSuffix(r.PathValue("file"), ".ics"); ok {
		return s.labelCalendar(w, r, label)
	}
	label, format, err := feedFormat(r.PathValue("file"))
	if err != nil {
		return err
	}
	if !slices.Contains(doc.Labels, label) {
		return fmt.Errorf("label %q: %w", label, store.ErrNotFound)
	}
	page := searchParams{Labels: []string{label}, Sort: "newest", Page: 1, Limit: defaultPageSize}.URL(s.cfg.PublicURL + "/")
	return s.eventFeed(w, r, store.EventQuery{Label: label}, format, eventFeedMeta{
		title: "exportwatch: " + labelName(label), page: page, id: s.tag("feed/labels/" + label),
		self: s.cfg.PublicURL + "/feeds/labels/" + label + "." + format,
	})
}

func (s *Server) allFeed(w http.ResponseWriter, r *http.Request) error {
	format := strings.TrimPrefix(r.URL.Path[strings.LastIndex(r.URL.Path, "."):], ".")
	return s.eventFeed(w, r, store.EventQuery{}, format, eventFeedMeta{
		title: "exportwatch: all changes", page: s.cfg.PublicURL + "/", id: s.tag("feed/all"),
		self: s.cfg.PublicURL + "/feeds/all." + format,
	})
}

type eventFeedMeta struct{ title, page, id, self string }

// eventFeed renders store events as a feed. Entry IDs are tag: URIs of the
// event ID; entry dates come from the document (feedDates), so two
// renders of the same events are identical and a 2022 rule is dated 2022.
func (s *Server) eventFeed(w http.ResponseWriter, r *http.Request, q store.EventQuery, format string, meta eventFeedMeta) error {
	since, err := parseSince(r)
	if err != nil {
		return err
	}
	q.Since, q.Limit = since, feedItems
	if !since.IsZero() {
		q.Limit = feedItemsSince
	}
	evs, err := s.deps.Store.Events(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: feed events: %w", err)
	}
	f := feedData{
		Title: meta.title, Page: meta.page, ID: meta.id, Self: meta.self,
		Subtitle: "Changes to US export controls on AI chips, as exportwatch sees them.",
	}
	versions := map[string]docAtVersion{}
	for _, ev := range evs {
		var at docAtVersion
		if ev.DocumentID != "" {
			key := ev.DocumentID + "\x00" + strconv.Itoa(ev.Version)
			var ok bool
			if at, ok = versions[key]; !ok {
				d, _, err := s.deps.Store.DocumentVersion(r.Context(), ev.DocumentID, ev.Version)
				switch {
				case err == nil:
					at = docAtVersion{d: d, ok: true}
				case !errors.Is(err, store.ErrNotFound):
					return fmt.Errorf("server: feed: %w", err)
				}
				versions[key] = at
			}
		}
		f.Items = append(f.Items, s.eventItem(ev, at))
	}
	return s.writeFeed(w, f, format)
}

// docAtVersion is the document an event is about, as it read at the
// event's version (ok false for operational events).
type docAtVersion struct {
	d  doc.Document
	ok bool
}

func eventTitle(ev doc.Event) string {
	switch ev.Kind {
	case doc.EventNew:
		return ev.Title
	case doc.EventUpdated:
		return "Updated (version " + strconv.Itoa(ev.Version) + "): " + ev.Title
	case doc.EventPublished:
		return "Published: " + ev.Title
	case doc.EventSource:
		return "Source " + ev.Source + ": " + ev.Title
	}
	return ev.Title
}

// feedDates are an entry's Atom dates (RFC 4287 §4.2.9, §4.2.15):
// published is the document's publication date (its filing time while on
// public inspection); updated is the last change of its content as far as
// exportwatch can know it: the publication date for a new or newly
// published document, and the time the changed version was fetched for
// an update (the Federal Register dates no correction otherwise). Neither
// is the time of the crawl that first saw an old document.
func feedDates(ev doc.Event, at docAtVersion) (published, updated time.Time) {
	published = ev.CreatedAt
	if at.ok && !at.d.Published.IsZero() {
		published = at.d.Published
	}
	updated = published
	if ev.Kind == doc.EventUpdated && ev.CreatedAt.After(published) {
		updated = ev.CreatedAt
	}
	return published.UTC(), updated.UTC()
}

func (s *Server) eventItem(ev doc.Event, at docAtVersion) feedItem {
	link := s.cfg.PublicURL + "/sources"
	if ev.DocumentID != "" {
		link = s.cfg.PublicURL + "/documents/" + url.PathEscape(ev.DocumentID)
	}
	it := feedItem{
		ID:     s.tag("event/" + strconv.FormatInt(ev.ID, 10)),
		Title:  eventTitle(ev),
		Link:   link,
		Via:    ev.URL,
		Author: ev.Source,
	}
	it.Published, it.Updated = feedDates(ev, at)
	var b strings.Builder
	if at.ok {
		d := at.d
		if len(d.Agencies) > 0 {
			it.Author = agencyName(d.Agencies[0])
		}
		if d.Stage == doc.StagePublicInspection {
			it.Title = "On public inspection: " + it.Title
			it.Categories = append(it.Categories, feedCategory{Term: doc.StagePublicInspection, Label: "Public inspection"})
			b.WriteString("<p><strong>" + html.EscapeString(publicInspectionLine(d)) + "</strong></p>")
		}
	}
	if ev.DocumentID != "" && len(ev.Countries) == 0 && len(ev.Labels) > 0 {
		it.Categories = append(it.Categories, feedCategory{Term: doc.Worldwide, Label: "Worldwide"})
		b.WriteString("<p><strong>Worldwide:</strong> names no country; it changes the rules for every country.</p>")
	}
	if ev.Summary != "" {
		b.WriteString("<p>" + html.EscapeString(ev.Summary) + "</p>")
	}
	if len(ev.Labels) > 0 {
		names := make([]string, len(ev.Labels))
		for i, l := range ev.Labels {
			names[i] = labelName(l)
			it.Categories = append(it.Categories, feedCategory{Term: l, Label: labelName(l)})
		}
		b.WriteString("<p>Labels: " + html.EscapeString(strings.Join(names, ", ")) + "</p>")
	}
	if len(ev.Countries) > 0 {
		names := make([]string, len(ev.Countries))
		for i, cc := range ev.Countries {
			names[i] = s.countryName(cc) + " (" + cc + ")"
		}
		b.WriteString("<p>Countries: " + html.EscapeString(strings.Join(names, ", ")) + "</p>")
	}
	if ev.URL != "" {
		b.WriteString(`<p><a href="` + html.EscapeString(ev.URL) + `">Source document</a></p>`)
	}
	it.SummaryHTML = b.String()
	return it
}

// publicInspectionLine says what a document on public inspection is:
// filed, not yet published.
func publicInspectionLine(d doc.Document) string {
	line := "On public inspection since " + fmtDateTime(d.Published)
	if d.ToBePublished != nil && !d.ToBePublished.IsZero() {
		return line + ", to be published in the Federal Register on " + fmtDate(*d.ToBePublished) + "."
	}
	return line + "; not yet published in the Federal Register."
}

// searchFeed renders a saved search as a feed: the newest matching
// documents, each with a tag: URI of its document ID and its publication
// date.
func (s *Server) searchFeed(w http.ResponseWriter, r *http.Request) error {
	format := strings.TrimPrefix(r.URL.Path[strings.LastIndex(r.URL.Path, "."):], ".")
	p, err := parseSearch(r)
	if err != nil {
		return err
	}
	since, err := parseSince(r)
	if err != nil {
		return err
	}
	p.Page, p.Limit, p.Sort = 1, 50, "newest"
	q := p.Query()
	if !since.IsZero() && since.After(q.From) {
		q.From = since
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: search feed: %w", err)
	}
	v := p.Values()
	v.Del("sort")
	key := v.Encode()
	title := "exportwatch search"
	if p.Q != "" {
		title += ": " + p.Q
	}
	f := feedData{
		Title:    title,
		Page:     p.URL(s.cfg.PublicURL + "/"),
		Subtitle: "Documents matching a saved exportwatch search, newest first.",
		ID:       s.tag("feed/search?" + key),
		Self:     s.cfg.PublicURL + "/feeds/search." + format,
	}
	if key != "" {
		f.Self += "?" + key
	}
	for _, h := range res.Hits {
		it := feedItem{
			ID:          s.tag("document/" + h.ID),
			Title:       h.Title,
			Link:        s.cfg.PublicURL + "/documents/" + url.PathEscape(h.ID),
			Via:         h.URL,
			Author:      h.Source,
			SummaryHTML: string(s.snippetHTML(cleanSnippet(h.Snippet))),
			Published:   h.Published.UTC(),
			Updated:     h.Published.UTC(),
		}
		for _, l := range h.Labels {
			it.Categories = append(it.Categories, feedCategory{Term: l, Label: labelName(l)})
		}
		f.Items = append(f.Items, it)
	}
	return s.writeFeed(w, f, format)
}
