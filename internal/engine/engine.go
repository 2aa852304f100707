// Package engine runs crosscheck's analysis pipeline over a store: it stores
// each prepared article (idempotently), assigns it to a story, and re-runs the
// story-level stages (quotes, reuse, credibility) for every story whose
// membership changed, saving one news.Analysis per article.
//
// The stages are one-method interfaces composed by the Engine, so that each
// analysis package stays pure and each can be replaced by a fake in tests.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Clusterer assigns an article to a story. Implementations return the store
// ID of the story, creating it in the store when the article starts one.
type Clusterer interface {
	Assign(ctx context.Context, a *news.Article) (storyID int64, err error)
}

// Observer is told about every article the engine has stored and assigned,
// before any story is analysed, so that corpus-wide indexes (near-duplicates,
// sentences and quotes of other stories) are complete when stages run.
type Observer interface {
	Observe(ctx context.Context, a *news.Article) error
}

// StoryStage analyses one story. Stages run in order and each fills its part
// of the analyses in w.
type StoryStage interface {
	AnalyzeStory(ctx context.Context, w *StoryWork) error
}

// StoryWork is one story under analysis.
type StoryWork struct {
	Story *news.Story
	// Articles are the story's articles in arrival order: by publication
	// time, articles without one last, then by ID.
	Articles []*news.Article
	// Analyses holds one analysis per article ID, created empty by the engine.
	Analyses map[int64]*news.Analysis
}

// Other returns the story's articles other than a.
func (w *StoryWork) Other(a *news.Article) []*news.Article {
	out := make([]*news.Article, 0, len(w.Articles)-1)
	for _, o := range w.Articles {
		if o.ID != a.ID {
			out = append(out, o)
		}
	}
	return out
}

// Engine is the pipeline. It is not safe for concurrent use: one Engine owns
// the clustering state of its process.
type Engine struct {
	Store     news.Store
	Clusterer Clusterer
	Observers []Observer
	Stages    []StoryStage
	Logger    *slog.Logger
	Now       func() time.Time
	// Saved, when set, is called with the analyses of each story once they
	// are saved; they are then the callee's to keep (the engine does not
	// change them again), not to change.
	Saved func(ans []*news.Analysis)

	pending map[int64]bool // stories touched since the last Flush

	// While AddBatch holds its clusterer's assignments (see Deferrer),
	// the articles assigned are told to the observers, and their stories
	// marked for analysis, only once the assignments are stored.
	holding     bool
	held        []*news.Article
	heldPending map[int64]bool
}

// Deferrer is a Clusterer that can hold the assignments it makes and
// store them together: AddBatch stores a batch's assignments in one
// write instead of one per article (StoryClusterer on a store with
// AssignArticles).
type Deferrer interface {
	// Defer makes the next Assigns hold their writes until Commit; false
	// when the clusterer cannot (it then writes each as before).
	Defer() bool
	// Commit stores the held assignments, or none of them: on an error
	// the clusterer starts again from the store at its next Assign.
	Commit(ctx context.Context) error
}

// AddResult says what Add did with one article.
type AddResult struct {
	ArticleID int64
	StoryID   int64
	// Created is false when the article was already stored (same canonical
	// URL or same text); it is then neither re-clustered nor re-stored.
	Created bool
}

// Add stores a prepared article, assigns it to a story and tells the
// observers. Story analyses run at Flush. Returns EINVALID for an article
// the store rejects; nothing is stored then.
func (e *Engine) Add(ctx context.Context, a *news.Article) (AddResult, error) {
	var res AddResult
	var addErr error
	err := e.AddBatch(ctx, []*news.Article{a}, func(_ int, r AddResult, err error) error {
		res, addErr = r, err
		return nil
	})
	if err != nil {
		return AddResult{}, err
	}
	return res, addErr
}

