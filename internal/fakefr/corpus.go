package fakefr

import (
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"time"
)

// RealHost is the origin the corpus's URLs are written with. The server
// rewrites it to its own origin in every response, so a client following
// html_url, full_text_xml_url or next_page_url stays on the fake.
const RealHost = "https://www.federalregister.gov"

// Agency is one Federal Register agency as the API's agencies arrays show it.
type Agency struct {
	RawName  string
	Name     string
	ID       int
	ParentID int // 0: none (JSON null)
	Slug     string
}

// CFRReference is one entry of cfr_references: title is an int, part a string.
type CFRReference struct {
	Title int
	Part  string
}

// Document is one published Federal Register document of the corpus. The
// server renders it into result rows in the shape of the real API's rows.
type Document struct {
	DocumentNumber  string // "2025-00636", "C1-2026-16628"
	PublicationDate string // YYYY-MM-DD
	Type            string // human-readable: "Rule", "Proposed Rule", "Notice", "Presidential Document"
	Subtype         string // presidential document type or ""
	Title           string
	Abstract        string // "" renders as null
	Action          string // "" renders as null
	Dates           string // "" renders as null
	EffectiveOn     string // YYYY-MM-DD or ""
	Citation        string // "90 FR 4544" or ""
	Volume          int
	StartPage       int
	EndPage         int
	Agencies        []string // agency slugs, resolved through the server's agency table
	CFRReferences   []CFRReference
	RINs            []string
	DocketIDs       []string
	Topics          []string
	CorrectionOf    string // document number of the corrected document, or ""
	// FullTextXML is served at full_text_xml_url. NoFullTextXML makes that
	// URL null (documents without full XML).
	FullTextXML   string
	NoFullTextXML bool
	// RawText is served at raw_text_url; when empty it is derived from
	// FullTextXML. NoRawText makes raw_text_url null.
	RawText   string
	NoRawText bool
	// Recorded holds a real recorded row; its keys take precedence over the
	// rendered ones (so real documents come back byte-faithful).
	Recorded map[string]any
}

// PublicInspectionDocument is one document on the public-inspection desk.
type PublicInspectionDocument struct {
	DocumentNumber  string
	Title           string // as the API returns it, with its trailing space
	Type            string
	Agencies        []string // slugs
	FiledAt         time.Time
	FilingType      string // "regular" or "special"
	PublicationDate string // YYYY-MM-DD, the scheduled publication date
	AvailableOn     string // YYYY-MM-DD, the public-inspection issue date
	DocketNumbers   []string
	NumPages        int
	RawText         string // served at raw_text_url; "" makes it null
	Recorded        map[string]any
}

// Corpus is what a fake Federal Register serves.
type Corpus struct {
	Documents        []Document
	PublicInspection []PublicInspectionDocument
	// Agencies extends the built-in agency table (see KnownAgencies).
	Agencies []Agency
}

// Document returns the corpus document with number n.
func (c Corpus) Document(n string) (Document, bool) {
	for _, d := range c.Documents {
		if d.DocumentNumber == n {
			return d, true
		}
	}
	return Document{}, false
}

// KnownAgencies is the built-in agency table. IDs, names and parent IDs are
// the real ones seen in recorded responses (health-and-human-services-department
// is inferred from HRSA's parent_id).
func KnownAgencies() []Agency {
	return []Agency{
		{RawName: "DEPARTMENT OF COMMERCE", Name: "Commerce Department", ID: 54, Slug: "commerce-department"},
		{RawName: "Bureau of Industry and Security", Name: "Industry and Security Bureau", ID: 241, ParentID: 54, Slug: "industry-and-security-bureau"},
		{RawName: "International Trade Administration", Name: "International Trade Administration", ID: 261, ParentID: 54, Slug: "international-trade-administration"},
		{RawName: "EXECUTIVE OFFICE OF THE PRESIDENT", Name: "Executive Office of the President", ID: 538, Slug: "executive-office-of-the-president"},
		{RawName: "ENVIRONMENTAL PROTECTION AGENCY", Name: "Environmental Protection Agency", ID: 145, Slug: "environmental-protection-agency"},
		{RawName: "RAILROAD RETIREMENT BOARD", Name: "Railroad Retirement Board", ID: 444, Slug: "railroad-retirement-board"},
		{RawName: "DEPARTMENT OF HEALTH AND HUMAN SERVICES", Name: "Health and Human Services Department", ID: 221, Slug: "health-and-human-services-department"},
		{RawName: "Health Resources and Services Administration", Name: "Health Resources and Services Administration", ID: 222, ParentID: 221, Slug: "health-resources-and-services-administration"},
		{RawName: "DEPARTMENT OF ENERGY", Name: "Energy Department", ID: 136, Slug: "energy-department"},
		{RawName: "Federal Energy Regulatory Commission", Name: "Federal Energy Regulatory Commission", ID: 167, ParentID: 136, Slug: "federal-energy-regulatory-commission"},
	}
}

