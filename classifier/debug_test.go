package classifier

import (
	"flag"
	"testing"

	"github.com/exportwatch/exportwatch/internal/classeval"
)

var debugID = flag.String("debug.id", "", "dump sentences, hits and evidence of one development document")

func TestDebugDocument(t *testing.T) {
	if *debugID == "" {
		t.Skip("set -debug.id")
	}
	tuning, held := devSet(t)
	for _, e := range append(tuning, held...) {
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
		_ = classeval.Example{}
	}
}
