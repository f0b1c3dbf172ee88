// Package config reads exportwatch's YAML config file, fills in built-in
// defaults, expands ${VAR} references from the environment and validates the
// result. A bad file is reported with the file, the key and what is wrong.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/exportwatch/exportwatch/doc"
)

// Source types.
const (
	TypeFederalRegister = "federalregister"
	TypeHTML            = "html"
	TypeFeed            = "feed"
)

// Config is the whole configuration. The zero value is not useful: start
// from Default or Load.
type Config struct {
	DataDir string    `yaml:"data_dir"`
	Store   Store     `yaml:"store"`
	HTTP    HTTP      `yaml:"http"`
	Sources []Source  `yaml:"sources"`
	Crawl   Crawl     `yaml:"crawl"`
	Slack   Slack     `yaml:"slack"`
	SMTP    SMTP      `yaml:"smtp"`
	Notify  Notify    `yaml:"notify"`
	Search  Search    `yaml:"search"`
	API     API       `yaml:"api"`
	Log     LogConfig `yaml:"log"`
}

// Store selects the database. With no DSN the store is the SQLite file
// data_dir/exportwatch.db; a postgres:// DSN puts it on PostgreSQL so
// several replicas can share it.
type Store struct {
	DSN doc.Secret `yaml:"dsn"`
	// IndexName is the name under which this replica's search index
	// records in the store which document versions it has seen; default
	// "local". Replicas sharing one PostgreSQL database each keep their own
	// index and need a distinct name, e.g. their hostname. 1 to 64
	// characters from a-z, 0-9, '.', '_' and '-'.
	IndexName string `yaml:"index_name"`
}

// HTTP configures the one listener of `serve`.
type HTTP struct {
	Listen string `yaml:"listen"`
	// PublicURL is how users reach this server; links in alerts and feeds
	// are built from it.
	PublicURL string `yaml:"public_url"`
	// MaxBodyBytes limits request bodies of write endpoints.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
}

// Source is one upstream. Which keys apply depends on Type.
type Source struct {
	Name     string `yaml:"name"`
	Type     string `yaml:"type"`
	Schedule string `yaml:"schedule"`
	Disabled bool   `yaml:"disabled"`
	// Rate is the most requests per second to this source's host(s).
	Rate float64 `yaml:"rate"`

	// federalregister
	BaseURL  string   `yaml:"base_url"`
	Agencies []string `yaml:"agencies"`
	Since    Date     `yaml:"since"`
	// Lookback re-reads this much recent history on each crawl so that
	// corrections to recent documents become new versions.
	Lookback Duration `yaml:"lookback"`
	PerPage  int      `yaml:"per_page"`
	// TextRate is the most full-text downloads per second (federalregister;
	// the Federal Register asks for at most 1).
	TextRate float64 `yaml:"text_rate"`

	// html (and feed presets). BaseURL, for a preset, points it at
	// another host (a mirror, or a local fake when offline).
	Preset    string    `yaml:"preset"`
	StartURLs []string  `yaml:"start_urls"`
	MaxPages  int       `yaml:"max_pages"`
	Selectors Selectors `yaml:"selectors"`
	Language  string    `yaml:"language"`

	// feed
	URL            string `yaml:"url"`
	FetchItemPages bool   `yaml:"fetch_item_pages"`
}

// Selectors are the CSS selectors of an html source.
type Selectors struct {
	Item       string `yaml:"item"`
	Link       string `yaml:"link"`
	Next       string `yaml:"next"`
	Title      string `yaml:"title"`
	Date       string `yaml:"date"`
	DateFormat string `yaml:"date_format"`
	Body       string `yaml:"body"`
	Teaser     string `yaml:"teaser"`
}

// Crawl holds politeness settings shared by every source.
type Crawl struct {
	UserAgent    string   `yaml:"user_agent"`
	Timeout      Duration `yaml:"timeout"`
	MaxBodyBytes int64    `yaml:"max_body_bytes"`
	MaxAttempts  int      `yaml:"max_attempts"`
	// Jitter delays each scheduled run by up to this much so a restart
	// does not send every source off at once.
	Jitter Duration `yaml:"jitter"`
	// DownAfter consecutive failures raise a "source down" event.
	DownAfter int `yaml:"down_after"`
}

// Slack holds the bot token used for chat.postMessage subscriptions.
type Slack struct {
	Token  doc.Secret `yaml:"token"`
	APIURL string     `yaml:"api_url"`
}

