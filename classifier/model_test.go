package classifier

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

// TestModelReproducible retrains the learned model from learn.TrainingFiles()
// and compares it with the committed model.tsv: the weights in the
// repository are exactly what `go run ./classifier/internal/train` makes.
// A weight may differ by rounding noise (another CPU's floating point), and
// a feature near the pruning limit may then appear on one side only.
func TestModelReproducible(t *testing.T) {
	for _, f := range learn.TrainingFiles() {
		if strings.Contains(f, "frozen") {
			t.Fatalf("%s: the frozen split must never be trained on", f)
		}
	}
	exs, err := classeval.Load(learn.TrainingFiles()...)
	if err != nil {
		t.Fatal(err)
	}
	exs = learn.Trainable(exs, readIDs(t, learn.UntrainedFile))
	got := learn.TrainLabelled(exs)
	if got.Marshal() == modelText {
		return
	}
	want, err := learn.Unmarshal(modelText)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-3
	near := func(ws []float64) bool {
		for _, w := range ws {
			if math.Abs(w) >= learn.DefaultOptions().Prune+tol {
				return false
			}
		}
		return true
	}
	bad := 0
	for f, w := range want.Weights {
		g, ok := got.Weights[f]
		switch {
		case !ok && !near(w):
			t.Errorf("feature %s: committed, not retrained", want.Names[f])
			bad++
		case ok:
			for i := range w {
				if math.Abs(w[i]-g[i]) > tol {
					t.Errorf("feature %s label %s: committed %v, retrained %v", want.Names[f], want.Labels[i], w[i], g[i])
					bad++
					break
				}
			}
		}
		if bad > 10 {
			t.Fatal("model.tsv is stale: run go run ./classifier/internal/train")
		}
	}
	for f, g := range got.Weights {
		if _, ok := want.Weights[f]; !ok && !near(g) {
			t.Errorf("feature %s: retrained, not committed", got.Names[f])
		}
	}
	if t.Failed() {
		t.Log("model.tsv is stale: run go run ./classifier/internal/train")
	}
}

// toyModel trains a label model on made-up words, so that the rules see
// nothing: text carries label, "weather report sunny" none.
func toyModel(text, label string) *learn.Model {
	var toy []learn.Example
	for i := 0; i < 20; i++ {
		toy = append(toy, learn.Example{Text: text, Labels: []string{label}}, learn.Example{Text: "weather report sunny", Labels: nil})
	}
	return learn.Train(doc.Labels, toy, learn.Options{Epochs: 30, Rate: 0.5, MinCount: 1})
}

// TestLearnedLabelEvidence: a label only the model gives carries the
// sentence whose words weigh most for it, and that sentence's countries.
// The model here is trained on made-up words so that the rules see nothing.
func TestLearnedLabelEvidence(t *testing.T) {
	c := New()
	c.model = toyModel("the zorblat quibbix rule", doc.LabelQuotaChange)
	got := c.Classify(Input{Title: "News", Text: "Markets were calm. The zorblat quibbix rule now applies to exports to Brazil."})
	if diff := cmp.Diff([]string{doc.LabelQuotaChange}, got.Labels); diff != "" {
		t.Fatalf("labels (-want +got):\n%s", diff)
	}
	want := []doc.Evidence{{Label: doc.LabelQuotaChange, Text: "The zorblat quibbix rule now applies to exports to Brazil."}}
	if diff := cmp.Diff(want, got.Evidence); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"BR"}, got.Countries); diff != "" {
		t.Errorf("countries (-want +got):\n%s", diff)
	}
	// A document that names no export control in the lexicon's words gets
	// a label from the model only where the model is surer of it than
	// noContextMin (modelNoContext): business news that happens to use a
	// rule's words does not.
	noContext := Input{Title: "News", Text: "Markets were calm. The zorblat quibbix rule now applies to Brazil."}
	st := c.prepare(noContext)
	if st.exportContext() {
		t.Fatal("the hand-made document names an export control")
	}
	p := c.model.ProbDoc(st.norm[:st.titleEnd()], st.norm[st.titleEnd()+1:], nil)[slices.Index(doc.Labels, doc.LabelQuotaChange)]
	for _, tc := range []struct {
		min  float64
		want []string
	}{{p + 0.01, nil}, {p - 0.01, []string{doc.LabelQuotaChange}}} {
		c.noContextMin = tc.min
		if got := c.Classify(noContext); !slices.Equal(got.Labels, tc.want) {
			t.Errorf("no export context, model at %.2f, gate at %.2f: labels %v, want %v", p, tc.min, got.Labels, tc.want)
		}
	}
	c.noContextMin = modelNoContext
	// Off-domain documents stay unlabelled whatever the model says.
	if got := c.Classify(Input{Title: "Air quality", Text: "Under the Clean Air Act the zorblat quibbix rule applies."}); len(got.Labels) != 0 {
		t.Errorf("off-domain document labelled %v", got.Labels)
	}
}

