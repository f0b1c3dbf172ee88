package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
)

// suppliersCSV is the hand-made watchlist (testdata/README.md).
const suppliersCSV = "testdata/watchlist-suppliers.csv"

// sendDue runs the notifier of cfg over the outbox once, as serve's
// dispatcher does, and returns how many deliveries it handled.
func sendDue(t *testing.T, ctx context.Context, cfgPath string) int {
	t.Helper()
	cfg, err := app.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := app.OpenStore(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := app.NewNotifier(st, cfg, nil).RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWatchlistHitOnPublicInspectionReachesSlackOnce is issue 11's
// acceptance test. The real BIS rule 2022-07643 (its real title and
// abstract, which names "Huawei Technologies Co., Ltd.") is on the fake
// public-inspection desk; a hand-made watchlist holds that party and a
// Slack subscription names the list. The crawl sends exactly one Slack
// message, before publication, naming the party, the listed name, the
// action, the rule and "on public inspection". Publication, a re-crawl and
// a re-import send nothing more.
func TestWatchlistHitOnPublicInspectionReachesSlackOnce(t *testing.T) {
	ctx := context.Background()
	corpus, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	published, ok := corpus.Document("2022-07643")
	if !ok {
		t.Fatal("the real corpus lacks 2022-07643")
	}
	// Before publication the rule is only on the desk.
	var docs []fakefr.Document
	for _, d := range corpus.Documents {
		if d.DocumentNumber != published.DocumentNumber {
			docs = append(docs, d)
		}
	}
	corpus.Documents = docs
	fake := fakefr.New(corpus)
	t.Cleanup(fake.Close)
	fake.AddPublicInspection(fakefr.PublicInspectionDocument{
		DocumentNumber: published.DocumentNumber, Title: published.Title + " ", Type: "Rule",
		Agencies: []string{"commerce-department", "industry-and-security-bureau"},
		FiledAt:  time.Date(2022, 4, 8, 8, 45, 0, 0, time.UTC), FilingType: "regular", PublicationDate: "2022-04-11",
		NumPages: 3, RawText: published.Title + "\n\nSUMMARY: " + published.Abstract,
	})
	slack := fakeslack.New(t, fakeslack.Options{Token: "xoxb-watch", Channels: []string{"C0LEGAL"}})
	cfg := offline(t, fake, fmt.Sprintf("slack:\n  token: xoxb-watch\n  api_url: %s\n", slack.APIURL()))

	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := exportwatch(t, ctx, append(args[:1:1], append([]string{"--config", cfg}, args[1:]...)...)...)
		if code != want {
			t.Fatalf("exportwatch %v = %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, want, out, errOut)
		}
		return out + errOut
	}
	if out := run(0, "watchlist", "import", "--name", "suppliers", suppliersCSV); !strings.Contains(out, "imported 4 parties") {
		t.Fatalf("import said:\n%s", out)
	}
	run(0, "subscribe", "--name", "legal", "--watchlist", "suppliers", "--slack-channel", "C0LEGAL")
	run(0, "crawl")
	if n := sendDue(t, ctx, cfg); n != 1 {
		t.Errorf("first send handled %d deliveries, want 1 (the hit)", n)
	}
	msgs := slack.Messages()
	if len(msgs) != 1 {
		t.Fatalf("slack got %d messages after the public-inspection crawl, want 1", len(msgs))
	}
	raw, _ := json.Marshal(msgs[0])
	text := strings.ReplaceAll(string(raw), `\"`, `"`)
	for _, want := range []string{"HUAWEI TECHNOLOGIES CO LTD", "SUP-0042", `"Huawei Technologies Co., Ltd."`,
		"added to the Entity List", "2022-07643", "Addition of Certain Entities to the Entity List", "on public inspection"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Slack message lacks %q:\n%s", want, text)
		}
	}

	// Publication: the desk entry goes, the rule is published.
	fake.RemovePublicInspection(published.DocumentNumber)
	fake.AddDocument(published)
	run(0, "crawl", "--since", "2022-01-01")
	run(0, "crawl", "--since", "2022-01-01") // and again: nothing changed
	if out := run(0, "watchlist", "import", "--name", "suppliers", suppliersCSV); !strings.Contains(out, "imported 4 parties") || !strings.Contains(out, "0 new") {
		t.Errorf("re-import said:\n%s", out)
	}
	sendDue(t, ctx, cfg)
	if msgs := slack.Messages(); len(msgs) != 1 {
		t.Errorf("slack got %d messages after publication, re-crawl and re-import, want still 1", len(msgs))
	}

	var hits []map[string]any
	if err := json.Unmarshal([]byte(run(0, "watchlist", "hits", "--json", "suppliers")), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Fatalf("hits = %v, want 1", hits)
	}
	h := hits[0]
	for _, k := range []string{"party", "reference", "matched_name", "document", "action", "country", "stage", "score", "why"} {
		if _, ok := h[k]; !ok {
			t.Errorf("hits --json lacks %q: %v", k, h)
		}
	}
	if h["document"] != "fr:2022-07643" || h["stage"] != "published" || h["found_stage"] != "public_inspection" ||
		h["matched_name"] != "Huawei Technologies Co., Ltd." || h["action"] != "add" || h["reference"] != "SUP-0042" {
		t.Errorf("hit = %v", h)
	}
	if out := run(0, "watchlist", "list"); !strings.Contains(out, "suppliers") || !strings.Contains(out, "REVISION") {
		t.Errorf("list said:\n%s", out)
	}
}

// TestWatchlistCommandErrors: bad CSV files name the line, usage errors
// exit 2, unknown lists exit 1, and a watchlist subscription takes no other
// filter.
func TestWatchlistCommandErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "exportwatch.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+filepath.Join(dir, "data")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"watchlist", "import", "--name", "x", file("bad-header.csv", "firm,aliases\nAcme,\n")}, 1, "line 1: header"},
		{[]string{"watchlist", "import", "--name", "x", file("bad-country.csv", "name,aliases,country,reference\nAcme GmbH,,Germanyy,\n")}, 1, "line 2"},
		{[]string{"watchlist", "import", "--name", "x", file("no-name.csv", "name,aliases,country,reference\nAcme,,,\n,,,R1\n")}, 1, "line 3: empty name"},
		{[]string{"watchlist", "import", "--name", "x", filepath.Join(dir, "missing.csv")}, 1, "no such file"},
		{[]string{"watchlist", "import", file("ok.csv", "name,aliases,country,reference\nAcme GmbH,Acme,DE,R1\n")}, 2, "--name"},
		{[]string{"watchlist", "import", "--name", "my list", filepath.Join(dir, "ok.csv")}, 1, "letters, digits"},
		{[]string{"watchlist", "frob"}, 2, "unknown subcommand"},
		{[]string{"watchlist", "hits", "nope"}, 1, `no watchlist "nope"`},
		{[]string{"watchlist", "import", "--name", "ok", filepath.Join(dir, "ok.csv")}, 0, "imported 1 parties"},
		{[]string{"watchlist", "hits", "ok"}, 0, "no hits"},
		{[]string{"watchlist", "hits", "--json", "ok"}, 0, "[]"},
		{[]string{"watchlist", "list", "--json"}, 0, `"name":"ok"`},
		{[]string{"subscribe", "--name", "s", "--watchlist", "ok", "--country", "CN"}, 2, "watchlist subscription"},
		{[]string{"subscribe", "--name", "s", "--watchlist", "nope"}, 2, `--watchlist "nope": no such watchlist`},
		{[]string{"subscribe", "--name", "s", "--watchlist", "ok"}, 0, "created"},
		{[]string{"subscriptions", "list"}, 0, "watchlist=ok"},
	} {
		args := append(tc.args[:1:1], append([]string{"--config", cfg}, tc.args[1:]...)...)
		code, out, errOut := exportwatch(t, ctx, args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("exportwatch %v = %d\n%s%s\nwant %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}
