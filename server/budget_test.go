package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
)

// TestHostileQueriesRefused: the red-team queries of issue 15 get a 400
// with the reason from the API, the search page and the search feed, on
// the 117-document corpus index.
func TestHostileQueriesRefused(t *testing.T) {
	ix := corpusIndex(t, t.TempDir())
	defer ix.Close()
	h := New(Config{}, Deps{Index: ix}, nil).Handler()
	for name, tc := range map[string]struct{ q, reason string }{
		"17,000 terms":  {hostileQueries()["entity17000"], "bytes long, at most 1024 are allowed"},
		"100 regexps":   {hostileQueries()["regex100"], "query has 100 regular expressions, at most 4"},
		"52 wildcards":  {hostileQueries()["wildcard52"], "query has 52 wildcard or fuzzy terms, at most 8"},
		"5 regexps":     {"/.*aa.*/ /.*ab.*/ /.*ac.*/ /.*ad.*/ /.*ae.*/", "query has 5 regular expressions, at most 4"},
		"65 terms":      {strings.Repeat("entity ", 65), "query has 65 terms, at most 64"},
		"open paren":    {"(entity list", "unbalanced parenthesis"},
		"invalid UTF-8": {"\xff\xfe entity", "not valid UTF-8"},
		"match all *":   {"*", "matches more than 1024 words"},
	} {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/api/v1/search", "/", "/feeds/search.atom"} {
				res, body := do(t, h, "GET", path+"?q="+url.QueryEscape(tc.q), nil)
				if res.StatusCode != http.StatusBadRequest {
					t.Errorf("%s: status %d, want 400\n%.300s", path, res.StatusCode, body)
				}
				mustContain(t, path, body, tc.reason)
			}
		})
	}
	for _, q := range []string{`"entity list" country:CN`, "Part 744 (Entity List)", "export* /entit.*/", "huawei~1"} {
		if res, body := do(t, h, "GET", "/api/v1/search?q="+url.QueryEscape(q), nil); res.StatusCode != 200 {
			t.Errorf("%q: status %d, want 200\n%.300s", q, res.StatusCode, body)
		}
	}
	var ccs []string
	for i := range 51 {
		ccs = append(ccs, string(rune('A'+i/26))+string(rune('A'+i%26)))
	}
	if res, body := do(t, h, "GET", "/api/v1/search?country="+strings.Join(ccs, ","), nil); res.StatusCode != 400 {
		t.Errorf("51 country values: %d, want 400\n%.300s", res.StatusCode, body)
	}
	if res, body := do(t, h, "GET", "/api/v1/search?label=%ff", nil); res.StatusCode != 400 || !strings.Contains(body, "not valid UTF-8") {
		t.Errorf("invalid UTF-8 label: %d %.300s, want 400", res.StatusCode, body)
	}
}

// blockingIndex is an index whose searches run until their context ends;
// it records how each one ended.
type blockingIndex struct {
	started chan struct{}
	ended   chan error
}

func newBlockingIndex() *blockingIndex {
	return &blockingIndex{started: make(chan struct{}, 16), ended: make(chan error, 16)}
}

func (b *blockingIndex) Search(ctx context.Context, q index.Query) (index.Result, error) {
	b.started <- struct{}{}
	<-ctx.Done()
	b.ended <- ctx.Err()
	return index.Result{}, ctx.Err()
}

func (b *blockingIndex) Count() (uint64, error) { return 0, nil }

// TestSearchTimeout: a search that runs past search.timeout is cancelled
// and answered with 503 and the reason.
func TestSearchTimeout(t *testing.T) {
	ix := newBlockingIndex()
	h := New(Config{SearchTimeout: 50 * time.Millisecond}, Deps{Index: ix}, nil).Handler()
	res, body := do(t, h, "GET", "/api/v1/search?q=entity", nil)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "the search took too long") {
		t.Errorf("status %d %s, want 503 saying the search took too long", res.StatusCode, body)
	}
	if err := <-ix.ended; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("search ended with %v, want its deadline", err)
	}
}