// TestLearnedLabelNeedsItsOwnSentence: the model does not take as evidence a
// sentence the rules gave to another label, nor one the rules read for the
// same label and judged background (history). Toy model on made-up words.
func TestLearnedLabelNeedsItsOwnSentence(t *testing.T) {
	train := func(label string) *learn.Model {
		var toy []learn.Example
		for i := 0; i < 20; i++ {
			toy = append(toy, learn.Example{Text: "zorblat quibbix", Labels: []string{label}}, learn.Example{Text: "weather report sunny", Labels: nil})
		}
		return learn.Train(doc.Labels, toy, learn.Options{Epochs: 30, Rate: 0.5, MinCount: 1})
	}
	for name, tc := range map[string]struct {
		label string
		in    Input
		want  []string
	}{
		"the listing sentence is no other control": {
			label: doc.LabelOtherExportControl,
			in:    Input{Title: "News", Text: "Markets were calm. The Commerce Department added 12 zorblat quibbix companies in China to the Entity List."},
			want:  []string{doc.LabelEntityAddition},
		},
		"another sentence naming a control of its own may be": {
			label: doc.LabelOtherExportControl,
			in:    Input{Title: "News", Text: "The Commerce Department added 12 companies in China to the Entity List. The zorblat quibbix rule also restricts exports of memory chips."},
			want:  []string{doc.LabelEntityAddition, doc.LabelOtherExportControl},
		},
		"the listing's own terms are no other control": {
			// export-controls.md: a licence requirement and "cut off from US
			// technology" come with an Entity List entry.
			label: doc.LabelOtherExportControl,
			in:    Input{Title: "News", Text: "The Commerce Department added 12 companies in China to the Entity List. The zorblat quibbix companies are cut off from US technology."},
			want:  []string{doc.LabelEntityAddition},
		},
		"history is no addition": {
			label: doc.LabelEntityAddition,
			in:    Input{Title: "News", Lang: "de", Text: "Huawei wurde bereits 2019 als zorblat quibbix auf die Entity List gesetzt."},
			want:  []string{},
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := New()
			c.model = train(tc.label)
			c.vetoMin, c.vetoOther = 0, 0 // the toy model knows one label only; TestModelVeto tests the veto
			got := c.Classify(tc.in)
			if diff := cmp.Diff(tc.want, got.Labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s\nevidence %v", diff, got.Evidence)
			}
		})
	}
}

