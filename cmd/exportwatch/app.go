package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

// app is the wiring shared by the commands: config, logger, store, index,
// classifier and pipeline. It holds no logic of its own.
type app struct {
	cfg        config.Config
	log        *slog.Logger
	store      *store.Store
	index      *index.Index
	classifier *classifier.Classifier
	pipeline   *pipeline.Pipeline
	notifier   *notify.Notifier
}

// loadConfig resolves and loads the config; a problem is printed and
// reported as a usage/config error (exit 2).
func loadConfig(flagPath string, stderr io.Writer) (config.Config, bool) {
	path := config.Resolve(flagPath, os.Getenv)
	cfg, err := config.Load(path, os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return config.Config{}, false
	}
	return cfg, true
}

// newLogger builds the slog logger; one-shot commands log warnings and
// errors only unless verbose.
func newLogger(cfg config.Config, w io.Writer, oneShot, verbose bool) *slog.Logger {
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

func storePath(cfg config.Config) string { return filepath.Join(cfg.DataDir, "exportwatch.db") }
func indexPath(cfg config.Config) string { return filepath.Join(cfg.DataDir, "index.bleve") }

// openApp opens the store and the index. An index that is missing is
// created and filled from the store; one that is corrupt is moved aside and
// rebuilt, with a log line saying so (DESIGN invariant 1).
func openApp(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	return openAppWithMetrics(ctx, cfg, log, nil)
}

// openAppWithMetrics is openApp for serve, whose pipeline and senders
// report to m.
func openAppWithMetrics(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (*app, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir %s: %w", cfg.DataDir, err)
	}
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	ix, err := openIndex(ctx, cfg, st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	ix.SetTextSource(pipeline.StoreTexts{Store: st}) // snippet bodies: the index does not store them
	a := &app{cfg: cfg, log: log, store: st, index: ix, classifier: classifier.New()}
	ncfg := notifyConfig(cfg)
	if m != nil {
		ncfg.Dispatch.Metrics = m
	}
	a.notifier = notify.New(st, index.NewQueryMatcher(), ncfg, log)
	var pm pipeline.Metrics
	if m != nil {
		pm = m
	}
	a.pipeline = pipeline.New(pipeline.Config{
		DownAfter:    cfg.Crawl.DownAfter,
		OnDeliveries: a.notifier.Wake,
	}, st, ix, a.classifier, a.notifier.Matcher(), pm, log)
	return a, nil
}

// openStore opens the configured database: PostgreSQL when store.dsn is
// set, else the SQLite file in the data dir. Its index bookkeeping is that
// of store.index_name (default "local"), so replicas sharing one database
// each track their own index.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
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
		st, err = store.Open(ctx, storePath(cfg), log)
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

func openIndex(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (*index.Index, error) {
	path := indexPath(cfg)
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

// Close closes the index, then the store.
func (a *app) Close() {
	if err := a.index.Close(); err != nil {
		a.log.Error("close index", "err", err)
	}
	if err := a.store.Close(); err != nil {
		a.log.Error("close store", "err", err)
	}
}

// commonFlags adds --config and -v to a command's flag set.
func commonFlags(fs *flag.FlagSet) (cfgPath *string, verbose *bool) {
	cfgPath = fs.String("config", "", "config file (default $EXPORTWATCH_CONFIG, else ./exportwatch.yaml, else built-in defaults)")
	verbose = fs.Bool("v", false, "log progress at info level")
	return cfgPath, verbose
}

// setup loads config, builds the logger and opens the app for a one-shot
// command. code is non-zero when the command must exit.
func setup(ctx context.Context, cfgPath string, verbose bool, stderr io.Writer) (a *app, code int) {
	cfg, ok := loadConfig(cfgPath, stderr)
	if !ok {
		return nil, exitUsage
	}
	log := newLogger(cfg, stderr, true, verbose)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch: %v\n", err)
		return nil, exitFailure
	}
	return a, exitOK
}

// setupStore is setup for commands that need only the store, so they also
// work while serve holds the index. st is nil when the command must exit
// with code.
func setupStore(ctx context.Context, cmd, cfgPath string, verbose bool, stderr io.Writer) (cfg config.Config, log *slog.Logger, st *store.Store, code int) {
	cfg, ok := loadConfig(cfgPath, stderr)
	if !ok {
		return cfg, nil, nil, exitUsage
	}
	log = newLogger(cfg, stderr, true, verbose)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch %s: %v\n", cmd, err)
		return cfg, log, nil, exitFailure
	}
	return cfg, log, st, exitOK
}
