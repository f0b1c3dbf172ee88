package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
)

func TestFetcher(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nDisallow: /private\n"))
		case "/etag":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Write([]byte("hello"))
		case "/big-chunked":
			for i := 0; i < 10; i++ {
				w.Write([]byte(strings.Repeat("x", 100)))
				w.(http.Flusher).Flush() // no Content-Length
			}
		case "/flaky":
			if hits.Add(1) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte("ok"))
		case "/gone":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	f, err := NewFetcher(FetcherConfig{Rate: -1, MaxBodyBytes: 500, MinBackoff: time.Millisecond, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	r, err := f.Get(ctx, srv.URL+"/etag", Validator{})
	if err != nil || string(r.Body) != "hello" || r.Validator.ETag != `"v1"` {
		t.Fatalf("first GET: %v %+v", err, r)
	}
	r, err = f.Get(ctx, srv.URL+"/etag", r.Validator)
	if err != nil || !r.NotModified {
		t.Errorf("conditional GET: %v %+v, want NotModified", err, r)
	}
	if _, err := f.Get(ctx, srv.URL+"/big-chunked", Validator{}); !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("chunked 1000 bytes with limit 500: err %v, want ErrBodyTooLarge", err)
	}
	if r, err := f.Get(ctx, srv.URL+"/flaky", Validator{}); err != nil || string(r.Body) != "ok" {
		t.Errorf("flaky: %v, want ok after retries", err)
	}
	var herr *HTTPError
	if _, err := f.Get(ctx, srv.URL+"/gone", Validator{}); !errors.As(err, &herr) || herr.Status != 404 {
		t.Errorf("gone: %v, want HTTPError 404", err)
	}
	if _, err := f.Get(ctx, srv.URL+"/private", Validator{}); !errors.Is(err, ErrRobotsDisallowed) {
		t.Errorf("private: %v, want ErrRobotsDisallowed", err)
	}
}

func TestFetcherRate(t *testing.T) {
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
		}
	}))
	defer srv.Close()
	f, err := NewFetcher(FetcherConfig{Rate: 20})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if _, err := f.Get(context.Background(), srv.URL+"/x", Validator{}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 45*time.Millisecond {
			t.Errorf("gap %d = %s, want >= 50ms at 20 req/s", i, gap)
		}
	}
}

func TestHostLimitRuleMatchesPort(t *testing.T) {
	// colly matches LimitRule.DomainGlob against host:port.
	for host, other := range map[string]string{
		"127.0.0.1:8080":  "127.0.0.1:8081",
		"[::1]:8080":      "[::1]:8081",
		"www.bis.gov":     "bis.gov",
		"table.media:443": "table.media",
	} {
		r := &colly.LimitRule{DomainGlob: globQuote(host), Parallelism: 1}
		if err := r.Init(); err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if !r.Match(host) || r.Match(other) {
			t.Errorf("rule for %s: Match(self)=%v Match(%s)=%v", host, r.Match(host), other, r.Match(other))
		}
	}
}
