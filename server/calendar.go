package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// calendarFeedItems bounds one .ics feed; calendar apps re-read it hourly.
const calendarFeedItems = 2000

// parseCalendarQuery reads from, to (YYYY-MM-DD), country, label and limit.
// from defaults to today when defaultFrom is set: the page and the API list
// what is coming, the feeds everything.
func parseCalendarQuery(r *http.Request, defaultFrom bool) (store.CalendarQuery, error) {
	v := r.URL.Query()
	q := store.CalendarQuery{
		Country: strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		Label:   strings.TrimSpace(v.Get("label")),
		Limit:   200,
	}
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		s := strings.TrimSpace(v.Get(f.name))
		if s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return q, fmt.Errorf("%w: %s must be a date YYYY-MM-DD, not %q", errBadRequest, f.name, s)
		}
		*f.to = t
	}
	if defaultFrom && !v.Has("from") {
		q.From = time.Now().UTC().Truncate(24 * time.Hour)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, fmt.Errorf("%w: to (%s) is before from (%s)", errBadRequest, q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	if q.Country != "" && !validCountry(q.Country) {
		return q, fmt.Errorf("%w: country must be an ISO 3166-1 alpha-2 code, not %q", errBadRequest, v.Get("country"))
	}
	if q.Label != "" && !slices.Contains(doc.Labels, q.Label) {
		return q, fmt.Errorf("%w: label must be one of %s, not %q", errBadRequest, strings.Join(doc.Labels, ", "), q.Label)
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return q, fmt.Errorf("%w: limit must be a number from 1 to 1000, not %q", errBadRequest, s)
		}
		q.Limit = n
	}
	return q, nil
}

type calendarResponse struct {
	From  string               `json:"from,omitempty"`
	To    string               `json:"to,omitempty"`
	Dates []store.CalendarItem `json:"dates"`
}

