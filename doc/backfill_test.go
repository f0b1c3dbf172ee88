package doc

import (
	"strings"
	"testing"
	"time"
)

func TestBackfillSummaryRoundTrip(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	since := time.Date(2024, 11, 2, 9, 30, 0, 0, berlin)
	got, err := BackfillSince(BackfillSummary(since))
	if err != nil || !got.Equal(since) {
		t.Fatalf("BackfillSince(BackfillSummary(%v)) = %v, %v", since, got, err)
	}
	for _, bad := range []string{"", "since 2024-11-02", "published since 2024-11-02"} {
		if _, err := BackfillSince(bad); err == nil {
			t.Errorf("BackfillSince(%q) accepted", bad)
		}
	}
}

func TestCheckBackfill(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		sub   Subscription
		since time.Time
		want  string // "" = allowed
	}{
		"slack":     {Subscription{Channel: ChannelSlack}, now.AddDate(-1, 0, 0), ""},
		"email now": {Subscription{Channel: ChannelEmail}, now, ""},
		"feed":      {Subscription{Channel: ChannelFeed}, now.AddDate(-1, 0, 0), "a feed already holds the past"},
		"no window": {Subscription{Channel: ChannelWebhook}, time.Time{}, "needs the start of its window"},
		"future":    {Subscription{Channel: ChannelSlack}, now.Add(time.Hour), "starts in the future"},
	} {
		err := tc.sub.CheckBackfill(tc.since, now)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: CheckBackfill = %v, want %q", name, err, tc.want)
		}
	}
}
