package notify

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrPrivateTarget is the dial error for a subscriber's URL that resolves
// to an address of this host or its private network.
var ErrPrivateTarget = errors.New("target address is loopback, private, link-local or unspecified")

// sharedAddressSpace is RFC 6598's carrier-grade NAT range, private in
// practice though netip does not call it so.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// privateAddr reports whether a dial to ip would reach this host or a
// private network: loopback, RFC 1918 / RFC 4193 private, link-local,
// unspecified ("this network", 0.0.0.0/8), multicast and shared address
// space, IPv4-mapped IPv6 forms included.
func privateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() ||
		(ip.Is4() && ip.As4()[0] == 0) || sharedAddressSpace.Contains(ip)
}

// refusePrivate is a net.Dialer Control function: it runs after DNS, for
// every address the dialer tries, so neither a name that resolves to
// 127.0.0.1 nor a rebinding DNS server gets a connection to a private
// address.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateTarget, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || privateAddr(ip) {
		return fmt.Errorf("%w: %s", ErrPrivateTarget, host)
	}
	return nil
}

// TargetClient returns the HTTP client for URLs that subscribers choose
// (webhooks, Slack incoming webhooks): it never follows a redirect (a 3xx
// is the answer; following it would re-send the signed body elsewhere), it
// uses no proxy from the environment (which would bypass the check), and
// unless allowPrivate it refuses to connect to loopback, private,
// link-local and unspecified addresses (issue 15.4). A URL with
// user:password, which would go out as Basic auth, is refused too (stored
// before validation rejected it).
func TargetClient(timeout time.Duration, allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = refusePrivate
	}
	tr := &http.Transport{
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     noUserinfo{tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// TargetRefused reports whether err is TargetClient refusing the URL: a
// final failure, as retrying cannot change the answer.
func TargetRefused(err error) bool {
	return errors.Is(err, ErrPrivateTarget) || errors.Is(err, ErrUserinfo)
}

// ErrUserinfo refuses a target URL with user:password.
var ErrUserinfo = errors.New("target URL has user:password")

// noUserinfo refuses requests whose URL carries user:password.
type noUserinfo struct{ next http.RoundTripper }

func (t noUserinfo) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.User != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, ErrUserinfo
	}
	return t.next.RoundTrip(req)
}
