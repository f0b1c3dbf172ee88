package classifier

import (
	"slices"
	"strings"
	"testing"
)

// TestOwnFirmsAreExporters checks that a foreign control naming whom it
// aims at does not give its owner's own firms (its exporters) as parties,
// while one naming no one else still binds its owner. Hand-made sentences.
func TestOwnFirmsAreExporters(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"China named as the target": {
			in: Input{Lang: "en", Title: "Japan to restrict chip equipment exports",
				Text: "Japan's government said on Friday it plans to add 23 items of chipmaking equipment to its export control list. The minister said the restrictions were about no particular country, but local media said China is the target of the Japanese restrictions."},
			want: []string{"CN"},
		},
		"Japan's tool curbs aimed at China": {
			in: Input{Lang: "en", Title: "Japan to restrict exports of chipmaking tools",
				Text: "Japan's government will limit exports of 20 kinds of chipmaking equipment from July. Japan works with the United States to restrict China's ability to make advanced chips. The curbs take effect in July and cover etching and cleaning tools, possibly affecting Japanese makers such as Canon."},
			want: []string{"CN"},
		},
		"a halt of arms exports to a named destination": {
			in: Input{Lang: "de", Title: "Norwegen und Finnland stoppen Waffenlieferungen an Türkei",
				Text: "Die norwegische Regierung hat wegen der Offensive in Nordsyrien alle neuen Rüstungsexporte in die Türkei vorläufig gestoppt. Neue Anträge auf Ausfuhrerlaubnis würden nicht bearbeitet, sagte die Außenministerin."},
			want: []string{"TR"},
		},
	})
}

// TestListingReasonIsNoParty checks that the countries a listing names as
// its reason (the target of a regime the parties breached, the programme
// or customer they served) are not given as the parties'. Hand-made
// sentences.
func TestListingReasonIsNoParty(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"regime breached": {
			in: Input{Lang: "en", Title: "Commerce adds 12 firms to the Entity List",
				Text: "The Commerce Department added 12 companies to the Entity List for evading U.S. sanctions and export controls on Iran and Russia. Ten of the companies are based in China and two in Turkey."},
			want: []string{"CN", "TR"},
		},
		"programme served": {
			in: Input{Lang: "en", Title: "US blacklists firms over drone programmes",
				Text: "The United States added nine entities to the Entity List over support for missile and drone programmes in Pakistan and Iran. Seven of the entities are in Pakistan and two in the United Arab Emirates."},
			without: []string{"IR"},
		},
		"end user and victim": {
			in: Input{Lang: "en", Title: "US blacklists five Iranian drone makers",
				Text: "The Commerce Department added five Iranian companies to the Entity List that make drones Russia uses to attack Ukraine."},
			want: []string{"IR"},
		},
		"other parties the list already holds": {
			in: Input{Lang: "en", Title: "Taiwan adds China's Huawei and SMIC to export control list",
				Text: "Taiwan's Commerce Ministry has put Chinese chipmakers Huawei and SMIC on its export control list. Being on the list means Taiwanese companies need export permits to sell goods to the two firms; the list also holds other companies in China, Iran and elsewhere."},
			want: []string{"CN"},
		},
		"reason clause": {
			in: Input{Lang: "en", Title: "China opposes U.S. adding Chinese entities to export control list",
				Text: "On Thursday the US Department of Commerce put 37 Chinese entities on the Entity List, citing alleged Chinese involvement in military and Russian matters."},
			want: []string{"CN"},
		},
		"where the parties' goods went": {
			in: Input{Lang: "en", Title: "Commerce adds 20 firms to trade blacklist",
				Text: "The Commerce Department is putting 20 companies on its Entity List, which bars U.S. firms from dealing with them without a licence. Twelve of them are based in China. Eight were listed for helping ship American products to Iran despite the U.S. ban."},
			want: []string{"CN"},
		},
		"customer served": {
			in: Input{Lang: "en", Title: "US adds drone parts suppliers to trade blacklist",
				Text: "Commerce added four companies to the Entity List. A Shenzhen firm was named for procuring engine parts for an Iranian aircraft company, and three Chinese distributors were listed with it."},
			want: []string{"CN"},
		},
	})
}

// TestExportersAreNoParties checks that a country named as what something
// is not ("non-U.S."), or as the agent of the exports a control limits
// ("exports by US companies"), is not given as a party. Hand-made
// sentences.
func TestExportersAreNoParties(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"non-U.S. entities": {
			in: Input{Lang: "en", Title: "BIS extends Entity List restrictions to affiliates",
				Text: "BIS issued an interim final rule that extends export restrictions to every foreign (non-U.S.) entity owned 50 percent or more by listed parties."},
			without: []string{"US"},
		},
		"exports by US companies": {
			in: Input{Lang: "en", Title: "US removes two Indian entities from export control list",
				Text: "The United States took two Indian research centres off its export control list, which restricts exports of certain goods by US companies."},
			want: []string{"IN"},
		},
	})
}

