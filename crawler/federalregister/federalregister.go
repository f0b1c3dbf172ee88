// Package federalregister is the Federal Register source: documents of the
// configured agencies from the documents.json search API with their full
// text, and the current public-inspection issue. It implements
// crawler.Source; see shared/domain/federal-register-api.md for the API.
package federalregister

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
)

// Config configures a Source. Zero values take the defaults noted.
type Config struct {
	Name     string    // source name; default "federal-register"
	BaseURL  string    // default "https://www.federalregister.gov/api/v1"
	Agencies []string  // agency slugs; default ["industry-and-security-bureau"]
	Since    time.Time // first crawl (empty cursor) starts here; default now - Lookback
	// Lookback is how far before the cursor a crawl restarts, so recent
	// corrections and late edits come back as new versions. Default 7 days.
	Lookback     time.Duration
	PerPage      int           // 2..2000; default 1000
	UserAgent    string        // default crawler.DefaultUserAgent
	Timeout      time.Duration // per request; default 30s
	MaxBodyBytes int64         // default 32 MiB
	APIRate      float64       // requests/s to the API; default 5
	TextRate     float64       // requests/s for full text; default 1
	MaxAttempts  int           // per request; default 4
	MinBackoff   time.Duration // first retry delay without Retry-After; default 1s
	HTTPClient   *http.Client  // optional (tests)
}

// Source is the Federal Register source.
type Source struct {
	cfg  Config
	api  *crawler.Fetcher
	text *crawler.Fetcher
	log  *slog.Logger
}

// Limits of the API (federal-register-api.md §1.2–1.3).
const (
	maxCount      = 10000
	maxTotalPages = 50
)

// New builds a Source from cfg.
func New(cfg Config, log *slog.Logger) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "federal-register"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://www.federalregister.gov/api/v1"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if u, err := url.Parse(cfg.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("federalregister: base_url %q: not an absolute URL", cfg.BaseURL)
	}
	if len(cfg.Agencies) == 0 {
		cfg.Agencies = []string{"industry-and-security-bureau"}
	}
	if cfg.Lookback <= 0 {
		cfg.Lookback = 7 * 24 * time.Hour
	}
	if cfg.PerPage == 0 {
		cfg.PerPage = 1000
	}
	if cfg.PerPage < 2 || cfg.PerPage > 2000 {
		// The API silently turns anything else into 20 (§1.2).
		return nil, fmt.Errorf("federalregister: per_page %d: must be 2..2000", cfg.PerPage)
	}
	if cfg.APIRate == 0 {
		cfg.APIRate = 5
	}
	if cfg.TextRate == 0 {
		cfg.TextRate = 1
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("source", cfg.Name)
	fc := crawler.FetcherConfig{
		UserAgent: cfg.UserAgent, Timeout: cfg.Timeout, MaxBodyBytes: cfg.MaxBodyBytes,
		MaxAttempts: cfg.MaxAttempts, MinBackoff: cfg.MinBackoff, HTTPClient: cfg.HTTPClient, Logger: log,
	}
	fc.Rate = cfg.APIRate
	api, err := crawler.NewFetcher(fc)
	if err != nil {
		return nil, fmt.Errorf("federalregister: %w", err)
	}
	fc.Rate = cfg.TextRate
	text, err := crawler.NewFetcher(fc)
	if err != nil {
		return nil, fmt.Errorf("federalregister: %w", err)
	}
	return &Source{cfg: cfg, api: api, text: text, log: log}, nil
}

// Name implements crawler.Source.
func (s *Source) Name() string { return s.cfg.Name }

// cursorState is the opaque cursor: the publication date from which the
// next crawl resumes (minus Lookback). Every document published before it
// has been committed, and none that failed lies before it.
type cursorState struct {
	Resume string `json:"resume"` // YYYY-MM-DD
}

// ParseCursor returns the resume date of a cursor ("" for an empty cursor).
func ParseCursor(c string) (time.Time, error) {
	if c == "" {
		return time.Time{}, nil
	}
	var st cursorState
	if err := json.Unmarshal([]byte(c), &st); err != nil {
		return time.Time{}, fmt.Errorf("federalregister: cursor %q: %w", c, err)
	}
	t, err := time.Parse(time.DateOnly, st.Resume)
	if err != nil {
		return time.Time{}, fmt.Errorf("federalregister: cursor %q: %w", c, err)
	}
	return t, nil
}

