package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Input is one document submitted for analysis: a body with its content
// type, or a URL to fetch.
type Input struct {
	Name        string // a file name or label, used in error messages
	ContentType string // "" lets the reader guess from Name and the body
	Body        []byte
	URL         string // an article or feed to fetch instead of Body
}

// SubmitResult is what the analysis of submitted inputs did.
type SubmitResult struct {
	// Articles are the articles read, in input order, new or already stored.
	Articles []SubmittedArticle `json:"articles"`
	// ArticleIDs and StoryIDs repeat the articles' IDs and the stories they
	// belong to (each once, in order of first appearance).
	ArticleIDs []int64 `json:"article_ids"`
	StoryIDs   []int64 `json:"story_ids"`
	// Stored counts new articles, Duplicates those stored before.
	Stored     int `json:"stored"`
	Duplicates int `json:"duplicates"`
	// Errors are the inputs or records that could not be read or stored.
	Errors []InputError `json:"errors"`
	// Warnings are the articles read otherwise than asked: feed items
	// whose links could not be read, stored as their teasers.
	Warnings []InputError `json:"warnings"`
	At       time.Time    `json:"at"`
}

// SubmittedArticle is one article of a submission.
type SubmittedArticle struct {
	ID      int64  `json:"id"`
	StoryID int64  `json:"story_id"`
	Title   string `json:"title"`
	Input   string `json:"input"`
	// New is false when the article was already stored.
	New bool `json:"new"`
}

// InputError is an input, or a record or item of one, that failed.
type InputError struct {
	Input string `json:"input"`
	Error string `json:"error"`
}

// Pipeline is the analysis engine as the Analyzer drives it; *engine.Engine
// implements it. It need not be safe for concurrent use.
type Pipeline interface {
	Add(ctx context.Context, a *news.Article) (engine.AddResult, error)
	Flush(ctx context.Context, progress func(done, total int)) error
}

// Analyzer is the Submitter of a server with an engine: it reads inputs
// with ingest (fetching URLs through its Fetcher, which refuses private
// addresses unless told otherwise), adds the articles to the pipeline and
// flushes it, one submission at a time.
type Analyzer struct {
	pipe    Pipeline
	fetcher *ingest.Fetcher
	// gate spaces the link fetches of submitted feeds to one host, across
	// submissions.
	gate ingest.HostGate
	// turn is held by the submission being analysed: the engine runs one
	// analysis at a time. A channel rather than a mutex, so that a request
	// that gives up while waiting stops waiting.
	turn chan struct{}

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
}

// NewAnalyzer returns an Analyzer over p; fetcher nil fetches with a
// default ingest.Fetcher (public addresses only).
func NewAnalyzer(p Pipeline, fetcher *ingest.Fetcher) *Analyzer {
	if fetcher == nil {
		fetcher = &ingest.Fetcher{}
	}
	return &Analyzer{pipe: p, fetcher: fetcher, turn: make(chan struct{}, 1)}
}

// Submit analyses the inputs and reports what was stored. Inputs that
// cannot be read are reported in the result's Errors; the error return is
// for failures of the store or the engine. Once started, an analysis runs
// to its end even if ctx is cancelled, so that no story is left half
// analysed; ctx bounds the fetching of URLs, which happens before the
// submission waits for the engine, and that wait.
// Returns an "unavailable" error after Shutdown.
func (a *Analyzer) Submit(ctx context.Context, inputs []Input) (*SubmitResult, error) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil, news.Errorf(codeUnavailable, "the server is shutting down")
	}
	a.inflight.Add(1)
	a.mu.Unlock()
	defer a.inflight.Done()

	// Read and fetch every input first: a slow URL must not hold the
	// engine, which other submissions wait for. The links of feeds are
	// read until submitLinkTime after the start, so that the analysis
	// still fits in the server's write timeout.
	linkDeadline := time.Now().Add(submitLinkTime)
	var items []ingest.Item
	collect := func(it ingest.Item) error {
		items = append(items, it)
		return nil
	}
	for _, in := range inputs {
		var err error
		if in.URL != "" {
			// A feed's teaser items are read from their links, at most
			// submitFeedLinks of them, a second apart per host across
			// submissions, until linkDeadline: the request waits for
			// them.
			err = ingest.Read(ctx, []string{in.URL}, ingest.Options{Fetcher: a.fetcher, MaxFeedLinks: submitFeedLinks, LinkGate: &a.gate, LinkDeadline: linkDeadline}, collect)
		} else {
			err = ingest.ReadDocument(in.Name, in.ContentType, in.Body, collect)
		}
		if err != nil {
			return nil, err
		}
	}

	select {
	case a.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.turn }()

	work := context.WithoutCancel(ctx)
	res := &SubmitResult{Articles: []SubmittedArticle{}, ArticleIDs: []int64{}, StoryIDs: []int64{}, Errors: []InputError{}, Warnings: []InputError{}, At: time.Now().UTC()}
	stories := map[int64]bool{}
	add := func(it ingest.Item) error {
		if it.Err != nil {
			res.Errors = append(res.Errors, InputError{Input: it.Input, Error: news.ErrorMessage(it.Err)})
			return nil
		}
		if it.Warning != nil {
			res.Warnings = append(res.Warnings, InputError{Input: it.Input, Error: news.ErrorMessage(it.Warning)})
		}
		r, err := a.pipe.Add(work, it.Article)
		if err != nil {
			if news.ErrorCode(err) == news.EINTERNAL {
				return fmt.Errorf("add %s: %w", it.Input, err)
			}
			res.Errors = append(res.Errors, InputError{Input: it.Input, Error: news.ErrorMessage(err)})
			return nil
		}
		res.Articles = append(res.Articles, SubmittedArticle{ID: r.ArticleID, StoryID: r.StoryID, Title: it.Article.Title, Input: it.Input, New: r.Created})
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
	var err error
	for _, it := range items {
		if err = add(it); err != nil {
			break
		}
	}
	// Whatever was added is analysed, even when a later input failed.
	if ferr := a.pipe.Flush(work, nil); ferr != nil && err == nil {
		err = fmt.Errorf("analyse: %w", ferr)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Shutdown refuses new submissions and waits for those under way to
// finish, or for ctx to end.
func (a *Analyzer) Shutdown(ctx context.Context) error {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() {
		a.inflight.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// submitFeedLinks caps the teaser items of a submitted feed whose links
// are read (the command line reads up to ingest.DefaultMaxFeedLinks).
const submitFeedLinks = 5

// submitLinkTime is the time after the start of a submission by which the
// links of its feeds are read: under half of serve's 120 s write timeout,
// which also holds the fetch of the feed before them and the analysis
// after.
const submitLinkTime = 50 * time.Second
