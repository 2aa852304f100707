package engine_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
)

// hungSave is a store whose SaveAnalyses waits for its context, as a
// database that does not answer does.
type hungSave struct{ *sqlite.Store }

func (s hungSave) SaveAnalyses(ctx context.Context, as []*news.Analysis) error {
	for _, a := range as {
		if a.ArticleID >= 2 { // the database stops answering after story 1
			<-ctx.Done()
			return ctx.Err()
		}
	}
	return s.Store.SaveAnalyses(ctx, as)
}

type cancelAt struct {
	story  int64
	cancel func()
}

func (c cancelAt) AnalyzeStory(ctx context.Context, w *engine.StoryWork) error {
	if w.Story.ID == c.story {
		c.cancel()
	}
	return nil
}

// TestFlushStopsOnInterrupt: an interrupt stops Flush even when the
// database does not answer.
func TestFlushStopsOnInterrupt(t *testing.T) {
	bg := context.Background()
	sq, err := sqlite.Open(bg, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	st := hungSave{sq}
	ctx, cancel := context.WithCancel(bg)
	e := &engine.Engine{Store: st, Clusterer: newStoryEach{st}, Stages: []engine.StoryStage{cancelAt{2, cancel}}}
	for i := range 3 {
		txt := fmt.Sprintf("Article number %d.", i+1)
		if _, err := e.Add(bg, &news.Article{Text: txt, ContentHash: txt}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- e.Flush(ctx, nil) }()
	select {
	case err := <-done:
		t.Logf("Flush returned %v", err)
	case <-time.After(3 * time.Second):
		t.Fatalf("Flush still blocked 3 s after the interrupt")
	}
}

// byTitle puts articles with the same Title in one story.
type byTitle struct {
	st  news.Store
	ids map[string]int64
}

func (c *byTitle) Assign(ctx context.Context, a *news.Article) (int64, error) {
	if id, ok := c.ids[a.Title]; ok {
		return id, nil
	}
	s := &news.Story{Title: a.Title}
	if err := c.st.CreateStory(ctx, s); err != nil {
		return 0, err
	}
	c.ids[a.Title] = s.ID
	return s.ID, nil
}

// sizeStage writes the story's size into each analysis and runs hook
// when it analyses story `at`.
type sizeStage struct {
	at   *int64
	hook func()
}

func (s sizeStage) AnalyzeStory(ctx context.Context, w *engine.StoryWork) error {
	for _, an := range w.Analyses {
		an.Report.Risk = float64(len(w.Articles)) / 10
	}
	if w.Story.ID == *s.at && s.hook != nil {
		h := s.hook
		h()
	}
	return nil
}

// TestFlushSavesEachStoryAtOnce: two processes on one store. While
// process 1 analyses story T (after S, in the same Flush), process 2 adds
// an article to S and saves S's new analyses; process 1 must not then
// save S's older analyses over them (a Flush that saved several stories
// together at the end did).
func TestFlushSavesEachStoryAtOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st1, err := sqlite.Open(ctx, dir+"/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st1.Close()
	st2, err := sqlite.Open(ctx, dir+"/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	cl := &byTitle{st1, map[string]int64{}}
	var at int64 = -1
	e2 := &engine.Engine{Store: st2, Clusterer: cl, Stages: []engine.StoryStage{sizeStage{at: new(int64)}}}
	var fired bool
	e1 := &engine.Engine{Store: st1, Clusterer: cl, Stages: []engine.StoryStage{sizeStage{at: &at, hook: func() {
		if fired {
			return
		}
		fired = true
		if _, err := e2.Add(ctx, &news.Article{Title: "S", Text: "S two.", ContentHash: "s2"}); err != nil {
			t.Fatal(err)
		}
		if err := e2.Flush(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}}}}
	r1, err := e1.Add(ctx, &news.Article{Title: "S", Text: "S one.", ContentHash: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := e1.Add(ctx, &news.Article{Title: "T", Text: "T one.", ContentHash: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	at = r2.StoryID
	if err := e1.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	an, err := st1.FindAnalysis(ctx, r1.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if an.Report.Risk != 0.2 {
		t.Fatalf("article 1 of story S (2 articles) has the analysis of a 1-article story (risk %v): process 1 overwrote process 2's newer save", an.Report.Risk)
	}
}
