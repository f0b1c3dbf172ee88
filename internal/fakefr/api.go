package fakefr

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Limits of the real API (federal-register-api.md §1.2–1.3).
const (
	MaxCount      = 10000 // count is clamped here and no result beyond it is served
	MaxTotalPages = 50
	MaxPerPage    = 2000
	DefaultPage   = 20
)

var (
	reSearch   = regexp.MustCompile(`^/api/v1/documents(\.json)?$`)
	reDocs     = regexp.MustCompile(`^/api/v1/documents/([^/]+)\.json$`)
	rePICur    = regexp.MustCompile(`^/api/v1/public-inspection-documents/current\.json$`)
	rePISearch = regexp.MustCompile(`^/api/v1/public-inspection-documents(\.json)?$`)
	rePIDocs   = regexp.MustCompile(`^/api/v1/public-inspection-documents/([^/]+)\.json$`)
	reAgencies = regexp.MustCompile(`^/api/v1/agencies(\.json)?$`)
	reAgency   = regexp.MustCompile(`^/api/v1/agencies/([^/]+?)(\.json)?$`)
	reFullText = regexp.MustCompile(`^/documents/full_text/(xml|text|html)/(\d{4})/(\d{2})/(\d{2})/([^/]+)\.(xml|txt|html)$`)
	rePIText   = regexp.MustCompile(`^/public-inspection/raw_text/(\d{3})/(\d{3})/(\d{3})\.txt$`)
	reHTMLPage = regexp.MustCompile(`^/documents/(\d{4})/(\d{2})/(\d{2})/([^/]+)(/[^/]*)?$`)
	reCondKey  = regexp.MustCompile(`^conditions\[([a-z_]+)\]`)
)

// searchFields are the api_fields of EntryApiConfiguration plus the three
// the 2026 API also accepts (§1.2).
func searchFields() []string {
	return []string{"abstract", "action", "agencies", "agency_names", "amendatory_instructions", "body_html_url", "cfr_references", "cfr_topics", "citation", "comment_url", "comments_close_on", "correction_of", "corrections", "dates", "disposition_notes", "docket_id", "docket_ids", "dockets", "document_number", "effective_on", "end_page", "excerpts", "executive_order_notes", "executive_order_number", "explanation", "full_text_xml_url", "html_url", "images", "images_metadata", "json_url", "mods_url", "not_received_for_publication", "page_length", "page_views", "pdf_url", "president", "presidential_document_number", "proclamation_number", "public_inspection_pdf_url", "publication_date", "raw_text_url", "regulation_id_number_info", "regulation_id_numbers", "regulations_dot_gov_info", "regulations_dot_gov_url", "related_documents", "significant", "signing_date", "start_page", "subtype", "title", "toc_doc", "toc_subject", "topics", "type", "volume"}
}

// defaultSearchFields is what documents.json returns without fields[] (REC-REAL).
func defaultSearchFields() []string {
	return []string{"title", "type", "abstract", "document_number", "html_url", "pdf_url", "public_inspection_pdf_url", "publication_date", "agencies", "excerpts"}
}

