package cliview

import (
	"fmt"
	"io"
	"strings"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

// SourceHealth is one row of `exportwatch sources`: a configured source and
// its crawl state.
type SourceHealth struct {
	store.CrawlState
	Type     string `json:"type"`
	Schedule string `json:"schedule"`
	Disabled bool   `json:"disabled,omitempty"`
	// Documents counts the archive's documents from the source, each once
	// (documents_seen counts the last run's fetches).
	Documents int `json:"documents"`
}

// Sources joins the configured sources with their crawl states and their
// document counts (store.DocumentCountsBySource), in the order of the
// config.
func Sources(cfg config.Config, states []store.CrawlState, counts map[string]int) []SourceHealth {
	byName := map[string]store.CrawlState{}
	for _, s := range states {
		byName[s.Source] = s
	}
	rows := []SourceHealth{}
	for _, s := range cfg.Sources {
		st := byName[s.Name]
		st.Source = s.Name
		rows = append(rows, SourceHealth{CrawlState: st, Type: s.Type, Schedule: s.Schedule, Disabled: s.Disabled, Documents: counts[s.Name]})
	}
	return rows
}

// SourcesText writes the health table of `exportwatch sources`.
func SourcesText(w io.Writer, rows []SourceHealth) {
	tw := table(w)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSTATUS\tLAST SUCCESS\tFAILURES\tDOCUMENTS\tLAST ERROR")
	for _, r := range rows {
		status := "ok"
		switch {
		case r.Disabled:
			status = "disabled"
		case r.Down:
			status = "DOWN"
		case r.LastRun.IsZero():
			status = "never run"
		case r.ConsecutiveFailures > 0:
			status = "failing"
		}
		last := "-"
		if !r.LastSuccess.IsZero() {
			last = r.LastSuccess.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", r.Source, r.Type, status, last, r.ConsecutiveFailures, r.Documents, truncate(r.LastError, 80))
	}
	tw.Flush()
}

// Check writes the report of `exportwatch check`: one line, then the
// problems found.
func Check(w io.Writer, rep store.CheckReport, indexStatus string) {
	status := "ok"
	if !rep.OK {
		status = "PROBLEMS"
	}
	fmt.Fprintf(w, "check %s: documents=%d versions=%d pending_index=%d index=%s\n", status, rep.Documents, rep.Versions, rep.PendingIndex, indexStatus)
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  - %s\n", p)
	}
}

// CrawlDone writes the summary line of `exportwatch crawl` and, when whole
// sources failed, a line naming them: the summary's failed= counts
// documents, so the two are never confused.
func CrawlDone(w io.Writer, sum pipeline.Summary, failed []string, of int) {
	fmt.Fprintln(w, sum.String())
	if len(failed) > 0 {
		fmt.Fprintf(w, "failed sources: %d of %d: %s\n", len(failed), of, strings.Join(failed, ", "))
	}
}
