package index

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckSyntax(t *testing.T) {
	for q, want := range map[string]string{
		"title:(":               "column 7: '(' is never closed",
		"entity:":               `column 1: "entity:" has no value`,
		"tier entity: inspur":   `column 6: "entity:" has no value`,
		"(a b":                  "column 1: '(' is never closed",
		"a b)":                  "column 4: ')' closes no '('",
		"x ()":                  "column 3: empty parentheses",
		"entity:inspur":         "",
		`title:"a (b"`:          "",
		`+(tier quota) -draft`:  "",
		`a\(`:                   "",
		"published:>2020-01-01": "",
		"https://example.org":   "",
	} {
		err := checkSyntax(q)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", q, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrBadQuery)):
			t.Errorf("%q: error %v, want one mentioning %q", q, err, want)
		}
	}
}
