package email

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
)

func TestPlainTextSourceEvent(t *testing.T) {
	n := notify.Notification{Subscription: doc.Subscription{Name: "ops"}, Items: []notify.Item{{Event: doc.Event{Kind: doc.EventSource, Source: "bis-press", Summary: "back after 3 failures", CreatedAt: time.Now()}}}}
	got := plainText(notify.Renderer{}, n)
	if !strings.Contains(got, "Source bis-press") || !strings.Contains(got, "back after 3 failures") {
		t.Errorf("plain text = %q", got)
	}
}

func TestHTMLDigest(t *testing.T) {
	var items []notify.Item
	for i, ccs := range [][]string{{"CN"}, {"CN", "TW"}, nil} {
		d, c := notifytest.Doc(i, ccs, doc.LabelEntityAddition)
		d.Title = fmt.Sprintf("<b>Rule %d</b>", i)
		items = append(items, notify.Item{Event: doc.Event{ID: int64(i), DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c})
	}
	html, err := renderHTML(notify.Renderer{PublicURL: "https://ew.example.org"}, notify.Notification{Items: items, Digest: true, Title: "Daily"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<b>Rule") || !strings.Contains(html, "&lt;b&gt;Rule 0&lt;/b&gt;") {
		t.Errorf("titles not escaped:\n%s", html)
	}
	// One group per set of countries, each rule once, worldwide last.
	order := []string{"Daily: 3 changes", "🇨🇳 CN<", "Rule 0", "🇨🇳 CN · 🇹🇼 TW", "Rule 1", "Worldwide", "Rule 2"}
	pos := 0
	for _, w := range order {
		i := strings.Index(html[pos:], w)
		if i < 0 {
			t.Fatalf("HTML digest lacks %q after %d:\n%s", w, pos, html)
		}
		pos += i + len(w)
	}
	if n := strings.Count(html, "Rule 1"); n != 1 {
		t.Errorf("the rule on CN and TW is listed %d times, want once:\n%s", n, html)
	}
	plain := plainText(notify.Renderer{}, notify.Notification{Items: items, Digest: true})
	if !strings.Contains(plain, "== 🇨🇳 CN · 🇹🇼 TW ==") || !strings.Contains(plain, "<b>Rule 2</b>") || strings.Count(plain, "Rule 1") != 1 {
		t.Errorf("plain digest:\n%s", plain)
	}
}

// TestHitMail: both parts of a hit's e-mail say party, listed name,
// action, rule and "on public inspection".
func TestHitMail(t *testing.T) {
	ev, d, c := notifytest.HitItem()
	n := notify.Notification{Items: []notify.Item{{Event: ev, Document: d, Classification: c}}}
	html, err := renderHTML(notify.Renderer{}, n)
	if err != nil {
		t.Fatal(err)
	}
	for part, text := range map[string]string{"html": html, "plain": plainText(notify.Renderer{}, n), "subject": notify.Renderer{}.Subject(n)} {
		want := []string{"Huawei Technologies", "Watchlist hit on public inspection"}
		if part != "subject" {
			want = append(want, "Huawei Technologies Co., Ltd.", "added to the Entity List", "FR Doc. 2022-07643")
		}
		for _, w := range want {
			if !strings.Contains(text, w) && !strings.Contains(text, strings.ReplaceAll(w, `"`, "&#34;")) {
				t.Errorf("%s lacks %q:\n%s", part, w, text)
			}
		}
	}
}
