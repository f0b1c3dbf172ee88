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
