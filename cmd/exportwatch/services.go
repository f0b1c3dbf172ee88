package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/metrics"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/server"
)

// notifyConfig maps the config file onto the notifier.
func notifyConfig(cfg config.Config) notify.Config {
	return notify.Config{
		PublicURL: publicURL(cfg),
		Slack:     notify.SlackConfig{Token: cfg.Slack.Token, APIURL: cfg.Slack.APIURL},
		SMTP: notify.SMTPConfig{
			Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, From: cfg.SMTP.From, StartTLS: *cfg.SMTP.StartTLS,
		},
		HTTPTimeout: cfg.Notify.Timeout.D(),
		Dispatch: notify.DispatchConfig{
			Workers:      cfg.Notify.Workers,
			MaxAttempts:  cfg.Notify.MaxAttempts,
			PollInterval: cfg.Notify.Poll.D(),
			SendTimeout:  2 * cfg.Notify.Timeout.D(),
			Lease:        cfg.Notify.Lease.D(),
		},
	}
}

// publicURL is how users reach the server: configured, else the listener.
func publicURL(cfg config.Config) string {
	if cfg.HTTP.PublicURL != "" {
		return cfg.HTTP.PublicURL
	}
	return "http://" + cfg.HTTP.Listen
}

// services are the long-running parts of `serve` beyond the crawl
// scheduler: the HTTP handler and the delivery dispatcher.
type services struct {
	handler    http.Handler
	runSenders func(ctx context.Context) error
}

// newMetrics builds the registry of serve: ours plus the Go runtime and
// process collectors.
func newMetrics() (*metrics.Metrics, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := metrics.New(reg)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return m, nil
}

func newServices(a *app, m *metrics.Metrics) *services {
	srv := server.New(server.Config{
		Listen:       a.cfg.HTTP.Listen,
		PublicURL:    publicURL(a.cfg),
		APIToken:     a.cfg.API.Token,
		MaxBodyBytes: a.cfg.HTTP.MaxBodyBytes,
		Sources:      serverSources(a.cfg.Sources),
	}, server.Deps{
		Store:    a.store,
		Index:    a.index,
		Notifier: serverNotifier{a.notifier},
		Metrics:  m,
	}, a.log)
	return &services{handler: srv.Handler(), runSenders: a.notifier.Run}
}

// serverSources lists the configured sources for /sources.
func serverSources(in []config.Source) []server.SourceInfo {
	out := make([]server.SourceInfo, len(in))
	for i, s := range in {
		out[i] = server.SourceInfo{Name: s.Name, Type: s.Type, Schedule: s.Schedule, Disabled: s.Disabled}
	}
	return out
}

// serverNotifier adapts the notifier to the server's small interface.
type serverNotifier struct{ n *notify.Notifier }

func (s serverNotifier) Test(ctx context.Context, sub doc.Subscription) error {
	_, err := s.n.Test(ctx, sub)
	return err
}

func (s serverNotifier) Validate(sub doc.Subscription) error { return s.n.Validate(sub) }

func (s serverNotifier) Backfill(ctx context.Context, sub doc.Subscription, since time.Time) (int, error) {
	return s.n.Backfill(ctx, sub, since)
}

// runNotifyCommand opens the app and runs subscribe, subscriptions or
// deliveries.
func runNotifyCommand(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	cfgPath, rest := extractConfigFlag(args)
	// The store and an in-memory query matcher suffice, so these commands
	// work while serve holds the search index.
	cfg, log, st, code := setupStore(ctx, cmd, cfgPath, false, stderr)
	if st == nil {
		return code
	}
	defer st.Close()
	n := notify.New(st, index.NewQueryMatcher(), notifyConfig(cfg), log)
	switch cmd {
	case "subscribe":
		return runSubscribe(ctx, st, n, rest, stdout, stderr)
	case "subscriptions":
		return runSubscriptions(ctx, st, n, rest, stdout, stderr)
	default:
		return runDeliveries(ctx, st, n, rest, stdout, stderr)
	}
}

// extractConfigFlag removes --config FILE (or --config=FILE) from args, so
// the notification commands keep their own flag sets.
func extractConfigFlag(args []string) (string, []string) {
	var path string
	rest := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--config" || a == "-config":
			if i+1 < len(args) {
				path = args[i+1]
				i++
			}
		case len(a) > 9 && a[:9] == "--config=":
			path = a[9:]
		case len(a) > 8 && a[:8] == "-config=":
			path = a[8:]
		default:
			rest = append(rest, a)
		}
	}
	return path, rest
}
