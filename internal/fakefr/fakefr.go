// Package fakefr is a faithful fake of the Federal Register API and its
// full-text files, served over httptest (or any listener) for offline tests
// and demos. It reproduces the behaviour documented in
// shared/domain/federal-register-api.md §3: human-readable types, cursor and
// page links, the 10,000-result and 50-page caps, zero-hit bodies without
// results, the exact 400/404 bodies, public inspection and full text; and it
// injects faults (429 with Retry-After, 5xx, malformed bodies, latency) and
// records every request so tests can assert politeness.
package fakefr

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Server is a running fake Federal Register.
type Server struct {
	*httptest.Server // nil when built with NewHandler

	mu        sync.Mutex
	corpus    Corpus
	agencies  map[string]Agency
	faults    []*Fault
	latency   time.Duration
	pageLinks bool
	baseURL   string
	robots    string
	requests  []Request
	log       *slog.Logger
}

// Request is one request the fake received.
type Request struct {
	Method    string
	Path      string
	RawQuery  string
	UserAgent string
	Header    http.Header
	Time      time.Time // when the request arrived
	Status    int
}

// Fault is an injected failure for the next Count matching requests.
type Fault struct {
	// Status is the response status (429, 500, 503 ...); 0 with Malformed
	// means 200.
	Status int
	// RetryAfter is sent as the Retry-After header when not empty
	// ("1", or an HTTP date).
	RetryAfter string
	// Malformed answers with a truncated body of the route's type.
	Malformed bool
	// Delay holds the response back (before any status is written).
	Delay time.Duration
	// PathPrefix limits the fault to request paths with this prefix
	// ("/api/v1/documents", "/documents/full_text/"); "" matches all but
	// /robots.txt.
	PathPrefix string
	// Count is how many requests the fault answers; 0 means 1.
	Count int
}

// Option configures a Server.
type Option func(*Server)

// WithFault injects f from the start.
func WithFault(f Fault) Option { return func(s *Server) { s.addFault(f) } }

// WithLatency delays every response by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// WithPageLinks makes every search paginate with page=N links (the style of
// term searches and small result sets) instead of search_after_cursor links.
func WithPageLinks() Option { return func(s *Server) { s.pageLinks = true } }

// WithBaseURL sets the origin ("http://127.0.0.1:8090") written into URLs
// in responses; by default it is taken from each request's Host.
func WithBaseURL(u string) Option {
	return func(s *Server) { s.baseURL = strings.TrimRight(u, "/") }
}

// WithRobotsTxt replaces the served robots.txt.
func WithRobotsTxt(body string) Option { return func(s *Server) { s.robots = body } }

// WithLogger logs each request at debug level.
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// DefaultRobotsTxt is served at /robots.txt unless replaced (hand-made: it
// blocks the HTML search pages, as the real site's does, not the API).
const DefaultRobotsTxt = "User-agent: *\nDisallow: /documents/search\nDisallow: /public-inspection/search\n"

// New starts a fake Federal Register over httptest serving corpus. Close it
// when done. The API base URL is s.URL + "/api/v1".
func New(corpus Corpus, opts ...Option) *Server {
	s := NewHandler(corpus, opts...)
	s.Server = httptest.NewServer(s.Handler())
	return s
}

// NewHandler builds the fake without starting a listener; serve
// s.Handler() yourself (cmd/fakefr does).
func NewHandler(corpus Corpus, opts ...Option) *Server {
	s := &Server{robots: DefaultRobotsTxt, log: slog.New(slog.DiscardHandler)}
	s.corpus = cloneCorpus(corpus)
	s.agencies = map[string]Agency{}
	for _, a := range append(KnownAgencies(), corpus.Agencies...) {
		s.agencies[a.Slug] = a
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// APIURL is the base URL a client uses: s.URL + "/api/v1".
func (s *Server) APIURL() string { return s.URL + "/api/v1" }

// Handler returns the fake's HTTP handler.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// ClearFaults removes every pending injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Inject adds a fault for the next f.Count matching requests.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addFault(f)
}

func (s *Server) addFault(f Fault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	s.faults = append(s.faults, &f)
}

// Throttle answers the next n API and full-text requests with 429 and the
// given Retry-After header value.
func (s *Server) Throttle(n int, retryAfter string) {
	s.Inject(Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter, Count: n})
}

// SetLatency delays every following response by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests clears the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Corpus returns a copy of what the fake currently serves.
func (s *Server) Corpus() Corpus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneCorpus(s.corpus)
}