// defaultSingleFields: all api_fields except excerpts, agency_names,
// docket_id and president (§1.2).
func defaultSingleFields() []string {
	var out []string
	for _, f := range searchFields() {
		switch f {
		case "excerpts", "agency_names", "docket_id", "president", "amendatory_instructions", "cfr_topics", "related_documents", "explanation":
			continue
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeJSONError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if p == "/robots.txt" {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, s.robots)
		return
	}
	if reSearch.MatchString(p) {
		if strings.HasSuffix(p, ".json") || r.URL.Query().Get("format") == "json" {
			s.search(w, r)
			return
		}
	}
	if m := rePICur.FindStringSubmatch(p); m != nil {
		s.publicInspectionIssue(w, "")
		return
	}
	if m := rePISearch.FindStringSubmatch(p); m != nil {
		s.publicInspectionIssue(w, r.URL.Query().Get("conditions[available_on]"))
		return
	}
	if m := rePIDocs.FindStringSubmatch(p); m != nil {
		s.publicInspectionDocs(w, m[1])
		return
	}
	if m := reDocs.FindStringSubmatch(p); m != nil {
		s.documents(w, r, m[1])
		return
	}
	if reAgencies.MatchString(p) {
		s.agencyList(w)
		return
	}
	if m := reAgency.FindStringSubmatch(p); m != nil {
		s.agency(w, m[1])
		return
	}
	if m := reFullText.FindStringSubmatch(p); m != nil {
		s.fullText(w, r, m)
		return
	}
	if m := rePIText.FindStringSubmatch(p); m != nil {
		s.piText(w, m[1]+m[2]+m[3])
		return
	}
	if m := reHTMLPage.FindStringSubmatch(p); m != nil {
		s.htmlPage(w, m[4])
		return
	}
	if strings.HasPrefix(p, "/api/") {
		writeJSONError(w, http.StatusNotFound, "Record Not Found")
		return
	}
	notFoundHTML(w)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// writeJSONError writes the API's {"status":N,"message":"..."} body (§1.5).
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	// The real body puts status first; encoding/json would sort it last.
	writeJSON(w, status, []byte(fmt.Sprintf(`{"status":%d,"message":%s}`, status, mustJSON(msg))))
}

// mustJSON encodes v without HTML escaping (the API writes "&" literally).
func mustJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func notFoundHTML(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Federal Register :: Page Not Found</title></head><body><h1>Page Not Found</h1></body></html>\n")
}

// searchQuery is a parsed documents.json request.
type searchQuery struct {
	agencies []string
	gte, lte string
	is, year string
	term     string
	types    []string
	order    string
	perPage  int
	page     int
	cursor   *cursorKey
	fields   []string
}

type cursorKey struct {
	epochMS float64
	number  string
}

func (s *Server) parseSearch(q url.Values) (searchQuery, []byte, int) {
	sq := searchQuery{order: q.Get("order"), term: q.Get("conditions[term]")}
	for k := range q {
		m := reCondKey.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		switch m[1] {
		case "agencies", "publication_date", "term", "type":
		default:
			return sq, []byte(fmt.Sprintf(`{"errors":{%s:"is not a valid field"}}`, mustJSON(m[1]))), http.StatusBadRequest
		}
	}
	sq.agencies = q["conditions[agencies][]"]
	for _, a := range sq.agencies {
		if _, ok := s.agencies[a]; !ok {
			return sq, []byte(`{"errors":{"agencies":"invalid value"}}`), http.StatusBadRequest
		}
	}
	sq.gte = q.Get("conditions[publication_date][gte]")
	sq.lte = q.Get("conditions[publication_date][lte]")
	sq.is = q.Get("conditions[publication_date][is]")
	sq.year = q.Get("conditions[publication_date][year]")
	for _, d := range []string{sq.gte, sq.lte, sq.is} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return sq, []byte(`{"errors":{"publication_date":"invalid value"}}`), http.StatusBadRequest
		}
	}
	typeNames := map[string]string{"RULE": "Rule", "PRORULE": "Proposed Rule", "NOTICE": "Notice", "PRESDOCU": "Presidential Document"}
	for _, t := range q["conditions[type][]"] {
		n, ok := typeNames[t]
		if !ok {
			return sq, []byte(`{"errors":{"type":"invalid value"}}`), http.StatusBadRequest
		}
		sq.types = append(sq.types, n)
	}
	// per_page: 2..2000 honoured, anything else silently 20 [SRC].
	sq.perPage = DefaultPage
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 1 && n <= MaxPerPage {
		sq.perPage = n
	}
	// page: below 1 or above 50 silently 1; page*per_page > 10000 resets to 1 [SRC].
	sq.page = 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n >= 1 && n <= MaxTotalPages && n*sq.perPage <= MaxCount {
		sq.page = n
	}
	if c := q.Get("search_after_cursor"); c != "" {
		k, ok := decodeCursor(c)
		if !ok {
			return sq, []byte(`{"status":400,"message":"Invalid search_after_cursor token"}`), http.StatusBadRequest
		}
		sq.cursor = &k
	}
	sq.fields = q["fields[]"]
	valid := map[string]bool{}
	for _, f := range searchFields() {
		valid[f] = true
	}
	for _, f := range sq.fields {
		if !valid[f] {
			return sq, []byte(fmt.Sprintf(`{"status":400,"message":%s}`, mustJSON("field '"+f+"' not valid"))), http.StatusBadRequest
		}
	}
	if len(sq.fields) == 0 {
		sq.fields = defaultSearchFields()
	}
	return sq, nil, 0
}

