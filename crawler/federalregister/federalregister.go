// Package federalregister is the Federal Register source: documents of the
// configured agencies from the documents.json search API with their full
// text, and the current public-inspection issue. It implements
// crawler.Source; see shared/domain/federal-register-api.md for the API.
package federalregister

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"github.com/exportwatch/exportwatch/crawler/fetch"
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
	Lookback time.Duration
	PerPage  int     // 2..2000; default 1000
	APIRate  float64 // requests/s to the API; default 5
	TextRate float64 // requests/s for full text; default 1
	// Fetch holds the settings every source shares (crawl.* in the config
	// file: User-Agent, timeout, body limit, attempts); its Rate is
	// replaced by APIRate and TextRate.
	Fetch fetch.Config
	// Batch is the most documents committed together (one sink page); a
	// batch is also committed once it is BatchWait old, so a slow first
	// crawl keeps its work as it goes. Defaults 50 and 2s.
	Batch     int
	BatchWait time.Duration
}

// Source is the Federal Register source.
type Source struct {
	cfg        Config
	validators crawler.Validators
	log        *slog.Logger
}

// Limits of the API (federal-register-api.md §1.2–1.3).
const (
	maxCount      = 10000
	maxTotalPages = 50
)

// New builds a Source from cfg. validators (the store) supplies ETag and
// Last-Modified of full texts for conditional GET; nil disables it.
func New(cfg Config, validators crawler.Validators, log *slog.Logger) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "federal-register"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if u, err := url.Parse(cfg.BaseURL); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("federalregister: base_url %q: not an absolute URL", cfg.BaseURL)
	}
	if len(cfg.Agencies) == 0 {
		cfg.Agencies = []string{DefaultAgency}
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
	if cfg.Batch <= 0 {
		cfg.Batch = 50
	}
	if cfg.BatchWait <= 0 {
		cfg.BatchWait = 2 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("source", cfg.Name)
	cfg.Fetch.Logger = log
	return &Source{cfg: cfg, validators: validators, log: log}, nil
}

// fetchers returns one crawl's fetchers, one per rate class, so robots.txt
// is read afresh on every crawl.
func (s *Source) fetchers() (api, text *fetch.Client, err error) {
	fc := s.cfg.Fetch
	fc.Rate, fc.Parallelism = s.cfg.APIRate, 1
	if api, err = fetch.New(fc); err != nil {
		return nil, nil, fmt.Errorf("federalregister: %w", err)
	}
	fc.Rate = s.cfg.TextRate
	if text, err = fetch.New(fc); err != nil {
		return nil, nil, fmt.Errorf("federalregister: %w", err)
	}
	return api, text, nil
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
	api, text *fetch.Client
	sink      crawler.Sink
	resume    string // the cursor to emit (max committed date)
	minFailed string // earliest publication date of a failed document
	total     int
	pages     int

	batch      crawler.Page // fetched, not yet committed
	batchMax   string       // latest publication date in batch
	batchStart time.Time
}

// Crawl implements crawler.Source: documents published since the cursor's
// date minus Lookback (Since when the cursor is empty), oldest first, in
// sink pages of at most Config.Batch documents (at least one per API page,
// each with the cursor it earns), then the current public-inspection
// issue. When ctx is cancelled, what was fetched is committed first.
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
	api, text, err := s.fetchers()
	if err != nil {
		return err
	}
	c := &crawl{s: s, api: api, text: text, sink: sink, batchStart: time.Now()}
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
	CommentsCloseOn string   `json:"comments_close_on"`
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
	return []string{"abstract", "action", "agencies", "cfr_references", "citation", "comments_close_on", "correction_of", "dates",
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
func (c *crawl) getJSON(ctx context.Context, u string, v any) error {
	resp, err := c.api.Get(ctx, u, crawler.Validator{})
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
	if err := c.getJSON(ctx, u, &env); err != nil {
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
		if err := c.getJSON(ctx, next, &env); err != nil {
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
	if err := c.getJSON(ctx, u, &env); err != nil {
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

// page turns one API page into documents (with full text) and hands them
// to the sink in batches (see Config.Batch), each with a cursor that never
// passes a failed or uncommitted document. When ctx is cancelled, what was
// fetched is committed before the crawl returns.
func (c *crawl) page(ctx context.Context, env searchEnvelope) error {
	if len(env.Results) == 0 {
		return nil
	}
	s := c.s
	for _, r := range env.Results {
		if ctx.Err() != nil {
			return c.stop(ctx)
		}
		d, v, unchanged, err := c.document(ctx, r)
		if err != nil && ctx.Err() != nil {
			return c.stop(ctx) // cancelled mid-fetch: not a failure of the document
		}
		// Only a well-formed date may reach the cursor: a malformed one
		// would make every later ParseCursor fail and stall the source.
		_, dateErr := time.Parse(time.DateOnly, r.PublicationDate)
		validDate := dateErr == nil
		if validDate && r.PublicationDate > c.batchMax {
			c.batchMax = r.PublicationDate
		}
		switch {
		case err != nil:
			u := r.FullTextXMLURL
			if u == "" {
				u = r.RawTextURL
			}
			if u == "" {
				u = r.HTMLURL
			}
			s.log.ErrorContext(ctx, "federalregister document failed", "document", r.DocumentNumber, "url", u, "err", err)
			c.batch.Failed = append(c.batch.Failed, crawler.Failure{URL: u, Err: fmt.Errorf("federalregister: %s: %w", r.DocumentNumber, err)})
			if validDate && (c.minFailed == "" || r.PublicationDate < c.minFailed) {
				c.minFailed = r.PublicationDate
			}
		case unchanged:
			c.batch.Unchanged++
		default:
			c.batch.Documents = append(c.batch.Documents, d)
			if v.URL != "" {
				c.batch.Validators = append(c.batch.Validators, v)
			}
		}
		if n := len(c.batch.Documents) + len(c.batch.Failed) + c.batch.Unchanged; n >= s.cfg.Batch || time.Since(c.batchStart) >= s.cfg.BatchWait {
			if err := c.flush(ctx); err != nil {
				return err
			}
		}
	}
	c.pages++
	return c.flush(ctx)
}

// flush hands the pending batch to the sink with the cursor it earns:
// the latest publication date committed so far, held back to the earliest
// failed document. Documents of that date still to come are safe: the
// next crawl resumes at the date, not after it.
func (c *crawl) flush(ctx context.Context) error {
	p := c.batch
	if len(p.Documents) == 0 && len(p.Failed) == 0 && p.Unchanged == 0 && c.batchMax == "" {
		return nil
	}
	if c.batchMax > c.resume {
		c.resume = c.batchMax
	}
	resume := c.resume
	if c.minFailed != "" && c.minFailed < resume {
		resume = c.minFailed
	}
	if resume != "" {
		p.Cursor = formatCursor(resume)
	}
	p.Total = c.total
	c.batch, c.batchMax, c.batchStart = crawler.Page{}, "", time.Now()
	c.s.log.DebugContext(ctx, "federalregister batch", "documents", len(p.Documents), "unchanged", p.Unchanged, "failed", len(p.Failed), "cursor", p.Cursor)
	return c.sink.Page(ctx, p)
}

// stop commits what was fetched before ctx was cancelled, so an
// interrupted crawl (SIGINT) keeps its work, and returns ctx's error.
func (c *crawl) stop(ctx context.Context) error {
	cctx, cancel := crawler.Detached(ctx)
	defer cancel()
	n := len(c.batch.Documents)
	if err := c.flush(cctx); err != nil {
		return fmt.Errorf("federalregister: commit %d fetched documents after %w: %w", n, ctx.Err(), err)
	}
	c.s.log.InfoContext(ctx, "federalregister crawl interrupted, fetched documents committed", "documents", n)
	return ctx.Err()
}

// document builds the document of one API row with its full text.
// unchanged reports a full text that answered 304 (see validatorKey): the
// document is then not emitted.
func (c *crawl) document(ctx context.Context, r apiDoc) (doc.Document, crawler.Validator, bool, error) {
	d, err := c.s.document(r)
	if err != nil {
		return d, crawler.Validator{}, false, err
	}
	v, unchanged, err := c.fullText(ctx, &d, r)
	return d, v, unchanged, err
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
	if r.CommentsCloseOn != "" {
		if t, err := time.Parse(time.DateOnly, r.CommentsCloseOn); err == nil {
			t = t.UTC()
			d.CommentsCloseOn = &t
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

// validatorKey is the key under which the validators of r's full text at
// u are remembered: the URL plus a hash of the API row. A row that changed
// (a corrected abstract, a new effective date) has no validators yet, so
// its full text is fetched in full and the document becomes a new version;
// a 304 to the conditional GET therefore means that nothing about the
// document changed.
func validatorKey(u string, r apiDoc) string {
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return u + "#row=" + hex.EncodeToString(sum[:8])
}

// getText fetches one full text of r with conditional GET (RFC 9110
// §13.1) and returns the validators to remember under validatorKey.
func (c *crawl) getText(ctx context.Context, u string, r apiDoc) (*fetch.Response, crawler.Validator, error) {
	key := validatorKey(u, r)
	resp, err := c.text.Get(ctx, u, fetch.LookupValidator(ctx, c.s.validators, key, c.s.log))
	if err != nil {
		return nil, crawler.Validator{}, err
	}
	v := resp.Validator
	v.URL = key
	if v.ETag == "" && v.LastModified == "" {
		v = crawler.Validator{}
	}
	return resp, v, nil
}

// fullText fills d.Body (and d.Regtext) from full_text_xml_url, or from
// raw_text_url when the XML URL is null or answers 404. A document with
// neither keeps an empty body. Full texts are fetched with conditional GET:
// unchanged reports a 304, v the validators to remember.
func (c *crawl) fullText(ctx context.Context, d *doc.Document, r apiDoc) (v crawler.Validator, unchanged bool, err error) {
	if r.FullTextXMLURL != "" {
		resp, v, err := c.getText(ctx, r.FullTextXMLURL, r)
		var herr *fetch.HTTPError
		switch {
		case err == nil && resp.NotModified:
			return crawler.Validator{}, true, nil
		case err == nil:
			text, reg, perr := ParseFullText(resp.Body)
			if perr != nil {
				return crawler.Validator{}, false, fmt.Errorf("%s: %w", r.FullTextXMLURL, perr)
			}
			d.Body, d.Regtext = text, reg
			return v, false, nil
		case errors.As(err, &herr) && herr.Status == http.StatusNotFound && r.RawTextURL != "":
			c.s.log.WarnContext(ctx, "federalregister full text xml missing, using raw text", "document", r.DocumentNumber)
		default:
			return crawler.Validator{}, false, err
		}
	}
	if r.RawTextURL == "" {
		return crawler.Validator{}, false, nil
	}
	resp, v, err := c.getText(ctx, r.RawTextURL, r)
	switch {
	case err != nil:
		return crawler.Validator{}, false, err
	case resp.NotModified:
		return crawler.Validator{}, true, nil
	}
	d.Body = rawBody(resp.Body)
	return v, false, nil
}

func rawBody(b []byte) string {
	return strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
}

func (c *crawl) rawText(ctx context.Context, u string) (string, error) {
	resp, err := c.text.Get(ctx, u, crawler.Validator{})
	if err != nil {
		return "", err
	}
	return rawBody(resp.Body), nil
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
	if err := c.getJSON(ctx, u, &env); err != nil {
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
		if ctx.Err() != nil {
			break // commit what was fetched
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
			body, err := c.rawText(ctx, r.RawTextURL)
			if err != nil && ctx.Err() != nil {
				break
			}
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
		return ctx.Err()
	}
	c.total += len(p.Documents) + len(p.Failed)
	p.Total = c.total
	if ctx.Err() != nil {
		cctx, cancel := crawler.Detached(ctx)
		defer cancel()
		if err := c.sink.Page(cctx, p); err != nil {
			return fmt.Errorf("federalregister: commit public inspection after %w: %w", ctx.Err(), err)
		}
		return ctx.Err()
	}
	return c.sink.Page(ctx, p)
}
