package main

import (
	"log/slog"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/sources"
)

// buildSources turns config sections into crawler sources (see
// sources.Build). since, when not zero, overrides the configured start
// (crawl --since).
func buildSources(sections []config.Source, cfg config.Config, validators crawler.Validators, since time.Time, log *slog.Logger) ([]crawler.Source, error) {
	return sources.Build(sections, cfg.Crawl, validators, since, log)
}
