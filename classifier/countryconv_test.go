package classifier

import (
	"slices"
	"testing"
)

// countryConvCase is a hand-made text (written for this test, not taken from
// any article) and the countries the convention of export-controls.md
// gives it: those whose parties or status change.
type countryConvCase struct {
	in      Input
	want    []string
	without []string // countries that must not be given (when want is not exact)
}

// runCountryCases classifies each case and compares its countries.
func runCountryCases(t *testing.T, tests map[string]countryConvCase) {
	t.Helper()
	c := New()
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := c.Classify(tt.in)
			if tt.want != nil && !slices.Equal(got.Countries, tt.want) {
				t.Errorf("countries %v, want %v (labels %v)", got.Countries, tt.want, got.Labels)
			}
			for _, cc := range tt.without {
				if slices.Contains(got.Countries, cc) {
					t.Errorf("countries %v hold %s (labels %v)", got.Countries, cc, got.Labels)
				}
			}
		})
	}
}

// TestListOwnerIsNoParty checks that the country whose own list or
// sanction it is (the owner) is not given as a party, while the listed
// parties' countries are. Hand-made sentences.
func TestListOwnerIsNoParty(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"China lists US firms (en)": {
			in: Input{Lang: "en", Title: "China puts US defence firms on its unreliable entity list",
				Text: "China's commerce ministry added six U.S. defence companies to its unreliable entity list on Friday, citing arms sales."},
			want: []string{"US"},
		},
		"China sanctions US firms (de)": {
			in: Input{Lang: "de", Title: "China verhängt Sanktionen gegen vier US-Rüstungsfirmen",
				Text: "China hat vier US-Rüstungsfirmen sanktioniert. Organisationen in China dürfen mit ihnen keine Geschäfte mehr machen."},
			without: []string{"CN"},
		},
		"Taiwan lists Chinese firms": {
			in: Input{Lang: "en", Title: "Taiwan adds Chinese chipmakers to its entity list",
				Text: "Taiwan's trade administration added two Chinese chipmakers to its strategic high-tech commodities entity list; Taiwanese firms now need a permit to ship to them."},
			without: []string{"TW"},
		},
		"Taiwan adds China's Huawei": {
			in: Input{Lang: "en", Title: "Taiwan adds Huawei and SMIC to its entity list",
				Text: "Taiwan's International Trade Administration added China's Huawei and SMIC to its strategic high-tech commodities entity list; Taiwanese firms now need approval to ship to them."},
			want: []string{"CN"},
		},
		"the US named beside a foreign list is no party": {
			in: Input{Lang: "en", Title: "Taiwan adds Chinese chipmakers to its export control list",
				Text: "Taiwan's economy ministry added two Chinese chipmakers to its export control list. Both compete with US-based Nvidia amid export curbs."},
			want: []string{"CN"},
		},
		"Taiwans Liste (de)": {
			in: Input{Lang: "de", Title: "Neue Exportaufsicht",
				Text: "Zwei chinesische Chiphersteller stehen ab sofort auf Taiwans Exportkontrollliste; taiwanische Unternehmen brauchen künftig eine Genehmigung."},
			without: []string{"TW"},
		},
		"parties of a foreign control named later": {
			in: Input{Lang: "de", Title: "China verschärft Ausfuhrkontrollen",
				Text: "China hat seine Exportkontrollen für seltene Metalle verschärft. Die neuen Regeln gelten ab März. Gegen zwölf Organisationen, vor allem US-Unternehmen, verhängt Peking zudem besondere Beschränkungen."},
			want: []string{"US"},
		},
		"US Entity List keeps its parties": {
			in: Input{Lang: "en", Title: "Commerce adds Chinese firms to Entity List",
				Text: "The Commerce Department added nine Chinese companies to the Entity List."},
			want: []string{"CN"},
		},
	})
}

