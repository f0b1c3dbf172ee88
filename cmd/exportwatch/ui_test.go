package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

// TestSearchSaysWhatIsWrong: a country name, an unclosed group and a field
// without a value are usage errors that say what to type, not zero hits.
func TestSearchSaysWhatIsWrong(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"country name":    {[]string{"--country", "China", "entity"}, `"China" must be an ISO code (CN)`},
		"unknown country": {[]string{"--country", "Atlantis", "entity"}, "must be an ISO 3166-1 alpha-2 code"},
		"unclosed group":  {[]string{"title:("}, "'(' without ')' at column 7"},
		"empty field":     {[]string{"entity:"}, `column 1: "entity:" has no value`},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := exportwatch(t, ctx, append([]string{"search", "--config", cfg}, tc.args...)...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 mentioning %q", code, out, errs, tc.want)
			}
		})
	}
}

var showingLine = regexp.MustCompile(`^showing (\d+)–(\d+) of (\d+)(?: for "[^"]*")?(; --offset (\d+) for more)?$`)

// TestSearchPagingAndSourceCounts: the CLI says which hits it shows and how
// to get more; `sources` counts documents the way the store does.
func TestSearchPagingAndSourceCounts(t *testing.T) {
	ctx := context.Background()
	cfg := offline(t, newFake(t), "")
	if code, _, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("crawl exit %d: %s", code, errs)
	}
	code, out, errs := exportwatch(t, ctx, "search", "--config", cfg, "--limit", "5")
	if code != 0 {
		t.Fatalf("search exit %d: %s", code, errs)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	m := showingLine.FindStringSubmatch(first)
	if m == nil || m[1] != "1" || m[2] != "5" || m[5] != "5" {
		t.Fatalf("first line %q, want showing 1–5 of N; --offset 5 for more", first)
	}
	total, _ := strconv.Atoi(m[3])
	code, out, _ = exportwatch(t, ctx, "search", "--config", cfg, "--limit", "5", "--offset", strconv.Itoa(total-2))
	first = strings.SplitN(out, "\n", 2)[0]
	if want := fmt.Sprintf("showing %d–%d of %d", total-1, total, total); code != 0 || first != want {
		t.Errorf("last page: exit %d, %q, want %q", code, first, want)
	}

	// sources --json counts documents: what `check` counts in the store.
	_, out, _ = exportwatch(t, ctx, "check", "--config", cfg)
	cm := regexp.MustCompile(`documents=(\d+)`).FindStringSubmatch(out)
	if cm == nil {
		t.Fatalf("check output %q", out)
	}
	_, out, errs = exportwatch(t, ctx, "sources", "--config", cfg, "--json")
	var rows []struct {
		Source        string `json:"source"`
		Documents     int    `json:"documents"`
		DocumentsSeen int    `json:"documents_seen"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("sources --json: %v %s %s", err, out, errs)
	}
	if strconv.Itoa(rows[0].Documents) != cm[1] || strconv.Itoa(total) != cm[1] {
		t.Errorf("sources documents=%d, search total=%d, store count=%s: want all equal", rows[0].Documents, total, cm[1])
	}
}

// TestCrawlSummaryNamesFailedSources: failed= counts documents, and a
// source that failed as a whole is reported on its own line.
func TestCrawlSummaryNamesFailedSources(t *testing.T) {
	ctx := context.Background()
	fake := newFake(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "exportwatch.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
crawl:
  jitter: 1ms
  max_attempts: 1
sources:
  - name: federal-register
    type: federalregister
    base_url: %s
    since: 2020-01-01
    rate: 1000
    text_rate: 1000
  - name: broken
    type: federalregister
    base_url: http://127.0.0.1:1/api/v1
    since: 2020-01-01
`, filepath.Join(dir, "data"), fake.APIURL())), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := exportwatch(t, ctx, "crawl", "--config", cfg)
	if code != 1 {
		t.Fatalf("crawl exit %d, want 1\n%s\n%s", code, out, errs)
	}
	if m := summaryLine.FindStringSubmatch(out); m == nil || m[4] != "0" {
		t.Errorf("summary %q: want the documented line with failed=0 (no document failed)", out)
	}
	if !strings.Contains(out, "failed sources: 1 of 2: broken\n") {
		t.Errorf("stdout %q lacks the failed-sources line", out)
	}
}

