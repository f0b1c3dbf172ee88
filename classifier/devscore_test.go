package classifier

import (
	"flag"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var (
	devErrors = flag.Bool("dev.errors", false, "list every miss of the real development split")
	devRules  = flag.Bool("dev.rules", false, "score the rules alone (the embedded model is trained on the development split)")
	devFile   = flag.String("dev.file", realDev, "JSON-lines file to score instead of the development split (never the frozen split)")
)

// TestRealDevOnly scores the real development split alone, per group: what
// the classifier is tuned against. It never opens the frozen split (use it
// instead of TestRealCorpus while tuning). Run with -v to see the tables.
func TestRealDevOnly(t *testing.T) {
	if strings.Contains(*devFile, "frozen") {
		t.Fatalf("-dev.file=%s: the frozen split is scored only by TestRealCorpus", *devFile)
	}
	dev := loadReal(t, *devFile)
	c := New()
	if *devRules {
		c.model = nil
	}
	predict := func(e classeval.Example) doc.Classification {
		return c.Classify(Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
	}
	var b strings.Builder
	rows := classeval.ByGroup(dev, realGroups, predict)
	classeval.PrintSummary(&b, "development split ("+*devFile+")", rows)
	for _, r := range rows {
		r.Print(&b, "  "+r.Name)
	}
	if *devErrors {
		for _, msg := range classeval.Score(dev, predict).Errors {
			b.WriteString("  miss " + msg + "\n")
		}
	}
	t.Log("\n" + b.String())
}
