package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/exportwatch/exportwatch/internal/retryafter"
	"github.com/gocolly/colly/v2"
)

// DefaultUserAgent is the honest User-Agent of exportwatch's fetchers.
const DefaultUserAgent = "exportwatch/0.1 (+https://github.com/exportwatch/exportwatch)"

// FetcherConfig configures a Fetcher. Zero values take the defaults noted.
type FetcherConfig struct {
	UserAgent    string        // default DefaultUserAgent
	Timeout      time.Duration // per attempt; default 30s
	MaxBodyBytes int64         // default 32 MiB; a larger body fails with ErrBodyTooLarge
	// Rate is the most requests per second this Fetcher sends, over all
	// hosts (one Fetcher is one politeness domain; make one per rate class).
	// 0 means 1 request/s; negative means unlimited.
	Rate        float64
	MaxAttempts int           // attempts per Get for 429, 5xx and network errors; default 4
	MinBackoff  time.Duration // first retry delay when no Retry-After; default 1s, doubling
	MaxBackoff  time.Duration // cap of the computed backoff; default 1 min
	// MaxRetryAfter is the longest Retry-After honoured by waiting; a longer
	// one fails the Get at once (the next crawl retries). Default 5 min.
	MaxRetryAfter time.Duration
	// IgnoreRobotsTxt disables the robots.txt check (tests only).
	IgnoreRobotsTxt bool
	HTTPClient      *http.Client // optional; its Timeout is kept when set
	Logger          *slog.Logger
}

// Response is one fetched URL.
type Response struct {
	URL         string
	Status      int
	Header      http.Header
	Body        []byte
	NotModified bool // 304: Body is empty, the validator still holds
	// Validator holds the response's ETag/Last-Modified for the next
	// conditional GET (URL set, fields empty when the server sent none).
	Validator Validator
}

// HTTPError is a final non-2xx answer (after retries for 429/5xx).
type HTTPError struct {
	URL    string
	Status int
	Body   string // first 512 bytes
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: status %d: %s", e.URL, e.Status, e.Body)
}

// ErrRobotsDisallowed marks a URL that robots.txt forbids us to fetch.
var ErrRobotsDisallowed = errors.New("disallowed by robots.txt")

// Fetcher is a polite HTTP GETter built on colly: an honest User-Agent,
// robots.txt honoured, a request rate limit, per-attempt timeouts, a body
// size limit that fails loudly, and bounded retries with exponential
// backoff on 429 and 5xx that honour Retry-After (RFC 9110 §10.2.3). It is
// safe for concurrent use.
type Fetcher struct {
	cfg  FetcherConfig
	base *colly.Collector
	log  *slog.Logger
}

// NewFetcher builds a Fetcher.
func NewFetcher(cfg FetcherConfig) (*Fetcher, error) {
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 32 << 20
	}
	if cfg.Rate == 0 {
		cfg.Rate = 1
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 4
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = time.Minute
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = 5 * time.Minute
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := colly.NewCollector()
	// Set after NewCollector so COLLY_* environment variables cannot
	// override them.
	c.UserAgent = cfg.UserAgent
	c.IgnoreRobotsTxt = cfg.IgnoreRobotsTxt
	c.AllowURLRevisit = true
	c.ParseHTTPErrorResponse = true           // every status reaches OnResponse; we decide
	c.MaxBodySize = int(cfg.MaxBodyBytes) + 1 // one byte more reveals truncation
	c.MaxDepth = 0
	c.Async = false
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		if hc.Timeout == 0 {
			hc.Timeout = cfg.Timeout
		}
		c.SetClient(&hc)
	} else {
		c.SetRequestTimeout(cfg.Timeout)
	}
	if cfg.Rate > 0 {
		// DomainGlob "*": the rule covers every host this Fetcher talks to,
		// including host:port under httptest (colly matches the host WITH
		// port). Parallelism 1 plus Delay after each request gives at most
		// Rate requests per second.
		if err := c.Limit(&colly.LimitRule{
			DomainGlob:  "*",
			Parallelism: 1,
			Delay:       time.Duration(float64(time.Second) / cfg.Rate),
		}); err != nil {
			return nil, fmt.Errorf("crawler: limit rule: %w", err)
		}
	}
	return &Fetcher{cfg: cfg, base: c, log: log}, nil
}

