package config_test

import (
	"errors"

	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/crawler/press"
	"github.com/exportwatch/exportwatch/crawler/sources"
)

// load is config.Load with every source type exportwatch has.
func load(path string, getenv func(string) string) (config.Config, error) {
	return config.Load(path, getenv, sources.Kinds())
}

func defaultSources(t *testing.T) int {
	t.Helper()
	srcs, err := config.DefaultSources(sources.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	return len(srcs)
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "exportwatch.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultsWithoutFile(t *testing.T) {
	cfg, err := load("", env(nil))
	if err != nil {
		t.Fatalf("Load defaults: %v", err)
	}
	if cfg.DataDir != "./data" || cfg.HTTP.Listen != "127.0.0.1:8080" {
		t.Errorf("defaults: data_dir=%q listen=%q", cfg.DataDir, cfg.HTTP.Listen)
	}
	names := []string{}
	for _, s := range cfg.Sources {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "federal-register,china-table-de,china-table-en,bis-press" {
		t.Errorf("default sources = %s", got)
	}
	fr := cfg.Sources[0].Section.(*federalregister.Section)
	if fr.Lookback.D() != 7*24*time.Hour || fr.PerPage != 1000 {
		t.Errorf("federal register defaults not filled: %+v", fr)
	}
}

func TestLoadFileWithEnv(t *testing.T) {
	p := writeConfig(t, `
data_dir: /var/lib/exportwatch
http:
  listen: 0.0.0.0:9000
sources:
  - name: fr
    type: federalregister
    base_url: http://127.0.0.1:8090/api/v1
    since: 2024-06-01
    lookback: 3d
    schedule: "*/5 * * * *"
  - name: feed
    type: feed
    url: "${FEED_URL}"
slack:
  token: ${SLACK_TOKEN}
  api_url: http://127.0.0.1:1234/api/
api:
  token: "${API_TOKEN}"
`)
	cfg, err := load(p, env(map[string]string{
		"SLACK_TOKEN": "xoxb-1: tricky # value",
		"API_TOKEN":   "s3cret",
		"FEED_URL":    "https://example.org/feed.xml",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Slack.Token.Reveal() != "xoxb-1: tricky # value" {
		t.Errorf("slack token = %q", cfg.Slack.Token.Reveal())
	}
	if cfg.API.Token.Reveal() != "s3cret" {
		t.Errorf("api token = %q", cfg.API.Token.Reveal())
	}
	if len(cfg.Sources) != 2 || cfg.Sources[1].Section.(*press.FeedSection).URL != "https://example.org/feed.xml" {
		t.Fatalf("sources = %+v", cfg.Sources)
	}
	fr := cfg.Sources[0].Section.(*federalregister.Section)
	if got := fr.Since.String(); got != "2024-06-01" {
		t.Errorf("since = %s", got)
	}
	if fr.Lookback.D() != 72*time.Hour {
		t.Errorf("lookback = %v", fr.Lookback)
	}
	if cfg.Sources[1].Schedule != "@hourly" {
		t.Errorf("feed schedule default = %q", cfg.Sources[1].Schedule)
	}
}

func TestEnvOverrides(t *testing.T) {
	cfg, err := load("", env(map[string]string{"EXPORTWATCH_DATA_DIR": "/tmp/x", "EXPORTWATCH_LISTEN": "127.0.0.1:1"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/tmp/x" || cfg.HTTP.Listen != "127.0.0.1:1" {
		t.Errorf("overrides not applied: %q %q", cfg.DataDir, cfg.HTTP.Listen)
	}
}

// TestErrorsNameTheKey checks that each kind of mistake is reported with the
// file, the key and the reason.
func TestErrorsNameTheKey(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want []string // substrings of the error
	}{
		"unknown top-level key":  {"data_dri: ./x\n", []string{"data_dri", "unknown key", "line 1"}},
		"unknown source key":     {"sources:\n  - name: a\n    type: feed\n    url: https://x.org/f\n    sheduel: '@daily'\n", []string{"sheduel", "unknown key", "line 5"}},
		"bad cron":               {"sources:\n  - name: a\n    type: feed\n    url: https://x.org/f\n    schedule: every minute\n", []string{"sources[0] (a).schedule", "invalid cron spec"}},
		"bad type":               {"sources:\n  - name: a\n    type: ftp\n", []string{"sources[0] (a).type", `"ftp" is not a source type`}},
		"missing url":            {"sources:\n  - name: a\n    type: feed\n", []string{"sources[0] (a).url", "is required"}},
		"duplicate name":         {"sources:\n  - {name: a, type: feed, url: 'https://x.org/1'}\n  - {name: a, type: feed, url: 'https://x.org/2'}\n", []string{"sources[1] (a).name", "already used"}},
		"bad listen":             {"http:\n  listen: localhost\n", []string{"http.listen", "host:port"}},
		"bad since":              {"sources:\n  - name: fr\n    type: federalregister\n    since: 01/02/2025\n", []string{"not a date", "YYYY-MM-DD"}},
		"bad per_page":           {"sources:\n  - name: fr\n    type: federalregister\n    per_page: 1\n", []string{"sources[0] (fr).per_page", "between 2 and 2000"}},
		"slack url slash":        {"slack:\n  api_url: http://127.0.0.1:9/api\n", []string{"slack.api_url", "slash"}},
		"html without links":     {"sources:\n  - name: p\n    type: html\n    start_urls: [https://x.org/]\n", []string{"selectors.link"}},
		"bad yaml":               {"sources: [\n", []string{"invalid YAML"}},
		"cron step too large":    {"sources:\n  - name: a\n    type: feed\n    url: https://x.org/f\n    schedule: '*/61 * * * *'\n", []string{"sources[0] (a).schedule", "step 61", "at most 59"}},
		"unknown preset":         {"sources:\n  - name: p\n    type: html\n    preset: china-tabel\n", []string{"sources[0] (p).preset", `"china-tabel" does not exist`, "china-table-de"}},
		"preset of another type": {"sources:\n  - name: p\n    type: html\n    preset: federal-register-rss\n", []string{"sources[0] (p).preset", "use type: feed"}},
		"bad selector":           {"sources:\n  - name: p\n    type: html\n    start_urls: [https://x.org/]\n    selectors: {link: 'a[href'}\n", []string{"sources[0] (p).selectors.link", "not a CSS selector"}},
		"key of another type":    {"sources:\n  - name: a\n    type: feed\n    url: https://x.org/f\n    start_urls: [https://x.org/]\n", []string{"sources[0] (a).start_urls", "unknown key", "line 5", "feed source"}},
		"bad max_items":          {"sources:\n  - name: a\n    type: feed\n    url: https://x.org/f\n    max_items: 0\n", []string{"sources[0] (a).max_items", "at least 1"}},
		"bad section value":      {"sources:\n  - name: fr\n    type: federalregister\n    per_page: many\n", []string{"sources[0] (fr)", "invalid YAML", "line 4"}},
		"bad log level":          {"log:\n  level: loud\n", []string{"log.level"}},
		"bad store dsn":          {"store:\n  dsn: mysql://u:pw@h/db\n", []string{"store.dsn", "postgres://"}},
		"bad index name":         {"store:\n  index_name: Web 1\n", []string{"store.index_name", `"Web 1"`, "a-z"}},
		"long index name":        {"store:\n  index_name: " + strings.Repeat("a", 65) + "\n", []string{"store.index_name", "1 to 64"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := writeConfig(t, tc.body)
			_, err := load(p, env(nil))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var errs config.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %T is not config.Errors: %v", err, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, p) {
				t.Errorf("error does not name the file %s: %s", p, msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("err = %v, want cannot read", err)
	}
}

func TestSecretsDoNotPrint(t *testing.T) {
	p := writeConfig(t, "api:\n  token: hunter2\n")
	cfg, err := load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{cfg.API.Token.String(), strings.TrimSpace(fmtV(cfg))} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("secret leaked: %s", s)
		}
	}
}

func TestResolve(t *testing.T) {
	if got := config.Resolve("a.yaml", env(map[string]string{"EXPORTWATCH_CONFIG": "b.yaml"})); got != "a.yaml" {
		t.Errorf("flag should win, got %q", got)
	}
	if got := config.Resolve("", env(map[string]string{"EXPORTWATCH_CONFIG": "b.yaml"})); got != "b.yaml" {
		t.Errorf("env should be next, got %q", got)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "36h": 36 * time.Hour, "30s": 30 * time.Second} {
		got, err := config.ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("config.ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := config.ParseDuration("soon"); err == nil {
		t.Error("config.ParseDuration(soon) succeeded")
	}
}

func fmtV(v any) string { return fmt.Sprintf("%v %+v", v, v) }

// TestSourcesList: a sources list replaces the defaults, an explicit empty
// list means no sources (a replica that only serves), and a missing or null
// list keeps the defaults.
func TestSourcesList(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want int
	}{
		"empty list": {"sources: []\n", 0},
		"null":       {"sources:\n", defaultSources(t)},
		"missing":    {"data_dir: ./x\n", defaultSources(t)},
		"one":        {"sources:\n  - {name: a, type: feed, url: 'https://x.org/f'}\n", 1},
		"empty file": {"", defaultSources(t)},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := load(writeConfig(t, tc.body), env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.Sources) != tc.want {
				t.Errorf("%d sources, want %d: %+v", len(cfg.Sources), tc.want, cfg.Sources)
			}
		})
	}
}

func TestIndexName(t *testing.T) {
	for body, want := range map[string]string{
		"":                                 "local",
		"store:\n  dsn: postgres://h/db\n": "local",
		"store:\n  index_name: ''\n":       "local",
		"store:\n  index_name: web-1.example.org\n": "web-1.example.org",
		"store:\n  index_name: ${HOSTNAME}\n":       "web-2",
	} {
		cfg, err := load(writeConfig(t, body), env(map[string]string{"HOSTNAME": "web-2"}))
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		if cfg.Store.IndexName != want {
			t.Errorf("%q: index_name = %q, want %q", body, cfg.Store.IndexName, want)
		}
	}
}

// TestReadmeConfigLoads: the annotated example in README.md
// (Configuration) is a valid config: every key it shows exists.
func TestReadmeConfigLoads(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "## Configuration")
	if ok {
		_, rest, ok = strings.Cut(rest, "```yaml\n")
	}
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no yaml block under ## Configuration")
	}
	if _, err := load(writeConfig(t, block), env(nil)); err != nil {
		t.Errorf("README's config does not load: %v", err)
	}
}
