package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
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
