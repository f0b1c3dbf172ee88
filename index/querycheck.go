package index

import (
	"fmt"
	"unicode"
)

// checkSyntax finds the mistakes Bleve's query-string parser lets through
// silently (an unclosed "(" matches nothing) or reports without a place
// ("syntax error"), and says where they are: a 1-based column and what to
// write instead. Errors wrap ErrBadQuery.
func checkSyntax(text string) error {
	rs := []rune(text)
	var open []int // columns of unclosed "("
	inQuote := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\':
			i++ // the next rune is literal
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '(':
			open = append(open, i+1)
		case r == ')':
			if len(open) == 0 {
				return fmt.Errorf("%w: column %d: ')' closes no '('", ErrBadQuery, i+1)
			}
			if rs[i-1] == '(' {
				return fmt.Errorf("%w: column %d: empty parentheses '()'", ErrBadQuery, i)
			}
			open = open[:len(open)-1]
		case r == ':':
			start := i
			for start > 0 && isFieldRune(rs[start-1]) {
				start--
			}
			if start == i {
				continue
			}
			if i+1 == len(rs) || unicode.IsSpace(rs[i+1]) || rs[i+1] == ')' {
				field := string(rs[start:i])
				return fmt.Errorf("%w: column %d: %q has no value; write the value right after the colon, e.g. %s:inspur or %s:\"two words\"",
					ErrBadQuery, start+1, field+":", field, field)
			}
		}
	}
	if inQuote {
		return nil // Bleve reports an unterminated quote itself
	}
	if len(open) > 0 {
		return fmt.Errorf("%w: column %d: '(' is never closed; add ')' or remove it", ErrBadQuery, open[len(open)-1])
	}
	return nil
}

func isFieldRune(r rune) bool {
	return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
