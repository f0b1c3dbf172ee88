package synth

var countryCodes = []string{"CN", "RU", "IR", "AE", "TW", "HK", "SG", "MY", "PK", "BY", "KP", "SA", "IN", "VN", "TR", "AT", "DE", "NL", "KR", "JP", "IL", "FR", "GB", "MX"}

var countryWeights = []weighted{
	{"CN", 40}, {"RU", 10}, {"IR", 6}, {"AE", 5}, {"TW", 4}, {"HK", 5}, {"SG", 3}, {"MY", 3},
	{"PK", 3}, {"BY", 2}, {"KP", 2}, {"SA", 2}, {"IN", 2}, {"VN", 2}, {"TR", 2}, {"AT", 1},
	{"DE", 1}, {"NL", 1}, {"KR", 1}, {"JP", 1}, {"IL", 1}, {"FR", 1}, {"GB", 1}, {"MX", 1},
}

var countryNames = map[string]string{
	"CN": "China", "RU": "Russia", "IR": "Iran", "AE": "United Arab Emirates", "TW": "Taiwan",
	"HK": "Hong Kong", "SG": "Singapore", "MY": "Malaysia", "PK": "Pakistan", "BY": "Belarus",
	"KP": "North Korea", "SA": "Saudi Arabia", "IN": "India", "VN": "Vietnam", "TR": "Turkey",
	"AT": "Austria", "DE": "Germany", "NL": "the Netherlands", "KR": "South Korea", "JP": "Japan",
	"IL": "Israel", "FR": "France", "GB": "the United Kingdom", "MX": "Mexico",
}

var countryNamesDE = map[string]string{
	"CN": "China", "RU": "Russland", "IR": "Iran", "AE": "die Vereinigten Arabischen Emirate", "TW": "Taiwan",
	"HK": "Hongkong", "SG": "Singapur", "MY": "Malaysia", "PK": "Pakistan", "BY": "Belarus",
	"KP": "Nordkorea", "SA": "Saudi-Arabien", "IN": "Indien", "VN": "Vietnam", "TR": "die Türkei",
	"AT": "Österreich", "DE": "Deutschland", "NL": "die Niederlande", "KR": "Südkorea", "JP": "Japan",
	"IL": "Israel", "FR": "Frankreich", "GB": "Großbritannien", "MX": "Mexiko",
}

var cities = map[string][]string{
	"CN": {"Beijing", "Shanghai", "Shenzhen", "Hefei", "Wuxi", "Chengdu", "Tianjin", "Wuhan", "Hangzhou", "Xi'an", "Nanjing", "Jinan", "Changsha", "Guangzhou"},
	"RU": {"Moscow", "Saint Petersburg", "Novosibirsk", "Yekaterinburg", "Kazan", "Zelenograd"},
	"IR": {"Tehran", "Isfahan", "Shiraz", "Tabriz"},
	"AE": {"Dubai", "Abu Dhabi", "Sharjah"},
	"TW": {"Taipei", "Hsinchu", "Taichung", "Tainan"},
	"HK": {"Kowloon", "Wan Chai", "Kwun Tong", "Tsim Sha Tsui"},
	"SG": {"Singapore"},
	"MY": {"Kuala Lumpur", "Penang", "Johor Bahru"},
	"PK": {"Karachi", "Lahore", "Islamabad", "Rawalpindi"},
	"BY": {"Minsk", "Gomel", "Vitebsk"},
	"KP": {"Pyongyang"},
	"SA": {"Riyadh", "Jeddah"},
	"IN": {"Bengaluru", "Mumbai", "New Delhi"},
	"VN": {"Hanoi", "Ho Chi Minh City"},
	"TR": {"Istanbul", "Ankara", "Izmir"},
	"AT": {"Vienna", "Graz", "Linz"},
	"DE": {"Munich", "Dresden", "Hamburg"},
	"NL": {"Veldhoven", "Eindhoven", "Amsterdam"},
	"KR": {"Seoul", "Suwon", "Icheon"},
	"JP": {"Tokyo", "Osaka", "Kumamoto"},
	"IL": {"Tel Aviv", "Haifa"},
	"FR": {"Paris", "Grenoble"},
	"GB": {"London", "Cambridge"},
	"MX": {"Mexico City", "Guadalajara"},
}

var realEntities = []string{
	"Inspur Group", "Inspur Electronic Information Industry Co., Ltd.", "Sugon", "Hygon Information Technology",
	"Phytium Technology", "Sophgo Technologies", "Biren Technology", "Moore Threads Technology",
	"Zhipu AI", "Yangtze Memory Technologies", "Semiconductor Manufacturing International Corporation",
	"Huawei Technologies Co., Ltd.", "Cambricon Technologies", "Sunway Microelectronics",
	"National University of Defense Technology", "Shanghai Micro Electronics Equipment",
}

