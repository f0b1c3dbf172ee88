package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/exportwatch/exportwatch/index"
)

const (
	defaultPageSize = 20
	maxPageSize     = 100
	maxPage         = 500
	dateLayout      = "2006-01-02"
)

// searchParams are the search parameters as they appear in a shareable URL:
// /?q=...&country=CN&label=entity_addition&source=...&agency=...&year=2025
// &from=YYYY-MM-DD&to=YYYY-MM-DD&sort=newest&page=2 (limit for the API).
type searchParams struct {
	Q         string
	Countries []string
	Labels    []string
	Sources   []string
	Agencies  []string
	Years     []string
	From, To  string
	Sort      string
	Page      int
	Limit     int
}

// maxFilterValues caps the values of one filter (country, label, ...).
const maxFilterValues = 50

func parseSearch(r *http.Request) (searchParams, error) {
	v := r.URL.Query()
	for key, vals := range v {
		for _, val := range vals {
			if !utf8.ValidString(key) || !utf8.ValidString(val) {
				return searchParams{Page: 1, Limit: defaultPageSize}, fmt.Errorf("%w: parameter %q is not valid UTF-8", errBadRequest, strings.ToValidUTF8(key, "\uFFFD"))
			}
		}
	}
	p := searchParams{
		Q:         strings.TrimSpace(v.Get("q")),
		Countries: upperAll(multi(v, "country")),
		Labels:    multi(v, "label"),
		Sources:   multi(v, "source"),
		Agencies:  multi(v, "agency"),
		Years:     multi(v, "year"),
		From:      strings.TrimSpace(v.Get("from")),
		To:        strings.TrimSpace(v.Get("to")),
		Sort:      v.Get("sort"),
		Page:      1,
		Limit:     defaultPageSize,
	}
	for key, vals := range map[string][]string{"country": p.Countries, "label": p.Labels, "source": p.Sources, "agency": p.Agencies, "year": p.Years} {
		if len(vals) > maxFilterValues {
			return p, fmt.Errorf("%w: %d values for %s, at most %d are allowed", errBadRequest, len(vals), key, maxFilterValues)
		}
	}
	switch p.Sort {
	case "", "relevance":
		p.Sort = ""
	case "newest", "oldest":
	default:
		return p, fmt.Errorf("%w: sort must be relevance, newest or oldest, not %q", errBadRequest, p.Sort)
	}
	for _, y := range p.Years {
		if n, err := strconv.Atoi(y); err != nil || n < 1900 || n > 2200 || len(y) != 4 {
			return p, fmt.Errorf("%w: year must be four digits, not %q", errBadRequest, y)
		}
	}
	for _, d := range []struct{ name, val string }{{"from", p.From}, {"to", p.To}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(dateLayout, d.val); err != nil {
			return p, fmt.Errorf("%w: %s must be a date YYYY-MM-DD, not %q", errBadRequest, d.name, d.val)
		}
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			return p, fmt.Errorf("%w: page must be a number from 1 to %d, not %q", errBadRequest, maxPage, s)
		}
		p.Page = n
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return p, fmt.Errorf("%w: limit must be a number from 1 to %d, not %q", errBadRequest, maxPageSize, s)
		}
		p.Limit = n
	}
	return p, nil
}

