// Package app assembles exportwatch from its parts (store, index,
// classifier, notifier, pipeline, and for serve the scheduler and the HTTP
// server) for the commands of cmd/exportwatch, and takes it apart in order.
// It holds the operations that need several parts at once (reindex,
// reclassify, check, restore); what a part does stays in its package.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/sources"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/screening"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

// App is the store, the index and what works on them, opened from one config.
type App struct {
	Config     config.Config
	Log        *slog.Logger
	Store      *store.Store
	Index      *index.Index
	Classifier *classifier.Classifier
	Notifier   *notify.Notifier
	Pipeline   *pipeline.Pipeline
	// Screener matches new versions against the watchlists in the
	// pipeline's saves, and the archive on demand.
	Screener *screening.Screener
}

// LoadConfig resolves the config file (flag, $EXPORTWATCH_CONFIG,
// ./exportwatch.yaml, built-in defaults) and loads it; the error names the
// file, the key and the reason.
func LoadConfig(flagPath string) (config.Config, error) {
	return config.Load(config.Resolve(flagPath, os.Getenv), os.Getenv, sources.Kinds())
}

// NewLogger builds the slog logger of cfg. One-shot commands log warnings
// and errors only, unless verbose.
func NewLogger(cfg config.Config, w io.Writer, oneShot, verbose bool) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Log.Level)); err != nil {
		level = slog.LevelInfo
	}
	if oneShot && !verbose && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// StorePath is the SQLite file in the data dir.
func StorePath(cfg config.Config) string { return filepath.Join(cfg.DataDir, "exportwatch.db") }

// IndexPath is the Bleve index in the data dir.
func IndexPath(cfg config.Config) string { return filepath.Join(cfg.DataDir, "index.bleve") }

// Open opens the store and the index and wires the notifier and the
// pipeline over them; m (nil for one-shot commands) receives their metrics.
// An index that is missing is created and filled from the store; one that
// is corrupt is moved aside and rebuilt, with a log line saying so (DESIGN
// invariant 1).
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (*App, error) {
	st, err := OpenStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	ix, err := OpenIndex(ctx, cfg, st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	ix.SetLimits(index.Limits{MaxQueryBytes: cfg.Search.MaxQueryBytes, MaxClauses: cfg.Search.MaxClauses, MaxWildcards: cfg.Search.MaxWildcards, MaxRegexps: cfg.Search.MaxRegexps})
	if m != nil {
		ix.SetObserver(m)
	}
	a := &App{Config: cfg, Log: log, Store: st, Index: ix, Classifier: classifier.New()}
	ncfg := NotifyConfig(cfg)
	var pm pipeline.Metrics
	if m != nil {
		ncfg.Dispatch.Metrics, pm = m, m
	}
	a.Notifier = notify.New(st, index.NewQueryMatcher(), ncfg, log)
	a.Screener = screening.New(st, log)
	a.Pipeline = pipeline.New(pipeline.Config{DownAfter: cfg.Crawl.DownAfter, OnDeliveries: a.Notifier.Wake},
		st, ix, a.Classifier, a.Screener.WithMatcher(a.Notifier.Matcher()), pm, log)
	return a, nil
}

// Close closes the index, then the store.
func (a *App) Close() {
	if err := a.Index.Close(); err != nil {
		a.Log.Error("close index", "err", err)
	}
	a.Log.Debug("shutdown: index closed")
	if err := a.Store.Close(); err != nil {
		a.Log.Error("close store", "err", err)
	}
	a.Log.Debug("shutdown: database closed")
}

// OpenStore opens the configured database: PostgreSQL when store.dsn is
// set, else the SQLite file in the data dir. Its index bookkeeping is that
// of store.index_name (default "local"), so replicas sharing one database
// each track their own index.
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	var (
		st  *store.Store
		err error
	)
	if dsn := cfg.Store.DSN.Reveal(); dsn != "" {
		st, err = store.OpenDSN(ctx, dsn, log)
	} else {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data dir %s: %w", cfg.DataDir, err)
		}
		st, err = store.Open(ctx, StorePath(cfg), log)
	}
	name := cfg.Store.IndexName
	if err != nil || name == "" || name == st.IndexName() {
		return st, err
	}
	if err := store.ValidIndexName(name); err != nil {
		st.Close()
		return nil, fmt.Errorf("store.index_name: %w", err)
	}
	// The named handle shares the connections; closing the default handle
	// hands them to it, and they close when the caller closes it.
	named := st.ForIndex(name)
	st.Close()
	return named, nil
}

