package classeval

import (
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

func TestByGroup(t *testing.T) {
	ex := []Example{
		{ID: "a", Group: "fr", Labels: []string{doc.LabelEntityAddition}, Countries: []string{"CN"}},
		{ID: "b", Group: "press-de", Labels: []string{doc.LabelTierChange}, Countries: []string{"DE", "AT"}},
		{ID: "c", Group: "press-de", Labels: nil, Countries: nil},
	}
	// The fake classifier finds the addition and one of the two German countries,
	// misses the tier change and gives the unrelated text a label.
	predict := func(e Example) doc.Classification {
		switch e.ID {
		case "a":
			return doc.Classification{Labels: []string{doc.LabelEntityAddition}, Countries: []string{"CN"}}
		case "b":
			return doc.Classification{Countries: []string{"DE"}}
		default:
			return doc.Classification{Labels: []string{doc.LabelOtherExportControl}}
		}
	}
	rows := ByGroup(ex, []string{"fr", "press-en", "press-de"}, predict)
	if len(rows) != 3 || rows[0].Name != "fr" || rows[1].Name != "press-de" || rows[2].Name != "all" {
		t.Fatalf("rows %+v: want fr, press-de, all (empty press-en skipped)", rows)
	}
	for _, tc := range []struct {
		row            int
		docs           int
		labels, countr Counts
	}{
		{0, 1, Counts{TP: 1}, Counts{TP: 1}},
		{1, 2, Counts{FP: 1, FN: 1}, Counts{TP: 1, FN: 1}},
		{2, 3, Counts{TP: 1, FP: 1, FN: 1}, Counts{TP: 2, FN: 1}},
	} {
		r := rows[tc.row]
		if r.Docs != tc.docs || r.Labels != tc.labels || r.Countries != tc.countr {
			t.Errorf("%s: docs %d labels %+v countries %+v; want %d %+v %+v", r.Name, r.Docs, r.Labels, r.Countries, tc.docs, tc.labels, tc.countr)
		}
	}
	var b strings.Builder
	PrintSummary(&b, "t", rows)
	if !strings.Contains(b.String(), "press-de             2     0") || !strings.Contains(b.String(), "0.50 (0.50 / 0.50)") {
		t.Errorf("summary lacks the press-de row or the all-row label figures:\n%s", b.String())
	}
}