func decodeCursor(c string) (cursorKey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(c, "="))
	if err != nil {
		return cursorKey{}, false
	}
	var arr []any
	if err := json.Unmarshal(b, &arr); err != nil || len(arr) != 2 {
		return cursorKey{}, false
	}
	ms, ok1 := arr[0].(float64)
	num, ok2 := arr[1].(string)
	if !ok1 || !ok2 {
		return cursorKey{}, false
	}
	return cursorKey{epochMS: ms, number: num}, true
}

func encodeCursor(d Document) string {
	t, _ := time.Parse(time.DateOnly, d.PublicationDate)
	b, _ := json.Marshal([]any{t.UnixMilli(), d.DocumentNumber})
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) matches(sq searchQuery, d Document) bool {
	if len(sq.agencies) > 0 {
		ok := false
		for _, want := range sq.agencies {
			for _, slug := range d.Agencies {
				a := s.agencies[slug]
				if slug == want || (a.ParentID != 0 && s.agencies[want].ID == a.ParentID) {
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	if sq.gte != "" && d.PublicationDate < sq.gte {
		return false
	}
	if sq.lte != "" && d.PublicationDate > sq.lte {
		return false
	}
	if sq.is != "" && d.PublicationDate != sq.is {
		return false
	}
	if sq.year != "" && !strings.HasPrefix(d.PublicationDate, sq.year+"-") {
		return false
	}
	if len(sq.types) > 0 {
		ok := false
		for _, t := range sq.types {
			ok = ok || d.Type == t
		}
		if !ok {
			return false
		}
	}
	if sq.term != "" {
		hay := strings.ToLower(d.Title + " " + d.Abstract + " " + d.FullTextXML + " " + d.RawText)
		for _, w := range strings.Fields(strings.ToLower(sq.term)) {
			if !strings.Contains(hay, strings.Trim(w, `"`)) {
				return false
			}
		}
	}
	return true
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sq, errBody, status := s.parseSearch(q)
	if errBody != nil {
		writeJSON(w, status, errBody)
		return
	}
	s.mu.Lock()
	var hits []Document
	for _, d := range s.corpus.Documents {
		if s.matches(sq, d) {
			hits = append(hits, d)
		}
	}
	s.mu.Unlock()

	newest := sq.order == "newest" || (sq.order != "oldest" && sq.term == "")
	sort.SliceStable(hits, func(i, j int) bool {
		if newest {
			return lessOldest(hits[j], hits[i])
		}
		return lessOldest(hits[i], hits[j])
	})
	if len(hits) > MaxCount {
		hits = hits[:MaxCount] // nothing beyond the cap is ever served
	}
	count := len(hits)
	desc := s.description(sq)
	if count == 0 {
		writeJSON(w, http.StatusOK, []byte(fmt.Sprintf(`{"description":%s,"count":0}`, mustJSON(desc))))
		return
	}
	totalPages := (count + sq.perPage - 1) / sq.perPage
	if totalPages > MaxTotalPages {
		totalPages = MaxTotalPages
	}
	start := (sq.page - 1) * sq.perPage
	if sq.cursor != nil {
		start = len(hits)
		for i, d := range hits {
			t, _ := time.Parse(time.DateOnly, d.PublicationDate)
			k := cursorKey{float64(t.UnixMilli()), d.DocumentNumber}
			after := k.epochMS > sq.cursor.epochMS || (k.epochMS == sq.cursor.epochMS && k.number > sq.cursor.number)
			if newest {
				after = k.epochMS < sq.cursor.epochMS || (k.epochMS == sq.cursor.epochMS && k.number < sq.cursor.number)
			}
			if after {
				start = i
				break
			}
		}
	}
	var page []Document
	if sq.page <= totalPages && start < len(hits) {
		end := min(start+sq.perPage, len(hits))
		page = hits[start:end]
	}
	cursorLinks := !s.pageLinks && sq.term == "" && (sq.order == "oldest" || sq.order == "newest")

	var b strings.Builder
	fmt.Fprintf(&b, `{"description":%s,"count":%d,"total_pages":%d`, mustJSON(desc), count, totalPages)
	if sq.page < totalPages && len(page) > 0 && start+len(page) < len(hits) {
		next := linkParams(q, sq.page+1)
		if cursorLinks {
			next.Set("search_after_cursor", encodeCursor(page[len(page)-1]))
		}
		fmt.Fprintf(&b, `,"next_page_url":%s`, mustJSON(RealHost+"/api/v1/documents?"+next.Encode()))
	}
	if sq.page > 1 {
		prev := linkParams(q, sq.page-1)
		fmt.Fprintf(&b, `,"previous_page_url":%s`, mustJSON(RealHost+"/api/v1/documents?"+prev.Encode()))
	}
	b.WriteString(`,"results":[`)
	for i, d := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.renderRow(d, sq.fields))
	}
	b.WriteString("]}")
	writeJSON(w, http.StatusOK, []byte(b.String()))
}

// linkParams copies the request's parameters for a next/previous link:
// alphabetised (url.Values.Encode sorts keys), fields[] repeated,
// format=json added, the old cursor dropped.
func linkParams(q url.Values, page int) url.Values {
	out := url.Values{}
	for k, v := range q {
		if k == "search_after_cursor" || k == "page" {
			continue
		}
		out[k] = append([]string(nil), v...)
	}
	out.Set("format", "json")
	out.Set("page", strconv.Itoa(page))
	return out
}

func (s *Server) description(sq searchQuery) string {
	var parts []string
	if sq.term != "" {
		parts = append(parts, fmt.Sprintf("matching '%s'", sq.term))
	}
	us := func(d string) string {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return d
		}
		return t.Format("01/02/2006")
	}
	switch {
	case sq.is != "":
		parts = append(parts, "published on "+us(sq.is))
	case sq.gte != "" && sq.lte != "":
		parts = append(parts, fmt.Sprintf("published from %s to %s", us(sq.gte), us(sq.lte)))
	case sq.gte != "":
		parts = append(parts, "published on or after "+us(sq.gte))
	case sq.lte != "":
		parts = append(parts, "published on or before "+us(sq.lte))
	}
	if len(sq.agencies) > 0 {
		var names []string
		for _, a := range sq.agencies {
			names = append(names, s.agencies[a].Name)
		}
		parts = append(parts, "from "+strings.Join(names, " or "))
	}
	if len(sq.types) > 0 {
		parts = append(parts, "of type "+strings.Join(sq.types, " or "))
	}
	if len(parts) == 0 {
		return "All Documents"
	}
	if len(parts) > 1 {
		parts[len(parts)-1] = "and " + parts[len(parts)-1]
	}
	sep := " "
	if len(parts) > 2 {
		sep = ", "
	}
	return "Documents " + strings.Join(parts, sep)
}

// documents serves /documents/{n}.json and /documents/{n1},{n2}.json.
func (s *Server) documents(w http.ResponseWriter, r *http.Request, list string) {
	q := r.URL.Query()
	fields := q["fields[]"]
	valid := map[string]bool{}
	for _, f := range searchFields() {
		valid[f] = true
	}
	for _, f := range fields {
		if !valid[f] {
			writeJSON(w, http.StatusBadRequest, []byte(fmt.Sprintf(`{"status":400,"message":%s}`, mustJSON("field '"+f+"' not valid"))))
			return
		}
	}
	if len(fields) == 0 {
		fields = defaultSingleFields()
	}
	norm := strings.NewReplacer("\u2013", "-", "\u2014", "-")
	nums := strings.Split(norm.Replace(list), ",")
	s.mu.Lock()
	find := func(n string) (Document, bool) {
		for _, d := range s.corpus.Documents {
			if d.DocumentNumber == n {
				return d, true
			}
		}
		return Document{}, false
	}
	if len(nums) == 1 {
		d, ok := find(nums[0])
		s.mu.Unlock()
		if !ok {
			writeJSONError(w, http.StatusNotFound, "Record Not Found")
			return
		}
		writeJSON(w, http.StatusOK, s.renderRow(d, fields))
		return
	}
	var found []Document
	var missing []string
	seen := map[string]bool{}
	for _, n := range nums {
		if seen[n] {
			continue
		}
		seen[n] = true
		if d, ok := find(n); ok {
			found = append(found, d)
		} else {
			missing = append(missing, n)
		}
	}
	s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `{"count":%d,"results":[`, len(found))
	for i, d := range found {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.renderRow(d, fields))
	}
	b.WriteString("]")
	if len(missing) > 0 {
		fmt.Fprintf(&b, `,"errors":{"not_found":%s}`, mustJSON(missing))
	}
	b.WriteString("}")
	writeJSON(w, http.StatusOK, []byte(b.String()))
}

