// Package screening puts the watchlist matcher (package watchlist) to work
// for the store: it keeps one Screen per watchlist revision, screens each
// new document version inside SaveVersion's transaction (as a
// store.Screener), and screens the whole archive for a list on demand
// ("screen now").
//
// The entries screened are those the classifier extracted. A document on
// public inspection carries none (the classifier reads entries from the
// published full-text tables only) although it may be labelled as an
// Entity List change; for such a document, and any labelled one without
// entries, the watched names are looked for in its text instead.
package screening

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
	"github.com/exportwatch/exportwatch/watchlist"
)

// Parties reads a watchlist's parties; *store.Store implements it.
type Parties interface {
	WatchlistParties(ctx context.Context, id int64) (int64, []store.WatchedParty, error)
}

// Screener screens document versions against the store's watchlists. It
// caches one screen per list and rebuilds it when the list's revision
// moves (an import, in this process or another). It is safe for
// concurrent use.
type Screener struct {
	st  Parties
	log *slog.Logger

	mu    sync.Mutex
	cache map[int64]*listScreen
}

// listScreen is one watchlist at one revision, ready to match.
type listScreen struct {
	rev    int64
	screen *watchlist.Screen
	text   *textIndex
}

var _ store.Screener = (*Screener)(nil)

// New returns a Screener reading parties from st.
func New(st Parties, log *slog.Logger) *Screener {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Screener{st: st, log: log, cache: map[int64]*listScreen{}}
}

// list returns the screen of list l at its current revision, building it
// when the cache holds an older one.
func (s *Screener) list(ctx context.Context, l store.WatchlistRevision) (*listScreen, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cache[l.ID]; c != nil && c.rev == l.Revision {
		return c, nil
	}
	rev, stored, err := s.st.WatchlistParties(ctx, l.ID)
	if err != nil {
		return nil, fmt.Errorf("screening: watchlist %s: %w", l.Name, err)
	}
	parties := make([]watchlist.Party, len(stored))
	for i, p := range stored {
		parties[i] = watchlist.Party{Name: p.Name, Aliases: p.Aliases, Country: p.Country, Reference: p.Reference}
	}
	c := &listScreen{rev: rev, screen: watchlist.NewScreen(parties), text: newTextIndex(parties)}
	s.cache[l.ID] = c
	s.log.DebugContext(ctx, "watchlist screen built", "watchlist", l.Name, "revision", rev, "parties", len(parties))
	return c, nil
}

// Screen implements store.Screener: the hits of one version against every
// list, each keyed for the store.
func (s *Screener) Screen(ctx context.Context, d doc.Document, c doc.Classification, lists []store.WatchlistRevision) ([]store.ScreenedHit, error) {
	if !screenable(c) {
		return nil, nil
	}
	var out []store.ScreenedHit
	for _, l := range lists {
		ls, err := s.list(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, ls.hits(l.Name, d, c)...)
	}
	s.forget(lists)
	return out, nil
}

// forget drops the screens of lists that no longer exist.
func (s *Screener) forget(lists []store.WatchlistRevision) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) <= len(lists) {
		return
	}
	live := make(map[int64]bool, len(lists))
	for _, l := range lists {
		live[l.ID] = true
	}
	for id := range s.cache {
		if !live[id] {
			delete(s.cache, id)
		}
	}
}

// screenable reports whether a classification can name watched parties:
// it has extracted entries or an Entity List label.
func screenable(c doc.Classification) bool {
	return len(c.Entities) > 0 || textAction(c) != ""
}

// hits screens one version against this list.
func (ls *listScreen) hits(list string, d doc.Document, c doc.Classification) []store.ScreenedHit {
	if len(c.Entities) > 0 {
		entries := make([]watchlist.Entry, len(c.Entities))
		for i, e := range c.Entities {
			entries[i] = watchlist.EntryFromEntity(e)
		}
		return keyedHits(list, ls.screen.MatchAll(entries), false)
	}
	var found []watchlist.Hit
	if action := textAction(c); action != "" {
		for _, e := range ls.text.entries(documentText(d), action) {
			found = append(found, ls.screen.Match(e)...)
		}
	}
	return keyedHits(list, found, true)
}

