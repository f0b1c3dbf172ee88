package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/exportwatch/exportwatch/doc"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

func TestPages(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	for name, tc := range map[string]struct {
		path  string
		code  int
		wants []string
	}{
		"home lists newest":      {"/", 200, []string{"Additions to the Entity List", "Query language", `data-facet="label"`, `data-facet="country"`, `data-facet="source"`, `data-facet="year"`, `data-facet="agency"`}},
		"search highlights":      {"/?q=inspur", 200, []string{"<mark>Inspur</mark>", "1</strong> document"}},
		"facet filter":           {"/?label=tier_change", 200, []string{"Framework for Artificial Intelligence Diffusion", `class="chip"`}},
		"date range":             {"/?from=2025-01-01&to=2025-12-31&sort=oldest", 200, []string{"Framework for Artificial"}},
		"year facet":             {"/?year=2024", 200, []string{"Technical Advisory Committee"}},
		"bad query":              {"/?q=colour:red", 400, []string{"Your query could not be run"}},
		"bad date":               {"/?from=yesterday", 400, []string{"from must be a date YYYY-MM-DD"}},
		"document":               {"/documents/fr:2025-00636", 200, []string{"90 FR 4544", `<mark class="evidence" id="ev-0"`, "Inspur Group Co., Ltd.", "Presumption of denial", "15 CFR 744", "2025-00636.pdf", "China desk", "industry-and-security-bureau"}},
		"document versions":      {"/documents/fr:2025-00711", 200, []string{"Version 2", `class="d-add"`, "Poland is also moved"}},
		"document hostile":       {"/documents/china-table:3f2a", 200, []string{"Notice &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;b&gt;new&lt;/b&gt;"}},
		"document missing":       {"/documents/fr:0000-00000", 404, []string{"not found"}},
		"country":                {"/countries/CN", 200, []string{"China", "Inspur Group Co., Ltd.", "Sophgo", "/feeds/countries/CN.atom", "/subscriptions?country=CN"}},
		"country tier history":   {"/countries/AT", 200, []string{"Tier history", "Framework for Artificial Intelligence Diffusion", "moved from Tier 1 to Tier 2"}},
		"country worldwide":      {"/countries/DE", 200, []string{"Revision of License Exception LPP Thresholds", `class="badge worldwide"`, "1 worldwide rule naming no country"}},
		"country lower redirect": {"/countries/cn", 301, nil},
		"country bad":            {"/countries/CHN", 400, []string{"not an ISO 3166-1"}},
		"subscriptions":          {"/subscriptions", 200, []string{"China desk", "URL set", "New subscription"}},
		"sources":                {"/sources", 200, []string{"federal-register", "china-table", "failing", "unexpected EOF"}},
		"unknown":                {"/nope", 404, []string{"not found"}},
		"healthz":                {"/healthz", 200, []string{"ok"}},
		"readyz":                 {"/readyz", 200, []string{"ready"}},
		"static css":             {"/static/style.css", 200, []string{"--brand"}},
	} {
		t.Run(name, func(t *testing.T) {
			res, body := do(t, h, "GET", tc.path, nil)
			if res.StatusCode != tc.code {
				t.Fatalf("GET %s: status %d, want %d\n%.2000s", tc.path, res.StatusCode, tc.code, body)
			}
			mustContain(t, tc.path, body, tc.wants...)
			if strings.Contains(body, "<script") {
				t.Errorf("GET %s: page contains a <script", tc.path)
			}
			if strings.Contains(body, "secret-path") || strings.Contains(body, "hmac-key") {
				t.Errorf("GET %s: page leaks a subscription secret", tc.path)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	a := newArchive(t, Config{})
	for _, path := range []string{"/", "/documents/fr:2025-00636", "/api/v1/search", "/nope", "/feeds/all.atom"} {
		res, _ := do(t, a.srv.Handler(), "GET", path, nil)
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
		} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
	}
}

func TestSearchAPIShape(t *testing.T) {
	a := newArchive(t, Config{})
	res, body := do(t, a.srv.Handler(), "GET", "/api/v1/search?q=inspur", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"facets", "hits", "total"}, keys(raw)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	var hits []map[string]json.RawMessage
	if err := json.Unmarshal(raw["hits"], &hits); err != nil || len(hits) != 1 {
		t.Fatalf("hits: %v, %d", err, len(hits))
	}
	if diff := cmp.Diff([]string{"countries", "id", "labels", "published", "score", "snippet", "source", "title"}, keys(hits[0])); diff != "" {
		t.Errorf("hit keys (-want +got):\n%s", diff)
	}
	var facets map[string]json.RawMessage
	_ = json.Unmarshal(raw["facets"], &facets)
	if diff := cmp.Diff([]string{"countries", "labels", "sources", "years"}, keys(facets)); diff != "" {
		t.Errorf("facet keys (-want +got):\n%s", diff)
	}
	var typed searchResponse
	_ = json.Unmarshal([]byte(body), &typed)
	if typed.Hits[0].ID != "fr:2025-00636" || !strings.Contains(typed.Hits[0].Snippet, "<mark>") {
		t.Errorf("hit = %+v", typed.Hits[0])
	}

	for name, q := range map[string]string{
		"syntax":     "q=colour:red",
		"bad sort":   "sort=sideways",
		"bad limit":  "limit=1000",
		"bad page":   "page=0",
		"bad year":   "year=25",
		"bad offset": "offset=-1",
	} {
		res, body := do(t, a.srv.Handler(), "GET", "/api/v1/search?"+q, nil)
		var e struct{ Error string }
		if res.StatusCode != 400 || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%s: status %d body %s, want 400 with a reason", name, res.StatusCode, body)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDocumentAndCountryAPI(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()
	res, body := do(t, h, "GET", "/api/v1/documents/fr:2025-00711", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	var d struct {
		ID        string   `json:"id"`
		Labels    []string `json:"labels"`
		Countries []string `json:"countries"`
		Versions  []struct {
			Version int    `json:"version"`
			Hash    string `json:"hash"`
		} `json:"versions"`
		Events []struct{ Kind string } `json:"events"`
	}
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	if d.ID != "fr:2025-00711" || len(d.Versions) != 2 || !slices.Contains(d.Labels, "tier_change") || len(d.Events) != 2 {
		t.Errorf("document = %+v", d)
	}
	if res, _ := do(t, h, "GET", "/api/v1/documents/nope:1", nil); res.StatusCode != 404 {
		t.Errorf("missing document: %d, want 404", res.StatusCode)
	}

	res, body = do(t, h, "GET", "/api/v1/countries/cn", nil)
	var c dossier
	if err := json.Unmarshal([]byte(body), &c); err != nil || res.StatusCode != 200 {
		t.Fatalf("country: %d %v", res.StatusCode, err)
	}
	var names []string
	for _, e := range c.EntityChanges {
		names = append(names, e.Action+" "+e.Name)
	}
	if diff := cmp.Diff([]string{"add Inspur Group Co., Ltd.", "add Sophgo Technologies"}, names); diff != "" {
		t.Errorf("entity changes (-want +got):\n%s", diff)
	}
	if c.Documents != 2 || c.Feeds.Atom != "http://exportwatch.test/feeds/countries/CN.atom" {
		t.Errorf("dossier = %+v", c)
	}
	res, body = do(t, h, "GET", "/api/v1/countries/AT", nil)
	_ = json.Unmarshal([]byte(body), &c)
	if len(c.TierHistory) != 1 || len(c.TierHistory[0].Evidence) != 1 {
		t.Errorf("AT tier history = %+v", c.TierHistory)
	}
}

func TestEventsAPI(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()
	get := func(q string) eventsResponse {
		t.Helper()
		res, body := do(t, h, "GET", "/api/v1/events?"+q, nil)
		if res.StatusCode != 200 {
			t.Fatalf("events?%s: %d %s", q, res.StatusCode, body)
		}
		var r eventsResponse
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	all := get("")
	if len(all.Events) != 6 {
		t.Fatalf("all events: %d, want 6 (5 new + 1 updated)", len(all.Events))
	}
	if got := get("country=CN"); len(got.Events) != 2 {
		t.Errorf("country=CN: %d events, want 2", len(got.Events))
	}
	if got := get("label=tier_change"); len(got.Events) != 2 {
		t.Errorf("label=tier_change: %d events, want 2", len(got.Events))
	}
	if got := get("source=china-table"); len(got.Events) != 1 {
		t.Errorf("source=china-table: %d events, want 1", len(got.Events))
	}
	// Polling: ascending after an ID, continuing from next_after_id.
	oldest := all.Events[len(all.Events)-1].ID
	first := get(fmt.Sprintf("after_id=%d&limit=2", oldest))
	if len(first.Events) != 2 || first.Events[0].ID != oldest+1 || first.NextAfterID != first.Events[1].ID {
		t.Fatalf("after_id=%d&limit=2: %+v", oldest, first)
	}
	rest := get(fmt.Sprintf("after_id=%d", first.NextAfterID))
	if len(rest.Events) != 3 {
		t.Errorf("rest: %d events, want 3", len(rest.Events))
	}
	if got := get("since=2999-01-01"); len(got.Events) != 0 {
		t.Errorf("since the future: %d events", len(got.Events))
	}
	for _, q := range []string{"since=soon", "after_id=x", "limit=0", "country=CHN"} {
		if res, _ := do(t, h, "GET", "/api/v1/events?"+q, nil); res.StatusCode != 400 {
			t.Errorf("events?%s: %d, want 400", q, res.StatusCode)
		}
	}
}

func TestSubscriptionsAPI(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	body := `{"name":"Austria","countries":["at"],"labels":["tier_change"],"channel":"webhook","url":"https://hooks.example.org/very-secret","secret":"k3y"}`
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}

	if res, _ := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(body)); res.StatusCode != 401 {
		t.Errorf("no token: %d, want 401", res.StatusCode)
	}
	if res, _ := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(body), "Authorization", "Bearer wrong"); res.StatusCode != 401 {
		t.Errorf("wrong token: %d, want 401", res.StatusCode)
	}
	res, out := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(body), auth...)
	if res.StatusCode != 201 {
		t.Fatalf("create: %d %s", res.StatusCode, out)
	}
	if strings.Contains(out, "very-secret") || strings.Contains(out, "k3y") {
		t.Errorf("create response leaks a secret: %s", out)
	}
	var created apiSubscriptionBody
	_ = json.Unmarshal([]byte(out), &created)
	if created.ID == 0 || !created.HasURL || !created.HasSecret || created.Countries[0] != "AT" || created.Mode != "instant" {
		t.Errorf("created = %+v", created)
	}
	stored, err := a.st.Subscription(context.Background(), created.ID)
	if err != nil || stored.URL.Reveal() != "https://hooks.example.org/very-secret" {
		t.Errorf("stored subscription: %v %q", err, stored.URL.Reveal())
	}

	if res, _ := do(t, h, "GET", "/api/v1/subscriptions", nil); res.StatusCode != 401 {
		t.Errorf("list without token: %d, want 401 (subscriptions name their recipients)", res.StatusCode)
	}
	_, out = do(t, h, "GET", "/api/v1/subscriptions", nil, auth...)
	if strings.Contains(out, "very-secret") || strings.Contains(out, "secret-path") || !strings.Contains(out, `"name": "Austria"`) {
		t.Errorf("list: %s", out)
	}
	if res, _ := do(t, h, "GET", fmt.Sprintf("/api/v1/subscriptions/%d", created.ID), nil, auth...); res.StatusCode != 200 {
		t.Errorf("get: %d", res.StatusCode)
	}

	for name, b := range map[string]string{
		"no name":        `{"channel":"feed"}`,
		"bad channel":    `{"name":"x","channel":"pigeon"}`,
		"bad label":      `{"name":"x","channel":"feed","labels":["nope"]}`,
		"bad country":    `{"name":"x","channel":"feed","countries":["China"]}`,
		"webhook no url": `{"name":"x","channel":"webhook"}`,
		"digest no time": `{"name":"x","channel":"feed","mode":"digest"}`,
		"unknown field":  `{"name":"x","channel":"feed","colour":"red"}`,
		"two objects":    `{"name":"x","channel":"feed"}{}`,
		"not json":       `name=x`,
	} {
		if res, out := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(b), auth...); res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", name, res.StatusCode, out)
		}
	}

	if res, _ := do(t, h, "DELETE", fmt.Sprintf("/api/v1/subscriptions/%d", created.ID), nil); res.StatusCode != 401 {
		t.Errorf("delete without token: %d, want 401", res.StatusCode)
	}
	if res, _ := do(t, h, "DELETE", fmt.Sprintf("/api/v1/subscriptions/%d", created.ID), nil, auth...); res.StatusCode != 204 {
		t.Errorf("delete: %d, want 204", res.StatusCode)
	}
	if res, _ := do(t, h, "GET", fmt.Sprintf("/api/v1/subscriptions/%d", created.ID), nil, auth...); res.StatusCode != 404 {
		t.Errorf("get deleted: %d, want 404", res.StatusCode)
	}
	if res, _ := do(t, h, "POST", fmt.Sprintf("/api/v1/subscriptions/%d/test", a.sub.ID), nil, auth...); res.StatusCode != 501 {
		t.Errorf("test without notifier: %d, want 501", res.StatusCode)
	}
}

