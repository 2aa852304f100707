package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store"
)

// ingestFlags are the input-reading flags of analyze, ingest and feeds poll.
type ingestFlags struct {
	maxBytes     *int64
	timeout      *time.Duration
	allowPrivate *bool
	fetchLinks   *ingest.LinkPolicy
	maxLinks     *int
}

func addIngestFlags(fs interface {
	Int64(string, int64, string) *int64
	Int(string, int, string) *int
	Duration(string, time.Duration, string) *time.Duration
	Bool(string, bool, string) *bool
	Var(flag.Value, string, string)
}) ingestFlags {
	f := ingestFlags{
		maxBytes:     fs.Int64("max-bytes", ingest.DefaultMaxBytes, "size cap of one input file, page or feed, in bytes"),
		timeout:      fs.Duration("timeout", 30*time.Second, "time limit of one URL fetch"),
		allowPrivate: fs.Bool("allow-private-urls", false, "allow fetching URLs on loopback, private and link-local addresses"),
		fetchLinks:   new(ingest.LinkPolicy),
		maxLinks:     fs.Int("max-feed-links", ingest.DefaultMaxFeedLinks, "links of teaser feed items fetched per feed at most"),
	}
	fs.Var(f.fetchLinks, "fetch-links", "fetch the article a teaser feed item links to (auto: for feed URLs and polled feeds, not feed files)")
	return f
}

// check rejects sizes and durations that would refuse every input.
func (f ingestFlags) check() error {
	if *f.maxBytes <= 0 {
		return fmt.Errorf("%w: --max-bytes must be positive, not %d", errUsage, *f.maxBytes)
	}
	if *f.timeout <= 0 {
		return fmt.Errorf("%w: --timeout must be positive, not %s", errUsage, *f.timeout)
	}
	if *f.maxLinks < 0 {
		return fmt.Errorf("%w: --max-feed-links must not be negative, not %d", errUsage, *f.maxLinks)
	}
	return nil
}

// parseFormat parses the flags of a command and checks its --format.
func parseFormat(fs *flag.FlagSet, args []string, format *string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	return checkFormat(*format)
}

// parseIngest parses the flags of a command that ingests (analyze,
// ingest, feeds poll) and checks --format and the ingest flags.
func parseIngest(fs *flag.FlagSet, args []string, c commonFlags, inf ingestFlags) error {
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	return inf.check()
}

// stdinHint tells a user who gave - with nothing piped in that the run
// waits for typed input: it would otherwise seem to hang.
func stdinHint(e *Env, inputs []string) {
	if e.StdinIsTerminal && slices.Contains(inputs, "-") {
		fmt.Fprintln(e.Stderr, "crosscheck: reading standard input; type or paste the article, then end it with Ctrl-D (Ctrl-Z, Enter on Windows)")
	}
}

func (f ingestFlags) options(e *Env) ingest.Options {
	return ingest.Options{
		Stdin:    e.Stdin,
		MaxBytes: *f.maxBytes,
		Fetcher:  &ingest.Fetcher{Timeout: *f.timeout, MaxBytes: *f.maxBytes, AllowPrivate: *f.allowPrivate},
		// --fetch-links=false, or --max-feed-links 0: no link is fetched.
		FeedLinks:    linkPolicy(f),
		MaxFeedLinks: *f.maxLinks,
	}
}

// linkPolicy is --fetch-links, off when --max-feed-links is 0.
func linkPolicy(f ingestFlags) ingest.LinkPolicy {
	if *f.maxLinks == 0 {
		return ingest.LinksOff
	}
	return *f.fetchLinks
}

// added is one article of a run with the input it came from.
type added struct {
	input string
	res   engine.AddResult
}

// addBatch is the number of articles runBatch stores at once.
const addBatch = 100

// flushEvery is the number of articles after which runBatch analyses the
// stories they touched. A story is analysed again when a later article
// joins it.
const flushEvery = 2000

// batchGCPercent is the garbage collector's GOGC during a batch run.
const batchGCPercent = 200