// TestOwnerNeedsAnAct checks what does not make a country the owner of a
// measure: a heading's topic, a list about a country, a verb whose object
// it is, or another country's measure it comments on. Hand-made sentences.
func TestOwnerNeedsAnAct(t *testing.T) {
	c := New()
	for name, tt := range map[string]struct {
		in   Input
		want string
	}{
		"heading topic":           {in: Input{Lang: "en", Title: "Russia: Implementation of sanctions", Text: "The Department adds five entities in Russia to the list."}},
		"list about a country":    {in: Input{Lang: "en", Title: "Updating the Cuba Restricted List", Text: "The list of entities associated with Cuba is updated."}},
		"object of the verb":      {in: Input{Lang: "de", Title: "EU setzt China-Firmen auf Sanktionsliste", Text: "Die EU hat drei chinesische Firmen gelistet."}},
		"another country's curbs": {in: Input{Lang: "de", Title: "China kritisiert US-Exportbeschränkungen gegen seine Firmen", Text: "Peking nannte die Maßnahmen unfair."}},
		"owner by possessive":     {in: Input{Lang: "de", Title: "Neue Liste", Text: "Zwei chinesische Firmen stehen auf Taiwans Exportkontrollliste."}, want: "TW"},
		"after a dateline":        {in: Input{Lang: "de", Title: "Neue Gegenmaßnahmen", Text: "Mai 2025, PEKING (dpa-AFX). Die Regeln gelten ab sofort für alle Lieferungen. Das chinesische Handelsministerium hat zehn amerikanische Firmen auf seine Exportkontrollliste gesetzt."}, want: "CN"},
		"a demonym is no subject": {in: Input{Lang: "en", Title: "Acme Belarusian Airlines, Minsk, Belarus; Order Temporarily Denying Export Privileges", Text: ""}},
		"owner as subject":        {in: Input{Lang: "en", Title: "Japan adds Chinese firms to its end user list", Text: "The companies need licences."}, want: "JP"},
	} {
		t.Run(name, func(t *testing.T) {
			st := c.prepare(tt.in)
			if got, _ := st.foreignOwner([]string{"other_export_control"}); got != tt.want {
				t.Errorf("owner %q, want %q", got, tt.want)
			}
		})
	}
}

// TestServedIsNoParty checks that the country an Entity List action names
// as the one the parties served or attacked ("Drohnen für Russland",
// "Krieg gegen die Ukraine", "Russia's military") is not given, while the
// parties' own country is. Hand-made sentences.
func TestServedIsNoParty(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"für, gegen (de)": {
			in: Input{Lang: "de", Title: "USA setzen iranische Firmen auf Exportliste",
				Text: "Das US-Handelsministerium setzt fünf iranische Firmen, die Drohnen für Russland bauen, auf die Entity List; Moskau setzt die Drohnen im Krieg gegen die Ukraine ein."},
			want: []string{"IR"},
		},
		"invasion of (en)": {
			in: Input{Lang: "en", Title: "Commerce adds firms",
				Text: "The Commerce Department added three companies in the UAE to the Entity List for diverting parts after Russia's 2022 invasion of Ukraine."},
			want: []string{"AE"},
		},
		"military (en)": {
			in: Input{Lang: "en", Title: "Commerce adds firms",
				Text: "The Commerce Department added four Chinese companies to the Entity List for supplying Russia's military."},
			want: []string{"CN"},
		},
	})
}

