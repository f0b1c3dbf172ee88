package classifier

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	ids := strings.Split(os.Getenv("ZZ_IDS"), ",")
	c := New()
	for _, e := range loadReal(t, realDev) {
		for _, id := range ids {
			if e.ID != id {
				continue
			}
			in := Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang}
			st := c.prepare(in)
			te := st.titleEnd()
			p := c.model.ProbDoc(st.norm[:te], st.norm[min(te+1, len(st.norm)):], nil)
			r := c.Classify(in)
			fmt.Printf("%s\n  want %v %v\n  got  %v %v\n  probs %.2f\n", e.ID, e.Labels, e.Countries, r.Labels, r.Countries, p)
			for _, ev := range r.Evidence {
				fmt.Printf("  ev %+v\n", ev)
			}
			c2 := withoutModels()
			r2 := c2.Classify(in)
			fmt.Printf("  rules alone %v %v\n", r2.Labels, r2.Countries)
		}
	}
}
