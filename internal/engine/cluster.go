package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// StoryClusterer assigns articles to stories with the online clusterer and
// keeps each story's clustering state in the store, so that a later process
// picks up where this one stopped. It records the article's story itself
// (and sets a.StoryID), with the story's state, in one transaction.
type StoryClusterer struct {
	Store news.Store
	C     *cluster.Clusterer

	model   *cluster.Model   // to start again from the store (rebuild); nil when unknown
	synced  int64            // the store's story changes up to here are known
	syncs   bool             // the store has change numbers and NewStoryClusterer read the first
	written map[int64]uint64 // hash of the state this process last wrote, per story, until a sync sees it
	// stale: the clusterer holds an assignment the store did not record
	// (a write failed after it), to be dropped by a rebuild before the
	// next Assign; a retried article would otherwise count twice.
	stale bool
	// clean: the store holds no story left empty by a process that
	// created it and stopped before putting its article in (see Sync).
	clean bool
	// hold: Assign holds its writes for Commit (see Defer).
	hold bool
	held *heldBatch
	// revives: late articles bring dormant stories back from the store
	// (see revive). Only NewStoryClusterer's: a recluster's clusterer
	// starts empty while the store still holds the stories it replaces.
	revives bool
	// restoredSince is where the stories NewStoryClusterer restored from
	// the store begin (zero: the store held none): the store's stories not
	// restored were last active before it.
	restoredSince time.Time
	// revived: the periods of late articles whose stories are back in
	// memory.
	revived revivedCache
}

// revivedCache is the periods (revivePeriod long) for which revive
// restored the stories into clusterer c, by their start in Unix seconds,
// with the clock of c then: c keeps their stories in memory (Keep) until
// the clock is the dormancy window past it.
type revivedCache struct {
	c       *cluster.Clusterer
	periods []revivedPeriod
}

type revivedPeriod struct {
	start int64
	at    time.Time
}

const (
	// revivePeriod is the span of publication times one lookup of revive
	// serves (a run of late articles of one day queries the store once),
	// and how far behind the clock an article must be to look up.
	revivePeriod = 24 * time.Hour
	// revivePeriods is how many periods' stories may be back in memory at
	// once; a lookup for one more sweeps the dormant stories out first.
	revivePeriods = 4
	// maxRevive bounds the stories one lookup restores from the store.
	maxRevive = 500
)

// batchAssigner is a store that records a batch of assignments in one
// transaction: each article of articleIDs in the story of storyOf at the
// same index, then each story of storyIDs with its state, titled when it
// has no title yet. An article or story that is missing records none.
type batchAssigner interface {
	AssignArticles(ctx context.Context, articleIDs, storyOf, storyIDs []int64, states [][]byte, titles []string) error
}

// heldBatch is what Assign held since Defer: the articles and their
// stories in order, and the state of each story that went dormant in the
// clusterer meanwhile (it is then no longer there to ask at Commit).
type heldBatch struct {
	articles, stories []int64
	titles            []string
	dormant           map[int64][]byte
}

// Save implements cluster.Archive: a story of the batch that goes dormant
// is stored with the state it had at its last assignment, as without
// Defer.
func (h *heldBatch) Save(id int64, state []byte) error {
	if h.dormant != nil && slices.Contains(h.stories, id) {
		h.dormant[id] = state
	}
	return nil
}

