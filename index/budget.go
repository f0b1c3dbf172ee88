package index

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
)

// MaxTermExpansion is how many words of one field a wildcard, fuzzy term
// or regular expression may match. Each matched word becomes a searcher:
// "*a*" matches most of the dictionary, and its cost grows with the index,
// which no limit on the query's text can bound. Bleve stops collecting
// candidates past this count.
const MaxTermExpansion = 1024

var setTermExpansion sync.Once

// limitTermExpansion sets Bleve's process-wide limit on the words a
// multi-term query expands to (searcher.DisjunctionMaxClauseCount, "a
// compile time setting that applications can adjust"). Our own
// disjunctions stay far below it: 64 clauses, 7 fields, 50 filter values,
// 100 IDs per page.
func limitTermExpansion() {
	setTermExpansion.Do(func() { searcher.DisjunctionMaxClauseCount = MaxTermExpansion })
}

// tooManyTerms turns Bleve's refusal of an expansion past MaxTermExpansion
// into a BudgetError.
func tooManyTerms(err error) error {
	if err == nil || !strings.Contains(err.Error(), "TooManyClauses") {
		return err
	}
	return &BudgetError{Reason: fmt.Sprintf("a wildcard, fuzzy term or regular expression matches more than %d words; make it more specific", MaxTermExpansion)}
}

// Limits is the budget of one search: what a query may ask of the index
// before it runs. Bleve builds one searcher per term and field before it
// looks at the deadline, and a wildcard or regular expression walks the
// whole term dictionary of every field it searches, so the shape of the
// query is the only place its cost can be bounded. A zero field takes the
// default of DefaultLimits, except that in a Limits with any field set,
// MaxWildcards and MaxRegexps of 0 forbid those terms.
type Limits struct {
	MaxQueryBytes int // length of the query text in bytes
	MaxClauses    int // terms, phrases and ranges
	MaxWildcards  int // wildcard (* ?) and fuzzy (~) terms
	MaxRegexps    int // /regular expressions/
}

// DefaultLimits returns the budget used when none is configured: generous
// for queries people type, far below what costs seconds (issue 15.1: 17,000
// terms took 5 s and 840 MB on 117 documents, 100 regular expressions 1.1 s).
func DefaultLimits() Limits {
	return Limits{MaxQueryBytes: 1024, MaxClauses: 64, MaxWildcards: 8, MaxRegexps: 4}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l == (Limits{}) {
		return d
	}
	if l.MaxQueryBytes <= 0 {
		l.MaxQueryBytes = d.MaxQueryBytes
	}
	if l.MaxClauses <= 0 {
		l.MaxClauses = d.MaxClauses
	}
	l.MaxWildcards = max(l.MaxWildcards, 0)
	l.MaxRegexps = max(l.MaxRegexps, 0)
	return l
}

// BudgetError is a query refused before it runs, with the reason. It is a
// bad query: errors.Is(err, ErrBadQuery) holds, and the server answers 400.
type BudgetError struct {
	Reason string
}

func (e *BudgetError) Error() string { return ErrBadQuery.Error() + ": " + e.Reason }

// Unwrap makes a BudgetError an ErrBadQuery.
func (e *BudgetError) Unwrap() error { return ErrBadQuery }

// IsOverBudget reports whether err is a query refused by Limits.
func IsOverBudget(err error) bool {
	var be *BudgetError
	return errors.As(err, &be)
}

// SetLimits sets the budget every later Search checks queries against.
// Call it before the index serves searches.
func (ix *Index) SetLimits(l Limits) { ix.limits = l.withDefaults() }