// keyedHits turns the matcher's hits in one document into hits for the
// store, one per key; inText marks names found in the text.
func keyedHits(list string, found []watchlist.Hit, inText bool) []store.ScreenedHit {
	out := make([]store.ScreenedHit, 0, len(found))
	seen := map[string]bool{}
	for _, h := range found {
		sh := keyed(list, h)
		if inText {
			sh.Why = "named in the document's text (no extracted entry); " + sh.Why
		}
		k := sh.PartyKey + "\x00" + sh.Action + "\x00" + sh.ListedKey
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, sh)
	}
	return out
}

// keyed turns a matcher hit into a hit for the store, with its keys: the
// party's reference (else its normalised name) and the listed name
// normalised, so the same party and entry are one hit whatever version,
// stage or import finds them.
func keyed(list string, h watchlist.Hit) store.ScreenedHit {
	key := "ref:" + h.Party.Reference
	if h.Party.Reference == "" {
		key = "name:" + watchlist.Normalize(h.Party.Name)
	}
	return store.ScreenedHit{
		WatchlistHit: doc.WatchlistHit{
			Watchlist: list, Party: h.Party.Name, Reference: h.Party.Reference, WatchedName: h.WatchedName,
			ListedName: h.Entry.Name, MatchedName: h.MatchedName, Action: h.Entry.Action, Country: h.Entry.Country,
			Score: h.Score, Why: h.Why,
		},
		PartyKey:  key,
		ListedKey: watchlist.Normalize(h.Entry.Name),
	}
}

// textAction is the entry action an Entity List label stands for, for a
// document whose entries were not extracted; "" when it has no such label.
func textAction(c doc.Classification) string {
	for _, p := range []struct{ label, action string }{
		{doc.LabelEntityAddition, doc.ActionAdd},
		{doc.LabelEntityRevision, doc.ActionRevise},
		{doc.LabelEntityRemoval, doc.ActionRemove},
	} {
		if slices.Contains(c.Labels, p.label) {
			return p.action
		}
	}
	return ""
}

// documentText is what a document says in words: title, abstract, body.
func documentText(d doc.Document) string {
	return d.Title + "\n" + d.Abstract + "\n" + d.Body
}

// ArchiveStore is what screening the archive needs; *store.Store
// implements it.
type ArchiveStore interface {
	Parties
	Watchlist(ctx context.Context, name string) (store.Watchlist, []store.WatchedParty, error)
	Documents(ctx context.Context, since time.Time, fn func(store.StoredDocument) error) error
	AddWatchlistHits(ctx context.Context, list string, hits []store.ScreenedHit) (int, error)
}

// ArchiveResult says what screening the archive did.
type ArchiveResult struct {
	Documents int           // documents read
	Screened  int           // documents with entries or an Entity List label
	Hits      int           // hits found
	New       int           // of which not recorded before
	Took      time.Duration // wall time
}

// hitBatch is how many hits ScreenArchive writes per transaction.
const hitBatch = 500

// entryBatch is how many distinct entries ScreenArchive matches at once:
// MatchAll spreads them over the CPUs.
const entryBatch = 4096

// ScreenArchive screens the current version of every archived document
// against the watchlist name and records the hits ("screen now"). The hits
// alert nobody (they are history); hits already recorded are kept as
// they are. An entry listed alike in several documents (a rule on public
// inspection and published, a correction) is matched once.
func ScreenArchive(ctx context.Context, st ArchiveStore, s *Screener, name string) (ArchiveResult, error) {
	start := time.Now()
	wl, _, err := st.Watchlist(ctx, name)
	if err != nil {
		return ArchiveResult{}, err
	}
	ls, err := s.list(ctx, store.WatchlistRevision{ID: wl.ID, Name: wl.Name, Revision: wl.Revision})
	if err != nil {
		return ArchiveResult{}, err
	}
	a := &archiveScreen{st: st, ls: ls, list: name, seen: map[string]int{}}
	err = st.Documents(ctx, time.Time{}, func(sd store.StoredDocument) error {
		a.res.Documents++
		if !screenable(sd.Classification) {
			return nil
		}
		a.res.Screened++
		if len(sd.Classification.Entities) == 0 {
			a.add(sd, ls.hits(name, sd.Document, sd.Classification))
		} else {
			a.queue(sd)
		}
		if len(a.entries) >= entryBatch {
			a.match()
		}
		if len(a.batch) >= hitBatch {
			if err := a.flush(ctx); err != nil {
				return err
			}
		}
		return ctx.Err()
	})
	if err == nil {
		a.match()
		err = a.flush(ctx)
	}
	a.res.Took = time.Since(start)
	if err != nil {
		return a.res, fmt.Errorf("screening: screen archive for %s: %w", name, err)
	}
	return a.res, nil
}

