package engine_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// failBatchOnce is a store whose next AssignArticles fails (its
// transaction rolled back), as when the connection drops.
type failBatchOnce struct {
	*sqlite.Store
	fail bool
}

func (s *failBatchOnce) AssignArticles(ctx context.Context, articleIDs, storyOf, storyIDs []int64, states [][]byte, titles []string) error {
	if s.fail {
		s.fail = false
		return errors.New("connection reset by peer")
	}
	return s.Store.AssignArticles(ctx, articleIDs, storyOf, storyIDs, states, titles)
}

// batchArticles are two stories, the second a month after the first (which
// is dormant by then), with a copy of one article in the same batch.
func batchArticles() []*news.Article {
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	mk := func(title, body string, at time.Time) *news.Article {
		return &news.Article{Title: title, Text: body, ContentHash: body, Sentences: text.Sentences(body), Published: at}
	}
	crane := mk("Container crane collapses at Meridian port",
		"A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. The harbour authority said the crane would be replaced.", day)
	return []*news.Article{
		crane,
		mk("Meridian port crane collapse injures two dock workers",
			"Two dock workers were injured on Tuesday when a container crane collapsed at Meridian port; the harbour authority will replace the crane.", day.Add(time.Hour)),
		mk(crane.Title, crane.Text, crane.Published), // a copy of the first
		mk("Council votes to close Aldren library branch",
			"The Aldren city council voted on Monday to close the Hillside library branch at the end of the year, citing the cost of repairs to its roof.", day.AddDate(0, 1, 0)),
	}
}

// TestBatchAssignments: AddBatch writes a batch's assignments together and
// reports what clustering each article by itself did, also when that
// write fails once (the batch is then clustered again article by article)
// and when a story of the batch goes dormant before the batch ends (its
// state is the one after its last article).
func TestBatchAssignments(t *testing.T) {
	ctx := context.Background()
	run := func(fail bool) []string {
		st := memStore(t)
		fs := &failBatchOnce{Store: st, fail: fail}
		e := defaultEngine(t, fs)
		var got []string
		name := map[int64]string{} // stories by order of appearance: a failed write starts others
		err := e.AddBatch(ctx, batchArticles(), func(i int, res engine.AddResult, err error) error {
			if _, ok := name[res.StoryID]; !ok {
				name[res.StoryID] = string(rune('A' + len(name)))
			}
			got = append(got, fmt.Sprintf("%d created=%v story=%s err=%v", i, res.Created, name[res.StoryID], err))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fs.fail {
			t.Fatal("the batch write was not tried")
		}
		if err := e.Flush(ctx, nil); err != nil {
			t.Fatal(err)
		}
		for _, sa := range storiesInStep(t, st) {
			for _, a := range sa.articles {
				if _, err := st.FindAnalysis(ctx, a.ID); err != nil {
					t.Errorf("article %d: %v", a.ID, err)
				}
			}
			got = append(got, fmt.Sprintf("story %q: %d articles", sa.story.Title, len(sa.articles)))
		}
		return got
	}
	want := run(false)
	if len(want) != 6 || !slices.Contains(want, `story "Container crane collapses at Meridian port": 2 articles`) {
		t.Fatalf("batch clustered as\n%q", want)
	}
	if got := run(true); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after a failed batch write\n%q\nwant\n%q", got, want)
	}
}

// TestAssignArticlesAllOrNothing: a batch of assignments naming a story
// that does not exist records none of them.
func TestAssignArticlesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	a, b := &news.Article{Text: "One.", ContentHash: "1"}, &news.Article{Text: "Two.", ContentHash: "2"}
	for _, x := range []*news.Article{a, b} {
		if _, err := st.CreateArticle(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	s := &news.Story{}
	if err := st.CreateStory(ctx, s); err != nil {
		t.Fatal(err)
	}
	err := st.AssignArticles(ctx, []int64{a.ID, b.ID}, []int64{s.ID, s.ID + 1}, []int64{s.ID, s.ID + 1}, [][]byte{[]byte(`{}`), []byte(`{}`)}, []string{"One", "Two"})
	if news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("AssignArticles with a missing story = %v, want ENOTFOUND", err)
	}
	if got, err := st.FindArticleByID(ctx, a.ID); err != nil || got.StoryID != 0 {
		t.Fatalf("article %d in story %d after the failed batch (%v)", a.ID, got.StoryID, err)
	}
	if err := st.AssignArticles(ctx, []int64{a.ID, b.ID}, []int64{s.ID, s.ID}, []int64{s.ID}, [][]byte{[]byte(`{"n":2}`)}, []string{"One"}); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindStoryByID(ctx, s.ID)
	if err != nil || got.Title != "One" || string(got.State) != `{"n":2}` {
		t.Fatalf("story after the batch: %+v (%v)", got, err)
	}
}

// storyFault is a store whose at-th CreateStory fails: with an error, as
// when the connection drops in the middle of a batch, or (panics) with a
// panic, as a bug in a stage might while a batch is clustered.
type storyFault struct {
	*sqlite.Store
	at     int
	panics bool
}

func (s *storyFault) CreateStory(ctx context.Context, st *news.Story) error {
	if s.at--; s.at == 0 {
		if s.panics {
			panic("boom")
		}
		return errors.New("connection reset by peer")
	}
	return s.Store.CreateStory(ctx, st)
}

// TestBatchPanicKeepsStoreInStep: a panic while a batch's assignments are
// held (a server recovers it and goes on with the engine) writes the
// assignments the clusterer counted before it (they were dropped at the
// next batch), and every story's state counts the articles the store
// holds.
func TestBatchPanicKeepsStoreInStep(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ps := &storyFault{Store: st, panics: true}
	e := defaultEngine(t, ps)
	arts := batchArticles()
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the batch did not panic")
			}
		}()
		// The crane story is started and its two articles assigned (held);
		// the library story panics as it is started.
		ps.at = 2
		_ = e.AddBatch(ctx, []*news.Article{arts[0], arts[1], arts[3]}, func(int, engine.AddResult, error) error { return nil })
	}()
	// The engine goes on: the next batch is written.
	more := batchArticles()
	more[2].Text, more[2].ContentHash = more[2].Text+" Work resumed on Wednesday.", more[2].ContentHash+"+"
	if err := e.AddBatch(ctx, more[2:], func(int, engine.AddResult, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// The assignments the clusterer counted before the panic are written.
	all, _, err := st.FindArticles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.StoryID == 0 {
			t.Errorf("article %d %q has no story", a.ID, a.Title)
		}
	}
	if len(storiesInStep(t, st)) == 0 {
		t.Fatal("no story written after the panic")
	}
}