// currentIssueLocked is the latest public-inspection issue date; s.mu is held.
func (s *Server) currentIssueLocked() string {
	cur := ""
	for _, p := range s.corpus.PublicInspection {
		if p.AvailableOn > cur {
			cur = p.AvailableOn
		}
	}
	return cur
}

// publicInspectionIssue serves current.json (issue "") and
// public-inspection-documents.json?conditions[available_on]=D.
func (s *Server) publicInspectionIssue(w http.ResponseWriter, issue string) {
	s.mu.Lock()
	if issue == "" {
		issue = s.currentIssueLocked()
	}
	var docs []PublicInspectionDocument
	for _, p := range s.corpus.PublicInspection {
		if p.AvailableOn == issue {
			docs = append(docs, p)
		}
	}
	s.mu.Unlock()
	if len(docs) == 0 {
		writeJSON(w, http.StatusOK, []byte(`{"count":0,"results":[]}`))
		return
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].FiledAt.Before(docs[j].FiledAt) })
	var b strings.Builder
	fmt.Fprintf(&b, `{"count":%d,"results":[`, len(docs))
	var special, regular time.Time
	for i, p := range docs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.renderPI(p))
		if p.FilingType == "special" && p.FiledAt.After(special) {
			special = p.FiledAt
		}
		if p.FilingType != "special" && p.FiledAt.After(regular) {
			regular = p.FiledAt
		}
	}
	b.WriteString("]")
	et := time.FixedZone("EDT", -4*3600)
	for _, x := range []struct {
		k string
		t time.Time
	}{{"special_filings_updated_at", special}, {"regular_filings_updated_at", regular}} {
		if x.t.IsZero() {
			fmt.Fprintf(&b, `,%q:null`, x.k)
		} else {
			fmt.Fprintf(&b, `,%q:%q`, x.k, x.t.In(et).Format("2006-01-02T15:04:05.000-07:00"))
		}
	}
	b.WriteString("}")
	writeJSON(w, http.StatusOK, []byte(b.String()))
}

