package server

import (
	"bytes"
	"context"
	"fmt"
	"github.com/exportwatch/exportwatch/calendar"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// pageNames are the templates in templates/ besides layout.html.
var pageNames = []string{"search", "document", "country", "subscriptions", "sources", "calendar", "error", "watchlists", "watchlist"}

func (s *Server) mustParsePages() map[string]*template.Template {
	funcs := template.FuncMap{
		"date":     fmtDate,
		"datetime": fmtDateTime,
		"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"label":    labelName,
		"country":  s.countryName,
		"snippet":  s.snippetHTML,
		"docURL":   func(id string) string { return "/documents/" + url.PathEscape(id) },
		"ccURL":    func(cc string) string { return "/countries/" + url.PathEscape(cc) },
		"join":     strings.Join,
		"pct":      func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		"lower":    strings.ToLower,
		"agency":   agencyName,
		"piLine":   publicInspectionLine,
		"kindName": calendar.KindName,
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/"+name+".html"))
		pages[name] = t
	}
	return pages
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// pageBase is what every page's layout needs.
type pageBase struct {
	Title    string
	Nav      string // search, subscriptions, sources
	FeedAtom string // alternate feed links for <head>, if any
	FeedJSON string
}

// renderPage executes a page template into a buffer first so a template
// error becomes a clean 500 rather than half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(neutralizeBidi(buf.String())))
}

type errorPage struct {
	pageBase
	Code    int
	Message string
}

// ---- search ----

type facetValue struct {
	Value, Name string
	Count       int
	Selected    bool
	URL         string
}

type facetGroup struct {
	Key, Title string
	Values     []facetValue
}

type hitView struct {
	index.Hit
	Href string
	// From the store: what a lawyer scans a result list for.
	Kind          string // "Rule", "Notice", "Press article", ...
	PublicInspect bool   // on public inspection, not yet published
	Citation      string
	EffectiveOn   time.Time
	EntityChanges int      // Entity List entries added, removed or revised
	Named         []string // countries named in passing, not affected
	Worldwide     bool     // labelled, names no country: affects every country
	SnippetHTML   string   // the index's snippet without boilerplate
}

// kindName is the display name of a document kind.
func kindName(kind string) string {
	switch kind {
	case "rule":
		return "Rule"
	case "proposed_rule":
		return "Proposed rule"
	case "notice":
		return "Notice"
	case "presidential_document":
		return "Presidential document"
	case "correction":
		return "Correction"
	case "press":
		return "Press article"
	case "":
		return ""
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// hitViews describes a page of hits with what the store knows of each.
func (s *Server) hitViews(ctx context.Context, hits []index.Hit) ([]hitView, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	docs, err := s.deps.Store.CurrentDocuments(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("server: describe hits: %w", err)
	}
	out := make([]hitView, 0, len(hits))
	for _, h := range hits {
		v := hitView{Hit: h, Href: "/documents/" + url.PathEscape(h.ID), SnippetHTML: cleanSnippet(h.Snippet)}
		if sd, ok := docs[h.ID]; ok {
			v.Kind = kindName(sd.Kind)
			v.PublicInspect = sd.Stage == doc.StagePublicInspection
			v.Citation = sd.Citation
			if sd.EffectiveOn != nil {
				v.EffectiveOn = *sd.EffectiveOn
			}
			v.EntityChanges = len(sd.Classification.Entities)
			v.Named = namedOnly(sd.Classification)
			v.Worldwide = len(sd.Classification.Countries) == 0 && len(sd.Classification.Labels) > 0
			if v.SnippetHTML == "" {
				v.SnippetHTML = fallbackSnippet(sd.Abstract, sd.Body)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// namedOnly lists the countries a document names without changing their
// position (mentions minus countries), the United States left out.
func namedOnly(c doc.Classification) []string {
	var out []string
	for _, cc := range c.Mentions {
		if cc != "US" && !slices.Contains(c.Countries, cc) && !slices.Contains(out, cc) {
			out = append(out, cc)
		}
	}
	return out
}

type link struct {
	Name, URL string
	Selected  bool
}

type searchPage struct {
	pageBase
	P        searchParams
	Error    string
	Searched bool
	Total    uint64
	Took     string
	// PairMatched: phrases matched word pair by word pair (index.Result).
	PairMatched []string
	Hits        []hitView
	Facets      []facetGroup
	Active      []link // selected filters with their removal URLs
	Sorts       []link
	Prev, Next  string
	Page        int
	Pages       int
	ClearURL    string
	APIURL      string
	Labels      []string
	Health      sourceHealth
}

// maxFacetValues caps how many values a facet group shows.
const maxFacetValues = 12

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	data := searchPage{pageBase: pageBase{Title: "Search", Nav: "search"}, Labels: doc.Labels}
	p, err := parseSearch(r)
	data.P = p
	if err != nil {
		data.Error = publicMessage(err, http.StatusBadRequest)
		s.renderPage(w, r, http.StatusBadRequest, "search", data)
		return nil
	}
	q := p.Query()
	if q.Text == "" && q.Sort == "" {
		q.Sort = "newest"
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		if statusOf(err) == http.StatusBadRequest {
			data.Error = publicMessage(err, http.StatusBadRequest)
			s.renderPage(w, r, http.StatusBadRequest, "search", data)
			return nil
		}
		return fmt.Errorf("server: search: %w", err)
	}
	if data.Health, err = s.sourceHealth(r.Context()); err != nil {
		return err
	}
	data.Searched = p.Q != "" || p.Filtered()
	data.Total = res.Total
	data.PairMatched = res.PairMatched
	data.Took = res.Took.Round(time.Millisecond).String()
	if data.Hits, err = s.hitViews(r.Context(), res.Hits); err != nil {
		return err
	}
	data.Facets = s.facetGroups(p, res.Facets)
	data.Active = s.activeFilters(p)
	data.Page = p.Page
	data.Pages = int((res.Total + uint64(p.Limit) - 1) / uint64(p.Limit))
	if data.Pages > maxPage {
		data.Pages = maxPage
	}
	if p.Page > 1 {
		pp := p
		pp.Page--
		data.Prev = pp.URL("/")
	}
	if p.Page < data.Pages {
		pp := p
		pp.Page++
		data.Next = pp.URL("/")
	}
	// The bold sort is the order the hits are in: without words to rank
	// by, that is newest first, whatever the URL says.
	effective := q.Sort
	if effective == "relevance" {
		effective = ""
	}
	for _, so := range []struct{ name, val string }{{"Relevance", ""}, {"Newest", "newest"}, {"Oldest", "oldest"}} {
		if so.val == "" && q.Text == "" {
			continue // nothing to rank by
		}
		pp := p
		pp.Sort, pp.Page = so.val, 1
		data.Sorts = append(data.Sorts, link{Name: so.name, URL: pp.URL("/"), Selected: effective == so.val})
	}
	data.ClearURL = "/"
	if p.Q != "" {
		data.ClearURL = searchParams{Q: p.Q, Page: 1, Limit: defaultPageSize}.URL("/")
	}
	data.APIURL = p.URL("/api/v1/search")
	data.FeedAtom = p.URL("/feeds/search.atom")
	data.FeedJSON = p.URL("/feeds/search.json")
	if data.Searched {
		data.Title = "Search: " + p.Q
		if p.Q == "" {
			data.Title = "Filtered documents"
		}
	}
	s.renderPage(w, r, http.StatusOK, "search", data)
	return nil
}

func (s *Server) facetGroups(p searchParams, f index.Facets) []facetGroup {
	groups := []struct {
		key, title string
		counts     map[string]int
		name       func(string) string
		byKey      bool // sort by key descending (years) instead of count
	}{
		{"label", "Label", f.Labels, labelName, false},
		{"country", "Country", f.Countries, func(cc string) string { return s.countryName(cc) }, false},
		{"source", "Source", f.Sources, nil, false},
		{"agency", "Agency", f.Agencies, agencyName, false},
		{"year", "Year", f.Years, nil, true},
	}
	var out []facetGroup
	for _, g := range groups {
		if len(g.counts) == 0 {
			continue
		}
		fg := facetGroup{Key: g.key, Title: g.title}
		for v, n := range g.counts {
			name := v
			if g.name != nil {
				name = g.name(v)
			}
			fg.Values = append(fg.Values, facetValue{
				Value: v, Name: name, Count: n,
				Selected: p.Has(g.key, v),
				URL:      p.Toggle(g.key, v).URL("/"),
			})
		}
		sort.Slice(fg.Values, func(i, j int) bool {
			a, b := fg.Values[i], fg.Values[j]
			if g.byKey {
				return a.Value > b.Value
			}
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Name < b.Name
		})
		if len(fg.Values) > maxFacetValues {
			// Keep selected values visible even when they are not in the top.
			top := fg.Values[:maxFacetValues]
			for _, v := range fg.Values[maxFacetValues:] {
				if v.Selected {
					top = append(top, v)
				}
			}
			fg.Values = top
		}
		out = append(out, fg)
	}
	return out
}

func (s *Server) activeFilters(p searchParams) []link {
	var out []link
	add := func(key string, vals []string, name func(string) string) {
		for _, v := range vals {
			n := v
			if name != nil {
				n = name(v)
			}
			out = append(out, link{Name: n, URL: p.Toggle(key, v).URL("/")})
		}
	}
	add("label", p.Labels, labelName)
	add("country", p.Countries, s.countryName)
	add("source", p.Sources, nil)
	add("agency", p.Agencies, agencyName)
	add("year", p.Years, nil)
	if p.From != "" {
		pp := p
		pp.From, pp.Page = "", 1
		out = append(out, link{Name: "from " + p.From, URL: pp.URL("/")})
	}
	if p.To != "" {
		pp := p
		pp.To, pp.Page = "", 1
		out = append(out, link{Name: "to " + p.To, URL: pp.URL("/")})
	}
	return out
}

// ---- document ----

type evidenceView struct {
	N     int
	Text  string
	Found bool
	// Row is set when the evidence is a table row ("China | Inspur | ..."):
	// the cells, shown as a row under Columns.
	Row     []string
	Columns []string
}

// evidenceRow splits table-row evidence into its cells and finds the
// column headings of the document table with that many columns.
func evidenceRow(text string, d doc.Document) (cells, columns []string) {
	parts := strings.Split(text, " | ")
	if len(parts) < 3 {
		return nil, nil
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for _, rt := range d.Regtext {
		for _, tb := range rt.Tables {
			if len(tb.Columns) == len(parts) {
				return parts, tb.Columns
			}
		}
	}
	return parts, nil
}

type labelView struct {
	Label, Name string
	Score       float64
	Evidence    []evidenceView
	// SameAs names the labels above whose evidence this label shares and
	// does not repeat.
	SameAs []string
}

type versionView struct {
	store.VersionInfo
	Current   bool
	Lines     []diffLine
	Truncated bool
}

type deliveryView struct {
	store.Delivery
	Subscription string
}

type eventView struct {
	doc.Event
	Deliveries []deliveryView
}

type documentPage struct {
	pageBase
	D        store.StoredDocument
	Labels   []labelView
	Abstract template.HTML
	Body     template.HTML
	Versions []versionView
	Events   []eventView
	APIURL   string
	Unfound  int // evidence items not found verbatim in the text
	// Watched are the watchlist hits in this document, shown to API-token
	// holders only; WatchedNames maps each listed name to its party.
	Watched      []store.StoredHit
	WatchedNames map[string]string
}

// frNumber is a Federal Register document number as pasted from
// federalregister.gov ("2024-10485"); its exportwatch ID is "fr:" + it.
var frNumber = regexp.MustCompile(`^(?:[A-Z]\d?-)?\d{1,4}-\d{3,6}$`)

// dedupeEvidence shows each evidence sentence once per page: the first
// label that cites it shows it, later ones say which label they share it
// with. Classifier rules that fire on one sentence for several labels (or
// several times) otherwise repeat it.
func dedupeEvidence(labels []labelView) {
	shownBy := map[string]string{}
	for i := range labels {
		lv := &labels[i]
		var keep []evidenceView
		for _, ev := range lv.Evidence {
			key := strings.Join(strings.Fields(strings.ToLower(ev.Text)), " ")
			if by, ok := shownBy[key]; ok {
				if by != lv.Name && !slices.Contains(lv.SameAs, by) {
					lv.SameAs = append(lv.SameAs, by)
				}
				continue
			}
			shownBy[key] = lv.Name
			keep = append(keep, ev)
		}
		lv.Evidence = keep
	}
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if frNumber.MatchString(id) {
		http.Redirect(w, r, "/documents/fr:"+id, http.StatusMovedPermanently)
		return nil
	}
	d, err := s.deps.Store.Document(r.Context(), id)
	if err != nil {
		return fmt.Errorf("server: document %s: %w", id, err)
	}
	data := documentPage{pageBase: pageBase{Title: d.Title}, D: d, APIURL: "/api/v1/documents/" + url.PathEscape(id)}
	data.Watched = s.documentHits(r, id)
	data.WatchedNames = map[string]string{}
	for _, h := range data.Watched {
		data.WatchedNames[h.ListedName] = h.Party
	}

	ev := d.Classification.Evidence
	absSpans, absFound := findEvidence(d.Abstract, ev)
	bodySpans, bodyFound := findEvidence(d.Body, ev)
	data.Abstract = markedText(d.Abstract, absSpans, nil)
	data.Body = markedText(d.Body, bodySpans, documentTables(d.Regtext))
	byLabel := map[string]*labelView{}
	for _, l := range d.Classification.Labels {
		lv := &labelView{Label: l, Name: labelName(l), Score: d.Classification.Scores[l]}
		byLabel[l] = lv
	}
	for i, e := range ev {
		lv, ok := byLabel[e.Label]
		if !ok {
			lv = &labelView{Label: e.Label, Name: labelName(e.Label)}
			byLabel[e.Label] = lv
		}
		found := absFound[i] || bodyFound[i]
		if !found {
			data.Unfound++
		}
		ev := evidenceView{N: i, Text: e.Text, Found: found}
		ev.Row, ev.Columns = evidenceRow(e.Text, d.Document)
		lv.Evidence = append(lv.Evidence, ev)
	}
	for _, l := range doc.Labels {
		if lv, ok := byLabel[l]; ok {
			data.Labels = append(data.Labels, *lv)
			delete(byLabel, l)
		}
	}
	var extra []string // labels unknown to this build, in name order
	for l := range byLabel {
		extra = append(extra, l)
	}
	sort.Strings(extra)
	for _, l := range extra {
		data.Labels = append(data.Labels, *byLabel[l])
	}
	dedupeEvidence(data.Labels)

	for i := len(d.Versions) - 1; i >= 0; i-- {
		v := d.Versions[i]
		vv := versionView{VersionInfo: v, Current: v.Version == d.Version}
		if v.Diff != "" {
			vv.Lines, vv.Truncated = diffLines(v.Diff)
		}
		data.Versions = append(data.Versions, vv)
	}

	events, err := s.documentEvents(r.Context(), id)
	if err != nil {
		return err
	}
	data.Events = events
	s.renderPage(w, r, http.StatusOK, "document", data)
	return nil
}

// documentEvents lists a document's events, newest first, each with the
// deliveries (alerts) made for it.
func (s *Server) documentEvents(ctx context.Context, id string) ([]eventView, error) {
	evs, err := s.deps.Store.Events(ctx, store.EventQuery{DocumentID: id, Limit: 100})
	if err != nil {
		return nil, fmt.Errorf("server: events of %s: %w", id, err)
	}
	var names map[int64]string
	out := make([]eventView, 0, len(evs))
	for _, ev := range evs {
		dels, err := s.deps.Store.Deliveries(ctx, store.DeliveryQuery{EventID: ev.ID, Limit: 100})
		if err != nil {
			return nil, fmt.Errorf("server: deliveries of event %d: %w", ev.ID, err)
		}
		view := eventView{Event: ev}
		if len(dels) > 0 && names == nil {
			names = map[int64]string{}
			subs, err := s.deps.Store.Subscriptions(ctx)
			if err != nil {
				return nil, fmt.Errorf("server: subscriptions: %w", err)
			}
			for _, sub := range subs {
				names[sub.ID] = sub.Name
			}
		}
		for _, d := range dels {
			name := names[d.SubscriptionID]
			if name == "" {
				name = "#" + strconv.FormatInt(d.SubscriptionID, 10)
			}
			view.Deliveries = append(view.Deliveries, deliveryView{Delivery: d, Subscription: name})
		}
		out = append(out, view)
	}
	return out, nil
}

// ---- country ----

func (s *Server) countryPage(w http.ResponseWriter, r *http.Request) error {
	cc := strings.ToUpper(r.PathValue("cc"))
	if !validCountry(cc) {
		return fmt.Errorf("%w: %q is not an ISO 3166-1 alpha-2 country code", errBadRequest, r.PathValue("cc"))
	}
	if cc != r.PathValue("cc") {
		http.Redirect(w, r, "/countries/"+cc, http.StatusMovedPermanently)
		return nil
	}
	d, err := s.dossier(r.Context(), cc)
	if err != nil {
		return err
	}
	upcoming, err := s.deps.Store.Calendar(r.Context(), store.CalendarQuery{Country: cc, From: time.Now().UTC().Truncate(24 * time.Hour), Limit: 10})
	if err != nil {
		return fmt.Errorf("server: country %s calendar: %w", cc, err)
	}
	data := struct {
		pageBase
		D         dossier
		SearchURL string
		Upcoming  []store.CalendarItem
	}{
		pageBase:  pageBase{Title: d.Name + " — country dossier", FeedAtom: d.Feeds.Atom, FeedJSON: d.Feeds.JSON},
		D:         d,
		SearchURL: searchParams{Countries: []string{cc}, Page: 1, Limit: defaultPageSize}.URL("/"),
		Upcoming:  upcoming,
	}
	s.renderPage(w, r, http.StatusOK, "country", data)
	return nil
}

// ---- subscriptions ----

type subView struct {
	doc.Subscription
	HasURL, HasSecret bool
	CalendarFeed      string // the subscription's own .ics path, for token holders
}

type subscriptionsPage struct {
	pageBase
	Subs            []subView
	Error           string
	Message         string
	Form            subscriptionForm
	TokenConfigured bool
	TokenRemembered bool
	Labels          []string
	Channels        []string
	// ChannelTabs pick the channel; the form then shows only its fields
	// (pages run no script, so the choice is a link, not a toggle).
	ChannelTabs []link
}

// channelNames are the channels as the form offers them.
var channelNames = []struct{ Channel, Name string }{
	{doc.ChannelFeed, "Feed only"},
	{doc.ChannelSlack, "Slack (bot)"},
	{doc.ChannelSlackWebhook, "Slack webhook"},
	{doc.ChannelWebhook, "Webhook"},
	{doc.ChannelEmail, "E-mail"},
}

func validChannel(c string) bool {
	for _, cn := range channelNames {
		if cn.Channel == c {
			return true
		}
	}
	return false
}

type subscriptionForm struct {
	Name, Countries, Sources, Query, Channel, Target, Mode, DigestAt, TimeZone string
	BackfillSince                                                              string // YYYY-MM-DD
	Reminders                                                                  string
	Labels                                                                     []string
	Operational, NamedOnly                                                     bool
}

// parseReminders reads the form's reminders field: reminders in the
// command line's form ("7d:effective,comments_close"), separated by
// spaces or semicolons.
func parseReminders(v string) ([]doc.Reminder, error) {
	var out []doc.Reminder
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || unicode.IsSpace(r) }) {
		r, err := doc.ParseReminder(f)
		if err != nil {
			return nil, fmt.Errorf("%w: reminders: %v", errBadRequest, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func (f subscriptionForm) HasLabel(l string) bool { return slices.Contains(f.Labels, l) }

// tokenCookie remembers the API token for the subscription forms. It is
// HttpOnly and SameSite=Strict, so other sites cannot post with it.
const tokenCookie = "exportwatch_token"

func (s *Server) subscriptionsPage(w http.ResponseWriter, r *http.Request) error {
	data := subscriptionsPage{}
	if c := r.URL.Query().Get("created"); c != "" {
		data.Message = "Subscription #" + c + " created."
		if b := r.URL.Query().Get("backfill"); b != "" {
			data.Message += " Its backfill is queued as delivery " + b + "."
		}
	}
	if c := r.URL.Query().Get("deleted"); c != "" {
		data.Message = "Subscription #" + c + " deleted."
	}
	data.Form = subscriptionForm{Channel: doc.ChannelFeed, Mode: doc.ModeInstant}
	if cc := r.URL.Query().Get("country"); cc != "" {
		data.Form.Countries = strings.ToUpper(cc)
		data.Form.Name = s.countryName(strings.ToUpper(cc)) + " changes"
	}
	if q := r.URL.Query().Get("q"); q != "" {
		data.Form.Query = q
	}
	if c := r.URL.Query().Get("channel"); validChannel(c) {
		data.Form.Channel = c
	}
	return s.renderSubscriptions(w, r, http.StatusOK, data)
}

func (s *Server) renderSubscriptions(w http.ResponseWriter, r *http.Request, code int, data subscriptionsPage) error {
	subs, err := s.deps.Store.Subscriptions(r.Context())
	if err != nil {
		return fmt.Errorf("server: subscriptions: %w", err)
	}
	data.pageBase = pageBase{Title: "Subscriptions", Nav: "subscriptions"}
	data.TokenConfigured = s.cfg.APIToken != ""
	authorized := false
	if c, err := r.Cookie(tokenCookie); err == nil && c.Value != "" {
		data.TokenRemembered = true
		authorized = s.checkToken(c.Value) == nil
	}
	for _, sub := range subs {
		if !authorized && sub.Channel != doc.ChannelSlack {
			// E-mail recipients are personal data: shown only to token
			// holders. A Slack channel ID is not.
			sub.Target = ""
		}
		v := subView{Subscription: sub, HasURL: sub.URL != "", HasSecret: sub.Secret != ""}
		if authorized && sub.FeedToken != "" {
			// The token is the feed's only key: token holders see it.
			v.CalendarFeed = subscriptionCalendarPath(sub)
		}
		data.Subs = append(data.Subs, v)
	}
	data.Labels = doc.Labels
	data.Channels = []string{doc.ChannelFeed, doc.ChannelSlack, doc.ChannelSlackWebhook, doc.ChannelWebhook, doc.ChannelEmail}
	if !validChannel(data.Form.Channel) {
		data.Form.Channel = doc.ChannelFeed
	}
	for _, cn := range channelNames {
		v := url.Values{"channel": {cn.Channel}}
		if data.Form.Countries != "" {
			v.Set("country", data.Form.Countries)
		}
		if data.Form.Query != "" {
			v.Set("q", data.Form.Query)
		}
		data.ChannelTabs = append(data.ChannelTabs, link{Name: cn.Name, URL: "/subscriptions?" + v.Encode() + "#new", Selected: cn.Channel == data.Form.Channel})
	}
	s.renderPage(w, r, code, "subscriptions", data)
	return nil
}

func (s *Server) subscriptionsCreateForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	f := r.PostForm
	form := subscriptionForm{
		Name: strings.TrimSpace(f.Get("name")), Countries: f.Get("countries"), Sources: f.Get("sources"),
		Query: strings.TrimSpace(f.Get("query")), Channel: f.Get("channel"), Target: strings.TrimSpace(f.Get("target")),
		Mode: f.Get("mode"), DigestAt: strings.TrimSpace(f.Get("digest_at")), TimeZone: strings.TrimSpace(f.Get("time_zone")),
		Labels: f["labels"], Operational: f.Get("operational") != "", NamedOnly: f.Get("named_only") != "",
		BackfillSince: strings.TrimSpace(f.Get("backfill_since")),
		Reminders:     strings.TrimSpace(f.Get("reminders")),
	}
	fail := func(err error) error {
		code := statusOf(err)
		if code >= 500 {
			return err
		}
		return s.renderSubscriptions(w, r, code, subscriptionsPage{Error: publicMessage(err, code), Form: form})
	}
	if err := s.authorizeForm(w, r); err != nil {
		return fail(err)
	}
	reminders, err := parseReminders(form.Reminders)
	if err != nil {
		return fail(err)
	}
	sub := doc.Subscription{
		Reminders:   reminders,
		Name:        form.Name,
		Countries:   upperAll(splitList(form.Countries)),
		Labels:      form.Labels,
		Sources:     splitList(form.Sources),
		Query:       form.Query,
		Channel:     form.Channel,
		Target:      form.Target,
		URL:         doc.Secret(strings.TrimSpace(f.Get("url"))),
		Secret:      doc.Secret(f.Get("secret")),
		Mode:        form.Mode,
		DigestAt:    form.DigestAt,
		TimeZone:    form.TimeZone,
		Operational: form.Operational,
		NamedOnly:   form.NamedOnly,
	}
	since, err := parseSinceValue("backfill", form.BackfillSince)
	if err != nil {
		return fail(err)
	}
	created, backfill, err := s.createSubscription(r.Context(), sub, since)
	if err != nil {
		return fail(err)
	}
	v := url.Values{"created": {strconv.FormatInt(created.ID, 10)}}
	if backfill != nil {
		v.Set("backfill", strconv.FormatInt(backfill.ID, 10))
	}
	http.Redirect(w, r, "/subscriptions?"+v.Encode(), http.StatusSeeOther)
	return nil
}

func (s *Server) subscriptionsDeleteForm(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	if err := s.authorizeForm(w, r); err != nil {
		code := statusOf(err)
		return s.renderSubscriptions(w, r, code, subscriptionsPage{Error: publicMessage(err, code), Form: subscriptionForm{Channel: doc.ChannelFeed, Mode: doc.ModeInstant}})
	}
	if err := s.deps.Store.DeleteSubscription(r.Context(), id); err != nil {
		return fmt.Errorf("server: delete subscription %d: %w", id, err)
	}
	http.Redirect(w, r, "/subscriptions?deleted="+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// authorizeForm checks the form's token field, else the remembered cookie,
// and remembers a good token when the form asks for it.
func (s *Server) authorizeForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PostForm.Get("token")
	if token == "" {
		if c, err := r.Cookie(tokenCookie); err == nil {
			token = c.Value
		}
	}
	if err := s.checkToken(token); err != nil {
		return err
	}
	if r.PostForm.Get("remember") != "" {
		http.SetCookie(w, &http.Cookie{
			Name: tokenCookie, Value: token, Path: "/", // the subscription, watchlist and document pages read it
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.base.Scheme == "https",
			MaxAge: 30 * 24 * 3600,
		})
	}
	return nil
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%w: id must be a positive number, not %q", errBadRequest, s)
	}
	return id, nil
}

// ---- sources ----

type sourceView struct {
	store.CrawlState
	SourceInfo
	Status    string // ok, failing, down, never, disabled
	Documents int    // documents in the store from this source (SELECT count(*))
}

func sourceStatus(cs store.CrawlState) string {
	switch {
	case cs.Down:
		return "down"
	case cs.ConsecutiveFailures > 0:
		return "failing"
	case cs.LastSuccess.IsZero() && cs.LastRun.IsZero():
		return "never"
	}
	return "ok"
}

// sourceViews joins the configured sources, their crawl state and their
// document counts: configured sources first, in config order, then any
// source the store knows that the config no longer names.
func (s *Server) sourceViews(ctx context.Context) ([]sourceView, error) {
	states, err := s.deps.Store.CrawlStates(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: crawl states: %w", err)
	}
	counts, err := s.deps.Store.DocumentCountsBySource(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: document counts: %w", err)
	}
	byName := make(map[string]store.CrawlState, len(states))
	for _, cs := range states {
		byName[cs.Source] = cs
	}
	var out []sourceView
	listed := map[string]bool{}
	for _, si := range s.cfg.Sources {
		cs := byName[si.Name]
		cs.Source = si.Name
		v := sourceView{CrawlState: cs, SourceInfo: si, Status: sourceStatus(cs), Documents: counts[si.Name]}
		if si.Disabled {
			v.Status = "disabled"
		}
		out = append(out, v)
		listed[si.Name] = true
	}
	for _, cs := range states {
		if !listed[cs.Source] {
			out = append(out, sourceView{CrawlState: cs, SourceInfo: SourceInfo{Name: cs.Source}, Status: sourceStatus(cs), Documents: counts[cs.Source]})
			listed[cs.Source] = true
		}
	}
	// Documents of a source that never recorded a run (e.g. imported).
	var rest []string
	for src := range counts {
		if !listed[src] {
			rest = append(rest, src)
		}
	}
	sort.Strings(rest)
	for _, src := range rest {
		out = append(out, sourceView{CrawlState: store.CrawlState{Source: src}, SourceInfo: SourceInfo{Name: src}, Status: "never", Documents: counts[src]})
	}
	return out, nil
}

// sourceHealth is the banner the home page shows when sources fail.
type sourceHealth struct {
	Failing []sourceView
	Total   int
}

func (s *Server) sourceHealth(ctx context.Context) (sourceHealth, error) {
	views, err := s.sourceViews(ctx)
	if err != nil {
		return sourceHealth{}, err
	}
	h := sourceHealth{}
	for _, v := range views {
		if v.Status == "disabled" {
			continue
		}
		h.Total++
		if v.Status == "failing" || v.Status == "down" {
			h.Failing = append(h.Failing, v)
		}
	}
	return h, nil
}

func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) error {
	views, err := s.sourceViews(r.Context())
	if err != nil {
		return err
	}
	data := struct {
		pageBase
		Sources []sourceView
		Now     time.Time
	}{pageBase: pageBase{Title: "Sources", Nav: "sources"}, Sources: views, Now: time.Now().UTC()}
	s.renderPage(w, r, http.StatusOK, "sources", data)
	return nil
}