func formatCursor(date string) string {
	b, _ := json.Marshal(cursorState{Resume: date})
	return string(b)
}

// crawl is the state of one Crawl call.
type crawl struct {
	s         *Source
	sink      crawler.Sink
	resume    string // the cursor to emit (max committed date)
	minFailed string // earliest publication date of a failed document
	total     int
	pages     int
}

// Crawl implements crawler.Source: documents published since the cursor's
// date minus Lookback (Since when the cursor is empty), oldest first, one
// sink page per API page, then the current public-inspection issue.
func (s *Source) Crawl(ctx context.Context, cursor string, sink crawler.Sink) error {
	resume, err := ParseCursor(cursor)
	if err != nil {
		return err
	}
	var start time.Time
	switch {
	case !resume.IsZero():
		start = resume.Add(-s.cfg.Lookback)
	case !s.cfg.Since.IsZero():
		start = s.cfg.Since
	default:
		start = time.Now().Add(-s.cfg.Lookback)
	}
	c := &crawl{s: s, sink: sink}
	if !resume.IsZero() {
		c.resume = resume.Format(time.DateOnly)
	}
	from := start.UTC().Format(time.DateOnly)
	s.log.InfoContext(ctx, "federalregister crawl", "from", from, "agencies", s.cfg.Agencies)
	if err := c.window(ctx, from, ""); err != nil {
		return err
	}
	return c.publicInspection(ctx)
}

// searchEnvelope is the documents.json response (§1.3). Results is absent
// when count is 0.
type searchEnvelope struct {
	Description string   `json:"description"`
	Count       *int     `json:"count"`
	TotalPages  int      `json:"total_pages"`
	NextPageURL string   `json:"next_page_url"`
	Results     []apiDoc `json:"results"`
}

type apiAgency struct {
	RawName  string `json:"raw_name"`
	Name     string `json:"name"`
	ID       int    `json:"id"`
	ParentID *int   `json:"parent_id"`
	Slug     string `json:"slug"`
}

// apiDoc is one result row with the fields we request.
type apiDoc struct {
	Abstract      string      `json:"abstract"`
	Action        string      `json:"action"`
	Agencies      []apiAgency `json:"agencies"`
	CFRReferences []struct {
		Title int    `json:"title"`
		Part  string `json:"part"`
	} `json:"cfr_references"`
	Citation        string   `json:"citation"`
	CorrectionOf    string   `json:"correction_of"`
	Dates           string   `json:"dates"`
	DocketIDs       []string `json:"docket_ids"`
	DocumentNumber  string   `json:"document_number"`
	EffectiveOn     string   `json:"effective_on"`
	FullTextXMLURL  string   `json:"full_text_xml_url"`
	HTMLURL         string   `json:"html_url"`
	PDFURL          string   `json:"pdf_url"`
	PublicationDate string   `json:"publication_date"`
	RawTextURL      string   `json:"raw_text_url"`
	RINs            []string `json:"regulation_id_numbers"`
	Title           string   `json:"title"`
	Type            string   `json:"type"`
}

// requestFields are the fields[] we ask for.
func requestFields() []string {
	return []string{"abstract", "action", "agencies", "cfr_references", "citation", "correction_of", "dates",
		"docket_ids", "document_number", "effective_on", "full_text_xml_url", "html_url", "pdf_url",
		"publication_date", "raw_text_url", "regulation_id_numbers", "title", "type"}
}

func (s *Source) searchURL(from, to, order string, perPage int, fields []string) string {
	q := url.Values{}
	for _, a := range s.cfg.Agencies {
		q.Add("conditions[agencies][]", a)
	}
	q.Set("conditions[publication_date][gte]", from)
	if to != "" {
		q.Set("conditions[publication_date][lte]", to)
	}
	for _, f := range fields {
		q.Add("fields[]", f)
	}
	q.Set("order", order)
	q.Set("per_page", strconv.Itoa(perPage))
	return s.cfg.BaseURL + "/documents.json?" + q.Encode()
}

// getJSON fetches u with the API fetcher and decodes it into v.
func (s *Source) getJSON(ctx context.Context, u string, v any) error {
	resp, err := s.api.Get(ctx, u, crawler.Validator{})
	if err != nil {
		return fmt.Errorf("federalregister: %w", err)
	}
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return fmt.Errorf("federalregister: GET %s: %w: %v", u, crawler.ErrMalformed, err)
	}
	return nil
}