// TestGermanCountryForms checks German forms of the parties' countries:
// inflected adjectives, demonym nouns, genitives, "Volksrepublik", "aus
// der Türkei", Hong Kong, and a party noun followed by its seat.
// Hand-made sentences.
func TestGermanCountryForms(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"inflected adjectives": {
			in: Input{Lang: "de", Title: "USA setzen Firmen auf die Entity List",
				Text: "Das US-Handelsministerium hat drei emiratische Händler und den Ableger eines chinesischen Herstellers auf die Entity List gesetzt."},
			want: []string{"AE", "CN"},
		},
		"aus der Türkei": {
			in: Input{Lang: "de", Title: "Neue Einträge auf der Entity List",
				Text: "Das US-Handelsministerium setzt sieben Firmen aus der Türkei und Armenien auf die Entity List."},
			want: []string{"AM", "TR"},
		},
		"Hongkonger Firmen": {
			in: Input{Lang: "de", Title: "USA listen Hongkonger Firmen",
				Text: "Das US-Handelsministerium hat vier Hongkonger Firmen auf die Entity List gesetzt."},
			want: []string{"CN", "HK"},
		},
		"party noun, then its seat": {
			in: Input{Lang: "de", Title: "China listet Körperschaften",
				Text: "Das chinesische Handelsministerium hat fünf Körperschaften aus der Region Taiwan in seine Exportkontrollliste aufgenommen."},
			want: []string{"TW"},
		},
		"adjective before a compound party noun": {
			in: Input{Lang: "de", Title: "USA setzen Huawei auf die Entity List",
				Text: "Das US-Handelsministerium hat Huawei samt 40 Tochtergesellschaften auf die Entity List gesetzt. Für den chinesischen Telekommunikationsriesen wird es damit schwer."},
			want: []string{"CN"},
		},
		"Tochter in": {
			in: Input{Lang: "de", Title: "Neue Einträge auf der Entity List",
				Text: "Das US-Handelsministerium hat eine Huawei-Tochter in Mexiko auf die Entity List gesetzt."},
			want: []string{"MX"},
		},
	})
	c := New()
	for text, want := range map[string]string{
		"Das chinesische Festland ist gemeint.":        "CN",
		"Die Chinesen reagierten.":                     "CN",
		"Die Volksrepublik reagierte.":                 "CN",
		"Die Niederländer zögern.":                     "NL",
		"Mexikos Regierung schweigt.":                  "MX",
		"Die Amerikanern nahestehenden Firmen.":        "US",
		"Die Emiratis kaufen Chips.":                   "AE",
		"Die Demokratische Volksrepublik Korea droht.": "KP",
	} {
		got := c.Classify(Input{Lang: "de", Text: text})
		if !slices.Equal(got.Mentions, []string{want}) {
			t.Errorf("%q: mentions %v, want [%s]", text, got.Mentions, want)
		}
	}
}

// TestGoodsOriginIsNoTarget checks that the country goods come from ("US-
// Hochleistungschips", "mit Ursprung in den Vereinigten Staaten") is not
// the target of a control on them, while a foreign control's target is.
// Hand-made sentences.
func TestGoodsOriginIsNoTarget(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"origin compound": {
			in: Input{Lang: "de", Title: "Malaysia verschärft Exportregeln",
				Text: "Malaysia verlangt ab sofort eine Genehmigung für US-Hochleistungschips, auch beim Durchtransport."},
			without: []string{"US"},
		},
		"origin phrase": {
			in: Input{Lang: "de", Title: "Malaysia verschärft Exportregeln",
				Text: "Ab sofort brauchen alle Ausfuhren von KI-Chips mit Ursprung in den Vereinigten Staaten eine Genehmigung."},
			without: []string{"US"},
		},
		"a foreign control's target": {
			in: Input{Lang: "de", Title: "China verhängt Exportverbot für Metalle",
				Text: "Ab heute exportiert China kein Gallium und Germanium mehr in die USA."},
			want: []string{"US"},
		},
	})
}

