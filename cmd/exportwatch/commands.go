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
	"github.com/exportwatch/exportwatch/internal/subcmd"
	"github.com/exportwatch/exportwatch/store"
)

// table is the command line (DESIGN.md and README: a contract).
func (c *cli) table() subcmd.Table {
	return subcmd.Table{
		Prog:  "exportwatch",
		Intro: "exportwatch watches the documents that change US export controls on AI chips.\n",
		Outro: "--config defaults to $EXPORTWATCH_CONFIG, else ./exportwatch.yaml if it exists,\n" +
			"else built-in defaults. Exit status: 0 ok, 1 runtime failure, 2 usage or config error.\n",
		Commands: []subcmd.Command{
			{Name: "serve", Args: "[--config FILE]", About: "scheduler + senders + HTTP, until SIGINT/SIGTERM", Flags: c.serve},
			{Name: "crawl", Args: "[--config FILE] [--source NAME] [--since YYYY-MM-DD]",
				About: "one pass over the sources (or one), then exit; a summary line", Flags: c.crawl},
			{Name: "search", Args: "[--config FILE] [--json] [--country CC] [--label L] [--source S]\n" +
				"[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|newest|oldest] [--limit N] [--offset N] QUERY",
				About: "search the archive (Bleve query string syntax)", Max: -1, Flags: c.search},
			{Name: "show", Args: "[--config FILE] [--json] [--diff] ID", About: "one document with its classification and versions",
				Min: 1, Max: 1, Want: "exactly one document ID, like fr:2025-00636", Flags: c.show},
			{Name: "classify", Args: "[--json] [FILE|-]", About: "JSON lines in, JSON lines out; a plain text file is one document",
				Max: 1, Want: "at most one FILE (or - for stdin)", Flags: c.classify},
			{Name: "reindex", Args: "[--config FILE]", About: "rebuild the index from the store", Flags: c.reindex},
			{Name: "reclassify", Args: "[--config FILE] [--since YYYY-MM-DD]", About: "the current classifier over the archive, alerting nobody", Flags: c.reclassify},
			{Name: "sources", Args: "[--config FILE] [--json]", About: "the health of each source", Flags: c.sources},
			{Name: "subscribe", Args: "[--config FILE] --name NAME [--country CC [--named-only]] [--label L] [--source S] [--query Q] [--operational]\n" +
				"[--watchlist NAME]\n" +
				"[--slack-channel ID | --slack-webhook URL | --webhook URL --webhook-secret S | --email ADDRS]\n" +
				"[--digest HH:MM [--tz ZONE]] [--backfill 90d] [--remind 7d:effective,comments_close ...] [--json]",
				About: "create a subscription (without a channel it is a feed)", Flags: c.subscribe},
			{Name: "subscriptions", Args: "[--config FILE] [--json] [list | show ID | delete ID | test ID | backfill ID WINDOW]",
				About: "list, show or delete subscriptions, send one a test message or (re-)send its backfill", Max: -1, Flags: c.subscriptions},
			{Name: "deliveries", Args: "[--config FILE] [--failed|--pending] [--kind KIND] [--subscription ID] [--limit N] [--json] [retry ID]",
				About: "the delivery outbox; retry makes a delivery pending again", Max: -1, Flags: c.deliveries},
			{Name: "watchlist", Args: "import [--config FILE] --name NAME FILE.csv\n" +
				"| hits [--config FILE] [--json] NAME | list [--config FILE] [--json]",
				About: "import a watchlist (replacing it; then screens the archive), list its hits, list the watchlists", Min: 1, Max: 2,
				Want: "import FILE.csv, hits NAME or list", Flags: c.watchlist},
			{Name: "backup", Args: "[--config FILE] FILE", About: "online copy of the SQLite store (safe while serve runs)",
				Min: 1, Max: 1, Want: "exactly one backup file name", Flags: c.backup},
			{Name: "restore", Args: "[--config FILE] FILE", About: "replace the store with a backup (service stopped)",
				Min: 1, Max: 1, Want: "exactly one backup file name", Flags: c.restore},
			{Name: "check", Args: "[--config FILE] [--json]", About: "store integrity, and whether the index agrees with the store", Flags: c.check},
		},
	}
}

