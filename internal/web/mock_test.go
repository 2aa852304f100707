package web_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/web"
)

// mockStore is a news.Store whose methods call its fn fields; a nil field
// panics, so a test states every call it expects.
type mockStore struct {
	CreateArticleFn   func(ctx context.Context, a *news.Article) (bool, error)
	FindArticleByIDFn func(ctx context.Context, id int64) (*news.Article, error)
	FindArticlesFn    func(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error)
	SetArticleStoryFn func(ctx context.Context, articleID, storyID int64) error
	CreateStoryFn     func(ctx context.Context, s *news.Story) error
	UpdateStoryFn     func(ctx context.Context, s *news.Story) error
	AssignArticleFn   func(ctx context.Context, articleID, storyID int64, state []byte, title string) error
	FindStoryByIDFn   func(ctx context.Context, id int64) (*news.Story, error)
	FindStoriesFn     func(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error)
	PruneStoriesFn    func(ctx context.Context) (int, error)
	SaveAnalysesFn    func(ctx context.Context, as []*news.Analysis) error
	FindAnalysisFn    func(ctx context.Context, articleID int64) (*news.Analysis, error)
	UnanalysedFn      func(ctx context.Context, articleIDs []int64) ([]int64, error)
}

var _ news.Store = (*mockStore)(nil)

func (m *mockStore) CreateArticle(ctx context.Context, a *news.Article) (bool, error) {
	return m.CreateArticleFn(ctx, a)
}
func (m *mockStore) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	return m.FindArticleByIDFn(ctx, id)
}
func (m *mockStore) FindArticles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, int, error) {
	return m.FindArticlesFn(ctx, f)
}
func (m *mockStore) SetArticleStory(ctx context.Context, articleID, storyID int64) error {
	return m.SetArticleStoryFn(ctx, articleID, storyID)
}
func (m *mockStore) CreateStory(ctx context.Context, s *news.Story) error {
	return m.CreateStoryFn(ctx, s)
}
func (m *mockStore) UpdateStory(ctx context.Context, s *news.Story) error {
	return m.UpdateStoryFn(ctx, s)
}
func (m *mockStore) AssignArticle(ctx context.Context, articleID, storyID int64, state []byte, title string) error {
	return m.AssignArticleFn(ctx, articleID, storyID, state, title)
}
func (m *mockStore) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	return m.FindStoryByIDFn(ctx, id)
}
func (m *mockStore) FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error) {
	return m.FindStoriesFn(ctx, f)
}
func (m *mockStore) PruneStories(ctx context.Context) (int, error) { return m.PruneStoriesFn(ctx) }
func (m *mockStore) SaveAnalyses(ctx context.Context, as []*news.Analysis) error {
	return m.SaveAnalysesFn(ctx, as)
}
func (m *mockStore) FindAnalysis(ctx context.Context, articleID int64) (*news.Analysis, error) {
	return m.FindAnalysisFn(ctx, articleID)
}
func (m *mockStore) Unanalysed(ctx context.Context, articleIDs []int64) ([]int64, error) {
	return m.UnanalysedFn(ctx, articleIDs)
}
func (m *mockStore) Close() error { return nil }

// mockSubmitter is a web.Submitter calling SubmitFn.
type mockSubmitter struct {
	SubmitFn func(ctx context.Context, inputs []web.Input) (*web.SubmitResult, error)
}

func (m *mockSubmitter) Submit(ctx context.Context, inputs []web.Input) (*web.SubmitResult, error) {
	return m.SubmitFn(ctx, inputs)
}

// brokenStore fails every read with an uncoded error, as a database that
// went away would.
func brokenStore() *mockStore {
	err := errors.New("database is locked: secret detail")
	return &mockStore{
		FindArticleByIDFn: func(context.Context, int64) (*news.Article, error) { return nil, err },
		FindArticlesFn:    func(context.Context, news.ArticleFilter) ([]*news.Article, int, error) { return nil, 0, err },
		FindStoryByIDFn:   func(context.Context, int64) (*news.Story, error) { return nil, err },
		FindStoriesFn:     func(context.Context, news.StoryFilter) ([]*news.Story, int, error) { return nil, 0, err },
		FindAnalysisFn:    func(context.Context, int64) (*news.Analysis, error) { return nil, err },
	}
}

