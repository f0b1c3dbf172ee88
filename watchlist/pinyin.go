package watchlist

import "strings"

// pinyinSyllables are the syllables of Mandarin in pinyin without tones
// (initial and final; a few that never occur are let in, which only lets
// a rare English word split too).
var pinyinSyllables = func() map[string]bool {
	m := map[string]bool{}
	finals := strings.Fields(`a o e i u v ai ei ui ao ou iu ie ve er an en in un ang eng ing ong
		ia iao ian iang iong ua uo uai uan uang ue`)
	for _, ini := range strings.Fields(`b p m f d t n l g k h j q x zh ch sh r z c s y w`) {
		for _, f := range finals {
			m[ini+f] = true
		}
	}
	for _, f := range strings.Fields(`a o e ai ei ao ou an en ang eng er`) {
		m[f] = true // syllables without an initial
	}
	return m
}()

// syllableInitials returns the first letters of the pinyin syllables of w
// ("zk" for "zhongke", "hf" for "huafeng"), or "" if w is not two
// syllables or more: Chinese firms abbreviate a name by its syllables
// ("Zhongke Xin" as ZKX).
func syllableInitials(w string) string {
	if len(w) < 4 || len(w) > 18 {
		return ""
	}
	// best[i]: the fewest syllables that spell w[:i], -1 if none do
	var best, from [19]int
	for i := range best {
		best[i] = -1
	}
	best[0] = 0
	for i := 1; i <= len(w); i++ {
		for j := max(0, i-6); j < i; j++ {
			if best[j] >= 0 && pinyinSyllables[w[j:i]] && (best[i] < 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[len(w)] < 2 {
		return ""
	}
	out := make([]byte, best[len(w)])
	for i, k := len(w), len(out)-1; i > 0; i, k = from[i], k-1 {
		out[k] = w[from[i]]
	}
	return string(out)
}
