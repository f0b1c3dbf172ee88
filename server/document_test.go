package server

import (
	"regexp"
	"strings"
	"testing"
)

var evidenceSection = regexp.MustCompile(`(?s)<section class="evidence-list".*?</section>`)

// TestDocumentPageReadsRight: evidence once, table rows as rows,
// public-inspection wording, and the bare FR number redirects.
func TestDocumentPageReadsRight(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()

	_, body := do(t, h, "GET", "/documents/fr:2025-00636", nil)
	sec := evidenceSection.FindString(body)
	if sec == "" {
		t.Fatal("no evidence section")
	}
	if n := strings.Count(sec, "supports the modernization of the People&#39;s Liberation Army"); n != 1 {
		t.Errorf("evidence sentence shown %d times in Why it matters, want 1", n)
	}
	if strings.Contains(sec, " | ") {
		t.Errorf("table-row evidence shown as cells joined by ' | '")
	}
	mustContain(t, "row evidence", sec, `<th>License review policy</th>`, `<td><mark class="evidence">Inspur Group Co., Ltd.</mark></td>`,
		`<td><mark class="evidence">Presumption of denial</mark></td>`)
	mustContain(t, "agency name", body, `>Bureau of Industry and Security</li>`)

	_, body = do(t, h, "GET", "/documents/fr:2025-09999", nil)
	mustContain(t, "public inspection", body,
		"On public inspection since 17 Jan 2025 08:45 UTC, to be published in the Federal Register on 21 Jan 2025.",
		"<dt>To be published</dt>", `class="badge worldwide"`)
	if strings.Contains(body, "<dt>Published</dt>") {
		t.Errorf("a public-inspection document says Published")
	}

	res, _ := do(t, h, "GET", "/documents/2025-00636", nil)
	if res.StatusCode != 301 || res.Header.Get("Location") != "/documents/fr:2025-00636" {
		t.Errorf("/documents/2025-00636: %d to %q, want 301 to /documents/fr:2025-00636", res.StatusCode, res.Header.Get("Location"))
	}
}
