package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

// TestBackfillAPI: a subscription created with backfill_since has its
// backfill queued with it (201), a re-run answers 202, the dispatcher
// sends both, and GET /api/v1/deliveries shows them with kind backfill;
// event listings leave them out.
func TestBackfillAPI(t *testing.T) {
	ctx := context.Background()
	a := newArchive(t, Config{APIToken: testToken})
	fs := fakeslack.New(t, fakeslack.Options{Token: "xoxb-test"})
	n := notify.New(a.st, nil, notify.Config{Channels: channels.Table(channels.Options{
		Slack: slackconf.Config{Token: "xoxb-test", APIURL: fs.APIURL()}, SlackClient: fs.Client()})}, nil)
	h := New(Config{APIToken: testToken}, Deps{Store: a.st, Index: a.ix, Notifier: notifierAdapter{n}}, nil).Handler()
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}

	for name, tc := range map[string]struct{ body, want string }{
		"bad date": {`{"name": "x", "channel": "slack", "target": "C1", "backfill_since": "last year"}`, "backfill_since must be YYYY-MM-DD"},
		"feed":     {`{"name": "x", "channel": "feed", "backfill_since": "2020-01-01"}`, "a backfill needs a channel that sends"},
		"future":   {`{"name": "x", "channel": "slack", "target": "C1", "backfill_since": "2999-01-01"}`, "starts in the future"},
	} {
		if res, body := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(tc.body), auth...); res.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want 400 saying %q", name, res.StatusCode, body, tc.want)
		}
	}
	before, _ := a.st.Subscriptions(ctx)

	res, body := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(
		`{"name": "CN desk", "countries": ["CN"], "channel": "slack", "target": "C1", "backfill_since": "2020-01-01"}`), auth...)
	var created struct {
		ID       int64           `json:"id"`
		Backfill *store.Delivery `json:"backfill"`
	}
	if err := json.Unmarshal([]byte(body), &created); res.StatusCode != 201 || err != nil || created.Backfill == nil ||
		created.Backfill.Kind != doc.EventBackfill || created.Backfill.Status != store.StatusPending || created.Backfill.SubscriptionID != created.ID {
		t.Fatalf("create with backfill: %d %s (%v)", res.StatusCode, body, err)
	}
	if after, _ := a.st.Subscriptions(ctx); len(after) != len(before)+1 {
		t.Errorf("%d subscriptions after the refused requests and one create, want %d", len(after), len(before)+1)
	}
	res, body = do(t, h, "POST", fmt.Sprintf("/api/v1/subscriptions/%d/backfill?since=2020-01-01", created.ID), nil, auth...)
	var queued struct{ Delivery store.Delivery }
	if err := json.Unmarshal([]byte(body), &queued); res.StatusCode != 202 || err != nil || queued.Delivery.Kind != doc.EventBackfill {
		t.Fatalf("re-run: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, h, "POST", fmt.Sprintf("/api/v1/subscriptions/%d/backfill?since=2020-01-01", a.sub.ID+1000), nil, auth...); res.StatusCode != 404 {
		t.Errorf("backfill of an unknown subscription: %d %s", res.StatusCode, body)
	}

	// The archive's alerts to its webhook subscription, and no backfill.
	if kinds := deliveryKinds(t, h, "new", auth); len(kinds) == 0 || slices.ContainsFunc(kinds, func(k string) bool { return k != doc.EventNew }) {
		t.Errorf("deliveries?kind=new: kinds %q, want the archive's new-document alerts alone", kinds)
	}
	// That subscription posts to hooks.example.org, which no test may reach.
	if err := a.st.DeleteSubscription(ctx, a.sub.ID); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(ctx) // what serve's dispatcher does when woken
	if m := fs.Messages(); len(m) != 2 || !strings.Contains(m[0].Text, "exportwatch backfill: published since 2020-01-01") {
		t.Fatalf("slack got %+v, want the two backfills", m)
	}

	if res, _ := do(t, h, "GET", "/api/v1/deliveries", nil); res.StatusCode != 401 {
		t.Errorf("deliveries without a token: %d, want 401", res.StatusCode)
	}
	if res, _ := do(t, h, "GET", "/api/v1/deliveries?status=lost", nil, auth...); res.StatusCode != 400 {
		t.Errorf("deliveries?status=lost: %d, want 400", res.StatusCode)
	}
	q := url.Values{"subscription": {fmt.Sprint(created.ID)}, "status": {"sent"}}
	res, body = do(t, h, "GET", "/api/v1/deliveries?"+q.Encode(), nil, auth...)
	var list struct{ Deliveries []store.Delivery }
	if err := json.Unmarshal([]byte(body), &list); res.StatusCode != 200 || err != nil || len(list.Deliveries) != 2 {
		t.Fatalf("deliveries: %d %s", res.StatusCode, body)
	}
	for _, d := range list.Deliveries {
		if d.Kind != doc.EventBackfill || d.Status != store.StatusSent || d.Ref == "" {
			t.Errorf("delivery %+v, want a sent backfill with its Slack ts", d)
		}
	}
	if !strings.Contains(body, `"kind": "backfill"`) {
		t.Errorf("deliveries JSON lacks kind: %s", body)
	}
	if kinds := deliveryKinds(t, h, "backfill", auth); len(kinds) != 2 || kinds[0] != doc.EventBackfill || kinds[1] != doc.EventBackfill {
		t.Errorf("deliveries?kind=backfill: kinds %q, want the two backfills", kinds)
	}
	if res, body := do(t, h, "GET", "/api/v1/deliveries?kind=alert", nil, auth...); res.StatusCode != 400 || !strings.Contains(body, "kind must be one of") {
		t.Errorf("deliveries?kind=alert: %d %s, want 400", res.StatusCode, body)
	}
	if _, body := do(t, h, "GET", "/api/v1/events?limit=1000", nil); strings.Contains(body, `"backfill"`) {
		t.Errorf("/api/v1/events lists backfills: %s", body)
	}
}

