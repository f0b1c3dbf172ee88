package config_test

import (
	"errors"

	"os"
	"path/filepath"
	"testing"

	"github.com/exportwatch/exportwatch/config"
)

// readmeConfig is the annotated example of README.md (Configuration).
const readmeConfig = `data_dir: ./data                     # SQLite file + Bleve index
http:
  listen: 127.0.0.1:8080
  public_url: https://exportwatch.example.org   # links in alerts and feeds
sources:                             # a list here replaces the default sources
  - name: federal-register
    type: federalregister            # JSON API, full-text XML, public inspection
    base_url: https://www.federalregister.gov/api/v1
    agencies: [industry-and-security-bureau]
    schedule: "*/10 * * * *"         # robfig/cron syntax, or @hourly, @daily
    since: 2025-01-01                # where the first crawl starts
    lookback: 7d                     # re-read recent days: corrections become versions
    per_page: 1000
    public_inspection: true
  - name: china-table
    type: html
    preset: china-table              # presets: china-table, china-table-en, bis-press
  - name: my-site
    type: html
    start_urls: [https://example.org/news/]
    selectors: {item: article, link: "a.headline", title: h1, date: time, date_format: "2006-01-02", body: .article-body}
  - name: some-feed
    type: feed                       # RSS, Atom or JSON Feed
    url: https://example.org/feed.xml
crawl:
  user_agent: "exportwatch/0.1 (+https://github.com/exportwatch/exportwatch)"
  timeout: 30s
  max_body_bytes: 20971520           # larger responses fail loudly
  max_attempts: 5                    # retries on 429/5xx, honouring Retry-After
  jitter: 30s                        # spread scheduled runs after a restart
  down_after: 3                      # consecutive failed runs -> "source down" event
slack:
  token: ${SLACK_BOT_TOKEN}
  api_url: https://slack.com/api/    # tests and proxies point it elsewhere
smtp:
  host: smtp.example.org
  port: 587
  username: alerts
  password: ${SMTP_PASSWORD}
  from: exportwatch@example.org
  starttls: true
notify:
  workers: 4
  max_attempts: 8
api:
  token: ${EXPORTWATCH_API_TOKEN}    # bearer token for write endpoints
log:
  level: info                        # debug, info, warn, error
  format: text                       # or json
`

// FuzzLoad: Load on any file content never panics; it returns a config
// or Errors (every entry non-nil, naming the file), nothing else.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(readmeConfig))
	for _, p := range []string{"../deploy/exportwatch.yaml", "../deploy/offline.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"# only a comment\n",
		"data_dir: /data\nhttp: {listen: 0.0.0.0:8080}\nsources:\n  - {name: federal-register, type: federalregister, base_url: http://fakefr:8090/api/v1, since: 2022-01-01}\n",
		"sources: []\n",
		"sources:\n  - name: Bad Name\n    type: nope\n    schedule: every day\n",
		"http:\n  listen: nohost\nnotify: {workers: -1}\nlog: {level: loud}\n",
		"unknown_key: 1\n",
		"data_dir: [1, 2]\n",
		"crawl:\n  timeout: 5 parsecs\n",
		"sources:\n  - name: x\n    type: federalregister\n    since: 2025-13-45\n    lookback: -1d\n",
		"slack: {token: \"${A}${B}\", api_url: \"${URL}\"}\n",
		"a: &a [*a]\n",
		"? [a]\n: b\n",
		"--- \n...\n---\ndata_dir: x\n",
		"\t- tab",
		"data_dir: !!binary aGVsbG8=\n",
		"sources:\n  - &s {name: a, type: feed, url: \"https://x/\"}\n  - *s\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-fuzz", "A": "${B}", "B": "\n- x: [", "URL": "http://[::1"}
	getenv := func(k string) string { return env[k] }

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "exportwatch.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := load(path, getenv)
		if err == nil {
			if errs := config.Validate(cfg, path); len(errs) > 0 {
				t.Errorf("Load returned a config that does not validate: %v", errs)
			}
			return
		}
		var es config.Errors
		var e *config.Error
		switch {
		case errors.As(err, &es):
			if len(es) == 0 {
				t.Fatalf("Load returned empty Errors")
			}
			for i, e := range es {
				if e == nil {
					t.Fatalf("Errors[%d] is nil", i)
				}
				if e.File != path || e.Reason == "" {
					t.Errorf("Errors[%d] = %+v: want File %q and a reason", i, *e, path)
				}
			}
		case errors.As(err, &e):
		default:
			t.Fatalf("Load error %T %v is neither Errors nor *Error", err, err)
		}
	})
}
