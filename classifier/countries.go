package classifier

// countryTable maps names to ISO 3166-1 alpha-2 codes, one country per line:
// "CODES: variant; variant; ...". Variants are matched on lowered text at word
// boundaries. Markers on a variant:
//
//	=Name   case-sensitive: the original text must read exactly Name
//	~name   metonym (a capital standing for the government): mentions only
//	?name   ambiguous: counted only inside a destination list (or, for
//	        "Korea", in an allied / Tier 1 sentence)
//	^Name   German texts only, case-sensitive ("Island" is Iceland)
//	name*   stem: any continuation of the word matches ("chinesisch*")
//
//	@name   a city where parties sit ("Shenzhen-based"): counts for the
//	        parties of an Entity List action, not as a country named
//
// A code of "-" blocks a look-alike ("Australia Group", "New Mexico").
const countryTable = `
-: australia group; new mexico; new jersey; new england; latin america; south america; north america; central america; american samoa; american express; american airlines; georgia tech; indiana; guinea pig*; french fries; turkey shoot; china syndrome; jordan river
US: amerikaner; amerikanern; us amerikaner; us amerikanern; united states; united states of america; =US; =USA; u.s; u.s.a; america; american; americans; vereinigte staaten; vereinigten staaten; vereinigten staaten von amerika; amerika; amerikanisch*; us amerikanisch*; =US-amerikanisch*; ~washington
CN: chinesen; ^Volksrepublik; ^Volksrepubliken; china; chinas; reich der mitte; china, people's republic of; people's republic of china; peoples republic of china; =PRC; p.r.c; mainland china; chinese; volksrepublik china; volksrepublik chinas; vr china; festlandchina; chinesische festland; chinesischen festland; chinesischen festlands; chinesisch*; ~peking; ~beijing
CN,HK: hong kong; hongkong; hong kong sar; hongkongs; hongkonger*
TW: taiwaner; taiwanern; taiwan; taiwans; taiwanese; taiwanisch*; republic of china; republik china; ~taipei; ~taipeh
MO: macau; macao; macaus
KR: südkoreaner; südkoreanern; korea, south; south korea; south korean; republic of korea; republik korea; südkorea; südkoreas; südkoreanisch*; korea (süd); =ROK; ~seoul; ?korea; ?koreas
KP: nordkoreaner; nordkoreanern; korea, north; north korea; north korean; democratic people's republic of korea; =DPRK; nordkorea; nordkoreas; nordkoreanisch*; =DVRK; demokratische volksrepublik korea; demokratischen volksrepublik korea; ~pjöngjang; ~pyongyang
JP: japaner; japanern; japan; japans; japanese; japanisch*; ~tokyo; ~tokio
RU: russen; russia; russian federation; russian; russians; =Russia's; russland; russlands; russische föderation; russischen föderation; russisch*; ~moscow; ~moskau; ~kremlin; ~kreml
BY: belarussen; belarus; belarusian; weißrussland; weissrussland; belarussisch*; weißrussisch*
IR: iraner; iranern; iran; iranian; islamic republic of iran; irans; iranisch*; ~tehran; ~teheran
IQ: iraq; iraqi; irak; iraks; irakisch*
SY: syria; syrian; syrien; syriens; syrisch*
CU: cuba; cuban; kuba; kubas; kubanisch*
VE: venezuela; venezuelan; venezuelas; venezolanisch*
NI: nicaragua; nicaraguan; nicaraguanisch*
MM: burma; myanmar; burmese; birma; myanmars; myanmarisch*; birmanisch*
KH: cambodia; cambodian; kambodscha; kambodschanisch*
LA: laos; lao people's democratic republic; laotian; laotisch*
VN: vietnamesen; vietnam; viet nam; vietnamese; vietnams; vietnamesisch*
TH: thailand; thai; thailands; thailändisch*
MY: malaysier; malaysiern; malaysia; malaysian; malaysias; malaysisch*
SG: singapore; singaporean; singapur; singapurs; singapurisch*
ID: indonesia; indonesian; indonesien; indonesiens; indonesisch*
PH: philippines; philippine; filipino; philippinen; philippinisch*
IN: inder; indern; india; indian; indien; indiens; indisch*; ~new delhi; ~neu delhi
PK: pakistaner; pakistanern; pakistan; pakistani; pakistans; pakistanisch*
AF: afghanistan; afghan; afghanisch*
BD: bangladesh; bangladesch; bangladeshi; bangladeschisch*
LK: sri lanka; sri lankan; sri lankisch*; srilankisch*
NP: nepal; nepalese; nepali; nepalesisch*
MN: mongolia; mongolei; mongolian; mongolisch*
KZ: kazakhstan; kazakh; kasachstan; kasachisch*
KG: kyrgyzstan; kyrgyz republic; kirgisistan; kirgistan; kirgisien; kirgisisch*
UZ: uzbekistan; usbekistan; uzbek; usbekisch*
TJ: tajikistan; tadschikistan; tajik; tadschikisch*
TM: turkmenistan; turkmen; turkmenisch*
AM: armenia; armenian; armenien; armenisch*
AZ: azerbaijan; aserbaidschan; azerbaijani; aserbaidschanisch*
GE: georgien; georgisch*; republic of georgia; ?georgia
TR: türken; turkey; =Turkey; türkiye; turkiye; türkei; =Turkey's; turkish; türkisch*; ~ankara
AE: emiratis; united arab emirates; =UAE; u.a.e; emirati; vereinigte arabische emirate; vereinigten arabischen emiraten; vereinigten arabischen emirate; =VAE; emirate; emiraten; ~abu dhabi; ~dubai; emiratisch*
SA: saudis; saudi arabia; saudi; saudi arabien; saudi arabiens; saudisch*; =KSA; ~riad; ~riyadh
QA: qatar; katar; katars; qatari; katarisch*
KW: kuwait; kuwaiti; kuwaitis; kuwaitisch*
BH: bahrain; bahraini; bahrainisch*
OM: oman; =Oman; omani; omanis; omanisch*
YE: yemen; jemen; yemeni; jemenitisch*
JO: ?jordan; jordanien; jordanian; jordanisch*
LB: lebanon; lebanese; libanon; libanesisch*
IL: israelis; israel; israeli; israels; israelisch*
PS: palestine; palestinian territories; palästina
EG: egypt; egyptian; ägypten; ägyptisch*
LY: libya; libyan; libyen; libysch*
TN: tunisia; tunesien; tunisian; tunesisch*
DZ: algeria; algerien; algerian; algerisch*
MA: morocco; marokko; moroccan; marokkanisch*
SD: sudan; sudanese; sudanesisch*
SS: south sudan; südsudan
ER: eritrea; eritrean; eritreisch*
ET: ethiopia; äthiopien; ethiopian; äthiopisch*
SO: somalia; somali; somalisch*
KE: kenya; kenia; kenyan; kenianisch*
NG: nigeria; nigerian; nigerianisch*
GH: ghana
SN: senegal
ZA: south africa; südafrika; südafrikanisch*; south african
ZW: zimbabwe; simbabwe; zimbabwean; simbabwisch*
CD: democratic republic of the congo; dr congo; drc; dr kongo; demokratische republik kongo; demokratischen republik kongo; congo, democratic republic of the
CG: republic of the congo; congo, republic of the
CF: central african republic; zentralafrikanische republik; zentralafrikanischen republik
HT: haiti
BZ: belize
MX: mexikaner; mexikanern; mexico; mexican; mexiko; mexikanisch*
BR: brazil; brazilian; brasilien; brasilianisch*
AR: argentina; argentinien; argentine; argentinian; argentinisch*
CL: chile; chilean; chilenisch*
CO: colombia; kolumbien; colombian; kolumbianisch*
PE: peru; peruvian; peruanisch*
EC: ecuador
BO: bolivia; bolivien
PY: paraguay
UY: uruguay
PA: panama
CR: costa rica
GT: guatemala
HN: honduras
SV: el salvador
DO: dominican republic; dominikanische republik
JM: jamaica; jamaika
CA: kanadier; kanadiern; canada; canadian; kanada; kanadas; kanadisch*; ~ottawa
AU: australier; australiern; australia; australian; australien; australiens; australisch*; ~canberra
NZ: new zealand; neuseeland; new zealander; neuseeländisch*
GB: briten; united kingdom; =UK; u.k; great britain; britain; british; england; vereinigtes königreich; vereinigte königreich; vereinigten königreich; vereinigten königreichs; großbritannien; grossbritannien; großbritanniens; britannien; britisch*; ~london
IE: ireland; irish; irland; irlands; irisch*
FR: franzosen; france; french; frankreich; frankreichs; französisch*; ~paris
DE: germany; german; deutschland; deutschlands; deutsch*; bundesrepublik; bundesrepublik deutschland
AT: österreicher; österreichern; austria; austrian; österreich; österreichs; österreichisch*; ~wien; ~vienna
CH: switzerland; swiss; schweiz; schweizer*
LI: liechtenstein
IT: italiener; italienern; italy; italian; italien; italiens; italienisch*; ~rome
ES: spain; spanish; spanien; spaniens; spanisch*; ~madrid
PT: portugal; portuguese; portugiesisch*
NL: niederländer; niederländern; netherlands; the netherlands; dutch; niederlande; niederlanden; niederländisch*; holland; ~den haag; ~the hague; ~amsterdam
BE: belgium; belgian; belgien; belgiens; belgisch*; ~brüssel; ~brussels
LU: luxembourg; luxemburg; luxembourgish; luxemburgisch*
DK: denmark; danish; dänemark; dänisch*
SE: sweden; swedish; schweden; schwedisch*
NO: norway; norwegian; norwegen; norwegisch*
FI: finland; finnish; finnland; finnisch*
IS: iceland; icelandic; ^Island; ^Islands; isländisch*
PL: poland; =Polish; polen; polens; polnisch*; ~warschau
CZ: czechia; czech republic; czech; tschechien; tschechische republik; tschechischen republik; tschechisch*
SK: slovakia; slovak republic; slowakei; slowakisch*; slovakian
HU: hungary; hungarian; ungarn; ungarns; ungarisch*
RO: romania; romanian; rumänien; rumänisch*
BG: bulgaria; bulgarian; bulgarien; bulgarisch*
GR: greece; greek; griechenland; griechenlands; griechisch*
HR: croatia; croatian; kroatien; kroatisch*
SI: slovenia; slowenien; slovenian; slowenisch*
RS: serbia; serbien; serbian; serbisch*
BA: bosnia and herzegovina; bosnien; bosnian; bosnisch*
MK: north macedonia; nordmazedonien; macedonia; macedonian; mazedonisch*
AL: albania; albanien; albanian; albanisch*
ME: montenegro; montenegrin; montenegrinisch*
EE: estonia; estonian; estland; estnisch*
LV: latvia; latvian; lettland; lettisch*
LT: lithuania; lithuanian; litauen; litauisch*
MT: malta; maltese; maltesisch*
CY: cyprus; cypriot; zypern; zypriotisch*
UA: ukrainer; ukrainern; ukraine; ukrainian; ukrainisch*; ~kyiv; ~kiew
MD: moldova; moldau; moldovan; moldauisch*
GN: ?guinea
GQ: equatorial guinea; äquatorialguinea
GW: guinea bissau
PG: papua new guinea
TD: ?chad; tschad
MG: madagascar; madagaskar
MZ: mozambique; mosambik
AO: angola
NA: namibia
BW: botswana
ZM: zambia; sambia
MW: malawi
TZ: tanzania; tansania
UG: uganda
RW: rwanda; ruanda
BI: burundi
CM: cameroon; kamerun
CI: côte d'ivoire; cote d'ivoire; ivory coast; elfenbeinküste
ML: =Mali
BF: burkina faso
TG: =Togo
BJ: benin
SL: sierra leone
LR: liberia
GM: gambia
MR: mauritania; mauretanien
DJ: djibouti; dschibuti
GA: =Gabon; gabun
MU: mauritius
SC: seychelles; seychellen
BT: bhutan
MV: maldives; malediven
BN: brunei; bruneian
TL: timor leste; east timor; osttimor
FJ: fiji; fidschi
TT: trinidad and tobago
BB: barbados
BS: bahamas
MC: monaco
CN: @shenzhen; @shanghai; @guangzhou; @wuhan; @hefei; @hangzhou; @chengdu; @tianjin; @nanjing; @xi'an; @dongguan; @suzhou; @harbin
RU: @st. petersburg; @sankt petersburg; @yekaterinburg; @novosibirsk
IR: @isfahan
`

// tier1 are the AI-diffusion Tier 1 countries (Supplement No. 5 to part 740)
// plus the United States; used only to resolve "Korea" in allied context.
var tier1 = map[string]bool{"US": true, "AU": true, "BE": true, "CA": true, "DK": true, "FI": true, "FR": true, "DE": true, "IE": true, "IT": true, "JP": true, "NL": true, "NZ": true, "NO": true, "KR": true, "ES": true, "SE": true, "TW": true, "GB": true}
