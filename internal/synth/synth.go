// Package synth generates a deterministic synthetic archive of
// Federal-Register-sized export-control documents (and some German trade
// press) for benchmarks and load tests. Document i of seed s is always the
// same, so any slice of the archive can be generated independently.
package synth

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Generator makes synthetic documents from a seed.
type Generator struct {
	seed uint64
	// MinBody and MaxBody bound the body size in bytes (defaults 20 KB and
	// 60 KB, like Federal Register rules with their preambles).
	MinBody, MaxBody int
}

// New returns a Generator for seed with Federal-Register-sized bodies.
func New(seed uint64) *Generator {
	return &Generator{seed: seed, MinBody: 20 << 10, MaxBody: 60 << 10}
}

// Document returns the i-th document of the archive and the
// classification a classifier would give it. It is a pure function of
// (seed, i, MinBody, MaxBody).
func (g *Generator) Document(i int) (doc.Document, doc.Classification) {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)*0x9E3779B97F4A7C15+1))
	w := &writer{r: r}
	german := r.IntN(10) == 0

	pub := date(r)
	c := classification(r, german)
	w.countries = c.Countries
	if len(w.countries) == 0 {
		w.countries = []string{pick(r, countryCodes)}
	}
	w.entities = c.Entities
	w.year = pub.Year()

	d := doc.Document{Published: pub}
	size := g.MinBody
	if g.MaxBody > g.MinBody {
		size += r.IntN(g.MaxBody - g.MinBody)
	}
	if german {
		d.Source, d.Kind, d.Language = "china-table", "press", "de"
		d.Title = w.fill(pick(r, titlesDE[labelKey(c.Labels)]))
		d.URL = fmt.Sprintf("https://table.media/china/%d/%s-%d/", pub.Year(), slug(d.Title), i)
		sum := sha1.Sum([]byte(d.URL))
		d.ID = "china-table:" + hex.EncodeToString(sum[:])
		d.Abstract = w.paragraph(sentencesDE, 2+r.IntN(2))
		d.Body = w.bodyDE(size / 3) // press articles are shorter
	} else {
		d.Language = "en"
		if r.IntN(8) == 0 {
			d.Source, d.Kind = "bis-press", "press"
			d.Title = w.fill(pick(r, pressTitles))
			d.URL = fmt.Sprintf("https://www.bis.gov/press-release/%s-%d", slug(d.Title), i)
			sum := sha1.Sum([]byte(d.URL))
			d.ID = "bis-press:" + hex.EncodeToString(sum[:])
			d.Abstract = w.paragraph(sentencesEN, 2)
			d.Body = w.bodyEN(size/4, false)
		} else {
			d.Source = "federal-register"
			d.Kind = pickWeighted(r, kinds)
			d.Stage = doc.StagePublished
			d.DocumentNumber = fmt.Sprintf("%d-%06d", pub.Year(), i)
			d.ID = "fr:" + d.DocumentNumber
			d.Title = w.fill(pick(r, titlesEN[labelKey(c.Labels)]))
			d.URL = fmt.Sprintf("https://www.federalregister.gov/documents/%s/%s/%s",
				pub.Format("2006/01/02"), d.DocumentNumber, slug(d.Title))
			d.Citation = fmt.Sprintf("%d FR %d", pub.Year()-1935, 1000+r.IntN(98000))
			d.Action = actions[d.Kind]
			d.Agencies = []string{"industry-and-security-bureau"}
			if r.IntN(10) == 0 {
				d.Agencies = append(d.Agencies, pick(r, otherAgencies))
			}
			d.CFRParts = []string{"15 CFR " + pick(r, cfrParts)}
			d.Abstract = w.paragraph(sentencesEN, 2+r.IntN(3))
			d.Body = w.bodyEN(size, len(c.Entities) > 0)
		}
	}
	c.Language = d.Language
	return d, c
}

func date(r *rand.Rand) time.Time {
	// More documents in later years: weight (year-1990).
	total := 0
	for y := 1994; y <= 2026; y++ {
		total += y - 1990
	}
	n := r.IntN(total)
	year := 1994
	for ; year < 2026; year++ {
		if n < year-1990 {
			break
		}
		n -= year - 1990
	}
	days := 365
	if year == 2026 {
		days = 180
	}
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(days))
}

