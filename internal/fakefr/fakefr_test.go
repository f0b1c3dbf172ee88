package fakefr

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, u string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func newDefault(t *testing.T, opts ...Option) *Server {
	t.Helper()
	c, err := DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	s := New(c, opts...)
	t.Cleanup(s.Close)
	return s
}

type envelope struct {
	Description string           `json:"description"`
	Count       int              `json:"count"`
	TotalPages  int              `json:"total_pages"`
	NextPageURL string           `json:"next_page_url"`
	Results     []map[string]any `json:"results"`
}

func search(t *testing.T, s *Server, q string) envelope {
	t.Helper()
	code, _, body := get(t, s.APIURL()+"/documents.json?"+q)
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	var e envelope
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return e
}

const bis = "conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau"

func TestDefaultCorpus(t *testing.T) {
	c, err := DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range c.Documents {
		for _, a := range d.Agencies {
			if a == "industry-and-security-bureau" {
				n++
			}
		}
	}
	if n < 104+4+3 {
		t.Errorf("BIS documents = %d, want at least 111", n)
	}
	if _, ok := c.Document("C1-2026-16628"); !ok {
		t.Error("correction C1-2026-16628 missing")
	}
	if len(c.PublicInspection) != 4 {
		t.Errorf("public inspection = %d, want 4", len(c.PublicInspection))
	}
}

func TestQuirks(t *testing.T) {
	s := newDefault(t)
	for name, tc := range map[string]struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		"unknown agency":  {"/api/v1/documents.json?conditions%5Bagencies%5D%5B%5D=no-such-agency", 400, `{"errors":{"agencies":"invalid value"}}`},
		"bad cursor":      {"/api/v1/documents?format=json&order=oldest&search_after_cursor=invalid", 400, `{"status":400,"message":"Invalid search_after_cursor token"}`},
		"unknown field":   {"/api/v1/documents.json?fields%5B%5D=document_number&fields%5B%5D=nonexistent_example", 400, `{"status":400,"message":"field 'nonexistent_example' not valid"}`},
		"unknown cond":    {"/api/v1/documents.json?conditions%5Bbogus%5D=1", 400, `{"errors":{"bogus":"is not a valid field"}}`},
		"zero hits":       {"/api/v1/documents.json?conditions%5Bterm%5D=codexNoMatchingDocument987654321", 200, `{"description":"Documents matching 'codexNoMatchingDocument987654321'","count":0}`},
		"not found":       {"/api/v1/documents/9999-99999.json", 404, `{"status":404,"message":"Record Not Found"}`},
		"method":          {"", 0, ""},
		"pi empty issue":  {"/api/v1/public-inspection-documents.json?conditions%5Bavailable_on%5D=2024-12-29", 200, `{"count":0,"results":[]}`},
		"agency missing":  {"/api/v1/agencies/nope.json", 404, `{"error":404}`},
		"robots":          {"/robots.txt", 200, DefaultRobotsTxt},
		"xml wrong date":  {"/documents/full_text/xml/2020/01/01/2025-90001.xml", 404, ""},
		"xml null url":    {"/documents/full_text/xml/2026/09/30/2026-20058.xml", 404, ""},
		"text of no-xml":  {"/documents/full_text/text/2026/09/30/2026-20058.txt", 200, ""},
		"real xml served": {"/documents/full_text/xml/2026/09/22/2026-19417.xml", 200, ""},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.path == "" {
				resp, err := http.Post(s.APIURL()+"/documents.json", "text/plain", nil)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 405 {
					t.Errorf("POST status %d, want 405", resp.StatusCode)
				}
				return
			}
			code, _, body := get(t, s.URL+tc.path)
			if code != tc.wantStatus {
				t.Errorf("status %d, want %d (%s)", code, tc.wantStatus, body)
			}
			if tc.wantBody != "" && body != tc.wantBody {
				t.Errorf("body\n got %s\nwant %s", body, tc.wantBody)
			}
		})
	}
}

