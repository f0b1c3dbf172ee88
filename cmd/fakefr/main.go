// Command fakefr serves the fake Federal Register (internal/fakefr) with its
// default corpus, so exportwatch can be pointed at it offline:
//
//	go run ./cmd/fakefr -listen 127.0.0.1:8090
//
// then use base_url http://127.0.0.1:8090/api/v1 for the federalregister source
// and base_url http://127.0.0.1:8090 for a china-table-de press source.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/exportwatch/exportwatch/internal/fakefr"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("fakefr", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8090", "address to listen on")
	latency := fs.Duration("latency", 0, "delay every response by this much")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	// The demo corpus: the default one plus a tier change, a version diff
	// and a German press item (internal/fakefr/testdata/demo/README.md).
	corpus, err := fakefr.DemoCorpus()
	if err != nil {
		fmt.Fprintln(stderr, "fakefr:", err)
		return 1
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(stderr, "fakefr:", err)
		return 1
	}
	fake := fakefr.NewHandler(corpus, fakefr.WithLatency(*latency), fakefr.WithLogger(log))
	srv := &http.Server{Handler: fakefr.DemoHandler(fake.Handler()), ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("fake federal register listening", "base_url", "http://"+ln.Addr().String()+"/api/v1",
		"documents", len(corpus.Documents), "public_inspection", len(corpus.PublicInspection))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(stderr, "fakefr:", err)
			return 1
		}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintln(stderr, "fakefr: shutdown:", err)
		return 1
	}
	return 0
}
