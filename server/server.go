// Package server is exportwatch's HTTP face: the HTML pages analysts use,
// the JSON API under /api/v1, Atom and JSON feeds, and the operational
// endpoints /healthz, /readyz and /metrics. It reads through the small Store
// and Index interfaces declared here and never touches SQL or Bleve itself.
package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed openapi.json
var openAPIDoc []byte

// DefaultMaxBodyBytes caps request bodies when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// Config is the server's configuration.
type Config struct {
	// Listen is the address cmd/exportwatch listens on ("127.0.0.1:8080");
	// the server itself only uses it to build a default PublicURL.
	Listen string
	// PublicURL is the absolute base URL of this server as readers reach it
	// ("https://exportwatch.example.org"); feed links and IDs are built from
	// it. Default: "http://" + Listen.
	PublicURL string
	// APIToken guards every write endpoint (Authorization: Bearer TOKEN, or
	// the token field of the subscription forms). Empty: writes are refused.
	APIToken doc.Secret
	// MaxBodyBytes caps request bodies (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// SearchTimeout bounds one search, waiting for a slot included
	// (default DefaultSearchTimeout).
	SearchTimeout time.Duration
	// MaxSearches is how many searches run at once; more wait for a slot
	// (default DefaultMaxSearches).
	MaxSearches int
	// Sources are the configured sources, so /sources lists them before
	// their first run. Sources with crawl state but no longer configured
	// are listed too.
	Sources []SourceInfo
}

// SourceInfo is one configured source as /sources shows it.
type SourceInfo struct {
	Name, Type, Schedule string
	Disabled             bool
}

// Store is what the server reads from and writes to the store.
// *store.Store implements it.
type Store interface {
	Document(ctx context.Context, id string) (store.StoredDocument, error)
	DocumentVersion(ctx context.Context, id string, version int) (doc.Document, doc.Classification, error)
	DocumentCountsBySource(ctx context.Context) (map[string]int, error)
	CurrentDocuments(ctx context.Context, ids []string) (map[string]store.StoredDocument, error)
	Events(ctx context.Context, q store.EventQuery) ([]doc.Event, error)
	Deliveries(ctx context.Context, q store.DeliveryQuery) ([]store.Delivery, error)
	CrawlStates(ctx context.Context) ([]store.CrawlState, error)
	Subscriptions(ctx context.Context) ([]doc.Subscription, error)
	Subscription(ctx context.Context, id int64) (doc.Subscription, error)
	CreateSubscription(ctx context.Context, sub doc.Subscription) (doc.Subscription, error)
	CreateSubscriptionWithBackfill(ctx context.Context, sub doc.Subscription, since time.Time) (doc.Subscription, store.Delivery, error)
	AddBackfill(ctx context.Context, subscriptionID int64, since time.Time) (store.Delivery, error)
	DeleteSubscription(ctx context.Context, id int64) error
	Calendar(ctx context.Context, q store.CalendarQuery) ([]store.CalendarItem, error)
	SubscriptionByFeedToken(ctx context.Context, token string) (doc.Subscription, error)
	Ping(ctx context.Context) error
}

// Index is what the server asks the search index. *index.Index implements it.
type Index interface {
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Count() (uint64, error)
}

// Notifier is the optional notification side the server exposes through
// the API: sending a test message to a subscription, and waking the
// dispatcher after a backfill was queued in the outbox. Nil disables the
// endpoints that need it (501).
type Notifier interface {
	// Test sends one test notification to sub's channel now.
	Test(ctx context.Context, sub doc.Subscription) error
	// Validate rejects a subscription the notifier cannot serve (a channel
	// without configuration, a query that does not parse).
	Validate(sub doc.Subscription) error
	// Wake asks the dispatcher to send what is due now (a backfill just
	// queued); it never blocks.
	Wake()
}

// Deps are the server's collaborators.
type Deps struct {
	Store    Store
	Index    Index
	Notifier Notifier // may be nil
	// Watchlists serves /watchlists and /api/v1/watchlists; may be nil.
	Watchlists Watchlists
	Metrics    *metrics.Metrics // may be nil
	// Ready reports whether the service can answer (/readyz). Nil: the
	// store answers Ping and the index answers Count.
	Ready func(ctx context.Context) error
}

// Server serves exportwatch over HTTP. Build it with New.
type Server struct {
	cfg         Config
	deps        Deps
	log         *slog.Logger
	pages       map[string]*template.Template
	sanitize    *bluemonday.Policy
	base        *url.URL
	countries   map[string]string
	mux         *http.ServeMux
	routes      []string      // registered patterns, for the OpenAPI test
	searchSlots chan struct{} // one per running search; see search
}