var companySuffixes = []string{
	"Technology Co., Ltd.", "Electronics Co., Ltd.", "Information Technology Co., Ltd.", "Trading Limited",
	"Microelectronics Co.", "Intelligent Computing Center", "Semiconductor Co., Ltd.", "Research Institute",
	"Import and Export Co.", "Logistics LLC", "Industrial Group", "Supercomputing Center",
}

var syllables = []string{
	"an", "bao", "chen", "da", "fei", "gao", "hai", "hua", "jin", "kai", "long", "ming", "nan", "peng",
	"qi", "rui", "sheng", "tai", "wei", "xin", "yang", "zhong", "tek", "vol", "mar", "kor", "sar", "lin",
	"dor", "vek", "ra", "mi", "no", "ta", "zu", "el", "os", "ir", "ul", "ba",
}

var kinds = []weighted{
	{"rule", 45}, {"notice", 35}, {"proposed_rule", 12}, {"presidential_document", 3}, {"correction", 5},
}

var actions = map[string]string{
	"rule": "Final rule.", "notice": "Notice.", "proposed_rule": "Proposed rule.",
	"presidential_document": "Executive order.", "correction": "Correcting amendment.",
}

var otherAgencies = []string{"commerce-department", "state-department", "treasury-department", "defense-department"}

var cfrParts = []string{"730", "732", "734", "736", "738", "740", "742", "744", "746", "748", "750", "758", "762", "764", "772", "774"}

var eccnNumbers = []int{1, 2, 3, 90, 91, 92, 99, 101, 225, 232, 292, 501, 991, 992, 994, 999}

var technologies = []string{
	"advanced computing integrated circuits", "high-bandwidth memory", "semiconductor manufacturing equipment",
	"graphics processing units", "artificial intelligence model weights", "supercomputers",
	"extreme ultraviolet lithography tools", "electronic design automation software",
	"data center accelerators", "quantum computing items", "gate-all-around transistor technology",
	"advanced packaging equipment", "deposition and etch tools", "cryogenic wafer probers",
}

var technologiesDE = []string{
	"Hochleistungschips", "KI-Beschleuniger", "Grafikprozessoren", "Halbleiterfertigungsanlagen",
	"Speicherchips mit hoher Bandbreite", "Lithografiesysteme", "Supercomputer", "KI-Modellgewichte",
}

var organizations = []string{
	"the Wassenaar Arrangement", "the Nuclear Suppliers Group", "the Missile Technology Control Regime",
	"the Australia Group", "the End-User Review Committee", "the Department of State",
	"the Department of Defense", "the Department of Energy", "the Office of Foreign Assets Control",
}

var firstNames = []string{"Karen", "Michael", "Jennifer", "David", "Hillary", "Logan", "Susan", "Eileen", "Jeffrey", "Aaron"}

var streetKinds = []string{"Road", "Street", "Avenue", "Industrial Park", "Science Park", "Building", "Tower", "Boulevard"}

var titlesEN = map[string][]string{
	"": {
		"Agency Information Collection Activities; Submission to the Office of Management and Budget (OMB) for Review and Approval; Comment Request; {tech}",
		"Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
		"Sensors and Instrumentation Technical Advisory Committee; Notice of Partially Closed Meeting",
		"Order Renewing Temporary Denial of Export Privileges; {entity}",
		"Settlement Agreement; {entity}",
		"Materials Technical Advisory Committee; Notice of Open Meeting",
		"Effects of Foreign Policy-Based Export Controls; Request for Comments",
	},
	"other_export_control": {
		"Revisions to the Export Administration Regulations: {tech}",
		"Wassenaar Arrangement {year} Plenary Agreements Implementation",
		"Export Controls on {tech}: Revisions and Clarifications",
		"Implementation of Additional Export Controls: Certain {tech}",
		"Expansion of End-Use Controls To Address {tech}",
		"Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for {tech}",
		"Commerce Control List: Corrections and Clarifications for ECCN {eccn}",
	},
	"entity_addition": {
		"Additions to the Entity List",
		"Addition of Entities to the Entity List",
		"Additions to the Entity List; {country}",
		"Addition of Entities to the Entity List and Revision of Existing Entries on the Entity List",
		"Additions and Revisions to the Entity List and Conforming Removal From the Unverified List",
		"Addition of Certain Entities to the Entity List; {entity}",
	},
	"entity_removal": {
		"Removal of Certain Entities From the Entity List",
		"Entity List: Removal of Entries Under the Destination of {country}",
		"Removal of Entities From the Entity List and Revision of an Entry",
	},
	"entity_revision": {
		"Revision of Existing Entries on the Entity List",
		"Entity List: Revisions to Entries Under {country}",
	},
	"tier_change": {
		"Framework for Artificial Intelligence Diffusion",
		"Export Control Revisions for Advanced Computing Items; Country Groups and Destination Tiers",
		"Revision of License Requirements for {country}: Tier Reassignment for Advanced Computing Items",
	},
	"quota_change": {
		"Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer and Semiconductor End Use; Updates and Corrections",
		"Advanced Computing Items: Revised Allocation Limits of Total Processing Performance",
		"Data Center Validated End User Authorization: Compute Quotas for {country}",
	},
}

