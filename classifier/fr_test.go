package classifier

import (
	"slices"
	"testing"

	"github.com/exportwatch/exportwatch/internal/classeval"
)

// frCase is a Federal Register document and what it must give; countries
// nil means not checked.
type frCase struct {
	in        Input
	labels    []string
	countries []string
}

// TestFederalRegisterHabits checks the habits of Federal Register titles
// and abstracts (fr.go) on hand-made documents in their style: another
// rule cited, addresses or aliases removed, VEU removals, the list's
// procedures, an order's parties by their addresses, names holding a
// country, the ITAR's embargo list.
func TestFederalRegisterHabits(t *testing.T) {
	tests := map[string]frCase{
		"hand-made: a concurrent Entity List rule is that rule's change": {
			in: Input{Lang: "en", Title: "Revisions to Controls for Advanced Computing Items",
				Abstract: "In this interim final rule, BIS amends the Export Administration Regulations (EAR) to revise ECCN 3A090. " +
					"This rule is published concurrently with a companion final rule that adds 12 entities in China to the Entity List."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: a related rule published simultaneously": {
			in: Input{Lang: "en", Title: "Revisions to Advanced Computing Controls",
				Abstract: "In this interim final rule, BIS revises ECCN 3A090. A related rule published simultaneously adds 24 entities in China to the Entity List."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: a separate final rule in this issue": {
			in: Input{Lang: "en", Title: "Revisions to Advanced Computing Controls",
				Abstract: "In this interim final rule, BIS revises ECCN 3A090. In a separate final rule published in this issue of the Federal Register, BIS is adding 24 entities in China to the Entity List."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: aliases removed from an entry that stays": {
			in: Input{Lang: "en", Title: "Revisions to the Entity List",
				Abstract: "In this rule, BIS amends the EAR by removing three aliases of Example Trading Co., Ltd. from the Entity List under the destination of Russia."},
			labels: []string{"entity_revision"}, countries: []string{"RU"},
		},
		"hand-made: a VEU removal is a quota change": {
			in: Input{Lang: "en", Title: "Removal From the Validated End-User Program",
				Abstract: "In this final rule, BIS amends the EAR by removing two entities from the Validated End-User (VEU) Program."},
			labels: []string{"quota_change"},
		},
		"hand-made: the list's criteria and procedures change no entry": {
			in: Input{Lang: "en", Title: "Entity List Procedures",
				Abstract: "This rule amends the Export Administration Regulations (EAR) to expand the scope of reasons for adding parties to the Entity List. " +
					"It also states that a party listed on the Entity List has a right to request that its listing be removed or modified."},
			labels: []string{"other_export_control"},
		},
		"hand-made: a briefing names the rules by their titles": {
			in: Input{Lang: "en", Title: "Public Briefing on Advanced Computing Rules",
				Abstract: "BIS posted two rules for public inspection: \"Revisions to License Exceptions and Removals From the Validated End-User (VEU) Program\" and \"Controls on Certain Items\". " +
					"BIS will host a virtual public briefing on these rules."},
			labels: []string{"other_export_control"},
		},
		"hand-made: a rule titled with the framework's name is the framework": {
			in: Input{Lang: "en", Title: "Framework for Artificial Intelligence Diffusion; Revisions",
				Abstract: "With this interim final rule, BIS revises the EAR's controls on advanced computing integrated circuits and updates the Data Center Validated End User authorization for destinations that do not raise national security concerns."},
			labels: []string{"tier_change", "quota_change"},
		},
		"hand-made: the framework's comment period extended is no tier change": {
			in: Input{Lang: "en", Title: "Framework for Artificial Intelligence Diffusion; Extension of Comment Period",
				Abstract: "In this rule, BIS extends the comment period for the interim final rule on the export of advanced computing items until May 15, 2025."},
			labels: []string{}, // a procedure, like a request for comments (fr-real:2020-05194)
		},
		"hand-made: a briefing on the framework is not the framework": {
			in: Input{Lang: "en", Title: "Framework for Artificial Intelligence Diffusion; Public Briefing",
				Abstract: "On January 10, 2025, the Office of the Federal Register posted for public inspection the interim final rule \"Framework for Artificial Intelligence Diffusion,\" which revises license requirements and creates new license exceptions for advanced computing items. " +
					"This document announces that BIS will host a virtual public briefing on the rule on January 21, 2025."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: an order's parties by their addresses, the US among them": {
			in: Input{Lang: "en",
				Title: "Jane Roe, 12 Main Street, Houston, TX 77002; Example Aviation FZE, P.O. Box 1234, Dubai, United Arab Emirates; Example Air LLC, 3 Airport Road, Almaty, Kazakhstan; Order Temporarily Denying Export Privileges"},
			labels: []string{"other_export_control"}, countries: []string{"AE", "KZ", "US"},
		},
		"hand-made: a renewed temporary denial order's parties by their addresses": {
			in: Input{Lang: "en",
				Title: "In the Matter of: Example Aero LLC, 55 Airport Road, Bishkek, Kyrgyz Republic; Example Trading, 10 Abai Avenue, Almaty, Kazakhstan, 050000; Order Renewing Temporary Denial Order"},
			labels: []string{"other_export_control"}, countries: []string{"KG", "KZ"},
		},
		"hand-made: a region of a country named as the destination": {
			in: Input{Lang: "en", Title: "Additions to the Entity List",
				Abstract: "In this rule, BIS adds 12 entities to the Entity List: ten under the destination of Russia and two under the destination of the Crimea region of Ukraine."},
			labels: []string{"entity_addition"}, countries: []string{"RU", "UA"},
		},
		"hand-made: a country inside a firm's name is not the party's": {
			in: Input{Lang: "en", Title: "Revisions to the Entity List",
				Abstract: "In this rule, BIS revises the entry for Example Electronics (Singapore) Pte. Ltd. under the destination of China, People's Republic of (China)."},
			labels: []string{"entity_revision"}, countries: []string{"CN"},
		},
		"hand-made: nonproliferation measures imposed are an export control": {
			in: Input{Lang: "en", Title: "Imposition of Nonproliferation Measures Against Foreign Persons",
				Abstract: "The Department of State has determined that three foreign persons have engaged in activities that warrant the imposition of measures pursuant to the Iran, North Korea, and Syria Nonproliferation Act."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: countries naming an Act are no parties": {
			in: Input{Lang: "en", Title: "Addition of an Entity to the Entity List",
				Abstract: "In this rule, BIS amends the EAR by adding one entity under the destination of Pakistan to the Entity List pursuant to the Iran, North Korea, and Syria Nonproliferation Act."},
			labels: []string{"entity_addition"}, countries: []string{"PK"},
		},
		"hand-made: a sentence naming no list continues the UVL named before": {
			in: Input{Lang: "en", Title: "Revisions to the Unverified List; Criteria for Additions to the Entity List",
				Abstract: "BIS amends the EAR by adding 12 persons to the Unverified List (UVL). All 12 persons are being added under the destination of Pakistan. " +
					"BIS also clarifies the criteria that may lead to the addition of an entity to the Entity List."},
			labels: []string{"other_export_control"},
		},
		"hand-made: a passive revision of something other than an entry": {
			in: Input{Lang: "en", Title: "Authorization for Standards Activities",
				Abstract: "In this interim final rule, BIS amends the EAR to authorize certain releases in standards activities. " +
					"The scope of the authorization is revised to include software and applies to all entities listed on the Entity List."},
			labels: []string{"other_export_control"},
		},
		"hand-made: an active listing is still one": {
			in: Input{Lang: "en", Title: "Commerce adds firms to the Entity List",
				Abstract: "The Bureau of Industry and Security is putting 12 companies in Pakistan on the Entity List."},
			labels: []string{"entity_addition"}, countries: []string{"PK"},
		},
		"hand-made: licence-free access to AI chips for a country is a quota change": {
			in: Input{Lang: "en", Title: "Favorable Treatment for Saudi Arabia",
				Abstract: "In this final rule, BIS amends the EAR by adding Saudi Arabia to Country Group A:5. More license exceptions will now be available. " +
					"Approved entities in Saudi Arabia will also have license-free access to advanced computing items."},
			labels: []string{"tier_change", "quota_change"}, countries: []string{"SA"},
		},
		"hand-made: Hong Kong named without China gives CN and HK (export-controls.md)": {
			in: Input{Lang: "en", Title: "Hong Kong-Related Sanctions Regulations",
				Abstract: "The Department of the Treasury's Office of Foreign Assets Control (OFAC) is amending the Hong Kong-Related Sanctions Regulations to add a general license."},
			labels: []string{"other_export_control"}, countries: []string{"CN", "HK"},
		},
		"hand-made: licence requirements of existing entries expanded are a revision": {
			in: Input{Lang: "en", Title: "Revisions to Controls on Advanced Computing Items",
				Abstract: "In this rule, BIS amends the EAR to revise ECCN 3A090. This rule also expands the license requirements for twelve existing entities on the Entity List that are located in Russia."},
			labels: []string{"entity_revision", "other_export_control"}, countries: []string{"RU"},
		},
		"hand-made: the licence requirement of counted listed entities revised": {
			in: Input{Lang: "en", Title: "Revisions to the Entity List",
				Abstract: "This final rule amends the EAR by revising the license requirement to apply to all items subject to the EAR for nine Iranian entities on the Entity List."},
			labels: []string{"entity_revision"}, countries: []string{"IR"},
		},
		"hand-made: an entry modified by removing entities is a removal": {
			in: Input{Lang: "en", Title: "Revisions to the Entity List",
				Abstract: "In this rule, BIS modifies one existing entry on the Entity List, under the destination of India, by removing two entities within the entry."},
			labels: []string{"entity_removal"}, countries: []string{"IN"},
		},
		"hand-made: the countries of an opening 'In response to' clause are its cause": {
			in: Input{Lang: "en", Title: "Additional Sanctions Under the EAR",
				Abstract: "In response to the Russian Federation's ongoing aggression against Ukraine, the Department of Commerce is expanding the existing sanctions against Belarus."},
			labels: []string{"other_export_control"}, countries: []string{"BY"},
		},
		"hand-made: proposed licences notified to Congress change nothing": {
			in: Input{Lang: "en", Title: "Notifications to the Congress of Proposed Commercial Export Licenses",
				Abstract: "Notice is hereby given that the Department of State has forwarded the attached Notifications of Proposed Export Licenses to the Congress pursuant to the Arms Export Control Act."},
			labels: []string{},
		},
		"hand-made: a pronoun subject of a passive listing is the parties": {
			in: Input{Lang: "en", Title: "Additions to the Entity List",
				Abstract: "In this rule, BIS amends the EAR by adding seven entities under the destination of Iran to the Entity List. " +
					"They are being added to the Entity List with application of the Russia/Belarus-Military End User Foreign Direct Product rule."},
			labels: []string{"entity_addition"}, countries: []string{"IR"},
		},
		"hand-made: 'the company' in running text is no firm's name": {
			in: Input{Lang: "en", Title: "Netherlands revokes licence",
				Abstract: "The Dutch government revoked a licence for ASML to ship some of its machines to China, the company said on Monday."},
			labels: []string{"other_export_control"}, countries: []string{"CN"},
		},
		"hand-made: a removal after a request for it is still a removal": {
			in: Input{Lang: "en", Title: "Removal of an Entity From the Entity List",
				Abstract: "Following a request that BIS remove the entity, BIS is removing one entity under the destination of Germany from the Entity List."},
			labels: []string{"entity_removal"}, countries: []string{"DE"},
		},
		"hand-made: chips barred without a licence is no licence exception": {
			in: Input{Lang: "en", Title: "Revisions to Advanced Computing Controls",
				Abstract: "In this rule, BIS amends the EAR so that exporters cannot ship advanced computing items to Malaysia without a license."},
			labels: []string{"other_export_control"},
		},
		"hand-made: a listing referred back to is the earlier one": {
			in: Input{Lang: "en", Title: "Temporary General License: Extension of Validity",
				Abstract: "On May 16, 2019, Example Technologies Co., Ltd. and 20 of its affiliates were added to the Entity List. " +
					"Their addition to the Entity List imposed a licensing requirement under the EAR. This final rule extends the temporary general license through November 18, 2019."},
			labels: []string{"other_export_control"},
		},
		"hand-made: the risk of a listing is no listing": {
			in: Input{Lang: "en", Title: "Commerce Implements New Export Controls on Advanced Computing Items",
				Abstract: "BIS is implementing new export controls on advanced computing items. These rules make clear that foreign government actions that prevent end-use checks will impact a company's access to U.S. technology through addition to the Entity List."},
			labels: []string{"other_export_control"},
		},
		"hand-made: an agency amending its export regulations": {
			in: Input{Lang: "en", Title: "Export of Nuclear Equipment and Materials",
				Abstract: "The Nuclear Regulatory Commission (NRC) is amending its regulations pertaining to the export and import of nuclear equipment and materials. This rulemaking reflects the multilateral export control recommendations of the Nuclear Suppliers Group."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
		"hand-made: the ITAR's embargo list amended for a country": {
			in: Input{Lang: "en", Title: "International Traffic in Arms Regulations: Prohibited Exports, Imports, and Sales To or From Certain Countries",
				Abstract: "The Department of State is amending the International Traffic in Arms Regulations (ITAR) to remove Cambodia from the list of proscribed countries."},
			labels: []string{"tier_change", "other_export_control"}, countries: []string{"KH"},
		},
		"hand-made: the ITAR amended is State's export control even without export words": {
			in: Input{Lang: "en", Title: "Amendment to the International Traffic in Arms Regulations: Addition of Haiti",
				Abstract: "The Department of State is amending the International Traffic in Arms Regulations (ITAR) to add Haiti to the list of countries subject to a policy of denial in section 126.1."},
			labels: []string{"tier_change", "other_export_control"}, countries: []string{"HT"},
		},
		"hand-made: another ITAR change moves no country": {
			in: Input{Lang: "en", Title: "International Traffic in Arms Regulations: U.S. Munitions List Category XI",
				Abstract: "The Department of State is amending the International Traffic in Arms Regulations (ITAR) to revise Category XI of the U.S. Munitions List."},
			labels: []string{"other_export_control"}, countries: []string{},
		},
	}
	c := New()
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) { checkFR(t, c, tt) })
	}
}

// TestFederalRegisterReal checks the same habits on real abstracts of the
// development split (US government text, stored as published), hard
// negatives of other agencies among them.
func TestFederalRegisterReal(t *testing.T) {
	exs, err := classeval.Load(realDev)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		"fr-real:2026-17231",                                                                                         // addresses removed from an entry that stays, a firm named "(Hong Kong)"
		"fr-real:2024-28270",                                                                                         // cites the concurrent Entity List rule
		"fr-real:2024-28267",                                                                                         // VEU removals beside Entity List additions
		"fr-real:2024-28423",                                                                                         // a briefing on two rules
		"fr-real:E8-19102",                                                                                           // the list's criteria and procedures
		"fr-real:2022-07768", "fr-real:2022-07047", "fr-real:2023-09921", "fr-real:2023-12679", "fr-real:2023-10750", // orders' parties
		"neg-fr:2026-01593",                      // INKSNA: countries naming an Act
		"neg-fr:2025-17287", "neg-fr:2021-05530", // the ITAR's embargo list
		"neg-fr:2020-05297",                                                                                     // State's notifications to Congress of proposed export licences
		"neg-fr:2022-10021", "neg-fr:2025-18913", "neg-fr:2026-00877", "neg-fr:2025-24130", "neg-fr:2025-15548", // hard negatives
	}
	c := New()
	for _, id := range ids {
		i := slices.IndexFunc(exs, func(e classeval.Example) bool { return e.ID == id })
		if i < 0 {
			t.Fatalf("%s not in %s", id, realDev)
		}
		e := exs[i]
		t.Run(id, func(t *testing.T) {
			checkFR(t, c, frCase{in: Input{Title: e.Title, Text: e.Text, Lang: e.Lang}, labels: e.Labels, countries: e.Countries})
		})
	}
}

func checkFR(t *testing.T, c *Classifier, tt frCase) {
	t.Helper()
	got := c.Classify(tt.in)
	want := append([]string{}, tt.labels...)
	slices.Sort(want)
	have := append([]string{}, got.Labels...)
	slices.Sort(have)
	if !slices.Equal(have, want) {
		t.Errorf("labels %v, want %v (evidence %v)", got.Labels, tt.labels, got.Evidence)
	}
	if tt.countries != nil && !slices.Equal(got.Countries, tt.countries) {
		t.Errorf("countries %v, want %v", got.Countries, tt.countries)
	}
}

// TestPlacedOnEntityListIsNoGroupMove checks that "to place" entities on
// the Entity List beside "arms embargoed countries" is a listing and moves
// no country between country groups (hand-made, in the words of a BIS
// release).
func TestPlacedOnEntityListIsNoGroupMove(t *testing.T) {
	got := New().Classify(Input{Lang: "en", Title: "Commerce Strengthens Restrictions on Advanced Computing Items",
		Abstract: "BIS released a package of rules designed to update export controls on advanced computing items to arms embargoed countries, including the PRC, and to place 13 related entities in the PRC on the Entity List."})
	if !slices.Contains(got.Labels, "entity_addition") || slices.Contains(got.Labels, "tier_change") {
		t.Errorf("labels %v, want entity_addition and no tier_change (evidence %v)", got.Labels, got.Evidence)
	}
}

// TestRestrictedDestinations checks that countries taken off an export
// regulation's list of restricted destinations change tier and that the
// goods' origin ("Canadian-origin uranium") is no affected country
// (hand-made, in the words of an NRC rule).
func TestRestrictedDestinations(t *testing.T) {
	got := New().Classify(Input{Lang: "en", Title: "Export of Nuclear Equipment; Revisions",
		Abstract: "The Nuclear Regulatory Commission is amending its export control regulations to remove Argentina and Chile from the list of restricted destinations and to revise the general license for exports of Canadian-origin uranium."})
	if !slices.Contains(got.Labels, "tier_change") || !slices.Equal(got.Countries, []string{"AR", "CL"}) {
		t.Errorf("labels %v countries %v, want tier_change for AR, CL (evidence %v)", got.Labels, got.Countries, got.Evidence)
	}
}
