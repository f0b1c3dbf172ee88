package press

import (
	"net/url"
	"sort"
	"strings"
)

// Source types a preset can be.
const (
	TypeHTML = "html"
	TypeFeed = "feed"
)

// Preset is a ready-made source configuration that needs no selectors in
// the user's config. Exactly one of HTML and Feed is used, per Type. Name in
// the config is the preset's name; set it to the user's source name (and
// merge the user's overrides with MergeHTML / MergeFeed).
type Preset struct {
	Name string
	Type string
	HTML HTMLConfig
	Feed FeedConfig
}

// Preset names.
const (
	PresetChinaTable         = "china-table"          // German and English editions
	PresetChinaTableDE       = "china-table-de"       // German edition
	PresetChinaTableEN       = "china-table-en"       // English edition
	PresetBISPress           = "bis-press"            // BIS press releases
	PresetFederalRegisterRSS = "federal-register-rss" // Federal Register RSS for BIS
)

// Real sites the presets read unless a base URL overrides them.
const (
	ChinaTableBase      = "https://table.media"
	BISBase             = "https://www.bis.gov"
	FederalRegisterBase = "https://www.federalregister.gov"
	// BISAgency is the Federal Register slug of the Bureau of Industry and Security.
	BISAgency = "industry-and-security-bureau"
)

// PresetNames lists the preset names, sorted.
func PresetNames() []string {
	names := []string{PresetChinaTable, PresetChinaTableDE, PresetChinaTableEN, PresetBISPress, PresetFederalRegisterRSS}
	sort.Strings(names)
	return names
}

// LookupPreset returns the named preset. baseURL replaces the real site's
// scheme and host (tests point it at a local fake); "" keeps the real one.
//
// The selectors follow the URL shapes and page structure known from
// shared/domain/export-controls.md and are deliberately generic (link
// patterns, meta tags, h1, readability) because the live markup was not
// verified; a user's config can refine any field.
func LookupPreset(name, baseURL string) (Preset, bool) {
	base := func(real string) string {
		if baseURL != "" {
			return strings.TrimRight(baseURL, "/")
		}
		return real
	}
	switch name {
	case PresetChinaTable, PresetChinaTableDE, PresetChinaTableEN:
		b := base(ChinaTableBase)
		var starts []string
		if name != PresetChinaTableEN {
			starts = append(starts, b+"/china/")
		}
		if name != PresetChinaTableDE {
			starts = append(starts, b+"/china/en/")
		}
		cfg := HTMLConfig{
			Name:      name,
			StartURLs: starts,
			MaxPages:  2,
			// Article URL shapes seen: /china/<section>/<slug>/,
			// /china/en/news/<slug>/, /en/china/professional-briefing/<slug>.
			LinkPattern: `^(/china(/en)?|/en/china)/(news|analyse|analysis|standpunkt|opinion|feature|presseschau|professional-briefing|heads|personalien|table-ch)/[^/]+/?$`,
			Article: Article{
				// China.Table is paywalled beyond a teaser: index headline,
				// teaser, date and link only, whatever the page shows.
				TeaserOnly:     true,
				TitleSelector:  "article h1, h1",
				TeaserSelector: ".article-lead, .lead, .teaser-text, article header p",
				DateSelector:   "article time[datetime], .article-date, time",
			},
		}
		if name == PresetChinaTableEN {
			cfg.Language = "en"
		} else if name == PresetChinaTableDE {
			cfg.Language = "de"
		}
		return Preset{Name: name, Type: TypeHTML, HTML: cfg}, true
	case PresetBISPress:
		b := base(BISBase)
		return Preset{Name: name, Type: TypeHTML, HTML: HTMLConfig{
			Name:        name,
			StartURLs:   []string{b + "/press-releases"},
			MaxPages:    2,
			LinkPattern: `^/press-release/[^/]+/?$`,
			Article: Article{
				// "FOR IMMEDIATE RELEASE | May 13, 2025" is found by the
				// date fallback that reads the first lines of the text.
				TitleSelector: "article h1, main h1, h1",
				Language:      "en",
				// Body by readability; the contact box is boilerplate.
				ExcludeSelector: ".contact, nav, footer, .breadcrumb",
				PaywallSelector: "-", // US government works, no paywall
			},
		}}, true
	case PresetFederalRegisterRSS:
		return Preset{Name: name, Type: TypeFeed, Feed: FederalRegisterRSS(base(FederalRegisterBase), BISAgency)}, true
	}
	return Preset{}, false
}

// FederalRegisterRSS is the feed config for the Federal Register's RSS of
// documents from the given agencies (slugs). baseURL is the site root,
// e.g. FederalRegisterBase. Items carry title, link and abstract; the
// federalregister source (JSON API, full text) is the richer alternative.
func FederalRegisterRSS(baseURL string, agencies ...string) FeedConfig {
	q := url.Values{}
	for _, a := range agencies {
		q.Add("conditions[agencies][]", a)
	}
	u := strings.TrimRight(baseURL, "/") + "/api/v1/documents.rss"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return FeedConfig{
		Name:    PresetFederalRegisterRSS,
		URL:     u,
		Kind:    KindPress,
		Article: Article{Language: "en"},
	}
}