// archiveScreen is the state of one ScreenArchive: the documents and
// distinct entries waiting to be matched, and the hits waiting to be
// written.
type archiveScreen struct {
	st      ArchiveStore
	ls      *listScreen
	list    string
	docs    []store.StoredDocument // documents whose entries wait
	entries []watchlist.Entry      // distinct entries; Ref is the position
	refs    [][]int                // entry position -> positions in docs
	seen    map[string]int         // entry key -> position
	batch   []store.ScreenedHit
	res     ArchiveResult
}

// queue adds a document's entries to the next match.
func (a *archiveScreen) queue(sd store.StoredDocument) {
	di := len(a.docs)
	a.docs = append(a.docs, sd)
	for _, e := range sd.Classification.Entities {
		en := watchlist.EntryFromEntity(e)
		k := en.Action + "\x00" + en.Country + "\x00" + en.Name + "\x00" + strings.Join(en.Aliases, "\x00")
		i, ok := a.seen[k]
		if !ok {
			i = len(a.entries)
			a.seen[k] = i
			en.Ref = strconv.Itoa(i)
			a.entries = append(a.entries, en)
			a.refs = append(a.refs, nil)
		}
		if r := a.refs[i]; len(r) == 0 || r[len(r)-1] != di {
			a.refs[i] = append(r, di)
		}
	}
}

// match matches the queued entries and hands each document its hits.
func (a *archiveScreen) match() {
	if len(a.entries) == 0 {
		return
	}
	perDoc := make([][]watchlist.Hit, len(a.docs))
	for _, h := range a.ls.screen.MatchAll(a.entries) {
		i, _ := strconv.Atoi(h.Entry.Ref)
		for _, di := range a.refs[i] {
			perDoc[di] = append(perDoc[di], h)
		}
	}
	for di, hs := range perDoc {
		a.add(a.docs[di], keyedHits(a.list, hs, false))
	}
	a.docs, a.entries, a.refs = a.docs[:0], a.entries[:0], a.refs[:0]
	clear(a.seen)
}

// add queues one document's hits for writing.
func (a *archiveScreen) add(sd store.StoredDocument, hits []store.ScreenedHit) {
	for _, h := range hits {
		h.DocumentID, h.Version = sd.ID, sd.Version
		h.Stage, h.Citation, h.DocumentNumber = sd.Stage, sd.Citation, sd.DocumentNumber
		a.batch = append(a.batch, h)
		a.res.Hits++
	}
}

// flush writes the queued hits.
func (a *archiveScreen) flush(ctx context.Context) error {
	n, err := a.st.AddWatchlistHits(ctx, a.list, a.batch)
	a.res.New += n
	a.batch = a.batch[:0]
	return err
}

// Matcher is a store.Matcher that also screens: SaveVersion, given it,
// screens each new version against the watchlists in its transaction.
type Matcher struct {
	store.Matcher // routes events to subscriptions; may be nil
	*Screener
}

// WithMatcher returns m with the screener attached, for SaveVersion.
func (s *Screener) WithMatcher(m store.Matcher) Matcher { return Matcher{Matcher: m, Screener: s} }

// Match implements store.Matcher; with no matcher inside, nothing matches.
func (m Matcher) Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64 {
	if m.Matcher == nil {
		return nil
	}
	return m.Matcher.Match(ev, d, c, subs)
}

// textIndex finds watched names in running text: the words of each name
// (legal forms trimmed off both ends), indexed by their first word.
type textIndex struct {
	byFirst map[string][][]string
}

func newTextIndex(parties []watchlist.Party) *textIndex {
	ti := &textIndex{byFirst: map[string][][]string{}}
	seen := map[string]bool{}
	for _, p := range parties {
		for _, n := range p.Names() {
			core := coreWords(n)
			if len(core) == 0 || len(core) == 1 && len([]rune(core[0])) < 4 {
				continue // one short word ("ZTE" aside, too common to find in prose)
			}
			k := strings.Join(core, " ")
			if seen[k] {
				continue
			}
			seen[k] = true
			ti.byFirst[core[0]] = append(ti.byFirst[core[0]], core)
		}
	}
	return ti
}

