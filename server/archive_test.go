package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/screening"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
	"github.com/prometheus/client_golang/prometheus"
)

// The real store and index satisfy the server's consumer-side interfaces.
var (
	_ Store = (*store.Store)(nil)
	_ Index = (*index.Index)(nil)
)

const testToken = "t0ken-for-tests"

// matchAll sends every event to every subscription.
type matchAll struct{}

func (matchAll) Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64 {
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i] = s.ID
	}
	return ids
}

func ptr[T any](v T) *T { return &v }

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	evidenceEntity   = "The ERC determined that Inspur Group Co., Ltd. supports the modernization of the People's Liberation Army."
	evidenceTier     = "Austria is moved from Tier 1 to Tier 2 and is subject to a quota of total processing performance."
	evidenceTableRow = "China, People's Republic of | Inspur Group Co., Ltd. | For all items subject to the EAR | Presumption of denial | 90 FR 4544"
	evidenceQuota    = "The consignee limit of License Exception LPP is raised to 26.9 million TPP per year."
	scriptTitle      = `Notice <script>alert("x")</script> on advanced computing`
)

// archiveDocs is a small archive: an Entity List rule (China), a tier rule
// (Austria) that gets a second version, a press item with a hostile title,
// and an unrelated notice.
func archiveDocs() []struct {
	d doc.Document
	c doc.Classification
} {
	return []struct {
		d doc.Document
		c doc.Classification
	}{
		{
			d: doc.Document{
				ID: "fr:2025-00636", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
				Title:    "Additions to the Entity List",
				Abstract: "BIS amends the Export Administration Regulations by adding 25 entities under the destination of China.",
				Body: "SUPPLEMENTARY INFORMATION:\n\nBackground\n\n" + evidenceEntity +
					"\n\nThis rule imposes license requirements on advanced computing items.\n\nSee 15 CFR 744.\n\n" +
					// a GPOTABLE as the Federal Register parser writes it
					"Country | Entity | License requirement | License review policy | Federal Register citation\n" + evidenceTableRow,
				URL:      "https://www.federalregister.gov/documents/2025/01/16/2025-00636/additions-to-the-entity-list",
				PDFURL:   "https://www.govinfo.gov/content/pkg/FR-2025-01-16/pdf/2025-00636.pdf",
				Language: "en", Published: day("2025-01-16"), DocumentNumber: "2025-00636", Citation: "90 FR 4544",
				Action: "Final rule.", Agencies: []string{"industry-and-security-bureau"}, CFRParts: []string{"15 CFR 744"},
				Regtext: []doc.Regtext{{Part: "744", Title: "15", Tables: []doc.Table{{
					Columns: []string{"Country", "Entity", "License requirement", "License review policy", "Federal Register citation"},
					Rows:    [][]string{strings.Split(evidenceTableRow, " | ")},
				}}}},
			},
			c: doc.Classification{
				Labels: []string{doc.LabelEntityAddition}, Scores: map[string]float64{doc.LabelEntityAddition: 0.93},
				Countries: []string{"CN"}, Mentions: []string{"CN", "US"},
				Entities: []doc.Entity{
					{Action: doc.ActionAdd, Name: "Inspur Group Co., Ltd.", Country: "CN", Aliases: []string{"Inspur"}, LicenseRequirement: "For all items subject to the EAR", ReviewPolicy: "Presumption of denial", Citation: "90 FR 4544"},
					{Action: doc.ActionAdd, Name: "Sophgo Technologies", Country: "CN"},
				},
				// The classifier cites the same sentence twice and a table row.
				Evidence: []doc.Evidence{
					{Label: doc.LabelEntityAddition, Text: evidenceEntity},
					{Label: doc.LabelEntityAddition, Text: evidenceEntity},
					{Label: doc.LabelEntityAddition, Text: evidenceTableRow},
				},
			},
		},
		{
			d: doc.Document{
				ID: "fr:2025-00711", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
				Title:    "Framework for Artificial Intelligence Diffusion",
				Abstract: "This interim final rule revises license requirements for advanced computing items and model weights.",
				Body:     "Background\n\n" + evidenceTier + "\n\nTaiwan remains in Tier 1.",
				URL:      "https://www.federalregister.gov/d/2025-00711", Language: "en", Published: day("2025-01-15"),
				DocumentNumber: "2025-00711", Citation: "90 FR 4544", Agencies: []string{"industry-and-security-bureau"},
			},
			c: doc.Classification{
				Labels: []string{doc.LabelTierChange, doc.LabelQuotaChange}, Countries: []string{"AT"}, Mentions: []string{"AT", "TW"},
				Evidence: []doc.Evidence{{Label: doc.LabelTierChange, Text: evidenceTier}},
			},
		},
		{
			d: doc.Document{
				ID: "china-table:3f2a", Source: "china-table", Kind: "press",
				Title: scriptTitle, Body: "Chip makers in China react to <b>new</b> rules on advanced computing.",
				URL: "https://table.media/china/x", Language: "en", Published: day("2024-12-02"),
			},
			c: doc.Classification{Labels: []string{doc.LabelOtherExportControl}, Countries: []string{"CN"}, Mentions: []string{"CN"}},
		},
		{
			// On public inspection, worldwide (no country named, two named in
			// passing): in every country's feed, marked.
			d: doc.Document{
				ID: "fr:2025-09999", Source: "federal-register", Kind: "rule", Stage: doc.StagePublicInspection,
				Title:    "Revision of License Exception LPP Thresholds",
				Abstract: "BIS revises the total processing performance thresholds of License Exception LPP.",
				Body:     "[Federal Register Volume 90, Number 9]\n[Rules and Regulations]\n\n" + evidenceQuota + "\n\nExporters to the United Arab Emirates and Saudi Arabia have asked for guidance.\n\nBILLING CODE 3510-33-P",
				URL:      "https://www.federalregister.gov/public-inspection/2025-09999", Language: "en",
				Published: time.Date(2025, 1, 17, 8, 45, 0, 0, time.UTC), ToBePublished: ptr(day("2025-01-21")),
				DocumentNumber: "2025-09999", Agencies: []string{"industry-and-security-bureau"},
			},
			c: doc.Classification{
				Labels: []string{doc.LabelQuotaChange}, Countries: []string{}, Mentions: []string{"AE", "SA"},
				Evidence: []doc.Evidence{{Label: doc.LabelQuotaChange, Text: evidenceQuota}},
			},
		},
		{
			d: doc.Document{
				ID: "fr:2024-11111", Source: "federal-register", Kind: "notice", Stage: doc.StagePublished,
				Title: "Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
				Body:  "The committee will meet in Washington.", URL: "https://www.federalregister.gov/d/2024-11111",
				Language: "en", Published: day("2024-06-01"),
			},
			c: doc.Classification{},
		},
	}
}

