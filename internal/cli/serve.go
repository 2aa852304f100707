package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/store"
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
	c := addStoreFlags(fs, e)
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
	// Listen first: a busy or bad address fails before the store is
	// opened, which would create an empty SQLite file.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is in use (another crosscheck serve?); choose another with --addr, e.g. --addr 127.0.0.1:8081", *addr)
		}
		return err
	}
	defer ln.Close()
	// A SQLite file that does not exist yet is created empty: say so, as
	// a mistyped --db would otherwise serve an empty store in silence.
	created := false
	if p := *c.db; p != ":memory:" && !store.IsPostgres(p) {
		_, err := os.Stat(p)
		created = errors.Is(err, os.ErrNotExist)
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	logger := slog.New(slog.NewTextHandler(e.Stderr, nil))
	if *token == "" && !loopback(*addr) {
		logger.Warn("listening beyond this machine without --token: anyone who can reach "+ln.Addr().String()+" can submit articles; set --token (or CROSSCHECK_TOKEN), or --addr 127.0.0.1:PORT", slog.String("addr", *addr))
	}
	if created {
		logger.Warn("new empty store: analyse articles into it (crosscheck analyze --db "+*c.db+" …), or name another with --db", slog.String("db", *c.db))
	}
	analyzer := web.NewAnalyzer(a.Engine, &ingest.Fetcher{AllowPrivate: *allowPrivate, MaxBytes: *maxBody})
	srv, err := web.New(a.Store, analyzer, logger)
	if err != nil {
		return err
	}
	srv.Token, srv.MaxBody = *token, *maxBody
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

// loopback reports whether addr (HOST:PORT) listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