// AddBatch stores arts in one round (news.CreateArticles: a transaction,
// not one per article), then clusters each as Add would, in publication
// order (see clusterOrder). Then it calls fn with each article's index
// and what Add would have returned for it, in input order, so that the
// caller can report each and analyse the touched stories (Flush); an
// error from fn stops the calls. err is a failure of the store, after
// which fn is not called for the articles after the last one clustered;
// one before it that the stop left out gets ErrNotClustered. Articles a
// stopped batch stored but did not cluster are clustered when added again
// (see Add).
//
// On a store that processes share (news.AssignerLocker: PostgreSQL, and
// SQLite's file lock) the batch is stored and clustered under the
// assigner lock: an article another process has stored but not yet
// clustered looks like one a stopped run left, and would be clustered
// twice.
func (e *Engine) AddBatch(ctx context.Context, arts []*news.Article, fn func(i int, res AddResult, err error) error) error {
	res := make([]AddResult, len(arts))
	errs := make([]error, len(arts))
	reached := 0
	var stopped error // the store's failure that stopped the batch
	add := func() error {
		if s, ok := e.Clusterer.(interface{ Sync(context.Context) error }); ok {
			// Under the lock, the stories other processes changed are
			// all in the store: cluster against them.
			if err := s.Sync(ctx); err != nil {
				return err
			}
		}
		created, refused, err := news.CreateArticles(ctx, e.Store, arts)
		if err != nil {
			return fmt.Errorf("store %d articles: %w", len(arts), err)
		}
		d, ok := e.Clusterer.(Deferrer)
		if ok && d.Defer() {
			// The batch's assignments in one write. Should it fail, the
			// clusterer starts again from the store and the batch is
			// clustered again article by article, as without a Deferrer.
			e.holding, e.held, e.heldPending = true, nil, map[int64]bool{}
			err := e.clusterHeld(ctx, d, arts, created, refused, res, errs, &reached, &stopped)
			e.holding = false
			// What was clustered before a failure that stopped the batch
			// is stored, as each article was before.
			cerr := d.Commit(context.WithoutCancel(ctx))
			held := e.held
			e.held = nil
			if err != nil {
				e.heldPending = nil
				return err // before any assignment
			}
			if err = cerr; err == nil {
				pending := e.heldPending
				e.heldPending = nil
				e.release(ctx, held, pending)
				return nil
			}
			e.heldPending = nil
			clear(res)
			clear(errs)
			reached, stopped = 0, nil
		}
		return e.cluster(ctx, arts, created, refused, res, errs, &reached, &stopped)
	}
	if err := e.locked(ctx, add); err != nil {
		return err
	}
	for i := range reached {
		if err := fn(i, res[i], errs[i]); err != nil {
			return err
		}
	}
	if stopped != nil {
		return stopped
	}
	return nil
}

// release shows the observers the articles a committed batch held and
// marks their stories for analysis, as adding each by itself would have.
func (e *Engine) release(ctx context.Context, held []*news.Article, pending map[int64]bool) {
	for _, a := range held {
		e.observe(ctx, a)
	}
	for id := range pending {
		e.Touch(id)
	}
}

// clusterHeld runs cluster while the Deferrer d holds the assignments.
// Should clustering panic (a server recovers and goes on with this
// engine), the engine stops holding and d writes what the clusterer has
// counted, so that the store stays in step with it, before the panic goes
// on.
func (e *Engine) clusterHeld(ctx context.Context, d Deferrer, arts []*news.Article, created []bool, refused []error, res []AddResult, errs []error, reached *int, stopped *error) error {
	defer func() {
		if r := recover(); r != nil {
			held, pending := e.held, e.heldPending
			e.holding, e.held, e.heldPending = false, nil, nil
			if d.Commit(context.WithoutCancel(ctx)) == nil { // on failure the clusterer starts again from the store
				e.release(ctx, held, pending)
			}
			panic(r)
		}
	}()
	return e.cluster(ctx, arts, created, refused, res, errs, reached, stopped)
}

