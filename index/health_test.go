package index

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// countingObserver records what the index reports about its writes.
type countingObserver struct {
	mu       sync.Mutex
	failures int
	healthy  []bool
}

func (o *countingObserver) IndexWriteFailed() {
	o.mu.Lock()
	o.failures++
	o.mu.Unlock()
}

func (o *countingObserver) IndexHealthy(ok bool) {
	o.mu.Lock()
	o.healthy = append(o.healthy, ok)
	o.mu.Unlock()
}

func (o *countingObserver) state() (int, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failures, len(o.healthy) > 0 && o.healthy[len(o.healthy)-1]
}

// fullDiskChildEnv runs TestFullDisk's scenario in a child process, whose
// file-size limit cannot disturb other tests.
const fullDiskChildEnv = "EXPORTWATCH_TEST_FULL_DISK_CHILD"

// TestFullDisk: index writes that fail because the disk is "full" (a file
// size limit, RLIMIT_FSIZE, makes Bleve's segment and bolt writes fail
// with EFBIG as a full disk makes them fail with ENOSPC) leave the index
// answering from its last state on disk, are counted and reported, and
// succeed again once space returns. Before the fix, the first search after
// a failed write panicked with "assignment to entry in nil map" in zapx
// (issue 15.2).
func TestFullDisk(t *testing.T) {
	if os.Getenv(fullDiskChildEnv) != "" {
		fullDiskScenario(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFullDisk$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), fullDiskChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("full-disk scenario failed (%v):\n%s", err, out)
	}
}

func fullDiskScenario(t *testing.T) {
	ctx := context.Background()
	// The kernel sends SIGXFSZ when a write passes the limit; the write
	// must fail with EFBIG instead of ending the process.
	signal.Ignore(syscall.SIGXFSZ)
	ix, err := Open(filepath.Join(t.TempDir(), "index"), slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	obs := &countingObserver{}
	ix.SetObserver(obs)
	items := synthItems(70)
	if err := ix.Index(ctx, items[:50]); err != nil {
		t.Fatal(err)
	}

	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	full := lim
	full.Cur = 16 << 10 // no new segment fits
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &full); err != nil {
		t.Fatal(err)
	}
	for i, batch := range [][]Item{items[50:60], items[60:70]} {
		if err := ix.Index(ctx, batch); err == nil {
			t.Fatalf("write %d on a full disk succeeded", i+1)
		}
		res, err := ix.Search(ctx, Query{Text: "entity"})
		if err != nil {
			t.Fatalf("search after failed write %d: %v", i+1, err)
		}
		if res.Total == 0 || res.Total > 50 {
			t.Errorf("search after failed write %d: %d hits, want the documents of the last good state (1..50)", i+1, res.Total)
		}
		if n, err := ix.Count(); err != nil || n != 50 {
			t.Errorf("count after failed write %d = %d, %v; want 50 (the last good state)", i+1, n, err)
		}
		if err := ix.Healthy(); err != nil {
			t.Errorf("healthy after failed write %d: %v", i+1, err)
		}
	}
	if n, ok := obs.state(); n != 2 || ok {
		t.Errorf("observer: %d failures, healthy %v; want 2, false", n, ok)
	}

	// Space returns: the pending batches go in.
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, items[50:70]); err != nil {
		t.Fatalf("write after space returned: %v", err)
	}
	if n, err := ix.Count(); err != nil || n != 70 {
		t.Errorf("count after space returned = %d, %v; want 70", n, err)
	}
	if _, ok := obs.state(); !ok {
		t.Error("observer not told that writes succeed again")
	}
}

// panickyIndex is a Bleve index whose searches panic, as zapx's did on a
// segment closed after a failed persist.
type panickyIndex struct{ bleveIndex }

type bleveIndex = bleve.Index

func (panickyIndex) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	panic("assignment to entry in nil map")
}

// Advanced is where the index's own collector (searchOwn) starts.
func (panickyIndex) Advanced() (bleveindex.Index, error) {
	panic("assignment to entry in nil map")
}

// TestSearchPanicReopens: a panic inside Bleve is a search error, not a
// dead server, and the index is reopened from disk and answers again.
func TestSearchPanicReopens(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Index(ctx, synthItems(5)); err != nil {
		t.Fatal(err)
	}
	ix.live.mu.Lock()
	ix.live.cur = panickyIndex{ix.live.cur}
	ix.live.mu.Unlock()

	_, err = ix.SearchUncached(ctx, Query{Text: "entity"})
	if !errors.Is(err, errSearchPanic) {
		t.Fatalf("search on a panicking index: err %v, want errSearchPanic", err)
	}
	res, err := ix.SearchUncached(ctx, Query{Text: "entity"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search after the reopen: %d hits, %v", res.Total, err)
	}
}

// TestUnavailable: an index that cannot be reopened answers with
// ErrUnavailable (a 503), not a panic, and Healthy says why.
func TestUnavailable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// The directory disappears (a deleted volume): the reopen fails.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	ix.live.reopen()
	if err := ix.Healthy(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Healthy = %v, want ErrUnavailable", err)
	}
	if _, err := ix.SearchUncached(context.Background(), Query{Text: "entity"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("search = %v, want ErrUnavailable", err)
	}
	if err := ix.Index(context.Background(), synthItems(1)); !errors.Is(err, ErrUnavailable) {
		t.Errorf("index = %v, want ErrUnavailable", err)
	}
}

// TestReopenedIndexIsLive: an index opened from an existing directory
// (every start but the first) has the same protection as a new one.
func TestReopenedIndexIsLive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(context.Background(), synthItems(3)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.warming.Wait() // else the warming may meet the panicky index first and reopen it
	obs := &countingObserver{}
	ix.SetObserver(obs)
	if err := ix.Healthy(); err != nil {
		t.Errorf("Healthy: %v", err)
	}
	ix.live.mu.Lock()
	ix.live.cur = panickyIndex{ix.live.cur}
	ix.live.mu.Unlock()
	if _, err := ix.SearchUncached(context.Background(), Query{Text: "entity"}); !errors.Is(err, errSearchPanic) {
		t.Fatalf("search on a panicking reopened index: %v, want errSearchPanic", err)
	}
	if n, err := ix.Count(); err != nil || n != 3 {
		t.Errorf("count after the reopen: %d, %v; want 3", n, err)
	}
}
