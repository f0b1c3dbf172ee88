package fakepress

import (
	"io"
	"net/http"
	"testing"
)

func TestServer(t *testing.T) {
	s := New()
	defer s.Close()
	for name, tc := range map[string]struct {
		path       string
		header     map[string]string
		wantStatus int
	}{
		"robots":            {path: Robots, wantStatus: 200},
		"listing page 2":    {path: ChinaDEPage2, wantStatus: 200},
		"article":           {path: ArticleFree, wantStatus: 200},
		"not found":         {path: "/nope", wantStatus: 404},
		"server error":      {path: ArticleServerError, wantStatus: 500},
		"redirect followed": {path: ArticleMoved, wantStatus: 200},
		"etag 304": {path: ArticleFree, header: map[string]string{
			"If-None-Match": etagOf(t, s, ArticleFree)}, wantStatus: 304},
		"last-modified 304": {path: ArticleFree, header: map[string]string{
			"If-Modified-Since": "Wed, 14 May 2025 06:00:00 GMT"}, wantStatus: 304},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", s.URL+tc.path, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.wantStatus)
			}
		})
	}
	if s.Count(ArticleMovedTo) != 1 {
		t.Errorf("redirect target requested %d times, want 1", s.Count(ArticleMovedTo))
	}
}

func TestEditChangesETag(t *testing.T) {
	s := New()
	defer s.Close()
	before := etagOf(t, s, ArticleTracked)
	if err := s.Edit(ArticleTracked, "am Dienstag", "am Mittwoch"); err != nil {
		t.Fatal(err)
	}
	if after := etagOf(t, s, ArticleTracked); after == before {
		t.Errorf("ETag unchanged after edit: %s", after)
	}
	if err := s.Edit(ArticleTracked, "not there", "x"); err == nil {
		t.Error("Edit of missing text: no error")
	}
}

func etagOf(t *testing.T, s *Server, path string) string {
	t.Helper()
	resp, err := s.Client().Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("ETag")
}
