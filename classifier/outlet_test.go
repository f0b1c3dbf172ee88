package classifier

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/internal/classeval"
)

// outlet names where a document was published, so that a grouped
// cross-validation can hold out whole outlets: the hidden test sets are
// mostly outlets the corpus has never seen, and an outlet's house style
// (its phrases, its boilerplate) must not leak from training into the held
// fold. Press and releases are grouped by registered domain
// ("de.marketscreener.com" and "at.marketscreener.com" are one outlet);
// Federal Register documents by their source file (a daily issue is one
// source; one post of the API mirror is one document).
func outlet(e classeval.Example) string {
	o := strings.Fields(e.Origin)
	if len(o) == 0 {
		return "id:" + e.ID
	}
	src := o[0]
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u, err := url.Parse(src)
		if err != nil || u.Hostname() == "" {
			return src
		}
		return registeredDomain(u.Hostname())
	}
	return src
}

// registeredDomain keeps the last two labels of host, or three under a
// second-level public suffix such as co.uk.
func registeredDomain(host string) string {
	labels := strings.Split(strings.ToLower(host), ".")
	n := 2
	if len(labels) >= 3 {
		switch labels[len(labels)-2] {
		case "co", "com", "org", "net", "gov", "ac":
			n = 3
		}
	}
	if len(labels) <= n {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// outletFolds deals whole outlets to k folds, largest outlet first, each to
// the fold with the fewest documents so far (ties by fold number, outlets
// of equal size by name): deterministic and balanced.
func outletFolds(dev []classeval.Example, k int) []int {
	size := map[string]int{}
	for _, e := range dev {
		size[outlet(e)]++
	}
	names := make([]string, 0, len(size))
	for n := range size {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(size[b], size[a]), cmp.Compare(a, b))
	})
	fill := make([]int, k)
	fold := map[string]int{}
	for _, n := range names {
		best := 0
		for f := 1; f < k; f++ {
			if fill[f] < fill[best] {
				best = f
			}
		}
		fold[n] = best
		fill[best] += size[n]
	}
	out := make([]int, len(dev))
	for i, e := range dev {
		out[i] = fold[outlet(e)]
	}
	return out
}

func TestOutlet(t *testing.T) {
	tests := []struct {
		origin, want string
	}{
		{"https://de.marketscreener.com/news/x", "marketscreener.com"},
		{"https://at.marketscreener.com/news/y", "marketscreener.com"},
		{"http://www.bis.gov/press-release/z", "bis.gov"},
		{"https://www.bbc.co.uk/news/a", "bbc.co.uk"},
		{"https://2017-2021.commerce.gov/taxonomy/term/27.html", "commerce.gov"},
		{"github:o/r@abc:_posts/a.md (Federal Register document 2020-1)", "github:o/r@abc:_posts/a.md"},
		{"", "id:x"},
	}
	for _, tt := range tests {
		if got := outlet(classeval.Example{ID: "x", Origin: tt.origin}); got != tt.want {
			t.Errorf("outlet(%q) = %q, want %q", tt.origin, got, tt.want)
		}
	}
}

// TestOutletFolds checks that no outlet is split across folds and that
// every fold gets documents.
func TestOutletFolds(t *testing.T) {
	dev := loadReal(t, realDev)
	const k = 5
	folds := outletFolds(dev, k)
	seen := map[string]int{}
	count := make([]int, k)
	for i, e := range dev {
		o := outlet(e)
		if f, ok := seen[o]; ok && f != folds[i] {
			t.Errorf("outlet %s in folds %d and %d", o, f, folds[i])
		}
		seen[o] = folds[i]
		count[folds[i]]++
	}
	for f, n := range count {
		if n == 0 {
			t.Errorf("fold %d is empty", f)
		}
	}
}
