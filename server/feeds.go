package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/feeds"

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
		name, q.Country = cc, cc
		title, page = s.countryName(cc)+" ("+cc+") — export-control changes", s.cfg.PublicURL+"/countries/"+cc
	}
	return s.eventFeed(w, r, q, format, eventFeedMeta{
		title: "exportwatch: " + title, page: page, id: s.tag("feed/countries/" + name),
		self: s.cfg.PublicURL + "/feeds/countries/" + name + "." + format,
	})
}

func (s *Server) labelFeed(w http.ResponseWriter, r *http.Request) error {
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
// event ID and entry dates are the event's creation time, so two renders of
// the same events are identical.
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
	f := &feeds.Feed{
		Title:       meta.title,
		Link:        &feeds.Link{Href: meta.page},
		Description: "Changes to US export controls on AI chips, as exportwatch sees them.",
		Id:          meta.id,
	}
	for _, ev := range evs {
		f.Items = append(f.Items, s.eventItem(ev))
		if ev.CreatedAt.After(f.Updated) {
			f.Updated = ev.CreatedAt
		}
	}
	return s.writeFeed(w, f, format, meta)
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

func (s *Server) eventItem(ev doc.Event) *feeds.Item {
	link := s.cfg.PublicURL + "/sources"
	if ev.DocumentID != "" {
		link = s.cfg.PublicURL + "/documents/" + url.PathEscape(ev.DocumentID)
	}
	var b strings.Builder
	if ev.Summary != "" {
		b.WriteString("<p>" + html.EscapeString(ev.Summary) + "</p>")
	}
	if len(ev.Labels) > 0 {
		names := make([]string, len(ev.Labels))
		for i, l := range ev.Labels {
			names[i] = labelName(l)
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
	it := &feeds.Item{
		Title:       eventTitle(ev),
		Link:        &feeds.Link{Href: link},
		Description: b.String(),
		Id:          s.tag("event/" + strconv.FormatInt(ev.ID, 10)),
		Created:     ev.CreatedAt.UTC(),
		Updated:     ev.CreatedAt.UTC(),
	}
	if ev.URL != "" {
		it.Source = &feeds.Link{Href: ev.URL}
	}
	return it
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
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: p.URL(s.cfg.PublicURL + "/")},
		Description: "Documents matching a saved exportwatch search, newest first.",
		Id:          s.tag("feed/search?" + key),
	}
	for _, h := range res.Hits {
		it := &feeds.Item{
			Title:       h.Title,
			Link:        &feeds.Link{Href: s.cfg.PublicURL + "/documents/" + url.PathEscape(h.ID)},
			Description: string(s.snippetHTML(h.Snippet)),
			Id:          s.tag("document/" + h.ID),
			Created:     h.Published.UTC(),
			Updated:     h.Published.UTC(),
		}
		if h.URL != "" {
			it.Source = &feeds.Link{Href: h.URL}
		}
		f.Items = append(f.Items, it)
		if h.Published.After(f.Updated) {
			f.Updated = h.Published
		}
	}
	self := s.cfg.PublicURL + "/feeds/search." + format
	if key != "" {
		self += "?" + key
	}
	return s.writeFeed(w, f, format, eventFeedMeta{id: f.Id, self: self})
}

// writeFeed renders f as Atom or JSON Feed. An empty feed is dated at the
// Unix epoch rather than now, so it too renders the same every time.
func (s *Server) writeFeed(w http.ResponseWriter, f *feeds.Feed, format string, meta eventFeedMeta) error {
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0).UTC()
	}
	f.Updated = f.Updated.UTC()
	f.Created = f.Updated
	w.Header().Set("Last-Modified", f.Updated.Format(http.TimeFormat))
	w.Header().Set("Cache-Control", "public, max-age=60")
	switch format {
	case "atom":
		af := (&feeds.Atom{Feed: f}).AtomFeed()
		af.Id = meta.id // not the page link gorilla would use
		out, err := feeds.ToXML(af)
		if err != nil {
			return fmt.Errorf("server: render atom: %w", err)
		}
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		_, err = w.Write([]byte(neutralizeBidi(out)))
		return err
	case "json":
		jf := (&feeds.JSON{Feed: f}).JSONFeed()
		jf.FeedUrl = meta.self
		out, err := jf.ToJSON()
		if err != nil {
			return fmt.Errorf("server: render json feed: %w", err)
		}
		w.Header().Set("Content-Type", "application/feed+json; charset=utf-8")
		_, err = w.Write([]byte(neutralizeBidi(out)))
		return err
	}
	return fmt.Errorf("feed format %q: %w", format, store.ErrNotFound)
}
