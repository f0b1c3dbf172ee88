package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

type openAPIDocument struct {
	OpenAPI string                                 `json:"openapi"`
	Paths   map[string]map[string]openAPIOperation `json:"paths"`
}

type openAPIOperation struct {
	OperationID string `json:"operationId"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Security  []map[string][]string `json:"security"`
	Responses map[string]any        `json:"responses"`
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// TestOpenAPIMatchesHandlers walks every path and method of the embedded
// OpenAPI document against the handlers (none may 404 for want of a route
// or 405) and checks every registered API, feed and operations route is
// documented.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()

	res, body := do(t, h, "GET", "/api/v1/openapi.json", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var spec openAPIDocument
	if err := json.Unmarshal([]byte(body), &spec); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", spec.OpenAPI)
	}

	values := map[string]string{
		"id":   "", // per path below
		"cc":   "CN",
		"file": "CN.atom",
		"name": "suppliers", // newArchive's watchlist
	}
	documented := map[string]bool{}
	var paths []string
	for p := range spec.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// Paths with a DELETE last, and DELETE last within them, so the other
	// subscription calls (its calendar feed too) still find the subscription.
	sort.SliceStable(paths, func(i, j int) bool {
		_, di := spec.Paths[paths[i]]["delete"]
		_, dj := spec.Paths[paths[j]]["delete"]
		return !di && dj
	})
	for _, p := range paths {
		methods := spec.Paths[p]
		var ms []string
		for m := range methods {
			ms = append(ms, strings.ToUpper(m))
		}
		sort.Slice(ms, func(i, j int) bool { return ms[j] == "DELETE" && ms[i] != "DELETE" })
		for _, m := range ms {
			op := methods[strings.ToLower(m)]
			documented[m+" "+p] = true
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s %s: operationId and responses are required", m, p)
			}
			target := pathParam.ReplaceAllStringFunc(p, func(s string) string {
				name := s[1 : len(s)-1]
				if name == "id" {
					if strings.Contains(p, "subscriptions") {
						return fmt.Sprint(a.sub.ID)
					}
					return "fr:2025-00636"
				}
				if name == "file" && strings.Contains(p, "/labels/") {
					return "tier_change.atom"
				}
				if name == "file" && strings.Contains(p, "/subscriptions/") {
					return a.sub.FeedToken.Reveal() + ".ics"
				}
				if name == "name" && m == "DELETE" {
					return "scratch" // the calls under /api/v1/watchlists/suppliers/ come later
				}
				return values[name]
			})
			query := ""
			for _, prm := range op.Parameters {
				if prm.In == "query" && prm.Required && prm.Name == "since" {
					query = "?since=2025-01-01"
				}
			}
			var hdr []string
			if len(op.Security) > 0 {
				hdr = []string{"Authorization", "Bearer " + testToken}
			}
			var reqBody *strings.Reader
			if m == "POST" && strings.HasSuffix(p, "/subscriptions") {
				reqBody = strings.NewReader(`{"name":"OpenAPI walk","channel":"feed"}`)
			} else {
				reqBody = strings.NewReader("")
			}
			res, body := do(t, h, m, target+query, reqBody, hdr...)
			if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s %s (%s): status %d: %.300s", m, p, target, res.StatusCode, body)
			}
			if _, ok := op.Responses[fmt.Sprint(res.StatusCode)]; !ok {
				t.Errorf("%s %s: status %d is not among the documented responses", m, p, res.StatusCode)
			}
		}
	}

	for _, route := range a.srv.routes {
		method, path, _ := strings.Cut(route, " ")
		if !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/feeds/") && !slices.Contains([]string{"/healthz", "/readyz", "/metrics"}, path) {
			continue // HTML pages and static assets
		}
		if !documented[method+" "+path] {
			t.Errorf("route %q is not in openapi.json", route)
		}
	}
	if !documented["GET /metrics"] {
		t.Error("GET /metrics is not documented")
	}
}
