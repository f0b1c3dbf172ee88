package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Clock is what the scheduler waits on; tests inject one they control.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// SchedulerConfig tunes a Scheduler.
type SchedulerConfig struct {
	// Jitter delays every run by a random duration in [0, Jitter), so a
	// restart does not send every source off at once.
	Jitter time.Duration
	// Clock is the system clock when nil.
	Clock Clock
}

// Scheduler runs jobs on robfig/cron schedules, plus one run of each at
// Start. A job never runs twice at once (the start-up run and a tick
// included), a panicking job is logged and runs again at its next tick, and
// Stop cancels the context of running jobs and waits for them.
type Scheduler struct {
	cfg    SchedulerConfig
	cron   *cron.Cron
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	jobs   []cron.Job     // each job as cron runs it: wrapped by the chain
	first  sync.WaitGroup // the start-up runs
}

// NewScheduler returns a scheduler with no jobs. A nil log discards.
func NewScheduler(cfg SchedulerConfig, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	l := cronLogger{log: log}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cfg: cfg, log: log, ctx: ctx, cancel: cancel,
		// The default chain recovers no panics (STYLE.md: robfig/cron facts).
		// The inner Recover is there because SkipIfStillRunning (v3.0.1)
		// does not give its slot back when the job panics: without it, a
		// job that panicked once would be skipped forever.
		cron: cron.New(cron.WithLogger(l), cron.WithChain(cron.Recover(l), cron.SkipIfStillRunning(l), cron.Recover(l))),
	}
}

// Add schedules run under spec (robfig/cron syntax: five fields, or
// descriptors such as @hourly). run gets a context that Stop cancels.
func (s *Scheduler) Add(name, spec string, run func(ctx context.Context)) error {
	id, err := s.cron.AddJob(spec, cron.FuncJob(func() {
		if s.cfg.Jitter > 0 {
			select {
			case <-s.cfg.Clock.After(time.Duration(rand.Int64N(int64(s.cfg.Jitter)))):
			case <-s.ctx.Done():
				return
			}
		}
		if s.ctx.Err() == nil {
			run(s.ctx)
		}
	}))
	if err != nil {
		return fmt.Errorf("crawler: schedule %s %q: %w", name, spec, err)
	}
	s.jobs = append(s.jobs, s.cron.Entry(id).WrappedJob)
	return nil
}

// Start starts the cron and one run of every job at once (after its
// jitter), so a fresh install has data without waiting for the first tick.
func (s *Scheduler) Start() {
	for _, j := range s.jobs {
		s.first.Add(1)
		go func() { defer s.first.Done(); j.Run() }()
	}
	s.cron.Start()
}

// Stop starts no further runs, cancels the context of running ones and
// waits for them to return, or for ctx to end (then it returns ctx's error).
func (s *Scheduler) Stop(ctx context.Context) error {
	cronDone := s.cron.Stop()
	s.cancel()
	firstDone := make(chan struct{})
	go func() { s.first.Wait(); close(firstDone) }()
	for _, done := range []<-chan struct{}{cronDone.Done(), firstDone} {
		select {
		case <-done:
		case <-ctx.Done():
			return fmt.Errorf("crawler: waiting for running jobs: %w", ctx.Err())
		}
	}
	return nil
}

// cronLogger adapts slog to cron.Logger; cron's Info logs every tick, so it
// becomes Debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
