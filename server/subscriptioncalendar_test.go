package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// TestCorrectionMovesDateReminderAndSubscriptionCalendar is issue 12's
// acceptance test: a subscription made through the API with a reminder;
// a correction moves the rule's effective date; that is one date_changed
// event, the one reminder rescheduled in place, and the subscription's
// own .ics (parsed by an iCalendar parser) shows the same UID with a
// higher SEQUENCE. Then a later rule (hand-made wording) withdraws the
// date: the event stays in the feed as CANCELLED with a higher SEQUENCE
// still, and the reminder is cancelled.
func TestCorrectionMovesDateReminderAndSubscriptionCalendar(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := New(Config{PublicURL: "http://exportwatch.test", APIToken: testToken}, Deps{Store: st}, slog.New(slog.DiscardHandler))
	h := srv.Handler()

	res, body := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(
		`{"name":"China dates","countries":["CN"],"channel":"feed","reminders":[{"days":7,"kinds":["effective"]}]}`),
		"Authorization", "Bearer "+testToken)
	if res.StatusCode != 201 {
		t.Fatalf("POST /api/v1/subscriptions: %d %s", res.StatusCode, body)
	}
	var sub struct {
		ID           int64          `json:"id"`
		Reminders    []doc.Reminder `json:"reminders"`
		FeedCalendar string         `json:"feed_calendar"`
	}
	if err := json.Unmarshal([]byte(body), &sub); err != nil {
		t.Fatal(err)
	}
	feed, err := url.Parse(sub.FeedCalendar)
	if err != nil || len(sub.Reminders) != 1 || sub.Reminders[0].Days != 7 || !strings.HasPrefix(feed.Path, "/feeds/subscriptions/") {
		t.Fatalf("created subscription = %s; want its reminder and its calendar feed", body)
	}

	// Dates ahead of today, so the reminder is scheduled.
	today := time.Now().UTC().Truncate(24 * time.Hour)
	first, second := today.AddDate(0, 0, 60), today.AddDate(0, 0, 90)
	d, c := calendarRule(first.Format(time.DateOnly))
	if _, err := st.SaveVersion(ctx, d, c, matchAll{}); err != nil {
		t.Fatal(err)
	}
	other, oc := calendarRule(first.Format(time.DateOnly))
	other.ID, other.DocumentNumber, other.Citation, oc.Countries = "fr:2025-00700", "2025-00700", "90 FR 5000", []string{"DE"}
	if _, err := st.SaveVersion(ctx, other, oc, matchAll{}); err != nil {
		t.Fatal(err)
	}
	const effUID = "fr:2025-00636/effective@exportwatch.test"
	before := getCalendar(t, srv, feed.Path)
	eff, ok := before[effUID]
	if !ok || !eff.start.Equal(first) {
		t.Fatalf("subscription calendar = %+v; want %s on %s", before, effUID, first.Format(time.DateOnly))
	}
	for uid := range before {
		if strings.HasPrefix(uid, other.ID) {
			t.Errorf("the CN subscription's calendar holds the DE rule's %s", uid)
		}
	}
	if all := getCalendar(t, srv, "/feeds/all.ics"); len(all) <= len(before) {
		t.Errorf("all.ics has %d events, the subscription's %d: the subscription's is not filtered", len(all), len(before))
	}
	rs, err := st.Reminders(ctx, store.ReminderQuery{SubscriptionID: sub.ID})
	if err != nil || len(rs) != 1 || rs[0].Day != first.Format(time.DateOnly) {
		t.Fatalf("reminders = %+v, %v; want one for %s", rs, err, first.Format(time.DateOnly))
	}
	reminder := rs[0]

	// The correction.
	d2, c2 := calendarRule(second.Format(time.DateOnly))
	saved, err := st.SaveVersion(ctx, d2, c2, matchAll{})
	if err != nil {
		t.Fatal(err)
	}
	var changed []doc.Event
	for _, ev := range saved.Events {
		if ev.Kind == doc.EventDateChanged {
			changed = append(changed, ev)
		}
	}
	wantSummary := fmt.Sprintf("effective date moved from %s to %s", first.Format(time.DateOnly), second.Format(time.DateOnly))
	if len(changed) != 1 || !strings.HasPrefix(changed[0].Summary, wantSummary) {
		t.Fatalf("events of the correction = %+v; want one date_changed %q", saved.Events, wantSummary)
	}
	rs, err = st.Reminders(ctx, store.ReminderQuery{SubscriptionID: sub.ID})
	wantDue := time.Date(second.Year(), second.Month(), second.Day()-7, 9, 0, 0, 0, time.UTC)
	if err != nil || len(rs) != 1 || rs[0].ID != reminder.ID || rs[0].EventID != reminder.EventID ||
		rs[0].Day != second.Format(time.DateOnly) || !rs[0].DueAt.Equal(wantDue) || rs[0].Status != store.ReminderScheduled {
		t.Fatalf("reminders after the correction = %+v, %v; want reminder %d rescheduled to %s, due %s", rs, err, reminder.ID,
			second.Format(time.DateOnly), wantDue)
	}
	ds, err := st.Deliveries(ctx, store.DeliveryQuery{SubscriptionID: sub.ID, EventID: reminder.EventID})
	if err != nil || len(ds) != 1 || !ds[0].DueAt.Equal(wantDue) || ds[0].Status != store.StatusPending {
		t.Errorf("the reminder's delivery = %+v, %v; want one, pending, due %s", ds, err, wantDue)
	}
	after := getCalendar(t, srv, feed.Path)
	moved, ok := after[effUID]
	if !ok || !moved.start.Equal(second) || moved.sequence <= eff.sequence || moved.status == "CANCELLED" {
		t.Errorf("after the correction %s = %+v (ok %v); want it on %s with SEQUENCE above %d", effUID, moved, ok,
			second.Format(time.DateOnly), eff.sequence)
	}
	// Reminder events are not changes: the event listing leaves them out.
	_, body = do(t, h, "GET", "/api/v1/events?limit=1000", nil)
	if strings.Contains(body, `"kind":"reminder"`) {
		t.Error("/api/v1/events lists a reminder event")
	}

	// Hand-made wording: a later rule withdraws the effective date of the
	// rule at 90 FR 4544.
	later := doc.Document{ID: "fr:2099-00002", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
		Title: "Rescission of the effective date", URL: "https://www.federalregister.gov/d/2099-00002",
		Published: today, DocumentNumber: "2099-00002", Citation: "99 FR 1",
		Dates: "The effective date of the interim final rule published at 90 FR 4544 is withdrawn."}
	if _, err := st.SaveVersion(ctx, later, doc.Classification{Labels: []string{doc.LabelTierChange}}, matchAll{}); err != nil {
		t.Fatal(err)
	}
	withdrawn := getCalendar(t, srv, feed.Path)[effUID]
	if withdrawn.status != "CANCELLED" || withdrawn.sequence <= moved.sequence {
		t.Errorf("after the withdrawal %s = %+v; want STATUS CANCELLED with SEQUENCE above %d", effUID, withdrawn, moved.sequence)
	}
	if !strings.Contains(withdrawn.desc, "Withdrawn by fr:2099-00002") {
		t.Errorf("description %q does not name the withdrawing rule", withdrawn.desc)
	}
	_, page := do(t, h, "GET", "/documents/fr:2025-00636", nil)
	mustContain(t, "document page", page, `<del><time datetime="`+second.Format(time.DateOnly)+`">`, "withdrawn by", "/documents/fr:2099-00002")
	_, page = do(t, h, "GET", "/calendar?country=CN", nil)
	mustContain(t, "/calendar", page, "withdrawn by")
	if rs, _ := st.Reminders(ctx, store.ReminderQuery{SubscriptionID: sub.ID}); len(rs) != 1 || rs[0].Status != store.ReminderCancelled {
		t.Errorf("reminders after the withdrawal = %+v; want the one, cancelled", rs)
	}

	// Without the token there is no feed.
	for _, path := range []string{"/feeds/subscriptions/00000000000000000000000000000000.ics", feed.Path + ".atom"} {
		if res, _ := do(t, h, "GET", path, nil); res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	// After the subscription is deleted, neither.
	if res, body := do(t, h, "DELETE", fmt.Sprintf("/api/v1/subscriptions/%d", sub.ID), nil, "Authorization", "Bearer "+testToken); res.StatusCode != 204 && res.StatusCode != 200 {
		t.Fatalf("DELETE: %d %s", res.StatusCode, body)
	}
	if res, _ := do(t, h, "GET", feed.Path, nil); res.StatusCode != 404 {
		t.Errorf("GET %s of a deleted subscription: %d, want 404", feed.Path, res.StatusCode)
	}
}

