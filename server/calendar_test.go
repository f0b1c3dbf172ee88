package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// calendarRule is the AI-diffusion rule as a test fixture: effective
// January 13, 2025 (the API field), comments due May 15, 2025 (a DATES
// sentence), labelled tier_change for CN.
func calendarRule(effective string) (doc.Document, doc.Classification) {
	eff, _ := time.Parse(time.DateOnly, effective)
	d := doc.Document{
		ID: "fr:2025-00636", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
		Title: "Framework for Artificial Intelligence Diffusion", URL: "https://www.federalregister.gov/d/2025-00636",
		Published: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC), DocumentNumber: "2025-00636", Citation: "90 FR 4544",
		EffectiveOn: &eff,
		Body:        "DATES: This rule is effective " + eff.Format("January 2, 2006") + ". Comments must be received by May 15, 2025.\nSUPPLEMENTARY INFORMATION: ...",
	}
	c := doc.Classification{Labels: []string{doc.LabelTierChange}, Countries: []string{"CN"}, Mentions: []string{"CN", "US"}}
	return d, c
}

// parsedEvent is what a calendar app reads of one VEVENT.
type parsedEvent struct {
	start    time.Time
	sequence int
	summary  string
	desc     string
	url      string
	category string
	status   string
}

// getCalendar fetches path and parses it with an iCalendar parser.
func getCalendar(t *testing.T, srv *Server, path string) map[string]parsedEvent {
	t.Helper()
	res, body := do(t, srv.Handler(), "GET", path, nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("GET %s: %d %q\n%.500s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n"); len(lines) < 2 || strings.Contains(body, "\n\n") ||
		strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Errorf("GET %s: lines do not all end in CRLF (RFC 5545 §3.1)", path)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: parse: %v\n%s", path, err, body)
	}
	out := map[string]parsedEvent{}
	for _, ev := range cal.Events() {
		var pe parsedEvent
		if pe.start, err = ev.GetAllDayStartAt(); err != nil {
			t.Fatalf("%s: DTSTART: %v", ev.Id(), err)
		}
		if p := ev.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["VALUE"] == nil || p.ICalParameters["VALUE"][0] != "DATE" {
			t.Errorf("%s: DTSTART is not an all-day DATE: %+v", ev.Id(), p)
		}
		end, err := ev.GetAllDayEndAt()
		if err != nil || !end.Equal(pe.start.AddDate(0, 0, 1)) {
			t.Errorf("%s: DTEND = %v, %v; want the next day", ev.Id(), end, err)
		}
		if _, err := ev.GetDtStampTime(); err != nil {
			t.Errorf("%s: DTSTAMP: %v", ev.Id(), err)
		}
		get := func(p ics.ComponentProperty) string {
			if v := ev.GetProperty(p); v != nil {
				return v.Value
			}
			return ""
		}
		if pe.sequence, err = strconv.Atoi(get(ics.ComponentPropertySequence)); err != nil {
			t.Errorf("%s: SEQUENCE: %v", ev.Id(), err)
		}
		pe.summary, pe.desc, pe.url, pe.category = get(ics.ComponentPropertySummary), get(ics.ComponentPropertyDescription),
			get(ics.ComponentPropertyUrl), get(ics.ComponentPropertyCategories)
		pe.status = get(ics.ComponentPropertyStatus)
		if _, dup := out[ev.Id()]; dup {
			t.Errorf("UID %s twice", ev.Id())
		}
		out[ev.Id()] = pe
	}
	return out
}

func TestCalendarFeedsKeepUIDWhenDateMoves(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := New(Config{PublicURL: "http://exportwatch.test"}, Deps{Store: st}, slog.New(slog.DiscardHandler))

	d, c := calendarRule("2025-01-13")
	if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
		t.Fatal(err)
	}
	const (
		effUID = "fr:2025-00636/effective@exportwatch.test"
		comUID = "fr:2025-00636/comments_close@exportwatch.test"
		pubUID = "fr:2025-00636/published@exportwatch.test"
	)
	before := getCalendar(t, srv, "/feeds/all.ics")
	if len(before) != 3 {
		t.Fatalf("all.ics has %d events, want effective, comments_close, published: %v", len(before), before)
	}
	eff := before[effUID]
	if eff.start.Format(time.DateOnly) != "2025-01-13" || eff.category != "effective" ||
		!strings.Contains(eff.summary, "Effective date: Framework for Artificial Intelligence Diffusion") ||
		!strings.Contains(eff.desc, "90 FR 4544") || eff.url != "http://exportwatch.test/documents/fr:2025-00636" {
		t.Errorf("effective event = %+v", eff)
	}
	if com := before[comUID]; com.start.Format(time.DateOnly) != "2025-05-15" || !strings.Contains(com.desc, "Comments must be received by May 15, 2025.") {
		t.Errorf("comments_close event = %+v (the evidence sentence belongs in the description)", com)
	}

	// A correction moves the effective date: same UID, higher SEQUENCE;
	// the unmoved dates keep theirs.
	d2, c2 := calendarRule("2025-03-25")
	if res, err := st.SaveVersion(ctx, d2, c2, nil); err != nil || res.Version != 2 {
		t.Fatalf("save version 2: %+v, %v", res, err)
	}
	after := getCalendar(t, srv, "/feeds/all.ics")
	moved, ok := after[effUID]
	if !ok {
		t.Fatalf("the moved date lost its UID: %v", after)
	}
	if moved.start.Format(time.DateOnly) != "2025-03-25" || moved.sequence <= eff.sequence {
		t.Errorf("moved effective date: %s SEQUENCE %d; want 2025-03-25 with SEQUENCE above %d", moved.start.Format(time.DateOnly), moved.sequence, eff.sequence)
	}
	if !strings.Contains(moved.desc, "Moved from 2025-01-13") {
		t.Errorf("description %q does not say where the date moved from", moved.desc)
	}
	for _, uid := range []string{comUID, pubUID} {
		if after[uid].sequence != before[uid].sequence || !after[uid].start.Equal(before[uid].start) {
			t.Errorf("%s changed without moving: %+v -> %+v", uid, before[uid], after[uid])
		}
	}

	// The document page shows the dates and where one moved from.
	_, page := do(t, srv.Handler(), "GET", "/documents/fr:2025-00636", nil)
	mustContain(t, "document page", page, "<dt>Calendar</dt>", `effective date: <time datetime="2025-03-25">`, "(moved from 2025-01-13)",
		`comment deadline: <time datetime="2025-05-15">`)

	// Country and label feeds select by the classification.
	for path, want := range map[string]int{
		"/feeds/countries/CN.ics":        3,
		"/feeds/countries/cn.ics":        3,
		"/feeds/countries/DE.ics":        0,
		"/feeds/labels/tier_change.ics":  3,
		"/feeds/labels/quota_change.ics": 0,
	} {
		if got := getCalendar(t, srv, path); len(got) != want {
			t.Errorf("%s: %d events, want %d", path, len(got), want)
		}
	}
	for path, code := range map[string]int{"/feeds/countries/CHN.ics": 400, "/feeds/labels/nope.ics": 404} {
		if res, _ := do(t, srv.Handler(), "GET", path, nil); res.StatusCode != code {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, code)
		}
	}
}