// runBatch reads the inputs, adds every article to the engine, hands each
// result to sink and analyses the touched stories. Input failures are
// printed on stderr as they happen and counted in tally; they do not stop
// the batch. runBatch itself keeps nothing per article, so memory stays
// bounded on an endless stream when sink does too.
func runBatch(ctx context.Context, e *Env, a *app, inputs []string, opts ingest.Options, tally *runTally, sink func(added)) error {
	// A run allocates far more than the working set its caches bound: a
	// collection when the heap reaches three times the live heap instead
	// of twice (GOGC=200) costs a tenth less CPU for about 100 MB more
	// (docs/scaling.md, End-to-end analysis). GOGC, when set, decides.
	if e.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(batchGCPercent))
	}
	var bar *progressbar.ProgressBar
	if e.StderrIsTerminal {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(e.Stderr), progressbar.OptionSetDescription("reading"),
			progressbar.OptionShowCount(), progressbar.OptionSetItsString("articles"), progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	stdinHint(e, inputs)
	sinceFlush := 0
	fail := func(input string, err error) {
		tally.fail(input, err)
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(e.Stderr, "crosscheck: %v\n", err)
	}
	// Articles are stored addBatch at a time (one transaction), then
	// clustered one by one in publication order (engine.AddBatch) and
	// reported in input order, as they were read; read failures are
	// reported in that order too.
	// A stream on standard input may be slow or endless: each of its
	// articles is stored as soon as it is read, as an interrupt must not
	// lose what was read and cannot be read again.
	size := addBatch
	if slices.Contains(inputs, "-") {
		size = 1
	}
	var batch []ingest.Item
	var arts []*news.Article
	var at []int // index in batch of each of arts
	run := func() error {
		defer func() { batch, arts, at = batch[:0], arts[:0], at[:0] }()
		for i, it := range batch {
			if it.Err == nil {
				arts, at = append(arts, it.Article), append(at, i)
			}
		}
		next := 0 // the next item of batch to report
		failed := func(upto int) {
			for ; next < upto; next++ {
				fail(batch[next].Input, batch[next].Err)
			}
		}
		if len(arts) > 0 {
			err := a.Engine.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
				failed(at[i])
				next++
				input := batch[at[i]].Input
				if errors.Is(err, engine.ErrNotClustered) {
					// The batch stopped at a later article in publication
					// order; the ones clustered after this one in the
					// input are reported still.
					fail(input, fmt.Errorf("%s: %w", input, err))
					return nil
				}
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					if news.ErrorCode(err) == news.EINTERNAL {
						return fmt.Errorf("%s: %w", input, err)
					}
					fail(input, fmt.Errorf("%s: %w", input, err))
					return nil
				}
				tally.add(res)
				if sink != nil {
					sink(added{input: input, res: res})
				}
				// On a long stream, analyse the touched stories every
				// flushEvery articles, so that analyses appear while it
				// runs and the set of pending stories stays bounded.
				if sinceFlush++; sinceFlush >= flushEvery {
					sinceFlush = 0
					if err := a.Engine.Flush(ctx, nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return err
			}
		}
		failed(len(batch))
		return nil
	}
	err := ingest.Read(ctx, inputs, opts, func(it ingest.Item) error {
		if bar != nil {
			bar.Add(1)
		}
		if it.Warning != nil {
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintf(e.Stderr, "crosscheck: warning: %v\n", it.Warning)
		}
		if batch = append(batch, it); len(batch) >= size {
			return run()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = run()
	}
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return err
	}
	var progress func(done, total int)
	if e.StderrIsTerminal && len(a.Engine.Pending()) > 20 {
		sbar := progressbar.NewOptions(len(a.Engine.Pending()), progressbar.OptionSetWriter(e.Stderr),
			progressbar.OptionSetDescription("analysing stories"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		progress = func(done, total int) { sbar.Set(done) }
	}
	return a.Engine.Flush(ctx, progress)
}

// maxListedErrors is how many input errors a run summary lists; every
// error is still printed on stderr and counted.
const maxListedErrors = 1000

// runTally counts what a run stored in constant memory per article. The
// stories it touched are bits of a bitmap indexed by story ID from the
// first one it saw (IDs are dense, never reused, and a stream's new stories
// take the next ones), so a day of a million articles costs a few tens of
// kilobytes however large the IDs are; older stories a run revives go to a
// map.
type runTally struct {
	inputs, articles, stored, duplicates, failed int
	errors                                       []InputError
	base                                         int64 // story ID of bit 0
	stories                                      []uint64
	older                                        map[int64]bool
	nstories                                     int
}

func (t *runTally) add(res engine.AddResult) {
	t.articles++
	if res.Created {
		t.stored++
	} else {
		t.duplicates++
	}
	id := res.StoryID
	switch {
	case id <= 0:
	case t.base == 0 || id >= t.base:
		if t.base == 0 {
			t.base = id
		}
		w, b := int((id-t.base)/64), uint((id-t.base)%64)
		if w >= len(t.stories) {
			t.stories = append(t.stories, make([]uint64, w+1-len(t.stories))...)
		}
		if t.stories[w]&(1<<b) == 0 {
			t.stories[w] |= 1 << b
			t.nstories++
		}
	case !t.older[id]:
		if t.older == nil {
			t.older = map[int64]bool{}
		}
		t.older[id] = true
		t.nstories++
	}
}

func (t *runTally) fail(input string, err error) {
	t.failed++
	if len(t.errors) < maxListedErrors {
		t.errors = append(t.errors, InputError{Input: input, Error: err.Error()})
	}
}

// err is the run's outcome: nil, errPartial when some inputs failed and
// some articles were read, errNothingRead when every input failed.
func (t *runTally) err() error {
	return outcome(t.failed, t.articles)
}

// outcome is the end of a run that read articles and had failed inputs
// fail (see runTally.err).
func outcome(failed, articles int) error {
	switch {
	case failed == 0:
		return nil
	case articles == 0:
		return errNothingRead
	}
	return errPartial
}

// errNothingRead ends a run in which every input failed: Main exits with
// ExitFailure, not ExitPartial.
var errNothingRead = errors.New("every input failed; no article was read")

func (t *runTally) summary() RunSummary {
	return RunSummary{Inputs: t.inputs, Articles: t.articles, Stored: t.stored, Duplicates: t.duplicates, Failed: t.failed, Stories: t.nstories}
}

func runAnalyze(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "analyze", "analyze [flags] INPUT...\n\nINPUT is a file, a directory (read recursively), an http(s) URL, or - for standard input.\nText, HTML, RSS/Atom/JSON feeds and JSON Lines are recognised by extension and content.")
	c := addCommon(fs, e)
	inf := addIngestFlags(fs)
	withText := fs.Bool("text", false, "include each article's text and sentences in the JSON report")
	if err := parseIngest(fs, args, c, inf); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no inputs (give files, directories, URLs or -)", errUsage)
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	tally := &runTally{inputs: fs.NArg()}
	var got []added // the report lists every article, so analyze keeps one record each
	// and the last analysis saved of each, which the report would
	// otherwise read back and decode.
	mine := map[int64]bool{}
	saved := map[int64]*news.Analysis{}
	a.Engine.Saved = func(ans []*news.Analysis) {
		for _, an := range ans {
			if mine[an.ArticleID] {
				saved[an.ArticleID] = an
			}
		}
	}
	sink := func(g added) {
		got = append(got, g)
		mine[g.res.ArticleID] = true
	}
	if err := runBatch(ctx, e, a, fs.Args(), inf.options(e), tally, sink); err != nil {
		return err
	}
	rep, err := buildReport(ctx, a.Store, tally, got, saved, *withText)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		if err := writeJSON(e.Stdout, rep); err != nil {
			return err
		}
	} else {
		rep.Show = showCommand(*c.db, defaultDB(e))
		writeTextReport(e.Stdout, rep)
	}
	return tally.err()
}

func runIngest(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "ingest", "ingest [flags] INPUT...")
	c := addCommon(fs, e)
	inf := addIngestFlags(fs)
	queue := fs.Bool("queue", false, "store the articles and queue them instead of analysing them here, for 'crosscheck worker' (PostgreSQL)")
	if err := parseIngest(fs, args, c, inf); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no inputs", errUsage)
	}
	if *queue {
		return runEnqueue(ctx, e, c, fs.Args(), inf.options(e))
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	tally := &runTally{inputs: fs.NArg()}
	if err := runBatch(ctx, e, a, fs.Args(), inf.options(e), tally, nil); err != nil {
		return err
	}
	sum := tally.summary()
	if *c.format == "json" {
		errs := tally.errors
		if errs == nil {
			errs = []InputError{}
		}
		if err := writeJSON(e.Stdout, IngestSummary{RunSummary: sum, Errors: errs}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.Stdout, "%s: %d stored, %d already stored (nothing stored again), %d failed, in %s\n",
			count(sum.Articles, "article"), sum.Stored, sum.Duplicates, sum.Failed, count(sum.Stories, "story"))
	}
	return tally.err()
}

