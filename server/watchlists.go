package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/screening"
	"github.com/exportwatch/exportwatch/store"
	"github.com/exportwatch/exportwatch/watchlist"
)

// Watchlists is the watchlist side of the store with screening attached;
// screening.Watchlists implements it. Nil disables the watchlist API and
// pages (501). Everything under it needs the API token, reads too: a
// watchlist names a firm's clients.
type Watchlists interface {
	Watchlists(ctx context.Context) ([]store.Watchlist, error)
	Watchlist(ctx context.Context, name string) (store.Watchlist, []store.WatchedParty, error)
	DeleteWatchlist(ctx context.Context, name string) error
	WatchlistHits(ctx context.Context, name string) ([]store.StoredHit, error)
	DocumentHits(ctx context.Context, documentID string) ([]store.StoredHit, error)
	// Import replaces a list's parties and screens the archive for it.
	Import(ctx context.Context, name string, parties []watchlist.Party) (store.Watchlist, screening.ArchiveResult, error)
	// ScreenNow screens the archive for a list again.
	ScreenNow(ctx context.Context, name string) (screening.ArchiveResult, error)
}

var errNoWatchlists = fmt.Errorf("%w (watchlists)", errNotImplemented)

// watchlists returns the dependency or 501.
func (s *Server) watchlists() (Watchlists, error) {
	if s.deps.Watchlists == nil {
		return nil, errNoWatchlists
	}
	return s.deps.Watchlists, nil
}

func (s *Server) registerWatchlistRoutes() {
	s.handle("GET /api/v1/watchlists", s.apiWatchlists)
	s.handle("POST /api/v1/watchlists", s.apiImportWatchlist)
	s.handle("GET /api/v1/watchlists/{name}", s.apiWatchlist)
	s.handle("PUT /api/v1/watchlists/{name}", s.apiImportWatchlist)
	s.handle("DELETE /api/v1/watchlists/{name}", s.apiDeleteWatchlist)
	s.handle("GET /api/v1/watchlists/{name}/hits", s.apiWatchlistHits)
	s.handle("POST /api/v1/watchlists/{name}/screen", s.apiScreenWatchlist)
	s.handle("GET /watchlists", s.watchlistsPage)
	s.handle("POST /watchlists", s.watchlistsForm)
	s.handle("GET /watchlists/{name}", s.watchlistPage)
}

// screenBody is what screening the archive did, as the API shows it.
type screenBody struct {
	Documents int     `json:"documents"`
	Screened  int     `json:"screened"`
	Hits      int     `json:"hits"`
	New       int     `json:"new"`
	Seconds   float64 `json:"seconds"`
}

func screenBodyOf(r screening.ArchiveResult) screenBody {
	return screenBody{Documents: r.Documents, Screened: r.Screened, Hits: r.Hits, New: r.New, Seconds: r.Took.Seconds()}
}

func (s *Server) apiWatchlists(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	lists, err := wls.Watchlists(r.Context())
	if err != nil {
		return fmt.Errorf("server: watchlists: %w", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"watchlists": nonNil(lists)})
	return nil
}

func (s *Server) apiWatchlist(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	wl, parties, err := wls.Watchlist(r.Context(), name)
	if err != nil {
		return fmt.Errorf("server: watchlist %s: %w", name, err)
	}
	writeJSON(w, http.StatusOK, struct {
		store.Watchlist
		PartyList []store.WatchedParty `json:"party_list"`
	}{wl, nonNil(parties)})
	return nil
}

// importRequest is the JSON body of an import: the parties, and for POST
// /api/v1/watchlists the list's name.
type importRequest struct {
	Name    string            `json:"name"`
	Parties []watchlist.Party `json:"parties"`
}

