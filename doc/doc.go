// Package doc holds the domain types that travel between exportwatch's
// packages: a fetched document, its classification, the change events it
// causes and the subscriptions that receive them. It has no behaviour beyond
// small helpers, so every package can depend on it without cycles.
package doc

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Stages of a Federal Register document. Press documents have no stage.
const (
	StagePublicInspection = "public_inspection"
	StagePublished        = "published"
)

// Labels a classification can carry (see shared/domain/export-controls.md).
const (
	LabelTierChange         = "tier_change"
	LabelQuotaChange        = "quota_change"
	LabelEntityAddition     = "entity_addition"
	LabelEntityRemoval      = "entity_removal"
	LabelEntityRevision     = "entity_revision"
	LabelOtherExportControl = "other_export_control"
)

// Labels lists every label in display order.
var Labels = []string{
	LabelTierChange, LabelQuotaChange, LabelEntityAddition,
	LabelEntityRemoval, LabelEntityRevision, LabelOtherExportControl,
}

// Document is one fetched document as a Source returns it. ID is
// "fr:<document_number>" for the Federal Register and
// "<source>:<sha1 of canonical URL>" for press. Body is clean text; Regtext
// keeps the amendatory structure of Federal Register full-text XML so the
// classifier can read Entity List tables.
type Document struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"`
	Kind      string    `json:"kind"`            // rule, proposed_rule, notice, presidential_document, correction, press
	Stage     string    `json:"stage,omitempty"` // public_inspection | published | "" (press)
	Title     string    `json:"title"`
	Abstract  string    `json:"abstract,omitempty"`
	Body      string    `json:"body,omitempty"`
	URL       string    `json:"url"`
	Language  string    `json:"language,omitempty"`  // "en", "de"; "" = detect
	Published time.Time `json:"published,omitempty"` // publication (or public-inspection filing) date, UTC
	// Federal Register metadata; empty for press.
	DocumentNumber  string     `json:"document_number,omitempty"`
	Citation        string     `json:"citation,omitempty"` // "90 FR 4544"
	Action          string     `json:"action,omitempty"`   // "Final rule."
	Dates           string     `json:"dates,omitempty"`    // free text
	EffectiveOn     *time.Time `json:"effective_on,omitempty"`
	CommentsCloseOn *time.Time `json:"comments_close_on,omitempty"`
	Agencies        []string   `json:"agencies,omitempty"`  // agency slugs or names
	CFRParts        []string   `json:"cfr_parts,omitempty"` // "15 CFR 744"
	RINs            []string   `json:"rins,omitempty"`
	DocketIDs       []string   `json:"docket_ids,omitempty"`
	PDFURL          string     `json:"pdf_url,omitempty"`
	CorrectionOf    string     `json:"correction_of,omitempty"`
	Regtext         []Regtext  `json:"regtext,omitempty"`
	// Teaser marks press documents stored as metadata + teaser only
	// (paywall or TDM reservation).
	Teaser bool `json:"teaser,omitempty"`

	// ToBePublished is, for a document on public inspection, the date the
	// Federal Register schedules it for publication.
	ToBePublished *time.Time `json:"to_be_published,omitempty"`
}

// Regtext is one REGTEXT element of Federal Register full-text XML: the
// amendatory instructions (AMDPAR) and the tables (GPOTABLE) that follow.
type Regtext struct {
	Part         string   `json:"part,omitempty"`  // PART attribute, "744"
	Title        string   `json:"title,omitempty"` // TITLE attribute, "15"
	Instructions []string `json:"instructions,omitempty"`
	Headings     []string `json:"headings,omitempty"` // HD text inside the REGTEXT
	Tables       []Table  `json:"tables,omitempty"`
}

// Table is one GPOTABLE: column headings (CHED) and rows of cell text (ENT).
type Table struct {
	Columns []string   `json:"columns,omitempty"`
	Rows    [][]string `json:"rows,omitempty"`
}

// Validator holds the HTTP cache validators of one URL (RFC 9110 §8.8),
// remembered by the store for the next conditional GET. URL is the key the
// source chose: usually the URL as requested.
type Validator struct {
	URL          string
	ETag         string
	LastModified string
}

