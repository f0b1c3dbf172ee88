package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
)

func TestMrkdwnEscaping(t *testing.T) {
	if got, want := mrkdwnLink("https://x.example/a b", "A <b> & c|d"), "<https://x.example/a%20b|A &lt;b&gt; &amp; c¦d>"; got != want {
		t.Errorf("mrkdwnLink = %q, want %q", got, want)
	}
}

func TestDigestBlocksStayWithinSlackLimits(t *testing.T) {
	var items []notify.Item
	for i := 0; i < 400; i++ {
		cc := fmt.Sprintf("%c%c", 'A'+i%26, 'A'+(i/26)%26)
		d, c := notifytest.Doc(i, []string{cc}, doc.Labels[i%len(doc.Labels)])
		d.Title = strings.Repeat("Long title ", 20) + fmt.Sprint(i)
		items = append(items, notify.Item{Event: doc.Event{ID: int64(i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	// Many documents for one country: one section, capped text, "+N more".
	for i := 0; i < 100; i++ {
		d, c := notifytest.Doc(1000+i, []string{"CN"}, doc.LabelEntityAddition)
		d.Title = strings.Repeat("Very long title ", 20)
		items = append(items, notify.Item{Event: doc.Event{ID: int64(1000 + i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	blocks := renderBlocks(notify.Renderer{PublicURL: "https://ew.example.org"}, notify.Notification{Items: items, Digest: true})
	if len(blocks) > maxBlocks {
		t.Errorf("%d blocks, Slack allows %d", len(blocks), maxBlocks)
	}
	for i, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && len(s.Text.Text) > maxSectionText {
			t.Errorf("block %d text has %d characters", i, len(s.Text.Text))
		}
	}
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), "more groups of countries") || !strings.Contains(string(raw), "more") {
		t.Errorf("digest does not say what it left out")
	}
}

// TestHitBlocks: a watchlist hit's alert names the party, the listed name,
// the action, the rule and "on public inspection"; so does its digest line.
func TestHitBlocks(t *testing.T) {
	ev, d, c := notifytest.HitItem()
	it := notify.Item{Event: ev, Document: d, Classification: c}
	for name, n := range map[string]notify.Notification{
		"alert":  {Items: []notify.Item{it}},
		"digest": {Items: []notify.Item{it}, Digest: true},
	} {
		raw, _ := json.Marshal(renderBlocks(notify.Renderer{}, n))
		got := string(raw)
		want := []string{"Huawei Technologies", "Public inspection"}
		if name == "alert" {
			want = append(want, "Watchlist hit on public inspection", "Huawei Technologies Co., Ltd.", "added to the Entity List", "FR Doc. 2022-07643", "SUP-0042")
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s blocks lack %q:\n%s", name, w, got)
			}
		}
	}
}