// TestPartyCountryLists checks multi-country Entity List actions as press
// and releases word them: every listed party's country, and a count or
// quantifier followed by where the parties are. Hand-made sentences.
func TestPartyCountryLists(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"entities in a list of countries": {
			in: Input{Lang: "en", Title: "Commerce Adds Six Entities to the Entity List",
				Text: "The Bureau of Industry and Security today added six entities in the People's Republic of China (PRC), South Africa, the United Arab Emirates (UAE), and the United Kingdom to the Entity List."},
			want: []string{"AE", "CN", "GB", "ZA"},
		},
		"Firmen aus": {
			in: Input{Lang: "de", Title: "USA setzen Firmen auf schwarze Liste",
				Text: "Das US-Handelsministerium hat 18 Firmen aus China, Iran und Russland auf die Entity List gesetzt."},
			want: []string{"CN", "IR", "RU"},
		},
		"counts, then seats": {
			in: Input{Lang: "de", Title: "Neue Einträge auf der Entity List",
				Text: "Das US-Handelsministerium setzt 25 Unternehmen auf die Entity List, davon 19 in China, vier in Hongkong und zwei in Singapur."},
			want: []string{"CN", "HK", "SG"},
		},
		"apposition before the seat": {
			in: Input{Lang: "en", Title: "Commerce adds 20 firms",
				Text: "The Commerce Department added 20 firms to the Entity List. Most are in China; one, a unit of a Chinese maker, is in Vietnam."},
			want: []string{"CN", "VN"},
		},
		"origin verb, then aus": {
			in: Input{Lang: "de", Title: "USA setzen 30 Firmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 30 Firmen auf die Entity List gesetzt. Die Firmen stammen außer aus China auch aus der Türkei, Kirgistan und Indien."},
			want: []string{"CN", "IN", "KG", "TR"},
		},
		"counted adjective without its noun": {
			in: Input{Lang: "de", Title: "USA setzen 30 Firmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 30 Firmen auf die Entity List gesetzt. Unter den Neuzugängen sind 19 chinesische, drei russische und eine emiratische."},
			want: []string{"AE", "CN", "RU"},
		},
		"quantifier, copula, seat": {
			in: Input{Lang: "en", Title: "Commerce adds 36 firms",
				Text: "The Commerce Department added 36 firms to the Entity List. Most are in China, but one is in Japan."},
			want: []string{"CN", "JP"},
		},
	})
}

// TestPluperfectIsBackground checks that parties told in the pluperfect
// (what happened before the news) are not the news' parties.
// Hand-made sentences.
func TestPluperfectIsBackground(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"EU package, earlier listings": {
			in: Input{Lang: "de", Title: "EU beschließt neue Sanktionen gegen Russland",
				Text: "Die EU verhängt neue Sanktionen gegen Russland und erweitert ihre Liste um weitere Unternehmen. Im Frühjahr hatte die EU bereits Firmen in Kasachstan, Armenien und Serbien auf die Sanktionsliste gesetzt."},
			without: []string{"KZ", "AM", "RS"},
		},
	})
	c := New()
	for text, want := range map[string]bool{
		"Zuletzt hatte die EU auch Unternehmen in China, Usbekistan und Iran ins Visier genommen.": true,
		"BIS had added the two firms in 2022.":                                                     true,
		"Das Handelsministerium hat 12 Firmen auf die Liste gesetzt.":                              false,
		"Die Firmen hatten keine Genehmigung.":                                                     false,
	} {
		st := c.prepare(Input{Text: text})
		if got := st.pluperfect(&st.sents[0]); got != want {
			t.Errorf("%q: pluperfect %v, want %v", text, got, want)
		}
	}
}

// TestTierSentenceCountries checks a tier sentence in German press: the
// countries placed are given, those of the first tier named with
// "darunter" too, the US as the acting subject is not, and an exception
// cue followed by a comma excludes nothing after it. Hand-made sentence.
func TestTierSentenceCountries(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"darunter, ausgenommen, zweite Kategorie": {
			in: Input{Lang: "de", Title: "Neue Regeln für KI-Chips",
				Text: "Die USA beschränken den Export von KI-Chips: 18 Länder, darunter Deutschland, Frankreich und Japan, bleiben von Obergrenzen ausgenommen, Polen und Österreich fallen in die zweite Kategorie."},
			want: []string{"AT", "DE", "FR", "JP", "PL"},
		},
	})
}