// SMTP is the mail relay for e-mail subscriptions.
type SMTP struct {
	Host     string     `yaml:"host"`
	Port     int        `yaml:"port"`
	Username string     `yaml:"username"`
	Password doc.Secret `yaml:"password"`
	From     string     `yaml:"from"`
	// StartTLS requires STARTTLS before AUTH (default true).
	StartTLS *bool `yaml:"starttls"`
}

// Notify tunes the delivery dispatcher.
type Notify struct {
	Workers     int      `yaml:"workers"`
	MaxAttempts int      `yaml:"max_attempts"`
	Timeout     Duration `yaml:"timeout"`
	// Poll is how often the dispatcher looks for due deliveries.
	Poll Duration `yaml:"poll"`
	// Lease is how long a claimed delivery is held before another sender
	// may take it. After a crash, unsent claimed deliveries wait this long;
	// it is raised to at least twice the send timeout.
	Lease Duration `yaml:"lease"`
}

// Search is the budget of one search (issue 15.1): what a query may ask
// for, how long it may run and how many run at once. Queries over the
// budget are refused with 400 and the reason; searches that wait longer
// than Timeout for a slot get 503 with Retry-After.
type Search struct {
	MaxQueryBytes int      `yaml:"max_query_bytes"`
	MaxClauses    int      `yaml:"max_clauses"`   // terms, phrases and ranges
	MaxWildcards  int      `yaml:"max_wildcards"` // wildcard (* ?) and fuzzy (~) terms; 0 forbids them
	MaxRegexps    int      `yaml:"max_regexps"`   // /regular expressions/; 0 forbids them
	Timeout       Duration `yaml:"timeout"`       // waiting for a slot and searching
	MaxConcurrent int      `yaml:"max_concurrent"`
}

// API holds the bearer token for write endpoints.
type API struct {
	Token doc.Secret `yaml:"token"`
}

// LogConfig selects the log level and format.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text, json
}

// Error is a config problem: the file, the key and the reason.
type Error struct {
	File   string
	Key    string
	Reason string
}

func (e *Error) Error() string {
	file := e.File
	if file == "" {
		file = "built-in defaults"
	}
	if e.Key == "" {
		return fmt.Sprintf("config %s: %s", file, e.Reason)
	}
	return fmt.Sprintf("config %s: %s: %s", file, e.Key, e.Reason)
}

// Errors is every problem found in one file.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Default returns the built-in configuration: data in ./data, HTTP on
// 127.0.0.1:8080, and the default sources.
func Default() Config {
	return Config{
		DataDir: "./data",
		Store:   Store{IndexName: "local"},
		HTTP: HTTP{
			Listen:       "127.0.0.1:8080",
			MaxBodyBytes: 1 << 20,
		},
		Sources: DefaultSources(),
		Crawl: Crawl{
			UserAgent:    "exportwatch/0.1 (+https://github.com/exportwatch/exportwatch)",
			Timeout:      Duration(30 * time.Second),
			MaxBodyBytes: 20 << 20,
			MaxAttempts:  5,
			Jitter:       Duration(30 * time.Second),
			DownAfter:    3,
		},
		Slack:  Slack{APIURL: "https://slack.com/api/"},
		SMTP:   SMTP{Port: 587},
		Notify: Notify{Workers: 4, MaxAttempts: 8, Timeout: Duration(15 * time.Second), Poll: Duration(2 * time.Second), Lease: Duration(2 * time.Minute)},
		Search: Search{MaxQueryBytes: 1024, MaxClauses: 64, MaxWildcards: 8, MaxRegexps: 4, Timeout: Duration(5 * time.Second), MaxConcurrent: 4},
		Log:    LogConfig{Level: "info", Format: "text"},
	}
}

// DefaultSources are crawled when the config file names none: the Federal
// Register (BIS documents and public inspection), China.Table in German and
// English (one source each, so each edition has its own health), and BIS
// press releases.
func DefaultSources() []Source {
	return []Source{
		{
			Name:     "federal-register",
			Type:     TypeFederalRegister,
			BaseURL:  "https://www.federalregister.gov/api/v1",
			Agencies: []string{"industry-and-security-bureau"},
			Schedule: "*/10 * * * *",
			Since:    Date(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)),
		},
		{Name: "china-table-de", Type: TypeHTML, Preset: "china-table-de", Schedule: "@hourly"},
		{Name: "china-table-en", Type: TypeHTML, Preset: "china-table-en", Schedule: "@hourly"},
		{Name: "bis-press", Type: TypeHTML, Preset: "bis-press", Schedule: "@hourly"},
	}
}

