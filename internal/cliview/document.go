package cliview

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// Document is the documented `show --json` shape.
type Document struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Source      string              `json:"source"`
	URL         string              `json:"url"`
	Published   string              `json:"published"`
	Language    string              `json:"language"`
	Stage       string              `json:"stage,omitempty"`
	Kind        string              `json:"kind,omitempty"`
	Citation    string              `json:"citation,omitempty"`
	Action      string              `json:"action,omitempty"`
	EffectiveOn string              `json:"effective_on,omitempty"`
	Agencies    []string            `json:"agencies,omitempty"`
	CFRParts    []string            `json:"cfr_parts,omitempty"`
	Abstract    string              `json:"abstract,omitempty"`
	Labels      []string            `json:"labels"`
	Scores      map[string]float64  `json:"scores,omitempty"`
	Countries   []string            `json:"countries"`
	Mentions    []string            `json:"mentions"`
	Entities    []doc.Entity        `json:"entities"`
	Evidence    []doc.Evidence      `json:"evidence"`
	Versions    []store.VersionInfo `json:"versions"`
	Calendar    []CalendarDate      `json:"calendar"`
}

// CalendarDate is one dated item of `show --json`: "date" is YYYY-MM-DD.
type CalendarDate struct {
	Kind     string `json:"kind"`
	Date     string `json:"date"`
	Source   string `json:"source"`
	Evidence string `json:"evidence,omitempty"`
	Previous string `json:"previous,omitempty"` // the day it moved from
}

// NewDocument is sd in the `show --json` shape: lists are never null.
func NewDocument(sd store.StoredDocument) Document {
	out := Document{
		ID: sd.ID, Title: sd.Title, Source: sd.Source, URL: sd.URL,
		Language: sd.Language, Stage: sd.Stage, Kind: sd.Kind, Citation: sd.Citation,
		Action: sd.Action, Agencies: sd.Agencies, CFRParts: sd.CFRParts, Abstract: sd.Abstract,
		Labels: nonNil(sd.Classification.Labels), Scores: sd.Classification.Scores,
		Countries: nonNil(sd.Classification.Countries), Mentions: nonNil(sd.Classification.Mentions),
		Entities: nonNil(sd.Classification.Entities), Evidence: nonNil(sd.Classification.Evidence),
		Versions: sd.Versions, Calendar: []CalendarDate{},
	}
	for _, c := range sd.Calendar {
		out.Calendar = append(out.Calendar, CalendarDate{Kind: c.Kind, Date: c.Day(), Source: c.Source, Evidence: c.Evidence, Previous: c.Previous})
	}
	if !sd.Published.IsZero() {
		out.Published = sd.Published.Format(time.DateOnly)
	}
	if sd.EffectiveOn != nil {
		out.EffectiveOn = sd.EffectiveOn.Format(time.DateOnly)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Text writes d for a terminal; withDiff adds each version's diff.
func (d Document) Text(w io.Writer, withDiff bool) {
	tw := table(w)
	for _, r := range [][2]string{
		{"id", d.ID}, {"title", d.Title}, {"source", d.Source}, {"kind", d.Kind}, {"stage", d.Stage},
		{"url", d.URL}, {"published", d.Published}, {"effective", d.EffectiveOn}, {"citation", d.Citation},
		{"action", d.Action}, {"language", d.Language}, {"agencies", strings.Join(d.Agencies, ", ")},
		{"cfr", strings.Join(d.CFRParts, ", ")}, {"labels", strings.Join(d.Labels, ", ")},
		{"countries", strings.Join(d.Countries, ", ")}, {"mentions", strings.Join(d.Mentions, ", ")},
	} {
		if r[1] != "" {
			fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
		}
	}
	tw.Flush()
	if d.Abstract != "" {
		fmt.Fprintf(w, "\n%s\n", d.Abstract)
	}
	if len(d.Evidence) > 0 {
		fmt.Fprintln(w, "\nevidence:")
		for _, e := range d.Evidence {
			fmt.Fprintf(w, "  [%s] %s\n", e.Label, e.Text)
		}
	}
	if len(d.Entities) > 0 {
		fmt.Fprintln(w, "\nentities:")
		tw := table(w)
		for _, e := range d.Entities {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.Action, e.Country, e.Name, e.ReviewPolicy)
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nversions:")
	for _, v := range d.Versions {
		fmt.Fprintf(w, "  %d  %s  %s\n", v.Version, v.Fetched.Format(time.RFC3339), v.Hash)
		if withDiff && v.Diff != "" {
			lines := strings.Split(strings.TrimRight(v.Diff, "\n"), "\n")
			fmt.Fprintln(w, "      "+strings.Join(lines, "\n      "))
		}
	}
}
