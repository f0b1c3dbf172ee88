package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de" // registers the "de" analyzer
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en" // registers the "en" analyzer
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion is stored in the index; an index built with another
// version is reported as ErrCorrupt so the service rebuilds it. Bump it
// whenever newMapping or toFields changes what is indexed.
const mappingVersion = "exportwatch-index-1"

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

// Analyzer names defined by newMapping.
const (
	analyzerKeywordLower = "keyword_lower"
	analyzerName         = "name_text"
)

// mappingOptions are the storage trade-offs measured by the benchmarks.
type mappingOptions struct {
	// storeBody stores the body text so that snippets can show matches in
	// it. Without it, snippets come from the (always stored) abstract.
	// Term vectors are kept on every text field either way: phrase queries
	// need their positions.
	storeBody bool
}

var defaultMappingOptions = mappingOptions{storeBody: true}

// newMapping returns the index mapping: a static document mapping (nothing
// is indexed unless listed here), no _all field, doc values only where a
// facet or a sort needs them.
func newMapping(o mappingOptions) (*mapping.IndexMappingImpl, error) {
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
	text := func(analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	dm.AddFieldMappingsAt(fID, kw(false, false))
	dm.AddFieldMappingsAt(fSource, kw(true, true))
	dm.AddFieldMappingsAt(fKind, kw(false, false))
	dm.AddFieldMappingsAt(fStage, kw(false, false))
	dm.AddFieldMappingsAt(fLanguage, kw(false, false))
	dm.AddFieldMappingsAt(fAgencies, kw(false, true))
	dm.AddFieldMappingsAt(fLabels, kw(true, true))
	dm.AddFieldMappingsAt(fCountries, kw(true, true))
	dm.AddFieldMappingsAt(fMentions, kw(false, false))
	dm.AddFieldMappingsAt(fYear, kw(false, true))

	ent := kw(false, false)
	ent.Analyzer = analyzerKeywordLower
	dm.AddFieldMappingsAt(fEntities, ent)
	dm.AddFieldMappingsAt(fEntityText, text(analyzerName, false))

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
		dm.AddFieldMappingsAt(titleField(lang), text(lang, true))
		// The abstract is always stored: it is the fallback snippet.
		dm.AddFieldMappingsAt(abstractField(lang), text(lang, true))
		dm.AddFieldMappingsAt(bodyField(lang), text(lang, o.storeBody))
	}
	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