// storiesInStep deletes the stories a failed or interrupted write left
// empty (as the next batch's Sync does), checks that every other story's
// state counts the articles the store holds in it, and returns those
// articles by story, in the store's order of stories.
func storiesInStep(t *testing.T, st *sqlite.Store) []storyArticles {
	t.Helper()
	ctx := context.Background()
	if _, err := st.PruneStories(ctx); err != nil {
		t.Fatal(err)
	}
	stories, _, err := st.FindStories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]storyArticles, len(stories))
	for i, s := range stories {
		c := cluster.New(cluster.DefaultModel(), cluster.Options{})
		if err := c.Restore(s.ID, s.State); err != nil {
			t.Fatalf("story %d: %v", s.ID, err)
		}
		arts, _, err := st.FindArticles(ctx, news.ArticleFilter{StoryID: &s.ID})
		if err != nil {
			t.Fatal(err)
		}
		if c.Size(s.ID) != len(arts) || len(arts) == 0 {
			t.Errorf("story %d %q: state counts %d articles, the store holds %d", s.ID, s.Title, c.Size(s.ID), len(arts))
		}
		out[i] = storyArticles{s, arts}
	}
	return out
}

// storyArticles is a stored story with its articles.
type storyArticles struct {
	story    *news.Story
	articles []*news.Article
}