func TestPerPageAndCaps(t *testing.T) {
	s := newDefault(t)
	if e := search(t, s, bis+"&per_page=1"); len(e.Results) != 20 {
		t.Errorf("per_page=1 gave %d results, want 20", len(e.Results))
	}
	if e := search(t, s, bis+"&per_page=5000"); len(e.Results) != 20 {
		t.Errorf("per_page=5000 gave %d results, want 20", len(e.Results))
	}
	e := search(t, s, bis+"&per_page=2&order=oldest")
	if e.TotalPages != 50 || e.Count < 104 {
		t.Errorf("count %d total_pages %d, want >=104 and 50", e.Count, e.TotalPages)
	}
	parent := search(t, s, "conditions%5Bagencies%5D%5B%5D=commerce-department&per_page=2")
	if parent.Count < e.Count {
		t.Errorf("commerce-department count %d < BIS count %d: parent must include sub-agency", parent.Count, e.Count)
	}
	// The next link: /api/v1/documents (no .json), format=json, cursor of the last row.
	u, err := url.Parse(e.NextPageURL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/api/v1/documents" || u.Query().Get("format") != "json" || u.Query().Get("page") != "2" {
		t.Errorf("next_page_url %s", e.NextPageURL)
	}
	raw, err := base64.RawURLEncoding.DecodeString(u.Query().Get("search_after_cursor"))
	if err != nil {
		t.Fatal(err)
	}
	last := e.Results[1]
	pub, _ := time.Parse(time.DateOnly, last["publication_date"].(string))
	want := `[` + itoa(pub.UnixMilli()) + `,"` + last["document_number"].(string) + `"]`
	if string(raw) != want {
		t.Errorf("cursor %s, want %s", raw, want)
	}
	// Default fields, in the real order.
	keys := []string{}
	for _, f := range defaultSearchFields() {
		if _, ok := e.Results[0][f]; ok {
			keys = append(keys, f)
		}
	}
	if len(keys) != len(defaultSearchFields()) {
		t.Errorf("default fields %v, want %v", keys, defaultSearchFields())
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestCountClamp(t *testing.T) {
	s := New(SyntheticCorpus(10050, 1000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	defer s.Close()
	e := search(t, s, bis+"&per_page=1000&order=oldest&fields%5B%5D=document_number")
	if e.Count != 10000 || e.TotalPages != 10 {
		t.Errorf("count %d total_pages %d, want 10000 and 10", e.Count, e.TotalPages)
	}
}

func TestFaultsAndLog(t *testing.T) {
	s := newDefault(t)
	s.Throttle(1, "1")
	s.Inject(Fault{Status: 500, PathPrefix: "/api/v1/documents"})
	s.Inject(Fault{Malformed: true, PathPrefix: "/api/v1/documents"})
	code, h, _ := get(t, s.APIURL()+"/documents.json")
	if code != 429 || h.Get("Retry-After") != "1" {
		t.Errorf("first: %d Retry-After %q, want 429 1", code, h.Get("Retry-After"))
	}
	if code, _, _ := get(t, s.APIURL()+"/documents.json"); code != 500 {
		t.Errorf("second: %d, want 500", code)
	}
	code, _, body := get(t, s.APIURL()+"/documents.json")
	if code != 200 || json.Valid([]byte(body)) {
		t.Errorf("third: %d valid=%v, want 200 with malformed JSON", code, json.Valid([]byte(body)))
	}
	if code, _, _ := get(t, s.APIURL()+"/documents.json"); code != 200 {
		t.Errorf("fourth: %d, want 200", code)
	}
	reqs := s.Requests()
	if len(reqs) != 4 || reqs[0].Status != 429 || reqs[3].Status != 200 || reqs[0].Path != "/api/v1/documents.json" {
		t.Errorf("request log %+v", reqs)
	}
}

func TestMutations(t *testing.T) {
	s := newDefault(t)
	if !s.SetAbstract("2025-90001", "changed") {
		t.Fatal("SetAbstract: not found")
	}
	code, _, body := get(t, s.APIURL()+"/documents/2025-90001.json?fields%5B%5D=abstract")
	if code != 200 || body != `{"abstract":"changed"}` {
		t.Errorf("got %d %s", code, body)
	}
	s.AddPublicInspection(PublicInspectionDocument{DocumentNumber: "2026-90009", Title: "New ", Type: "Rule",
		Agencies: []string{"industry-and-security-bureau"}, FiledAt: time.Now(), FilingType: "regular", PublicationDate: "2026-10-01"})
	_, _, body = get(t, s.APIURL()+"/public-inspection-documents/current.json")
	if !strings.Contains(body, `"document_number":"2026-90009"`) || !strings.Contains(body, `"count":5`) {
		t.Errorf("current.json lacks the new entry: %.300s", body)
	}
}