//go:embed testdata
var testdata embed.FS

// TestdataFile returns one embedded testdata file (e.g. "xml/2025-90001.xml"),
// for other packages' tests.
func TestdataFile(name string) ([]byte, error) {
	b, err := testdata.ReadFile("testdata/" + name)
	if err != nil {
		return nil, fmt.Errorf("fakefr: testdata %s: %w", name, err)
	}
	return b, nil
}

// DefaultCorpus is the corpus built from testdata (see testdata/README.md):
// the 104 real BIS documents, four real 2026 BIS result rows (one a C1-
// correction), two real non-BIS documents with their recorded rows, two
// hand-made Entity List rules with hand-made Supplement No. 4 tables, and a
// public-inspection issue (three real entries plus one hand-made BIS entry).
func DefaultCorpus() (Corpus, error) {
	var c Corpus

	var bis struct {
		Documents []struct {
			DocumentNumber  string  `json:"document_number"`
			PublicationDate string  `json:"publication_date"`
			Title           string  `json:"title"`
			Abstract        *string `json:"abstract"`
		} `json:"documents"`
	}
	if err := readJSON("bis-documents-2022-2026.json", &bis); err != nil {
		return c, err
	}
	for _, r := range bis.Documents {
		abs := ""
		if r.Abstract != nil {
			abs = *r.Abstract
		}
		c.Documents = append(c.Documents, deriveBIS(r.DocumentNumber, r.PublicationDate, r.Title, abs))
	}

	var rows struct {
		Results []struct {
			Title           string `json:"title"`
			DocumentNumber  string `json:"document_number"`
			PublicationDate string `json:"publication_date"`
			Type            string `json:"type"`
		} `json:"results"`
	}
	if err := readJSON("documents-json-rows-2026.json", &rows); err != nil {
		return c, err
	}
	for _, r := range rows.Results {
		d := deriveBIS(r.DocumentNumber, r.PublicationDate, r.Title, "")
		d.Type = r.Type
		d.Action = actionFor(d.Type, "")
		if strings.HasPrefix(r.DocumentNumber, "C1-") {
			d.CorrectionOf = strings.TrimPrefix(r.DocumentNumber, "C1-")
			d.Action = "Correcting amendment."
		}
		// The 2026 rows have no abstract and, here, no full XML: they
		// exercise the raw_text_url fallback.
		d.NoFullTextXML = true
		d.RawText = generatedText(d)
		c.Documents = append(c.Documents, d)
	}

	for _, f := range []string{"current-document.json", "regulatory-document.json"} {
		d, err := recordedDocument(f)
		if err != nil {
			return c, err
		}
		c.Documents = append(c.Documents, d)
	}

	var hand struct {
		Documents        []handDoc `json:"documents"`
		PublicInspection []handPI  `json:"public_inspection"`
	}
	if err := readJSON("handmade.json", &hand); err != nil {
		return c, err
	}
	for _, h := range hand.Documents {
		d := h.document()
		if h.XML != "" {
			b, err := TestdataFile(h.XML)
			if err != nil {
				return c, err
			}
			d.FullTextXML = string(b)
		}
		c.Documents = append(c.Documents, d)
	}

	for _, f := range []string{"inspection-search.json", "inspection-detail.json"} {
		pis, err := recordedPI(f)
		if err != nil {
			return c, err
		}
		c.PublicInspection = append(c.PublicInspection, pis...)
	}
	for _, h := range hand.PublicInspection {
		c.PublicInspection = append(c.PublicInspection, h.document())
	}
	sort.SliceStable(c.Documents, func(i, j int) bool { return lessOldest(c.Documents[i], c.Documents[j]) })
	return c, nil
}

func readJSON(name string, v any) error {
	b, err := TestdataFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("fakefr: decode %s: %w", name, err)
	}
	return nil
}

