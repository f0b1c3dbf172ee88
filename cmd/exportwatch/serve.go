package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/pipeline"
)

// runServe is `exportwatch serve`: the scheduler, the senders and HTTP, until
// SIGINT or SIGTERM. Shutdown order (STYLE.md): stop the scheduler and wait
// for running crawls, stop HTTP, drain senders, close the index, close the
// database.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfgPath, _ := commonFlags(fs)
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitUsage
	}
	log := newLogger(cfg, stderr, false, false)
	selected, _ := selectSources(cfg, "")

	m, err := newMetrics()
	if err != nil {
		log.Error("start", "err", err)
		return exitFailure
	}
	a, err := openAppWithMetrics(ctx, cfg, log, m)
	if err != nil {
		log.Error("start", "err", err)
		return exitFailure
	}
	defer a.Close()
	srcs, err := buildSources(selected, cfg, a.store, time.Time{}, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch serve: %v\n", err)
		return exitUsage
	}
	svc := newServices(a, m)

	// Listen first, so a port in use fails start-up loudly.
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		log.Error("listen", "addr", cfg.HTTP.Listen, "err", err)
		return exitFailure
	}
	log.Info("exportwatch serving", "addr", "http://"+ln.Addr().String(), "data_dir", cfg.DataDir, "sources", len(srcs))

	// Catch up on versions committed but not indexed before a crash.
	if n, err := a.pipeline.SyncIndex(ctx); err != nil {
		log.Error("index sync at start", "err", err)
	} else if n > 0 {
		log.Info("index caught up", "versions", n)
	}

	crawlCtx, cancelCrawls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelCrawls()
	sched := newScheduler(log)
	var crawls sync.WaitGroup
	for i, src := range srcs {
		job := crawlJob(crawlCtx, a.pipeline, src, cfg.Crawl.Jitter.D(), log)
		if _, err := sched.AddFunc(selected[i].Schedule, job); err != nil {
			log.Error("schedule", "source", src.Name(), "err", err)
			return exitUsage
		}
		// A first run at start-up, spread by jitter, so a fresh install
		// has data without waiting for the first tick.
		crawls.Add(1)
		go func() { defer crawls.Done(); job() }()
	}
	sched.Start()
	// Versions committed by other processes (reclassify, another replica's
	// crawl) reach this index through a periodic sync.
	crawls.Add(1)
	go func() {
		defer crawls.Done()
		syncIndexEvery(crawlCtx, a.pipeline, indexSyncInterval, log)
	}()

	senderCtx, cancelSenders := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSenders()
	var senders sync.WaitGroup
	senders.Add(1)
	go func() {
		defer senders.Done()
		if err := svc.runSenders(senderCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("dispatcher stopped", "err", err)
		}
	}()

	httpServer := &http.Server{
		Handler:           svc.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	httpErr := make(chan error, 1)
	go func() { httpErr <- httpServer.Serve(ln) }()

	code := exitOK
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-httpErr:
		log.Error("http server", "err", err)
		code = exitFailure
	}

	// 1. The scheduler: no new runs; running crawls stop at their next
	// page boundary (what is committed stays committed).
	stopped := sched.Stop()
	cancelCrawls()
	waitTimeout(stopped.Done(), 30*time.Second, log, "running crawls")
	crawls.Wait()
	// 2. HTTP.
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	if err := httpServer.Shutdown(shutCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	cancel()
	// 3. Senders: in-flight sends finish and are marked.
	cancelSenders()
	senders.Wait()
	// 4 and 5 (index, database): a.Close, deferred.
	log.Info("stopped")
	return code
}

// indexSyncInterval is how often serve indexes versions it did not commit
// itself.
const indexSyncInterval = 30 * time.Second

func syncIndexEvery(ctx context.Context, p *pipeline.Pipeline, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := p.SyncIndex(ctx); err != nil && ctx.Err() == nil {
				log.Error("index sync", "err", err)
			} else if n > 0 {
				log.Info("index synced", "versions", n)
			}
		}
	}
}

func waitTimeout(done <-chan struct{}, d time.Duration, log *slog.Logger, what string) {
	select {
	case <-done:
	case <-time.After(d):
		log.Warn("gave up waiting", "for", what, "after", d)
	}
}

// newScheduler returns a cron with panic recovery and no overlapping runs
// of one job; its per-tick info logs are demoted to debug.
func newScheduler(log *slog.Logger) *cron.Cron {
	l := cronLogger{log: log}
	return cron.New(
		cron.WithLogger(l),
		cron.WithChain(cron.Recover(l), cron.SkipIfStillRunning(l)),
	)
}

// crawlJob runs one crawl of src after a random delay of up to jitter, so a
// restart does not send every source off at once.
func crawlJob(ctx context.Context, p *pipeline.Pipeline, src crawler.Source, jitter time.Duration, log *slog.Logger) func() {
	var mu sync.Mutex // the start-up run and a tick never overlap
	return func() {
		if jitter > 0 {
			d := time.Duration(rand.Int64N(int64(jitter)))
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return
			}
		}
		if !mu.TryLock() {
			log.Debug("crawl still running, skipped", "source", src.Name())
			return
		}
		defer mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		// Errors are logged and recorded in the source's health by the
		// pipeline; the next tick tries again.
		_, _ = p.Crawl(ctx, src, pipeline.Options{})
	}
}

// cronLogger adapts slog to cron.Logger, mapping cron's Info to Debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
