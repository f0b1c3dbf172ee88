package server

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/exportwatch/exportwatch/internal/screening"
)

const chromiumPath = "/usr/bin/chromium"

// longDNSError is the shape of a real fetch error: the query URL, then the
// cause.
const longDNSError = `bis-press: GET https://www.bis.gov/press-releases?field_press_release_date_value%5Bmin%5D=2025-01-01&field_press_release_date_value%5Bmax%5D=2026-12-31&items_per_page=100&page=0: ` +
	`Get "https://www.bis.gov/press-releases?field_press_release_date_value%5Bmin%5D=2025-01-01&items_per_page=100&page=0": dial tcp: lookup www.bis.gov on 127.0.0.53:53: no such host`

// consoleRecorder collects console errors, warnings and exceptions.
type consoleRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *consoleRecorder) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value))
		}
		msg = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level != log.EntryLevelError && ev.Entry.Level != log.EntryLevelWarning {
			return
		}
		msg = fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	r.mu.Lock()
	r.msgs = append(r.msgs, msg)
	r.mu.Unlock()
}

func (r *consoleRecorder) reset() {
	r.mu.Lock()
	r.msgs = nil
	r.mu.Unlock()
}

func (r *consoleRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.msgs...)
}

// TestBrowserEndToEnd drives headless Chromium through the archive: search,
// click a facet, open a document, see the evidence highlighted, with no
// console errors, and saves screenshots.
func TestBrowserEndToEnd(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing under CI=true: install Debian's chromium (apt-get install -y chromium)", chromiumPath)
		}
		t.Skipf("%s is missing: install Debian's chromium to run the browser test (it fails instead of skipping under CI=true)", chromiumPath)
	}
	if testing.Short() {
		t.Skip("-short: starts headless Chromium (runs in the full go test, and CI runs it)")
	}
	a := newArchive(t, Config{APIToken: testToken, Sources: []SourceInfo{
		{Name: "federal-register", Type: "federalregister"},
		{Name: "china-table", Type: "html"},
		{Name: "bis-press", Type: "html"}, // configured, never run
	}})
	// A source failing with a long error: the DNS cause at its end must
	// be readable on /sources, not clipped.
	if _, err := a.st.RecordRun(context.Background(), "bis-press", time.Now(), 0, errors.New(longDNSError)); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(a.srv.Handler())
	defer ts.Close()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	defer cancelAlloc()
	var rec consoleRecorder
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(rec.listen))
	defer cancel()
	// Start the browser on the un-timed context (see chromedp.Run), then
	// bound each step.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 30*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(expr string) int {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
		defer scancel()
		n, err := chromedp.Run(sctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return n
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	shot := func(name string) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 30*time.Second)
		defer scancel()
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		dir := os.Getenv("EXPORTWATCH_SCREENSHOT_DIR") // keep them past the test
		if dir == "" {
			dir = t.TempDir()
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	// The listener works: a console error from DevTools reaches it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`console.error("exportwatch-probe")`)); err != nil {
		t.Fatal(err)
	}
	if !poll.Until(10*time.Second, 20*time.Millisecond, func() bool {
		return strings.Contains(strings.Join(rec.all(), "\n"), "exportwatch-probe")
	}) {
		t.Fatalf("console listener saw no probe; got %q", rec.all())
	}
	rec.reset()

	// 1. Search from the home page.
	step("search",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "advanced computing"),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS(`.hit mark`)),
	)
	if loc := location(); !strings.Contains(loc, "q=advanced+computing") {
		t.Errorf("search URL %q is not shareable", loc)
	}
	if n := eval(`document.querySelectorAll(".hit").length`); n < 2 {
		t.Errorf("search: %d hits, want at least 2", n)
	}
	// The hostile press title is text, never markup.
	if n := eval(`document.scripts.length`); n != 0 {
		t.Errorf("search page has %d script elements, want 0", n)
	}
	if n := eval(`[...document.querySelectorAll(".hit h3 a")].filter(a => a.textContent.includes("<script>")).length`); n != 1 {
		t.Errorf("hostile title shown as text: %d, want 1", n)
	}
	if n := eval(`[...document.querySelectorAll(".hit .meta .kind")].filter(k => k.textContent === "Rule").length`); n < 1 {
		t.Errorf("search: no hit shows its document type")
	}
	if n := eval(`document.querySelectorAll(".health-banner").length`); n != 1 {
		t.Errorf("search: no banner for the failing sources")
	}
	shot("search.png")

	// 2. Click the "Entity List addition" label facet.
	step("facet",
		chromedp.Click(chromedp.CSS(`[data-facet="label"] a.facet-link[href*="label=entity_addition"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.active-filters .chip`)),
	)
	if loc := location(); !strings.Contains(loc, "label=entity_addition") {
		t.Errorf("after facet click: URL %q lacks the filter", loc)
	}
	if n := eval(`document.querySelectorAll(".hit").length`); n != 1 {
		t.Errorf("after facet: %d hits, want 1", n)
	}

	// 3. Open the document and see the evidence highlighted in its text.
	step("open document",
		chromedp.Click(chromedp.CSS(`.hit h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`.fulltext mark.evidence`)),
	)
	if loc := location(); !strings.Contains(loc, "/documents/fr:2025-00636") {
		t.Errorf("document URL = %q", loc)
	}
	if n := eval(`[...document.querySelectorAll(".fulltext mark.evidence")].filter(m => m.textContent.includes("Inspur Group")).length`); n < 1 {
		t.Errorf("highlighted evidence in the text: %d marks, want at least 1", n)
	}
	if n := eval(`document.querySelectorAll("section[aria-label=Entities] table.data tbody tr").length`); n != 2 {
		t.Errorf("entities table: %d rows, want 2", n)
	}
	// Why it matters: the sentence once, the table row as a row.
	if n := eval(`[...document.querySelectorAll(".evidence-list blockquote")].filter(b => b.textContent.includes("People's Liberation Army")).length`); n != 1 {
		t.Errorf("evidence sentence shown %d times, want 1", n)
	}
	if n := eval(`document.querySelectorAll(".evidence-list table.row-evidence tbody td").length`); n != 5 {
		t.Errorf("table-row evidence: %d cells, want 5", n)
	}
	if n := eval(`document.querySelector(".evidence-list").textContent.includes(" | ") ? 1 : 0`); n != 0 {
		t.Errorf("evidence shows cells joined by ' | '")
	}
	// The Entity List table in the text is a table under its headings, the
	// evidence row marked in its cells.
	if n := eval(`[...document.querySelectorAll(".fulltext table.doc-table th")].map(th => th.textContent).join("/") === "Country/Entity/License requirement/License review policy/Federal Register citation" ? 1 : 0`); n != 1 {
		t.Errorf("document: the text's table has no headings")
	}
	if n := eval(`document.querySelectorAll(".fulltext table.doc-table tbody td mark.evidence").length`); n != 5 {
		t.Errorf("document: %d cells of the evidence row marked in the text's table, want 5", n)
	}
	if n := eval(`document.querySelector(".fulltext").textContent.includes(" | ") ? 1 : 0`); n != 0 {
		t.Errorf("document: the text still shows cells joined by \" | \"")
	}
	shot("document.png")

	// The number as pasted from federalregister.gov finds the document.
	step("bare number", chromedp.Navigate(ts.URL+"/documents/2025-00636"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if loc := location(); !strings.HasSuffix(loc, "/documents/fr:2025-00636") {
		t.Errorf("/documents/2025-00636 ended at %q", loc)
	}

	// A public-inspection document says so, with both dates.
	step("public inspection", chromedp.Navigate(ts.URL+"/documents/fr:2025-09999"), chromedp.WaitVisible(chromedp.CSS(`.pi-note`)))
	if n := eval(`document.querySelector(".pi-note").textContent.includes("On public inspection since 17 Jan 2025 08:45 UTC, to be published in the Federal Register on 21 Jan 2025") ? 1 : 0`); n != 1 {
		t.Errorf("public-inspection note missing or wrong")
	}

	// 4. The country dossier: Austria, with the worldwide rule marked.
	step("country", chromedp.Navigate(ts.URL+"/countries/AT"), chromedp.WaitVisible(chromedp.CSS(`ol.timeline li`)))
	if n := eval(`[...document.querySelectorAll(".badge.worldwide")].filter(b => b.offsetParent !== null).length`); n < 1 {
		t.Errorf("country page: %d visible worldwide marks, want at least 1", n)
	}
	if n := eval(`[...document.querySelectorAll("ol.hits a")].filter(a => a.textContent.includes("License Exception LPP")).length`); n != 1 {
		t.Errorf("country page lists the worldwide rule %d times, want 1", n)
	}
	shot("country.png")

	// 5. /sources: configured sources listed, the failing one's long error
	// wraps inside the page.
	step("sources", chromedp.Navigate(ts.URL+"/sources"), chromedp.WaitVisible(chromedp.CSS(`table.sources`)))
	if n := eval(`document.querySelectorAll("table.sources tbody tr").length`); n != 3 {
		t.Errorf("/sources: %d rows, want 3 configured sources", n)
	}
	if n := eval(`document.documentElement.scrollWidth > window.innerWidth + 1 ? 1 : 0`); n != 0 {
		t.Errorf("/sources scrolls sideways: a long error overflows the page")
	}
	if n := eval(`(() => {
		const cell = [...document.querySelectorAll("td.error-cell")].find(td => td.textContent.includes("no such host"));
		if (!cell) return 0;
		const r = document.createRange(); r.selectNodeContents(cell.querySelector(".error-text"));
		const text = r.getBoundingClientRect(), box = cell.getBoundingClientRect();
		return text.right <= box.right + 1 && cell.scrollWidth <= cell.clientWidth + 1 ? 1 : 0;
	})()`); n != 1 {
		t.Errorf("/sources: the long error is clipped or overflows its cell")
	}
	shot("sources.png")

	// 6. The home page says which sources are failing.
	step("banner", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.health-banner`)))
	if n := eval(`document.querySelector(".health-banner").textContent.includes("2 of 3 sources are failing") ? 1 : 0`); n != 1 {
		t.Errorf("home page banner does not say 2 of 3 sources are failing")
	}

	// 7. The subscription form shows only the chosen channel's fields.
	step("subscriptions", chromedp.Navigate(ts.URL+"/subscriptions"), chromedp.WaitVisible(chromedp.CSS(`.channel-tabs`)))
	if n := eval(`document.querySelectorAll("form#new [name=url], form#new [name=secret], form#new [name=target]").length`); n != 0 {
		t.Errorf("feed form shows %d channel fields, want 0", n)
	}

	// 8. Watchlists: the token once, then the list's hits, and the
	// document page marking the watched entity.
	if _, err := screening.ScreenArchive(context.Background(), a.st, screening.New(a.st, nil), "suppliers"); err != nil {
		t.Fatal(err)
	}
	step("watchlists token",
		chromedp.Navigate(ts.URL+"/watchlists"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=token]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=token]`), testToken),
		chromedp.Submit(chromedp.CSS(`input[name=token]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.watchlists`)),
	)
	step("watchlist hits",
		chromedp.Click(chromedp.CSS(`table.watchlists a[href="/watchlists/suppliers"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.hits`)),
	)
	if n := eval(`[...document.querySelectorAll("table.hits tr.hit")].filter(r => r.textContent.includes("Inspur Group Co., Ltd.") && r.textContent.includes("SUP-1")).length`); n != 1 {
		t.Errorf("watchlist page: %d hit rows for Inspur, want 1", n)
	}
	if n := eval(`[...document.querySelectorAll("table.hits tr.evidence")].filter(r => r.textContent.includes("Why:")).length`); n != 1 {
		t.Errorf("watchlist page: %d evidence rows, want 1", n)
	}
	shot("watchlist.png")
	step("watched entity",
		chromedp.Click(chromedp.CSS(`table.hits tr.hit a[href^="/documents/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`section.watched`)),
	)
	if n := eval(`[...document.querySelectorAll("section[aria-label=Entities] mark.watched")].filter(m => m.textContent.includes("Inspur Group")).length`); n != 1 {
		t.Errorf("document page: %d watched marks in the entities table, want 1", n)
	}

	if msgs := rec.all(); len(msgs) > 0 {
		t.Errorf("browser console reported %d problems:\n%s", len(msgs), strings.Join(msgs, "\n"))
	}
}