// CheckQuery checks query-string text against l without running it: valid
// UTF-8, balanced parentheses, its length, and the number of clauses,
// wildcard and fuzzy terms and regular expressions. A refusal is a
// *BudgetError. Text that does not parse is left to the parser, which
// gives the better reason.
func (l Limits) CheckQuery(text string) error {
	l = l.withDefaults()
	if !utf8.ValidString(text) {
		return &BudgetError{Reason: "query is not valid UTF-8"}
	}
	if n := len(text); n > l.MaxQueryBytes {
		return &BudgetError{Reason: fmt.Sprintf("query is %d bytes long, at most %d are allowed", n, l.MaxQueryBytes)}
	}
	if err := checkParens(text); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return nil
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil // parseText reports it
	}
	var c queryCost
	c.add(q)
	switch {
	case c.wildcards > 0 && l.MaxWildcards == 0:
		return &BudgetError{Reason: "wildcard (* ?) and fuzzy (~) terms are not allowed"}
	case c.wildcards > l.MaxWildcards:
		return &BudgetError{Reason: fmt.Sprintf("query has %d wildcard or fuzzy terms, at most %d are allowed", c.wildcards, l.MaxWildcards)}
	case c.regexps > 0 && l.MaxRegexps == 0:
		return &BudgetError{Reason: "regular expressions (/.../) are not allowed"}
	case c.regexps > l.MaxRegexps:
		return &BudgetError{Reason: fmt.Sprintf("query has %d regular expressions, at most %d are allowed", c.regexps, l.MaxRegexps)}
	case c.clauses > l.MaxClauses:
		return &BudgetError{Reason: fmt.Sprintf("query has %d terms, at most %d are allowed", c.clauses, l.MaxClauses)}
	}
	return nil
}

// checkParens refuses an unbalanced parenthesis outside quotes. The query
// syntax has no grouping, so "(entity list" is a typo whose meaning the
// user cannot see; a balanced pair is harmless and pasted titles have them.
func checkParens(text string) error {
	var open []int // columns (1-based, in runes) of unclosed '('
	col, quoted, escaped := 0, false, false
	for _, r := range text {
		col++
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '(':
			open = append(open, col)
		case r == ')':
			if len(open) == 0 {
				return &BudgetError{Reason: fmt.Sprintf("unbalanced parenthesis: ')' without '(' at column %d", col)}
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return &BudgetError{Reason: fmt.Sprintf("unbalanced parenthesis: '(' without ')' at column %d", open[len(open)-1])}
	}
	return nil
}

// expandsTerms reports whether text has a wildcard, fuzzy, prefix or
// regular-expression term. Searches with one keep Bleve's scoring path even
// when sorted by date: only there does Bleve refuse an expansion past
// MaxTermExpansion (an unscored search unions any number of words in
// batches), and the budget relies on that refusal.
func expandsTerms(text string) bool {
	if strings.TrimSpace(text) == "" {
		return false
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return false
	}
	var c queryCost
	c.add(q)
	return c.wildcards+c.regexps > 0
}

// queryCost counts the leaves of a parsed query string.
type queryCost struct {
	clauses, wildcards, regexps int
}

func (c *queryCost) add(q query.Query) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, p := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if p != nil {
				c.add(p)
			}
		}
	case *query.ConjunctionQuery:
		for _, p := range q.Conjuncts {
			c.add(p)
		}
	case *query.DisjunctionQuery:
		// A bare number parses as a word or a number: one term.
		if len(q.Disjuncts) == 2 {
			if _, ok := q.Disjuncts[1].(*query.NumericRangeQuery); ok {
				c.add(q.Disjuncts[0])
				return
			}
		}
		for _, p := range q.Disjuncts {
			c.add(p)
		}
	case *query.WildcardQuery:
		c.clauses++
		c.wildcards++
	case *query.RegexpQuery:
		c.clauses++
		c.regexps++
	case *query.MatchQuery:
		c.clauses++
		if q.Fuzziness != 0 {
			c.wildcards++
		}
	case *query.MatchPhraseQuery:
		c.clauses++
		if q.Fuzziness != 0 {
			c.wildcards++
		}
	case *query.FuzzyQuery:
		c.clauses++
		c.wildcards++
	case *query.PrefixQuery:
		c.clauses++
		c.wildcards++
	default:
		c.clauses++
	}
}