type archive struct {
	st  *store.Store
	ix  *index.Index
	srv *Server
	sub doc.Subscription
	reg *prometheus.Registry
}

// newArchive opens a real store and index in t.TempDir(), fills them with
// archiveDocs (one of them in two versions) and builds a Server on them.
func newArchive(t testing.TB, cfg Config) *archive {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetTextSource(pipeline.StoreTexts{Store: st}) // as the app wires it: snippet bodies from the store

	sub, err := st.CreateSubscription(ctx, doc.Subscription{
		Name: "China desk", Countries: []string{"CN"}, Channel: doc.ChannelWebhook,
		URL: "https://hooks.example.org/secret-path", Secret: "hmac-key", Mode: doc.ModeInstant,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dc := range archiveDocs() {
		if _, err := st.SaveVersion(ctx, dc.d, dc.c, matchAll{}); err != nil {
			t.Fatalf("save %s: %v", dc.d.ID, err)
		}
	}
	// A second version of the tier rule: a diff and an "updated" event.
	d2 := archiveDocs()[1]
	d2.d.Body += "\n\nCorrection: Poland is also moved to Tier 2."
	if _, err := st.SaveVersion(ctx, d2.d, d2.c, matchAll{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordRun(ctx, "federal-register", day("2025-01-16"), 4, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordRun(ctx, "china-table", day("2025-01-16"), 0, io.ErrUnexpectedEOF); err != nil {
		t.Fatal(err)
	}
	indexPending(t, st, ix)

	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://exportwatch.test"
	}
	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"suppliers", "scratch"} {
		if _, err := st.ReplaceWatchlist(ctx, name, []store.WatchedParty{{Name: "Inspur Group", Reference: "SUP-1"}}); err != nil {
			t.Fatal(err)
		}
	}
	wls := screening.Watchlists{Store: st, Screener: screening.New(st, nil)}
	srv := New(cfg, Deps{Store: st, Index: ix, Metrics: m, Watchlists: wls}, slog.New(slog.DiscardHandler))
	return &archive{st: st, ix: ix, srv: srv, sub: sub, reg: reg}
}

// indexPending indexes what the store says is pending, as the pipeline does.
func indexPending(t testing.TB, st *store.Store, ix *index.Index) {
	t.Helper()
	ctx := context.Background()
	for {
		items, err := st.PendingIndex(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 {
			return
		}
		batch := make([]index.Item, len(items))
		for i, it := range items {
			batch[i] = index.Item{Document: it.Document, Classification: it.Classification, Version: it.Version}
		}
		if err := ix.Index(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if err := st.MarkIndexed(ctx, items); err != nil {
			t.Fatal(err)
		}
	}
}

// do serves one request and returns the response and its body.
func do(t testing.TB, h http.Handler, method, target string, body io.Reader, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func mustContain(t testing.TB, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}
