package screening

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
	"github.com/exportwatch/exportwatch/watchlist"

	_ "modernc.org/sqlite"
)

// bisEntries reads the real consolidated BIS Entity List
// (watchlist/testdata/ORIGIN.md) as the classifier's entities.
func bisEntries(tb testing.TB) []doc.Entity {
	tb.Helper()
	f, err := os.Open("../../watchlist/testdata/bis_entity_list.json.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var list struct {
		Entities []struct {
			Name    string   `json:"name"`
			Aliases []string `json:"aliases"`
			Country string   `json:"country"`
			Address string   `json:"address"`
		} `json:"entities"`
	}
	if err := json.NewDecoder(zr).Decode(&list); err != nil {
		tb.Fatal(err)
	}
	out := make([]doc.Entity, 0, len(list.Entities))
	for _, e := range list.Entities {
		cc, _ := watchlist.CountryCode(e.Country)
		out = append(out, doc.Entity{Action: doc.ActionAdd, Name: e.Name, Aliases: e.Aliases, Country: cc, Addresses: []string{e.Address}})
	}
	return out
}

// benchParties makes n watched parties: one in twenty a real listed name
// as an ERP system spells it (upper case, no punctuation), the others
// invented from the list's own words (sharing words with listed names, as
// a firm's real counterparties do). Derived, not real, data.
func benchParties(entries []doc.Entity, n int) []store.WatchedParty {
	r := rand.New(rand.NewPCG(11, 11))
	var words []string
	for _, e := range entries {
		for _, w := range strings.Fields(e.Name) {
			if len(w) >= 4 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
				words = append(words, w) // plain words: no acronyms in parentheses, no legal forms
			}
		}
	}
	clean := strings.NewReplacer(",", "", ".", "", "(", "", ")", "")
	out := make([]store.WatchedParty, n)
	for i := range out {
		if i%20 == 0 {
			e := entries[r.IntN(len(entries))]
			out[i] = store.WatchedParty{Name: strings.ToUpper(clean.Replace(e.Name)), Country: e.Country, Reference: fmt.Sprintf("R-%d", i)}
			continue
		}
		out[i] = store.WatchedParty{Name: words[r.IntN(len(words))] + " " + words[r.IntN(len(words))] + " Trading Co., Ltd.", Reference: fmt.Sprintf("R-%d", i)}
	}
	return out
}

// entityRule is an Entity List rule adding entries k..k+n of the list.
func entityRule(entries []doc.Entity, id string, k, n int) (doc.Document, doc.Classification) {
	d := doc.Document{ID: id, Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
		Title: "Additions to the Entity List", Body: "Additions to the Entity List " + id, URL: "https://example.org/" + id,
		Published: time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute)}
	c := doc.Classification{Labels: []string{doc.LabelEntityAddition}, Countries: []string{"CN"}}
	for i := range n {
		c.Entities = append(c.Entities, entries[(k+i)%len(entries)])
	}
	return d, c
}

func openBenchStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// noMatch routes no event anywhere: the baseline matcher.
type noMatch struct{}

func (noMatch) Match(doc.Event, doc.Document, doc.Classification, []doc.Subscription) []int64 {
	return nil
}