// capped reports whether a window has more documents than the API will
// serve: count at the 10,000 clamp, or more than 50 pages of per_page.
func capped(e searchEnvelope, perPage int) bool {
	return *e.Count >= maxCount || *e.Count > maxTotalPages*perPage
}

// window crawls publication dates from..to (to "" = open-ended), halving
// the window while it exceeds the API's caps.
func (c *crawl) window(ctx context.Context, from, to string) error {
	s := c.s
	u := s.searchURL(from, to, "oldest", s.cfg.PerPage, requestFields())
	var env searchEnvelope
	if err := s.getJSON(ctx, u, &env); err != nil {
		return err
	}
	if env.Count == nil {
		return fmt.Errorf("federalregister: GET %s: %w: no count", u, crawler.ErrMalformed)
	}
	if capped(env, s.cfg.PerPage) {
		if to == "" {
			last, err := c.newestDate(ctx, from)
			if err != nil {
				return err
			}
			to = last
		}
		if from < to {
			mid := midDate(from, to)
			s.log.InfoContext(ctx, "federalregister window too large, slicing", "from", from, "to", to, "count", *env.Count)
			if err := c.window(ctx, from, mid); err != nil {
				return err
			}
			return c.window(ctx, nextDay(mid), to)
		}
		s.log.ErrorContext(ctx, "federalregister single day exceeds the API cap; documents beyond it are lost",
			"date", from, "count", *env.Count)
	}
	c.total += *env.Count
	seen := map[string]bool{u: true}
	for {
		if err := c.page(ctx, env); err != nil {
			return err
		}
		if env.NextPageURL == "" || len(env.Results) == 0 {
			return nil
		}
		next, err := s.resolve(env.NextPageURL)
		if err != nil {
			return err
		}
		if seen[next] {
			return fmt.Errorf("federalregister: next_page_url loops: %s", next)
		}
		seen[next] = true
		env = searchEnvelope{}
		if err := s.getJSON(ctx, next, &env); err != nil {
			return err
		}
		if env.Count == nil {
			return fmt.Errorf("federalregister: GET %s: %w: no count", next, crawler.ErrMalformed)
		}
	}
}

// newestDate is the latest publication date on or after from.
func (c *crawl) newestDate(ctx context.Context, from string) (string, error) {
	u := c.s.searchURL(from, "", "newest", 2, []string{"document_number", "publication_date"})
	var env searchEnvelope
	if err := c.s.getJSON(ctx, u, &env); err != nil {
		return "", err
	}
	if len(env.Results) == 0 {
		return from, nil
	}
	return env.Results[0].PublicationDate, nil
}

// resolve keeps next_page_url on the configured host: the API writes its
// public origin into links, which differs behind a proxy or a fake.
func (s *Source) resolve(next string) (string, error) {
	nu, err := url.Parse(next)
	if err != nil {
		return "", fmt.Errorf("federalregister: next_page_url %q: %w: %v", next, crawler.ErrMalformed, err)
	}
	base, _ := url.Parse(s.cfg.BaseURL)
	nu.Scheme, nu.Host = base.Scheme, base.Host
	return nu.String(), nil
}

func midDate(from, to string) string {
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	days := int(t.Sub(f).Hours() / 24)
	return f.AddDate(0, 0, days/2).Format(time.DateOnly)
}

