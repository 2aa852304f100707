package engine_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// oneStory puts every article in one story.
type oneStory struct {
	st news.Store
	id int64
}

func (c *oneStory) Assign(ctx context.Context, a *news.Article) (int64, error) {
	if c.id == 0 {
		s := &news.Story{Title: "s"}
		if err := c.st.CreateStory(ctx, s); err != nil {
			return 0, err
		}
		c.id = s.ID
	}
	return c.id, nil
}

type panicky struct{}

func (panicky) Observe(ctx context.Context, a *news.Article) error { panic("observer bug") }
func (panicky) AnalyzeStory(ctx context.Context, w *engine.StoryWork) error {
	panic("stage bug")
}

type failing struct{}

func (failing) AnalyzeStory(ctx context.Context, w *engine.StoryWork) error {
	return errors.New("stage error")
}

type marker struct{}

func (marker) AnalyzeStory(ctx context.Context, w *engine.StoryWork) error {
	for _, an := range w.Analyses {
		an.Report.Risk = 0.5
	}
	return nil
}

// TestFaultyStagesDoNotStopTheBatch: a stage or observer that panics or
// fails is logged; the articles are stored and the later stages still run.
func TestFaultyStagesDoNotStopTheBatch(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &engine.Engine{Store: st, Clusterer: &oneStory{st: st}, Observers: []engine.Observer{panicky{}},
		Stages: []engine.StoryStage{panicky{}, failing{}, marker{}}}
	for i, txt := range []string{"First article text.", "Second article text."} {
		a := &news.Article{Text: txt, ContentHash: txt}
		res, err := e.Add(ctx, a)
		if err != nil || !res.Created || res.ArticleID != int64(i+1) {
			t.Fatalf("Add = %+v, %v", res, err)
		}
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	for id := int64(1); id <= 2; id++ {
		an, err := st.FindAnalysis(ctx, id)
		if err != nil || an.Report.Risk != 0.5 {
			t.Fatalf("analysis of %d = %+v, %v; want the last stage's result", id, an, err)
		}
	}
	// Adding the same article again stores nothing and re-clusters nothing.
	res, err := e.Add(ctx, &news.Article{Text: "First article text.", ContentHash: "First article text."})
	if err != nil || res.Created || res.ArticleID != 1 {
		t.Fatalf("re-Add = %+v, %v", res, err)
	}
}

// TestResumeAfterKill: an article stored by a run killed before it was
// clustered is clustered by the next run, not stored again.
func TestResumeAfterKill(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The killed run got as far as storing the article.
	if _, err := st.CreateArticle(ctx, &news.Article{Text: "Half-done article.", ContentHash: "h1"}); err != nil {
		t.Fatal(err)
	}
	e := &engine.Engine{Store: st, Clusterer: &oneStory{st: st}, Stages: []engine.StoryStage{marker{}}}
	res, err := e.Add(ctx, &news.Article{Text: "Half-done article.", ContentHash: "h1"})
	if err != nil || res.Created || res.StoryID == 0 {
		t.Fatalf("Add = %+v, %v; want the stored article clustered, not stored again", res, err)
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	a, err := st.FindArticleByID(ctx, res.ArticleID)
	if err != nil || a.StoryID != res.StoryID {
		t.Fatalf("stored article story = %v, %v", a, err)
	}
	if _, total, _ := st.FindArticles(ctx, news.ArticleFilter{}); total != 1 {
		t.Fatalf("%d articles stored, want 1", total)
	}
}

func TestSentenceIndex(t *testing.T) {
	ctx := context.Background()
	mk := func(id, story int64, txt string) *news.Article {
		a := &news.Article{ID: id, StoryID: story, Text: txt}
		a.Sentences = []news.Sentence{}
		start := 0
		for i := 0; i <= len(txt); i++ {
			if i == len(txt) || (txt[i] == '.' && i+1 < len(txt)) {
				end := min(i+1, len(txt))
				a.Sentences = append(a.Sentences, news.Sentence{Span: news.Span{Start: start, End: end}})
				start = end + 1
			}
		}
		return a
	}
	shared := "The city council voted to extend the tram line to the airport next year."
	x := &engine.SentenceIndex{Cap: 100}
	x.Observe(ctx, mk(1, 10, "A crane fell at the port of Meridian on Tuesday morning. "+shared))
	b := mk(2, 20, "Union leaders blamed the port for the crane collapse on Friday evening. "+shared)
	got := x.Foreign(b, 20)
	if len(got) != 1 || got[0].SourceID != 1 || got[0].SameStory || got[0].Span.Slice(b.Text) != shared {
		t.Fatalf("Foreign = %+v", got)
	}
	if got := x.Foreign(b, 10); len(got) != 0 {
		t.Fatalf("a sentence of the same story reported as foreign: %+v", got)
	}
	small := &engine.SentenceIndex{Cap: 1}
	small.Observe(ctx, mk(1, 10, "A crane fell at the port of Meridian on Tuesday morning. "+shared))
	if got := small.Foreign(b, 20); len(got) != 1 {
		t.Fatalf("the newest sentence was forgotten: %+v", got)
	}

	// A sentence that three other stories carry is boilerplate, owned by
	// none of them; in two it still counts as lifted.
	stock := "The cause of the fire is under investigation."
	boiler := &engine.SentenceIndex{Cap: 100}
	c := mk(9, 90, "A warehouse burned down in Linden overnight. "+stock)
	for i, story := range []int64{30, 40, 50} {
		boiler.Observe(ctx, mk(int64(3+i), story, fmt.Sprintf("Fire crews were called to building %d on Monday night. ", i+1)+stock))
		got := boiler.Foreign(c, 90)
		if want := map[int]int{0: 1, 1: 1, 2: 0}[i]; len(got) != want {
			t.Errorf("the stock sentence in %d other stories: %d passages, want %d", i+1, len(got), want)
		}
	}
}

func TestSentenceIndexDirection(t *testing.T) {
	ctx := context.Background()
	sent := "The city council voted to extend the tram line to the airport next year."
	orig := &news.Article{ID: 6, StoryID: 2, Text: sent, Published: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC),
		Sentences: []news.Sentence{{Span: news.Span{Start: 0, End: len(sent)}}}}
	copyA := &news.Article{ID: 3, StoryID: 1, Text: sent, Sentences: orig.Sentences}
	x := &engine.SentenceIndex{}
	x.Observe(ctx, orig)
	x.Observe(ctx, copyA)
	if got := x.Foreign(copyA, 1); len(got) != 1 || got[0].SourceID != 6 {
		t.Errorf("the undated copy: Foreign = %+v, want the dated original #6", got)
	}
	if got := x.Foreign(orig, 2); len(got) != 0 {
		t.Errorf("the dated original is reported as a copy: %+v", got)
	}
}

// TestAddStored: a stored, unclustered article is clustered without being
// stored again; an article that is not stored, or is clustered already,
// is refused and nothing changes.
func TestAddStored(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &engine.Engine{Store: st, Clusterer: &oneStory{st: st}, Stages: []engine.StoryStage{marker{}}}
	a := &news.Article{Text: "Queued article.", ContentHash: "q1"}
	if _, err := st.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddStored(ctx, &news.Article{Text: "Never stored.", ContentHash: "q2"}); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("AddStored of an unstored article: %v, want EINVALID", err)
	}
	res, err := e.AddStored(ctx, a)
	if err != nil || res.StoryID == 0 || res.ArticleID != a.ID || res.Created {
		t.Fatalf("AddStored = %+v, %v", res, err)
	}
	if got := e.Pending(); len(got) != 1 || got[0] != res.StoryID {
		t.Errorf("pending stories %v, want [%d]", got, res.StoryID)
	}
	stored, err := st.FindArticleByID(ctx, a.ID)
	if err != nil || stored.StoryID != res.StoryID {
		t.Fatalf("stored article: %+v, %v", stored, err)
	}
	if _, err := e.AddStored(ctx, stored); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("AddStored of a clustered article: %v, want EINVALID", err)
	}
	if _, total, _ := st.FindArticles(ctx, news.ArticleFilter{}); total != 1 {
		t.Errorf("%d articles stored, want 1", total)
	}
}

