package watchlist

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The pair model weighs the word-pairing score of two names (score) with
// the facts behind it — a word no other listed entry carries, words left
// over by kind, a name contained in the other, spelling variants — in a
// logistic regression. Its weights are in pairmodel.txt, trained by
// TestTrainPairModel on the dev split of the labelled BIS pairs
// (WATCHLIST_TRAIN=1 rewrites them); the cut is the model value from which
// dev precision stays above 0.95, and it maps to Threshold.

// Features of a pair of names, in pairmodel.txt by these names.
const (
	fScore           = iota // the word-pairing score
	fRare                   // a paired word no other listed entry carries
	fFamily                 // every paired distinctive word is carried by familyMin other entries or more
	fContained              // every word of one name pairs
	fMinDistinctLeft        // distinctive words left without a partner, in the name with fewer
	fMaxDistinctLeft        // ... in the name with more
	fMinCommonLeft
	fMaxCommonLeft
	fMinPlaceLeft
	fMaxPlaceLeft
	fMinNumberLeft
	fMaxNumberLeft
	fDistinctPaired  // distinctive words paired
	fNumbersPaired   // numbers paired
	fOthers          // log(1 + other listed entries carrying the rarest paired word)
	fLongest         // letters of the longest paired distinctive word
	fFuzzy           // a distinctive word paired with a spelling variant
	fScoreSquared    // score²
	fScoreRare       // score × rare
	fScoreContained  // score × contained
	nFeatures
)

var featureNames = [nFeatures]string{
	"score", "rare", "family", "contained", "min_distinct_left", "max_distinct_left",
	"min_common_left", "max_common_left", "min_place_left", "max_place_left",
	"min_number_left", "max_number_left", "distinct_paired", "numbers_paired",
	"others", "longest", "fuzzy", "score_squared", "score_rare", "score_contained",
}

// featureWhy says in words what a feature of a hit is, for its evidence.
var featureWhy = [nFeatures]string{
	"word-pairing score", "a word no other listed entry carries", "only words that other listed entries carry too",
	"one name contained in the other", "distinctive words left over (fewer side)", "distinctive words left over",
	"generic words left over (fewer side)", "generic words left over", "places left over (fewer side)", "places left over",
	"numbers left over (fewer side)", "numbers left over", "distinctive words paired", "numbers paired",
	"how many other entries carry the rarest shared word", "length of the longest shared word", "a spelling variant",
	"word-pairing score squared", "score with a word unique to one entry", "score of a contained name",
}

// features are the values of a pair's features.
type features [nFeatures]float64

// pairModel is a logistic regression over features.
type pairModel struct {
	w    features
	bias float64
	cut  float64 // the value of bias+w·x that scores Threshold
}

//go:embed pairmodel.txt
var pairModelFile string

// model is pairmodel.txt read.
var model = mustParseModel(pairModelFile)

func mustParseModel(s string) pairModel {
	m, err := parseModel(s)
	if err != nil {
		panic(fmt.Sprintf("watchlist: pairmodel.txt: %v", err)) // embedded: a build-time fault
	}
	return m
}

func parseModel(s string) (pairModel, error) {
	var m pairModel
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		name, v, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return m, fmt.Errorf("%s: %w", name, err)
		}
		seen[name] = true
		switch name {
		case "bias":
			m.bias = x
		case "cut":
			m.cut = x
		default:
			k := featureIndex(name)
			if k < 0 {
				return m, fmt.Errorf("unknown feature %q", name)
			}
			m.w[k] = x
		}
	}
	for _, n := range append(featureNames[:], "bias", "cut") {
		if !seen[n] {
			return m, fmt.Errorf("no weight for %q", n)
		}
	}
	return m, nil
}

func featureIndex(name string) int {
	for k, n := range featureNames {
		if n == name {
			return k
		}
	}
	return -1
}

// value is the model's log-odds for x.
func (m pairModel) value(x *features) float64 {
	z := m.bias
	for k, w := range m.w {
		z += w * x[k]
	}
	return z
}

// logitThreshold places the model's cut at Threshold on the score scale.
var logitThreshold = math.Log(Threshold / (1 - Threshold))

// score maps x to a score from 0 to 1 that reaches Threshold at the cut.
func (m pairModel) score(x *features) float64 {
	return 1 / (1 + math.Exp(-(m.value(x) - m.cut + logitThreshold)))
}

// explain writes the features that moved the model most, with their pull.
func (m pairModel) explain(why *strings.Builder, x *features) {
	type pull struct {
		k int
		v float64
	}
	var ps []pull
	for k, w := range m.w {
		if k == fScore || k == fScoreSquared || x[k] == 0 || w*x[k] == 0 {
			continue
		}
		ps = append(ps, pull{k, w * x[k]})
	}
	sort.SliceStable(ps, func(i, j int) bool { return math.Abs(ps[i].v) > math.Abs(ps[j].v) })
	fmt.Fprintf(why, "; weighed with word-pairing score %.2f", x[fScore])
	for i, p := range ps {
		if i == 4 {
			break
		}
		fmt.Fprintf(why, ", %s %+.1f", featureWhy[p.k], p.v)
	}
}
