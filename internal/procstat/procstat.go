// Package procstat reads a process's memory figures from /proc (Linux),
// for the measuring tools (bench, load, soak) and benchmarks. Elsewhere the
// reads fail and the tools report 0.
package procstat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Status returns the field key of /proc/PID/status ("VmHWM", "VmRSS") in
// bytes; the kernel reports these fields in kB.
func Status(pid int, key string) (int64, error) {
	path := fmt.Sprintf("/proc/%d/status", pid)
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("procstat: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		rest, ok := strings.CutPrefix(line, key+":")
		if !ok {
			continue
		}
		f := strings.Fields(rest) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("procstat: %s: unexpected %q", path, line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("procstat: %s: %q: %w", path, line, err)
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("procstat: no %s in %s", key, path)
}

// PeakRSS returns the peak resident set size (VmHWM) of process pid in bytes.
func PeakRSS(pid int) (int64, error) { return Status(pid, "VmHWM") }

// OwnPeakRSS is PeakRSS of this process, or 0 where it cannot be read.
func OwnPeakRSS() int64 {
	n, _ := PeakRSS(os.Getpid())
	return n
}

// ResetPeakRSS sets this process's VmHWM back to its current RSS (Linux:
// 5 written to /proc/self/clear_refs), so a later PeakRSS measures one phase.
func ResetPeakRSS() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("procstat: reset peak RSS: %w", err)
	}
	return nil
}
