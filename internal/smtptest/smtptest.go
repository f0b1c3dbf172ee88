// Package smtptest runs a local SMTP server for tests (github.com/emersion/go-smtp)
// that offers STARTTLS with a self-signed certificate generated at start-up,
// requires AUTH PLAIN after STARTTLS, and records every accepted message.
//
//	srv := smtptest.New(t, smtptest.Options{Username: "u", Password: "p"})
//	// point the client at srv.Host, srv.Port, trusting srv.RootCAs()
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options configures a Server.
type Options struct {
	Username, Password string
	// RejectRcpt makes RCPT TO fail with this SMTP code (e.g. 550 or 451).
	RejectRcpt int
	// RejectRcptTimes, with RejectRcpt, rejects only the first so many
	// RCPT TO commands and accepts the later ones (a relay that is busy,
	// then well again); 0 rejects every one.
	RejectRcptTimes int
}

// Message is one accepted message.
type Message struct {
	From     string
	To       []string
	Data     []byte
	AuthUser string
	TLS      bool // the session had completed STARTTLS
}

// Server is a running SMTP server on loopback.
type Server struct {
	Host string
	Port int

	srv      *smtp.Server
	pool     *x509.CertPool
	opts     Options
	mu       sync.Mutex
	msgs     []Message
	auths    int
	rejected int // RCPT TO commands rejected so far
}

// New starts a server, closed when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	cert, pool, err := selfSigned()
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	s := &Server{pool: pool, opts: opts}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, conn: c}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.srv.AllowInsecureAuth = false // AUTH only after STARTTLS
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	done := make(chan struct{})
	go func() { defer close(done); s.srv.Serve(l) }()
	// Close the listener too: go-smtp's Close only closes the listeners
	// Serve has registered, and a test that ends before the goroutine
	// reaches Serve would leave it accepting forever (seen as a 10-minute
	// hang of the notify tests under load).
	t.Cleanup(func() { s.srv.Close(); l.Close(); <-done })
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// RootCAs trusts the server's certificate (valid for 127.0.0.1 and localhost).
func (s *Server) RootCAs() *x509.CertPool { return s.pool }

// Messages returns a copy of the accepted messages.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// reject counts a RCPT TO and reports whether to reject it
// (Options.RejectRcptTimes).
func (s *Server) reject() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.opts.RejectRcptTimes; n > 0 && s.rejected >= n {
		return false
	}
	s.rejected++
	return true
}

type session struct {
	srv  *Server
	conn *smtp.Conn
	user string
	msg  Message
}

var _ smtp.AuthSession = (*session)(nil)

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.srv.opts.Username || password != s.srv.opts.Password {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.opts.Username != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.msg = Message{From: from, AuthUser: s.user}
	_, s.msg.TLS = s.conn.TLSConnectionState()
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if c := s.srv.opts.RejectRcpt; c != 0 && s.srv.reject() {
		return &smtp.SMTPError{Code: c, EnhancedCode: smtp.EnhancedCode{c / 100, 1, 1}, Message: "mailbox unavailable"}
	}
	s.msg.To = append(s.msg.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	if len(s.msg.To) == 0 {
		return errors.New("no recipients")
	}
	s.msg.Data = b.Bytes()
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, s.msg)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.msg = Message{AuthUser: s.user} }
func (s *session) Logout() error { return nil }

// selfSigned makes an ECDSA certificate for 127.0.0.1/localhost and a pool trusting it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
