package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

// Reindex deletes the index and rebuilds it from the store (the store is
// the source of truth); it returns the number of versions indexed.
func Reindex(ctx context.Context, cfg config.Config, log *slog.Logger) (int, error) {
	// Removing the old index first makes Open build a fresh one and mark
	// every document pending.
	if err := os.RemoveAll(IndexPath(cfg)); err != nil {
		return 0, fmt.Errorf("remove old index: %w", err)
	}
	a, err := Open(ctx, cfg, log, nil)
	if err != nil {
		return 0, err
	}
	defer a.Close()
	return a.Pipeline.SyncIndex(ctx)
}

// Reclassify runs the current classifier over the archive (documents
// published on or after since; all when zero) without alerting anyone, and
// indexes the changes. Only the store is needed, so it works while serve
// runs: when serve holds the index, indexed is false and serve's periodic
// index sync picks the changes up.
func Reclassify(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger, since time.Time) (r pipeline.Reclassified, indexed bool, err error) {
	cl := classifier.New()
	if r, err = pipeline.Reclassify(ctx, st, cl, since); err != nil {
		return r, false, err
	}
	ix, err := OpenIndex(ctx, cfg, st, log)
	if errors.Is(err, index.ErrLocked) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	defer ix.Close()
	_, err = pipeline.New(pipeline.Config{}, st, ix, cl, nil, nil, log).SyncIndex(ctx)
	return r, err == nil, err
}

// CheckReport is the store's integrity report and whether the index agrees.
type CheckReport struct {
	store.CheckReport
	Indexed     int64  `json:"indexed"` // documents in the index; -1 when not counted
	IndexStatus string `json:"index_status"`
}

// Check verifies the store and compares the index with it; a problem
// clears OK and is listed in Problems.
func Check(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger) (CheckReport, error) {
	rep, err := st.Check(ctx)
	if err != nil {
		return CheckReport{}, err
	}
	out := CheckReport{CheckReport: rep, Indexed: -1}
	problem := func(status, p string) {
		out.IndexStatus, out.OK = status, false
		if p != "" {
			out.Problems = append(out.Problems, p)
		}
	}
	ix, err := index.Open(IndexPath(cfg), log)
	switch {
	case errors.Is(err, index.ErrLocked):
		out.IndexStatus = "in use by a running exportwatch: not compared"
	case errors.Is(err, index.ErrCorrupt):
		problem("corrupt: the next start rebuilds it from the store", "index: "+err.Error())
	case err != nil:
		problem("cannot open: "+err.Error(), "index: "+err.Error())
	default:
		n, cerr := ix.Count()
		ix.Close()
		if cerr != nil {
			problem("cannot count: "+cerr.Error(), "")
			break
		}
		out.Indexed = int64(n)
		// Pending documents may have an older version in the index, so the
		// index holds between (documents - pending) and documents.
		lo, hi := int64(rep.Documents-rep.PendingIndex), int64(rep.Documents)
		out.IndexStatus = "consistent"
		if out.Indexed < lo || out.Indexed > hi {
			problem("inconsistent", fmt.Sprintf("index: holds %d documents, the store expects %d to %d (run exportwatch reindex)", out.Indexed, lo, hi))
		} else if rep.PendingIndex > 0 {
			out.IndexStatus = fmt.Sprintf("consistent; %d documents pending (indexed at the next start or sync)", rep.PendingIndex)
		}
	}
	return out, nil
}

// ErrIndexInUse is returned by Restore while a running exportwatch holds the index.
var ErrIndexInUse = errors.New("the index is locked by a running exportwatch: stop it first")

// ErrNotSQLite is returned by Restore for a store on PostgreSQL.
var ErrNotSQLite = errors.New("the store is on PostgreSQL (store.dsn): restore it with pg_restore")

// Restore replaces the SQLite store with the backup at file (the current
// database is moved aside, never deleted) and drops the index so the next
// start rebuilds it. The service must be stopped.
func Restore(ctx context.Context, cfg config.Config, file string) error {
	if cfg.Store.DSN != "" {
		return ErrNotSQLite
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return err
	}
	// A running serve is the process that holds the index.
	if ix, err := index.Open(IndexPath(cfg), nil); errors.Is(err, index.ErrLocked) {
		return ErrIndexInUse
	} else if err == nil {
		ix.Close()
	}
	if err := store.Restore(ctx, file, StorePath(cfg)); err != nil {
		return err
	}
	if err := os.RemoveAll(IndexPath(cfg)); err != nil {
		return fmt.Errorf("remove the old index: %w", err)
	}
	return nil
}