// TestSubscriptionShowsSlackChannel: `subscriptions show` names the Slack
// channel and whether worldwide rules are included.
func TestSubscriptionShowsSlackChannel(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, n := slackNotifier(t, st)
	if code, _, errs := withStore(ctx, st, n, "subscribe", "--name", "AT", "--country", "AT", "--named-only", "--slack-channel", "C0AUSTRIA"); code != 0 {
		t.Fatalf("subscribe: %d %s", code, errs)
	}
	code, out, errs := withStore(ctx, st, n, "subscriptions", "show", "1")
	if code != 0 {
		t.Fatalf("show: %d %s", code, errs)
	}
	for _, want := range []string{"channel:   slack channel C0AUSTRIA", "country=AT named-only"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
}

// TestOfflineDemo runs the README's offline demo against the demo fake
// (cmd/fakefr's handler) and checks that a newcomer sees entity tables, a
// tier change, a version diff, a public-inspection document and a German
// press item.
func TestOfflineDemo(t *testing.T) {
	ctx := context.Background()
	corpus, err := fakefr.DemoCorpus()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(fakefr.DemoHandler(fakefr.NewHandler(corpus).Handler()))
	defer ts.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "offline.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
crawl:
  jitter: 1ms
sources:
  - name: federal-register
    type: federalregister
    base_url: %s/api/v1
    since: 2022-01-01
    rate: 1000
    text_rate: 1000
  - name: china-table-de
    type: html
    preset: china-table-de
    base_url: %s
`, filepath.Join(dir, "data"), ts.URL, ts.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ { // the second crawl re-reads recent days: a correction becomes version 2
		if code, out, errs := exportwatch(t, ctx, "crawl", "--config", cfg); code != 0 {
			t.Fatalf("crawl %d: exit %d\n%s\n%s", i, code, out, errs)
		}
	}
	show := func(id string) map[string]any {
		t.Helper()
		code, out, errs := exportwatch(t, ctx, "show", "--config", cfg, "--json", id)
		if code != 0 {
			t.Fatalf("show %s: exit %d %s", id, code, errs)
		}
		var d map[string]any
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if ents, _ := show("fr:2025-90001")["entities"].([]any); len(ents) == 0 {
		t.Errorf("fr:2025-90001: no entity table rows")
	}
	if labels := show("fr:2025-00636")["labels"]; !contains(labels, "tier_change") {
		t.Errorf("fr:2025-00636 labels %v lack tier_change", labels)
	}
	if vs, _ := show("fr:" + fakefr.DemoRevised)["versions"].([]any); len(vs) != 2 {
		t.Errorf("fr:%s: %d versions after two crawls, want 2 (a diff)", fakefr.DemoRevised, len(vs))
	}
	if stage := show("fr:2026-90003")["stage"]; stage != "public_inspection" {
		t.Errorf("fr:2026-90003 stage %v, want public_inspection", stage)
	}
	code, out, errs := exportwatch(t, ctx, "search", "--config", cfg, "--json", "--source", "china-table-de", "")
	var res struct {
		Hits []struct{ ID string } `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || len(res.Hits) != 1 {
		t.Fatalf("press search: exit %d, %v, %s %s", code, err, out, errs)
	}
	if lang := show(res.Hits[0].ID)["language"]; lang != "de" {
		t.Errorf("press item language %v, want de", lang)
	}
}

// TestBackfillFailureIsReRunnable: a backfill that fails for now stays
// queued (exit 0) and shows in `deliveries`; one the channel refuses for
// good exits 1, keeps the subscription and says how to re-run it; the
// re-run sends one digest.
func TestBackfillFailureIsReRunnable(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := doc.Document{ID: "fr:1", Source: "federal-register", Title: "Entity additions", URL: "https://x", Published: time.Now().Add(-48 * time.Hour)}
	if _, err := st.SaveVersion(ctx, d, doc.Classification{Labels: []string{"entity_addition"}, Countries: []string{"CN"}}, nil); err != nil {
		t.Fatal(err)
	}
	fs, n := slackNotifier(t, st)
	fs.Fail(fakeslack.Fault{Status: 500})
	code, _, errs := withStore(ctx, st, n, "subscribe", "--name", "CN", "--country", "CN", "--slack-channel", "C1", "--backfill", "30d")
	if code != 0 || !strings.Contains(errs, "backfill: queued as delivery 1, will retry: ") || !strings.Contains(errs, "500") {
		t.Fatalf("backfill during a Slack outage: exit %d, stderr %q; want exit 0 and queued", code, errs)
	}
	code, out, _ := withStore(ctx, st, n, "deliveries")
	if code != 0 || !regexp.MustCompile(`(?m)^1\s+1\s+\d+\s+backfill\s+pending\s+1\s`).MatchString(out) || !strings.Contains(out, "KIND") {
		t.Errorf("deliveries: exit %d\n%s\nwant the backfill pending after one attempt", code, out)
	}
	code, out, _ = withStore(ctx, st, n, "deliveries", "--json")
	if code != 0 || !strings.Contains(out, `"kind":"backfill"`) {
		t.Errorf("deliveries --json: exit %d, %s; want kind backfill", code, out)
	}

	// A channel that does not exist is final: exit 1, the subscription stays.
	code, _, errs = withStore(ctx, st, n, "subscribe", "--name", "TW", "--country", "CN", "--slack-channel", "CGONE", "--backfill", "30d")
	if code != 1 || !strings.Contains(errs, "channel_not_found") || !strings.Contains(errs, "subscription 2 stays") ||
		!strings.Contains(errs, "exportwatch subscriptions backfill 2 30d") {
		t.Fatalf("refused backfill: exit %d, stderr %q", code, errs)
	}
	if subs, err := st.Subscriptions(ctx); err != nil || len(subs) != 2 {
		t.Fatalf("after the refused backfill: %d subscriptions (%v), want both", len(subs), err)
	}
	if code, out, _ := withStore(ctx, st, n, "deliveries", "--failed"); code != 0 || !strings.Contains(out, "backfill") || !strings.Contains(out, "channel_not_found") {
		t.Errorf("deliveries --failed: exit %d\n%s", code, out)
	}
	// --kind keeps the deliveries of one kind of event.
	code, out, _ = withStore(ctx, st, n, "deliveries", "--kind", "backfill", "--json")
	var ds []store.Delivery
	if code != 0 || json.Unmarshal([]byte(out), &ds) != nil || len(ds) != 2 || ds[0].Kind != "backfill" || ds[1].Kind != "backfill" {
		t.Errorf("deliveries --kind backfill: exit %d, %s; want the two backfills", code, out)
	}
	if code, out, _ := withStore(ctx, st, n, "deliveries", "--kind", "new", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("deliveries --kind new: exit %d, %s; want none", code, out)
	}

	code, out, errs = withStore(ctx, st, n, "subscriptions", "backfill", "1", "30d")
	if code != 0 || out != "backfill: sent 1 document\n" {
		t.Fatalf("re-run: exit %d, %q %q", code, out, errs)
	}
	code, out, errs = withStore(ctx, st, n, "subscriptions", "backfill", "1", "1h")
	if code != 0 || out != "backfill: nothing in the window\n" {
		t.Fatalf("empty window: exit %d, %q %q", code, out, errs)
	}
	for _, args := range [][]string{{"backfill", "1"}, {"backfill", "1", "ninety"}, {"backfill", "x", "30d"}} {
		if code, _, errs := withStore(ctx, st, n, append([]string{"subscriptions"}, args...)...); code != 2 {
			t.Errorf("subscriptions %v: exit %d (%s), want 2", args, code, errs)
		}
	}
	if m := fs.Messages(); len(m) != 1 || !strings.Contains(m[0].Text, "1 document") {
		t.Errorf("slack got %+v, want one digest of one document", m)
	}
}

// slackNotifier is a notifier over st that sends Slack messages to a fake.
func slackNotifier(t *testing.T, st *store.Store) (*fakeslack.Server, *notify.Notifier) {
	t.Helper()
	fs := fakeslack.New(t, fakeslack.Options{Token: "xoxb-t", Channels: []string{"C1", "C0AUSTRIA"}})
	return fs, notify.New(st, nil, notify.Config{Channels: channels.Table(channels.Options{
		Slack: slackconf.Config{Token: "xoxb-t", APIURL: fs.APIURL()}, SlackClient: fs.Client()})}, nil)
}

// withStore runs a subscription command over st and n, as exportwatch does
// over the store of its config.
func withStore(ctx context.Context, st *store.Store, n *notify.Notifier, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := execute(ctx, &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, st: st, n: n}, args)
	return code, out.String(), errb.String()
}