// New builds a Server. It panics only if the embedded templates do not
// parse, which a test catches.
func New(cfg Config, deps Deps, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.PublicURL == "" {
		listen := cfg.Listen
		if listen == "" {
			listen = "127.0.0.1:8080"
		}
		cfg.PublicURL = "http://" + listen
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = DefaultSearchTimeout
	}
	if cfg.MaxSearches <= 0 {
		cfg.MaxSearches = DefaultMaxSearches
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	base, err := url.Parse(cfg.PublicURL)
	if err != nil || base.Host == "" {
		base = &url.URL{Scheme: "http", Host: "localhost"}
	}
	s := &Server{
		cfg:         cfg,
		deps:        deps,
		log:         log,
		sanitize:    bluemonday.NewPolicy().AllowElements("mark"),
		base:        base,
		countries:   doc.CountryNames(),
		mux:         http.NewServeMux(),
		searchSlots: make(chan struct{}, cfg.MaxSearches),
	}
	s.pages = s.mustParsePages()
	s.registerRoutes()
	return s
}

// Handler returns the root handler: routes, security headers, body limits,
// panic recovery and request metrics.
func (s *Server) Handler() http.Handler {
	return s.securityHeaders(s.mux)
}

func (s *Server) registerRoutes() {
	// Pages.
	s.handle("GET /{$}", s.searchPage)
	s.handle("GET /documents/{id}", s.documentPage)
	s.handle("GET /countries/{cc}", s.countryPage)
	s.handle("GET /subscriptions", s.subscriptionsPage)
	s.handle("POST /subscriptions", s.subscriptionsCreateForm)
	s.handle("POST /subscriptions/{id}/delete", s.subscriptionsDeleteForm)
	s.handle("GET /sources", s.sourcesPage)
	s.handle("GET /calendar", s.calendarPage)
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", s.instrument("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static)))))
	s.handle("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
		return nil
	})

	// JSON API.
	s.handle("GET /api/v1/search", s.apiSearch)
	s.handle("GET /api/v1/documents/{id}", s.apiDocument)
	s.handle("GET /api/v1/countries/{cc}", s.apiCountry)
	s.handle("GET /api/v1/events", s.apiEvents)
	s.handle("GET /api/v1/subscriptions", s.apiSubscriptions)
	s.handle("POST /api/v1/subscriptions", s.apiCreateSubscription)
	s.handle("GET /api/v1/subscriptions/{id}", s.apiSubscription)
	s.handle("DELETE /api/v1/subscriptions/{id}", s.apiDeleteSubscription)
	s.handle("POST /api/v1/subscriptions/{id}/test", s.apiTestSubscription)
	s.handle("POST /api/v1/subscriptions/{id}/backfill", s.apiBackfillSubscription)
	s.handle("GET /api/v1/deliveries", s.apiDeliveries)
	s.handle("GET /api/v1/sources", s.apiSources)
	s.handle("GET /api/v1/calendar", s.apiCalendar)
	s.handle("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.registerWatchlistRoutes()

	// Feeds.
	s.handle("GET /feeds/countries/{file}", s.countryFeed)
	s.handle("GET /feeds/labels/{file}", s.labelFeed)
	s.handle("GET /feeds/search.atom", s.searchFeed)
	s.handle("GET /feeds/search.json", s.searchFeed)
	s.handle("GET /feeds/all.atom", s.allFeed)
	s.handle("GET /feeds/all.json", s.allFeed)
	s.handle("GET /feeds/all.ics", s.allCalendar)
	s.handle("GET /feeds/subscriptions/{file}", func(w http.ResponseWriter, r *http.Request) error {
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok {
			return fmt.Errorf("%s: %w", r.URL.Path, store.ErrNotFound)
		}
		return s.subscriptionCalendar(w, r, token)
	})

	// Operations.
	s.handle("GET /healthz", func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := w.Write([]byte("ok\n"))
		return err
	})
	s.handle("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.instrument("GET /metrics", s.deps.Metrics.Handler()))

	// Everything else: a 404 page (or JSON under /api/).
	s.mux.Handle("/", s.instrument("unmatched", s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("%s: %w", r.URL.Path, store.ErrNotFound)
	})))
}

// handlerFunc is a handler that returns its error; wrap renders it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, h handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.instrument(pattern, s.wrap(h)))
}

// wrap limits the request body and renders a returned error through
// statusOf, as JSON under /api/ and as an HTML page elsewhere.
func (s *Server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		err := h(w, r)
		if err == nil {
			return
		}
		s.renderError(w, r, err)
	})
}

// statusWriter records the status code for metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "http panic", "route", route, "panic", fmt.Sprint(p))
				if sw.code == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			s.deps.Metrics.HTTPRequest(route, code, time.Since(start))
		}()
		h.ServeHTTP(sw, r)
	})
}

// contentSecurityPolicy allows only same-origin styles and images and no
// scripts at all: every page works without JavaScript.
const contentSecurityPolicy = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	err := s.ready(ctx)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready\n"))
		return nil
	}
	_, err = w.Write([]byte("ready\n"))
	return err
}

func (s *Server) ready(ctx context.Context) error {
	if s.deps.Ready != nil {
		return s.deps.Ready(ctx)
	}
	if s.deps.Store == nil || s.deps.Index == nil {
		return errors.New("server: store or index missing")
	}
	if err := s.deps.Store.Ping(ctx); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if _, err := s.deps.Index.Count(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if h, ok := s.deps.Index.(interface{ Healthy() error }); ok {
		if err := h.Healthy(); err != nil {
			return fmt.Errorf("index: %w", err)
		}
	}
	return nil
}
