// Package poll lets tests wait for asynchronous work by polling a
// condition with a deadline, never by sleeping for a guessed time.
package poll

import "time"

// Until calls cond every interval until it returns true (Until returns
// true) or d has passed (Until returns false). cond is called at least
// once.
func Until(d, interval time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(interval)
	}
}
