package classifier

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/classifier/internal/learn"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/classeval"
)

var realFrozenFlag = flag.Bool("real.frozen", false, "also score the frozen split (for the closing report only: never while tuning)")

var realOnly = flag.String("real.only", "", "score only the documents whose ids a file lists (one a line, # comments), e.g. testdata/real/added-2.txt: the first-run figures of a corpus round")

var realErrors = flag.Bool("real.errors", false, "list every misclassified document of the real development split (never of the frozen split)")

// Files of the real-text corpus (see testdata/real/README.md). The frozen
// split is scored and printed here but never tuned on.
const (
	realDev    = "testdata/real/dev.jsonl"
	realFrozen = "testdata/real/frozen.jsonl"
	// realAdded matches the id lists of the corpus rounds after the
	// first (added-2.txt, ..., added-6-de.txt): the documents each round
	// added, for its first-run figures (-real.only).
	realAdded = "testdata/real/added-*.txt"
)

// realGroups are the groups of the corpus in report order; the headline
// groups are fr, press-en and press-de.
var realGroups = []string{"fr", "press-en", "press-de", "bis-release", "fr-other", "negative-press"}

// pressGroups hold third-party text, which is stored only as a paraphrase.
var pressGroups = map[string]bool{"press-en": true, "press-de": true, "negative-press": true}

var isoCode = regexp.MustCompile(`^[A-Z]{2}$`)

// frozenID is the split rule, decided before any classifier ran on the
// corpus: sha1(id) read as a number, mod 100, below 35 goes to frozen.
func frozenID(id string) bool {
	sum := sha1.Sum([]byte(id))
	n := new(big.Int).SetBytes(sum[:])
	return new(big.Int).Mod(n, big.NewInt(100)).Int64() < 35
}

// loadReal reads one split strictly: unknown fields are errors, so a typo
// in a field name cannot silently drop a label.
func loadReal(t testing.TB, path string) []classeval.Example {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []classeval.Example
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var e classeval.Example
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("%s line %d: %v", path, n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no documents", path)
	}
	return out
}

// checkReal asserts what every line of the corpus must satisfy and returns
// the two splits.
func checkReal(t *testing.T) (dev, frozen []classeval.Example) {
	t.Helper()
	dev, frozen = loadReal(t, realDev), loadReal(t, realFrozen)
	seen := map[string]string{}
	texts := map[string]string{}
	for _, split := range []struct {
		name   string
		ex     []classeval.Example
		frozen bool
	}{{realDev, dev, false}, {realFrozen, frozen, true}} {
		for _, e := range split.ex {
			where := split.name + " " + e.ID
			if e.ID == "" {
				t.Errorf("%s: a line without id", split.name)
				continue
			}
			if prev, ok := seen[e.ID]; ok {
				t.Errorf("%s: id also in %s", where, prev)
			}
			seen[e.ID] = split.name
			if frozenID(e.ID) != split.frozen {
				t.Errorf("%s: in the wrong split (rule: sha1(id) mod 100 < 35 is frozen)", where)
			}
			if strings.TrimSpace(e.Origin) == "" {
				t.Errorf("%s: no origin", where)
			}
			if !slices.Contains(realGroups, e.Group) {
				t.Errorf("%s: group %q not one of %v", where, e.Group, realGroups)
			}
			if e.Lang != "en" && e.Lang != "de" {
				t.Errorf("%s: lang %q", where, e.Lang)
			}
			if e.Group == "press-de" && e.Lang != "de" || e.Group == "press-en" && e.Lang != "en" {
				t.Errorf("%s: lang %q does not fit group %s", where, e.Lang, e.Group)
			}
			if e.Labels == nil || e.Countries == nil {
				t.Errorf("%s: labels and countries must be present (use [] for none)", where)
			}
			for _, l := range e.Labels {
				if !slices.Contains(doc.Labels, l) {
					t.Errorf("%s: unknown label %q", where, l)
				}
			}
			if len(slices.Compact(slices.Sorted(slices.Values(e.Labels)))) != len(e.Labels) {
				t.Errorf("%s: repeated label", where)
			}
			for _, c := range e.Countries {
				if !isoCode.MatchString(c) || c == "UK" {
					t.Errorf("%s: country %q is not ISO 3166-1 alpha-2 (GB, not UK)", where, c)
				}
			}
			if e.Title == "" && e.Text == "" {
				t.Errorf("%s: neither title nor text", where)
			}
			if pressGroups[e.Group] && headlineOnly(e) {
				// A feed item that is a headline alone: the title as
				// published (as every line keeps it), no text, and the
				// article's URL.
				if e.Paraphrase || e.Text != "" || e.Title == "" {
					t.Errorf("%s: a headline line has the headline as its title, no text and no paraphrase", where)
				}
				if !strings.HasPrefix(e.Origin, "http://") && !strings.HasPrefix(e.Origin, "https://") {
					t.Errorf("%s: press origin %q is not the article's URL", where, e.Origin)
				}
			} else if pressGroups[e.Group] {
				// Third-party press is never copied: the line must say it
				// is our paraphrase and link the article it paraphrases.
				if !e.Paraphrase {
					t.Errorf("%s: press line without \"paraphrase\": true", where)
				}
				if !strings.HasPrefix(e.Origin, "http://") && !strings.HasPrefix(e.Origin, "https://") {
					t.Errorf("%s: press origin %q is not the article's URL", where, e.Origin)
				}
				if strings.TrimSpace(e.Text) == "" {
					t.Errorf("%s: press line without paraphrase text", where)
				}
			} else if e.Paraphrase {
				t.Errorf("%s: US-government text is stored as published, not paraphrased", where)
			}
			// Federal Register boilerplate repeats across notices, so a
			// duplicate is the same title and text.
			key := e.Title + "\n" + e.Text
			if other, ok := texts[key]; ok {
				t.Errorf("%s: same title and text as %s", where, other)
			}
			texts[key] = e.ID
		}
	}
	return dev, frozen
}

