package classifier

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/exportwatch/exportwatch/internal/classeval"
)

var debugID = flag.String("debug.id", "", "dump sentences, hits and evidence of one labelled document (development or blind set)")

func TestDebugDocument(t *testing.T) {
	if *debugID == "" {
		t.Skip("a development aid, not a check: run with -debug.id=ID to dump how one labelled document is classified")
	}
	tuning, held := devSet(t)
	all := append(tuning, held...)
	files, _ := filepath.Glob("testdata/blind*.jsonl")
	files = append(files, realDev) // the real development split (never the frozen one)
	more, err := classeval.Load(files...)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(all, more...) {
		if e.ID != *debugID {
			continue
		}
		c := New()
		st := c.prepare(Input{Title: e.Title, Text: e.Text, Lang: e.Lang})
		for i, s := range st.sents {
			t.Logf("S%d title=%v %q", i, s.title, st.norm[s.start:s.end])
			for _, h := range s.hits {
				t.Logf("    kind=%d %q codes=%v", h.e.kind, st.norm[h.start:h.end], h.e.codes)
			}
		}
		got := c.Classify(Input{Title: e.Title, Text: e.Text, Lang: e.Lang})
		t.Logf("%+v", got)
		cm := c.cmodel
		c.cmodel = nil
		ruled := c.Classify(Input{Title: e.Title, Text: e.Text, Lang: e.Lang}).Countries
		c.cmodel = cm
		t.Logf("rules' countries %v, owner %q", ruled, st.owner)
		st2 := c.prepare(Input{Title: e.Title, Text: e.Text, Lang: e.Lang})
		for _, cc := range st2.countryCases(got.Labels, ruled) {
			t.Logf("case %s p=%.2f %q", cc.code, c.cmodel.ProbText(cc.text(), nil)[0], cc.text())
		}
	}
}
