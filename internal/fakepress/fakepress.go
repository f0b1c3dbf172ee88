// Package fakepress is a local press site for tests: an httptest server that
// serves hand-made pages shaped like China.Table (German and English
// editions), BIS press releases, RSS/Atom feeds and a Federal Register-style
// RSS, with robots.txt, a TDM reservation file, redirects, a legacy-charset
// page, a broken page and ETag/Last-Modified validators with 304 support.
// It records every request so tests can assert what was (not) fetched.
package fakepress

import (
	"bytes"
	"crypto/sha1"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

//go:embed testdata/site
var site embed.FS

// Paths served by the fake. Article paths are the canonical ones.
const (
	Robots  = "/robots.txt"
	TDMRep  = "/.well-known/tdmrep.json"
	ChinaDE = "/china/"
	// ChinaDEPage2 is the second German listing page (pagination).
	ChinaDEPage2 = "/china/?page=2"
	ChinaEN      = "/china/en/"

	// ArticleFree carries the real China.Table excerpt, unpaywalled, with a
	// German date ("12. Februar 2025") and no machine-readable date.
	ArticleFree = "/china/analyse/ki-wie-die-usa-chinas-fortschritt-bremsen-wollen/"
	// ArticlePaywalled shows a lead and a paywall box (div.paywall).
	ArticlePaywalled = "/china/news/inspur-tochterfirmen-auf-entity-list/"
	// ArticleTracked is linked twice with tracking parameters and fragments.
	ArticleTracked = "/china/news/huawei-ascend-warnung/"
	// ArticleDisallowed is linked from the listing but disallowed by robots.txt.
	ArticleDisallowed = "/china/intern/vorschau-entwurf/"
	// ArticleMoved redirects (301) to ArticleMovedTo.
	ArticleMoved   = "/china/news/alte-adresse-asml/"
	ArticleMovedTo = "/china/news/niederlande-asml-exportkontrollen/"
	// ArticleServerError answers 500.
	ArticleServerError = "/china/news/serverfehler-beispiel/"
	// ArticleLegacy is ISO-8859-1 without a charset in Content-Type and
	// without a lang attribute.
	ArticleLegacy = "/china/news/halbleiter-ausfuhr-latin1/"
	// ArticleBroken is a truncated page with no headline.
	ArticleBroken = "/china/news/kaputte-seite/"
	// ArticleTDMMeta carries <meta name="tdm-reservation" content="1">.
	ArticleTDMMeta = "/china/standpunkt/tdm-vorbehalt-beispiel/"
	// ArticleEN is a free English article.
	ArticleEN = "/china/en/news/us-tightens-ai-chip-export-quotas/"
	// ArticleENReserved is covered by the tdmrep.json reservation.
	ArticleENReserved = "/en/china/professional-briefing/entity-list-adds-chinese-ai-firms"

	BISListing    = "/press-releases"
	BISRescission = "/press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule"
	BISEntities   = "/press-release/commerce-adds-80-entities-entity-list"

	FeedRSS  = "/feeds/china.rss"
	FeedAtom = "/feeds/china-en.atom"
	FeedJSON = "/feeds/bis.json"
	// FederalRegisterRSS is served for any query string; tests read the
	// query from the request log.
	FederalRegisterRSS = "/api/v1/documents.rss"
)

// Request is one request the fake received.
type Request struct {
	Method string
	URI    string // path and query, as sent
	Path   string
	Header http.Header
	Time   time.Time // when it arrived
	Status int       // the status answered
}

// fault answers the next count requests of a path with status.
type fault struct {
	path       string
	status     int
	retryAfter string
	count      int
}

type page struct {
	body        []byte
	contentType string
	status      int
	redirect    string
	modified    time.Time
}

// Server is a running fake press site. Close it when done.
type Server struct {
	URL string

	srv    *httptest.Server
	mu     sync.Mutex
	pages  map[string]*page // by path, or path?query for listing pages
	log    []Request
	faults []*fault
}

const (
	typeHTML = "text/html; charset=utf-8"
	typeRSS  = "application/rss+xml; charset=utf-8"
	typeAtom = "application/atom+xml; charset=utf-8"
)

// New starts the fake on a loopback port.
// SiteFile returns a page of the fake site as stored, {{BASE}} not yet
// replaced (name is relative to testdata/site, e.g.
// "china/analyse/ki-wie-die-usa-chinas-fortschritt-bremsen-wollen.html").
// The offline demo of internal/fakefr serves the German article from here,
// so the real excerpt it carries is kept once.
func SiteFile(name string) ([]byte, error) {
	b, err := site.ReadFile("testdata/site/" + name)
	if err != nil {
		return nil, fmt.Errorf("fakepress: site %s: %w", name, err)
	}
	return b, nil
}

func New() *Server {
	s := &Server{pages: map[string]*page{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	base := time.Date(2025, 5, 14, 6, 0, 0, 0, time.UTC)
	add := func(key, file, contentType string) {
		b, err := site.ReadFile("testdata/site/" + file)
		if err != nil {
			panic(fmt.Sprintf("fakepress: missing testdata %s: %v", file, err)) // a build-time bug
		}
		b = bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(s.URL))
		s.pages[key] = &page{body: b, contentType: contentType, status: http.StatusOK, modified: base}
	}
	add(Robots, "robots.txt", "text/plain; charset=utf-8")
	add(TDMRep, "well-known/tdmrep.json", "application/json")
	add(ChinaDE, "china/index.html", typeHTML)
	add(ChinaDEPage2, "china/page-2.html", typeHTML)
	add(ChinaEN, "china/en/index.html", typeHTML)
	add(ArticleFree, "china/analyse/ki-wie-die-usa-chinas-fortschritt-bremsen-wollen.html", typeHTML)
	add(ArticlePaywalled, "china/news/inspur-tochterfirmen-auf-entity-list.html", typeHTML)
	add(ArticleTracked, "china/news/huawei-ascend-warnung.html", typeHTML)
	add(ArticleMovedTo, "china/news/niederlande-asml-exportkontrollen.html", typeHTML)
	add(ArticleLegacy, "china/news/halbleiter-ausfuhr-latin1.html", "text/html")
	add(ArticleBroken, "china/news/kaputte-seite.html", typeHTML)
	add(ArticleTDMMeta, "china/standpunkt/tdm-vorbehalt-beispiel.html", typeHTML)
	add(ArticleEN, "china/en/news/us-tightens-ai-chip-export-quotas.html", typeHTML)
	add(ArticleENReserved, "en/china/professional-briefing/entity-list-adds-chinese-ai-firms.html", typeHTML)
	add(BISListing, "press-releases.html", typeHTML)
	add(BISRescission, "press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule.html", typeHTML)
	add(BISEntities, "press-release/commerce-adds-80-entities-entity-list.html", typeHTML)
	add(FeedRSS, "feeds/china.rss", typeRSS)
	add(FeedAtom, "feeds/china-en.atom", typeAtom)
	add(FeedJSON, "feeds/bis.json", "application/feed+json")
	add(FederalRegisterRSS, "api/documents.rss", typeRSS)
	add(ArticleDisallowed, "china/news/huawei-ascend-warnung.html", typeHTML) // must never be served
	s.pages[ArticleMoved] = &page{status: http.StatusMovedPermanently, redirect: ArticleMovedTo}
	s.pages[ArticleServerError] = &page{status: http.StatusInternalServerError, body: []byte("<h1>Internal Server Error</h1>"), contentType: typeHTML}
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Client returns an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	idx := len(s.log)
	s.log = append(s.log, Request{Method: r.Method, URI: r.URL.RequestURI(), Path: r.URL.Path, Header: r.Header.Clone(), Time: time.Now()})
	p, ok := s.pages[r.URL.RequestURI()]
	if !ok {
		p, ok = s.pages[r.URL.Path]
	}
	var cp page
	if ok {
		cp = *p
	}
	f := s.takeFault(r.URL.Path)
	s.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		s.mu.Lock()
		s.log[idx].Status = sw.status
		s.mu.Unlock()
	}()
	switch {
	case f != nil:
		if f.retryAfter != "" {
			sw.Header().Set("Retry-After", f.retryAfter)
		}
		http.Error(sw, http.StatusText(f.status), f.status)
	case !ok:
		http.NotFound(sw, r)
	case cp.redirect != "":
		http.Redirect(sw, r, cp.redirect, cp.status)
	case cp.status != http.StatusOK:
		sw.Header().Set("Content-Type", cp.contentType)
		sw.WriteHeader(cp.status)
		sw.Write(cp.body)
	default:
		sum := sha1.Sum(cp.body)
		sw.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
		sw.Header().Set("Content-Type", cp.contentType)
		// ServeContent answers If-None-Match / If-Modified-Since with 304
		// (RFC 9110 §13.1).
		http.ServeContent(sw, r, "", cp.modified, bytes.NewReader(cp.body))
	}
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// takeFault pops a fault for path; s.mu is held.
func (s *Server) takeFault(path string) *fault {
	for i, f := range s.faults {
		if f.path != path {
			continue
		}
		f.count--
		if f.count <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// Throttle answers the next n requests of path with 429 Too Many Requests
// and the given Retry-After ("1", or an HTTP date; "" sends none).
func (s *Server) Throttle(path string, n int, retryAfter string) {
	s.Fail(path, n, http.StatusTooManyRequests, retryAfter)
}

// Fail answers the next n requests of path with status, and Retry-After
// when retryAfter is not empty.
func (s *Server) Fail(path string, n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{path: path, status: status, retryAfter: retryAfter, count: n})
}

// Put serves body at path (a path, or path?query) with contentType.
func (s *Server) Put(path, contentType string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = &page{body: body, contentType: contentType, status: http.StatusOK, modified: time.Date(2025, 5, 14, 6, 0, 0, 0, time.UTC)}
}

// Redirect makes path answer with a redirect of the given status (301,
// 302, 307, 308) to target (a path on this site).
func (s *Server) Redirect(path string, status int, target string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = &page{status: status, redirect: target}
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count returns how many requests had this path (query ignored).
func (s *Server) Count(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// ResetLog forgets the requests received so far.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Edit replaces old with new in the page served at key (a path, or path?query
// for listing pages) and moves its Last-Modified forward, as an upstream edit
// would. It fails if the page or old text does not exist.
func (s *Server) Edit(key, old, new string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pages[key]
	if !ok || !bytes.Contains(p.body, []byte(old)) {
		return fmt.Errorf("fakepress: edit %s: %q not found", key, old)
	}
	p.body = bytes.Replace(p.body, []byte(old), []byte(new), 1)
	p.modified = p.modified.Add(time.Hour)
	return nil
}

// Body returns the bytes served at key, with {{BASE}} replaced.
func (s *Server) Body(key string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.pages[key]; ok {
		return append([]byte(nil), p.body...)
	}
	return nil
}

// HasRequested reports whether any request path starts with prefix.
func (s *Server) HasRequested(prefix string) bool {
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			return true
		}
	}
	return false
}
