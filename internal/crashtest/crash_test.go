package crashtest

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/exportwatch/exportwatch/store"
)

// binary is the exportwatch binary TestMain builds once per test run.
var binary string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "exportwatch-crashtest-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if binary, err = Build(ctx, dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}())
}

const (
	slackToken = "xoxb-crashtest"
	workers    = 4 // notify.workers: at most this many sends are in flight at a kill
	source     = "federal-register"
	since      = "2020-01-01"
	bisAgency  = "industry-and-security-bureau"
)

// subscriptions are created with `exportwatch subscribe`; each has its own
// Slack channel so a message's channel names its subscription.
var subscriptions = []struct{ name, channel string }{
	{"all", "C1"},
	{"china", "C2"},
	{"entity-additions", "C3"},
	{"uae", "C4"},
}

var subscribeFlags = map[string][]string{
	"all":              nil,
	"china":            {"--country", "CN"},
	"entity-additions": {"--label", "entity_addition"},
	"uae":              {"--country", "AE"},
}

// accepted is one message the fake Slack acknowledged, with the serve
// generation that was running when it arrived.
type accepted struct {
	fakeslack.Message
	gen int
}

// generation is one run of `exportwatch serve`.
type generation struct {
	n       int
	mode    string // what ended it: crawl, send, time, fallback; "term" for the last
	started time.Time
	killed  time.Time // zero for the final, SIGTERM-stopped run
}

