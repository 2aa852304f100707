package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// submitter analyses web submissions with the engine, one at a time: the
// engine owns the clustering state and is not safe for concurrent use.
type submitter struct {
	mu      sync.Mutex
	eng     *engine.Engine
	fetcher *ingest.Fetcher
}

func (s *submitter) Submit(ctx context.Context, inputs []web.Input) (*web.SubmitResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := &web.SubmitResult{ArticleIDs: []int64{}, StoryIDs: []int64{}, Errors: []string{}, At: time.Now().UTC()}
	stories := map[int64]bool{}
	add := func(it ingest.Item) error {
		if it.Err != nil {
			res.Errors = append(res.Errors, it.Err.Error())
			return nil
		}
		r, err := s.eng.Add(ctx, it.Article)
		if err != nil {
			if news.ErrorCode(err) == news.EINTERNAL {
				return err
			}
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", it.Input, err))
			return nil
		}
		res.ArticleIDs = append(res.ArticleIDs, r.ArticleID)
		if r.Created {
			res.Stored++
		} else {
			res.Duplicates++
		}
		if !stories[r.StoryID] {
			stories[r.StoryID] = true
			res.StoryIDs = append(res.StoryIDs, r.StoryID)
		}
		return nil
	}
	for _, in := range inputs {
		var err error
		if in.URL != "" {
			err = ingest.Read(ctx, []string{in.URL}, ingest.Options{Fetcher: s.fetcher}, add)
		} else {
			err = ingest.ReadDocument(in.Name, in.ContentType, in.Body, add)
		}
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(res.StoryIDs, func(i, j int) bool { return res.StoryIDs[i] < res.StoryIDs[j] })
	return res, s.eng.Flush(ctx, nil)
}

func runServe(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "serve", "serve [--addr HOST:PORT] [--db PATH] [--token T] [--allow-private-urls]")
	c := addCommon(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", e.Getenv("CROSSCHECK_TOKEN"), "bearer token required by write endpoints (env CROSSCHECK_TOKEN); empty: none")
	allowPrivate := fs.Bool("allow-private-urls", false, "allow fetching submitted URLs on loopback, private and link-local addresses")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	logger := slog.New(slog.NewTextHandler(e.Stderr, nil))
	srv, err := web.New(a.Store, &submitter{eng: a.Engine, fetcher: &ingest.Fetcher{AllowPrivate: *allowPrivate}}, logger)
	if err != nil {
		return err
	}
	srv.Token = *token
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      120 * time.Second, // a submission fetches and analyses
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(e.Stderr, "crosscheck: serving http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let in-flight requests finish, then close the store
	// (deferred above).
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.Stderr, "crosscheck: stopped")
	return nil
}