// AddDocument publishes d (or replaces the document with its number).
func (s *Server) AddDocument(d Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.FullTextXML == "" && !d.NoFullTextXML {
		d.FullTextXML = generatedXML(d)
	}
	for i := range s.corpus.Documents {
		if s.corpus.Documents[i].DocumentNumber == d.DocumentNumber {
			s.corpus.Documents[i] = d
			return
		}
	}
	s.corpus.Documents = append(s.corpus.Documents, d)
}

// UpdateDocument changes the document with number n in place (e.g. its
// Abstract or FullTextXML, to produce a new version). It reports whether
// the document exists.
func (s *Server) UpdateDocument(n string, change func(*Document)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.corpus.Documents {
		if s.corpus.Documents[i].DocumentNumber == n {
			change(&s.corpus.Documents[i])
			return true
		}
	}
	return false
}

// SetAbstract changes a document's abstract; see UpdateDocument.
func (s *Server) SetAbstract(n, abstract string) bool {
	return s.UpdateDocument(n, func(d *Document) { d.Abstract = abstract })
}

// SetFullTextXML changes a document's full-text XML; see UpdateDocument.
func (s *Server) SetFullTextXML(n, xml string) bool {
	return s.UpdateDocument(n, func(d *Document) { d.FullTextXML, d.NoFullTextXML = xml, false })
}

// AddPublicInspection puts p on the public-inspection desk (replacing an
// entry with its number). With AvailableOn empty it joins the current issue.
func (s *Server) AddPublicInspection(p PublicInspectionDocument) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.AvailableOn == "" {
		p.AvailableOn = s.currentIssueLocked()
		if p.AvailableOn == "" {
			p.AvailableOn = time.Now().UTC().Format(time.DateOnly)
		}
	}
	for i := range s.corpus.PublicInspection {
		if s.corpus.PublicInspection[i].DocumentNumber == p.DocumentNumber {
			s.corpus.PublicInspection[i] = p
			return
		}
	}
	s.corpus.PublicInspection = append(s.corpus.PublicInspection, p)
}

// RemovePublicInspection takes document n off the desk.
func (s *Server) RemovePublicInspection(n string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pis := s.corpus.PublicInspection[:0]
	for _, p := range s.corpus.PublicInspection {
		if p.DocumentNumber != n {
			pis = append(pis, p)
		}
	}
	s.corpus.PublicInspection = pis
}

func cloneCorpus(c Corpus) Corpus {
	return Corpus{
		Documents:        append([]Document(nil), c.Documents...),
		PublicInspection: append([]PublicInspectionDocument(nil), c.PublicInspection...),
		Agencies:         append([]Agency(nil), c.Agencies...),
	}
}

// statusWriter records the status and buffers the body so the origin can
// be rewritten.
type statusWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (w *statusWriter) WriteHeader(code int) { w.status = code }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	s.mu.Lock()
	fault := s.takeFault(r)
	latency := s.latency
	idx := len(s.requests)
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		UserAgent: r.UserAgent(), Header: r.Header.Clone(), Time: now,
	})
	s.mu.Unlock()

	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		s.mu.Lock()
		if idx < len(s.requests) {
			s.requests[idx].Status = sw.status
		}
		s.mu.Unlock()
		s.log.Debug("fakefr request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "status", sw.status)
	}()

	delay := latency
	if fault != nil && fault.Delay > 0 {
		delay += fault.Delay
	}
	if delay > 0 && !sleep(r.Context(), delay) {
		sw.status = 499
		return
	}
	origin := s.origin(r)
	if fault != nil && (fault.Status != 0 || fault.Malformed) {
		s.writeFault(sw, r, fault)
	} else {
		s.route(sw, r)
	}
	body := sw.buf.Bytes()
	if origin != RealHost {
		body = bytes.ReplaceAll(body, []byte(RealHost), []byte(origin))
	}
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	w.WriteHeader(sw.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// takeFault pops the first fault matching r; s.mu is held.
func (s *Server) takeFault(r *http.Request) *Fault {
	if r.URL.Path == "/robots.txt" {
		return nil
	}
	for i, f := range s.faults {
		if f.PathPrefix != "" && !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		cp := *f
		f.Count--
		if f.Count <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return &cp
	}
	return nil
}

func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Malformed {
		if strings.HasSuffix(r.URL.Path, ".xml") {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(status)
			w.Write([]byte("<RULE>\n  <PREAMB>\n    <SUBJECT>Truncated"))
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(`{"description":"Documents","count":3,"total_pages":1,"results":[{"title":"Trunc`))
		return
	}
	switch status {
	case http.StatusTooManyRequests:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("Too Many Requests\n"))
	default:
		writeJSONError(w, status, http.StatusText(status))
	}
}

func (s *Server) origin(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
