package subcmd

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// table has one command that records what its action saw and returns err.
func table(got *[]string, json *bool, err error) Table {
	return Table{Prog: "prog", Intro: "prog does things.\n", Commands: []Command{{
		Name: "get", Args: "[--json] ID...", About: "get things", Min: 1, Max: 2, Want: "one or two IDs",
		Flags: func(fs *flag.FlagSet) Action {
			fs.BoolVar(json, "json", false, "print JSON")
			return func(pos []string) error { *got = pos; return err }
		},
	}}}
}

func TestRun(t *testing.T) {
	for name, tc := range map[string]struct {
		args           []string
		actionErr      error
		code           int
		pos            []string
		json           bool
		stdout, stderr string // substrings; "" means empty
		ranAction      bool
	}{
		"flags before":        {args: []string{"get", "--json", "a"}, pos: []string{"a"}, json: true},
		"flags after":         {args: []string{"get", "a", "--json", "b"}, pos: []string{"a", "b"}, json: true},
		"double dash":         {args: []string{"get", "--", "-a"}, pos: []string{"-a"}},
		"help":                {args: []string{"get", "a", "-h"}, stdout: "usage: prog get [--json] ID...\n\nget things\n\nflags:\n  -json"},
		"help command":        {args: []string{"help", "get"}, stdout: "usage: prog get"},
		"program help":        {args: []string{"--help"}, stdout: "prog does things.\n\nUsage:\n  prog get [--json] ID...\n        get things\n"},
		"no arguments":        {args: nil, code: 2, stderr: "Usage:"},
		"unknown command":     {args: []string{"put"}, code: 2, stderr: `prog: unknown command "put"`},
		"bad flag":            {args: []string{"get", "--jsn", "a"}, code: 2, stderr: "prog get: flag provided but not defined: -jsn\nusage: prog get"},
		"too few":             {args: []string{"get"}, code: 2, stderr: "prog get: want one or two IDs, got 0\nusage:"},
		"too many":            {args: []string{"get", "a", "b", "c"}, code: 2, stderr: "want one or two IDs, got 3"},
		"usage from action":   {args: []string{"get", "a"}, actionErr: Usagef("bad %s", "ID"), code: 2, pos: []string{"a"}, stderr: "prog get: bad ID\nusage: prog get"},
		"failure from action": {args: []string{"get", "a"}, actionErr: errors.New("disk full"), code: 1, pos: []string{"a"}, stderr: "prog get: disk full\n"},
		"exit code":           {args: []string{"get", "a"}, actionErr: Exit(2, errors.New("bad config")), code: 2, pos: []string{"a"}, stderr: "prog get: bad config\n"},
		"silent exit":         {args: []string{"get", "a"}, actionErr: Exit(1, nil), code: 1, pos: []string{"a"}},
	} {
		t.Run(name, func(t *testing.T) {
			var pos []string
			var json bool
			var out, errb bytes.Buffer
			code := table(&pos, &json, tc.actionErr).Run(tc.args, &out, &errb)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errb.String())
			}
			if diff := cmp.Diff(tc.pos, pos); diff != "" {
				t.Errorf("positionals (-want +got):\n%s", diff)
			}
			if json != tc.json {
				t.Errorf("--json = %v, want %v", json, tc.json)
			}
			for _, s := range []struct{ name, got, want string }{{"stdout", out.String(), tc.stdout}, {"stderr", errb.String(), tc.stderr}} {
				if (s.want == "") != (s.got == "") || !strings.Contains(s.got, s.want) {
					t.Errorf("%s = %q, want it to contain %q", s.name, s.got, s.want)
				}
			}
		})
	}
}

func TestList(t *testing.T) {
	var l List
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Var(&l, "country", "")
	if err := fs.Parse([]string{"--country", "CN, TW", "--country", "HK", "--country", ","}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(List{"CN", "TW", "HK"}, l); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}