// buildReport reads back what a run stored and analysed; saved holds
// analyses the run saved, by article ID, which need not be read again.
func buildReport(ctx context.Context, st news.Store, tally *runTally, got []added, saved map[int64]*news.Analysis, withText bool) (*Report, error) {
	rep := &Report{Summary: tally.summary(), Stories: []ReportStory{}, Articles: []ReportArticle{}, Errors: tally.errors}
	if rep.Errors == nil {
		rep.Errors = []InputError{}
	}
	seen := map[int64]bool{}
	storyArts := map[int64][]*news.Article{}
	var storyOrder []int64
	input := map[int64]string{}
	isNew := map[int64]bool{}
	for _, g := range got {
		if seen[g.res.ArticleID] {
			continue
		}
		seen[g.res.ArticleID] = true
		input[g.res.ArticleID], isNew[g.res.ArticleID] = g.input, g.res.Created
		art, err := st.FindArticleByID(ctx, g.res.ArticleID)
		if err != nil {
			return nil, err
		}
		if _, ok := storyArts[art.StoryID]; !ok {
			storyOrder = append(storyOrder, art.StoryID)
		}
		storyArts[art.StoryID] = append(storyArts[art.StoryID], art)
	}
	for _, sid := range storyOrder {
		s, err := st.FindStoryByID(ctx, sid)
		if err != nil {
			return nil, err
		}
		arts := storyArts[sid]
		engine.SortArrival(arts)
		rs := ReportStory{Story: s}
		for _, art := range arts {
			rs.ArticleIDs = append(rs.ArticleIDs, art.ID)
			an, ok := saved[art.ID]
			if !ok {
				var err error
				an, err = st.FindAnalysis(ctx, art.ID)
				if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
					return nil, err
				}
			}
			rep.Articles = append(rep.Articles, newReportArticle(art, an, input[art.ID], isNew[art.ID], withText))
		}
		rep.Stories = append(rep.Stories, rs)
	}
	return rep, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runShow(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "show", "show [flags] ARTICLE-ID")
	c := addReadFlags(fs, e)
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: show takes one article ID", errUsage)
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: %q is not an article ID", errUsage, fs.Arg(0))
	}
	st, err := openExisting(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	art, err := st.FindArticleByID(ctx, id)
	if err != nil {
		return err
	}
	an, err := st.FindAnalysis(ctx, id)
	if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
		return err
	}
	ra := newReportArticle(art, an, "", false, true)
	if *c.format == "json" {
		return writeJSON(e.Stdout, ra)
	}
	writeTextArticle(e.Stdout, &ra, 0, "")
	fmt.Fprintf(e.Stdout, "\n%s\n", cleanLines(art.Text))
	return nil
}

