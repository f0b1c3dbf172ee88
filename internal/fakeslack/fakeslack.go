// Package fakeslack is a Slack-compatible httptest server for tests. It
// implements chat.postMessage (form or JSON body, token in the form or an
// Authorization bearer header, message metadata), conversations.history and
// conversations.replies (newest first, oldest/limit/cursor, metadata only
// with include_all_metadata) and incoming webhooks, records what it
// accepted, and can be told to fail: 429 with Retry-After, 500, or a slow
// response that trips client timeouts.
//
//	fs := fakeslack.New(t, fakeslack.Options{Token: "xoxb-test", Channels: []string{"C1"}})
//	api := slack.New("xoxb-test", slack.OptionAPIURL(fs.APIURL()))
package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configures a Server.
type Options struct {
	// Token is the bot token chat.postMessage accepts; any other gives invalid_auth.
	Token string
	// Channels are the channel IDs that exist; others give channel_not_found.
	// Empty accepts every channel.
	Channels []string
	// NotInChannel lists channels that exist but the bot is not a member of
	// (not_in_channel).
	NotInChannel []string
}

// Message is one accepted chat.postMessage call or webhook post.
type Message struct {
	Channel  string          `json:"channel"`
	Text     string          `json:"text"`
	Blocks   json.RawMessage `json:"blocks,omitempty"`
	ThreadTS string          `json:"thread_ts,omitempty"`
	TS       string          `json:"ts"`
	// Metadata is the message metadata as posted ({"event_type",
	// "event_payload"}), nil when none.
	Metadata json.RawMessage `json:"metadata,omitempty"`
	Webhook  string          `json:"-"` // webhook path ("" for chat.postMessage)
	At       time.Time       `json:"-"`
}

// Fault is an injected failure for the next matching requests.
type Fault struct {
	Status     int           // 429, 500, ... (0: answer normally after Delay)
	RetryAfter int           // seconds, sent as Retry-After with 429
	Delay      time.Duration // sleep before answering (client timeouts)
	Body       string        // response body; default a small HTML page for 5xx
}

// Server is a fake Slack. Its methods are safe for concurrent use.
type Server struct {
	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	messages []Message
	faults   []Fault
	hooks    map[string]string // path -> channel
	requests int
	seq      int
	hold     chan struct{} // when non-nil, accepted messages wait for it before answering
	onAccept func(Message)
}

// New starts a fake Slack on loopback, closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	s := &Server{opts: opts, hooks: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/chat.postMessage", s.postMessage)
	mux.HandleFunc("/api/conversations.history", s.history)
	mux.HandleFunc("/api/conversations.replies", s.history)
	mux.HandleFunc("/services/", s.webhook)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Close shuts the server down and releases held requests.
func (s *Server) Close() {
	s.Release()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the Web API base for slack.OptionAPIURL, with the trailing slash.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// Client returns an *http.Client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// WebhookURL registers an incoming webhook posting to channel and returns
// its URL. The URL is a secret in the real world; tests use it to check
// redaction.
func (s *Server) WebhookURL(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	path := fmt.Sprintf("/services/T000/B%03d/secretpart%06d", s.seq, s.seq*7919)
	s.hooks[path] = channel
	return s.srv.URL + path
}

// Fail queues faults: each request (chat.postMessage or webhook) consumes
// the next one before being handled.
func (s *Server) Fail(f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f...)
}

// Hold makes accepted messages wait before the response is written until
// Release is called (the message is recorded first, as Slack would have
// posted it). Used to stop a dispatcher mid-send.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold == nil {
		s.hold = make(chan struct{})
	}
}

// Release lets held responses go.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
}

// OnAccept sets a callback run (outside the lock) for every accepted message.
func (s *Server) OnAccept(fn func(Message)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onAccept = fn
}

// Messages returns a copy of the accepted messages in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Requests counts every request received, failed ones included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// takeFault counts the request and pops the next fault, if any.
func (s *Server) takeFault() (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f, true
}

// fault writes an injected failure; it reports whether the request is done.
func fault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	if f.Status == 0 {
		return false
	}
	if f.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", fmt.Sprint(f.RetryAfter))
	}
	body := f.Body
	if body == "" {
		body = "<html><body>" + http.StatusText(f.Status) + "</body></html>"
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(f.Status)
	io.WriteString(w, body)
	return true
}

