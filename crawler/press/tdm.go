package press

import (
	"encoding/json"
	"fmt"
	"strings"
)

// tdmRule is one entry of /.well-known/tdmrep.json (W3C TDMRep Community
// Group report, "TDM Reservation Protocol").
type tdmRule struct {
	Location    string `json:"location"`
	Reservation int    `json:"tdm-reservation"`
	Policy      string `json:"tdm-policy,omitempty"`
}

// tdmRules is a site's tdmrep.json. The first rule whose location matches a
// path decides (files list specific locations before general ones).
type tdmRules []tdmRule

func parseTDMRep(b []byte) (tdmRules, error) {
	var rules tdmRules
	if err := json.Unmarshal(b, &rules); err != nil {
		return nil, fmt.Errorf("tdmrep.json: %w", err)
	}
	return rules, nil
}

// reserved reports whether TDM rights are reserved for path.
func (r tdmRules) reserved(path string) bool {
	for _, rule := range r {
		if matchLocation(rule.Location, path) {
			return rule.Reservation == 1
		}
	}
	return false
}

// matchLocation matches a TDMRep location pattern the way robots.txt paths
// match: a prefix match, "*" matching any run of characters, and a final
// "$" anchoring the end.
func matchLocation(pattern, path string) bool {
	if pattern == "" {
		return false
	}
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return !anchored || rest == ""
}
