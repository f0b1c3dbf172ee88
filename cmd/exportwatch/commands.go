package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/cliview"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

// commands is the command line (DESIGN.md and README: a contract).
var commands = []command{
	{name: "serve", args: "[--config FILE]", about: "scheduler + senders + HTTP, until SIGINT/SIGTERM", flags: serveCmd},
	{name: "crawl", args: "[--config FILE] [--source NAME] [--since YYYY-MM-DD]",
		about: "one pass over the sources (or one), then exit; a summary line", flags: crawlCmd},
	{name: "search", args: "[--config FILE] [--json] [--country CC] [--label L] [--source S]\n[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|newest|oldest] [--limit N] [--offset N] QUERY",
		about: "search the archive (Bleve query string syntax)", max: -1, flags: searchCmd},
	{name: "show", args: "[--config FILE] [--json] [--diff] ID", about: "one document with its classification and versions",
		min: 1, max: 1, want: "exactly one document ID, like fr:2025-00636", flags: showCmd},
	{name: "classify", args: "[--json] [FILE|-]", about: "JSON lines in, JSON lines out; a plain text file is one document",
		max: 1, want: "at most one FILE (or - for stdin)", bare: true, flags: classifyCmd},
	{name: "reindex", args: "[--config FILE]", about: "rebuild the index from the store", flags: reindexCmd},
	{name: "reclassify", args: "[--config FILE] [--since YYYY-MM-DD]", about: "the current classifier over the archive, alerting nobody", flags: reclassifyCmd},
	{name: "sources", args: "[--config FILE] [--json]", about: "the health of each source", flags: sourcesCmd},
	{name: "subscribe", args: "[--config FILE] --name NAME [--country CC] [--label L] [--source S] [--query Q] [--operational]\n[--slack-channel ID | --slack-webhook URL | --webhook URL --webhook-secret S | --email ADDRS]\n[--digest HH:MM [--tz ZONE]] [--backfill 90d] [--json]",
		about: "create a subscription (without a channel it is a feed)", flags: subscribeCmd},
	{name: "subscriptions", args: "[--config FILE] [--json] [list | show ID | delete ID | test ID]",
		about: "list, show, delete or send a test message to subscriptions", max: -1, flags: subscriptionsCmd},
	{name: "deliveries", args: "[--config FILE] [--failed|--pending] [--subscription ID] [--limit N] [--json] [retry ID]",
		about: "the delivery outbox; retry makes a delivery pending again", max: -1, flags: deliveriesCmd},
	{name: "backup", args: "[--config FILE] FILE", about: "online copy of the SQLite store (safe while serve runs)",
		min: 1, max: 1, want: "exactly one backup file name", flags: backupCmd},
	{name: "restore", args: "[--config FILE] FILE", about: "replace the store with a backup (service stopped)",
		min: 1, max: 1, want: "exactly one backup file name", flags: restoreCmd},
	{name: "check", args: "[--config FILE] [--json]", about: "store integrity, and whether the index agrees with the store", flags: checkCmd},
}

func serveCmd(*flag.FlagSet) func(*cli, []string) int {
	return func(c *cli, _ []string) int {
		cfg, ok := c.loadConfig()
		if !ok {
			return exitUsage
		}
		log := app.NewLogger(cfg, c.stderr, false, false)
		svc, err := app.NewService(c.ctx, cfg, log)
		if err != nil {
			log.Error("start", "err", err)
			return exitFailure
		}
		selected, _ := app.SelectSources(cfg, "")
		srcs, err := buildSources(selected, cfg, svc.Store, time.Time{}, log)
		for i := 0; err == nil && i < len(srcs); i++ {
			err = svc.Schedule(srcs[i], selected[i].Schedule)
		}
		if err != nil {
			svc.Close()
			fmt.Fprintf(c.stderr, "exportwatch serve: %v\n", err)
			return exitUsage
		}
		if svc.Run(c.ctx) != nil {
			return exitFailure
		}
		return exitOK
	}
}

// date parses the YYYY-MM-DD value of flag name; "" is the zero time.
func date(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := config.ParseDate(v)
	if err != nil {
		return t, fmt.Errorf("%s: %v", name, err)
	}
	return t, nil
}

