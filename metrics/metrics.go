// Package metrics holds exportwatch's Prometheus collectors. Every collector
// lives on a registry the caller passes in (never the global default), and
// every method is safe to call on a nil *Metrics, so packages can take a
// *Metrics (or a small interface of their own) and tests can pass nil.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "exportwatch"

// Metrics is the set of exportwatch collectors registered on one registry.
// The zero value is not usable; build one with New. A nil *Metrics is a
// valid no-op.
type Metrics struct {
	reg prometheus.Gatherer

	crawlRuns      *prometheus.CounterVec
	crawlDocuments *prometheus.CounterVec
	crawlErrors    *prometheus.CounterVec
	crawlDuration  *prometheus.HistogramVec

	classifyDuration prometheus.Histogram

	indexBatchDuration prometheus.Histogram
	indexBatchSize     prometheus.Histogram
	indexPending       prometheus.Gauge
	indexWriteFailures prometheus.Counter
	indexHealthy       prometheus.Gauge

	searchRefused *prometheus.CounterVec

	deliverySent    *prometheus.CounterVec
	deliveryFailed  *prometheus.CounterVec
	deliveryRetried *prometheus.CounterVec
	deliveryLatency *prometheus.HistogramVec

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
}

// New creates the collectors and registers them on reg. It returns an error
// if reg already holds collectors with the same names.
func New(reg *prometheus.Registry) (*Metrics, error) {
	m := &Metrics{
		reg: reg,
		crawlRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "crawl", Name: "runs_total",
			Help: "Crawl runs by source and result (ok|error).",
		}, []string{"source", "result"}),
		crawlDocuments: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "crawl", Name: "documents_total",
			Help: "Documents fetched by source.",
		}, []string{"source"}),
		crawlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "crawl", Name: "errors_total",
			Help: "Fetch errors (failed runs and failed documents) by source.",
		}, []string{"source"}),
		crawlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "crawl", Name: "duration_seconds",
			Help:    "Duration of one crawl run by source.",
			Buckets: []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}, []string{"source"}),
		classifyDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "classify", Name: "duration_seconds",
			Help:    "Duration of classifying one document.",
			Buckets: []float64{0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1},
		}),
		indexBatchDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "index", Name: "batch_duration_seconds",
			Help:    "Duration of one index batch.",
			Buckets: []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}),
		indexBatchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "index", Name: "batch_documents",
			Help:    "Documents per index batch.",
			Buckets: []float64{1, 10, 50, 100, 500, 1000, 5000},
		}),
		indexPending: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Subsystem: "index", Name: "pending_documents",
			Help: "Document versions committed to the store but not yet indexed.",
		}),
		indexWriteFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "index", Name: "write_failures_total",
			Help: "Index writes (Bleve batches) that failed, e.g. on a full disk; the versions stay pending in the store.",
		}),
		indexHealthy: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Subsystem: "index", Name: "healthy",
			Help: "1 while index writes succeed, 0 after a failed write until one succeeds again.",
		}),
		searchRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "search", Name: "refused_total",
			Help: "Searches refused by reason: budget (400, the query asks too much), busy (503, no slot in time), timeout (503, ran out of time).",
		}, []string{"reason"}),
		deliverySent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "delivery", Name: "sent_total",
			Help: "Deliveries sent by channel.",
		}, []string{"channel"}),
		deliveryFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "delivery", Name: "failed_total",
			Help: "Deliveries that failed for good by channel.",
		}, []string{"channel"}),
		deliveryRetried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "delivery", Name: "retried_total",
			Help: "Delivery attempts that failed and were scheduled again, by channel.",
		}, []string{"channel"}),
		deliveryLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "delivery", Name: "latency_seconds",
			Help:    "Time from event creation to successful delivery, by channel.",
			Buckets: []float64{0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 900, 3600},
		}, []string{"channel"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "HTTP request duration by route pattern.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{
		m.crawlRuns, m.crawlDocuments, m.crawlErrors, m.crawlDuration,
		m.classifyDuration,
		m.indexBatchDuration, m.indexBatchSize, m.indexPending, m.indexWriteFailures, m.indexHealthy,
		m.searchRefused,
		m.deliverySent, m.deliveryFailed, m.deliveryRetried, m.deliveryLatency,
		m.httpRequests, m.httpDuration,
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Handler serves the registry in the Prometheus exposition format. A nil
// *Metrics serves 404.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// CrawlRun records the end of one crawl run of source: its duration, the
// documents it fetched and whether it failed.
func (m *Metrics) CrawlRun(source string, took time.Duration, documents int, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
		m.crawlErrors.WithLabelValues(source).Inc()
	}
	m.crawlRuns.WithLabelValues(source, result).Inc()
	if documents > 0 {
		m.crawlDocuments.WithLabelValues(source).Add(float64(documents))
	}
	m.crawlDuration.WithLabelValues(source).Observe(took.Seconds())
}

// CrawlError counts one failed fetch inside a run (a document or page that
// could not be fetched) without ending the run.
func (m *Metrics) CrawlError(source string) {
	if m == nil {
		return
	}
	m.crawlErrors.WithLabelValues(source).Inc()
}

// Classified records the duration of classifying one document.
func (m *Metrics) Classified(took time.Duration) {
	if m == nil {
		return
	}
	m.classifyDuration.Observe(took.Seconds())
}

// IndexBatch records one index batch of n documents.
func (m *Metrics) IndexBatch(n int, took time.Duration) {
	if m == nil {
		return
	}
	m.indexBatchDuration.Observe(took.Seconds())
	m.indexBatchSize.Observe(float64(n))
}

// IndexPending sets the number of document versions waiting to be indexed.
func (m *Metrics) IndexPending(n int) {
	if m == nil {
		return
	}
	m.indexPending.Set(float64(n))
}

// IndexWriteFailed counts one failed index write.
func (m *Metrics) IndexWriteFailed() {
	if m == nil {
		return
	}
	m.indexWriteFailures.Inc()
}

// IndexHealthy records whether the last index write succeeded.
func (m *Metrics) IndexHealthy(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.indexHealthy.Set(1)
	} else {
		m.indexHealthy.Set(0)
	}
}

// SearchRefused counts one search refused for reason (budget, busy,
// timeout).
func (m *Metrics) SearchRefused(reason string) {
	if m == nil {
		return
	}
	m.searchRefused.WithLabelValues(reason).Inc()
}

// DeliverySent counts one delivery sent on channel; latency is the time
// from the event's creation to the successful send.
func (m *Metrics) DeliverySent(channel string, latency time.Duration) {
	if m == nil {
		return
	}
	m.deliverySent.WithLabelValues(channel).Inc()
	m.deliveryLatency.WithLabelValues(channel).Observe(latency.Seconds())
}

// DeliveryFailed counts one delivery that failed for good on channel.
func (m *Metrics) DeliveryFailed(channel string) {
	if m == nil {
		return
	}
	m.deliveryFailed.WithLabelValues(channel).Inc()
}

// DeliveryRetried counts one failed attempt that will be retried on channel.
func (m *Metrics) DeliveryRetried(channel string) {
	if m == nil {
		return
	}
	m.deliveryRetried.WithLabelValues(channel).Inc()
}

// HTTPRequest records one served request by its route pattern (not the raw
// path, which would make the label unbounded) and status code.
func (m *Metrics) HTTPRequest(route string, code int, took time.Duration) {
	if m == nil {
		return
	}
	m.httpRequests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(route).Observe(took.Seconds())
}
