package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
)

// Reminder statuses. A scheduled reminder's delivery waits in the outbox
// (or was sent); a cancelled one's date was withdrawn, dropped, moved into
// the past, or its subscription no longer wants it.
const (
	ReminderScheduled = "scheduled"
	ReminderCancelled = "cancelled"
)

// reminderHour is the local hour (in the subscription's time zone, else
// UTC) at which a reminder is due on its day.
const reminderHour = 9

// Reminder is one subscription's reminder of one dated item.
type Reminder struct {
	ID             int64     `json:"id"`
	SubscriptionID int64     `json:"subscription_id"`
	DocumentID     string    `json:"document_id"`
	Kind           string    `json:"kind"`
	DaysBefore     int       `json:"days_before"`
	Day            string    `json:"day"` // the date reminded of, YYYY-MM-DD
	DueAt          time.Time `json:"due_at"`
	Status         string    `json:"status"`
	EventID        int64     `json:"event_id"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// ReminderQuery selects reminders; empty fields do not filter.
type ReminderQuery struct {
	SubscriptionID int64
	DocumentID     string
}

// Reminders returns the reminders q selects, by due time.
func (s *Store) Reminders(ctx context.Context, q ReminderQuery) ([]Reminder, error) {
	rs, err := readReminders(ctx, s.reader(), q)
	if err != nil {
		return nil, fmt.Errorf("store: reminders: %w", err)
	}
	return rs, nil
}

func readReminders(ctx context.Context, c conn, q ReminderQuery) ([]Reminder, error) {
	where, args := "", []any{}
	if q.SubscriptionID != 0 {
		where, args = where+" AND subscription_id = ?", append(args, q.SubscriptionID)
	}
	if q.DocumentID != "" {
		where, args = where+" AND document_id = ?", append(args, q.DocumentID)
	}
	rows, err := c.query(ctx, `SELECT id, subscription_id, document_id, kind, days_before, day, due_at, status,
		event_id, updated_at FROM reminders WHERE 1 = 1`+where+` ORDER BY due_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var (
			r            Reminder
			due, updated int64
		)
		if err := rows.Scan(&r.ID, &r.SubscriptionID, &r.DocumentID, &r.Kind, &r.DaysBefore, &r.Day, &due,
			&r.Status, &r.EventID, &updated); err != nil {
			return nil, err
		}
		r.DueAt, r.UpdatedAt = fromMS(due), fromMS(updated)
		out = append(out, r)
	}
	return out, rows.Err()
}

// datedItem is a date a reminder may name: an action date (doc.ActionDateKinds)
// of a current document version, not withdrawn.
type datedItem struct {
	documentID, kind, day string
	on                    time.Time
	version               int
	title, url, source    string
	class                 doc.Classification
}

