package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/procstat"
)

// hostileQueries are the red-team queries of issue 15.1.
func hostileQueries() map[string]string {
	var re, wc []string
	for i := 0; i < 100; i++ {
		re = append(re, fmt.Sprintf("/.*%c%c.*/", 'a'+i/26%26, 'a'+i%26))
	}
	for i := 0; i < 52; i++ {
		wc = append(wc, fmt.Sprintf("*%c%c*", 'a'+i/26, 'a'+i%26))
	}
	// The most a query may ask within the default budget: 4 regular
	// expressions, 8 infix wildcards and 52 common words (64 terms).
	words := strings.Fields("entity list export control administration regulations bureau industry security " +
		"commerce department china technology semiconductor computing advanced items license requirement rule " +
		"federal register final interim public comment effective date section part supplement addition removal " +
		"revision country tier quota foreign direct product military end user destination restriction policy " +
		"review national interest person address alias")
	worst := "/.*a.*/ /.*e.*/ /.*i.*/ /.*o.*/ *a* *e* *i* *o* *u* *n* *r* *s* " + strings.Join(words[:52], " ")
	return map[string]string{
		"budget_worst": worst,
		"entity17000":  strings.Repeat("entity ", 17000),
		"regex100":     strings.Join(re, " "),
		"wildcard52":   strings.Join(wc, " "),
		"typical":      `"entity list" country:CN`,
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// corpusIndex indexes the fake Federal Register corpus (published and
// public-inspection documents) into a new index under dir.
func corpusIndex(tb testing.TB, dir string) *index.Index {
	tb.Helper()
	c, err := fakefr.DefaultCorpus()
	if err != nil {
		tb.Fatal(err)
	}
	var items []index.Item
	for _, d := range c.Documents {
		body := d.RawText
		if body == "" {
			body = tagRE.ReplaceAllString(d.FullTextXML, " ")
		}
		pub, _ := time.Parse(time.DateOnly, d.PublicationDate)
		items = append(items, index.Item{Version: 1, Document: doc.Document{
			ID: "fr:" + d.DocumentNumber, Source: "federal-register", Kind: "rule", Stage: "published",
			Title: d.Title, Abstract: d.Abstract, Body: body, Language: "en", Published: pub,
		}})
	}
	for _, d := range c.PublicInspection {
		items = append(items, index.Item{Version: 1, Document: doc.Document{
			ID: "fr:" + d.DocumentNumber, Source: "federal-register", Kind: "notice", Stage: "public_inspection",
			Title: d.Title, Body: d.RawText, Language: "en", Published: d.FiledAt,
		}})
	}
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	if err := ix.Index(context.Background(), items); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// BenchmarkHostileSearch sends each hostile query of issue 15.1 to
// /api/v1/search on a 117-document index and reports its time, status and
// the process's peak RSS. Run one query per process for a meaningful peak:
//
//	go test ./server -run '^$' -bench 'HostileSearch/entity17000$' -benchtime 1x
func BenchmarkHostileSearch(b *testing.B) {
	ix := corpusIndex(b, b.TempDir())
	defer ix.Close()
	if n, _ := ix.Count(); n != 117 {
		b.Logf("index holds %d documents", n)
	}
	h := New(Config{}, Deps{Index: ix}, nil).Handler()
	for name, q := range hostileQueries() {
		b.Run(name, func(b *testing.B) {
			code := 0
			for i := 0; b.Loop(); i++ {
				// A distinct query each time: no result cache.
				req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q="+url.QueryEscape(q)+"&limit="+strconv.Itoa(1+i%100), nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				code = rec.Code
			}
			b.ReportMetric(float64(code), "status")
			b.ReportMetric(float64(procstat.OwnPeakRSS())/(1<<20), "peak-RSS-MB")
		})
	}
	// Four clients at once with the heaviest query.
	b.Run("entity17000x4", func(b *testing.B) {
		q := hostileQueries()["entity17000"]
		for i := 0; b.Loop(); i++ {
			done := make(chan int, 4)
			for j := range 4 {
				go func() {
					req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q="+url.QueryEscape(q)+"&limit="+strconv.Itoa(1+(4*i+j)%100), nil)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					done <- rec.Code
				}()
			}
			for range 4 {
				<-done
			}
		}
		b.ReportMetric(float64(procstat.OwnPeakRSS())/(1<<20), "peak-RSS-MB")
	})
}
