package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion is stored in the index; an index built with another
// version is reported as ErrCorrupt so the service rebuilds it. Bump it
// whenever newMapping or toFields changes what is indexed.
const mappingVersion = "exportwatch-index-2" // 2: word-bigram (shingle) twins of the text fields

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

// shingleSuffix names the word-bigram twin of a text field: body_en is
// also indexed as body_en_sh, whose terms are the pairs of consecutive
// analysed words ("entiti list"). A phrase query becomes a conjunction of
// term queries on the twin, which needs no term positions (see
// phraseToShingles). The twins are not stored and have no term vectors.
const shingleSuffix = "_sh"

// shingleField is the bigram twin of the text field f ("" if f has none).
func shingleField(f string) string {
	for _, l := range languages {
		switch f {
		case titleField(l), abstractField(l), bodyField(l):
			return f + shingleSuffix
		}
	}
	return ""
}

// fieldLanguage is the language (= analyzer name) of a text field.
func fieldLanguage(f string) string {
	for _, l := range languages {
		switch f {
		case titleField(l), abstractField(l), bodyField(l):
			return l
		}
	}
	return ""
}

// Word bigrams: consecutive analysed words joined by shingleSeparator; a
// gap left by a removed stop word counts as the empty word shingleFiller,
// so "Bureau of Industry" gives "bureau " and " industri". (No token is
// empty or contains a space; "_" would be a token.)
const (
	shingleSeparator = " "
	shingleFiller    = ""
	bigramFilter     = "exportwatch_bigram"
)

// shingleAnalyzer is the name of the bigram analyzer of a language.
func shingleAnalyzer(lang string) string { return lang + "_bigram" }

// baseFilters are the token filters of Bleve's "en" and "de" analyzers
// (analysis/lang/en and analysis/lang/de, v2.6.3), which the bigram
// analyzers repeat before the shingle filter. TestShingleAnalyzerMirrors
// checks that they stay equal.
var baseFilters = map[string][]string{
	"en": {en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	"de": {lowercase.Name, de.StopName, de.NormalizeName, de.LightStemmerName},
}

// Analyzer names defined by newMapping.
const (
	analyzerKeywordLower = "keyword_lower"
	analyzerName         = "name_text"
)

// mappingOptions are the storage trade-offs measured by the benchmarks.
type mappingOptions struct {
	// storeBody stores the body text so that snippets can show matches in
	// it. Without it, snippets come from the (always stored) abstract.
	storeBody bool
	// bodyVectors keeps term vectors (positions and byte offsets) of the
	// body. Snippets need the offsets to mark matches in the body, and the
	// highlighting phase of a phrase search needs the positions; ranking
	// does not (phrases match on the bigram twin). Off only in benchmarks
	// that measure their cost.
	bodyVectors bool
	// bigrams indexes the word-bigram twins of the text fields and runs
	// phrase queries on them. Without it phrases use Bleve's positional
	// phrase searcher, which is slow on a large index (it decodes the
	// positions of both words in every document that has them) but cheap
	// on one document, and exact for phrases of more than two words.
	bigrams bool
}

var defaultMappingOptions = mappingOptions{storeBody: true, bodyVectors: true, bigrams: true}

// matcherMappingOptions are for the one-document index of QueryMatcher:
// positional phrases (indexing the bigrams would cost more than it saves),
// no stored text (no snippets).
var matcherMappingOptions = mappingOptions{storeBody: false, bodyVectors: true, bigrams: false}

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
	if err := im.AddCustomTokenFilter(bigramFilter, map[string]interface{}{
		"type":            shingle.Name,
		"min":             2.0,
		"max":             2.0,
		"output_original": false,
		"separator":       shingleSeparator,
		"filler":          shingleFiller,
	}); err != nil {
		return nil, err
	}
	for _, lang := range languages {
		if err := im.AddCustomAnalyzer(shingleAnalyzer(lang), map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": append(slices.Clone(baseFilters[lang]), bigramFilter),
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
	dm.AddFieldMappingsAt(fLanguage, kw(false, false))
	dm.AddFieldMappingsAt(fAgencies, kw(false, true))
	dm.AddFieldMappingsAt(fLabels, kw(true, true))
	dm.AddFieldMappingsAt(fCountries, kw(true, true))
	dm.AddFieldMappingsAt(fMentions, kw(false, false))
	dm.AddFieldMappingsAt(fYear, kw(false, true))

	ent := kw(false, false)
	ent.Analyzer = analyzerKeywordLower
	dm.AddFieldMappingsAt(fEntities, ent)
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

	// The bigram twin of a text field: same source value, indexed under
	// another name, for matching only (no store, positions or doc values).
	bigrams := func(lang, field string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = shingleField(field)
		f.Analyzer = shingleAnalyzer(lang)
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, lang := range languages {
		tf, af, bf := titleField(lang), abstractField(lang), bodyField(lang)
		tm := []*mapping.FieldMapping{text(lang, true, true)}
		// The abstract is always stored: it is the fallback snippet.
		am := []*mapping.FieldMapping{text(lang, true, true)}
		bm := []*mapping.FieldMapping{text(lang, o.storeBody, o.bodyVectors)}
		if o.bigrams {
			tm = append(tm, bigrams(lang, tf))
			am = append(am, bigrams(lang, af))
			bm = append(bm, bigrams(lang, bf))
		}
		dm.AddFieldMappingsAt(tf, tm...)
		dm.AddFieldMappingsAt(af, am...)
		dm.AddFieldMappingsAt(bf, bm...)
	}
	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
