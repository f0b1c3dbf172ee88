package classifier

import "testing"

// TestMentionShape checks that inflected mentions of different countries
// share one shape, so the country model can carry what it learnt across.
func TestMentionShape(t *testing.T) {
	tests := []struct{ word, want string }{
		{"chinesischen", "adjen"},
		{"emiratischen", "adjen"},
		{"niederländische", "adje"},
		{"russischer", "adjer"},
		{"chinese", "demonym"},
		{"iranian", "demonym"},
		{"emirati", "demonym"},
		{"chinas", "genitive"},
		{"china", "name"},
		{"türkei", "name"}, // -ei is a German name ("Türkei", "Mongolei"), not "Emirati"
	}
	for _, tt := range tests {
		if got := mentionShape(tt.word); got != tt.want {
			t.Errorf("mentionShape(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
