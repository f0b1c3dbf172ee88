package email

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/internal/smtptest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

const smtpPassword = "SMTP-PASSWORD-s3cr3t"

func smtpConfig(srv *smtptest.Server, password string) Config {
	return Config{Host: srv.Host, Port: srv.Port, Username: "alerts", Password: doc.Secret(password),
		From: "exportwatch <alerts@example.org>", StartTLS: true, RootCAs: srv.RootCAs(), Timeout: 5 * time.Second}
}

func TestEmailDelivery(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Username: "alerts", Password: smtpPassword})
	st := notifytest.OpenStore(t)
	log, logs := notifytest.Logger()
	n := notify.New(st, nil, notify.Config{Channels: []notify.Channel{
		Channel(smtpConfig(srv, smtpPassword), notify.Renderer{PublicURL: "https://ew.example.org"}, nil)}}, log)
	notifytest.MustSub(t, st, doc.Subscription{Name: "Lawyers <& co>", Countries: []string{"CN"}, Channel: doc.ChannelEmail,
		Target: "a@example.com, B <b@example.com>"})
	d, c := notifytest.Doc(10, []string{"CN"}, doc.LabelEntityAddition)
	d.Title = `Entity List <script>alert("x")</script> & more`
	if _, err := st.SaveVersion(context.Background(), d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(context.Background())
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if !m.TLS || m.AuthUser != "alerts" || m.From != "alerts@example.org" || len(m.To) != 2 {
		t.Errorf("envelope = tls %v auth %q from %q to %v", m.TLS, m.AuthUser, m.From, m.To)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"From", "To", "Subject", "Date", "Message-Id", "Mime-Version"} {
		if msg.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if !strings.Contains(subj, "New: Entity List") {
		t.Errorf("subject = %q", subj)
	}
	ds := notifytest.Deliveries(t, st, store.DeliveryQuery{})
	if ds[0].Status != store.StatusSent || ds[0].Ref != msg.Header.Get("Message-Id") {
		t.Errorf("delivery = %+v, want sent with the Message-ID as ref", ds[0])
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(b)
	}
	plain, html := parts["text/plain"], parts["text/html"]
	if !strings.Contains(plain, `<script>alert("x")</script>`) || !strings.Contains(plain, "https://ew.example.org/documents/fr:2025-00010") {
		t.Errorf("plain part:\n%s", plain)
	}
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "Lawyers &lt;&amp; co&gt;") {
		t.Errorf("html part is not escaped:\n%s", html)
	}
	if !strings.Contains(html, `href="https://ew.example.org/documents/fr:2025-00010"`) {
		t.Errorf("html part lacks the document link:\n%s", html)
	}
	notifytest.AssertNoSecret(t, smtpPassword, logs)
}

func TestEmailFailures(t *testing.T) {
	for name, tc := range map[string]struct {
		opts     smtptest.Options
		password string
		retry    bool
	}{
		"bad password is final":  {opts: smtptest.Options{Username: "alerts", Password: "other"}, password: smtpPassword, retry: false},
		"550 recipient is final": {opts: smtptest.Options{Username: "alerts", Password: smtpPassword, RejectRcpt: 550}, password: smtpPassword, retry: false},
		"451 recipient retries":  {opts: smtptest.Options{Username: "alerts", Password: smtpPassword, RejectRcpt: 451}, password: smtpPassword, retry: true},
	} {
		t.Run(name, func(t *testing.T) {
			srv := smtptest.New(t, tc.opts)
			s := newSender(smtpConfig(srv, tc.password), notify.Renderer{}, nil)
			_, retry, err := s.Send(context.Background(), notify.Notification{
				Subscription: doc.Subscription{Name: "x", Channel: doc.ChannelEmail, Target: "a@example.com"},
				Items:        []notify.Item{sample()},
			})
			if err == nil || retry != tc.retry {
				t.Fatalf("Send = retry %v, err %v; want retry %v and an error", retry, err, tc.retry)
			}
			notifytest.AssertNoSecret(t, tc.password, nil, err.Error())
		})
	}
	t.Run("dead server retries", func(t *testing.T) {
		srv := smtptest.New(t, smtptest.Options{})
		cfg := smtpConfig(srv, smtpPassword)
		cfg.Port = 1 // nothing listens there
		_, retry, err := newSender(cfg, notify.Renderer{}, nil).Send(context.Background(), notify.Notification{
			Subscription: doc.Subscription{Channel: doc.ChannelEmail, Target: "a@example.com"}, Items: []notify.Item{sample()}})
		if err == nil || !retry {
			t.Fatalf("Send = retry %v, err %v; want a retryable error", retry, err)
		}
		notifytest.AssertNoSecret(t, smtpPassword, nil, err.Error())
	})
}

// sample is one alert about a made-up document.
func sample() notify.Item {
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	return notify.Item{Event: doc.Event{ID: 1, DocumentID: d.ID, Version: 1, Kind: doc.EventNew, Title: d.Title, URL: d.URL}, Document: d, Classification: c}
}

// TestMessageIDStablePerDelivery sends one delivery twice, as a restart
// after a crash between the relay's acceptance and MarkSent would: both
// copies carry the same Message-ID, so mail clients drop the repeat.
// Another delivery, and test messages, get their own.
func TestMessageIDStablePerDelivery(t *testing.T) {
	srv := smtptest.New(t, smtptest.Options{Username: "alerts", Password: smtpPassword})
	s := newSender(smtpConfig(srv, smtpPassword), notify.Renderer{}, nil)
	sub := doc.Subscription{ID: 3, Name: "x", Channel: doc.ChannelEmail, Target: "a@example.com"}
	send := func(n notify.Notification) string {
		t.Helper()
		ref, _, err := s.Send(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		msgs := srv.Messages()
		msg, err := mail.ReadMessage(bytes.NewReader(msgs[len(msgs)-1].Data))
		if err != nil {
			t.Fatal(err)
		}
		if id := msg.Header.Get("Message-Id"); id != ref {
			t.Errorf("Message-ID header %q, ref %q", id, ref)
		}
		return ref
	}
	n := notify.Notification{Subscription: sub, Items: []notify.Item{sample()}, DeliveryID: 41}
	first, again := send(n), send(n)
	if first != "<delivery-41.subscription-3@example.org>" || again != first {
		t.Errorf("Message-IDs %q and %q, want both <delivery-41.subscription-3@example.org>", first, again)
	}
	n.DeliveryID = 42
	if other := send(n); other == first {
		t.Errorf("another delivery reused Message-ID %q", other)
	}
	n.Test = true
	if t1, t2 := send(n), send(n); t1 == t2 || strings.Contains(t1, "delivery-") {
		t.Errorf("test messages got Message-IDs %q and %q, want distinct ones of no delivery", t1, t2)
	}
}
