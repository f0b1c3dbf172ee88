package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pingSection is a source type config knows nothing about but through
// the kind passed to Load.
type pingSection struct {
	Target string   `yaml:"target"`
	Every  Duration `yaml:"every"`
	Probe  struct {
		Path string `yaml:"path"`
	} `yaml:"probe"`
}

func (p *pingSection) Validate() []FieldError {
	if !strings.HasPrefix(p.Target, "http") {
		return []FieldError{Fieldf("target", "%q is not a URL", p.Target)}
	}
	return nil
}

// TestSectionsByKind: config decodes a source's keys into the section of
// the kind registered for its type, with the kind's defaults and schedule,
// and reports the section's problems and unknown keys under the source's
// key.
func TestSectionsByKind(t *testing.T) {
	kinds := SourceKinds{"ping": {Schedule: "@daily", New: func() SourceSection { return &pingSection{Target: "http://default"} }}}
	write := func(body string) string {
		p := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg, err := Load(write("sources:\n  - {name: a, type: ping, every: 2d, probe: {path: /x}}\n  - {name: b, type: ping, target: https://b}\n"), func(string) string { return "" }, kinds)
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Sources[0].Section.(*pingSection), cfg.Sources[1].Section.(*pingSection)
	if a.Target != "http://default" || a.Every.String() != "2d" || a.Probe.Path != "/x" || b.Target != "https://b" {
		t.Errorf("sections %+v %+v", a, b)
	}
	if cfg.Sources[0].Schedule != "@daily" {
		t.Errorf("schedule %q, want the kind's @daily", cfg.Sources[0].Schedule)
	}

	_, err = Load(write("sources:\n  - name: a\n    type: ping\n    target: ftp://x\n  - name: b\n    type: ping\n    probe: {paht: /x}\n"), func(string) string { return "" }, kinds)
	for _, want := range []string{"sources[0] (a).target: \"ftp://x\" is not a URL", "sources[1] (b).probe.paht: unknown key (line 7, in a ping source)"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}
