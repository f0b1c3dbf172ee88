// Package slackconf is the Slack bot's config section (`slack`): its keys,
// defaults and checks. It is separate from notify/slack so that the config
// package can decode and check the section without linking slack-go.
package slackconf

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// Config is the Slack bot used for chat.postMessage subscriptions. Without
// a Token, the slack channel is not configured (incoming webhooks need no
// bot).
type Config struct {
	// Token is the bot token (xoxb-...), needing chat:write, and
	// channels:history (groups:history for private channels) to find a
	// message already posted before a crash.
	Token doc.Secret `yaml:"token"`
	// APIURL is the Web API base; tests and proxies point it elsewhere.
	APIURL string `yaml:"api_url"`
}

// Default is the section before the file is read.
func Default() Config { return Config{APIURL: DefaultAPIURL} }

// Validate reports each problem with its key inside the section.
func (c Config) Validate(add func(key, reason string)) {
	if c.APIURL == "" {
		return
	}
	u, err := url.Parse(c.APIURL)
	switch {
	case err != nil:
		add("api_url", fmt.Sprintf("%q is not a URL: %v", c.APIURL, err))
	case u.Scheme != "http" && u.Scheme != "https":
		add("api_url", fmt.Sprintf("%q must be an http or https URL", c.APIURL))
	case u.Host == "":
		add("api_url", fmt.Sprintf("%q has no host", c.APIURL))
	case !strings.HasSuffix(c.APIURL, "/"):
		add("api_url", "must end with a slash (slack-go appends method names)")
	}
}