// TestSubscriptionReminderInput: the API and the form take reminders in
// their forms and refuse bad ones with the reason; the page shows the
// subscription's calendar feed to token holders only.
func TestSubscriptionReminderInput(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	auth := []string{"Authorization", "Bearer " + testToken}
	for body, want := range map[string]string{
		`{"name":"x","channel":"feed","reminders":[{"days":7,"kinds":["published"]}]}`:  `unknown date kind \"published\"`,
		`{"name":"x","channel":"feed","reminders":[{"days":-1,"kinds":["effective"]}]}`: "days must be from 0 to 366",
		`{"name":"x","channel":"feed","reminders":[{"days":3,"kinds":[]}]}`:             "names no date kind",
	} {
		if res, got := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(body), auth...); res.StatusCode != 400 || !strings.Contains(got, want) {
			t.Errorf("POST %s: %d %s; want 400 saying %s", body, res.StatusCode, got, want)
		}
	}
	form := url.Values{"name": {"Form dates"}, "channel": {"feed"}, "countries": {"CN"}, "token": {testToken},
		"reminders": {"7d:effective,comments_close; 1d:compliance"}}
	res, body := do(t, h, "POST", "/subscriptions", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 303 {
		t.Fatalf("POST /subscriptions: %d %s", res.StatusCode, body)
	}
	subs, err := a.st.Subscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	created := subs[len(subs)-1]
	if got := fmt.Sprint(created.Reminders); got != "[7d:effective,comments_close 1d:compliance]" {
		t.Errorf("form subscription reminders = %s", got)
	}
	form.Set("reminders", "7:effective")
	if res, body := do(t, h, "POST", "/subscriptions", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded"); res.StatusCode != 400 || !strings.Contains(body, "DAYSd:KIND") {
		t.Errorf("POST /subscriptions with reminders 7:effective: %d; want 400 with the form", res.StatusCode)
	}
	feed := "/feeds/subscriptions/" + created.FeedToken.Reveal() + ".ics"
	if _, page := do(t, h, "GET", "/subscriptions", nil); strings.Contains(page, created.FeedToken.Reveal()) {
		t.Error("the subscriptions page shows a feed token to a reader without the API token")
	}
	if _, page := do(t, h, "GET", "/subscriptions", nil, "Cookie", tokenCookie+"="+testToken); !strings.Contains(page, feed) ||
		!strings.Contains(page, "7d:effective,comments_close") {
		t.Errorf("the subscriptions page does not show the token holder %s and the reminders", feed)
	}
}
