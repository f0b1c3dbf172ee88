package classifier

import (
	"bufio"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var evalVerbose = flag.Bool("eval.errors", false, "print every misclassified development document")

// devSet loads the labelled development set and splits off the held-out ids.
func devSet(t testing.TB) (tuning, heldout []classeval.Example) {
	t.Helper()
	all, err := classeval.Load("testdata/fr-abstracts.jsonl", "testdata/press-handmade.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile("testdata/china-table-2025-02-12-ki-exportquoten.de.txt")
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, classeval.Example{
		ID: "press:china-table-2025-02-12", Text: string(sample),
		Labels: []string{doc.LabelTierChange, doc.LabelQuotaChange}, Countries: []string{"AT", "CN", "DE", "FR", "RU", "US"},
	})
	f, err := os.Open("testdata/heldout.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	held := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			held[l] = true
		}
	}
	for _, e := range all {
		if held[e.ID] {
			heldout = append(heldout, e)
		} else {
			tuning = append(tuning, e)
		}
	}
	return tuning, heldout
}

// TestEvaluation prints per-label precision/recall/F1 and country micro-F1
// on the development set (tuning part and held-out part separately) and
// holds the tuning part to the targets (labels >= 0.92, countries >= 0.90).
// Run with -v to see the tables, -eval.errors to list every miss.
func TestEvaluation(t *testing.T) {
	tuning, heldout := devSet(t)
	c := New()
	predict := func(e classeval.Example) doc.Classification {
		return c.Classify(Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
	}
	var b strings.Builder
	rt := classeval.Score(tuning, predict)
	rt.Print(&b, "development (tuning part)")
	rh := classeval.Score(heldout, predict)
	rh.Print(&b, "development (held-out part)")
	ra := classeval.Score(append(append([]classeval.Example(nil), tuning...), heldout...), predict)
	ra.Print(&b, "development (all)")
	// Texts written after tuning and first classified unseen; their
	// first-run scores are in testdata/README.md (they were used to fix
	// rules afterwards, so these figures are no longer blind).
	for _, f := range []string{"testdata/blind-check.jsonl", "testdata/blind-check-2.jsonl", "testdata/blind-3.jsonl", "testdata/blind-4.jsonl"} {
		ex, err := classeval.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		classeval.Score(ex, predict).Print(&b, f)
	}
	t.Log("\n" + b.String())
	if *evalVerbose {
		for _, e := range rt.Errors {
			t.Log(e)
		}
	}
	if f := rt.Labels.F1(); f < 0.92 {
		t.Errorf("label micro-F1 on the tuning set = %.3f, want >= 0.92", f)
	}
	if f := rt.Countries.F1(); f < 0.90 {
		t.Errorf("country micro-F1 on the tuning set = %.3f, want >= 0.90", f)
	}
}
