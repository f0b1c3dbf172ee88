// Package webhook is the generic webhook channel: a signed JSON POST of
// each notification to the subscriber's URL, through notify.TargetClient
// (no redirects, no private addresses unless allowed).
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/retryafter"
	"github.com/exportwatch/exportwatch/notify"
)

// Webhook headers. The signature is "sha256=" + hex(HMAC-SHA256(secret,
// body)) over the exact request body; the body's sent_at repeats the
// timestamp header so receivers can reject replays (e.g. older than 5
// minutes) using signed data only.
const (
	HeaderSignature = "X-Exportwatch-Signature"
	HeaderTimestamp = "X-Exportwatch-Timestamp" // unix seconds
	HeaderDelivery  = "X-Exportwatch-Delivery"  // idempotency key, equal to the body's id
)

// Payload is the documented JSON body of a generic webhook POST.
//
//	{
//	  "id": "sub-3-ev-41",                  // idempotency key: same id = same notification (delivery is at least once);
//	                                        // a backfill's ends in "-backfill-<delivery id>"
//	  "type": "event" | "digest" | "backfill" | "test",
//	  "sent_at": "2026-01-15T08:00:00Z",
//	  "subscription": {"id": 3, "name": "China entity list"},
//	  "events": [{
//	    "id": 41, "kind": "new" | "updated" | "published" | "source",
//	    "document_id": "fr:2025-00636", "version": 1, "source": "federal-register",
//	    "title": "...", "url": "https://www.federalregister.gov/...",
//	    "page_url": "https://exportwatch.example.org/documents/fr:2025-00636",
//	    "labels": ["entity_addition"], "countries": ["CN"], "summary": "...",
//	    "created_at": "...",
//	    "document": {"kind": "rule", "stage": "published", "published": "...", "effective_on": "...",
//	                 "citation": "90 FR 4544", "document_number": "2025-00636", "agencies": [...]},
//	    "entities": [{"action": "add", "name": "...", "country": "CN"}],
//	    "evidence": [{"label": "entity_addition", "text": "..."}]
//	  }]
//	}
type Payload struct {
	ID           string       `json:"id"`
	Type         string       `json:"type"`
	SentAt       time.Time    `json:"sent_at"`
	Subscription Subscription `json:"subscription"`
	Events       []Event      `json:"events"`
}

// Subscription identifies the subscription in a payload.
type Subscription struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Event is one event in a payload.
type Event struct {
	doc.Event
	PageURL  string         `json:"page_url,omitempty"`
	Document *Document      `json:"document,omitempty"`
	Entities []doc.Entity   `json:"entities,omitempty"`
	Evidence []doc.Evidence `json:"evidence,omitempty"`
}

// Document is the document metadata carried with an event.
type Document struct {
	Kind           string     `json:"kind,omitempty"`
	Stage          string     `json:"stage,omitempty"`
	Published      time.Time  `json:"published,omitzero"`
	EffectiveOn    *time.Time `json:"effective_on,omitempty"`
	Citation       string     `json:"citation,omitempty"`
	DocumentNumber string     `json:"document_number,omitempty"`
	Agencies       []string   `json:"agencies,omitempty"`
	Abstract       string     `json:"abstract,omitempty"`
}

// payload builds the webhook body of n.
func payload(r notify.Renderer, n notify.Notification, now time.Time) Payload {
	p := Payload{
		Type:         "event",
		SentAt:       now.UTC().Truncate(time.Second),
		Subscription: Subscription{ID: n.Subscription.ID, Name: n.Subscription.Name},
		Events:       []Event{},
	}
	switch {
	case n.Test:
		p.Type = "test"
	case n.Backfill:
		p.Type = "backfill"
	case n.Digest:
		p.Type = "digest"
	}
	id := fmt.Sprintf("sub-%d", n.Subscription.ID)
	for _, it := range n.Items {
		we := Event{Event: it.Event, PageURL: r.DocumentPage(it.Event.DocumentID),
			Entities: it.Classification.Entities, Evidence: it.Classification.Evidence}
		if we.Labels == nil {
			we.Labels = []string{}
		}
		if we.Countries == nil {
			we.Countries = []string{}
		}
		if d := it.Document; d.ID != "" {
			we.Document = &Document{Kind: d.Kind, Stage: d.Stage, Published: d.Published, EffectiveOn: d.EffectiveOn,
				Citation: d.Citation, DocumentNumber: d.DocumentNumber, Agencies: d.Agencies, Abstract: d.Abstract}
		}
		p.Events = append(p.Events, we)
		if !n.Backfill {
			id += fmt.Sprintf("-ev-%d", it.Event.ID)
		}
	}
	if n.Backfill {
		// Its events are each document's newest, possibly alerted before:
		// the backfill delivery is what makes the message unique.
		id += fmt.Sprintf("-backfill-%d", n.DeliveryID)
	}
	if n.Test {
		id += fmt.Sprintf("-test-%d", now.UnixNano())
	}
	p.ID = id
	return p
}

// Sign returns the X-Exportwatch-Signature value for body.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a X-Exportwatch-Signature header in constant time.
func VerifySignature(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// Channel returns the webhook channel for notify's table. client should
// be notify.TargetClient; now may be nil (time.Now).
func Channel(client *http.Client, r notify.Renderer, now func() time.Time) notify.Channel {
	if now == nil {
		now = time.Now
	}
	return notify.Channel{Name: doc.ChannelWebhook, Sender: &sender{client: client, render: r, now: now}}
}

// sender POSTs the Payload as JSON to Subscription.URL, signed with
// Subscription.Secret. Any 2xx is an acknowledgement (ref "HTTP 200");
// 408, 429 (with Retry-After) and 5xx are retried; other statuses,
// redirects included, are final.
type sender struct {
	client *http.Client
	render notify.Renderer
	now    func() time.Time
}

// Send implements notify.Sender.
func (s *sender) Send(ctx context.Context, n notify.Notification) (string, bool, error) {
	u := n.Subscription.URL.Reveal()
	secret := n.Subscription.Secret.Reveal()
	if u == "" {
		return "", false, errors.New("webhook: subscription has no URL")
	}
	now := s.now()
	p := payload(s.render, n, now)
	body, err := json.Marshal(p)
	if err != nil {
		return "", false, fmt.Errorf("webhook: encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "", false, notify.Scrub(fmt.Errorf("webhook: request: %w", err), u, secret)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "exportwatch-webhook/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(p.SentAt.Unix(), 10))
	req.Header.Set(HeaderDelivery, p.ID)
	if secret != "" {
		req.Header.Set(HeaderSignature, Sign([]byte(secret), body))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return "", !notify.TargetRefused(err), notify.Scrub(fmt.Errorf("webhook: post: %w", err), u, secret)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	ref := "HTTP " + strconv.Itoa(resp.StatusCode)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return ref, false, nil
	}
	err = fmt.Errorf("webhook: post: status %s", resp.Status)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return "", true, notify.WithRetryAfter(err, retryafter.Parse(resp.Header.Get("Retry-After"), now))
	case resp.StatusCode >= 500, resp.StatusCode == http.StatusRequestTimeout:
		return "", true, notify.WithRetryAfter(err, retryafter.Parse(resp.Header.Get("Retry-After"), now))
	}
	return "", false, err
}
