package classifier

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var realCurve = flag.String("real.curve", "", "run TestRealLearningCurve: the ids file of the held-out development documents (e.g. a corpus round's added-*.txt), never trained on")

// curveQuarters are the training-set sizes of the learning curve, in
// quarters of the development documents that may be trained on.
var curveQuarters = []int{1, 2, 3, 4}

// TestRealLearningCurve says whether the learned part is limited by its
// data: the label model is trained on a quarter, a half, three quarters
// and all of the trainable development documents (those neither held out
// nor in learn.UntrainedFile; the hand-made sets always) and scored on the
// held-out documents, alone (labels at probability 0.5) and inside the
// classifier (rules + that model + a country model trained beside it).
// The held-out documents must be ones the rules were not written from (a
// corpus round measured before any rule changed), or the rules' share is
// an overestimate; the model's share never is. It never opens the frozen
// split.
//
//	go test ./classifier -run 'TestRealLearningCurve$' -real.curve=testdata/real/added-8-de.txt -v
func TestRealLearningCurve(t *testing.T) {
	if *realCurve == "" {
		t.Skip("a measurement, not a check: run with -real.curve=FILE -v")
	}
	dev := loadReal(t, realDev)
	held := readIDs(t, *realCurve)
	test := onlyIDs(dev, held)
	if len(test) == 0 {
		t.Fatalf("%s names no development document", *realCurve)
	}
	skip := readIDs(t, learn.UntrainedFile)
	for id := range held {
		skip[id] = true
	}
	pool := learn.Trainable(dev, skip)
	var extraFiles []string
	for _, f := range learn.TrainingFiles() {
		if f != realDev {
			extraFiles = append(extraFiles, f)
		}
	}
	extra, err := classeval.Load(extraFiles...)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d held-out documents (%s), %d trainable real documents, %d hand-made\n", len(test), *realCurve, len(pool), len(extra))
	fmt.Fprintf(&b, "  %-6s %-14s %5s  %-20s  %-20s\n", "real", "scored as", "exact", "label F1 (P / R)", "country F1 (P / R)")
	for _, q := range curveQuarters {
		train := append([]classeval.Example(nil), extra...)
		n := 0
		for i, e := range pool {
			if i%4 < q {
				train = append(train, e)
				n++
			}
		}
		m := learn.TrainLabelled(train)
		c := New()
		c.model = m
		c.cmodel = TrainCountryModel(m, train)
		alone := func(e classeval.Example) doc.Classification {
			p := m.ProbText(learn.DocText(e.Title, e.Text), nil)
			out := doc.Classification{}
			for i, l := range doc.Labels {
				if p[i] >= 0.5 {
					out.Labels = append(out.Labels, l)
				}
			}
			return out
		}
		full := func(e classeval.Example) doc.Classification {
			return c.Classify(Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
		}
		for _, run := range []struct {
			name    string
			predict func(classeval.Example) doc.Classification
		}{{"model alone", alone}, {"rules + model", full}} {
			r := classeval.Score(test, run.predict)
			fmt.Fprintf(&b, "  %-6d %-14s %5d  %4.2f (%4.2f / %4.2f)", n, run.name, r.ExactDocs, r.Labels.F1(), r.Labels.P(), r.Labels.R())
			if run.name == "model alone" {
				b.WriteString("    -\n") // the label model gives no countries
				continue
			}
			fmt.Fprintf(&b, "    %4.2f (%4.2f / %4.2f)\n", r.Countries.F1(), r.Countries.P(), r.Countries.R())
		}
	}
	t.Log("\n" + b.String())
}
