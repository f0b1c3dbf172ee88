package fetch

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// TestFetchErrorNamesURLOnce: the error of a failed fetch and each retry
// log line name the URL once (serve's log showed the query URL twice).
func TestFetchErrorNamesURLOnce(t *testing.T) {
	// robots.txt answers; the document URL's connection is then cut.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	var logs bytes.Buffer
	f, err := New(Config{Rate: -1, MinBackoff: time.Millisecond, MaxAttempts: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/v1/documents.json"
	u := srv.URL + path + "?conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau&per_page=1000"
	_, err = f.Get(context.Background(), u, doc.Validator{})
	if err == nil {
		t.Fatal("fetch over a cut connection succeeded")
	}
	if n := strings.Count(err.Error(), path); n != 1 {
		t.Errorf("error names the URL %d times, want once: %v", n, err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	retries := 0
	for _, l := range lines {
		if !strings.Contains(l, "fetch retry") {
			continue
		}
		retries++
		if n := strings.Count(l, path); n != 1 {
			t.Errorf("retry log line names the URL %d times, want once: %s", n, l)
		}
	}
	if retries == 0 {
		t.Errorf("no retry logged: %s", logs.String())
	}
}