func runStories(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "stories", "stories [flags]")
	c := addReadFlags(fs, e)
	limit := fs.Int("limit", 50, "at most this many stories, most recently active first; 0 lists every story")
	outlet := fs.String("outlet", "", "only stories with an article from this outlet")
	minRisk := fs.Float64("min-risk", 0, "only stories whose riskiest article has at least this risk")
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: stories takes no arguments, got %q", errUsage, fs.Arg(0))
	}
	if *minRisk < 0 || *minRisk > 1 {
		return fmt.Errorf("%w: --min-risk must be between 0 and 1 (risks are), not %v", errUsage, *minRisk)
	}
	if *limit < 0 {
		return fmt.Errorf("%w: --limit must be 0 (every story) or more, not %d", errUsage, *limit)
	}
	st, err := openExisting(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	f := news.StoryFilter{Limit: *limit, NonEmpty: true}
	if *outlet != "" {
		f.Outlet = outlet
	}
	if *minRisk > 0 {
		f.MinRisk = minRisk
	}
	stories, total, err := st.FindStories(ctx, f)
	if err != nil {
		return err
	}
	out := []ReportStory{}
	for _, s := range stories {
		sid := s.ID
		arts, _, err := st.FindArticles(ctx, news.ArticleFilter{StoryID: &sid})
		if err != nil {
			return err
		}
		rs := ReportStory{Story: s}
		for _, a := range arts {
			rs.ArticleIDs = append(rs.ArticleIDs, a.ID)
		}
		out = append(out, rs)
		if *c.format == "text" {
			fmt.Fprintf(e.Stdout, "Story %d: %s\n  %s, %s%s%s, max risk %.2f\n", s.ID, oneLine(untitled(s.Title), 200), count(s.ArticleCount, "article"), outlets(len(s.Outlets), s.ArticleCount), langs(s.Langs), span(s.FirstSeen, s.LastSeen, s.Undated), s.MaxRisk)
			for _, a := range arts {
				fmt.Fprintf(e.Stdout, "    #%-4d %-28s %s\n", a.ID, oneLine(orDash(a.Outlet), 28), oneLine(untitled(a.Title), 70))
			}
		}
	}
	if *c.format == "json" {
		return writeJSON(e.Stdout, map[string]any{"total": total, "stories": out})
	}
	switch {
	case len(stories) == 0 && (*outlet != "" || *minRisk > 0):
		fmt.Fprintln(e.Stdout, "No stories match.")
	case len(stories) == 0:
		fmt.Fprintln(e.Stdout, "No stories yet: analyze or ingest articles into this store first.")
	}
	if total > len(stories) {
		fmt.Fprintf(e.Stdout, "(%d of %d stories; --limit shows more)\n", len(stories), total)
	}
	return nil
}