// TestModelVeto: a label the rules read from a sentence is withdrawn when
// the model finds no support for it in the document, except in an
// agency's own register (a Federal Register rule or notice), which the
// rules read exactly. Other controls have a veto of their own, except in a
// feed item (feedItem). Toy model on made-up words: it has learnt that
// documents with "zorblat" carry no label at all.
func TestModelVeto(t *testing.T) {
	var toy []learn.Example
	for i := 0; i < 20; i++ {
		toy = append(toy, learn.Example{Text: "zorblat quibbix", Labels: nil}, learn.Example{Text: "weather report sunny", Labels: []string{doc.LabelOtherExportControl}})
	}
	c := New()
	c.model = learn.Train(doc.Labels, toy, learn.Options{Epochs: 30, Rate: 0.5, MinCount: 1})
	press := Input{Title: "News", Text: "Zorblat quibbix: the Commerce Department added 12 companies in China to the Entity List."}
	otherFeed := Input{Title: "News", Text: "Zorblat quibbix: the Commerce Department imposed new export controls on advanced computing chips, with a licence requirement for exports to China."}
	// The same past feedBody: a whole article, where the model's doubt counts.
	other := Input{Title: "News", Text: otherFeed.Text + strings.Repeat(" Zorblat quibbix zorblat quibbix, zorblat quibbix.", 12)}
	agency := Input{Title: "Additions to the Entity List", Text: "Zorblat quibbix: in this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) by adding 12 entities under the destination of China to the Entity List."}
	for _, tc := range []struct {
		name            string
		veto, vetoOther float64
		in              Input
		want            []string
	}{
		{"press, veto off", 0, 0, press, []string{doc.LabelEntityAddition}},
		{"press, veto on", modelVeto, 0, press, []string{}},
		{"press, only the veto of other controls", 0, modelVetoOther, press, []string{doc.LabelEntityAddition}},
		{"other control, veto off", 0, 0, other, []string{doc.LabelOtherExportControl}},
		{"other control, only the veto of other controls", 0, modelVetoOther, other, []string{}},
		{"feed item, only the veto of other controls", 0, modelVetoOther, otherFeed, []string{doc.LabelOtherExportControl}},
		{"feed item, veto on", modelVeto, modelVetoOther, otherFeed, []string{}},
		{"agency register, veto on", modelVeto, modelVetoOther, agency, []string{doc.LabelEntityAddition}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.vetoMin, c.vetoOther = tc.veto, tc.vetoOther
			got := c.Classify(tc.in)
			if diff := cmp.Diff(tc.want, got.Labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s", diff)
			}
			if len(tc.want) == 0 && len(got.Countries) != 0 {
				t.Errorf("countries %v without a label", got.Countries)
			}
		})
	}
}

// TestCountryModelReproducible retrains the country model the way the
// train command does and compares it with the committed countries.tsv.
func TestCountryModelReproducible(t *testing.T) {
	exs, err := classeval.Load(learn.TrainingFiles()...)
	if err != nil {
		t.Fatal(err)
	}
	exs = learn.Trainable(exs, readIDs(t, learn.UntrainedFile))
	want, err := learn.Unmarshal(countryModelText)
	if err != nil {
		t.Fatal(err)
	}
	got := TrainCountryModel(learn.TrainLabelled(exs), exs)
	if got.Marshal() == countryModelText {
		return
	}
	const tol = 1e-3
	bad := 0
	for f, w := range want.Weights {
		g, ok := got.Weights[f]
		if !ok && math.Abs(w[0]) >= learn.DefaultOptions().Prune+tol || ok && math.Abs(w[0]-g[0]) > tol {
			t.Errorf("feature %s: committed %v, retrained %v", want.Names[f], w, g)
			bad++
		}
		if bad > 10 {
			break
		}
	}
	if t.Failed() {
		t.Log("countries.tsv is stale: run go run ./classifier/internal/train")
	}
}

// TestCountryModelAddsPartyCountry: a country the rules miss but the
// model reads as the parties' one is added, and a country only named as
// context is not (the model here is the committed one).
func TestCountryModelAddsPartyCountry(t *testing.T) {
	c := New()
	in := Input{
		Title: "USA setzen Firmen auf schwarze Liste",
		Text:  "Das US-Handelsministerium hat am Montag zwölf Unternehmen auf die Entity List gesetzt. Betroffen sind vor allem chinesische Hersteller von Drohnenteilen.",
		Lang:  "de",
	}
	got := c.Classify(in)
	if !slices.Contains(got.Labels, doc.LabelEntityAddition) {
		t.Fatalf("labels %v, want entity_addition", got.Labels)
	}
	if !slices.Contains(got.Countries, "CN") {
		t.Errorf("countries %v, want CN (chinesische Hersteller)", got.Countries)
	}
	if slices.Contains(got.Countries, "US") {
		t.Errorf("countries %v: the US acts, its parties do not change", got.Countries)
	}
}

