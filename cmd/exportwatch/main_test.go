package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/exportwatch/exportwatch/store"
)

// exportwatch runs the command in-process and returns its exit code, stdout
// and stderr.
func exportwatch(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(ctx, &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// offline writes a config that points the Federal Register source at a
// fake and disables the press sources.
func offline(t *testing.T, fake *fakefr.Server, extra string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`data_dir: %s
crawl:
  jitter: 1ms
sources:
  - name: federal-register
    type: federalregister
    base_url: %s
    since: 2020-01-01
    per_page: 50
    rate: 1000
    text_rate: 1000
%s`, filepath.Join(dir, "data"), fake.APIURL(), extra)
	p := filepath.Join(dir, "exportwatch.yaml")
	if err := os.WriteFile(p, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func newFake(t *testing.T) *fakefr.Server {
	t.Helper()
	c, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	f := fakefr.New(c)
	t.Cleanup(f.Close)
	return f
}

var summaryLine = regexp.MustCompile(`(?m)^crawl done: new=(\d+) changed=(\d+) unchanged=(\d+) failed=(\d+) took=\S+$`)

func TestCrawlSearchShowReindex(t *testing.T) {
	ctx := context.Background()
	fake := newFake(t)
	cfg := offline(t, fake, "")

	code, out, errs := exportwatch(t, ctx, "crawl", "--config", cfg)
	if code != 0 {
		t.Fatalf("crawl exit %d\nstderr: %s", code, errs)
	}
	m := summaryLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("crawl output lacks the summary line:\n%s", out)
	}
	if m[1] == "0" || m[4] != "0" {
		t.Errorf("first crawl summary %q: want new>0, failed=0", m[0])
	}
	code, out, _ = exportwatch(t, ctx, "crawl", "--config", cfg, "--source", "federal-register")
	if m := summaryLine.FindStringSubmatch(out); code != 0 || m == nil || m[1] != "0" || m[2] != "0" {
		t.Errorf("second crawl: exit %d, %q: want new=0 changed=0", code, out)
	}

	// search --json keeps the documented shape.
	code, out, errs = exportwatch(t, ctx, "search", "--config", cfg, "--json", "--label", "entity_addition", "entity")
	if code != 0 {
		t.Fatalf("search exit %d: %s", code, errs)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json is not JSON: %v\n%s", err, out)
	}
	if diff := cmp.Diff([]string{"facets", "hits", "total"}, keys(res)); diff != "" {
		t.Errorf("search --json top-level keys (-want +got):\n%s", diff)
	}
	hits, _ := res["hits"].([]any)
	if len(hits) == 0 {
		t.Fatalf("no hits for an entity_addition search: %s", out)
	}
	hit := hits[0].(map[string]any)
	for _, k := range []string{"id", "title", "source", "published", "score", "labels", "countries", "snippet"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("hit lacks %q: %v", k, hit)
		}
	}
	for _, h := range hits {
		if !contains(h.(map[string]any)["labels"], "entity_addition") {
			t.Errorf("hit %v lacks the filtered label", h.(map[string]any)["id"])
		}
	}
	facets := res["facets"].(map[string]any)
	for _, k := range []string{"labels", "countries", "sources", "years"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("facets lack %q", k)
		}
	}

	// show --json for one of the hits.
	id := hit["id"].(string)
	code, out, errs = exportwatch(t, ctx, "show", "--config", cfg, "--json", id)
	if code != 0 {
		t.Fatalf("show exit %d: %s", code, errs)
	}
	var sd map[string]any
	if err := json.Unmarshal([]byte(out), &sd); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "source", "url", "published", "language", "labels", "countries", "entities", "versions", "calendar"} {
		if _, ok := sd[k]; !ok {
			t.Errorf("show --json lacks %q", k)
		}
	}
	if vs := sd["versions"].([]any); len(vs) != 1 || vs[0].(map[string]any)["hash"] == "" {
		t.Errorf("versions = %v, want one with a hash", sd["versions"])
	}
	code, out, _ = exportwatch(t, ctx, "show", "--config", cfg, id)
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "versions:") {
		t.Errorf("show (text) exit %d:\n%s", code, out)
	}
	if code, _, errs := exportwatch(t, ctx, "show", "--config", cfg, "fr:0000-00000"); code != 1 || !strings.Contains(errs, "no document") {
		t.Errorf("show of a missing document: exit %d, %q", code, errs)
	}

	// reindex restores identical search results.
	searchArgs := []string{"search", "--config", cfg, "--json", "--limit", "50", "export"}
	_, before, _ := exportwatch(t, ctx, searchArgs...)
	code, out, errs = exportwatch(t, ctx, "reindex", "--config", cfg)
	if code != 0 || !strings.HasPrefix(out, "reindex done: documents=") {
		t.Fatalf("reindex exit %d: %s %s", code, out, errs)
	}
	_, after, _ := exportwatch(t, ctx, searchArgs...)
	if before != after {
		t.Errorf("search results differ after reindex:\nbefore %s\nafter %s", before, after)
	}

	code, out, _ = exportwatch(t, ctx, "sources", "--config", cfg)
	if code != 0 || !strings.Contains(out, "federal-register") || !strings.Contains(out, "ok") {
		t.Errorf("sources exit %d:\n%s", code, out)
	}
}

