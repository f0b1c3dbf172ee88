package classifier

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

// TestCombinedInstructions reads one AMDPAR that amends Supplement No. 4 in
// several clauses: each entry's action and destination come from its own
// clause. The clause wording follows real BIS Entity List rules (the
// "by: a. ...; b. ...; c. ..." lettered form with the verb before or after
// the destination, and the older "By adding under China, in alphabetical
// order" form); the entity names are invented.
func TestCombinedInstructions(t *testing.T) {
	c := New()
	for name, tc := range map[string]struct {
		instr string
		rows  [][]string
		want  []doc.Entity
	}{
		"verb before destination": {
			instr: `2. Supplement No. 4 to part 744 is amended by: a. Adding under CHINA, PEOPLE'S REPUBLIC OF, in alphabetical order, an entry for “Alpha Semiconductor Co., Ltd.”; b. Revising under RUSSIA the entry for “Beta Instruments JSC”; and c. Removing under INDIA the entity “Gamma Aerospace Pvt. Ltd.”.`,
			want: []doc.Entity{
				{Action: doc.ActionAdd, Name: "Alpha Semiconductor Co., Ltd.", Country: "CN"},
				{Action: doc.ActionRevise, Name: "Beta Instruments JSC", Country: "RU"},
				{Action: doc.ActionRemove, Name: "Gamma Aerospace Pvt. Ltd.", Country: "IN"},
			},
		},
		"destination before verb, mixed": {
			instr: `2. Supplement No. 4 to part 744 is amended by: a. Under CANADA, adding in alphabetical order an entry for “Delta Photonics Inc.”; b. Under CHINA, PEOPLE'S REPUBLIC OF, revising the entries for “Epsilon Microelectronics Co., Ltd.” and “Zeta Technology Limited”; c. Under UNITED ARAB EMIRATES, removing the entry for “Eta General Trading LLC”; and d. Under TÜRKIYE, adding in alphabetical order an entry for “Theta Elektronik A.S.”.`,
			want: []doc.Entity{
				{Action: doc.ActionAdd, Name: "Delta Photonics Inc.", Country: "CA"},
				{Action: doc.ActionRevise, Name: "Epsilon Microelectronics Co., Ltd.", Country: "CN"},
				{Action: doc.ActionRevise, Name: "Zeta Technology Limited", Country: "CN"},
				{Action: doc.ActionRemove, Name: "Eta General Trading LLC", Country: "AE"},
				{Action: doc.ActionAdd, Name: "Theta Elektronik A.S.", Country: "TR"},
			},
		},
		"older form: counts in the instruction, names in the table": {
			instr: `2. Supplement No. 4 to part 744 is amended: a. By adding under China, in alphabetical order, one Chinese entity; b. By revising under Pakistan, one entity; and c. By removing under Germany, one entity, “Iota Maschinenbau GmbH”.`,
			rows: [][]string{
				{"CHINA, PEOPLE'S REPUBLIC OF", "", "", "", ""},
				{"", "Kappa Computing Co., Ltd., 1 Example Road, Shenzhen, China.", "For all items subject to the EAR.", "Presumption of denial.", "89 FR [INSERT FR PAGE NUMBER], 2/28/24."},
				{"PAKISTAN", "", "", "", ""},
				{"", "Lambda Engineering (Pvt) Ltd., 2 Example Street, Karachi.", "For all items subject to the EAR.", "Presumption of denial.", "84 FR 1, 1/1/19. 89 FR [INSERT FR PAGE NUMBER], 2/28/24."},
			},
			want: []doc.Entity{
				{Action: doc.ActionAdd, Name: "Kappa Computing Co., Ltd.", Country: "CN", Addresses: []string{"1 Example Road, Shenzhen, China"},
					LicenseRequirement: "For all items subject to the EAR.", ReviewPolicy: "Presumption of denial", Citation: "89 FR [INSERT FR PAGE NUMBER], 2/28/24"},
				{Action: doc.ActionRevise, Name: "Lambda Engineering (Pvt) Ltd.", Country: "PK", Addresses: []string{"2 Example Street, Karachi"},
					LicenseRequirement: "For all items subject to the EAR.", ReviewPolicy: "Presumption of denial", Citation: "84 FR 1, 1/1/19. 89 FR [INSERT FR PAGE NUMBER], 2/28/24"},
				{Action: doc.ActionRemove, Name: "Iota Maschinenbau GmbH", Country: "DE"},
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			rt := doc.Regtext{Part: "744", Title: "15", Instructions: []string{tc.instr}, Headings: []string{"Supplement No. 4 to Part 744—Entity List"}}
			if tc.rows != nil {
				rt.Tables = []doc.Table{{Columns: []string{"Country", "Entity", "License requirement", "License review policy", "Federal Register citation"}, Rows: tc.rows}}
			}
			got := c.Classify(Input{Title: "Additions, Revisions and Removals to the Entity List", Regtext: []doc.Regtext{rt}})
			if diff := cmp.Diff(tc.want, got.Entities); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
			for _, ev := range got.Evidence {
				if len(ev.Text) > 300 {
					t.Errorf("evidence is the whole instruction, not its clause: %q", ev.Text)
				}
			}
		})
	}
}
