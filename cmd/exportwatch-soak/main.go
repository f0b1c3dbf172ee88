// Command exportwatch-soak is a bounded loopback load test of the whole
// service. It builds exportwatch (or takes -bin), starts the fake Federal
// Register and a fake Slack in this process, creates -subs Slack
// subscriptions, runs `exportwatch serve` as a subprocess and, once the
// start-up crawl and its alerts are done, publishes -docs new documents on
// the fake in batches while -clients clients search the HTTP API. When every
// new document is committed and every delivery is acknowledged (or after
// -timeout) it stops the service with SIGTERM and reports documents/s
// committed, deliveries/s, p50/p99 latency of search requests and of
// commit→Slack-ack, and the serve process's peak RSS (VmHWM). Everything
// listens on 127.0.0.1 and it stops by itself.
//
//	go run ./cmd/exportwatch-soak -docs 1000 -clients 20 -subs 100
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the store's SQLite driver

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/crashtest"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/procstat"
	"github.com/exportwatch/exportwatch/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	docs, clients, subs, batch, workers int
	interval, timeout, think            time.Duration
	bin, keep                           string
	seed                                uint64
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("exportwatch-soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.docs, "docs", 1000, "new documents to publish during the load")
	fs.IntVar(&o.clients, "clients", 20, "concurrent search clients")
	fs.IntVar(&o.subs, "subs", 100, "Slack subscriptions (a few unfiltered, the rest by country or label)")
	fs.IntVar(&o.batch, "batch", 50, "documents published per batch")
	fs.DurationVar(&o.interval, "interval", 250*time.Millisecond, "time between batches")
	fs.IntVar(&o.workers, "workers", 8, "notify.workers of the service")
	fs.DurationVar(&o.think, "think", 0, "pause of each search client between requests (0: closed loop, as fast as answered)")
	fs.DurationVar(&o.timeout, "timeout", 4*time.Minute, "give up waiting for quiescence after this long")
	fs.StringVar(&o.bin, "bin", "", "exportwatch binary (default: go build ./cmd/exportwatch)")
	fs.StringVar(&o.keep, "dir", "", "work directory to keep (default: a temporary one, removed)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed of the documents")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.docs < 1 || o.clients < 0 || o.subs < 1 || o.batch < 1 || o.workers < 1 || o.workers > 64 {
		fmt.Fprintln(stderr, "exportwatch-soak: -docs, -subs, -batch must be positive, -workers 1..64")
		return 2
	}
	r, err := soak(o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch-soak: %v\n", err)
		return 1
	}
	r.print(stdout)
	return 0
}

// countries the generated documents name, with the names the classifier
// recognises.
var countries = []struct{ code, name string }{
	{"CN", "China"}, {"RU", "Russia"}, {"AE", "the United Arab Emirates"}, {"TW", "Taiwan"}, {"IR", "Iran"},
	{"SA", "Saudi Arabia"}, {"IN", "India"}, {"VN", "Vietnam"}, {"MY", "Malaysia"}, {"SG", "Singapore"},
}

var queries = []string{
	"q=entity", "q=%22entity+list%22&country=CN", "label=entity_addition&sort=newest", "q=semiconductor",
	"country=AE&country=SA", "q=advanced+computing&page=2", "sort=newest", "q=entity:*&country=RU",
	"q=%2Bentities+-Iran", "label=entity_addition&from=2026-01-01",
}

