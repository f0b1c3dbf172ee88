package server

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// dossierLimit caps each section of a country dossier.
const dossierLimit = 100

// dossier is what the archive shows about one country.
type dossier struct {
	Country   string `json:"country"`
	Name      string `json:"name"`
	Documents uint64 `json:"documents"` // documents whose classification names the country
	// Worldwide counts the labelled documents that name no country: rules
	// that change every country's position, listed here marked "worldwide".
	Worldwide     int             `json:"worldwide"`
	TierHistory   []tierEntry     `json:"tier_history"`
	EntityChanges []entityChange  `json:"entity_changes"`
	Latest        []dossierDocRef `json:"latest"`
	Feeds         feedLinks       `json:"feeds"`
	SubscribeURL  string          `json:"subscribe_url"`
}

type dossierDocRef struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
	Labels    []string  `json:"labels"`
	Worldwide bool      `json:"worldwide,omitempty"` // names no country: applies to every country
}

// tierEntry is one document labelled tier_change that names the country,
// with the evidence sentences behind the label.
type tierEntry struct {
	dossierDocRef
	Citation string   `json:"citation,omitempty"`
	Evidence []string `json:"evidence"`
}

// entityChange is one Entity List entry for the country that a document
// adds, removes or revises.
type entityChange struct {
	DocumentID string    `json:"document_id"`
	Title      string    `json:"title"`
	Published  time.Time `json:"published"`
	Citation   string    `json:"citation,omitempty"`
	Action     string    `json:"action"`
	Name       string    `json:"name"`
	Aliases    []string  `json:"aliases,omitempty"`
}

type feedLinks struct {
	Atom string `json:"atom"`
	JSON string `json:"json"`
}

func refOf(h index.Hit) dossierDocRef {
	labels := h.Labels
	if labels == nil {
		labels = []string{}
	}
	return dossierDocRef{ID: h.ID, Title: h.Title, Source: h.Source, URL: h.URL, Published: h.Published, Labels: labels}
}

