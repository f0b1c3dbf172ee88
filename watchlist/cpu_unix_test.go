//go:build unix

package watchlist

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used: on a
// shared machine a fairer figure than the wall clock.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
