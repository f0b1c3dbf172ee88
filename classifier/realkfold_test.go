package classifier

import (
	"flag"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var (
	realKFold         = flag.Bool("real.kfold", false, "run TestRealKFold: k-fold cross-validation of rules plus a per-fold model over the real development split")
	realKFoldK        = flag.Int("real.k", 5, "number of folds of TestRealKFold")
	realKFoldMiss     = flag.Bool("real.kfold.errors", false, "with -real.kfold: list every miss (development documents only)")
	realKFoldMin      = flag.String("real.kfold.min", "", "with -real.kfold: comma-separated model probabilities to compare with the committed modelThreshold (summary rows only)")
	realKFoldVeto     = flag.String("real.kfold.veto", "", "with -real.kfold: comma-separated model probabilities below which the model withdraws a rule label, to compare with the committed modelVeto (summary rows only)")
	realKFoldVetoO    = flag.String("real.kfold.vetoother", "", "with -real.kfold: comma-separated model probabilities below which the model withdraws a rule's other_export_control, to compare with the committed modelVetoOther (summary rows only)")
	realKFoldAction   = flag.String("real.kfold.action", "", "with -real.kfold: comma-separated probabilities of any action below which a document's sentence labels are withdrawn, to compare with the committed modelAction (summary rows only; 0 turns the veto off)")
	realKFoldNoCtx    = flag.String("real.kfold.noctx", "", "with -real.kfold: comma-separated label probabilities from which the model reads a document without export-control words, to compare with the committed modelNoContext (summary rows only)")
	realKFoldCMin     = flag.String("real.kfold.cmin", "", "with -real.kfold: comma-separated country-model probabilities to compare with the committed countryMin (summary rows only; 1 turns the country model off)")
	realKFoldCOpt     = flag.String("real.kfold.copt", "", "with -real.kfold: country-model options epochs,rate,l2,mincount,prune instead of the default ones (measurement)")
	realKFoldOpt      = flag.String("real.kfold.opt", "", "with -real.kfold: label-model options epochs,rate,l2,mincount,prune instead of the default ones (measurement)")
	realRealOnly      = flag.Bool("real.kfold.realonly", false, "with -real.kfold: train the models on the real development folds only, without the hand-made sets (measurement)")
	realGrouped       = flag.Bool("real.grouped", false, "with -real.kfold: folds by outlet (leave-outlets-out) instead of round-robin")
	realKFoldTrainAll = flag.Bool("real.kfold.trainall", false, "with -real.kfold: train the folds on the documents of learn.UntrainedFile too (what the committed models leave out)")
	realKFoldNoTrain  = flag.String("real.kfold.notrain", "", "with -real.kfold: leave the documents a file lists out of every training fold (they are still scored): the same folds with and without a corpus round's documents show what its data adds")
	realKFoldOnly     = flag.String("real.kfold.only", "", "with -real.kfold: train on every development fold as usual but score only the documents a file lists (ids one a line, # comments), or, with a leading '!', all but them: compares corpus rounds on the same documents")
)

// kfoldFold is the fold of the i-th development document: documents are
// dealt round-robin in file order, which keeps every group in every fold.
func kfoldFold(i, k int) int { return i % k }

// TestRealKFold is the honest development measure: the real development
// split is cut into k folds; for each fold the learned model is retrained on
// the hand-made sets and the other folds (learn.TrainingFiles() without the
// held fold) and the full classifier (rules + that model) labels the held
// fold. It prints per-group label and country micro-F1 and per-label
// precision and recall. The rules themselves were written while reading the
// development split, so their share is still an overestimate; the model's
// share is not. It never opens the frozen split.
//
//	go test ./classifier -run 'TestRealKFold$' -real.kfold -v
func TestRealKFold(t *testing.T) {
	if !*realKFold {
		t.Skip("a measurement, not a check: run with -real.kfold -v")
	}
	dev := loadReal(t, realDev)
	foldOf := make([]int, len(dev))
	scheme := "round-robin"
	if *realGrouped {
		foldOf = outletFolds(dev, *realKFoldK)
		scheme = "grouped by outlet"
	} else {
		for i := range dev {
			foldOf[i] = kfoldFold(i, *realKFoldK)
		}
	}
	realCrossValidate(t, dev, foldOf, scheme)
}

// realCrossValidate retrains both models without each fold and classifies
// that fold; foldOf gives the fold of each development document.
func realCrossValidate(t *testing.T, dev []classeval.Example, foldOf []int, scheme string) {
	t.Helper()
	k := *realKFoldK
	if k < 2 {
		t.Fatalf("-real.k=%d: need at least 2 folds", k)
	}
	var extraFiles []string
	for _, f := range learn.TrainingFiles() {
		if strings.Contains(f, "frozen") {
			t.Fatalf("%s: the frozen split is never trained on", f)
		}
		if f != realDev && !*realRealOnly {
			extraFiles = append(extraFiles, f)
		}
	}
	extra, err := classeval.Load(extraFiles...)
	if err != nil {
		t.Fatal(err)
	}
	// The committed models are not trained on learn.UntrainedFile's
	// documents; neither are the folds' (-real.kfold.trainall: they are).
	noTrain := map[string]bool{}
	if !*realKFoldTrainAll {
		noTrain = readIDs(t, learn.UntrainedFile)
	}
	if *realKFoldNoTrain != "" {
		maps.Copy(noTrain, readIDs(t, *realKFoldNoTrain))
	}
	type variant struct{ min, cmin, veto, vetoOther, action, noctx float64 }
	mins := []variant{{modelThreshold, countryMin, modelVeto, modelVetoOther, modelAction, modelNoContext}}
	for _, fl := range []struct {
		name, val string
		which     int // 0 label model, 1 country model, 2 veto, 3 veto of other controls, 4 veto of any action, 5 no export context
	}{{"-real.kfold.min", *realKFoldMin, 0}, {"-real.kfold.cmin", *realKFoldCMin, 1}, {"-real.kfold.veto", *realKFoldVeto, 2}, {"-real.kfold.vetoother", *realKFoldVetoO, 3}, {"-real.kfold.action", *realKFoldAction, 4}, {"-real.kfold.noctx", *realKFoldNoCtx, 5}} {
		if fl.val == "" {
			continue
		}
		for _, f := range strings.Split(fl.val, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil || v < 0 || v > 1 {
				t.Fatalf("%s: %q is not a probability", fl.name, f)
			}
			m := mins[0]
			switch fl.which {
			case 0:
				m.min = v
			case 1:
				m.cmin = v + 1e-9
			case 2:
				m.veto = v
			case 3:
				m.vetoOther = v
			case 4:
				m.action = v
			default:
				m.noctx = v
			}
			mins = append(mins, m)
		}
	}
	alt := make([]map[string]doc.Classification, len(mins))
	for i := range alt {
		alt[i] = make(map[string]doc.Classification, len(dev))
	}
	preds := alt[0]
	rules := make(map[string]doc.Classification, len(dev))
	ruleC := New()
	ruleC.model = nil
	ruleC.cmodel = nil
	for fold := 0; fold < k; fold++ {
		train := append([]classeval.Example(nil), extra...)
		for i, e := range dev {
			if foldOf[i] != fold && !noTrain[e.ID] {
				train = append(train, e)
			}
		}
		c := New()
		opt := learn.LabelOptions()
		if *realKFoldOpt != "" {
			if _, err := fmt.Sscanf(*realKFoldOpt, "%d,%g,%g,%d,%g", &opt.Epochs, &opt.Rate, &opt.L2, &opt.MinCount, &opt.Prune); err != nil {
				t.Fatalf("-real.kfold.opt=%q (epochs,rate,l2,mincount,prune): %v", *realKFoldOpt, err)
			}
		}
		c.model = learn.TrainLabelledWith(train, opt)
		copt := learn.DefaultOptions()
		if *realKFoldCOpt != "" {
			if _, err := fmt.Sscanf(*realKFoldCOpt, "%d,%g,%g,%d,%g", &copt.Epochs, &copt.Rate, &copt.L2, &copt.MinCount, &copt.Prune); err != nil {
				t.Fatalf("-real.kfold.copt=%q (epochs,rate,l2,mincount,prune): %v", *realKFoldCOpt, err)
			}
		}
		c.cmodel = trainCountryModelWith(c.model, train, copt)
		for i, e := range dev {
			if foldOf[i] != fold {
				continue
			}
			in := Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang}
			for j, m := range mins {
				c.modelMin, c.countryMin, c.vetoMin, c.vetoOther, c.actionMin, c.noContextMin = m.min, m.cmin, m.veto, m.vetoOther, m.action, m.noctx
				alt[j][e.ID] = c.Classify(in)
			}
			rules[e.ID] = ruleC.Classify(in)
		}
	}
	type run struct {
		name string
		got  map[string]doc.Classification
	}
	runs := []run{{"rules alone", rules}}
	for j, m := range mins {
		runs = append(runs, run{fmt.Sprintf("rules + model p>=%.2f (veto below %.2f, other controls %.2f, any action %.2f, without export words %.2f), country model p>=%.2f, %d-fold %s (models retrained without the held fold)", m.min, m.veto, m.vetoOther, m.action, m.noctx, m.cmin, k, scheme), alt[j]})
	}
	dev = scoredOnly(t, dev, *realKFoldOnly)
	var b strings.Builder
	for _, run := range runs {
		predict := func(e classeval.Example) doc.Classification { return run.got[e.ID] }
		rows := classeval.ByGroup(dev, realGroups, predict)
		classeval.PrintSummary(&b, "development split, "+run.name, rows)
		b.WriteString("\n")
	}
	predict := func(e classeval.Example) doc.Classification { return preds[e.ID] }
	for _, r := range classeval.ByGroup(dev, realGroups, predict) {
		r.Print(&b, "  "+r.Name)
	}
	if *realKFoldMiss {
		for _, msg := range classeval.Score(dev, predict).Errors {
			b.WriteString("  miss " + msg + "\n")
		}
	}
	t.Log("\n" + b.String())
}

// scoredOnly keeps the documents a -real.kfold.only file lists ("!file":
// all but them), so that cross-validations over a grown development split
// can be scored on the documents of the smaller one.
func scoredOnly(t *testing.T, dev []classeval.Example, spec string) []classeval.Example {
	t.Helper()
	if spec == "" {
		return dev
	}
	exclude := strings.HasPrefix(spec, "!")
	ids := readIDs(t, strings.TrimPrefix(spec, "!"))
	var out []classeval.Example
	for _, e := range dev {
		if ids[e.ID] != exclude {
			out = append(out, e)
		}
	}
	return out
}
