package classifier

import (
	"slices"
	"testing"
)

// conventionCase is one hand-made text (never a quotation of an article)
// and the labels the conventions of shared/domain/export-controls.md give it.
type conventionCase struct {
	in   Input
	want []string
	// some: the labels must include want (the convention says nothing of
	// the others).
	some bool
}

// checkConventions classifies every case with the rules alone and with
// the committed models: a convention must hold for both.
func checkConventions(t *testing.T, cases map[string]conventionCase) {
	t.Helper()
	full := New()
	rules := New()
	rules.model, rules.cmodel = nil, nil
	for name, tc := range cases {
		for _, run := range []struct {
			name string
			c    *Classifier
		}{{"rules", rules}, {"full", full}} {
			t.Run(name+"/"+run.name, func(t *testing.T) {
				got := run.c.Classify(tc.in)
				if tc.some && !containsAll(got.Labels, tc.want) || !tc.some && !slices.Equal(got.Labels, tc.want) {
					t.Errorf("labels %v, want %v (evidence %v)", got.Labels, tc.want, got.Evidence)
				}
			})
		}
	}
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// TestListingTermsAreNoOtherControl: the restrictions that come with an
// Entity List entry (licence requirement, presumption of denial, foreign
// direct product footnote, "cut off from US technology") are part of the
// listing; a control on goods or another list beside it is a control of
// its own (other_export_control). Hand-made sentences.
func TestListingTermsAreNoOtherControl(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"licence requirement and presumption of denial": {
			in: Input{Lang: "en", Title: "Commerce blacklists 9 Chinese firms",
				Text: "The Commerce Department added nine Chinese companies to the Entity List on Monday. The firms face a license requirement for all items subject to the EAR, reviewed under a presumption of denial."},
			want: []string{"entity_addition"},
		},
		"German: Lizenzpflicht und kein Zugang zu US-Technik": {
			in: Input{Lang: "de", Title: "USA setzen elf Firmen auf schwarze Liste",
				Text: "Das US-Handelsministerium hat elf chinesische Unternehmen auf die Entity List gesetzt. Für die gelisteten Firmen gilt eine Lizenzpflicht, sie sind damit von US-Technik abgeschnitten."},
			want: []string{"entity_addition"},
		},
		"German: Beschränkungen für Speicherchips und Anlagen beside the listing": {
			in: Input{Lang: "de", Title: "USA verschärfen Chip-Regeln",
				Text: "Das US-Handelsministerium hat 20 chinesische Unternehmen auf die Entity List gesetzt. Neu sind Beschränkungen für Speicherchips und für zwölf Anlagentypen zur Chipfertigung."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"English: new controls on chipmaking tools beside the listing": {
			in: Input{Lang: "en", Title: "US widens chip curbs",
				Text: "The Commerce Department added 15 Chinese companies to the Entity List. The rules also restrict exports of chipmaking equipment to China."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"German: an exception ended, told as added to the listing": {
			in: Input{Lang: "de", Title: "USA verschärfen Sanktionen gegen Vantor",
				Text: "Die US-Regierung hat 14 Vantor-Firmen auf eine schwarze Liste des Handelsministeriums gesetzt. Außerdem ließ das Ministerium die Ausnahmeregelung für Vantors Netzkunden auslaufen."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"why parties are listed is no control: military end users, evasion": {
			in: Input{Lang: "en", Title: "Commerce adds 10 entities",
				Text: "The Commerce Department added ten entities to the Entity List. The entities face severe restrictions on access to U.S. items for supplying Russian military end users and for evading export controls on semiconductors."},
			want: []string{"entity_addition"},
		},
		"an EAR amendment told as added to the listing": {
			in: Input{Lang: "en", Title: "Additions to the Entity List",
				Text: "In this rule, BIS amends the EAR by adding 7 entities under the destination of China to the Entity List. This rule also amends the EAR by making editorial corrections."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"an earlier control told beside the listing is history": {
			in: Input{Lang: "en", Title: "US blacklists 8 Chinese firms",
				Text: "The Commerce Department added eight Chinese companies to the Entity List. Washington had earlier restricted exports of advanced chips to China."},
			want: []string{"entity_addition"},
		},
	})
}

// TestChipApprovalsAreQuotas: US licences, approvals and authorisations of
// AI-chip exports to a destination the framework caps (outside Country
// Group D:5 and Macau) are allocations under its caps: quota_change for
// that country, as VEU grants are. A licence requirement for China is a
// control, not a quota; chips counted in a private deal or in revenue are
// no quota. Hand-made sentences.
func TestChipApprovalsAreQuotas(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"English: cleared chip exports to a Gulf state": {
			in: Input{Lang: "en", Title: "US clears Nvidia sales to Qatar",
				Text: "The Commerce Department approved sales of advanced Nvidia AI chips to a data-centre operator in Qatar."},
			want: []string{"quota_change"},
		},
		"German: Genehmigung für KI-Chips an eine saudische Firma": {
			in: Input{Lang: "de", Title: "USA genehmigen Chip-Exporte",
				Text: "Die US-Regierung hat den Verkauf von KI-Chips an ein saudisches Rechenzentrum genehmigt."},
			want: []string{"quota_change"},
		},
		"a licence requirement for China is no quota": {
			in: Input{Lang: "en", Title: "New licence rule for AI chips",
				Text: "The Commerce Department said exports of the chips to China now require a license."},
			want: []string{"other_export_control"},
		},
		"chips counted in a private deal are no quota": {
			in: Input{Lang: "en", Title: "Nvidia to ship chips to Kenya",
				Text: "A Kenyan data-centre firm signed a deal covering 12,000 Nvidia GPUs, the company said."},
			want: []string{},
		},
	})
}

// TestFrameworkInPressWords: creating, rescinding or replacing the
// AI-diffusion framework is tier_change (and, for a rescission, which
// abolishes its caps, quota_change), worldwide, also where the press
// describes it by its tiers or its 18 allies instead of naming it; a
// planned measure withdrawn is an action, not a hedge. Hand-made sentences.
func TestFrameworkInPressWords(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"German: neuer Rahmen für Chip-Exporte, 18 Verbündete": {
			in: Input{Lang: "de", Title: "Washington ordnet den Chip-Export neu",
				Text: "Die US-Regierung hat einen neuen Rahmen für die Ausfuhr von KI-Chips vorgelegt. Nur 18 enge Verbündete erhalten die Chips ohne Auflagen."},
			want: []string{"tier_change"},
		},
		"German: geplante Beschränkungen zurückgenommen": {
			in: Input{Lang: "de", Title: "USA kippen geplante Chip-Auflagen",
				Text: "Die US-Regierung hat die geplanten Exportbeschränkungen für Hochleistungschips zurückgenommen. Die Länder wären in drei Stufen eingeteilt worden, für Länder der Stufe 2 wie Polen wäre die Zahl der Chips gedeckelt worden."},
			want: []string{"tier_change", "quota_change"},
		},
		"German: the 18 allies with a longer adjective phrase": {
			in: Input{Lang: "de", Title: "USA beschränken Zugang zu KI-Chips",
				Text: "Die USA haben angekündigt, dass KI-Chips nur noch in 18 als vertrauenswürdig geltende Länder unbeschränkt exportiert werden dürfen; Österreich gehört nicht dazu."},
			want: []string{"tier_change"}, some: true,
		},
		"German: a planned measure not withdrawn stays a hedge": {
			in: Input{Lang: "de", Title: "Geplante Chip-Regeln für Golfstaaten",
				Text: "Die geplanten Regeln für KI-Chips sollen Länder in drei Stufen einteilen."},
			want: []string{},
		},
	})
}

// TestArmsEmbargoIsATierChange: an arms embargo imposed on or lifted from
// a named country, or the country put on or taken off the list of
// arms-embargoed countries, is its Country Group D:5 placement: a tier
// change (export-controls.md, README label policy). A country described as
// under an embargo is none. Hand-made sentences.
func TestArmsEmbargoIsATierChange(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"German: Rüstungsembargo aufgehoben, von der Liste genommen": {
			in: Input{Lang: "de", Title: "USA heben Waffenembargo gegen Laos auf",
				Text: "Die USA haben Laos von der Liste der Länder genommen, die einem Rüstungsembargo unterliegen."},
			want: []string{"tier_change"},
		},
		"English: country included in the list of enumerated countries": {
			in: Input{Lang: "en", Title: "International Traffic in Arms Regulations: Addition of Bolivia",
				Text: "The Department of State is amending the International Traffic in Arms Regulations to include Bolivia in the list of enumerated countries for which licenses are denied."},
			want: []string{"tier_change"}, some: true,
		},
		"countries under an embargo, told as a state": {
			in: Input{Lang: "en", Title: "Comment period ends",
				Text: "The rule's licence requirements cover countries under a US arms embargo such as Syria."},
			want: []string{},
		},
		// Country groups are the EAR's: another body's embargo moves no
		// country in them; imposed or lifted, it is another control
		// (testdata/real/README.md, "Round twenty-four and rules-15").
		"German: the EU's embargo is another control": {
			in: Input{Lang: "de", Title: "Venezuela",
				Text: "Die Europäische Union hat ein Waffenembargo gegen Venezuela verhängt und die Ausfuhr von Überwachungstechnik verboten."},
			want: []string{"other_export_control"},
		},
		"German: a national government's embargo": {
			in: Input{Lang: "de", Title: "Waffenembargo gegen Israel",
				Text: "Die spanische Regierung hat ein Waffenembargo gegen Israel verhängt; der Ministerrat billigte das Dekret am Dienstag."},
			want: []string{"other_export_control"},
		},
		"English: a national government's embargo": {
			in:   Input{Lang: "en", Title: "Arms embargo", Text: "Spain's government imposed an arms embargo on Israel on Tuesday."},
			want: []string{"other_export_control"},
		},
		"German: the UN Security Council's embargo": {
			in:   Input{Lang: "de", Title: "Südsudan", Text: "Der UN-Sicherheitsrat verhängte ein Waffenembargo gegen den Südsudan."},
			want: []string{"other_export_control"},
		},
		"English: a UN embargo named in the title only": {
			in: Input{Lang: "en", Title: "UN Security Council imposes arms embargo on Sudan",
				Text: "The arms embargo imposed on Sudan covers weapons, ammunition and military vehicles."},
			want: []string{"other_export_control"},
		},
		"a UN embargo under consideration is no action": {
			in:   Input{Lang: "en", Title: "Sudan", Text: "The UN Security Council is considering an arms embargo on Sudan."},
			want: []string{},
		},
		"the US lifting its embargo beside the EU's is a tier change": {
			in: Input{Lang: "en", Title: "Washington lifts Cyprus arms embargo",
				Text: "The United States lifted its arms embargo on Cyprus, and EU governments welcomed the step."},
			want: []string{"tier_change"}, some: true,
		},
	})
}

// TestDraftsAreNoAction: a measure reported as being prepared or drafted
// is not yet a new action (README: reported drafts and speculation are
// labelled []); the same measure adopted is one. Hand-made sentences.
func TestDraftsAreNoAction(t *testing.T) {
	rules := New()
	rules.model, rules.cmodel = nil, nil
	for name, tc := range map[string]struct {
		in   Input
		want []string
	}{
		"being prepared": {
			in:   Input{Lang: "en", Title: "New chip rule for Vietnam", Text: "The Commerce Department is preparing new export controls on advanced AI chips bound for Vietnam."},
			want: []string{},
		},
		"adopted": {
			in:   Input{Lang: "en", Title: "New chip rule for Vietnam", Text: "The Commerce Department imposed new export controls on advanced AI chips bound for Vietnam."},
			want: []string{"other_export_control"},
		},
	} {
		if got := rules.Classify(tc.in); !slices.Equal(got.Labels, tc.want) {
			t.Errorf("%s: labels %v, want %v", name, got.Labels, tc.want)
		}
	}
}

// TestAnotherListChangedBesideAListing: parties taken off another list
// (the Unverified List, which press calls a "watch list" or "red flag
// list") beside an Entity List listing is a control of its own
// (README: UVL changes -> other_export_control). Hand-made sentences.
func TestAnotherListChangedBesideAListing(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"watch list": {
			in: Input{Lang: "en", Title: "US blacklists 20 Chinese firms",
				Text: "The Commerce Department added 20 Chinese companies to the Entity List. It also took nine Chinese firms off its watch list after end-use checks."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"red flag list alone": {
			in:   Input{Lang: "en", Title: "Commerce clears firms", Text: "The Commerce Department took 12 Chinese companies off the red flag list on Friday."},
			want: []string{"other_export_control"},
		},
	})
}

// TestStandingListingIsNoAction: a listing told as a standing state
// ("remains blacklisted", "steht weiterhin auf der Liste") or in the German
// pluperfect (what came before the news) is history, not a new action
// (README: history is not a new action); "unter Druck setzen" is no
// listing. Hand-made sentences.
func TestStandingListingIsNoAction(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"remains blacklisted": {
			in: Input{Lang: "en", Title: "Chipmaker reports results",
				Text: "Sales rose 8 percent. The company remains blacklisted by the U.S. Commerce Department, which keeps it from American chips."},
			want: []string{},
		},
		"German pluperfect": {
			in: Input{Lang: "de", Title: "Zulieferer finden Wege",
				Text: "Die Aufnahme des Konzerns in die Entity-Liste hatte bei seinen Zulieferern Verwirrung gestiftet. Die Umsätze stiegen trotzdem."},
			want: []string{},
		},
		"unter Druck setzen": {
			in: Input{Lang: "de", Title: "Handelsstreit",
				Text: "Die Entity-Liste ist ein Mittel der US-Regierung. Die Geschäfte zeigen, wie schwer es ist, Firmen wie Vantor unter Druck zu setzen."},
			want: []string{},
		},
		"a listing told in the perfect is news": {
			in: Input{Lang: "de", Title: "USA setzen Firmen auf schwarze Liste",
				Text: "Das US-Handelsministerium hat zwölf chinesische Firmen auf die Entity-Liste gesetzt."},
			want: []string{"entity_addition"},
		},
	})
}