// cluster clusters the articles of a batch that CreateArticles stored
// (created, refused), filling res and errs up to *reached and setting
// *stopped when a failure of the store stops the batch.
func (e *Engine) cluster(ctx context.Context, arts []*news.Article, created []bool, refused []error, res []AddResult, errs []error, reached *int, stopped *error) error {
	// Articles stored before (a re-run) are asked about in one query:
	// those left unclustered or unanalysed by a run that stopped.
	var dups []int64
	for i, a := range arts {
		if refused[i] == nil && !created[i] {
			dups = append(dups, a.ID)
		}
	}
	unfinished := map[int64]bool{}
	if len(dups) > 0 {
		left, err := e.Store.Unanalysed(ctx, dups)
		if err != nil {
			return fmt.Errorf("check %d stored articles: %w", len(dups), err)
		}
		for _, id := range left {
			unfinished[id] = true
		}
	}
	order := clusterOrder(arts)
	ran := make([]bool, len(arts))
	for _, i := range order {
		ran[i] = true
		if errs[i] = refused[i]; errs[i] != nil {
			continue
		}
		res[i], errs[i] = e.addCreated(ctx, arts[i], created[i], unfinished[arts[i].ID])
		if errs[i] != nil && (ctx.Err() != nil || news.ErrorCode(errs[i]) == news.EINTERNAL) {
			*stopped = errs[i] // the store or the run failed: the rest would too
			break
		}
	}
	// The caller is told of every article up to the last one run, in
	// input order; one the stop left out before it with ErrNotClustered.
	*reached = len(arts) // every one ran, unless the batch stopped
	if *stopped != nil {
		left := 1 // the failed one
		for i, r := range ran {
			if r {
				*reached = i + 1
			} else {
				left++
			}
		}
		for i := range *reached {
			if !ran[i] {
				res[i], errs[i] = AddResult{ArticleID: arts[i].ID}, fmt.Errorf("%w: %w", ErrNotClustered, *stopped)
			}
		}
		*stopped = fmt.Errorf("%d of %d articles not clustered: %w", left, len(arts), *stopped)
	}
	return nil
}

// ErrNotClustered is the error AddBatch reports for an article of a
// stopped batch that was not clustered, while articles after it in the
// input were.
var ErrNotClustered = errors.New("not clustered")

// clusterOrder returns the order in which a batch's articles are
// clustered: by publication time, ties in input order. Inputs seldom come
// in publication order (a feed lists its newest item first, a folder its
// files by name); in a batch out of order, an article dated weeks after
// the others would move the clusterer's clock on and send the stories of
// the articles after it to the archive before they join them. An undated
// article takes the time of the dated article before it from the same
// folder, else of the first one after it there:
// files of one folder are most often one collection, while the article
// before it in the batch may come from another folder of other times.
// One with no dated neighbour in its folder keeps no time and runs first.
// A repeat of an article in the same batch (the same stored ID) never
// runs before the article itself.
func clusterOrder(arts []*news.Article) []int {
	at := make([]time.Time, len(arts))
	folder := make([]string, len(arts))
	last := map[string]time.Time{}
	for i, a := range arts {
		folder[i] = filepath.Dir(a.SourcePath)
		if !a.Published.IsZero() {
			last[folder[i]] = a.Published
		}
		at[i] = last[folder[i]]
	}
	next := map[string]time.Time{}
	for i := len(arts) - 1; i >= 0; i-- {
		if !arts[i].Published.IsZero() {
			next[folder[i]] = arts[i].Published
		} else if at[i].IsZero() {
			at[i] = next[folder[i]]
		}
	}
	first := make(map[int64]int, len(arts)) // index of each stored article's first occurrence
	for i, a := range arts {
		if k, ok := first[a.ID]; ok && a.ID != 0 {
			// A repeat runs after the article it repeats (ties keep input order).
			if at[k].After(at[i]) {
				at[i] = at[k]
			}
		} else {
			first[a.ID] = i
		}
	}
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		return at[order[x]].Before(at[order[y]])
	})
	return order
}

// addCreated clusters a stored article: a new one, or (created false) the
// stored article it duplicates, when a run stopped before clustering or
// analysing it (unfinished).
func (e *Engine) addCreated(ctx context.Context, a *news.Article, created, unfinished bool) (AddResult, error) {
	if !created {
		for _, h := range e.held {
			if h.ID == a.ID { // the batch had it before: not stored yet, clustered
				return AddResult{ArticleID: h.ID, StoryID: h.StoryID}, nil
			}
		}
		old, err := e.Store.FindArticleByID(ctx, a.ID)
		if err != nil {
			return AddResult{}, err
		}
		if old.StoryID != 0 {
			if unfinished {
				// A run stopped between clustering and its Flush left
				// the story without this article's analysis.
				e.Touch(old.StoryID)
			}
			return AddResult{ArticleID: old.ID, StoryID: old.StoryID}, nil
		}
		// Stored by a run that was killed before clustering it: finish it.
		a = old
	}
	a.StoryID = 0 // a story named in the input is not the input's to choose
	res, err := e.AddStored(ctx, a)
	res.Created = created
	return res, err
}

