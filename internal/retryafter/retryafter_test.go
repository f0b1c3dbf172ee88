package retryafter

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                               0,
		"1":                              time.Second,
		" 120 ":                          2 * time.Minute,
		"-3":                             0,
		"soon":                           0,
		"Fri, 02 Jan 2026 03:04:15 GMT":  10 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT":  0,
		"Friday, 02-Jan-26 03:05:05 GMT": time.Minute, // RFC 850, still accepted by recipients
	} {
		if got := Parse(in, now); got != want {
			t.Errorf("Parse(%q) = %s, want %s", in, got, want)
		}
	}
}
