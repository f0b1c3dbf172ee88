package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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

// ClassifyLines classifies the JSON lines of data (DESIGN.md: the command
// line) and writes one JSON line per document to w. Input that is not JSON
// lines (its first non-blank line does not start with "{") is classified as
// one plain-text document with the id name. A line that is not valid JSON
// is passed to bad with its number and skipped; the others are classified.
// The error is a write error.
func ClassifyLines(data []byte, name string, w io.Writer, bad func(line int, err error)) error {
	c := classifier.New()
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	write := func(id string, cl doc.Classification) error {
		if err := enc.Encode(classifyOutput{ID: id, Classification: cl}); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		return nil
	}
	if !jsonLines(data) {
		if err := write(name, c.Classify(classifier.Input{ID: name, Text: string(data)})); err != nil {
			return err
		}
		return bw.Flush()
	}
	for lineNo := 1; len(data) > 0; lineNo++ {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		var ci classifyInput
		if err := json.Unmarshal(line, &ci); err != nil {
			bad(lineNo, err)
			continue
		}
		text := ci.Text
		if ci.Body != "" {
			text = strings.TrimSpace(text + "\n" + ci.Body)
		}
		cl := c.Classify(classifier.Input{ID: ci.ID, Title: ci.Title, Abstract: ci.Abstract, Text: text, Lang: ci.Lang, Regtext: ci.Regtext})
		if err := write(ci.ID, cl); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// jsonLines reports whether the first non-blank line starts a JSON object.
func jsonLines(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	return len(t) > 0 && t[0] == '{'
}