var (
	reProposed  = regexp.MustCompile(`(?i)\bproposed rule\b|\bproposes\b|\badvance notice of proposed rulemaking\b|^proposed `)
	reRule      = regexp.MustCompile(`(?i)\b(this|the|in this) (final |interim final )?rule\b|\bis amending the (Export Administration|Chemical Weapons)|\bamends the Export Administration Regulations\b|\bfinal rule\b|\binterim final rule \(IFR\)`)
	reNoticeish = regexp.MustCompile(`(?i)^(Notice|Request for|Procedures for Access|Membership of|Publication of a Report|Brain Computer|Impact of the Implementation|Effectiveness of Licensing|Economic Development Administration|Bureau of Industry and Security$)`)
)

// deriveBIS turns one real BIS abstract record (number, date, title,
// abstract) into a full document. Only those four fields are real; the rest
// is derived by the rules below and documented in testdata/README.md.
func deriveBIS(num, date, title, abstract string) Document {
	typ := "Notice"
	switch {
	case reNoticeish.MatchString(title):
	case reProposed.MatchString(title + " " + abstract):
		typ = "Proposed Rule"
	case reRule.MatchString(abstract):
		typ = "Rule"
	}
	d := Document{
		DocumentNumber:  num,
		PublicationDate: date,
		Type:            typ,
		Title:           title,
		Abstract:        abstract,
		Action:          actionFor(typ, abstract),
		Agencies:        []string{"commerce-department", "industry-and-security-bureau"},
	}
	if abstract == "No summary provided." {
		d.Abstract = ""
	}
	t, _ := time.Parse(time.DateOnly, date)
	d.Volume = t.Year() - 1935
	d.StartPage = 1000 + t.YearDay()*300 + int(hashNum(num)%250)
	d.EndPage = d.StartPage + 2 + int(hashNum(num)%9)
	d.Citation = fmt.Sprintf("%d FR %d", d.Volume, d.StartPage)
	if typ == "Rule" || typ == "Proposed Rule" {
		part := "744"
		switch {
		case strings.Contains(title, "Commerce Control List"), strings.Contains(title, "Wassenaar"):
			part = "774"
		case strings.Contains(title, "Section 232"):
			part = "705"
		case strings.Contains(title, "Chemical Weapons"):
			part = "712"
		}
		d.CFRReferences = []CFRReference{{Title: 15, Part: part}}
	}
	if typ == "Rule" {
		d.EffectiveOn = date
		d.Dates = "This rule is effective " + t.Format("January 2, 2006") + "."
	}
	if strings.Contains(title, "Correction") && typ == "Rule" {
		d.Action = "Final rule; correction."
	}
	d.FullTextXML = generatedXML(d)
	return d
}

func actionFor(typ, abstract string) string {
	switch typ {
	case "Rule":
		if strings.Contains(strings.ToLower(abstract), "interim final rule") && !strings.Contains(abstract, "published") {
			return "Interim final rule; request for comments."
		}
		return "Final rule."
	case "Proposed Rule":
		return "Proposed rule."
	case "Notice":
		if strings.Contains(strings.ToLower(abstract), "comment") {
			return "Notice; request for comments."
		}
		return "Notice."
	}
	return ""
}