// NewStoryClusterer returns a clusterer warmed up from the store: latest
// (the newest stored articles, oldest first; see LatestArticles) fill the
// IDF table, and the stories active within the dormancy window of the
// newest of them are restored.
func NewStoryClusterer(ctx context.Context, st news.Store, m *cluster.Model, latest []*news.Article) (*StoryClusterer, error) {
	held := &heldBatch{}
	c := cluster.New(m, cluster.Options{Archive: held})
	sc := &StoryClusterer{Store: st, C: c, model: m, held: held, revives: true}
	if ch, ok := st.(news.StoryChanges); ok {
		// Read before the stories below: a change made meanwhile is
		// restored again by the first sync, never missed.
		last, err := ch.LastStoryChange(ctx)
		if err != nil {
			return nil, err
		}
		sc.synced, sc.syncs = last, true
	}
	if len(latest) == 0 {
		return sc, nil
	}
	var newest time.Time
	for _, a := range latest {
		c.Observe(doc(a))
		if a.Published.After(newest) {
			newest = a.Published
		}
	}
	// A store written before ingest refused future dates may hold one:
	// the window must not start after today.
	if now := time.Now().UTC(); newest.After(now) {
		newest = now
	}
	since := newest.Add(-7 * 24 * time.Hour)
	f := news.StoryFilter{}
	if !newest.IsZero() {
		f.Since = &since
		sc.restoredSince = since
	}
	stories, _, err := st.FindStories(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, s := range stories {
		if len(s.State) == 0 {
			continue
		}
		if err := c.Restore(s.ID, s.State); err != nil {
			return nil, fmt.Errorf("story %d: %w", s.ID, err)
		}
	}
	return sc, nil
}

// LatestArticles returns the n articles stored last, oldest first: what a
// new process warms its in-memory state with. Stored last, not published
// last: an archive of undated pages stored long ago is not what the
// stream is about now.
func LatestArticles(ctx context.Context, st news.Store, n int) ([]*news.Article, error) {
	arts, _, err := st.FindArticles(ctx, news.ArticleFilter{Order: news.StoredLast, Limit: n})
	if err != nil {
		return nil, fmt.Errorf("latest %d articles: %w", n, err)
	}
	slices.Reverse(arts)
	return arts, nil
}

// doc is the article as the clusterer sees it: its text without its
// credit lines (see clusterText).
func doc(a *news.Article) cluster.Doc {
	return cluster.Doc{ID: a.ID, Title: a.Title, Text: clusterText(a), Published: a.Published, Lang: a.Lang}
}

// clusterText is a's text with its credit lines, author boxes and agency
// tags (a.Credits) blanked out. They say who wrote the article, not what
// happened: an author's and a desk's names, and an author box's biography,
// are terms (and names) that no other article of the story shares, and in
// a short page they pull its vector away from its story; an article
// without a title would take a leading byline for its lead.
func clusterText(a *news.Article) string {
	if len(a.Credits) == 0 {
		return a.Text
	}
	spans := make([]news.Span, 0, len(a.Credits))
	for _, c := range a.Credits {
		if c.Span.Valid(len(a.Text)) {
			spans = append(spans, c.Span)
		}
	}
	slices.SortFunc(spans, func(x, y news.Span) int { return x.Start - y.Start })
	var b strings.Builder
	b.Grow(len(a.Text))
	at := 0
	for _, s := range spans {
		if s.Start < at { // overlaps the previous one
			s.Start = at
		}
		if s.End <= s.Start {
			continue
		}
		b.WriteString(a.Text[at:s.Start])
		b.WriteByte(' ')
		at = s.End
	}
	b.WriteString(a.Text[at:])
	return b.String()
}

// Sync restores the stories that other processes changed in the store
// since the last sync, by the store's change numbers (news.StoryChanges;
// a store without them, or a clusterer NewStoryClusterer did not make,
// has nothing to sync). The states this process wrote itself are
// skipped. Engine.AddBatch and a PostgreSQL worker sync under the
// assigner lock before each batch, so that processes sharing a store
// cluster against the same stories.
//
// A story is created and its first article put in it in two writes: a
// process that dies between them (or whose second write fails) leaves an
// empty story. Under the assigner lock no live process is between the two,
// so the first Sync of a process, and the first after such a failure or
// after PruneOnSync, deletes the stories without articles.
func (sc *StoryClusterer) Sync(ctx context.Context) error {
	if !sc.clean {
		if _, err := sc.Store.PruneStories(ctx); err != nil {
			return fmt.Errorf("sync stories: %w", err)
		}
		sc.clean = true
	}
	if !sc.syncs {
		return nil
	}
	states, last, err := sc.Store.(news.StoryChanges).StoriesChangedSince(ctx, sc.synced)
	if err != nil {
		return fmt.Errorf("sync stories: %w", err)
	}
	for id, st := range states {
		h, mine := sc.written[id]
		delete(sc.written, id)
		if mine && h == xxh3.Hash(st) {
			continue // this process's own last write
		}
		if err := sc.C.Restore(id, st); err != nil {
			return fmt.Errorf("sync story %d: %w", id, err)
		}
	}
	sc.synced = max(sc.synced, last)
	return nil
}

// Invalidate says that the store did not record the clusterer's last
// assignment (the engine failed to set the article's story): the next
// Assign starts again from the store's stories.
func (sc *StoryClusterer) Invalidate() { sc.stale = true }

// PruneOnSync makes the next Sync delete the stories without articles: a
// worker calls it when it takes over jobs of a process that stopped.
func (sc *StoryClusterer) PruneOnSync() { sc.clean = false }

// Assign implements Clusterer.
func (sc *StoryClusterer) Assign(ctx context.Context, a *news.Article) (int64, error) {
	if sc.stale && sc.model != nil {
		if err := sc.rebuild(ctx); err != nil {
			return 0, err
		}
	}
	id, err := sc.assign(ctx, a)
	if news.ErrorCode(err) == news.ENOTFOUND && sc.model != nil {
		if _, serr := sc.Store.FindStoryByID(ctx, id); serr == nil {
			return 0, err // the article is gone, not the story
		}
		// The story the clusterer chose is no longer in the store: a
		// recluster in another process replaced the stories. Start again
		// from the store's stories, as a new process would.
		if err := sc.rebuild(ctx); err != nil {
			return 0, err
		}
		return sc.assign(ctx, a)
	}
	if err != nil {
		return 0, err
	}
	return id, nil
}

// rebuild replaces the in-memory clusterer with one warmed up from the
// store again.
func (sc *StoryClusterer) rebuild(ctx context.Context) error {
	latest, err := LatestArticles(ctx, sc.Store, warmArticles)
	if err != nil {
		return err
	}
	fresh, err := NewStoryClusterer(ctx, sc.Store, sc.model, latest)
	if err != nil {
		return err
	}
	if sc.held != nil {
		*fresh.held = *sc.held // what this batch holds so far (see Defer)
	}
	sc.C, sc.synced, sc.syncs, sc.written, sc.stale, sc.held, sc.restoredSince = fresh.C, fresh.synced, fresh.syncs, nil, false, fresh.held, fresh.restoredSince
	return nil
}

// Defer implements Deferrer: the assignments until Commit are written in
// one transaction when the store can (batchAssigner) and the clusterer can
// start again from the store should that fail (a model).
func (sc *StoryClusterer) Defer() bool {
	if _, ok := sc.Store.(batchAssigner); !ok || sc.model == nil || sc.held == nil {
		return false
	}
	sc.hold = true
	*sc.held = heldBatch{dormant: map[int64][]byte{}}
	return true
}

// Commit implements Deferrer: it writes the assignments held since Defer,
// each story's state once, as it was after its last article.
func (sc *StoryClusterer) Commit(ctx context.Context) error {
	if !sc.hold {
		return nil
	}
	sc.hold = false
	h := *sc.held
	*sc.held = heldBatch{}
	if len(h.articles) == 0 {
		return nil
	}
	var ids []int64
	var titles []string
	seen := make(map[int64]int, len(h.stories))
	for i, id := range h.stories {
		k, ok := seen[id]
		if !ok {
			k = len(ids)
			seen[id] = k
			ids = append(ids, id)
			titles = append(titles, "")
		}
		if titles[k] == "" { // as AssignArticle names an untitled story after its next article
			titles[k] = h.titles[i]
		}
	}
	states := make([][]byte, len(ids))
	for k, id := range ids {
		if st, ok := h.dormant[id]; ok {
			states[k] = st
		} else {
			states[k] = sc.C.State(id)
		}
	}
	if err := sc.Store.(batchAssigner).AssignArticles(ctx, h.articles, h.stories, ids, states, titles); err != nil {
		sc.stale, sc.clean = true, false // the stories may have been created for them
		return err
	}
	if sc.syncs {
		if sc.written == nil {
			sc.written = map[int64]uint64{}
		}
		for k, id := range ids {
			sc.written[id] = xxh3.Hash(states[k])
		}
	}
	return nil
}

// revive restores into the clusterer the dormant stories that were active
// around time t, when t is more than revivePeriod before the clusterer's
// clock (a late article: a story active at t may have gone dormant
// since); without them the article could only join a story still in
// memory. They come from the states this batch holds for its stories that
// went dormant (newer than the store's; a story created in this batch may
// have no article in the store yet), then from the store: the stories
// whose latest activity is within the dormancy window of t's period, at
// most maxRevive, most recently active first. A story already in memory is
// left as it is: its state there is the newest (Sync restores what other
// processes write). The clusterer keeps the period's stories in memory
// until its clock is the dormancy window further (Keep), so that the late
// articles of a period query the store once, also while current articles
// move the clock on; a lookup for one period more than revivePeriods
// sweeps the dormant stories out first, so that memory stays bounded on a
// stream of late articles.
func (sc *StoryClusterer) revive(ctx context.Context, t time.Time) error {
	c := sc.C
	w, clock := c.Dormancy(), c.Clock()
	if !sc.revives || t.IsZero() || clock.Sub(t) <= revivePeriod {
		return nil
	}
	day := t.UTC().Truncate(revivePeriod)
	since, until := day.Add(-w), day.Add(revivePeriod+w)
	if c.EvictedUntil().Before(since) && !since.Before(sc.restoredSince) {
		// No story this clusterer sent out of memory was active in the
		// window, nor one the store held before it started: every story
		// the article could join is in memory (a stream shuffled within
		// the dormancy window looks nothing up).
		return nil
	}
	rc := &sc.revived
	if rc.c != c { // a new clusterer (rebuild)
		*rc = revivedCache{c: c}
	}
	rc.periods = slices.DeleteFunc(rc.periods, func(p revivedPeriod) bool { return clock.Sub(p.at) > w })
	if slices.ContainsFunc(rc.periods, func(p revivedPeriod) bool { return p.start == day.Unix() }) {
		return nil
	}
	if len(rc.periods) >= revivePeriods {
		// The stories restored for the earliest period, and those late
		// articles started then, leave memory.
		c.Sweep(revivePeriods - 1)
		rc.periods = slices.Delete(rc.periods, 0, len(rc.periods)-revivePeriods+1)
	}
	c.Keep(since, until)
	rc.periods = append(rc.periods, revivedPeriod{day.Unix(), clock})
	var held map[int64][]byte
	if sc.held != nil {
		held = sc.held.dormant
	}
	ids := make([]int64, 0, len(held))
	for id := range held {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		st := held[id]
		last, err := cluster.StateLast(st)
		if err != nil {
			return fmt.Errorf("revive story %d: %w", id, err)
		}
		if last.Before(since) || !last.Before(until) || c.Live(id) {
			continue
		}
		if err := c.Restore(id, st); err != nil {
			return fmt.Errorf("revive story %d: %w", id, err)
		}
		// Live again: Commit takes its state from the clusterer, or from
		// Save should it go dormant again.
		delete(held, id)
	}
	// Two lookups, as a store lists the most recently active stories
	// first: those last active up to the end of the article's day (the
	// stories of its day come first), then those active after it with
	// what the limit leaves. One lookup over the whole window would cut
	// the stories of the article's own day first on a busy fortnight.
	end := day.Add(revivePeriod)
	stories, _, err := sc.Store.FindStories(ctx, news.StoryFilter{Since: &since, Until: &end, Limit: maxRevive})
	if err != nil {
		return fmt.Errorf("revive stories: %w", err)
	}
	if n := maxRevive - len(stories); n > 0 {
		later, _, err := sc.Store.FindStories(ctx, news.StoryFilter{Since: &end, Until: &until, Limit: n})
		if err != nil {
			return fmt.Errorf("revive stories: %w", err)
		}
		stories = append(stories, later...)
	}
	for _, s := range stories {
		if len(s.State) == 0 || c.Live(s.ID) {
			continue
		}
		if _, ok := held[s.ID]; ok {
			continue // the batch holds a newer state, outside the window
		}
		if err := c.Restore(s.ID, s.State); err != nil {
			return fmt.Errorf("revive story %d: %w", s.ID, err)
		}
	}
	return nil
}

func (sc *StoryClusterer) assign(ctx context.Context, a *news.Article) (int64, error) {
	if err := sc.revive(ctx, a.Published); err != nil {
		return 0, err
	}
	id, _, err := sc.C.Add(doc(a), func() (int64, error) {
		s := &news.Story{Title: storyTitle(a)}
		if err := sc.Store.CreateStory(ctx, s); err != nil {
			return 0, err
		}
		return s.ID, nil
	})
	if err != nil {
		return 0, err
	}
	if sc.hold {
		sc.held.articles = append(sc.held.articles, a.ID)
		sc.held.stories = append(sc.held.stories, id)
		sc.held.titles = append(sc.held.titles, storyTitle(a))
		a.StoryID = id
		return id, nil
	}
	// The article's story and the story's state in one transaction: a
	// failed write leaves neither, and the clusterer, which counted the
	// article, starts again from the store before the next one.
	state := sc.C.State(id)
	if err := sc.Store.AssignArticle(ctx, a.ID, id, state, storyTitle(a)); err != nil { // names the story after a when it has no title
		sc.stale, sc.clean = true, false // the story may have been created for a
		return id, err                   // the story chosen, for Assign to tell which is missing
	}
	a.StoryID = id
	if sc.syncs { // a clusterer that never syncs (recluster's) keeps no record
		if sc.written == nil {
			sc.written = map[int64]uint64{}
		}
		sc.written[id] = xxh3.Hash(state)
	}
	return id, nil
}

// storyTitle is the title of the article that starts a story, or its
// first words when it has none.
func storyTitle(a *news.Article) string {
	if a.Title != "" {
		return a.Title
	}
	if len(a.Sentences) > 0 {
		t := a.Sentences[0].Span.Slice(a.Text)
		if len(t) > 120 {
			t = t[:120]
			for i := len(t) - 1; i > 80; i-- {
				if t[i] == ' ' {
					t = t[:i]
					break
				}
			}
			t = strings.ToValidUTF8(t, "") + "…"
		}
		return t
	}
	return ""
}
