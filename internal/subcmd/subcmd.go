// Package subcmd runs a table of subcommands on the standard flag package,
// so that every command of a program behaves alike: its flags may come
// before and after its positionals, it parses them before its action runs
// (so -h opens nothing), -h prints its usage to stdout and exits 0, and a
// bad flag or argument prints the reason and the usage to stderr and
// exits 2.
package subcmd

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Command is one row of a Table.
type Command struct {
	Name  string
	Args  string // the usage after the name; a newline continues it
	About string // one line
	Min   int    // positionals: at least Min,
	Max   int    // at most Max (-1: any number)
	Want  string // names the positionals in a usage error ("exactly one ID")
	// Flags registers the command's flags on fs and returns its action.
	Flags func(fs *flag.FlagSet) Action
}

// Action runs a command with its positionals, after its flags parsed. It
// returns nil (exit 0), an error from Usagef (exit 2 with the usage), an
// *ExitError (its code), or another error (exit 1). Errors are printed as
// "prog name: error".
type Action func(pos []string) error

// ExitError ends a command with Code; Err, when not nil, is printed.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Exit returns an *ExitError.
func Exit(code int, err error) error { return &ExitError{Code: code, Err: err} }

type usageError struct{ error }

// Usagef reports a usage error: the command prints it with its usage and
// exits 2.
func Usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// Table is the commands of one program.
type Table struct {
	Prog     string // "exportwatch"
	Intro    string // printed before the list of commands
	Outro    string // printed after it
	Commands []Command
}

// Run runs the command args[0] names with args[1:] and returns the exit
// status. No arguments print the help to stderr (exit 2); "help", "-h" and
// "--help" print it to stdout, and "help NAME" prints NAME's usage.
func (t Table) Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		t.help(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := t.lookup(args[1]); c != nil {
				return t.run(c, []string{"-h"}, stdout, stderr)
			}
		}
		t.help(stdout)
		return 0
	}
	c := t.lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n", t.Prog, args[0])
		t.help(stderr)
		return 2
	}
	return t.run(c, args[1:], stdout, stderr)
}

func (t Table) lookup(name string) *Command {
	for i := range t.Commands {
		if t.Commands[i].Name == name {
			return &t.Commands[i]
		}
	}
	return nil
}

// Usage is the usage line of c; continuation lines start with indent.
func (t Table) Usage(c Command, indent string) string {
	return t.Prog + " " + c.Name + " " + strings.ReplaceAll(c.Args, "\n", "\n"+indent)
}

func (t Table) help(w io.Writer) {
	fmt.Fprintf(w, "%s\nUsage:\n", t.Intro)
	for _, c := range t.Commands {
		fmt.Fprintf(w, "  %s\n        %s\n", t.Usage(c, "      "), c.About)
	}
	fmt.Fprintf(w, "\n%s help COMMAND (or COMMAND -h) describes a command and its flags.\n%s", t.Prog, t.Outro)
}

func (t Table) run(c *Command, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	action := c.Flags(fs)
	pos, err := Parse(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(stdout, "usage: %s\n\n%s\n", t.Usage(*c, "       "), c.About)
		printFlags(stdout, fs)
		return 0
	case err != nil:
		err = usageError{err}
	case c.Max == 0 && len(pos) > 0:
		err = Usagef("unexpected argument %q", pos[0])
	case len(pos) < c.Min || (c.Max >= 0 && len(pos) > c.Max):
		err = Usagef("want %s, got %d", c.Want, len(pos))
	default:
		err = action(pos)
	}
	var exit *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.Err != nil {
			fmt.Fprintf(stderr, "%s %s: %v\n", t.Prog, c.Name, exit.Err)
		}
		return exit.Code
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "%s %s: %v\nusage: %s\n", t.Prog, c.Name, err, t.Usage(*c, "       "))
		printFlags(stderr, fs)
		return 2
	}
	fmt.Fprintf(stderr, "%s %s: %v\n", t.Prog, c.Name, err)
	return 1
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if b.Len() > 0 {
		fmt.Fprintf(w, "\nflags:\n%s", b.String())
	}
}

// Parse parses flags that may come before or after positional arguments
// ("search Inspur --json" as well as "search --json Inspur") and returns
// the positionals; "--" ends the flags.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
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

// List is a repeatable flag whose values may also be comma lists:
// --country CN,TW --country HK.
type List []string

func (l *List) String() string { return strings.Join(*l, ",") }

// Set adds the comma-separated values of v.
func (l *List) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// Repeated is a flag that may be given several times; each value is kept
// whole (commas included).
type Repeated []string

func (r *Repeated) String() string { return strings.Join(*r, " ") }

// Set adds v.
func (r *Repeated) Set(v string) error {
	*r = append(*r, strings.TrimSpace(v))
	return nil
}