func openStore(ctx context.Context, c commonFlags) (news.Store, error) {
	return storeOpen(ctx, *c.db)
}

// openExisting opens the store for a command that only reads it: a SQLite
// file that does not exist is an error, not a new empty database left
// behind.
func openExisting(ctx context.Context, c commonFlags) (news.Store, error) {
	if p := *c.db; p != "" && p != ":memory:" && !store.IsPostgres(p) {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return nil, news.Errorf(news.ENOTFOUND, "%s: no such database (analyze or ingest articles into it first, or name another with --db)", p)
		}
	}
	return openStore(ctx, c)
}

func runRecluster(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "recluster", "recluster [--db PATH] [--model FILE]")
	c := addCommon(fs, e)
	modelPath := fs.String("model", "", "clustering model file (default: the shipped model)")
	if err := parseFormat(fs, args, c.format); err != nil {
		return err
	}
	m, err := modelFromFlag(*modelPath, cluster.DefaultModel, cluster.LoadModel)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, c)
	if err != nil {
		return err
	}
	defer a.Close()
	var progress func(done, total int)
	if e.StderrIsTerminal {
		var bar *progressbar.ProgressBar
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.Stderr), progressbar.OptionSetDescription("re-clustering"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	sc := &engine.StoryClusterer{Store: a.Store, C: cluster.New(m, cluster.Options{})}
	if err := a.Engine.Recluster(ctx, sc, progress); err != nil {
		return err
	}
	_, n, err := a.Store.FindStories(ctx, news.StoryFilter{Limit: 1, NonEmpty: true})
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(e.Stdout, map[string]int{"stories": n})
	}
	fmt.Fprintf(e.Stdout, "re-clustered every stored article into %d stories\n", n)
	return nil
}