func (s *Server) accept(r *http.Request, m Message) Message {
	s.mu.Lock()
	s.seq++
	// Real ts: the posting time in seconds, unique and increasing by the
	// sequence number in the fraction, so history's oldest bound works.
	m.At = time.Now()
	m.TS = fmt.Sprintf("%d.%06d", m.At.Unix(), s.seq%1000000)
	s.messages = append(s.messages, m)
	hold, cb := s.hold, s.onAccept
	s.mu.Unlock()
	if cb != nil {
		cb(m)
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}
	return m
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.takeFault(); ok && fault(w, r, f) {
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var m Message
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var body struct {
			Channel  string          `json:"channel"`
			Text     string          `json:"text"`
			Blocks   json.RawMessage `json:"blocks"`
			ThreadTS string          `json:"thread_ts"`
			Metadata json.RawMessage `json:"metadata"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_json"})
			return
		}
		m = Message{Channel: body.Channel, Text: body.Text, Blocks: body.Blocks, ThreadTS: body.ThreadTS, Metadata: body.Metadata}
	} else {
		if err := r.ParseForm(); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
			return
		}
		if t := r.PostForm.Get("token"); t != "" {
			token = t
		}
		m = Message{Channel: r.PostForm.Get("channel"), Text: r.PostForm.Get("text"), ThreadTS: r.PostForm.Get("thread_ts")}
		if b := r.PostForm.Get("blocks"); b != "" {
			m.Blocks = json.RawMessage(b)
		}
		if md := r.PostForm.Get("metadata"); md != "" {
			m.Metadata = json.RawMessage(md)
		}
	}
	if len(m.Metadata) > 0 && (!json.Valid(m.Metadata) || string(m.Metadata) == "null") {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_metadata_format"})
		return
	}
	switch {
	case token == "":
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	case token != s.opts.Token:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	case !s.known(m.Channel):
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	case contains(s.opts.NotInChannel, m.Channel):
		writeJSON(w, map[string]any{"ok": false, "error": "not_in_channel"})
		return
	case m.Text == "" && len(m.Blocks) == 0:
		writeJSON(w, map[string]any{"ok": false, "error": "no_text"})
		return
	}
	m = s.accept(r, m)
	writeJSON(w, map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS,
		"message": map[string]any{"text": m.Text, "ts": m.TS, "thread_ts": m.ThreadTS}})
}

// history implements conversations.history (top-level messages of a
// channel) and conversations.replies (a thread: its parent and replies),
// newest first, from oldest on (exclusive, as Slack's default), limit per
// page (default 100) with a next_cursor. Metadata is returned only with
// include_all_metadata=1, as Slack does.
// Faults apply to posts only: history requests are counted but consume
// none.
func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if t := r.Form.Get("token"); t != "" {
		token = t
	}
	ch := r.Form.Get("channel")
	switch {
	case token == "":
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	case token != s.opts.Token:
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	case !s.known(ch):
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	replies := strings.HasSuffix(r.URL.Path, "conversations.replies")
	thread := r.Form.Get("ts")
	if replies && thread == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
	limit, _ := strconv.Atoi(r.Form.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	skip, _ := strconv.Atoi(r.Form.Get("cursor"))
	withMeta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"

	s.mu.Lock()
	var found []Message
	for i := len(s.messages) - 1; i >= 0; i-- { // newest first
		m := s.messages[i]
		if m.Channel != ch || m.Webhook != "" {
			continue
		}
		if ts, _ := strconv.ParseFloat(m.TS, 64); ts <= oldest {
			continue
		}
		if replies {
			if m.TS != thread && m.ThreadTS != thread {
				continue
			}
		} else if m.ThreadTS != "" && m.ThreadTS != m.TS {
			continue // a reply: only in its thread
		}
		found = append(found, m)
	}
	s.mu.Unlock()
	if skip > len(found) {
		skip = len(found)
	}
	page := found[skip:]
	more := len(page) > limit
	if more {
		page = page[:limit]
	}
	out := make([]map[string]any, 0, len(page))
	for _, m := range page {
		o := map[string]any{"type": "message", "text": m.Text, "ts": m.TS}
		if m.ThreadTS != "" {
			o["thread_ts"] = m.ThreadTS
		}
		if withMeta && len(m.Metadata) > 0 {
			o["metadata"] = m.Metadata
		}
		out = append(out, o)
	}
	resp := map[string]any{"ok": true, "messages": out, "has_more": more}
	if more {
		resp["response_metadata"] = map[string]any{"next_cursor": strconv.Itoa(skip + limit)}
	}
	writeJSON(w, resp)
}

func (s *Server) known(ch string) bool {
	if ch == "" {
		return false
	}
	return len(s.opts.Channels) == 0 || contains(s.opts.Channels, ch) || contains(s.opts.NotInChannel, ch)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// webhook implements incoming webhooks: 200 "ok", 404 "no_service" for an
// unknown URL, 400 "invalid_payload" for bad JSON.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.takeFault(); ok && fault(w, r, f) {
		return
	}
	s.mu.Lock()
	ch, ok := s.hooks[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "no_service", http.StatusNotFound)
		return
	}
	var body struct {
		Text     string          `json:"text"`
		Blocks   json.RawMessage `json:"blocks"`
		ThreadTS string          `json:"thread_ts"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || (body.Text == "" && len(body.Blocks) == 0) {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	if string(body.Blocks) == "null" {
		body.Blocks = nil
	}
	s.accept(r, Message{Channel: ch, Text: body.Text, Blocks: body.Blocks, ThreadTS: body.ThreadTS, Webhook: r.URL.Path})
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, "ok")
}
