package watchlist

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// benchNames returns n organisation names made from the real BIS list: its
// names and aliases first, then, to reach n, names recombined from the words
// of two real names (the first half of one, the second half of another:
// "Beijing Huada" + "Optoelectronic Materials Ltd."). The seed fixes them.
func benchNames(tb testing.TB, list []bisEntry, n int, seed uint64) []string {
	tb.Helper()
	var real []string
	for _, e := range list {
		real = append(real, e.Name)
		real = append(real, e.Aliases...)
	}
	r := rand.New(rand.NewPCG(seed, seed+1))
	r.Shuffle(len(real), func(i, j int) { real[i], real[j] = real[j], real[i] })
	out := real[:min(n, len(real))]
	for len(out) < n {
		a := strings.Fields(real[r.IntN(len(real))])
		b := strings.Fields(real[r.IntN(len(real))])
		name := strings.Join(append(a[:(len(a)+1)/2:(len(a)+1)/2], b[len(b)/2:]...), " ")
		out = append(out, name)
	}
	return out
}

// BenchmarkScreen10kx50k screens 10,000 watched parties against 50,000
// listed entries (the "screen now" of a list just imported): the real BIS
// names and aliases, recombined to reach those numbers (see benchNames).
func BenchmarkScreen10kx50k(b *testing.B) {
	list := loadBIS(b)
	watched := benchNames(b, list, 10_000, 1)
	parties := make([]Party, len(watched))
	for i, n := range watched {
		parties[i] = Party{Name: n, Reference: strconv.Itoa(i)}
	}
	listed := benchNames(b, list, 50_000, 2)
	entries := make([]Entry, len(listed))
	for i, n := range listed {
		entries[i] = Entry{Name: n, Country: list[i%len(list)].Country, Ref: strconv.Itoa(i)}
	}
	hits := 0
	cpu := processCPU()
	for b.Loop() {
		s := NewScreen(parties)
		hits = len(s.MatchAll(entries))
	}
	b.ReportMetric(float64(hits), "hits")
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkMatchDocument matches one rule's entries (25 real entries with
// their aliases, the size of a large Entity List rule) against 10,000
// parties in an index built beforehand, as the crawler does for each new
// document.
func BenchmarkMatchDocument(b *testing.B) {
	list := loadBIS(b)
	watched := benchNames(b, list, 10_000, 1)
	parties := make([]Party, len(watched))
	for i, n := range watched {
		parties[i] = Party{Name: n}
	}
	s := NewScreen(parties)
	doc := make([]Entry, 25)
	for i := range doc {
		doc[i] = list[(i*137)%len(list)].entry(i)
	}
	cpu := processCPU()
	for b.Loop() {
		for _, e := range doc {
			s.Match(e)
		}
	}
	b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkNewScreen10k builds the index of 10,000 parties.
func BenchmarkNewScreen10k(b *testing.B) {
	list := loadBIS(b)
	watched := benchNames(b, list, 10_000, 1)
	parties := make([]Party, len(watched))
	for i, n := range watched {
		parties[i] = Party{Name: n}
	}
	for b.Loop() {
		NewScreen(parties)
	}
}
