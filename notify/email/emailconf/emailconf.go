// Package emailconf is the e-mail channel's config section (`smtp`): its
// keys, defaults and checks. It is separate from notify/email so that the
// config package can decode and check the section without linking the SMTP
// client.
package emailconf

import (
	"fmt"
	"net/mail"

	"github.com/exportwatch/exportwatch/doc"
)

// DefaultPort is the SMTP submission port.
const DefaultPort = 587

// Config is the mail relay for e-mail subscriptions. Without Host, e-mail
// is not configured.
type Config struct {
	Host     string     `yaml:"host"`
	Port     int        `yaml:"port"`
	Username string     `yaml:"username"`
	Password doc.Secret `yaml:"password"`
	// From is the sender address, "exportwatch <alerts@example.org>".
	From string `yaml:"from"`
	// StartTLS requires STARTTLS before AUTH (default true).
	StartTLS *bool `yaml:"starttls"`
}

// Default is the section before the file is read.
func Default() Config { return Config{Port: DefaultPort} }

// FillDefaults sets what the file left out (Default has set the port).
func (c *Config) FillDefaults() {
	if c.StartTLS == nil {
		t := true
		c.StartTLS = &t
	}
}

// Validate reports each problem with its key inside the section.
func (c Config) Validate(add func(key, reason string)) {
	if c.Host == "" {
		return
	}
	if c.Port < 1 || c.Port > 65535 {
		add("port", "must be between 1 and 65535")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		add("from", fmt.Sprintf("%q is not an e-mail address", c.From))
	}
	if c.Password != "" && c.Username == "" {
		add("username", "is required when a password is set")
	}
}