// TestKillServe runs `exportwatch serve` as a subprocess against the fake
// Federal Register and a slow fake Slack, SIGKILLs it at random moments
// during crawling and sending (at least 20 times; 5 with -short), changes
// the upstream between runs, then lets the last run go quiet and stops it
// with SIGTERM. It asserts that every document of the fake's BIS corpus is
// stored exactly once with contiguous versions and one event per version,
// that every delivery is sent, and that no (subscription, event) reached
// Slack twice, not even where a kill fell between Slack's ack and MarkSent.
func TestKillServe(t *testing.T) {
	kills := 24
	if testing.Short() {
		kills = 5
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("EXPORTWATCH_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("EXPORTWATCH_CRASH_SEED: %v", err)
		}
	}
	t.Logf("seed %d (rerun with EXPORTWATCH_CRASH_SEED=%d), %d kills", seed, seed, kills)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ctx := context.Background()
	dir := keptOnFailure(t)
	deadline := time.Now().Add(80 * time.Second)

	// The generation running now, and what may end it.
	var (
		curGen    atomic.Int64
		curProc   atomic.Pointer[Proc]
		trigger   atomic.Int64 // kill when the counter of the current mode reaches it; 0: off
		frCount   atomic.Int64 // FR requests answered in this generation
		sendCount atomic.Int64 // Slack messages accepted in this generation
		killMode  atomic.Value // "crawl" | "send" | ""
		killedGen atomic.Int64 // the generation killNow signalled, set before the signal
		fired     = make(chan struct{}, 1)
	)
	// killNow records the kill before it sends it: the test's select may
	// see the process exit before it sees fired, and must know the exit
	// was ours.
	killNow := func() {
		killedGen.Store(curGen.Load())
		select {
		case fired <- struct{}{}:
		default:
		}
		if p := curProc.Load(); p != nil {
			p.Signal(syscall.SIGKILL)
		}
	}
	killMode.Store("")

	corpus, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	fr := fakefr.New(corpus, fakefr.WithLatency(2*time.Millisecond), fakefr.WithLogger(slog.New(countingHandler{fn: func() {
		if n := frCount.Add(1); killMode.Load() == "crawl" && n == trigger.Load() {
			killNow()
		}
	}})))
	t.Cleanup(fr.Close)

	var (
		mu   sync.Mutex
		msgs []accepted
	)
	slack := fakeslack.New(t, fakeslack.Options{Token: slackToken})
	var delayMu sync.Mutex
	delayRng := rand.New(rand.NewPCG(seed+1, seed+2))
	slack.OnAccept(func(m fakeslack.Message) {
		mu.Lock()
		msgs = append(msgs, accepted{Message: m, gen: int(curGen.Load())})
		mu.Unlock()
		if n := sendCount.Add(1); killMode.Load() == "send" && n == trigger.Load() {
			killNow() // recorded by the fake, never answered: the window
		}
		// Slow Slack: the message is posted, the answer takes 20–50 ms.
		delayMu.Lock()
		d := time.Duration(20+delayRng.IntN(31)) * time.Millisecond
		delayMu.Unlock()
		time.Sleep(d)
	})

	addr, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(dir, "data")
	cfgPath := filepath.Join(dir, "exportwatch.yaml")
	cfg := fmt.Sprintf(`data_dir: %s
http:
  listen: %s
crawl:
  jitter: 1ms
sources:
  - name: %s
    type: federalregister
    base_url: %s
    schedule: "* * * * *"
    since: %s
    per_page: 5
    rate: 1000
    text_rate: 1000
slack:
  token: %s
  api_url: %s
notify:
  workers: %d
  poll: 100ms
  timeout: 5s
log:
  level: info
`, dataDir, addr, source, fr.APIURL(), since, slackToken, slack.APIURL(), workers)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, s := range subscriptions {
		args := append([]string{"subscribe", "--config", cfgPath, "--name", s.name, "--slack-channel", s.channel}, subscribeFlags[s.name]...)
		if out, err := runBinary(ctx, args...); err != nil {
			t.Fatalf("exportwatch %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	up := newUpstream(fr, rng)
	var gens []generation
	var logs []string
	var proc *Proc
	t.Cleanup(func() {
		if proc != nil {
			proc.Kill()
		}
		if t.Failed() {
			for _, l := range logs[max(0, len(logs)-3):] {
				b, _ := os.ReadFile(l)
				t.Logf("--- %s (tail)\n%s", filepath.Base(l), tail(string(b), 4000))
			}
		}
	})
	leasesExpired := 0

	for n := 1; n <= kills+1; n++ {
		final := n == kills+1
		if n > 1 {
			up.mutate(rng)
			// A restart after the dead process's lease ran out (2 min by
			// default): make leased rows due now, as the clock would.
			if final || rng.IntN(4) != 0 {
				k, err := expireLeases(ctx, filepath.Join(dataDir, "exportwatch.db"))
				if err != nil {
					t.Fatal(err)
				}
				leasesExpired += k
			}
		}
		logPath := filepath.Join(dir, fmt.Sprintf("serve-%02d.log", n))
		logs = append(logs, logPath)
		frCount.Store(0)
		sendCount.Store(0)
		trigger.Store(0)
		killMode.Store("")
		select {
		case <-fired:
		default:
		}
		curGen.Store(int64(n))
		g := generation{n: n, started: time.Now()}
		if proc, err = Start(binary, []string{"serve", "--config", cfgPath}, logPath); err != nil {
			t.Fatal(err)
		}
		curProc.Store(proc)
		if final {
			g.mode = "term"
			gens = append(gens, g)
			break
		}

		// Arm one way of dying, and a fallback.
		var timer <-chan time.Time
		switch r := rng.IntN(10); {
		case r < 4:
			g.mode = "crawl"
			// The first crawl fetches the whole corpus (~250 requests);
			// later ones the crawler's look-back window (~10–30).
			reach := 20
			if n == 1 {
				reach = 200
			}
			trigger.Store(int64(1 + rng.IntN(reach)))
			killMode.Store("crawl")
		case r < 7:
			g.mode = "send"
			trigger.Store(int64(1 + rng.IntN(8)))
			killMode.Store("send")
		default:
			g.mode = "time"
			timer = time.After(time.Duration(rng.IntN(2500)) * time.Millisecond)
		}
		fallback := time.After(2500 * time.Millisecond)
		select {
		case <-fired:
		case <-timer:
		case <-fallback:
			g.mode = "fallback"
		case <-proc.Done():
			if killedGen.Load() != int64(n) {
				t.Fatalf("generation %d: serve exited by itself (%v); see %s", n, proc.err, logPath)
			}
		}
		killMode.Store("")
		if err := proc.Kill(); err != nil {
			t.Fatal(err)
		}
		g.killed = time.Now()
		gens = append(gens, g)
		if proc.cmd.ProcessState.ExitCode() != -1 {
			t.Fatalf("generation %d: serve exited with %d before the kill; see %s", n, proc.cmd.ProcessState.ExitCode(), logPath)
		}
		// Let the fake finish requests the dead process had fully sent.
		waitUntil(300*time.Millisecond, func() bool { return slack.Requests() == len(slack.Messages()) })
		if time.Now().After(deadline) {
			t.Fatalf("out of time after %d kills", n)
		}
	}

	// The last run: wait until it has crawled everything since its start
	// and sent every delivery, then stop it like an operator would.
	st, err := store.Open(ctx, filepath.Join(dataDir, "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	last := gens[len(gens)-1]
	quiet := waitUntil(time.Until(deadline.Add(5*time.Second)), func() bool {
		cs, err := st.CrawlState(ctx, source)
		if err != nil || cs.LastSuccess.Before(last.started) {
			return false
		}
		pend, err := st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending, Limit: 1})
		return err == nil && len(pend) == 0
	})
	if !quiet {
		cs, _ := st.CrawlState(ctx, source)
		pend, _ := st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending, Limit: 1000})
		t.Fatalf("the last run did not go quiet: crawl state %+v, %d pending deliveries", cs, len(pend))
	}
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, err := proc.Wait(30 * time.Second); err != nil || code != 0 {
		t.Fatalf("serve after SIGTERM: exit %d, %v", code, err)
	}
	proc = nil
	if out, err := runBinary(ctx, "check", "--config", cfgPath); err != nil {
		t.Errorf("exportwatch check after the crashes: %v\n%s", err, out)
	}

	checkDocuments(t, ctx, st, fr.Corpus(), up)
	mu.Lock()
	all := append([]accepted(nil), msgs...)
	mu.Unlock()
	doubles := checkDeliveries(t, ctx, st, all, gens)

	modes := map[string]int{}
	for _, g := range gens[:len(gens)-1] {
		modes[g.mode]++
	}
	t.Logf("seed %d: %d kills %v, %d leases expired between runs, %d Slack messages, %d double Slack messages, %d upstream changes",
		seed, len(gens)-1, modes, leasesExpired, len(all), doubles, up.changes)
}

// checkDocuments asserts that the store holds every BIS document the fake
// serves exactly once, with contiguous versions, one event per version
// (the first "new"), and the latest upstream content.
func checkDocuments(t *testing.T, ctx context.Context, st *store.Store, c fakefr.Corpus, up *upstream) {
	t.Helper()
	want := map[string]bool{}
	for _, d := range c.Documents {
		if d.PublicationDate >= since && hasAgency(d.Agencies, bisAgency) {
			want["fr:"+d.DocumentNumber] = true
		}
	}
	issue := ""
	for _, p := range c.PublicInspection {
		issue = max(issue, p.AvailableOn)
	}
	for _, p := range c.PublicInspection {
		if p.AvailableOn == issue && hasAgency(p.Agencies, bisAgency) {
			want["fr:"+p.DocumentNumber] = true
		}
	}
	got := map[string]int{}
	err := st.Documents(ctx, time.Time{}, func(d store.StoredDocument) error {
		got[d.ID]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id := range got {
		if !want[id] {
			t.Errorf("stored %s, which the fake does not serve as a BIS document", id)
		}
		d, err := st.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range d.Versions {
			if v.Version != i+1 {
				t.Errorf("%s: versions %v are not 1..%d", d.ID, versionNumbers(d.Versions), len(d.Versions))
				break
			}
		}
		if len(d.Versions) == 0 || d.Version != len(d.Versions) {
			t.Errorf("%s: current version %d of %d versions", d.ID, d.Version, len(d.Versions))
		}
		evs, err := st.Events(ctx, store.EventQuery{DocumentID: d.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(evs, func(i, j int) bool { return evs[i].ID < evs[j].ID })
		// A version that moves calendar dates adds one date_changed event
		// of its own; the rest is one event per version.
		moved := map[int]bool{}
		evs = slices.DeleteFunc(evs, func(ev doc.Event) bool {
			if ev.Kind != doc.EventDateChanged {
				return false
			}
			if moved[ev.Version] || ev.Version < 2 || ev.Version > len(d.Versions) {
				t.Errorf("%s: date_changed event of version %d (a second one, or of no later version)", d.ID, ev.Version)
			}
			moved[ev.Version] = true
			return true
		})
		if len(evs) != len(d.Versions) {
			t.Errorf("%s: %d events for %d versions", d.ID, len(evs), len(d.Versions))
		}
		for i, ev := range evs {
			if (i == 0) != (ev.Kind == doc.EventNew) || ev.Version != i+1 {
				t.Errorf("%s: event %d is %s of version %d", d.ID, i, ev.Kind, ev.Version)
			}
		}
		if abs, ok := up.abstracts[d.ID]; ok && !strings.Contains(d.Abstract+"\n"+d.Body, abs) {
			t.Errorf("%s: stored content lacks the latest upstream abstract %q", d.ID, abs)
		}
		if up.published[d.ID] && d.Stage != doc.StagePublished {
			t.Errorf("%s: stage %q, want published", d.ID, d.Stage)
		}
	}
	n, err := st.CountDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(got) {
		t.Errorf("CountDocuments = %d, iterated %d distinct documents", n, len(got))
	}
	for id, k := range got {
		if k != 1 {
			t.Errorf("%s stored %d times", id, k)
		}
	}
	for id := range want {
		if got[id] == 0 {
			t.Errorf("%s is missing from the store", id)
		}
	}
	t.Logf("%d documents stored, %d expected", len(got), len(want))
}

var (
	docLink  = regexp.MustCompile(`/documents/(fr(?::|%3[aA])[^|>\s"\\]+)`)
	headline = regexp.MustCompile(`^(New|Published|(?:Updated|Date moved) \(version \d+\)): `)
)

// messageKey is what a Slack message is about: channel (= subscription),
// document and event ("New", "Updated (version 2)", "Published").
type messageKey struct{ channel, document, event string }

func keyOf(m fakeslack.Message) (messageKey, bool) {
	h := headline.FindStringSubmatch(m.Text)
	l := docLink.FindStringSubmatch(string(m.Blocks))
	if h == nil || l == nil {
		return messageKey{}, false
	}
	id, err := url.PathUnescape(l[1])
	if err != nil {
		return messageKey{}, false
	}
	return messageKey{m.Channel, id, h[1]}, true
}

func eventHeadline(ev doc.Event) string {
	switch ev.Kind {
	case doc.EventNew:
		return "New"
	case doc.EventPublished:
		return "Published"
	case doc.EventUpdated:
		return fmt.Sprintf("Updated (version %d)", ev.Version)
	case doc.EventDateChanged:
		return fmt.Sprintf("Date moved (version %d)", ev.Version)
	}
	return ev.Kind
}

// checkDeliveries asserts that every delivery is sent and recorded with the
// ts of a message the fake acknowledged for its channel and event, and that
// no (subscription, event) reached Slack twice: not even a kill between
// Slack's ack and MarkSent may double a message, since the next run finds
// the first copy by its metadata (issue 15.7). It returns the number of
// doubles (0 when the test passes).
func checkDeliveries(t *testing.T, ctx context.Context, st *store.Store, msgs []accepted, gens []generation) int {
	t.Helper()
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	channelOf := map[int64]string{}
	for _, s := range subs {
		channelOf[s.ID] = s.Target
	}
	byTS := map[string]accepted{}
	byKey := map[messageKey][]accepted{}
	for _, m := range msgs {
		byTS[m.TS] = m
		k, ok := keyOf(m.Message)
		if !ok {
			t.Errorf("message %s to %s: cannot tell its document and event: %q", m.TS, m.Channel, m.Text)
			continue
		}
		byKey[k] = append(byKey[k], m)
	}

	recorded := map[messageKey]string{} // key -> the ts the store recorded
	total := 0
	for _, s := range subs {
		ds, err := st.Deliveries(ctx, store.DeliveryQuery{SubscriptionID: s.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 1000 {
			t.Fatalf("subscription %d has 1,000 deliveries or more: the check would miss some", s.ID)
		}
		total += len(ds)
		for _, d := range ds {
			if d.Status != store.StatusSent {
				t.Errorf("delivery %d (subscription %s, event %d) is %s after %d attempts: %s",
					d.ID, s.Name, d.EventID, d.Status, d.Attempts, d.LastError)
				continue
			}
			ev, err := st.Event(ctx, d.EventID)
			if err != nil {
				t.Fatal(err)
			}
			k := messageKey{channelOf[s.ID], ev.DocumentID, eventHeadline(ev)}
			m, ok := byTS[d.Ref]
			switch {
			case !ok:
				t.Errorf("delivery %d %v: ref %q is no message the fake acknowledged", d.ID, k, d.Ref)
				continue
			case m.Channel != k.channel:
				t.Errorf("delivery %d %v: ref %q was posted to %s", d.ID, k, d.Ref, m.Channel)
			}
			if mk, _ := keyOf(m.Message); mk != k {
				t.Errorf("delivery %d %v: ref %q is a message about %v", d.ID, k, d.Ref, mk)
			}
			if prev, dup := recorded[k]; dup {
				t.Errorf("two deliveries for %v (refs %s and %s)", k, prev, d.Ref)
			}
			recorded[k] = d.Ref
		}
	}
	if total == 0 {
		t.Fatal("no deliveries were written: the crash test tested nothing")
	}

	genOf := map[int]generation{}
	for _, g := range gens {
		genOf[g.n] = g
	}
	doubles := 0
	for k, ms := range byKey {
		ref, ok := recorded[k]
		if !ok {
			t.Errorf("%d message(s) about %v, for which the store has no sent delivery", len(ms), k)
			continue
		}
		for _, m := range ms {
			if m.TS == ref {
				continue
			}
			doubles++
			killed := "not killed"
			if g := genOf[m.gen]; !g.killed.IsZero() {
				killed = fmt.Sprintf("killed %v after the ack", g.killed.Sub(m.At))
			}
			t.Errorf("%v: sent twice: ts %s (run %d, %s) besides the recorded %s (run %d)", k, m.TS, m.gen, killed, ref, byTS[ref].gen)
		}
	}
	t.Logf("%d deliveries, all checked against %d Slack messages; %d doubles", total, len(msgs), doubles)
	return doubles
}

// upstream changes the fake Federal Register between runs and remembers
// what the store must end up with.
type upstream struct {
	fr        *fakefr.Server
	next      time.Time // publication date of the next added document
	seq       int
	recent    []string          // added documents still inside the crawler's look-back
	pi        []string          // on the public-inspection desk, not yet published
	abstracts map[string]string // document ID -> its latest abstract
	published map[string]bool
	changes   int
}

func newUpstream(fr *fakefr.Server, rng *rand.Rand) *upstream {
	latest := ""
	for _, d := range fr.Corpus().Documents {
		latest = max(latest, d.PublicationDate)
	}
	t, _ := time.Parse(time.DateOnly, latest)
	return &upstream{fr: fr, next: t.AddDate(0, 0, 1), abstracts: map[string]string{}, published: map[string]bool{}}
}

var countries = []string{"China", "Russia", "the United Arab Emirates", "Taiwan", "Iran"}

func (u *upstream) abstract(n int, country string, rev int) string {
	s := fmt.Sprintf("In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) by adding %d entities to the Entity List. These entities have been determined by the U.S. Government to be acting contrary to the national security or foreign policy interests of the United States. The entities are listed under the destination of %s.", n, country)
	if rev > 0 {
		s += fmt.Sprintf(" Revision %d corrects the addresses of the entities.", rev)
	}
	return s
}

// mutate makes zero to three upstream changes: a new document, a changed
// abstract (a new version), a public-inspection filing, or its publication.
func (u *upstream) mutate(rng *rand.Rand) {
	for range rng.IntN(4) {
		switch r := rng.IntN(4); {
		case r == 0 || len(u.recent) == 0:
			u.add(rng, "")
		case r == 1:
			num := u.recent[rng.IntN(len(u.recent))]
			u.seq++
			abs := u.abstract(1+rng.IntN(9), countries[rng.IntN(len(countries))], u.seq)
			u.fr.SetAbstract(num, abs)
			u.abstracts["fr:"+num] = abs
			u.changes++
		case r == 2:
			u.seq++
			num := fmt.Sprintf("2026-97%03d", u.seq)
			u.fr.AddPublicInspection(fakefr.PublicInspectionDocument{
				DocumentNumber: num, Title: "Additions to the Entity List ", Type: "Rule",
				Agencies: []string{"commerce-department", bisAgency}, FiledAt: time.Now().UTC().Truncate(time.Second),
				FilingType: "regular", PublicationDate: u.next.Format(time.DateOnly), NumPages: 7,
				RawText: "BILLING CODE 3510-33-P\n\nDEPARTMENT OF COMMERCE\n\nBureau of Industry and Security\n\n15 CFR Part 744\n\nAdditions to the Entity List\n\nSUMMARY: " + u.abstract(2, "China", 0) + "\n",
			})
			u.pi = append(u.pi, num)
			u.changes++
		default:
			if len(u.pi) == 0 {
				u.add(rng, "")
				continue
			}
			num := u.pi[0]
			u.pi = u.pi[1:]
			u.add(rng, num)
		}
	}
}

// add publishes a new document (number "" picks one) dated after every
// other, keeping the last few in reach of the crawler's 7-day look-back.
func (u *upstream) add(rng *rand.Rand, num string) {
	u.seq++
	if num == "" {
		num = fmt.Sprintf("2026-98%03d", u.seq)
	} else {
		u.published["fr:"+num] = true
	}
	date := u.next
	if rng.IntN(2) == 0 {
		u.next = u.next.AddDate(0, 0, 1)
	}
	abs := u.abstract(1+rng.IntN(9), countries[rng.IntN(len(countries))], 0)
	u.fr.AddDocument(fakefr.Document{
		DocumentNumber: num, PublicationDate: date.Format(time.DateOnly), Type: "Rule",
		Title: "Additions to the Entity List", Abstract: abs, Action: "Final rule.",
		Agencies:      []string{"commerce-department", bisAgency},
		CFRReferences: []fakefr.CFRReference{{Title: 15, Part: "744"}},
		Volume:        91, StartPage: 1000 + u.seq, EndPage: 1003 + u.seq, Citation: fmt.Sprintf("91 FR %d", 1000+u.seq),
	})
	u.abstracts["fr:"+num] = abs
	u.recent = append(u.recent, num)
	if len(u.recent) > 3 {
		u.recent = u.recent[1:]
	}
	u.changes++
}

// expireLeases makes every pending delivery whose due time lies ahead due
// now — what the clock does to the lease of a killed process after
// DispatchConfig.Lease (2 minutes) — and returns how many it moved. The
// service must not be running.
func expireLeases(ctx context.Context, path string) (int, error) {
	st, err := store.Open(ctx, path, nil)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	ds, err := st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending, Limit: 1000})
	if err != nil {
		return 0, err
	}
	now := time.Now()
	n := 0
	for _, d := range ds {
		if d.DueAt.After(now) {
			if err := st.RetryDelivery(ctx, d.ID, now); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// runBinary runs one exportwatch command to completion.
func runBinary(ctx context.Context, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, args...).CombinedOutput()
	return string(out), err
}

// countingHandler is a slog.Handler that calls fn for every record (the
// fake Federal Register logs one per answered request at debug level).
type countingHandler struct{ fn func() }

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h countingHandler) Handle(context.Context, slog.Record) error {
	h.fn()
	return nil
}
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countingHandler) WithGroup(string) slog.Handler      { return h }

// waitUntil polls cond every 20 ms until it holds or d has passed.
// keptOnFailure returns a fresh directory that is removed when the test
// passes and kept when it fails, so that the logs a failure message points
// at are still there to read.
func keptOnFailure(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "exportwatch-"+t.Name()+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs and data kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	return dir
}

func waitUntil(d time.Duration, cond func() bool) bool {
	return poll.Until(d, 20*time.Millisecond, cond)
}

func hasAgency(as []string, slug string) bool {
	for _, a := range as {
		if a == slug {
			return true
		}
	}
	return false
}

func versionNumbers(vs []store.VersionInfo) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = v.Version
	}
	return out
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
