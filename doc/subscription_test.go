package doc

import (
	"strings"
	"testing"
)

func TestSubscriptionValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		sub  Subscription
		want string // "" = valid
	}{
		"ok slack":        {Subscription{Name: "a", Channel: ChannelSlack, Target: "C1", Countries: []string{"CN", "worldwide"}}, ""},
		"ok digest":       {Subscription{Name: "a", Channel: ChannelFeed, Mode: ModeDigest, DigestAt: "08:30", TimeZone: "Europe/Berlin"}, ""},
		"no name":         {Subscription{Channel: ChannelFeed}, "name: required"},
		"long name":       {Subscription{Name: strings.Repeat("x", 201), Channel: ChannelFeed}, "name: longer than 200"},
		"bad country":     {Subscription{Name: "a", Channel: ChannelFeed, Countries: []string{"China"}}, "countries"},
		"lower country":   {Subscription{Name: "a", Channel: ChannelFeed, Countries: []string{"cn"}}, "countries"},
		"bad label":       {Subscription{Name: "a", Channel: ChannelFeed, Labels: []string{"tiers"}}, "unknown label"},
		"webhook secret":  {Subscription{Name: "a", Channel: ChannelWebhook, URL: "https://x.example/h?k=SEKRIT"}, "secret: a signing secret"},
		"webhook bad url": {Subscription{Name: "a", Channel: ChannelWebhook, URL: "ftp://SEKRIT", Secret: "s"}, "url: an http(s) URL"},
		"webhook userinfo": {Subscription{Name: "a", Channel: ChannelWebhook, URL: "http://user:SEKRIT@127.0.0.1/h", Secret: "s"},
			"url: must not contain user:password"},
		"slack hook userinfo": {Subscription{Name: "a", Channel: ChannelSlackWebhook, URL: "https://u:SEKRIT@hooks.example/x"}, "user:password"},
		"email no target":     {Subscription{Name: "a", Channel: ChannelEmail}, "channel email needs target"},
		"email bad target":    {Subscription{Name: "a", Channel: ChannelEmail, Target: "not an address"}, "channel email needs target"},
		"email ok":            {Subscription{Name: "a", Channel: ChannelEmail, Target: "a@example.com, B <b@example.org>"}, ""},
		"slack no target":     {Subscription{Name: "a", Channel: ChannelSlack}, "channel slack needs target"},
		"digest no time":      {Subscription{Name: "a", Channel: ChannelFeed, Mode: ModeDigest}, "digest_at: digest mode needs digest_at as HH:MM"},
		"bad digest":          {Subscription{Name: "a", Channel: ChannelFeed, Mode: ModeDigest, DigestAt: "8am"}, "want HH:MM"},
		"digest 25h":          {Subscription{Name: "a", Channel: ChannelFeed, Mode: ModeDigest, DigestAt: "25:00"}, "want HH:MM"},
		"bad zone":            {Subscription{Name: "a", Channel: ChannelFeed, TimeZone: "Nowhere/City"}, "time_zone"},
		"bad mode":            {Subscription{Name: "a", Channel: ChannelFeed, Mode: "hourly"}, "mode"},
		"no channel":          {Subscription{Name: "a"}, "channel: required"},
		"watchlist ok":        {Subscription{Name: "a", Channel: ChannelSlack, Target: "C1", Watchlist: "suppliers", Mode: ModeDigest, DigestAt: "08:00"}, ""},
		"watchlist + filter":  {Subscription{Name: "a", Channel: ChannelFeed, Watchlist: "suppliers", Labels: []string{LabelEntityAddition}}, "watchlist: a watchlist subscription receives that list's hits only"},
		"watchlist reminders": {Subscription{Name: "a", Channel: ChannelFeed, Watchlist: "suppliers", Reminders: []Reminder{{Days: 7}}}, "reminders"},
		"watchlist bad name":  {Subscription{Name: "a", Channel: ChannelFeed, Watchlist: "my list"}, "letters, digits"},
		"bad channel":         {Subscription{Name: "a", Channel: "pager"}, `channel: "pager"`},
		"every problem": {Subscription{Channel: "pager", Labels: []string{"x"}},
			"name: required; labels: unknown label"},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.sub.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "SEKRIT") {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	s := Subscription{Countries: []string{"WorldWide", "CN"}}
	s.Normalize()
	if s.Mode != ModeInstant || s.Countries[0] != Worldwide || s.Countries[1] != "CN" {
		t.Errorf("Normalize = %+v", s)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string][2]int{"": {8, 0}, "00:00": {0, 0}, "23:59": {23, 59}, "8:05": {8, 5}} {
		h, m, err := ParseClock(in)
		if err != nil || h != want[0] || m != want[1] {
			t.Errorf("ParseClock(%q) = %d, %d, %v; want %v", in, h, m, err, want)
		}
	}
	for _, in := range []string{"8", "8am", "24:00", "12:60", "12:5", "123:00", "-1:00", "ab:cd"} {
		if _, _, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) accepted", in)
		}
	}
}

func TestLabelName(t *testing.T) {
	if got := LabelName(LabelEntityAddition); got != "Entity List addition" {
		t.Errorf("LabelName = %q", got)
	}
	if got := LabelName("new_thing"); got != "new thing" {
		t.Errorf("unknown label = %q", got)
	}
	for _, l := range Labels {
		if LabelName(l) == l {
			t.Errorf("label %s has no display name", l)
		}
	}
}
