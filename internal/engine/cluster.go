package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// StoryClusterer assigns articles to stories with the online clusterer and
// keeps each story's clustering state in the store, so that a later process
// picks up where this one stopped.
type StoryClusterer struct {
	Store news.Store
	C     *cluster.Clusterer
}

// NewStoryClusterer returns a clusterer warmed up from the store: the
// stories active within the dormancy window of the newest stored article
// are restored, and the newest articles (up to warm) fill the IDF table.
func NewStoryClusterer(ctx context.Context, st news.Store, m *cluster.Model, warm int) (*StoryClusterer, error) {
	c := cluster.New(m, cluster.Options{})
	sc := &StoryClusterer{Store: st, C: c}
	arts, total, err := st.FindArticles(ctx, news.ArticleFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if total == 0 {
		return sc, nil
	}
	off := max(total-warm, 0)
	arts, _, err = st.FindArticles(ctx, news.ArticleFilter{Offset: off, Limit: warm})
	if err != nil {
		return nil, err
	}
	var newest time.Time
	for _, a := range arts {
		c.Observe(doc(a))
		if a.Published.After(newest) {
			newest = a.Published
		}
	}
	since := newest.Add(-7 * 24 * time.Hour)
	f := news.StoryFilter{}
	if !newest.IsZero() {
		f.Since = &since
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

func doc(a *news.Article) cluster.Doc {
	return cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published, Lang: a.Lang}
}

// Assign implements Clusterer.
func (sc *StoryClusterer) Assign(ctx context.Context, a *news.Article) (int64, error) {
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
	s, err := sc.Store.FindStoryByID(ctx, id)
	if err != nil {
		return 0, err
	}
	s.State = sc.C.State(id)
	if s.Title == "" {
		s.Title = storyTitle(a)
	}
	return id, sc.Store.UpdateStory(ctx, s)
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
