package classifier

import (
	"regexp"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
)

// Entity List amendments (Supplement No. 4 to part 744) come as AMDPAR
// instructions — "a. Under CHINA, PEOPLE'S REPUBLIC OF, adding in
// alphabetical order entries for "A" and "B"; b. Under RUSSIA, revising the
// entry for "C"; c. Under PAKISTAN, removing the entry for "D"" — and a
// GPOTABLE (Country | Entity | License requirement | License review policy |
// Federal Register citation) holding the added and revised entries. Removals
// appear only in the instructions.

var (
	reSupp4  = regexp.MustCompile(`(?i)supplement\s+no\.?\s*4\s+to\s+(?:15\s+cfr\s+)?part\s+744`)
	reAction = regexp.MustCompile(`(?i)\b(adding|revising|removing|amending|modifying|correcting)\b`)
	reQuoted = regexp.MustCompile(`"([^"]+)"`)
	reStars  = regexp.MustCompile(`^[\s*]+$`)
)

type amdItem struct {
	action  string
	country string
	names   []string
	text    string // the instruction clause, for evidence
}

// entityEvidence pairs an extracted entry with the row or clause it came from.
type entityEvidence struct {
	entity doc.Entity
	text   string
	raw    string // the entity cell, continuation rows included
}

// extractEntities reads the Entity List entries a rule adds, removes or
// revises from its REGTEXT elements, with the table row or instruction
// clause each came from.
func extractEntities(c *Classifier, rts []doc.Regtext) ([]doc.Entity, []string) {
	var items []amdItem
	var tables []doc.Table
	for _, rt := range rts {
		supp4 := false
		for _, in := range rt.Instructions {
			if reSupp4.MatchString(in) {
				supp4 = true
				items = append(items, c.parseInstruction(normalize(in))...)
			}
		}
		for _, h := range rt.Headings {
			if reSupp4.MatchString(h) || strings.Contains(strings.ToLower(h), "entity list") {
				supp4 = true
			}
		}
		if !supp4 {
			continue
		}
		for _, t := range rt.Tables {
			if entityTable(t) {
				tables = append(tables, t)
			}
		}
	}
	var out []doc.Entity
	var texts []string
	index := map[string]int{} // action|country|name -> position in out
	put := func(e doc.Entity, text string) {
		key := e.Action + "|" + e.Country + "|" + nameKey(e.Name)
		if i, ok := index[key]; ok {
			// Enrich an instruction-only entry with the table's details.
			old := &out[i]
			if len(old.Aliases) == 0 {
				old.Aliases = e.Aliases
			}
			if len(old.Addresses) == 0 {
				old.Addresses = e.Addresses
			}
			if old.LicenseRequirement == "" {
				old.LicenseRequirement = e.LicenseRequirement
			}
			if old.ReviewPolicy == "" {
				old.ReviewPolicy = e.ReviewPolicy
			}
			if old.Citation == "" {
				old.Citation = e.Citation
			}
			return
		}
		index[key] = len(out)
		out = append(out, e)
		texts = append(texts, text)
	}
	// Names the instructions announce, for the table rows.
	named := map[string]amdItem{}
	actionsByCountry := map[string]string{}
	allActions := map[string]bool{}
	for _, it := range items {
		allActions[it.action] = true
		if _, ok := actionsByCountry[it.country]; !ok {
			actionsByCountry[it.country] = it.action
		}
		for _, n := range it.names {
			named[nameKey(n)] = it
		}
	}
	for _, t := range tables {
		for _, ee := range c.parseTable(t) {
			e := ee.entity
			if it, ok := named[nameKey(e.Name)]; ok {
				e.Action = it.action
				if e.Country == "" {
					e.Country = it.country
				}
			} else if a, ok := actionsByCountry[e.Country]; ok && a != doc.ActionRemove {
				e.Action = a
			} else if len(allActions) == 1 && !allActions[doc.ActionRemove] {
				for a := range allActions {
					e.Action = a
				}
			} else {
				e.Action = doc.ActionAdd
			}
			put(e, ee.text)
		}
	}
	// Entries only the instructions name (removals, mostly), in order.
	for _, it := range items {
		for _, n := range it.names {
			put(doc.Entity{Action: it.action, Name: n, Country: it.country}, it.text)
		}
	}
	return out, texts
}

