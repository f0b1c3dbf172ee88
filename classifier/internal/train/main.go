// Command train retrains the classifier's learned model from the labelled
// sets (learn.TrainingFiles()) and writes classifier/model.tsv, which the
// classifier embeds. Run it from the module root after the labelled sets
// change:
//
//	go run ./classifier/internal/train
//
// Training is deterministic: TestModelReproducible checks that the
// committed file is what this command writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

func main() {
	dir := flag.String("dir", "classifier", "the classifier package directory (training files are relative to it)")
	out := flag.String("out", "", "where to write the model (default DIR/model.tsv)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dir, "model.tsv")
	}
	text, n, err := Train(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	fmt.Printf("train: %d documents -> %s (%d bytes)\n", n, *out, len(text))
}

// Train reads learn.TrainingFiles() under dir and returns the model text and
// the number of training documents.
func Train(dir string) (string, int, error) {
	var paths []string
	for _, f := range learn.TrainingFiles() {
		if strings.Contains(f, "frozen") {
			return "", 0, fmt.Errorf("%s: the frozen split is never trained on", f)
		}
		paths = append(paths, filepath.Join(dir, f))
	}
	exs, err := classeval.Load(paths...)
	if err != nil {
		return "", 0, err
	}
	return learn.TrainLabelled(exs).Marshal(), len(exs), nil
}
