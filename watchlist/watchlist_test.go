package watchlist

import (
	"fmt"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/google/go-cmp/cmp"
)

// The names in this file are hand-made for unit tests, modelled on the
// shapes of real Entity List entries.

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Huawei Technologies Co., Ltd.":   "huawei technology",
		"LTD HUAWEI-TECHNOLOGIES":         "huawei technology",
		"Société Générale S.A.":           "generale societe",
		"Müller GmbH":                     "muller",
		"OOO Alfakomponent":               "alfakomponent",
		"Joint Stock Company Almaz-Antey": "almaz antey",
		"Husayn Fa'ur":                    "faur husayn",
		"A.S. Yakovlev EDB":               "as edb yakovlev",
		"Obshchestvo S Ogranichennoi Otvetstvennostyu 'Gazprom Invest'": "gazprom invest",
		"Smith & Sons Ltd.": "smith sons",
		"Company":           "company",
		"China Electronics Technology Group Corporation 38th Research Institute": "38 cetc institute research",
		"Obshchestvo S Organichennio Otyetstvennostyu Medstandart":               "medstandart",
		"Łódź Trading Sp": "lodz trade",
		"":                "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVariants(t *testing.T) {
	for in, want := range map[string][]string{
		"Emal Bilal Construction Company (EBCC)":                               {"Emal Bilal Construction Company (EBCC)", "EBCC"},
		"Planet Technology (Hong Kong) Ltd.":                                   {"Planet Technology (Hong Kong) Ltd."},
		"China Aerospace Science and Industry Corporation (CASIC) 3rd Academy": {"China Aerospace Science and Industry Corporation (CASIC) 3rd Academy"},
		"Gazmash, AO (f.k.a., Dochernee Obshchestvo Gazmash)": {
			"Gazmash, AO (f.k.a., Dochernee Obshchestvo Gazmash)", "Gazmash, AO", "Dochernee Obshchestvo Gazmash",
		},
		"Alpha Trading, a.k.a. Beta Trading": {"Alpha Trading, a.k.a. Beta Trading", "Alpha Trading", "Beta Trading"},
		"Akademik Ltd.":                      {"Akademik Ltd."},
		"Orbis Optics LLC. 5 Lenin Ave., Minsk, 220036, Belarus": {
			"Orbis Optics LLC. 5 Lenin Ave., Minsk, 220036, Belarus", "Orbis Optics LLC",
		},
		"Corporation No. 28 Institute": {"Corporation No. 28 Institute"},
	} {
		if diff := cmp.Diff(want, variants(in)); diff != "" {
			t.Errorf("variants(%q) mismatch (-want +got):\n%s", in, diff)
		}
	}
}

func TestScorePairs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		hit  bool
	}{
		{"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED", true},
		{"Technologies Huawei", "Huawei Technologies", true},
		{"Almaz-Antey Corp", "Joint-Stock Company Concern Almaz-Antey", true},
		{"Yevpatoria Commercial Seaport", "Evpatoria Commercial Seaport", true},
		{"AO Permskiy Zavod Mashinostroitel", "JSC Permskiy Zavod Mashinostroitel", true},
		{"GSS", "Joint Stock Company Gazprom Space Systems", true},
		{"Beijing Zhongke Technology Co., Ltd.", "Beijing Zhongwei Technology Co., Ltd.", false},
		{"Shenzhen Yitai Technology Co., Ltd.", "Shenzhen East Technology Limited", false},
		{"Planet Technology", "Stellar Technology (Hong Kong) Co., Ltd.", false},
		{"China Shipbuilding 718th Research Institute", "China Shipbuilding 719th Research Institute", false},
		{"Fazal Rahim Farid", "Fazel Rahim Farid", true},
		{"Abou El-Khir Al Joundi", "Abou El Kheir Al Joundi", true},
		{"Beijing Tsingke Biotech Co., Ltd.", "Beijing Qingke Biotechnology Co., Ltd.", true},
		{"Zhongke Xin Electronic Equipment", "Zhongkexin Electronic Equipment", true},
		{"Mangal Trading", "Mongol Trading", false},
		{"Fincor LLC", "Finko LLC", false},
		{"Beijing Huada Jiutian Technology Co., Ltd.", "Guangzhou Huada Jiutian Technology Co., Ltd.", false},
		{"JIQT", "JICT", false},
		// a short name contained in a longer one: a hit when a word they
		// share is carried by no listed entry but one ("Orbivex" by none)
		{"Orbivex", "Orbivex Japan K.K.", true},
		// ... not when the longer adds a place to words many entries carry
		{"Huawei Device Co., Ltd.", "Huawei Device (Dongguan) Co., Ltd.", false},
		{"Ministry of Home Affairs", "MOHA", true},
		{"Advanced Optical Engineering", "AOE", false}, // five listed entries go by AOE
		{"Bel Orbivex Technologies", "BellOrbivex Technologies", true},
		{"Yaroslavl Shipbuilding Plant", "Yaroslavskiy Sudostroitelny Zavod", true},
		{"CETC 38", "China Electronics Technology Group Corporation 38th Research Institute", true},
		{"CETC 38", "China Electronics Technology Group Corporation 39th Research Institute", false},
		{"Salute Design Bureau", "OKB Salyut Design Bureau", true},
		{"Xian Xiangrui Technology Co., Ltd.", "Xian Xiangrui Keji Youxian Gongsi", true},
		{"Beijing Zhongke Xin Electronic Equipment", "ZKX", true},              // pinyin syllables
		{"Beijing Huafeng Test & Control Technology Co., Ltd.", "HFTC", false}, // another listed entry goes by HFTC too
	} {
		a, b := parseName(tc.a), parseName(tc.b)
		var why strings.Builder
		sc := score(a, b, &why)
		if got := sc >= Threshold; got != tc.hit {
			t.Errorf("score(%q, %q) = %.3f (%s), want hit %v", tc.a, tc.b, sc, why.String(), tc.hit)
		}
	}
}