func nameKey(n string) string {
	return strings.Trim(strings.ToLower(strings.Join(strings.Fields(n), " ")), " ,.;:")
}

// parseInstruction splits an AMDPAR into clauses (at ";" and ":" outside
// quotes: "by: a. Adding under CHINA, ...; b. Revising under RUSSIA the
// entry for ...; c. Removing under INDIA the entity ...") and reads each
// clause's own destination ("Under X, adding" or "Adding under X") and
// actions. A clause that names no destination continues the one before.
// Clauses that name no entry ("adding under China, in alphabetical order,
// ten Chinese entities") still tell which action the table rows of that
// destination carry.
func (c *Classifier) parseInstruction(s string) []amdItem {
	var items []amdItem
	country := ""
	for _, clause := range splitClauses(s) {
		if k := reUnderAny.FindStringIndex(clause); k != nil {
			if code := c.countryAt(clause[k[1]:]); code != "" {
				country = code
			}
		}
		acts := reAction.FindAllStringIndex(clause, -1)
		for j, a := range acts {
			if inQuotes(clause, a[0]) {
				continue
			}
			aend := len(clause)
			if j+1 < len(acts) {
				aend = acts[j+1][0]
			}
			part := clause[a[0]:aend]
			verb := strings.ToLower(clause[a[0]:a[1]])
			action := doc.ActionRevise
			switch verb {
			case "adding":
				action = doc.ActionAdd
			case "removing":
				action = doc.ActionRemove
				if strings.Contains(strings.ToLower(part), "address") && !strings.Contains(strings.ToLower(part), "entry for") {
					action = doc.ActionRevise
				}
			}
			names := quotedNames(part)
			if len(names) == 0 {
				if k := strings.Index(strings.ToLower(part), "associated with "); k >= 0 {
					n := strings.TrimRight(part[k+len("associated with "):], " .")
					n = strings.TrimSuffix(n, " and")
					names = []string{strings.TrimSpace(n)}
				}
			}
			items = append(items, amdItem{action: action, country: country, names: names, text: clause})
		}
	}
	return items
}

var (
	reUnderAny    = regexp.MustCompile(`(?i)\bunder\s+(?:the\s+destinations?\s+(?:of\s+)?)?`)
	reClauseStart = regexp.MustCompile(`^(?:(?i:and)\s+)?(?:\(?[a-z]{1,2}[.)]\s+)?(?:■\s*)?`)
)

// splitClauses cuts an instruction at ";" and ":" outside double quotes and
// trims list markers ("b.", "(c)", "and") from each clause.
func splitClauses(s string) []string {
	var out []string
	quoted := false
	from := 0
	emit := func(to int) {
		cl := strings.TrimSpace(s[from:to])
		cl = strings.TrimSpace(cl[len(reClauseStart.FindString(cl)):])
		cl = strings.TrimRight(cl, " .;")
		if cl != "" {
			out = append(out, cl)
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ';', ':':
			if !quoted {
				emit(i)
				from = i + 1
			}
		}
	}
	emit(len(s))
	return out
}

// inQuotes reports whether offset i of s lies inside double quotes.
func inQuotes(s string, i int) bool {
	return strings.Count(s[:i], `"`)%2 == 1
}

// countryAt returns the code of the destination name that starts s
// ("CHINA, PEOPLE'S REPUBLIC OF, adding", "RUSSIA the entry for").
func (c *Classifier) countryAt(s string) string {
	low := lower(normalize(s))
	best, bestLen := "", 0
	c.ac.scan(low, func(m match) {
		if m.start != 0 {
			return
		}
		for _, e := range c.entries[m.pat] {
			if e.kind != kCountry || e.metro || e.deOnly || e.city || len(e.codes) == 0 {
				continue
			}
			if !e.stem && !boundaryAfter(low, m.end) {
				continue
			}
			if m.end-m.start > bestLen {
				best, bestLen = e.codes[0], m.end-m.start
			}
		}
	})
	return best
}