func soak(o options, logw io.Writer) (*report, error) {
	ctx := context.Background()
	dir := o.keep
	if dir == "" {
		d, err := os.MkdirTemp("", "exportwatch-soak-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	bin := o.bin
	if bin == "" {
		fmt.Fprintln(logw, "building exportwatch ...")
		b, err := crashtest.Build(ctx, dir)
		if err != nil {
			return nil, err
		}
		bin = b
	}

	corpus, err := fakefr.DefaultCorpus()
	if err != nil {
		return nil, err
	}
	fr := fakefr.New(corpus)
	defer fr.Close()
	slack := newFakeSlack()
	defer slack.srv.Close()

	addr, err := crashtest.FreeAddr()
	if err != nil {
		return nil, err
	}
	dataDir := filepath.Join(dir, "data")
	cfgPath := filepath.Join(dir, "exportwatch.yaml")
	cfg := fmt.Sprintf(`data_dir: %s
http:
  listen: %s
crawl:
  jitter: 1ms
sources:
  - name: federal-register
    type: federalregister
    base_url: %s
    schedule: "@every 1s"
    since: 2020-01-01
    per_page: 200
    rate: 1000
    text_rate: 1000
slack:
  token: xoxb-soak
  api_url: %s
notify:
  workers: %d
  poll: 200ms
log:
  level: warn
`, dataDir, addr, fr.APIURL(), slack.srv.URL+"/api/", o.workers)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	dbPath := filepath.Join(dataDir, "exportwatch.db")
	st, err := store.Open(ctx, dbPath, nil)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for i := range o.subs {
		s := doc.Subscription{Name: fmt.Sprintf("soak-%03d", i), Channel: doc.ChannelSlack,
			Target: fmt.Sprintf("S%03d", i), Mode: doc.ModeInstant}
		switch {
		case i%20 == 0: // unfiltered: every labelled document
		case i%5 == 0:
			s.Labels = []string{doc.LabelEntityAddition}
			s.Countries = []string{countries[i%len(countries)].code}
		default:
			s.Countries = []string{countries[i%len(countries)].code}
		}
		if _, err := st.CreateSubscription(ctx, s); err != nil {
			return nil, err
		}
	}

	proc, err := crashtest.Start(bin, []string{"serve", "--config", cfgPath}, filepath.Join(dir, "serve.log"))
	if err != nil {
		return nil, err
	}
	defer proc.Kill()
	base := "http://" + addr
	deadline := time.Now().Add(o.timeout)

	// Warm-up: the start-up crawl of the fake's corpus and its alerts.
	fmt.Fprintln(logw, "warm-up: start-up crawl and its alerts ...")
	if !poll(deadline, proc, func() bool {
		cs, err := st.CrawlState(ctx, "federal-register")
		return err == nil && !cs.LastSuccess.IsZero() && pending(ctx, st) == 0
	}) {
		return nil, fmt.Errorf("warm-up did not finish; see %s", filepath.Join(dir, "serve.log"))
	}
	before, err := st.CountDocuments(ctx)
	if err != nil {
		return nil, err
	}

	// Load: search clients, and documents arriving in batches.
	stop := make(chan struct{})
	var (
		wg        sync.WaitGroup
		lmu       sync.Mutex
		searchLat []time.Duration
		searchErr atomic.Int64
	)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}}
	for c := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			defer func() { lmu.Lock(); searchLat = append(searchLat, lat...); lmu.Unlock() }()
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				t := time.Now()
				resp, err := client.Get(base + "/api/v1/search?" + queries[i%len(queries)])
				if err != nil {
					searchErr.Add(1)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					searchErr.Add(1)
					continue
				}
				lat = append(lat, time.Since(t))
				if o.think > 0 {
					select {
					case <-stop:
						return
					case <-time.After(o.think):
					}
				}
			}
		}()
	}

	fmt.Fprintf(logw, "load: %d documents in batches of %d every %v, %d search clients, %d subscriptions ...\n",
		o.docs, o.batch, o.interval, o.clients, o.subs)
	rng := rand.New(rand.NewPCG(o.seed, o.seed+1))
	latest := ""
	for _, d := range corpus.Documents {
		latest = max(latest, d.PublicationDate)
	}
	day, _ := time.Parse(time.DateOnly, latest)
	t0 := time.Now()
	newIDs := map[string]bool{}
	for i := 0; i < o.docs; i++ {
		if i > 0 && i%o.batch == 0 {
			time.Sleep(o.interval)
			day = day.AddDate(0, 0, 1)
		}
		d := newDocument(rng, i, day)
		fr.AddDocument(d)
		newIDs["fr:"+d.DocumentNumber] = true
	}
	published := time.Now()
	quiet := poll(deadline, proc, func() bool {
		n, err := st.CountDocuments(ctx)
		return err == nil && n >= before+o.docs && pending(ctx, st) == 0
	})
	close(stop)
	wg.Wait()
	peak, rssErr := procstat.PeakRSS(proc.PID())
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		return nil, err
	}
	code, err := proc.Wait(60 * time.Second)
	if err != nil {
		return nil, err
	}
	if rssErr != nil {
		return nil, rssErr
	}

	r := &report{opts: o, quiet: quiet, exit: code, peakRSS: peak, searchErrors: int(searchErr.Load()),
		loadTook: time.Since(t0), publishTook: published.Sub(t0), search: searchLat}
	if err := r.collect(ctx, st, slack, newIDs, t0); err != nil {
		return nil, err
	}
	return r, nil
}