// TestBatchOutOfDateOrder: a batch is clustered in publication order, so
// an article dated a month after the others, read first (as a feed lists
// its newest item first), does not send their story to the archive before
// they join it; an undated article counts as dated like the one before
// it. Results still come in input order, with IDs in input order.
func TestBatchOutOfDateOrder(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	e := defaultEngine(t, st)
	b := batchArticles()
	undated := &news.Article{Title: "Dock workers hurt as Meridian crane collapses",
		Text: "A container crane collapsed at Meridian port on Tuesday and two dock workers were injured, the harbour authority said; the crane will be replaced."}
	undated.ContentHash, undated.Sentences = undated.Text, text.Sentences(undated.Text)
	arts := []*news.Article{b[0], b[3], b[1], undated} // crane, library a month later, crane, crane undated
	var ids, stories []int64
	err := e.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
		if err != nil {
			t.Errorf("article %d: %v", i, err)
		}
		ids, stories = append(ids, res.ArticleID), append(stories, res.StoryID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(ids) || len(ids) != 4 {
		t.Fatalf("article IDs %v, want four in input order", ids)
	}
	if stories[0] != stories[2] || stories[0] != stories[3] || stories[1] == stories[0] {
		t.Fatalf("stories %v: want the three crane reports together, the library apart", stories)
	}
}

// TestStoppedOutOfOrderBatchReportsClustered: when the store fails in the
// middle of a batch read out of date order, every article the batch put
// in a story is reported to fn (or the failure names it), not left for a
// re-run to report as already stored.
func TestStoppedOutOfOrderBatchReportsClustered(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	fs := &storyFault{Store: st}
	e := defaultEngine(t, fs)
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	mk := func(title, body string, at time.Time) *news.Article {
		return &news.Article{Title: title, Text: body, ContentHash: body, Sentences: text.Sentences(body), Published: at}
	}
	b := batchArticles()
	quake := mk("Earthquake shakes Tellbury, no injuries reported",
		"An earthquake of magnitude 4.1 shook the town of Tellbury on Friday night; the fire service said nobody was hurt and a few chimneys fell.", day.AddDate(0, 0, 10))
	arts := []*news.Article{b[3], b[0], quake} // library (April), crane (March 10), quake (March 20): clustered crane, quake, library
	fs.at = 2                                  // the quake's story fails
	reported := map[int64]bool{}
	err := e.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
		reported[arts[i].ID] = true
		return nil
	})
	if err == nil {
		t.Fatal("the batch did not stop")
	}
	t.Logf("AddBatch: %v", err)
	all, _, err := st.FindArticles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.StoryID != 0 && !reported[a.ID] {
			t.Errorf("article %d %q is in story %d but was never reported to fn", a.ID, a.Title, a.StoryID)
		}
	}
	// A re-run reports it, as a duplicate: no run ever counts it as stored.
	err = e.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
		if arts[i] == b[0] && !res.Created {
			t.Logf("re-run: the crane report (article %d) comes back Created=false", res.ArticleID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLeftoverInDateOrder: an article a killed run stored but did not
// cluster, read again in a batch in date order with a newer article, is
// clustered in its place in publication order: it joins the story of its
// day, not one the newer article's clock has sent to the archive.
func TestLeftoverInDateOrder(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	e := defaultEngine(t, st)
	b := batchArticles()
	first, err := e.Add(ctx, b[0]) // the crane story
	if err != nil {
		t.Fatal(err)
	}
	// A run killed between storing and clustering left the second crane report.
	left := *b[1]
	if _, err := st.CreateArticle(ctx, &left); err != nil {
		t.Fatal(err)
	}
	again := batchArticles()
	arts := []*news.Article{again[1], again[3]} // the crane report (March 10), the library (April 10): in date order
	var stories []int64
	err = e.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
		if err != nil {
			t.Errorf("article %d: %v", i, err)
		}
		stories = append(stories, res.StoryID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stories[0] != first.StoryID {
		t.Fatalf("the leftover crane report is in story %d, want the crane story %d (stories %v)", stories[0], first.StoryID, stories)
	}
}

// TestBatchPanicTouchesCommitted: the assignments a panic's recovery
// commits are of stories that must be analysed (and articles the
// observers must see), as if each had been added by itself.
func TestBatchPanicTouchesCommitted(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	ps := &storyFault{Store: st, panics: true}
	e := defaultEngine(t, ps)
	arts := batchArticles()
	func() {
		defer func() { _ = recover() }()
		ps.at = 2 // the crane story is started, the library story panics
		_ = e.AddBatch(ctx, []*news.Article{arts[0], arts[1], arts[3]}, func(int, engine.AddResult, error) error { return nil })
	}()
	crane, err := st.FindArticleByID(ctx, arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if crane.StoryID == 0 {
		t.Fatal("the crane report was not committed")
	}
	if !slices.Contains(e.Pending(), crane.StoryID) {
		t.Fatalf("story %d holds committed articles but is not pending analysis (pending %v)", crane.StoryID, e.Pending())
	}
}

// TestStoppedBatchRepeatReported: a batch's repeat of an article that was
// clustered is reported, and not counted as not clustered, when the batch
// stops at a later article.
func TestStoppedBatchRepeatReported(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	fs := &storyFault{Store: st, at: 2} // the library's story fails
	e := defaultEngine(t, fs)
	b := batchArticles()
	arts := []*news.Article{b[0], b[2], b[3]} // crane, its copy, library (a month later): in date order
	var calls int
	err := e.AddBatch(ctx, arts, func(int, engine.AddResult, error) error { calls++; return nil })
	if err == nil || calls != 3 {
		t.Fatalf("AddBatch = %v after %d calls; want the library's failure after three (the copy is clustered with the crane report)", err, calls)
	}
}

// TestBatchUndatedTakesFolderDate: an undated article is clustered at the
// time of the dated articles of its own folder, not of the article before
// it in the batch, which may come from another folder of other times (two
// collections analysed together).
func TestBatchUndatedTakesFolderDate(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	e := defaultEngine(t, st)
	b := batchArticles()
	library, crane := b[3], b[1]
	library.SourcePath, crane.SourcePath = "council/library.txt", "port/001.txt"
	undated := &news.Article{Title: "Dock workers hurt as Meridian crane collapses", SourcePath: "port/000.txt",
		Text: "A container crane collapsed at Meridian port on Tuesday and two dock workers were injured, the harbour authority said; the crane will be replaced."}
	undated.ContentHash, undated.Sentences = undated.Text, text.Sentences(undated.Text)
	var stories []int64
	err := e.AddBatch(ctx, []*news.Article{library, undated, crane}, func(i int, res engine.AddResult, err error) error {
		if err != nil {
			t.Errorf("article %d: %v", i, err)
		}
		stories = append(stories, res.StoryID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stories[1] != stories[2] || stories[0] == stories[1] {
		t.Fatalf("stories %v: want the two crane reports together, the library apart", stories)
	}
}

// memStore returns an empty in-memory SQLite store, closed when the test
// ends.
func memStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// defaultEngine returns the default engine over st, without outlet lists.
func defaultEngine(t *testing.T, st news.Store) *engine.Engine {
	t.Helper()
	e, err := engine.Default(context.Background(), st, engine.Config{ReputationDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