// TestGermanSeats checks German ways of saying where parties sit.
// Hand-made sentences.
func TestGermanSeats(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"in X ansässig, registriert": {
			in: Input{Lang: "de", Title: "Neue Einträge",
				Text: "Das US-Handelsministerium hat einen in Singapur ansässigen Händler und zwei in der Türkei registrierte Firmen auf die Entity List gesetzt."},
			want: []string{"SG", "TR"},
		},
		"mit Sitz in; a compound is no party": {
			in: Input{Lang: "de", Title: "Neue Einträge",
				Text: "Das US-Handelsministerium hat zwei Unternehmen mit Sitz in den Vereinigten Arabischen Emiraten auf die Entity List gesetzt. Das China-Geschäft der US-Firmen leidet."},
			want: []string{"AE"},
		},
		"a compound's modifier is no party": {
			in: Input{Lang: "de", Title: "Neue Einträge",
				Text: "Das US-Handelsministerium setzte neun Firmen aus Pakistan auf die Entity List; das China-Geschäft von Nvidia ist nicht betroffen."},
			want: []string{"PK"},
		},
		"Festlandchina, Hongkong und Macau": {
			in: Input{Lang: "de", Title: "Neue Einträge",
				Text: "Betroffen sind Firmen in Festlandchina, Hongkong und Macau, die auf die Entity List gesetzt wurden."},
			want: []string{"CN", "HK", "MO"},
		},
	})
}

// TestCountryInPartyName checks that a country inside a listed party's
// proper name gives its seat ("Arrow Electronics (Hongkong)", "Test
// Flying Academy of South Africa"), while a country's short name in
// parentheses after its long name does not make it a party. Hand-made
// sentences.
func TestCountryInPartyName(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"in parentheses after a name": {
			in: Input{Lang: "de", Title: "USA setzen chinesische Firmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 12 chinesische Unternehmen auf die Entity List gesetzt. Darunter sind Sunrise Components (Hongkong) und Orient Parts Trading."},
			want: []string{"CN", "HK"},
		},
		"of and an organisation word": {
			in: Input{Lang: "en", Title: "Commerce adds entities",
				Text: "The Commerce Department added 20 Chinese entities to the Entity List. It also added the Aviation Training Academy of Kenya for training Chinese military pilots."},
			want: []string{"CN", "KE"},
		},
	})
	c := New()
	st := c.prepare(Input{Lang: "en", Text: "In response to the Russian Federation's (Russia) aggression, licence requirements for Russia are expanded."})
	for _, h := range st.sents[0].hits {
		if h.e.kind == kCountry && st.inPartyName(&st.sents[0], h) {
			t.Errorf("%q read as inside a party's name", st.norm[h.start:h.end])
		}
	}
}

// TestMentionedIsNoParty checks countries merely mentioned beside an
// Entity List action: exporters who now need a licence to supply the
// listed parties, the outlet's own country, a comparison. Hand-made
// sentences.
func TestMentionedIsNoParty(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"exporters need a licence (de)": {
			in: Input{Lang: "de", Title: "USA setzen chinesische Chipfirmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 20 chinesische Chipfirmen auf die Entity List gesetzt. Auch deutsche Zulieferer wie Zeiss brauchen nun eine Lizenz, um an sie zu liefern."},
			want: []string{"CN"},
		},
		"exporters need a licence (en)": {
			in: Input{Lang: "en", Title: "US adds Chinese chipmakers to Entity List",
				Text: "The Commerce Department added 20 Chinese chipmakers to the Entity List. Dutch and Japanese toolmakers such as ASML and Tokyo Electron will need licences to supply them."},
			want: []string{"CN"},
		},
		"the outlet's own country": {
			in: Input{Lang: "de", Title: "USA setzen chinesische Chipfirmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 20 chinesische Chipfirmen auf die Entity List gesetzt. Für Schweizer Exporteure ändert sich vorerst wenig, sagt der Verband."},
			want: []string{"CN"},
		},
		"a comparison": {
			in: Input{Lang: "de", Title: "USA setzen chinesische Chipfirmen auf die Entity List",
				Text: "Das US-Handelsministerium hat 20 chinesische Chipfirmen auf die Entity List gesetzt, ähnlich wie zuvor bei russischen Rüstungsfirmen."},
			want: []string{"CN"},
		},
	})
}
