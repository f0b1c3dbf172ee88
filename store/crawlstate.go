package store

import (
	"context"
	"fmt"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// CrawlState is the bookkeeping of one source.
type CrawlState struct {
	Source              string    `json:"source"`
	Cursor              string    `json:"cursor,omitempty"`
	LastRun             time.Time `json:"last_run,omitempty"`
	LastSuccess         time.Time `json:"last_success,omitempty"`
	LastError           string    `json:"last_error,omitempty"`
	LastErrorAt         time.Time `json:"last_error_at,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	DocumentsSeen       int64     `json:"documents_seen"`
	Down                bool      `json:"down"` // a "source down" event was raised and not yet cleared
}

const crawlStateColumns = `source, cursor, last_run, last_success, last_error, last_error_at,
	consecutive_failures, documents_seen, down`

func scanCrawlState(r scanner) (CrawlState, error) {
	var (
		cs                         CrawlState
		lastRun, lastOK, lastErrAt int64
		down                       int
	)
	err := r.Scan(&cs.Source, &cs.Cursor, &lastRun, &lastOK, &cs.LastError, &lastErrAt,
		&cs.ConsecutiveFailures, &cs.DocumentsSeen, &down)
	cs.LastRun, cs.LastSuccess, cs.LastErrorAt = fromMS(lastRun), fromMS(lastOK), fromMS(lastErrAt)
	cs.Down = down != 0
	return cs, err
}

// crawlState reads one source's state through c; the zero value with Source
// set if the source has none yet.
func crawlState(ctx context.Context, c conn, source string) (CrawlState, error) {
	cs, err := scanCrawlState(c.queryRow(ctx, `SELECT `+crawlStateColumns+` FROM crawl_state WHERE source = ?`, source))
	if notFound(err) {
		return CrawlState{Source: source}, nil
	}
	return cs, err
}

// CrawlState returns the state of source: the zero value with Source set if
// it never ran.
func (s *Store) CrawlState(ctx context.Context, source string) (CrawlState, error) {
	cs, err := crawlState(ctx, s.reader(), source)
	if err != nil {
		return CrawlState{}, fmt.Errorf("store: crawl state %s: %w", source, err)
	}
	return cs, nil
}

// CrawlStates returns the state of every source that has one, by name.
func (s *Store) CrawlStates(ctx context.Context) ([]CrawlState, error) {
	rows, err := s.reader().query(ctx, `SELECT `+crawlStateColumns+` FROM crawl_state ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("store: crawl states: %w", err)
	}
	defer rows.Close()
	var out []CrawlState
	for rows.Next() {
		cs, err := scanCrawlState(rows)
		if err != nil {
			return nil, fmt.Errorf("store: crawl states: %w", err)
		}
		out = append(out, cs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: crawl states: %w", err)
	}
	return out, nil
}

// saveCrawlState writes cs through c.
func saveCrawlState(ctx context.Context, c conn, cs CrawlState) error {
	_, err := c.exec(ctx, `INSERT INTO crawl_state (`+crawlStateColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, last_run = excluded.last_run,
			last_success = excluded.last_success, last_error = excluded.last_error,
			last_error_at = excluded.last_error_at, consecutive_failures = excluded.consecutive_failures,
			documents_seen = excluded.documents_seen, down = excluded.down`,
		cs.Source, cs.Cursor, ms(cs.LastRun), ms(cs.LastSuccess), cs.LastError, ms(cs.LastErrorAt),
		cs.ConsecutiveFailures, cs.DocumentsSeen, boolInt(cs.Down))
	return err
}

// updateCrawlState reads, changes and writes one source's state in one
// transaction.
func (s *Store) updateCrawlState(ctx context.Context, source string, fn func(*CrawlState)) (CrawlState, error) {
	var cs CrawlState
	err := s.write(ctx, func(tx conn) error {
		if err := tx.lock(ctx, "exportwatch:crawl_state:"+source); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		var err error
		if cs, err = crawlState(ctx, tx, source); err != nil {
			return err
		}
		fn(&cs)
		return saveCrawlState(ctx, tx, cs)
	})
	return cs, err
}

// SaveCursor stores the cursor of source. Call it only after the documents
// the cursor covers are committed (DESIGN.md invariant 2).
func (s *Store) SaveCursor(ctx context.Context, source, cursor string) error {
	if _, err := s.updateCrawlState(ctx, source, func(cs *CrawlState) { cs.Cursor = cursor }); err != nil {
		return fmt.Errorf("store: save cursor %s: %w", source, err)
	}
	return nil
}

// RecordRun records the end of one crawl at at: runErr nil is a success
// (consecutive failures reset to 0), otherwise a failure (counted, with its
// message); seen adds to documents_seen. It returns the new state.
func (s *Store) RecordRun(ctx context.Context, source string, at time.Time, seen int, runErr error) (CrawlState, error) {
	at = fromMS(ms(at))
	cs, err := s.updateCrawlState(ctx, source, func(cs *CrawlState) {
		cs.LastRun = at
		cs.DocumentsSeen += int64(seen)
		if runErr == nil {
			cs.LastSuccess = at
			cs.ConsecutiveFailures = 0
			return
		}
		cs.LastError = truncate(runErr.Error())
		cs.LastErrorAt = at
		cs.ConsecutiveFailures++
	})
	if err != nil {
		return CrawlState{}, fmt.Errorf("store: record run %s: %w", source, err)
	}
	return cs, nil
}

// SetSourceDown records whether a "source down" event is raised for source.
func (s *Store) SetSourceDown(ctx context.Context, source string, down bool) error {
	if _, err := s.updateCrawlState(ctx, source, func(cs *CrawlState) { cs.Down = down }); err != nil {
		return fmt.Errorf("store: set source %s down=%t: %w", source, down, err)
	}
	return nil
}

// Validator returns the remembered HTTP validators of url, or the zero
// Validator if none. It implements doc.Validators.
func (s *Store) Validator(ctx context.Context, url string) (doc.Validator, error) {
	v := doc.Validator{}
	err := s.reader().queryRow(ctx, `SELECT url, etag, last_modified FROM validators WHERE url = ?`, url).
		Scan(&v.URL, &v.ETag, &v.LastModified)
	if notFound(err) {
		return doc.Validator{}, nil
	}
	if err != nil {
		return doc.Validator{}, fmt.Errorf("store: validator: %w", err)
	}
	return v, nil
}

// SaveValidators remembers validators for conditional GET in one
// transaction, replacing older ones; entries without a URL are skipped.
func (s *Store) SaveValidators(ctx context.Context, vs []doc.Validator) error {
	if len(vs) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx conn) error {
		now := ms(s.clock())
		for _, v := range vs {
			if v.URL == "" {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
					updated_at = excluded.updated_at`, v.URL, v.ETag, v.LastModified, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save %d validators: %w", len(vs), err)
	}
	return nil
}
