package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHelpOpensNothing: -h, --help and `help NAME` of every command print
// its usage line to stdout, exit 0 and create no file (the flags are parsed
// before anything is opened).
func TestHelpOpensNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("EXPORTWATCH_CONFIG", "")
	t.Setenv("EXPORTWATCH_DATA_DIR", "")
	for _, cmd := range (&cli{}).table().Commands {
		for _, args := range [][]string{{cmd.Name, "-h"}, {cmd.Name, "--help"}, {cmd.Name, "x", "-h"}, {"help", cmd.Name}} {
			var out, errb bytes.Buffer
			code := execute(context.Background(), &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
			if code != exitOK || errb.Len() > 0 {
				t.Errorf("%v: exit %d, stderr %q; want 0 and nothing on stderr", args, code, errb.String())
			}
			if want := "usage: exportwatch " + cmd.Name + " " + cmd.Args[:min(len(cmd.Args), 10)]; !strings.HasPrefix(out.String(), want) {
				t.Errorf("%v: stdout %q, want it to start with %q", args, out.String(), want)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a -h created %s in the working directory", e.Name())
	}
}

// TestReadmeListsEveryCommand compares the README's command block with the
// command table, both ways.
func TestReadmeListsEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## The command line\n+```\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no code block under \"## The command line\"")
	}
	block := strings.Join(strings.Fields(string(m[1])), " ")
	table := (&cli{}).table()
	names := map[string]bool{}
	for _, cmd := range table.Commands {
		names[cmd.Name] = true
		if usage := strings.Join(strings.Fields(table.Usage(cmd, "")), " "); !strings.Contains(block, usage) {
			t.Errorf("README's command block lacks %q", usage)
		}
	}
	for _, line := range strings.Split(string(m[1]), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "exportwatch" && !names[f[1]] {
			t.Errorf("README lists %q, which is not a command", f[1])
		}
	}

	var out bytes.Buffer
	if code := execute(context.Background(), &cli{stdout: &out}, []string{"help"}); code != exitOK {
		t.Fatalf("help: exit %d", code)
	}
	help := strings.Join(strings.Fields(out.String()), " ")
	for _, cmd := range table.Commands {
		if usage := strings.Join(strings.Fields(table.Usage(cmd, "")), " "); !strings.Contains(help, usage) {
			t.Errorf("help lacks %q", usage)
		}
	}
}
