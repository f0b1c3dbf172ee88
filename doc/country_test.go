package doc

import (
	"strings"
	"testing"
)

func TestCheckCountry(t *testing.T) {
	for in, want := range map[string]string{
		"CN": "", "cn": "", "worldwide": "", "Worldwide": "",
		"China":       `"China" must be an ISO code (CN)`,
		"south korea": `"south korea" must be an ISO code (KR)`,
		"Austria":     `"Austria" must be an ISO code (AT)`,
		"Atlantis":    "must be an ISO 3166-1 alpha-2 code",
	} {
		err := CheckCountry(in)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckCountry(%q) = %v, want nil", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckCountry(%q) = %v, want %q", in, err, want)
		}
	}
	if n := CountryNames()["AT"]; n != "Austria" {
		t.Errorf("CountryNames()[AT] = %q", n)
	}
}
