package learn

import (
	"strings"
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

// weightTolerance is how far ProbText and SumsText may stand from Prob and
// Contribution: the lookup table holds each weight rounded to float32
// (relative error below 6e-8; the file keeps four decimals), summed in
// float64.
var weightTolerance = cmpopts.EquateApprox(0, 1e-5)

func TestProbTextMatchesProb(t *testing.T) {
	m := Train([]string{"add", "quota"}, toy, toyOptions)
	for _, text := range []string{"Commerce adds firms to the Entity List", "caps caps on AI chips, caps", "", "Obergrenzen für KI-Chips"} {
		want := m.Prob(Features(nil, text, nil), nil)
		got := m.ProbText(text, nil)
		if diff := cmp.Diff(want, got, weightTolerance); diff != "" {
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
		if diff := cmp.Diff(want, got, weightTolerance); diff != "" {
			t.Errorf("%q (-Contribution +SumsText):\n%s", text, diff)
		}
	}
}

// TestProbDocMatchesDocText: reading the head and then the body in place
// gives what the text DocText builds gives, also where the bigram joins
// the two and where MaxBytes cuts the body (a hand-made model and texts).
func TestProbDocMatchesDocText(t *testing.T) {
	// A hand-made model whose features sit where the two ways could part:
	// the bigram that joins the head and the body, and words just inside
	// and beyond MaxBytes.
	m, err := Unmarshal("# labels\tadd quota\nbias\t-1 -1\n" +
		"b:zhon caps\t2 0\nw:caps\t0 0.5\nw:inside\t0 1.5\nw:beyond\t3 3\nw:tail\t-2 2\n")
	if err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat("x ", (MaxBytes-100)/2)
	for _, tc := range []struct{ name, title, body string }{
		{"head joins body", "t", "caps on"},
		{"no title", "", "Obergrenzen für caps"},
		{"no body", "caps", ""},
		{"body cut at MaxBytes", "t", filler + "inside " + strings.Repeat("y ", 100) + "beyond"},
		{"head longer than MaxBytes", strings.Repeat("caps ", MaxBytes/4) + "beyond", "tail"},
	} {
		want := m.ProbText(DocText(tc.title, tc.body), nil)
		got := m.ProbDoc(tc.title, tc.body, nil)
		if diff := cmp.Diff(want, got, weightTolerance); diff != "" {
			t.Errorf("%s: (-ProbText(DocText) +ProbDoc):\n%s", tc.name, diff)
		}
	}
}

// TestProbTextsMatchesJoinedText: the country model reads a country's
// mentions in place (ProbTexts) but is trained on them joined by line
// breaks, so the two must weigh the same features: the bigram that joins
// two mentions, a feature in both counted once, and a mention cut at
// MaxBytes. A hand-made model.
func TestProbTextsMatchesJoinedText(t *testing.T) {
	m, err := Unmarshal("# labels\taffected\nbias\t-1\n" +
		"b:crfirms cfchina\t2\nw:zlentityaddition\t0.5\nw:inside\t1.5\nw:beyond\t3\n")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x ", (MaxBytes-20)/2) + "inside " + strings.Repeat("y ", 20) + "beyond"
	for _, tc := range []struct {
		name  string
		parts []string
		want  []string // the texts ProbText reads as one
	}{
		{"bigram across mentions", []string{"cfchinese crfirms", "cfchina zlentityaddition"}, nil},
		{"a feature in two mentions counts once", []string{"zlentityaddition", "zlentityaddition"}, nil},
		{"one mention", []string{"cfchina crfirms"}, nil},
		{"none", nil, nil},
		{"a mention cut at MaxBytes", []string{long}, []string{long[:MaxBytes]}},
	} {
		joined := tc.want
		if joined == nil {
			joined = tc.parts
		}
		want := m.ProbText(strings.Join(joined, "\n"), nil)
		got := m.ProbTexts(nil, tc.parts...)
		if diff := cmp.Diff(want, got, weightTolerance); diff != "" {
			t.Errorf("%s: (-ProbText(joined) +ProbTexts):\n%s", tc.name, diff)
		}
	}
}

// TestDocText: the title's words and the body's head come again as marked
// words, so the model can weigh what a report leads with apart from what it
// names further down; the body beyond what Features reads is not copied.
func TestDocText(t *testing.T) {
	long := "Exporte. " + strings.Repeat("Hintergrund ", MaxBytes/4)
	for _, tc := range []struct {
		name, title, body string
		want, notWant     []string
	}{
		{"title and head", "US adds 36 firms", "The Commerce Department added them.",
			[]string{"w:ztadds", "w:zt36", "w:zhcommerce", "w:zhadded", "w:adds", "w:added"}, []string{"w:ztadded", "w:zhadds"}},
		{"German title", "USA setzen Firmen auf schwarze Liste", "Peking protestiert.",
			[]string{"w:ztschwarze", "w:zhpeking"}, []string{"w:ztpeking"}},
		{"only the head is marked", "Title", "Lead sentence. " + strings.Repeat("filler ", headBytes/7) + "background",
			[]string{"w:zhlead", "w:background"}, []string{"w:zhbackground"}},
		{"long body", "T", long, []string{"w:zhexporte"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := DocText(tc.title, tc.body)
			if len(text) > 3*len(tc.title)+MaxBytes+2*headBytes+2 {
				t.Errorf("DocText is %d bytes: the body is copied beyond MaxBytes", len(text))
			}
			got := map[uint64]bool{}
			for _, f := range Features(nil, text, nil) {
				got[f] = true
			}
			for _, name := range tc.want {
				if h, _ := FeatureHash(name); !got[h] {
					t.Errorf("no feature %s in %q", name, text[:min(len(text), 200)])
				}
			}
			for _, name := range tc.notWant {
				if h, _ := FeatureHash(name); got[h] {
					t.Errorf("feature %s in %q", name, text[:min(len(text), 200)])
				}
			}
		})
	}
}

// TestForWords: words are runs of letters and digits, lowered (Latin-1
// capitals too), and a run over 40 bytes is no word.
func TestForWords(t *testing.T) {
	long := strings.Repeat("x", 41)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"US adds 36 firms.", []string{"us", "adds", "36", "firms"}},
		{"ÄNDERUNG der Ausfuhrliste für ÖL", []string{"änderung", "der", "ausfuhrliste", "für", "öl"}},
		{"Exportkontrolle×Liste", []string{"exportkontrolle×liste"}},
		{"see " + long + " here", []string{"see", "here"}},
		{strings.Repeat("y", 40), []string{strings.Repeat("y", 40)}},
		{"  \n", nil},
		{"end", []string{"end"}},
	} {
		var got []string
		forWords(tc.text, func(w []byte) { got = append(got, string(w)) })
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.text, diff)
		}
	}
}

