package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRun(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok\n")
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	for name, tc := range map[string]struct {
		args []string
		want int
	}{
		"healthy":         {[]string{srv.URL + "/healthz"}, 0},
		"unhealthy 503":   {[]string{srv.URL + "/readyz"}, 1},
		"nothing listens": {[]string{"-timeout", "1s", closed.URL + "/healthz"}, 1},
		"bad flag":        {[]string{"-nope"}, 2},
	} {
		t.Run(name, func(t *testing.T) {
			if got := run(tc.args, io.Discard); got != tc.want {
				t.Errorf("run(%q) = %d, want %d", tc.args, got, tc.want)
			}
		})
	}
}