// newDocument is an Entity List rule naming one to three countries.
func newDocument(rng *rand.Rand, i int, day time.Time) fakefr.Document {
	k := 1 + rng.IntN(3)
	var names []string
	for _, j := range rng.Perm(len(countries))[:k] {
		names = append(names, countries[j].name)
	}
	where := strings.Join(names, ", ")
	if k > 1 {
		where = strings.Join(names[:k-1], ", ") + " and " + names[k-1]
	}
	abs := fmt.Sprintf("In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) by adding %d entities to the Entity List. These entities have been determined by the U.S. Government to be acting contrary to the national security or foreign policy interests of the United States. The entities are listed under the destinations of %s. Soak document %d concerns advanced computing and semiconductor manufacturing items.",
		2+rng.IntN(20), where, i)
	return fakefr.Document{
		DocumentNumber: fmt.Sprintf("2026-8%04d", i), PublicationDate: day.Format(time.DateOnly), Type: "Rule",
		Title: "Additions to the Entity List", Abstract: abs, Action: "Final rule.",
		Agencies:      []string{"commerce-department", "industry-and-security-bureau"},
		CFRReferences: []fakefr.CFRReference{{Title: 15, Part: "744"}},
		Volume:        91, StartPage: 20000 + 10*i, EndPage: 20005 + 10*i, Citation: fmt.Sprintf("91 FR %d", 20000+10*i),
	}
}

func pending(ctx context.Context, st *store.Store) int {
	ds, err := st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending, Limit: 1000})
	if err != nil {
		return -1
	}
	return len(ds)
}

// poll checks cond every 200 ms until it holds, the deadline passes or the
// process exits.
func poll(deadline time.Time, p *crashtest.Proc, cond func() bool) bool {
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		select {
		case <-p.Done():
			return false
		case <-time.After(200 * time.Millisecond):
		}
	}
	return false
}

// fakeSlack answers chat.postMessage at once and records when each ts was
// acknowledged.
type fakeSlack struct {
	srv *httptest.Server
	mu  sync.Mutex
	seq int
	at  map[string]time.Time
}

func newFakeSlack() *fakeSlack {
	f := &fakeSlack{at: map[string]time.Time{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat.postMessage" || r.ParseForm() != nil || r.PostForm.Get("channel") == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.seq++
		ts := fmt.Sprintf("%d.%06d", 1700000000+f.seq, f.seq)
		f.at[ts] = time.Now()
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": r.PostForm.Get("channel"), "ts": ts})
	}))
	return f
}