// datedItems reads the action dates of current versions (of documentID
// only, unless "") that are today or later.
func datedItems(ctx context.Context, tx conn, documentID string, now time.Time) ([]datedItem, error) {
	args := []any{now.UTC().Format(time.DateOnly)}
	where := ""
	if documentID != "" {
		where, args = " AND vd.document_id = ?", append(args, documentID)
	}
	kinds := make([]string, len(doc.ActionDateKinds))
	for i, k := range doc.ActionDateKinds {
		kinds[i] = "'" + k + "'" // constants, not input
	}
	rows, err := tx.query(ctx, `SELECT vd.document_id, vd.version, vd.kind, vd.day, d.title, d.url, d.source,
			COALESCE(c.content, '')
		FROM version_dates vd
		JOIN documents d ON d.id = vd.document_id AND d.current_version = vd.version
		LEFT JOIN classifications c ON c.document_id = vd.document_id AND c.version = vd.version
		WHERE vd.withdrawn = 0 AND vd.day >= ? AND vd.kind IN (`+strings.Join(kinds, ", ")+`)`+where+`
		ORDER BY vd.day, vd.document_id, vd.kind`, args...)
	if err != nil {
		return nil, fmt.Errorf("read dated items: %w", err)
	}
	defer rows.Close()
	var out []datedItem
	for rows.Next() {
		var (
			it    datedItem
			class string
		)
		if err := rows.Scan(&it.documentID, &it.version, &it.kind, &it.day, &it.title, &it.url, &it.source, &class); err != nil {
			return nil, fmt.Errorf("read dated items: %w", err)
		}
		if it.on, err = time.Parse(time.DateOnly, it.day); err != nil {
			return nil, fmt.Errorf("read dated items: %s %s: bad day %q", it.documentID, it.kind, it.day)
		}
		if it.class, err = decodeClassification(class); err != nil {
			return nil, fmt.Errorf("read dated items: %s: %w", it.documentID, err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// reminderKey names one reminder row.
type reminderKey struct {
	sub        int64
	document   string
	kind       string
	daysBefore int
}

// syncReminders makes the reminders of subs for items what they should
// be, in the caller's transaction: a new reminder for each item in a
// subscription's calendar whose kind one of its reminders names (an event
// of kind reminder and one delivery due daysBefore days before the day, at
// reminderHour, or now when that has passed); a reminder whose day moved
// is rescheduled in place (its pending delivery's due time and its
// event's text change; if it was sent already and the new time is still
// ahead, it is armed again with a new event). When documentID is not "",
// items are that document's, and its reminders that no item asks for any
// more are cancelled, their pending delivery too.
func (s *Store) syncReminders(ctx context.Context, tx conn, subs []doc.Subscription, items []datedItem, documentID string) error {
	now := s.clock()
	existing := map[reminderKey]Reminder{}
	if documentID != "" {
		rs, err := readReminders(ctx, tx, ReminderQuery{DocumentID: documentID})
		if err != nil {
			return fmt.Errorf("read reminders: %w", err)
		}
		for _, r := range rs {
			existing[reminderKey{r.SubscriptionID, r.DocumentID, r.Kind, r.DaysBefore}] = r
		}
	}
	wanted := map[reminderKey]bool{}
	for _, sub := range subs {
		if len(sub.Reminders) == 0 {
			continue
		}
		loc := time.UTC
		if sub.TimeZone != "" {
			if l, err := time.LoadLocation(sub.TimeZone); err == nil {
				loc = l
			}
		}
		for _, it := range items {
			if !subscriptionCalendar(sub, it.class, it.source) {
				continue
			}
			for _, rule := range sub.Reminders {
				key := reminderKey{sub.ID, it.documentID, it.kind, rule.Days}
				if !slices.Contains(rule.Kinds, it.kind) || wanted[key] {
					continue
				}
				wanted[key] = true
				at := remindAt(it.on, rule.Days, loc)
				due := at
				if due.Before(now) {
					due = now
				}
				ex, ok := existing[key]
				switch {
				case !ok:
					if err := s.newReminder(ctx, tx, sub.ID, it, rule.Days, due, loc); err != nil {
						return err
					}
				case ex.Status == ReminderScheduled && ex.Day == it.day:
				default:
					if err := s.rescheduleReminder(ctx, tx, ex, it, at, due, loc); err != nil {
						return err
					}
				}
			}
		}
	}
	for key, ex := range existing {
		if wanted[key] || ex.Status == ReminderCancelled {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE reminders SET status = ?, updated_at = ? WHERE id = ?`,
			ReminderCancelled, ms(now), ex.ID); err != nil {
			return fmt.Errorf("cancel reminder %d: %w", ex.ID, err)
		}
		if _, err := tx.exec(ctx, `UPDATE deliveries SET status = ? WHERE subscription_id = ? AND event_id = ?
			AND status = ?`, StatusCancelled, ex.SubscriptionID, ex.EventID, StatusPending); err != nil {
			return fmt.Errorf("cancel reminder %d: %w", ex.ID, err)
		}
	}
	return nil
}

// remindAt is reminderHour in loc, days before the day on.
func remindAt(on time.Time, days int, loc *time.Location) time.Time {
	d := on.AddDate(0, 0, -days)
	return time.Date(d.Year(), d.Month(), d.Day(), reminderHour, 0, 0, 0, loc).UTC()
}

// reminderEvent writes the reminder event of it and its one delivery for
// sub, due at due. The delivery's created_at is its due time: it enters the
// queue then, and a first claim is not in doubt.
func (s *Store) reminderEvent(ctx context.Context, tx conn, sub int64, it datedItem, due time.Time, loc *time.Location) (int64, error) {
	ev := doc.Event{
		DocumentID: it.documentID, Version: it.version, Kind: doc.EventReminder, Source: it.source,
		Title: it.title, URL: it.url, Labels: nonNil(it.class.Labels), Countries: nonNil(it.class.Countries),
		Summary: reminderSummary(it, due, loc), CreatedAt: s.clock(),
	}
	ev, _, err := s.insertEvent(ctx, tx, ev, doc.Document{}, doc.Classification{}, nil)
	if err != nil {
		return 0, fmt.Errorf("reminder event: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO deliveries (subscription_id, event_id, status, attempts, due_at, created_at)
		VALUES (?, ?, ?, 0, ?, ?)`, sub, ev.ID, StatusPending, ms(due), ms(due)); err != nil {
		return 0, fmt.Errorf("reminder delivery: %w", err)
	}
	return ev.ID, nil
}

func (s *Store) newReminder(ctx context.Context, tx conn, sub int64, it datedItem, days int, due time.Time, loc *time.Location) error {
	evID, err := s.reminderEvent(ctx, tx, sub, it, due, loc)
	if err != nil {
		return err
	}
	now := ms(s.clock())
	if _, err := tx.exec(ctx, `INSERT INTO reminders (subscription_id, document_id, kind, days_before, day, due_at,
		status, event_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sub, it.documentID, it.kind, days, it.day, ms(due), ReminderScheduled, evID, now, now); err != nil {
		return fmt.Errorf("insert reminder: %w", err)
	}
	return nil
}

// rescheduleReminder moves reminder ex to it's day: in place while its
// delivery is pending; armed again with a new event when it was sent (or
// cancelled) and the new reminder time at is still ahead; otherwise (sent,
// and the new day is already near) only its day changes: the date_changed
// alert tells the rest.
func (s *Store) rescheduleReminder(ctx context.Context, tx conn, ex Reminder, it datedItem, at, due time.Time, loc *time.Location) error {
	var status string
	err := tx.queryRow(ctx, `SELECT status FROM deliveries WHERE subscription_id = ? AND event_id = ?`,
		ex.SubscriptionID, ex.EventID).Scan(&status)
	if err != nil && !notFound(err) {
		return fmt.Errorf("reminder %d: read delivery: %w", ex.ID, err)
	}
	evID := ex.EventID
	switch {
	case status == StatusPending:
		if _, err := tx.exec(ctx, `UPDATE deliveries SET due_at = ?, created_at = ? WHERE subscription_id = ? AND event_id = ?`,
			ms(due), ms(due), ex.SubscriptionID, ex.EventID); err != nil {
			return fmt.Errorf("reminder %d: reschedule delivery: %w", ex.ID, err)
		}
		if _, err := tx.exec(ctx, `UPDATE events SET summary = ?, version = ? WHERE id = ?`,
			reminderSummary(it, due, loc), it.version, ex.EventID); err != nil {
			return fmt.Errorf("reminder %d: rewrite event: %w", ex.ID, err)
		}
	case ex.Status == ReminderCancelled || at.After(s.clock()):
		if evID, err = s.reminderEvent(ctx, tx, ex.SubscriptionID, it, due, loc); err != nil {
			return fmt.Errorf("reminder %d: %w", ex.ID, err)
		}
	default:
		due = ex.DueAt
	}
	if _, err := tx.exec(ctx, `UPDATE reminders SET day = ?, due_at = ?, status = ?, event_id = ?, updated_at = ?
		WHERE id = ?`, it.day, ms(due), ReminderScheduled, evID, ms(s.clock()), ex.ID); err != nil {
		return fmt.Errorf("reminder %d: update: %w", ex.ID, err)
	}
	return nil
}

// reminderSummary is a reminder's text: the document, the date kind, the
// date, how far ahead it is when the reminder is due, and the link.
// "Reminder: the effective date of “Title” is 2025-03-25 (in 7 days). https://…"
func reminderSummary(it datedItem, due time.Time, loc *time.Location) string {
	local := due.In(loc)
	from := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	var when string
	switch n := int(it.on.Sub(from).Hours() / 24); {
	case n <= 0:
		when = "today"
	case n == 1:
		when = "tomorrow"
	default:
		when = fmt.Sprintf("in %d days", n)
	}
	s := fmt.Sprintf("Reminder: the %s of “%s” is %s (%s).", calendar.KindName(it.kind), it.title, it.day, when)
	if it.url != "" {
		s += " " + it.url
	}
	return s
}

// syncDocumentReminders brings the reminders of document id in line with
// its current dates, for every active subscription.
func (s *Store) syncDocumentReminders(ctx context.Context, tx conn, id string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM subscriptions WHERE deleted_at = 0 AND reminders <> '[]'`).Scan(&n); err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	if n == 0 {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM reminders WHERE document_id = ? AND status = ?`,
			id, ReminderScheduled).Scan(&n); err != nil {
			return fmt.Errorf("reminders: %w", err)
		}
		if n == 0 {
			return nil // the common case: nobody asked for reminders
		}
	}
	subs, err := listSubscriptions(ctx, tx)
	if err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	items, err := datedItems(ctx, tx, id, s.clock())
	if err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	if err := s.syncReminders(ctx, tx, subs, items, id); err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	return nil
}