// Load reads the file at path (empty: built-in defaults only), expands
// ${VAR} with getenv, applies defaults and validates. Every problem is
// returned as Errors.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return Config{}, Errors{{File: path, Reason: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
		}
		if err := decode(path, raw, getenv, &cfg); err != nil {
			return Config{}, err
		}
	}
	applyEnv(&cfg, getenv)
	fillSourceDefaults(&cfg)
	if errs := Validate(cfg, path); len(errs) > 0 {
		return Config{}, errs
	}
	return cfg, nil
}

// Resolve picks the config file: the flag, else $EXPORTWATCH_CONFIG, else
// ./exportwatch.yaml if it exists, else "" (built-in defaults).
func Resolve(flag string, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	if p := getenv("EXPORTWATCH_CONFIG"); p != "" {
		return p
	}
	if _, err := os.Stat("exportwatch.yaml"); err == nil {
		return "exportwatch.yaml"
	}
	return ""
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// decode parses raw YAML into cfg, rejecting unknown keys. ${VAR} in any
// scalar value is replaced from the environment (an unset variable is empty;
// validation names the key where that matters). A sources list in the file
// replaces the default sources; an explicit empty list (sources: []) means
// no sources, while a missing or null sources key keeps the defaults.
func decode(path string, raw []byte, getenv func(string) string, cfg *Config) error {
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return Errors{yamlError(path, err)}
	}
	if len(root.Content) == 0 { // an empty file: defaults
		return nil
	}
	// Unknown keys are found on the file as written, so line numbers are
	// the user's; values are decoded after ${VAR} expansion.
	var scratch Config
	strict := yaml.NewDecoder(bytes.NewReader(raw))
	strict.KnownFields(true)
	if err := strict.Decode(&scratch); err != nil && yamlFieldNotFound.MatchString(err.Error()) {
		return Errors{yamlError(path, err)}
	}
	expandNode(&root, getenv)
	expanded, err := yaml.Marshal(&root)
	if err != nil {
		return Errors{yamlError(path, err)}
	}
	cfg.Sources = nil
	dec := yaml.NewDecoder(bytes.NewReader(expanded))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return Errors{yamlError(path, err)}
	}
	if cfg.Sources == nil {
		cfg.Sources = DefaultSources()
	}
	return nil
}

func expandNode(n *yaml.Node, getenv func(string) string) {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		n.Value = envRef.ReplaceAllStringFunc(n.Value, func(m string) string {
			return getenv(envRef.FindStringSubmatch(m)[1])
		})
		n.Style = yaml.DoubleQuotedStyle
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		expandNode(c, getenv)
	}
}

var yamlFieldNotFound = regexp.MustCompile(`line (\d+): field (\S+) not found in type config\.(\w+)`)

