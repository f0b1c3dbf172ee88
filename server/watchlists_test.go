package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// suppliersCSV is a hand-made watchlist: the first party is the archive's
// listed Inspur entry spelt as an ERP system would; the second is invented.
const suppliersCSV = "name,aliases,country,reference\n" +
	"INSPUR GROUP CO LTD,Inspur,CN,SUP-0001\n" +
	"Nordlicht Halbleiter AG,,DE,SUP-0002\n"

var bearer = []string{"Authorization", "Bearer " + testToken}

// TestWatchlistAPINeedsTheToken: every watchlist call, reads included,
// answers 401 without the token or with a wrong one, and 403 when no token
// is configured.
func TestWatchlistAPINeedsTheToken(t *testing.T) {
	h := newArchive(t, Config{APIToken: testToken}).srv.Handler()
	open := newArchive(t, Config{}).srv.Handler()
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/watchlists"}, {"POST", "/api/v1/watchlists"}, {"GET", "/api/v1/watchlists/suppliers"},
		{"PUT", "/api/v1/watchlists/suppliers"}, {"DELETE", "/api/v1/watchlists/suppliers"},
		{"GET", "/api/v1/watchlists/suppliers/hits"}, {"POST", "/api/v1/watchlists/suppliers/screen"},
	} {
		for name, tc := range map[string]struct {
			h    http.Handler
			hdr  []string
			want int
		}{
			"no token":     {h, nil, http.StatusUnauthorized},
			"wrong token":  {h, []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
			"no api.token": {open, bearer, http.StatusForbidden},
		} {
			res, body := do(t, tc.h, c.method, c.path, strings.NewReader(suppliersCSV), append(tc.hdr, "Content-Type", "text/csv")...)
			if res.StatusCode != tc.want || strings.Contains(body, "Inspur") {
				t.Errorf("%s %s, %s: %d %s, want %d and no party", c.method, c.path, name, res.StatusCode, body, tc.want)
			}
		}
	}
}

// TestWatchlistAPIImportAndHits: a CSV import screens the archive; the
// hits come back in the `watchlist hits --json` shape; bad input is a 400
// that says what is wrong.
func TestWatchlistAPIImportAndHits(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	res, body := do(t, h, "PUT", "/api/v1/watchlists/suppliers", strings.NewReader(suppliersCSV), append(bearer, "Content-Type", "text/csv; charset=utf-8")...)
	if res.StatusCode != 200 {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	var imp struct {
		Imported int `json:"imported"`
		Screen   struct{ Documents, Hits, New int }
	}
	if err := json.Unmarshal([]byte(body), &imp); err != nil || imp.Imported != 2 || imp.Screen.New != 1 || imp.Screen.Documents == 0 {
		t.Errorf("import answer = %s (%v), want 2 imported and 1 new hit", body, err)
	}
	res, body = do(t, h, "GET", "/api/v1/watchlists/suppliers/hits", nil, bearer...)
	var hits struct{ Hits []map[string]any }
	if err := json.Unmarshal([]byte(body), &hits); err != nil || res.StatusCode != 200 || len(hits.Hits) != 1 {
		t.Fatalf("hits: %d %s", res.StatusCode, body)
	}
	hit := hits.Hits[0]
	for k, want := range map[string]any{"party": "INSPUR GROUP CO LTD", "reference": "SUP-0001", "document": "fr:2025-00636",
		"action": "add", "country": "CN", "stage": "published", "listed_name": "Inspur Group Co., Ltd."} {
		if hit[k] != want {
			t.Errorf("hit[%q] = %v, want %v", k, hit[k], want)
		}
	}
	if s, _ := hit["score"].(float64); s < 0.88 || hit["why"] == "" {
		t.Errorf("hit score %v why %q", hit["score"], hit["why"])
	}
	// Screening again finds nothing new.
	if res, body := do(t, h, "POST", "/api/v1/watchlists/suppliers/screen", nil, bearer...); res.StatusCode != 200 || !strings.Contains(body, `"new": 0`) {
		t.Errorf("screen now again: %d %s", res.StatusCode, body)
	}
	// JSON import under POST, with the name in the body.
	res, body = do(t, h, "POST", "/api/v1/watchlists", strings.NewReader(`{"name":"customers","parties":[{"name":"Sophgo Technologies Ltd.","country":"cn"}]}`), bearer...)
	if res.StatusCode != 200 || !strings.Contains(body, `"imported": 1`) {
		t.Errorf("JSON import: %d %s", res.StatusCode, body)
	}
	res, body = do(t, h, "GET", "/api/v1/watchlists", nil, bearer...)
	if res.StatusCode != 200 || !strings.Contains(body, `"customers"`) || !strings.Contains(body, `"suppliers"`) {
		t.Errorf("list: %d %s", res.StatusCode, body)
	}
	for name, c := range map[string]struct{ method, path, ctype, body, want string }{
		"csv header":   {"PUT", "/api/v1/watchlists/x", "text/csv", "firm\nAcme\n", "line 1: header"},
		"csv row":      {"PUT", "/api/v1/watchlists/x", "text/csv", "name,aliases,country,reference\nAcme,,,\n,,,R\n", "line 3: empty name"},
		"json country": {"PUT", "/api/v1/watchlists/x", "application/json", `{"parties":[{"name":"Acme","country":"Atlantis"}]}`, "parties[0]"},
		"json empty":   {"PUT", "/api/v1/watchlists/x", "application/json", `{"parties":[{"name":" ,. "}]}`, "no words"},
		"json field":   {"PUT", "/api/v1/watchlists/x", "application/json", `{"partys":[]}`, "unknown field"},
		"bad name":     {"PUT", "/api/v1/watchlists/a%20b", "text/csv", suppliersCSV, "letters, digits"},
		"no name":      {"POST", "/api/v1/watchlists", "application/json", `{"parties":[]}`, "watchlist name: required"},
	} {
		res, body := do(t, h, c.method, c.path, strings.NewReader(c.body), append(bearer, "Content-Type", c.ctype)...)
		if res.StatusCode != 400 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want 400 and %q", name, res.StatusCode, body, c.want)
		}
	}
	if res, _ := do(t, h, "DELETE", "/api/v1/watchlists/customers", nil, bearer...); res.StatusCode != 204 {
		t.Errorf("delete: %d", res.StatusCode)
	}
	if res, _ := do(t, h, "GET", "/api/v1/watchlists/customers/hits", nil, bearer...); res.StatusCode != 404 {
		t.Errorf("hits of a deleted list: %d, want 404", res.StatusCode)
	}
}

