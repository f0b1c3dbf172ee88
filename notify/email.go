package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/exportwatch/exportwatch/doc"
)

// SMTPConfig is the mail server configuration (config key `smtp`).
type SMTPConfig struct {
	Host     string
	Port     int // default 587
	Username string
	Password doc.Secret
	// From is the sender address, "exportwatch <alerts@example.org>".
	From string
	// StartTLS upgrades the connection with STARTTLS before AUTH and fails
	// if the server does not offer it.
	StartTLS bool
	// RootCAs overrides the system roots (tests trust smtptest's cert).
	RootCAs *x509.CertPool
	// Timeout bounds the whole SMTP conversation; default 30s.
	Timeout time.Duration
	// HelloName is the EHLO name; default "localhost".
	HelloName string
}

// EmailSender sends multipart/alternative (plain text + HTML) mail to the
// comma-separated addresses in Subscription.Target. ref is the Message-ID.
type EmailSender struct {
	cfg    SMTPConfig
	render Renderer
	now    func() time.Time
}

// NewEmailSender returns an e-mail sender; now may be nil (time.Now).
func NewEmailSender(cfg SMTPConfig, r Renderer, now func() time.Time) *EmailSender {
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	if now == nil {
		now = time.Now
	}
	return &EmailSender{cfg: cfg, render: r, now: now}
}

// Send implements Sender.
func (s *EmailSender) Send(ctx context.Context, n Notification) (string, bool, error) {
	pw := s.cfg.Password.Reveal()
	ref, retry, err := s.send(ctx, n)
	return ref, retry, scrub(err, pw)
}

