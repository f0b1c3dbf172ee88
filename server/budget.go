package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/exportwatch/exportwatch/index"
)

// Search budget defaults (config search.timeout and search.max_concurrent).
const (
	DefaultSearchTimeout = 5 * time.Second
	DefaultMaxSearches   = 4
)

var (
	// errSearchBusy: every search slot stayed taken until the deadline.
	errSearchBusy = errors.New("too many searches at once; try again shortly")
	// errSearchTimeout: the search itself ran out of time.
	errSearchTimeout = errors.New("the search took too long; narrow the query (fewer terms, no wildcards)")
)

// search runs q within the search budget: at most Config.MaxSearches at
// once, each within Config.SearchTimeout counted from the request (waiting
// for a slot included), and cancelled when the client goes. The slots
// bound the memory searches take together; a search that finds none in
// time is refused with 503 and Retry-After.
func (s *Server) search(ctx context.Context, q index.Query) (index.Result, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SearchTimeout)
	defer cancel()
	select {
	case s.searchSlots <- struct{}{}:
	case <-ctx.Done():
		if err := parent.Err(); err != nil {
			return index.Result{}, fmt.Errorf("server: search: %w", err) // the client went
		}
		s.deps.Metrics.SearchRefused("busy")
		return index.Result{}, fmt.Errorf("server: search: no slot within %s: %w", s.cfg.SearchTimeout, errSearchBusy)
	}
	defer func() { <-s.searchSlots }()
	res, err := s.deps.Index.Search(ctx, q)
	switch {
	case err == nil:
		return res, nil
	case parent.Err() != nil:
		return index.Result{}, fmt.Errorf("server: search: %w", parent.Err())
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.deps.Metrics.SearchRefused("timeout")
		return index.Result{}, fmt.Errorf("server: search %q: after %s: %w", q.Text, s.cfg.SearchTimeout, errSearchTimeout)
	case index.IsOverBudget(err):
		s.deps.Metrics.SearchRefused("budget")
	}
	return index.Result{}, err
}

// retryAfter is the Retry-After header for a 503 from a full search queue:
// one search timeout, in whole seconds.
func (s *Server) retryAfter(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(s.cfg.SearchTimeout.Seconds()))))
}