// TestGuidanceIsAControl: guidance issued or a clarification by the
// authority is a briefing, other_export_control (export-controls.md),
// also beside a rescission of the framework, and in German words.
// Hand-made sentences.
func TestGuidanceIsAControl(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"German: Richtlinien veröffentlicht beside a rescission": {
			in: Input{Lang: "de", Title: "Washington kippt Bidens KI-Regeln",
				Text: "Das US-Handelsministerium hat die KI-Diffusionsregel zurückgenommen. Zugleich hat es Richtlinien veröffentlicht, nach denen die Nutzung bestimmter chinesischer KI-Chips gegen US-Exportregeln verstößt."},
			want: []string{"tier_change", "quota_change", "other_export_control"},
		},
		"German: stellte klar": {
			in: Input{Lang: "de", Title: "Warnung an Chipkunden",
				Text: "Das Bureau of Industry and Security stellte klar, dass bestimmte chinesische KI-Prozessoren unter die US-Exportkontrollen fallen."},
			want: []string{"other_export_control"},
		},
	})
}

// TestChipReviewPolicyIsAQuota: AI-chip exports moved to case-by-case
// review are a license-review-policy change for a class of AI chips,
// which export-controls.md counts as quota_change; the presumption of
// denial of an Entity List entry is none. Hand-made sentences.
func TestChipReviewPolicyIsAQuota(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"German: Verbot durch Einzelfallprüfungen ersetzt": {
			in: Input{Lang: "de", Title: "Neue Regeln für KI-Chips",
				Text: "Das US-Handelsministerium prüft Anträge auf Exportlizenzen für H200-Chips künftig einzeln: Das Verbot wird durch Einzelfallprüfungen ersetzt."},
			want: []string{"quota_change"},
		},
		"English: moved to case-by-case review": {
			in: Input{Lang: "en", Title: "Commerce eases chip policy",
				Text: "The Commerce Department moved exports of H200-class AI chips to case-by-case review."},
			want: []string{"quota_change"},
		},
	})
}

