package notify

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
	"github.com/exportwatch/exportwatch/store"
)

const hookSecret = "whsec-HMAC-KEY-do-not-print"

type hookRequest struct {
	header http.Header
	body   []byte
}

func TestWebhookSignedDelivery(t *testing.T) {
	var (
		mu   sync.Mutex
		reqs []hookRequest
		fail = []int{503}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		reqs = append(reqs, hookRequest{r.Header.Clone(), b})
		if len(fail) > 0 {
			w.WriteHeader(fail[0])
			fail = fail[1:]
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	st := openStore(t)
	log, logs := testLogger()
	clock := newClock(time.Now())
	n := New(st, nil, Config{PublicURL: "https://ew.example.org", HTTPClient: srv.Client(),
		Dispatch: DispatchConfig{Now: clock.Now, BackoffBase: time.Second, Rand: func() float64 { return 0 }}}, log)
	hookURL := srv.URL + "/hooks/abc?token=urlsecret42"
	sub := mustSub(t, st, doc.Subscription{Name: "hook", Labels: []string{doc.LabelEntityAddition}, Channel: doc.ChannelWebhook,
		URL: doc.Secret(hookURL), Secret: hookSecret})
	d, c := testDoc(20, []string{"CN", "HK"}, doc.LabelEntityAddition)
	if _, err := st.SaveVersion(context.Background(), d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.Dispatcher().RunOnce(context.Background())
	clock.Add(time.Minute)
	n.Dispatcher().RunOnce(context.Background())
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2 (503, then 204)", len(reqs))
	}
	r := reqs[1]
	if !VerifySignature([]byte(hookSecret), r.body, r.header.Get(HeaderSignature)) {
		t.Errorf("signature %q does not verify", r.header.Get(HeaderSignature))
	}
	if VerifySignature([]byte("wrong"), r.body, r.header.Get(HeaderSignature)) {
		t.Error("signature verifies with the wrong key")
	}
	var p WebhookPayload
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	ts, _ := strconv.ParseInt(r.header.Get(HeaderTimestamp), 10, 64)
	if ts != p.SentAt.Unix() || r.header.Get(HeaderDelivery) != p.ID || p.ID == "" {
		t.Errorf("headers ts=%s id=%s vs body sent_at=%v id=%s", r.header.Get(HeaderTimestamp), r.header.Get(HeaderDelivery), p.SentAt, p.ID)
	}
	if p.Type != "event" || p.Subscription.ID != sub.ID || len(p.Events) != 1 {
		t.Fatalf("payload = %+v", p)
	}
	ev := p.Events[0]
	if ev.DocumentID != d.ID || ev.Kind != doc.EventNew || ev.PageURL != "https://ew.example.org/documents/fr:2025-00020" ||
		ev.Document == nil || ev.Document.Citation != "90 FR 4544" || len(ev.Entities) != 2 || len(ev.Countries) != 2 {
		t.Errorf("event = %+v", ev)
	}
	if strings.Contains(string(r.body), hookSecret) || strings.Contains(string(r.body), "urlsecret42") {
		t.Error("payload contains a secret")
	}
	ds := deliveries(t, st, store.DeliveryQuery{})
	if ds[0].Status != store.StatusSent || ds[0].Ref != "HTTP 204" {
		t.Errorf("delivery = %+v", ds[0])
	}
	assertNoSecret(t, hookSecret, logs, ds[0].LastError)
	assertNoSecret(t, "urlsecret42", logs, ds[0].LastError)
}

func TestWebhookErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "90")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/410":
			w.WriteHeader(http.StatusGone)
		case "/500":
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	for name, tc := range map[string]struct {
		url        string
		retry      bool
		retryAfter time.Duration
	}{
		"429":           {url: srv.URL + "/429?k=urlsecret42", retry: true, retryAfter: 90 * time.Second},
		"410 is final":  {url: srv.URL + "/410?k=urlsecret42", retry: false},
		"500 retries":   {url: srv.URL + "/500?k=urlsecret42", retry: true},
		"dead server":   {url: dead.URL + "/x/urlsecret42", retry: true},
		"malformed URL": {url: "http://[::1]:namedport/urlsecret42", retry: false},
	} {
		t.Run(name, func(t *testing.T) {
			s := NewWebhookSender(srv.Client(), Renderer{}, nil)
			_, retry, err := s.Send(context.Background(), Notification{
				Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(tc.url), Secret: hookSecret},
				Items:        []Item{sampleItem(time.Now())},
			})
			if err == nil || retry != tc.retry || RetryAfter(err) != tc.retryAfter {
				t.Fatalf("Send = retry %v, after %v, err %v; want retry %v after %v", retry, RetryAfter(err), err, tc.retry, tc.retryAfter)
			}
			assertNoSecret(t, "urlsecret42", nil, err.Error())
			assertNoSecret(t, hookSecret, nil, err.Error())
		})
	}
	srv.Close()
}
