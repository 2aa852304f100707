package news_test

import (
	"context"
	"errors"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// memStore stores articles by content hash; its batch method refuses a
// whole batch holding an invalid article, as the real stores do.
type memStore struct {
	news.ArticleStore // methods the test does not call
	byHash            map[string]int64
	batches           int
	fail              error
}

func (m *memStore) CreateArticle(ctx context.Context, a *news.Article) (bool, error) {
	if m.fail != nil {
		return false, m.fail
	}
	if err := a.Validate(); err != nil {
		return false, err
	}
	if id, ok := m.byHash[a.ContentHash]; ok {
		a.ID = id
		return false, nil
	}
	a.ID = int64(len(m.byHash) + 1)
	m.byHash[a.ContentHash] = a.ID
	return true, nil
}

func (m *memStore) CreateArticles(ctx context.Context, arts []*news.Article) ([]bool, error) {
	m.batches++
	for _, a := range arts {
		if err := a.Validate(); err != nil {
			return nil, err
		}
	}
	created := make([]bool, len(arts))
	for i, a := range arts {
		created[i], _ = m.CreateArticle(ctx, a)
	}
	return created, nil
}

func arts(texts ...string) []*news.Article {
	var out []*news.Article
	for _, t := range texts {
		out = append(out, &news.Article{Text: t, ContentHash: "h-" + t})
	}
	return out
}

func TestCreateArticles(t *testing.T) {
	ctx := context.Background()
	m := &memStore{byHash: map[string]int64{}}
	created, refused, err := news.CreateArticles(ctx, m, arts("a", "b", "a"))
	if err != nil || m.batches != 1 || created[0] != true || created[1] != true || created[2] != false || refused[2] != nil {
		t.Fatalf("one batch: created %v refused %v err %v, %d batches", created, refused, err, m.batches)
	}
	// A batch with an invalid article is stored one by one: only that one fails.
	batch := arts("c", "d")
	batch = append(batch[:1], append([]*news.Article{{Text: "bad \x00", ContentHash: "h-bad"}}, batch[1:]...)...)
	created, refused, err = news.CreateArticles(ctx, m, batch)
	if err != nil || !created[0] || created[1] || !created[2] || news.ErrorCode(refused[1]) != news.EINVALID || refused[0] != nil || refused[2] != nil {
		t.Fatalf("fallback: created %v refused %v err %v", created, refused, err)
	}
	if len(m.byHash) != 4 {
		t.Errorf("%d articles stored, want 4 (a, b, c, d)", len(m.byHash))
	}
	// A failure of the store itself is returned, not counted as a refusal.
	m.fail = errors.New("disk full")
	if _, _, err := news.CreateArticles(ctx, m, arts("bad \x00", "e")); err == nil || err.Error() != "disk full" {
		t.Errorf("store failure: err %v", err)
	}
}
