// Command exportwatch-bench measures the search index on a synthetic
// archive against plain Bleve, in one run on the same corpus: it
// generates N Federal-Register-sized documents (internal/synth), builds
// the project's index (package index) and then the plain-Bleve yardstick
// (package index/plain), and reports for both, side by side with their
// ratio: build throughput, size on disk against the text, peak memory
// while building, and p50/p99 latency and totals of eight searches (20
// hits, facets, snippets), run alternately so that other load on the
// machine hits both alike.
//
//	go run ./cmd/exportwatch-bench -docs 20000 -dir /tmp/exportwatch-bench
//
// The project's index cuts body snippets from a text file that stands in
// for the store (DIR/texts); exportwatch-load -index DIR/index reuses it.
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
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/index/plain"
	"github.com/exportwatch/exportwatch/internal/procstat"
	"github.com/exportwatch/exportwatch/internal/synth"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	docs, batch, runs int
	minBody, maxBody  int
	seed              uint64
	dir               string
	noPlain, reuse    bool
	cpuProfile, only  string
	buildProfile      string
}

type report struct {
	Docs        int       `json:"docs"`
	Batch       int       `json:"batch"`
	Seed        uint64    `json:"seed"`
	MinBody     int       `json:"min_body"`
	MaxBody     int       `json:"max_body"`
	SourceBytes int64     `json:"source_bytes"`
	GOMAXPROCS  int       `json:"gomaxprocs"`
	LoadAvg     string    `json:"loadavg_at_end"`
	Index       buildStat `json:"index"`
	Plain       buildStat `json:"plain"`
	Searches    []qstat   `json:"searches"`
}

type buildStat struct {
	Wall      time.Duration `json:"wall_ns"`
	CPU       time.Duration `json:"cpu_ns"` // user+sys of the process while indexing, generation excluded
	Settle    time.Duration `json:"settle_ns"`
	DiskBytes int64         `json:"disk_bytes"`
	Files     int           `json:"files"`
	PeakRSS   int64         `json:"peak_rss_bytes"`
	PeakHeap  uint64        `json:"peak_heap_inuse_bytes"`
	Reopen    time.Duration `json:"reopen_ns"`
	// FirstSearch is the first search after the reopen: it reads the
	// segments' date and facet tables.
	FirstSearch time.Duration `json:"first_search_ns"`
	// FirstSearchIdle is the first search 2 s after another reopen: the
	// index reads its tables in the background meanwhile.
	FirstSearchIdle time.Duration `json:"first_search_idle_ns"`
	MBPerSec        float64       `json:"mb_per_sec"`
	MBPerCPU        float64       `json:"mb_per_cpu_sec"`
	DiskOfText      float64       `json:"disk_of_text"`
}

