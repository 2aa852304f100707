package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// Server timeouts. A write may fetch a page and analyse a story, which is
// what WriteTimeout leaves room for.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 120 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 30 * time.Second
)

func runServe(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--addr HOST:PORT] [--db PATH] [--token T] [--allow-private-urls] [--max-body BYTES]")
	c := addCommon(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", e.Getenv("CROSSCHECK_TOKEN"), "bearer token required by every write (env CROSSCHECK_TOKEN); empty: none")
	allowPrivate := fs.Bool("allow-private-urls", false, "let submitted URLs reach loopback, private and link-local addresses")
	maxBody := fs.Int64("max-body", 10<<20, "largest request body in bytes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments", errUsage)
	}
	if *maxBody <= 0 {
		return fmt.Errorf("%w: --max-body must be positive", errUsage)
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	logger := slog.New(slog.NewTextHandler(e.Stderr, nil))
	analyzer := web.NewAnalyzer(a.Engine, &ingest.Fetcher{AllowPrivate: *allowPrivate, MaxBytes: *maxBody})
	srv, err := web.New(a.Store, analyzer, logger)
	if err != nil {
		return err
	}
	srv.Token, srv.MaxBody = *token, *maxBody
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	logger.Info("serving", slog.String("url", "http://"+ln.Addr().String()), slog.Bool("token", *token != ""), slog.Bool("allow_private_urls", *allowPrivate))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop in order: stop accepting and let in-flight requests finish, then
	// wait for any analysis still running, then close the store (deferred).
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = hs.Shutdown(sctx)
	if err != nil {
		_ = hs.Close()
	}
	if aerr := analyzer.Shutdown(sctx); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}
