package watchlist

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func TestDbgMisses(t *testing.T) {
	list := loadBIS(t)
	pairs := namePairs(list)
	ew := entryWords(list)
	r := rand.New(rand.NewPCG(7, 8))
	r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	n := 0
	rel := os.Getenv("REL")
	for _, p := range pairs {
		if p.split != "dev" || !p.same || relation(p.a, p.b) != rel {
			continue
		}
		sc, _ := pairScore(p, ew)
		if sc >= Threshold {
			continue
		}
		n++
		if n > 120 {
			break
		}
		var why strings.Builder
		score(parseName(p.a), parseName(p.b), &why)
		t.Logf("%.3f %q ~ %q :: %s", sc, p.a, p.b, why.String())
	}
}
