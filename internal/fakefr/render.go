package fakefr

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

var reSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the html_url slug: lower case, non-alphanumerics to dashes, cut
// at about 100 characters on a dash, as the real URLs are.
func slug(title string) string {
	s := strings.Trim(reSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 100 {
		s = s[:100]
		if i := strings.LastIndex(s, "-"); i > 0 {
			s = s[:i]
		}
	}
	return s
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func datePath(d string) string { return strings.ReplaceAll(d, "-", "/") }

func (s *Server) agencyObjects(slugs []string) []map[string]any {
	out := []map[string]any{}
	for _, sl := range slugs {
		a, ok := s.agencies[sl]
		if !ok {
			out = append(out, map[string]any{"raw_name": sl})
			continue
		}
		var parent any
		if a.ParentID != 0 {
			parent = a.ParentID
		}
		out = append(out, map[string]any{
			"raw_name": a.RawName, "name": a.Name, "id": a.ID,
			"url":       RealHost + "/agencies/" + a.Slug,
			"json_url":  fmt.Sprintf("%s/api/v1/agencies/%d", RealHost, a.ID),
			"parent_id": parent, "slug": a.Slug,
		})
	}
	return out
}

// fieldValue renders one api field of d, in the types the real API uses.
func (s *Server) fieldValue(d Document, f string) (any, bool) {
	if d.Recorded != nil && f != "title" && f != "abstract" && f != "excerpts" {
		if v, ok := d.Recorded[f]; ok {
			return v, true
		}
	}
	dp := datePath(d.PublicationDate)
	list := func(xs []string) []string {
		if xs == nil {
			return []string{}
		}
		return xs
	}
	switch f {
	case "abstract":
		return nullable(d.Abstract), true
	case "action":
		return nullable(d.Action), true
	case "agencies":
		return s.agencyObjects(d.Agencies), true
	case "agency_names":
		var names []string
		for _, sl := range d.Agencies {
			names = append(names, s.agencies[sl].Name)
		}
		return list(names), true
	case "amendatory_instructions":
		return map[string]any{"instructions": amdpars(d.FullTextXML), "count": len(amdpars(d.FullTextXML))}, true
	case "body_html_url":
		return fmt.Sprintf("%s/documents/full_text/html/%s/%s.html", RealHost, dp, d.DocumentNumber), true
	case "cfr_references":
		out := []map[string]any{}
		for _, r := range d.CFRReferences {
			out = append(out, map[string]any{"chapter": nil, "citation_url": nil, "part": r.Part, "title": r.Title})
		}
		return out, true
	case "cfr_topics":
		out := []map[string]any{}
		for _, r := range d.CFRReferences {
			out = append(out, map[string]any{"cfr_title": r.Title, "cfr_part": r.Part, "topics": list(d.Topics)})
		}
		return out, true
	case "citation":
		return nullable(d.Citation), true
	case "comment_url", "comments_close_on", "disposition_notes", "executive_order_notes", "executive_order_number",
		"not_received_for_publication", "presidential_document_number", "proclamation_number", "regulations_dot_gov_url",
		"signing_date", "significant", "toc_subject":
		return nil, true
	case "correction_of":
		if d.CorrectionOf == "" {
			return nil, true
		}
		return fmt.Sprintf("%s/api/v1/documents/%s", RealHost, d.CorrectionOf), true
	case "corrections", "dockets", "topics":
		if f == "topics" {
			return list(d.Topics), true
		}
		return []any{}, true
	case "dates":
		return nullable(d.Dates), true
	case "docket_id":
		if len(d.DocketIDs) == 0 {
			return nil, true
		}
		return d.DocketIDs[0], true
	case "docket_ids":
		return list(d.DocketIDs), true
	case "document_number":
		return d.DocumentNumber, true
	case "effective_on":
		return nullable(d.EffectiveOn), true
	case "end_page":
		return d.EndPage, true
	case "start_page":
		return d.StartPage, true
	case "volume":
		return d.Volume, true
	case "page_length":
		return max(d.EndPage-d.StartPage+1, 1), true
	case "excerpts":
		if len(d.Abstract) > 255 {
			cut := d.Abstract[:255]
			if i := strings.LastIndex(cut, " "); i > 0 {
				cut = cut[:i]
			}
			return cut + "...", true
		}
		return nullable(d.Abstract), true
	case "explanation":
		return nil, false // requested but never returned (REC-REAL)
	case "full_text_xml_url":
		if d.NoFullTextXML {
			return nil, true
		}
		return fmt.Sprintf("%s/documents/full_text/xml/%s/%s.xml", RealHost, dp, d.DocumentNumber), true
	case "html_url":
		return fmt.Sprintf("%s/documents/%s/%s/%s", RealHost, dp, d.DocumentNumber, slug(d.Title)), true
	case "images", "images_metadata", "regulation_id_number_info", "regulations_dot_gov_info", "related_documents":
		return map[string]any{}, true
	case "json_url":
		return fmt.Sprintf("%s/api/v1/documents/%s?publication_date=%s", RealHost, d.DocumentNumber, d.PublicationDate), true
	case "mods_url":
		return fmt.Sprintf("https://www.govinfo.gov/metadata/granule/FR-%s/%s/mods.xml", d.PublicationDate, d.DocumentNumber), true
	case "page_views":
		return map[string]any{"count": int(hashNum(d.DocumentNumber) % 5000), "last_updated": "2026-09-29 10:15:04 -0400"}, true
	case "pdf_url":
		return fmt.Sprintf("https://www.govinfo.gov/content/pkg/FR-%s/pdf/%s.pdf", d.PublicationDate, d.DocumentNumber), true
	case "president":
		return presidentOn(d.PublicationDate), true
	case "public_inspection_pdf_url":
		t, _ := time.Parse(time.DateOnly, d.PublicationDate)
		return fmt.Sprintf("https://public-inspection.federalregister.gov/%s.pdf?%d", d.DocumentNumber, t.Add(-36*time.Hour).Unix()), true
	case "publication_date":
		return d.PublicationDate, true
	case "raw_text_url":
		if d.NoRawText {
			return nil, true
		}
		return fmt.Sprintf("%s/documents/full_text/text/%s/%s.txt", RealHost, dp, d.DocumentNumber), true
	case "regulation_id_numbers":
		return list(d.RINs), true
	case "subtype":
		return nullable(d.Subtype), true
	case "title":
		return d.Title, true
	case "toc_doc":
		return nullable(d.Title), true
	case "type":
		return d.Type, true
	}
	return nil, false
}

func presidentOn(date string) map[string]any {
	switch {
	case date >= "2025-01-20":
		return map[string]any{"identifier": "donald-trump", "name": "Donald Trump"}
	case date >= "2021-01-20":
		return map[string]any{"identifier": "joe-biden", "name": "Joseph R. Biden Jr."}
	}
	return map[string]any{"identifier": "donald-trump", "name": "Donald Trump"}
}

var reAmdpar = regexp.MustCompile(`(?s)<AMDPAR>(.*?)</AMDPAR>`)
var reTag = regexp.MustCompile(`<[^>]*>`)

func amdpars(xml string) []string {
	out := []string{}
	for _, m := range reAmdpar.FindAllStringSubmatch(xml, -1) {
		out = append(out, strings.Join(strings.Fields(reTag.ReplaceAllString(m[1], " ")), " "))
	}
	return out
}

// renderRow writes d as one result row with the requested fields, in the
// order requested (as the real API does).
func (s *Server) renderRow(d Document, fields []string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, f := range fields {
		v, ok := s.fieldValue(d, f)
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteString(mustJSON(f))
		b.WriteByte(':')
		b.WriteString(mustJSON(v))
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// renderPI writes one public-inspection row (fields of §1.7).
func (s *Server) renderPI(p PublicInspectionDocument) []byte {
	digits := strings.ReplaceAll(p.DocumentNumber, "-", "")
	rawURL := any(nil)
	if p.RawText != "" && len(digits) == 9 {
		rawURL = fmt.Sprintf("%s/public-inspection/raw_text/%s/%s/%s.txt", RealHost, digits[:3], digits[3:6], digits[6:])
	}
	et := time.FixedZone("EDT", -4*3600)
	docket := p.DocketNumbers
	if docket == nil {
		docket = []string{}
	}
	var names []string
	for _, sl := range p.Agencies {
		names = append(names, s.agencies[sl].Name)
	}
	fields := []struct {
		k string
		v any
	}{
		{"agencies", s.agencyObjects(p.Agencies)},
		{"agency_letters", []any{}},
		{"agency_names", names},
		{"docket_numbers", docket},
		{"document_number", p.DocumentNumber},
		{"editorial_note", nil},
		{"excerpts", nil},
		{"filed_at", p.FiledAt.In(et).Format("2006-01-02T15:04:05.000-07:00")},
		{"filing_type", p.FilingType},
		{"html_url", fmt.Sprintf("%s/public-inspection/%s/%s", RealHost, p.DocumentNumber, slug(p.Title))},
		{"json_url", fmt.Sprintf("%s/api/v1/public_inspection_documents/%s", RealHost, p.DocumentNumber)},
		{"last_public_inspection_issue", p.AvailableOn},
		{"num_pages", max(p.NumPages, 1)},
		{"page_views", map[string]any{"count": 0, "last_updated": "2026-09-29 10:15:06 -0400"}},
		{"pdf_file_name", p.DocumentNumber + "_PI.pdf"},
		{"pdf_file_size", 100000 + int(hashNum(p.DocumentNumber)%90000)},
		{"pdf_updated_at", p.FiledAt.In(et).Format("2006-01-02T15:04:05.000-07:00")},
		{"pdf_url", "https://public-inspection.federalregister.gov/" + p.DocumentNumber + ".pdf"},
		{"publication_date", p.PublicationDate},
		{"raw_text_url", rawURL},
		{"subject_1", strings.TrimSpace(p.Title)},
		{"subject_2", nil},
		{"subject_3", nil},
		{"title", p.Title},
		{"toc_doc", strings.TrimSpace(p.Title)},
		{"toc_subject", ""},
		{"type", p.Type},
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range fields {
		v := f.v
		if p.Recorded != nil && f.k != "raw_text_url" && f.k != "title" && f.k != "last_public_inspection_issue" {
			if rv, ok := p.Recorded[f.k]; ok {
				v = rv
			}
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(mustJSON(f.k) + ":" + mustJSON(v))
	}
	b.WriteByte('}')
	return []byte(b.String())
}
