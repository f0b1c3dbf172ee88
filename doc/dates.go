package doc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Date kinds of a document's calendar (package calendar reads them; the
// store, reminders and feeds name them).
const (
	DateEffective        = "effective"
	DateCommentsClose    = "comments_close"
	DateCompliance       = "compliance"
	DateSavingsClauseEnd = "savings_clause_end"
	DatePublicInspection = "public_inspection" // filed for public inspection
	DatePublished        = "published"
)

// DateKinds lists every date kind in display order.
var DateKinds = []string{DateEffective, DateCommentsClose, DateCompliance, DateSavingsClauseEnd, DatePublicInspection, DatePublished}

// ActionDateKinds are the date kinds a lawyer acts on: the ones a later
// rule moves, that raise date_changed events and that reminders name.
var ActionDateKinds = []string{DateEffective, DateCommentsClose, DateCompliance, DateSavingsClauseEnd}

// maxReminderDays bounds how long before a date a reminder may come.
const maxReminderDays = 366

// Reminder asks for a message Days days before each date of the Kinds
// (ActionDateKinds) of the documents a subscription's calendar holds.
type Reminder struct {
	Days  int      `json:"days"`
	Kinds []string `json:"kinds"`
}

// String is the command-line form, "7d:effective,comments_close".
func (r Reminder) String() string {
	return strconv.Itoa(r.Days) + "d:" + strings.Join(r.Kinds, ",")
}

// ParseReminder reads the command-line form "7d:effective,comments_close"
// (0d: on the day itself).
func ParseReminder(s string) (Reminder, error) {
	days, kinds, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.Atoi(strings.TrimSuffix(days, "d"))
	if !ok || !strings.HasSuffix(days, "d") || err != nil {
		return Reminder{}, fmt.Errorf("reminder %q: want DAYSd:KIND[,KIND...], such as 7d:effective,comments_close", s)
	}
	r := Reminder{Days: n}
	for _, k := range strings.Split(kinds, ",") {
		if k = strings.TrimSpace(k); k != "" && !slices.Contains(r.Kinds, k) {
			r.Kinds = append(r.Kinds, k)
		}
	}
	return r, r.validate()
}

// validate checks the days and kinds of one reminder.
func (r Reminder) validate() error {
	if r.Days < 0 || r.Days > maxReminderDays {
		return fmt.Errorf("reminder %s: days must be from 0 to %d", r, maxReminderDays)
	}
	if len(r.Kinds) == 0 {
		return fmt.Errorf("reminder %s: names no date kind (want some of %s)", r, strings.Join(ActionDateKinds, ", "))
	}
	for _, k := range r.Kinds {
		if !slices.Contains(ActionDateKinds, k) {
			return fmt.Errorf("reminder %s: unknown date kind %q (want some of %s)", r, k, strings.Join(ActionDateKinds, ", "))
		}
	}
	return nil
}

// MatchesTopics reports whether a document with these labels and
// countries passes the subscription's label and country filters: labels
// any-of; countries any-of, where a document naming no country is a
// worldwide rule that reaches every country filter unless NamedOnly (then
// only "worldwide" asks for it). Empty filters pass everything.
func (s Subscription) MatchesTopics(labels, countries []string) bool {
	if len(s.Labels) > 0 && !anyOf(s.Labels, labels, false) {
		return false
	}
	if len(s.Countries) == 0 {
		return true
	}
	if len(countries) == 0 {
		return !s.NamedOnly || anyOf(s.Countries, []string{Worldwide}, true)
	}
	return anyOf(s.Countries, countries, true)
}

func anyOf(want, have []string, fold bool) bool {
	for _, w := range want {
		for _, h := range have {
			if w == h || (fold && strings.EqualFold(w, h)) {
				return true
			}
		}
	}
	return false
}
