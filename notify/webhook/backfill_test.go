package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// TestWebhookBackfillRetriedAfter5xx: a backfill that meets a 502 is
// retried and then posted once as type "backfill", its idempotency key
// ending in -backfill-<delivery id>, with each matching document once.
func TestWebhookBackfillRetriedAfter5xx(t *testing.T) {
	var (
		mu   sync.Mutex
		reqs []hookRequest
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		reqs = append(reqs, hookRequest{header: r.Header.Clone(), body: b})
		if len(reqs) == 1 {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{
		Channels: []notify.Channel{Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{}, clock.Now)},
		Dispatch: notify.DispatchConfig{Now: clock.Now, BackoffBase: 10 * time.Second, Rand: func() float64 { return 0 }},
	}, nil)
	for i, ccs := range [][]string{{"CN", "TW"}, {"CN"}, {"RU"}} {
		d, c := notifytest.Doc(i+1, ccs, doc.LabelEntityAddition)
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	sub, d, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN hook", Countries: []string{"CN"}, Channel: doc.ChannelWebhook,
		URL: doc.Secret(srv.URL + "/hook"), Secret: hookSecret}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	att, err := n.SendNow(ctx, d.ID)
	if err != nil || att.Delivery.Status != store.StatusPending || !strings.Contains(att.Delivery.LastError, "502") {
		t.Fatalf("after 502: %+v, %v; want pending", att.Delivery, err)
	}
	clock.Set(att.Delivery.DueAt.Add(time.Second))
	n.RunOnce(ctx)

	mu.Lock()
	defer mu.Unlock()
	if len(reqs) != 2 {
		t.Fatalf("%d posts, want the failed one and the retry", len(reqs))
	}
	wantID := "sub-" + strconv.FormatInt(sub.ID, 10) + "-backfill-" + strconv.FormatInt(d.ID, 10)
	for i, r := range reqs {
		if got := r.header.Get(HeaderDelivery); got != wantID {
			t.Errorf("post %d: %s %q, want %q (the same key on the retry)", i, HeaderDelivery, got, wantID)
		}
	}
	var p Payload
	if err := json.Unmarshal(reqs[1].body, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != wantID || p.Type != "backfill" || len(p.Events) != 2 {
		t.Errorf("payload id %q type %q with %d events; want %q, backfill, 2 (fr:2025-00001 and fr:2025-00002 once each)", p.ID, p.Type, len(p.Events), wantID)
	}
	if !VerifySignature([]byte(hookSecret), reqs[1].body, reqs[1].header.Get(HeaderSignature)) {
		t.Error("backfill post is not signed")
	}
	if got := notifytest.Deliveries(t, st, store.DeliveryQuery{SubscriptionID: sub.ID}); len(got) != 1 || got[0].Status != store.StatusSent {
		t.Errorf("deliveries = %+v, want the backfill sent", got)
	}
}