func quotedNames(s string) []string {
	var out []string
	for _, m := range reQuoted.FindAllStringSubmatch(s, -1) {
		n := strings.TrimSpace(strings.TrimRight(m[1], " ,;"))
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// countryOf maps a destination string ("CHINA, PEOPLE'S REPUBLIC OF",
// "KOREA, SOUTH", "Türkiye") to its code; ambiguous names are accepted here.
func (c *Classifier) countryOf(s string) string {
	low := lower(normalize(s))
	best, bestStart, bestLen := "", len(low)+1, 0
	c.ac.scan(low, func(m match) {
		for _, e := range c.entries[m.pat] {
			if e.kind != kCountry || e.metro || e.deOnly || len(e.codes) == 0 {
				continue
			}
			if !boundaryBefore(low, m.start) || !e.stem && !boundaryAfter(low, m.end) {
				continue
			}
			if m.start < bestStart || m.start == bestStart && m.end-m.start > bestLen {
				best, bestStart, bestLen = e.codes[0], m.start, m.end-m.start
			}
		}
	})
	return best
}

// entityTable reports whether a table has the Entity List columns.
func entityTable(t doc.Table) bool {
	cols := strings.ToLower(strings.Join(t.Columns, "|"))
	return strings.Contains(cols, "entity") || len(t.Columns) == 0 && len(t.Rows) > 0 && maxLen(t.Rows) >= 5
}

func maxLen(rows [][]string) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	return n
}

// parseTable reads Entity List rows; country heading rows set the
// destination of the rows below, "* * *" rows are skipped.
func (c *Classifier) parseTable(t doc.Table) []entityEvidence {
	col := map[string]int{"country": 0, "entity": 1, "req": 2, "policy": 3, "cite": 4}
	for i, h := range t.Columns {
		l := strings.ToLower(h)
		switch {
		case strings.Contains(l, "country"):
			col["country"] = i
		case strings.Contains(l, "entity"):
			col["entity"] = i
		case strings.Contains(l, "requirement"):
			col["req"] = i
		case strings.Contains(l, "policy"):
			col["policy"] = i
		case strings.Contains(l, "citation") || strings.Contains(l, "federal register"):
			col["cite"] = i
		}
	}
	cell := func(r []string, k string) string {
		if i := col[k]; i < len(r) {
			return strings.TrimSpace(normalize(r[i]))
		}
		return ""
	}
	var out []entityEvidence
	country := ""
	for _, r := range t.Rows {
		if len(r) == 0 || allStars(r) {
			continue
		}
		cty, ent := cell(r, "country"), cell(r, "entity")
		if cty != "" && !reStars.MatchString(cty) {
			if code := c.countryOf(cty); code != "" {
				country = code
			}
		}
		if ent == "" || reStars.MatchString(ent) {
			continue
		}
		// A row with only the entity cell continues the entry above it: the
		// Federal Register sets long entries (alias lists, addresses) over
		// several table rows.
		if n := len(out); n > 0 && cty == "" && cell(r, "req") == "" && cell(r, "policy") == "" && cell(r, "cite") == "" {
			prev := &out[n-1]
			prev.raw += " " + ent
			prev.entity.Name, prev.entity.Aliases, prev.entity.Addresses = parseEntityCell(prev.raw)
			prev.text += " " + ent
			continue
		}
		name, aliases, addresses := parseEntityCell(ent)
		if name == "" {
			continue
		}
		var cells []string
		for _, x := range r {
			if x = strings.TrimSpace(normalize(x)); x != "" {
				cells = append(cells, x)
			}
		}
		out = append(out, entityEvidence{entity: doc.Entity{
			Name: name, Country: country, Aliases: aliases, Addresses: addresses,
			LicenseRequirement: cell(r, "req"), ReviewPolicy: strings.TrimSuffix(cell(r, "policy"), "."),
			Citation: strings.TrimSuffix(cell(r, "cite"), "."),
		}, text: strings.Join(cells, " | "), raw: ent})
	}
	return out
}

func allStars(r []string) bool {
	any := false
	for _, c := range r {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if !reStars.MatchString(c) {
			return false
		}
		any = true
	}
	return any
}

// legal suffixes that follow a comma inside a company name.
var legalSuffixes = map[string]bool{
	"ltd": true, "ltd.": true, "limited": true, "inc": true, "inc.": true, "llc": true, "llc.": true, "co": true, "co.": true,
	"corp": true, "corp.": true, "s.a.": true, "gmbh": true, "llp": true, "plc": true, "jsc": true, "pte": true, "sdn": true,
	"bhd": true, "ooo": true, "ag": true, "b.v.": true, "s.r.l.": true, "a.s.": true, "l.l.c.": true, "fze": true, "fzco": true, "fz": true,
	"lp": true, "l.p.": true, "s.a.s.": true, "spa": true, "s.p.a.": true, "ltda": true, "ltda.": true, "pvt": true, "pvt.": true,
}

// parseEntityCell splits "Name, a.k.a., the following two aliases: —A; and
// —B. Street, City, Country." into name, aliases and addresses.
func parseEntityCell(s string) (name string, aliases, addresses []string) {
	s = strings.TrimSpace(s)
	lowS := strings.ToLower(s)
	rest := ""
	if k := strings.Index(lowS, "a.k.a."); k >= 0 {
		name = strings.TrimRight(strings.TrimSpace(s[:k]), " ,")
		after := strings.TrimLeft(s[k+len("a.k.a."):], " ,")
		if c := strings.Index(after, ":"); c >= 0 && strings.Contains(strings.ToLower(after[:c]), "alias") {
			after = after[c+1:]
		}
		parts := strings.Split(after, "—")
		if len(parts) > 1 {
			for i, p := range parts[1:] {
				p = strings.TrimSpace(p)
				if i == len(parts)-2 {
					a, addr := splitSentence(p)
					aliases = append(aliases, a)
					rest = addr
					break
				}
				p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(p, "and")), ";"))
				aliases = append(aliases, strings.TrimRight(p, " ;"))
			}
		} else {
			a, addr := splitSentence(strings.TrimSpace(after))
			for _, x := range strings.Split(a, ";") {
				if x = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(x), "and ")); x != "" {
					aliases = append(aliases, x)
				}
			}
			rest = addr
		}
	} else {
		name, rest = splitName(s)
	}
	for _, a := range strings.Split(rest, ";") {
		a = strings.TrimSpace(a)
		a = strings.TrimPrefix(a, "and ")
		a = strings.TrimSpace(strings.TrimSuffix(a, "."))
		if a != "" {
			addresses = append(addresses, a)
		}
	}
	return strings.TrimSpace(name), aliases, addresses
}

// splitSentence cuts at the first ". " that does not end an abbreviation.
func splitSentence(s string) (string, string) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '.' || s[i+1] != ' ' {
			continue
		}
		w := i
		for w > 0 && s[w-1] != ' ' {
			w--
		}
		word := strings.ToLower(s[w : i+1])
		if legalSuffixes[word] || legalSuffixes[strings.TrimSuffix(word, ".")] || abbreviations[strings.TrimSuffix(word, ".")] || len(word) <= 2 {
			continue
		}
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+2:])
	}
	return strings.TrimSpace(strings.TrimSuffix(s, ".")), ""
}

// splitName cuts a name from its address at the first comma not followed by
// a legal suffix ("Huawei Technologies Co., Ltd., Bantian, Shenzhen").
func splitName(s string) (string, string) {
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			continue
		}
		next := strings.Fields(s[i+1:])
		if len(next) > 0 && legalSuffixes[strings.ToLower(strings.TrimRight(next[0], ",;"))] {
			continue
		}
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	}
	return strings.TrimSpace(strings.TrimSuffix(s, ".")), ""
}
