package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

// failingNotifier fails every test message the way a webhook to a closed
// local port does.
type failingNotifier struct{}

func (failingNotifier) Test(context.Context, doc.Subscription) error {
	return errors.New("webhook: post: dial tcp 127.0.0.1:6379: connect: connection refused")
}
func (failingNotifier) Validate(doc.Subscription) error { return nil }
func (failingNotifier) Wake()                           {}

// TestSubscriptionTestErrorIsGeneric: /test answers 502 with a generic
// message; the dial error (which would make the endpoint a port scanner
// for a token holder) is only in the log (issue 15.4).
func TestSubscriptionTestErrorIsGeneric(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	var logs bytes.Buffer
	srv := New(Config{APIToken: testToken, PublicURL: "http://exportwatch.test"},
		Deps{Store: a.st, Index: a.ix, Notifier: failingNotifier{}}, slog.New(slog.NewTextHandler(&logs, nil)))
	res, body := do(t, srv.Handler(), "POST", fmt.Sprintf("/api/v1/subscriptions/%d/test", a.sub.ID), nil, "Authorization", "Bearer "+testToken)
	if res.StatusCode != 502 {
		t.Errorf("status %d, want 502", res.StatusCode)
	}
	for _, detail := range []string{"127.0.0.1", "6379", "connection refused", "dial"} {
		if strings.Contains(body, detail) {
			t.Errorf("response names %q: %s", detail, body)
		}
	}
	if !strings.Contains(body, "test notification failed") {
		t.Errorf("response = %s, want a generic failure", body)
	}
	if !strings.Contains(logs.String(), "connection refused") {
		t.Errorf("the log lacks the reason:\n%s", logs.String())
	}
}
