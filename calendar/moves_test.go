package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

func TestMoves(t *testing.T) {
	on := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for name, tc := range map[string]struct {
		dates, citation string
		want            []Move
	}{
		// The clause "at 86 FR 58205, is delayed to March 7, 2022." is the
		// real wording of 2022-00448's DATES (govinfo); the words before it
		// restate the rule's title as the abstract gives it.
		"2022-00448 delays the cybersecurity rule": {
			dates: "The effective date of the interim final rule, Information Security Controls: Cybersecurity Items, published on October 21, 2021, at 86 FR 58205, is delayed to March 7, 2022.",
			want: []Move{{Citation: "86 FR 58205", Kind: KindEffective, To: on("2022-03-07"),
				Evidence: "The effective date of the interim final rule, Information Security Controls: Cybersecurity Items, published on October 21, 2021, at 86 FR 58205, is delayed to March 7, 2022."}},
		},
		// Hand-made: "delayed from ... to ..." gives the second date.
		"from and to (hand-made)": {
			dates: "The compliance date of the rule at 90 FR 4544 is delayed from May 15, 2025 to June 30, 2025.",
			want: []Move{{Citation: "90 FR 4544", Kind: KindCompliance, To: on("2025-06-30"),
				Evidence: "The compliance date of the rule at 90 FR 4544 is delayed from May 15, 2025 to June 30, 2025."}},
		},
		// Hand-made, in the usual wording of an extension notice.
		"a comment period extended (hand-made)": {
			dates: "BIS extends the comment period for the proposed rule published at 89 FR 12345 until April 15, 2025.",
			want: []Move{{Citation: "89 FR 12345", Kind: KindCommentsClose, To: on("2025-04-15"),
				Evidence: "BIS extends the comment period for the proposed rule published at 89 FR 12345 until April 15, 2025."}},
		},
		// Hand-made rescission wording: no real rescission text is recorded.
		"a date withdrawn (hand-made)": {
			dates: "The compliance date of the interim final rule at 90 FR 4544 is withdrawn.",
			want: []Move{{Citation: "90 FR 4544", Kind: KindCompliance, Withdrawn: true,
				Evidence: "The compliance date of the interim final rule at 90 FR 4544 is withdrawn."}},
		},
		"a whole rule rescinded by document number (hand-made)": {
			dates: "This rule rescinds the interim final rule FR Doc. 2025-00636.",
			want: []Move{{DocumentNumber: "2025-00636", Withdrawn: true,
				Evidence: "This rule rescinds the interim final rule FR Doc. 2025-00636."}},
		},
		"its own citation is no other document": {
			dates:    "The effective date of this rule, 90 FR 9000, is delayed to March 1, 2025.",
			citation: "90 FR 9000",
		},
		"no verb: a plain citation": {
			dates: "This rule amends the rule published at 86 FR 58205 on October 21, 2021.",
		},
		"a move without a new date": {
			dates: "The effective date of the rule at 86 FR 58205 is delayed.",
		},
	} {
		t.Run(name, func(t *testing.T) {
			d := doc.Document{Stage: doc.StagePublished, Dates: tc.dates, Citation: tc.citation, DocumentNumber: "2022-00448"}
			if diff := cmp.Diff(tc.want, Moves(d)); diff != "" {
				t.Errorf("Moves mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExtractLeavesOtherDocumentsDates: the later rule's sentence about
// another document's effective date is not the later rule's own date.
func TestExtractLeavesOtherDocumentsDates(t *testing.T) {
	eff := time.Date(2022, 1, 12, 0, 0, 0, 0, time.UTC)
	d := doc.Document{
		Stage: doc.StagePublished, Published: eff, EffectiveOn: nil, DocumentNumber: "2022-00448",
		Dates: "The effective date of the interim final rule, Information Security Controls: Cybersecurity Items, published on October 21, 2021, at 86 FR 58205, is delayed to March 7, 2022.",
	}
	for _, x := range Extract(d) {
		if x.Kind == KindEffective {
			t.Errorf("Extract found effective %s from %q: that is 86 FR 58205's date", x.Day(), x.Evidence)
		}
	}
}