func (c *cli) serve(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	return func([]string) error {
		cfg, err := c.loadConfig()
		if err != nil {
			return err
		}
		log := app.NewLogger(cfg, c.stderr, false, false)
		svc, err := app.NewService(c.ctx, cfg, log)
		if err != nil {
			log.Error("start", "err", err)
			return subcmd.Exit(exitFailure, nil)
		}
		selected, _ := app.SelectSources(cfg, "")
		srcs, err := buildSources(selected, cfg, svc.Store, time.Time{}, log)
		for i := 0; err == nil && i < len(srcs); i++ {
			err = svc.Schedule(srcs[i], selected[i].Schedule)
		}
		if err != nil {
			svc.Close()
			return subcmd.Exit(exitUsage, err)
		}
		if svc.Run(c.ctx) != nil {
			return subcmd.Exit(exitFailure, nil)
		}
		return nil
	}
}

// date parses the YYYY-MM-DD value of flag name; "" is the zero time.
func date(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := config.ParseDate(v)
	if err != nil {
		return t, subcmd.Usagef("%s: %v", name, err)
	}
	return t, nil
}

func (c *cli) crawl(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	only := fs.String("source", "", "crawl only this source")
	sinceFlag := fs.String("since", "", "start at this date (YYYY-MM-DD) instead of the saved cursor")
	return func([]string) error {
		since, err := date("--since", *sinceFlag)
		if err != nil {
			return err
		}
		cfg, err := c.loadConfig()
		if err != nil {
			return err
		}
		selected, err := app.SelectSources(cfg, *only)
		if err != nil {
			return subcmd.Usagef("%v", err)
		}
		a, err := app.Open(c.ctx, cfg, c.logger(cfg), nil)
		if err != nil {
			return err
		}
		defer a.Close()
		srcs, err := buildSources(selected, cfg, a.Store, since, a.Log)
		if err != nil {
			return subcmd.Exit(exitUsage, err)
		}
		sum, failed, errs := a.Crawl(c.ctx, srcs, !since.IsZero(), cliview.Progress(c.stderr))
		for _, err := range errs {
			fmt.Fprintln(c.stderr, err)
		}
		cliview.CrawlDone(c.stdout, sum, failed, len(srcs))
		if len(errs) > 0 {
			return subcmd.Exit(exitFailure, nil)
		}
		return nil
	}
}

func (c *cli) search(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	var q index.Query
	var countries, labels, sources subcmd.List
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.Var(&countries, "country", "only documents concerning this country (ISO code; repeatable)")
	fs.Var(&labels, "label", "only documents with this label (repeatable)")
	fs.Var(&sources, "source", "only documents from this source (repeatable)")
	from := fs.String("from", "", "published on or after YYYY-MM-DD")
	to := fs.String("to", "", "published on or before YYYY-MM-DD")
	fs.StringVar(&q.Sort, "sort", "relevance", "relevance, newest or oldest")
	fs.IntVar(&q.Limit, "limit", 20, "hits to show (at most 100)")
	fs.IntVar(&q.Offset, "offset", 0, "hits to skip")
	return func(pos []string) (err error) {
		q.Text, q.Labels, q.Sources = strings.Join(pos, " "), labels, sources
		for _, cc := range countries {
			q.Countries = append(q.Countries, strings.ToUpper(cc))
		}
		if q.From, err = date("--from", *from); err != nil {
			return err
		}
		if q.To, err = date("--to", *to); err != nil {
			return err
		}
		if !slices.Contains([]string{"relevance", "newest", "oldest"}, q.Sort) {
			return subcmd.Usagef("--sort %q: use relevance, newest or oldest", q.Sort)
		}
		if q.Limit < 1 || q.Limit > 100 {
			return subcmd.Usagef("--limit %d: must be between 1 and 100", q.Limit)
		}
		for _, l := range labels {
			if !slices.Contains(doc.Labels, l) {
				return subcmd.Usagef("--label %q: use one of %s", l, strings.Join(doc.Labels, ", "))
			}
		}
		for _, cc := range countries {
			if err := doc.CheckCountry(cc); err != nil {
				return subcmd.Usagef("--country %v", err)
			}
		}
		a, err := c.open()
		if err != nil {
			return err
		}
		defer a.Close()
		if _, err := a.Pipeline.SyncIndex(c.ctx); err != nil {
			a.Log.ErrorContext(c.ctx, "index sync", "err", err)
		}
		res, err := a.Index.Search(c.ctx, q)
		if errors.Is(err, index.ErrBadQuery) {
			return subcmd.Exit(exitUsage, err)
		} else if err != nil {
			return err
		}
		if *asJSON {
			return c.json(res)
		}
		cliview.Search(c.stdout, q, res)
		return nil
	}
}

