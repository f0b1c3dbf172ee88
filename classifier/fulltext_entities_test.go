package classifier

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakefr"
)

// TestEntitiesFromFullTextXML runs the whole path a crawled rule takes:
// full-text XML (hand-made in the real BIS format, see fakefr's testdata
// README) parsed by the Federal Register source, then classified. Entries
// set over several table rows (aliases, addresses) come out as one entity.
func TestEntitiesFromFullTextXML(t *testing.T) {
	raw, err := fakefr.TestdataFile("xml/2025-90001.xml")
	if err != nil {
		t.Fatal(err)
	}
	text, regtext, err := federalregister.ParseFullText(raw)
	if err != nil {
		t.Fatal(err)
	}
	c := New().Classify(Input{ID: "fr:2025-90001", Title: "Additions to the Entity List", Text: text, Regtext: regtext})
	if len(c.Entities) == 0 {
		t.Fatal("no entities")
	}
	want := doc.Entity{
		Action: doc.ActionAdd, Name: "Example Computing Technology Co., Ltd.", Country: "CN",
		Aliases:            []string{"ECT Shenzhen", "Example Compute"},
		LicenseRequirement: "For all items subject to the EAR. (See § 744.11 of the EAR).",
		ReviewPolicy:       "Presumption of denial",
		Citation:           "90 FR [INSERT FR PAGE NUMBER], 3/28/25",
	}
	got := c.Entities[0]
	got.Addresses = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first entity (-want +got):\n%s", diff)
	}
	if len(c.Entities[0].Addresses) == 0 {
		t.Errorf("first entity has no address")
	}
	for _, e := range c.Entities {
		if len(e.Name) > 0 && (e.Name[0] == 0xe2 || e.Name == "Building 5") {
			t.Errorf("a continuation row became an entity of its own: %q", e.Name)
		}
	}
}

// TestEntityRuleFullTextLabels checks that an Entity List rule's own table
// and amendatory boilerplate do not make it "another export-control change".
func TestEntityRuleFullTextLabels(t *testing.T) {
	raw, err := fakefr.TestdataFile("xml/2025-90001.xml")
	if err != nil {
		t.Fatal(err)
	}
	text, regtext, err := federalregister.ParseFullText(raw)
	if err != nil {
		t.Fatal(err)
	}
	c := New().Classify(Input{ID: "fr:2025-90001", Title: "Additions to the Entity List", Text: text, Regtext: regtext})
	if diff := cmp.Diff([]string{doc.LabelEntityAddition}, c.Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s\nevidence: %v", diff, c.Evidence)
	}
}
