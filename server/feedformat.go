package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/feeds"

	"github.com/exportwatch/exportwatch/store"
)

// feedData is one feed before it is rendered as Atom or JSON Feed.
type feedData struct {
	Title, Subtitle string
	ID              string // tag: URI
	Page, Self      string // the HTML page it mirrors; the feed's own URL
	Items           []feedItem
}

// feedItem is one entry.
type feedItem struct {
	ID, Title, Link string
	Via             string // the original document upstream
	Author          string // the agency or source that published it
	SummaryHTML     string
	Published       time.Time
	Updated         time.Time
	Categories      []feedCategory
}

type feedCategory struct{ Term, Label string }

// updated is the feed's updated date: its newest entry's, or the Unix
// epoch for an empty feed, so a feed renders the same every time.
func (f feedData) updated() time.Time {
	var u time.Time
	for _, it := range f.Items {
		if it.Updated.After(u) {
			u = it.Updated
		}
	}
	if u.IsZero() {
		u = time.Unix(0, 0)
	}
	return u.UTC()
}

// Atom 1.0 (RFC 4287). gorilla/feeds' Atom writer has one feed link, no
// <published> and no category attributes, so the Atom side is written
// here; the JSON Feed side uses gorilla's types.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
}

func (s *Server) atom(f feedData) ([]byte, error) {
	af := atomFeed{
		Title: f.Title, Subtitle: f.Subtitle, ID: f.ID,
		Updated: f.updated().Format(time.RFC3339),
		Links: []atomLink{
			{Href: f.Self, Rel: "self", Type: "application/atom+xml"},
			{Href: f.Page, Rel: "alternate", Type: "text/html"},
		},
		// RFC 4287 §4.1.1: a feed without an author needs one in every entry.
		Author:    atomPerson{Name: "exportwatch", URI: s.cfg.PublicURL + "/"},
		Generator: "exportwatch",
	}
	for _, it := range f.Items {
		e := atomEntry{
			Title: it.Title, ID: it.ID,
			Published: it.Published.UTC().Format(time.RFC3339),
			Updated:   it.Updated.UTC().Format(time.RFC3339),
			Links:     []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
		}
		if it.Via != "" {
			e.Links = append(e.Links, atomLink{Href: it.Via, Rel: "via"})
		}
		if it.Author != "" {
			e.Author = &atomPerson{Name: it.Author}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c.Term, Label: c.Label})
		}
		if it.SummaryHTML != "" {
			e.Summary = &atomText{Type: "html", Body: it.SummaryHTML}
		}
		af.Entries = append(af.Entries, e)
	}
	out, err := xml.MarshalIndent(af, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

func (s *Server) jsonFeed(f feedData) ([]byte, error) {
	jf := &feeds.JSONFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: f.Title, Description: f.Subtitle,
		HomePageUrl: f.Page, FeedUrl: f.Self,
		Authors: []*feeds.JSONAuthor{{Name: "exportwatch", Url: s.cfg.PublicURL + "/"}},
	}
	for _, it := range f.Items {
		pub, upd := it.Published.UTC(), it.Updated.UTC()
		ji := &feeds.JSONItem{
			Id: it.ID, Url: it.Link, ExternalUrl: it.Via, Title: it.Title, ContentHTML: it.SummaryHTML,
			PublishedDate: &pub, ModifiedDate: &upd,
		}
		if it.Author != "" {
			ji.Authors = []*feeds.JSONAuthor{{Name: it.Author}}
		}
		for _, c := range it.Categories {
			ji.Tags = append(ji.Tags, c.Term)
		}
		jf.Items = append(jf.Items, ji)
	}
	out, err := jf.ToJSON()
	return []byte(out), err
}

// writeFeed renders f as Atom or JSON Feed.
func (s *Server) writeFeed(w http.ResponseWriter, f feedData, format string) error {
	var (
		out []byte
		err error
		ct  string
	)
	switch format {
	case "atom":
		ct = "application/atom+xml; charset=utf-8"
		out, err = s.atom(f)
	case "json":
		ct = "application/feed+json; charset=utf-8"
		out, err = s.jsonFeed(f)
	default:
		return fmt.Errorf("feed format %q: %w", format, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("server: render %s feed: %w", format, err)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Last-Modified", f.updated().Format(http.TimeFormat))
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, err = w.Write([]byte(neutralizeBidi(string(out))))
	return err
}
