package poll

import (
	"testing"
	"time"
)

func TestUntil(t *testing.T) {
	n := 0
	if !Until(time.Second, time.Millisecond, func() bool { n++; return n == 3 }) {
		t.Fatal("condition that becomes true was not seen")
	}
	if n != 3 {
		t.Errorf("cond called %d times, want 3", n)
	}
	if Until(5*time.Millisecond, time.Millisecond, func() bool { return false }) {
		t.Error("a condition that never holds was reported true")
	}
}