func (s *Server) publicInspectionDocs(w http.ResponseWriter, list string) {
	nums := strings.Split(list, ",")
	s.mu.Lock()
	var found []PublicInspectionDocument
	var missing []string
	for _, n := range nums {
		ok := false
		for _, p := range s.corpus.PublicInspection {
			if p.DocumentNumber == n {
				found, ok = append(found, p), true
				break
			}
		}
		if !ok {
			missing = append(missing, n)
		}
	}
	s.mu.Unlock()
	if len(nums) == 1 {
		if len(found) == 0 {
			writeJSONError(w, http.StatusNotFound, "Record Not Found")
			return
		}
		writeJSON(w, http.StatusOK, s.renderPI(found[0]))
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, `{"count":%d,"results":[`, len(found))
	for i, p := range found {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.renderPI(p))
	}
	b.WriteString("]")
	if len(missing) > 0 {
		fmt.Fprintf(&b, `,"errors":{"not_found":%s}`, mustJSON(missing))
	}
	b.WriteString("}")
	writeJSON(w, http.StatusOK, []byte(b.String()))
}

func (s *Server) agencyList(w http.ResponseWriter) {
	var out []map[string]any
	for _, a := range s.sortedAgencies() {
		m := s.agencyRecord(a)
		m["json_url"] = fmt.Sprintf("%s/api/v1/agencies/%d.json", RealHost, a.ID)
		out = append(out, m)
	}
	b, _ := json.Marshal(out)
	writeJSON(w, http.StatusOK, b)
}

