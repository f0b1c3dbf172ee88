package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestLoadSmall runs the whole command on a tiny archive for a moment.
func TestLoadSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts a loaded server for a few seconds (runs in the full go test)")
	}
	for _, mode := range []struct{ flag, want string }{{"-novel=false", "cycling"}, {"-novel", "novel queries"}} {
		var out, errOut bytes.Buffer
		code := run([]string{"-docs", "20", "-batch", "10", "-clients", "2", "-duration", "300ms", "-dir", t.TempDir(), mode.flag}, &out, &errOut)
		if code != 0 {
			t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", mode.flag, code, out.String(), errOut.String())
		}
		for _, want := range []string{"archive      20 documents", "errors 0", "latency      p50", "peak RSS", mode.want} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: report lacks %q:\n%s", mode.flag, want, out.String())
			}
		}
		if strings.Contains(errOut.String(), "no texts") {
			t.Errorf("%s: the texts for snippets are missing:\n%s", mode.flag, errOut.String())
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-clients", "0"}, {"-duration", "-1s"}, {"-docs", "0"}, {"-nope"}} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i))
	}
	for p, want := range map[int]time.Duration{50: 50, 90: 90, 99: 99, 100: 100} {
		if got := pct(lat, p); got != want {
			t.Errorf("pct(1..100, %d) = %d, want %d", p, got, want)
		}
	}
	if got := pct(nil, 50); got != 0 {
		t.Errorf("pct(nil) = %d", got)
	}
}
