package pipeline

import (
	"context"
	"time"
)

// SyncIndexOn runs SyncIndex at every tick until ctx ends, so versions that
// other processes committed (reclassify, another replica's crawl) reach
// this process's index. Errors are logged; the next tick tries again.
func (p *Pipeline) SyncIndexOn(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			if n, err := p.SyncIndex(ctx); err != nil && ctx.Err() == nil {
				p.log.ErrorContext(ctx, "index sync", "err", err)
			} else if n > 0 {
				p.log.InfoContext(ctx, "index synced", "versions", n)
			}
		}
	}
}
