package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/config"
)

func TestSearchBudget(t *testing.T) {
	cfg, err := load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := config.Search{MaxQueryBytes: 1024, MaxClauses: 64, MaxWildcards: 8, MaxRegexps: 4, Timeout: config.Duration(5 * time.Second), MaxConcurrent: 4}
	if cfg.Search != want {
		t.Errorf("default search = %+v, want %+v", cfg.Search, want)
	}

	p := writeConfig(t, "search:\n  max_query_bytes: 4096\n  max_regexps: 0\n  timeout: 10s\n  max_concurrent: 2\n")
	cfg, err = load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want.MaxQueryBytes, want.MaxRegexps, want.Timeout, want.MaxConcurrent = 4096, 0, config.Duration(10*time.Second), 2
	if cfg.Search != want {
		t.Errorf("search = %+v, want %+v", cfg.Search, want)
	}

	for body, wantErr := range map[string]string{
		"search:\n  max_query_bytes: 8\n":   "search.max_query_bytes: must be between 16 and 1048576, not 8",
		"search:\n  max_clauses: 0\n":       "search.max_clauses: must be between 1",
		"search:\n  max_wildcards: -1\n":    "search.max_wildcards: must be between 0",
		"search:\n  max_concurrent: 0\n":    "search.max_concurrent: must be between 1",
		"search:\n  timeout: 0s\n":          "search.timeout: must be positive",
		"search:\n  timeout: 2m\n":          "search.timeout: must be positive and at most 55s",
		"search:\n  max_cost: 3\n":          "max_cost",
		"search:\n  max_regexps: lots\n":    "line 2",
		"search:\n  timeout: soon\n":        "line 2: \"soon\" is not a duration",
		"search:\n  max_concurrent: 2000\n": "not 2000",
	} {
		_, err := load(writeConfig(t, body), env(nil))
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: error %v, want one containing %q", body, err, wantErr)
		}
	}
}