var pressTitles = []string{
	"Commerce Adds {num} Entities to the Entity List for Diversion of {tech}",
	"BIS Imposes Penalty on {entity} for Unlicensed Exports of {tech}",
	"Commerce Strengthens Export Controls on {tech} to {country}",
	"Under Secretary Announces New Guidance on {tech} Due Diligence",
}

var titlesDE = map[string][]string{
	"": {
		"Handelsstreit: Peking reagiert auf neue US-Zölle",
		"Chinas Halbleiterindustrie meldet Rekordumsätze",
		"Analyse: Was die Lieferkettenrichtlinie für {land} bedeutet",
	},
	"other_export_control": {
		"USA verschärfen die Exportkontrolle für {techde}",
		"Neue US-Exportkontrolle trifft Zulieferer in {land}",
		"Exportkontrolle: Washington erweitert die Regeln für {techde}",
	},
	"entity_addition": {
		"Entity List: USA setzen {num} chinesische Firmen auf die schwarze Liste",
		"{entity} landet auf der Entity List",
		"US-Handelsministerium erweitert die Entity List um Unternehmen aus {land}",
	},
	"entity_removal":  {"USA streichen Firmen aus {land} von der Entity List"},
	"entity_revision": {"Entity List: Washington ändert Einträge für {land}"},
	"tier_change": {
		"KI-Diffusionsregel: {land} rutscht in eine neue Länderstufe",
		"Neue Länderstufen für KI-Chips: Was sich für {land} ändert",
	},
	"quota_change": {
		"Neue Exportquoten für {techde}: Was {land} jetzt droht",
		"Exportquoten für KI-Chips: Obergrenzen für Rechenleistung sinken",
	},
}

var headingsEN = []string{
	"Background", "Entity List Decisions", "Additions to the Entity List", "Discussion of Comments",
	"Revisions to Supplement No. 1 to Part 740", "License Requirements and License Review Policy",
	"Changes to {cfr}", "Effect of This Rule on {tech}", "Savings Clause", "Export Control Reform Act of 2018",
}

var sentencesEN = []string{
	"In this rule, the Bureau of Industry and Security (BIS) amends the Export Administration Regulations (EAR) by adding {num} entities to the Entity List.",
	"These entities have been determined by the U.S. Government to be acting contrary to the national security or foreign policy interests of the United States.",
	"The entities are listed under the destination of {country}.",
	"The End-User Review Committee (ERC) determined to add {entity} to the Entity List based on its involvement in the development of {tech} for military end uses.",
	"BIS imposes a license requirement for all items subject to the EAR, with a license review policy of presumption of denial.",
	"This rule revises the license requirements for {tech} classified under ECCN {eccn}.",
	"Exports, reexports, and transfers (in-country) of items classified under ECCN {eccn} to {country} require a license.",
	"The restrictions apply to items destined for data centers located in {country} whose aggregate total processing performance exceeds {tpp} TPP.",
	"BIS is revising {cfr} to clarify the scope of the restrictions on {tech}.",
	"This action is consistent with commitments made at the {year} plenary meeting of {org}.",
	"The ERC, composed of representatives of the Departments of Commerce (Chair), State, Defense, and Energy, makes all decisions regarding additions to, removals from, or other modifications to the Entity List.",
	"Pursuant to {cfr}, the ERC may remove an entity from the Entity List upon a request from the listed entity.",
	"BIS received {num} comments in response to the interim final rule published on {date} ({fr}).",
	"Commenters expressed concern that the new controls on {tech} would impose compliance burdens on U.S. industry.",
	"BIS agrees that the restriction should not apply to items that are not designed for use in {tech}.",
	"The country of {country} is placed in Country Group D:5 for purposes of this license requirement.",
	"A validated end user authorization allows the export of advanced computing items up to the quota allocated to each destination.",
	"The allocation limit for each Tier 2 destination is set at {tpp} total processing performance per calendar year.",
	"Destinations in Tier 1 are not subject to the quota, while Tier 3 destinations remain subject to a presumption of denial.",
	"This rule also corrects an error in the entry for {entity}, which was published on {date}.",
	"Items subject to the EAR that were en route aboard a carrier to a port of export on {date} may proceed to their destination.",
	"For additional information, see docket number {docket} and Regulation Identifier Number {rin}.",
	"The entry for {entity} is revised to add an alias and an additional address at {address}.",
	"BIS has reason to believe that {entity} has attempted to acquire {tech} in support of the modernization of the armed forces of {country}.",
	"The diversion of {tech} through intermediaries in {country} poses a significant risk of circumvention of the export controls.",
	"Exporters should exercise heightened due diligence when transacting with parties located in {country}.",
}

