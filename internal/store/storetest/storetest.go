// Package storetest is the conformance suite every news.Store backend runs,
// so that SQLite and PostgreSQL behave identically.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Run runs the suite. open returns a new, empty store for each subtest; the
// suite closes it.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s news.Store)
	}{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"ArticleIdempotent", testArticleIdempotent},
		{"ArticleInvalid", testArticleInvalid},
		{"ArticleNotFound", testArticleNotFound},
		{"ArticleFilter", testArticleFilter},
		{"ArticleConcurrentDuplicates", testArticleConcurrent},
		{"Stories", testStories},
		{"StoryFilter", testStoryFilter},
		{"Analyses", testAnalyses},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

var day = time.Date(2026, 3, 10, 6, 30, 0, 0, time.UTC)

// article returns a valid article whose text and URL derive from n.
func article(n int) *news.Article {
	txt := fmt.Sprintf("Article number %d reports a crane collapse at the Port of Meridian. “We are shocked,” said Élena Marsh.", n)
	return &news.Article{
		SourcePath: fmt.Sprintf("in/%d.txt", n), URL: fmt.Sprintf("https://example.com/%d?utm_source=x", n),
		CanonicalURL: fmt.Sprintf("https://example.com/%d", n), Outlet: "example.com", SiteName: "Example",
		Title: fmt.Sprintf("Crane collapse %d", n), Byline: "Hana Okafor",
		Credits:   []news.Credit{{Kind: news.CreditReporting, Name: "Hana Okafor", Span: news.Span{Start: 0, End: 7}}},
		Published: day.Add(time.Duration(n) * time.Hour), Lang: "en", Text: txt,
		Sentences:   []news.Sentence{{Span: news.Span{Start: 0, End: 70}, Para: 0}},
		ContentHash: fmt.Sprintf("hash-%d", n),
	}
}

