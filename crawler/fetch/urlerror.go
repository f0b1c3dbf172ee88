package fetch

import (
	"errors"
	"net/url"
)

// withoutURL drops the *url.Error layer of a transport error: it repeats
// the request URL ("Get \"https://…\": dial tcp: …") that the fetcher's own
// "GET <url>:" already names, so logs and /sources showed it twice. The
// cause stays reachable with errors.Is/As.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}
