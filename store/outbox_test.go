package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportwatch/exportwatch/doc"
)

// seedDeliveries saves n documents with one subscription and returns the
// delivery IDs, oldest first.
func seedDeliveries(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	mustSub(t, s, "all")
	for i := range n {
		mustSave(t, s, pressDoc(i), doc.Classification{}, matchAll)
	}
	ds, err := s.Deliveries(context.Background(), DeliveryQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[len(ds)-1-i] = d.ID
	}
	return ids
}

func claimIDs(t *testing.T, s *Store, now time.Time, limit int, lease time.Duration) []int64 {
	t.Helper()
	ds, err := s.ClaimDue(context.Background(), now, limit, lease)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, d := range ds {
		if !d.DueAt.Equal(now.Add(lease).Truncate(time.Millisecond)) {
			t.Errorf("claimed delivery %d due %v, want lease end %v", d.ID, d.DueAt, now.Add(lease))
		}
		ids = append(ids, d.ID)
	}
	return ids
}

func TestClaimDueLease(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		s, _, _ := openTest(t, be)
		ids := seedDeliveries(t, s, 3)
		lease := time.Minute
		if got := claimIDs(t, s, t0.Add(-time.Second), 10, lease); got != nil {
			t.Errorf("claimed %v before they were due", got)
		}
		if diff := cmp.Diff(ids[:2], claimIDs(t, s, t0, 2, lease)); diff != "" {
			t.Errorf("first claim (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(ids[2:], claimIDs(t, s, t0, 10, lease)); diff != "" {
			t.Errorf("second claim takes only the unclaimed (-want +got):\n%s", diff)
		}
		if got := claimIDs(t, s, t0.Add(30*time.Second), 10, lease); got != nil {
			t.Errorf("claimed %v while leased", got)
		}
		// A worker that crashed never marks them: the lease expires.
		if diff := cmp.Diff(ids, claimIDs(t, s, t0.Add(lease), 10, lease)); diff != "" {
			t.Errorf("claim after lease (-want +got):\n%s", diff)
		}
	})
}

func TestDeliveryTransitions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		ids := seedDeliveries(t, s, 3)
		sent, retry, fail := ids[0], ids[1], ids[2]
		if err := s.MarkSent(ctx, sent, t0.Add(time.Second), "1700000000.000100"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkRetry(ctx, retry, t0.Add(time.Minute), "slack: 429"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkRetry(ctx, retry, t0.Add(2*time.Minute), "timeout"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkFailed(ctx, fail, "channel_not_found"); err != nil {
			t.Fatal(err)
		}
		get := func(id int64) Delivery {
			t.Helper()
			ds, err := s.Deliveries(ctx, DeliveryQuery{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.ID == id {
					return d
				}
			}
			t.Fatalf("delivery %d not found", id)
			return Delivery{}
		}
		ignore := cmpopts.IgnoreFields(Delivery{}, "ID", "SubscriptionID", "EventID", "CreatedAt")
		for _, tc := range []struct {
			id   int64
			want Delivery
		}{
			{sent, Delivery{Kind: doc.EventNew, Status: StatusSent, Attempts: 1, DueAt: t0, SentAt: t0.Add(time.Second), Ref: "1700000000.000100"}},
			{retry, Delivery{Kind: doc.EventNew, Status: StatusPending, Attempts: 2, DueAt: t0.Add(2 * time.Minute), LastError: "timeout"}},
			{fail, Delivery{Kind: doc.EventNew, Status: StatusFailed, Attempts: 1, DueAt: t0, LastError: "channel_not_found"}},
		} {
			if diff := cmp.Diff(tc.want, get(tc.id), ignore); diff != "" {
				t.Errorf("delivery %d (-want +got):\n%s", tc.id, diff)
			}
		}
		if ds, _ := s.Deliveries(ctx, DeliveryQuery{Status: StatusFailed}); len(ds) != 1 || ds[0].ID != fail {
			t.Errorf("Deliveries(failed) = %+v", ds)
		}
		// Nothing due: sent and failed are never claimed, retry is later.
		if got := claimIDs(t, s, t0.Add(time.Minute), 10, time.Minute); got != nil {
			t.Errorf("claimed %v", got)
		}
		// Operator retry: failed -> pending, due now, attempts reset.
		now := t0.Add(time.Hour)
		if err := s.RetryDelivery(ctx, fail, now); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Delivery{Kind: doc.EventNew, Status: StatusPending, DueAt: now, LastError: "channel_not_found"}, get(fail), ignore); diff != "" {
			t.Errorf("after RetryDelivery (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int64{retry, fail}, claimIDs(t, s, now, 10, time.Minute)); diff != "" {
			t.Errorf("claim after retry (-want +got):\n%s", diff)
		}
		for name, err := range map[string]error{
			"retry sent":         s.RetryDelivery(ctx, sent, now),
			"mark sent failed":   s.MarkFailed(ctx, sent, "late failure"),
			"mark sent to retry": s.MarkRetry(ctx, sent, now, "late failure"),
		} {
			if !errors.Is(err, errConflict) {
				t.Errorf("%s: %v, want errConflict", name, err)
			}
		}
		for name, err := range map[string]error{
			"sent":   s.MarkSent(ctx, 999, now, ""),
			"retry":  s.MarkRetry(ctx, 999, now, ""),
			"failed": s.MarkFailed(ctx, 999, ""),
			"redo":   s.RetryDelivery(ctx, 999, now),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s on missing delivery: %v, want ErrNotFound", name, err)
			}
		}
	})
}

