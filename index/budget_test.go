package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// hostile are the red-team queries of issue 15.1 and 15.8.
func hostile() map[string]string {
	var re, wc []string
	for i := 0; i < 100; i++ {
		re = append(re, fmt.Sprintf("/.*%c%c.*/", 'a'+i/26%26, 'a'+i%26))
	}
	for i := 0; i < 52; i++ {
		wc = append(wc, fmt.Sprintf("*%c%c*", 'a'+i/26, 'a'+i%26))
	}
	return map[string]string{
		"17,000 terms":      strings.Repeat("entity ", 17000),
		"100 regexps":       strings.Join(re, " "),
		"52 wildcards":      strings.Join(wc, " "),
		"invalid UTF-8":     "\xff\xfe entity",
		"open parenthesis":  "(entity list",
		"close parenthesis": "entity list)",
	}
}

func TestCheckQueryRefuses(t *testing.T) {
	l := Limits{MaxQueryBytes: 1024, MaxClauses: 10, MaxWildcards: 2, MaxRegexps: 1}
	for name, tc := range map[string]struct{ q, reason string }{
		"long":             {q: strings.Repeat("entity ", 17000), reason: "query is 119000 bytes long, at most 1024"},
		"clauses":          {q: strings.Repeat("chip ", 11), reason: "query has 11 terms, at most 10"},
		"wildcards":        {q: "*ab* *cd* ex*", reason: "3 wildcard or fuzzy terms, at most 2"},
		"fuzzy":            {q: "chip~1 quota~2 tier~1", reason: "3 wildcard or fuzzy terms"},
		"regexps":          {q: "/.*aa.*/ /.*ab.*/", reason: "2 regular expressions, at most 1"},
		"fielded regexps":  {q: "title:/a.*/ +body:/b.*/", reason: "2 regular expressions"},
		"invalid UTF-8":    {q: "\xff\xfe entity", reason: "not valid UTF-8"},
		"open paren":       {q: "(entity list", reason: "'(' without ')' at column 1"},
		"close paren":      {q: "entity list)", reason: "')' without '(' at column 12"},
		"paren order":      {q: ")entity(", reason: "')' without '('"},
		"must not clauses": {q: strings.Repeat("-x ", 11), reason: "11 terms"},
	} {
		t.Run(name, func(t *testing.T) {
			err := l.CheckQuery(tc.q)
			if !IsOverBudget(err) || !errors.Is(err, ErrBadQuery) {
				t.Fatalf("CheckQuery = %v, want a BudgetError that is ErrBadQuery", err)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not say %q", err, tc.reason)
			}
		})
	}
}

func TestCheckQueryAccepts(t *testing.T) {
	l := Limits{MaxClauses: 10, MaxWildcards: 2, MaxRegexps: 1}
	for _, q := range []string{
		"", "entity list", `"entity list" country:CN`, `+"entity list" -label:quota_change`,
		"Part 744 (Entity List)", `"(entity list"`, `\(entity list`, "export* chip~1",
		"/reg.*x/", "2024 2025", strings.Repeat("chip ", 10), "Künstliche Intelligenz",
		`"unterminated`, // the parser's error, not the budget's
	} {
		if err := l.CheckQuery(q); err != nil {
			t.Errorf("CheckQuery(%q) = %v, want nil", q, err)
		}
	}
}

// TestDefaultLimitsRefuseHostile: the default budget refuses every
// hostile query of issue 15, and Search returns that refusal.
func TestDefaultLimitsRefuseHostile(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for name, q := range hostile() {
		_, err := ix.Search(context.Background(), Query{Text: q})
		if !IsOverBudget(err) {
			t.Errorf("%s: Search error %v, want a budget refusal", name, err)
		}
	}
}

func TestSetLimits(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.SetLimits(Limits{MaxClauses: 2, MaxWildcards: 1})
	if _, err := ix.Search(context.Background(), Query{Text: "a b c"}); !IsOverBudget(err) {
		t.Errorf("3 terms with MaxClauses 2: %v, want a budget refusal", err)
	}
	if _, err := ix.Search(context.Background(), Query{Text: "a*"}); err != nil {
		t.Errorf("1 wildcard with MaxWildcards 1: %v", err)
	}
	_, err = ix.Search(context.Background(), Query{Text: "/a.*/"})
	if !IsOverBudget(err) || !strings.Contains(err.Error(), "regular expressions (/.../) are not allowed") {
		t.Errorf("a regexp with MaxRegexps 0: %v, want a refusal that says so", err)
	}
	ix.SetLimits(Limits{})
	if _, err := ix.Search(context.Background(), Query{Text: "/a.*/ /b.*/"}); err != nil {
		t.Errorf("2 regexps with the default limits: %v", err)
	}
}