// TestActionVeto: a document the model reads as no action at all loses
// the labels the rules read from its sentences, whichever label they are;
// with the veto off (actionMin 0) it keeps them. The per-label vetoes are
// off, so only the document's veto acts. Toy model on made-up words.
func TestActionVeto(t *testing.T) {
	var toy []learn.Example
	for i := 0; i < 20; i++ {
		toy = append(toy,
			learn.Example{Text: "commerce added companies to the entity list", Labels: []string{doc.LabelEntityAddition, learn.ActionLabel}},
			learn.Example{Text: "glimmer fnord commerce added companies to the entity list", Labels: nil},
			learn.Example{Text: "weather report sunny", Labels: nil},
			// the label without the action: a model that reads the one and not the other
			learn.Example{Text: "zorblax commerce added companies to the entity list", Labels: []string{doc.LabelEntityAddition}})
	}
	c := New()
	c.model = learn.Train(learn.ModelLabels(), toy, learn.Options{Epochs: 30, Rate: 0.5, MinCount: 1})
	c.vetoMin, c.vetoOther = 0, 0
	action := Input{Title: "News", Text: "The Commerce Department added 12 companies in China to the Entity List."}
	nearMiss := Input{Title: "News", Text: "Glimmer fnord: the Commerce Department added 12 companies in China to the Entity List."}
	labelOnly := Input{Title: "News", Text: "Zorblax: the Commerce Department added 12 companies in China to the Entity List."}
	for _, tc := range []struct {
		name      string
		actionMin float64
		in        Input
		want      []string
	}{
		{"an action", modelAction, action, []string{doc.LabelEntityAddition}},
		{"no action", modelAction, nearMiss, nil},
		{"no action, veto off", 0, nearMiss, []string{doc.LabelEntityAddition}},
		{"no action, but the rules' label backed by its own probability", modelAction, labelOnly, []string{doc.LabelEntityAddition}},
	} {
		c.actionMin = tc.actionMin
		got := c.Classify(tc.in)
		if !slices.Equal(got.Labels, tc.want) {
			t.Errorf("%s: labels %v, want %v", tc.name, got.Labels, tc.want)
		}
	}
}

// TestRenewalSpeaksForNoControl: sanctions renewed as they stand are a near
// miss, so the model may not take the renewed measures' description as
// the sentence that speaks for another control. A toy model (hand-made
// words) is sure of other_export_control wherever "zorblat" appears.
func TestRenewalSpeaksForNoControl(t *testing.T) {
	c := New()
	c.model = toyModel("zorblat embargo", doc.LabelOtherExportControl)
	c.cmodel = nil
	body := "Zudem gilt ein zorblat Embargo für Waffen und für Ausrüstung zur Repression."
	for _, tc := range []struct {
		title string
		want  []string
	}{
		{"EU-Sanktionen gegen Myanmar bis 2022 verlängert", nil},                                         // neg-press:promv-2021-04-eu-sanktionen-myanmar-bis-2022-verlaengert
		{"UN-Sicherheitsrat erneuert Waffenembargo gegen Myanmar", nil},                                  // after neg-press:unric-2020-02-zentralafrikanische-republik-waffenembargo-erneuert
		{"Myanmar im Blick", []string{doc.LabelOtherExportControl}},                                      // no renewal: the sentence speaks
		{"EU verlängert und verschärft Sanktionen gegen Myanmar", []string{doc.LabelOtherExportControl}}, // a renewal with a change
	} {
		got := c.Classify(Input{Lang: "de", Title: tc.title, Text: body})
		if !slices.Equal(got.Labels, tc.want) {
			t.Errorf("%q: labels %v, want %v (evidence %v)", tc.title, got.Labels, tc.want, got.Evidence)
		}
	}
}