func TestThreads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		sub := mustSub(t, s, "slack")
		if ts, err := s.Thread(ctx, sub.ID, "fr:2025-00636"); err != nil || ts != "" {
			t.Errorf("Thread(none) = %q, %v", ts, err)
		}
		for _, ts := range []string{"1700000000.000100", "1700000999.000200"} {
			if err := s.SaveThread(ctx, sub.ID, "fr:2025-00636", ts); err != nil {
				t.Fatal(err)
			}
		}
		if ts, err := s.Thread(ctx, sub.ID, "fr:2025-00636"); err != nil || ts != "1700000000.000100" {
			t.Errorf("Thread = %q, %v; want the first ts", ts, err)
		}
	})
}

// TestClaimDueConcurrent claims from two Store handles (two connection
// pools, as two processes would have) and several goroutines on each, and
// checks no delivery is handed out twice and none is lost.
func TestClaimDueConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		s1, _, path := openTest(t, be)
		const n = 300
		ids := seedDeliveries(t, s1, n)
		s2, _ := openAt(t, path)
		var (
			mu      sync.Mutex
			claimed = map[int64]int{}
			wg      sync.WaitGroup
			errs    = make(chan error, 8)
		)
		for w := range 8 {
			st := s1
			if w%2 == 1 {
				st = s2
			}
			wg.Go(func() {
				for {
					ds, err := st.ClaimDue(context.Background(), t0, 7, time.Hour)
					if err != nil {
						errs <- fmt.Errorf("worker %d: %w", w, err)
						return
					}
					if len(ds) == 0 {
						return
					}
					mu.Lock()
					for _, d := range ds {
						claimed[d.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(claimed) != len(ids) {
			t.Errorf("claimed %d distinct deliveries, want %d", len(claimed), len(ids))
		}
		for id, k := range claimed {
			if k != 1 {
				t.Errorf("delivery %d claimed %d times", id, k)
			}
		}
	})
}

// Environment of TestHelperProcess, set by TestClaimDueTwoProcesses.
const (
	helperDSNEnv  = "EXPORTWATCH_STORE_HELPER_DSN"
	helperNameEnv = "EXPORTWATCH_STORE_HELPER_NAME"
)

// TestClaimDueTwoProcesses runs two OS processes (this test binary re-run as
// TestHelperProcess, standing for two `serve` processes) with four sender
// workers each against one database. Each claims, marks sent and reports
// deliveries until the outbox is empty. Every delivery must be claimed by
// exactly one worker and sent once; on PostgreSQL (FOR UPDATE SKIP LOCKED)
// both processes must have taken a share.
func TestClaimDueTwoProcesses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		s, _, dsn := openTest(t, be)
		for i := range 4 {
			mustSub(t, s, fmt.Sprintf("sub %d", i))
		}
		for i := range 60 {
			mustSave(t, s, pressDoc(i), doc.Classification{}, matchAll)
		}
		all, err := s.Deliveries(ctx, DeliveryQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 240 {
			t.Fatalf("seeded %d deliveries, want 240", len(all))
		}

		type proc struct {
			cmd    *exec.Cmd
			stdin  io.WriteCloser
			out    *bufio.Scanner
			stderr bytes.Buffer
		}
		procs := make([]*proc, 2)
		for i := range procs {
			p := &proc{cmd: exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")}
			p.cmd.Env = append(os.Environ(), helperDSNEnv+"="+dsn, fmt.Sprintf("%s=proc%d", helperNameEnv, i))
			p.cmd.Stderr = &p.stderr
			if p.stdin, err = p.cmd.StdinPipe(); err != nil {
				t.Fatal(err)
			}
			stdout, err := p.cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			p.out = bufio.NewScanner(stdout)
			if err := p.cmd.Start(); err != nil {
				t.Fatal(err)
			}
			procs[i] = p
		}
		// Both processes have opened the store before either claims.
		for i, p := range procs {
			if !p.out.Scan() || p.out.Text() != "ready" {
				p.cmd.Wait()
				t.Fatalf("process %d did not get ready: %q\n%s", i, p.out.Text(), p.stderr.String())
			}
		}
		for _, p := range procs {
			io.WriteString(p.stdin, "go\n")
			p.stdin.Close()
		}
		claimedBy := map[int64][]string{}
		perProc := map[string]int{}
		for i, p := range procs {
			var other []string // the test binary's own lines: PASS, or why not
			for p.out.Scan() {
				name, id, ok := strings.Cut(p.out.Text(), " claimed ")
				if !ok {
					other = append(other, p.out.Text())
					continue
				}
				n, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					t.Fatalf("process %d: %q", i, p.out.Text())
				}
				claimedBy[n] = append(claimedBy[n], name)
				perProc[name]++
			}
			if err := p.cmd.Wait(); err != nil {
				t.Fatalf("process %d: %v\n%s\n%s", i, err, strings.Join(other, "\n"), p.stderr.String())
			}
		}
		t.Logf("%s: deliveries claimed per process: %v", be.name, perProc)
		for _, d := range all {
			if by := claimedBy[d.ID]; len(by) != 1 {
				t.Errorf("delivery %d claimed by %v, want exactly one worker", d.ID, by)
			}
		}
		if len(claimedBy) != len(all) {
			t.Errorf("claimed %d distinct deliveries, want %d", len(claimedBy), len(all))
		}
		if be.name == "postgres" && (perProc["proc0"] == 0 || perProc["proc1"] == 0) {
			t.Errorf("one process took the whole outbox: %v", perProc)
		}
		after, err := s.Deliveries(ctx, DeliveryQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range after {
			if d.Status != StatusSent || d.Attempts != 1 {
				t.Errorf("delivery %d: %s after %d attempts, want sent once", d.ID, d.Status, d.Attempts)
			}
		}
	})
}

// TestHelperProcess is one sender process of TestClaimDueTwoProcesses; it
// does nothing when run directly. It opens the store, prints "ready", waits
// for a line on stdin, then runs four workers that claim (three at a time),
// mark sent and print "<name> claimed <id>" until nothing is due.
func TestHelperProcess(t *testing.T) {
	dsn := os.Getenv(helperDSNEnv)
	if dsn == "" {
		t.Skip("not a test of its own: the child process that TestClaimDueTwoProcesses starts with " + helperDSNEnv + " set")
	}
	name := os.Getenv(helperNameEnv)
	ctx := context.Background()
	s, err := OpenDSN(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for range 4 {
		wg.Go(func() {
			for {
				ds, err := s.ClaimDue(ctx, t0.Add(time.Minute), 3, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ds) == 0 {
					return
				}
				for _, d := range ds {
					if err := s.MarkSent(ctx, d.ID, t0.Add(time.Minute), name); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					fmt.Printf("%s claimed %d\n", name, d.ID)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}

// TestClaimDueInDoubt: a row claimed for the first time is not in doubt;
// one whose lease ran out without a record, or that was rescheduled, is.
func TestClaimDueInDoubt(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		ids := seedDeliveries(t, s, 2)
		claim := func(now time.Time) map[int64]bool {
			t.Helper()
			ds, err := s.ClaimDue(ctx, now, 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]bool{}
			for _, d := range ds {
				got[d.ID] = d.InDoubt
			}
			return got
		}
		first := claim(t0)
		if len(first) != 2 || first[ids[0]] || first[ids[1]] {
			t.Fatalf("first claim = %v, want both rows, neither in doubt", first)
		}
		if err := s.MarkRetry(ctx, ids[1], t0.Add(2*time.Minute), "503"); err != nil {
			t.Fatal(err)
		}
		// ids[0]: its claimant died; ids[1]: a failed attempt, due again.
		again := claim(t0.Add(3 * time.Minute))
		if len(again) != 2 || !again[ids[0]] || !again[ids[1]] {
			t.Errorf("claim after the lease = %v, want both rows in doubt", again)
		}
	})
}
