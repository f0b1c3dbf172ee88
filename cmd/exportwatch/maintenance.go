package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// runBackup is `exportwatch backup FILE`: a consistent online copy of the
// SQLite store, safe while `serve` runs. The index is derived and not
// backed up: `reindex` (or the next start) rebuilds it.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	pos, err := parseArgs(fs, args, 1, "exactly one backup file name")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	_, _, st, code := setupStore(ctx, "backup", *cfgPath, *verbose, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	start := time.Now()
	if err := st.Backup(ctx, pos[0]); err != nil {
		fmt.Fprintf(stderr, "exportwatch backup: %v\n", err)
		return exitFailure
	}
	info, _ := os.Stat(pos[0])
	size := int64(0)
	if info != nil {
		size = info.Size()
	}
	fmt.Fprintf(stdout, "backup done: file=%s bytes=%d took=%s\n", pos[0], size, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// runRestore is `exportwatch restore FILE`: replace the store with a
// backup (the current database is moved aside, never deleted) and drop the
// index so the next start rebuilds it. Run it with the service stopped.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	cfgPath, _ := commonFlags(fs)
	pos, err := parseArgs(fs, args, 1, "exactly one backup file name")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitUsage
	}
	if cfg.Store.DSN != "" {
		fmt.Fprintln(stderr, "exportwatch restore: the store is on PostgreSQL (store.dsn): restore it with pg_restore")
		return exitUsage
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		fmt.Fprintf(stderr, "exportwatch restore: %v\n", err)
		return exitFailure
	}
	// Refuse while another process holds the index: that is a running serve.
	if ix, err := index.Open(indexPath(cfg), nil); errors.Is(err, index.ErrLocked) {
		fmt.Fprintln(stderr, "exportwatch restore: the index is locked by a running exportwatch: stop it first")
		return exitFailure
	} else if err == nil {
		ix.Close()
	}
	if err := store.Restore(ctx, pos[0], storePath(cfg)); err != nil {
		fmt.Fprintf(stderr, "exportwatch restore: %v\n", err)
		return exitFailure
	}
	if err := os.RemoveAll(indexPath(cfg)); err != nil {
		fmt.Fprintf(stderr, "exportwatch restore: remove the old index: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "restore done: %s -> %s (the index is rebuilt at the next start or by reindex)\n", pos[0], storePath(cfg))
	return exitOK
}

// runCheck is `exportwatch check`: store integrity, and whether the index
// agrees with the store. Exit 1 when a problem is found.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	cfg, log, st, code := setupStore(ctx, "check", *cfgPath, *verbose, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	rep, err := st.Check(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch check: %v\n", err)
		return exitFailure
	}
	out := struct {
		store.CheckReport
		Indexed     int64  `json:"indexed"`
		IndexStatus string `json:"index_status"`
	}{CheckReport: rep, Indexed: -1}
	ix, err := index.Open(indexPath(cfg), log)
	switch {
	case errors.Is(err, index.ErrLocked):
		out.IndexStatus = "in use by a running exportwatch: not compared"
	case errors.Is(err, index.ErrCorrupt):
		out.IndexStatus = "corrupt: the next start rebuilds it from the store"
		out.OK = false
		out.Problems = append(out.Problems, "index: "+err.Error())
	case err != nil:
		out.IndexStatus = "cannot open: " + err.Error()
		out.OK = false
		out.Problems = append(out.Problems, "index: "+err.Error())
	default:
		n, cerr := ix.Count()
		ix.Close()
		if cerr != nil {
			out.IndexStatus = "cannot count: " + cerr.Error()
			out.OK = false
			break
		}
		out.Indexed = int64(n)
		// Pending documents may have an older version in the index, so the
		// index holds between (documents - pending) and documents.
		lo, hi := int64(rep.Documents-rep.PendingIndex), int64(rep.Documents)
		out.IndexStatus = "consistent"
		if out.Indexed < lo || out.Indexed > hi {
			out.IndexStatus = "inconsistent"
			out.OK = false
			out.Problems = append(out.Problems, fmt.Sprintf("index: holds %d documents, the store expects %d to %d (run exportwatch reindex)", out.Indexed, lo, hi))
		} else if rep.PendingIndex > 0 {
			out.IndexStatus = fmt.Sprintf("consistent; %d documents pending (indexed at the next start or sync)", rep.PendingIndex)
		}
	}
	if *asJSON {
		if code := writeJSON(stdout, stderr, out); code != exitOK {
			return code
		}
	} else {
		status := "ok"
		if !out.OK {
			status = "PROBLEMS"
		}
		fmt.Fprintf(stdout, "check %s: documents=%d versions=%d pending_index=%d index=%s\n", status, out.Documents, out.Versions, out.PendingIndex, out.IndexStatus)
		for _, p := range out.Problems {
			fmt.Fprintf(stdout, "  - %s\n", p)
		}
	}
	if !out.OK {
		return exitFailure
	}
	return exitOK
}
