package classifier

import "testing"

// TestOwnFirmsAreExporters checks that a foreign control naming whom it
// aims at does not give its owner's own firms (its exporters) as parties,
// while one naming no one else still binds its owner. Hand-made sentences.
func TestOwnFirmsAreExporters(t *testing.T) {
	runCountryCases(t, map[string]countryConvCase{
		"Japan's tool curbs aimed at China": {
			in: Input{Lang: "en", Title: "Japan to restrict exports of chipmaking tools",
				Text: "Japan's government will limit exports of 20 kinds of chipmaking equipment from July. Japan works with the United States to restrict China's ability to make advanced chips. The curbs take effect in July and cover etching and cleaning tools, possibly affecting Japanese makers such as Canon."},
			want: []string{"CN"},
		},
	})
}
