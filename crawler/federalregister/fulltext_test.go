package federalregister

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakefr"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	if strings.HasPrefix(name, "fakefr:") {
		b, err := fakefr.TestdataFile(strings.TrimPrefix(name, "fakefr:"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// paragraphs splits ParseFullText's text into its paragraphs.
func paragraphs(s string) []string { return strings.Split(s, "\n\n") }

func TestParseFullText(t *testing.T) {
	stars := "* * * * * * *"
	for name, tc := range map[string]struct {
		file        string
		wantParas   []string // must appear, in this order (not necessarily adjacent)
		notContains []string
		wantRegtext []doc.Regtext
	}{
		"real presidential document 2026-19417": {
			file: "testdata/current-content.xml",
			wantParas: []string{
				"Executive Order 14430 of September 17, 2026",
				"Restoring American Saltwater Angling and Recreation",
				"By the authority vested in me as President by the Constitution and the laws of the United States of America, it is hereby ordered:",
				"(b) It is the policy of the United States to elevate the marine recreational fishing industry as an important consideration in all Federal ocean, coastal, and public land decision-making.",
				"(i) are in full compliance with United States Coast Guard safety regulations;",
				"(d) The costs for publication of this order shall be borne by the Department of Commerce.",
				"THE WHITE HOUSE,",
				"September 17, 2026.",
			},
			notContains: []string{"60294", "Trump.EPS", "Billing code", "  ", " ."},
		},
		"real 2016 rule with GPOTABLE": {
			file: "testdata/fr-2016-08773-rule-with-gpotable.xml",
			wantParas: []string{
				"PENSION BENEFIT GUARANTY CORPORATION",
				"AGENCY: Pension Benefit Guaranty Corporation.",
				"ACTION: Final rule.",
				"DATES: Effective May 1, 2016.",
				"2. In appendix B to part 4022, Rate Set 271, as set forth below, is added to the table.",
				"* * * * *",
				"Rate set | For plans with a valuation date: On or after | For plans with a valuation date: Before | Immediate annuity rate (percent) | Deferred annuities (percent): i1 | Deferred annuities (percent): i2 | Deferred annuities (percent): i3 | Deferred annuities (percent): n1 | Deferred annuities (percent): n2\n" +
					stars + "\n271 | 5-1-16 | 6-1-16 | 1.00 | 4.00 | 4.00 | 4.00 | 7 | 8",
				"[FR Doc. 2016-08773 Filed 4-14-16; 8:45 am]",
			},
			notContains: []string{"BILLING CODE", "22185"},
			wantRegtext: func() []doc.Regtext {
				cols := []string{"Rate set", "For plans with a valuation date: On or after", "For plans with a valuation date: Before",
					"Immediate annuity rate (percent)", "Deferred annuities (percent): i1", "Deferred annuities (percent): i2",
					"Deferred annuities (percent): i3", "Deferred annuities (percent): n1", "Deferred annuities (percent): n2"}
				rows := [][]string{{""}, {stars}, {"271", "5-1-16", "6-1-16", "1.00", "4.00", "4.00", "4.00", "7", "8"}}
				return []doc.Regtext{
					{Part: "4022", Title: "29", Instructions: []string{"1. The authority citation for part 4022 continues to read as follows:"},
						Headings: []string{"PART 4022—BENEFITS PAYABLE IN TERMINATED SINGLE-EMPLOYER PLANS"}},
					{Part: "4022", Title: "29", Instructions: []string{"2. In appendix B to part 4022, Rate Set 271, as set forth below, is added to the table."},
						Headings: []string{"Appendix B to Part 4022—Lump Sum Interest Rates for PBGC Payments"},
						Tables:   []doc.Table{{Columns: cols, Rows: rows}}},
					{Part: "4022", Title: "29", Instructions: []string{"3. In appendix C to part 4022, Rate Set 271, as set forth below, is added to the table."},
						Headings: []string{"Appendix C to Part 4022—Lump Sum Interest Rates for Private-Sector Payments"},
						Tables:   []doc.Table{{Columns: cols, Rows: rows}}},
				}
			}(),
		},
		"hand-made BIS Entity List additions": {
			file: "fakefr:xml/2025-90001.xml",
			wantParas: []string{
				"Additions to the Entity List",
				"ACTION: Final rule.",
				"DATES: This rule is effective March 25, 2025.",
				"2. Supplement no. 4 to part 744 is amended by:",
				"Supplement No. 4 to Part 744—Entity List",
			},
			notContains: []string{"BILLING CODE"},
			wantRegtext: func() []doc.Regtext {
				req := "For all items subject to the EAR. (See § 744.11 of the EAR)."
				cite := "90 FR [INSERT FR PAGE NUMBER], 3/28/25."
				return []doc.Regtext{
					{Part: "744", Title: "15", Instructions: []string{"1. The authority citation for 15 CFR part 744 continues to read as follows:"},
						Headings: []string{"PART 744—CONTROL POLICY: END-USER AND END-USE BASED"}},
					{Part: "744", Title: "15",
						Instructions: []string{
							"2. Supplement no. 4 to part 744 is amended by:",
							"a. Under CHINA, PEOPLE'S REPUBLIC OF, adding in alphabetical order entries for “Example Computing Technology Co., Ltd.” and “Sample Advanced Chip Design Institute”;",
							"b. Under TAIWAN, adding in alphabetical order an entry for “Placeholder Trading Ltd.”; and",
							"c. Under UNITED ARAB EMIRATES, adding in alphabetical order an entry for “Demo Logistics FZE”.",
						},
						Headings: []string{"Supplement No. 4 to Part 744—Entity List"},
						Tables: []doc.Table{{
							Columns: []string{"Country", "Entity", "License requirement", "License review policy", "Federal Register citation"},
							Rows: [][]string{
								{"CHINA, PEOPLE'S REPUBLIC OF", "", "", "", ""},
								{stars},
								{"", "Example Computing Technology Co., Ltd., a.k.a., the following two aliases:", req, "Presumption of denial.", cite},
								{"", "—ECT Shenzhen; and", "", "", ""},
								{"", "—Example Compute.", "", "", ""},
								{"", "Building 5, Science Park Road, Nanshan District, Shenzhen, Guangdong 518000, China.", "", "", ""},
								{stars},
								{"", "Sample Advanced Chip Design Institute, No. 8 Example Street, Haidian District, Beijing 100080, China.", req, "Presumption of denial.", cite},
								{stars},
								{"TAIWAN", "", "", "", ""},
								{stars},
								{"", "Placeholder Trading Ltd., 10F, No. 1, Example Road, Xinyi District, Taipei City 110, Taiwan.", req, "Case-by-case review.", cite},
								{stars},
								{"UNITED ARAB EMIRATES", "", "", "", ""},
								{stars},
								{"", "Demo Logistics FZE, Office 12, Jebel Ali Free Zone, Dubai, United Arab Emirates.", req, "Presumption of denial.", cite},
								{stars},
							},
						}},
					},
				}
			}(),
		},
	} {
		t.Run(name, func(t *testing.T) {
			text, reg, err := ParseFullText(read(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			paras := paragraphs(text)
			i := 0
			for _, want := range tc.wantParas {
				for i < len(paras) && paras[i] != want {
					i++
				}
				if i == len(paras) {
					t.Errorf("paragraph missing or out of order: %q", want)
					i = 0
				}
			}
			for _, bad := range tc.notContains {
				if strings.Contains(text, bad) {
					t.Errorf("text contains %q", bad)
				}
			}
			if diff := cmp.Diff(tc.wantRegtext, reg); diff != "" {
				t.Errorf("regtext mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFullTextMalformed(t *testing.T) {
	for _, in := range []string{"<RULE><PREAMB><SUBJECT>Trunc", "<RULE></NOTICE>", "<RULE>&bogus;</RULE>"} {
		if _, _, err := ParseFullText([]byte(in)); !errors.Is(err, crawler.ErrMalformed) {
			t.Errorf("ParseFullText(%q) err = %v, want ErrMalformed", in, err)
		}
	}
}

func FuzzParseFullText(f *testing.F) {
	f.Add([]byte("<RULE><REGTEXT PART=\"744\"><GPOTABLE><BOXHD><CHED H=\"1\">A</CHED></BOXHD><ROW><ENT>x</ENT></ROW></GPOTABLE></REGTEXT></RULE>"))
	f.Add([]byte("<P>a <E T=\"03\">b</E> c</P>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ParseFullText(b) // must not panic
	})
}
