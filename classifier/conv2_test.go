package classifier

import "testing"

// TestPressListingConventions: press conventions for Entity List news and
// AI-chip licensing, each case a hand-made text (never an article's
// sentence), checked with the rules alone and with the committed models.
func TestPressListingConventions(t *testing.T) {
	checkConventions(t, map[string]conventionCase{
		// A foreign government's reaction reports the US listing; "its
		// list" belongs to the nearest subject before it.
		"a reaction to a listing reports the listing": {
			in: Input{Lang: "en", Title: "Beijing protests US move",
				Text: "A foreign ministry spokesman said Beijing firmly opposes the United States placing 12 Chinese firms on its export-control entity list."},
			want: []string{"entity_addition"},
		},
		"a German reaction with the US ministry as subject": {
			in: Input{Lang: "de", Title: "Peking protestiert",
				Text: "Ein Sprecher des chinesischen Handelsministeriums kritisierte, dass das US-Handelsministerium elf chinesische Firmen auf seine Exportkontrollliste gesetzt habe."},
			want: []string{"entity_addition"},
		},
		"China's own list stays China's": {
			in: Input{Lang: "de", Title: "China reagiert",
				Text: "Am Dienstag setzte China zwölf amerikanische Rüstungsfirmen auf seine Exportkontrollliste."},
			want: []string{"other_export_control"},
		},
		"once again is no background": {
			in: Input{Lang: "en", Title: "Ministry objects",
				Text: "The ministry objected to the US once again adding Chinese universities to the entity list."},
			want: []string{"entity_addition"},
		},
		"a US-owned blacklist is the Entity List": {
			in: Input{Lang: "de", Title: "Servers",
				Text: "Die Vereinigten Staaten haben den Serverhersteller vergangene Woche auf ihre schwarze Liste gesetzt."},
			want: []string{"entity_addition"},
		},
		"German verb-second listing with kamen": {
			in: Input{Lang: "de", Title: "Supercomputer",
				Text: "Nach Mitteilung des US-Handelsministeriums kamen fünf Firmen, die Supercomputer bauen, auf die schwarze Liste."},
			want: []string{"entity_addition"},
		},
		"erweitern die Liste der Firmen": {
			in: Input{Lang: "de", Title: "Exportkontrollen",
				Text: "Die USA erweitern die Liste der Firmen unter Exportkontrolle um 30 chinesische Chiphersteller."},
			want: []string{"entity_addition"},
		},
		"kommen aus is no listing": {
			in: Input{Lang: "de", Title: "Herkunft",
				Text: "Die Firmen auf der Entity List kommen aus vielen Ländern, darunter China und Russland."},
			want: []string{},
		},
		// A removal and its verb.
		"taken off its export control list by the US": {
			in: Input{Lang: "en", Title: "Delisting",
				Text: "The United States has taken two Indian research institutes off its export control list, the Commerce Department said."},
			want: []string{"entity_removal"},
		},
		"to address is no address": {
			in: Input{Lang: "en", Title: "Delisting",
				Text: "The Commerce Department took a Canadian software firm off the entity list after it took steps to address misuse of its products."},
			want: []string{"entity_removal"},
		},
		"an open question when a removal comes is none": {
			in: Input{Lang: "de", Title: "Huawei",
				Text: "Wann der Konzern offiziell von der Entity List gestrichen wird, ist noch offen."},
			want: []string{},
		},
		"a removal from the quoted unverified list is that list's": {
			in: Input{Lang: "en", Title: "Site visits",
				Text: "Commerce removed nine Chinese firms from the so-called \"unverified\" list after site visits. Firms on the entity list face harsher limits."},
			want: []string{"other_export_control"},
		},
		// What comes with a listing is part of it.
		"the listing's terms are no control of their own": {
			in: Input{Lang: "en", Title: "Seven firms listed",
				Text: "Commerce added seven Pakistani firms to the entity list. The listing brings a licence requirement for all items subject to the EAR, and no licence exceptions are available for them."},
			want: []string{"entity_addition"},
		},
		"exports banned to more firms are more of the listing": {
			in: Input{Lang: "en", Title: "US blacklists four Chinese companies",
				Text: "The Commerce Department put four Chinese companies on an export blacklist on Thursday. The department also banned exports to two other Chinese firms for supplying Russia's military."},
			want: []string{"entity_addition"},
		},
		"an exception left to expire beside a listing is a control of its own": {
			in: Input{Lang: "de", Title: "Weitere Huawei-Firmen gelistet",
				Text: "Die US-Regierung hat 38 weitere Huawei-Firmen auf eine schwarze Liste gesetzt. Außerdem ließ das US-Handelsministerium die Ausnahmeregelung auslaufen, mit der das chinesische Unternehmen Kunden in den USA versorgen durfte."},
			want: []string{"entity_addition", "other_export_control"},
		},
		"a question whether to stop deliveries restricts nothing": {
			in: Input{Lang: "de", Title: "Folgen der Listung",
				Text: "Die USA haben den Konzern auf die Entity List gesetzt. US-Chipfirmen prüfen, ob sie Lieferungen an seine Töchter stoppen müssen."},
			want: []string{"entity_addition"},
		},
		"another list's action told as earlier is background": {
			in: Input{Lang: "en", Title: "Five Russian firms listed",
				Text: "BIS added five Russian firms to the Entity List on Tuesday. OFAC had already put them on its SDN list earlier in the year."},
			want: []string{"entity_addition"},
		},
		"a list of companies in a US export text is the Entity List": {
			in: Input{Lang: "de", Title: "Sanktionen gegen Chipfirma",
				Text: "Das Handelsministerium in Washington will den Speicherhersteller auf eine Liste von Unternehmen setzen, an die US-Firmen nur mit Lizenz exportieren dürfen."},
			want: []string{"entity_addition"},
		},
		"put on the list of organisations": {
			in: Input{Lang: "en", Title: "New chip rules",
				Text: "The Department of Commerce also put 60 entities on the list of organisations that US exporters may supply only with a licence."},
			want: []string{"entity_addition"},
		},
		"the affiliates rule as what came before": {
			in: Input{Lang: "en", Title: "Following the 50% Rule, BIS Adds 12 Entries to the Entity List",
				Text: "BIS added 12 entries in China and Turkey to the Entity List on Thursday for diverting US items to Iran."},
			want: []string{"entity_addition"},
		},
		"other lists named twice are still description": {
			in: Input{Lang: "en", Title: "New listings",
				Text: "BIS added eight entities in China to the Entity List. Exporters screen customers against the Military End User list. Screening against the SDN List is familiar from OFAC programs."},
			want: []string{"entity_addition"},
		},
		"a cue naming its list": {
			in: Input{Lang: "en", Title: "Entity List rule",
				Text: "The rule updates the Entity List entry for a Russian agency to reflect a general license that OFAC issued."},
			want: []string{"entity_revision"}, some: true,
		},
		"Unverified List in German press": {
			in: Input{Lang: "de", Title: "Warnliste",
				Text: "Die US-Regierung hat neun chinesische Firmen auf eine Warnliste gesetzt, weil Kontrollen vor Ort nicht möglich waren."},
			want: []string{"other_export_control"},
		},
		"a German separable lift": {
			in: Input{Lang: "de", Title: "USA heben die Sanktionen gegen den Netzwerkausrüster auf",
				Text: "Das gab der US-Handelsminister in Washington bekannt."},
			want: []string{"other_export_control"},
		},
		"rule changes are no entry revision": {
			in: Input{Lang: "de", Title: "Huawei",
				Text: "Das US-Handelsministerium hat 20 Töchter von Huawei auf die Entity List gesetzt. Außerdem wurden die Änderungen ausgeweitet, nach denen ausländische Hersteller eine Genehmigung brauchen."},
			want: []string{"entity_addition", "other_export_control"},
		},
		// AI-chip licensing: a class allowed by policy, licences granted.
		"a chip class allowed to China is a review-policy change": {
			in: Input{Lang: "en", Title: "Chips for China",
				Text: "The President said the United States will let Nvidia's H200 processors be exported to vetted customers in China, with a 20% fee on the sales."},
			want: []string{"quota_change"},
		},
		"licences granted are another control": {
			in: Input{Lang: "en", Title: "Chips for China",
				Text: "The Commerce Department has started granting export licences for the H20 chip to customers in China, Nvidia said."},
			want: []string{"other_export_control"},
		},
		"eased restrictions for China move no tier": {
			in: Input{Lang: "en", Title: "Sales resume",
				Text: "Nvidia will ship its H20 processors to China again after Washington relaxed export restrictions on AI chips. The government agreed to grant export licences for the chip."},
			want: []string{"other_export_control"},
		},
	})
}