// BenchmarkSaveVersionEntityRule is the cost screening adds to SaveVersion
// for an Entity List rule of 25 real entries: without watchlists, and with
// one list of 800 or 10,000 parties (the screen is built once, cached).
//
//	go test ./internal/screening -run '^$' -bench SaveVersion -benchtime 200x
func BenchmarkSaveVersionEntityRule(b *testing.B) {
	entries := bisEntries(b)
	for _, n := range []int{0, 800, 10000} {
		b.Run(fmt.Sprintf("parties=%d", n), func(b *testing.B) {
			ctx := context.Background()
			st := openBenchStore(b)
			var m store.Matcher = noMatch{}
			if n > 0 {
				if _, err := st.ReplaceWatchlist(ctx, "bench", benchParties(entries, n)); err != nil {
					b.Fatal(err)
				}
				m = New(st, nil).WithMatcher(noMatch{})
			}
			d, c := entityRule(entries, "fr:warm", 0, 25)
			if _, err := st.SaveVersion(ctx, d, c, m); err != nil { // builds the cached screen
				b.Fatal(err)
			}
			b.ResetTimer()
			c0 := cpuTime(b)
			for i := range b.N {
				d, c := entityRule(entries, fmt.Sprintf("fr:%d", i), i*25, 25)
				if _, err := st.SaveVersion(ctx, d, c, m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkScreenRule is the matching alone: one rule's 25 entries
// against 10,000 parties (the target: under 10 ms).
func BenchmarkScreenRule(b *testing.B) {
	entries := bisEntries(b)
	ctx := context.Background()
	st := openBenchStore(b)
	wl, err := st.ReplaceWatchlist(ctx, "bench", benchParties(entries, 10000))
	if err != nil {
		b.Fatal(err)
	}
	s := New(st, nil)
	lists := []store.WatchlistRevision{{ID: wl.ID, Name: wl.Name, Revision: wl.Revision}}
	if _, err := s.Screen(ctx, doc.Document{}, doc.Classification{Entities: entries[:1]}, lists); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	c0 := cpuTime(b)
	for i := range b.N {
		d, c := entityRule(entries, "fr:x", i*25, 25)
		if _, err := s.Screen(ctx, d, c, lists); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-c0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// TestMeasureScreenArchive measures "screen now": a list of 10,000
// parties, imported and screened against an archive of 2,000 Entity List
// rules holding 50,000 real entries (each of the 3,409 BIS entries about
// 15 times). It runs only with EXPORTWATCH_MEASURE=1 and logs the figures;
// speed is measured, never asserted.
//
//	EXPORTWATCH_MEASURE=1 go test ./internal/screening -run MeasureScreenArchive -v
func TestMeasureScreenArchive(t *testing.T) {
	if os.Getenv("EXPORTWATCH_MEASURE") == "" {
		t.Skip("set EXPORTWATCH_MEASURE=1 to measure screening the archive")
	}
	entries := bisEntries(t)
	ctx := context.Background()
	st := openBenchStore(t)
	t0 := time.Now()
	const docs, perDoc = 2000, 25
	for i := range docs {
		d, c := entityRule(entries, fmt.Sprintf("fr:%d", i), i*perDoc, perDoc)
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("archive: %d rules, %d entries, built in %s", docs, docs*perDoc, time.Since(t0).Round(time.Millisecond))
	parties := benchParties(entries, 10000)
	wps := make([]watchlist.Party, len(parties))
	for i, p := range parties {
		wps[i] = watchlist.Party{Name: p.Name, Country: p.Country, Reference: p.Reference}
	}
	s := New(st, nil)
	for _, run := range []string{"first import", "re-import"} {
		t0, c0 := time.Now(), cpuTime(t)
		wl, res, err := Import(ctx, st, s, "bench", wps)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d parties, import+screen %s wall, %s CPU (screen %s): %d documents, %d hits, %d new; list now holds %d hits",
			run, len(wps), time.Since(t0).Round(time.Millisecond), (cpuTime(t) - c0).Round(time.Millisecond),
			res.Took.Round(time.Millisecond), res.Screened, res.Hits, res.New, wl.Hits)
	}
	// The matching alone, without the store: every one of the 50,000
	// entries (no entry matched once for several rules), over all CPUs.
	all := make([]watchlist.Entry, 0, docs*perDoc)
	for i := range docs * perDoc {
		all = append(all, watchlist.EntryFromEntity(entries[i%len(entries)]))
	}
	t0, c0 := time.Now(), cpuTime(t)
	scr := watchlist.NewScreen(wps)
	built, cBuilt := time.Since(t0), cpuTime(t)-c0
	t0, c0 = time.Now(), cpuTime(t)
	n := len(scr.MatchAll(all))
	t.Logf("matching alone: screen of %d parties built in %s (%s CPU); %d entries matched in %s wall, %s CPU: %d hits",
		len(wps), built.Round(time.Millisecond), cBuilt.Round(time.Millisecond), len(all),
		time.Since(t0).Round(time.Millisecond), (cpuTime(t) - c0).Round(time.Millisecond), n)
}

// cpuTime is the user and system CPU time this process has used: unlike
// wall time, it does not grow when other processes load the machine (it
// counts every goroutine's CPU, so a parallel phase shows more CPU than
// wall time on an idle machine).
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
