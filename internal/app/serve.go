package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/screening"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/server"
)

// indexSyncInterval is how often serve indexes versions it did not commit
// itself.
const indexSyncInterval = 30 * time.Second

// Service is `exportwatch serve`: the crawl scheduler, the delivery
// senders and HTTP over one App.
type Service struct {
	*App
	ln      net.Listener
	sched   *crawler.Scheduler
	metrics *metrics.Metrics
	sources int
}

// NewService opens the App with metrics and listens on cfg.HTTP.Listen, so
// a port in use fails start-up loudly. Nothing runs until Run.
func NewService(ctx context.Context, cfg config.Config, log *slog.Logger) (*Service, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := metrics.New(reg)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	a, err := Open(ctx, cfg, log, m)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("listen %s: %w", cfg.HTTP.Listen, err)
	}
	sched := crawler.NewScheduler(crawler.SchedulerConfig{Jitter: cfg.Crawl.Jitter.D()}, log)
	return &Service{App: a, ln: ln, sched: sched, metrics: m}, nil
}

// Schedule crawls src on spec (robfig/cron syntax), and once at start.
// Errors are logged and recorded in the source's health by the pipeline;
// the next tick tries again.
func (s *Service) Schedule(src crawler.Source, spec string) error {
	s.sources++
	return s.sched.Add(src.Name(), spec, func(ctx context.Context) {
		_, _ = s.Pipeline.Crawl(ctx, src, pipeline.Options{})
	})
}

// Close releases what NewService opened, for a start-up that ends before Run.
func (s *Service) Close() {
	s.ln.Close()
	s.App.Close()
}

// Run serves until ctx ends (SIGINT, SIGTERM) or HTTP fails, then shuts
// down in order (STYLE.md): stop the scheduler and wait for running crawls
// (they stop at their next page boundary; what is committed stays
// committed), stop HTTP, drain the senders, close the index, close the
// database. The error is HTTP's.
func (s *Service) Run(ctx context.Context) error {
	log := s.Log
	log.Info("exportwatch serving", "addr", "http://"+s.ln.Addr().String(), "data_dir", s.Config.DataDir, "sources", s.sources)
	// Catch up on versions committed but not indexed before a crash.
	if n, err := s.Pipeline.SyncIndex(ctx); err != nil {
		log.Error("index sync at start", "err", err)
	} else if n > 0 {
		log.Info("index caught up", "versions", n)
	}

	s.sched.Start()
	syncCtx, stopSync := context.WithCancel(context.WithoutCancel(ctx))
	var syncing sync.WaitGroup
	syncing.Add(1)
	go func() {
		defer syncing.Done()
		t := time.NewTicker(indexSyncInterval)
		defer t.Stop()
		s.Pipeline.SyncIndexOn(syncCtx, t.C)
	}()

	senderCtx, stopSenders := context.WithCancel(context.WithoutCancel(ctx))
	var senders sync.WaitGroup
	senders.Add(1)
	go func() {
		defer senders.Done()
		if err := s.Notifier.Run(senderCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("dispatcher stopped", "err", err)
		}
	}()

	srv := server.New(server.Config{
		Listen: s.Config.HTTP.Listen, PublicURL: PublicURL(s.Config),
		APIToken: s.Config.API.Token, MaxBodyBytes: s.Config.HTTP.MaxBodyBytes,
		SearchTimeout: s.Config.Search.Timeout.D(), MaxSearches: s.Config.Search.MaxConcurrent,
		Sources: serverSources(s.Config.Sources),
	}, server.Deps{Store: s.Store, Index: s.Index, Notifier: serverNotifier{s.Notifier}, Metrics: s.metrics,
		Watchlists: screening.Watchlists{Store: s.Store, Screener: s.Screener}}, log)
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	httpErr := make(chan error, 1)
	go func() { httpErr <- httpServer.Serve(s.ln) }()

	var runErr error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-httpErr:
		runErr = fmt.Errorf("http server: %w", err)
		log.Error("http server", "err", err)
	}

	// 1. The scheduler and the index sync.
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	if err := s.sched.Stop(stopCtx); err != nil {
		log.Warn("gave up waiting for running crawls", "err", err)
	}
	cancel()
	stopSync()
	syncing.Wait()
	log.Debug("shutdown: crawls stopped")
	// 2. HTTP.
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	if err := httpServer.Shutdown(shutCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	cancel()
	log.Debug("shutdown: http stopped")
	// 3. Senders: in-flight sends finish and are marked.
	stopSenders()
	senders.Wait()
	log.Debug("shutdown: senders drained")
	// 4 and 5. The index, then the database.
	s.App.Close()
	log.Info("stopped")
	return runErr
}

// serverNotifier adapts the notifier to the server's small interface.
type serverNotifier struct{ n *notify.Notifier }

func (s serverNotifier) Test(ctx context.Context, sub doc.Subscription) error {
	_, err := s.n.Test(ctx, sub)
	return err
}

func (s serverNotifier) Validate(sub doc.Subscription) error { return s.n.Validate(sub) }

// Wake makes the running dispatcher send a backfill the API just queued.
func (s serverNotifier) Wake() { s.n.Wake() }

// serverSources lists the configured sources for /sources, so they show
// before their first run.
func serverSources(in []config.Source) []server.SourceInfo {
	out := make([]server.SourceInfo, len(in))
	for i, s := range in {
		out[i] = server.SourceInfo{Name: s.Name, Type: s.Type, Schedule: s.Schedule, Disabled: s.Disabled}
	}
	return out
}
