package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion is stored in the index; an index built with another
// version is reported as ErrCorrupt so the service rebuilds it. Bump it
// whenever newMapping or toFields changes what is indexed.
const mappingVersion = "exportwatch-index-3" // 3: word grams inside the text fields, no term vectors, no stored body

// Internal field names.
const (
	fID         = "id"
	fSource     = "source"
	fKind       = "kind"
	fStage      = "stage"
	fLanguage   = "language"
	fAgencies   = "agencies"
	fLabels     = "labels"
	fCountries  = "countries"
	fMentions   = "mentions"
	fEntities   = "entities"      // keyword, lower-cased: entity:"Inspur Group"
	fEntityText = "entities_text" // tokenized names: entity:inspur
	fPublished  = "published"
	fYear       = "year"
	fURL        = "url"
)

// Languages with their own text fields; the first is the default.
var languages = []string{"en", "de"}

func titleField(lang string) string    { return "title_" + lang }
func abstractField(lang string) string { return "abstract_" + lang }
func bodyField(lang string) string     { return "body_" + lang }

// fieldLanguage is the language (= base analyzer name) of a text field.
func fieldLanguage(f string) string {
	for _, l := range languages {
		switch f {
		case titleField(l), abstractField(l), bodyField(l):
			return l
		}
	}
	return ""
}

// baseFilters are the token filters of Bleve's "en" and "de" analyzers
// (analysis/lang/en and analysis/lang/de, v2.6.3), which the gram
// analyzers repeat before gramsFilter (English with stemFilter for
// porter.Name, which stems the same). TestGramAnalyzerMirrors checks
// that they analyse alike.
var baseFilters = map[string][]string{
	"en": {en.PossessiveName, lowercase.Name, en.StopName, stemFilter}, // stemFilter: porter.Name, faster
	"de": {lowercase.Name, de.StopName, de.NormalizeName, de.LightStemmerName},
}

// Analyzer names defined by newMapping.
const (
	analyzerKeywordLower = "keyword_lower"
	analyzerName         = "name_text"
)

// newMapping returns the index mapping: a static document mapping (nothing
// is indexed unless listed here), no _all field, doc values only where a
// facet or a sort needs them, term vectors only on the short entity
// names.
//
// What it leaves out is what made the index slow and large: the body is
// not stored (the store holds it; snippets read it through TextSource)
// and no text field keeps term vectors (phrases match word grams, see
// gramsFilter; snippets re-analyse the text of the page's hits).
func newMapping() (*mapping.IndexMappingImpl, error) {
	if err := checkGramsRegistered(); err != nil {
		return nil, err
	}
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerKeywordLower, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	for _, lang := range languages {
		if err := im.AddCustomAnalyzer(gramAnalyzer(lang), map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     wordTokenizer, // unicode.Name's tokens, faster
			"token_filters": append(slices.Clone(baseFilters[lang]), gramFilter),
		}); err != nil {
			return nil, err
		}
	}
	im.DefaultAnalyzer = keyword.Name
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	dm := bleve.NewDocumentStaticMapping()
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = store
		f.DocValues = docValues
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	dm.AddFieldMappingsAt(fID, kw(false, false))
	dm.AddFieldMappingsAt(fSource, kw(true, true))
	dm.AddFieldMappingsAt(fKind, kw(false, false))
	dm.AddFieldMappingsAt(fStage, kw(false, false))
	dm.AddFieldMappingsAt(fLanguage, kw(true, false)) // picks the snippet analyzer
	dm.AddFieldMappingsAt(fAgencies, kw(false, true))
	dm.AddFieldMappingsAt(fLabels, kw(true, true))
	dm.AddFieldMappingsAt(fCountries, kw(true, true))
	dm.AddFieldMappingsAt(fMentions, kw(false, false))
	dm.AddFieldMappingsAt(fYear, kw(false, true))

	ent := kw(false, false)
	ent.Analyzer = analyzerKeywordLower
	dm.AddFieldMappingsAt(fEntities, ent)
	// Names are short: positions for entity:"Inspur Group" cost little.
	dm.AddFieldMappingsAt(fEntityText, text(analyzerName, false, true))

	pub := bleve.NewDateTimeFieldMapping()
	pub.Store = true
	pub.DocValues = true
	pub.IncludeInAll = false
	dm.AddFieldMappingsAt(fPublished, pub)

	url := bleve.NewTextFieldMapping()
	url.Index = false
	url.Store = true
	url.IncludeInAll = false
	url.IncludeTermVectors = false
	url.DocValues = false
	dm.AddFieldMappingsAt(fURL, url)

	for _, lang := range languages {
		// Title and abstract are stored: every hit shows its title, and
		// the abstract is the snippet when no TextSource is set.
		dm.AddFieldMappingsAt(titleField(lang), text(gramAnalyzer(lang), true, false))
		dm.AddFieldMappingsAt(abstractField(lang), text(gramAnalyzer(lang), true, false))
		dm.AddFieldMappingsAt(bodyField(lang), text(gramAnalyzer(lang), false, false))
	}
	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