func classification(r *rand.Rand, german bool) doc.Classification {
	c := doc.Classification{Labels: []string{}, Countries: []string{}, Mentions: []string{}, Entities: []doc.Entity{}, Scores: map[string]float64{}}
	p := r.IntN(100)
	switch {
	case p < 42:
		// unrelated
	case p < 67:
		c.Labels = append(c.Labels, doc.LabelOtherExportControl)
	case p < 82:
		c.Labels = append(c.Labels, doc.LabelEntityAddition)
		if r.IntN(4) == 0 {
			c.Labels = append(c.Labels, doc.LabelEntityRevision)
		}
	case p < 86:
		c.Labels = append(c.Labels, doc.LabelEntityRemoval)
	case p < 89:
		c.Labels = append(c.Labels, doc.LabelEntityRevision)
	case p < 95:
		c.Labels = append(c.Labels, doc.LabelTierChange)
		if r.IntN(2) == 0 {
			c.Labels = append(c.Labels, doc.LabelQuotaChange)
		}
	default:
		c.Labels = append(c.Labels, doc.LabelQuotaChange)
	}
	if german && len(c.Labels) == 0 && r.IntN(2) == 0 {
		c.Labels = append(c.Labels, doc.LabelOtherExportControl)
	}
	for _, l := range c.Labels {
		c.Scores[l] = 0.6 + float64(r.IntN(40))/100
	}
	if len(c.Labels) > 0 || r.IntN(3) == 0 {
		n := 1 + r.IntN(3)
		if r.IntN(6) == 0 {
			n = 0 // worldwide
		}
		for range n {
			cc := pickWeighted(r, countryWeights)
			if !slices.Contains(c.Countries, cc) {
				c.Countries = append(c.Countries, cc)
			}
		}
	}
	c.Mentions = append(c.Mentions, c.Countries...)
	for range r.IntN(4) {
		cc := pick(r, countryCodes)
		if !slices.Contains(c.Mentions, cc) {
			c.Mentions = append(c.Mentions, cc)
		}
	}
	action := ""
	switch {
	case slices.Contains(c.Labels, doc.LabelEntityAddition):
		action = doc.ActionAdd
	case slices.Contains(c.Labels, doc.LabelEntityRemoval):
		action = doc.ActionRemove
	case slices.Contains(c.Labels, doc.LabelEntityRevision):
		action = doc.ActionRevise
	}
	if action != "" {
		if len(c.Countries) == 0 {
			c.Countries = append(c.Countries, "CN")
			c.Mentions = append(c.Mentions, "CN")
		}
		for range 1 + r.IntN(20) {
			cc := pick(r, c.Countries)
			e := doc.Entity{Action: action, Name: entityName(r, cc), Country: cc,
				LicenseRequirement: "For all items subject to the EAR.",
				ReviewPolicy:       "Presumption of denial."}
			if r.IntN(3) == 0 {
				e.Aliases = []string{entityName(r, cc)}
			}
			c.Entities = append(c.Entities, e)
		}
	}
	c.Version = "synth-1"
	return c
}

func labelKey(labels []string) string {
	if len(labels) == 0 {
		return ""
	}
	return labels[0]
}

func entityName(r *rand.Rand, cc string) string {
	if cc == "CN" && r.IntN(5) == 0 {
		return pick(r, realEntities)
	}
	city := pick(r, cities[cc])
	if city == "" {
		city = pick(r, cities["CN"])
	}
	return fmt.Sprintf("%s %s %s", city, pseudoWord(r, 2+r.IntN(2)), pick(r, companySuffixes))
}

