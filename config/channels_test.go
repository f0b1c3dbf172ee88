package config_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/config"
)

// TestChannelSections: the slack and smtp sections are checked by their
// channel's section type, with the file's keys in the messages; the notify
// section carries the private-targets switch, off by default.
func TestChannelSections(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want []string
	}{
		"smtp from":     {"smtp:\n  host: mail.example.org\n  from: nobody\n", []string{"smtp.from", `"nobody" is not an e-mail address`}},
		"smtp port":     {"smtp:\n  host: mail.example.org\n  from: a@example.org\n  port: 70000\n", []string{"smtp.port", "between 1 and 65535"}},
		"smtp username": {"smtp:\n  host: mail.example.org\n  from: a@example.org\n  password: pw\n", []string{"smtp.username", "required when a password is set"}},
		"slack scheme":  {"slack:\n  api_url: ftp://slack.example/api/\n", []string{"slack.api_url", "http or https"}},
		"notify typo":   {"notify:\n  allow_private_target: true\n", []string{"allow_private_target", "unknown key"}},
		"smtp typo":     {"smtp:\n  hots: mail.example.org\n", []string{"hots", "unknown key (line 2, in smtp)"}},
		"slack typo":    {"slack:\n  tokn: x\n", []string{"tokn", "unknown key (line 2, in slack)"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := load(writeConfig(t, tc.body), env(nil))
			var errs config.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load = %v, want config.Errors", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	cfg, err := load(writeConfig(t, "smtp:\n  host: mail.example.org\n  from: a@example.org\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Notify.AllowPrivateTargets || cfg.SMTP.Port != 587 || cfg.SMTP.StartTLS == nil || !*cfg.SMTP.StartTLS || cfg.Slack.APIURL != "https://slack.com/api/" {
		t.Errorf("defaults: private %v, smtp port %d starttls %v, slack %q", cfg.Notify.AllowPrivateTargets, cfg.SMTP.Port, cfg.SMTP.StartTLS, cfg.Slack.APIURL)
	}
	cfg, err = load(writeConfig(t, "notify:\n  allow_private_targets: true\n"), env(nil))
	if err != nil || !cfg.Notify.AllowPrivateTargets {
		t.Errorf("allow_private_targets: %v, %v", cfg.Notify.AllowPrivateTargets, err)
	}
}
