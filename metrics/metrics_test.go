package metrics

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestNilMetricsIsSafe(t *testing.T) {
	var m *Metrics
	m.CrawlRun("fr", time.Second, 3, errors.New("boom"))
	m.CrawlError("fr")
	m.Classified(time.Millisecond)
	m.IndexBatch(10, time.Millisecond)
	m.IndexPending(3)
	m.IndexWriteFailed()
	m.IndexHealthy(false)
	m.SearchRefused("busy")
	m.DeliverySent("slack", time.Second)
	m.DeliveryFailed("slack")
	m.DeliveryRetried("slack")
	m.HTTPRequest("GET /", 200, time.Millisecond)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Errorf("nil Handler: status %d, want 404", rec.Code)
	}
}

func TestRecordAndExpose(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := New(reg)
	if err != nil {
		t.Fatal(err)
	}
	m.CrawlRun("federal-register", 2*time.Second, 5, nil)
	m.CrawlRun("federal-register", time.Second, 0, errors.New("503"))
	m.CrawlError("china-table")
	m.Classified(time.Millisecond)
	m.IndexBatch(100, 50*time.Millisecond)
	m.IndexPending(7)
	m.IndexHealthy(true)
	m.IndexWriteFailed()
	m.IndexWriteFailed()
	m.IndexHealthy(false)
	m.SearchRefused("budget")
	m.DeliverySent("slack", 3*time.Second)
	m.DeliveryFailed("webhook")
	m.DeliveryRetried("webhook")
	m.DeliveryRetried("webhook")
	m.HTTPRequest("GET /api/v1/search", 200, time.Millisecond)
	m.HTTPRequest("GET /api/v1/search", 400, time.Millisecond)

	for name, tc := range map[string]struct {
		c    prometheus.Collector
		want float64
	}{
		"runs ok":      {m.crawlRuns.WithLabelValues("federal-register", "ok"), 1},
		"runs error":   {m.crawlRuns.WithLabelValues("federal-register", "error"), 1},
		"documents":    {m.crawlDocuments.WithLabelValues("federal-register"), 5},
		"errors fr":    {m.crawlErrors.WithLabelValues("federal-register"), 1},
		"errors press": {m.crawlErrors.WithLabelValues("china-table"), 1},
		"pending":      {m.indexPending, 7},
		"write fails":  {m.indexWriteFailures, 2},
		"healthy":      {m.indexHealthy, 0},
		"refused":      {m.searchRefused.WithLabelValues("budget"), 1},
		"sent":         {m.deliverySent.WithLabelValues("slack"), 1},
		"failed":       {m.deliveryFailed.WithLabelValues("webhook"), 1},
		"retried":      {m.deliveryRetried.WithLabelValues("webhook"), 2},
		"http 200":     {m.httpRequests.WithLabelValues("GET /api/v1/search", "200"), 1},
		"http 400":     {m.httpRequests.WithLabelValues("GET /api/v1/search", "400"), 1},
	} {
		if got := testutil.ToFloat64(tc.c); got != tc.want {
			t.Errorf("%s = %v, want %v", name, got, tc.want)
		}
	}

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		"exportwatch_crawl_duration_seconds_bucket",
		"exportwatch_classify_duration_seconds_count 1",
		"exportwatch_index_batch_duration_seconds_count 1",
		"exportwatch_index_write_failures_total 2",
		"exportwatch_index_healthy 0",
		"exportwatch_search_refused_total{reason=\"budget\"} 1",
		"exportwatch_delivery_latency_seconds_count{channel=\"slack\"} 1",
		"exportwatch_http_request_duration_seconds_count{route=\"GET /api/v1/search\"} 2",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("exposition lacks %q", want)
		}
	}
}

func TestNewTwiceOnOneRegistryFails(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := New(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := New(reg); err == nil {
		t.Error("second New on the same registry: want an error")
	}
}