// pseudoWord builds a name-like word from syllables; it grows the
// vocabulary the way real names and addresses do.
func pseudoWord(r *rand.Rand, n int) string {
	var b strings.Builder
	for j := range n {
		s := pick(r, syllables)
		if j == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 80 {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func pick[T any](r *rand.Rand, xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero
	}
	return xs[r.IntN(len(xs))]
}

type weighted struct {
	v string
	w int
}

func pickWeighted(r *rand.Rand, xs []weighted) string {
	total := 0
	for _, x := range xs {
		total += x.w
	}
	n := r.IntN(total)
	for _, x := range xs {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return xs[len(xs)-1].v
}

// writer fills templates for one document.
type writer struct {
	r         *rand.Rand
	countries []string
	entities  []doc.Entity
	year      int
}

// fill replaces {slot}s in a template.
func (w *writer) fill(t string) string {
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		b.WriteString(w.slot(t[i+1 : i+j]))
		t = t[i+j+1:]
	}
}

func (w *writer) slot(name string) string {
	r := w.r
	switch name {
	case "country":
		return countryNames[pick(r, w.countries)]
	case "land":
		return countryNamesDE[pick(r, w.countries)]
	case "entity":
		if len(w.entities) > 0 {
			return pick(r, w.entities).Name
		}
		return entityName(r, pick(r, w.countries))
	case "eccn":
		return fmt.Sprintf("%d%c%03d", r.IntN(10), "ABCDE"[r.IntN(5)], pick(r, eccnNumbers)) + pick(r, []string{"", ".a", ".b", ".c", ".z"})
	case "cfr":
		return "§ " + pick(r, cfrParts) + "." + fmt.Sprint(1+r.IntN(30))
	case "num":
		return fmt.Sprint(2 + r.IntN(60))
	case "fr":
		return fmt.Sprintf("%d FR %d", w.year-1935, 1000+r.IntN(98000))
	case "date":
		return time.Date(w.year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("January 2, 2006")
	case "year":
		return fmt.Sprint(w.year)
	case "tech":
		return pick(r, technologies)
	case "techde":
		return pick(r, technologiesDE)
	case "org":
		return pick(r, organizations)
	case "docket":
		return fmt.Sprintf("BIS-%d-%04d", w.year, r.IntN(200))
	case "rin":
		return fmt.Sprintf("0694-A%c%02d", 'A'+rune(r.IntN(12)), r.IntN(100))
	case "person":
		return pick(r, firstNames) + " " + pseudoWord(r, 2)
	case "phone":
		return fmt.Sprintf("(202) 482-%04d", r.IntN(10000))
	case "address":
		return fmt.Sprintf("No. %d %s %s, %s", 1+r.IntN(999), pseudoWord(r, 2), pick(r, streetKinds), pick(r, cities[pick(r, w.countries)]))
	case "tpp":
		return fmt.Sprint(pick(r, []int{4800, 1600, 790000, 50000, 320000}))
	}
	return name
}

func (w *writer) paragraph(sentences []string, n int) string {
	var b strings.Builder
	for j := range n {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.fill(pick(w.r, sentences)))
	}
	return b.String()
}

func (w *writer) bodyEN(size int, entityTable bool) string {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString("AGENCY: Bureau of Industry and Security, Commerce.\n\nSUMMARY: ")
	b.WriteString(w.paragraph(sentencesEN, 4))
	b.WriteString("\n\nDATES: ")
	b.WriteString(w.fill("This rule is effective {date}. Comments must be received by {date}."))
	b.WriteString("\n\nFOR FURTHER INFORMATION CONTACT: ")
	b.WriteString(w.fill("{person}, Office of Exporter Services, Bureau of Industry and Security, telephone {phone}."))
	b.WriteString("\n\nSUPPLEMENTARY INFORMATION:\n\nBackground\n\n")
	for b.Len() < size*2/3 {
		b.WriteString(w.fill(pick(w.r, headingsEN)))
		b.WriteString("\n\n")
		for range 2 + w.r.IntN(4) {
			b.WriteString(w.paragraph(sentencesEN, 3+w.r.IntN(6)))
			b.WriteString("\n\n")
		}
	}
	if entityTable {
		b.WriteString("Supplement No. 4 to Part 744—Entity List\n\n")
		for _, e := range w.entities {
			fmt.Fprintf(&b, "%s\t%s, %s.\t%s\t%s\t%s\n", strings.ToUpper(countryNames[e.Country]), e.Name,
				w.slot("address"), e.LicenseRequirement, e.ReviewPolicy, w.slot("fr"))
		}
		b.WriteString("\n")
	}
	b.WriteString("Rulemaking Requirements\n\n")
	for b.Len() < size {
		b.WriteString(w.fill(pick(w.r, boilerplateEN)))
		b.WriteString("\n\n")
	}
	return b.String()
}

func (w *writer) bodyDE(size int) string {
	var b strings.Builder
	b.Grow(size + 2048)
	for b.Len() < size {
		b.WriteString(w.paragraph(sentencesDE, 3+w.r.IntN(5)))
		b.WriteString("\n\n")
	}
	return b.String()
}