// apiImportWatchlist replaces a list (PUT /api/v1/watchlists/{name}, or
// POST /api/v1/watchlists with the name in the JSON body or ?name=) from
// CSV (Content-Type text/csv) or JSON ({"parties": [...]}) and screens the
// archive for it.
func (s *Server) apiImportWatchlist(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	if name == "" {
		name = r.URL.Query().Get("name")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		return fmt.Errorf("server: import watchlist: %w", err)
	}
	var parties []watchlist.Party
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "text/csv" {
		if parties, err = watchlist.ParseCSV(bytes.NewReader(body)); err != nil {
			return fmt.Errorf("%w: %v", errBadRequest, err)
		}
	} else {
		var req importRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return fmt.Errorf("%w: body must be CSV (Content-Type: text/csv) or JSON {\"parties\": [...]}: %v", errBadRequest, err)
		}
		if name == "" {
			name = req.Name
		}
		if parties, err = checkParties(req.Parties); err != nil {
			return err
		}
	}
	if err := doc.ValidWatchlistName(name); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	wl, res, err := wls.Import(r.Context(), name, parties)
	if err != nil {
		return fmt.Errorf("server: import watchlist %s: %w", name, err)
	}
	s.log.InfoContext(r.Context(), "watchlist imported", "watchlist", name, "parties", len(parties), "new_hits", res.New)
	w.Header().Set("Location", "/api/v1/watchlists/"+url.PathEscape(name))
	writeJSON(w, http.StatusOK, map[string]any{"watchlist": wl, "imported": len(parties), "screen": screenBodyOf(res)})
	return nil
}

