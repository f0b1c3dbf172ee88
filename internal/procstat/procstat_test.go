package procstat

import (
	"os"
	"runtime"
	"testing"
)

func TestOwnFigures(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/PID/status is Linux's")
	}
	rss, err := Status(os.Getpid(), "VmRSS")
	if err != nil || rss <= 0 {
		t.Fatalf("VmRSS = %d, %v", rss, err)
	}
	peak, err := PeakRSS(os.Getpid())
	if err != nil || peak < rss {
		t.Fatalf("VmHWM = %d, %v; want at least VmRSS %d", peak, err, rss)
	}
	if got := OwnPeakRSS(); got < rss {
		t.Errorf("OwnPeakRSS = %d, want at least VmRSS %d", got, rss)
	}
	if _, err := Status(os.Getpid(), "NoSuchField"); err == nil {
		t.Error("a missing field gave no error")
	}
}
