package email

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify"
)

var htmlTmpl = template.Must(template.New("mail").Funcs(template.FuncMap{
	"label": doc.LabelName, "countries": notify.CountryList, "labels": notify.LabelList,
	"headline": notify.Headline, "heading": notify.GroupHeading,
}).Parse(`<!DOCTYPE html>
<html><body style="font-family: sans-serif">
{{- if .Test}}<p><em>This is a test message for the subscription {{.Name}}. Alerts will look like this:</em></p>{{end}}
{{- if .Digest}}
<h2>{{.Subject}}</h2>
{{- range .Groups}}
<h3>{{heading .Countries}}</h3>
<ul>{{range .Items}}<li><a href="{{.URL}}">{{.Title}}</a> — {{headline .Event}}{{if .Labels}}; <em>{{labels .Labels}}</em>{{end}}{{if .Date}}; {{.Date}}{{end}}{{if .Page}} (<a href="{{.Page}}">details</a>){{end}}</li>{{end}}</ul>
{{- end}}
{{- else}}{{with .Item}}
<h2>{{headline .Event}}: <a href="{{.URL}}">{{.Title}}</a></h2>
{{- if .Source}}<p>{{.Summary}}</p>{{else}}
{{- if .Hit}}<ul>{{range .Hit}}<li>{{.}}</li>{{end}}</ul>{{end}}
<table>
<tr><th align="left">Labels</th><td>{{labels .Labels}}</td></tr>
<tr><th align="left">Countries</th><td>{{countries .Countries}}</td></tr>
{{- if .Date}}<tr><th align="left">Date</th><td>{{.Date}}</td></tr>{{end}}
{{- if .Effective}}<tr><th align="left">Effective</th><td>{{.Effective}}</td></tr>{{end}}
</table>
{{- if .Entities}}<h3>Entities</h3><ul>{{range .Entities}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{- if .Evidence}}<blockquote>{{.Evidence}}</blockquote>{{end}}
{{- if .Page}}<p><a href="{{.Page}}">Details, versions and diff on exportwatch</a></p>{{end}}
{{- end}}
{{- end}}{{end}}
{{- if .Name}}<hr><p style="color:#666">You receive this because of the exportwatch subscription {{.Name}}.</p>{{end}}
</body></html>
`))

type htmlItem struct {
	Event                                       doc.Event
	Title, URL, Date, Effective, Evidence, Page string
	Summary                                     string
	Source                                      bool
	Labels, Countries, Entities                 []string
	Hit                                         []string // a watchlist hit's lines
}

type htmlGroup struct {
	Countries []string
	Items     []htmlItem
}

func htmlItemOf(r notify.Renderer, it notify.Item) htmlItem {
	return htmlItem{
		Event: it.Event, Title: it.Title(), URL: it.Link(), Date: it.DateLine(), Effective: it.Effective(),
		Evidence: it.Evidence(), Page: r.DocumentPage(it.Event.DocumentID), Summary: it.Event.Summary,
		Source: it.Event.Kind == doc.EventSource, Labels: it.Labels(), Countries: it.Countries(), Entities: it.EntityLines(),
		Hit: it.HitLines(),
	}
}

// renderHTML renders the notification as an HTML e-mail body; every value
// is escaped by html/template.
func renderHTML(r notify.Renderer, n notify.Notification) (string, error) {
	data := struct {
		Test, Digest  bool
		Name, Subject string
		Item          *htmlItem
		Groups        []htmlGroup
	}{Test: n.Test, Digest: n.Digest || len(n.Items) != 1, Name: n.Subscription.Name, Subject: r.Subject(n)}
	if data.Digest {
		for _, g := range notify.GroupDigest(n.Items) {
			hg := htmlGroup{Countries: g.Countries}
			for _, it := range g.Items {
				hg.Items = append(hg.Items, htmlItemOf(r, it))
			}
			data.Groups = append(data.Groups, hg)
		}
	} else {
		hi := htmlItemOf(r, n.Items[0])
		data.Item = &hi
	}
	var b bytes.Buffer
	if err := htmlTmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// plainText renders the notification as plain text (e-mail text part).
func plainText(r notify.Renderer, n notify.Notification) string {
	var b strings.Builder
	if n.Test {
		fmt.Fprintf(&b, "This is a test message from exportwatch for the subscription %s.\nAlerts will look like this:\n\n", notify.QuoteName(n.Subscription.Name))
	}
	if n.Digest || len(n.Items) != 1 {
		fmt.Fprintf(&b, "%s\n\n", r.Subject(n))
		for _, g := range notify.GroupDigest(n.Items) {
			fmt.Fprintf(&b, "== %s ==\n", notify.GroupHeading(g.Countries))
			for _, it := range g.Items {
				about := []string{notify.Headline(it.Event)}
				if ls := it.Labels(); len(ls) > 0 {
					about = append(about, notify.LabelList(ls))
				}
				if d := it.DateLine(); d != "" {
					about = append(about, d)
				}
				fmt.Fprintf(&b, "  - %s (%s)\n    %s\n", it.Title(), strings.Join(about, "; "), it.Link())
			}
			b.WriteString("\n")
		}
	} else {
		plainItem(r, &b, n.Items[0])
	}
	if n.Subscription.Name != "" {
		fmt.Fprintf(&b, "--\nYou receive this because of the exportwatch subscription %s.\n", notify.QuoteName(n.Subscription.Name))
	}
	return b.String()
}

func plainItem(r notify.Renderer, b *strings.Builder, it notify.Item) {
	fmt.Fprintf(b, "%s: %s\n%s\n\n", notify.Headline(it.Event), it.Title(), it.Link())
	if it.Event.Kind == doc.EventSource {
		fmt.Fprintf(b, "%s\n\n", it.Event.Summary)
		return
	}
	for _, l := range it.HitLines() {
		fmt.Fprintf(b, "%s\n", l)
	}
	fmt.Fprintf(b, "Labels: %s\nCountries: %s\n", notify.LabelList(it.Labels()), countryCodes(it.Countries()))
	if d := it.DateLine(); d != "" {
		fmt.Fprintf(b, "%s\n", d)
	}
	if e := it.Effective(); e != "" {
		fmt.Fprintf(b, "Effective %s\n", e)
	}
	if es := it.EntityLines(); len(es) > 0 {
		b.WriteString("Entities:\n")
		for _, e := range es {
			fmt.Fprintf(b, "  - %s\n", e)
		}
	}
	if ev := it.Evidence(); ev != "" {
		fmt.Fprintf(b, "\n  \"%s\"\n", ev)
	}
	if p := r.DocumentPage(it.Event.DocumentID); p != "" {
		fmt.Fprintf(b, "\nDetails: %s\n", p)
	}
	b.WriteString("\n")
}

// countryCodes is "CN, TW", or "worldwide" for none.
func countryCodes(ccs []string) string {
	if len(ccs) == 0 {
		return doc.Worldwide
	}
	return strings.Join(ccs, ", ")
}