func (s *Server) agency(w http.ResponseWriter, key string) {
	for _, a := range s.sortedAgencies() {
		if a.Slug == key || strconv.Itoa(a.ID) == key {
			b, _ := json.Marshal(s.agencyRecord(a))
			writeJSON(w, http.StatusOK, b)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, []byte(`{"error":404}`))
}

func (s *Server) sortedAgencies() []Agency {
	var as []Agency
	for _, a := range s.agencies {
		as = append(as, a)
	}
	sort.Slice(as, func(i, j int) bool { return as[i].ID < as[j].ID })
	return as
}

func (s *Server) agencyRecord(a Agency) map[string]any {
	var childIDs []int
	var childSlugs []string
	for _, c := range s.sortedAgencies() {
		if c.ParentID == a.ID && a.ID != 0 {
			childIDs = append(childIDs, c.ID)
			childSlugs = append(childSlugs, c.Slug)
		}
	}
	if childIDs == nil {
		childIDs, childSlugs = []int{}, []string{}
	}
	var parent any
	if a.ParentID != 0 {
		parent = a.ParentID
	}
	return map[string]any{
		"child_ids": childIDs, "child_slugs": childSlugs, "id": a.ID, "name": a.Name,
		"parent_id": parent, "short_name": nil, "slug": a.Slug, "url": RealHost + "/agencies/" + a.Slug,
		"recent_articles_url": fmt.Sprintf("%s/api/v1/documents?conditions%%5Bagency_ids%%5D%%5B%%5D=%d&order=newest", RealHost, a.ID),
	}
}

func (s *Server) fullText(w http.ResponseWriter, r *http.Request, m []string) {
	kind, date, num := m[1], m[2]+"-"+m[3]+"-"+m[4], m[5]
	if (kind == "xml") != (m[6] == "xml") || (kind == "text") != (m[6] == "txt") {
		notFoundHTML(w)
		return
	}
	s.mu.Lock()
	var d Document
	ok := false
	for _, x := range s.corpus.Documents {
		if x.DocumentNumber == num && x.PublicationDate == date {
			d, ok = x, true
			break
		}
	}
	s.mu.Unlock()
	if !ok {
		notFoundHTML(w)
		return
	}
	switch kind {
	case "xml":
		if d.NoFullTextXML || d.FullTextXML == "" {
			notFoundHTML(w)
			return
		}
		// Like the real site's file store: an ETag per content, and 304
		// to If-None-Match (RFC 9110 §13.1.2).
		sum := sha1.Sum([]byte(d.FullTextXML))
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(d.FullTextXML))
	case "text":
		if d.NoRawText {
			notFoundHTML(w)
			return
		}
		text := rawText(d)
		sum := sha1.Sum([]byte(text))
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(text))
	default:
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<div class=\"doc\"><pre>%s</pre></div>\n", html.EscapeString(rawText(d)))
	}
}

func rawText(d Document) string {
	if d.RawText != "" {
		return d.RawText
	}
	if d.FullTextXML != "" {
		return textFromXML(d.FullTextXML)
	}
	return generatedText(d)
}

func (s *Server) piText(w http.ResponseWriter, digits string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.corpus.PublicInspection {
		if strings.ReplaceAll(p.DocumentNumber, "-", "") == digits && p.RawText != "" {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, p.RawText)
			return
		}
	}
	notFoundHTML(w)
}

func (s *Server) htmlPage(w http.ResponseWriter, num string) {
	s.mu.Lock()
	d, ok := Corpus{Documents: s.corpus.Documents}.Document(num)
	s.mu.Unlock()
	if !ok {
		notFoundHTML(w)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>Federal Register :: %s</title></head><body><h1>%s</h1><p>%s</p><pre>%s</pre></body></html>\n",
		html.EscapeString(d.Title), html.EscapeString(d.Title), html.EscapeString(d.Abstract), html.EscapeString(rawText(d)))
}