func TestScreenMatch(t *testing.T) {
	parties := []Party{
		{Name: "Huawei Technologies Co., Ltd.", Country: "CN", Reference: "S-1"},
		{Name: "Gazprom Space Systems", Aliases: []string{"GSS"}, Country: "RU", Reference: "S-2"},
		{Name: "Acme Widgets GmbH", Country: "DE", Reference: "S-3"},
		{Name: "Beijing Zhongke Technology Co., Ltd.", Country: "CN", Reference: "S-4"},
	}
	s := NewScreen(parties)
	for _, tc := range []struct {
		name string
		e    Entry
		want []string // references hit, best first
	}{
		{"exact after normalising", Entry{Name: "HUAWEI TECHNOLOGIES COMPANY LIMITED", Country: "CN"}, []string{"S-1"}},
		{"alias of the entry", Entry{Name: "Aktsionernoe Obshchestvo Gazprom Kosmicheskie Sistemy", Aliases: []string{"Gazprom Space Systems, JSC"}, Country: "RU"}, []string{"S-2"}},
		{"acronym in parentheses", Entry{Name: "Joint Stock Company Gazprom Kosmicheskie Sistemy (GSS)", Country: "RU"}, []string{"S-2"}},
		{"shared common words only", Entry{Name: "Beijing Zhongwei Technology Co., Ltd.", Country: "CN"}, nil},
		{"no shared word", Entry{Name: "Nilco Group", Country: "BY"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, h := range s.Match(tc.e) {
				got = append(got, h.Party.Reference)
				if h.Why == "" || h.MatchedName == "" || h.WatchedName == "" {
					t.Errorf("hit %+v lacks evidence", h)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Match(%q) mismatch (-want +got):\n%s", tc.e.Name, diff)
			}
		})
	}
}

func TestCountryLowersScore(t *testing.T) {
	s := NewScreen([]Party{{Name: "Acme Widgets", Country: "DE", Reference: "de"}, {Name: "Acme Widgets", Reference: "none"}, {Name: "Acme Widgets", Country: "HK", Reference: "hk"}})
	var got []string
	for _, h := range s.Match(Entry{Name: "Acme Widgets Ltd.", Country: "CN"}) {
		got = append(got, fmt.Sprintf("%s %.2f", h.Party.Reference, h.Score))
	}
	want := []string{"hk 1.00", "none 1.00", "de 0.92"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits mismatch (-want +got):\n%s", diff)
	}
}

func TestHitEvidence(t *testing.T) {
	s := NewScreen([]Party{{Name: "Huawei Technologies Co., Ltd.", Country: "CN"}})
	hits := s.Match(EntryFromEntity(doc.Entity{Action: doc.ActionAdd, Name: "Huawei Technologies Company Limited", Country: "cn"}))
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(hits))
	}
	h := hits[0]
	for _, want := range []string{`"huawei technology"`, "legal forms dropped: co, company, limited, ltd", "country CN agrees", "score 1.00"} {
		if !strings.Contains(h.Why, want) {
			t.Errorf("Why = %q, want it to contain %q", h.Why, want)
		}
	}
	if h.Entry.Action != doc.ActionAdd || h.Entry.Country != "CN" {
		t.Errorf("entry = %+v", h.Entry)
	}

	s = NewScreen([]Party{{Name: "Space Systems Holding", Aliases: []string{"Gazprom Space Systems"}, Country: "RU"}})
	hits = s.Match(Entry{Name: "Joint Stock Company Gazprom Kosmicheskie Sistemy (GSS)", Aliases: []string{"Gazprom Space Systems, JSC"}, Country: "RU"})
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(hits))
	}
	for _, want := range []string{`listed alias "Gazprom Space Systems, JSC" of "Joint Stock Company Gazprom Kosmicheskie Sistemy (GSS)"`, `watched alias "Gazprom Space Systems" of "Space Systems Holding"`, "legal forms dropped: jsc"} {
		if !strings.Contains(hits[0].Why, want) {
			t.Errorf("Why = %q, want it to contain %q", hits[0].Why, want)
		}
	}
}