func TestCalendarAPIAndPage(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := New(Config{PublicURL: "http://exportwatch.test"}, Deps{Store: st}, slog.New(slog.DiscardHandler))
	d, c := calendarRule("2025-01-13")
	if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()

	for q, want := range map[string][]string{
		"?from=2025-01-01&to=2025-12-31":            {"2025-01-13 effective", "2025-01-15 published", "2025-05-15 comments_close"},
		"?from=2025-02-01&to=2025-12-31&country=CN": {"2025-05-15 comments_close"},
		"?from=2025-01-01&label=entity_addition":    nil,
		"?from=2025-01-01&country=de":               nil,
		"":                                          nil, // from defaults to today: the 2025 dates are past
	} {
		res, body := do(t, h, "GET", "/api/v1/calendar"+q, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET /api/v1/calendar%s: %d %s", q, res.StatusCode, body)
		}
		var resp struct {
			Dates []struct {
				Kind, Source, Evidence, Citation string
				DocumentID                       string `json:"document_id"`
				On                               time.Time
			} `json:"dates"`
		}
		if err := json.Unmarshal([]byte(body), &resp); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range resp.Dates {
			got = append(got, x.On.Format(time.DateOnly)+" "+x.Kind)
			if x.DocumentID != "fr:2025-00636" || x.Citation != "90 FR 4544" || x.Source == "" || x.Evidence == "" {
				t.Errorf("%s: item %+v lacks document, citation or evidence", q, x)
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("GET /api/v1/calendar%s = %v, want %v", q, got, want)
		}
	}
	for _, q := range []string{"?from=tomorrow", "?to=2025-13-01", "?country=CHN", "?label=nope", "?from=2025-02-01&to=2025-01-01", "?limit=0"} {
		if res, body := do(t, h, "GET", "/api/v1/calendar"+q, nil); res.StatusCode != 400 || !strings.Contains(body, "error") {
			t.Errorf("GET /api/v1/calendar%s: %d %s, want 400 with the reason", q, res.StatusCode, body)
		}
	}

	res, body := do(t, h, "GET", "/calendar?from=2025-01-01&country=CN", nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET /calendar: %d", res.StatusCode)
	}
	mustContain(t, "/calendar", body, "Upcoming dates", `<time datetime="2025-05-15">`, "comment deadline",
		"Comments must be received by May 15, 2025.", "/documents/fr:2025-00636", "/feeds/countries/CN.ics", "webcal://exportwatch.test/feeds/countries/CN.ics")
	if strings.Contains(body, "<script") {
		t.Error("/calendar contains a <script")
	}
	if res, _ := do(t, h, "GET", "/calendar?from=nope", nil); res.StatusCode != 400 {
		t.Errorf("GET /calendar?from=nope: %d, want 400", res.StatusCode)
	}
}

// TestCountryPageUpcoming: the country page lists the coming dates of the
// documents affecting it, not past ones nor other countries'.
func TestCountryPageUpcoming(t *testing.T) {
	ctx := context.Background()
	a := newArchive(t, Config{}) // the dossier reads the index too
	st, srv := a.st, a.srv
	past, c := calendarRule("2025-01-13")
	if _, err := st.SaveVersion(ctx, past, c, nil); err != nil {
		t.Fatal(err)
	}
	coming := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	d, c := calendarRule(coming.Format(time.DateOnly))
	d.ID, d.DocumentNumber, d.Title = "fr:2099-00001", "2099-00001", "Revised Tier Framework"
	if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, srv.Handler(), "GET", "/countries/CN", nil)
	if res.StatusCode != 200 {
		t.Fatalf("GET /countries/CN: %d", res.StatusCode)
	}
	mustContain(t, "/countries/CN", body, "Upcoming dates", `<time datetime="`+coming.Format(time.DateOnly)+`">`,
		"effective date: <a href=\"/documents/fr:2099-00001\">Revised Tier Framework</a>", "/feeds/countries/CN.ics")
	if strings.Contains(body, `<time datetime="2025-01-13">`) {
		t.Error("the country page lists a past date as upcoming")
	}
	_, body = do(t, srv.Handler(), "GET", "/countries/DE", nil)
	if strings.Contains(body, "Revised Tier Framework") {
		t.Error("DE lists a CN rule's date")
	}
}
