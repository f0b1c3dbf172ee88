package notify

import (
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

func TestFlag(t *testing.T) {
	for in, want := range map[string]string{"CN": "🇨🇳", "tw": "🇹🇼", "": "", "X": "", "1A": ""} {
		if got := flag(in); got != want {
			t.Errorf("flag(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEvidenceOfDateEvents: a reminder or a moved date shows its own text
// (the document, the date kind, the date, the link), not the
// classification's evidence; other events show the evidence.
func TestEvidenceOfDateEvents(t *testing.T) {
	c := doc.Classification{Evidence: []doc.Evidence{{Label: doc.LabelTierChange, Text: "Austria is moved to Tier 2."}}}
	const reminder = "Reminder: the effective date of “Framework for Artificial Intelligence Diffusion” is 2025-05-15 (in 7 days). https://www.federalregister.gov/d/2025-00636"
	for kind, want := range map[string]string{
		doc.EventReminder:    reminder,
		doc.EventDateChanged: reminder,
		doc.EventUpdated:     "Austria is moved to Tier 2.",
	} {
		it := Item{Event: doc.Event{Kind: kind, Summary: reminder}, Classification: c}
		if got := it.Evidence(); got != want {
			t.Errorf("%s: Evidence() = %q, want %q", kind, got, want)
		}
	}
	if got := Headline(doc.Event{Kind: doc.EventReminder}); got != "Reminder" {
		t.Errorf("Headline(reminder) = %q", got)
	}
}
