package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// Store is what notify needs from the store; *store.Store implements it.
type Store interface {
	ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]store.Delivery, error)
	ClaimDelivery(ctx context.Context, id int64, now time.Time, lease time.Duration) (store.Delivery, bool, error)
	Delivery(ctx context.Context, id int64) (store.Delivery, error)
	MarkSent(ctx context.Context, id int64, at time.Time, ref string) error
	MarkRetry(ctx context.Context, id int64, due time.Time, reason string) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	Deliveries(ctx context.Context, q store.DeliveryQuery) ([]store.Delivery, error)
	Event(ctx context.Context, id int64) (doc.Event, error)
	Events(ctx context.Context, q store.EventQuery) ([]doc.Event, error)
	DocumentVersion(ctx context.Context, id string, version int) (doc.Document, doc.Classification, error)
	Documents(ctx context.Context, since time.Time, fn func(store.StoredDocument) error) error
	Subscription(ctx context.Context, id int64) (doc.Subscription, error)
	Thread(ctx context.Context, subscriptionID int64, documentID string) (string, error)
	SaveThread(ctx context.Context, subscriptionID int64, documentID, ts string) error
}

// DispatchConfig tunes the dispatcher (config key `notify`). Zero values
// take config.Default's values, the one home of notify's defaults.
type DispatchConfig struct {
	Workers      int           // concurrent sends
	BatchSize    int           // rows claimed per poll [4*Workers]
	PollInterval time.Duration // idle poll period; Wake polls at once
	Lease        time.Duration // claim lease, at least twice SendTimeout
	SendTimeout  time.Duration // one send, including its retries inside the client [2*notify.timeout]
	MaxAttempts  int           // attempts before a delivery fails
	BackoffBase  time.Duration // first retry delay [30s]; doubles per attempt
	BackoffMax   time.Duration // retry delay cap [1h]
	// Metrics records sent, retried and failed deliveries (may be nil).
	Metrics DeliveryMetrics
	// Now and Rand (in [0,1), for jitter) are injectable for tests.
	Now  func() time.Time
	Rand func() float64
}

// DeliveryMetrics receives delivery outcomes by channel type;
// *metrics.Metrics implements it.
type DeliveryMetrics interface {
	DeliverySent(channel string, latency time.Duration)
	DeliveryFailed(channel string)
	DeliveryRetried(channel string)
}

func (c DispatchConfig) withDefaults() DispatchConfig {
	def := config.Default().Notify
	if c.Workers <= 0 {
		c.Workers = def.Workers
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 4 * c.Workers
	}
	if c.PollInterval <= 0 {
		c.PollInterval = def.Poll.D()
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = 2 * def.Timeout.D()
	}
	if c.Lease <= 0 {
		c.Lease = def.Lease.D()
	}
	if c.Lease < 2*c.SendTimeout {
		c.Lease = 2 * c.SendTimeout
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = def.MaxAttempts
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = 30 * time.Second
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Float64
	}
	return c
}

// dispatcher sends the outbox. Each poll claims due rows with a lease
// (store.ClaimDue), groups them into jobs, and runs at most Workers jobs at
// once:
//
//   - instant rows of one subscription form one job, sent one message per
//     event in event order (so a later change of a document finds the Slack
//     thread of the first alert, and a channel sees events in order);
//   - digest rows are deferred (MarkRetry to the next DigestAt in TimeZone,
//     which counts as one attempt) until a digest time has passed since the
//     row was created; then every such pending row of the subscription is
//     sent as one grouped message and marked with the same outcome;
//   - feed rows are marked sent at once (feeds are pulled, not pushed);
//   - a backfill row (kind doc.EventBackfill) is a job of its own, sent at
//     once whatever the subscription's mode: its digest of the window is
//     built when it is sent (runBackfill).
//
// A send is marked sent immediately after the channel acknowledged it, with
// a context that shutdown does not cancel. Failures are retried with
// exponential backoff and jitter (at least the channel's Retry-After) until
// MaxAttempts, or failed at once when final (bad token, unknown channel,
// other 4xx). Rows claimed but not started when Run stops keep their lease
// and are claimed again after it expires. Before a row in doubt (claimed
// before, never recorded) is sent again, a sender that is a Recaller is
// asked whether the channel already has it; if so the row is recorded as
// sent with that ref instead.
type dispatcher struct {
	st      Store
	senders map[string]Sender
	matcher *Matcher // decides what a backfill lists
	cfg     DispatchConfig
	log     *slog.Logger
	wake    chan struct{}
	sem     chan struct{}

	mu       sync.Mutex
	inflight map[int64]bool
}

