// Command train retrains the classifier's learned models from the labelled
// sets (learn.TrainingFiles()) and writes classifier/model.tsv (labels) and
// classifier/countries.tsv (country selection), which the classifier
// embeds. Run it from the module root after the labelled sets
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

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

func main() {
	dir := flag.String("dir", "classifier", "the classifier package directory (training files are relative to it)")
	out := flag.String("out", "", "where to write the label model (default DIR/model.tsv)")
	cout := flag.String("countries", "", "where to write the country model (default DIR/countries.tsv)")
	flag.Parse()
	if *out == "" {
		*out = filepath.Join(*dir, "model.tsv")
	}
	if *cout == "" {
		*cout = filepath.Join(*dir, "countries.tsv")
	}
	text, ctext, n, err := Train(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
	for _, f := range []struct{ path, text string }{{*out, text}, {*cout, ctext}} {
		if err := os.WriteFile(f.path, []byte(f.text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "train:", err)
			os.Exit(1)
		}
		fmt.Printf("train: %d documents -> %s (%d bytes)\n", n, f.path, len(f.text))
	}
}

// Train reads learn.TrainingFiles() under dir and returns the label model's
// text, the country model's text and the number of training documents.
func Train(dir string) (string, string, int, error) {
	var paths []string
	for _, f := range learn.TrainingFiles() {
		if strings.Contains(f, "frozen") {
			return "", "", 0, fmt.Errorf("%s: the frozen split is never trained on", f)
		}
		paths = append(paths, filepath.Join(dir, f))
	}
	exs, err := classeval.Load(paths...)
	if err != nil {
		return "", "", 0, err
	}
	skip, err := readIDs(filepath.Join(dir, learn.UntrainedFile))
	if err != nil {
		return "", "", 0, err
	}
	exs = learn.Trainable(exs, skip)
	m := learn.TrainLabelled(exs)
	return m.Marshal(), classifier.TrainCountryModel(m, exs).Marshal(), len(exs), nil
}

// readIDs reads a file of document ids, one a line; blank lines and lines
// starting with '#' are skipped.
func readIDs(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("untrained ids: %w", err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			ids[line] = true
		}
	}
	return ids, nil
}
