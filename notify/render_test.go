package notify

import (
	"testing"
)

func TestFlag(t *testing.T) {
	for in, want := range map[string]string{"CN": "🇨🇳", "tw": "🇹🇼", "": "", "X": "", "1A": ""} {
		if got := flag(in); got != want {
			t.Errorf("flag(%q) = %q, want %q", in, got, want)
		}
	}
}