// newDispatcher returns a dispatcher sending through senders keyed by
// channel type (doc.ChannelSlack, ...).
func newDispatcher(st Store, senders map[string]Sender, cfg DispatchConfig, log *slog.Logger) *dispatcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	return &dispatcher{
		st: st, senders: senders, cfg: cfg, log: log,
		wake:     make(chan struct{}, 1),
		sem:      make(chan struct{}, cfg.Workers),
		inflight: map[int64]bool{},
	}
}

// wakeUp makes a running dispatcher poll now (call it after committing
// deliveries); it never blocks.
func (d *dispatcher) wakeUp() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// loop polls and sends until ctx is cancelled, then waits for the sends in
// flight to finish and be recorded. It returns nil on cancellation.
func (d *dispatcher) loop(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-d.wake:
		}
		n, err := d.poll(ctx, &wg)
		if err != nil && ctx.Err() == nil {
			d.log.ErrorContext(ctx, "dispatch poll failed", "err", err)
		}
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		if n >= d.cfg.BatchSize {
			t.Reset(0)
		} else {
			t.Reset(d.cfg.PollInterval)
		}
	}
}

// runOnce claims one batch, sends it and waits; it returns the number of
// rows claimed. Tests and one-shot commands use it.
func (d *dispatcher) runOnce(ctx context.Context) (int, error) {
	var wg sync.WaitGroup
	n, err := d.poll(ctx, &wg)
	wg.Wait()
	return n, err
}

type job struct {
	sub      doc.Subscription
	rows     []store.Delivery
	digest   bool
	backfill bool // one row of kind doc.EventBackfill
}

