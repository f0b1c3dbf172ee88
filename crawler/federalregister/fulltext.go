package federalregister

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
)

// ParseFullText turns one document's full-text XML (the element served at
// full_text_xml_url: RULE, PRORULE, NOTICE, PRESDOCU ...; see
// federal-register-api.md §2) into readable text and the structure of its
// REGTEXT elements.
//
// The text has one paragraph per block element (P, FP, HD, AMDPAR, SUBJECT,
// ...) separated by blank lines; a heading label such as "AGENCY:" is joined
// to the paragraph it introduces; page markers (PRTPAGE), graphics and the
// billing code are dropped; pretty-printing whitespace is collapsed; STARS
// become "* * * * *"; a GPOTABLE becomes one line per header and row with
// its non-empty cells joined by " | ".
//
// Each REGTEXT yields a doc.Regtext with its PART/TITLE attributes, its
// AMDPAR instructions, its HD headings (outside AUTH and tables) and its
// GPOTABLEs: Columns are the leaf CHED headings (a sub-heading is prefixed
// with its parent's: "Deferred annuities (percent): i1") and Rows hold every
// ENT cell, empty ones included, so columns stay aligned.
//
// Malformed XML returns an error wrapping crawler.ErrMalformed.
func ParseFullText(data []byte) (string, []doc.Regtext, error) {
	p := &ftParser{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("federalregister: full text: %w: %v", crawler.ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p.start(t)
		case xml.EndElement:
			p.end(t.Name.Local)
		case xml.CharData:
			p.chars(string(t))
		}
	}
	if len(p.stack) != 0 {
		return "", nil, fmt.Errorf("federalregister: full text: %w: unclosed <%s>", crawler.ErrMalformed, p.stack[len(p.stack)-1])
	}
	p.flush()
	if p.label != "" {
		p.paras = append(p.paras, p.label)
	}
	return strings.Join(p.paras, "\n\n"), p.regtext, nil
}

// Element classes of the GPO/OFR vocabulary.
var (
	inlineElems = map[string]bool{"E": true, "SU": true, "LI": true, "FR": true, "AC": true, "B": true, "I": true}
	skipElems   = map[string]bool{"PRTPAGE": true, "GPH": true, "GID": true, "BILCOD": true, "FTREF": true, "CNTNTS": true, "MATH": true}
	// glueElems attach to the preceding text without a space (subscripts,
	// superscripts).
	glueTypes = map[string]bool{"8145": true, "52": true, "54": true}
)

// pretty-print marker: whitespace that contained a newline.
const ws = "\x00"

var (
	reBeforePunct = regexp.MustCompile(`[\s\x00]*\x00[\s\x00]*([.,;:)\]])`)
	reAfterOpen   = regexp.MustCompile(`([(\[])[\s\x00]*\x00[\s\x00]*`)
	reSpaces      = regexp.MustCompile(`[\s\x00\p{Zs}]+`)
	reNewlineWS   = regexp.MustCompile(`\s*\n\s*`)
)

func clean(s string) string {
	s = reBeforePunct.ReplaceAllString(s, "$1")
	s = reAfterOpen.ReplaceAllString(s, "$1")
	return strings.TrimSpace(reSpaces.ReplaceAllString(s, " "))
}

type ftParser struct {
	stack []string
	cur   strings.Builder // current paragraph
	paras []string
	label string // pending "AGENCY:"-style heading
	skip  int    // depth inside skipped elements

	regtext []doc.Regtext
	inReg   bool

	// table state
	table   *doc.Table
	cheds   []ched
	chedBuf *strings.Builder
	chedH   string
	row     []string
	entBuf  *strings.Builder
	tLines  []string
}

type ched struct {
	level string
	text  string
}

