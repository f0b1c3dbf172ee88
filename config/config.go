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
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify/email/emailconf"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
)

// Config is the whole configuration. The zero value is not useful: start
// from Default or Load.
type Config struct {
	DataDir string           `yaml:"data_dir"`
	Store   Store            `yaml:"store"`
	HTTP    HTTP             `yaml:"http"`
	Sources []Source         `yaml:"sources"`
	Crawl   Crawl            `yaml:"crawl"`
	Slack   slackconf.Config `yaml:"slack"`
	SMTP    emailconf.Config `yaml:"smtp"`
	Notify  Notify           `yaml:"notify"`
	Search  Search           `yaml:"search"`
	API     API              `yaml:"api"`
	Log     LogConfig        `yaml:"log"`
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

// Crawl holds the settings of the one fetch client every source uses.
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
	// AllowPrivateTargets lets webhooks reach loopback, private and
	// link-local addresses. Off by default: a subscriber's URL must not
	// reach this host or its network (issue 15.4).
	AllowPrivateTargets bool `yaml:"allow_private_targets"`
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
// 127.0.0.1:8080. Its Sources are nil: the default sources need the
// source kinds (DefaultSources); Load fills them in.
func Default() Config {
	return Config{
		DataDir: "./data",
		Store:   Store{IndexName: "local"},
		HTTP: HTTP{
			Listen:       "127.0.0.1:8080",
			MaxBodyBytes: 1 << 20,
		},
		Crawl: Crawl{
			UserAgent:    "exportwatch/0.1 (+https://github.com/exportwatch/exportwatch)",
			Timeout:      Duration(30 * time.Second),
			MaxBodyBytes: 20 << 20,
			MaxAttempts:  5,
			Jitter:       Duration(30 * time.Second),
			DownAfter:    3,
		},
		Slack:  slackconf.Default(),
		SMTP:   emailconf.Default(),
		Notify: Notify{Workers: 4, MaxAttempts: 8, Timeout: Duration(15 * time.Second), Poll: Duration(2 * time.Second), Lease: Duration(2 * time.Minute)},
		Search: Search{MaxQueryBytes: 1024, MaxClauses: 64, MaxWildcards: 8, MaxRegexps: 4, Timeout: Duration(5 * time.Second), MaxConcurrent: 4},
		Log:    LogConfig{Level: "info", Format: "text"},
	}
}

// Load reads the file at path (empty: built-in defaults only), expands
// ${VAR} with getenv, applies defaults and validates. Each source's section
// is decoded and validated by the kind of its type in kinds. Every problem
// is returned as Errors.
func Load(path string, getenv func(string) string, kinds SourceKinds) (Config, error) {
	cfg := Default()
	var errs Errors
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return Config{}, Errors{{File: path, Reason: fmt.Sprintf("cannot read: %v", unwrapPathError(err))}}
		}
		if errs, err = decode(path, raw, getenv, &cfg, kinds); err != nil {
			return Config{}, err
		}
	}
	if cfg.Sources == nil {
		srcs, err := DefaultSources(kinds)
		if err != nil {
			return Config{}, err
		}
		cfg.Sources = srcs
	}
	applyEnv(&cfg, getenv)
	fillDefaults(&cfg)
	errs = append(errs, validate(cfg, path, kinds)...)
	if len(errs) > 0 {
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
// no sources, while a missing or null sources key leaves cfg.Sources nil
// (the defaults). Problems that do not stop decoding are returned as errs.
func decode(path string, raw []byte, getenv func(string) string, cfg *Config, kinds SourceKinds) (errs Errors, err error) {
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return nil, Errors{yamlError(path, err)}
	}
	if len(root.Content) == 0 { // an empty file: defaults
		return nil, nil
	}
	// Unknown keys are found on the file as written, so line numbers are
	// the user's; values are decoded after ${VAR} expansion.
	var scratch Config
	strict := yaml.NewDecoder(bytes.NewReader(raw))
	strict.KnownFields(true)
	if err := strict.Decode(&scratch); err != nil && yamlFieldNotFound.MatchString(err.Error()) {
		return nil, Errors{yamlError(path, err)}
	}
	expandNode(&root, getenv)
	expanded, err := yaml.Marshal(&root)
	if err != nil {
		return nil, Errors{yamlError(path, err)}
	}
	cfg.Sources = nil
	dec := yaml.NewDecoder(bytes.NewReader(expanded))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, Errors{yamlError(path, err)}
	}
	if cfg.Sources != nil {
		errs = decodeSections(cfg.Sources, scratch.Sources, kinds, path)
	}
	return errs, nil
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