// poll claims a batch and starts its jobs; it blocks while all workers are
// busy and gives up starting jobs when ctx is done.
func (d *dispatcher) poll(ctx context.Context, wg *sync.WaitGroup) (int, error) {
	// Claim only when a worker is free, so claimed rows do not sit leased.
	select {
	case d.sem <- struct{}{}:
		<-d.sem
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	now := d.cfg.Now()
	rows, err := d.st.ClaimDue(ctx, now, d.cfg.BatchSize, d.cfg.Lease)
	if err != nil {
		return 0, err
	}
	jobs := d.plan(ctx, now, rows)
	for i, j := range jobs {
		select {
		case d.sem <- struct{}{}:
		case <-ctx.Done():
			for _, j := range jobs[i:] {
				d.release(j.rows)
			}
			return len(rows), ctx.Err()
		}
		wg.Add(1)
		go func(j job) {
			defer wg.Done()
			defer func() { <-d.sem }()
			defer d.release(j.rows)
			d.run(ctx, j)
		}(j)
	}
	return len(rows), nil
}

func (d *dispatcher) release(rows []store.Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range rows {
		delete(d.inflight, r.ID)
	}
}

// take marks rows in flight and returns those that were not already.
func (d *dispatcher) take(rows []store.Delivery) []store.Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []store.Delivery
	for _, r := range rows {
		if !d.inflight[r.ID] {
			d.inflight[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// plan turns claimed rows into jobs, deferring digest rows that are not
// ready and settling rows that need no send.
func (d *dispatcher) plan(ctx context.Context, now time.Time, rows []store.Delivery) []job {
	rows = d.take(rows)
	subs := map[int64]*doc.Subscription{}
	instant := map[int64]*job{}
	digest := map[int64]*job{}
	var (
		order     []int64
		backfills []job
	)
	for _, r := range rows {
		sub, ok := subs[r.SubscriptionID]
		if !ok {
			s, err := d.st.Subscription(ctx, r.SubscriptionID)
			switch {
			case errors.Is(err, store.ErrNotFound):
				sub = nil
			case err != nil:
				d.log.ErrorContext(ctx, "dispatch: load subscription", "subscription_id", r.SubscriptionID, "err", err)
				d.release([]store.Delivery{r})
				continue
			default:
				sub = &s
			}
			subs[r.SubscriptionID] = sub
		}
		switch {
		case sub == nil:
			d.settle(ctx, "", r, "", false, errors.New("subscription deleted"), false)
			d.release([]store.Delivery{r})
		case sub.Channel == doc.ChannelFeed:
			d.settle(ctx, sub.Channel, r, "feed", false, nil, false)
			d.release([]store.Delivery{r})
		case r.Kind == doc.EventBackfill:
			backfills = append(backfills, job{sub: *sub, rows: []store.Delivery{r}, backfill: true})
		case sub.Mode == doc.ModeDigest:
			prev, next, err := digestTimes(*sub, now)
			if err != nil {
				d.settle(ctx, sub.Channel, r, "", false, err, true)
				d.release([]store.Delivery{r})
				continue
			}
			if !r.CreatedAt.Before(prev) {
				reason := fmt.Sprintf("digest: waiting for %s", next.Format(time.RFC3339))
				if err := d.st.MarkRetry(ctx, r.ID, next, reason); err != nil {
					d.log.ErrorContext(ctx, "dispatch: defer digest delivery", "delivery_id", r.ID, "err", err)
				}
				d.release([]store.Delivery{r})
				continue
			}
			j := digest[sub.ID]
			if j == nil {
				j = &job{sub: *sub, digest: true}
				digest[sub.ID] = j
				order = append(order, -sub.ID)
			}
			j.rows = append(j.rows, r)
		default:
			j := instant[sub.ID]
			if j == nil {
				j = &job{sub: *sub}
				instant[sub.ID] = j
				order = append(order, sub.ID)
			}
			j.rows = append(j.rows, r)
		}
	}
	jobs := backfills
	for _, id := range order {
		if id < 0 {
			j := digest[-id]
			d.gatherDigest(ctx, now, j)
			jobs = append(jobs, *j)
			continue
		}
		j := instant[id]
		sort.Slice(j.rows, func(a, b int) bool { return j.rows[a].EventID < j.rows[b].EventID })
		jobs = append(jobs, *j)
	}
	return jobs
}

// gatherDigest adds the subscription's other ready pending rows (not
// leased, created before the last digest time) to a digest job.
func (d *dispatcher) gatherDigest(ctx context.Context, now time.Time, j *job) {
	prev, _, _ := digestTimes(j.sub, now)
	more, err := d.st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending, SubscriptionID: j.sub.ID, Limit: 1000})
	if err != nil {
		d.log.WarnContext(ctx, "dispatch: gather digest", "subscription_id", j.sub.ID, "err", err)
		return
	}
	var extra []store.Delivery
	for _, r := range more {
		if r.Kind == doc.EventBackfill {
			continue // a job of its own
		}
		if !r.DueAt.After(now) && r.CreatedAt.Before(prev) {
			extra = append(extra, r)
		}
	}
	j.rows = append(j.rows, d.take(extra)...)
	sort.Slice(j.rows, func(a, b int) bool { return j.rows[a].EventID < j.rows[b].EventID })
}

// run sends one job. A send that has started is finished and recorded
// even when ctx is cancelled (each send has its own timeout); once ctx is
// cancelled no further row of the job is started.
func (d *dispatcher) run(parent context.Context, j job) {
	ctx := context.WithoutCancel(parent)
	sender := d.senders[j.sub.Channel]
	if j.backfill {
		d.runBackfill(ctx, j)
		return
	}
	if j.digest {
		items := make([]Item, 0, len(j.rows))
		var rows []store.Delivery
		for _, r := range j.rows {
			it, err := d.item(ctx, r)
			if err != nil {
				d.settle(ctx, j.sub.Channel, r, "", !errors.Is(err, store.ErrNotFound), err, true)
				continue
			}
			items = append(items, inTerms(j.sub, it))
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			return
		}
		items = oncePerDocument(items)
		n := Notification{Subscription: j.sub, Items: items, Digest: true, Title: "exportwatch daily digest", DeliveryID: rows[0].ID}
		ref, retry, err := d.recallOrSend(ctx, sender, n, rows[0])
		for _, r := range rows {
			d.settle(ctx, j.sub.Channel, r, ref, retry, err, true)
		}
		return
	}
	for _, r := range j.rows {
		if parent.Err() != nil {
			return // shutdown: the rest keep their lease
		}
		it, err := d.item(ctx, r)
		if err != nil {
			d.settle(ctx, j.sub.Channel, r, "", !errors.Is(err, store.ErrNotFound), err, false)
			continue
		}
		n := Notification{Subscription: j.sub, Items: []Item{it}, DeliveryID: r.ID}
		docID := it.Event.DocumentID
		threaded := j.sub.Channel == doc.ChannelSlack && docID != ""
		if threaded {
			ts, err := d.st.Thread(ctx, j.sub.ID, docID)
			if err != nil {
				d.log.WarnContext(ctx, "dispatch: load slack thread", "subscription_id", j.sub.ID, "document_id", docID, "err", err)
			}
			n.ThreadTS = ts
		}
		ref, retry, err := d.recallOrSend(ctx, sender, n, r)
		d.settle(ctx, j.sub.Channel, r, ref, retry, err, false)
		if err == nil && threaded && n.ThreadTS == "" && ref != "" {
			if err := d.st.SaveThread(ctx, j.sub.ID, docID, ref); err != nil {
				d.log.WarnContext(ctx, "dispatch: save slack thread", "subscription_id", j.sub.ID, "document_id", docID, "err", err)
			}
		}
	}
}

// recallMargin widens the history a Recaller searches beyond the row's
// creation, for clocks that disagree.
const recallMargin = time.Minute

// recallOrSend sends n for row r, unless r is in doubt and the channel
// says it already has it: then it returns that message's ref. A failed
// look-up is logged and the send goes ahead (at least once).
func (d *dispatcher) recallOrSend(ctx context.Context, s Sender, n Notification, r store.Delivery) (string, bool, error) {
	if rc, ok := s.(Recaller); ok && r.InDoubt {
		rctx, cancel := context.WithTimeout(ctx, d.cfg.SendTimeout)
		ref, err := rc.Recall(rctx, n, r.CreatedAt.Add(-recallMargin))
		cancel()
		switch {
		case err != nil:
			d.log.WarnContext(ctx, "dispatch: recall failed; sending", "delivery_id", r.ID, "subscription_id", r.SubscriptionID, "err", err)
		case ref != "":
			d.log.InfoContext(ctx, "delivery found on the channel; recorded, not resent", "delivery_id", r.ID, "subscription_id", r.SubscriptionID, "ref", ref)
			return ref, false, nil
		}
	}
	return d.send(ctx, s, n)
}

func (d *dispatcher) send(ctx context.Context, s Sender, n Notification) (string, bool, error) {
	if s == nil {
		return "", false, fmt.Errorf("%w: %s", ErrNoSender, n.Subscription.Channel)
	}
	ctx, cancel := context.WithTimeout(ctx, d.cfg.SendTimeout)
	defer cancel()
	return s.Send(ctx, n)
}

// item loads the event and the document version it concerns.
func (d *dispatcher) item(ctx context.Context, r store.Delivery) (Item, error) {
	ev, err := d.st.Event(ctx, r.EventID)
	if err != nil {
		return Item{}, fmt.Errorf("load event %d: %w", r.EventID, err)
	}
	it := Item{Event: ev}
	if ev.DocumentID != "" && ev.Kind != doc.EventSource {
		it.Document, it.Classification, err = d.st.DocumentVersion(ctx, ev.DocumentID, ev.Version)
		if err != nil {
			return Item{}, fmt.Errorf("load document %s version %d: %w", ev.DocumentID, ev.Version, err)
		}
	}
	return it, nil
}

// oncePerDocument keeps one item per document of the changes to it (new,
// updated, published): the newest, at the place of the first, so a
// digest lists a rule once however often it changed that day. Items of
// other kinds (watchlist hits, dates, reminders, source health) each say
// something of their own and stay. items are in event order.
func oncePerDocument(items []Item) []Item {
	at := map[string]int{} // document ID -> index in out
	out := items[:0:0]
	for _, it := range items {
		switch it.Event.Kind {
		case doc.EventNew, doc.EventUpdated, doc.EventPublished:
			if i, seen := at[it.Event.DocumentID]; seen && it.Event.DocumentID != "" {
				out[i] = it
				continue
			}
			at[it.Event.DocumentID] = len(out)
		}
		out = append(out, it)
	}
	return out
}

// settle records the outcome of one attempt for row r.
func (d *dispatcher) settle(ctx context.Context, channel string, r store.Delivery, ref string, retry bool, err error, digest bool) {
	now := d.cfg.Now()
	log := d.log.With("delivery_id", r.ID, "subscription_id", r.SubscriptionID, "event_id", r.EventID)
	if err == nil {
		if err := d.st.MarkSent(ctx, r.ID, now, ref); err != nil {
			log.ErrorContext(ctx, "dispatch: mark sent", "err", err)
			return
		}
		log.DebugContext(ctx, "delivery sent", "ref", ref)
		if d.cfg.Metrics != nil && channel != "" {
			d.cfg.Metrics.DeliverySent(channel, now.Sub(r.CreatedAt))
		}
		return
	}
	max := d.cfg.MaxAttempts
	if digest {
		max++ // the deferral to the digest time counted as one attempt
	}
	attempt := r.Attempts + 1
	if retry && attempt < max {
		due := now.Add(d.backoff(r.Attempts, RetryAfter(err)))
		if merr := d.st.MarkRetry(ctx, r.ID, due, err.Error()); merr != nil {
			log.ErrorContext(ctx, "dispatch: mark retry", "err", merr)
			return
		}
		log.WarnContext(ctx, "delivery failed; will retry", "attempt", attempt, "due", due, "err", err)
		if d.cfg.Metrics != nil && channel != "" {
			d.cfg.Metrics.DeliveryRetried(channel)
		}
		return
	}
	reason := err.Error()
	if retry {
		reason = "after " + strconv.Itoa(attempt) + " attempts: " + reason
	}
	if merr := d.st.MarkFailed(ctx, r.ID, reason); merr != nil {
		log.ErrorContext(ctx, "dispatch: mark failed", "err", merr)
		return
	}
	log.ErrorContext(ctx, "delivery failed", "attempt", attempt, "err", err)
	if d.cfg.Metrics != nil {
		d.cfg.Metrics.DeliveryFailed(cmp.Or(channel, "unknown"))
	}
}

// backoff is BackoffBase*2^attempts capped at BackoffMax, with equal jitter
// (half fixed, half random), and never less than the channel's Retry-After.
func (d *dispatcher) backoff(attempts int, retryAfter time.Duration) time.Duration {
	delay := d.cfg.BackoffBase
	for i := 0; i < attempts && delay < d.cfg.BackoffMax; i++ {
		delay *= 2
	}
	delay = min(delay, d.cfg.BackoffMax)
	delay = delay/2 + time.Duration(d.cfg.Rand()*float64(delay/2))
	return max(delay, retryAfter)
}

// digestTimes returns the last digest time at or before now and the next
// one after now, in the subscription's time zone (DigestAt "HH:MM",
// default 08:00; TimeZone IANA, default UTC).
func digestTimes(s doc.Subscription, now time.Time) (prev, next time.Time, err error) {
	hh, mm, err := doc.ParseClock(s.DigestAt)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("digest time %w", err)
	}
	loc := time.UTC
	if s.TimeZone != "" {
		if loc, err = time.LoadLocation(s.TimeZone); err != nil {
			return time.Time{}, time.Time{}, fmt.Errorf("digest time zone %q: %w", s.TimeZone, err)
		}
	}
	l := now.In(loc)
	at := func(days int) time.Time { return time.Date(l.Year(), l.Month(), l.Day()+days, hh, mm, 0, 0, loc) }
	today := at(0)
	if today.After(now) {
		return at(-1), today, nil
	}
	return today, at(1), nil
}
