package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
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
	st := notifytest.OpenStore(t)
	log, logs := notifytest.Logger()
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{
		Channels: []notify.Channel{Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{PublicURL: "https://ew.example.org"}, clock.Now)},
		Dispatch: notify.DispatchConfig{Now: clock.Now, BackoffBase: time.Second, Rand: func() float64 { return 0 }}}, log)
	hookURL := srv.URL + "/hooks/abc?token=urlsecret42"
	sub := notifytest.MustSub(t, st, doc.Subscription{Name: "hook", Labels: []string{doc.LabelEntityAddition}, Channel: doc.ChannelWebhook,
		URL: doc.Secret(hookURL), Secret: hookSecret})
	d, c := notifytest.Doc(20, []string{"CN", "HK"}, doc.LabelEntityAddition)
	if _, err := st.SaveVersion(context.Background(), d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(context.Background())
	clock.Add(time.Minute)
	n.RunOnce(context.Background())
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
	var p Payload
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
	ds := notifytest.Deliveries(t, st, store.DeliveryQuery{})
	if ds[0].Status != store.StatusSent || ds[0].Ref != "HTTP 204" {
		t.Errorf("delivery = %+v", ds[0])
	}
	notifytest.AssertNoSecret(t, hookSecret, logs, ds[0].LastError)
	notifytest.AssertNoSecret(t, "urlsecret42", logs, ds[0].LastError)
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
			s := Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{}, nil).Sender
			_, retry, err := s.Send(context.Background(), notify.Notification{
				Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(tc.url), Secret: hookSecret},
				Items:        []notify.Item{sample()},
			})
			if err == nil || retry != tc.retry || notify.RetryAfter(err) != tc.retryAfter {
				t.Fatalf("Send = retry %v, after %v, err %v; want retry %v after %v", retry, notify.RetryAfter(err), err, tc.retry, tc.retryAfter)
			}
			notifytest.AssertNoSecret(t, "urlsecret42", nil, err.Error())
			notifytest.AssertNoSecret(t, hookSecret, nil, err.Error())
		})
	}
	srv.Close()
}

// sample is one alert about a made-up document.
func sample() notify.Item {
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	return notify.Item{Event: doc.Event{ID: 1, DocumentID: d.ID, Version: 1, Kind: doc.EventNew, Title: d.Title, URL: d.URL}, Document: d, Classification: c}
}

// TestWebhookRefusesPrivateTargets: with private targets not allowed (the
// default), a webhook whose URL names or resolves to this host or a
// private network is refused at dial time, before any byte is sent, and
// the error names neither the URL's path nor the secret.
func TestWebhookRefusesPrivateTargets(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	s := Channel(notify.TargetClient(5*time.Second, false), notify.Renderer{}, nil).Sender
	for _, host := range []string{"127.0.0.1", "localhost", "0.0.0.0", "[::1]", "10.1.2.3", "169.254.169.254", "192.168.0.1", "[::ffff:127.0.0.1]", "100.64.0.1"} {
		t.Run(host, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			u := "http://" + host + ":" + port + "/hook/urlsecret42"
			_, retry, err := s.Send(ctx, notify.Notification{
				Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(u), Secret: hookSecret},
				Items:        []notify.Item{sample()},
			})
			if !errors.Is(err, notify.ErrPrivateTarget) || retry {
				t.Fatalf("Send to %s = retry %v, %v; want refused as a private target, finally", host, retry, err)
			}
			notifytest.AssertNoSecret(t, "urlsecret42", nil, err.Error())
			notifytest.AssertNoSecret(t, hookSecret, nil, err.Error())
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback receiver got %d requests", n)
	}
	// user:password would go out as Basic auth: refused whatever the switch.
	withUser := "http://user:pw-SEKRIT@" + srv.Listener.Addr().String() + "/hook"
	allowedPrivate := Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{}, nil).Sender
	if _, retry, err := allowedPrivate.Send(context.Background(), notify.Notification{
		Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(withUser), Secret: hookSecret},
		Items:        []notify.Item{sample()},
	}); err == nil || retry || hits.Load() != 0 {
		t.Errorf("URL with user:password: retry %v, err %v, %d requests; want a final error and none", retry, err, hits.Load())
	} else {
		notifytest.AssertNoSecret(t, "pw-SEKRIT", nil, err.Error())
	}
	// The same receiver is reachable once private targets are allowed.
	allowed := Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{}, nil).Sender
	if _, _, err := allowed.Send(context.Background(), notify.Notification{
		Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(srv.URL + "/hook"), Secret: hookSecret},
		Items:        []notify.Item{sample()},
	}); err != nil || hits.Load() != 1 {
		t.Fatalf("with private targets allowed: %v, %d requests", err, hits.Load())
	}
}

// TestWebhookDoesNotFollowRedirects: a 307 would re-POST the signed body
// to wherever it points; it is a final failure instead.
func TestWebhookDoesNotFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	s := Channel(notify.TargetClient(5*time.Second, true), notify.Renderer{}, nil).Sender
	_, retry, err := s.Send(context.Background(), notify.Notification{
		Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelWebhook, URL: doc.Secret(srv.URL + "/hook"), Secret: hookSecret},
		Items:        []notify.Item{sample()},
	})
	if err == nil || retry || !strings.Contains(err.Error(), "307") {
		t.Errorf("Send = retry %v, err %v; want a final error naming the 307", retry, err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}

// TestHitPayload: a hit's webhook event carries the hit (party, listed
// name, action, stage) and the summary sentence.
func TestHitPayload(t *testing.T) {
	ev, d, c := notifytest.HitItem()
	b, err := json.Marshal(payload(notify.Renderer{}, notify.Notification{Items: []notify.Item{{Event: ev, Document: d, Classification: c}}}, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, w := range []string{`"kind":"watchlist_hit"`, `"party":"Huawei Technologies"`, `"listed_name":"Huawei Technologies Co., Ltd."`,
		`"action":"add"`, `"stage":"public_inspection"`, `on public inspection`} {
		if !strings.Contains(got, w) {
			t.Errorf("payload lacks %s:\n%s", w, got)
		}
	}
}
