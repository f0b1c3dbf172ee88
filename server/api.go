package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// searchResponse is the `exportwatch search --json` shape of DESIGN.md.
type searchResponse struct {
	Total  uint64       `json:"total"`
	Hits   []searchHit  `json:"hits"`
	Facets searchFacets `json:"facets"`
	// PairMatched: phrases of three or more words too common to check in
	// every text, matched word pair by word pair (index.Result).
	PairMatched []string `json:"pair_matched,omitempty"`
}

type searchHit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Score     float64   `json:"score"`
	Labels    []string  `json:"labels"`
	Countries []string  `json:"countries"`
	Snippet   string    `json:"snippet"`
}

type searchFacets struct {
	Labels    map[string]int `json:"labels"`
	Countries map[string]int `json:"countries"`
	Sources   map[string]int `json:"sources"`
	Years     map[string]int `json:"years"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func (s *Server) toSearchResponse(res index.Result) searchResponse {
	out := searchResponse{
		Total:       res.Total,
		PairMatched: res.PairMatched,
		Hits:        make([]searchHit, 0, len(res.Hits)),
		Facets: searchFacets{
			Labels:    nonNilMap(res.Facets.Labels),
			Countries: nonNilMap(res.Facets.Countries),
			Sources:   nonNilMap(res.Facets.Sources),
			Years:     nonNilMap(res.Facets.Years),
		},
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, searchHit{
			ID: h.ID, Title: h.Title, Source: h.Source, Published: h.Published, Score: h.Score,
			Labels: nonNil(h.Labels), Countries: nonNil(h.Countries),
			Snippet: string(s.snippetHTML(h.Snippet)),
		})
	}
	return out
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	p, err := parseSearch(r)
	if err != nil {
		return err
	}
	q := p.Query()
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxPage*maxPageSize {
			return fmt.Errorf("%w: offset must be a number from 0 to %d, not %q", errBadRequest, maxPage*maxPageSize, v)
		}
		q.Offset = n
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: search: %w", err)
	}
	writeJSON(w, http.StatusOK, s.toSearchResponse(res))
	return nil
}

// apiDocumentBody is a stored document with its classification's labels,
// countries and entities lifted to the top (the `show --json` shape) and
// its events.
type apiDocumentBody struct {
	store.StoredDocument
	Labels    []string     `json:"labels"`
	Countries []string     `json:"countries"`
	Entities  []doc.Entity `json:"entities"`
	Events    []doc.Event  `json:"events"`
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	d, err := s.deps.Store.Document(r.Context(), id)
	if err != nil {
		return fmt.Errorf("server: document %s: %w", id, err)
	}
	evs, err := s.deps.Store.Events(r.Context(), store.EventQuery{DocumentID: id, Limit: 100})
	if err != nil {
		return fmt.Errorf("server: events of %s: %w", id, err)
	}
	d.Versions = nonNil(d.Versions)
	writeJSON(w, http.StatusOK, apiDocumentBody{
		StoredDocument: d,
		Labels:         nonNil(d.Classification.Labels),
		Countries:      nonNil(d.Classification.Countries),
		Entities:       nonNil(d.Classification.Entities),
		Events:         nonNil(evs),
	})
	return nil
}

func (s *Server) apiCountry(w http.ResponseWriter, r *http.Request) error {
	cc := strings.ToUpper(r.PathValue("cc"))
	if !validCountry(cc) {
		return fmt.Errorf("%w: %q is not an ISO 3166-1 alpha-2 country code", errBadRequest, r.PathValue("cc"))
	}
	d, err := s.dossier(r.Context(), cc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// parseEventQuery reads country, label, source, document_id, since,
// after_id and limit.
func parseEventQuery(r *http.Request) (store.EventQuery, error) {
	v := r.URL.Query()
	q := store.EventQuery{
		Country:    strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		Label:      strings.TrimSpace(v.Get("label")),
		Source:     strings.TrimSpace(v.Get("source")),
		DocumentID: strings.TrimSpace(v.Get("document_id")),
		Limit:      100,
	}
	if strings.EqualFold(q.Country, doc.Worldwide) {
		q.Country, q.Worldwide = "", true
	} else if q.Country != "" && !validCountry(q.Country) {
		return q, fmt.Errorf("%w: country must be an ISO 3166-1 alpha-2 code or worldwide, not %q", errBadRequest, v.Get("country"))
	}
	since, err := parseSince(r)
	if err != nil {
		return q, err
	}
	q.Since = since
	if s := v.Get("after_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return q, fmt.Errorf("%w: after_id must be a non-negative number, not %q", errBadRequest, s)
		}
		q.AfterID = n
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return q, fmt.Errorf("%w: limit must be a number from 1 to 1000, not %q", errBadRequest, s)
		}
		q.Limit = n
	}
	return q, nil
}

type eventsResponse struct {
	Events []doc.Event `json:"events"`
	// NextAfterID is the after_id that continues after these events (the
	// largest ID returned), for polling clients.
	NextAfterID int64 `json:"next_after_id"`
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	q, err := parseEventQuery(r)
	if err != nil {
		return err
	}
	evs, err := s.deps.Store.Events(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: events: %w", err)
	}
	resp := eventsResponse{Events: nonNil(evs), NextAfterID: q.AfterID}
	for _, ev := range evs {
		resp.NextAfterID = max(resp.NextAfterID, ev.ID)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// apiSubscriptionBody is a subscription as the API shows it: the webhook
// URL and HMAC secret are never returned, only whether they are set.
type apiSubscriptionBody struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Countries   []string  `json:"countries"`
	Labels      []string  `json:"labels"`
	Sources     []string  `json:"sources"`
	Query       string    `json:"query,omitempty"`
	Channel     string    `json:"channel"`
	Target      string    `json:"target,omitempty"`
	HasURL      bool      `json:"has_url"`
	HasSecret   bool      `json:"has_secret"`
	Mode        string    `json:"mode"`
	DigestAt    string    `json:"digest_at,omitempty"`
	TimeZone    string    `json:"time_zone,omitempty"`
	Operational bool      `json:"operational"`
	CreatedAt   time.Time `json:"created_at"`
	FeedAtom    string    `json:"feed_atom,omitempty"`
	// Reminders and the subscription's own calendar feed (its URL holds
	// the feed token: shown to bearer-token holders only, as here).
	Reminders    []doc.Reminder `json:"reminders"`
	FeedCalendar string         `json:"feed_calendar,omitempty"`
	Watchlist    string         `json:"watchlist,omitempty"`
}

func (s *Server) subscriptionBody(sub doc.Subscription) apiSubscriptionBody {
	b := apiSubscriptionBody{
		ID: sub.ID, Name: sub.Name, Countries: nonNil(sub.Countries), Labels: nonNil(sub.Labels),
		Sources: nonNil(sub.Sources), Query: sub.Query, Channel: sub.Channel, Target: sub.Target,
		HasURL: sub.URL != "", HasSecret: sub.Secret != "", Mode: sub.Mode, DigestAt: sub.DigestAt,
		TimeZone: sub.TimeZone, Operational: sub.Operational, CreatedAt: sub.CreatedAt, Watchlist: sub.Watchlist,
		Reminders: append([]doc.Reminder{}, sub.Reminders...),
	}
	if sub.FeedToken != "" {
		b.FeedCalendar = s.cfg.PublicURL + subscriptionCalendarPath(sub)
	}
	switch {
	case len(sub.Countries) == 1 && len(sub.Labels) == 0 && sub.Query == "":
		b.FeedAtom = s.cfg.PublicURL + "/feeds/countries/" + sub.Countries[0] + ".atom"
	case len(sub.Labels) == 1 && len(sub.Countries) == 0 && sub.Query == "":
		b.FeedAtom = s.cfg.PublicURL + "/feeds/labels/" + sub.Labels[0] + ".atom"
	}
	return b
}

// Subscriptions name their recipients (e-mail addresses, Slack channels),
// so reading them needs the API token too.
func (s *Server) apiSubscriptions(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	subs, err := s.deps.Store.Subscriptions(r.Context())
	if err != nil {
		return fmt.Errorf("server: subscriptions: %w", err)
	}
	out := make([]apiSubscriptionBody, 0, len(subs))
	for _, sub := range subs {
		out = append(out, s.subscriptionBody(sub))
	}
	writeJSON(w, http.StatusOK, map[string]any{"subscriptions": out})
	return nil
}

func (s *Server) apiSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	sub, err := s.deps.Store.Subscription(r.Context(), id)
	if err != nil {
		return fmt.Errorf("server: subscription %d: %w", id, err)
	}
	writeJSON(w, http.StatusOK, s.subscriptionBody(sub))
	return nil
}

// subscriptionRequest is the body of POST /api/v1/subscriptions.
type subscriptionRequest struct {
	Name        string   `json:"name"`
	Countries   []string `json:"countries"`
	Labels      []string `json:"labels"`
	Sources     []string `json:"sources"`
	Query       string   `json:"query"`
	Channel     string   `json:"channel"`
	Target      string   `json:"target"`
	URL         string   `json:"url"`
	Secret      string   `json:"secret"`
	Mode        string   `json:"mode"`
	DigestAt    string   `json:"digest_at"`
	TimeZone    string   `json:"time_zone"`
	Operational bool     `json:"operational"`
	// BackfillSince, YYYY-MM-DD or RFC 3339, also queues one digest of the
	// documents published since then (POST .../backfill).
	BackfillSince string `json:"backfill_since"`
	// Reminders: [{"days": 7, "kinds": ["effective", "comments_close"]}].
	Reminders []doc.Reminder `json:"reminders"`
	Watchlist string         `json:"watchlist"`
}

func (s *Server) apiCreateSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	var req subscriptionRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			return err
		}
		return fmt.Errorf("%w: body must be one JSON subscription object: %v", errBadRequest, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: body must hold exactly one JSON object", errBadRequest)
	}
	sub := doc.Subscription{
		Name: strings.TrimSpace(req.Name), Countries: upperAll(req.Countries), Labels: req.Labels,
		Sources: req.Sources, Query: strings.TrimSpace(req.Query), Channel: req.Channel,
		Target: strings.TrimSpace(req.Target), URL: doc.Secret(strings.TrimSpace(req.URL)), Secret: doc.Secret(req.Secret),
		Mode: req.Mode, DigestAt: req.DigestAt, TimeZone: req.TimeZone, Operational: req.Operational,
		Reminders: req.Reminders,
		Watchlist: strings.TrimSpace(req.Watchlist),
	}
	since, err := parseSinceValue("backfill_since", req.BackfillSince)
	if err != nil {
		return err
	}
	created, backfill, err := s.createSubscription(r.Context(), sub, since)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/subscriptions/"+strconv.FormatInt(created.ID, 10))
	writeJSON(w, http.StatusCreated, struct {
		apiSubscriptionBody
		Backfill *store.Delivery `json:"backfill,omitempty"`
	}{s.subscriptionBody(created), backfill})
	return nil
}

func (s *Server) apiDeleteSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.deps.Store.DeleteSubscription(r.Context(), id); err != nil {
		return fmt.Errorf("server: delete subscription %d: %w", id, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiTestSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	sub, err := s.subscriptionForNotifier(r)
	if err != nil {
		return err
	}
	if err := s.deps.Notifier.Test(r.Context(), sub); err != nil {
		// The detail (a dial error, a status) goes to the log only: echoed to
		// the client it would make /test a port scanner.
		s.log.WarnContext(r.Context(), "test notification failed", "subscription", sub.ID, "err", err)
		writeJSON(w, http.StatusBadGateway, map[string]string{"error": "test notification failed; the server log has the reason"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{"sent": true})
	return nil
}

func (s *Server) apiBackfillSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	since, err := parseSince(r)
	if err != nil {
		return err
	}
	if since.IsZero() {
		return fmt.Errorf("%w: since is required (YYYY-MM-DD or RFC 3339)", errBadRequest)
	}
	sub, err := s.subscriptionForNotifier(r)
	if err != nil {
		return err
	}
	if err := checkBackfill(sub, since, time.Now()); err != nil {
		return err
	}
	d, err := s.deps.Store.AddBackfill(r.Context(), sub.ID, since)
	if err != nil {
		return fmt.Errorf("server: backfill subscription %d: %w", sub.ID, err)
	}
	s.deps.Notifier.Wake()
	s.log.InfoContext(r.Context(), "backfill queued", "subscription", sub.ID, "delivery", d.ID, "since", since)
	w.Header().Set("Location", "/api/v1/deliveries?subscription="+strconv.FormatInt(sub.ID, 10))
	writeJSON(w, http.StatusAccepted, map[string]any{"delivery": d})
	return nil
}

// checkBackfill refuses a backfill that cannot be sent (the
// subscription's rule).
func checkBackfill(sub doc.Subscription, since, now time.Time) error {
	if err := sub.CheckBackfill(since, now); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	return nil
}

// apiDeliveries lists the outbox, newest first: alerts, digests and
// backfills with their status, attempts and last error. Deliveries name
// subscriptions, so reading them needs the API token.
func (s *Server) apiDeliveries(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeBearer(r); err != nil {
		return err
	}
	v := r.URL.Query()
	q := store.DeliveryQuery{Status: v.Get("status")}
	switch q.Status {
	case "", store.StatusPending, store.StatusSent, store.StatusFailed:
	default:
		return fmt.Errorf("%w: status must be pending, sent or failed, not %q", errBadRequest, q.Status)
	}
	if q.Kind = v.Get("kind"); q.Kind != "" && !slices.Contains(doc.EventKinds, q.Kind) {
		return fmt.Errorf("%w: kind must be one of %s, not %q", errBadRequest, strings.Join(doc.EventKinds, ", "), q.Kind)
	}
	if sub := v.Get("subscription"); sub != "" {
		id, err := parseID(sub)
		if err != nil {
			return err
		}
		q.SubscriptionID = id
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			return fmt.Errorf("%w: limit must be 1..1000, not %q", errBadRequest, l)
		}
		q.Limit = n
	}
	ds, err := s.deps.Store.Deliveries(r.Context(), q)
	if err != nil {
		return fmt.Errorf("server: deliveries: %w", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": nonNil(ds)})
	return nil
}

func (s *Server) subscriptionForNotifier(r *http.Request) (doc.Subscription, error) {
	if s.deps.Notifier == nil {
		return doc.Subscription{}, errNotImplemented
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return doc.Subscription{}, err
	}
	sub, err := s.deps.Store.Subscription(r.Context(), id)
	if err != nil {
		return doc.Subscription{}, fmt.Errorf("server: subscription %d: %w", id, err)
	}
	return sub, nil
}

type apiSource struct {
	store.CrawlState
	Type      string `json:"type,omitempty"`
	Status    string `json:"status"`    // ok | failing | down | never | disabled
	Documents int    `json:"documents"` // documents in the store from this source
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	views, err := s.sourceViews(r.Context())
	if err != nil {
		return err
	}
	out := make([]apiSource, 0, len(views))
	for _, v := range views {
		cs := v.CrawlState
		cs.Cursor = "" // internal to the crawler
		out = append(out, apiSource{CrawlState: cs, Type: v.Type, Status: v.Status, Documents: v.Documents})
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": out})
	return nil
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}

// ---- auth and validation ----

// authorizeBearer checks Authorization: Bearer TOKEN.
func (s *Server) authorizeBearer(r *http.Request) error {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		token = ""
	}
	return s.checkToken(strings.TrimSpace(token))
}

// checkToken compares token with the configured API token in constant time.
func (s *Server) checkToken(token string) error {
	want := s.cfg.APIToken.Reveal()
	if want == "" {
		return errWritesDisabled
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(want)) != 1 {
		return errUnauthorized
	}
	return nil
}

// validateSubscription fills a subscription's defaults and checks it
// before the store sees it; the rules are the subscription's own.
func validateSubscription(sub *doc.Subscription) error {
	sub.Normalize()
	if err := sub.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	return nil
}

// createSubscription validates and stores sub and, when since is set, its
// backfill in the same transaction (the dispatcher is woken to send it).
func (s *Server) createSubscription(ctx context.Context, sub doc.Subscription, since time.Time) (doc.Subscription, *store.Delivery, error) {
	if err := validateSubscription(&sub); err != nil {
		return doc.Subscription{}, nil, err
	}
	// The notifier knows what the server cannot: whether the channel is
	// configured (a Slack token, an SMTP relay) and whether the query parses.
	if s.deps.Notifier != nil {
		if err := s.deps.Notifier.Validate(sub); err != nil {
			return doc.Subscription{}, nil, fmt.Errorf("%w: %v", errBadRequest, err)
		}
	}
	if since.IsZero() {
		created, err := s.deps.Store.CreateSubscription(ctx, sub)
		if err != nil {
			return doc.Subscription{}, nil, fmt.Errorf("server: create subscription %q: %w", sub.Name, err)
		}
		s.log.InfoContext(ctx, "subscription created", "subscription", created.ID, "channel", created.Channel)
		return created, nil, nil
	}
	if s.deps.Notifier == nil {
		return doc.Subscription{}, nil, errNotImplemented
	}
	if err := checkBackfill(sub, since, time.Now()); err != nil {
		return doc.Subscription{}, nil, err
	}
	created, d, err := s.deps.Store.CreateSubscriptionWithBackfill(ctx, sub, since)
	if err != nil {
		return doc.Subscription{}, nil, fmt.Errorf("server: create subscription %q: %w", sub.Name, err)
	}
	s.deps.Notifier.Wake()
	s.log.InfoContext(ctx, "subscription created", "subscription", created.ID, "channel", created.Channel, "backfill_delivery", d.ID)
	return created, &d, nil
}