var yamlFieldNotFound = regexp.MustCompile(`line (\d+): field (\S+) not found in type (\w+)\.(\w+)`)

// yamlError turns a yaml.v3 error into an Error naming the key where it can.
func yamlError(path string, err error) *Error {
	msg := err.Error()
	if m := yamlFieldNotFound.FindStringSubmatch(msg); m != nil {
		return &Error{File: path, Key: m[2], Reason: fmt.Sprintf("unknown key (line %s, in %s)", m[1], sectionName(m[3], m[4]))}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	return &Error{File: path, Reason: "invalid YAML: " + msg}
}

func sectionName(pkg, goType string) string {
	switch pkg {
	case "slackconf":
		return "slack"
	case "emailconf":
		return "smtp"
	}
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

// fillDefaults fills keys whose default depends on the file.
func fillDefaults(cfg *Config) {
	if cfg.Store.IndexName == "" {
		cfg.Store.IndexName = "local"
	}
	cfg.SMTP.FillDefaults()
}

var (
	sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	indexName  = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`) // store.ValidIndexName
)

// Validate returns every problem in cfg; file names the file in messages.
func Validate(cfg Config, file string) Errors { return validate(cfg, file, nil) }

// validate is Validate; kinds, when known, name the source types in messages.
func validate(cfg Config, file string, kinds SourceKinds) Errors {
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
	for i, s := range cfg.Sources {
		key := sourceKey(i, s)
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
		if err := checkSchedule(s.Schedule); err != nil && (s.Section != nil || s.Schedule != "") {
			add(key+".schedule", "invalid cron spec %q: %v", s.Schedule, err)
		}
		switch {
		case s.Section != nil:
			for _, fe := range s.Section.Validate() {
				add(key+"."+fe.Key, "%s", fe.Reason)
			}
		case s.Type == "" && kinds != nil:
			add(key+".type", "is required: %s", kinds.names())
		case s.Type == "":
			add(key+".type", "is required")
		case kinds != nil:
			add(key+".type", "%q is not a source type: use %s", s.Type, kinds.names())
		default:
			add(key+".type", "%q is not a source type", s.Type)
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
	// The channels own their sections' checks.
	cfg.Slack.Validate(func(key, reason string) { add("slack."+key, "%s", reason) })
	cfg.SMTP.Validate(func(key, reason string) { add("smtp."+key, "%s", reason) })
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

// cronParser reads the schedules robfig/cron runs: five fields or a
// descriptor such as @hourly.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// checkSchedule parses spec as the scheduler will, and also rejects steps
// larger than their field's range (robfig/cron reads "*/61" in the minute
// field as "minute 0", surely not what was meant).
func checkSchedule(spec string) error {
	if _, err := cronParser.Parse(spec); err != nil {
		return err
	}
	fields := strings.Fields(spec)
	if len(fields) > 0 && (strings.HasPrefix(fields[0], "TZ=") || strings.HasPrefix(fields[0], "CRON_TZ=")) {
		fields = fields[1:]
	}
	if len(fields) != 5 { // a descriptor such as @hourly
		return nil
	}
	names := []string{"minute", "hour", "day of month", "month", "day of week"}
	maxes := []int{59, 23, 31, 12, 6}
	for i, field := range fields {
		for _, part := range strings.Split(field, ",") {
			_, step, ok := strings.Cut(part, "/")
			if !ok {
				continue
			}
			if n, err := strconv.Atoi(step); err == nil && n > maxes[i] {
				return fmt.Errorf("step %d in the %s field %q is larger than its range (at most %d)", n, names[i], field, maxes[i])
			}
		}
	}
	return nil
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