func TestSearchBadQueryAndUsage(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"bad query":       {[]string{"search", "--config", cfg, `title:"unclosed`}, 2, "bad query"},
		"bad label":       {[]string{"search", "--config", cfg, "--label", "tiers", "x"}, 2, "--label"},
		"bad date":        {[]string{"search", "--config", cfg, "--from", "yesterday", "x"}, 2, "--from"},
		"unknown command": {[]string{"frobnicate"}, 2, "unknown command"},
		"unknown flag":    {[]string{"crawl", "--config", cfg, "--sauce", "x"}, 2, "sauce"},
		"unknown source":  {[]string{"crawl", "--config", cfg, "--source", "nope"}, 2, "no such source"},
		"show no id":      {[]string{"show", "--config", cfg}, 2, "document ID"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errs := exportwatch(t, ctx, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, tc.code, tc.want)
			}
		})
	}
}

func TestBadConfigExits2WithKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(p, []byte("sources:\n  - name: fr\n    type: federalregister\n    schedule: sometimes\n"), 0o600)
	for _, cmd := range []string{"serve", "crawl", "search", "reindex"} {
		code, _, errs := exportwatch(t, context.Background(), cmd, "--config", p, "x")
		if cmd != "search" {
			code, _, errs = exportwatch(t, context.Background(), cmd, "--config", p)
		}
		if code != 2 || !strings.Contains(errs, p) || !strings.Contains(errs, "sources[0] (fr).schedule") {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming the file and key", cmd, code, errs)
		}
	}
}

