// Command exportwatch-eval measures the classifier on labelled JSON lines
// ({"id", "title", "text", "lang", "labels", "countries"}) and prints
// per-label precision, recall and F1, label micro-F1 and country micro-F1.
//
//	go run ./cmd/exportwatch-eval [-errors] classifier/testdata/*.jsonl
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("exportwatch-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	errs := fs.Bool("errors", false, "list every document whose labels or countries are wrong")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: exportwatch-eval [-errors] FILE.jsonl...")
		return 2
	}
	examples, err := classeval.Load(fs.Args()...)
	if err != nil {
		fmt.Fprintln(stderr, "exportwatch-eval:", err)
		return 1
	}
	c := classifier.New()
	r := classeval.Score(examples, func(e classeval.Example) doc.Classification {
		return c.Classify(classifier.Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
	})
	r.Print(stdout, fmt.Sprintf("classifier %s", classifier.Version))
	if *errs {
		for _, e := range r.Errors {
			fmt.Fprintln(stdout, e)
		}
	}
	return 0
}
