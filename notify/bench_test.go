package notify_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
)

// BenchmarkCommitToAck measures, against the fake Slack, the time from a
// document's commit (SaveVersion returning, deliveries in the outbox) to
// Slack's acknowledgement of each of its deliveries (5 subscriptions per
// document), and the delivery throughput: "one-by-one" commits the next
// document once the previous one is acknowledged (latency of a quiet
// system), "burst" commits as fast as it can (latency includes the queue).
//
//	go test ./notify -run '^$' -bench CommitToAck -benchtime 300x
func BenchmarkCommitToAck(b *testing.B) {
	b.Run("one-by-one", func(b *testing.B) { benchCommitToAck(b, true) })
	b.Run("burst", func(b *testing.B) { benchCommitToAck(b, false) })
}

func benchCommitToAck(b *testing.B, oneByOne bool) {
	const subsN = 5
	ctx := context.Background()
	st := notifytest.OpenStore(b)
	fs := fakeslack.New(b, fakeslack.Options{Token: testToken})
	n := notify.New(st, nil, notify.Config{Channels: table(fs, ""),
		Dispatch: notify.DispatchConfig{Workers: 4, PollInterval: 50 * time.Millisecond}}, nil)
	for i := 0; i < subsN; i++ {
		notifytest.MustSub(b, st, doc.Subscription{Name: fmt.Sprint(i), Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: fmt.Sprintf("C%d", i)})
	}
	var (
		mu     sync.Mutex
		acks   = map[string]time.Time{} // title -> ack times
		ackLat []time.Duration
		commit = map[string]time.Time{}
	)
	fs.OnAccept(func(m fakeslack.Message) {
		mu.Lock()
		defer mu.Unlock()
		title := m.Text[strings.Index(m.Text, ": ")+2 : strings.Index(m.Text, " [")]
		acks[m.Channel+title] = m.At
		ackLat = append(ackLat, m.At.Sub(commit[title]))
	})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- n.Run(runCtx) }()

	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		d, c := notifytest.Doc(100000+i, []string{"CN"}, doc.LabelEntityAddition)
		mu.Lock()
		commit[d.Title] = time.Now() // in case the ack beats the line after SaveVersion
		mu.Unlock()
		if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
			b.Fatal(err)
		}
		mu.Lock()
		commit[d.Title] = time.Now()
		mu.Unlock()
		n.Wake()
		if oneByOne {
			notifytest.WaitFor(b, "acknowledgements", time.Minute, func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(ackLat) >= subsN*(i+1)
			})
		}
	}
	want := subsN * b.N
	notifytest.WaitFor(b, "all acknowledgements", 5*time.Minute, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(ackLat) >= want
	})
	elapsed := time.Since(start)
	b.StopTimer()
	cancel()
	<-done

	mu.Lock()
	defer mu.Unlock()
	if len(ackLat) != want {
		b.Fatalf("got %d acknowledgements, want %d", len(ackLat), want)
	}
	sort.Slice(ackLat, func(i, j int) bool { return ackLat[i] < ackLat[j] })
	pct := func(p float64) time.Duration { return ackLat[int(p*float64(len(ackLat)-1))] }
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(want)/elapsed.Seconds(), "deliveries/s")
}

// BenchmarkBackfill measures one backfill of a subscription to CN over an
// archive of 2,000 documents (hand-made, each naming two of six
// countries; a third of them CN), from SendNow to Slack's acknowledgement
// of the digest against the fake Slack: reading the window, matching each
// document and rendering the digest.
//
//	go test ./notify -run '^$' -bench Backfill -benchtime 20x
func BenchmarkBackfill(b *testing.B) {
	const docsN = 2000
	ctx := context.Background()
	st := notifytest.OpenStore(b)
	fs := fakeslack.New(b, fakeslack.Options{Token: testToken})
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "")}, nil)
	ccs := []string{"CN", "TW", "AE", "RU", "IR", "PK"}
	for i := 0; i < docsN; i++ {
		d, c := notifytest.Doc(i, []string{ccs[i%6], ccs[(i+1)%6]}, doc.Labels[i%len(doc.Labels)])
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			b.Fatal(err)
		}
	}
	sub := notifytest.MustSub(b, st, doc.Subscription{Name: "CN", Countries: []string{"CN"}, NamedOnly: true, Channel: doc.ChannelSlack, Target: "C1"})
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	listed := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := st.AddBackfill(ctx, sub.ID, since)
		if err != nil {
			b.Fatal(err)
		}
		att, err := n.SendNow(ctx, d.ID)
		if err != nil || att.Delivery.Status != "sent" {
			b.Fatalf("SendNow = %+v, %v", att.Delivery, err)
		}
		listed = att.Documents
	}
	b.ReportMetric(float64(listed), "documents")
}