func mustCreate(t *testing.T, s news.Store, a *news.Article) {
	t.Helper()
	created, err := s.CreateArticle(context.Background(), a)
	if err != nil || !created {
		t.Fatalf("CreateArticle = %v, %v; want created", created, err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := news.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func testArticleRoundTrip(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article(1)
	mustCreate(t, s, a)
	if a.ID == 0 || a.IngestedAt.IsZero() {
		t.Fatalf("CreateArticle did not set ID (%d) and IngestedAt (%v)", a.ID, a.IngestedAt)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *a
	want.IngestedAt = want.IngestedAt.Truncate(time.Microsecond)
	got.IngestedAt = got.IngestedAt.Truncate(time.Microsecond)
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Fatalf("FindArticleByID mismatch (-want +got):\n%s", diff)
	}
	// An article without URL or publication time round-trips too.
	b := &news.Article{Text: "Plain text only.", ContentHash: "h-plain"}
	mustCreate(t, s, b)
	got, err = s.FindArticleByID(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Published.IsZero() || got.CanonicalURL != "" || got.Text != b.Text {
		t.Fatalf("plain article came back as %+v", got)
	}
}

func testArticleIdempotent(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article(1)
	mustCreate(t, s, a)
	for _, tt := range []struct {
		name string
		edit func(*news.Article)
	}{
		{"same hash", func(b *news.Article) { b.CanonicalURL = "https://other.example/x" }},
		{"same canonical URL", func(b *news.Article) { b.ContentHash = "other-hash"; b.Text += " Updated." }},
	} {
		b := article(1)
		tt.edit(b)
		created, err := s.CreateArticle(ctx, b)
		if err != nil || created {
			t.Fatalf("%s: CreateArticle = %v, %v; want not created", tt.name, created, err)
		}
		if b.ID != a.ID {
			t.Fatalf("%s: ID = %d, want existing %d", tt.name, b.ID, a.ID)
		}
	}
	// Two articles without canonical URLs and different text are both kept.
	for i, h := range []string{"x1", "x2"} {
		mustCreate(t, s, &news.Article{Text: fmt.Sprintf("Text %d.", i), ContentHash: h})
	}
	_, total, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil || total != 3 {
		t.Fatalf("FindArticles total = %d, %v; want 3", total, err)
	}
}

func testArticleInvalid(t *testing.T, s news.Store) {
	ctx := context.Background()
	for _, a := range []*news.Article{{Text: "  ", ContentHash: "h"}, {Text: "Some text."}} {
		_, err := s.CreateArticle(ctx, a)
		wantCode(t, err, news.EINVALID)
	}
	_, total, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil || total != 0 {
		t.Fatalf("invalid articles were stored: total = %d, %v", total, err)
	}
}

func testArticleNotFound(t *testing.T, s news.Store) {
	ctx := context.Background()
	_, err := s.FindArticleByID(ctx, 42)
	wantCode(t, err, news.ENOTFOUND)
	a := article(1)
	mustCreate(t, s, a)
	wantCode(t, s.SetArticleStory(ctx, a.ID, 99), news.ENOTFOUND)
	st := &news.Story{Title: "x"}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetArticleStory(ctx, 999, st.ID), news.ENOTFOUND)
	_, err = s.FindStoryByID(ctx, 999)
	wantCode(t, err, news.ENOTFOUND)
	wantCode(t, s.UpdateStory(ctx, &news.Story{ID: 999}), news.ENOTFOUND)
	_, err = s.FindAnalysis(ctx, a.ID)
	wantCode(t, err, news.ENOTFOUND)
	wantCode(t, s.SaveAnalysis(ctx, &news.Analysis{ArticleID: 999}), news.ENOTFOUND)
}

func ids(arts []*news.Article) []int64 {
	out := make([]int64, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

func testArticleFilter(t *testing.T, s news.Store) {
	ctx := context.Background()
	var arts []*news.Article
	for i := 5; i >= 1; i-- { // stored out of publication order
		a := article(i)
		if i%2 == 0 {
			a.Outlet, a.Lang = "other.org", "fr"
		}
		if i == 3 {
			a.Text = "Tram extension approved by the council."
		}
		mustCreate(t, s, a)
		arts = append([]*news.Article{a}, arts...)
	}
	st := &news.Story{Title: "story"}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts[:2] {
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	str := func(s string) *string { return &s }
	since, until := day.Add(2*time.Hour), day.Add(4*time.Hour)
	for _, tt := range []struct {
		name      string
		f         news.ArticleFilter
		want      []int64
		wantTotal int
	}{
		{"all, by publication time", news.ArticleFilter{}, ids(arts), 5},
		{"story", news.ArticleFilter{StoryID: &st.ID}, ids(arts[:2]), 2},
		{"outlet", news.ArticleFilter{Outlet: str("other.org")}, []int64{arts[1].ID, arts[3].ID}, 2},
		{"lang", news.ArticleFilter{Lang: str("en")}, []int64{arts[0].ID, arts[2].ID, arts[4].ID}, 3},
		{"since/until", news.ArticleFilter{Since: &since, Until: &until}, []int64{arts[1].ID, arts[2].ID}, 2},
		{"query", news.ArticleFilter{Query: str("tram COUNCIL")}, []int64{arts[2].ID}, 1},
		{"query no match", news.ArticleFilter{Query: str("volcano")}, []int64{}, 0},
		{"query syntax is text", news.ArticleFilter{Query: str(`"crane" meridian* NEAR(`)}, ids([]*news.Article{arts[0], arts[1], arts[3], arts[4]}), 4},
		{"hash", news.ArticleFilter{ContentHash: str("hash-4")}, []int64{arts[3].ID}, 1},
		{"offset/limit", news.ArticleFilter{Offset: 1, Limit: 2}, ids(arts[1:3]), 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" || total != tt.wantTotal {
				t.Fatalf("ids (-want +got):\n%s\ntotal = %d, want %d", diff, total, tt.wantTotal)
			}
		})
	}
}

func testArticleConcurrent(t *testing.T, s news.Store) {
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, ids := 0, map[int64]bool{}
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := article(7)
			ok, err := s.CreateArticle(ctx, a)
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if ok {
				created++
			}
			ids[a.ID] = true
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if created != 1 || len(ids) != 1 {
		t.Fatalf("16 concurrent creates of one article: created %d times with %d IDs, want 1 and 1", created, len(ids))
	}
}

func testStories(t *testing.T, s news.Store) {
	ctx := context.Background()
	st := &news.Story{Title: "Crane collapse", State: []byte{1, 2, 3}}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	if st.ID == 0 || st.CreatedAt.IsZero() {
		t.Fatalf("CreateStory did not set ID and CreatedAt: %+v", st)
	}
	a1, a2, a3 := article(1), article(2), article(3)
	a2.Outlet, a2.Lang = "other.org", "fr"
	a3.Published = time.Time{}
	for _, a := range []*news.Article{a1, a2, a3} {
		mustCreate(t, s, a)
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveAnalysis(ctx, &news.Analysis{ArticleID: a2.ID, StoryID: st.ID, Report: news.Report{Risk: 0.7}}); err != nil {
		t.Fatal(err)
	}
	st.Title, st.State = "Crane collapse at Meridian", []byte("state-2")
	if err := s.UpdateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindStoryByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != st.Title || string(got.State) != "state-2" || got.ArticleCount != 3 || got.MaxRisk != 0.7 {
		t.Fatalf("story = %+v", got)
	}
	if diff := cmp.Diff([]string{"example.com", "other.org"}, got.Outlets); diff != "" {
		t.Fatalf("outlets (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"en", "fr"}, got.Langs); diff != "" {
		t.Fatalf("langs (-want +got):\n%s", diff)
	}
	if !got.FirstSeen.Equal(a1.Published) {
		t.Fatalf("FirstSeen = %v, want %v", got.FirstSeen, a1.Published)
	}
	// a3 has no publication time: its ingestion time, later than both, counts.
	if got.LastSeen.Before(a2.Published) {
		t.Fatalf("LastSeen = %v, want at least %v", got.LastSeen, a2.Published)
	}
	empty := &news.Story{Title: "empty"}
	if err := s.CreateStory(ctx, empty); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindStoryByID(ctx, empty.ID)
	if err != nil || got.ArticleCount != 0 || got.MaxRisk != 0 {
		t.Fatalf("empty story = %+v, %v", got, err)
	}
	n, err := s.PruneStories(ctx)
	if err != nil || n != 1 {
		t.Fatalf("PruneStories = %d, %v; want 1", n, err)
	}
	if _, err := s.FindStoryByID(ctx, empty.ID); news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("pruned story still found: %v", err)
	}
	if _, err := s.FindStoryByID(ctx, st.ID); err != nil {
		t.Fatalf("a story with articles was pruned: %v", err)
	}
}

func testStoryFilter(t *testing.T, s news.Store) {
	ctx := context.Background()
	var stories []*news.Story
	for i := 1; i <= 3; i++ {
		st := &news.Story{Title: fmt.Sprintf("story %d", i)}
		if err := s.CreateStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		a := article(i * 10) // story i is last seen i*10 hours after day
		if i == 2 {
			a.Outlet, a.Lang = "other.org", "fr"
		}
		mustCreate(t, s, a)
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalysis(ctx, &news.Analysis{ArticleID: a.ID, StoryID: st.ID, Report: news.Report{Risk: float64(i) / 4}}); err != nil {
			t.Fatal(err)
		}
		stories = append(stories, st)
	}
	sid := func(ss []*news.Story) []int64 {
		out := make([]int64, len(ss))
		for i, s := range ss {
			out[i] = s.ID
		}
		return out
	}
	str := func(s string) *string { return &s }
	risk := 0.5
	since := day.Add(15 * time.Hour)
	for _, tt := range []struct {
		name string
		f    news.StoryFilter
		want []int64
	}{
		{"most recently active first", news.StoryFilter{}, []int64{stories[2].ID, stories[1].ID, stories[0].ID}},
		{"outlet", news.StoryFilter{Outlet: str("other.org")}, []int64{stories[1].ID}},
		{"lang", news.StoryFilter{Lang: str("en")}, []int64{stories[2].ID, stories[0].ID}},
		{"min risk", news.StoryFilter{MinRisk: &risk}, []int64{stories[2].ID, stories[1].ID}},
		{"since", news.StoryFilter{Since: &since}, []int64{stories[2].ID, stories[1].ID}},
		{"limit", news.StoryFilter{Limit: 1, Offset: 1}, []int64{stories[1].ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.FindStories(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, sid(got)); diff != "" {
				t.Fatalf("ids (-want +got):\n%s", diff)
			}
		})
	}
	_, total, err := s.FindStories(ctx, news.StoryFilter{Limit: 1})
	if err != nil || total != 3 {
		t.Fatalf("total = %d, %v; want 3", total, err)
	}
}

func testAnalyses(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article(1)
	mustCreate(t, s, a)
	an := &news.Analysis{
		ArticleID:  a.ID,
		Quotes:     []news.Quote{{Index: 0, ArticleID: a.ID, Span: news.Span{Start: 1, End: 5}, Text: "We are shocked", Direct: true, SpeakerKey: "élena marsh"}},
		Provenance: news.Provenance{Originality: 0.25, DrawsOn: []int64{7}},
		Report: news.Report{Risk: 0.4, Signals: []news.Signal{{Type: news.SignalUncorroboratedQuote, Severity: news.SeverityMedium,
			Spans: []news.Span{{Start: 1, End: 5}}, Against: []int64{7}, Explanation: "No other outlet carries it.", Contribution: 0.4}}},
		UpdatedAt: day,
	}
	if err := s.SaveAnalysis(ctx, an); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindAnalysis(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(an, got); diff != "" {
		t.Fatalf("analysis (-want +got):\n%s", diff)
	}
	// Saving again replaces the whole analysis.
	an2 := &news.Analysis{ArticleID: a.ID, Report: news.Report{Risk: 0.1}, UpdatedAt: day.Add(time.Hour)}
	if err := s.SaveAnalysis(ctx, an2); err != nil {
		t.Fatal(err)
	}
	got, err = s.FindAnalysis(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Quotes) != 0 || got.Report.Risk != 0.1 {
		t.Fatalf("second save did not replace the analysis: %+v", got)
	}
	if err := ctx.Err(); errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