func crawlCmd(fs *flag.FlagSet) func(*cli, []string) int {
	only := fs.String("source", "", "crawl only this source")
	sinceFlag := fs.String("since", "", "start at this date (YYYY-MM-DD) instead of the saved cursor")
	return func(c *cli, _ []string) int {
		since, err := date("--since", *sinceFlag)
		if err != nil {
			return c.usage("%v", err)
		}
		cfg, ok := c.loadConfig()
		if !ok {
			return exitUsage
		}
		selected, err := app.SelectSources(cfg, *only)
		if err != nil {
			return c.usage("%v", err)
		}
		a, err := app.Open(c.ctx, cfg, c.logger(cfg), nil)
		if err != nil {
			return c.fail(err)
		}
		defer a.Close()
		if _, err := a.Pipeline.SyncIndex(c.ctx); err != nil {
			a.Log.ErrorContext(c.ctx, "index sync at start", "err", err)
		}
		srcs, err := buildSources(selected, cfg, a.Store, since, a.Log)
		if err != nil {
			fmt.Fprintf(c.stderr, "exportwatch crawl: %v\n", err)
			return exitUsage
		}
		start, total, failed := time.Now(), pipeline.Summary{}, 0
		for _, src := range srcs {
			opts := pipeline.Options{IgnoreCursor: !since.IsZero()}
			bar := cliview.ProgressBar(c.stderr, src.Name())
			if bar != nil {
				opts.Progress = func(p pipeline.Progress) {
					if p.Total > 0 && int64(p.Total) != bar.GetMax64() {
						bar.ChangeMax(p.Total)
					}
					_ = bar.Set(p.Done)
				}
			}
			sum, err := a.Pipeline.Crawl(c.ctx, src, opts)
			if bar != nil {
				_ = bar.Finish()
				fmt.Fprintln(c.stderr)
			}
			total = total.Add(sum)
			if err != nil {
				failed++
				fmt.Fprintf(c.stderr, "source %s failed: %v\n", src.Name(), err)
				if c.ctx.Err() != nil {
					break
				}
			}
		}
		total.Took = time.Since(start)
		fmt.Fprintln(c.stdout, total.String())
		if failed > 0 {
			return exitFailure
		}
		return exitOK
	}
}

func searchCmd(fs *flag.FlagSet) func(*cli, []string) int {
	var q index.Query
	asJSON := fs.Bool("json", false, "print the result as JSON")
	var countries, labels, sources listFlag
	fs.Var(&countries, "country", "only documents concerning this country (ISO code; repeatable)")
	fs.Var(&labels, "label", "only documents with this label (repeatable)")
	fs.Var(&sources, "source", "only documents from this source (repeatable)")
	from := fs.String("from", "", "published on or after YYYY-MM-DD")
	to := fs.String("to", "", "published on or before YYYY-MM-DD")
	fs.StringVar(&q.Sort, "sort", "relevance", "relevance, newest or oldest")
	fs.IntVar(&q.Limit, "limit", 20, "hits to show (at most 100)")
	fs.IntVar(&q.Offset, "offset", 0, "hits to skip")
	return func(c *cli, pos []string) int {
		q.Text, q.Labels, q.Sources = strings.Join(pos, " "), labels, sources
		var err error
		if q.From, err = date("--from", *from); err == nil {
			q.To, err = date("--to", *to)
		}
		if err != nil {
			return c.usage("%v", err)
		}
		for _, cc := range countries {
			q.Countries = append(q.Countries, strings.ToUpper(cc))
		}
		switch q.Sort {
		case "relevance", "newest", "oldest":
		default:
			return c.usage("--sort %q: use relevance, newest or oldest", q.Sort)
		}
		if q.Limit < 1 || q.Limit > 100 {
			return c.usage("--limit %d: must be between 1 and 100", q.Limit)
		}
		for _, l := range labels {
			if !slices.Contains(doc.Labels, l) {
				return c.usage("--label %q: use one of %s", l, strings.Join(doc.Labels, ", "))
			}
		}
		a, code := c.open()
		if a == nil {
			return code
		}
		defer a.Close()
		if _, err := a.Pipeline.SyncIndex(c.ctx); err != nil {
			a.Log.ErrorContext(c.ctx, "index sync", "err", err)
		}
		res, err := a.Index.Search(c.ctx, q)
		if errors.Is(err, index.ErrBadQuery) {
			fmt.Fprintf(c.stderr, "exportwatch search: %v\n", err)
			return exitUsage
		} else if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			return c.json(res)
		}
		cliview.Search(c.stdout, q, res)
		return exitOK
	}
}

func showCmd(fs *flag.FlagSet) func(*cli, []string) int {
	asJSON := fs.Bool("json", false, "print the document as JSON")
	withDiff := fs.Bool("diff", false, "print the diff of each version")
	return func(c *cli, pos []string) int {
		_, st, code := c.openStore()
		if st == nil {
			return code
		}
		defer st.Close()
		sd, err := st.Document(c.ctx, pos[0])
		if errors.Is(err, store.ErrNotFound) {
			return c.fail(fmt.Errorf("no document %q", pos[0]))
		} else if err != nil {
			return c.fail(err)
		}
		if d := cliview.NewDocument(sd); !*asJSON {
			d.Text(c.stdout, *withDiff)
			return exitOK
		} else {
			return c.json(d)
		}
	}
}

