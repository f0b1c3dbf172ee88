package index

import "testing"

// TestHasLiteral: a phrase written as the user wrote it proves the phrase;
// every "true" here is also what the analyser finds (hasPhrase), so the
// shortcut never admits a document the phrase does not match. Hand-made
// texts.
func TestHasLiteral(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed("en")
	words := []string{"advanc", "comput", "item"}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Exports of advanced computing items need a license.", true},
		{"ADVANCED Computing ITEMS", true},
		{"advanced\ncomputing  \t items.", true},
		{"(advanced computing items) are listed", true},
		{`the term "advanced computing items" means`, true},
		{"non-advanced computing items", false}, // a hyphen joins nothing in UAX #29, but the shortcut leaves it to hasPhrase
		{"x'advanced computing items", false},   // an apostrophe between letters joins words
		{"advanced computing items.x", false},   // so does a full stop between letters
		{"advanced computing itemsets", false},  // another word
		{"advanced computing equipment and items", false},
		{"advanced computing", false},
		{"advanced-computing items", false}, // not as written: hasPhrase decides
	} {
		got := hasLiteral(tc.text, "advanced computing items")
		if got != tc.want {
			t.Errorf("hasLiteral(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if got && !hasPhrase(a, "en", tc.text, words) {
			t.Errorf("hasLiteral(%q) is true but the analysed text lacks the phrase", tc.text)
		}
	}
	for _, phrase := range []string{"advanced", "entité liste items", "U.S. person rule"} {
		if hasLiteral("advanced entité liste items U.S. person rule", phrase) {
			t.Errorf("hasLiteral(_, %q) = true; one word or a word beyond ASCII letters and digits is left to hasPhrase", phrase)
		}
	}
}
