package fetch

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

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
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
	f, err := New(Config{Rate: -1, MaxBodyBytes: 500, MinBackoff: time.Millisecond, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	r, err := f.Get(ctx, srv.URL+"/etag", doc.Validator{})
	if err != nil || string(r.Body) != "hello" || r.Validator.ETag != `"v1"` {
		t.Fatalf("first GET: %v %+v", err, r)
	}
	r, err = f.Get(ctx, srv.URL+"/etag", r.Validator)
	if err != nil || !r.NotModified {
		t.Errorf("conditional GET: %v %+v, want NotModified", err, r)
	}
	if _, err := f.Get(ctx, srv.URL+"/big-chunked", doc.Validator{}); !errors.Is(err, crawler.ErrBodyTooLarge) {
		t.Errorf("chunked 1000 bytes with limit 500: err %v, want crawler.ErrBodyTooLarge", err)
	}
	if r, err := f.Get(ctx, srv.URL+"/flaky", doc.Validator{}); err != nil || string(r.Body) != "ok" {
		t.Errorf("flaky: %v, want ok after retries", err)
	}
	var herr *HTTPError
	if _, err := f.Get(ctx, srv.URL+"/gone", doc.Validator{}); !errors.As(err, &herr) || herr.Status != 404 {
		t.Errorf("gone: %v, want HTTPError 404", err)
	}
	if _, err := f.Get(ctx, srv.URL+"/private", doc.Validator{}); !errors.Is(err, ErrRobotsDisallowed) {
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
	f, err := New(Config{Rate: 20})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if _, err := f.Get(context.Background(), srv.URL+"/x", doc.Validator{}); err != nil {
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

// TestFetcherRedirects: redirects are followed; only a chain of permanent
// ones (301, 308) reports the new address; a loop fails at once, without
// retries.
func TestFetcherRedirects(t *testing.T) {
	var loops atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/301":
			http.Redirect(w, r, "/308", http.StatusMovedPermanently)
		case "/308":
			http.Redirect(w, r, "/final", http.StatusPermanentRedirect)
		case "/302":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/301-then-307":
			http.Redirect(w, r, "/307", http.StatusMovedPermanently)
		case "/307":
			http.Redirect(w, r, "/final", http.StatusTemporaryRedirect)
		case "/loop":
			loops.Add(1)
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/final":
			w.Write([]byte("here"))
		}
	}))
	defer srv.Close()
	f, err := New(Config{Rate: -1, MinBackoff: time.Millisecond, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	for path, moved := range map[string]string{"/301": srv.URL + "/final", "/302": "", "/301-then-307": "", "/final": ""} {
		r, err := f.Get(context.Background(), srv.URL+path, doc.Validator{})
		if err != nil || string(r.Body) != "here" || r.FinalURL.Path != "/final" {
			t.Errorf("%s: %v %+v, want the body of /final", path, err, r)
			continue
		}
		if r.Moved != moved {
			t.Errorf("%s: Moved %q, want %q", path, r.Moved, moved)
		}
	}
	if _, err := f.Get(context.Background(), srv.URL+"/loop", doc.Validator{}); err == nil {
		t.Error("redirect loop succeeded")
	}
	if n := loops.Load(); n > 11 {
		t.Errorf("redirect loop requested %d times: retried", n)
	}
}

// TestFetcherRatePerHost: the rate limit is per host: a second host is not
// held back by the first one's delay.
func TestFetcherRatePerHost(t *testing.T) {
	var (
		mu    sync.Mutex
		times = map[string][]time.Time{}
	)
	handler := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/robots.txt" {
				mu.Lock()
				times[name] = append(times[name], time.Now())
				mu.Unlock()
			}
		})
	}
	a, b := httptest.NewServer(handler("a")), httptest.NewServer(handler("b"))
	defer a.Close()
	defer b.Close()
	f, err := New(Config{Rate: 4}) // 250 ms apart per host
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.GetAll(context.Background(), []string{a.URL + "/1", b.URL + "/1", a.URL + "/2", b.URL + "/2"}, nil) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, h := range []string{"a", "b"} {
		if ts := times[h]; len(ts) != 2 || ts[1].Sub(ts[0]) < 240*time.Millisecond {
			t.Errorf("host %s: requests at %v, want 2 at least 250ms apart", h, ts)
		}
	}
	// Whole run: about one delay (a and b wait in parallel), not three as
	// one rule for all hosts would take.
	first, last := times["a"][0], times["b"][1]
	if times["b"][0].Before(first) {
		first = times["b"][0]
	}
	if times["a"][1].After(last) {
		last = times["a"][1]
	}
	if last.Sub(first) > 600*time.Millisecond {
		t.Errorf("hosts held each other back: %s from a's first to b's last request", last.Sub(first))
	}
}
