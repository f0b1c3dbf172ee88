package fakeslack

import (
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