type report struct {
	opts                   options
	quiet                  bool
	exit                   int
	peakRSS                int64
	loadTook, publishTook  time.Duration
	search                 []time.Duration
	searchErrors           int
	committed              int
	commitSpan             time.Duration // first publish -> last new document committed
	deliveries, sent       int
	deliverySpan           time.Duration // first delivery row -> last ack
	ackLat                 []time.Duration
	messages               int
	unmatchedRefs, pending int
}

// collect reads the store after the run: the new documents' events, their
// deliveries, and the fake's ack times.
func (r *report) collect(ctx context.Context, st *store.Store, slack *fakeSlack, newIDs map[string]bool, t0 time.Time) error {
	slack.mu.Lock()
	acks := cloneTimes(slack.at)
	slack.mu.Unlock()
	r.messages = len(acks)
	var after int64
	var lastCommit, firstRow, lastAck time.Time
	for {
		evs, err := st.Events(ctx, store.EventQuery{AfterID: after, Limit: 1000})
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			break
		}
		for _, ev := range evs {
			after = max(after, ev.ID)
			if !newIDs[ev.DocumentID] || ev.Kind != doc.EventNew {
				continue
			}
			r.committed++
			if ev.CreatedAt.After(lastCommit) {
				lastCommit = ev.CreatedAt
			}
			ds, err := st.Deliveries(ctx, store.DeliveryQuery{EventID: ev.ID, Limit: 1000})
			if err != nil {
				return err
			}
			for _, d := range ds {
				r.deliveries++
				if firstRow.IsZero() || d.CreatedAt.Before(firstRow) {
					firstRow = d.CreatedAt
				}
				if d.Status != store.StatusSent {
					r.pending++
					continue
				}
				r.sent++
				at, ok := acks[d.Ref]
				if !ok {
					r.unmatchedRefs++
					continue
				}
				r.ackLat = append(r.ackLat, at.Sub(d.CreatedAt))
				if at.After(lastAck) {
					lastAck = at
				}
			}
		}
	}
	r.commitSpan = lastCommit.Sub(t0)
	r.deliverySpan = lastAck.Sub(firstRow)
	return nil
}

func cloneTimes(m map[string]time.Time) map[string]time.Time {
	out := make(map[string]time.Time, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "exportwatch-soak: %d documents, %d search clients (think %v), %d subscriptions, notify.workers %d (quiescent: %v, serve exit %d)\n",
		r.opts.docs, r.opts.clients, r.opts.think, r.opts.subs, r.opts.workers, r.quiet, r.exit)
	fmt.Fprintf(w, "documents:  %d committed in %v after the first arrived (published over %v): %.0f documents/s\n",
		r.committed, r.commitSpan.Round(time.Millisecond), r.publishTook.Round(time.Millisecond), rate(r.committed, r.commitSpan))
	fmt.Fprintf(w, "deliveries: %d written, %d sent (%d pending/failed, %d refs unmatched) in %v: %.0f deliveries/s\n",
		r.deliveries, r.sent, r.pending, r.unmatchedRefs, r.deliverySpan.Round(time.Millisecond), rate(r.sent, r.deliverySpan))
	fmt.Fprintf(w, "commit→Slack ack: p50 %v  p99 %v  max %v\n", pct(r.ackLat, 50), pct(r.ackLat, 99), pct(r.ackLat, 100))
	fmt.Fprintf(w, "search:     %d requests, %d errors, %.0f req/s; p50 %v  p99 %v  max %v\n",
		len(r.search), r.searchErrors, rate(len(r.search), r.loadTook), pct(r.search, 50), pct(r.search, 99), pct(r.search, 100))
	fmt.Fprintf(w, "serve peak RSS (VmHWM): %.1f MiB\n", float64(r.peakRSS)/(1<<20))
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// pct is the p-th percentile (nearest rank) of ds, rounded for reading.
func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "n/a"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	i = min(max(i, 0), len(s)-1)
	d := s[i]
	switch {
	case d < time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + "ms"
	default:
		return d.Round(100 * time.Microsecond).String()
	}
}
