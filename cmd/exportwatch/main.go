// Command exportwatch watches the documents that change US export controls
// on AI chips: it crawls, classifies, indexes, alerts and serves them.
//
// Every command is a row of the table in commands.go: its flags are parsed
// (before or after the positionals) before anything is opened, and the work
// is done by internal/app.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	// The database drivers the store opens: SQLite and PostgreSQL.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/cliview"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit codes (DESIGN.md: the command line is a contract).
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

// command is one row of the command table.
type command struct {
	name  string
	args  string // the usage after the name; a newline continues it
	about string
	min   int    // positionals: at least min,
	max   int    // at most max (-1: any)
	want  string // names the positionals in a usage error
	bare  bool   // no --config and -v (classify)
	// flags registers the command's flags on fs and returns its action,
	// which runs only after they parsed.
	flags func(fs *flag.FlagSet) func(c *cli, pos []string) int
}

// cli is one command's I/O and common flags. st and n, when set (tests),
// are used instead of opening the store from the config.
type cli struct {
	ctx            context.Context
	stdin          io.Reader
	stdout, stderr io.Writer
	cmd            *command
	fs             *flag.FlagSet
	config         string
	verbose        bool
	st             *store.Store
	n              *notify.Notifier
}

// execute finds the command of args and runs it.
func execute(ctx context.Context, c *cli, args []string) int {
	c.ctx = ctx
	if len(args) == 0 {
		usage(c.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help", "-help":
		if len(rest) > 0 {
			if cmd := lookup(rest[0]); cmd != nil {
				return c.run(cmd, []string{"-h"})
			}
		}
		usage(c.stdout)
		return exitOK
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(c.stderr, "exportwatch: unknown command %q\n\n", name)
		usage(c.stderr)
		return exitUsage
	}
	return c.run(cmd, rest)
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "exportwatch watches the documents that change US export controls on AI chips.\n\nUsage:")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %s\n        %s\n", cmd.usageLine("\n      "), cmd.about)
	}
	fmt.Fprint(w, `
exportwatch help COMMAND (or COMMAND -h) describes a command and its flags.
--config defaults to $EXPORTWATCH_CONFIG, else ./exportwatch.yaml if it exists,
else built-in defaults. Exit status: 0 ok, 1 runtime failure, 2 usage or config error.
`)
}

func (cmd *command) usageLine(indent string) string {
	return "exportwatch " + cmd.name + " " + strings.ReplaceAll(cmd.args, "\n", indent)
}

// run parses the flags of cmd from args and runs its action: -h prints the
// usage to stdout (exit 0), a bad flag or argument prints it to stderr
// (exit 2). Nothing is opened before the flags parsed.
func (c *cli) run(cmd *command, args []string) int {
	c.cmd = cmd
	c.fs = flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	c.fs.SetOutput(io.Discard)
	if !cmd.bare {
		c.fs.StringVar(&c.config, "config", "", "config file (default $EXPORTWATCH_CONFIG, else ./exportwatch.yaml, else built-in defaults)")
		c.fs.BoolVar(&c.verbose, "v", false, "log progress at info level")
	}
	action := cmd.flags(c.fs)
	pos, err := parseFlags(c.fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(c.stdout, "usage: %s\n\n%s\n", cmd.usageLine("\n       "), cmd.about)
		c.printFlags(c.stdout)
		return exitOK
	case err != nil:
		return c.usage("%v", err)
	case cmd.max == 0 && len(pos) > 0:
		return c.usage("unexpected argument %q", pos[0])
	case len(pos) < cmd.min || (cmd.max >= 0 && len(pos) > cmd.max):
		return c.usage("want %s, got %d", cmd.want, len(pos))
	}
	return action(c, pos)
}

// usage reports a usage error with the command's usage and returns 2.
func (c *cli) usage(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "exportwatch %s: %s\nusage: %s\n", c.cmd.name, fmt.Sprintf(format, a...), c.cmd.usageLine("\n       "))
	c.printFlags(c.stderr)
	return exitUsage
}

func (c *cli) printFlags(w io.Writer) {
	var b strings.Builder
	c.fs.SetOutput(&b)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nflags:\n%s", b.String())
	}
}

// fail reports a runtime failure and returns 1.
func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "exportwatch %s: %v\n", c.cmd.name, err)
	return exitFailure
}

// json writes v as JSON to stdout.
func (c *cli) json(v any) int {
	if err := cliview.JSON(c.stdout, v); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// jsonLine writes v as one line of JSON to stdout (the subscription
// commands' format).
func (c *cli) jsonLine(v any) int {
	if err := json.NewEncoder(c.stdout).Encode(v); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// loadConfig loads the config; a bad config is printed with its file, key
// and reason (ok false: exit 2).
func (c *cli) loadConfig() (config.Config, bool) {
	cfg, err := app.LoadConfig(c.config)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return cfg, false
	}
	return cfg, true
}

// logger is the logger of a one-shot command: warnings and errors, or
// info with -v.
func (c *cli) logger(cfg config.Config) *slog.Logger {
	return app.NewLogger(cfg, c.stderr, true, c.verbose)
}

// open loads the config and opens the whole App.
func (c *cli) open() (*app.App, int) {
	cfg, ok := c.loadConfig()
	if !ok {
		return nil, exitUsage
	}
	a, err := app.Open(c.ctx, cfg, c.logger(cfg), nil)
	if err != nil {
		return nil, c.fail(err)
	}
	return a, exitOK
}

// openStore loads the config and opens only the store, so the command
// works while serve holds the index. st is nil when the command must exit.
func (c *cli) openStore() (cfg config.Config, st *store.Store, code int) {
	cfg, ok := c.loadConfig()
	if !ok {
		return cfg, nil, exitUsage
	}
	st, err := app.OpenStore(c.ctx, cfg, c.logger(cfg))
	if err != nil {
		return cfg, nil, c.fail(err)
	}
	return cfg, st, exitOK
}

// parseFlags parses flags that may come before or after positional
// arguments ("search Inspur --json" as well as "search --json Inspur") and
// returns the positionals; "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if args = fs.Args(); len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// listFlag is a repeatable flag that also splits commas: --country CN,TW --country HK.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