// TestNewEvidence checks that hits name the new reasons in words a reader
// of the alert can follow.
func TestNewEvidence(t *testing.T) {
	for _, tc := range []struct {
		watched, listed string
		want            []string
	}{
		{"Ministry of Home Affairs", "MOHA", []string{`"moha" is the acronym of "Ministry of Home Affairs", and of no other listed entry`}},
		{"Bel Orbivex Technologies", "BellOrbivex Technologies LLC. 5 Lenin Ave., Minsk, 220036, Belarus",
			[]string{`listed name read as "BellOrbivex Technologies LLC"`, "bel+orbivex≈bellorbivex (transliteration)"}},
		{"Orbivex", "Orbivex Japan K.K.", []string{`"orbivex" is a word no other listed entry carries`}},
		{"Yaroslavl Shipbuilding Plant", "Yaroslavskiy Sudostroitelny Zavod", []string{"yaroslavl≈yaroslavskiy 0.93 (transliteration)"}},
	} {
		s := NewScreen([]Party{{Name: tc.watched}})
		hits := s.Match(Entry{Name: tc.listed})
		if len(hits) != 1 {
			t.Errorf("%q against %q: %d hits, want 1", tc.watched, tc.listed, len(hits))
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(hits[0].Why, want) {
				t.Errorf("Why = %q, want it to contain %q", hits[0].Why, want)
			}
		}
	}
}

func TestParseCSV(t *testing.T) {
	got, err := ParseCSV(strings.NewReader("\uFEFFname,aliases,country,reference\n" +
		"Acme Widgets GmbH,Acme; Acme Widgets ,de,C-17\n" +
		",,,\n" +
		"\"Smith, Jones & Co.\",,GBR,\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Party{
		{Name: "Acme Widgets GmbH", Aliases: []string{"Acme", "Acme Widgets"}, Country: "DE", Reference: "C-17"},
		{Name: "Smith, Jones & Co.", Country: "GB"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseCSV mismatch (-want +got):\n%s", diff)
	}
	for in, want := range map[string]string{
		"":                     "empty file",
		"name,country\nA,CN\n": "line 1: header",
		"name,aliases,country,reference\nA,,XX,\n":          `line 2: country "XX" is not an ISO 3166-1 country code`,
		"name,aliases,country,reference\nA,,CN,r\n,b,CN,\n": "line 3: empty name",
		"name,aliases,country,reference\nA,,CN\n":           "line 2: 3 fields",
		"name,aliases,country,reference\nLtd.,,,\n":         "", // a bare legal word stays a name
		"name,aliases,country,reference\n\"A,,CN,\n":        "extraneous or missing",
	} {
		_, err := ParseCSV(strings.NewReader(in))
		switch {
		case want == "" && err != nil:
			t.Errorf("ParseCSV(%q): %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("ParseCSV(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestSyllableInitials(t *testing.T) {
	for w, want := range map[string]string{
		"zhongke": "zk", "huafeng": "hf", "beijing": "bj", "yangpu": "yp",
		"xin": "", "technology": "", "corad": "",
	} {
		if got := syllableInitials(w); got != want {
			t.Errorf("syllableInitials(%q) = %q, want %q", w, got, want)
		}
	}
}
