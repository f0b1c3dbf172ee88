package index

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/internal/poll"
)

// TestFlightCancelsWhenCallersLeave: the shared computation runs while
// one caller waits and is cancelled once the last caller has gone, so a
// client that disconnects stops its search.
func TestFlightCancelsWhenCallersLeave(t *testing.T) {
	var g flightGroup
	started := make(chan struct{})
	stopped := make(chan error, 1)
	run := func(ctx context.Context) (Result, error) {
		close(started)
		<-ctx.Done()
		stopped <- ctx.Err()
		return Result{}, ctx.Err()
	}
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	errs := make(chan error, 2)
	go func() { _, err := g.do(ctx1, "q", run); errs <- err }()
	<-started
	go func() { _, err := g.do(ctx2, "q", run); errs <- err }()
	waitFor(t, func() bool { return g.waiters("q") == 2 })

	cancel1()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("first caller: %v, want context.Canceled", err)
	}
	select {
	case <-stopped:
		t.Fatal("computation cancelled while a caller still waits")
	default:
	}
	cancel2()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("second caller: %v, want context.Canceled", err)
	}
	select {
	case err := <-stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("computation stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("computation not cancelled after every caller left")
	}
}

func TestFlightSharesAndRecovers(t *testing.T) {
	var g flightGroup
	release := make(chan struct{})
	calls := 0
	run := func(ctx context.Context) (Result, error) {
		calls++
		<-release
		return Result{Total: 7}, nil
	}
	out := make(chan Result, 2)
	for range 2 {
		go func() { r, _ := g.do(context.Background(), "q", run); out <- r }()
	}
	waitFor(t, func() bool { return g.waiters("q") == 2 })
	close(release)
	for range 2 {
		if r := <-out; r.Total != 7 {
			t.Errorf("result %d, want 7", r.Total)
		}
	}
	if calls != 1 {
		t.Errorf("%d computations, want 1", calls)
	}

	_, err := g.do(context.Background(), "p", func(context.Context) (Result, error) { panic("boom") })
	if !errors.Is(err, errSearchPanic) {
		t.Errorf("panicking computation: %v, want errSearchPanic", err)
	}
}

func (g *flightGroup) waiters(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c.waiters
	}
	return 0
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	if !poll.Until(10*time.Second, time.Millisecond, cond) {
		t.Fatal("condition not reached in 10s")
	}
}
