// Command exportwatch watches the documents that change US export controls
// on AI chips: it crawls, classifies, indexes, alerts and serves them.
//
// Usage: exportwatch <command> [flags]; see `exportwatch help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes (DESIGN.md: the command line is a contract).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

const usage = `exportwatch watches the documents that change US export controls on AI chips.

Usage:
  exportwatch serve     [--config FILE]              scheduler + senders + HTTP, until SIGINT/SIGTERM
  exportwatch crawl     [--config FILE] [--source NAME] [--since YYYY-MM-DD]
  exportwatch search    [--config FILE] [--json] [--country CC] [--label L] [--source S]
                        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|newest|oldest] [--limit N] QUERY
  exportwatch show      [--config FILE] [--json] ID
  exportwatch classify  [--json] [FILE|-]            JSON lines in, JSON lines out
  exportwatch reindex   [--config FILE]              rebuild the index from the store
  exportwatch reclassify [--config FILE] [--since YYYY-MM-DD]
  exportwatch sources   [--config FILE] [--json]     health of each source
  exportwatch subscribe [--config FILE] --name N [filters] CHANNEL [--digest HH:MM --tz ZONE] [--backfill 90d]
  exportwatch subscriptions [--config FILE] list|show ID|delete ID|test ID
  exportwatch deliveries    [--config FILE] [--failed] | retry ID
  exportwatch backup    [--config FILE] FILE          online copy of the SQLite store
  exportwatch restore   [--config FILE] FILE          replace the store with a backup (service stopped)
  exportwatch check     [--config FILE] [--json]      store integrity, index consistent with the store

--config defaults to $EXPORTWATCH_CONFIG, else ./exportwatch.yaml if it exists,
else built-in defaults. Exit status: 0 ok, 1 runtime failure, 2 usage or config error.
`

// run dispatches to a subcommand and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "crawl":
		return runCrawl(ctx, rest, stdout, stderr)
	case "search":
		return runSearch(ctx, rest, stdout, stderr)
	case "show":
		return runShow(ctx, rest, stdout, stderr)
	case "classify":
		return runClassify(rest, stdin, stdout, stderr)
	case "reindex":
		return runReindex(ctx, rest, stdout, stderr)
	case "reclassify":
		return runReclassify(ctx, rest, stdout, stderr)
	case "sources":
		return runSources(ctx, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "subscribe", "subscriptions", "deliveries":
		return runNotifyCommand(ctx, cmd, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "exportwatch: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// parseFlags parses flags that may come before or after positional
// arguments ("search Inspur --json" as well as "search --json Inspur") and
// returns the positionals. Errors are usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseArgs is parseFlags that also checks for exactly n positionals (n < 0:
// any number); what names them in the error ("exactly one document ID").
func parseArgs(fs *flag.FlagSet, args []string, n int, what string) ([]string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case n == 0 && len(pos) > 0:
		return nil, fmt.Errorf("unexpected argument %q", pos[0])
	case n > 0 && len(pos) != n:
		return nil, errors.New("want " + what)
	}
	return pos, nil
}

// usageError prints a usage error with the command's flags and returns 2.
func usageError(stderr io.Writer, fs *flag.FlagSet, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		return exitUsage
	}
	fmt.Fprintf(stderr, "exportwatch %s: %v\n", fs.Name(), err)
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if b.Len() > 0 {
		fmt.Fprintf(stderr, "flags:\n%s", b.String())
	}
	return exitUsage
}

// stringList is a repeatable flag that also splits commas: --country CN,TW --country HK.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