type qstat struct {
	Name       string `json:"name"`
	Total      uint64 `json:"total"`
	PlainTotal uint64 `json:"plain_total"`
	// PairMatched: the index counted a long phrase word pair by word pair
	// (index.Result.PairMatched), too common to check in every text.
	PairMatched bool          `json:"pair_matched"`
	P50, P99    time.Duration `json:"-"`
	PP50, PP99  time.Duration `json:"-"`
	P50ns       int64         `json:"p50_ns"`
	P99ns       int64         `json:"p99_ns"`
	PlainP50ns  int64         `json:"plain_p50_ns"`
	PlainP99ns  int64         `json:"plain_p99_ns"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("exportwatch-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o options
	fl.IntVar(&o.docs, "docs", 20000, "documents to generate and index")
	fl.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "exportwatch-bench"), "working directory (DIR/index, DIR/plain and DIR/texts are replaced)")
	fl.IntVar(&o.batch, "batch", 1000, "documents per Index call")
	fl.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fl.IntVar(&o.runs, "runs", 200, "timed runs per query and index")
	fl.IntVar(&o.minBody, "min-body", 1<<10, "smallest body in bytes (Federal Register rules; press is shorter)")
	fl.IntVar(&o.maxBody, "max-body", 40<<10, "largest body in bytes")
	fl.BoolVar(&o.noPlain, "no-plain", false, "measure only the project's index")
	fl.BoolVar(&o.reuse, "reuse", false, "search the indexes and texts an earlier run left in DIR (same -docs and -seed); no build figures")
	fl.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the searches to this file")
	fl.StringVar(&o.buildProfile, "buildprofile", "", "write CPU profiles of the builds to this file with the suffixes .index and .plain")
	fl.StringVar(&o.only, "only", "", "run only the searches whose name contains this")
	jsonOut := fl.Bool("json", false, "print the report as JSON")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if o.docs <= 0 || o.batch <= 0 || o.runs <= 0 || o.minBody < 0 || o.maxBody < o.minBody {
		fmt.Fprintln(stderr, "exportwatch-bench: -docs, -batch and -runs must be positive, 0 <= -min-body <= -max-body")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rep, err := bench(context.Background(), log, o)
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
	print(stdout, rep, !o.noPlain)
	return 0
}

// target is an index under test.
type target interface {
	Index(ctx context.Context, items []index.Item) error
	Search(ctx context.Context, q index.Query) (index.Result, error)
	Count() (uint64, error)
	Close() error
}

// uncached searches the project's index without its result cache.
type uncached struct{ ix *index.Index }

func (u uncached) Index(ctx context.Context, items []index.Item) error { return u.ix.Index(ctx, items) }
func (u uncached) Count() (uint64, error)                              { return u.ix.Count() }
func (u uncached) Close() error                                        { return u.ix.Close() }
func (u uncached) Search(ctx context.Context, q index.Query) (index.Result, error) {
	return u.ix.SearchUncached(ctx, q)
}

func textSource(tf *synth.TextFile) index.TextSource {
	return index.TextFunc(func(_ context.Context, ids []string) (map[string]index.Text, error) {
		out := make(map[string]index.Text, len(ids))
		for _, id := range ids {
			a, b, ok, err := tf.Get(id)
			if err != nil {
				return nil, err
			}
			if ok {
				out[id] = index.Text{Abstract: a, Body: b}
			}
		}
		return out, nil
	})
}

func bench(ctx context.Context, log *slog.Logger, o options) (report, error) {
	rep := report{Docs: o.docs, Batch: o.batch, Seed: o.seed, MinBody: o.minBody, MaxBody: o.maxBody, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return rep, err
	}
	ixPath, plainPath, textPath := filepath.Join(o.dir, "index"), filepath.Join(o.dir, "plain"), filepath.Join(o.dir, "texts")
	if !o.reuse {
		for _, p := range []string{ixPath, plainPath} {
			if err := os.RemoveAll(p); err != nil {
				return rep, err
			}
		}
		tf, err := synth.CreateTextFile(textPath)
		if err != nil {
			return rep, err
		}
		ix, err := index.Open(ixPath, log)
		if err != nil {
			return rep, err
		}
		if rep.Index, rep.SourceBytes, err = build(ctx, log, "index", uncached{ix}, o, tf); err != nil {
			return rep, err
		}
		if err := tf.Close(); err != nil {
			return rep, err
		}
		if err := ix.Close(); err != nil {
			return rep, err
		}
	}
	t0 := time.Now()
	ix, err := index.Open(ixPath, log) // as the service does at start-up
	if err != nil {
		return rep, err
	}
	defer ix.Close()
	rep.Index.Reopen = time.Since(t0)
	tf, err := synth.OpenTextFile(textPath)
	if err != nil {
		return rep, err
	}
	defer tf.Close()
	ix.SetTextSource(textSource(tf))
	t0 = time.Now()
	if _, err := ix.SearchUncached(ctx, plain.Queries[1].Query); err != nil {
		return rep, fmt.Errorf("first search: %w", err)
	}
	rep.Index.FirstSearch = time.Since(t0)
	rep.Index.finish(rep.SourceBytes)
	if ix, err = reopenIdle(ctx, ix, ixPath, log, &rep.Index); err != nil {
		return rep, err
	}
	defer ix.Close()
	ix.SetTextSource(textSource(tf))

	var pl *plain.Index
	if !o.noPlain {
		if pl, err = plain.Open(plainPath); err != nil {
			return rep, err
		}
		defer pl.Close()
		if !o.reuse {
			if rep.Plain, _, err = build(ctx, log, "plain", pl, o, nil); err != nil {
				return rep, err
			}
			rep.Plain.finish(rep.SourceBytes)
		}
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return rep, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return rep, err
		}
		defer pprof.StopCPUProfile()
	}

	var baseline target // nil with -no-plain (not a nil *plain.Index)
	if pl != nil {
		baseline = pl
	}
	for _, nq := range slices.Concat(plain.Queries, plain.LongPhrases) {
		if !strings.Contains(nq.Name, o.only) {
			continue
		}
		st, err := measure(ctx, nq, uncached{ix}, baseline, o.runs)
		if err != nil {
			return rep, err
		}
		rep.Searches = append(rep.Searches, st)
		log.Info("search", "query", nq.Name, "total", st.Total, "p50", st.P50, "p99", st.P99, "plain_total", st.PlainTotal, "plain_p50", st.PP50, "plain_p99", st.PP99)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.LoadAvg = strings.TrimSpace(string(b))
	}
	return rep, nil
}

func (b *buildStat) finish(source int64) {
	if source == 0 || b.CPU == 0 { // -reuse: not built in this run
		return
	}
	mb := float64(source) / 1e6
	b.MBPerSec = mb / b.Wall.Seconds()
	b.MBPerCPU = mb / b.CPU.Seconds()
	b.DiskOfText = float64(b.DiskBytes) / float64(source)
}

// build indexes the archive into t in batches and waits for the index
// files to settle. Generation (and writing tf) is not counted.
func build(ctx context.Context, log *slog.Logger, name string, t target, o options, tf *synth.TextFile) (buildStat, int64, error) {
	var st buildStat
	if o.buildProfile != "" {
		stop, err := startProfile(o.buildProfile + "." + name)
		if err != nil {
			return st, 0, err
		}
		defer stop()
	}
	runtime.GC()
	debug.FreeOSMemory()
	_ = procstat.ResetPeakRSS()
	mem := startSampler(250 * time.Millisecond)
	g := synth.New(o.seed)
	g.MinBody, g.MaxBody = o.minBody, o.maxBody
	items := make([]index.Item, 0, o.batch)
	var source int64
	var genWall, genCPU time.Duration
	cpu0, start, lastLog := cpuTime(), time.Now(), time.Now()
	for i := 0; i < o.docs; {
		items = items[:0]
		t0, c0 := time.Now(), cpuTime()
		for ; len(items) < o.batch && i < o.docs; i++ {
			d, c := g.Document(i)
			source += int64(len(d.Title) + len(d.Abstract) + len(d.Body))
			if tf != nil {
				if err := tf.Add(d.ID, d.Abstract, d.Body); err != nil {
					return st, 0, err
				}
			}
			items = append(items, index.Item{Document: d, Classification: c, Version: 1})
		}
		genWall += time.Since(t0)
		genCPU += cpuTime() - c0
		if err := t.Index(ctx, items); err != nil {
			return st, 0, fmt.Errorf("%s: %w", name, err)
		}
		if time.Since(lastLog) > 15*time.Second || i == o.docs {
			lastLog = time.Now()
			log.Info("indexing", "index", name, "docs", i, "elapsed", time.Since(start).Round(time.Second))
		}
	}
	st.Wall = time.Since(start) - genWall
	st.CPU = cpuTime() - cpu0 - genCPU

	// Let scorch persist and merge before measuring size.
	path := filepath.Join(o.dir, name)
	t0 := time.Now()
	var last int64 = -1
	for stable := 0; stable < 3 && time.Since(t0) < 5*time.Minute; {
		size, _, err := dirSize(path)
		if err != nil {
			return st, 0, err
		}
		if size == last {
			stable++
		} else {
			stable = 0
		}
		last = size
		time.Sleep(2 * time.Second)
	}
	st.Settle = time.Since(t0)
	var err error
	if st.DiskBytes, st.Files, err = dirSize(path); err != nil {
		return st, 0, err
	}
	st.PeakHeap = mem.Stop()
	st.PeakRSS = procstat.OwnPeakRSS()
	n, err := t.Count()
	if err != nil {
		return st, 0, err
	}
	if n != uint64(o.docs) {
		return st, 0, fmt.Errorf("%s holds %d documents, want %d", name, n, o.docs)
	}
	return st, source, nil
}

// reopenIdle closes ix, opens it again, lets it sit idle for
// idleAfterOpen as a service does between start-up and its first
// search, and times that search in st.FirstSearchIdle.
func reopenIdle(ctx context.Context, ix *index.Index, path string, log *slog.Logger, st *buildStat) (*index.Index, error) {
	if err := ix.Close(); err != nil {
		return nil, err
	}
	ix, err := index.Open(path, log)
	if err != nil {
		return nil, err
	}
	time.Sleep(idleAfterOpen)
	t0 := time.Now()
	if _, err := ix.SearchUncached(ctx, plain.Queries[1].Query); err != nil {
		_ = ix.Close()
		return nil, fmt.Errorf("first search after idling: %w", err)
	}
	st.FirstSearchIdle = time.Since(t0)
	return ix, nil
}

// idleAfterOpen is how long reopenIdle waits before its search.
const idleAfterOpen = 2 * time.Second

// startProfile starts a CPU profile into path; stop ends it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// measure runs nq on ix and pl (nil: skipped) alternately.
func measure(ctx context.Context, nq plain.NamedQuery, ix, pl target, runs int) (qstat, error) {
	st := qstat{Name: nq.Name}
	targets := []target{ix}
	if pl != nil {
		targets = append(targets, pl)
	}
	ds := make([][]time.Duration, len(targets))
	for k, t := range targets {
		for range 3 { // warm up
			r, err := t.Search(ctx, nq.Query)
			if err != nil {
				return st, fmt.Errorf("%s: %w", nq.Name, err)
			}
			if k == 0 {
				st.Total = r.Total
				st.PairMatched = len(r.PairMatched) > 0
			} else {
				st.PlainTotal = r.Total
			}
		}
	}
	for range runs {
		for k, t := range targets {
			t0 := time.Now()
			if _, err := t.Search(ctx, nq.Query); err != nil {
				return st, fmt.Errorf("%s: %w", nq.Name, err)
			}
			ds[k] = append(ds[k], time.Since(t0))
		}
	}
	pct := func(d []time.Duration) (time.Duration, time.Duration) {
		slices.Sort(d)
		return d[len(d)/2], d[min(len(d)-1, len(d)*99/100)]
	}
	st.P50, st.P99 = pct(ds[0])
	if pl != nil {
		st.PP50, st.PP99 = pct(ds[1])
	}
	st.P50ns, st.P99ns, st.PlainP50ns, st.PlainP99ns = int64(st.P50), int64(st.P99), int64(st.PP50), int64(st.PP99)
	return st, nil
}

// memSampler records the peak Go heap in use.
type memSampler struct {
	peak       uint64
	stop, done chan struct{}
}

func startSampler(every time.Duration) *memSampler {
	s := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			s.peak = max(s.peak, ms.HeapInuse)
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *memSampler) Stop() uint64 {
	close(s.stop)
	<-s.done
	return s.peak
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

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func print(w io.Writer, r report, withPlain bool) {
	mib := func(b int64) string { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }
	fmt.Fprintf(w, "corpus: %d documents (seed %d, bodies %d–%d bytes), %.1f MiB of text; batches of %d; GOMAXPROCS %d; load average at end %s\n\n",
		r.Docs, r.Seed, r.MinBody, r.MaxBody, float64(r.SourceBytes)/(1<<20), r.Batch, r.GOMAXPROCS, r.LoadAvg)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "figure\tindex\tplain Bleve\tindex ÷ plain\t")
	row := func(name, a, b, rt string) {
		if !withPlain {
			b, rt = "-", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, a, b, rt)
	}
	i, p := r.Index, r.Plain
	row("build, MB/s of text (wall)", fmt.Sprintf("%.1f", i.MBPerSec), fmt.Sprintf("%.1f", p.MBPerSec), ratio(i.MBPerSec, p.MBPerSec))
	row("build, MB per CPU-second", fmt.Sprintf("%.1f", i.MBPerCPU), fmt.Sprintf("%.1f", p.MBPerCPU), ratio(i.MBPerCPU, p.MBPerCPU))
	row("disk ÷ text", fmt.Sprintf("%.2f", i.DiskOfText), fmt.Sprintf("%.2f", p.DiskOfText), ratio(i.DiskOfText, p.DiskOfText))
	row("disk, MiB", mib(i.DiskBytes), mib(p.DiskBytes), ratio(float64(i.DiskBytes), float64(p.DiskBytes)))
	row("peak RSS while building, MiB", mib(i.PeakRSS), mib(p.PeakRSS), ratio(float64(i.PeakRSS), float64(p.PeakRSS)))
	row("peak Go heap while building, MiB", mib(int64(i.PeakHeap)), mib(int64(p.PeakHeap)), ratio(float64(i.PeakHeap), float64(p.PeakHeap)))
	for _, s := range r.Searches {
		row("p50 ms: "+s.Name, ms(s.P50), ms(s.PP50), ratio(float64(s.P50), float64(s.PP50)))
	}
	for _, s := range r.Searches {
		row("p99 ms: "+s.Name, ms(s.P99), ms(s.PP99), ratio(float64(s.P99), float64(s.PP99)))
	}
	for _, s := range r.Searches {
		same := "same"
		if s.Total != s.PlainTotal {
			same = "DIFFERENT"
		}
		total := strconv.FormatUint(s.Total, 10)
		if s.PairMatched {
			total = "by word pairs " + total
		}
		row("total: "+s.Name, total, strconv.FormatUint(s.PlainTotal, 10), same)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nindex: settled in %s, %d files, reopen %s, first search (%s) %s at once, %s after %s idle; plain: settled in %s, %d files\n",
		i.Settle.Round(time.Second), i.Files, i.Reopen.Round(time.Millisecond), plain.Queries[1].Name, i.FirstSearch.Round(time.Millisecond),
		i.FirstSearchIdle.Round(time.Millisecond), idleAfterOpen, p.Settle.Round(time.Second), p.Files)
	fmt.Fprintln(w, "Searches are uncached, with 20 hits and 5 facets; index cuts snippets from DIR/texts, plain collects term locations (term vectors).")
}
