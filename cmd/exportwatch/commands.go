package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/server"
	"github.com/exportwatch/exportwatch/store"
)

// runCrawl is `exportwatch crawl`: one pass over the sources (or one), a
// progress bar on a terminal, and the documented summary line.
func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	only := fs.String("source", "", "crawl only this source")
	since := fs.String("since", "", "start at this date (YYYY-MM-DD) instead of the saved cursor")
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	var sinceDate time.Time
	if *since != "" {
		if sinceDate, err = config.ParseDate(*since); err != nil {
			return usageError(stderr, fs, fmt.Errorf("--since: %v", err))
		}
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitUsage
	}
	selected, err := selectSources(cfg, *only)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch crawl: %v\n", err)
		return exitUsage
	}
	log := newLogger(cfg, stderr, true, *verbose)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch crawl: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	if _, err := a.pipeline.SyncIndex(ctx); err != nil {
		log.ErrorContext(ctx, "index sync at start", "err", err)
	}
	srcs, err := buildSources(selected, cfg, a.store, sinceDate, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch crawl: %v\n", err)
		return exitUsage
	}

	start := time.Now()
	total := pipeline.Summary{}
	var failedSources []string
	for _, src := range srcs {
		bar := newProgressBar(stderr, src.Name())
		opts := pipeline.Options{IgnoreCursor: !sinceDate.IsZero()}
		if bar != nil {
			opts.Progress = func(p pipeline.Progress) {
				if p.Total > 0 && int64(p.Total) != bar.GetMax64() {
					bar.ChangeMax(p.Total)
				}
				_ = bar.Set(p.Done)
			}
		}
		sum, err := a.pipeline.Crawl(ctx, src, opts)
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(stderr)
		}
		total = total.Add(sum)
		if err != nil {
			failedSources = append(failedSources, src.Name())
			fmt.Fprintf(stderr, "source %s failed: %v\n", src.Name(), err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	total.Took = time.Since(start)
	fmt.Fprintln(stdout, total.String())
	if len(failedSources) > 0 {
		// failed= counts documents; a source that failed as a whole is
		// counted here, so the two are never confused.
		fmt.Fprintf(stdout, "failed sources: %d of %d: %s\n", len(failedSources), len(srcs), strings.Join(failedSources, ", "))
		return exitFailure
	}
	return exitOK
}

// newProgressBar returns a bar on a terminal, nil otherwise (pipes and CI
// get only the summary line).
func newProgressBar(w io.Writer, name string) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("docs"),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

// selectSources returns the enabled sources, or the one named.
func selectSources(cfg config.Config, only string) ([]config.Source, error) {
	var out []config.Source
	var names []string
	for _, s := range cfg.Sources {
		names = append(names, s.Name)
		if only != "" && s.Name != only {
			continue
		}
		if only == "" && s.Disabled {
			continue
		}
		out = append(out, s)
	}
	if only != "" && len(out) == 0 {
		return nil, fmt.Errorf("--source %q: no such source (have: %s)", only, strings.Join(names, ", "))
	}
	return out, nil
}

// runSearch is `exportwatch search`.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	var countries, labels, sources stringList
	fs.Var(&countries, "country", "only documents concerning this country (ISO code; repeatable)")
	fs.Var(&labels, "label", "only documents with this label (repeatable)")
	fs.Var(&sources, "source", "only documents from this source (repeatable)")
	from := fs.String("from", "", "published on or after YYYY-MM-DD")
	to := fs.String("to", "", "published on or before YYYY-MM-DD")
	sortBy := fs.String("sort", "relevance", "relevance, newest or oldest")
	limit := fs.Int("limit", 20, "hits to show (at most 100)")
	offset := fs.Int("offset", 0, "hits to skip")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageError(stderr, fs, err)
	}
	q := index.Query{
		Text:      strings.Join(pos, " "),
		Countries: upper(countries),
		Labels:    labels,
		Sources:   sources,
		Sort:      *sortBy,
		Limit:     *limit,
		Offset:    *offset,
	}
	if *from != "" {
		if q.From, err = config.ParseDate(*from); err != nil {
			return usageError(stderr, fs, fmt.Errorf("--from: %v", err))
		}
	}
	if *to != "" {
		if q.To, err = config.ParseDate(*to); err != nil {
			return usageError(stderr, fs, fmt.Errorf("--to: %v", err))
		}
	}
	switch *sortBy {
	case "relevance", "newest", "oldest":
	default:
		return usageError(stderr, fs, fmt.Errorf("--sort %q: use relevance, newest or oldest", *sortBy))
	}
	if *limit < 1 || *limit > 100 {
		return usageError(stderr, fs, fmt.Errorf("--limit %d: must be between 1 and 100", *limit))
	}
	for _, l := range labels {
		if !validLabel(l) {
			return usageError(stderr, fs, fmt.Errorf("--label %q: use one of %s", l, strings.Join(doc.Labels, ", ")))
		}
	}
	for _, cc := range countries {
		if err := server.CheckCountry(cc); err != nil {
			return usageError(stderr, fs, fmt.Errorf("--country %w", err))
		}
	}
	a, code := setup(ctx, *cfgPath, *verbose, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	if _, err := a.pipeline.SyncIndex(ctx); err != nil {
		a.log.ErrorContext(ctx, "index sync", "err", err)
	}
	res, err := a.index.Search(ctx, q)
	if errors.Is(err, index.ErrBadQuery) {
		fmt.Fprintf(stderr, "exportwatch search: %v\n", err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch search: %v\n", err)
		return exitFailure
	}
	if *asJSON {
		return writeJSON(stdout, stderr, res)
	}
	printSearch(stdout, q, res)
	return exitOK
}

func validLabel(l string) bool {
	for _, v := range doc.Labels {
		if v == l {
			return true
		}
	}
	return false
}

func upper(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToUpper(s)
	}
	return out
}