// checkParties applies the CSV import's rules to parties given as JSON.
func checkParties(in []watchlist.Party) ([]watchlist.Party, error) {
	out := make([]watchlist.Party, 0, len(in))
	for i, p := range in {
		p.Name = strings.TrimSpace(p.Name)
		if p.Name == "" || watchlist.Normalize(p.Name) == "" {
			return nil, fmt.Errorf("%w: parties[%d]: name %q has no words", errBadRequest, i, p.Name)
		}
		if p.Country != "" {
			cc, err := watchlist.CountryCode(p.Country)
			if err != nil {
				return nil, fmt.Errorf("%w: parties[%d]: %v", errBadRequest, i, err)
			}
			p.Country = cc
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Server) apiDeleteWatchlist(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	if err := wls.DeleteWatchlist(r.Context(), name); err != nil {
		return fmt.Errorf("server: delete watchlist %s: %w", name, err)
	}
	s.log.InfoContext(r.Context(), "watchlist deleted", "watchlist", name)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWatchlistHits(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	hits, err := wls.WatchlistHits(r.Context(), name)
	if err != nil {
		return fmt.Errorf("server: watchlist %s hits: %w", name, err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"hits": nonNil(hits)})
	return nil
}

func (s *Server) apiScreenWatchlist(w http.ResponseWriter, r *http.Request) error {
	wls, err := s.authorizedWatchlists(r)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	res, err := wls.ScreenNow(r.Context(), name)
	if err != nil {
		return fmt.Errorf("server: screen watchlist %s: %w", name, err)
	}
	writeJSON(w, http.StatusOK, screenBodyOf(res))
	return nil
}

// authorizedWatchlists checks the bearer token, then the dependency.
func (s *Server) authorizedWatchlists(r *http.Request) (Watchlists, error) {
	if err := s.authorizeBearer(r); err != nil {
		return nil, err
	}
	return s.watchlists()
}

// ---- pages ----

// cookieAuthorized reports whether the request carries the remembered
// API token (the pages' way of holding it).
func (s *Server) cookieAuthorized(r *http.Request) bool {
	c, err := r.Cookie(tokenCookie)
	return err == nil && c.Value != "" && s.checkToken(c.Value) == nil
}

type watchlistsPageData struct {
	pageBase
	TokenConfigured, Authorized bool
	Lists                       []store.Watchlist
	Error, Message              string
	Name, CSV                   string
}

func (s *Server) watchlistsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderWatchlists(w, r, http.StatusOK, watchlistsPageData{Message: r.URL.Query().Get("msg")})
}

func (s *Server) renderWatchlists(w http.ResponseWriter, r *http.Request, code int, data watchlistsPageData) error {
	data.pageBase = pageBase{Title: "Watchlists", Nav: "watchlists"}
	data.TokenConfigured = s.cfg.APIToken != ""
	data.Authorized = s.cookieAuthorized(r)
	if data.Authorized && s.deps.Watchlists != nil {
		lists, err := s.deps.Watchlists.Watchlists(r.Context())
		if err != nil {
			return fmt.Errorf("server: watchlists: %w", err)
		}
		data.Lists = lists
	}
	s.renderPage(w, r, code, "watchlists", data)
	return nil
}

// watchlistsForm takes the API token (and remembers it) and, with a name
// and CSV text, imports a list.
func (s *Server) watchlistsForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	data := watchlistsPageData{Name: strings.TrimSpace(r.PostForm.Get("name")), CSV: r.PostForm.Get("csv")}
	fail := func(err error) error {
		code := statusOf(err)
		if code >= 500 && code != http.StatusNotImplemented {
			return err
		}
		data.Error = publicMessage(err, code)
		return s.renderWatchlists(w, r, code, data)
	}
	if err := s.authorizeForm(w, r); err != nil {
		return fail(err)
	}
	if data.Name == "" && strings.TrimSpace(data.CSV) == "" {
		http.Redirect(w, r, "/watchlists", http.StatusSeeOther)
		return nil
	}
	wls, err := s.watchlists()
	if err != nil {
		return fail(err)
	}
	if err := doc.ValidWatchlistName(data.Name); err != nil {
		return fail(fmt.Errorf("%w: %v", errBadRequest, err))
	}
	parties, err := watchlist.ParseCSV(strings.NewReader(data.CSV))
	if err != nil {
		return fail(fmt.Errorf("%w: %v", errBadRequest, err))
	}
	if _, res, err := wls.Import(r.Context(), data.Name, parties); err != nil {
		return fail(fmt.Errorf("server: import watchlist %s: %w", data.Name, err))
	} else {
		msg := fmt.Sprintf("Imported %d parties; screening the archive found %d hits (%d new).", len(parties), res.Hits, res.New)
		http.Redirect(w, r, "/watchlists/"+url.PathEscape(data.Name)+"?msg="+url.QueryEscape(msg), http.StatusSeeOther)
	}
	return nil
}

type watchlistPageData struct {
	pageBase
	List    store.Watchlist
	Parties []store.WatchedParty
	Hits    []store.StoredHit
	Message string
}

func (s *Server) watchlistPage(w http.ResponseWriter, r *http.Request) error {
	if !s.cookieAuthorized(r) {
		http.Redirect(w, r, "/watchlists", http.StatusSeeOther)
		return nil
	}
	wls, err := s.watchlists()
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	wl, parties, err := wls.Watchlist(r.Context(), name)
	if err != nil {
		return fmt.Errorf("server: watchlist %s: %w", name, err)
	}
	hits, err := wls.WatchlistHits(r.Context(), name)
	if err != nil {
		return fmt.Errorf("server: watchlist %s hits: %w", name, err)
	}
	s.renderPage(w, r, http.StatusOK, "watchlist", watchlistPageData{
		pageBase: pageBase{Title: "Watchlist " + name, Nav: "watchlists"},
		List:     wl, Parties: parties, Hits: hits, Message: r.URL.Query().Get("msg"),
	})
	return nil
}

// documentHits returns the hits of every watchlist in a document for a
// request that holds the API token (cookie), else nil: the document page
// marks watched entities only for token holders.
func (s *Server) documentHits(r *http.Request, id string) []store.StoredHit {
	if s.deps.Watchlists == nil || !s.cookieAuthorized(r) {
		return nil
	}
	hits, err := s.deps.Watchlists.DocumentHits(r.Context(), id)
	if err != nil {
		s.log.WarnContext(r.Context(), "document hits", "document_id", id, "err", err)
		return nil
	}
	return hits
}