// apiCalendar lists dated items: /api/v1/calendar?from=&to=&country=&label=.
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) error {
	q, err := parseCalendarQuery(r, true)
	if err != nil {
		return err
	}
	items, err := s.deps.Store.Calendar(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: calendar: %w", err)
	}
	resp := calendarResponse{Dates: nonNil(items)}
	if !q.From.IsZero() {
		resp.From = q.From.Format(time.DateOnly)
	}
	if !q.To.IsZero() {
		resp.To = q.To.Format(time.DateOnly)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// calendarPage is the "Upcoming" page: the next dates, filterable.
func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	q, err := parseCalendarQuery(r, true)
	if err != nil {
		return err
	}
	items, err := s.deps.Store.Calendar(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: calendar: %w", err)
	}
	feed := "/feeds/all.ics"
	switch {
	case q.Country != "":
		feed = "/feeds/countries/" + q.Country + ".ics"
	case q.Label != "":
		feed = "/feeds/labels/" + q.Label + ".ics"
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	data := struct {
		pageBase
		Items             []store.CalendarItem
		From, To, Country string
		Label             string
		Labels            []string
		Feed              string
		WebcalFeed        template.URL
	}{
		pageBase: pageBase{Title: "Upcoming dates", Nav: "calendar"},
		Items:    items, From: day(q.From), To: day(q.To), Country: q.Country, Label: q.Label, Labels: doc.Labels,
		Feed: feed,
		// webcal: is what calendar apps open; html/template would refuse the
		// scheme, and feed is built from a checked code or label only.
		WebcalFeed: template.URL("webcal://" + s.base.Host + feed),
	}
	s.renderPage(w, r, http.StatusOK, "calendar", data)
	return nil
}

// countryCalendar serves /feeds/countries/{cc}.ics.
func (s *Server) countryCalendar(w http.ResponseWriter, r *http.Request, name string) error {
	cc := strings.ToUpper(name)
	if !validCountry(cc) {
		return fmt.Errorf("%w: %q is not an ISO 3166-1 alpha-2 country code", errBadRequest, name)
	}
	return s.calendarFeed(w, r, store.CalendarQuery{Country: cc},
		"exportwatch: "+s.countryName(cc)+" ("+cc+") — export-control dates", "/feeds/countries/"+cc+".ics")
}

// labelCalendar serves /feeds/labels/{label}.ics.
func (s *Server) labelCalendar(w http.ResponseWriter, r *http.Request, label string) error {
	if !slices.Contains(doc.Labels, label) {
		return fmt.Errorf("label %q: %w", label, store.ErrNotFound)
	}
	return s.calendarFeed(w, r, store.CalendarQuery{Label: label},
		"exportwatch: "+labelName(label)+" — dates", "/feeds/labels/"+label+".ics")
}

func (s *Server) allCalendar(w http.ResponseWriter, r *http.Request) error {
	return s.calendarFeed(w, r, store.CalendarQuery{}, "exportwatch: all export-control dates", "/feeds/all.ics")
}

// calendarFeed writes q's dated items as an RFC 5545 calendar: one all-day
// VEVENT per item. The UID is the document and the date kind, never the
// day, so a moved date updates the subscriber's event; SEQUENCE is the
// item's revision (0 first), which rises with every move, by a new version
// or by a later rule; a date a later rule withdrew stays with STATUS
// CANCELLED (RFC 5545 §3.8.1.11) so calendar apps remove it. The output
// depends only on the store: two renders of the same dates are identical.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request, q store.CalendarQuery, title, path string) error {
	// A feed too long for the cap keeps its latest dates: the coming ones.
	q.Limit, q.Latest = calendarFeedItems, true
	items, err := s.deps.Store.Calendar(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: calendar feed: %w", err)
	}
	cal := ics.NewCalendarFor("exportwatch")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(title)
	cal.SetXWRCalName(title)
	cal.SetUrl(s.cfg.PublicURL + path)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	for _, it := range items {
		ev := cal.AddEvent(s.calendarUID(it.DocumentID, it.Kind))
		stamp := it.ChangedAt
		if stamp.IsZero() {
			stamp = it.On
		}
		ev.SetDtStampTime(stamp)
		ev.SetAllDayStartAt(it.On)
		ev.SetAllDayEndAt(it.On.AddDate(0, 0, 1))
		ev.SetSequence(it.Revision)
		if it.Withdrawn {
			ev.SetStatus(ics.ObjectStatusCancelled)
		}
		ev.SetSummary(calendarSummary(it))
		ev.SetDescription(s.calendarDescription(it))
		ev.SetURL(s.cfg.PublicURL + "/documents/" + url.PathEscape(it.DocumentID))
		ev.AddCategory(it.Kind)
		ev.SetTimeTransparency(ics.TransparencyTransparent)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=300")
	// RFC 5545 §3.1: lines end in CRLF; the library's default is the
	// platform's newline.
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// subscriptionCalendar serves /feeds/subscriptions/{token}.ics: the dates
// of the documents the subscription's countries, labels and sources select.
// The token (128 random bits) is the only key: calendar apps send no
// bearer token, and an unknown token is a 404 like any missing feed.
func (s *Server) subscriptionCalendar(w http.ResponseWriter, r *http.Request, token string) error {
	sub, err := s.deps.Store.SubscriptionByFeedToken(r.Context(), token)
	if err != nil {
		return fmt.Errorf("server: subscription calendar: %w", err)
	}
	return s.calendarFeed(w, r, store.CalendarQuery{Subscription: &sub},
		"exportwatch: "+sub.Name+" — dates", "/feeds/subscriptions/"+token+".ics")
}

// subscriptionCalendarPath is the path of sub's own calendar feed.
func subscriptionCalendarPath(sub doc.Subscription) string {
	return "/feeds/subscriptions/" + sub.FeedToken.Reveal() + ".ics"
}

// calendarUID is the event UID of one document's date kind.
func (s *Server) calendarUID(documentID, kind string) string {
	return documentID + "/" + kind + "@" + s.base.Hostname()
}

func calendarSummary(it store.CalendarItem) string {
	name := calendar.KindName(it.Kind)
	return strings.ToUpper(name[:1]) + name[1:] + ": " + it.Title
}

func (s *Server) calendarDescription(it store.CalendarItem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n", calendar.KindName(it.Kind), it.Kind, it.Day())
	switch {
	case it.Withdrawn:
		fmt.Fprintf(&b, "Withdrawn by %s.\n", it.MovedBy)
	case it.Previous != "" && it.MovedBy != "":
		fmt.Fprintf(&b, "Moved from %s by %s.\n", it.Previous, it.MovedBy)
	case it.Previous != "":
		fmt.Fprintf(&b, "Moved from %s.\n", it.Previous)
	}
	if it.Citation != "" {
		fmt.Fprintf(&b, "Citation: %s\n", it.Citation)
	}
	if it.Evidence != "" {
		fmt.Fprintf(&b, "Source (%s): %s\n", it.Source, it.Evidence)
	}
	if it.URL != "" {
		fmt.Fprintf(&b, "Document: %s\n", it.URL)
	}
	fmt.Fprintf(&b, "exportwatch: %s/documents/%s", s.cfg.PublicURL, url.PathEscape(it.DocumentID))
	return b.String()
}
