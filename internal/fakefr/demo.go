package fakefr

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/exportwatch/exportwatch/internal/fakepress"
)

// DemoRevised is the document whose text the demo fake corrects from its
// second fetch on (see DemoHandler).
const DemoRevised = "2026-19927"

// demoCorrection is appended to DemoRevised's text from the second fetch on.
const demoCorrection = "\n\nCORRECTION (HAND-MADE BY THE EXPORTWATCH OFFLINE DEMO, NOT IN THE FEDERAL REGISTER): " +
	"In the order renewing the temporary denial order, the renewal period is corrected to read \"one year\" " +
	"and the address of URAL Airlines JSC to read \"Utrenniy Lane 1-g, Yekaterinburg, Russia 620025\".\n"

// DemoCorpus is DefaultCorpus with the full text of FR Doc. 2025-00636
// replaced by the hand-made demo text of testdata/demo/2025-00636.xml (a
// tier change readers can see), and its abstract marked hand-made. See
// testdata/demo/README.md for what is real and what is not.
func DemoCorpus() (Corpus, error) {
	c, err := DefaultCorpus()
	if err != nil {
		return c, err
	}
	xml, err := TestdataFile("demo/2025-00636.xml")
	if err != nil {
		return c, err
	}
	for i, d := range c.Documents {
		if d.DocumentNumber == "2025-00636" {
			d.FullTextXML = string(xml)
			d.NoFullTextXML = false
			d.RawText = ""
			d.Abstract = "Hand-made demo summary, not the Federal Register abstract: BIS establishes a framework for the diffusion of advanced artificial intelligence, placing destinations in three tiers with quotas of total processing performance for Tier 2."
			c.Documents[i] = d
		}
	}
	return c, nil
}

// DemoHandler wraps the fake's handler for the offline demo: it serves a
// German China.Table-like listing at /china/ whose one article carries a
// real excerpt (use the china-table-de preset with base_url pointing here),
// and appends a hand-made correction to DemoRevised's text from its second
// fetch on, so a second crawl stores a new version with a diff.
func DemoHandler(next http.Handler) http.Handler {
	var (
		mu      sync.Mutex
		fetched = map[string]int{}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch p {
		case "/china/", "/china":
			demoPage(w, r, "demo/china-listing.de.html")
			return
		case fakepress.ArticleFree:
			b, err := fakepress.SiteFile("china/analyse/ki-wie-die-usa-chinas-fortschritt-bremsen-wollen.html")
			writeDemoPage(w, r, b, err)
			return
		}
		if !strings.HasPrefix(p, "/documents/full_text/") || !strings.Contains(p, "/"+DemoRevised+".") {
			next.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		fetched[p]++
		n := fetched[p]
		mu.Unlock()
		if n == 1 {
			next.ServeHTTP(w, r)
			return
		}
		// Later fetches: the same text, corrected, never a 304.
		r2 := r.Clone(r.Context())
		r2.Header.Del("If-None-Match")
		r2.Header.Del("If-Modified-Since")
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r2)
		body := rec.Body.Bytes()
		if rec.Code == http.StatusOK {
			if strings.HasSuffix(p, ".xml") {
				body = bytes.Replace(body, []byte("</FRDOC>"), []byte("</FRDOC>\n<P>"+strings.TrimSpace(demoCorrection)+"</P>"), 1)
			} else {
				body = append(body, demoCorrection...)
			}
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" && k != "Etag" && k != "Last-Modified" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// demoPage serves an embedded demo HTML page with {{BASE}} set to the
// request's origin.
func demoPage(w http.ResponseWriter, r *http.Request, name string) {
	b, err := TestdataFile(name)
	writeDemoPage(w, r, b, err)
}

// writeDemoPage writes page b (or err) with {{BASE}} set to the request's
// origin.
func writeDemoPage(w http.ResponseWriter, r *http.Request, b []byte, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	base := "http://" + r.Host
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(base)))
}