// multi returns the values of key, accepting both repeated keys and
// comma-separated lists, without blanks or duplicates.
func multi(v url.Values, key string) []string {
	var out []string
	for _, raw := range v[key] {
		for _, s := range strings.Split(raw, ",") {
			s = strings.TrimSpace(s)
			if s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func upperAll(ss []string) []string {
	for i, s := range ss {
		ss[i] = strings.ToUpper(s)
	}
	return ss
}

// Query converts the parameters into an index query. A year filter narrows
// the date range to the years' span.
func (p searchParams) Query() index.Query {
	q := index.Query{
		Text:      p.Q,
		Countries: p.Countries,
		Labels:    p.Labels,
		Sources:   p.Sources,
		Agencies:  p.Agencies,
		Sort:      p.Sort,
		Offset:    (p.Page - 1) * p.Limit,
		Limit:     p.Limit,
	}
	if p.From != "" {
		q.From, _ = time.Parse(dateLayout, p.From)
	}
	if p.To != "" {
		q.To, _ = time.Parse(dateLayout, p.To)
	}
	if len(p.Years) > 0 {
		lo, hi := 9999, 0
		for _, y := range p.Years {
			n, _ := strconv.Atoi(y)
			lo, hi = min(lo, n), max(hi, n)
		}
		yFrom := time.Date(lo, 1, 1, 0, 0, 0, 0, time.UTC)
		yTo := time.Date(hi, 12, 31, 0, 0, 0, 0, time.UTC)
		if q.From.IsZero() || q.From.Before(yFrom) {
			q.From = yFrom
		}
		if q.To.IsZero() || q.To.After(yTo) {
			q.To = yTo
		}
	}
	return q
}

// Values encodes the parameters back into a query string (page only when
// past the first).
func (p searchParams) Values() url.Values {
	v := url.Values{}
	if p.Q != "" {
		v.Set("q", p.Q)
	}
	for _, kv := range []struct {
		key  string
		vals []string
	}{{"country", p.Countries}, {"label", p.Labels}, {"source", p.Sources}, {"agency", p.Agencies}, {"year", p.Years}} {
		for _, s := range kv.vals {
			v.Add(kv.key, s)
		}
	}
	if p.From != "" {
		v.Set("from", p.From)
	}
	if p.To != "" {
		v.Set("to", p.To)
	}
	if p.Sort != "" {
		v.Set("sort", p.Sort)
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	if p.Limit != defaultPageSize {
		v.Set("limit", strconv.Itoa(p.Limit))
	}
	return v
}

// URL is path with the parameters as its query.
func (p searchParams) URL(path string) string {
	if q := p.Values().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// Toggle returns the parameters with value added to or removed from the
// facet key (country, label, source, agency, year), back on page 1.
func (p searchParams) Toggle(key, value string) searchParams {
	p.Page = 1
	toggle := func(ss []string) []string {
		if i := slices.Index(ss, value); i >= 0 {
			return slices.Delete(slices.Clone(ss), i, i+1)
		}
		return append(slices.Clone(ss), value)
	}
	switch key {
	case "country":
		p.Countries = toggle(p.Countries)
	case "label":
		p.Labels = toggle(p.Labels)
	case "source":
		p.Sources = toggle(p.Sources)
	case "agency":
		p.Agencies = toggle(p.Agencies)
	case "year":
		p.Years = toggle(p.Years)
	}
	return p
}

// Has reports whether the facet key has value selected.
func (p searchParams) Has(key, value string) bool {
	switch key {
	case "country":
		return slices.Contains(p.Countries, value)
	case "label":
		return slices.Contains(p.Labels, value)
	case "source":
		return slices.Contains(p.Sources, value)
	case "agency":
		return slices.Contains(p.Agencies, value)
	case "year":
		return slices.Contains(p.Years, value)
	}
	return false
}

// Filtered reports whether any filter beyond the query text is set.
func (p searchParams) Filtered() bool {
	return len(p.Countries)+len(p.Labels)+len(p.Sources)+len(p.Agencies)+len(p.Years) > 0 || p.From != "" || p.To != ""
}

// parseSince reads ?since= as RFC 3339 or YYYY-MM-DD (UTC midnight).
func parseSince(r *http.Request) (time.Time, error) {
	return parseSinceValue("since", r.URL.Query().Get("since"))
}

// parseSinceValue reads the value of the parameter name as YYYY-MM-DD or
// an RFC 3339 time; empty is the zero time.
func parseSinceValue(name, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(dateLayout, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: %s must be YYYY-MM-DD or an RFC 3339 time, not %q", errBadRequest, name, s)
}
