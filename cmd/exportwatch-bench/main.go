// Command exportwatch-bench measures the search index on a synthetic
// archive: it generates N Federal-Register-sized documents
// (internal/synth), indexes them in batches, and reports indexing
// throughput, index size on disk, search latency percentiles for typical
// queries with facets, and peak memory.
//
//	go run ./cmd/exportwatch-bench -docs 100000 -dir /tmp/exportwatch-bench
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/synth"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type queryCase struct {
	Name  string      `json:"name"`
	Query index.Query `json:"query"`
}

func date(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// queries are the typical searches measured.
var queries = []queryCase{
	{"word: Inspur", index.Query{Text: "Inspur"}},
	{`query: "entity list" country:CN`, index.Query{Text: `"entity list" country:CN`}},
	{`query: +"entity list" +country:CN`, index.Query{Text: `+"entity list" +country:CN`}},
	{`entity:inspur, newest`, index.Query{Text: "entity:inspur", Sort: "newest"}},
	{"label filter + date range", index.Query{Labels: []string{doc.LabelEntityAddition}, From: date("2020-01-01"), To: date("2024-12-31"), Sort: "newest"}},
	{"words + country filter", index.Query{Text: "advanced computing quota", Countries: []string{"CN", "AE"}}},
	{"german: Exportkontrolle", index.Query{Text: "Exportkontrolle"}},
	{"match all, newest (home page)", index.Query{Sort: "newest"}},
}

type report struct {
	Docs          int           `json:"docs"`
	Batch         int           `json:"batch"`
	Seed          uint64        `json:"seed"`
	SourceBytes   int64         `json:"source_bytes"`
	GenerateTime  time.Duration `json:"generate_ns"`
	IndexCallTime time.Duration `json:"index_call_ns"`
	IndexWall     time.Duration `json:"index_wall_ns"`
	IndexCPU      time.Duration `json:"index_cpu_ns"` // user+sys while indexing, minus generation
	DocsPerSec    float64       `json:"docs_per_sec"`
	SettleTime    time.Duration `json:"settle_ns"`
	IndexBytes    int64         `json:"index_bytes"`
	IndexFiles    int           `json:"index_files"`
	PeakHeapInuse uint64        `json:"peak_heap_inuse_bytes"`
	PeakSys       uint64        `json:"peak_sys_bytes"`
	MaxRSS        int64         `json:"max_rss_bytes"`
	Searches      []searchStats `json:"searches"`
	GOMAXPROCS    int           `json:"gomaxprocs"`
	ReopenTime    time.Duration `json:"reopen_ns"`
}

type searchStats struct {
	Name  string        `json:"name"`
	Total uint64        `json:"total"`
	Runs  int           `json:"runs"`
	P50   time.Duration `json:"p50_ns"`
	P99   time.Duration `json:"p99_ns"`
	Max   time.Duration `json:"max_ns"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("exportwatch-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	n := fl.Int("docs", 10000, "documents to generate and index")
	dir := fl.String("dir", filepath.Join(os.TempDir(), "exportwatch-bench"), "working directory (the index goes in DIR/index, replaced)")
	batch := fl.Int("batch", 1000, "documents per index batch")
	seed := fl.Uint64("seed", 1, "generator seed")
	runs := fl.Int("runs", 200, "timed runs per query")
	jsonOut := fl.Bool("json", false, "print the report as JSON")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *n <= 0 || *batch <= 0 || *runs <= 0 {
		fmt.Fprintln(stderr, "exportwatch-bench: -docs, -batch and -runs must be positive")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rep, err := bench(context.Background(), log, *n, *batch, *seed, *runs, filepath.Join(*dir, "index"))
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch-bench: %v\n", err)
		return 1
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
		return 0
	}
	print(stdout, rep)
	return 0
}

// memSampler records peak heap and process memory.
type memSampler struct {
	mu                sync.Mutex
	peakHeap, peakSys uint64
	stop              chan struct{}
	done              chan struct{}
}

func startSampler(every time.Duration) *memSampler {
	s := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *memSampler) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.mu.Lock()
	s.peakHeap = max(s.peakHeap, ms.HeapInuse)
	s.peakSys = max(s.peakSys, ms.Sys)
	s.mu.Unlock()
}

func (s *memSampler) Stop() (heap, sys uint64) {
	close(s.stop)
	<-s.done
	s.sample()
	return s.peakHeap, s.peakSys
}

func bench(ctx context.Context, log *slog.Logger, n, batch int, seed uint64, runs int, path string) (report, error) {
	rep := report{Docs: n, Batch: batch, Seed: seed, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if err := os.RemoveAll(path); err != nil {
		return rep, err
	}
	mem := startSampler(250 * time.Millisecond)
	ix, err := index.Open(path, log)
	if err != nil {
		return rep, err
	}
	defer func() {
		if ix != nil {
			_ = ix.Close()
		}
	}()

	g := synth.New(seed)
	items := make([]index.Item, 0, batch)
	cpu0 := cpuTime()
	var genCPU time.Duration
	start := time.Now()
	lastLog := start
	for i := 0; i < n; {
		items = items[:0]
		t0, c0 := time.Now(), cpuTime()
		for ; len(items) < batch && i < n; i++ {
			d, c := g.Document(i)
			rep.SourceBytes += int64(len(d.Title) + len(d.Abstract) + len(d.Body))
			items = append(items, index.Item{Document: d, Classification: c, Version: 1})
		}
		t1 := time.Now()
		rep.GenerateTime += t1.Sub(t0)
		genCPU += cpuTime() - c0
		if err := ix.Index(ctx, items); err != nil {
			return rep, err
		}
		rep.IndexCallTime += time.Since(t1)
		if time.Since(lastLog) > 15*time.Second || i == n {
			lastLog = time.Now()
			log.Info("indexing", "docs", i, "elapsed", time.Since(start).Round(time.Second),
				"index_docs_per_sec", int(float64(i)/(time.Since(start)-rep.GenerateTime).Seconds()))
		}
	}
	rep.IndexWall = time.Since(start) - rep.GenerateTime
	rep.IndexCPU = cpuTime() - cpu0 - genCPU
	rep.DocsPerSec = float64(n) / rep.IndexWall.Seconds()

	// Let scorch persist and merge before measuring size and searching.
	t0 := time.Now()
	var last int64 = -1
	stable := 0
	for stable < 3 && time.Since(t0) < 5*time.Minute {
		size, _, err := dirSize(path)
		if err != nil {
			return rep, err
		}
		if size == last {
			stable++
		} else {
			stable = 0
		}
		last = size
		time.Sleep(2 * time.Second)
	}
	rep.SettleTime = time.Since(t0)
	if rep.IndexBytes, rep.IndexFiles, err = dirSize(path); err != nil {
		return rep, err
	}
	count, err := ix.Count()
	if err != nil {
		return rep, err
	}
	if count != uint64(n) {
		return rep, fmt.Errorf("index holds %d documents, want %d", count, n)
	}

	// Reopen, as the service does at start-up.
	if err := ix.Close(); err != nil {
		return rep, err
	}
	ix = nil
	t0 = time.Now()
	if ix, err = index.Open(path, log); err != nil {
		return rep, err
	}
	rep.ReopenTime = time.Since(t0)

	for _, qc := range queries {
		st := searchStats{Name: qc.Name, Runs: runs}
		for range 3 { // warm up
			r, err := ix.SearchUncached(ctx, qc.Query)
			if err != nil {
				return rep, fmt.Errorf("%s: %w", qc.Name, err)
			}
			st.Total = r.Total
		}
		ds := make([]time.Duration, runs)
		for j := range ds {
			t := time.Now()
			if _, err := ix.SearchUncached(ctx, qc.Query); err != nil {
				return rep, fmt.Errorf("%s: %w", qc.Name, err)
			}
			ds[j] = time.Since(t)
		}
		slices.Sort(ds)
		st.P50, st.P99, st.Max = ds[len(ds)/2], ds[(len(ds)*99)/100], ds[len(ds)-1]
		if (len(ds)*99)/100 >= len(ds) {
			st.P99 = ds[len(ds)-1]
		}
		rep.Searches = append(rep.Searches, st)
		log.Info("search", "query", qc.Name, "total", st.Total, "p50", st.P50, "p99", st.P99)
	}
	rep.PeakHeapInuse, rep.PeakSys = mem.Stop()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		rep.MaxRSS = ru.Maxrss * 1024 // Linux reports KiB
	}
	return rep, nil
}

// cpuTime is the user+sys CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dirSize(path string) (int64, int, error) {
	var size int64
	files := 0
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // removed by a merge meanwhile
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		size += fi.Size()
		files++
		return nil
	})
	return size, files, err
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func print(w io.Writer, r report) {
	fmt.Fprintf(w, "documents:        %d (seed %d, batches of %d, GOMAXPROCS %d)\n", r.Docs, r.Seed, r.Batch, r.GOMAXPROCS)
	fmt.Fprintf(w, "source text:      %s (%.1f KiB/doc)\n", mib(r.SourceBytes), float64(r.SourceBytes)/float64(r.Docs)/1024)
	fmt.Fprintf(w, "generation:       %s (not counted below)\n", r.GenerateTime.Round(time.Millisecond))
	fmt.Fprintf(w, "indexing:         %.0f docs/s (%s wall; %s inside Index calls)\n", r.DocsPerSec, r.IndexWall.Round(time.Millisecond), r.IndexCallTime.Round(time.Millisecond))
	fmt.Fprintf(w, "indexing CPU:     %s user+sys = %.0f docs per CPU-second (robust to other load on the machine)\n", r.IndexCPU.Round(time.Millisecond), float64(r.Docs)/r.IndexCPU.Seconds())
	fmt.Fprintf(w, "index on disk:    %s in %d files (%.1f KiB/doc; settled after %s)\n", mib(r.IndexBytes), r.IndexFiles, float64(r.IndexBytes)/float64(r.Docs)/1024, r.SettleTime.Round(time.Second))
	fmt.Fprintf(w, "reopen:           %s\n", r.ReopenTime.Round(time.Millisecond))
	fmt.Fprintf(w, "peak memory:      heap in use %s, Go sys %s, max RSS %s\n", mib(int64(r.PeakHeapInuse)), mib(int64(r.PeakSys)), mib(r.MaxRSS))
	fmt.Fprintln(w, "search (20 hits, 5 facets, snippets):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  query\ttotal\tp50\tp99\tmax")
	for _, s := range r.Searches {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\n", s.Name, s.Total, ms(s.P50), ms(s.P99), ms(s.Max))
	}
	tw.Flush()
}