var boilerplateEN = []string{
	"Executive Order 12866 and 13563 direct agencies to assess all costs and benefits of available regulatory alternatives. This rule has been designated a significant regulatory action under section 3(f) of Executive Order 12866.",
	"Notwithstanding any other provision of law, no person is required to respond to nor be subject to a penalty for failure to comply with a collection of information, subject to the requirements of the Paperwork Reduction Act of 1995 (44 U.S.C. 3501 et seq.), unless that collection of information displays a currently valid Office of Management and Budget (OMB) Control Number.",
	"This rule does not contain policies with federalism implications as that term is defined in Executive Order 13132.",
	"Pursuant to section 1762 of the Export Control Reform Act of 2018, this action is exempt from the Administrative Procedure Act (5 U.S.C. 553) requirements for notice of proposed rulemaking, opportunity for public participation, and delay in effective date.",
	"Because a notice of proposed rulemaking and an opportunity for public comment are not required to be given for this rule by 5 U.S.C. 553, or by any other law, the analytical requirements of the Regulatory Flexibility Act, 5 U.S.C. 601, et seq., are not applicable.",
	"List of Subjects in 15 CFR Part 744: Exports, Reporting and recordkeeping requirements, Terrorism.",
	"Accordingly, part 744 of the Export Administration Regulations (15 CFR parts 730 through 774) is amended as follows: The authority citation for 15 CFR part 744 continues to read as follows.",
	"Supplement No. 4 to part 744 is amended by adding under {country}, in alphabetical order, entries for the entities listed in this rule.",
	"This rule involves collections previously approved by OMB under control number 0694-0088, Simplified Network Application Processing System, which carries a burden hour estimate of 29.6 minutes for a manual or electronic submission.",
	"{person}, Director of the Office of Exporter Services.",
}

var sentencesDE = []string{
	"Das US-Handelsministerium hat die Exportkontrolle für {techde} erneut verschärft.",
	"Betroffen sind nach Angaben des Bureau of Industry and Security {num} Unternehmen aus {land}.",
	"Die neuen Exportquoten begrenzen die Rechenleistung, die Rechenzentren in {land} jährlich importieren dürfen.",
	"Für Länder der zweiten Stufe gelten künftig feste Obergrenzen, die Exportquoten werden jährlich neu festgelegt.",
	"Auch {entity} steht nun auf der Entity List, Lieferungen sind nur noch mit Genehmigung möglich.",
	"Europäische Zulieferer müssen prüfen, ob ihre Produkte US-Technologie enthalten.",
	"Nach Einschätzung von Fachleuten trifft die Exportkontrolle vor allem Hersteller von {techde}.",
	"Peking kündigte Gegenmaßnahmen an und sprach von einem Missbrauch der Exportkontrollen.",
	"Das Bundesamt für Wirtschaft und Ausfuhrkontrolle (BAFA) verweist auf die eigenen Genehmigungspflichten.",
	"Die Ausfuhrgenehmigung wird in der Regel versagt, wenn der Empfänger auf der Entity List geführt wird.",
	"Unternehmen in {land} haben sich in den vergangenen Monaten große Mengen an {techde} gesichert.",
	"Die Regel tritt am {date} in Kraft, eine Übergangsfrist gilt für bereits genehmigte Lieferungen.",
	"Analysten erwarten, dass weitere Exportbeschränkungen folgen werden.",
	"Die Bundesregierung prüft, ob deutsche Unternehmen von den Exportquoten betroffen sind.",
	"Die Kontrolle von Hochleistungschips gilt in Washington als zentrales Instrument im Technologiewettbewerb mit China.",
}