func hashNum(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// element returns the full-text XML root element for a document type.
func element(typ string) string {
	switch typ {
	case "Rule":
		return "RULE"
	case "Proposed Rule":
		return "PRORULE"
	case "Presidential Document":
		return "PRESDOCU"
	}
	return "NOTICE"
}

// generatedXML renders a document's metadata as per-document full-text XML in
// the real element vocabulary (PREAMB/AGENCY/SUBAGY/CFR/SUBJECT/AGY/ACT/SUM/
// DATES, SUPLINF, FRDOC/BILCOD), pretty-printed without a declaration.
func generatedXML(d Document) string {
	x := html.EscapeString
	var b strings.Builder
	el := element(d.Type)
	fmt.Fprintf(&b, "<%s>\n  <PREAMB>\n", el)
	b.WriteString("    <AGENCY TYPE=\"S\">DEPARTMENT OF COMMERCE</AGENCY>\n")
	b.WriteString("    <SUBAGY>Bureau of Industry and Security</SUBAGY>\n")
	for _, r := range d.CFRReferences {
		fmt.Fprintf(&b, "    <CFR>%d CFR Part %s</CFR>\n", r.Title, x(r.Part))
	}
	fmt.Fprintf(&b, "    <SUBJECT>%s</SUBJECT>\n", x(d.Title))
	b.WriteString("    <AGY>\n      <HD SOURCE=\"HED\">AGENCY:</HD>\n      <P>Bureau of Industry and Security, Department of Commerce.</P>\n    </AGY>\n")
	if d.Action != "" {
		fmt.Fprintf(&b, "    <ACT>\n      <HD SOURCE=\"HED\">ACTION:</HD>\n      <P>%s</P>\n    </ACT>\n", x(d.Action))
	}
	if d.Abstract != "" {
		fmt.Fprintf(&b, "    <SUM>\n      <HD SOURCE=\"HED\">SUMMARY:</HD>\n      <P>%s</P>\n    </SUM>\n", x(d.Abstract))
	}
	if d.Dates != "" {
		fmt.Fprintf(&b, "    <EFFDATE>\n      <HD SOURCE=\"HED\">DATES:</HD>\n      <P>%s</P>\n    </EFFDATE>\n", x(d.Dates))
	}
	b.WriteString("  </PREAMB>\n  <SUPLINF>\n    <HD SOURCE=\"HED\">SUPPLEMENTARY INFORMATION:</HD>\n")
	fmt.Fprintf(&b, "    <P>This document is published as %s.</P>\n", x(d.Citation))
	b.WriteString("  </SUPLINF>\n")
	fmt.Fprintf(&b, "  <FRDOC>[FR Doc. %s Filed %s; 8:45 am]</FRDOC>\n", x(d.DocumentNumber), x(d.PublicationDate))
	b.WriteString("  <BILCOD>BILLING CODE 3510-33-P</BILCOD>\n")
	fmt.Fprintf(&b, "</%s>\n", el)
	return b.String()
}

// generatedText renders a document's metadata as plain text, the shape of
// raw_text_url bodies.
func generatedText(d Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[Federal Register Volume %d, Number 0 (%s)]\n[%s]\n[FR Doc No: %s]\n\n", d.Volume, d.PublicationDate, d.Type, d.DocumentNumber)
	b.WriteString("DEPARTMENT OF COMMERCE\n\nBureau of Industry and Security\n\n")
	fmt.Fprintf(&b, "%s\n\n", d.Title)
	if d.Action != "" {
		fmt.Fprintf(&b, "AGENCY: Bureau of Industry and Security, Commerce.\n\nACTION: %s\n\n", d.Action)
	}
	if d.Abstract != "" {
		fmt.Fprintf(&b, "SUMMARY: %s\n\n", d.Abstract)
	}
	if d.Dates != "" {
		fmt.Fprintf(&b, "DATES: %s\n\n", d.Dates)
	}
	return b.String()
}

// textFromXML is the fake's own crude XML-to-text for raw_text_url when a
// document has XML but no raw text: tags stripped, whitespace collapsed per line.
func textFromXML(s string) string {
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "\n")
	var out []string
	for _, l := range strings.Split(html.UnescapeString(s), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func recordedDocument(name string) (Document, error) {
	var m map[string]any
	if err := readJSON(name, &m); err != nil {
		return Document{}, err
	}
	str := func(k string) string { s, _ := m[k].(string); return s }
	d := Document{
		DocumentNumber:  str("document_number"),
		PublicationDate: str("publication_date"),
		Type:            str("type"),
		Title:           str("title"),
		Abstract:        str("abstract"),
		Action:          str("action"),
		Dates:           str("dates"),
		EffectiveOn:     str("effective_on"),
		Citation:        str("citation"),
		Recorded:        m,
	}
	if as, ok := m["agencies"].([]any); ok {
		for _, a := range as {
			if am, ok := a.(map[string]any); ok {
				s, _ := am["slug"].(string)
				d.Agencies = append(d.Agencies, s)
			}
		}
	}
	if b, err := TestdataFile("xml/" + d.DocumentNumber + ".xml"); err == nil {
		d.FullTextXML = string(b)
	} else {
		d.FullTextXML = generatedXML(d)
	}
	return d, nil
}

func recordedPI(name string) ([]PublicInspectionDocument, error) {
	var env struct {
		Results []map[string]any `json:"results"`
	}
	b, err := TestdataFile(name)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, fmt.Errorf("fakefr: decode %s: %w", name, err)
	}
	if env.Results == nil {
		var one map[string]any
		if err := json.Unmarshal(b, &one); err != nil {
			return nil, fmt.Errorf("fakefr: decode %s: %w", name, err)
		}
		env.Results = []map[string]any{one}
	}
	var out []PublicInspectionDocument
	for _, m := range env.Results {
		str := func(k string) string { s, _ := m[k].(string); return s }
		p := PublicInspectionDocument{
			DocumentNumber:  str("document_number"),
			Title:           str("title"),
			Type:            str("type"),
			FilingType:      str("filing_type"),
			PublicationDate: str("publication_date"),
			AvailableOn:     str("last_public_inspection_issue"),
			Recorded:        m,
		}
		p.FiledAt, _ = time.Parse(time.RFC3339, str("filed_at"))
		if as, ok := m["agencies"].([]any); ok {
			for _, a := range as {
				if am, ok := a.(map[string]any); ok {
					s, _ := am["slug"].(string)
					p.Agencies = append(p.Agencies, s)
				}
			}
		}
		p.RawText = strings.TrimSpace(p.Title) + "\n\n[recorded public-inspection entry; its raw text was not recorded]\n"
		out = append(out, p)
	}
	return out, nil
}

// handDoc is one hand-made document of testdata/handmade.json.
type handDoc struct {
	DocumentNumber  string   `json:"document_number"`
	PublicationDate string   `json:"publication_date"`
	Type            string   `json:"type"`
	Title           string   `json:"title"`
	Abstract        string   `json:"abstract"`
	Action          string   `json:"action"`
	Dates           string   `json:"dates"`
	EffectiveOn     string   `json:"effective_on"`
	Citation        string   `json:"citation"`
	CFRParts        []string `json:"cfr_parts"`
	RINs            []string `json:"regulation_id_numbers"`
	DocketIDs       []string `json:"docket_ids"`
	XML             string   `json:"xml"`
}

func (h handDoc) document() Document {
	d := Document{
		DocumentNumber: h.DocumentNumber, PublicationDate: h.PublicationDate, Type: h.Type,
		Title: h.Title, Abstract: h.Abstract, Action: h.Action, Dates: h.Dates,
		EffectiveOn: h.EffectiveOn, Citation: h.Citation, RINs: h.RINs, DocketIDs: h.DocketIDs,
		Agencies: []string{"commerce-department", "industry-and-security-bureau"},
	}
	for _, p := range h.CFRParts {
		d.CFRReferences = append(d.CFRReferences, CFRReference{Title: 15, Part: p})
	}
	var vol, page int
	fmt.Sscanf(h.Citation, "%d FR %d", &vol, &page)
	d.Volume, d.StartPage, d.EndPage = vol, page, page+3
	if h.XML == "" {
		d.FullTextXML = generatedXML(d)
	}
	return d
}

type handPI struct {
	DocumentNumber  string    `json:"document_number"`
	Title           string    `json:"title"`
	Type            string    `json:"type"`
	FiledAt         time.Time `json:"filed_at"`
	FilingType      string    `json:"filing_type"`
	PublicationDate string    `json:"publication_date"`
	AvailableOn     string    `json:"available_on"`
	DocketNumbers   []string  `json:"docket_numbers"`
	NumPages        int       `json:"num_pages"`
	RawText         string    `json:"raw_text"`
}

func (h handPI) document() PublicInspectionDocument {
	return PublicInspectionDocument{
		DocumentNumber: h.DocumentNumber, Title: h.Title, Type: h.Type, FiledAt: h.FiledAt,
		FilingType: h.FilingType, PublicationDate: h.PublicationDate, AvailableOn: h.AvailableOn,
		DocketNumbers: h.DocketNumbers, NumPages: h.NumPages, RawText: h.RawText,
		Agencies: []string{"commerce-department", "industry-and-security-bureau"},
	}
}

// SyntheticCorpus returns n cheap BIS notices, perDay per publication day
// from start on (weekends included), without full text (both full-text URLs
// null). It exists to exercise the 10,000-result cap and date slicing.
func SyntheticCorpus(n, perDay int, start time.Time) Corpus {
	if perDay < 1 {
		perDay = 1
	}
	var c Corpus
	for i := 0; i < n; i++ {
		day := start.AddDate(0, 0, i/perDay).Format(time.DateOnly)
		num := fmt.Sprintf("%d-%05d", start.Year(), 90000+i)
		if i >= 10000 {
			num = fmt.Sprintf("%d-S%05d", start.Year(), i)
		}
		c.Documents = append(c.Documents, Document{
			DocumentNumber: num, PublicationDate: day, Type: "Notice",
			Title:    "Synthetic notice " + num,
			Abstract: "A synthetic notice used to exercise the result cap.",
			Action:   "Notice.", Agencies: []string{"commerce-department", "industry-and-security-bureau"},
			NoFullTextXML: true, NoRawText: true,
		})
	}
	return c
}

func lessOldest(a, b Document) bool {
	if a.PublicationDate != b.PublicationDate {
		return a.PublicationDate < b.PublicationDate
	}
	return a.DocumentNumber < b.DocumentNumber
}
