package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Source is one configured upstream: the keys every source has, and the
// section of its type. Which keys a section has, their defaults and their
// checks belong to the source package of that type (crawler/federalregister,
// crawler/press); config decodes the section by type through the
// SourceKinds its caller passes to Load, and never imports those packages.
type Source struct {
	Name     string `yaml:"name"`
	Type     string `yaml:"type"`
	Schedule string `yaml:"schedule"` // robfig/cron syntax; default: the kind's
	Disabled bool   `yaml:"disabled"`
	// Section holds the type's keys, defaults applied; nil when Type names
	// no registered kind (Load then fails).
	Section SourceSection `yaml:"-"`

	node *yaml.Node // the source's mapping as read, until its section is decoded
}

// commonKeys are the keys of Source itself.
var commonKeys = []string{"name", "type", "schedule", "disabled"}

// UnmarshalYAML reads the common keys and keeps the node for the section,
// which is decoded once the type's kind is known.
func (s *Source) UnmarshalYAML(n *yaml.Node) error {
	var common struct {
		Name     string `yaml:"name"`
		Type     string `yaml:"type"`
		Schedule string `yaml:"schedule"`
		Disabled bool   `yaml:"disabled"`
	}
	if err := n.Decode(&common); err != nil {
		return err
	}
	*s = Source{Name: common.Name, Type: common.Type, Schedule: common.Schedule, Disabled: common.Disabled, node: n}
	return nil
}

// SourceSection is the part of a source's config that its type owns.
type SourceSection interface {
	// Validate returns every problem, each naming its key inside the
	// source ("per_page", "selectors.link", "start_urls[1]").
	Validate() []FieldError
}

// FieldError is one problem with one key of a section.
type FieldError struct {
	Key    string
	Reason string
}

// Fieldf returns a FieldError with a formatted reason.
func Fieldf(key, format string, args ...any) FieldError {
	return FieldError{Key: key, Reason: fmt.Sprintf(format, args...)}
}

// SourceKind is one source type.
type SourceKind struct {
	// Schedule is the default cron spec of sources of this type.
	Schedule string
	// New returns a pointer to a new section holding the type's defaults;
	// the source's keys are decoded onto it (yaml tags), unknown keys are
	// errors.
	New func() SourceSection
}

// SourceKinds maps each source type ("federalregister") to its kind.
type SourceKinds map[string]SourceKind

func (k SourceKinds) names() string {
	names := make([]string, 0, len(k))
	for n := range k {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// defaultSources are crawled when the config file names none: the Federal
// Register (BIS documents and public inspection), China.Table in German and
// English (one source each, so each edition has its own health), and BIS
// press releases. Every other key takes its type's default.
const defaultSources = `
- {name: federal-register, type: federalregister}
- {name: china-table-de, type: html, preset: china-table-de}
- {name: china-table-en, type: html, preset: china-table-en}
- {name: bis-press, type: html, preset: bis-press}
`

// DefaultSources returns the built-in sources, decoded with kinds.
func DefaultSources(kinds SourceKinds) ([]Source, error) {
	var srcs []Source
	if err := yaml.Unmarshal([]byte(defaultSources), &srcs); err != nil {
		return nil, fmt.Errorf("config: default sources: %w", err)
	}
	if errs := decodeSections(srcs, nil, kinds, ""); len(errs) > 0 {
		return nil, errs
	}
	return srcs, nil
}

func sourceKey(i int, s Source) string {
	if s.Name != "" {
		return fmt.Sprintf("sources[%d] (%s)", i, s.Name)
	}
	return fmt.Sprintf("sources[%d]", i)
}

// decodeSections decodes each source's section with the kind of its type
// and fills the default schedule. raw, when not nil, holds the same
// sources as written in the file (before ${VAR} expansion), so unknown
// keys are reported at the user's line numbers. Unknown types are left
// with a nil Section for Validate to report.
func decodeSections(srcs, raw []Source, kinds SourceKinds, file string) Errors {
	var errs Errors
	for i := range srcs {
		s := &srcs[i]
		kind, ok := kinds[s.Type]
		if !ok {
			s.node = nil
			continue
		}
		if s.Schedule == "" {
			s.Schedule = kind.Schedule
		}
		sec := kind.New()
		if n := s.node; n != nil {
			rn := n
			if i < len(raw) && raw[i].node != nil {
				rn = raw[i].node
			}
			for _, u := range unknownKeys(rn, reflect.TypeOf(sec), "", commonKeys) {
				errs = append(errs, &Error{File: file, Key: sourceKey(i, *s) + "." + u.key,
					Reason: fmt.Sprintf("unknown key (line %d, in a %s source)", u.line, s.Type)})
			}
			if err := n.Decode(sec); err != nil {
				e := yamlError(file, err)
				e.Key = sourceKey(i, *s)
				errs = append(errs, e)
			}
		}
		s.Section, s.node = sec, nil
	}
	return errs
}

type unknownKey struct {
	key  string
	line int
}

var unmarshaler = reflect.TypeFor[yaml.Unmarshaler]()

// unknownKeys lists the keys of mapping n that no field of t (a struct or
// a pointer to one, by yaml tag, inline structs included) takes, with
// nested struct fields checked the same way; extra names keys that are
// known besides t's.
func unknownKeys(n *yaml.Node, t reflect.Type, prefix string, extra []string) []unknownKey {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	collectFields(t, fields)
	var out []unknownKey
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value == "<<" || slices.Contains(extra, k.Value) {
			continue
		}
		ft, ok := fields[k.Value]
		if !ok {
			out = append(out, unknownKey{key: prefix + k.Value, line: k.Line})
			continue
		}
		if !reflect.PointerTo(ft).Implements(unmarshaler) {
			out = append(out, unknownKeys(v, ft, prefix+k.Value+".", nil)...)
		}
	}
	return out
}

func collectFields(t reflect.Type, into map[string]reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			collectFields(ft, into)
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		into[name] = f.Type
	}
}
