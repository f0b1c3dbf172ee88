// Package crawler is the contract between upstream sources and the
// pipeline, and their scheduler. A Source returns documents page by page
// to a Sink and writes nothing itself: the pipeline commits each page and
// only then advances the source's cursor. The sources live in
// crawler/federalregister and crawler/press and fetch through the one
// client of crawler/fetch; this package links no HTTP machinery, so the
// pipeline can drive sources without it.
package crawler

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
)

// Source is one upstream: the Federal Register, a press site, a feed.
type Source interface {
	// Name is the configured source name ("federal-register").
	Name() string
	// Crawl fetches everything since the opaque cursor (empty: the source's
	// configured start) and hands it to sink page by page. It returns when
	// the source is exhausted, ctx is done, or sink returns an error.
	Crawl(ctx context.Context, cursor string, sink Sink) error
}

// Sink receives pages of documents. The pipeline implements it.
type Sink interface {
	// Page commits p.Documents and then, only if that succeeded, p.Cursor.
	// An error stops the crawl.
	Page(ctx context.Context, p Page) error
}

// Page is one unit of commit: documents and the cursor that is safe to
// store once they are committed.
type Page struct {
	Documents []doc.Document
	// Cursor is where the next crawl resumes once Documents are committed.
	// Empty means "do not move the cursor".
	Cursor string
	// Failed lists per-document failures on this page (e.g. full text that
	// could not be fetched); the cursor never moves past a failed document.
	Failed []Failure
	// Validators are HTTP cache validators to remember for conditional GET.
	Validators []Validator
	// Unchanged counts documents the source skipped because upstream said
	// they had not changed (HTTP 304).
	Unchanged int
	// Total is the upstream's announced total for this crawl when known (for
	// progress bars); 0 when unknown.
	Total int
}

// Failure is one document or URL that could not be fetched.
type Failure struct {
	URL string
	Err error
}

// Validator holds the HTTP validators of one URL (RFC 9110 §8.8). It lives
// in doc so that the store can remember validators without importing the
// crawler.
type Validator = doc.Validator

// Validators looks up remembered validators; the store implements it.
type Validators interface {
	Validator(ctx context.Context, url string) (Validator, error)
}

// ErrMalformed marks an upstream response that could not be decoded.
var ErrMalformed = errors.New("malformed upstream response")

// ErrBodyTooLarge marks a response larger than the configured limit.
var ErrBodyTooLarge = errors.New("response body exceeds limit")

// Env is what the service gives a source's config section to build the
// source (see the Build methods of the sections in crawler/federalregister
// and crawler/press, and crawler/sources).
type Env struct {
	Name string // the source's configured name
	// Crawl is the config file's crawl section, the fetch settings every
	// source shares (fetch.ConfigFrom); each source sets its own rates.
	Crawl      config.Crawl
	Validators Validators // remembered HTTP validators; nil: no conditional GET
	// Since, when not zero, overrides the configured start (crawl --since).
	Since time.Time
	Log   *slog.Logger
}

// Detached returns a context that outlives ctx's cancellation by at most
// 30 s: a source that is stopped (SIGINT) commits what it fetched with it
// before returning ctx's error.
func Detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}