// TestFingerprintsApart: two features with one fingerprint whose probe
// chains meet get a larger table, where each is found with its own weight
// (hand-made hashes: both start at slot 1 of 16, and apart in 32 slots).
func TestFingerprintsApart(t *testing.T) {
	const a, b, absent = 0xAAAAAAAA_00000080, 0xAAAAAAAA_00000880, 0xBBBBBBBB_00000080
	m := &Model{Labels: []string{"x"}, Bias: []float64{0}, Weights: map[uint64][]float64{a: {1}, b: {2}}}
	m.compile()
	if len(m.slots) <= 16 {
		t.Errorf("table of %d slots; want it grown past 16", len(m.slots))
	}
	for h, want := range map[uint64]float32{a: 1, b: 2} {
		r := m.row(h)
		if r < 0 || m.flat[r] != want {
			t.Errorf("row(%x) = %d; want the row of weight %v", uint64(h), r, want)
		}
	}
	if r := m.row(absent); r >= 0 {
		t.Errorf("row(%x) = %d; want -1", uint64(absent), r)
	}
}

// FuzzProbTextMatchesProb holds sums, which scans words in place and
// hashes ASCII prefixes and suffixes from the text, to Features, which
// copies and lowers every word: any text must score the same both ways.
func FuzzProbTextMatchesProb(f *testing.F) {
	for _, s := range []string{"Commerce adds firms to the Entity List", "Obergrenzen für KI-Chips", "ÄRGER über ÜBERGÄNGE, Straße", "a\u00a0b\tc\n", "Supercalifragilisticexpialidocious-Überlänge-Wort-ohne-Ende-und-noch-länger-als-erlaubt", "\xff\xfe\xc3"} {
		f.Add(s)
	}
	m := Train([]string{"add", "quota"}, toy, toyOptions)
	f.Fuzz(func(t *testing.T, text string) {
		want := m.Prob(Features(nil, text, nil), nil)
		got := m.ProbText(text, nil)
		if diff := cmp.Diff(want, got, weightTolerance); diff != "" {
			t.Errorf("%q (-Prob +ProbText):\n%s", text, diff)
		}
	})
}