// resultsLine says which hits are shown and how to get the next page:
// "showing 1–20 of 21 for "x"; --offset 20 for more".
func resultsLine(q index.Query, res index.Result) string {
	if len(res.Hits) == 0 {
		line := fmt.Sprintf("%d results", res.Total)
		if q.Text != "" {
			line += fmt.Sprintf(" for %q", q.Text)
		}
		if res.Total > 0 {
			line += fmt.Sprintf("; --offset %d is past the last one", q.Offset)
		}
		return line
	}
	first, last := q.Offset+1, q.Offset+len(res.Hits)
	line := fmt.Sprintf("showing %d–%d of %d", first, last, res.Total)
	if q.Text != "" {
		line += fmt.Sprintf(" for %q", q.Text)
	}
	if uint64(last) < res.Total {
		line += fmt.Sprintf("; --offset %d for more", last)
	}
	return line
}

func printSearch(w io.Writer, q index.Query, res index.Result) {
	fmt.Fprint(w, resultsLine(q, res))
	fmt.Fprintln(w)
	for i, h := range res.Hits {
		date := ""
		if !h.Published.IsZero() {
			date = h.Published.Format(time.DateOnly)
		}
		fmt.Fprintf(w, "\n%3d. %s  %s  %s\n", q.Offset+i+1, h.ID, date, h.Title)
		meta := []string{}
		if len(h.Labels) > 0 {
			meta = append(meta, "labels: "+strings.Join(h.Labels, ", "))
		}
		if len(h.Countries) > 0 {
			meta = append(meta, "countries: "+strings.Join(h.Countries, ", "))
		}
		if len(meta) > 0 {
			fmt.Fprintf(w, "     %s\n", strings.Join(meta, "  "))
		}
		if s := plainSnippet(h.Snippet); s != "" {
			fmt.Fprintf(w, "     %s\n", s)
		}
	}
	printFacet(w, "labels", res.Facets.Labels)
	printFacet(w, "countries", res.Facets.Countries)
	printFacet(w, "sources", res.Facets.Sources)
	printFacet(w, "years", res.Facets.Years)
}

// plainSnippet turns the HTML-safe snippet into terminal text with the
// matches in [brackets].
func plainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "[")
	s = strings.ReplaceAll(s, "</mark>", "]")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

func printFacet(w io.Writer, name string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	fmt.Fprintf(w, "\n%s: %s", name, strings.Join(parts, ", "))
	if name == "years" {
		fmt.Fprintln(w)
	}
}

