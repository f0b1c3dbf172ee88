package fakeslack

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPostMessageAndWebhook(t *testing.T) {
	s := New(t, Options{Token: "xoxb-1", Channels: []string{"C1"}})
	post := func(form url.Values) string {
		resp, err := s.Client().PostForm(s.APIURL()+"chat.postMessage", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 512)
		n, _ := resp.Body.Read(buf)
		b.Write(buf[:n])
		return b.String()
	}
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"token": {"xoxb-1"}, "channel": {"C1"}, "text": {"hi"}, "thread_ts": {"1.2"}}, `"ok":true`},
		{url.Values{"token": {"bad"}, "channel": {"C1"}, "text": {"hi"}}, "invalid_auth"},
		{url.Values{"token": {"xoxb-1"}, "channel": {"C2"}, "text": {"hi"}}, "channel_not_found"},
		{url.Values{"channel": {"C1"}, "text": {"hi"}}, "not_authed"},
	} {
		if got := post(tc.form); !strings.Contains(got, tc.want) {
			t.Errorf("post %v = %s, want %s", tc.form, got, tc.want)
		}
	}
	if m := s.Messages(); len(m) != 1 || m[0].ThreadTS != "1.2" || m[0].Text != "hi" || m[0].TS == "" {
		t.Errorf("messages = %+v", m)
	}
	s.Fail(Fault{Status: 429, RetryAfter: 7})
	resp, err := s.Client().Post(s.WebhookURL("C9"), "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "7" {
		t.Errorf("fault: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp, err = s.Client().Post(s.URL()+"/services/nope", "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown webhook: %d, want 404", resp.StatusCode)
	}
	if s.Requests() != 6 {
		t.Errorf("requests = %d, want 6", s.Requests())
	}
}

func TestHistoryWithMetadata(t *testing.T) {
	s := New(t, Options{Token: "xoxb-1"})
	call := func(method string, form url.Values) map[string]any {
		t.Helper()
		if form.Get("token") == "" {
			form.Set("token", "xoxb-1")
		}
		resp, err := s.Client().PostForm(s.APIURL()+method, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	meta := `{"event_type":"x","event_payload":{"delivery_id":"7"}}`
	first := call("chat.postMessage", url.Values{"channel": {"C1"}, "text": {"one"}, "metadata": {meta}})
	parent, _ := first["ts"].(string)
	call("chat.postMessage", url.Values{"channel": {"C1"}, "text": {"reply"}, "thread_ts": {parent}})
	call("chat.postMessage", url.Values{"channel": {"C1"}, "text": {"two"}})
	call("chat.postMessage", url.Values{"channel": {"C2"}, "text": {"elsewhere"}})

	texts := func(out map[string]any) []string {
		var ts []string
		msgs, _ := out["messages"].([]any)
		for _, m := range msgs {
			ts = append(ts, m.(map[string]any)["text"].(string))
		}
		return ts
	}
	h := call("conversations.history", url.Values{"channel": {"C1"}, "include_all_metadata": {"1"}})
	if got := strings.Join(texts(h), ","); got != "two,one" {
		t.Errorf("history = %s, want two,one (newest first, no replies, no other channel)", got)
	}
	msgs := h["messages"].([]any)
	if md, ok := msgs[1].(map[string]any)["metadata"].(map[string]any); !ok || md["event_type"] != "x" {
		t.Errorf("metadata = %v", msgs[1])
	}
	if _, ok := call("conversations.history", url.Values{"channel": {"C1"}})["messages"].([]any)[1].(map[string]any)["metadata"]; ok {
		t.Error("metadata returned without include_all_metadata")
	}
	page := call("conversations.history", url.Values{"channel": {"C1"}, "limit": {"1"}})
	if page["has_more"] != true || strings.Join(texts(page), ",") != "two" {
		t.Fatalf("first page = %v", page)
	}
	cursor := page["response_metadata"].(map[string]any)["next_cursor"].(string)
	if got := texts(call("conversations.history", url.Values{"channel": {"C1"}, "limit": {"1"}, "cursor": {cursor}})); strings.Join(got, ",") != "one" {
		t.Errorf("second page = %v", got)
	}
	if got := texts(call("conversations.history", url.Values{"channel": {"C1"}, "oldest": {parent}})); strings.Join(got, ",") != "two" {
		t.Errorf("history after the first message = %v", got)
	}
	if got := texts(call("conversations.replies", url.Values{"channel": {"C1"}, "ts": {parent}})); strings.Join(got, ",") != "reply,one" {
		t.Errorf("replies = %v", got)
	}
	if bad := call("conversations.history", url.Values{"channel": {"C1"}, "token": {"nope"}}); bad["ok"] != false {
		t.Errorf("bad token: %v", bad)
	}
}