func TestWritesRefusedWithoutToken(t *testing.T) {
	a := newArchive(t, Config{}) // no API token
	h := a.srv.Handler()
	res, body := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(`{"name":"x","channel":"feed"}`), "Authorization", "Bearer anything")
	if res.StatusCode != 403 || !strings.Contains(body, "no API token is configured") {
		t.Errorf("create: %d %s, want 403 with a clear message", res.StatusCode, body)
	}
	res, _ = do(t, h, "DELETE", fmt.Sprintf("/api/v1/subscriptions/%d", a.sub.ID), nil, "Authorization", "Bearer ")
	if res.StatusCode != 403 {
		t.Errorf("delete: %d, want 403", res.StatusCode)
	}
	res, body = do(t, h, "POST", "/subscriptions", strings.NewReader("name=x&channel=feed&token=x"), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 403 || !strings.Contains(body, "writes are disabled") {
		t.Errorf("form create: %d, want 403 with the reason", res.StatusCode)
	}
}

func TestSubscriptionForms(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	form := url.Values{"name": {"Taiwan <desk>"}, "countries": {"tw"}, "labels": {"entity_addition", "tier_change"}, "channel": {"feed"}, "mode": {"instant"}}
	post := func(path string, v url.Values, hdr ...string) (*http.Response, string) {
		return do(t, h, "POST", path, strings.NewReader(v.Encode()), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, hdr...)...)
	}
	res, body := post("/subscriptions", form)
	if res.StatusCode != 401 || !strings.Contains(body, "missing or wrong API token") || !strings.Contains(body, `value="Taiwan &lt;desk&gt;"`) {
		t.Errorf("no token: %d, want 401 re-showing the form", res.StatusCode)
	}
	form.Set("token", testToken)
	form.Set("remember", "1")
	res, _ = post("/subscriptions", form)
	if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/subscriptions?created=") {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == tokenCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("token cookie = %+v", cookie)
	}
	subs, _ := a.st.Subscriptions(context.Background())
	if len(subs) != 2 || subs[1].Name != "Taiwan <desk>" || subs[1].Countries[0] != "TW" || len(subs[1].Labels) != 2 {
		t.Fatalf("subscriptions = %+v", subs)
	}
	// Delete with the remembered cookie instead of a token field.
	res, _ = post(fmt.Sprintf("/subscriptions/%d/delete", subs[1].ID), url.Values{}, "Cookie", tokenCookie+"="+cookie.Value)
	if res.StatusCode != 303 {
		t.Errorf("delete with cookie: %d, want 303", res.StatusCode)
	}
	if _, err := a.st.Subscription(context.Background(), subs[1].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: %v, want ErrNotFound", err)
	}
	res, body = post("/subscriptions", url.Values{"name": {"x"}, "channel": {"email"}, "token": {testToken}})
	if res.StatusCode != 400 || !strings.Contains(body, "channel email needs target") {
		t.Errorf("invalid form: %d, want 400 with the reason", res.StatusCode)
	}
}