// Get fetches url with GET. v (zero for none) adds If-None-Match /
// If-Modified-Since; a 304 returns NotModified. 429, 5xx and network errors
// are retried up to MaxAttempts times; the final error wraps *HTTPError,
// ErrBodyTooLarge, ErrRobotsDisallowed or the transport error, and names
// the URL.
func (f *Fetcher) Get(ctx context.Context, url string, v Validator) (*Response, error) {
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, retryAfter, err := f.once(ctx, url, v)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if !retryable(err) || attempt >= f.cfg.MaxAttempts || ctx.Err() != nil {
			break
		}
		wait := f.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > f.cfg.MaxRetryAfter {
				lastErr = fmt.Errorf("%w (Retry-After %s exceeds %s)", err, retryAfter, f.cfg.MaxRetryAfter)
				break
			}
			wait = retryAfter
		}
		f.log.WarnContext(ctx, "fetch retry", "attempt", attempt, "wait", wait, "err", err) // err names the URL
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("GET %s: %w", url, ctx.Err())
		case <-t.C:
		}
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("GET %s: %w", url, ctx.Err())
	}
	return nil, lastErr
}

func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.cfg.MinBackoff << (attempt - 1)
	if d <= 0 || d > f.cfg.MaxBackoff {
		d = f.cfg.MaxBackoff
	}
	// up to 20% jitter
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

type retryableError struct{ error }

func (e retryableError) Unwrap() error { return e.error }

func retryable(err error) bool {
	var r retryableError
	return errors.As(err, &r)
}

// once performs one attempt. retryAfter is the server's Retry-After, if any.
func (f *Fetcher) once(ctx context.Context, url string, v Validator) (*Response, time.Duration, error) {
	c := f.base.Clone()
	c.Context = ctx
	var (
		out      *Response
		tooLarge bool
	)
	c.OnResponseHeaders(func(r *colly.Response) {
		if cl := r.Headers.Get("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n > f.cfg.MaxBodyBytes {
				tooLarge = true
				r.Request.Abort()
			}
		}
	})
	c.OnResponse(func(r *colly.Response) {
		out = &Response{URL: r.Request.URL.String(), Status: r.StatusCode, Header: r.Headers.Clone(), Body: r.Body}
	})
	hdr := http.Header{}
	hdr.Set("User-Agent", f.cfg.UserAgent)
	hdr.Set("Accept", "application/json, text/xml, text/plain, */*;q=0.5")
	if v.ETag != "" {
		hdr.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		hdr.Set("If-Modified-Since", v.LastModified)
	}
	err := c.Request(http.MethodGet, url, nil, nil, hdr)
	switch {
	case tooLarge:
		return nil, 0, fmt.Errorf("GET %s: %w (limit %d bytes, Content-Length larger)", url, ErrBodyTooLarge, f.cfg.MaxBodyBytes)
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return nil, 0, fmt.Errorf("GET %s: %w", url, ErrRobotsDisallowed)
	case err != nil && ctx.Err() != nil:
		return nil, 0, fmt.Errorf("GET %s: %w", url, ctx.Err())
	case err != nil:
		return nil, 0, retryableError{fmt.Errorf("GET %s: %w", url, withoutURL(err))}
	case out == nil:
		return nil, 0, retryableError{fmt.Errorf("GET %s: no response", url)}
	}
	if int64(len(out.Body)) > f.cfg.MaxBodyBytes {
		// colly truncates silently at MaxBodySize; we asked for one byte
		// more than the limit, so a longer body means truncation.
		return nil, 0, fmt.Errorf("GET %s: %w (limit %d bytes)", url, ErrBodyTooLarge, f.cfg.MaxBodyBytes)
	}
	out.Validator = Validator{URL: url, ETag: out.Header.Get("ETag"), LastModified: out.Header.Get("Last-Modified")}
	switch {
	case out.Status == http.StatusNotModified:
		out.NotModified = true
		out.Body = nil
		return out, 0, nil
	case out.Status >= 200 && out.Status < 300:
		return out, 0, nil
	}
	herr := &HTTPError{URL: url, Status: out.Status, Body: snippet(out.Body)}
	if out.Status == http.StatusTooManyRequests || out.Status >= 500 {
		return nil, retryafter.Parse(out.Header.Get("Retry-After"), time.Now()), retryableError{herr}
	}
	return nil, 0, herr
}

func snippet(b []byte) string {
	if len(b) > 512 {
		b = b[:512]
	}
	return string(b)
}