// runEnqueue stores the articles and queues one job per article for the
// workers. Articles are stored and queued in batches of enqueueBatch, a
// few statements per batch (news.CreateArticles); a batch holding an
// article the store refuses is stored one by one, so that only that
// article fails.
func runEnqueue(ctx context.Context, e *Env, c commonFlags, inputs []string, opts ingest.Options) error {
	st, err := storeOpen(ctx, *c.db)
	if err != nil {
		return err
	}
	defer st.Close()
	q, ok := st.(interface {
		Enqueue(ctx context.Context, ids ...int64) error
	})
	if !ok {
		return fmt.Errorf("%w: --queue needs a postgres:// --db", errUsage)
	}
	stdinHint(e, inputs)
	start := time.Now()
	// Reading and preparing the next batch (tokenizing, sentences, credit
	// lines) runs while the previous one is stored: the two take about
	// the same time, and the database works while the reader does.
	batches := make(chan []ingest.Item, 2)
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var readFailed int
	var readErrs, storeErrs []InputError // the reader's are read once it is done
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		var batch []ingest.Item
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]ingest.Item, 0, enqueueBatch)
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		}
		err := ingest.Read(readCtx, inputs, opts, func(it ingest.Item) error {
			if it.Err != nil {
				readFailed++
				if len(readErrs) < maxListedErrors {
					readErrs = append(readErrs, InputError{Input: it.Input, Error: it.Err.Error()})
				}
				fmt.Fprintf(e.Stderr, "crosscheck: %v\n", it.Err)
				return nil
			}
			if it.Warning != nil {
				fmt.Fprintf(e.Stderr, "crosscheck: warning: %v\n", it.Warning)
			}
			batch = append(batch, it)
			if len(batch) >= enqueueBatch {
				return send()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send()
		}
		readErr <- err
	}()
	var stored, dup, failed int
	store := func(batch []ingest.Item) error {
		arts := make([]*news.Article, len(batch))
		for i, it := range batch {
			arts[i] = it.Article
		}
		created, refused, err := news.CreateArticles(ctx, st, arts)
		if err != nil {
			return err
		}
		var ids []int64
		for i, a := range arts {
			if refused[i] != nil {
				failed++
				if len(storeErrs) < maxListedErrors {
					storeErrs = append(storeErrs, InputError{Input: batch[i].Input, Error: refused[i].Error()})
				}
				fmt.Fprintf(e.Stderr, "crosscheck: %s: %v\n", batch[i].Input, refused[i])
				continue
			}
			ids = append(ids, a.ID)
			if created[i] {
				stored++
			} else {
				dup++
			}
		}
		return q.Enqueue(ctx, ids...)
	}
	for batch := range batches {
		if err := store(batch); err != nil {
			// The deferred cancel stops the reader at its next article;
			// it is not waited for, as it may be blocked reading stdin.
			return err
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	failed += readFailed
	secs := time.Since(start).Seconds()
	if *c.format == "json" {
		errs := append(append([]InputError{}, readErrs...), storeErrs...)
		if err := writeJSON(e.Stdout, EnqueueSummary{Queued: stored + dup, AlreadyStored: dup, Failed: failed, Seconds: secs,
			ArticlesPerS: float64(stored+dup) / max(secs, 1e-9), Errors: errs[:min(len(errs), maxListedErrors)]}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.Stdout, "%d articles queued (%d already stored), %d failed, in %.1f s (%.0f articles/s)\n",
			stored+dup, dup, failed, secs, float64(stored+dup)/max(secs, 1e-9))
	}
	return outcome(failed, stored+dup)
}

// enqueueBatch is the number of articles `ingest --queue` stores and
// queues at once.
const enqueueBatch = 500