// TestSearchCancelledWithClient: a client that goes away cancels its
// search.
func TestSearchCancelledWithClient(t *testing.T) {
	ix := newBlockingIndex()
	h := New(Config{SearchTimeout: time.Minute}, Deps{Index: ix}, nil).Handler()
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest("GET", "/api/v1/search?q=entity", nil).WithContext(ctx)
	done := make(chan struct{})
	go func() { h.ServeHTTP(httptest.NewRecorder(), req); close(done) }()
	<-ix.started
	cancel()
	select {
	case err := <-ix.ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("search ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("search still running 10s after the client went")
	}
	<-done
}

// holdingIndex is an index whose searches run until released, whatever
// their context says: a search that holds its slot.
type holdingIndex struct {
	started chan string
	release chan struct{}
}

func (h *holdingIndex) Search(ctx context.Context, q index.Query) (index.Result, error) {
	h.started <- q.Text
	<-h.release
	return index.Result{}, nil
}

func (h *holdingIndex) Count() (uint64, error) { return 0, nil }

// TestSearchSlots: with every slot taken, a search waits until its
// deadline and then gets 503 with Retry-After; once the slot is free the
// next search runs.
func TestSearchSlots(t *testing.T) {
	ix := &holdingIndex{started: make(chan string, 16), release: make(chan struct{})}
	h := New(Config{SearchTimeout: 200 * time.Millisecond, MaxSearches: 1}, Deps{Index: ix}, nil).Handler()

	firstDone := make(chan struct{})
	go func() { do(t, h, "GET", "/api/v1/search?q=slow", nil); close(firstDone) }()
	if q := <-ix.started; q != "slow" {
		t.Fatalf("first search %q", q)
	}
	// The one slot stays taken until the first search is released.
	res, body := do(t, h, "GET", "/api/v1/search?q=second", nil)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "1" || !strings.Contains(body, "too many searches at once") {
		t.Errorf("second search: status %d, Retry-After %q, %s; want 503, 1, too many searches", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	select {
	case q := <-ix.started:
		t.Errorf("search %q ran although no slot was free", q)
	default:
	}
	close(ix.release)
	<-firstDone

	if res, body := do(t, h, "GET", "/api/v1/search?q=third", nil); res.StatusCode != 200 {
		t.Errorf("third search after the slot was freed: %d %s", res.StatusCode, body)
	}
	if q := <-ix.started; q != "third" {
		t.Errorf("third search %q", q)
	}
}

// unhealthyIndex answers Count but reports itself unable to search.
type unhealthyIndex struct{ blockingIndex }

func (unhealthyIndex) Healthy() error {
	return errors.New("index: reopen failed: " + index.ErrUnavailable.Error())
}

func TestReadyzIndexUnhealthy(t *testing.T) {
	a := newArchive(t, Config{})
	s := New(Config{}, Deps{Store: a.st, Index: &unhealthyIndex{}}, nil)
	if res, body := do(t, s.Handler(), "GET", "/readyz", nil); res.StatusCode != 503 {
		t.Errorf("unhealthy index: /readyz %d %s, want 503", res.StatusCode, body)
	}
	if res, _ := do(t, a.srv.Handler(), "GET", "/readyz", nil); res.StatusCode != 200 {
		t.Errorf("healthy index: /readyz %d, want 200", res.StatusCode)
	}
}

func TestStatusOfSearchBudget(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want int
		msg  string
	}{
		"budget":      {&index.BudgetError{Reason: "query has 65 terms"}, 400, "bad query: query has 65 terms"},
		"busy":        {errSearchBusy, 503, "too many searches at once"},
		"timeout":     {errSearchTimeout, 503, "the search took too long"},
		"unavailable": {index.ErrUnavailable, 503, "search index is unavailable"},
	} {
		if got := statusOf(tc.err); got != tc.want {
			t.Errorf("%s: statusOf = %d, want %d", name, got, tc.want)
		}
		if got := publicMessage(tc.err, tc.want); !strings.Contains(got, tc.msg) {
			t.Errorf("%s: message %q, want %q", name, got, tc.msg)
		}
	}
}

// TestIndexUnavailable: when the index cannot answer (its directory is gone
// and a failed write could not reopen it), /readyz says not ready and a
// search is a 503 with Retry-After, not a 500 or a panic.
func TestIndexUnavailable(t *testing.T) {
	dir := t.TempDir()
	ix := corpusIndex(t, dir)
	defer ix.Close()
	h := New(Config{}, Deps{Index: ix}, nil)
	if err := os.RemoveAll(filepath.Join(dir, "index")); err != nil {
		t.Fatal(err)
	}
	item := index.Item{Version: 1, Document: doc.Document{ID: "fr:x", Title: "x", Language: "en"}}
	if err := ix.Index(context.Background(), []index.Item{item}); err == nil {
		t.Fatal("write into a deleted index directory succeeded")
	}
	if err := ix.Healthy(); !errors.Is(err, index.ErrUnavailable) {
		t.Fatalf("Healthy = %v, want ErrUnavailable", err)
	}
	res, body := do(t, h.Handler(), "GET", "/api/v1/search?q=entity", nil)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "index is unavailable") {
		t.Errorf("search: %d, Retry-After %q, %s; want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	a := newArchive(t, Config{})
	s := New(Config{}, Deps{Store: a.st, Index: ix}, nil)
	if res, body := do(t, s.Handler(), "GET", "/readyz", nil); res.StatusCode != 503 {
		t.Errorf("/readyz: %d %s, want 503", res.StatusCode, body)
	}
}