// AddStored assigns an article that is already stored and not yet
// clustered (a.ID set, a.StoryID 0) to a story, tells the observers and
// marks the story for analysis; a worker uses it for the articles it read
// from its jobs, saving Add's store round trips.
func (e *Engine) AddStored(ctx context.Context, a *news.Article) (AddResult, error) {
	if a.ID == 0 || a.StoryID != 0 {
		return AddResult{}, news.Errorf(news.EINVALID, "article %d (story %d) is not a stored, unclustered article", a.ID, a.StoryID)
	}
	storyID, err := e.Clusterer.Assign(ctx, a)
	if err != nil {
		return AddResult{}, fmt.Errorf("cluster article %d: %w", a.ID, err)
	}
	if a.StoryID != storyID { // not recorded by the clusterer itself (StoryClusterer does)
		if err := e.Store.SetArticleStory(ctx, a.ID, storyID); err != nil {
			// The clusterer counts the article in its story; the store
			// does not. A retry must not count it twice.
			if inv, ok := e.Clusterer.(interface{ Invalidate() }); ok {
				inv.Invalidate()
			}
			return AddResult{}, err
		}
		a.StoryID = storyID
	}
	if e.holding {
		e.held = append(e.held, a)
	} else {
		e.observe(ctx, a)
	}
	e.Touch(storyID)
	return AddResult{ArticleID: a.ID, StoryID: storyID}, nil
}

// observe tells the observers about a stored and clustered article.
func (e *Engine) observe(ctx context.Context, a *news.Article) {
	for _, o := range e.Observers {
		if err := guard(func() error { return o.Observe(ctx, a) }); err != nil {
			e.logError("observer failed; the article is stored and clustered", err, a.ID)
		}
	}
}

// Touch marks a story for analysis at the next Flush.
func (e *Engine) Touch(storyID int64) {
	if e.holding {
		e.heldPending[storyID] = true
		return
	}
	if e.pending == nil {
		e.pending = map[int64]bool{}
	}
	e.pending[storyID] = true
}