func classifyCmd(fs *flag.FlagSet) func(*cli, []string) int {
	fs.Bool("json", true, "write JSON lines (the only output format; accepted for symmetry with other commands)")
	return func(c *cli, pos []string) int {
		name, in := "stdin", c.stdin
		if len(pos) == 1 && pos[0] != "-" {
			f, err := os.Open(pos[0])
			if err != nil {
				return c.fail(err)
			}
			defer f.Close()
			name, in = filepath.Base(pos[0]), f
		}
		data, err := io.ReadAll(in)
		if err != nil {
			return c.fail(fmt.Errorf("read %s: %w", name, err))
		}
		code := exitOK
		err = app.ClassifyLines(data, name, c.stdout, func(line int, err error) {
			fmt.Fprintf(c.stderr, "exportwatch classify: %s line %d: invalid JSON: %v\n", name, line, err)
			code = exitFailure
		})
		if err != nil && !errors.Is(err, os.ErrClosed) {
			return c.fail(err)
		}
		return code
	}
}

func reindexCmd(*flag.FlagSet) func(*cli, []string) int {
	return func(c *cli, _ []string) int {
		cfg, ok := c.loadConfig()
		if !ok {
			return exitUsage
		}
		start := time.Now()
		n, err := app.Reindex(c.ctx, cfg, c.logger(cfg))
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.stdout, "reindex done: documents=%d took=%s\n", n, time.Since(start).Round(time.Millisecond))
		return exitOK
	}
}

func reclassifyCmd(fs *flag.FlagSet) func(*cli, []string) int {
	sinceFlag := fs.String("since", "", "only documents published on or after YYYY-MM-DD")
	return func(c *cli, _ []string) int {
		since, err := date("--since", *sinceFlag)
		if err != nil {
			return c.usage("%v", err)
		}
		cfg, st, code := c.openStore()
		if st == nil {
			return code
		}
		defer st.Close()
		start := time.Now()
		r, indexed, err := app.Reclassify(c.ctx, st, cfg, c.logger(cfg), since)
		if err != nil {
			return c.fail(err)
		}
		note := "index updated"
		if !indexed {
			note = "index in use by a running exportwatch, which indexes the changes at its next sync"
		}
		fmt.Fprintf(c.stdout, "reclassify done: documents=%d changed=%d took=%s (%s)\n", r.Documents, r.Changed, time.Since(start).Round(time.Millisecond), note)
		return exitOK
	}
}

func sourcesCmd(fs *flag.FlagSet) func(*cli, []string) int {
	asJSON := fs.Bool("json", false, "print as JSON")
	return func(c *cli, _ []string) int {
		cfg, st, code := c.openStore()
		if st == nil {
			return code
		}
		defer st.Close()
		states, err := st.CrawlStates(c.ctx)
		if err != nil {
			return c.fail(err)
		}
		rows := cliview.Sources(cfg, states)
		if *asJSON {
			return c.json(rows)
		}
		cliview.SourcesText(c.stdout, rows)
		return exitOK
	}
}

func backupCmd(*flag.FlagSet) func(*cli, []string) int {
	return func(c *cli, pos []string) int {
		_, st, code := c.openStore()
		if st == nil {
			return code
		}
		defer st.Close()
		start := time.Now()
		if err := st.Backup(c.ctx, pos[0]); err != nil {
			return c.fail(err)
		}
		var size int64
		if info, err := os.Stat(pos[0]); err == nil {
			size = info.Size()
		}
		fmt.Fprintf(c.stdout, "backup done: file=%s bytes=%d took=%s\n", pos[0], size, time.Since(start).Round(time.Millisecond))
		return exitOK
	}
}

func restoreCmd(*flag.FlagSet) func(*cli, []string) int {
	return func(c *cli, pos []string) int {
		cfg, ok := c.loadConfig()
		if !ok {
			return exitUsage
		}
		if err := app.Restore(c.ctx, cfg, pos[0]); errors.Is(err, app.ErrNotSQLite) {
			fmt.Fprintf(c.stderr, "exportwatch restore: %v\n", err)
			return exitUsage
		} else if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.stdout, "restore done: %s -> %s (the index is rebuilt at the next start or by reindex)\n", pos[0], app.StorePath(cfg))
		return exitOK
	}
}

func checkCmd(fs *flag.FlagSet) func(*cli, []string) int {
	asJSON := fs.Bool("json", false, "print the report as JSON")
	return func(c *cli, _ []string) int {
		cfg, st, code := c.openStore()
		if st == nil {
			return code
		}
		defer st.Close()
		rep, err := app.Check(c.ctx, st, cfg, c.logger(cfg))
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if code := c.json(rep); code != exitOK {
				return code
			}
		} else {
			status := map[bool]string{true: "ok", false: "PROBLEMS"}[rep.OK]
			fmt.Fprintf(c.stdout, "check %s: documents=%d versions=%d pending_index=%d index=%s\n", status, rep.Documents, rep.Versions, rep.PendingIndex, rep.IndexStatus)
			for _, p := range rep.Problems {
				fmt.Fprintf(c.stdout, "  - %s\n", p)
			}
		}
		if !rep.OK {
			return exitFailure
		}
		return exitOK
	}
}
