package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// Sentinel errors of the server itself; wrap them with the reason.
var (
	errBadRequest     = errors.New("bad request")
	errUnauthorized   = errors.New("missing or wrong API token")
	errWritesDisabled = errors.New("writes are disabled: no API token is configured (set api.token)")
	errNotImplemented = errors.New("not available: notifications are not configured")
)

// statusOf is the one place that maps errors to HTTP status codes.
func statusOf(err error) int {
	var maxBytes *http.MaxBytesError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case index.IsOverBudget(err), errors.Is(err, index.ErrBadQuery), errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, errSearchBusy), errors.Is(err, errSearchTimeout), errors.Is(err, index.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.As(err, &maxBytes):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errWritesDisabled):
		return http.StatusForbidden
	case errors.Is(err, errNotImplemented):
		return http.StatusNotImplemented
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// publicMessage is what a client may see of err: the reason for 4xx, a
// generic text for 5xx (the details go to the log).
func publicMessage(err error, code int) string {
	switch code {
	case http.StatusNotFound:
		return "not found"
	case http.StatusRequestEntityTooLarge:
		return "request body too large"
	case http.StatusBadRequest:
		var be *index.BudgetError
		if errors.As(err, &be) {
			return be.Error() // the reason, without the wrapping
		}
		msg := err.Error()
		// "bad request: reason" reads better without the sentinel prefix.
		msg = strings.TrimPrefix(msg, errBadRequest.Error()+": ")
		return msg
	}
	// The search budget's refusals say what to do.
	for _, e := range []error{errSearchBusy, errSearchTimeout} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	if errors.Is(err, index.ErrUnavailable) {
		return "the search index is unavailable; try again shortly"
	}
	if code >= 500 && code != http.StatusNotImplemented {
		return http.StatusText(code)
	}
	// The sentinel's own text, not the wrapping.
	for _, e := range []error{errUnauthorized, errWritesDisabled, errNotImplemented} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return http.StatusText(code)
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := statusOf(err)
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "http request failed", "method", r.Method, "path", r.URL.Path, "status", code, "err", err)
	} else {
		s.log.DebugContext(r.Context(), "http request refused", "method", r.Method, "path", r.URL.Path, "status", code, "err", err)
	}
	msg := publicMessage(err, code)
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="exportwatch"`)
	}
	if errors.Is(err, errSearchBusy) || errors.Is(err, index.ErrUnavailable) {
		s.retryAfter(w)
	}
	if isAPI(r) {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	s.renderPage(w, r, code, "error", errorPage{pageBase: pageBase{Title: http.StatusText(code)}, Code: code, Message: msg})
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/feeds/")
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
