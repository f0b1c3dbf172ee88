package federalregister

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/fetch"
	"github.com/exportwatch/exportwatch/internal/fakefr"
)

// fuzzSeed reads a seed file: "fakefr:NAME" from the fake's embedded
// testdata, else a path under this package.
func fuzzSeed(f *testing.F, name string) []byte {
	f.Helper()
	var b []byte
	var err error
	if n, ok := strings.CutPrefix(name, "fakefr:"); ok {
		b, err = fakefr.TestdataFile(n)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzFullTextXML: (seeded from the real fixtures, stricter than FuzzParseFullText) any bytes give text and regtext or an error wrapping
// crawler.ErrMalformed; never a panic, and the text is clean (no
// pretty-print markers, no runs of spaces inside a paragraph).
func FuzzFullTextXML(f *testing.F) {
	for _, name := range []string{
		"testdata/current-content.xml",
		"testdata/fr-2016-08773-rule-with-gpotable.xml",
		"fakefr:xml/2025-90001.xml",
		"fakefr:xml/2025-90002.xml",
		"fakefr:xml/2026-19417.xml",
	} {
		f.Add(fuzzSeed(f, name))
	}
	f.Add([]byte(`<RULE><REGTEXT PART="744" TITLE="15"><AMDPAR>1. Add</AMDPAR><GPOTABLE><BOXHD><CHED H="1">A</CHED><CHED H="2">b</CHED></BOXHD><ROW><ENT>x</ENT><ENT/></ROW></GPOTABLE></REGTEXT></RULE>`))
	f.Add([]byte(`<P>a <E T="52">2</E> (<FTREF/> b ) .</P>`))
	f.Add([]byte(`<P>&mdash;&nbsp;&amp;</P>`))
	f.Add([]byte(`<P>unclosed`))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		text, reg, err := ParseFullText(data)
		if err != nil {
			if !errors.Is(err, crawler.ErrMalformed) {
				t.Fatalf("error %v does not wrap crawler.ErrMalformed", err)
			}
			if text != "" || reg != nil {
				t.Fatalf("error %v with output: %q %v", err, text, reg)
			}
			return
		}
		if strings.Contains(text, ws) {
			t.Errorf("text contains the internal whitespace marker: %q", text)
		}
		for _, para := range strings.Split(text, "\n\n") {
			if strings.Contains(para, "  ") {
				t.Errorf("paragraph with a run of spaces: %q", para)
			}
		}
	})
}

// frRoundTripper answers every request in process (no sockets, and no
// request can leave the machine whatever URL the fuzzed JSON names):
// documents.json gets the fuzzed body, current.json an empty issue, full
// text XML and raw text fixed fixtures, everything else 404.
type frRoundTripper struct {
	page, xml []byte
}

func (rt frRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	switch p := r.URL.Path; {
	case strings.HasSuffix(p, "/documents.json"):
		w.Header().Set("Content-Type", "application/json")
		w.Write(rt.page)
	case strings.HasSuffix(p, "/public-inspection-documents/current.json"):
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"count":0,"results":[]}`))
	case strings.HasSuffix(p, ".xml"):
		w.Header().Set("Content-Type", "application/xml")
		w.Write(rt.xml)
	case strings.HasSuffix(p, ".txt"):
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("RULES\r\nraw text of the document\r\n"))
	default:
		http.NotFound(w, r)
	}
	res := w.Result()
	res.Request = r
	return res, nil
}

// fuzzSink checks each page as it arrives.
type fuzzSink struct {
	mu    sync.Mutex
	t     *testing.T
	pages int
}

func (s *fuzzSink) Page(_ context.Context, p crawler.Page) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages++
	for _, d := range p.Documents {
		if !strings.HasPrefix(d.ID, "fr:") || d.ID == "fr:" || d.DocumentNumber == "" {
			s.t.Errorf("document with bad id %q (number %q)", d.ID, d.DocumentNumber)
		}
		if d.Published.IsZero() || d.Published.Location() != time.UTC {
			s.t.Errorf("%s: published %v, want a UTC date", d.ID, d.Published)
		}
	}
	for _, fl := range p.Failed {
		if fl.Err == nil {
			s.t.Errorf("failure for %q without an error", fl.URL)
		}
	}
	if p.Cursor != "" {
		if _, err := ParseCursor(p.Cursor); err != nil {
			s.t.Errorf("page cursor %q does not parse: %v", p.Cursor, err)
		}
	}
	if s.pages > 200 {
		return errors.New("fuzz: too many pages")
	}
	return nil
}

// FuzzDocumentsPage runs a whole Crawl against a documents.json answer made
// of the fuzzed bytes (the same answer for every window and page): the
// source never panics or loops, fails malformed input with an error, and
// hands the sink only well-formed documents and parseable cursors.
func FuzzDocumentsPage(f *testing.F) {
	rows := fuzzSeed(f, "fakefr:documents-json-rows-2026.json")
	f.Add(rows)
	// The recorded rows with the envelope fields they lack.
	f.Add(append([]byte(`{"count":4,"total_pages":1,`), bytes.TrimPrefix(bytes.TrimSpace(rows), []byte("{"))...))
	f.Add(fuzzSeed(f, "fakefr:inspection-search.json"))
	f.Add([]byte(`{"description":"x","count":1,"total_pages":1,"results":[` + string(fuzzSeed(f, "fakefr:regulatory-document.json")) + `]}`))
	f.Add([]byte(`{"count":1,"results":[` + string(fuzzSeed(f, "fakefr:current-document.json")) + `]}`))
	f.Add([]byte(`{"count":2,"total_pages":2,"next_page_url":"https://www.federalregister.gov/api/v1/documents.json?page=2","results":[{"document_number":"2025-00636","publication_date":"2025-01-15","type":"Rule","title":"t","full_text_xml_url":"https://www.federalregister.gov/x.xml"},{"document_number":"C1-2025-00636","publication_date":"2025-01-16","correction_of":"https://www.federalregister.gov/api/v1/documents/2025-00636.json?x=1","raw_text_url":"https://www.federalregister.gov/r.txt"}]}`))
	f.Add([]byte(`{"count":10000,"results":[{"document_number":"2025-1","publication_date":"2025-01-01"}]}`))
	f.Add([]byte(`{"count":0}`))
	f.Add([]byte(`{"results":[]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"count":1,"results":[{"document_number":"","publication_date":"20250101","effective_on":"bad"}]}`))
	xml := fuzzSeed(f, "fakefr:xml/2025-90001.xml")

	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := New(Config{
			BaseURL:  "https://www.federalregister.gov/api/v1",
			Since:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			PerPage:  20,
			APIRate:  -1,
			TextRate: -1,
			Fetch: fetch.Config{
				MaxAttempts: 1,
				MinBackoff:  time.Millisecond,
				Timeout:     5 * time.Second,
				HTTPClient:  &http.Client{Transport: frRoundTripper{page: data, xml: xml}},
			},
		}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s := &fuzzSink{t: t}
		err = src.Crawl(ctx, "", s)
		if ctx.Err() != nil {
			t.Fatalf("crawl did not finish in 10s: %v", err)
		}
		if err != nil && s.pages == 0 && !errors.Is(err, crawler.ErrMalformed) {
			t.Logf("crawl error (not ErrMalformed): %v", err)
		}
	})
}
