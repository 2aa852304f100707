package memo_test

import (
	"sync"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

func TestDoComputesOnce(t *testing.T) {
	c := memo.New[string, int](10)
	calls := 0
	f := func() int { calls++; return 42 }
	for range 3 {
		if got := c.Do("k", f); got != 42 {
			t.Fatalf("Do = %d, want 42", got)
		}
	}
	if calls != 1 {
		t.Errorf("f ran %d times, want 1", calls)
	}
}

func TestFullCacheEmptiesBeforeAdding(t *testing.T) {
	c := memo.New[int, int](3)
	for i := range 3 {
		c.Put(i, i)
	}
	if c.Len() != 3 {
		t.Fatalf("Len = %d, want 3", c.Len())
	}
	c.Put(3, 3)
	if c.Len() != 1 {
		t.Errorf("Len after overflow = %d, want 1", c.Len())
	}
	if _, ok := c.Get(0); ok {
		t.Error("entry 0 survived the emptying")
	}
	if v, ok := c.Get(3); !ok || v != 3 {
		t.Errorf("Get(3) = %d, %v; want 3, true", v, ok)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := memo.New[int, int](50)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				k := (i * (g + 1)) % 80
				if v := c.Do(k, func() int { return k * 2 }); v != k*2 {
					t.Errorf("Do(%d) = %d", k, v)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestArticleKey(t *testing.T) {
	base := news.Article{ID: 1, Title: "Ferry strike", Text: "Crews walked out. The port closed.",
		Sentences: []news.Sentence{{Span: news.Span{Start: 0, End: 17}}, {Span: news.Span{Start: 18, End: 34}}}}
	k := memo.ArticleKey(&base)

	other := base
	other.ID, other.Outlet, other.Byline = 2, "example.org", "A. Writer"
	if memo.ArticleKey(&other) != k {
		t.Error("the key depends on the ID or metadata, which analyses cached under it do not read")
	}
	for name, change := range map[string]func(a *news.Article){
		"text":      func(a *news.Article) { a.Text = "Crews walked out. The port opened." },
		"title":     func(a *news.Article) { a.Title = "Ferry strike ends" },
		"sentences": func(a *news.Article) { a.Sentences = a.Sentences[:1] },
		"credits":   func(a *news.Article) { a.Credits = []news.Credit{{Span: news.Span{Start: 18, End: 34}}} },
	} {
		a := base
		a.Sentences = append([]news.Sentence(nil), base.Sentences...)
		change(&a)
		if memo.ArticleKey(&a) == k {
			t.Errorf("changing the %s keeps the key", name)
		}
	}
}
