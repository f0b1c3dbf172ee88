package classifier

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

// TestPressFamilies holds the failure families seen on real press (issue
// 16) to their labels and countries. Every text here is a short hand-made
// example in the style of the family, not a quotation of any article.
func TestPressFamilies(t *testing.T) {
	c := New()
	const (
		tier  = doc.LabelTierChange
		quota = doc.LabelQuotaChange
		add   = doc.LabelEntityAddition
		other = doc.LabelOtherExportControl
	)
	for name, tc := range map[string]struct {
		in        Input
		labels    []string
		countries []string
		rulesOnly bool // the rules alone must find it (the model would cover for them)
	}{
		"German adjective and inflection": {
			in:     Input{Lang: "de", Text: "Die US-Regierung setzt einen chinesischen Hersteller und zwei Firmen aus der Türkei auf die schwarze Liste des US-Handelsministeriums."},
			labels: []string{add}, countries: []string{"CN", "TR"},
		},
		"die Liste refers to the list the title names": {
			in: Input{Lang: "de", Title: "USA setzen chinesische Firmen auf schwarze Liste",
				Text: "Die USA setzen 12 chinesische Firmen auf die Liste. Das Handelsministerium in Washington begründete den Schritt mit Risiken für die nationale Sicherheit."},
			labels: []string{add}, countries: []string{"CN"},
		},
		"Hong Kong's license exceptions suspended": {
			// thompsoncoburn.com, 2020-08-07 (headline as published):
			// Hong Kong treated like China is a placement of both.
			in:     Input{Title: "Commerce Department formally suspends most export license exceptions for Hong Kong"},
			labels: []string{tier}, countries: []string{"CN", "HK"}, rulesOnly: true,
		},
		"a restriction list where US trade restrictions are the subject": {
			// Hand-made, after press-de:newspravda-2023-49-organisationen-russland-chips
			// and press-de:computerbase-2023-bann-liste-biren-moore-threads:
			// "Beschränkungsliste" and "Bann-Liste" for the Entity List,
			// "Handelsbeschränkungen der USA" as its context.
			in:     Input{Lang: "de", Title: "Neue Handelsbeschränkungen der USA", Text: "Zwölf chinesische Firmen kamen neu auf die Bann-Liste."},
			labels: []string{add}, countries: []string{"CN"}, rulesOnly: true,
		},
		"a revision before another list's addition": {
			// press-en:clt-2021-27-entity-list-1-meu (our paraphrase of
			// communicationslitigationtoday.com, 2021-11-26): the MEU
			// list after the revision is the later action's.
			in: Input{Title: "BIS Adds 27 to Entity List, 1 to MEU List",
				Text: "The Bureau of Industry and Security said it put 27 entities on the Entity List. BIS also revised one existing entry under China, added addresses to an entry under Taiwan and corrected another entry under China, and it put a Russian entity on its military end-user (MEU) list."},
			labels: []string{add, doc.LabelEntityRevision, other}, countries: []string{"CN", "RU", "TW"}, rulesOnly: true,
		},
		"a revision of entries already listed": {
			// press-en:thompsonhine-2020-08-huawei-tgl-expires-38-affiliates
			// (our paraphrase of a Thompson Hine alert, 2020-08): "already
			// listed" is what the revision acts on, not background.
			in:     Input{Text: "BIS also added thirty-eight (38) non-US Huawei affiliates to the Entity List and revised the identifying information of several affiliates already listed."},
			labels: []string{add, doc.LabelEntityRevision}, countries: []string{}, rulesOnly: true,
		},
		"sanctions as an English verb, and human-rights abuses as its reason": {
			// Round 49 (HuffPost, 2021-03-22, headline as published).
			in:     Input{Title: "U.S. And Allies Sanction Senior Chinese Officials Over Uighur Abuses"},
			labels: []string{other}, rulesOnly: true,
		},
		"sanctions slapped on someone": {
			// Round 49 (HuffPost, 2018-04-06, headline as published).
			in:     Input{Title: "U.S. Slaps Putin's Inner Circle With Aggressive New Sanctions"},
			labels: []string{other}, rulesOnly: true,
		},
		"sanctions told as an earlier blow are no new measure": {
			// Hand-made, after round 49's near misses: the passive "was hit
			// with" and "US sanctions last month" tell of the past.
			in:     Input{Title: "Chipmaker's shares slide", Text: "The chipmaker was hit with US sanctions last month."},
			labels: []string{}, rulesOnly: true,
		},
		"sanctions renewed as they stand are a near miss": {
			// neg-press:promv-2021-04-eu-sanktionen-myanmar-bis-2022-verlaengert
			// (headline as published).
			in:     Input{Lang: "de", Title: "EU-Sanktionen gegen Myanmar bis 2022 verlängert"},
			labels: []string{}, rulesOnly: true,
		},
		"sanctions renewed and tightened are a change": {
			// Hand-made beside it.
			in:     Input{Lang: "de", Title: "EU verlängert und verschärft Sanktionen gegen Russland"},
			labels: []string{other}, countries: []string{"RU"}, rulesOnly: true,
		},
		"STA-1 status granted is a country-group move": {
			// press-en:tehelka-2018-us-grants-sta-1-status-india (headline as published).
			in:     Input{Title: "US grants STA-1 status to India"},
			labels: []string{tier}, countries: []string{"IN"}, rulesOnly: true,
		},
		"a state sponsor of terrorism designated is a country-group move": {
			// press-en:hsf-2021-01-us-redesignates-cuba-state-sponsor-terrorism (headline as published).
			in:     Input{Title: "The US Department of State re-designates Cuba as a State Sponsor of Terrorism"},
			labels: []string{tier}, countries: []string{"CU"}, rulesOnly: true,
		},
		"a designation only urged is none": {
			// Hand-made beside them.
			in:     Input{Title: "Lawmakers urge the State Department to designate Venezuela a State Sponsor of Terrorism"},
			labels: []string{}, rulesOnly: true,
		},
		"arms exports stopped: the country they go to is the target": {
			// Hand-made, after press-de:israelfrieden-2025-11-deutschland-hebt-ruestungsexportstopp-auf:
			// the arms trade is what the measure acts on, not its reason.
			in:     Input{Lang: "de", Title: "Deutschland stoppt Rüstungsexporte nach Israel"},
			labels: []string{other}, countries: []string{"IL"}, rulesOnly: true,
		},
		"arms sales as a sanction's reason are no target": {
			// Hand-made beside it: China's countermeasure hits US firms.
			in:     Input{Lang: "de", Title: "Peking verhängt Sanktionen gegen US-Firmen wegen Waffenverkäufen an Taiwan"},
			labels: []string{other}, countries: []string{"US"}, rulesOnly: true,
		},
		"export blacklist headline is an addition": {
			in:     Input{Title: "US adds 36 Chinese companies to export blacklist"},
			labels: []string{add}, countries: []string{"CN"},
		},
		"chip sales blocked, as a feed tells it": {
			// Round 42 (The Guardian, 2022-09-01, as published; teaser
			// paraphrased): exports told as sales, the verb "blocks".
			in: Input{Title: "US blocks sales of some AI chips to China as tech crackdown intensifies",
				Text: "With tensions over Taiwan running high, the step is a significant escalation of Washington's push to limit what China can do in military technology."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"chip exports curbed, the verb curbs": {
			// Round 42 (Japan Times, 2023-08-31, as published): no country
			// named beside the region.
			in:     Input{Title: "U.S. curbs AI chip exports from Nvidia to parts of Middle East"},
			labels: []string{other}, countries: []string{}, rulesOnly: true,
		},
		"German compounds name arms exports and sanctions": {
			// Headlines as published (BR 2019, SZ 2022; corpus rounds 41 and
			// earlier): "Waffenexporte", "Finanzsanktionen" begin with
			// no word of the lexicon; "Waffen..." is trade here, not a
			// programme the Türkei is served by (programmeWord).
			in:     Input{Lang: "de", Title: "Bundesregierung stoppt Waffenexporte in die Türkei"},
			labels: []string{other}, countries: []string{"TR"},
		},
		"German compound Finanzsanktionen": {
			in:     Input{Lang: "de", Title: "USA verhängen Finanzsanktionen gegen Russland"},
			labels: []string{other}, countries: []string{"RU"},
		},
		"feed item: the headline is the news": {
			// Round 43 (BBC, 2023-10-24, headline as published; teaser
			// paraphrased): "halt to shipping", and the teaser only says
			// who told whom.
			in: Input{Title: "US orders immediate halt to shipping of some AI chips to China, Nvidia says",
				Text: "According to the technology giant, Washington has instructed Nvidia to cease shipments of some of its advanced AI chips to China at once."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"German decisions on sanctions, as headlines tell them": {
			// Round 44 (Zeit 2014-03, headline as published): "beschließen"
			// is the plural the lexicon lacked beside "beschließt".
			in:     Input{Lang: "de", Title: "EU und USA beschließen Sanktionen gegen Russland"},
			labels: []string{other}, countries: []string{"RU"},
		},
		"German agreement on a sanctions package": {
			// Round 44 (Zeit 2022-10, headline as published).
			in:     Input{Lang: "de", Title: "EU-Staaten einigen sich auf neues Sanktionspaket gegen Russland"},
			labels: []string{other}, countries: []string{"RU"},
		},
		"German sanctions as a verb": {
			// Round 44's kind of headline (Spiegel 2014, as published).
			in:     Input{Lang: "de", Title: "Sberbank: USA sanktionieren Russlands größte Bank"},
			labels: []string{other},
		},
		"German sanctions weighed or refused are no action": {
			// Round 44 (Welt 2014, as published): "prüfen neue Sanktionen".
			in:     Input{Lang: "de", Title: "Ukraine-Konflikt - Obama und EU prüfen neue Sanktionen gegen Russland"},
			labels: []string{},
		},
		"arms exports allowed again are a licensing decision": {
			// Round 41 (Spiegel 2022-09, headline as published).
			in:     Input{Lang: "de", Title: "Schweden lässt Waffenexporte in die Türkei wieder zu"},
			labels: []string{other}, rulesOnly: true,
		},
		"German separable verbs split by their object": {
			// Round 44 (SZ 2014-11, headline as published): "weitet ... aus".
			in:     Input{Lang: "de", Title: "EU weitet Sanktionen gegen Separatisten aus"},
			labels: []string{other}, rulesOnly: true,
		},
		"German approval split by its object": {
			// Round 44 (Welt 2022-02, headline as published): "stimmen ... zu".
			in:     Input{Lang: "de", Title: "EU-Außenminister stimmen Sanktionen gegen Russland zu"},
			labels: []string{other}, countries: []string{"RU"}, rulesOnly: true,
		},
		"German intent is no action": {
			// Round 45 (Welt 2022-03, headline as published): a modal and
			// the infinitive ending the clause.
			in:     Input{Lang: "de", Title: "Biden will neue Russland-Sanktionen verhängen"},
			labels: []string{},
		},
		"German refusal is no action": {
			// Round 46 (Spiegel 2016-10, headline as published): "lehnt ... ab".
			in:     Input{Lang: "de", Title: "Krieg in Syrien: EU lehnt neue Sanktionen gegen Moskau ab"},
			labels: []string{},
		},
		"sanctions against a capital are against its country": {
			// Round 47 (Wirtschaftswoche 2014-04, headline as published).
			in:     Input{Lang: "de", Title: "Ukraine-Krise G7 verschärfen Sanktionen gegen Moskau"},
			labels: []string{other}, countries: []string{"RU"}, rulesOnly: true,
		},
		"whom a measure affects, told apart": {
			// Hand-made, after the shape of press-de:volksfreund-2021-
			// erstmals-us-sanktionen-wegen-nord-stream-2: the party is
			// named in a sentence of its own ("Betroffen ist ...") with no
			// word of export control.
			in: Input{Lang: "de", Title: "USA verhängen erstmals Sanktionen wegen Nord Stream 2",
				Text: "Die US-Regierung hat erstmals Sanktionen gegen ein Unternehmen verhängt. Betroffen ist nach Angaben des US-Außenministeriums die russische Firma KVT-RUS."},
			labels: []string{other}, countries: []string{"RU"}, rulesOnly: true,
		},
		"a headline's regime named by a compound": {
			// Round 46 (Zeit 2022-02, headline as published).
			in:     Input{Lang: "de", Title: "EU-Gipfel stimmt neuen Russland-Sanktionen zu"},
			labels: []string{other}, countries: []string{"RU"}, rulesOnly: true,
		},
		"an arms embargo widened is an export control": {
			// Round 45 (Zeit 2022-03, headline as published): "Waffenembargo"
			// is what the document is about, though it names no export.
			in:     Input{Lang: "de", Title: "UN-Sicherheitsrat weitet Waffenembargo gegen Rebellen aus"},
			labels: []string{other}, rulesOnly: true,
		},
		"German export stop loosened": {
			// Round 41 (Spiegel 2022-05, headline as published).
			in:     Input{Lang: "de", Title: "Indien lockert Exportstopp für Weizen"},
			labels: []string{other}, countries: []string{"IN"}, rulesOnly: true,
		},
		"English list with acronyms": {
			in:     Input{Text: "The Bureau of Industry and Security today announced it is adding six entities in the People's Republic of China (PRC), South Africa, the United Arab Emirates (UAE), and the United Kingdom to the Entity List."},
			labels: []string{add}, countries: []string{"AE", "CN", "GB", "ZA"},
		},
		"German tiers, Tier-2-Land and Obergrenzen": {
			in: Input{Lang: "de", Title: "USA beschränken Export von KI-Chips",
				Text: "Die neue Regel teilt die Welt in drei Kategorien. 18 Länder, darunter Deutschland, Frankreich und Japan, erhalten uneingeschränkten Zugang zu Nvidia-Chips. Österreich und Polen gelten als Tier-2-Land und unterliegen Obergrenzen."},
			labels: []string{tier, quota}, countries: []string{"AT", "DE", "FR", "JP", "PL"},
		},
		"Rechenleistung begrenzen": {
			in:     Input{Lang: "de", Title: "Neue Exportregeln für KI-Chips", Text: "Die USA wollen die Rechenleistung begrenzen, die Länder wie Indien und Brasilien kaufen dürfen."},
			labels: []string{quota}, countries: []string{"BR", "IN"},
		},
		"placed in the second group": {
			in:     Input{Title: "US unveils AI chip export rule", Text: "India, Israel and Saudi Arabia were placed in the second group, which faces limits on the computing power they can buy."},
			labels: []string{tier, quota}, countries: []string{"IL", "IN", "SA"},
		},
		"limit how many chips": {
			in:     Input{Title: "US to cap AI chip sales", Text: "The administration will limit how many AI chips Nvidia can sell to countries such as Mexico, Portugal and Israel."},
			labels: []string{quota}, countries: []string{"IL", "MX", "PT"},
		},
		"rescinding the diffusion rule": {
			in:     Input{Title: "Trump kippt KI-Chip-Regel", Lang: "de", Text: "Die US-Regierung will die AI Diffusion Rule aufheben. Die Regel hätte Länder in drei Stufen eingeteilt und Obergrenzen für Chipexporte vorgesehen."},
			labels: []string{tier, quota}, countries: []string{},
		},
		"restrictions lifted for a country": {
			in:     Input{Title: "US lifts AI chip limits on Gulf states", Text: "The Commerce Department removed Saudi Arabia and the UAE from the restrictions on advanced AI chips."},
			labels: []string{tier, quota}, countries: []string{"AE", "SA"},
		},
		"no longer a Tier-2 country": {
			in:     Input{Lang: "de", Title: "Polen", Text: "Polen ist kein Tier-2-Land mehr: Die USA haben die Beschränkungen für KI-Chip-Exporte nach Polen aufgehoben."},
			labels: []string{tier, quota}, countries: []string{"PL"},
		},
		"arms-embargo designation": {
			in:     Input{Lang: "de", Text: "Das US-Handelsministerium nimmt Nicaragua in die Ländergruppe D:5 der Staaten mit Waffenembargo auf."},
			labels: []string{tier}, countries: []string{"NI"},
		},
		"history is not an action": {
			in:     Input{Title: "Huawei unveils new AI chip", Text: "Huawei unveiled a new AI chip on Thursday. In 2019 Huawei was put on the Entity List, cutting it off from U.S. suppliers."},
			labels: []string{}, countries: []string{},
		},
		"history in a relative clause": {
			in:     Input{Title: "SMIC profits rise", Text: "SMIC, which was added to the Entity List in December 2020, reported higher profits."},
			labels: []string{}, countries: []string{},
		},
		"German history": {
			in:     Input{Lang: "de", Title: "Huawei stellt neuen Chip vor", Text: "Huawei wurde bereits 2019 auf die Entity List gesetzt und entwickelt seitdem eigene Chips."},
			labels: []string{}, countries: []string{},
		},
		"a call is not an action": {
			in:     Input{Title: "Lawmakers want CXMT blacklisted", Text: "A group of lawmakers on Monday urged the Commerce Department to add Chinese memory chipmaker CXMT to the Entity List."},
			labels: []string{}, countries: []string{},
		},
		"speculation is not an action": {
			in:     Input{Text: "The Commerce Department is considering adding more Chinese chipmakers to the Entity List, people familiar with the matter said."},
			labels: []string{}, countries: []string{},
		},
		"Clean Air Act sanctions clock and thresholds": {
			in:     Input{Title: "Air Quality State Implementation Plans; California", Text: "EPA is finalizing a limited disapproval, which starts a sanctions clock under the Clean Air Act. The emission thresholds required for the proposed rule are not met."},
			labels: []string{}, countries: []string{},
		},
		"import permit guidance": {
			in:     Input{Title: "Import Permit Requirements; Guidance for Industry", Text: "The agency issues guidance on import permit requirements for live animals."},
			labels: []string{}, countries: []string{},
		},
		"receiving countries are targets": {
			in:     Input{Lang: "de", Title: "USA verschärfen Exportverbot", Text: "Die Exportbeschränkungen sollen verhindern, dass China, Russland und Iran fortschrittliche KI-Chips erhalten."},
			labels: []string{other}, countries: []string{"CN", "IR", "RU"},
		},
		"German export stop with the verb last": {
			in:     Input{Lang: "de", Title: "Neue Ausfuhrregeln", Text: "Die US-Regierung wird den Export der neuesten KI-Chips von zwei Herstellern nach China und Iran stoppen."},
			labels: []string{other}, countries: []string{"CN", "IR"},
		},
		"the headline names the country the body leaves implicit": {
			in:     Input{Lang: "de", Title: "USA planen Obergrenze für KI-Chip-Exporte nach China", Text: "Einzelne Kunden sollen höchstens 75.000 Einheiten der Spitzenmodelle erwerben dürfen."},
			labels: []string{quota}, countries: []string{"CN"},
		},
		"German quota compound": {
			in: Input{Lang: "de", Title: "KI-Chips", Text: "Nvidia darf fortschrittliche Chips nur noch an Verbündete uneingeschränkt liefern. Für andere Länder gelten Rechenleistungslimits."},
			// Allies spared from the limits are the framework's first
			// tier (alliesSpared): a tier change too, as where the
			// limits are called "Obergrenzen".
			labels: []string{tier, quota}, rulesOnly: true,
		},
		"existing curbs in passing": {
			in:     Input{Title: "Memory maker shares rise", Text: "Shares rose 6% after the chipmaker said demand would stay strong next year, despite U.S. export curbs on China."},
			labels: []string{}, countries: []string{},
		},
		"allies spared from the caps are the first tier": {
			in: Input{Lang: "de", Title: "USA begrenzen KI-Chip-Exporte",
				Text: "Für die meisten Länder gilt eine Obergrenze von 50.000 GPUs. Keine Beschränkungen gelten für 18 wichtige Verbündete, darunter Deutschland, Japan und Taiwan."},
			labels: []string{tier, quota}, countries: []string{"DE", "JP", "TW"},
		},
		"a rescission is worldwide whatever countries describe the old tiers": {
			in: Input{Title: "Commerce withdraws AI chip rule",
				Text: "The Commerce Department has withdrawn the AI Diffusion Rule. The rule would have put Japan in Tier 1, Mexico in Tier 2 and China in Tier 3."},
			labels: []string{tier, quota}, countries: []string{},
		},
		"the UFLPA Entity List bars imports": {
			in:     Input{Title: "Notice Regarding the UFLPA Entity List", Text: "DHS announces that this update adds three entities to the Uyghur Forced Labor Prevention Act (UFLPA) Entity List."},
			labels: []string{}, countries: []string{},
		},
		"an information collection changes nothing": {
			in:     Input{Title: "Proposed Information Collection; Comment Request; Export Administration Regulations", Text: "The Department of Commerce invites comment on proposed information collections under the Paperwork Reduction Act."},
			labels: []string{}, countries: []string{},
		},
		"an entry's license terms are not another control": {
			in:     Input{Title: "BIS adds 12 firms to the Entity List", Text: "BIS added 12 companies to the Entity List. All 12 face a license requirement for all items subject to the EAR, reviewed under a presumption of denial."},
			labels: []string{add},
		},
		"parties named later in the report": {
			in:     Input{Title: "BIS adds 20 to Entity List", Text: "BIS put 20 companies on the Entity List on Tuesday. The newest listings include nine entities in Pakistan and entities in Iran (six) and Russia (five)."},
			labels: []string{add}, countries: []string{"IR", "PK", "RU"},
		},
		"a country kept from the chips is not a quota country": {
			in:     Input{Title: "US approves chip sales", Text: "The US approved exports of up to 35,000 AI chips to Saudi Arabia, with rules meant to keep the chips from reaching China."},
			labels: []string{quota}, countries: []string{"SA"},
		},
		"a question is not an action": {
			in:     Input{Title: "How to get off the Entity List", Text: "With so many firms being put on the Entity List in China, can they ever get off it?"},
			labels: []string{}, countries: []string{},
		},
		"in addition is a connective": {
			in:     Input{Title: "Additional Export Controls; Entity List Modification", Text: "In addition, BIS is expanding controls on transactions involving items for supercomputer end uses in China."},
			labels: []string{other},
		},
		"revising a rule is not revising an entry": {
			in:     Input{Title: "Export controls on Belarus", Text: "This rule imposes new license requirements for Belarus and revises the two foreign direct product rules specific to Russia to make them applicable to Belarus."},
			labels: []string{other},
		},
		"a country's current country group is not a move": {
			in:     Input{Title: "Burma: Implementation of Sanctions", Text: "BIS is suspending the use of certain license exceptions that would otherwise be available to Burma as a result of its current Country Group placement in the EAR."},
			labels: []string{other}, countries: []string{"MM"},
		},
		"no longer in a country group": {
			in:     Input{Title: "Conforming changes to the EAR", Text: "This rule makes a conforming change to reflect that Cyprus is no longer a Country Group D:5 country."},
			labels: []string{tier}, countries: []string{"CY"},
		},
		"a destination list with a rarely named country": {
			in:     Input{Title: "Firm and affiliates added to the Entity List", Text: "BIS added the firm and 5 affiliates to the Entity List. The affiliates sit in 5 destinations: Belgium, Madagascar, Oman, Paraguay and Vietnam."},
			labels: []string{add}, countries: []string{"BE", "MG", "OM", "PY", "VN"},
		},
		"counts of parties from each country": {
			in:     Input{Lang: "de", Title: "93 Firmen auf der Entity List", Text: "Die Firmen kommen auf die Entity List des Handelsministeriums. 63 der neu gelisteten Firmen stammen aus Russland, 16 aus der Türkei und acht aus China."},
			labels: []string{add}, countries: []string{"CN", "RU", "TR"},
		},
		"German baskets are tiers": {
			in:     Input{Lang: "de", Title: "KI-Chips: drei Körbe", Text: "Im dritten «Korb» ist der Chipexport verboten: Russland, China und Nordkorea."},
			labels: []string{tier}, countries: []string{"CN", "KP", "RU"},
		},
		"OFAC adds persons to its list": {
			in:     Input{Title: "Notice of OFAC Sanctions Actions", Text: "OFAC is publishing the names of persons that have been placed on OFAC's Specially Designated Nationals and Blocked Persons List."},
			labels: []string{other},
		},
		"OFAC adding regulations is another control": {
			in:     Input{Title: "Example Sanctions Regulations", Text: "The Office of Foreign Assets Control (OFAC) is adding regulations to implement an Executive order on the situation in Mali."},
			labels: []string{other},
		},
		"an ITAR arms-embargo designation moves the country": {
			in:     Input{Title: "ITAR: Addition to List of Proscribed Countries", Text: "The Department of State is amending the ITAR to add Nicaragua in the list of countries for which it is the policy of the United States to deny licenses for exports of defense articles, except as otherwise provided."},
			labels: []string{tier, other}, countries: []string{"NI"},
		},
		"kommen auf die schwarze Liste": {
			in:     Input{Lang: "de", Title: "Neue Runde", Text: "Dutzende weitere chinesische Firmen kommen auf die schwarze Liste des US-Handelsministeriums."},
			labels: []string{add}, countries: []string{"CN"},
		},
		"the US Commerce Department's own export control list": {
			in:     Input{Lang: "de", Title: "Neue Sanktionen", Text: "Das US-Handelsministerium erweiterte am Freitag seine Exportkontrollliste um zwölf chinesische Firmen."},
			labels: []string{add}, countries: []string{"CN"},
		},
		"Country Group E:1 designation": {
			in:     Input{Title: "Revisions to Country Groups", Text: "This rule amends the EAR by adding Venezuela to Country Group E:1 (terrorist supporting countries)."},
			labels: []string{tier}, countries: []string{"VE"},
		},
		"countries that face limits in a tier framework": {
			in:     Input{Title: "US unveils tiered AI chip export system", Text: "The tiered system spares close allies. Over 100 countries, including Mexico, Portugal and Israel, could face limits on chips for AI data centers."},
			labels: []string{tier, quota}, countries: []string{"IL", "MX", "PT"}, rulesOnly: true,
		},
		"limits on chip exports to China are no quota": {
			in:     Input{Title: "US tightens chip curbs", Text: "The Commerce Department tightened limits on exports of advanced chips to China."},
			labels: []string{other}, countries: []string{"CN"},
		},
		"hyphenated German compounds": {
			in:     Input{Lang: "de", Title: "Lithografie", Text: "Mit einer neuen Export-Kontrollliste brauchen Hersteller künftig eine Ausnahmelizenz, um Lithografie-Systeme nach China zu verkaufen."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"China's list of American contractors": {
			in:     Input{Title: "China expands its unreliable entity list", Text: "China announced that it has added three U.S. defence contractors to its unreliable entity list."},
			labels: []string{other}, countries: []string{"US"}, rulesOnly: true,
		},
		"China's sanctions bind persons in China": {
			in:     Input{Lang: "de", Title: "China sanktioniert US-Rüstungsbauer", Text: "Wegen Waffenverkäufen hat Peking vier US-Firmen auf eine Sanktionsliste gesetzt: Ihre Konten werden gesperrt, und Unternehmen in China dürfen keine Geschäfte mit ihnen machen."},
			labels: []string{other}, countries: []string{"US"},
		},
		"eine begrenzte Zahl an Grafikprozessoren": {
			in:     Input{Lang: "de", Title: "KI-Chips", Text: "Länder wie Indien, Israel und Saudi-Arabien fallen in die zweite Kategorie und dürfen nur eine begrenzte Zahl an Grafikprozessoren kaufen."},
			labels: []string{tier, quota}, countries: []string{"IL", "IN", "SA"}, rulesOnly: true,
		},
		"a new licence requirement in the future tense": {
			in:     Input{Title: "H20", Text: "The U.S. government told Nvidia it will need a license to export its H20 chips to China."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"a tier placement capping access to chips": {
			in:     Input{Title: "Poland", Text: "Poland was placed in the second tier of the AI diffusion rule, capping its access to advanced chips."},
			labels: []string{tier, quota}, countries: []string{"PL"}, rulesOnly: true,
		},
		"stuft in eine Ländergruppe ein": {
			in:     Input{Lang: "de", Title: "Embargo", Text: "Das US-Handelsministerium stuft Nicaragua in die Ländergruppe D:5 ein."},
			labels: []string{tier}, countries: []string{"NI"}, rulesOnly: true,
		},
		"Lieferungen need a licence from now on": {
			in:     Input{Lang: "de", Title: "Lizenz", Text: "Für Lieferungen an chinesische Kunden braucht AMD ab sofort eine Genehmigung aus Washington."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"zurückgezogen rescinds": {
			in:     Input{Lang: "de", Title: "Rücknahme", Text: "Das Handelsministerium hat die umstrittene Biden-Regel zur KI-Chip-Ausfuhr zurückgezogen."},
			labels: []string{tier, quota}, countries: []string{}, rulesOnly: true,
		},
		"herausgenommen aus der zweiten Kategorie": {
			in:     Input{Lang: "de", Title: "Aufstieg", Text: "Polen wird aus der zweiten Kategorie herausgenommen und erhält damit unbegrenzten Zugang zu US-KI-Chips."},
			labels: []string{tier, quota}, countries: []string{"PL"}, rulesOnly: true,
		},
		"took off a trade blacklist": {
			in:     Input{Title: "Delisted", Text: "The U.S. took two Chinese drone makers off a trade blacklist on Friday."},
			labels: []string{doc.LabelEntityRemoval}, countries: []string{"CN"}, rulesOnly: true,
		},
		"China bans exports to the US": {
			in:     Input{Lang: "de", Title: "Rohstoffe", Text: "Peking verbietet die Ausfuhr von Gallium und Germanium in die USA."},
			labels: []string{other}, countries: []string{"US"}, rulesOnly: true,
		},
		"German speculation with the verb last": {
			in:     Input{Lang: "de", Title: "Spekulation", Text: "Laut Insidern erwägt Washington, weitere chinesische Chipfirmen auf die schwarze Liste zu setzen."},
			labels: []string{}, countries: []string{}, rulesOnly: true,
		},
		"könnten verhängen is no control": {
			in:     Input{Lang: "de", Title: "Spekulation", Text: "Die USA könnten schon bald neue Exportbeschränkungen gegen China verhängen."},
			labels: []string{}, countries: []string{}, rulesOnly: true,
		},
		"an ally tightening its own controls": {
			in:     Input{Lang: "de", Title: "Japan zieht nach", Text: "Japan verschärft seine Exportkontrollen für Halbleiterausrüstung. Künftig benötigen Hersteller wie Tokyo Electron für 23 Produktgruppen eine Genehmigung des Wirtschaftsministeriums."},
			labels: []string{other}, countries: []string{"JP"}, rulesOnly: true,
		},
		"a listing and, also, an export restriction": {
			in:     Input{Title: "US blacklists dozens of Chinese firms", Text: "The administration on Monday added 140 entities to its trade restriction list, including Chinese tool makers. The list also includes firms in Japan, South Korea and Singapore. The rules also restrict exports of high-bandwidth memory chips."},
			labels: []string{add, other}, countries: []string{"CN", "JP", "KR", "SG"}, rulesOnly: true,
		},
		"the 18 with an adjective": {
			in:     Input{Lang: "de", Title: "Schweiz protestiert", Text: "Die Schweiz ist nicht unter den 18 privilegierten Staaten der neuen US-Chipregel und muss mit Kontingenten leben."},
			labels: []string{tier, quota}, countries: []string{"CH"}, rulesOnly: true,
		},
		"moved to Tier 1, U.S. chips": {
			in:     Input{Title: "Tier change", Text: "Under the deal, Malaysia will be moved to Tier 1, allowing unlimited purchases of U.S. AI chips."},
			labels: []string{tier, quota}, countries: []string{"MY"}, rulesOnly: true,
		},
		"stehen nun auf der Entity List": {
			in:     Input{Lang: "de", Title: "Zehn Firmen", Text: "Zehn Unternehmen aus Hongkong und Festlandchina stehen nun auf der Entity List, teilte das US-Handelsministerium mit."},
			labels: []string{add}, countries: []string{"CN", "HK"}, rulesOnly: true,
		},
		// A decision that a chip class may go to China, told without
		// licences, is a review-policy change (the corpus's H200
		// precedents): quota_change. Licences granted are another control.
		"chip sales allowed to a country": {
			in:     Input{Lang: "de", Title: "H200", Text: "Die US-Regierung erlaubt Nvidia, H200-Chips an ausgewählte Kunden in China zu verkaufen."},
			labels: []string{quota}, countries: []string{"CN"}, rulesOnly: true,
		},
		"will allow to sell": {
			in:     Input{Title: "H20", Text: "The administration will allow Nvidia to sell its H20 chips to China again."},
			labels: []string{quota}, countries: []string{"CN"}, rulesOnly: true,
		},
		"licences granted for chip sales": {
			in:     Input{Title: "H20", Text: "The administration will allow Nvidia to sell its H20 chips to China again. The Commerce Department has begun issuing licences for the H20."},
			labels: []string{other}, countries: []string{"CN"}, rulesOnly: true,
		},
		"auf eine schwarze Liste genommen is a listing": {
			in:     Input{Lang: "de", Title: "Schwarze Liste", Text: "Die USA haben 14 chinesische Firmen auf eine schwarze Liste genommen, teilte das Handelsministerium mit."},
			labels: []string{add}, countries: []string{"CN"}, rulesOnly: true,
		},
		"von der Liste genommen is a removal": {
			in:     Input{Lang: "de", Title: "Entity List", Text: "Das US-Handelsministerium hat zwei indische Institute von der Entity List genommen."},
			labels: []string{doc.LabelEntityRemoval}, countries: []string{"IN"}, rulesOnly: true,
		},
		"an arms embargo lifted is a tier change for the country": {
			in:     Input{Lang: "de", Title: "Waffenembargo", Text: "Die USA haben das Waffenembargo gegen Laos aufgehoben; Anträge werden künftig einzeln geprüft."},
			labels: []string{tier}, countries: []string{"LA"}, rulesOnly: true,
		},
		"an ambiguous name inside a list is an item": {
			in:     Input{Title: "Entity List", Text: "BIS added 9 entities to the Entity List: entities from Armenia (two), Georgia (one), Malaysia (three) and the Netherlands (three)."},
			labels: []string{add}, countries: []string{"AM", "MY", "NL"}, rulesOnly: true,
		},
		"removals told in general are none": {
			in:     Input{Title: "US blacklists firms", Text: "The Commerce Department added three Chinese firms to the Entity List. Listed companies are rarely removed, though they can petition BIS."},
			labels: []string{add}, countries: []string{"CN"}, rulesOnly: true,
		},
		"a listing retold as restrictions is no other control": {
			in: Input{Lang: "de", Title: "USA verhängen Ausfuhrbeschränkungen gegen 9 Unternehmen",
				Text: "Das US-Handelsministerium verhängt Ausfuhrbeschränkungen gegen neun Unternehmen und setzt sie auf die Entity List. Die Exportbeschränkungen treffen Firmen aus China."},
			labels: []string{add}, countries: []string{"CN"}, rulesOnly: true,
		},
		"describing controls is no change": {
			in: Input{Lang: "de", Title: "Exportkontrolle",
				Text: "Exportkontrolle heißt, dass Lieferungen ins Ausland genehmigungspflichtig sein können. Ob eine Genehmigungspflicht besteht, hängt von Gut, Land und Empfänger ab."},
			labels: []string{},
		},
		"export licences revoked": {
			in:     Input{Title: "US revokes licences", Text: "The Commerce Department revoked export licences that allowed two US chipmakers to supply Huawei."},
			labels: []string{other},
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := c
			if tc.rulesOnly {
				c = New()
				c.model, c.cmodel = nil, nil
			}
			got := c.Classify(tc.in)
			if diff := cmp.Diff(tc.labels, got.Labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s\nevidence: %v", diff, got.Evidence)
			}
			if tc.countries != nil {
				if diff := cmp.Diff(tc.countries, got.Countries); diff != "" {
					t.Errorf("countries (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestHongKongStatus checks the sentences that end Hong Kong's separate
// treatment, and near misses that keep or extend it. Real headlines where
// an origin is given, the others hand-made.
func TestHongKongStatus(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Commerce Department formally suspends most export license exceptions for Hong Kong", true},       // thompsoncoburn.com, 2020-08-07
		{"United States moves to treat Hong Kong like China: what does this mean for US exporters?", true}, // internationallawoffice.com, 2020-07
		{"USA entziehen Hongkong Privilegien", true},                                                       // fuw.ch, 2020
		{"The Commerce Department extends license exceptions for Hong Kong.", false},
		{"Hong Kong keeps its special status for now.", false},
		{"Commerce suspends license exceptions for exports to China.", false},
		{"USA stoppen Rüstungsexporte nach Hongkong", true},                         // press-de:cash-2020-06-usa-stoppen-ruestungsexporte-hongkong (headline)
		{"Für Hongkong gelten damit dieselben Beschränkungen wie für China.", true}, // after press-de:awa-2020-usa-stoppen-ruestungsexporte-hongkong-meu
		{"Großbritannien stoppt Rüstungsexporte nach Hongkong", false},              // hand-made: not a US measure
		{"Die USA liefern weiter Rüstungsgüter nach Hongkong.", false},              // hand-made: nothing ends
	} {
		st := c.prepare(Input{Title: tc.text})
		if got := st.hongKongStatus(&st.sents[0]); got != tc.want {
			t.Errorf("%q: hongKongStatus %v, want %v", tc.text, got, tc.want)
		}
	}
}
