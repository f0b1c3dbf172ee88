package notify

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/slack-go/slack"
)

func TestFlag(t *testing.T) {
	for in, want := range map[string]string{"CN": "🇨🇳", "tw": "🇹🇼", "": "", "X": "", "1A": ""} {
		if got := Flag(in); got != want {
			t.Errorf("Flag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMrkdwnEscaping(t *testing.T) {
	if got, want := mrkdwnLink("https://x.example/a b", "A <b> & c|d"), "<https://x.example/a%20b|A &lt;b&gt; &amp; c¦d>"; got != want {
		t.Errorf("mrkdwnLink = %q, want %q", got, want)
	}
}

func TestDigestBlocksStayWithinSlackLimits(t *testing.T) {
	var items []Item
	for i := 0; i < 400; i++ {
		cc := fmt.Sprintf("%c%c", 'A'+i%26, 'A'+(i/26)%26)
		d, c := testDoc(i, []string{cc}, doc.Labels[i%len(doc.Labels)])
		d.Title = strings.Repeat("Long title ", 20) + fmt.Sprint(i)
		items = append(items, Item{Event: doc.Event{ID: int64(i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	// Many documents for one country: one section, capped text, "+N more".
	for i := 0; i < 100; i++ {
		d, c := testDoc(1000+i, []string{"CN"}, doc.LabelEntityAddition)
		d.Title = strings.Repeat("Very long title ", 20)
		items = append(items, Item{Event: doc.Event{ID: int64(1000 + i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	blocks := Renderer{PublicURL: "https://ew.example.org"}.SlackBlocks(Notification{Items: items, Digest: true})
	if len(blocks) > maxBlocks {
		t.Errorf("%d blocks, Slack allows %d", len(blocks), maxBlocks)
	}
	for i, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && len(s.Text.Text) > maxSectionText {
			t.Errorf("block %d text has %d characters", i, len(s.Text.Text))
		}
	}
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), "more countries") || !strings.Contains(string(raw), "more") {
		t.Errorf("digest does not say what it left out")
	}
}

func TestPlainTextSourceEvent(t *testing.T) {
	n := Notification{Subscription: doc.Subscription{Name: "ops"}, Items: []Item{{Event: doc.Event{Kind: doc.EventSource, Source: "bis-press", Summary: "back after 3 failures", CreatedAt: time.Now()}}}}
	got := Renderer{}.PlainText(n)
	if !strings.Contains(got, "Source bis-press") || !strings.Contains(got, "back after 3 failures") {
		t.Errorf("plain text = %q", got)
	}
}

func TestHTMLDigest(t *testing.T) {
	var items []Item
	for i, ccs := range [][]string{{"CN"}, {"CN", "TW"}, nil} {
		d, c := testDoc(i, ccs, doc.LabelEntityAddition)
		d.Title = fmt.Sprintf("<b>Rule %d</b>", i)
		items = append(items, Item{Event: doc.Event{ID: int64(i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	html, err := Renderer{PublicURL: "https://ew.example.org"}.HTML(Notification{Items: items, Digest: true, Title: "Daily"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<b>Rule") || !strings.Contains(html, "&lt;b&gt;Rule 0&lt;/b&gt;") {
		t.Errorf("titles not escaped:\n%s", html)
	}
	order := []string{"Daily: 3 changes", "🇨🇳 CN", "Rule 0", "Rule 1", "🇹🇼 TW", "Rule 1", "Worldwide", "Rule 2"}
	pos := 0
	for _, w := range order {
		i := strings.Index(html[pos:], w)
		if i < 0 {
			t.Fatalf("HTML digest lacks %q after %d:\n%s", w, pos, html)
		}
		pos += i + len(w)
	}
	plain := Renderer{}.PlainText(Notification{Items: items, Digest: true})
	if !strings.Contains(plain, "== 🇹🇼 TW ==") || !strings.Contains(plain, "<b>Rule 2</b>") {
		t.Errorf("plain digest:\n%s", plain)
	}
}