// TestServe starts the service against the fake Federal Register, waits for
// the first crawl to land, queries the API, and stops it like Ctrl-C would.
func TestServe(t *testing.T) {
	fake := newFake(t)
	addr := freeAddr(t)
	cfg := offline(t, fake, fmt.Sprintf("http:\n  listen: %s\n", addr))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb syncBuffer
	go func() {
		done <- execute(ctx, &cli{stdout: io.Discard, stderr: &errb}, []string{"serve", "--config", cfg})
	}()

	base := "http://" + addr
	waitFor(t, 60*time.Second, "healthz", func() bool {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	var total float64
	waitFor(t, 60*time.Second, "the first crawl to be searchable", func() bool {
		resp, err := http.Get(base + "/api/v1/search?q=entity")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var r map[string]any
		if json.NewDecoder(resp.Body).Decode(&r) != nil {
			return false
		}
		total, _ = r["total"].(float64)
		return total > 0
	})
	resp, err := http.Get(base + "/api/v1/search?q=colour:red")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("bad query: status %d, want 400", resp.StatusCode)
	}
	// The iCalendar feed of every date parses and holds the crawled rules' dates.
	resp, err = http.Get(base + "/feeds/all.ics")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(cal.Events()) == 0 {
		t.Errorf("/feeds/all.ics: status %d, parse error %v, want events", resp.StatusCode, err)
	}
	// The crawl counter moves when the first crawl ends.
	var metricsBody string
	waitFor(t, 60*time.Second, "the first crawl run in /metrics", func() bool {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		metricsBody = string(b)
		return strings.Contains(metricsBody, `exportwatch_crawl_runs_total{result="ok",source="federal-register"} 1`)
	})
	for _, want := range []string{"exportwatch_index_batch_documents", "go_goroutines"} {
		if !strings.Contains(metricsBody, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d\n%s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of cancellation")
	}
	if !strings.Contains(errb.String(), "stopped") {
		t.Errorf("no clean-stop log line:\n%s", errb.String())
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	if !poll.Until(d, 50*time.Millisecond, cond) {
		t.Fatalf("timed out after %s waiting for %s", d, what)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list any, s string) bool {
	l, _ := list.([]any)
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger
// and the reads of a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestBackupRestoreCheck(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	if code, _, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("crawl: %s", errs)
	}
	code, out, errs := exportwatch(t, ctx, "check", "--config", cfg)
	if code != 0 || !strings.HasPrefix(out, "check ok:") || !strings.Contains(out, "index=consistent") {
		t.Fatalf("check after crawl: exit %d\n%s%s", code, out, errs)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, out, errs := exportwatch(t, ctx, "backup", "--config", cfg, backup); code != 0 || !strings.HasPrefix(out, "backup done:") {
		t.Fatalf("backup: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := exportwatch(t, ctx, "backup", "--config", cfg, backup); code != 1 || errs == "" {
		t.Errorf("a second backup over the same file: exit %d, %q; want a refusal", code, errs)
	}
	_, before, _ := exportwatch(t, ctx, "search", "--config", cfg, "--json", "--limit", "50", "entity")

	// Lose the data directory, restore the backup, and get the same answers.
	dataDir := filepath.Join(filepath.Dir(cfg), "data")
	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := exportwatch(t, ctx, "restore", "--config", cfg, backup); code != 0 || !strings.HasPrefix(out, "restore done:") {
		t.Fatalf("restore: exit %d %s %s", code, out, errs)
	}
	_, after, errs := exportwatch(t, ctx, "search", "--config", cfg, "--json", "--limit", "50", "entity")
	if before != after {
		t.Errorf("search after restore differs:\nbefore %s\nafter %s\nstderr %s", before, after, errs)
	}
	if code, out, _ := exportwatch(t, ctx, "check", "--config", cfg, "--json"); code != 0 || !strings.Contains(out, `"ok": true`) {
		t.Errorf("check --json after restore: exit %d\n%s", code, out)
	}
}

// TestCorruptIndexIsRebuiltAtStart damages the index files; the next
// command moves them aside, rebuilds from the store and says so.
func TestCorruptIndexIsRebuiltAtStart(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	if code, _, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("crawl: %s", errs)
	}
	_, before, _ := exportwatch(t, ctx, "search", "--config", cfg, "--json", "entity")
	ixDir := filepath.Join(filepath.Dir(cfg), "data", "index.bleve")
	if err := os.WriteFile(filepath.Join(ixDir, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, _ := exportwatch(t, ctx, "check", "--config", cfg)
	if code != 1 {
		t.Errorf("check with a corrupt index: exit %d, want 1", code)
	}
	code, after, errs := exportwatch(t, ctx, "search", "--config", cfg, "--json", "entity")
	if code != 0 || !strings.Contains(errs, "index corrupt") || !strings.Contains(errs, "rebuilding") {
		t.Fatalf("search with a corrupt index: exit %d, stderr %q; want a rebuild log line", code, errs)
	}
	if before != after {
		t.Errorf("results after rebuild differ:\nbefore %s\nafter %s", before, after)
	}
}

// TestReclassifyWhileIndexInUse runs reclassify while another process (here:
// an open index handle) holds the index: the store is updated, the command
// says the running service will index the changes, and the next sync does.
func TestReclassifyWhileIndexInUse(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	if code, _, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("crawl: %s", errs)
	}
	c, err := app.LoadConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Pretend an older classifier labelled one document.
	st, err := store.Open(ctx, app.StorePath(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Reclassify(ctx, "fr:2025-90001", doc.Classification{Version: "rules-0"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	exportwatch(t, ctx, "search", "--config", cfg, "entity") // index it
	ix, err := index.Open(app.IndexPath(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := exportwatch(t, ctx, "reclassify", "--config", cfg)
	ix.Close()
	if code != 0 || !strings.Contains(out, "reclassify done:") || !strings.Contains(out, "index in use") {
		t.Fatalf("reclassify: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "changed=1 ") {
		t.Fatalf("reclassify should change exactly the one document: %s", out)
	}
	code, out, _ = exportwatch(t, ctx, "check", "--config", cfg)
	if code != 0 || strings.Contains(out, "pending_index=0 ") {
		t.Errorf("check after a reclassify with the index locked: exit %d, want pending documents\n%s", code, out)
	}
	// The next command that opens the index catches up.
	exportwatch(t, ctx, "search", "--config", cfg, "entity")
	if code, out, _ := exportwatch(t, ctx, "check", "--config", cfg); code != 0 || !strings.Contains(out, "pending_index=0 ") {
		t.Errorf("check after catch-up: exit %d\n%s", code, out)
	}
}

// TestStoreCommandsWhileIndexInUse checks that the commands that need only
// the store work while another process (serve) holds the index, and that
// search says why it cannot.
func TestStoreCommandsWhileIndexInUse(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	if code, _, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("crawl: %s", errs)
	}
	c, _ := app.LoadConfig(cfg)
	ix, err := index.Open(app.IndexPath(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, args := range [][]string{
		{"show", "--config", cfg, "fr:2025-90001"},
		{"sources", "--config", cfg},
		{"subscriptions", "--config", cfg, "list"},
		{"deliveries", "--config", cfg},
		{"watchlist", "import", "--config", cfg, "--name", "suppliers", suppliersCSV},
		{"watchlist", "hits", "--config", cfg, "suppliers"},
		{"watchlist", "list", "--config", cfg},
		{"subscribe", "--config", cfg, "--name", "legal", "--watchlist", "suppliers"},
	} {
		if code, out, errs := exportwatch(t, ctx, args...); code != 0 {
			t.Errorf("%v with the index in use: exit %d\n%s%s", args, code, out, errs)
		}
	}
	code, _, errs := exportwatch(t, ctx, "search", "--config", cfg, "entity")
	if code != 1 || !strings.Contains(errs, "running exportwatch serve") {
		t.Errorf("search with the index in use: exit %d, %q; want a clear reason", code, errs)
	}
}
