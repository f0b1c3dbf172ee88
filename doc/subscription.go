package doc

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxSubscriptionName bounds a subscription's name.
const maxSubscriptionName = 200

// Normalize fills a subscription's defaults before it is validated and
// stored: mode instant, and "worldwide" spelled in lower case.
func (s *Subscription) Normalize() {
	if s.Mode == "" {
		s.Mode = ModeInstant
	}
	for i, cc := range s.Countries {
		if strings.EqualFold(cc, Worldwide) {
			s.Countries[i] = Worldwide
		}
	}
}

// Validate checks everything about a subscription that needs no server
// configuration: name, filters, mode, digest time and zone, and the fields
// its channel needs (target, URL, secret). It reports every problem as
// "field: reason", joined by "; ", and never echoes a secret or URL.
// Whether the server can send on the channel, and whether the query
// parses, is the notifier's to say.
func (s Subscription) Validate() error {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	switch {
	case strings.TrimSpace(s.Name) == "":
		bad("name: required")
	case len(s.Name) > maxSubscriptionName:
		bad("name: longer than %d characters", maxSubscriptionName)
	}
	for _, cc := range s.Countries {
		if !strings.EqualFold(cc, Worldwide) && !ValidCountryCode(cc) {
			bad("countries: %q is not an upper-case ISO 3166-1 alpha-2 code or %q", cc, Worldwide)
		}
	}
	for _, l := range s.Labels {
		if !slices.Contains(Labels, l) {
			bad("labels: unknown label %q (want one of %s)", l, strings.Join(Labels, ", "))
		}
	}
	if s.Watchlist != "" {
		if err := ValidWatchlistName(s.Watchlist); err != nil {
			bad("watchlist: %v", err)
		}
		if len(s.Countries)+len(s.Labels)+len(s.Sources)+len(s.Reminders) > 0 || strings.TrimSpace(s.Query) != "" || s.Operational || s.NamedOnly {
			bad("watchlist: a watchlist subscription receives that list's hits only; drop countries, labels, sources, query, operational, named_only and reminders")
		}
	}
	switch s.Mode {
	case "", ModeInstant:
	case ModeDigest:
		if s.DigestAt == "" {
			bad("digest_at: digest mode needs digest_at as HH:MM")
		} else if _, _, err := ParseClock(s.DigestAt); err != nil {
			bad("digest_at: %v", err)
		}
	default:
		bad("mode: %q is not instant or digest", s.Mode)
	}
	for _, r := range s.Reminders {
		if err := r.validate(); err != nil {
			bad("reminders: %v", err)
		}
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			bad("time_zone: %q is not an IANA time zone", s.TimeZone)
		}
	}
	switch s.Channel {
	case ChannelFeed:
	case ChannelSlack:
		if strings.TrimSpace(s.Target) == "" {
			bad("target: channel slack needs target (the Slack channel ID)")
		}
	case ChannelEmail:
		if a, err := mail.ParseAddressList(s.Target); err != nil || len(a) == 0 {
			bad("target: channel email needs target (comma-separated e-mail addresses)")
		}
	case ChannelSlackWebhook:
		if err := checkTargetURL(s.URL.Reveal()); err != nil {
			bad("url: %v", err)
		}
	case ChannelWebhook:
		if err := checkTargetURL(s.URL.Reveal()); err != nil {
			bad("url: %v", err)
		}
		if s.Secret == "" {
			bad("secret: a signing secret is required for webhooks")
		}
	case "":
		bad("channel: required, one of %s", strings.Join(Channels, ", "))
	default:
		bad("channel: %q is not one of %s", s.Channel, strings.Join(Channels, ", "))
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid subscription: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Channels lists every channel type.
var Channels = []string{ChannelFeed, ChannelSlack, ChannelSlackWebhook, ChannelWebhook, ChannelEmail}

// checkTargetURL accepts an http(s) URL with a host and without
// user:password (which would be sent as Basic auth to wherever it points).
// Its errors never contain the URL: webhook URLs are secrets.
func checkTargetURL(u string) error {
	p, err := url.Parse(u)
	switch {
	case u == "" || err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "":
		return errors.New("an http(s) URL is required")
	case p.User != nil:
		return errors.New("must not contain user:password")
	}
	return nil
}

// ValidCountryCode reports whether cc is two upper-case ASCII letters, the
// shape of an ISO 3166-1 alpha-2 code.
func ValidCountryCode(cc string) bool {
	return len(cc) == 2 && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z'
}

// ParseClock reads a 24-hour "HH:MM" time of day ("8:00" too, as stored
// subscriptions may have it); "" is 08:00, the default digest time.
func ParseClock(s string) (hour, minute int, err error) {
	if s == "" {
		return 8, 0, nil
	}
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(h) < 1 || len(h) > 2 || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, 0, fmt.Errorf("%q: want HH:MM", s)
	}
	return hh, mm, nil
}
