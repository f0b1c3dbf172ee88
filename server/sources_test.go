package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/store"
)

// TestSourcesCountDocuments checks that /sources and /api/v1/sources count
// the archive's documents (each once), not the fetches of the last run,
// and list configured sources that have not run yet.
func TestSourcesCountDocuments(t *testing.T) {
	a := newArchive(t, Config{Sources: []SourceInfo{
		{Name: "federal-register", Type: "federalregister"},
		{Name: "bis-press", Type: "html"},
	}})
	ctx := context.Background()
	// The last run fetched 121 documents (re-reads and versions included).
	if _, err := a.st.RecordRun(ctx, "federal-register", time.Now(), 121, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	if err := a.st.Documents(ctx, time.Time{}, func(sd store.StoredDocument) error {
		want[sd.Source]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want["federal-register"] != 4 {
		t.Fatalf("archive holds %d federal-register documents, want 4", want["federal-register"])
	}

	_, body := do(t, a.srv.Handler(), "GET", "/api/v1/sources", nil)
	var got struct {
		Sources []struct {
			Source    string `json:"source"`
			Status    string `json:"status"`
			Type      string `json:"type"`
			Documents int    `json:"documents"`
		} `json:"sources"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Source, Status string
		Documents      int
	}
	var rows []row
	for _, s := range got.Sources {
		rows = append(rows, row{s.Source, s.Status, s.Documents})
	}
	wantRows := []row{
		{"federal-register", "ok", want["federal-register"]},
		{"bis-press", "never", 0}, // configured, not run yet
		{"china-table", "failing", want["china-table"]},
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("sources %+v, want %+v", rows, wantRows)
	}
	for i := range rows {
		if rows[i] != wantRows[i] {
			t.Errorf("source %d: %+v, want %+v", i, rows[i], wantRows[i])
		}
	}

	_, page := do(t, a.srv.Handler(), "GET", "/sources", nil)
	mustContain(t, "/sources", page, "bis-press", "not run yet", `<td class="num">4</td>`, `class="error-text"`)
	if strings.Contains(page, `<td class="num">121</td>`) {
		t.Errorf("/sources shows the fetch count 121 as documents")
	}
}

// TestHomePageSourceHealth checks the banner that says sources are failing.
func TestHomePageSourceHealth(t *testing.T) {
	a := newArchive(t, Config{})
	_, body := do(t, a.srv.Handler(), "GET", "/", nil)
	mustContain(t, "home", body, `class="health-banner"`, "1 of 2 sources are failing", "china-table", "unexpected EOF", `href="/sources"`)

	// All sources fail and nothing was fetched: say so, not "try fewer words".
	ctx := context.Background()
	st := a.st
	if _, err := st.RecordRun(ctx, "federal-register", time.Now(), 0, context.DeadlineExceeded); err != nil {
		t.Fatal(err)
	}
	_, body = do(t, a.srv.Handler(), "GET", "/?q=nothingmatchesthis", nil)
	mustContain(t, "search", body, "2 of 2 sources are failing", "context deadline exceeded")
}
