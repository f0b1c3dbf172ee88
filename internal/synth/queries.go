package synth

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/exportwatch/exportwatch/doc"
)

// Queries makes search API queries (URL query strings for
// /api/v1/search) from the archive's own vocabulary, for load tests of
// novel searches (each query is new to the process, so no cache answers
// it): words, phrases of two words, entity names, country and
// label filters, date ranges, sort orders and pages. It is safe for
// concurrent use.
type Queries struct {
	mu      sync.Mutex
	seen    map[string]bool
	r       *rand.Rand
	words   []string
	phrases []string
	names   []string
}

// NewQueries returns a query maker; the same seed makes the same queries.
func NewQueries(seed uint64) *Queries {
	q := &Queries{r: rand.New(rand.NewPCG(seed, 0x51ed)), seen: map[string]bool{}}
	var texts []string
	texts = append(texts, sentencesEN...)
	texts = append(texts, sentencesDE...)
	texts = append(texts, headingsEN...)
	texts = append(texts, technologies...)
	texts = append(texts, technologiesDE...)
	for _, t := range texts {
		var prev string
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && r != '{' && r != '}' }) {
			if strings.ContainsAny(w, "{}") || len(w) < 4 {
				prev = ""
				continue
			}
			if !slices.Contains(q.words, w) {
				q.words = append(q.words, w)
			}
			if p := prev + " " + w; prev != "" && !slices.Contains(q.phrases, p) {
				q.phrases = append(q.phrases, p)
			}
			prev = w
		}
	}
	for _, e := range realEntities {
		q.names = append(q.names, strings.ToLower(strings.Fields(e)[0]))
	}
	return q
}

var queryLabels = []string{doc.LabelEntityAddition, doc.LabelTierChange, doc.LabelQuotaChange, doc.LabelOtherExportControl}

// Next returns a query string it has not returned before (after 100
// tries it gives up and repeats one).
func (q *Queries) Next() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var s string
	for range 100 {
		if s = q.next(); !q.seen[s] {
			break
		}
	}
	q.seen[s] = true
	return s
}

func (q *Queries) next() string {
	r := q.r
	v := url.Values{}
	switch n := r.IntN(100); {
	case n < 35:
		v.Set("q", pick(r, q.words))
	case n < 55:
		v.Set("q", `"`+pick(r, q.phrases)+`"`)
	case n < 70:
		v.Set("q", pick(r, q.words)+" "+pick(r, q.words))
		v.Set("country", pick(r, countryCodes))
	case n < 80:
		v.Set("q", "entity:"+pick(r, q.names))
	case n < 92:
		v.Set("label", pick(r, queryLabels))
		from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(9000))
		v.Set("from", from.Format(time.DateOnly))
		v.Set("to", from.AddDate(0, 0, 30+r.IntN(2000)).Format(time.DateOnly))
	default:
		from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(9000))
		v.Set("from", from.Format(time.DateOnly))
	}
	if r.IntN(3) == 0 {
		v.Set("sort", "newest")
	}
	if p := r.IntN(6); p > 3 {
		v.Set("page", fmt.Sprint(p-2))
	}
	return v.Encode()
}
