package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
)

// DateChange is one date of a document that a new version moved.
type DateChange struct {
	Kind     string
	From, To string // YYYY-MM-DD
	Evidence string // the sentence (or API field) the new day comes from
}

// saveDates writes the dates of version (calendar.Extract(d)) and returns
// the ones a lawyer acts on (not publication or filing) that differ from
// version prev (0: none). A date keeps the since_version and revision of
// prev while its day stays the same, so a feed's SEQUENCE only rises when
// the day moves. A date of prev that a later rule moved or withdrew
// (moved_by) stays as that rule left it while this version's own text
// states the day prev's did, or states none.
func saveDates(ctx context.Context, tx conn, d doc.Document, version, prev int) ([]DateChange, error) {
	type old struct {
		day, previous, stated, movedBy, source, evidence string
		since, revision                                  int
		withdrawn                                        bool
	}
	dates := calendar.Extract(d)
	if len(dates) == 0 {
		return nil, nil // press: no calendar
	}
	before := map[string]old{}
	if prev > 0 {
		rows, err := tx.query(ctx, `SELECT kind, day, since_version, previous_day, stated_day, moved_by, source,
			evidence, revision, withdrawn FROM version_dates WHERE document_id = ? AND version = ?`, d.ID, prev)
		if err != nil {
			return nil, fmt.Errorf("read dates of version %d: %w", prev, err)
		}
		for rows.Next() {
			var (
				k         string
				o         old
				withdrawn int
			)
			if err := rows.Scan(&k, &o.day, &o.since, &o.previous, &o.stated, &o.movedBy, &o.source,
				&o.evidence, &o.revision, &withdrawn); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read dates of version %d: %w", prev, err)
			}
			o.withdrawn = withdrawn != 0
			before[k] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read dates of version %d: %w", prev, err)
		}
	}
	insert := func(kind, day, source, evidence string, since int, previous, stated, movedBy string, revision int, withdrawn bool) error {
		if _, err := tx.exec(ctx, `INSERT INTO version_dates (document_id, version, kind, day, source, evidence,
			since_version, previous_day, citation, revision, stated_day, withdrawn, moved_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, version, kind, day, source, evidence, since, previous, d.Citation, revision, stated, boolInt(withdrawn), movedBy); err != nil {
			return fmt.Errorf("insert %s date: %w", kind, err)
		}
		return nil
	}
	var changes []DateChange
	stated := map[string]bool{}
	for _, x := range dates {
		stated[x.Kind] = true
		o, ok := before[x.Kind]
		switch {
		case ok && o.movedBy != "" && x.Day() == o.stated:
			// The text still states what the later rule moved: the move holds.
			if err := insert(x.Kind, o.day, o.source, o.evidence, o.since, o.previous, o.stated, o.movedBy, o.revision, o.withdrawn); err != nil {
				return nil, err
			}
			continue
		case ok && o.day == x.Day() && !o.withdrawn:
			if err := insert(x.Kind, x.Day(), x.Source, x.Evidence, o.since, o.previous, x.Day(), "", o.revision, false); err != nil {
				return nil, err
			}
			continue
		}
		since, previous, revision := version, "", version-1
		if ok {
			previous, revision = o.day, max(o.revision+1, version-1)
			// A publication or filing day that shifts is told by the
			// published event already; the dates a lawyer acts on are
			// events of their own.
			if slices.Contains(doc.ActionDateKinds, x.Kind) {
				changes = append(changes, DateChange{Kind: x.Kind, From: o.day, To: x.Day(), Evidence: x.Evidence})
			}
		}
		if err := insert(x.Kind, x.Day(), x.Source, x.Evidence, since, previous, x.Day(), "", revision, false); err != nil {
			return nil, err
		}
	}
	for k, o := range before {
		if !stated[k] && o.movedBy != "" {
			if err := insert(k, o.day, o.source, o.evidence, o.since, o.previous, o.stated, o.movedBy, o.revision, o.withdrawn); err != nil {
				return nil, err
			}
		}
	}
	return changes, nil
}

// backfillVersionDates gives the current version of every Federal Register
// document stored before migration 0004 (that has no dates yet) its
// dates. The day's history before then is unknown, so since_version is the
// current version.
func backfillVersionDates(ctx context.Context, tx conn) error {
	type cur struct {
		id      string
		version int
	}
	var docs []cur
	rows, err := tx.query(ctx, `SELECT id, current_version FROM documents d WHERE stage <> ''
		AND NOT EXISTS (SELECT 1 FROM version_dates vd WHERE vd.document_id = d.id AND vd.version = d.current_version)
		ORDER BY id`)
	if err != nil {
		return fmt.Errorf("backfill dates: %w", err)
	}
	for rows.Next() {
		var c cur
		if err := rows.Scan(&c.id, &c.version); err != nil {
			rows.Close()
			return fmt.Errorf("backfill dates: %w", err)
		}
		docs = append(docs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backfill dates: %w", err)
	}
	for _, c := range docs {
		var content string
		if err := tx.queryRow(ctx, `SELECT content FROM versions WHERE document_id = ? AND version = ?`, c.id, c.version).Scan(&content); err != nil {
			return fmt.Errorf("backfill dates: %s: %w", c.id, err)
		}
		var d doc.Document
		if err := json.Unmarshal([]byte(content), &d); err != nil {
			return fmt.Errorf("backfill dates: decode %s version %d: %w", c.id, c.version, err)
		}
		d.ID = c.id
		if _, err := saveDates(ctx, tx, d, c.version, 0); err != nil {
			return fmt.Errorf("backfill dates: %s: %w", c.id, err)
		}
	}
	return nil
}

// CalendarDate is one date of a stored version: the date, the version at
// which its day was set and the day it replaced.
type CalendarDate struct {
	calendar.Date
	Sequence  int    `json:"sequence"`
	Previous  string `json:"previous,omitempty"`
	Revision  int    `json:"revision"`            // the iCalendar SEQUENCE: rises with every move
	Withdrawn bool   `json:"withdrawn,omitempty"` // a later rule withdrew the date
	MovedBy   string `json:"moved_by,omitempty"`  // the later rule that moved or withdrew it
}

// versionCalendar reads the dates of one version in the order of calendar.Kinds.
func versionCalendar(ctx context.Context, tx conn, id string, version int) ([]CalendarDate, error) {
	rows, err := tx.query(ctx, `SELECT kind, day, source, evidence, since_version, previous_day, revision,
		withdrawn, moved_by FROM version_dates WHERE document_id = ? AND version = ?`, id, version)
	if err != nil {
		return nil, fmt.Errorf("read dates: %w", err)
	}
	defer rows.Close()
	var out []CalendarDate
	for rows.Next() {
		var (
			cd        CalendarDate
			day       string
			withdrawn int
		)
		if err := rows.Scan(&cd.Kind, &day, &cd.Source, &cd.Evidence, &cd.Sequence, &cd.Previous, &cd.Revision,
			&withdrawn, &cd.MovedBy); err != nil {
			return nil, fmt.Errorf("read dates: %w", err)
		}
		cd.Withdrawn = withdrawn != 0
		if cd.On, err = time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("read dates: %s: bad day %q", cd.Kind, day)
		}
		out = append(out, cd)
	}
	slices.SortFunc(out, func(a, b CalendarDate) int {
		return slices.Index(calendar.Kinds, a.Kind) - slices.Index(calendar.Kinds, b.Kind)
	})
	return out, rows.Err()
}

// CalendarQuery selects dated items of current document versions. Zero
// From/To leave that end open; Country matches documents that name it and
// labelled documents that name no country (worldwide rules), as the
// country feeds do. Subscription, when set, keeps the labelled documents
// that pass its countries, labels and sources (the subscription's own
// calendar; its query is not applied).
type CalendarQuery struct {
	From, To     time.Time
	Country      string
	Label        string
	DocumentID   string
	Subscription *doc.Subscription
	Limit        int // default 500
	// Latest keeps the latest days when Limit cuts: items come last day
	// first (a feed drops the oldest dates, not the coming ones).
	Latest bool
}

// CalendarItem is one dated item: a date of a document's current version.
type CalendarItem struct {
	calendar.Date
	DocumentID string    `json:"document_id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Citation   string    `json:"citation,omitempty"`
	Version    int       `json:"version"`  // the current version
	Sequence   int       `json:"sequence"` // the version at which this day was set
	Previous   string    `json:"previous,omitempty"`
	Revision   int       `json:"revision"`            // the iCalendar SEQUENCE: rises with every move
	Withdrawn  bool      `json:"withdrawn,omitempty"` // a later rule withdrew the date
	MovedBy    string    `json:"moved_by,omitempty"`  // the later rule that moved or withdrew it
	ChangedAt  time.Time `json:"changed_at"`          // when the version that set this day was fetched
	Labels     []string  `json:"labels"`
	Countries  []string  `json:"countries"`
}

// Calendar returns the dated items q selects, by day (the latest first
// with q.Latest), then document and kind.
func (s *Store) Calendar(ctx context.Context, q CalendarQuery) ([]CalendarItem, error) {
	if q.Limit <= 0 {
		q.Limit = 500
	}
	where, args := "", []any{}
	if !q.From.IsZero() {
		where += " AND vd.day >= ?"
		args = append(args, q.From.UTC().Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		where += " AND vd.day <= ?"
		args = append(args, q.To.UTC().Format(time.DateOnly))
	}
	if q.DocumentID != "" {
		where += " AND vd.document_id = ?"
		args = append(args, q.DocumentID)
	}
	order := ""
	if q.Latest {
		order = " DESC"
	}
	var out []CalendarItem
	err := s.read(ctx, func(tx conn) error {
		rows, err := tx.query(ctx, `SELECT vd.document_id, vd.version, vd.kind, vd.day, vd.source, vd.evidence,
				vd.since_version, vd.previous_day, vd.citation, COALESCE(sv.fetched_at, 0), d.title, d.url,
				COALESCE(c.content, ''), vd.revision, vd.withdrawn, vd.moved_by, d.source
			FROM version_dates vd
			JOIN documents d ON d.id = vd.document_id AND d.current_version = vd.version
			LEFT JOIN versions sv ON sv.document_id = vd.document_id AND sv.version = vd.since_version
			LEFT JOIN classifications c ON c.document_id = vd.document_id AND c.version = vd.version
			WHERE 1 = 1`+where+`
			ORDER BY vd.day`+order+`, vd.document_id, vd.kind`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		classes := map[string]doc.Classification{}
		for rows.Next() && len(out) < q.Limit {
			var (
				it        CalendarItem
				day       string
				class     string
				changed   int64
				withdrawn int
				source    string
			)
			if err := rows.Scan(&it.DocumentID, &it.Version, &it.Kind, &day, &it.Source, &it.Evidence,
				&it.Sequence, &it.Previous, &it.Citation, &changed, &it.Title, &it.URL, &class,
				&it.Revision, &withdrawn, &it.MovedBy, &source); err != nil {
				return err
			}
			it.Withdrawn = withdrawn != 0
			it.ChangedAt = fromMS(changed)
			if it.On, err = time.Parse(time.DateOnly, day); err != nil {
				return fmt.Errorf("%s %s: bad day %q: %w", it.DocumentID, it.Kind, day, err)
			}
			// A document's dates share its classification: decode it once.
			c, ok := classes[it.DocumentID]
			if !ok {
				if c, err = decodeClassification(class); err != nil {
					return err
				}
				classes[it.DocumentID] = c
			}
			if !matchCalendar(q, c, source) {
				continue
			}
			it.Labels, it.Countries = nonNil(c.Labels), nonNil(c.Countries)
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: calendar: %w", err)
	}
	return out, nil
}

func matchCalendar(q CalendarQuery, c doc.Classification, source string) bool {
	if sub := q.Subscription; sub != nil && !subscriptionCalendar(*sub, c, source) {
		return false
	}
	if q.Label != "" && !slices.Contains(c.Labels, q.Label) {
		return false
	}
	if q.Country != "" && !slices.Contains(c.Countries, q.Country) && (len(c.Countries) > 0 || len(c.Labels) == 0) {
		return false
	}
	return true
}

// subscriptionCalendar reports whether a document's dates belong in sub's
// calendar (its feed and its reminders): a labelled document that passes
// the subscription's countries, labels and sources.
func subscriptionCalendar(sub doc.Subscription, c doc.Classification, source string) bool {
	if len(c.Labels) == 0 {
		return false
	}
	if len(sub.Sources) > 0 && !slices.Contains(sub.Sources, source) {
		return false
	}
	return sub.MatchesTopics(c.Labels, c.Countries)
}