func nextDay(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// page turns one API page into documents (with full text) and hands them to
// the sink with a cursor that never passes a failed document.
func (c *crawl) page(ctx context.Context, env searchEnvelope) error {
	if len(env.Results) == 0 {
		return nil
	}
	s := c.s
	p := crawler.Page{}
	maxDate := ""
	for _, r := range env.Results {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Only a well-formed date may reach the cursor: a malformed one
		// would make every later ParseCursor fail and stall the source.
		_, dateErr := time.Parse(time.DateOnly, r.PublicationDate)
		validDate := dateErr == nil
		if validDate && r.PublicationDate > maxDate {
			maxDate = r.PublicationDate
		}
		d, err := s.document(r)
		if err == nil {
			err = s.fullText(ctx, &d, r)
		}
		if err != nil {
			u := r.FullTextXMLURL
			if u == "" {
				u = r.RawTextURL
			}
			if u == "" {
				u = r.HTMLURL
			}
			s.log.ErrorContext(ctx, "federalregister document failed", "document", r.DocumentNumber, "url", u, "err", err)
			p.Failed = append(p.Failed, crawler.Failure{URL: u, Err: fmt.Errorf("federalregister: %s: %w", r.DocumentNumber, err)})
			if validDate && (c.minFailed == "" || r.PublicationDate < c.minFailed) {
				c.minFailed = r.PublicationDate
			}
			continue
		}
		p.Documents = append(p.Documents, d)
	}
	if maxDate > c.resume {
		c.resume = maxDate
	}
	resume := c.resume
	if c.minFailed != "" && c.minFailed < resume {
		resume = c.minFailed
	}
	if resume != "" {
		p.Cursor = formatCursor(resume)
	}
	p.Total = c.total
	c.pages++
	s.log.DebugContext(ctx, "federalregister page", "documents", len(p.Documents), "failed", len(p.Failed), "cursor", p.Cursor)
	return c.sink.Page(ctx, p)
}

// Kind maps the API's human-readable type (and C1- correction numbers) to
// doc kinds.
func Kind(typ, documentNumber string) string {
	if strings.HasPrefix(documentNumber, "C1-") || strings.HasPrefix(documentNumber, "C2-") || typ == "Correction" {
		return "correction"
	}
	switch typ {
	case "Rule":
		return "rule"
	case "Proposed Rule":
		return "proposed_rule"
	case "Notice", "Sunshine Act Document":
		return "notice"
	case "Presidential Document":
		return "presidential_document"
	}
	return strings.ReplaceAll(strings.ToLower(typ), " ", "_")
}

func (s *Source) document(r apiDoc) (doc.Document, error) {
	if r.DocumentNumber == "" {
		return doc.Document{}, fmt.Errorf("%w: result without document_number", crawler.ErrMalformed)
	}
	pub, err := time.Parse(time.DateOnly, r.PublicationDate)
	if err != nil {
		return doc.Document{}, fmt.Errorf("%w: publication_date %q", crawler.ErrMalformed, r.PublicationDate)
	}
	d := doc.Document{
		ID:             "fr:" + r.DocumentNumber,
		Source:         s.cfg.Name,
		Kind:           Kind(r.Type, r.DocumentNumber),
		Stage:          doc.StagePublished,
		Title:          strings.TrimSpace(r.Title),
		Abstract:       strings.TrimSpace(r.Abstract),
		URL:            r.HTMLURL,
		Language:       "en",
		Published:      pub.UTC(),
		DocumentNumber: r.DocumentNumber,
		Citation:       r.Citation,
		Action:         r.Action,
		Dates:          r.Dates,
		RINs:           r.RINs,
		DocketIDs:      r.DocketIDs,
		PDFURL:         r.PDFURL,
		Agencies:       agencySlugs(r.Agencies),
	}
	if r.EffectiveOn != "" {
		if t, err := time.Parse(time.DateOnly, r.EffectiveOn); err == nil {
			t = t.UTC()
			d.EffectiveOn = &t
		}
	}
	for _, c := range r.CFRReferences {
		d.CFRParts = append(d.CFRParts, fmt.Sprintf("%d CFR %s", c.Title, c.Part))
	}
	switch {
	case r.CorrectionOf != "":
		n := r.CorrectionOf[strings.LastIndex(r.CorrectionOf, "/")+1:]
		if i := strings.IndexByte(n, '?'); i >= 0 {
			n = n[:i]
		}
		d.CorrectionOf = "fr:" + strings.TrimSuffix(n, ".json")
	case strings.HasPrefix(r.DocumentNumber, "C1-"):
		d.CorrectionOf = "fr:" + strings.TrimPrefix(r.DocumentNumber, "C1-")
	}
	return d, nil
}

func agencySlugs(as []apiAgency) []string {
	var out []string
	for _, a := range as {
		switch {
		case a.Slug != "":
			out = append(out, a.Slug)
		case a.Name != "":
			out = append(out, a.Name)
		case a.RawName != "":
			out = append(out, a.RawName)
		}
	}
	return out
}

// fullText fills d.Body (and d.Regtext) from full_text_xml_url, or from
// raw_text_url when the XML URL is null or answers 404. A document with
// neither keeps an empty body.
func (s *Source) fullText(ctx context.Context, d *doc.Document, r apiDoc) error {
	if r.FullTextXMLURL != "" {
		resp, err := s.text.Get(ctx, r.FullTextXMLURL, crawler.Validator{})
		var herr *crawler.HTTPError
		switch {
		case err == nil:
			text, reg, perr := ParseFullText(resp.Body)
			if perr != nil {
				return fmt.Errorf("%s: %w", r.FullTextXMLURL, perr)
			}
			d.Body, d.Regtext = text, reg
			return nil
		case errors.As(err, &herr) && herr.Status == http.StatusNotFound && r.RawTextURL != "":
			s.log.WarnContext(ctx, "federalregister full text xml missing, using raw text", "document", r.DocumentNumber)
		default:
			return err
		}
	}
	if r.RawTextURL == "" {
		return nil
	}
	body, err := s.rawText(ctx, r.RawTextURL)
	if err != nil {
		return err
	}
	d.Body = body
	return nil
}

func (s *Source) rawText(ctx context.Context, u string) (string, error) {
	resp, err := s.text.Get(ctx, u, crawler.Validator{})
	if err != nil {
		return "", err
	}
	t := strings.ReplaceAll(string(resp.Body), "\r\n", "\n")
	return strings.TrimSpace(t), nil
}

// piEnvelope is current.json (§1.1, §1.7).
type piEnvelope struct {
	Count   *int    `json:"count"`
	Results []piDoc `json:"results"`
}

type piDoc struct {
	Agencies        []apiAgency `json:"agencies"`
	DocketNumbers   []string    `json:"docket_numbers"`
	DocumentNumber  string      `json:"document_number"`
	FiledAt         string      `json:"filed_at"`
	HTMLURL         string      `json:"html_url"`
	PDFURL          string      `json:"pdf_url"`
	PublicationDate string      `json:"publication_date"`
	RawTextURL      string      `json:"raw_text_url"`
	Title           string      `json:"title"`
	Type            string      `json:"type"`
}

// publicInspection fetches the current public-inspection issue and hands
// the configured agencies' documents to the sink (stage public_inspection,
// Published = filing time). It does not move the cursor.
func (c *crawl) publicInspection(ctx context.Context) error {
	s := c.s
	u := s.cfg.BaseURL + "/public-inspection-documents/current.json"
	var env piEnvelope
	if err := s.getJSON(ctx, u, &env); err != nil {
		return err
	}
	if env.Count == nil {
		return fmt.Errorf("federalregister: GET %s: %w: no count", u, crawler.ErrMalformed)
	}
	want := map[string]bool{}
	for _, a := range s.cfg.Agencies {
		want[a] = true
	}
	p := crawler.Page{}
	for _, r := range env.Results {
		match := false
		for _, a := range r.Agencies {
			match = match || want[a.Slug]
		}
		if !match {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		filed, err := time.Parse(time.RFC3339, r.FiledAt)
		if err != nil {
			p.Failed = append(p.Failed, crawler.Failure{URL: r.HTMLURL, Err: fmt.Errorf("federalregister: %s: %w: filed_at %q", r.DocumentNumber, crawler.ErrMalformed, r.FiledAt)})
			continue
		}
		d := doc.Document{
			ID:             "fr:" + r.DocumentNumber,
			Source:         s.cfg.Name,
			Kind:           Kind(r.Type, r.DocumentNumber),
			Stage:          doc.StagePublicInspection,
			Title:          strings.TrimSpace(r.Title),
			URL:            r.HTMLURL,
			Language:       "en",
			Published:      filed.UTC(),
			DocumentNumber: r.DocumentNumber,
			DocketIDs:      r.DocketNumbers,
			PDFURL:         r.PDFURL,
			Agencies:       agencySlugs(r.Agencies),
		}
		if pub, err := time.Parse(time.DateOnly, r.PublicationDate); err == nil {
			d.ToBePublished = &pub
		}
		if r.RawTextURL != "" {
			body, err := s.rawText(ctx, r.RawTextURL)
			if err != nil {
				s.log.ErrorContext(ctx, "federalregister public inspection text failed", "document", r.DocumentNumber, "err", err)
				p.Failed = append(p.Failed, crawler.Failure{URL: r.RawTextURL, Err: fmt.Errorf("federalregister: %s: %w", r.DocumentNumber, err)})
				continue
			}
			d.Body = body
		}
		p.Documents = append(p.Documents, d)
	}
	if len(p.Documents) == 0 && len(p.Failed) == 0 {
		return nil
	}
	c.total += len(p.Documents) + len(p.Failed)
	p.Total = c.total
	return c.sink.Page(ctx, p)
}