// TestOwnControlBindsOwner checks that a foreign control naming no target
// gives its owner (whose exporters it binds): the destination it fears
// smuggled goods reach is no target, nor are firms named as background.
// Hand-made sentences.
func TestOwnControlBindsOwner(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"Dutch licence rule, Chinese firms as background": {
			in: Input{Lang: "en", Title: "Netherlands tightens export restrictions on chip machines",
				Text: "The Dutch government is tightening export rules on chipmaking machines: from Saturday a licence is needed to export older DUV systems. Such machines can still make advanced chips, and leading Chinese firms such as Huawei push the older technology to its limits."},
			want: []string{"NL"},
		},
		"transit destination (de)": {
			in: Input{Lang: "de", Title: "Malaysia verschärft Exportregeln für KI-Chips",
				Text: "Malaysia verlangt von Firmen Genehmigungen für US-Hochleistungschips. Wer KI-Chips nur durch Malaysia leitet, etwa auf dem Weg nach China, braucht nun eine Handelsgenehmigung."},
			want: []string{"MY"},
		},
		"war's victim is no target (de)": {
			in: Input{Lang: "de", Title: "EU: Neue Sanktionen gegen Russland",
				Text: "Zum Jahrestag des Kriegs in der Ukraine verhängt die EU neue Sanktionen gegen Russland."},
			want: []string{"RU"},
		},
		"Malaysia's permit against smuggling (de)": {
			in: Input{Lang: "de", Title: "Malaysia verlangt Genehmigung für die Ausfuhr von KI-Chips",
				Text: "Nach Klagen aus Washington will Malaysia den Schmuggel von KI-Chips aus US-Produktion nach China unterbinden: Für die Ausfuhr dieser Chips ist ab sofort eine Genehmigung nötig, teilte das Handelsministerium in Kuala Lumpur mit."},
			want: []string{"MY"},
		},
	})
}

// TestQuotaContextIsNoPlacement checks that a quota sentence's adversary
// ("to counter China's influence"), a country in a conceded clause and a
// quota sentence of history give no country. Hand-made sentences.
func TestQuotaContextIsNoPlacement(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"counter China's influence": {
			in: Input{Lang: "en", Title: "US approves AI chip sales to the UAE and Saudi Arabia",
				Text: "The Commerce Department has approved export licences for advanced AI chips to the United Arab Emirates and Saudi Arabia, as part of efforts to counter China's influence in the region."},
			want: []string{"AE", "SA"},
		},
		"conceded framework": {
			in: Input{Lang: "en", Title: "Microsoft gets first licences to ship AI chips to the UAE",
				Text: "Although officials laid out a framework in May for hundreds of thousands of advanced chips to go to Saudi Arabia and the UAE, approvals were slow. Microsoft has received the approvals it needs to ship advanced Nvidia chips to the UAE, tripling its compute there."},
			without: []string{"SA"},
		},
	})
}

// TestCountryStandings checks the cases the country model reads: one per
// country, a line per mention, each with the document-level words of its
// country (how often it is named, in which order it came first, whether
// the mention stands in the lead), and whether the country may be added as
// a party. Hand-made sentences.
func TestCountryStandings(t *testing.T) {
	c := New()
	in := Input{Lang: "en", Title: "Chinese firms added to Entity List",
		Text: "The Commerce Department added 12 Chinese companies to the Entity List for supplying Russia's military. The firms are based in China and Hong Kong. China said it opposes the listing."}
	st := c.prepare(in)
	cases := map[string]countryCase{}
	for _, cc := range st.countryCases([]string{"entity_addition"}, []string{"CN"}) {
		if _, ok := cases[cc.code]; ok {
			t.Errorf("%s: a second case", cc.code)
		}
		cases[cc.code] = cc
	}
	for _, tc := range []struct {
		code  string
		lines []string // the standing words of each mention's line
		party bool
	}{
		// title, twice in the body, and again: four mentions, first named;
		// the model reads three
		{"CN", []string{"zd n3 zd n4 zd r1", "zd n3 zd n4 zd r1 zd lead", "zd n3 zd n4 zd r1"}, true},
		// whom the parties served: not a party
		{"RU", []string{"zd n1 zd r2 zd lead"}, false},
		{"HK", []string{"zd n1 zd r3"}, true},
	} {
		cc, ok := cases[tc.code]
		if !ok {
			t.Errorf("%s: no case (cases %v)", tc.code, cases)
			continue
		}
		var got []string
		for _, line := range strings.Split(cc.text(), "\n") {
			var words []string
			for _, w := range strings.Fields(line) {
				if w == "zd" || w == "n1" || w == "n2" || w == "n3" || w == "n4" || w == "r1" || w == "r2" || w == "r3" || w == "lead" {
					words = append(words, w)
				}
			}
			if len(words) > 0 {
				got = append(got, strings.Join(words, " "))
			}
		}
		if !slices.Equal(got, tc.lines) {
			t.Errorf("%s: standing words by line %q; want %q (case %q)", tc.code, got, tc.lines, cc.text())
		}
		if cc.party != tc.party {
			t.Errorf("%s: party %v; want %v (case %q)", tc.code, cc.party, tc.party, cc.text())
		}
	}
}