func (c *cli) show(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	asJSON := fs.Bool("json", false, "print the document as JSON")
	withDiff := fs.Bool("diff", false, "print the diff of each version")
	return func(pos []string) error {
		_, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		sd, err := st.Document(c.ctx, pos[0])
		if errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("no document %q", pos[0])
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return c.json(cliview.NewDocument(sd))
		}
		cliview.NewDocument(sd).Text(c.stdout, *withDiff)
		return nil
	}
}

func (c *cli) classify(fs *flag.FlagSet) subcmd.Action {
	fs.Bool("json", true, "write JSON lines (the only output format; accepted for symmetry with other commands)")
	return func(pos []string) error {
		name, in := "stdin", c.stdin
		if len(pos) == 1 && pos[0] != "-" {
			f, err := os.Open(pos[0])
			if err != nil {
				return err
			}
			defer f.Close()
			name, in = filepath.Base(pos[0]), f
		}
		data, err := io.ReadAll(in)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		bad := false
		err = app.ClassifyLines(data, name, c.stdout, func(line int, err error) {
			fmt.Fprintf(c.stderr, "exportwatch classify: %s line %d: invalid JSON: %v\n", name, line, err)
			bad = true
		})
		if err != nil && !errors.Is(err, os.ErrClosed) {
			return err
		}
		if bad {
			return subcmd.Exit(exitFailure, nil)
		}
		return nil
	}
}

func (c *cli) reindex(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	return func([]string) error {
		cfg, err := c.loadConfig()
		if err != nil {
			return err
		}
		start := time.Now()
		n, err := app.Reindex(c.ctx, cfg, c.logger(cfg))
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "reindex done: documents=%d took=%s\n", n, time.Since(start).Round(time.Millisecond))
		return nil
	}
}

func (c *cli) reclassify(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	sinceFlag := fs.String("since", "", "only documents published on or after YYYY-MM-DD")
	return func([]string) error {
		since, err := date("--since", *sinceFlag)
		if err != nil {
			return err
		}
		cfg, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		start := time.Now()
		r, indexed, err := app.Reclassify(c.ctx, st, cfg, c.logger(cfg), since)
		if err != nil {
			return err
		}
		note := "index updated"
		if !indexed {
			note = "index in use by a running exportwatch, which indexes the changes at its next sync"
		}
		fmt.Fprintf(c.stdout, "reclassify done: documents=%d changed=%d took=%s (%s)\n", r.Documents, r.Changed, time.Since(start).Round(time.Millisecond), note)
		return nil
	}
}

func (c *cli) sources(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	asJSON := fs.Bool("json", false, "print as JSON")
	return func([]string) error {
		cfg, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		states, err := st.CrawlStates(c.ctx)
		if err != nil {
			return err
		}
		counts, err := st.DocumentCountsBySource(c.ctx)
		if err != nil {
			return err
		}
		if rows := cliview.Sources(cfg, states, counts); *asJSON {
			return c.json(rows)
		} else {
			cliview.SourcesText(c.stdout, rows)
		}
		return nil
	}
}

func (c *cli) backup(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	return func(pos []string) error {
		_, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		start := time.Now()
		if err := st.Backup(c.ctx, pos[0]); err != nil {
			return err
		}
		var size int64
		if info, err := os.Stat(pos[0]); err == nil {
			size = info.Size()
		}
		fmt.Fprintf(c.stdout, "backup done: file=%s bytes=%d took=%s\n", pos[0], size, time.Since(start).Round(time.Millisecond))
		return nil
	}
}

func (c *cli) restore(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	return func(pos []string) error {
		cfg, err := c.loadConfig()
		if err != nil {
			return err
		}
		if err := app.Restore(c.ctx, cfg, pos[0]); errors.Is(err, app.ErrNotSQLite) {
			return subcmd.Exit(exitUsage, err)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "restore done: %s -> %s (the index is rebuilt at the next start or by reindex)\n", pos[0], app.StorePath(cfg))
		return nil
	}
}

func (c *cli) check(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	return func([]string) error {
		cfg, st, err := c.openStore()
		if err != nil {
			return err
		}
		defer st.Close()
		rep, err := app.Check(c.ctx, st, cfg, c.logger(cfg))
		if err != nil {
			return err
		}
		if *asJSON {
			if err := c.json(rep); err != nil {
				return err
			}
		} else {
			cliview.Check(c.stdout, rep.CheckReport, rep.IndexStatus)
		}
		if !rep.OK {
			return subcmd.Exit(exitFailure, nil)
		}
		return nil
	}
}
