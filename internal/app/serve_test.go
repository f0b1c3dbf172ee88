package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/sources"
)

// steps records the shutdown log lines and the end of a crawl, in order.
type steps struct {
	mu  sync.Mutex
	got []string
}

func (s *steps) add(step string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, step)
}

func (s *steps) Enabled(context.Context, slog.Level) bool { return true }
func (s *steps) WithAttrs([]slog.Attr) slog.Handler       { return s }
func (s *steps) WithGroup(string) slog.Handler            { return s }

func (s *steps) Handle(_ context.Context, r slog.Record) error {
	if step, ok := strings.CutPrefix(r.Message, "shutdown: "); ok {
		s.add(step)
	}
	return nil
}

// blockingSource crawls until its context is cancelled.
type blockingSource struct {
	started chan struct{}
	steps   *steps
}

func (b *blockingSource) Name() string { return "blocking" }

func (b *blockingSource) Crawl(ctx context.Context, _ string, _ crawler.Sink) error {
	close(b.started)
	<-ctx.Done()
	b.steps.add("crawl returned")
	return ctx.Err()
}

// TestServiceShutdownOrder cancels a serving Service while a crawl runs:
// the crawl is cancelled and waited for, then HTTP stops, the senders
// drain, the index closes and the database closes last (STYLE.md).
func TestServiceShutdownOrder(t *testing.T) {
	cfg, err := config.Load("", func(string) string { return "" }, sources.Kinds()) // the built-in defaults
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir, cfg.HTTP.Listen, cfg.Crawl.Jitter = t.TempDir(), "127.0.0.1:0", 0
	rec := &steps{}
	svc, err := NewService(context.Background(), cfg, slog.New(rec))
	if err != nil {
		t.Fatal(err)
	}
	src := &blockingSource{started: make(chan struct{}), steps: rec}
	if err := svc.Schedule(src, "@hourly"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	<-src.started // the start-up run
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil after cancellation", err)
	}
	want := []string{"crawl returned", "crawls stopped", "http stopped", "senders drained", "index closed", "database closed"}
	if diff := cmp.Diff(want, rec.got); diff != "" {
		t.Errorf("shutdown steps (-want +got):\n%s", diff)
	}
	if err := svc.Store.Ping(context.Background()); err == nil {
		t.Error("the database is still open after Run returned")
	}
}

// TestServeListsConfiguredSources: /sources lists every configured source
// before its first run (no crawl state, no documents yet).
func TestServeListsConfiguredSources(t *testing.T) {
	cfg, err := config.Load("", func(string) string { return "" }, sources.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir, cfg.HTTP.Listen = t.TempDir(), "127.0.0.1:0"
	if len(cfg.Sources) == 0 {
		t.Fatal("the built-in defaults configure no source")
	}
	svc, err := NewService(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	}()
	resp, err := http.Get("http://" + svc.ln.Addr().String() + "/sources")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /sources: %d %v", resp.StatusCode, err)
	}
	for _, s := range cfg.Sources {
		if !strings.Contains(string(body), ">"+s.Name+"<") {
			t.Errorf("/sources lacks configured source %q", s.Name)
		}
	}
}
