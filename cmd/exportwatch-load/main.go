// Command exportwatch-load measures the search API under a bounded loopback
// load: it serves a synthetic archive (internal/synth, indexed in Bleve) with
// package server on 127.0.0.1, runs -clients concurrent clients against
// GET /api/v1/search for -duration, and reports latency percentiles,
// throughput, errors and the process's peak resident memory. It stops by
// itself and never leaves loopback.
//
//	go run ./cmd/exportwatch-load -docs 100000 -clients 20 -duration 30s
//	go run ./cmd/exportwatch-load -index /tmp/exportwatch-bench/index   # reuse an index
//	go run ./cmd/exportwatch-load -novel ...   # every request a new query: no cache hits
//
// The search API reads the index, and the bodies for snippets from a text
// file that stands in for the store (synth.TextFile: DIR/texts, or the
// "texts" file next to a reused index, as exportwatch-bench writes it);
// the store itself is an empty SQLite file.
// Server and clients share one process: the peak RSS is the server's plus a
// small, constant share for the clients.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the store's SQLite driver

	"github.com/prometheus/client_golang/prometheus"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/procstat"
	"github.com/exportwatch/exportwatch/internal/synth"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/server"
	"github.com/exportwatch/exportwatch/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// queries are the search URLs the clients cycle through: words, phrases,
// field queries, facet filters, date ranges, sorting and paging.
var queries = []string{
	"q=Inspur",
	"q=%22entity+list%22&country=CN",
	"q=entity:inspur&sort=newest",
	"label=entity_addition&from=2020-01-01&to=2024-12-31&sort=newest",
	"q=advanced+computing+quota&country=CN&country=AE",
	"q=Exportkontrolle",
	"sort=newest",
	"q=semiconductor&page=3",
	"q=%2Btier+%2Bquota&label=tier_change",
	"q=license+requirements&source=federal-register&year=2024",
}

type options struct {
	docs, batch, clients int
	seed                 uint64
	duration             time.Duration
	dir, indexDir        string
	keep, jsonOut, novel bool
	cpuProfile           string
}

