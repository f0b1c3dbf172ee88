package doc

import (
	"fmt"
	"strings"
)

// Country codes have one home: subscriptions, the command line and the
// server's pages all check and name countries here.

// CountryNames maps each ISO 3166-1 alpha-2 code of isoCountries to its
// English short name.
func CountryNames() map[string]string {
	m := make(map[string]string, 260)
	for _, line := range strings.Split(isoCountries, "\n") {
		code, name, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok {
			m[code] = name
		}
	}
	return m
}

// isoCountries lists ISO 3166-1 alpha-2 codes with English short names.
const isoCountries = `AD Andorra
AE United Arab Emirates
AF Afghanistan
AG Antigua and Barbuda
AL Albania
AM Armenia
AO Angola
AR Argentina
AT Austria
AU Australia
AZ Azerbaijan
BA Bosnia and Herzegovina
BB Barbados
BD Bangladesh
BE Belgium
BF Burkina Faso
BG Bulgaria
BH Bahrain
BI Burundi
BJ Benin
BN Brunei
BO Bolivia
BR Brazil
BS Bahamas
BT Bhutan
BW Botswana
BY Belarus
BZ Belize
CA Canada
CD DR Congo
CF Central African Republic
CG Congo
CH Switzerland
CI Côte d'Ivoire
CL Chile
CM Cameroon
CN China
CO Colombia
CR Costa Rica
CU Cuba
CV Cabo Verde
CY Cyprus
CZ Czechia
DE Germany
DJ Djibouti
DK Denmark
DM Dominica
DO Dominican Republic
DZ Algeria
EC Ecuador
EE Estonia
EG Egypt
ER Eritrea
ES Spain
ET Ethiopia
FI Finland
FJ Fiji
FR France
GA Gabon
GB United Kingdom
GD Grenada
GE Georgia
GH Ghana
GM Gambia
GN Guinea
GQ Equatorial Guinea
GR Greece
GT Guatemala
GW Guinea-Bissau
GY Guyana
HK Hong Kong
HN Honduras
HR Croatia
HT Haiti
HU Hungary
ID Indonesia
IE Ireland
IL Israel
IN India
IQ Iraq
IR Iran
IS Iceland
IT Italy
JM Jamaica
JO Jordan
JP Japan
KE Kenya
KG Kyrgyzstan
KH Cambodia
KM Comoros
KN Saint Kitts and Nevis
KP North Korea
KR South Korea
KW Kuwait
KZ Kazakhstan
LA Laos
LB Lebanon
LC Saint Lucia
LI Liechtenstein
LK Sri Lanka
LR Liberia
LS Lesotho
LT Lithuania
LU Luxembourg
LV Latvia
LY Libya
MA Morocco
MC Monaco
MD Moldova
ME Montenegro
MG Madagascar
MK North Macedonia
ML Mali
MM Myanmar
MN Mongolia
MO Macao
MR Mauritania
MT Malta
MU Mauritius
MV Maldives
MW Malawi
MX Mexico
MY Malaysia
MZ Mozambique
NA Namibia
NE Niger
NG Nigeria
NI Nicaragua
NL Netherlands
NO Norway
NP Nepal
NZ New Zealand
OM Oman
PA Panama
PE Peru
PG Papua New Guinea
PH Philippines
PK Pakistan
PL Poland
PS Palestine
PT Portugal
PY Paraguay
QA Qatar
RO Romania
RS Serbia
RU Russia
RW Rwanda
SA Saudi Arabia
SC Seychelles
SD Sudan
SE Sweden
SG Singapore
SI Slovenia
SK Slovakia
SL Sierra Leone
SM San Marino
SN Senegal
SO Somalia
SR Suriname
SS South Sudan
SV El Salvador
SY Syria
SZ Eswatini
TD Chad
TG Togo
TH Thailand
TJ Tajikistan
TL Timor-Leste
TM Turkmenistan
TN Tunisia
TO Tonga
TR Türkiye
TT Trinidad and Tobago
TW Taiwan
TZ Tanzania
UA Ukraine
UG Uganda
US United States
UY Uruguay
UZ Uzbekistan
VA Holy See
VC Saint Vincent and the Grenadines
VE Venezuela
VN Viet Nam
YE Yemen
ZA South Africa
ZM Zambia
ZW Zimbabwe`

// countryAliases are names people type for a country besides the short
// name in isoCountries.
var countryAliases = map[string]string{
	"uk": "GB", "great britain": "GB", "britain": "GB", "usa": "US", "united states of america": "US",
	"korea": "KR", "south korea": "KR", "republic of korea": "KR", "prc": "CN", "people's republic of china": "CN",
	"uae": "AE", "emirates": "AE", "türkiye": "TR", "turkiye": "TR", "holland": "NL", "hong kong": "HK", "macao": "MO",
}

// CountryCodeFor returns the ISO 3166-1 alpha-2 code of a country name
// ("China" -> "CN", case-insensitive), for error messages that tell a
// user which code to type.
func CountryCodeFor(name string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if cc, ok := countryAliases[n]; ok {
		return cc, true
	}
	for _, line := range strings.Split(isoCountries, "\n") {
		code, cname, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok && strings.ToLower(cname) == n {
			return code, true
		}
	}
	return "", false
}

// CheckCountry reports whether cc is an ISO 3166-1 alpha-2 code or
// "worldwide"; the error names the code to use when cc is a country name.
func CheckCountry(cc string) error {
	if ValidCountryCode(strings.ToUpper(cc)) || strings.EqualFold(cc, Worldwide) {
		return nil
	}
	if code, ok := CountryCodeFor(cc); ok {
		return fmt.Errorf("%q must be an ISO code (%s)", cc, code)
	}
	return fmt.Errorf("%q must be an ISO 3166-1 alpha-2 code such as CN, AT or TW, or worldwide", cc)
}
