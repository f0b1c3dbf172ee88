package classifier

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var (
	kfoldFiles = flag.String("learn.kfold", "", "comma-separated JSON-lines files: k-fold cross-validation of rules alone against rules plus the learned model")
	kfoldExtra = flag.String("learn.extra", "", "comma-separated JSON-lines files added to every training fold (never scored)")
	kfoldOpt   = flag.String("learn.opt", "", "experiment: epochs,rate,l2,mincount instead of the default options")
	kfoldTest  = flag.String("learn.test", "", "with it, no folds: train on -learn.extra and score this file once (never the frozen split)")
)

// TestKFold is the measurement behind the decision whether (and how) the
// learned model joins the rules: each fold is classified by the rules, by
// the model trained on the other folds, and by combinations.
func TestKFold(t *testing.T) {
	if *kfoldFiles == "" && *kfoldTest == "" {
		t.Skip("a measurement, not a check: run with -learn.kfold=FILE[,FILE] (or -learn.test=FILE -learn.extra=FILES) -v")
	}
	var exs []classeval.Example
	var err error
	if *kfoldFiles != "" {
		if exs, err = classeval.Load(strings.Split(*kfoldFiles, ",")...); err != nil {
			t.Fatal(err)
		}
	}
	var extra []learn.Example
	if *kfoldExtra != "" {
		more, err := classeval.Load(strings.Split(*kfoldExtra, ",")...)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range more {
			extra = append(extra, learn.Example{Text: e.Title + "\n" + e.Text, Labels: e.Labels})
		}
	}
	k := 5
	if *kfoldTest != "" {
		if strings.Contains(*kfoldTest, "frozen") {
			t.Fatal("the frozen split is scored only by TestRealCorpus")
		}
		exs, err = classeval.Load(*kfoldTest)
		if err != nil {
			t.Fatal(err)
		}
		k = 1 // one "fold": every test example, the model trained on extra alone
	}
	c := New()
	c.model = nil // the rules alone: the embedded model has seen these documents
	type pred struct {
		rules doc.Classification
		prob  []float64
	}
	preds := make([]pred, len(exs))
	for fold := 0; fold < k; fold++ {
		train := append([]learn.Example(nil), extra...)
		for i, e := range exs {
			if k > 1 && i%k != fold {
				train = append(train, learn.Example{Text: e.Title + "\n" + e.Text, Labels: e.Labels})
			}
		}
		opt := learn.DefaultOptions()
		if *kfoldOpt != "" {
			if _, err := fmt.Sscanf(*kfoldOpt, "%d,%g,%g,%d", &opt.Epochs, &opt.Rate, &opt.L2, &opt.MinCount); err != nil {
				t.Fatalf("-learn.opt: %v", err)
			}
		}
		m := learn.Train(doc.Labels, train, opt)
		for i, e := range exs {
			if i%k != fold {
				continue
			}
			preds[i].rules = c.Classify(Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
			preds[i].prob = m.Prob(learn.Features(nil, e.Title+"\n"+e.Text, nil), nil)
		}
	}
	index := map[string]int{}
	for i, e := range exs {
		index[e.ID] = i
	}
	var b strings.Builder
	run := func(name string, combine func(p pred) []string) {
		r := classeval.Score(exs, func(e classeval.Example) doc.Classification {
			p := preds[index[e.ID]]
			out := p.rules
			out.Labels = combine(p)
			return out
		})
		fmt.Fprintf(&b, "%-40s labels P %.2f R %.2f F1 %.3f  exact %d/%d\n", name, r.Labels.P(), r.Labels.R(), r.Labels.F1(), r.ExactDocs, r.Docs)
	}
	run("rules", func(p pred) []string { return p.rules.Labels })
	for _, th := range []float64{0.5, 0.7} {
		run(fmt.Sprintf("model p>=%.1f", th), func(p pred) []string {
			var out []string
			for i, l := range doc.Labels {
				if p.prob[i] >= th {
					out = append(out, l)
				}
			}
			return out
		})
	}
	for _, hi := range []float64{0.6, 0.7, 0.8, 0.9} {
		for _, lo := range []float64{0, 0.1, 0.2} {
			for _, weak := range []float64{0.7, 0.9} {
				run(fmt.Sprintf("rules + model>=%.1f - model<%.1f if rule<%.1f", hi, lo, weak), func(p pred) []string {
					var out []string
					for i, l := range doc.Labels {
						has := slices.Contains(p.rules.Labels, l)
						if has && p.prob[i] < lo && p.rules.Scores[l] < weak {
							has = false
						}
						if !has && p.prob[i] >= hi {
							has = true
						}
						if has {
							out = append(out, l)
						}
					}
					return out
				})
			}
		}
	}
	t.Log("\n" + b.String())
}