// Pending returns the IDs of the stories that Flush will analyse, sorted.
func (e *Engine) Pending() []int64 {
	ids := make([]int64, 0, len(e.pending))
	for id := range e.pending {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Flush analyses every story touched since the last Flush and saves the
// analyses. progress, when not nil, is called after each story. Each
// story's analyses are saved right after it is analysed: another process
// may add to the story and save newer analyses meanwhile, which an older
// batch saved later would overwrite.
func (e *Engine) Flush(ctx context.Context, progress func(done, total int)) error {
	ids := e.Pending()
	for i, id := range ids {
		if err := e.AnalyzeStory(ctx, id); err != nil {
			return err
		}
		delete(e.pending, id)
		if progress != nil {
			progress(i+1, len(ids))
		}
	}
	return nil
}

// AnalyzeStory runs every stage over one story and saves one analysis per
// article. Returns ENOTFOUND if the story does not exist.
func (e *Engine) AnalyzeStory(ctx context.Context, storyID int64) error {
	ans, err := e.analyze(ctx, storyID)
	if err != nil {
		return err
	}
	if err := e.Store.SaveAnalyses(ctx, ans); err != nil {
		return fmt.Errorf("save the analyses of story %d: %w", storyID, err)
	}
	if e.Saved != nil {
		e.Saved(ans)
	}
	return nil
}

// analyze runs every stage over one story and returns one analysis per
// article, in arrival order.
func (e *Engine) analyze(ctx context.Context, storyID int64) ([]*news.Analysis, error) {
	story, err := e.Store.FindStoryByID(ctx, storyID)
	if err != nil {
		return nil, err
	}
	arts, _, err := e.Store.FindArticles(ctx, news.ArticleFilter{StoryID: &storyID})
	if err != nil {
		return nil, fmt.Errorf("story %d articles: %w", storyID, err)
	}
	SortArrival(arts)
	w := &StoryWork{Story: story, Articles: arts, Analyses: make(map[int64]*news.Analysis, len(arts))}
	for _, a := range arts {
		w.Analyses[a.ID] = &news.Analysis{ArticleID: a.ID, StoryID: storyID}
	}
	for _, st := range e.Stages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := guard(func() error { return st.AnalyzeStory(ctx, w) }); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// One stage failing on one story must not stop the batch: the
			// other stages still run and the analyses are saved.
			e.logError(fmt.Sprintf("stage %T failed on story %d", st, storyID), err, 0)
		}
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	ans := make([]*news.Analysis, len(arts))
	for i, a := range arts {
		ans[i] = w.Analyses[a.ID]
		ans[i].UpdatedAt = now().UTC()
	}
	return ans, nil
}

// SortArrival orders articles by publication time (articles without one
// after those with one), then by ID, the order in which provenance is
// decided.
func SortArrival(arts []*news.Article) {
	sort.SliceStable(arts, func(i, j int) bool {
		a, b := arts[i], arts[j]
		if a.Published.IsZero() != b.Published.IsZero() {
			return !a.Published.IsZero()
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		return a.ID < b.ID
	})
}

// Resetter is an Observer that can forget what it was shown. Recluster
// empties such observers and shows them every article again under its new
// story, so that no index keeps an article's old story.
type Resetter interface {
	Reset()
}

// Recluster assigns every stored article to stories again from scratch, in
// arrival order, with the clusterer c (which must start empty), deletes the
// stories left without articles, and re-analyses every story. progress,
// when not nil, is called after each article. On a store that processes
// share (news.AssignerLocker) it holds the assigner lock throughout:
// workers assign under the same lock, so none assigns to a story this run
// is about to delete, and each syncs its clusterer with the new stories
// when it next takes the lock.
func (e *Engine) Recluster(ctx context.Context, c Clusterer, progress func(done, total int)) error {
	return e.locked(ctx, func() error { return e.recluster(ctx, c, progress) })
}

// locked runs fn under the store's assigner lock, when the store has one.
func (e *Engine) locked(ctx context.Context, fn func() error) error {
	if l, ok := e.Store.(news.AssignerLocker); ok {
		return l.WithAssignerLock(ctx, fn)
	}
	return fn()
}

func (e *Engine) recluster(ctx context.Context, c Clusterer, progress func(done, total int)) error {
	for _, o := range e.Observers {
		if r, ok := o.(Resetter); ok {
			r.Reset()
		}
	}
	const page = 1000
	_, total, err := e.Store.FindArticles(ctx, news.ArticleFilter{Limit: 1})
	if err != nil {
		return err
	}
	e.Clusterer = c
	done := 0
	for off := 0; off < total; off += page {
		arts, _, err := e.Store.FindArticles(ctx, news.ArticleFilter{Order: news.StoredFirst, Offset: off, Limit: page})
		if err != nil {
			return err
		}
		for _, a := range arts {
			if err := ctx.Err(); err != nil {
				return err
			}
			id, err := c.Assign(ctx, a)
			if err != nil {
				return fmt.Errorf("cluster article %d: %w", a.ID, err)
			}
			if a.StoryID != id { // not recorded by the clusterer itself
				if err := e.Store.SetArticleStory(ctx, a.ID, id); err != nil {
					return err
				}
				a.StoryID = id
			}
			for _, o := range e.Observers {
				if err := guard(func() error { return o.Observe(ctx, a) }); err != nil {
					e.logError("observer failed; the article is clustered", err, a.ID)
				}
			}
			if e.pending == nil {
				e.pending = map[int64]bool{}
			}
			e.pending[id] = true
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	if _, err := e.Store.PruneStories(ctx); err != nil {
		return err
	}
	return e.Flush(ctx, nil)
}

// guard runs fn, turning a panic into an error.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn()
}

func (e *Engine) logError(msg string, err error, articleID int64) {
	if e.Logger == nil {
		return
	}
	if articleID != 0 {
		e.Logger.Error(msg, slog.Int64("article_id", articleID), slog.String("error", err.Error()))
		return
	}
	e.Logger.Error(msg, slog.String("error", err.Error()))
}