// TestSubscriptionFormBackfill: the form of a channel that sends has a
// backfill date; posting it queues the backfill with the subscription.
func TestSubscriptionFormBackfill(t *testing.T) {
	ctx := context.Background()
	a := newArchive(t, Config{APIToken: testToken})
	fs := fakeslack.New(t, fakeslack.Options{Token: "xoxb-test"})
	n := notify.New(a.st, nil, notify.Config{Channels: channels.Table(channels.Options{
		Slack: slackconf.Config{Token: "xoxb-test", APIURL: fs.APIURL()}, SlackClient: fs.Client()})}, nil)
	h := New(Config{APIToken: testToken}, Deps{Store: a.st, Index: a.ix, Notifier: notifierAdapter{n}}, nil).Handler()
	if _, body := do(t, h, "GET", "/subscriptions?channel=slack", nil); !strings.Contains(body, `name="backfill_since"`) {
		t.Errorf("the Slack form has no backfill field")
	}
	if _, body := do(t, h, "GET", "/subscriptions?channel=feed", nil); strings.Contains(body, `name="backfill_since"`) {
		t.Errorf("the feed form offers a backfill")
	}
	form := url.Values{"name": {"CN desk"}, "countries": {"CN"}, "channel": {"slack"}, "target": {"C1"}, "mode": {"instant"},
		"backfill_since": {"2020-01-01"}, "token": {testToken}}
	res, _ := do(t, h, "POST", "/subscriptions", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	loc := res.Header.Get("Location")
	if res.StatusCode != 303 || !strings.Contains(loc, "backfill=") {
		t.Fatalf("form post: %d to %q, want 303 naming the backfill", res.StatusCode, loc)
	}
	if _, body := do(t, h, "GET", loc, nil); !strings.Contains(body, "backfill is queued as delivery") {
		t.Errorf("the page after the post does not say the backfill is queued")
	}
	ds, err := a.st.Deliveries(ctx, store.DeliveryQuery{Status: store.StatusPending})
	if err != nil {
		t.Fatal(err)
	}
	backfills := 0
	for _, d := range ds {
		if d.Kind == doc.EventBackfill {
			backfills++
		}
	}
	if backfills != 1 {
		t.Errorf("%d backfills queued, want 1", backfills)
	}
}

// deliveryKinds lists the kinds of the deliveries GET /api/v1/deliveries
// returns for ?kind=kind.
func deliveryKinds(t *testing.T, h http.Handler, kind string, auth []string) []string {
	t.Helper()
	res, body := do(t, h, "GET", "/api/v1/deliveries?kind="+kind, nil, auth...)
	var list struct{ Deliveries []store.Delivery }
	if err := json.Unmarshal([]byte(body), &list); res.StatusCode != 200 || err != nil {
		t.Fatalf("deliveries?kind=%s: %d %s", kind, res.StatusCode, body)
	}
	var kinds []string
	for _, d := range list.Deliveries {
		kinds = append(kinds, d.Kind)
	}
	return kinds
}