// Report is what one load run measured.
type Report struct {
	Docs         uint64        `json:"docs"`
	Clients      int           `json:"clients"`
	Novel        bool          `json:"novel"`
	Duration     time.Duration `json:"duration_ns"`
	Requests     int           `json:"requests"`
	Errors       int           `json:"errors"`
	RPS          float64       `json:"requests_per_sec"`
	P50          time.Duration `json:"p50_ns"`
	P90          time.Duration `json:"p90_ns"`
	P99          time.Duration `json:"p99_ns"`
	Max          time.Duration `json:"max_ns"`
	RSSBefore    int64         `json:"rss_before_load_bytes"`
	PeakRSSLoad  int64         `json:"peak_rss_load_bytes"`  // VmHWM reset before the load
	PeakRSSTotal int64         `json:"peak_rss_total_bytes"` // VmHWM of the whole run, building included
	BuildTime    time.Duration `json:"build_ns"`
	GOMAXPROCS   int           `json:"gomaxprocs"`
	FirstError   string        `json:"first_error,omitempty"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("exportwatch-load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o options
	fl.IntVar(&o.docs, "docs", 100000, "documents to generate and index (ignored with -index)")
	fl.IntVar(&o.batch, "batch", 1000, "documents per index batch")
	fl.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fl.IntVar(&o.clients, "clients", 20, "concurrent clients")
	fl.DurationVar(&o.duration, "duration", 30*time.Second, "how long the clients run")
	fl.StringVar(&o.dir, "dir", "", "working directory (default: a new temporary directory, removed at the end)")
	fl.StringVar(&o.indexDir, "index", "", "use this existing index instead of generating one")
	fl.BoolVar(&o.keep, "keep", false, "keep the working directory")
	fl.BoolVar(&o.jsonOut, "json", false, "print the report as JSON")
	fl.BoolVar(&o.novel, "novel", false, "every request a query not asked before (no cache hits), instead of cycling through 10 typical ones")
	fl.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the load phase to this file")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if o.docs <= 0 || o.batch <= 0 || o.clients <= 0 || o.clients > 1000 || o.duration <= 0 || o.duration > time.Hour {
		fmt.Fprintln(stderr, "exportwatch-load: -docs and -batch must be positive, -clients 1..1000, -duration up to 1h")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rep, err := load(context.Background(), o, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch-load: %v\n", err)
		return 1
	}
	if o.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printReport(stdout, rep)
	}
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

func load(ctx context.Context, o options, log *slog.Logger) (Report, error) {
	rep := Report{Clients: o.clients, Novel: o.novel, Duration: o.duration, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	dir := o.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "exportwatch-load-")
		if err != nil {
			return rep, err
		}
		dir = d
		if !o.keep {
			defer os.RemoveAll(dir)
		}
	}
	st, err := store.Open(ctx, filepath.Join(dir, "store.db"), log)
	if err != nil {
		return rep, err
	}
	defer st.Close()

	start := time.Now()
	ixPath := o.indexDir
	if ixPath == "" {
		ixPath = filepath.Join(dir, "index")
		if err := os.RemoveAll(ixPath); err != nil {
			return rep, err
		}
	}
	ix, err := index.Open(ixPath, log)
	if err != nil {
		return rep, err
	}
	defer ix.Close()
	textPath := filepath.Join(filepath.Dir(ixPath), "texts")
	if o.indexDir == "" {
		if err := build(ctx, ix, o, textPath, log); err != nil {
			return rep, err
		}
	}
	if tf, err := synth.OpenTextFile(textPath); err != nil {
		log.Warn("no texts: snippets from the abstracts only", "err", err)
	} else {
		defer tf.Close()
		ix.SetTextSource(textSource(tf))
	}
	rep.BuildTime = time.Since(start)
	if rep.Docs, err = ix.Count(); err != nil {
		return rep, err
	}
	novel := synth.NewQueries(o.seed)

	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		return rep, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	srv := server.New(server.Config{Listen: ln.Addr().String()}, server.Deps{Store: st, Index: ix, Metrics: m}, slog.New(slog.DiscardHandler))
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	base := "http://" + ln.Addr().String()

	debug.FreeOSMemory() // return the indexing garbage, so the reset peak is the serving peak
	rep.RSSBefore, _ = procstat.Status(os.Getpid(), "VmRSS")
	rep.PeakRSSTotal = procstat.OwnPeakRSS()
	_ = procstat.ResetPeakRSS()
	log.Info("load start", "docs", rep.Docs, "clients", o.clients, "duration", o.duration, "addr", base)
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return rep, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return rep, err
		}
	}
	next := func(i int) string { return queries[i%len(queries)] }
	if o.novel {
		next = func(int) string { return novel.Next() }
	}
	lat, errs, firstErr := hammer(ctx, base, o.clients, o.duration, next)
	if o.cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	rep.PeakRSSLoad = procstat.OwnPeakRSS()
	rep.PeakRSSTotal = max(rep.PeakRSSTotal, rep.PeakRSSLoad)
	rep.Requests, rep.Errors, rep.FirstError = len(lat)+errs, errs, firstErr
	rep.RPS = float64(len(lat)) / o.duration.Seconds()
	slices.Sort(lat)
	rep.P50, rep.P90, rep.P99 = pct(lat, 50), pct(lat, 90), pct(lat, 99)
	if len(lat) > 0 {
		rep.Max = lat[len(lat)-1]
	}
	return rep, nil
}

// textSource serves snippet texts from tf.
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

// build indexes o.docs synthetic documents in batches and writes their
// texts to textPath.
func build(ctx context.Context, ix *index.Index, o options, textPath string, log *slog.Logger) error {
	g := synth.New(o.seed)
	tf, err := synth.CreateTextFile(textPath)
	if err != nil {
		return err
	}
	defer tf.Close()
	t0 := time.Now()
	for from := 0; from < o.docs; from += o.batch {
		n := min(o.batch, o.docs-from)
		items := make([]index.Item, n)
		for i := range items {
			d, c := g.Document(from + i)
			if err := tf.Add(d.ID, d.Abstract, d.Body); err != nil {
				return err
			}
			items[i] = index.Item{Document: d, Classification: c, Version: 1}
		}
		if err := ix.Index(ctx, items); err != nil {
			return fmt.Errorf("index batch at %d: %w", from, err)
		}
		if (from/o.batch)%10 == 9 {
			log.Info("indexing", "done", from+n, "of", o.docs, "docs_per_sec", int(float64(from+n)/time.Since(t0).Seconds()))
		}
	}
	log.Info("indexed", "docs", o.docs, "took", time.Since(t0).Round(time.Millisecond))
	return tf.Close()
}

// hammer runs clients goroutines that search until the duration is over and
// returns the latencies of successful requests, the error count and the
// first error.
func hammer(ctx context.Context, base string, clients int, d time.Duration, next func(i int) string) ([]time.Duration, int, string) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var (
		mu       sync.Mutex
		all      []time.Duration
		errs     int
		firstErr string
		wg       sync.WaitGroup
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			myErrs, myFirst := 0, ""
			for i := c; ctx.Err() == nil; i++ {
				u := base + "/api/v1/search?" + next(i)
				t0 := time.Now()
				err := get(ctx, client, u)
				if ctx.Err() != nil {
					break // the request was cut by the end of the run
				}
				if err != nil {
					myErrs++
					if myFirst == "" {
						myFirst = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			errs += myErrs
			if firstErr == "" {
				firstErr = myFirst
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, errs, firstErr
}

func get(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		q, _ := url.Parse(u)
		return fmt.Errorf("GET %s: status %d", q.RawQuery, res.StatusCode)
	}
	return nil
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func printReport(w io.Writer, r Report) {
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	fmt.Fprintf(w, "archive      %d documents (ready in %s)\n", r.Docs, r.BuildTime.Round(time.Millisecond))
	kind := "cycling 10 typical queries"
	if r.Novel {
		kind = "novel queries (no cache hits)"
	}
	fmt.Fprintf(w, "load         %d clients for %s on loopback, %s, GOMAXPROCS=%d\n", r.Clients, r.Duration, kind, r.GOMAXPROCS)
	fmt.Fprintf(w, "requests     %d (%.1f/s), errors %d\n", r.Requests, r.RPS, r.Errors)
	fmt.Fprintf(w, "latency      p50 %s  p90 %s  p99 %s  max %s\n", r.P50.Round(10*time.Microsecond), r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
	fmt.Fprintf(w, "peak RSS     %s during the load (%s before it), %s for the whole run\n", mib(r.PeakRSSLoad), mib(r.RSSBefore), mib(r.PeakRSSTotal))
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error  %s\n", r.FirstError)
	}
}