// showDocument is the documented `show --json` shape.
type showDocument struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Source      string              `json:"source"`
	URL         string              `json:"url"`
	Published   string              `json:"published"`
	Language    string              `json:"language"`
	Stage       string              `json:"stage,omitempty"`
	Kind        string              `json:"kind,omitempty"`
	Citation    string              `json:"citation,omitempty"`
	Action      string              `json:"action,omitempty"`
	EffectiveOn string              `json:"effective_on,omitempty"`
	Agencies    []string            `json:"agencies,omitempty"`
	CFRParts    []string            `json:"cfr_parts,omitempty"`
	Abstract    string              `json:"abstract,omitempty"`
	Labels      []string            `json:"labels"`
	Scores      map[string]float64  `json:"scores,omitempty"`
	Countries   []string            `json:"countries"`
	Mentions    []string            `json:"mentions"`
	Entities    []doc.Entity        `json:"entities"`
	Evidence    []doc.Evidence      `json:"evidence"`
	Versions    []store.VersionInfo `json:"versions"`
}

func newShowDocument(sd store.StoredDocument) showDocument {
	out := showDocument{
		ID: sd.ID, Title: sd.Title, Source: sd.Source, URL: sd.URL,
		Language: sd.Language, Stage: sd.Stage, Kind: sd.Kind, Citation: sd.Citation,
		Action: sd.Action, Agencies: sd.Agencies, CFRParts: sd.CFRParts, Abstract: sd.Abstract,
		Labels: nonNil(sd.Classification.Labels), Scores: sd.Classification.Scores,
		Countries: nonNil(sd.Classification.Countries), Mentions: nonNil(sd.Classification.Mentions),
		Entities: sd.Classification.Entities, Evidence: sd.Classification.Evidence,
		Versions: sd.Versions,
	}
	if out.Entities == nil {
		out.Entities = []doc.Entity{}
	}
	if out.Evidence == nil {
		out.Evidence = []doc.Evidence{}
	}
	if !sd.Published.IsZero() {
		out.Published = sd.Published.Format(time.DateOnly)
	}
	if sd.EffectiveOn != nil {
		out.EffectiveOn = sd.EffectiveOn.Format(time.DateOnly)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// runShow is `exportwatch show ID`.
func runShow(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	asJSON := fs.Bool("json", false, "print the document as JSON")
	withDiff := fs.Bool("diff", false, "print the diff of each version")
	pos, err := parseArgs(fs, args, 1, "exactly one document ID, like fr:2025-00636")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	_, _, st, code := setupStore(ctx, "show", *cfgPath, *verbose, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	sd, err := st.Document(ctx, pos[0])
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "exportwatch show: no document %q\n", pos[0])
		return exitFailure
	}
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch show: %v\n", err)
		return exitFailure
	}
	out := newShowDocument(sd)
	if *asJSON {
		return writeJSON(stdout, stderr, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	row("id", out.ID)
	row("title", out.Title)
	row("source", out.Source)
	row("kind", out.Kind)
	row("stage", out.Stage)
	row("url", out.URL)
	row("published", out.Published)
	row("effective", out.EffectiveOn)
	row("citation", out.Citation)
	row("action", out.Action)
	row("language", out.Language)
	row("agencies", strings.Join(out.Agencies, ", "))
	row("cfr", strings.Join(out.CFRParts, ", "))
	row("labels", strings.Join(out.Labels, ", "))
	row("countries", strings.Join(out.Countries, ", "))
	row("mentions", strings.Join(out.Mentions, ", "))
	tw.Flush()
	if out.Abstract != "" {
		fmt.Fprintf(stdout, "\n%s\n", out.Abstract)
	}
	if len(out.Evidence) > 0 {
		fmt.Fprintln(stdout, "\nevidence:")
		for _, e := range out.Evidence {
			fmt.Fprintf(stdout, "  [%s] %s\n", e.Label, e.Text)
		}
	}
	if len(out.Entities) > 0 {
		fmt.Fprintln(stdout, "\nentities:")
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, e := range out.Entities {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.Action, e.Country, e.Name, e.ReviewPolicy)
		}
		tw.Flush()
	}
	fmt.Fprintln(stdout, "\nversions:")
	for _, v := range out.Versions {
		fmt.Fprintf(stdout, "  %d  %s  %s\n", v.Version, v.Fetched.Format(time.RFC3339), v.Hash)
		if *withDiff && v.Diff != "" {
			fmt.Fprintln(stdout, indent(v.Diff, "      "))
		}
	}
	return exitOK
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

// runReindex is `exportwatch reindex`: delete the index and rebuild it from
// the store (the store is the source of truth).
func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	cfg, ok := loadConfig(*cfgPath, stderr)
	if !ok {
		return exitUsage
	}
	// Remove the old index before opening, so openApp builds a fresh one
	// and marks every document pending.
	if err := os.RemoveAll(indexPath(cfg)); err != nil {
		fmt.Fprintf(stderr, "exportwatch reindex: remove old index: %v\n", err)
		return exitFailure
	}
	log := newLogger(cfg, stderr, true, *verbose)
	start := time.Now()
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch reindex: %v\n", err)
		return exitFailure
	}
	defer a.Close()
	n, err := a.pipeline.SyncIndex(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch reindex: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "reindex done: documents=%d took=%s\n", n, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// runReclassify is `exportwatch reclassify`: the current classifier over the
// archive; store and index are updated, no alerts are written.
func runReclassify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reclassify", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	since := fs.String("since", "", "only documents published on or after YYYY-MM-DD")
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	var sinceDate time.Time
	if *since != "" {
		if sinceDate, err = config.ParseDate(*since); err != nil {
			return usageError(stderr, fs, fmt.Errorf("--since: %v", err))
		}
	}
	// Only the store is needed to reclassify, so this works while serve
	// runs; serve's periodic index sync then picks the changes up.
	cfg, log, st, code := setupStore(ctx, "reclassify", *cfgPath, *verbose, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	cl := classifier.New()
	start := time.Now()
	total, changed := 0, 0
	err = st.Documents(ctx, sinceDate, func(sd store.StoredDocument) error {
		total++
		c := cl.Classify(classifier.FromDocument(sd.Document))
		if sameClassification(c, sd.Classification) {
			return nil
		}
		changed++
		return st.Reclassify(ctx, sd.ID, c)
	})
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch reclassify: %v\n", err)
		return exitFailure
	}
	note := "index updated"
	ix, err := openIndex(ctx, cfg, st, log)
	switch {
	case errors.Is(err, index.ErrLocked):
		note = "index in use by a running exportwatch, which indexes the changes at its next sync"
	case err != nil:
		fmt.Fprintf(stderr, "exportwatch reclassify: %v\n", err)
		return exitFailure
	default:
		defer ix.Close()
		if _, err := pipeline.New(pipeline.Config{}, st, ix, cl, nil, nil, log).SyncIndex(ctx); err != nil {
			fmt.Fprintf(stderr, "exportwatch reclassify: %v\n", err)
			return exitFailure
		}
	}
	fmt.Fprintf(stdout, "reclassify done: documents=%d changed=%d took=%s (%s)\n", total, changed, time.Since(start).Round(time.Millisecond), note)
	return exitOK
}

func sameClassification(a, b doc.Classification) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// runSources is `exportwatch sources`: the health of each source.
func runSources(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	cfgPath, verbose := commonFlags(fs)
	asJSON := fs.Bool("json", false, "print as JSON")
	_, err := parseArgs(fs, args, 0, "")
	if err != nil {
		return usageError(stderr, fs, err)
	}
	cfg, _, st, code := setupStore(ctx, "sources", *cfgPath, *verbose, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	states, err := st.CrawlStates(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch sources: %v\n", err)
		return exitFailure
	}
	counts, err := st.DocumentCountsBySource(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch sources: %v\n", err)
		return exitFailure
	}
	byName := map[string]store.CrawlState{}
	for _, s := range states {
		byName[s.Source] = s
	}
	type row struct {
		store.CrawlState
		Type     string `json:"type"`
		Schedule string `json:"schedule"`
		Disabled bool   `json:"disabled,omitempty"`
		// Documents counts the archive's documents from the source, each
		// once (documents_seen counts the last run's fetches).
		Documents int `json:"documents"`
	}
	var rows []row
	for _, s := range cfg.Sources {
		st := byName[s.Name]
		st.Source = s.Name
		rows = append(rows, row{CrawlState: st, Type: s.Type, Schedule: s.Schedule, Disabled: s.Disabled, Documents: counts[s.Name]})
	}
	if *asJSON {
		return writeJSON(stdout, stderr, rows)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
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
	return exitOK
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func writeJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "exportwatch: write JSON: %v\n", err)
		return exitFailure
	}
	return exitOK
}