// TestInternalErrors checks every endpoint's internal-error path: status
// 500, a message that hides the cause, and one log line with the method
// and path.
func TestInternalErrors(t *testing.T) {
	sub := &mockSubmitter{SubmitFn: func(context.Context, []web.Input) (*web.SubmitResult, error) {
		return nil, errors.New("engine exploded: secret detail")
	}}
	for _, tt := range []struct {
		method, path, body string
		api                bool
	}{
		{"GET", "/api/v1/stories", "", true},
		{"GET", "/api/v1/stories/1", "", true},
		{"GET", "/api/v1/articles/1", "", true},
		{"GET", "/api/v1/search?q=crane", "", true},
		{"POST", "/api/v1/articles", "A headline\n\nA text about a crane.", true},
		{"GET", "/", "", false},
		{"GET", "/stories/1", "", false},
		{"GET", "/articles/1", "", false},
		{"GET", "/search?q=crane", "", false},
		{"POST", "/submit", "text=A+headline", false},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			logs := &logBuffer{}
			s, err := web.New(brokenStore(), sub, slog.New(slog.NewTextHandler(logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(s)
			defer ts.Close()
			var body string
			var status int
			if tt.method == "POST" {
				ct := "text/plain"
				if !tt.api {
					ct = "application/x-www-form-urlencoded"
				}
				resp, b := post(t, ts.URL+tt.path, ct, tt.body)
				status, body = resp.StatusCode, b
			} else {
				resp, b := get(t, ts.URL+tt.path)
				status, body = resp.StatusCode, b
			}
			if status != 500 {
				t.Fatalf("status %d, want 500: %s", status, body)
			}
			if strings.Contains(body, "secret detail") {
				t.Error("the cause reached the client")
			}
			if tt.api {
				if e := decode(t, body); e.ErrorType != "internal" || e.Error != "Internal error." {
					t.Errorf("envelope %+v", e)
				}
			} else if got := parseHTML(t, body).Find("#error").Text(); got != "Internal error." {
				t.Errorf("error page says %q", got)
			}
			l := logs.String()
			if strings.Count(l, "level=ERROR") != 1 || !strings.Contains(l, "secret detail") || !strings.Contains(l, "path="+strings.SplitN(tt.path, "?", 2)[0]) || !strings.Contains(l, "method="+tt.method) {
				t.Errorf("log %q: want one error line with the cause, method and path", l)
			}
		})
	}
}

// TestCodedErrorsNotLogged checks that client errors from the store are
// answered with their status and never logged.
func TestCodedErrorsNotLogged(t *testing.T) {
	logs := &logBuffer{}
	st := &mockStore{
		FindStoryByIDFn: func(_ context.Context, id int64) (*news.Story, error) {
			return nil, news.Errorf(news.ENOTFOUND, "story %d not found", id)
		},
		FindArticlesFn: func(context.Context, news.ArticleFilter) ([]*news.Article, int, error) {
			return nil, 0, news.Errorf(news.EINVALID, "query: unbalanced quotes")
		},
		FindStoriesFn: func(context.Context, news.StoryFilter) ([]*news.Story, int, error) {
			return nil, 0, news.Errorf(news.ECONFLICT, "the store is being migrated")
		},
	}
	s, err := web.New(st, nil, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, tt := range []struct {
		path, errType string
		status        int
	}{
		{"/api/v1/stories/5", "not_found", 404},
		{"/api/v1/search?q=%22crane", "bad_data", 400},
		{"/api/v1/stories", "conflict", 409},
	} {
		resp, body := get(t, ts.URL+tt.path)
		if e := decode(t, body); resp.StatusCode != tt.status || e.ErrorType != tt.errType || e.Error == "" {
			t.Errorf("%s: %d %s", tt.path, resp.StatusCode, body)
		}
	}
	if resp, body := get(t, ts.URL+"/stories/5"); resp.StatusCode != 404 || !strings.Contains(parseHTML(t, body).Find("#error").Text(), "story 5 not found") {
		t.Errorf("story page: %d", resp.StatusCode)
	}
	if l := logs.String(); l != "" {
		t.Errorf("client errors were logged: %s", l)
	}
}
