package index

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// flightGroup runs one computation per key at a time and hands its result
// to every caller asking for that key meanwhile (as singleflight does). A
// caller whose context ends stops waiting at once; the computation is
// cancelled when its last caller has gone, so a client that disconnects
// or times out stops costing CPU, while one that still waits keeps it.
type flightGroup struct {
	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	done    chan struct{}
	res     Result
	err     error
	waiters int
	cancel  context.CancelFunc
}

// do returns the result of fn for key, computed once for the callers that
// ask at the same time. fn gets a context that keeps ctx's values and is
// cancelled when every caller has gone. A panic in fn becomes its error.
func (g *flightGroup) do(ctx context.Context, key string, fn func(context.Context) (Result, error)) (Result, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = map[string]*flightCall{}
	}
	c, ok := g.calls[key]
	if !ok {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &flightCall{done: make(chan struct{}), cancel: cancel}
		g.calls[key] = c
		go g.run(cctx, key, c, fn)
	}
	c.waiters++
	g.mu.Unlock()

	select {
	case <-c.done:
		return c.res, c.err
	case <-ctx.Done():
		g.mu.Lock()
		c.waiters--
		if c.waiters == 0 {
			c.cancel()
			if g.calls[key] == c {
				delete(g.calls, key) // a new caller starts afresh
			}
		}
		g.mu.Unlock()
		return Result{}, fmt.Errorf("index: search: %w", ctx.Err())
	}
}

func (g *flightGroup) run(ctx context.Context, key string, c *flightCall, fn func(context.Context) (Result, error)) {
	defer func() {
		if r := recover(); r != nil {
			// Bleve has panicked on a damaged index (issue 15.2): an
			// error, not a dead process.
			c.err = fmt.Errorf("index: search: panic: %v: %w\n%s", r, errSearchPanic, debug.Stack())
		}
		g.mu.Lock()
		if g.calls[key] == c {
			delete(g.calls, key)
		}
		g.mu.Unlock()
		c.cancel()
		close(c.done)
	}()
	c.res, c.err = fn(ctx)
}