// TestNotNewActionsInHeadlinesAndLeads: calls, deliberation, speculation
// and history are not new actions (README label policy), in English and
// German headlines and leads alike. Hand-made sentences; a regression
// guard for the hedge and history rules.
func TestNotNewActionsInHeadlinesAndLeads(t *testing.T) {
	none := []string{}
	checkConventions(t, map[string]conventionCase{
		"EN call":          {in: Input{Lang: "en", Title: "Lawmakers urge Commerce to blacklist Chinese chipmaker", Text: "A group of senators urged the Commerce Department to add the chipmaker to the Entity List, citing military ties."}, want: none},
		"DE deliberation":  {in: Input{Lang: "de", Title: "USA erwägen weitere Sanktionen gegen chinesische Chipfirmen", Text: "Die US-Regierung erwägt, weitere chinesische Firmen auf die Entity List zu setzen."}, want: none},
		"EN history":       {in: Input{Lang: "en", Title: "Huawei reports record revenue", Text: "Huawei was added to the Entity List in 2019. The company reported revenue of 700 billion yuan."}, want: none},
		"EN speculation":   {in: Input{Lang: "en", Title: "US could blacklist more Chinese chip firms", Text: "The US could add affiliates of SMIC to the Entity List as soon as next week, sources said."}, want: none},
		"DE speculation":   {in: Input{Lang: "de", Title: "USA könnten weitere Firmen listen", Text: "Die USA könnten bald weitere chinesische Firmen auf die Entity List setzen, berichten Insider."}, want: none},
		"DE history":       {in: Input{Lang: "de", Title: "Huawei legt Zahlen vor", Text: "Huawei steht seit 2019 auf der schwarzen Liste des US-Handelsministeriums. Der Umsatz stieg um 20 Prozent."}, want: none},
		"EN call for caps": {in: Input{Lang: "en", Title: "Senators call for tighter AI chip caps", Text: "Senators called on Commerce to cap AI chip exports to the Gulf at 100,000 units a year."}, want: none},
		"DE call for caps": {in: Input{Lang: "de", Title: "Abgeordnete fordern Obergrenzen für KI-Chips", Text: "Abgeordnete fordern, die Ausfuhr von KI-Chips in die Golfstaaten auf 100.000 Stück pro Jahr zu begrenzen."}, want: none},
	})
}

// TestControlOnGoods: new restrictions on chips, equipment or software
// announced are another export control (export-controls.md: ECCNs and
// rules on items), also in German words that name no control instrument;
// German "verkündet" beside "angekündigt". Hand-made sentences.
func TestControlOnGoods(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		"German: weitere Beschränkungen verkündet": {
			in: Input{Lang: "de", Title: "Neue Regeln für Chipexporte",
				Text: "Das US-Handelsministerium verkündete weitere Beschränkungen, die auch die Chips X700 und X800 erfassen."},
			want: []string{"other_export_control"},
		},
		"a rule prohibiting transactions is no export control": {
			in: Input{Lang: "en", Title: "Securing the supply chain: connected devices",
				Text: "The Bureau of Industry and Security issues this final rule to prohibit certain transactions involving router hardware and software supplied by persons subject to the jurisdiction of a foreign adversary."},
			want: []string{},
		},
		"English: new restrictions on chipmaking tools imposed": {
			in: Input{Lang: "en", Title: "New curbs on chip tools",
				Text: "Commerce imposed new export restrictions on chipmaking tools and design software."},
			want: []string{"other_export_control"},
		},
	})
}
