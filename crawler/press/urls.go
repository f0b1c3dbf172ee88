package press

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// isTracking reports whether a query parameter only tracks the reader.
func isTracking(key string) bool {
	k := strings.ToLower(key)
	switch k {
	case "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "_ga", "_gl", "mkt_tok":
		return true
	}
	return strings.HasPrefix(k, "utm_") || strings.HasPrefix(k, "mc_")
}

// CanonicalURL resolves ref against base (nil for an absolute ref) and
// normalises it for de-duplication: scheme and host lower case, default port
// and fragment dropped, tracking parameters (utm_*, mc_*, fbclid, gclid, …)
// removed, remaining parameters sorted. Only http(s) URLs are accepted.
func CanonicalURL(ref string, base *url.URL) (string, error) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("press: url %q: %w", ref, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("press: url %q: not an absolute http(s) URL", ref)
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p) // keeps an IPv6 literal's brackets
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if isTracking(k) {
				delete(q, k)
			}
		}
		u.RawQuery = q.Encode() // sorted by key
	}
	u.ForceQuery = false
	return u.String(), nil
}

// DocumentID is the ID of a press document: "<source>:<hex sha1 of the
// canonical URL>" (DESIGN.md, Identifiers).
func DocumentID(source, canonicalURL string) string {
	sum := sha1.Sum([]byte(canonicalURL))
	return source + ":" + hex.EncodeToString(sum[:])
}