// yamlError turns a yaml.v3 error into an Error naming the key where it can.
func yamlError(path string, err error) *Error {
	msg := err.Error()
	if m := yamlFieldNotFound.FindStringSubmatch(msg); m != nil {
		return &Error{File: path, Key: m[2], Reason: fmt.Sprintf("unknown key (line %s, in %s)", m[1], sectionName(m[3]))}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	return &Error{File: path, Reason: "invalid YAML: " + msg}
}

func sectionName(goType string) string {
	switch goType {
	case "Config":
		return "the top level"
	case "Source":
		return "a source"
	default:
		return strings.ToLower(goType)
	}
}

// applyEnv applies the documented environment overrides.
func applyEnv(cfg *Config, getenv func(string) string) {
	if v := getenv("EXPORTWATCH_DATA_DIR"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("EXPORTWATCH_LISTEN"); v != "" {
		cfg.HTTP.Listen = v
	}
	if v := getenv("EXPORTWATCH_API_TOKEN"); v != "" && cfg.API.Token == "" {
		cfg.API.Token = doc.Secret(v)
	}
	if v := getenv("SLACK_BOT_TOKEN"); v != "" && cfg.Slack.Token == "" {
		cfg.Slack.Token = doc.Secret(v)
	}
}

func fillSourceDefaults(cfg *Config) {
	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		if s.Schedule == "" {
			if s.Type == TypeFederalRegister {
				s.Schedule = "*/10 * * * *"
			} else {
				s.Schedule = "@hourly"
			}
		}
		if s.Type == TypeFederalRegister {
			if s.BaseURL == "" {
				s.BaseURL = "https://www.federalregister.gov/api/v1"
			}
			if len(s.Agencies) == 0 {
				s.Agencies = []string{"industry-and-security-bureau"}
			}
			if s.Since.IsZero() {
				s.Since = Date(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
			}
			if s.Lookback == 0 {
				s.Lookback = Duration(7 * 24 * time.Hour)
			}
			if s.PerPage == 0 {
				s.PerPage = 1000
			}
		}
	}
	if cfg.Store.IndexName == "" {
		cfg.Store.IndexName = "local"
	}
	if cfg.SMTP.StartTLS == nil {
		t := true
		cfg.SMTP.StartTLS = &t
	}
}

var (
	sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	indexName  = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`) // store.ValidIndexName
	hhmm       = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// Validate returns every problem in cfg; file names the file in messages.
func Validate(cfg Config, file string) Errors {
	var errs Errors
	add := func(key, format string, args ...any) {
		errs = append(errs, &Error{File: file, Key: key, Reason: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(cfg.DataDir) == "" {
		add("data_dir", "must not be empty")
	}
	if dsn := cfg.Store.DSN.Reveal(); dsn != "" && !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		// Never echo the DSN: it may hold a password.
		add("store.dsn", "must be a postgres:// or postgresql:// URL (leave it out for the SQLite file in data_dir)")
	}
	if n := cfg.Store.IndexName; !indexName.MatchString(n) {
		add("store.index_name", "%q must be 1 to 64 characters from a-z, 0-9, '.', '_' and '-' (e.g. the replica's hostname)", n)
	}
	if err := checkHostPort(cfg.HTTP.Listen); err != nil {
		add("http.listen", "%v", err)
	}
	if cfg.HTTP.PublicURL != "" {
		if err := checkHTTPURL(cfg.HTTP.PublicURL); err != nil {
			add("http.public_url", "%v", err)
		}
	}
	if cfg.HTTP.MaxBodyBytes <= 0 {
		add("http.max_body_bytes", "must be positive")
	}
	seen := map[string]int{}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	for i, s := range cfg.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		if s.Name != "" {
			key = fmt.Sprintf("sources[%d] (%s)", i, s.Name)
		}
		switch {
		case s.Name == "":
			add(key+".name", "is required")
		case !sourceName.MatchString(s.Name):
			add(key+".name", "%q must be lower-case letters, digits and dashes", s.Name)
		default:
			if j, dup := seen[s.Name]; dup {
				add(key+".name", "%q is already used by sources[%d]", s.Name, j)
			}
			seen[s.Name] = i
		}
		if _, err := parser.Parse(s.Schedule); err != nil {
			add(key+".schedule", "invalid cron spec %q: %v", s.Schedule, err)
		}
		if s.Rate < 0 {
			add(key+".rate", "must not be negative")
		}
		if s.TextRate < 0 {
			add(key+".text_rate", "must not be negative")
		}
		switch s.Type {
		case TypeFederalRegister:
			if err := checkHTTPURL(s.BaseURL); err != nil {
				add(key+".base_url", "%v", err)
			}
			if s.PerPage < 2 || s.PerPage > 2000 {
				add(key+".per_page", "must be between 2 and 2000 (the API turns other values into 20)")
			}
			for j, a := range s.Agencies {
				if !sourceName.MatchString(a) {
					add(fmt.Sprintf("%s.agencies[%d]", key, j), "%q is not an agency slug (like industry-and-security-bureau)", a)
				}
			}
			if s.Lookback < 0 {
				add(key+".lookback", "must not be negative")
			}
		case TypeHTML:
			if s.BaseURL != "" {
				if err := checkHTTPURL(s.BaseURL); err != nil {
					add(key+".base_url", "%v", err)
				}
			}
			if s.Preset == "" && len(s.StartURLs) == 0 {
				add(key+".start_urls", "an html source needs start_urls or a preset")
			}
			if s.Preset == "" && len(s.StartURLs) > 0 && s.Selectors.Link == "" {
				add(key+".selectors.link", "an html source without a preset needs a link selector")
			}
			for j, u := range s.StartURLs {
				if err := checkHTTPURL(u); err != nil {
					add(fmt.Sprintf("%s.start_urls[%d]", key, j), "%v", err)
				}
			}
			if s.Language != "" && s.Language != "en" && s.Language != "de" {
				add(key+".language", "%q: use en or de (or leave it out to detect)", s.Language)
			}
		case TypeFeed:
			if s.Preset == "" || s.URL != "" {
				if err := checkHTTPURL(s.URL); err != nil {
					add(key+".url", "%v", err)
				}
			}
		case "":
			add(key+".type", "is required: federalregister, html or feed")
		default:
			add(key+".type", "%q is not a source type: use federalregister, html or feed", s.Type)
		}
	}
	if cfg.Crawl.Timeout <= 0 {
		add("crawl.timeout", "must be positive")
	}
	if cfg.Crawl.MaxBodyBytes <= 0 {
		add("crawl.max_body_bytes", "must be positive")
	}
	if cfg.Crawl.MaxAttempts < 1 {
		add("crawl.max_attempts", "must be at least 1")
	}
	if cfg.Crawl.DownAfter < 1 {
		add("crawl.down_after", "must be at least 1")
	}
	if strings.TrimSpace(cfg.Crawl.UserAgent) == "" {
		add("crawl.user_agent", "must not be empty: upstreams deserve to know who is calling")
	}
	if cfg.Slack.APIURL != "" {
		if err := checkHTTPURL(cfg.Slack.APIURL); err != nil {
			add("slack.api_url", "%v", err)
		} else if !strings.HasSuffix(cfg.Slack.APIURL, "/") {
			add("slack.api_url", "must end with a slash (slack-go appends method names)")
		}
	}
	if cfg.SMTP.Host != "" {
		if cfg.SMTP.Port < 1 || cfg.SMTP.Port > 65535 {
			add("smtp.port", "must be between 1 and 65535")
		}
		if _, err := mail.ParseAddress(cfg.SMTP.From); err != nil {
			add("smtp.from", "%q is not an e-mail address", cfg.SMTP.From)
		}
		if cfg.SMTP.Password != "" && cfg.SMTP.Username == "" {
			add("smtp.username", "is required when a password is set")
		}
	}
	if cfg.Notify.Workers < 1 || cfg.Notify.Workers > 64 {
		add("notify.workers", "must be between 1 and 64")
	}
	if cfg.Notify.MaxAttempts < 1 {
		add("notify.max_attempts", "must be at least 1")
	}
	if cfg.Notify.Timeout <= 0 {
		add("notify.timeout", "must be positive")
	}
	if cfg.Notify.Poll <= 0 {
		add("notify.poll", "must be positive")
	}
	if cfg.Notify.Lease <= 0 {
		add("notify.lease", "must be positive")
	}
	validateSearch(cfg.Search, add)
	switch cfg.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level", "%q: use debug, info, warn or error", cfg.Log.Level)
	}
	switch cfg.Log.Format {
	case "text", "json":
	default:
		add("log.format", "%q: use text or json", cfg.Log.Format)
	}
	return errs
}

// maxSearchTimeout stays below serve's HTTP write timeout (60s), so a
// search that runs out of time still gets its answer written.
const maxSearchTimeout = 55 * time.Second

func validateSearch(s Search, add func(key, format string, args ...any)) {
	between := func(key string, v, lo, hi int) {
		if v < lo || v > hi {
			add(key, "must be between %d and %d, not %d", lo, hi, v)
		}
	}
	between("search.max_query_bytes", s.MaxQueryBytes, 16, 1<<20)
	between("search.max_clauses", s.MaxClauses, 1, 10000)
	between("search.max_wildcards", s.MaxWildcards, 0, 1000)
	between("search.max_regexps", s.MaxRegexps, 0, 1000)
	between("search.max_concurrent", s.MaxConcurrent, 1, 1024)
	if s.Timeout <= 0 || s.Timeout.D() > maxSearchTimeout {
		add("search.timeout", "must be positive and at most %s (the HTTP write timeout is 60s), not %s", Duration(maxSearchTimeout), s.Timeout)
	}
}

// ValidDigestTime reports whether s is a "HH:MM" time of day.
func ValidDigestTime(s string) bool { return hhmm.MatchString(s) }

func checkHTTPURL(s string) error {
	if s == "" {
		return errors.New("is required")
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q must be an http or https URL", s)
	}
	if u.Host == "" {
		return fmt.Errorf("%q has no host", s)
	}
	return nil
}

func checkHostPort(s string) error {
	if s == "" {
		return errors.New("is required (host:port)")
	}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return fmt.Errorf("%q must be host:port, e.g. 127.0.0.1:8080", s)
	}
	port := s[i+1:]
	if port == "" {
		return fmt.Errorf("%q has no port", s)
	}
	for _, r := range port {
		if r < '0' || r > '9' {
			return fmt.Errorf("%q: port %q is not a number", s, port)
		}
	}
	return nil
}
