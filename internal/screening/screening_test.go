package screening

import (
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/watchlist"
)

// abstract2022_07643 is the real abstract of BIS rule 2022-07643
// (internal/fakefr/testdata/bis-documents-2022-2026.json).
const abstract2022_07643 = `The Bureau of Industry and Security (BIS) publishes these amendments to correct three errors contained in the revisions to the Entity List that were published in a final rule on February 14, 2022. That final rule amended the Export Administration Regulations (EAR) by revising the Entity List entry for "Huawei Cloud Brazil" (under Brazil) and by adding a new entry for "Huawei Technologies Co., Ltd." (under China, People's Republic of). However, the references to the foreign direct product provisions in the EAR that apply to these two entities were incorrect. This rule amends the entries for the two entities to include the correct references to these EAR provisions and also corrects a typographical error in one of these entries.`

func TestTextEntries(t *testing.T) {
	// Hand-made parties.
	ti := newTextIndex([]watchlist.Party{
		{Name: "HUAWEI TECHNOLOGIES CO LTD"},
		{Name: "Huawei Cloud Brazil Ltda."},
		{Name: "Acme GmbH"},
		{Name: "ZTE"}, // one short word: never looked for in prose
		{Name: "Industry"},
	})
	got := map[string]bool{}
	for _, e := range ti.entries(abstract2022_07643, doc.ActionAdd) {
		got[e.Name] = true
		if e.Action != doc.ActionAdd {
			t.Errorf("entry %q action %q", e.Name, e.Action)
		}
	}
	for _, want := range []string{"Huawei Technologies Co., Ltd.", "Huawei Cloud Brazil", "Industry"} {
		if !got[want] {
			t.Errorf("entries %v lack %q", got, want)
		}
	}
	if len(got) != 3 {
		t.Errorf("entries = %v, want 3", got)
	}
}

func TestCoreWords(t *testing.T) {
	for in, want := range map[string]string{
		"Huawei Technologies Co., Ltd.": "huawei technologies",
		"OOO Radiotekhnika":             "radiotekhnika",
		"Acme":                          "acme",
	} {
		if got := coreWords(in); len(got) == 0 || joinWords(got) != want {
			t.Errorf("coreWords(%q) = %v, want %q", in, got, want)
		}
	}
}

func joinWords(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}