func TestRequestSizeLimit(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken, MaxBodyBytes: 1024})
	big := `{"name":"` + strings.Repeat("x", 4096) + `","channel":"feed"}`
	res, body := do(t, a.srv.Handler(), "POST", "/api/v1/subscriptions", strings.NewReader(big), "Authorization", "Bearer "+testToken)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: %d %s, want 413", res.StatusCode, body)
	}
}

func TestReadyz(t *testing.T) {
	a := newArchive(t, Config{})
	s := New(Config{}, Deps{Store: a.st, Index: a.ix, Ready: func(context.Context) error { return errors.New("index closed") }}, nil)
	if res, _ := do(t, s.Handler(), "GET", "/readyz", nil); res.StatusCode != 503 {
		t.Errorf("failing Ready: %d, want 503", res.StatusCode)
	}
	if res, _ := do(t, s.Handler(), "GET", "/healthz", nil); res.StatusCode != 200 {
		t.Errorf("healthz while not ready: %d, want 200", res.StatusCode)
	}
	a.ix.Close()
	if res, _ := do(t, a.srv.Handler(), "GET", "/readyz", nil); res.StatusCode != 503 {
		t.Errorf("closed index: %d, want 503", res.StatusCode)
	}
	b := newArchive(t, Config{})
	b.st.Close()
	if res, _ := do(t, b.srv.Handler(), "GET", "/readyz", nil); res.StatusCode != 503 {
		t.Errorf("closed store: %d, want 503", res.StatusCode)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()
	do(t, h, "GET", "/api/v1/search?q=inspur", nil)
	do(t, h, "GET", "/api/v1/search?q=colour:red", nil)
	do(t, h, "GET", "/documents/fr:2025-00636", nil)
	res, body := do(t, h, "GET", "/metrics", nil)
	if res.StatusCode != 200 {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	mustContain(t, "/metrics", body,
		`exportwatch_http_requests_total{code="200",route="GET /api/v1/search"} 1`,
		`exportwatch_http_requests_total{code="400",route="GET /api/v1/search"} 1`,
		`exportwatch_http_requests_total{code="200",route="GET /documents/{id}"} 1`,
	)
}

func TestStatusOf(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want int
	}{
		"not found": {fmt.Errorf("x: %w", store.ErrNotFound), 404},
		"bad query": {fmt.Errorf("index: %w: unexpected (", index.ErrBadQuery), 400},
		"bad param": {fmt.Errorf("%w: page", errBadRequest), 400},
		"too large": {&http.MaxBytesError{Limit: 1}, 413},
		"token":     {errUnauthorized, 401},
		"no token":  {errWritesDisabled, 403},
		"no notify": {errNotImplemented, 501},
		"canceled":  {context.Canceled, 503},
		"other":     {errors.New("disk on fire"), 500},
	} {
		if got := statusOf(tc.err); got != tc.want {
			t.Errorf("%s: statusOf = %d, want %d", name, got, tc.want)
		}
	}
	if msg := publicMessage(errors.New("disk on fire at /var/db"), 500); strings.Contains(msg, "disk") {
		t.Errorf("500 message leaks the cause: %q", msg)
	}
}

// TestSubscriptionRecipientsNeedToken checks that the public subscriptions
// page does not show e-mail addresses unless the visitor holds the token.
func TestSubscriptionRecipientsNeedToken(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	if _, err := a.st.CreateSubscription(context.Background(), doc.Subscription{
		Name: "Berlin office", Channel: doc.ChannelEmail, Target: "counsel@lawfirm.example", Mode: doc.ModeInstant,
	}); err != nil {
		t.Fatal(err)
	}
	h := a.srv.Handler()
	if _, out := do(t, h, "GET", "/subscriptions", nil); strings.Contains(out, "counsel@lawfirm.example") || !strings.Contains(out, "Berlin office") {
		t.Errorf("page without token shows the recipient (or not the subscription)")
	}
	if _, out := do(t, h, "GET", "/subscriptions", nil, "Cookie", tokenCookie+"=wrong"); strings.Contains(out, "counsel@lawfirm.example") {
		t.Errorf("page with a wrong token cookie shows the recipient")
	}
	if _, out := do(t, h, "GET", "/subscriptions", nil, "Cookie", tokenCookie+"="+testToken); !strings.Contains(out, "counsel@lawfirm.example") {
		t.Errorf("page with the token cookie hides the recipient")
	}
}
