package classifier

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

// FuzzClassifyContract: (seeded from testdata, with regtext; stricter than FuzzClassify) Classify never panics on any input and keeps its contract:
// labels are known, unique and in doc.Labels order; one score in [0,1] per
// label and no other; countries and mentions are sorted unique ISO codes;
// evidence only for given labels. regtextJSON is decoded into the Regtext
// input when it parses.
func FuzzClassifyContract(f *testing.F) {
	for _, name := range []string{"testdata/fr-abstracts.jsonl", "testdata/press-handmade.jsonl"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for n := 0; sc.Scan() && n < 40; n++ {
			var in struct{ Title, Text, Lang string }
			if json.Unmarshal(sc.Bytes(), &in) == nil {
				f.Add(in.Title, in.Text, in.Lang, []byte(nil))
			}
		}
	}
	var rule struct {
		Title, Abstract string
		Regtext         json.RawMessage
	}
	b, err := os.ReadFile("testdata/regtext-entity-list-rule.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(b, &rule); err != nil {
		f.Fatal(err)
	}
	f.Add(rule.Title, rule.Abstract, "en", []byte(rule.Regtext))
	if de, err := os.ReadFile("testdata/china-table-2025-02-12-ki-exportquoten.de.txt"); err == nil {
		f.Add("KI-Exportquoten", string(de), "", []byte(nil))
	}
	f.Add("", "", "xx", []byte(`[{"tables":[{"columns":[],"rows":[[""],[]]}]}]`))
	f.Add("Entity List", "added to the Entity List: , ; Country: ", "de", []byte(`[{"tables":[{"columns":["Country","Entity","License requirement"],"rows":[["CHINA, PEOPLE'S REPUBLIC OF","",""],["","x",""]]}]}]`))

	c := New()
	iso := regexp.MustCompile(`^[A-Z]{2}$`)
	f.Fuzz(func(t *testing.T, title, text, lang string, regtextJSON []byte) {
		in := Input{ID: "fuzz", Title: title, Text: text, Lang: lang}
		var reg []doc.Regtext
		if json.Unmarshal(regtextJSON, &reg) == nil {
			in.Regtext = reg
		}
		out := c.Classify(in)

		last := -1
		for _, l := range out.Labels {
			i := slices.Index(doc.Labels, l)
			if i < 0 {
				t.Fatalf("unknown label %q in %v", l, out.Labels)
			}
			if i <= last {
				t.Errorf("labels %v not unique or not in doc.Labels order", out.Labels)
			}
			last = i
			s, ok := out.Scores[l]
			if !ok || math.IsNaN(s) || s < 0 || s > 1 {
				t.Errorf("label %s: score %v (present %v), want in [0,1]", l, s, ok)
			}
		}
		if len(out.Scores) != len(out.Labels) {
			t.Errorf("scores %v for labels %v", out.Scores, out.Labels)
		}
		for name, cs := range map[string][]string{"countries": out.Countries, "mentions": out.Mentions} {
			if !slices.IsSorted(cs) || len(slices.Compact(slices.Clone(cs))) != len(cs) {
				t.Errorf("%s %v not sorted and unique", name, cs)
			}
			for _, cc := range cs {
				if !iso.MatchString(cc) {
					t.Errorf("%s: %q is not an ISO 3166-1 alpha-2 code", name, cc)
				}
			}
		}
		for _, ev := range out.Evidence {
			if !slices.Contains(out.Labels, ev.Label) {
				t.Errorf("evidence for label %q not given: %v", ev.Label, out.Labels)
			}
		}
		for _, e := range out.Entities {
			if e.Country != "" && !iso.MatchString(e.Country) {
				t.Errorf("entity %q: country %q is not an ISO code", e.Name, e.Country)
			}
		}
		if out.Version != Version {
			t.Errorf("version %q, want %q", out.Version, Version)
		}
	})
}

// FuzzHasPhrase: hasPhrase answers as strings.Contains does, for texts
// short and long and phrases of common and rare bytes.
func FuzzHasPhrase(f *testing.F) {
	long := "die bundesregierung hat am mittwoch neue regeln für die ausfuhr von rüstungsgütern beschlossen"
	for _, seed := range [][2]string{
		{long, "rüstungsgüter"}, {long, "rüstungsexport"}, {long, "waffenexport"}, {long, " hat "},
		{long, "beschlossen"}, {long + long, "ausfuhr von r"}, {"kurz", "kurz"}, {long, ""}, {"", "x"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, text, phrase string) {
		if got, want := hasPhrase(text, phrase), strings.Contains(text, phrase); got != want {
			t.Errorf("hasPhrase(%q, %q) = %v, want %v", text, phrase, got, want)
		}
	})
}
