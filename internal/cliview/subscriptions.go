package cliview

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// Channel names a subscription's channel and schedule, without secrets.
func Channel(s doc.Subscription) string {
	var c string
	switch s.Channel {
	case doc.ChannelSlack:
		c = "slack channel " + s.Target
	case doc.ChannelEmail:
		c = "email " + s.Target
	default:
		c = s.Channel
	}
	if s.Mode == doc.ModeDigest {
		at := s.DigestAt
		if s.TimeZone != "" {
			at += " " + s.TimeZone
		}
		c += ", digest at " + at
	}
	return c
}

func filters(s doc.Subscription) string {
	if s.Watchlist != "" {
		return "watchlist=" + s.Watchlist
	}
	var f []string
	if len(s.Countries) > 0 {
		f = append(f, "country="+strings.Join(s.Countries, ","))
	}
	if len(s.Labels) > 0 {
		f = append(f, "label="+strings.Join(s.Labels, ","))
	}
	if len(s.Sources) > 0 {
		f = append(f, "source="+strings.Join(s.Sources, ","))
	}
	if s.Query != "" {
		f = append(f, "query="+strconv.Quote(s.Query))
	}
	if len(s.Countries) > 0 && s.NamedOnly {
		f = append(f, "named-only")
	} else if len(s.Countries) > 0 {
		f = append(f, "+worldwide")
	}
	if s.Operational {
		f = append(f, "operational")
	}
	if len(f) == 0 {
		return "(all labelled documents)"
	}
	return strings.Join(f, " ")
}

// Subscriptions writes the table of `exportwatch subscriptions list`.
func Subscriptions(w io.Writer, subs []doc.Subscription) {
	tw := table(w)
	fmt.Fprintln(tw, "ID\tNAME\tCHANNEL\tFILTERS")
	for _, s := range subs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.ID, s.Name, Channel(s), filters(s))
	}
	tw.Flush()
}

// Subscription writes one subscription (secrets print as <secret>) and, when
// ds is not nil, the count of its deliveries by status.
func Subscription(w io.Writer, sub doc.Subscription, ds []store.Delivery) {
	fmt.Fprintf(w, "id:        %d\nname:      %s\nchannel:   %s\nfilters:   %s\ncreated:   %s\n",
		sub.ID, sub.Name, Channel(sub), filters(sub), sub.CreatedAt.Format(time.RFC3339))
	if sub.URL != "" {
		fmt.Fprintf(w, "url:       %s\n", sub.URL)
	}
	if sub.Secret != "" {
		fmt.Fprintf(w, "secret:    %s\n", sub.Secret)
	}
	if ds != nil {
		counts := map[string]int{}
		for _, d := range ds {
			counts[d.Status]++
		}
		fmt.Fprintf(w, "deliveries: pending=%d sent=%d failed=%d\n", counts[store.StatusPending], counts[store.StatusSent], counts[store.StatusFailed])
	}
}

// SubscriptionCalendar writes sub's reminders and the URL of its own
// calendar feed (base is the server's public URL).
func SubscriptionCalendar(w io.Writer, sub doc.Subscription, base string) {
	if len(sub.Reminders) > 0 {
		rs := make([]string, len(sub.Reminders))
		for i, r := range sub.Reminders {
			rs[i] = r.String()
		}
		fmt.Fprintf(w, "reminders: %s\n", strings.Join(rs, " "))
	}
	if sub.FeedToken != "" {
		fmt.Fprintf(w, "calendar:  %s/feeds/subscriptions/%s.ics\n", strings.TrimSuffix(base, "/"), sub.FeedToken.Reveal())
	}
}

// Deliveries writes the table of `exportwatch deliveries`.
func Deliveries(w io.Writer, ds []store.Delivery) {
	tw := table(w)
	fmt.Fprintln(tw, "ID\tSUB\tEVENT\tKIND\tSTATUS\tATTEMPTS\tDUE/SENT\tREF/ERROR")
	for _, d := range ds {
		when, info := d.DueAt, d.LastError
		if d.Status == store.StatusSent {
			when, info = d.SentAt, d.Ref
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%d\t%s\t%s\n", d.ID, d.SubscriptionID, d.EventID, d.Kind, d.Status, d.Attempts,
			when.Local().Format("2006-01-02 15:04:05"), truncate(info, 100))
	}
	tw.Flush()
}
