package crawler

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/internal/poll"
)

// fakeClock records the delays asked of it; each fires when fire says so
// (immediately when fire is nil).
type fakeClock struct {
	mu     sync.Mutex
	delays []time.Duration
	fire   chan time.Time
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.delays = append(c.delays, d)
	c.mu.Unlock()
	if c.fire != nil {
		return c.fire
	}
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func (c *fakeClock) Delays() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.delays...)
}

// tick runs the i-th job as a cron tick would: through the chain.
func tick(s *Scheduler, i int) { s.jobs[i].Run() }

func TestSchedulerJitterWithinBounds(t *testing.T) {
	const jitter = time.Hour
	clock := &fakeClock{}
	s := NewScheduler(SchedulerConfig{Jitter: jitter, Clock: clock}, nil)
	runs := 0
	if err := s.Add("src", "@hourly", func(context.Context) { runs++ }); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		tick(s, 0)
	}
	delays := clock.Delays()
	if runs != 200 || len(delays) != 200 {
		t.Fatalf("runs = %d, delays = %d; want 200 each", runs, len(delays))
	}
	distinct := map[time.Duration]bool{}
	for _, d := range delays {
		if d < 0 || d >= jitter {
			t.Errorf("delay %s outside [0, %s)", d, jitter)
		}
		distinct[d] = true
	}
	if len(distinct) < 100 {
		t.Errorf("only %d distinct delays in 200 runs: the jitter does not spread runs", len(distinct))
	}

	// Without jitter a run waits for nothing.
	clock = &fakeClock{}
	s = NewScheduler(SchedulerConfig{Clock: clock}, nil)
	s.Add("src", "@hourly", func(context.Context) {})
	tick(s, 0)
	if d := clock.Delays(); len(d) != 0 {
		t.Errorf("no jitter configured, but the run waited %v", d)
	}
}

func TestSchedulerNoOverlappingRuns(t *testing.T) {
	s := NewScheduler(SchedulerConfig{Jitter: time.Minute, Clock: &fakeClock{}}, nil)
	var starts atomic.Int32
	started, release := make(chan struct{}, 1), make(chan struct{})
	s.Add("src", "@hourly", func(context.Context) {
		starts.Add(1)
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
	})
	s.Start() // the start-up run
	<-started
	tick(s, 0) // ticks while it runs are skipped and return at once
	tick(s, 0)
	if n := starts.Load(); n != 1 {
		t.Fatalf("job started %d times while running, want 1", n)
	}
	close(release)
	// Once the run has returned, the next tick runs the job again.
	if !poll.Until(5*time.Second, time.Millisecond, func() bool { tick(s, 0); return starts.Load() == 2 }) {
		t.Errorf("after the running job returned, ticks started it %d times in all, want 2", starts.Load())
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSchedulerRecoversPanics(t *testing.T) {
	var logs bytes.Buffer
	s := NewScheduler(SchedulerConfig{Clock: &fakeClock{}}, slog.New(slog.NewTextHandler(&logs, nil)))
	runs := 0
	s.Add("src", "@hourly", func(context.Context) {
		runs++
		panic("boom")
	})
	tick(s, 0) // returns: the panic does not reach the caller
	if got := logs.String(); !strings.Contains(got, "panic") || !strings.Contains(got, "boom") {
		t.Errorf("panic not logged:\n%s", got)
	}
	// A job that panicked is not stuck behind its skip-if-running slot.
	tick(s, 0)
	if runs != 2 {
		t.Errorf("a job that panicked ran %d times in two ticks, want 2", runs)
	}
}

func TestSchedulerStopCancelsAndWaits(t *testing.T) {
	s := NewScheduler(SchedulerConfig{Clock: &fakeClock{}}, nil)
	started := make(chan struct{})
	var sawCancel atomic.Bool
	s.Add("running", "@hourly", func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		sawCancel.Store(true)
	})
	// A second job still waits for its jitter when Stop comes: it never runs.
	waiting := &fakeClock{fire: make(chan time.Time)}
	s2 := NewScheduler(SchedulerConfig{Jitter: time.Hour, Clock: waiting}, nil)
	var ran atomic.Bool
	s2.Add("waiting", "@hourly", func(context.Context) { ran.Store(true) })

	s.Start()
	s2.Start()
	<-started
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !sawCancel.Load() {
		t.Error("Stop returned before the running job saw its context cancelled")
	}
	if err := s2.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ran.Load() {
		t.Error("a job still waiting for its jitter ran after Stop")
	}

	// A job that ignores cancellation: Stop gives up when its ctx ends.
	s3 := NewScheduler(SchedulerConfig{Clock: &fakeClock{}}, nil)
	block, started3 := make(chan struct{}), make(chan struct{})
	s3.Add("stuck", "@hourly", func(context.Context) { close(started3); <-block })
	s3.Start()
	<-started3
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s3.Stop(ctx); err == nil {
		t.Error("Stop with an ended context while a job runs returned nil")
	}
	close(block)
}

func TestSchedulerRejectsBadSpec(t *testing.T) {
	s := NewScheduler(SchedulerConfig{}, nil)
	for _, spec := range []string{"61 * * * *", "sometimes", ""} {
		if err := s.Add("src", spec, func(context.Context) {}); err == nil || !strings.Contains(err.Error(), "src") {
			t.Errorf("Add(%q) = %v, want an error naming the source", spec, err)
		}
	}
}
