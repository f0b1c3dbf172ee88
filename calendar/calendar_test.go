package calendar

import (
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

const (
	govinfo = "shared/domain/fixtures/federalregister/govinfo-FR-2016-04-15-daily-issue.xml"
	bis     = "shared/domain/fixtures/federalregister/bis-documents-2022-2026.json"
	regdoc  = "shared/domain/fixtures/federalregister/recorded/regulatory-document.json"
)

// TestFromText reads real DATES sentences; each case names the fixture it
// was copied from.
func TestFromText(t *testing.T) {
	type want struct{ kind, day string }
	tests := []struct {
		fixture, text string
		want          []want
	}{
		{regdoc, "This rule is effective January 30, 2025.", []want{{KindEffective, "2025-01-30"}}},
		{govinfo, "The correction is effective April 15, 2016.", []want{{KindEffective, "2016-04-15"}}},
		{govinfo, "Effective: April 15, 2016.", []want{{KindEffective, "2016-04-15"}}},
		{govinfo, "Effective Date: March 22, 2016.", []want{{KindEffective, "2016-03-22"}}},
		{govinfo, "This revised system of records will become effective on May 25, 2016 without further notice unless comments necessitate otherwise.",
			[]want{{KindEffective, "2016-05-25"}}},
		// A delay: the new date, not the old one nor the earlier rule's publication.
		{govinfo, "The effective date of the interim final rule published March 1, 2016 (81 FR 10477) is delayed from April 15, 2016 to May 16, 2016.",
			[]want{{KindEffective, "2016-05-16"}}},
		// A time span: its first day.
		{govinfo, "This deviation is effective from 5 a.m. on April 30, 2016 to 5 a.m. on June 11, 2016.", []want{{KindEffective, "2016-04-30"}}},
		{govinfo, "Comments must be submitted on or before May 16, 2016.", []want{{KindCommentsClose, "2016-05-16"}}},
		{govinfo, "Any comments must arrive by May 16, 2016.", []want{{KindCommentsClose, "2016-05-16"}}},
		{govinfo, "Comments must be received on or before: 5/15/2016.", []want{{KindCommentsClose, "2016-05-15"}}},
		{govinfo, "Comments Due Date: May 16, 2016.", []want{{KindCommentsClose, "2016-05-16"}}},
		{govinfo, "Comments are encouraged and will be accepted for an additional 30 days until May 16, 2016.", []want{{KindCommentsClose, "2016-05-16"}}},
		{govinfo, "Written public comments must be received on or before 5 p.m. EST on Friday, May 6, 2016.", []want{{KindCommentsClose, "2016-05-06"}}},
		// The earlier rule's publication date is no deadline; the reopened period's end is.
		{govinfo, "The comment period for the proposed rule published on January 20, 2016 (81 FR 3033-3038) is reopened. We will consider all comments that we receive on or before May 5, 2016.",
			[]want{{KindCommentsClose, "2016-05-05"}}},
		// The scoping period starts on publication and ends later.
		{govinfo, "All such comments should be provided within the 45-day public scoping period, which starts with the publication of this Notice in the Federal Register on April 15, 2016 and will continue until May 31, 2016.",
			[]want{{KindCommentsClose, "2016-05-31"}}},
		{govinfo, "Comments will be accepted on or before May 16, 2016. This proposed action will be effective the date following the end of the comment period unless comments are received which result in a contrary determination.",
			[]want{{KindCommentsClose, "2016-05-16"}}},
		// Both kinds in one section.
		{govinfo, "To be assured of consideration, comments should be received on or before May 16, 2016. This revised system of records will become effective on May 25, 2016 without further notice unless comments necessitate otherwise.",
			[]want{{KindCommentsClose, "2016-05-16"}, {KindEffective, "2016-05-25"}}},
		{bis, "This document extends the deadline for written comments to January 31, 2023.", []want{{KindCommentsClose, "2023-01-31"}}},
		// 2022-00448: the dates of the rule it delays, not its own.
		{bis, "That rule was published with a 45-day comment period, which ended on December 12, 2021, and a 90-day delayed effective date (January 19, 2022).", nil},
		// Meetings and dateless sentences give nothing.
		{govinfo, "The meeting will be held May 10, 2016. All RAC meetings are subject to cancellation.", nil},
		{bis, "This rule delays the effective date of the interim final rule by 45 days.", nil},
		{bis, "This extension is being made to allow for commenters to take into account any developments or announcements that may occur as a result of the United States-EU TTC second leaders' meeting scheduled for May 15-16, 2022 in France.", nil},
		{govinfo, "Applications are due May 20, 2016.", nil},
		// Constructed after the form of BIS savings clauses (2025-00636);
		// no recorded fixture carries one.
		{"constructed", "Shipments of items removed from eligibility for a License Exception as a result of this action that were en route aboard a carrier to a port of export on January 13, 2025, may proceed to that destination, provided that the items are exported before May 15, 2025.",
			[]want{{KindSavingsClauseEnd, "2025-05-15"}}},
		// Constructed, after the form of published summaries of 2025-00636.
		{"constructed", "The rule requires compliance 120 days after publication, setting a May 15, 2025 compliance date.", []want{{KindCompliance, "2025-05-15"}}},
		{"constructed", "Compliance date: Full compliance with the requirements of this rule is required no later than May 15, 2025.", []want{{KindCompliance, "2025-05-15"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text[:min(40, len(tt.text))], func(t *testing.T) {
			got := FromText(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("%s: got %d dates %+v, want %v", tt.fixture, len(got), got, tt.want)
			}
			for i, w := range tt.want {
				if got[i].Kind != w.kind || got[i].Day() != w.day {
					t.Errorf("%s: date %d = %s %s, want %s %s", tt.fixture, i, got[i].Kind, got[i].Day(), w.kind, w.day)
				}
				if got[i].Evidence == "" {
					t.Errorf("date %d has no evidence sentence", i)
				}
			}
		})
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("The meeting starts at 9 a.m. Eastern on Jan. 5, 2026. The U.S. Department of Commerce\n  will decide.")
	want := []string{"The meeting starts at 9 a.m. Eastern on Jan. 5, 2026.", "The U.S. Department of Commerce will decide."}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestExtract(t *testing.T) {
	eff := time.Date(2025, 1, 30, 0, 0, 0, 0, time.UTC)
	tbp := time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		d    doc.Document
		want map[string]string // kind -> day + " " + source
	}{
		{
			// regulatory-document.json: effective_on and dates agree; the API field wins.
			name: "published rule",
			d: doc.Document{Stage: doc.StagePublished, Published: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
				EffectiveOn: &eff, Dates: "This rule is effective January 30, 2025."},
			want: map[string]string{KindEffective: "2025-01-30 " + SourceEffectiveOn, KindPublished: "2024-12-31 " + SourcePublicationDate},
		},
		{
			// comments_close_on wins over the sentence.
			name: "comments_close_on field",
			d: doc.Document{Stage: doc.StagePublished, CommentsCloseOn: &tbp,
				Dates: "Comments must be received on or before May 16, 2016."},
			want: map[string]string{KindCommentsClose: "2025-01-16 " + SourceCommentsCloseOn},
		},
		{
			name: "public inspection with text dates in body",
			d: doc.Document{Stage: doc.StagePublicInspection, Published: time.Date(2025, 1, 13, 15, 45, 0, 0, time.UTC), ToBePublished: &tbp,
				Body: "AGENCY: Bureau of Industry and Security. DATES: This rule is effective April 15, 2016. Comments must be received on or before June 14, 2016. ADDRESSES: Submit comments by June 1, 2099."},
			want: map[string]string{
				KindEffective: "2016-04-15 " + SourceBody, KindCommentsClose: "2016-06-14 " + SourceBody,
				KindPublicInspection: "2025-01-13 " + SourceFiledAt, KindPublished: "2025-01-16 " + SourcePublicationDate,
			},
		},
		{
			name: "abstract before body",
			d: doc.Document{Stage: doc.StagePublished, Abstract: "Today's notice extends the deadline for written comments to June 23, 2022.",
				Body: "DATES: Comments must be received on or before May 1, 2022."},
			want: map[string]string{KindCommentsClose: "2022-06-23 " + SourceAbstract},
		},
		{
			// The savings clause is found deep in a long body, in any case.
			name: "savings clause in the body",
			d: doc.Document{Stage: doc.StagePublished, Published: tbp,
				Body: strings.Repeat("The Bureau amends the regulations. ", 3000) + "Savings Clause. Shipments of items that were EN ROUTE aboard a carrier to a port of export on January 13, 2025, may proceed, provided that they are exported before May 15, 2025. " +
					strings.Repeat("Other text. ", 500)},
			want: map[string]string{KindSavingsClauseEnd: "2025-05-15 " + SourceBody, KindPublished: "2025-01-16 " + SourcePublicationDate},
		},
		{name: "press has no calendar", d: doc.Document{Abstract: "This rule is effective January 30, 2025.", Published: tbp}, want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			for _, x := range Extract(tt.d) {
				got[x.Kind] = x.Day() + " " + x.Source
				if x.Evidence == "" {
					t.Errorf("%s has no evidence", x.Kind)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q", k, got[k], w)
				}
			}
		})
	}
}

// BenchmarkExtract measures one Federal Register document of full size: a
// DATES section and a long body with no further dates.
func BenchmarkExtract(b *testing.B) {
	eff := time.Date(2025, 1, 13, 0, 0, 0, 0, time.UTC)
	d := doc.Document{
		Stage: doc.StagePublished, Published: eff, EffectiveOn: &eff,
		Abstract: "This document extends the deadline for written comments to January 31, 2023.",
		Body: "DATES: This rule is effective April 15, 2016. Comments must be received on or before June 14, 2016.\nADDRESSES: ...\n" +
			strings.Repeat("The Bureau of Industry and Security amends the Export Administration Regulations to revise the license requirements. ", 2000),
	}
	b.SetBytes(int64(len(d.Body)))
	for b.Loop() {
		if len(Extract(d)) == 0 {
			b.Fatal("no dates")
		}
	}
}
