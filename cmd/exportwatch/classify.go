package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/doc"
)

// classifyInput is one JSON line of `exportwatch classify`: id, title, text
// and an optional lang; abstract, body and regtext are read when present.
type classifyInput struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Text     string        `json:"text"`
	Lang     string        `json:"lang"`
	Abstract string        `json:"abstract"`
	Body     string        `json:"body"`
	Regtext  []doc.Regtext `json:"regtext"`
}

// classifyOutput is one JSON line written: the id, then the classification
// (labels, scores, countries, mentions, entities, evidence, language,
// classifier_version).
type classifyOutput struct {
	ID string `json:"id"`
	doc.Classification
}

// runClassify implements `exportwatch classify [--json] [FILE|-]`: JSON lines
// in, JSON lines out. Input that is not JSON lines (its first non-blank line
// does not start with "{") is classified as one plain-text document whose id
// is the file name. A line that is not valid JSON is reported on stderr with
// its line number and skipped; the others are still classified and the exit
// status is then 1. Usage errors exit 2.
func runClassify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.Bool("json", true, "write JSON lines (the only output format; accepted for symmetry with other commands)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageError(stderr, fs, err)
	}
	if len(pos) > 1 {
		return usageError(stderr, fs, fmt.Errorf("at most one FILE (or - for stdin), got %d", len(pos)))
	}
	name, in := "stdin", stdin
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "exportwatch classify: %v\n", err)
			return exitFailure
		}
		defer f.Close()
		name, in = filepath.Base(pos[0]), f
	}
	data, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch classify: read %s: %v\n", name, err)
		return exitFailure
	}
	c := classifier.New()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	write := func(id string, cl doc.Classification) error {
		return enc.Encode(classifyOutput{ID: id, Classification: cl})
	}

	if !jsonLines(data) {
		if err := write(name, c.Classify(classifier.Input{ID: name, Text: string(data)})); err != nil {
			fmt.Fprintf(stderr, "exportwatch classify: write: %v\n", err)
			return exitFailure
		}
		return flush(w, stderr)
	}

	status := exitOK
	lineNo := 0
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		lineNo++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var ci classifyInput
		if err := json.Unmarshal(line, &ci); err != nil {
			fmt.Fprintf(stderr, "exportwatch classify: %s line %d: invalid JSON: %v\n", name, lineNo, err)
			status = exitFailure
			continue
		}
		text := ci.Text
		if ci.Body != "" {
			text = strings.TrimSpace(text + "\n" + ci.Body)
		}
		cl := c.Classify(classifier.Input{ID: ci.ID, Title: ci.Title, Abstract: ci.Abstract, Text: text, Lang: ci.Lang, Regtext: ci.Regtext})
		if err := write(ci.ID, cl); err != nil {
			fmt.Fprintf(stderr, "exportwatch classify: write: %v\n", err)
			return exitFailure
		}
	}
	if code := flush(w, stderr); code != exitOK {
		return code
	}
	return status
}

// jsonLines reports whether the first non-blank line starts a JSON object.
func jsonLines(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	return len(t) > 0 && t[0] == '{'
}

func flush(w *bufio.Writer, stderr io.Writer) int {
	if err := w.Flush(); err != nil && !errors.Is(err, os.ErrClosed) {
		fmt.Fprintf(stderr, "exportwatch classify: write: %v\n", err)
		return exitFailure
	}
	return exitOK
}
