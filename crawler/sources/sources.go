// Package sources is the table of source types: it gives config the kind
// of each type (its section with defaults and checks) and builds crawler
// sources from a loaded config. A new source type is a package with a
// section type and one line in kinds.
package sources

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/crawler/press"
)

// Kinds returns every source type, for config.Load.
func Kinds() config.SourceKinds {
	return config.SourceKinds{
		federalregister.Type: federalregister.ConfigKind(),
		press.TypeHTML:       press.HTMLKind(),
		press.TypeFeed:       press.FeedKind(),
	}
}

// builder is a section that builds its source.
type builder interface {
	Build(env crawler.Env) (crawler.Source, error)
}

// Build turns configured sources into crawler sources, all fetching with
// the config file's crawl settings. validators (the store) enables
// conditional GET; since, when not zero, overrides each source's
// configured start (crawl --since). A section that cannot be built is an
// error naming the source.
func Build(srcs []config.Source, crawl config.Crawl, validators crawler.Validators, since time.Time, log *slog.Logger) ([]crawler.Source, error) {
	out := make([]crawler.Source, 0, len(srcs))
	for _, s := range srcs {
		b, ok := s.Section.(builder)
		if !ok {
			return nil, fmt.Errorf("config: source %s: type %q is not a source type", s.Name, s.Type)
		}
		src, err := b.Build(crawler.Env{
			Name: s.Name, Crawl: crawl, Validators: validators, Since: since, Log: log,
		})
		if err != nil {
			return nil, fmt.Errorf("config: source %s: %w", s.Name, err)
		}
		out = append(out, src)
	}
	return out, nil
}