// ContentHash is the hash that decides whether a re-fetch is a new version:
// it covers what a reader sees, not fetch metadata.
func (d Document) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{d.Title, "\x00", d.Abstract, "\x00", d.Body, "\x00", d.Stage, "\x00", d.Action, "\x00", d.Citation} {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Classification is what the classifier decided about one document version.
type Classification struct {
	Labels    []string           `json:"labels"`
	Scores    map[string]float64 `json:"scores"`
	Countries []string           `json:"countries"` // ISO alpha-2 whose parties or status change
	Mentions  []string           `json:"mentions"`  // every country named
	Entities  []Entity           `json:"entities"`
	Evidence  []Evidence         `json:"evidence"`
	Language  string             `json:"language,omitempty"`
	Version   string             `json:"classifier_version,omitempty"`
}

// Entity actions.
const (
	ActionAdd    = "add"
	ActionRemove = "remove"
	ActionRevise = "revise"
)

// Entity is one Entity List entry a document adds, removes or revises.
type Entity struct {
	Action             string   `json:"action"`
	Name               string   `json:"name"`
	Country            string   `json:"country,omitempty"`
	Aliases            []string `json:"aliases,omitempty"`
	Addresses          []string `json:"addresses,omitempty"`
	LicenseRequirement string   `json:"license_requirement,omitempty"`
	ReviewPolicy       string   `json:"license_review_policy,omitempty"`
	Citation           string   `json:"federal_register_citation,omitempty"`
}

// Evidence is the sentence or table row that triggered a label.
type Evidence struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// Event kinds.
const (
	EventNew       = "new"       // first version of a document
	EventUpdated   = "updated"   // content changed: a new version
	EventPublished = "published" // public inspection -> published
	EventSource    = "source"    // operational: a source went down or came back
	// EventDateChanged: a new version of the document, or a later rule,
	// moved or withdrew calendar dates of the document (effective, comment
	// deadline, ...): one event per version or rule, Summary says which,
	// from and to.
	EventDateChanged = "date_changed"
	// EventReminder: a date of the document is near. Written when a
	// subscription's reminder is scheduled, with one delivery due at the
	// reminder's time; hidden from event listings and feeds.
	EventReminder = "reminder"
)

// EventKinds lists every event kind, for checking a kind a user names.
var EventKinds = []string{EventNew, EventUpdated, EventPublished, EventSource, EventDateChanged,
	EventReminder, EventBackfill, EventWatchlistHit}

// Event is one change that subscribers may be told about.
type Event struct {
	ID         int64     `json:"id"`
	DocumentID string    `json:"document_id"`
	Version    int       `json:"version"`
	Kind       string    `json:"kind"`
	Source     string    `json:"source"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Labels     []string  `json:"labels"`
	Countries  []string  `json:"countries"`
	Summary    string    `json:"summary,omitempty"` // e.g. the evidence sentence or source error
	CreatedAt  time.Time `json:"created_at"`
	// Hit is the watched party a watchlist_hit event is about; nil for
	// every other kind.
	Hit *WatchlistHit `json:"hit,omitempty"`
}

// Channel types of a subscription.
const (
	ChannelSlack        = "slack"         // bot token (config) + chat.postMessage to Target
	ChannelSlackWebhook = "slack_webhook" // incoming-webhook URL in URL (a secret)
	ChannelWebhook      = "webhook"       // JSON POST to URL, HMAC-SHA256 with Secret
	ChannelEmail        = "email"         // SMTP to Target (comma-separated addresses)
	ChannelFeed         = "feed"          // no push: read through the subscription's feed
)

// Subscription modes.
const (
	ModeInstant = "instant"
	ModeDigest  = "digest"
)

// Worldwide is the country filter value that matches documents naming no country.
const Worldwide = "worldwide"

// Subscription says who wants which events and how. Empty filters match
// everything; non-empty filters must all match (countries: any of them).
type Subscription struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Countries   []string  `json:"countries,omitempty"`
	Labels      []string  `json:"labels,omitempty"`
	Sources     []string  `json:"sources,omitempty"`
	Query       string    `json:"query,omitempty"`
	Channel     string    `json:"channel"`
	Target      string    `json:"target,omitempty"` // Slack channel ID or e-mail addresses
	URL         Secret    `json:"url,omitempty"`    // webhook URL (Slack or generic)
	Secret      Secret    `json:"secret,omitempty"` // HMAC key for generic webhooks
	Mode        string    `json:"mode"`
	DigestAt    string    `json:"digest_at,omitempty"`   // "08:00"
	TimeZone    string    `json:"time_zone,omitempty"`   // IANA, "Europe/Berlin"
	Operational bool      `json:"operational,omitempty"` // also receives source down/back events
	CreatedAt   time.Time `json:"created_at"`

	// NamedOnly opts a country subscription out of worldwide rules (labelled
	// documents that name no country), which it receives by default.
	NamedOnly bool `json:"named_only,omitempty"`

	// Reminders ask for a message some days before the dates of the
	// documents the subscription's calendar holds.
	Reminders []Reminder `json:"reminders,omitempty"`
	// FeedToken names the subscription's own calendar feed
	// (/feeds/subscriptions/{token}.ics): 128 random bits, set by the store.
	FeedToken Secret `json:"feed_token,omitempty"`

	// Watchlist, when set, makes this a watchlist subscription: it receives
	// the hits of that watchlist (watchlist_hit events) and nothing else,
	// and takes no other filter.
	Watchlist string `json:"watchlist,omitempty"`
}

// Secret is a string that never prints: fmt, logs and JSON show "<secret>".
// Use Reveal at the one place that needs the value.
type Secret string

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "<secret>"
}

// GoString implements fmt.GoStringer so %#v does not leak either.
func (s Secret) GoString() string { return s.String() }

// MarshalText makes JSON and YAML encoders print the mask.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText accepts the real value from config files and API requests.
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }

// Reveal returns the real value.
func (s Secret) Reveal() string { return string(s) }