// dossier builds a country's dossier from the index (which documents) and
// the store (their evidence and entities).
func (s *Server) dossier(ctx context.Context, cc string) (dossier, error) {
	d := dossier{
		Country:       cc,
		Name:          s.countryName(cc),
		TierHistory:   []tierEntry{},
		EntityChanges: []entityChange{},
		Latest:        []dossierDocRef{},
		Feeds: feedLinks{
			Atom: s.cfg.PublicURL + "/feeds/countries/" + cc + ".atom",
			JSON: s.cfg.PublicURL + "/feeds/countries/" + cc + ".json",
		},
		SubscribeURL: "/subscriptions?country=" + url.QueryEscape(cc),
	}
	latest, err := s.search(ctx, index.Query{Countries: []string{cc}, Sort: "newest", Limit: 10})
	if err != nil {
		return d, fmt.Errorf("server: dossier %s: latest: %w", cc, err)
	}
	d.Documents = latest.Total
	for _, h := range latest.Hits {
		d.Latest = append(d.Latest, refOf(h))
	}

	world, err := s.worldwideDocs(ctx)
	if err != nil {
		return d, fmt.Errorf("server: dossier %s: %w", cc, err)
	}
	d.Worldwide = len(world)
	for _, sd := range world {
		d.Latest = append(d.Latest, dossierDocRef{ID: sd.ID, Title: sd.Title, Source: sd.Source, URL: sd.URL,
			Published: sd.Published, Labels: nonNilStrings(sd.Classification.Labels), Worldwide: true})
	}
	slices.SortStableFunc(d.Latest, func(a, b dossierDocRef) int { return b.Published.Compare(a.Published) })
	if len(d.Latest) > 10 {
		d.Latest = d.Latest[:10]
	}

	tiers, err := s.search(ctx, index.Query{Countries: []string{cc}, Labels: []string{doc.LabelTierChange}, Sort: "oldest", Limit: dossierLimit})
	if err != nil {
		return d, fmt.Errorf("server: dossier %s: tiers: %w", cc, err)
	}
	for _, h := range tiers.Hits {
		sd, err := s.deps.Store.Document(ctx, h.ID)
		if err != nil {
			return d, fmt.Errorf("server: dossier %s: document %s: %w", cc, h.ID, err)
		}
		te := tierEntry{dossierDocRef: refOf(h), Citation: sd.Citation, Evidence: []string{}}
		for _, ev := range sd.Classification.Evidence {
			if ev.Label == doc.LabelTierChange && mentions(ev.Text, cc, d.Name) {
				te.Evidence = append(te.Evidence, ev.Text)
			}
		}
		if len(te.Evidence) == 0 { // no sentence names the country: show the label's evidence
			for _, ev := range sd.Classification.Evidence {
				if ev.Label == doc.LabelTierChange {
					te.Evidence = append(te.Evidence, ev.Text)
				}
			}
		}
		d.TierHistory = append(d.TierHistory, te)
	}

	for _, sd := range world {
		if !slices.Contains(sd.Classification.Labels, doc.LabelTierChange) {
			continue
		}
		te := tierEntry{dossierDocRef: dossierDocRef{ID: sd.ID, Title: sd.Title, Source: sd.Source, URL: sd.URL,
			Published: sd.Published, Labels: nonNilStrings(sd.Classification.Labels), Worldwide: true},
			Citation: sd.Citation, Evidence: []string{}}
		for _, ev := range sd.Classification.Evidence {
			if ev.Label == doc.LabelTierChange {
				te.Evidence = append(te.Evidence, ev.Text)
			}
		}
		d.TierHistory = append(d.TierHistory, te)
	}
	slices.SortStableFunc(d.TierHistory, func(a, b tierEntry) int { return a.Published.Compare(b.Published) })

	ents, err := s.search(ctx, index.Query{
		Countries: []string{cc},
		Labels:    []string{doc.LabelEntityAddition, doc.LabelEntityRemoval, doc.LabelEntityRevision},
		Sort:      "oldest", Limit: dossierLimit,
	})
	if err != nil {
		return d, fmt.Errorf("server: dossier %s: entities: %w", cc, err)
	}
	for _, h := range ents.Hits {
		sd, err := s.deps.Store.Document(ctx, h.ID)
		if err != nil {
			return d, fmt.Errorf("server: dossier %s: document %s: %w", cc, h.ID, err)
		}
		for _, e := range sd.Classification.Entities {
			if !strings.EqualFold(e.Country, cc) {
				continue
			}
			d.EntityChanges = append(d.EntityChanges, entityChange{
				DocumentID: sd.ID, Title: sd.Title, Published: sd.Published, Citation: sd.Citation,
				Action: e.Action, Name: e.Name, Aliases: e.Aliases,
			})
		}
	}
	return d, nil
}

// mentions reports whether text names the country by code or name.
func mentions(text, cc, name string) bool {
	if strings.Contains(strings.ToLower(text), strings.ToLower(name)) {
		return true
	}
	return slices.Contains(strings.FieldsFunc(text, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z')
	}), cc)
}

// worldwideLimit caps the worldwide rules a dossier reads.
const worldwideLimit = 50

// worldwideDocs returns the current versions of the labelled documents
// that name no country, newest event first: export-controls.md says they
// belong to every country's page as "worldwide".
func (s *Server) worldwideDocs(ctx context.Context) ([]store.StoredDocument, error) {
	evs, err := s.deps.Store.Events(ctx, store.EventQuery{Worldwide: true, Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("worldwide events: %w", err)
	}
	var out []store.StoredDocument
	seen := map[string]bool{}
	for _, ev := range evs {
		if len(ev.Labels) == 0 || seen[ev.DocumentID] || len(out) >= worldwideLimit {
			continue
		}
		seen[ev.DocumentID] = true
		sd, err := s.deps.Store.Document(ctx, ev.DocumentID)
		if err != nil {
			return nil, fmt.Errorf("worldwide document %s: %w", ev.DocumentID, err)
		}
		// The current version may name countries or lose its labels.
		if len(sd.Classification.Countries) > 0 || len(sd.Classification.Labels) == 0 {
			continue
		}
		out = append(out, sd)
	}
	return out, nil
}

func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