// headlineOnly reports a press line that is a news headline alone (its
// origin says "(headline; ...)"): feeds deliver such items, and the
// classifier reads a title without a body as its text.
func headlineOnly(e classeval.Example) bool {
	return strings.Contains(e.Origin, " (headline; ")
}

// TestRealCorpusFormat checks the corpus files without running the
// classifier (used while labelling: labels are set before any run).
func TestRealCorpusFormat(t *testing.T) {
	dev, frozen := checkReal(t)
	all := map[string]bool{}
	for _, e := range append(append([]classeval.Example(nil), dev...), frozen...) {
		all[e.ID] = true
	}
	lists, err := filepath.Glob(realAdded)
	if err != nil || len(lists) == 0 {
		t.Fatalf("round lists %s: %v (%d files)", realAdded, err, len(lists))
	}
	for _, f := range append(lists, learn.UntrainedFile) {
		for id := range readIDs(t, f) {
			if !all[id] {
				t.Errorf("%s lists %s, which is in neither split", f, id)
			}
		}
	}
	t.Logf("real corpus: %d development, %d frozen documents", len(dev), len(frozen))
}

// TestRealCorpus scores the classifier on real documents written by others,
// per group (FR, English press, German press, ...), on the development
// split and on the frozen split. Run with -v to see the tables; add
// -real.errors to list the development misses, -real.frozen to score the
// frozen split too. It asserts the corpus's integrity, never a score: the
// frozen figures are for reporting only, so they are printed only on request
// and tuning runs never see them.
func TestRealCorpus(t *testing.T) {
	dev, frozen := checkReal(t)
	if *realOnly != "" {
		keep := readIDs(t, *realOnly)
		dev, frozen = onlyIDs(dev, keep), onlyIDs(frozen, keep)
	}
	c := New()
	predict := func(e classeval.Example) doc.Classification {
		return c.Classify(Input{ID: e.ID, Title: e.Title, Text: e.Text, Lang: e.Lang})
	}
	type split struct {
		name string
		ex   []classeval.Example
	}
	splits := []split{{"development split (" + realDev + ")", dev}}
	if *realFrozenFlag {
		splits = append(splits, split{"FROZEN split (" + realFrozen + "; never tune on it)", frozen})
	}
	var b strings.Builder
	for _, split := range splits {
		rows := classeval.ByGroup(split.ex, realGroups, predict)
		classeval.PrintSummary(&b, split.name, rows)
		for _, r := range rows {
			r.Print(&b, "  "+r.Name)
		}
		b.WriteString("\n")
	}
	if *realErrors {
		for _, msg := range classeval.Score(dev, predict).Errors {
			b.WriteString("  miss " + msg + "\n")
		}
	}
	t.Log("\n" + b.String())
}

// TestFrozenRule pins the split rule to known values so that a change of
// the rule cannot go unnoticed.
func TestFrozenRule(t *testing.T) {
	for _, id := range []string{"press-en:a", "fr-real:2025-19858", "x"} {
		sum := sha1.Sum([]byte(id))
		// Mod 100 of a 160-bit number equals mod 100 computed by Horner on
		// its bytes; compute it a second way to check the big.Int path.
		m := uint64(0)
		for _, by := range sum {
			m = (m*256 + uint64(by)) % 100
		}
		if got := frozenID(id); got != (m < 35) {
			t.Errorf("frozenID(%q) = %v, want %v", id, got, m < 35)
		}
	}
}

// readIDs reads a file of document ids, one a line; blank lines and lines
// starting with '#' are skipped.
func readIDs(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			ids[line] = true
		}
	}
	return ids
}

// onlyIDs keeps the examples whose id is in keep.
func onlyIDs(ex []classeval.Example, keep map[string]bool) []classeval.Example {
	var out []classeval.Example
	for _, e := range ex {
		if keep[e.ID] {
			out = append(out, e)
		}
	}
	return out
}