// TestWatchlistPages: the pages show lists and hits only with the
// remembered token, which the token form sets for the whole site; the
// document page then marks the watched entity.
func TestWatchlistPages(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	if res, body := do(t, h, "PUT", "/api/v1/watchlists/suppliers", strings.NewReader(suppliersCSV), append(bearer, "Content-Type", "text/csv")...); res.StatusCode != 200 {
		t.Fatalf("import: %d %s", res.StatusCode, body)
	}
	res, body := do(t, h, "GET", "/watchlists", nil)
	if res.StatusCode != 200 || strings.Contains(body, "/watchlists/suppliers") || !strings.Contains(body, `name="token"`) {
		t.Errorf("/watchlists without the token: %d, lists shown or no token form:\n%s", res.StatusCode, body)
	}
	if res, _ := do(t, h, "GET", "/watchlists/suppliers", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("/watchlists/suppliers without the token: %d, want a redirect", res.StatusCode)
	}
	if _, body := do(t, h, "GET", "/documents/fr:2025-00636", nil); strings.Contains(body, "INSPUR GROUP CO LTD") || strings.Contains(body, "watched:") {
		t.Errorf("document page shows watched parties without the token")
	}
	form := url.Values{"token": {testToken}, "remember": {"1"}}
	res, _ = do(t, h, "POST", "/watchlists", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == tokenCookie {
			cookie = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || cookie == nil || cookie.Path != "/" || !cookie.HttpOnly {
		t.Fatalf("token form: %d, cookie %+v; want a redirect and an HttpOnly cookie for /", res.StatusCode, cookie)
	}
	withCookie := []string{"Cookie", tokenCookie + "=" + cookie.Value}
	if _, body := do(t, h, "GET", "/watchlists", nil, withCookie...); !strings.Contains(body, "/watchlists/suppliers") {
		t.Errorf("/watchlists with the token lacks the list:\n%s", body)
	}
	_, body = do(t, h, "GET", "/watchlists/suppliers", nil, withCookie...)
	for _, want := range []string{"INSPUR GROUP CO LTD", "SUP-0001", "Inspur Group Co., Ltd.", "/documents/fr:2025-00636", "Why:", "Nordlicht Halbleiter AG"} {
		if !strings.Contains(body, want) {
			t.Errorf("/watchlists/suppliers lacks %q", want)
		}
	}
	_, body = do(t, h, "GET", "/documents/fr:2025-00636", nil, withCookie...)
	if !strings.Contains(body, "watched: INSPUR GROUP CO LTD") || !strings.Contains(body, "Watched parties named here") {
		t.Errorf("document page with the token does not mark the watched entity:\n%s", body)
	}
	// Importing through the page form.
	form = url.Values{"name": {"more"}, "csv": {"name,aliases,country,reference\nSophgo Technologies,,CN,C-9\n"}}
	res, _ = do(t, h, "POST", "/watchlists", strings.NewReader(form.Encode()), append(withCookie, "Content-Type", "application/x-www-form-urlencoded")...)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/watchlists/more?msg=") {
		t.Errorf("import form: %d to %q", res.StatusCode, loc)
	}
	form.Set("csv", "nope\n")
	res, body = do(t, h, "POST", "/watchlists", strings.NewReader(form.Encode()), append(withCookie, "Content-Type", "application/x-www-form-urlencoded")...)
	if res.StatusCode != 400 || !strings.Contains(body, "line 1") {
		t.Errorf("bad CSV in the form: %d", res.StatusCode)
	}
}

// TestWatchlistSubscriptionThroughTheAPI: the API takes and shows a
// subscription's watchlist, and refuses other filters beside it.
func TestWatchlistSubscriptionThroughTheAPI(t *testing.T) {
	h := newArchive(t, Config{APIToken: testToken}).srv.Handler()
	res, body := do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(`{"name":"legal","channel":"feed","watchlist":"suppliers"}`), bearer...)
	if res.StatusCode != 201 || !strings.Contains(body, `"watchlist": "suppliers"`) {
		t.Errorf("create: %d %s", res.StatusCode, body)
	}
	res, body = do(t, h, "POST", "/api/v1/subscriptions", strings.NewReader(`{"name":"x","channel":"feed","watchlist":"suppliers","countries":["CN"]}`), bearer...)
	if res.StatusCode != 400 || !strings.Contains(body, "watchlist subscription") {
		t.Errorf("watchlist with a country: %d %s", res.StatusCode, body)
	}
}