// coreWords are a name's words, folded, without the legal-form words at
// either end: what a mention in prose must contain.
func coreWords(name string) []string {
	ws := textWords(name)
	words := make([]string, len(ws))
	for i, w := range ws {
		words[i] = w.fold
	}
	key := watchlist.Normalize(name)
	if key == "" {
		return nil
	}
	for len(words) > 1 && watchlist.Normalize(strings.Join(words[:len(words)-1], " ")) == key {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && watchlist.Normalize(strings.Join(words[1:], " ")) == key {
		words = words[1:]
	}
	return words
}

// textWord is one word of a text, folded, with its byte span.
type textWord struct {
	fold       string
	start, end int
}

// textWords splits s into words of letters and digits, lower-cased.
func textWords(s string) []textWord {
	var (
		out   []textWord
		start = -1
	)
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, textWord{fold: strings.ToLower(s[start:i]), start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, textWord{fold: strings.ToLower(s[start:]), start: start, end: len(s)})
	}
	return out
}

// proseWords end a mention: the normaliser drops them as it drops legal
// forms, but in running text they begin the next phrase ("Huawei of ...").
var proseWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "in": true, "on": true,
	"to": true, "a": true, "an": true, "under": true, "by": true, "with": true, "at": true, "from": true}

// maxLegalTail is how many words after a mention may be its legal form.
const maxLegalTail = 5

// entries returns one entry per watched name mentioned in text: the
// mention as written, extended over the legal-form words that follow it
// ("Huawei Technologies" + " Co., Ltd."), with the given action.
func (ti *textIndex) entries(text, action string) []watchlist.Entry {
	ws := textWords(text)
	var out []watchlist.Entry
	seen := map[string]bool{}
	for i, w := range ws {
		for _, core := range ti.byFirst[w.fold] {
			if i+len(core) > len(ws) || !wordsAt(ws, i, core) {
				continue
			}
			last := i + len(core) - 1
			name := text[ws[i].start:ws[last].end]
			key := watchlist.Normalize(name)
			for j := last + 1; j < len(ws) && j <= last+maxLegalTail; j++ {
				longer := text[ws[i].start:ws[j].end]
				if strings.ContainsAny(text[ws[j-1].end:ws[j].start], "\n\"“”()") {
					break
				}
				if proseWords[ws[j].fold] || watchlist.Normalize(longer) != key {
					break
				}
				name = longer
				if p := ws[j].end; p < len(text) && text[p] == '.' {
					name += "." // "Ltd." keeps its full stop
				}
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, watchlist.Entry{Name: name, Action: action})
		}
	}
	return out
}

func wordsAt(ws []textWord, i int, core []string) bool {
	for k, c := range core {
		if ws[i+k].fold != c {
			return false
		}
	}
	return true
}

// Importer is what Import needs; *store.Store implements it.
type Importer interface {
	ArchiveStore
	ReplaceWatchlist(ctx context.Context, name string, parties []store.WatchedParty) (store.Watchlist, error)
}

// Import replaces the watchlist name with parties and screens the archive
// for it (ScreenArchive): what `watchlist import` and the API's import do.
// When screening fails the list stays imported, and the error says so.
func Import(ctx context.Context, st Importer, s *Screener, name string, parties []watchlist.Party) (store.Watchlist, ArchiveResult, error) {
	stored := make([]store.WatchedParty, len(parties))
	for i, p := range parties {
		stored[i] = store.WatchedParty{Name: p.Name, Aliases: p.Aliases, Country: p.Country, Reference: p.Reference}
	}
	wl, err := st.ReplaceWatchlist(ctx, name, stored)
	if err != nil {
		return store.Watchlist{}, ArchiveResult{}, err
	}
	res, err := ScreenArchive(ctx, st, s, name)
	if err != nil {
		return wl, res, fmt.Errorf("watchlist %s is imported, but screening the archive failed: %w", name, err)
	}
	wl.Hits += res.New
	return wl, res, nil
}

// Watchlists is the store's watchlists with screening attached: what the
// server serves (server.Watchlists).
type Watchlists struct {
	*store.Store
	Screener *Screener
}

// Import replaces a list and screens the archive for it (see Import).
func (w Watchlists) Import(ctx context.Context, name string, parties []watchlist.Party) (store.Watchlist, ArchiveResult, error) {
	return Import(ctx, w.Store, w.Screener, name, parties)
}

// ScreenNow screens the archive for a list (see ScreenArchive).
func (w Watchlists) ScreenNow(ctx context.Context, name string) (ArchiveResult, error) {
	return ScreenArchive(ctx, w.Store, w.Screener, name)
}
