package synth

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestDeterministic(t *testing.T) {
	a, b := New(7), New(7)
	for _, i := range []int{0, 1, 99, 12345} {
		da, ca := a.Document(i)
		db, cb := b.Document(i)
		if diff := cmp.Diff(da, db); diff != "" {
			t.Errorf("document %d differs between generators (-a +b):\n%s", i, diff)
		}
		if diff := cmp.Diff(ca, cb); diff != "" {
			t.Errorf("classification %d differs (-a +b):\n%s", i, diff)
		}
	}
	d1, _ := New(7).Document(1)
	d2, _ := New(8).Document(1)
	if d1.Body == d2.Body {
		t.Error("different seeds gave the same body")
	}
}

func TestArchiveShape(t *testing.T) {
	g := New(1)
	const n = 300
	ids := map[string]bool{}
	var german, labelled, withEntities, total int
	for i := range n {
		d, c := g.Document(i)
		if ids[d.ID] {
			t.Fatalf("duplicate id %s", d.ID)
		}
		ids[d.ID] = true
		if d.Title == "" || d.URL == "" || d.Published.IsZero() || d.Source == "" {
			t.Fatalf("document %d incomplete: %+v", i, d.Title)
		}
		if y := d.Published.Year(); y < 1994 || y > 2026 {
			t.Errorf("document %d published %v", i, d.Published)
		}
		if !utf8.ValidString(d.Body) || strings.Contains(d.Title, "{") || strings.Contains(d.Body, "{") {
			t.Fatalf("document %d has an unfilled template or bad UTF-8", i)
		}
		if d.Language == "de" {
			german++
			if d.Source != "china-table" {
				t.Errorf("german document %d from %s", i, d.Source)
			}
		} else if d.Source == "federal-register" && (len(d.Body) < g.MinBody || len(d.Body) > g.MaxBody+8<<10) {
			t.Errorf("document %d body %d bytes, want %d..%d", i, len(d.Body), g.MinBody, g.MaxBody)
		}
		if len(c.Labels) > 0 {
			labelled++
		}
		if len(c.Entities) > 0 {
			withEntities++
			if !strings.Contains(d.Body, c.Entities[0].Name) && d.Source == "federal-register" {
				t.Errorf("document %d does not name its entity %q", i, c.Entities[0].Name)
			}
		}
		total += len(d.Body)
	}
	if german < n/20 || german > n/5 {
		t.Errorf("%d of %d german, want about 10%%", german, n)
	}
	if labelled < n/3 || labelled > n*3/4 {
		t.Errorf("%d of %d labelled", labelled, n)
	}
	if withEntities == 0 {
		t.Error("no entity documents")
	}
	if avg := total / n; avg < 15<<10 {
		t.Errorf("average body %d bytes, want Federal-Register-sized", avg)
	}
}

func TestTextFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "texts")
	tf, err := CreateTextFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{"a": {"abs a", "body a"}, "b": {"", "body b ü"}, "c": {"abs c", ""}}
	for _, id := range []string{"a", "b", "c"} {
		if err := tf.Add(id, want[id][0], want[id][1]); err != nil {
			t.Fatal(err)
		}
	}
	check := func(tf *TextFile) {
		t.Helper()
		for id, w := range want {
			a, b, ok, err := tf.Get(id)
			if err != nil || !ok || a != w[0] || b != w[1] {
				t.Errorf("Get(%s) = %q, %q, %v, %v; want %q, %q", id, a, b, ok, err, w[0], w[1])
			}
		}
		if _, _, ok, err := tf.Get("zzz"); ok || err != nil {
			t.Errorf("Get(unknown) = %v, %v; want not ok, no error", ok, err)
		}
	}
	check(tf) // before Close: reads flush the writes
	if err := tf.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenTextFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	check(ro)
}

func TestQueriesVary(t *testing.T) {
	a, b := NewQueries(1), NewQueries(1)
	seen := map[string]bool{}
	for range 1000 {
		qa, qb := a.Next(), b.Next()
		if qa != qb {
			t.Fatalf("same seed, different queries: %q, %q", qa, qb)
		}
		if _, err := url.ParseQuery(qa); err != nil {
			t.Fatalf("query %q: %v", qa, err)
		}
		seen[qa] = true
	}
	if len(seen) != 1000 {
		t.Errorf("%d distinct queries of 1000, want all novel", len(seen))
	}
}
