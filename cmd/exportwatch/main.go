// Command exportwatch watches the documents that change US export controls
// on AI chips: it crawls, classifies, indexes, alerts and serves them.
//
// Every command is a row of the table in commands.go, run by
// internal/subcmd: its flags are parsed before anything is opened, and the
// work is done by internal/app.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	// The database drivers the store opens: SQLite and PostgreSQL.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/cliview"
	"github.com/exportwatch/exportwatch/internal/subcmd"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit codes (DESIGN.md: the command line is a contract); internal/subcmd
// exits 0 and 2 on its own.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// run runs one command until it ends or SIGINT/SIGTERM cancels it, and
// returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, &cli{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// cli is one command's I/O and common flags. st and n, when set (tests),
// are used instead of opening the store from the config.
type cli struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	config         string
	verbose        bool
	st             *store.Store
	n              *notify.Notifier
}

func execute(ctx context.Context, c *cli, args []string) int {
	c.ctx = ctx
	return c.table().Run(args, c.stdout, c.stderr)
}

// common adds --config and -v to a command's flags.
func (c *cli) common(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "config file (default $EXPORTWATCH_CONFIG, else ./exportwatch.yaml, else built-in defaults)")
	fs.BoolVar(&c.verbose, "v", false, "log progress at info level")
}

// loadConfig loads the config; a bad one is an exit-2 error naming the
// file, the key and the reason.
func (c *cli) loadConfig() (config.Config, error) {
	cfg, err := app.LoadConfig(c.config)
	if err != nil {
		return cfg, subcmd.Exit(exitUsage, err)
	}
	return cfg, nil
}

// logger is the logger of a one-shot command: warnings and errors, or info
// with -v.
func (c *cli) logger(cfg config.Config) *slog.Logger {
	return app.NewLogger(cfg, c.stderr, true, c.verbose)
}

// open loads the config and opens the whole App.
func (c *cli) open() (*app.App, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	return app.Open(c.ctx, cfg, c.logger(cfg), nil)
}

// openStore loads the config and opens only the store, so the command
// works while serve holds the index.
func (c *cli) openStore() (config.Config, *store.Store, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		return cfg, nil, err
	}
	st, err := app.OpenStore(c.ctx, cfg, c.logger(cfg))
	return cfg, st, err
}

// openNotify opens the store and a notifier over it (or takes the ones a
// test set). An in-memory query matcher suffices, so the subscription
// commands work while serve holds the index.
func (c *cli) openNotify() (*store.Store, *notify.Notifier, func(), error) {
	if c.st != nil {
		return c.st, c.n, func() {}, nil
	}
	cfg, st, err := c.openStore()
	if err != nil {
		return nil, nil, nil, err
	}
	return st, app.NewNotifier(st, cfg, c.logger(cfg)), func() { st.Close() }, nil
}

// json writes v as indented JSON to stdout.
func (c *cli) json(v any) error { return cliview.JSON(c.stdout, v) }

// jsonLine writes v as one line of JSON to stdout (the subscription
// commands' format).
func (c *cli) jsonLine(v any) error {
	if err := json.NewEncoder(c.stdout).Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