func (s *EmailSender) send(ctx context.Context, n Notification) (string, bool, error) {
	from, err := mail.ParseAddress(s.cfg.From)
	if err != nil {
		return "", false, fmt.Errorf("email: from address %q: %w", s.cfg.From, err)
	}
	to, err := mail.ParseAddressList(n.Subscription.Target)
	if err != nil || len(to) == 0 {
		return "", false, fmt.Errorf("email: recipients %q: invalid", n.Subscription.Target)
	}
	msgID, msg, err := s.message(n, from, to)
	if err != nil {
		return "", false, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return "", true, fmt.Errorf("email: dial %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	var c *smtp.Client
	if s.cfg.StartTLS {
		c, err = smtp.NewClientStartTLS(conn, &tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12})
		if err != nil {
			conn.Close()
			return "", smtpRetry(err), fmt.Errorf("email: starttls %s: %w", addr, err)
		}
	} else {
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return "", smtpRetry(err), fmt.Errorf("email: hello %s: %w", addr, err)
	}
	if s.cfg.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.cfg.Username, s.cfg.Password.Reveal())); err != nil {
			return "", smtpRetry(err), fmt.Errorf("email: auth as %s: %w", s.cfg.Username, err)
		}
	}
	if err := c.Mail(from.Address, nil); err != nil {
		return "", smtpRetry(err), fmt.Errorf("email: mail from: %w", err)
	}
	for _, a := range to {
		if err := c.Rcpt(a.Address, nil); err != nil {
			return "", smtpRetry(err), fmt.Errorf("email: rcpt %s: %w", a.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return "", smtpRetry(err), fmt.Errorf("email: data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return "", true, fmt.Errorf("email: data: %w", err)
	}
	if _, err := w.CloseWithResponse(); err != nil {
		return "", smtpRetry(err), fmt.Errorf("email: data: %w", err)
	}
	c.Quit() // the message is accepted; a failed QUIT changes nothing
	return msgID, false, nil
}

// smtpRetry: 4xx replies and transport errors are temporary; 5xx are final.
func smtpRetry(err error) bool {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code < 500
	}
	return true
}

// message renders the RFC 5322 message and returns its Message-ID.
func (s *EmailSender) message(n Notification, from *mail.Address, to []*mail.Address) (string, []byte, error) {
	domain := "exportwatch.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	// Deterministic per (subscription, events) so a resend after a crash
	// carries the same Message-ID and mail clients can drop the duplicate.
	h := sha256.New()
	fmt.Fprintf(h, "%d", n.Subscription.ID)
	for _, it := range n.Items {
		fmt.Fprintf(h, ",%d", it.Event.ID)
	}
	if n.Test {
		var nonce [8]byte
		rand.Read(nonce[:])
		h.Write(nonce[:])
	}
	msgID := "<exportwatch." + hex.EncodeToString(h.Sum(nil))[:32] + "@" + domain + ">"

	html, err := s.render.HTML(n)
	if err != nil {
		return "", nil, fmt.Errorf("email: render: %w", err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	addrs := make([]string, len(to))
	for i, a := range to {
		addrs[i] = a.String()
	}
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", strings.Join(addrs, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", s.render.Subject(n)))
	hdr("Date", s.now().Format(time.RFC1123Z))
	hdr("Message-ID", msgID)
	hdr("MIME-Version", "1.0")
	hdr("Auto-Submitted", "auto-generated")
	hdr("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, text string }{
		{"text/plain; charset=utf-8", s.render.PlainText(n)},
		{"text/html; charset=utf-8", html},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return "", nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		qp.Write([]byte(strings.ReplaceAll(part.text, "\n", "\r\n")))
		qp.Close()
	}
	mw.Close()
	b.Write(body.Bytes())
	return msgID, b.Bytes(), nil
}

var htmlTmpl = template.Must(template.New("mail").Funcs(template.FuncMap{
	"label": LabelName, "countries": countryList, "labels": labelList,
	"headline": headline, "heading": groupHeading, "lheading": labelHeading,
}).Parse(`<!DOCTYPE html>
<html><body style="font-family: sans-serif">
{{- if .Test}}<p><em>This is a test message for the subscription {{.Name}}. Alerts will look like this:</em></p>{{end}}
{{- if .Digest}}
<h2>{{.Subject}}</h2>
{{- range .Groups}}
<h3>{{heading .Country}}</h3>
{{- range .Labels}}
<h4>{{lheading .Label}}</h4>
<ul>{{range .Items}}<li><a href="{{.URL}}">{{.Title}}</a> — {{headline .Event}}{{if .Date}}; {{.Date}}{{end}}{{if .Page}} (<a href="{{.Page}}">details</a>){{end}}</li>{{end}}</ul>
{{- end}}
{{- end}}
{{- else}}{{with .Item}}
<h2>{{headline .Event}}: <a href="{{.URL}}">{{.Title}}</a></h2>
{{- if .Source}}<p>{{.Summary}}</p>{{else}}
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
}

type htmlGroupLabel struct {
	Label string
	Items []htmlItem
}

type htmlGroup struct {
	Country string
	Labels  []htmlGroupLabel
}

func (r Renderer) htmlItem(it Item) htmlItem {
	return htmlItem{
		Event: it.Event, Title: it.title(), URL: it.url(), Date: it.dateLine(), Effective: it.effective(),
		Evidence: it.evidence(), Page: r.DocumentPage(it.Event.DocumentID), Summary: it.Event.Summary,
		Source: it.Event.Kind == doc.EventSource, Labels: it.labels(), Countries: it.countries(), Entities: it.entityLines(),
	}
}

// HTML renders the notification as an HTML e-mail body; every value is
// escaped by html/template.
func (r Renderer) HTML(n Notification) (string, error) {
	data := struct {
		Test, Digest  bool
		Name, Subject string
		Item          *htmlItem
		Groups        []htmlGroup
	}{Test: n.Test, Digest: n.Digest || len(n.Items) != 1, Name: n.Subscription.Name, Subject: r.Subject(n)}
	if data.Digest {
		for _, g := range groupDigest(n.Items) {
			hg := htmlGroup{Country: g.Country}
			for _, l := range g.Labels {
				hl := htmlGroupLabel{Label: l.Label}
				for _, it := range l.Items {
					hl.Items = append(hl.Items, r.htmlItem(it))
				}
				hg.Labels = append(hg.Labels, hl)
			}
			data.Groups = append(data.Groups, hg)
		}
	} else {
		hi := r.htmlItem(n.Items[0])
		data.Item = &hi
	}
	var b bytes.Buffer
	if err := htmlTmpl.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
