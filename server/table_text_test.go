package server

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/doc"
)

// rowsOf returns the cells of every body row of the first table in html,
// tags inside cells removed.
func rowsOf(t *testing.T, html string) [][]string {
	t.Helper()
	i := strings.Index(html, "<tbody>")
	j := strings.Index(html, "</tbody>")
	if i < 0 || j < i {
		t.Fatalf("no table body in:\n%s", html)
	}
	tags := regexp.MustCompile(`<[^>]+>`)
	var rows [][]string
	for _, tr := range strings.Split(html[i:j], "</tr>") {
		if !strings.Contains(tr, "<td") {
			continue
		}
		var row []string
		for _, td := range strings.Split(tr, "</td>")[:strings.Count(tr, "</td>")] {
			row = append(row, strings.TrimSpace(tags.ReplaceAllString(td[strings.Index(td, "<td"):], "")))
		}
		rows = append(rows, row)
	}
	return rows
}

func parseXML(t *testing.T, path string) (string, []doc.Table) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, regtext, err := federalregister.ParseFullText(data)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return text, documentTables(regtext)
}

// A real GPOTABLE (PBGC rule 2016-08773, recorded from the Federal
// Register; see crawler/federalregister/testdata) reads as a table with its
// heading, not as cells joined by " | " in one paragraph.
func TestBodyTableFromRealFederalRegisterXML(t *testing.T) {
	text, tables := parseXML(t, "../crawler/federalregister/testdata/fr-2016-08773-rule-with-gpotable.xml")
	ev := []doc.Evidence{{Label: "other_export_control", Text: "271 | 5-1-16 | 6-1-16"}}
	spans, found := findEvidence(text, ev)
	if !found[0] {
		t.Fatalf("evidence not found in the text")
	}
	html := string(markedText(text, spans, tables))
	if strings.Contains(html, " | ") {
		t.Errorf("cells still joined by \" | \" somewhere:\n%s", html)
	}
	if n := strings.Count(html, `<table class="data doc-table">`); n != 2 {
		t.Errorf("%d tables, want the rule's 2", n)
	}
	if !strings.Contains(html, "<th>Rate set</th><th>For plans with a valuation date: On or after</th>") {
		t.Errorf("heading missing:\n%s", html)
	}
	rows := rowsOf(t, html)
	want := []string{"271", "5-1-16", "6-1-16", "1.00", "4.00", "4.00", "4.00", "7", "8"}
	if got := rows[len(rows)-1]; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("last row = %q, want %q", got, want)
	}
	// the row is in both tables; evidence across three cells is marked in
	// each of them
	if n := strings.Count(html, `<mark class="evidence" id="ev-0"`); n != 6 {
		t.Errorf("evidence marked in %d cells, want 2 x 3:\n%s", n, html)
	}
}

// The Entity List table of a hand-made rule in the real element
// vocabulary (internal/fakefr/testdata/xml/2025-90001.xml): a row that
// names only an alias keeps it under "Entity", its empty Country cell in
// place, which cells joined by " | " lose.
func TestBodyTableKeepsColumns(t *testing.T) {
	text, tables := parseXML(t, "../internal/fakefr/testdata/xml/2025-90001.xml")
	html := string(markedText(text, nil, tables))
	rows := rowsOf(t, html)
	byFirst := map[string][]string{}
	for _, r := range rows {
		if len(r) > 1 {
			byFirst[r[1]] = r
		}
	}
	for _, tc := range []struct {
		entity string
		want   []string
	}{
		{"—ECT Shenzhen; and", []string{"", "—ECT Shenzhen; and", "", "", ""}},
		{"Placeholder Trading Ltd., 10F, No. 1, Example Road, Xinyi District, Taipei City 110, Taiwan.",
			[]string{"", "Placeholder Trading Ltd., 10F, No. 1, Example Road, Xinyi District, Taipei City 110, Taiwan.",
				"For all items subject to the EAR. (See § 744.11 of the EAR).", "Case-by-case review.", "90 FR [INSERT FR PAGE NUMBER], 3/28/25."}},
	} {
		got, ok := byFirst[tc.entity]
		if !ok {
			t.Errorf("no row with entity %q in:\n%s", tc.entity, html)
			continue
		}
		if strings.Join(got, "\x00") != strings.Join(tc.want, "\x00") {
			t.Errorf("row %q = %q, want %q", tc.entity, got, tc.want)
		}
	}
	if !strings.Contains(html, `<tr class="stars"><td colspan="5">`) {
		t.Errorf("rows left out (* * *) should span the table:\n%s", html)
	}
	if !strings.Contains(html, "<th>Country</th><th>Entity</th>") {
		t.Errorf("heading missing:\n%s", html)
	}
}

// Hand-made text: a table block whose source is not known (a table outside
// amendatory text) is still a table, line by line; prose is never one.
func TestBodyTableWithoutSource(t *testing.T) {
	for name, tc := range map[string]struct {
		text  string
		table bool
		rows  [][]string
	}{
		"table block": {
			text:  "Intro.\n\nCountry | Entity | Policy\nCHINA\nAcme Co. | Presumption of denial.\n\nAfter.",
			table: true,
			rows:  [][]string{{"Country", "Entity", "Policy"}, {"CHINA"}, {"Acme Co.", "Presumption of denial."}},
		},
		"one line with a bar is prose": {text: "Title | Outlet\n\nBody text."},
		"bars in a minority of lines":  {text: "a | b\nplain line\nanother plain line"},
	} {
		t.Run(name, func(t *testing.T) {
			html := string(markedText(tc.text, nil, nil))
			if got := strings.Contains(html, "<table"); got != tc.table {
				t.Fatalf("table = %v, want %v:\n%s", got, tc.table, html)
			}
			if !tc.table {
				return
			}
			rows := rowsOf(t, html)
			if len(rows) != len(tc.rows) {
				t.Fatalf("rows = %q, want %q", rows, tc.rows)
			}
			for i := range rows {
				if strings.Join(rows[i], "|") != strings.Join(tc.rows[i], "|") {
					t.Errorf("row %d = %q, want %q", i, rows[i], tc.rows[i])
				}
			}
			if !strings.Contains(html, `<td colspan="3">CHINA</td>`) {
				t.Errorf("a short row should span the rest:\n%s", html)
			}
			if !strings.HasPrefix(html, "<p>Intro.</p>") || !strings.HasSuffix(html, "<p>After.</p>\n") {
				t.Errorf("paragraphs around the table lost:\n%s", html)
			}
		})
	}
}
