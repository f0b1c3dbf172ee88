package lang

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"empty":    {"", ""},
		"one word": {"Exportquoten", ""},
		"english sentence": {
			"The Bureau of Industry and Security is adding entities to the Entity List because they act contrary to the national security of the United States.", "en"},
		"german sentence": {
			"Die Regelungen teilen die Welt in drei Kategorien auf – die USA und 18 Schlüsselpartner in Kategorie 1 unterliegen keinen Beschränkungen für den Kauf von Chips.", "de"},
		"german headline":        {"KI: Wie die USA Chinas Fortschritt bremsen wollen – mit Folgen für andere Länder", "de"},
		"english headline":       {"Commerce Announces Rescission of the AI Diffusion Rule and Strengthens Chip-Related Export Controls", "en"},
		"german without umlauts": {"Das ist nicht der Plan, und es wird auch nicht so kommen.", "de"},
		"numbers only":           {"2025 90 FR 4544 15 CFR 744", ""},
		"french":                 {"Les États-Unis renforcent les contrôles à l'exportation des puces.", ""},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Detect(tc.in); got != tc.want {
				t.Errorf("Detect(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDetectLongTextIsBounded(t *testing.T) {
	text := strings.Repeat("Die Vereinigten Staaten und die Welt. ", 5000) + strings.Repeat("the and of the ", 100000)
	if got := Detect(text); got != German {
		t.Errorf("Detect(long) = %q, want %q (only the first words decide)", got, German)
	}
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat("Die Regelungen teilen die Welt in drei Kategorien auf. ", 200)
	for b.Loop() {
		Detect(text)
	}
}
