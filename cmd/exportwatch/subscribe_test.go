package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

// TestNotifyCommands drives subscribe, subscriptions and deliveries against
// a real store and the fake Slack.
func TestNotifyCommands(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs := fakeslack.New(t, fakeslack.Options{Token: "xoxb-t"})
	n := notify.New(st, nil, notify.Config{Channels: channels.Table(channels.Options{
		Slack: slackconf.Config{Token: "xoxb-t", APIURL: fs.APIURL()}, SlackClient: fs.Client()})}, nil)
	d := doc.Document{ID: "fr:1", Source: "federal-register", Title: "Entity additions", URL: "https://x", Published: time.Now().Add(-24 * time.Hour)}
	if _, err := st.SaveVersion(ctx, d, doc.Classification{Labels: []string{"entity_addition"}, Countries: []string{"CN"}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cmd  string
		args []string
		code int
		out  string
	}{
		{"subscribe", []string{"--name", "CN", "--country", "cn,TW", "--label", "entity_addition", "--slack-channel", "C1", "--backfill", "90d"}, 0, "subscription 1 created"},
		{"subscribe", []string{"--name", "x", "--slack-channel", "C1", "--email", "a@b.c"}, 2, "only one of"},
		{"subscribe", []string{"--name", "x", "--label", "nope"}, 2, "unknown label"},
		{"subscribe", []string{"--name", "x", "--country", "China"}, 2, `--country "China" must be an ISO code (CN)`},
		{"subscribe", []string{"--name", "x", "--webhook", "https://h.example/SEKRIT"}, 2, "signing secret"},
		{"subscribe", []string{"--name", "x", "--digest", "8am", "--slack-channel", "C1"}, 2, "HH:MM"},
		{"subscribe", []string{"--name", "x", "--backfill", "ninety"}, 2, "--backfill"},
		{"subscribe", []string{"--name", "hook", "--webhook", "https://h.example/SEKRIT", "--webhook-secret", "S3", "--digest", "08:00", "--tz", "Europe/Berlin"}, 0, "subscription 2 created"},
		{"subscribe", []string{"--name", "dates", "--country", "CN", "--slack-channel", "C1", "--remind", "7d:effective,comments_close", "--remind", "1d:compliance"}, 0, "subscription 3 created"},
		{"subscribe", []string{"--name", "x", "--remind", "7:effective"}, 2, "--remind: reminder \"7:effective\": want DAYSd:KIND"},
		{"subscribe", []string{"--name", "x", "--remind", "7d:published"}, 2, `unknown date kind "published"`},
		{"subscriptions", []string{"show", "3"}, 0, "reminders: 7d:effective,comments_close 1d:compliance\ncalendar:  http://127.0.0.1:8080/feeds/subscriptions/"},
		{"subscriptions", []string{"list"}, 0, "country=CN,TW label=entity_addition"},
		{"subscriptions", []string{"show", "2"}, 0, "url:       <secret>"},
		{"subscriptions", []string{"show", "2", "--json"}, 0, `"url":"\u003csecret\u003e"`},
		{"subscriptions", []string{"test", "1"}, 0, "test message sent"},
		{"subscriptions", []string{"show", "99"}, 1, "not found"},
		{"subscriptions", []string{"frob"}, 2, "unknown subcommand"},
		{"subscriptions", []string{"delete", "2"}, 0, "deleted"},
		{"deliveries", []string{}, 0, "ID"},
		{"deliveries", []string{"--failed", "--pending"}, 2, "only one"},
		{"deliveries", []string{"--kind", "alert"}, 2, "unknown kind \"alert\""},
		{"deliveries", []string{"retry", "x"}, 2, "not a delivery ID"},
		{"deliveries", []string{"retry", "12345"}, 1, "not found"},
	} {
		var out, errb bytes.Buffer
		code := execute(ctx, &cli{stdout: &out, stderr: &errb, st: st, n: n}, append([]string{tc.cmd}, tc.args...))
		all := out.String() + errb.String()
		if code != tc.code || !strings.Contains(all, tc.out) {
			t.Errorf("%s %v = %d\n%s\nwant %d and %q", tc.cmd, tc.args, code, all, tc.code, tc.out)
		}
		if strings.Contains(all, "SEKRIT") || strings.Contains(all, "S3\"") {
			t.Errorf("%s %v leaks a secret:\n%s", tc.cmd, tc.args, all)
		}
		t.Logf("%s %v -> %d\n%s", tc.cmd, tc.args, code, all)
	}
	if m := fs.Messages(); len(m) != 2 {
		t.Errorf("slack got %d messages, want backfill + test", len(m))
	}
}
