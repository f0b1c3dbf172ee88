package doc

import (
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