func (p *ftParser) in(name string) bool {
	for _, s := range p.stack {
		if s == name {
			return true
		}
	}
	return false
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// sink returns the builder text currently goes to.
func (p *ftParser) sink() *strings.Builder {
	switch {
	case p.entBuf != nil:
		return p.entBuf
	case p.chedBuf != nil:
		return p.chedBuf
	}
	return &p.cur
}

func (p *ftParser) start(t xml.StartElement) {
	name := t.Name.Local
	p.stack = append(p.stack, name)
	if p.skip > 0 || skipElems[name] {
		p.skip++
		return
	}
	if inlineElems[name] {
		b := p.sink()
		if name == "SU" || glueTypes[attr(t, "T")] {
			s := strings.TrimRight(b.String(), " \t\n\x00")
			b.Reset()
			b.WriteString(s)
		} else if name == "LI" {
			b.WriteString(" ")
		}
		return
	}
	switch name {
	case "GPOTABLE":
		p.flush()
		p.table = &doc.Table{}
		p.cheds, p.tLines = nil, nil
		return
	case "CHED":
		if p.table != nil {
			p.chedBuf, p.chedH = &strings.Builder{}, attr(t, "H")
			return
		}
	case "ROW":
		if p.table != nil {
			p.row = []string{}
			return
		}
	case "ENT":
		if p.table != nil {
			p.entBuf = &strings.Builder{}
			return
		}
	case "BOXHD", "TTITLE", "TNOTE", "TDESC":
		if p.table != nil {
			return
		}
	case "REGTEXT":
		p.flush()
		p.inReg = true
		p.regtext = append(p.regtext, doc.Regtext{Part: attr(t, "PART"), Title: attr(t, "TITLE")})
		return
	case "STARS":
		p.flush()
		p.emit("* * * * *")
		return
	}
	if p.table != nil {
		return // any other element inside a table: text goes to the cell
	}
	p.flush()
}

func (p *ftParser) end(name string) {
	if len(p.stack) > 0 {
		p.stack = p.stack[:len(p.stack)-1]
	}
	if p.skip > 0 {
		p.skip--
		return
	}
	if inlineElems[name] {
		return
	}
	switch name {
	case "CHED":
		if p.chedBuf != nil {
			p.cheds = append(p.cheds, ched{level: p.chedH, text: clean(p.chedBuf.String())})
			p.chedBuf = nil
		}
		return
	case "ENT":
		if p.entBuf != nil && p.row != nil {
			p.row = append(p.row, clean(p.entBuf.String()))
			p.entBuf = nil
		}
		return
	case "ROW":
		if p.table != nil && p.row != nil {
			p.table.Rows = append(p.table.Rows, p.row)
			var cells []string
			for _, c := range p.row {
				if c != "" {
					cells = append(cells, c)
				}
			}
			if len(cells) > 0 {
				p.tLines = append(p.tLines, strings.Join(cells, " | "))
			}
			p.row = nil
		}
		return
	case "BOXHD":
		if p.table != nil {
			p.table.Columns = leafColumns(p.cheds)
			if len(p.table.Columns) > 0 {
				p.tLines = append(p.tLines, strings.Join(p.table.Columns, " | "))
			}
		}
		return
	case "TTITLE", "TNOTE", "TDESC":
		if p.table != nil {
			return
		}
	case "GPOTABLE":
		if p.table != nil {
			if p.inReg && len(p.regtext) > 0 {
				r := &p.regtext[len(p.regtext)-1]
				r.Tables = append(r.Tables, *p.table)
			}
			if len(p.tLines) > 0 {
				p.emit(strings.Join(p.tLines, "\n"))
			}
			p.table, p.tLines = nil, nil
		}
		return
	case "REGTEXT":
		p.flush()
		p.inReg = false
		return
	}
	if p.table != nil {
		return
	}
	text := clean(p.cur.String())
	p.cur.Reset()
	if text == "" {
		return
	}
	if p.inReg && len(p.regtext) > 0 {
		r := &p.regtext[len(p.regtext)-1]
		switch {
		case name == "AMDPAR":
			r.Instructions = append(r.Instructions, text)
		case name == "HD" && !p.in("AUTH"):
			r.Headings = append(r.Headings, text)
		}
	}
	if name == "HD" && p.label != "" {
		p.paras = append(p.paras, p.label) // a label introduces paragraphs, not headings
		p.label = ""
	}
	if name == "HD" && strings.HasSuffix(text, ":") && !p.inReg {
		p.label = text
		return
	}
	p.emit(text)
}

func (p *ftParser) chars(s string) {
	if p.skip > 0 {
		return
	}
	if strings.Contains(s, "\n") {
		s = reNewlineWS.ReplaceAllString(s, ws)
	}
	p.sink().WriteString(s)
}

// flush ends the current paragraph (text directly inside a container).
func (p *ftParser) flush() {
	if text := clean(p.cur.String()); text != "" {
		p.emit(text)
	}
	p.cur.Reset()
}

func (p *ftParser) emit(text string) {
	if p.label != "" {
		if strings.Contains(text, "\n") || strings.HasSuffix(text, ":") {
			p.paras = append(p.paras, p.label)
		} else {
			text = p.label + " " + text
		}
		p.label = ""
	}
	p.paras = append(p.paras, text)
}

// leafColumns flattens CHED H="1"/H="2"… headings into the table's leaf
// columns, prefixing sub-headings with their parents.
func leafColumns(cs []ched) []string {
	var out []string
	var parents []string // parents[i] = current heading at level i+1
	for i, c := range cs {
		lvl := 1
		fmt.Sscanf(c.level, "%d", &lvl)
		if lvl < 1 {
			lvl = 1
		}
		if len(parents) >= lvl {
			parents = parents[:lvl-1]
		}
		for len(parents) < lvl-1 {
			parents = append(parents, "")
		}
		parents = append(parents, c.text)
		nextLvl := 0
		if i+1 < len(cs) {
			fmt.Sscanf(cs[i+1].level, "%d", &nextLvl)
		}
		if nextLvl > lvl {
			continue // a group heading
		}
		var parts []string
		for _, s := range parents {
			if s != "" {
				parts = append(parts, s)
			}
		}
		out = append(out, strings.Join(parts, ": "))
	}
	return out
}
