package watchlist

import (
	"strings"
	"testing"
)

func TestDbgBrief(t *testing.T) {
	for _, p := range [][2]string{
		{"Emal Bilal", "Imal Bilal"}, {"Khalil Zadran", "Khlil Zadran"}, {"Bel Huawei Technologies", "BellHuawei Technologies"},
		{"Bei Jing Tian Hang Yang Pu Technology Investment", "Beijing Tianhang Yangpu Technology Investment"},
		{"Ministry of Home Affairs", "MOHA"}, {"Associated Opto-electronics (Chongqing) Co., Ltd.", "AOE"},
		{"Bold Bridge International, LLC", "BB Bold Bridge International"}, {"Fazal Rahim Farid", "Farid"},
		{"Yaroslavl Shipbuilding Factory", "PAO Yaroslavskiy sudostroitelnyy zavod"},
		{"State Flight Testing Center Named After V.P. Chkalov", "State Flight Testing Center IM. V.P. Chkalova"},
	} {
		var why strings.Builder
		sc := score(parseName(p[0]), parseName(p[1]), &why)
		t.Logf("%.3f %s", sc, why.String())
	}
}