// openDefault opens the SQLite file at path with the default engine, as
// a process does; both are closed at the end of the test.
func openDefault(t *testing.T, path string) (*engine.Engine, news.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e, err := engine.Default(ctx, st, engine.Config{ReputationDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return e, st
}

// TestWarmIndexesAcrossRuns: a sentence lifted from an article an earlier
// run stored is found by the next run's cross-story sentence index.
func TestWarmIndexesAcrossRuns(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/warm.db"
	shared := "The harbour authority said the damaged crane would be replaced within three months."
	run := func(a *news.Article) (int64, *engine.Engine, news.Store) {
		e, st := openDefault(t, path)
		a.ContentHash, a.Sentences = a.Text, text.Sentences(a.Text)
		res, err := e.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Flush(ctx, nil); err != nil {
			t.Fatal(err)
		}
		return res.ArticleID, e, st
	}
	first, _, _ := run(&news.Article{Title: "Crane collapses at Meridian port",
		Text: "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. " + shared + " Unions called for an inspection of the other cranes."})
	second, _, st := run(&news.Article{Title: "Vessa votes in regional election",
		Text: "Voters in Vessa chose a new regional assembly on Sunday, with turnout at 63 percent. " + shared + " The ruling Unity party claimed victory before the count ended."})
	an, err := st.FindAnalysis(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, p := range an.Provenance.Passages {
		if !p.SameStory && p.SourceID == first {
			found = true
		}
	}
	if !found {
		t.Fatalf("the lifted sentence of article %d (earlier run) was not found in article %d: passages %+v", first, second, an.Provenance.Passages)
	}
}

// memSentences is a news.SentenceStore in memory; stories maps articles to
// their current story.
type memSentences struct {
	refs    []news.SentenceRef
	stories map[int64]int64
}

func (m *memSentences) AddSentences(ctx context.Context, refs []news.SentenceRef) error {
	m.refs = append(m.refs, refs...)
	return nil
}

func (m *memSentences) FindSentences(ctx context.Context, hashes []uint64, story int64) ([]news.SentenceRef, error) {
	var out []news.SentenceRef
	for _, r := range m.refs {
		for _, h := range hashes {
			if r.Hash == h && m.stories[r.ArticleID] != story && m.stories[r.ArticleID] != 0 {
				r.StoryID = m.stories[r.ArticleID]
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// TestSentenceIndexInStore: with a store, Observe queues the sentences,
// Lookup stores them and finds a copy in another story by the source's
// current story.
func TestSentenceIndexInStore(t *testing.T) {
	ctx := context.Background()
	shared := "The city council voted to extend the tram line to the airport next year."
	mk := func(id, story int64, txt string) *news.Article {
		a := &news.Article{ID: id, StoryID: story, Text: txt}
		a.Sentences = text.Sentences(txt)
		return a
	}
	ms := &memSentences{stories: map[int64]int64{1: 10}}
	x := &engine.SentenceIndex{Store: ms}
	if err := x.Observe(ctx, mk(1, 10, "A crane fell at the port of Meridian on Tuesday morning. "+shared)); err != nil {
		t.Fatal(err)
	}
	if len(ms.refs) != 0 {
		t.Fatalf("Observe wrote %d sentences to the store; it should queue them", len(ms.refs))
	}
	b := mk(2, 20, "Union leaders blamed the port for the crane collapse on Friday evening. "+shared)
	found, err := x.Lookup(ctx, []*news.Article{b}, 20)
	got := found[b.ID]
	if err != nil || len(found) != 1 || len(got) != 1 || got[0].SourceID != 1 || got[0].SameStory || got[0].Span.Slice(b.Text) != shared {
		t.Fatalf("Lookup = %+v, %v", found, err)
	}
	if len(ms.refs) != 2 {
		t.Errorf("%d sentences stored, want the 2 of article 1", len(ms.refs))
	}
	ms.stories[1] = 20 // re-clustered into b's story: no longer foreign
	if got, err := x.Lookup(ctx, []*news.Article{b}, 20); err != nil || len(got) != 0 {
		t.Errorf("Lookup after the source joined the story = %+v, %v", got, err)
	}
	// Carried by three other stories, the sentence is boilerplate.
	for i, story := range []int64{30, 40, 50} {
		id := int64(3 + i)
		ms.stories[id] = story
		if err := x.Observe(ctx, mk(id, story, fmt.Sprintf("Trams stopped at depot %d for the whole morning. ", i+1)+shared)); err != nil {
			t.Fatal(err)
		}
	}
	late := mk(9, 20, "Union leaders met the mayor on Saturday. "+shared)
	if got, err := x.Lookup(ctx, []*news.Article{late}, 20); err != nil || len(got) != 0 {
		t.Errorf("Lookup of a sentence three other stories carry = %+v, %v; want none (boilerplate)", got, err)
	}
}

// newStoryEach starts a story for every article.
type newStoryEach struct{ st news.Store }

func (c newStoryEach) Assign(ctx context.Context, a *news.Article) (int64, error) {
	s := &news.Story{Title: "s"}
	if err := c.st.CreateStory(ctx, s); err != nil {
		return 0, err
	}
	return s.ID, nil
}

// TestRerunAnalysesWhatAStoppedRunLeft: a run stopped after clustering but
// before its Flush left articles without analyses; running the same input
// again analyses them, and leaves alone the stories already analysed.
func TestRerunAnalysesWhatAStoppedRunLeft(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	texts := []string{"First article text.", "Second article text."}
	stopped := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Stages: []engine.StoryStage{marker{}}}
	for _, txt := range texts[:1] {
		if _, err := stopped.Add(ctx, &news.Article{Text: txt, ContentHash: txt}); err != nil {
			t.Fatal(err)
		}
	}
	if err := stopped.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := stopped.Add(ctx, &news.Article{Text: texts[1], ContentHash: texts[1]}); err != nil {
		t.Fatal(err)
	} // ... and the run stops before its Flush.

	// The next run meets both in one batch: one query finds the one left.
	again := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Stages: []engine.StoryStage{marker{}}}
	batch := []*news.Article{{Text: texts[0], ContentHash: texts[0]}, {Text: texts[1], ContentHash: texts[1]}}
	err = again.AddBatch(ctx, batch, func(i int, res engine.AddResult, err error) error {
		if err != nil || res.Created || res.StoryID == 0 {
			t.Errorf("AddBatch of %q = %+v, %v; want the stored, clustered article", texts[i], res, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Pending(); len(got) != 1 || got[0] != 2 {
		t.Fatalf("pending stories %v, want [2]: only the unanalysed article's story", got)
	}
	if err := again.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= 2; id++ {
		if an, err := st.FindAnalysis(ctx, id); err != nil || an.Report.Risk != 0.5 {
			t.Errorf("analysis of article %d = %+v, %v", id, an, err)
		}
	}
}

// TestReclusterRefreshesObservers: after Recluster puts two articles that
// share a sentence into one story, the sentence index no longer reports
// the sentence as lifted from another story (it knew the old stories).
func TestReclusterRefreshesObservers(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shared := "The harbour authority said the damaged crane would be replaced within three months."
	idx := &engine.SentenceIndex{Cap: 1000}
	e := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Observers: []engine.Observer{idx, &engine.Recent{Cap: 100}},
		Stages: []engine.StoryStage{engine.ReuseStage{Sentences: idx}}}
	var ids []int64
	for _, txt := range []string{
		"A crane collapsed at the port of Meridian on Tuesday. " + shared,
		"Dock workers at Meridian stopped work after the crane fell. " + shared,
	} {
		res, err := e.Add(ctx, &news.Article{Text: txt, ContentHash: txt, Sentences: text.Sentences(txt)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ArticleID)
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	foreign := func() int {
		an, err := st.FindAnalysis(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range an.Provenance.Passages {
			if !p.SameStory {
				n++
			}
		}
		return n
	}
	if foreign() != 1 {
		t.Fatalf("before Recluster, in two stories: %d passages from another story, want 1", foreign())
	}
	if err := e.Recluster(ctx, &oneStory{st: st}, nil); err != nil {
		t.Fatal(err)
	}
	if n := foreign(); n != 0 {
		t.Errorf("after Recluster into one story: %d passages from another story, want 0", n)
	}
}

// TestProcessesShareStories: two processes on one SQLite file cluster
// against the same stories: an article the second one adds joins the story
// the first one started after the second had opened the file.
func TestProcessesShareStories(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/shared.db"
	first, st := openDefault(t, path)
	second, _ := openDefault(t, path) // opened before the first stores anything
	add := func(e *engine.Engine, title, body string) int64 {
		a := &news.Article{Title: title, Text: body, ContentHash: body, Sentences: text.Sentences(body),
			Published: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
		res, err := e.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Flush(ctx, nil); err != nil {
			t.Fatal(err)
		}
		return res.StoryID
	}
	s1 := add(first, "Container crane collapses at Meridian port, injuring two dock workers",
		"A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. The harbour authority said the crane would be replaced within three months. Unions called for an inspection of the other cranes at Meridian.")
	s2 := add(second, "Meridian port crane collapse injures two dock workers",
		"Two dock workers were injured on Tuesday when a container crane collapsed at Meridian port. The harbour authority said it would replace the crane within three months, and unions asked for the other Meridian cranes to be inspected.")
	if s1 != s2 {
		stories, _, _ := st.FindStories(ctx, news.StoryFilter{})
		t.Fatalf("the second process put the follow-up in story %d, not the first process's story %d (%d stories)", s2, s1, len(stories))
	}
}

// TestAssignAfterAnotherProcessReclusters: a process whose clusterer
// still holds stories another process's recluster deleted assigns its next
// article to one of the new stories instead of failing.
func TestAssignAfterAnotherProcessReclusters(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/recluster.db"
	first, st := openDefault(t, path)
	add := func(e *engine.Engine, body string) (engine.AddResult, error) {
		a := &news.Article{Title: "Container crane collapses at Meridian port", Text: body, ContentHash: body,
			Sentences: text.Sentences(body), Published: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
		res, err := e.Add(ctx, a)
		if err == nil {
			err = e.Flush(ctx, nil)
		}
		return res, err
	}
	if _, err := add(first, "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. The harbour authority said the crane would be replaced."); err != nil {
		t.Fatal(err)
	}
	second, st2 := openDefault(t, path)
	if err := second.Recluster(ctx, &engine.StoryClusterer{Store: st2, C: cluster.New(cluster.DefaultModel(), cluster.Options{})}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := add(first, "Two dock workers were injured on Tuesday when a container crane collapsed at Meridian port; the harbour authority will replace the crane.")
	if err != nil {
		t.Fatalf("the follow-up after another process's recluster: %v", err)
	}
	if _, err := st.FindStoryByID(ctx, res.StoryID); err != nil {
		t.Errorf("the follow-up went to story %d: %v", res.StoryID, err)
	}
}

// TestAddBatch: AddBatch reports, article by article and in order, what
// Add would have: a new article, a copy of an earlier one of the batch, an
// article the store refuses (the others still stored), and an article a
// killed run stored without clustering it.
func TestAddBatch(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The killed run got as far as storing this one.
	left := &news.Article{Text: "Half-done article.", ContentHash: "h0"}
	if _, err := st.CreateArticle(ctx, left); err != nil {
		t.Fatal(err)
	}
	e := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Stages: []engine.StoryStage{marker{}}}
	arts := []*news.Article{
		{Text: "First article.", ContentHash: "h1"},
		{Text: "First article.", ContentHash: "h1"}, // a copy of the first
		{Text: "", ContentHash: "h2"},               // no text: refused
		{Text: "Half-done article.", ContentHash: "h0"},
		{Text: "Last article.", ContentHash: "h3"},
	}
	var got []string
	err = e.AddBatch(ctx, arts, func(i int, res engine.AddResult, err error) error {
		got = append(got, fmt.Sprintf("%d created=%v story=%v err=%v", i, res.Created, res.StoryID != 0, news.ErrorCode(err)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"0 created=true story=true err=",
		"1 created=false story=true err=",
		"2 created=false story=false err=invalid",
		"3 created=false story=true err=",
		"4 created=true story=true err=",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("AddBatch reported\n%q\nwant\n%q", got, want)
	}
	if arts[1].ID != arts[0].ID || arts[3].ID != left.ID {
		t.Errorf("copies got IDs %d, %d; want %d, %d", arts[1].ID, arts[3].ID, arts[0].ID, left.ID)
	}
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if left, err := st.Unanalysed(ctx, []int64{arts[0].ID, left.ID, arts[4].ID}); err != nil || len(left) != 0 {
		t.Fatalf("unanalysed after Flush: %v, %v", left, err)
	}
	// An error from fn stops the batch.
	calls := 0
	stop := errors.New("stop")
	more := []*news.Article{{Text: "Another.", ContentHash: "h4"}, {Text: "And one more.", ContentHash: "h5"}}
	if err := e.AddBatch(ctx, more, func(int, engine.AddResult, error) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("AddBatch after fn failed = %v after %d calls; want stop after 1", err, calls)
	}
}

// slowClusterer takes a millisecond an article, as a real clusterer on a
// large story may: the other process then meets the articles its batch
// stored and has not clustered yet.
type slowClusterer struct{ engine.Clusterer }

func (c slowClusterer) Assign(ctx context.Context, a *news.Article) (int64, error) {
	time.Sleep(time.Millisecond)
	return c.Clusterer.Assign(ctx, a)
}

// TestTwoProcessesOneArticleOnce: two engines on one SQLite file (as two
// processes) add the same input at the same time. Each article is
// clustered once: without the assigner lock, one engine takes an article
// the other has stored but not yet clustered for one a stopped run left,
// clusters it again, and leaves a story without articles.
func TestTwoProcessesOneArticleOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	var arts [2][]*news.Article
	for p := range arts {
		for i := range 60 {
			txt := fmt.Sprintf("Article number %d of the shared input.", i)
			arts[p] = append(arts[p], &news.Article{Text: txt, ContentHash: txt})
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for p := range 2 {
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		e := &engine.Engine{Store: st, Clusterer: slowClusterer{newStoryEach{st}}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; b < len(arts[p]) && errs[p] == nil; b += 5 {
				errs[p] = e.AddBatch(ctx, arts[p][b:b+5], func(i int, _ engine.AddResult, err error) error { return err })
			}
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, stories, err := st.FindStories(ctx, news.StoryFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if stories != 60 {
		t.Errorf("%d stories for 60 articles, each clustered into a story of its own once", stories)
	}
	if n, err := st.PruneStories(ctx); err != nil || n != 0 {
		t.Errorf("%d stories left without articles (%v)", n, err)
	}
}

// TestLatestArticlesAreTheLastStored: a process warms up from the articles
// stored last, oldest first, even when an older archive of undated pages
// outnumbers them (ordered by publication time, undated articles come last
// and were taken for the newest).
func TestLatestArticlesAreTheLastStored(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 30 {
		txt := fmt.Sprintf("Undated archive page %d.", i)
		if _, err := st.CreateArticle(ctx, &news.Article{Text: txt, ContentHash: txt}); err != nil {
			t.Fatal(err)
		}
	}
	var want []int64
	for i := range 5 {
		txt := fmt.Sprintf("Today's report %d.", i)
		a := &news.Article{Text: txt, ContentHash: txt, Published: time.Date(2026, 3, 10, i, 0, 0, 0, time.UTC)}
		if _, err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		want = append(want, a.ID)
	}
	got, err := engine.LatestArticles(ctx, st, 5)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("latest articles %v, want the five stored last, oldest first: %v", ids, want)
	}
}

// failOnce is a store whose next AssignArticle fails (its transaction
// rolled back), as when the connection drops.
type failOnce struct {
	*sqlite.Store
	fail bool
}

func (s *failOnce) AssignArticle(ctx context.Context, articleID, storyID int64, state []byte, title string) error {
	if s.fail {
		s.fail = false
		return errors.New("connection reset by peer")
	}
	return s.Store.AssignArticle(ctx, articleID, storyID, state, title)
}

// TestRetryAfterAFailedWrite: when the store fails to record an article's
// story after the clusterer counted the article in it, the retried article
// is counted once: the clusterer starts again from the store's stories,
// which the failed write left as they were.
func TestRetryAfterAFailedWrite(t *testing.T) {
	ctx := context.Background()
	body := "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers. The harbour authority said the crane would be replaced."
	size := func(failFirst bool) int {
		st, err := sqlite.Open(ctx, ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fs := &failOnce{Store: st, fail: failFirst}
		e, err := engine.Default(ctx, fs, engine.Config{ReputationDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		var res engine.AddResult
		for try := 0; ; try++ {
			res, err = e.Add(ctx, &news.Article{Title: "Crane collapses", Text: body, ContentHash: "h1", Sentences: text.Sentences(body)})
			if err == nil {
				break
			}
			if !failFirst || try > 0 {
				t.Fatalf("Add: %v", err)
			}
		}
		s, err := st.FindStoryByID(ctx, res.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		c := cluster.New(cluster.DefaultModel(), cluster.Options{})
		if err := c.Restore(s.ID, s.State); err != nil {
			t.Fatal(err)
		}
		return c.Size(s.ID)
	}
	if clean, retried := size(false), size(true); clean != 1 || retried != 1 {
		t.Fatalf("the article's story holds %d articles added once, %d when the first try failed; want 1", clean, retried)
	}
}

// failStory is a store whose SetArticleStory fails, as a store that went
// away does.
type failStory struct{ *sqlite.Store }

func (failStory) SetArticleStory(context.Context, int64, int64) error {
	return errors.New("database is closed")
}

// TestAddBatchStoreFailure: a store failure stops the batch, and AddBatch
// returns it even when fn, told of it, does not.
func TestAddBatchStoreFailure(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &engine.Engine{Store: failStory{st}, Clusterer: newStoryEach{st}}
	var calls int
	arts := []*news.Article{{Text: "One.", ContentHash: "1"}, {Text: "Two.", ContentHash: "2"}, {Text: "Three.", ContentHash: "3"}}
	err = e.AddBatch(ctx, arts, func(int, engine.AddResult, error) error { calls++; return nil })
	if err == nil || calls != 1 {
		t.Fatalf("AddBatch = %v after %d calls; want the store's failure after the first article", err, calls)
	}
	// Also when the failing article is the batch's last.
	calls = 0
	last := []*news.Article{{Text: "Four.", ContentHash: "4"}}
	if err := e.AddBatch(ctx, last, func(int, engine.AddResult, error) error { calls++; return nil }); err == nil || calls != 1 {
		t.Fatalf("AddBatch of one failing article = %v after %d calls; want the store's failure", err, calls)
	}
}

// TestAssignMissingArticle: an article that is not stored fails with
// ENOTFOUND, and the clusterer does not take it for a story another
// process deleted (which would rebuild it from the store and try again,
// starting a second story).
func TestAssignMissingArticle(t *testing.T) {
	ctx := context.Background()
	e, st := openDefault(t, filepath.Join(t.TempDir(), "missing.db"))
	body := "A container crane collapsed at the port of Meridian on Tuesday, injuring two dock workers."
	_, err := e.AddStored(ctx, &news.Article{ID: 42, Title: "Crane collapses", Text: body, Sentences: text.Sentences(body)})
	if news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("AddStored of an article not stored = %v, want ENOTFOUND", err)
	}
	if n, err := st.PruneStories(ctx); err != nil || n > 1 {
		t.Fatalf("%d stories started for one missing article (%v)", n, err)
	}
}

// failSave refuses to save the analysis of one article.
type failSave struct {
	*sqlite.Store
	bad int64
}

func (s failSave) SaveAnalyses(ctx context.Context, as []*news.Analysis) error {
	for _, a := range as {
		if a.ArticleID == s.bad {
			return errors.New("disk full")
		}
	}
	return s.Store.SaveAnalyses(ctx, as)
}

// TestFlushSaveFailure: Flush saves each story's analyses as it analyses
// it; when a save fails, the stories before the one that fails are saved,
// the error names it, and it and those after it stay pending.
func TestFlushSaveFailure(t *testing.T) {
	ctx := context.Background()
	sq, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	st := failSave{sq, 3}
	var saved []int64
	e := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Stages: []engine.StoryStage{marker{}},
		Saved: func(ans []*news.Analysis) {
			for _, an := range ans {
				saved = append(saved, an.ArticleID)
			}
		}}
	for i := range 4 {
		txt := fmt.Sprintf("Article number %d.", i+1)
		if _, err := e.Add(ctx, &news.Article{Text: txt, ContentHash: txt}); err != nil {
			t.Fatal(err)
		}
	}
	err = e.Flush(ctx, nil)
	if err == nil || err.Error() != "save the analyses of story 3: disk full" {
		t.Fatalf("Flush: %v, want the failure of story 3", err)
	}
	if fmt.Sprint(saved) != "[1 2]" {
		t.Errorf("Saved got articles %v, want [1 2]", saved)
	}
	for id := int64(1); id <= 4; id++ {
		_, err := sq.FindAnalysis(ctx, id)
		if (err == nil) != (id < 3) {
			t.Errorf("analysis of article %d: %v", id, err)
		}
	}
	if got := e.Pending(); fmt.Sprint(got) != "[3 4]" {
		t.Errorf("pending %v, want [3 4]", got)
	}
}
