package learn

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Hand-made toy examples: enough to check that training separates two
// labels, is deterministic, and that the text form round-trips.
var toy = []Example{
	{Text: "Commerce adds companies to the Entity List", Labels: []string{"add"}},
	{Text: "BIS adds entities to the Entity List under China", Labels: []string{"add"}},
	{Text: "Firmen auf die Entity List gesetzt", Labels: []string{"add"}},
	{Text: "caps on AI chips for Tier 2 countries", Labels: []string{"quota"}},
	{Text: "Obergrenzen für KI-Chips und Kontingente", Labels: []string{"quota"}},
	{Text: "new caps on chips per country", Labels: []string{"quota"}},
	{Text: "shares rose on strong demand", Labels: nil},
	{Text: "the weather was fine", Labels: nil},
}

var toyOptions = Options{Epochs: 60, Rate: 0.5, L2: 1e-4, MinCount: 1, Prune: 0.001}

func TestTrainSeparates(t *testing.T) {
	m := Train([]string{"add", "quota"}, toy, toyOptions)
	for _, tc := range []struct {
		text      string
		add, quot bool
	}{
		{"Commerce adds firms to the Entity List", true, false},
		{"caps on AI chips", false, true},
		{"the weather", false, false},
	} {
		p := m.Prob(Features(nil, tc.text, nil), nil)
		if (p[0] >= 0.5) != tc.add || (p[1] >= 0.5) != tc.quot {
			t.Errorf("%q: p = %v", tc.text, p)
		}
	}
}

func TestTrainDeterministicAndRoundTrip(t *testing.T) {
	a := Train([]string{"add", "quota"}, toy, toyOptions).Marshal()
	b := Train([]string{"add", "quota"}, toy, toyOptions).Marshal()
	if a != b {
		t.Fatal("two trainings on the same data differ")
	}
	m, err := Unmarshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, m.Marshal()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := Unmarshal("# labels\ta b\nbias\t1\n"); err == nil {
		t.Error("a bias line with too few weights parsed")
	}
}

func TestFeatureHashMatchesFeatures(t *testing.T) {
	names := map[uint64]string{}
	fs := Features(nil, "Chinesische Unternehmen", names)
	for _, f := range fs {
		h, ok := FeatureHash(names[f])
		if !ok || h != f {
			t.Errorf("FeatureHash(%q) = %x, %v; want %x", names[f], h, ok, f)
		}
	}
	if _, ok := names[mustHash(t, "p:chines")]; !ok {
		t.Errorf("no prefix feature for chinesische: %v", names)
	}
}

func mustHash(t *testing.T, name string) uint64 {
	h, ok := FeatureHash(name)
	if !ok {
		t.Fatalf("FeatureHash(%q) failed", name)
	}
	return h
}

func TestProbTextMatchesProb(t *testing.T) {
	m := Train([]string{"add", "quota"}, toy, toyOptions)
	for _, text := range []string{"Commerce adds firms to the Entity List", "caps caps on AI chips, caps", "", "Obergrenzen für KI-Chips"} {
		want := m.Prob(Features(nil, text, nil), nil)
		got := m.ProbText(text, nil)
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("%q (-Prob +ProbText):\n%s", text, diff)
		}
	}
}

func TestSumsTextMatchesContribution(t *testing.T) {
	m := Train([]string{"add", "quota"}, toy, toyOptions)
	for _, text := range []string{"Commerce adds firms to the Entity List", "caps caps on AI chips, caps", "", "Obergrenzen für KI-Chips"} {
		feats := Features(nil, text, nil)
		want := []float64{m.Contribution(feats, 0), m.Contribution(feats, 1)}
		got := m.SumsText(text, make([]float64, 2))
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("%q (-Contribution +SumsText):\n%s", text, diff)
		}
	}
}
