package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type classifyLine struct {
	ID        string             `json:"id"`
	Labels    []string           `json:"labels"`
	Scores    map[string]float64 `json:"scores"`
	Countries []string           `json:"countries"`
	Mentions  []string           `json:"mentions"`
	Entities  []struct {
		Action, Name, Country string
	} `json:"entities"`
	Evidence []struct{ Label, Text string } `json:"evidence"`
}

// runClassify runs `exportwatch classify args...` with stdin.
func runClassify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(context.Background(), &cli{stdin: stdin, stdout: stdout, stderr: stderr}, append([]string{"classify"}, args...))
}

func decodeLines(t *testing.T, out string) []classifyLine {
	t.Helper()
	var res []classifyLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var c classifyLine
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		res = append(res, c)
	}
	return res
}

const classifyJSONL = `{"id": "a", "title": "Additions to the Entity List", "text": "BIS amends the EAR by adding 70 entities to the Entity List under the destinations of China (42), Iran (2), Pakistan (19), South Africa (3), and the United Arab Emirates (4)."}
{"id": "b", "title": "Nvidia unveils gaming GPUs", "text": "New graphics cards ship in March.", "lang": "en"}

{"id": "c", "title": "Zwei Firmen von der Entity List gestrichen", "text": "Das Bureau of Industry and Security hat zwei Unternehmen aus Österreich von der Entity List gestrichen."}
`

func TestClassifyStdin(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := runClassify(nil, strings.NewReader(classifyJSONL), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	got := decodeLines(t, stdout.String())
	if len(got) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(got), stdout.String())
	}
	want := []struct {
		id        string
		labels    []string
		countries []string
	}{
		{"a", []string{"entity_addition"}, []string{"AE", "CN", "IR", "PK", "ZA"}},
		{"b", []string{}, []string{}},
		{"c", []string{"entity_removal"}, []string{"AT"}},
	}
	for i, w := range want {
		if got[i].ID != w.id {
			t.Errorf("line %d id = %q, want %q", i, got[i].ID, w.id)
		}
		if diff := cmp.Diff(w.labels, got[i].Labels); diff != "" {
			t.Errorf("%s labels (-want +got):\n%s", w.id, diff)
		}
		if diff := cmp.Diff(w.countries, got[i].Countries); diff != "" {
			t.Errorf("%s countries (-want +got):\n%s", w.id, diff)
		}
	}
	if got[0].Scores["entity_addition"] < 0.5 || len(got[0].Evidence) == 0 || got[0].Evidence[0].Label != "entity_addition" {
		t.Errorf("scores/evidence missing: %+v", got[0])
	}
	for _, key := range []string{`"id"`, `"labels"`, `"scores"`, `"countries"`, `"mentions"`, `"entities"`, `"evidence"`} {
		if !strings.Contains(stdout.String(), key) {
			t.Errorf("output lacks %s", key)
		}
	}
}

func TestClassifyFileAndDash(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(p, []byte(classifyJSONL), 0o600); err != nil {
		t.Fatal(err)
	}
	var fromFile, fromDash, stderr bytes.Buffer
	if code := runClassify([]string{"--json", p}, strings.NewReader(""), &fromFile, &stderr); code != exitOK {
		t.Fatalf("file: exit %d: %s", code, stderr.String())
	}
	if code := runClassify([]string{"-"}, strings.NewReader(classifyJSONL), &fromDash, &stderr); code != exitOK {
		t.Fatalf("dash: exit %d: %s", code, stderr.String())
	}
	if fromFile.String() != fromDash.String() {
		t.Errorf("file and stdin differ:\n%s\n%s", fromFile.String(), fromDash.String())
	}
}

func TestClassifyPlainText(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "artikel.txt")
	text := "KI-Exportquoten: Österreich landet in Kategorie 2\n\nDie USA teilen die Welt in drei Kategorien auf. Österreich fällt in die zweite Kategorie und muss Exportquoten für KI-Chips einhalten.\n"
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := runClassify([]string{p}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got := decodeLines(t, stdout.String())
	if len(got) != 1 {
		t.Fatalf("plain text gave %d lines, want 1", len(got))
	}
	if got[0].ID != "artikel.txt" {
		t.Errorf("id = %q, want the file name", got[0].ID)
	}
	if diff := cmp.Diff([]string{"tier_change", "quota_change"}, got[0].Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"AT"}, got[0].Countries); diff != "" {
		t.Errorf("countries (-want +got):\n%s", diff)
	}
}

func TestClassifyBadLine(t *testing.T) {
	in := `{"id": "ok1", "text": "BIS adds 3 entities to the Entity List under the destination of Russia."}
{"id": "broken", "text": 
{"id": "ok2", "text": "Nothing here."}
`
	var stdout, stderr bytes.Buffer
	code := runClassify(nil, strings.NewReader(in), &stdout, &stderr)
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(stderr.String(), "line 2") {
		t.Errorf("stderr does not name line 2: %q", stderr.String())
	}
	got := decodeLines(t, stdout.String())
	if len(got) != 2 || got[0].ID != "ok1" || got[1].ID != "ok2" {
		t.Errorf("the good lines were not all classified: %s", stdout.String())
	}
}

func TestClassifyUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runClassify([]string{"a", "b"}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("two files: exit %d, want %d", code, exitUsage)
	}
	if code := runClassify([]string{"--nope"}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", code, exitUsage)
	}
	if code := runClassify([]string{filepath.Join(t.TempDir(), "missing.jsonl")}, nil, &stdout, &stderr); code != exitFailure {
		t.Errorf("missing file: exit %d, want %d", code, exitFailure)
	}
}