// OpenIndex opens the index of cfg, rebuilding a missing or corrupt one
// from st (see Open).
func OpenIndex(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (*index.Index, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", cfg.DataDir, err)
	}
	path := IndexPath(cfg)
	_, statErr := os.Stat(path)
	missing := errors.Is(statErr, os.ErrNotExist)
	ix, err := index.Open(path, log)
	if errors.Is(err, index.ErrLocked) {
		return nil, fmt.Errorf("%w: a running exportwatch serve holds it; stop it, or use its API (/api/v1/search)", err)
	}
	if errors.Is(err, index.ErrCorrupt) {
		aside := path + ".corrupt"
		_ = os.RemoveAll(aside)
		if rerr := os.Rename(path, aside); rerr != nil {
			return nil, fmt.Errorf("index %s is corrupt (%v) and cannot be moved aside: %w", path, err, rerr)
		}
		log.WarnContext(ctx, "index corrupt: moved aside, rebuilding from the store", "path", path, "moved_to", aside, "err", err)
		ix, err = index.Open(path, log)
		missing = true
	}
	if err != nil {
		return nil, err
	}
	// Snippets are cut from the store's text: the index does not keep the
	// body a second time.
	ix.SetTextSource(pipeline.StoreTexts{Store: st})
	if missing {
		if err := st.ResetIndexed(ctx); err != nil {
			ix.Close()
			return nil, err
		}
		if n, _ := st.CountDocuments(ctx); n > 0 {
			log.InfoContext(ctx, "index missing: rebuilding from the store", "path", path, "documents", n)
		}
	}
	return ix, nil
}

// NewNotifier is the notifier of a command that has only the store: query
// subscriptions match in memory, so it works while serve holds the index.
func NewNotifier(st *store.Store, cfg config.Config, log *slog.Logger) *notify.Notifier {
	return notify.New(st, index.NewQueryMatcher(), NotifyConfig(cfg), log)
}

// NotifyConfig maps the config file onto the notifier: the channel table
// and the dispatcher's settings.
func NotifyConfig(cfg config.Config) notify.Config {
	return channels.NotifyConfig(cfg, PublicURL(cfg))
}

// PublicURL is how users reach the server: configured, else the listener.
func PublicURL(cfg config.Config) string {
	if cfg.HTTP.PublicURL != "" {
		return cfg.HTTP.PublicURL
	}
	return "http://" + cfg.HTTP.Listen
}

// SelectSources returns the enabled sources of cfg, or the one named
// (disabled or not).
func SelectSources(cfg config.Config, only string) ([]config.Source, error) {
	var out []config.Source
	var names []string
	for _, s := range cfg.Sources {
		names = append(names, s.Name)
		if (only != "" && s.Name != only) || (only == "" && s.Disabled) {
			continue
		}
		out = append(out, s)
	}
	if only != "" && len(out) == 0 {
		return nil, fmt.Errorf("--source %q: no such source (have: %s)", only, strings.Join(names, ", "))
	}
	return out, nil
}

// Crawl runs one pass over srcs, one after the other, from their cursors
// (or from their configured start when ignoreCursor), after indexing what
// is pending. progress, when not nil, gives each source a progress
// callback and a function called when it ends. A failed source is named in
// failed, its error in errs (same order), and the next one runs;
// cancelling ctx stops the pass.
func (a *App) Crawl(ctx context.Context, srcs []crawler.Source, ignoreCursor bool,
	progress func(source string) (func(pipeline.Progress), func())) (sum pipeline.Summary, failed []string, errs []error) {
	if _, err := a.Pipeline.SyncIndex(ctx); err != nil {
		a.Log.ErrorContext(ctx, "index sync at start", "err", err)
	}
	start := time.Now()
	for _, src := range srcs {
		opts, done := pipeline.Options{IgnoreCursor: ignoreCursor}, func() {}
		if progress != nil {
			opts.Progress, done = progress(src.Name())
		}
		s, err := a.Pipeline.Crawl(ctx, src, opts)
		done()
		sum = sum.Add(s)
		if err != nil {
			failed = append(failed, src.Name())
			errs = append(errs, fmt.Errorf("source %s failed: %w", src.Name(), err))
			if ctx.Err() != nil {
				break
			}
		}
	}
	sum.Took = time.Since(start)
	return sum, failed, errs
}
