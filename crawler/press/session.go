package press

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/fetch"
)

// result is the outcome of one GET, as the extractors read it.
type result struct {
	url         string   // as requested (the validator key)
	final       *url.URL // after redirects
	moved       string   // new permanent address (301/308 all the way), or ""
	status      int
	header      http.Header
	contentType string // Content-Type as sent, charset included
	body        []byte // raw bytes, not charset-decoded
	notModified bool   // 304 to a conditional request
	blocked     bool   // robots.txt disallows the URL: never requested
	err         error
}

// validator returns the cache validators the response carried.
func (r *result) validator() (crawler.Validator, bool) {
	if r.header == nil {
		return crawler.Validator{}, false
	}
	v := crawler.Validator{URL: r.url, ETag: r.header.Get("ETag"), LastModified: r.header.Get("Last-Modified")}
	return v, v.ETag != "" || v.LastModified != ""
}

// session is one crawl's use of the shared fetch client (fetch.Client):
// a fetch.Client per crawl, so robots.txt is re-read on every crawl.
type session struct {
	ctx        context.Context
	f          *fetch.Client
	validators crawler.Validators // nil: no conditional GET
	log        *slog.Logger
}

func newSession(ctx context.Context, pol Politeness, validators crawler.Validators, log *slog.Logger) (*session, error) {
	pol.Logger = log
	f, err := fetch.New(pol)
	if err != nil {
		return nil, err
	}
	return &session{ctx: ctx, f: f, validators: validators, log: log}, nil
}

// get fetches urls concurrently (within the per-host limits) and returns
// one result per URL, in order. conditional adds the remembered validators
// (RFC 9110 §13.1), looked up by the URL as requested.
func (s *session) get(urls []string, conditional bool) []*result {
	var vf func(string) crawler.Validator
	if conditional && s.validators != nil {
		vf = func(u string) crawler.Validator { return fetch.LookupValidator(s.ctx, s.validators, u, s.log) }
	}
	out := make([]*result, len(urls))
	for i, r := range s.f.GetAll(s.ctx, urls, vf) {
		out[i] = toResult(r)
	}
	return out
}

// getOne is get for a single URL.
func (s *session) getOne(u string, conditional bool) *result {
	return s.get([]string{u}, conditional)[0]
}

func toResult(r fetch.Result) *result {
	res := &result{url: r.URL}
	var herr *fetch.HTTPError
	switch {
	case errors.Is(r.Err, fetch.ErrRobotsDisallowed):
		res.blocked = true
	case errors.As(r.Err, &herr):
		res.status, res.err = herr.Status, r.Err
	case r.Err != nil:
		res.err = r.Err
	default:
		resp := r.Response
		res.final, res.moved, res.status, res.header = resp.FinalURL, resp.Moved, resp.Status, resp.Header
		res.contentType, res.body, res.notModified = resp.ContentType(), resp.Body, resp.NotModified
	}
	return res
}
