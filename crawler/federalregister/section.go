package federalregister

import (
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/fetch"
)

// Type is the config type of this source.
const Type = "federalregister"

// Defaults of a configured Federal Register source.
const (
	DefaultBaseURL  = "https://www.federalregister.gov/api/v1"
	DefaultAgency   = "industry-and-security-bureau"
	DefaultSchedule = "*/10 * * * *"
)

// defaultSince is where a configured source's first crawl starts.
var defaultSince = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// ConfigKind is this source type for config.Load.
func ConfigKind() config.SourceKind {
	return config.SourceKind{Schedule: DefaultSchedule, New: func() config.SourceSection { return NewSection() }}
}

// Section is the config section of a source of type federalregister.
type Section struct {
	BaseURL  string      `yaml:"base_url"`
	Agencies []string    `yaml:"agencies"` // agency slugs
	Since    config.Date `yaml:"since"`    // where the first crawl starts
	// Lookback re-reads this much recent history on each crawl so that
	// corrections to recent documents become new versions.
	Lookback config.Duration `yaml:"lookback"`
	PerPage  int             `yaml:"per_page"`
	// Rate is the most API requests per second; 0 means 5.
	Rate float64 `yaml:"rate"`
	// TextRate is the most full-text downloads per second; 0 means 1 (the
	// Federal Register asks for at most 1).
	TextRate float64 `yaml:"text_rate"`
}

// NewSection returns a section holding the defaults.
func NewSection() *Section {
	return &Section{
		BaseURL:  DefaultBaseURL,
		Agencies: []string{DefaultAgency},
		Since:    config.Date(defaultSince),
		Lookback: config.Duration(7 * 24 * time.Hour),
		PerPage:  1000,
	}
}

var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Validate implements config.SourceSection.
func (s *Section) Validate() []config.FieldError {
	var errs []config.FieldError
	if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, config.Fieldf("base_url", "%q must be an absolute http or https URL", s.BaseURL))
	}
	if s.PerPage < 2 || s.PerPage > 2000 {
		errs = append(errs, config.Fieldf("per_page", "must be between 2 and 2000 (the API turns other values into 20)"))
	}
	for i, a := range s.Agencies {
		if !slug.MatchString(a) {
			errs = append(errs, config.Fieldf(fmt.Sprintf("agencies[%d]", i), "%q is not an agency slug (like %s)", a, DefaultAgency))
		}
	}
	if s.Lookback < 0 {
		errs = append(errs, config.Fieldf("lookback", "must not be negative"))
	}
	if s.Rate < 0 {
		errs = append(errs, config.Fieldf("rate", "must not be negative"))
	}
	if s.TextRate < 0 {
		errs = append(errs, config.Fieldf("text_rate", "must not be negative"))
	}
	return errs
}

// Build returns the source the section describes.
func (s *Section) Build(env crawler.Env) (crawler.Source, error) {
	since := s.Since.Time()
	if !env.Since.IsZero() {
		since = env.Since
	}
	return New(Config{
		Name: env.Name, BaseURL: s.BaseURL, Agencies: s.Agencies, Since: since,
		Lookback: s.Lookback.D(), PerPage: s.PerPage, APIRate: s.Rate, TextRate: s.TextRate,
		Fetch: fetch.ConfigFrom(env.Crawl),
	}, env.Validators, env.Log)
}
