// Package email is the e-mail channel: multipart (plain text and HTML)
// mail over SMTP with STARTTLS and AUTH PLAIN (emersion/go-smtp), one
// message per notification with a Message-ID stable per delivery.
package email

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
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
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/email/emailconf"
)

// Config is the sender's configuration: the `smtp` section
// (emailconf.Config) plus what tests set.
type Config struct {
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

// Channel returns the e-mail channel for notify's table: no sender without
// an SMTP host and From address.
func Channel(cfg Config, r notify.Renderer, now func() time.Time) notify.Channel {
	c := notify.Channel{Name: doc.ChannelEmail}
	if cfg.Host != "" && cfg.From != "" {
		c.Sender = newSender(cfg, r, now)
	}
	return c
}

// sender sends multipart/alternative (plain text + HTML) mail to the
// comma-separated addresses in Subscription.Target. ref is the Message-ID.
type sender struct {
	cfg    Config
	render notify.Renderer
	now    func() time.Time
}

func newSender(cfg Config, r notify.Renderer, now func() time.Time) *sender {
	if cfg.Port == 0 {
		cfg.Port = emailconf.DefaultPort
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
	return &sender{cfg: cfg, render: r, now: now}
}

// Send implements notify.Sender.
func (s *sender) Send(ctx context.Context, n notify.Notification) (string, bool, error) {
	pw := s.cfg.Password.Reveal()
	ref, retry, err := s.send(ctx, n)
	return ref, retry, notify.Scrub(err, pw)
}

func (s *sender) send(ctx context.Context, n notify.Notification) (string, bool, error) {
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

// messageID is the notification's Message-ID (RFC 5322 §3.6.4): stable
// per delivery, "<delivery-ID.subscription-ID@domain>", so that a resend
// after a crash carries the same one and mail clients drop the repeat.
// Test messages have no delivery and get a random one.
func messageID(n notify.Notification, domain string) string {
	if n.DeliveryID > 0 && !n.Test {
		return fmt.Sprintf("<delivery-%d.subscription-%d@%s>", n.DeliveryID, n.Subscription.ID, domain)
	}
	var nonce [12]byte
	rand.Read(nonce[:])
	return fmt.Sprintf("<exportwatch.%s.subscription-%d@%s>", hex.EncodeToString(nonce[:]), n.Subscription.ID, domain)
}

// message renders the RFC 5322 message and returns its Message-ID.
func (s *sender) message(n notify.Notification, from *mail.Address, to []*mail.Address) (string, []byte, error) {
	domain := "exportwatch.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	msgID := messageID(n, domain)

	html, err := renderHTML(s.render, n)
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
		{"text/plain; charset=utf-8", plainText(s.render, n)},
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
