// Package storetest is the conformance suite every news.Store backend runs,
// so that SQLite and PostgreSQL behave identically: same results, same
// order, same error codes, same precision.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Run runs the suite. open returns a new, empty store for each subtest; the
// suite closes it. Backends that implement CreateArticles(ctx, []*Article)
// ([]bool, error) also run the batch tests.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	run(t, open, func(_ *testing.T, s news.Store) news.Store { return s }, []test[news.Store]{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"ArticleUnicode", testArticleUnicode},
		{"ArticleIdempotent", testArticleIdempotent},
		{"ArticleInvalid", testArticleInvalid},
		{"NotFound", testNotFound},
		{"ArticleFilter", testArticleFilter},
		{"ArticleQuery", testArticleQuery},
		{"SetArticleStory", testSetArticleStory},
		{"ArticleConcurrent", testArticleConcurrent},
		{"Stories", testStories},
		{"StoryFilter", testStoryFilter},
		{"StoryOrder", testStoryOrder},
		{"StoryChanges", testStoryChanges},
		{"Analyses", testAnalyses},
		{"AnalysesBatch", testAnalysesBatch},
		{"StoryState", testStoryState},
		{"Unanalysed", testUnanalysed},
		{"Batch", testBatch},
		{"BatchInvalid", testBatchInvalid},
	})
}

// test is a conformance test of stores seen as S.
type test[S any] struct {
	name string
	fn   func(t *testing.T, s S)
}

// run runs each test as a subtest on a new store from open, seen as S
// through as, and closes the store after it.
func run[S any](t *testing.T, open func(t *testing.T) news.Store, as func(t *testing.T, s news.Store) S, tests []test[S]) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, as(t, s))
		})
	}
}

// Clock checks that s stamps what it stores with the time of its clock,
// which it sets through now (the store's Now field), in UTC and to the
// microsecond.
func Clock(t *testing.T, s news.Store, now *func() time.Time) {
	ctx := context.Background()
	at := time.Date(2030, 1, 2, 3, 4, 5, 6789, time.FixedZone("x", 3600))
	*now = func() time.Time { return at }
	want := at.UTC().Truncate(time.Microsecond)
	a := &news.Article{Text: "Clocked.", ContentHash: "c"}
	if _, err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	st := &news.Story{}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	an := &news.Analysis{ArticleID: a.ID}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{an}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range []time.Time{a.IngestedAt, got.IngestedAt, st.CreatedAt, st.UpdatedAt, an.UpdatedAt} {
		if !tm.Equal(want) || tm.Location() != time.UTC {
			t.Fatalf("stamped %v, want %v", tm, want)
		}
	}
}

var day = time.Date(2026, 3, 10, 6, 30, 0, 0, time.UTC)

// article returns a valid article whose text, hash and URL derive from n,
// published n hours after day.
func article(n int) *news.Article {
	txt := fmt.Sprintf("Article number %d reports a crane collapse at the Port of Meridian.\n\n“We are shocked,” said Élena Marsh.", n)
	return &news.Article{
		SourcePath: fmt.Sprintf("in/%d.txt", n), URL: fmt.Sprintf("https://example.com/%d?utm_source=x", n),
		CanonicalURL: fmt.Sprintf("https://example.com/%d", n), Outlet: "example.com", SiteName: "Example",
		Title: fmt.Sprintf("Crane collapse %d", n), Byline: "Hana Okafor",
		Credits:   []news.Credit{{Kind: news.CreditReporting, Name: "Hana Okafor", Span: news.Span{Start: 0, End: 7}}},
		Published: day.Add(time.Duration(n) * time.Hour), Lang: "en", Text: txt,
		Sentences:   []news.Sentence{{Span: news.Span{Start: 0, End: 70}, Para: 0}, {Span: news.Span{Start: 72, End: len(txt)}, Para: 1}},
		ContentHash: fmt.Sprintf("hash-%d", n),
	}
}

func mustCreate(t *testing.T, s news.Store, a *news.Article) {
	t.Helper()
	created, err := s.CreateArticle(context.Background(), a)
	if err != nil || !created {
		t.Fatalf("CreateArticle(%q) = %v, %v; want created", a.ContentHash, created, err)
	}
}

func mustStory(t *testing.T, s news.Store, title string, arts ...*news.Article) *news.Story {
	t.Helper()
	ctx := context.Background()
	st := &news.Story{Title: title}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		a.StoryID = st.ID
	}
	return st
}

func mustAnalyse(t *testing.T, s news.Store, a *news.Article, risk float64) {
	t.Helper()
	if err := s.SaveAnalyses(context.Background(), []*news.Analysis{{ArticleID: a.ID, StoryID: a.StoryID, Report: news.Report{Risk: risk}}}); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := news.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

func total(t *testing.T, s news.Store) int {
	t.Helper()
	_, n, err := s.FindArticles(context.Background(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// stored is what a store returns for an article it was given: times in
// UTC to the microsecond.
func stored(a *news.Article) *news.Article {
	b := *a
	b.Published = b.Published.UTC().Truncate(time.Microsecond)
	b.IngestedAt = b.IngestedAt.UTC().Truncate(time.Microsecond)
	return &b
}

func testArticleRoundTrip(t *testing.T, s news.Store) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	a := article(1)
	mustCreate(t, s, a)
	if a.ID == 0 || a.IngestedAt.Before(before) || a.IngestedAt.After(time.Now().Add(time.Second)) {
		t.Fatalf("CreateArticle set ID %d and IngestedAt %v, want an ID and about now", a.ID, a.IngestedAt)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored(a), got); diff != "" {
		t.Fatalf("FindArticleByID mismatch (-want +got):\n%s", diff)
	}
	if !got.IngestedAt.Equal(a.IngestedAt) {
		t.Fatalf("stored IngestedAt %v, CreateArticle set %v", got.IngestedAt, a.IngestedAt)
	}
	// A minimal article: no URL, time, credits or sentences.
	b := &news.Article{Text: "Plain text only.", ContentHash: "h-plain"}
	mustCreate(t, s, b)
	got, err = s.FindArticleByID(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored(b), got); diff != "" {
		t.Fatalf("minimal article (-want +got):\n%s", diff)
	}
	if b.ID == a.ID {
		t.Fatalf("two articles share ID %d", a.ID)
	}
}

func testArticleUnicode(t *testing.T, s news.Store) {
	ctx := context.Background()
	title := "Ürümqi: 東京の記者 🔥 «Привет»"
	text := "Ελένη Μαρκ said: “نحن مصدومون” — 東京 was calm.\n\nZoë's café, naïve résumé; emoji 👩‍👩‍👧 and e\u0301 stay as written."
	quote := "نحن مصدومون"
	qs := strings.Index(text, quote)
	zone := time.FixedZone("UTC+05:30", 5*3600+1800)
	pub := time.Date(2026, 2, 28, 23, 59, 58, 123456789, zone)
	a := &news.Article{
		Title: title, Text: text, ContentHash: "h-unicode", Lang: "el", Outlet: "εφημερίδα.gr",
		Byline:    "Ελένη Μαρκ",
		Credits:   []news.Credit{{Kind: news.CreditByline, Name: "Ελένη Μαρκ", Span: news.Span{Start: 0, End: len("Ελένη Μαρκ")}}},
		Sentences: []news.Sentence{{Span: news.Span{Start: 0, End: strings.Index(text, "\n")}}, {Span: news.Span{Start: strings.Index(text, "Zoë"), End: len(text)}, Para: 1}},
		Published: pub,
	}
	mustCreate(t, s, a)
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored(a), got); diff != "" {
		t.Fatalf("Unicode article (-want +got):\n%s", diff)
	}
	if got.Published.Location() != time.UTC || got.IngestedAt.Location() != time.UTC {
		t.Fatalf("times come back in %v and %v, want UTC", got.Published.Location(), got.IngestedAt.Location())
	}
	if want := pub.UTC().Truncate(time.Microsecond); !got.Published.Equal(want) || got.Published.Nanosecond() != 123456000 {
		t.Fatalf("Published = %v, want %v (microseconds kept)", got.Published, want)
	}
	if got.Sentences[1].Span.Slice(got.Text) != text[strings.Index(text, "Zoë"):] || got.Text[qs:qs+len(quote)] != quote {
		t.Fatalf("byte spans do not address the same text after the round trip")
	}
	// Times compare as instants whatever the zone of the filter.
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{Since: &pub})
	if err != nil || len(arts) != 1 {
		t.Fatalf("Since the publication time in another zone: %d articles, %v; want 1", len(arts), err)
	}
	an := &news.Analysis{ArticleID: a.ID, Quotes: []news.Quote{{ArticleID: a.ID, Span: news.Span{Start: qs, End: qs + len(quote)}, Text: quote, Direct: true, SpeakerName: "Ελένη Μαρκ"}},
		UpdatedAt: pub}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{an}); err != nil {
		t.Fatal(err)
	}
	gotAn, err := s.FindAnalysis(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(an, gotAn); diff != "" {
		t.Fatalf("Unicode analysis (-want +got):\n%s", diff)
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
		{"same hash, other URL", func(b *news.Article) { b.CanonicalURL = "https://other.example/x" }},
		{"same hash, no URL", func(b *news.Article) { b.CanonicalURL = "" }},
		{"same canonical URL, other text", func(b *news.Article) { b.ContentHash = "other-hash"; b.Text += " Updated." }},
	} {
		b := article(1)
		tt.edit(b)
		created, err := s.CreateArticle(ctx, b)
		if err != nil || created {
			t.Fatalf("%s: CreateArticle = %v, %v; want not created", tt.name, created, err)
		}
		if b.ID != a.ID {
			t.Fatalf("%s: ID = %d, want the existing %d", tt.name, b.ID, a.ID)
		}
	}
	// Articles without canonical URLs and with different texts are all kept.
	for i, h := range []string{"x1", "x2"} {
		mustCreate(t, s, &news.Article{Text: fmt.Sprintf("Text %d.", i), ContentHash: h})
	}
	if n := total(t, s); n != 3 {
		t.Fatalf("%d articles stored, want 3", n)
	}
	// The stored article is the first one, unchanged.
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil || got.Text != a.Text || got.CanonicalURL != a.CanonicalURL {
		t.Fatalf("the duplicate changed the stored article: %+v, %v", got, err)
	}
}

func testArticleInvalid(t *testing.T, s news.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		a    *news.Article
	}{
		{"empty text", &news.Article{ContentHash: "h"}},
		{"blank text", &news.Article{Text: " \n\t ", ContentHash: "h"}},
		{"no hash", &news.Article{Text: "Some text."}},
		{"invalid UTF-8", &news.Article{Text: "Some \xff text.", ContentHash: "h"}},
		{"NUL byte", &news.Article{Text: "Some \x00 text.", ContentHash: "h"}},
		{"NUL in title", &news.Article{Text: "Some text.", Title: "a\x00", ContentHash: "h"}},
	} {
		_, err := s.CreateArticle(ctx, tt.a)
		wantCode(t, tt.name, err, news.EINVALID)
		if tt.a.ID != 0 {
			t.Fatalf("%s: the refused article got ID %d", tt.name, tt.a.ID)
		}
	}
	if n := total(t, s); n != 0 {
		t.Fatalf("invalid articles were stored: %d", n)
	}
}

func testNotFound(t *testing.T, s news.Store) {
	ctx := context.Background()
	a := article(1)
	mustCreate(t, s, a)
	st := mustStory(t, s, "x")
	_, errArticle := s.FindArticleByID(ctx, a.ID+1000)
	_, errStory := s.FindStoryByID(ctx, st.ID+1000)
	_, errAnalysis := s.FindAnalysis(ctx, a.ID)
	orphan := article(2)
	orphan.StoryID = st.ID + 1000
	_, errOrphan := s.CreateArticle(ctx, orphan)
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"FindArticleByID", errArticle},
		{"FindStoryByID", errStory},
		{"FindAnalysis before any save", errAnalysis},
		{"SetArticleStory, no story", s.SetArticleStory(ctx, a.ID, st.ID+1000)},
		{"SetArticleStory, no article", s.SetArticleStory(ctx, a.ID+1000, st.ID)},
		{"UpdateStory", s.UpdateStory(ctx, &news.Story{ID: st.ID + 1000, Title: "y"})},
		{"SaveAnalyses", s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a.ID + 1000}})},
		{"CreateArticle with an unknown story", errOrphan},
	} {
		wantCode(t, tt.name, tt.err, news.ENOTFOUND)
	}
	if n := total(t, s); n != 1 {
		t.Fatalf("%d articles stored, want 1", n)
	}
	// A failed SetArticleStory leaves the article where it was.
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil || got.StoryID != 0 {
		t.Fatalf("article after failed moves: story %d, %v; want 0", got.StoryID, err)
	}
}

func ids(arts []*news.Article) []int64 {
	out := make([]int64, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func testArticleFilter(t *testing.T, s news.Store) {
	ctx := context.Background()
	arts := make([]*news.Article, 6)         // arts[i] is published i hours after day
	for _, i := range []int{5, 3, 1, 4, 2} { // stored out of publication order
		a := article(i)
		if i%2 == 0 {
			a.Outlet, a.Lang = "other.org", "fr"
		}
		mustCreate(t, s, a)
		arts[i] = a
	}
	undated := article(0)
	undated.Published = time.Time{}
	mustCreate(t, s, undated)
	arts[0] = undated
	st := mustStory(t, s, "story", arts[1], arts[2])
	since, until := day.Add(2*time.Hour), day.Add(4*time.Hour)
	all := ids([]*news.Article{arts[1], arts[2], arts[3], arts[4], arts[5], arts[0]})
	for _, tt := range []struct {
		name      string
		f         news.ArticleFilter
		want      []int64
		wantTotal int
	}{
		{"all, by publication time, undated last", news.ArticleFilter{}, all, 6},
		{"id", news.ArticleFilter{ID: &arts[3].ID}, []int64{arts[3].ID}, 1},
		{"story", news.ArticleFilter{StoryID: &st.ID}, ids(arts[1:3]), 2},
		{"outlet", news.ArticleFilter{Outlet: ptr("other.org")}, []int64{arts[2].ID, arts[4].ID}, 2},
		{"lang", news.ArticleFilter{Lang: ptr("en")}, []int64{arts[1].ID, arts[3].ID, arts[5].ID, arts[0].ID}, 4},
		{"hash", news.ArticleFilter{ContentHash: ptr("hash-4")}, []int64{arts[4].ID}, 1},
		{"since inclusive, until exclusive", news.ArticleFilter{Since: &since, Until: &until}, ids(arts[2:4]), 2},
		{"since excludes undated", news.ArticleFilter{Since: &day}, ids(arts[1:6]), 5},
		{"combined", news.ArticleFilter{Outlet: ptr("other.org"), Since: &since, Until: &until}, []int64{arts[2].ID}, 1},
		{"no match", news.ArticleFilter{Outlet: ptr("nowhere")}, []int64{}, 0},
		{"offset/limit", news.ArticleFilter{Offset: 1, Limit: 2}, ids(arts[2:4]), 6},
		{"limit only", news.ArticleFilter{Limit: 1}, []int64{arts[1].ID}, 6},
		{"offset only", news.ArticleFilter{Offset: 4}, []int64{arts[5].ID, arts[0].ID}, 6},
		{"offset past the end", news.ArticleFilter{Offset: 10, Limit: 3}, []int64{}, 6},
		{"filter and page", news.ArticleFilter{Lang: ptr("en"), Offset: 1, Limit: 2}, []int64{arts[3].ID, arts[5].ID}, 4},
		{"newest stored first", news.ArticleFilter{Order: news.StoredLast}, ids([]*news.Article{arts[0], arts[2], arts[4], arts[1], arts[3], arts[5]}), 6},
		{"newest stored, limit", news.ArticleFilter{Order: news.StoredLast, Limit: 2}, []int64{arts[0].ID, arts[2].ID}, 6},
		{"newest stored, filtered", news.ArticleFilter{Order: news.StoredLast, Lang: ptr("en")}, []int64{arts[0].ID, arts[1].ID, arts[3].ID, arts[5].ID}, 4},
		{"oldest stored first", news.ArticleFilter{Order: news.StoredFirst}, ids([]*news.Article{arts[5], arts[3], arts[1], arts[4], arts[2], arts[0]}), 6},
		{"oldest stored, paged", news.ArticleFilter{Order: news.StoredFirst, Offset: 1, Limit: 2}, ids([]*news.Article{arts[3], arts[1]}), 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := s.FindArticles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" || n != tt.wantTotal {
				t.Fatalf("ids (-want +got):\n%s\ntotal = %d, want %d", diff, n, tt.wantTotal)
			}
		})
	}
	// Found articles carry everything FindArticleByID returns.
	got, _, err := s.FindArticles(ctx, news.ArticleFilter{ID: &arts[1].ID})
	if err != nil || len(got) != 1 {
		t.Fatalf("FindArticles by ID: %v, %v", got, err)
	}
	if diff := cmp.Diff(stored(arts[1]), got[0]); diff != "" {
		t.Fatalf("FindArticles article (-want +got):\n%s", diff)
	}
}

func testArticleQuery(t *testing.T, s news.Store) {
	ctx := context.Background()
	texts := []struct{ title, text string }{
		{"Tram extension approved", "The city council approved the tram extension on Monday."},
		{"Crane collapse", "A crane collapsed at the Port of Meridian; Élena Marsh was shocked."},
		{"Zoë's café reopens", "The café on Rue Mouffetard reopened after the re-election of its owner."},
		{"東京 update", "Officials in 東京 and Москва issued statements on example.com at 3.5 percent."},
	}
	arts := make([]*news.Article, len(texts))
	for i, x := range texts {
		arts[i] = &news.Article{Title: x.title, Text: x.text, ContentHash: fmt.Sprintf("q%d", i), Published: day.Add(time.Duration(i) * time.Hour)}
		mustCreate(t, s, arts[i])
	}
	for _, tt := range []struct {
		q    string
		want []int
	}{
		{"tram COUNCIL", []int{0}},               // every word required, any case
		{"tram crane", nil},                      // no article has both
		{"approved", []int{0}},                   // a word of the title and the text
		{"extension", []int{0}},                  // title words count
		{"elena", []int{1}},                      // accents fold
		{"ÉLÉNA", []int{1}},                      // both ways
		{"Cafe zoe", []int{2}},                   // and in the title
		{"zoë’s", []int{2}},                      // punctuation separates words
		{"election", []int{2}},                   // "re-election" is two words
		{"москва", []int{3}},                     // Cyrillic case folding
		{"東京", []int{3}},                         // CJK run
		{"example", []int{3}},                    // host names are words
		{"3.5", []int{3}},                        // so are the parts of numbers
		{"the", []int{0, 1, 2}},                  // no stop words
		{`"crane" meridian* NEAR( OR tram`, nil}, // FTS and tsquery syntax is plain text: "or" and "near" are words
		{`crane:* & !meridian`, []int{1}},        // tsquery operators are separators
		{"coll", nil},                            // whole words only
		{"   ", nil},                             // no words: nothing
		{"", nil},
	} {
		t.Run(tt.q, func(t *testing.T) {
			got, n, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr(tt.q)})
			if err != nil {
				t.Fatal(err)
			}
			want := []int64{}
			for _, i := range tt.want {
				want = append(want, arts[i].ID)
			}
			if diff := cmp.Diff(want, ids(got)); diff != "" || n != len(want) {
				t.Fatalf("Query %q (-want +got):\n%s\ntotal = %d, want %d", tt.q, diff, n, len(want))
			}
		})
	}
	// The query combines with the other filters and with paging.
	got, n, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr("the"), Since: ptr(day.Add(time.Hour)), Limit: 1})
	if err != nil || n != 2 || len(got) != 1 || got[0].ID != arts[1].ID {
		t.Fatalf("query, since and limit: %v, %d, %v; want [%d], 2", ids(got), n, err, arts[1].ID)
	}
}

func testSetArticleStory(t *testing.T, s news.Store) {
	ctx := context.Background()
	a, b := article(1), article(2)
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	s1 := mustStory(t, s, "one", a, b)
	s2 := mustStory(t, s, "two")
	mustAnalyse(t, s, a, 0.9)
	mustAnalyse(t, s, b, 0.2)
	// Move a to s2: both stories' derived fields follow.
	if err := s.SetArticleStory(ctx, a.ID, s2.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil || got.StoryID != s2.ID {
		t.Fatalf("article story = %d, %v; want %d", got.StoryID, err, s2.ID)
	}
	for _, tt := range []struct {
		st    *news.Story
		count int
		risk  float64
	}{{s1, 1, 0.2}, {s2, 1, 0.9}} {
		g, err := s.FindStoryByID(ctx, tt.st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g.ArticleCount != tt.count || g.MaxRisk != tt.risk {
			t.Fatalf("story %q: %d articles, max risk %v; want %d, %v", g.Title, g.ArticleCount, g.MaxRisk, tt.count, tt.risk)
		}
	}
	// Setting the same story again is fine.
	if err := s.SetArticleStory(ctx, a.ID, s2.ID); err != nil {
		t.Fatal(err)
	}
	arts, n, err := s.FindArticles(ctx, news.ArticleFilter{StoryID: &s2.ID})
	if err != nil || n != 1 || arts[0].ID != a.ID {
		t.Fatalf("articles of story two: %v, %d, %v", ids(arts), n, err)
	}
}

func testArticleConcurrent(t *testing.T, s news.Store) {
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, 3*n)
	created := make([]bool, n)
	gotIDs := make([]int64, n)
	for i := range n {
		wg.Go(func() {
			a := article(7) // every goroutine stores the same article
			ok, err := s.CreateArticle(ctx, a)
			if err != nil {
				errs <- err
				return
			}
			created[i], gotIDs[i] = ok, a.ID
		})
		wg.Go(func() { // and a different one
			if _, err := s.CreateArticle(ctx, article(100+i)); err != nil {
				errs <- err
			}
		})
		wg.Go(func() { // while others read
			if _, _, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr("crane"), Limit: 5}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ncreated := 0
	for i := range n {
		if created[i] {
			ncreated++
		}
		if gotIDs[i] != gotIDs[0] {
			t.Fatalf("concurrent creates of one article got IDs %v", gotIDs)
		}
	}
	if ncreated != 1 {
		t.Fatalf("%d concurrent creates of one article: %d reported created, want 1", n, ncreated)
	}
	arts, m, err := s.FindArticles(ctx, news.ArticleFilter{ContentHash: ptr("hash-7")})
	if err != nil || m != 1 || arts[0].ID != gotIDs[0] {
		t.Fatalf("rows for the article: %v, %d, %v; want one, ID %d", ids(arts), m, err, gotIDs[0])
	}
	if got := total(t, s); got != n+1 {
		t.Fatalf("%d articles stored, want %d", got, n+1)
	}
}

// testUnanalysed: the articles not seen through are those in no story and
// those in a story without an analysis, in the order asked, unknown IDs
// left out.
func testUnanalysed(t *testing.T, s news.Store) {
	ctx := context.Background()
	a1, a2, a3 := article(1), article(2), article(3)
	for _, a := range []*news.Article{a1, a2, a3} {
		mustCreate(t, s, a)
	}
	mustStory(t, s, "s", a2, a3)
	mustAnalyse(t, s, a3, 0.1)
	got, err := s.Unanalysed(ctx, []int64{a3.ID, 9999, a2.ID, a1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{a2.ID, a1.ID}; !slices.Equal(got, want) {
		t.Errorf("Unanalysed = %v, want %v (no analysis, then no story)", got, want)
	}
	if got, err := s.Unanalysed(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Unanalysed(nil) = %v, %v", got, err)
	}
}

// testStoryChanges: every change of a story takes a larger change number
// than the changes before it (numbers the store gives, not times: the
// stores' clocks are not consulted); stories without a state are not
// listed.
func testStoryChanges(t *testing.T, s news.Store) {
	ctx := context.Background()
	ch, ok := s.(news.StoryChanges)
	if !ok {
		t.Skip("the store has no change numbers")
	}
	c0, err := ch.LastStoryChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &news.Story{Title: "a", State: []byte{1}}
	b := &news.Story{Title: "b"} // no state yet
	for _, st := range []*news.Story{a, b} {
		if err := s.CreateStory(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	got, c1, err := ch.StoriesChangedSince(ctx, c0)
	if err != nil || len(got) != 1 || string(got[a.ID]) != "\x01" || c1 <= c0 {
		t.Fatalf("after creating: %v, %d, %v; want story %d with its state and a change after %d", got, c1, err, a.ID, c0)
	}
	if last, err := ch.LastStoryChange(ctx); err != nil || last < c1 {
		t.Fatalf("LastStoryChange = %d, %v; want at least %d", last, err, c1)
	}
	b.State = []byte{2}
	if err := s.UpdateStory(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, c2, err := ch.StoriesChangedSince(ctx, c1)
	if err != nil || len(got) != 1 || string(got[b.ID]) != "\x02" || c2 <= c1 {
		t.Fatalf("after updating b: %v, %d, %v; want only story %d, after change %d", got, c2, err, b.ID, c1)
	}
	if got, c3, err := ch.StoriesChangedSince(ctx, c2); err != nil || len(got) != 0 || c3 != c2 {
		t.Fatalf("nothing changed: %v, %d, %v", got, c3, err)
	}
	// b, which holds the last change, is pruned (it has no articles; a
	// keeps one): a process synced up to c2 still sees the next change.
	mustCreate(t, s, article(1))
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil || len(arts) == 0 {
		t.Fatal(arts, err)
	}
	if err := s.SetArticleStory(ctx, arts[0].ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PruneStories(ctx); err != nil || n != 1 {
		t.Fatalf("PruneStories = %d, %v; want b pruned", n, err)
	}
	c := &news.Story{Title: "c", State: []byte{3}}
	if err := s.CreateStory(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got, c4, err := ch.StoriesChangedSince(ctx, c2); err != nil || len(got) != 1 || string(got[c.ID]) != "\x03" || c4 <= c2 {
		t.Fatalf("after pruning the story of the last change: %v, %d, %v; want story %d after change %d", got, c4, err, c.ID, c2)
	}
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

func testStories(t *testing.T, s news.Store) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	st := &news.Story{Title: "Crane collapse", State: []byte{0, 1, 2, 0xff}}
	if err := s.CreateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	if st.ID == 0 || st.CreatedAt.Before(before) || !st.UpdatedAt.Equal(st.CreatedAt) {
		t.Fatalf("CreateStory set %+v, want an ID and CreatedAt = UpdatedAt = now", st)
	}
	got, err := s.FindStoryByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := &news.Story{ID: st.ID, Title: st.Title, State: st.State, CreatedAt: st.CreatedAt.Truncate(time.Microsecond), UpdatedAt: st.UpdatedAt.Truncate(time.Microsecond)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("new story (-want +got):\n%s", diff)
	}

	a1, a2, a3, a4 := article(1), article(2), article(3), article(4)
	a2.Outlet, a2.Lang = "other.org", "fr"
	a3.Published = time.Time{} // undated: not part of the span, since the others are dated
	a4.Outlet, a4.Lang = "", ""
	for _, a := range []*news.Article{a1, a2, a3, a4} {
		mustCreate(t, s, a)
	}
	mustStory(t, s, "unused")
	for _, a := range []*news.Article{a1, a2, a3, a4} {
		if err := s.SetArticleStory(ctx, a.ID, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a2.ID, StoryID: st.ID, Report: news.Report{Risk: 0.7}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a1.ID, StoryID: st.ID, Report: news.Report{Risk: 0.25}}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // so that UpdatedAt moves
	st.Title, st.State = "Crane collapse at Meridian", nil
	st.ArticleCount, st.MaxRisk = 99, 99 // derived fields are ignored on write
	if err := s.UpdateStory(ctx, st); err != nil {
		t.Fatal(err)
	}
	if !st.UpdatedAt.After(st.CreatedAt) {
		t.Fatalf("UpdateStory set UpdatedAt %v, not after CreatedAt %v", st.UpdatedAt, st.CreatedAt)
	}
	got, err = s.FindStoryByID(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	want = &news.Story{
		ID: st.ID, Title: "Crane collapse at Meridian", ArticleCount: 4,
		Outlets: []string{"example.com", "other.org"}, Langs: []string{"en", "fr"},
		FirstSeen: a1.Published, LastSeen: latest(a1.Published, a2.Published, a4.Published), MaxRisk: 0.7,
		CreatedAt: st.CreatedAt.Truncate(time.Microsecond), UpdatedAt: st.UpdatedAt.Truncate(time.Microsecond),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("story with articles (-want +got):\n%s", diff)
	}
	if got.LastSeen.Location() != time.UTC || got.CreatedAt.Location() != time.UTC {
		t.Fatalf("story times not in UTC: %v, %v", got.LastSeen.Location(), got.CreatedAt.Location())
	}

	// A story none of whose articles is dated shows when they were stored,
	// and says so.
	und := mustStory(t, s, "Undated story")
	a5 := article(5)
	a5.Published = time.Time{}
	mustCreate(t, s, a5)
	if err := s.SetArticleStory(ctx, a5.ID, und.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindStoryByID(ctx, und.ID); err != nil || !got.Undated || got.FirstSeen.Before(before) {
		t.Fatalf("story of an undated article: %+v, %v; want Undated and its ingestion time", got, err)
	}
	if got.Undated {
		t.Fatalf("a story with dated articles is Undated")
	}

	// Pruning deletes only the stories without articles, and their IDs are
	// never handed out again.
	empty := mustStory(t, s, "empty")
	n, err := s.PruneStories(ctx)
	if err != nil || n != 2 {
		t.Fatalf("PruneStories = %d, %v; want 2", n, err)
	}
	if _, err := s.FindStoryByID(ctx, empty.ID); news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("pruned story still found: %v", err)
	}
	if _, err := s.FindStoryByID(ctx, st.ID); err != nil {
		t.Fatalf("a story with articles was pruned: %v", err)
	}
	next := mustStory(t, s, "next")
	if next.ID <= empty.ID {
		t.Fatalf("new story got ID %d, not above the pruned %d", next.ID, empty.ID)
	}
	if n, err := s.PruneStories(ctx); err != nil || n != 1 {
		t.Fatalf("second PruneStories = %d, %v; want 1", n, err)
	}
}

func testStoryFilter(t *testing.T, s news.Store) {
	ctx := context.Background()
	var stories []*news.Story
	for i := 1; i <= 3; i++ {
		a := article(i * 10) // story i is last seen i*10 hours after day
		if i == 2 {
			a.Outlet, a.Lang = "other.org", "fr"
		}
		mustCreate(t, s, a)
		stories = append(stories, mustStory(t, s, fmt.Sprintf("story %d", i), a))
		mustAnalyse(t, s, a, float64(i)/4)
	}
	empty := mustStory(t, s, "no articles")
	sid := func(ss []*news.Story) []int64 {
		out := make([]int64, len(ss))
		for i, s := range ss {
			out[i] = s.ID
		}
		return out
	}
	s1, s2, s3 := stories[0].ID, stories[1].ID, stories[2].ID
	for _, tt := range []struct {
		name      string
		f         news.StoryFilter
		want      []int64
		wantTotal int
	}{
		{"most recently active first, empty last", news.StoryFilter{}, []int64{s3, s2, s1, empty.ID}, 4},
		{"id", news.StoryFilter{ID: &s2}, []int64{s2}, 1},
		{"outlet", news.StoryFilter{Outlet: ptr("other.org")}, []int64{s2}, 1},
		{"lang", news.StoryFilter{Lang: ptr("en")}, []int64{s3, s1}, 2},
		{"min risk", news.StoryFilter{MinRisk: ptr(0.5)}, []int64{s3, s2}, 2},
		{"min risk zero keeps all", news.StoryFilter{MinRisk: ptr(0.0)}, []int64{s3, s2, s1, empty.ID}, 4},
		{"since inclusive", news.StoryFilter{Since: ptr(day.Add(20 * time.Hour))}, []int64{s3, s2}, 2},
		{"until exclusive", news.StoryFilter{Until: ptr(day.Add(20 * time.Hour))}, []int64{s1}, 1},
		{"combined", news.StoryFilter{Lang: ptr("en"), MinRisk: ptr(0.2)}, []int64{s3, s1}, 2},
		{"offset/limit", news.StoryFilter{Limit: 1, Offset: 1}, []int64{s2}, 4},
		{"offset only", news.StoryFilter{Offset: 2}, []int64{s1, empty.ID}, 4},
		{"filter and page", news.StoryFilter{MinRisk: ptr(0.5), Limit: 1}, []int64{s3}, 2},
		{"non-empty", news.StoryFilter{NonEmpty: true}, []int64{s3, s2, s1}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, n, err := s.FindStories(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, sid(got)); diff != "" || n != tt.wantTotal {
				t.Fatalf("ids (-want +got):\n%s\ntotal = %d, want %d", diff, n, tt.wantTotal)
			}
		})
	}
	// Listed stories carry their derived fields too.
	got, _, err := s.FindStories(ctx, news.StoryFilter{Outlet: ptr("other.org")})
	if err != nil || len(got) != 1 {
		t.Fatalf("FindStories: %v, %v", got, err)
	}
	if g := got[0]; g.ArticleCount != 1 || g.MaxRisk != 0.5 || !g.LastSeen.Equal(day.Add(20*time.Hour)) || len(g.Outlets) != 1 {
		t.Fatalf("listed story = %+v", g)
	}
}

func testStoryOrder(t *testing.T, s news.Store) {
	ctx := context.Background()
	a, b, c := article(1), article(2), article(3)
	b.Published = a.Published              // a tie: the newer story first
	c.Published = day.Add(-48 * time.Hour) // the least recently active
	for _, x := range []*news.Article{a, b, c} {
		mustCreate(t, s, x)
	}
	older := mustStory(t, s, "older", a)
	mustStory(t, s, "newer", b)
	mustStory(t, s, "stale", c)
	order := func() []string {
		got, _, err := s.FindStories(ctx, news.StoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, st := range got {
			out = append(out, st.Title)
		}
		return out
	}
	if diff := cmp.Diff([]string{"newer", "older", "stale"}, order()); diff != "" {
		t.Fatalf("order (-want +got):\n%s", diff)
	}
	// A late article brings its story to the top.
	late := &news.Article{Text: "Late follow-up.", ContentHash: "late", Published: day.Add(72 * time.Hour)}
	mustCreate(t, s, late)
	if err := s.SetArticleStory(ctx, late.ID, older.ID); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"older", "newer", "stale"}, order()); diff != "" {
		t.Fatalf("order after a late article (-want +got):\n%s", diff)
	}
}

func testAnalyses(t *testing.T, s news.Store) {
	ctx := context.Background()
	a, b := article(1), article(2)
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	an := &news.Analysis{
		ArticleID:  a.ID,
		StoryID:    3,
		Quotes:     []news.Quote{{Index: 0, ArticleID: a.ID, Span: news.Span{Start: 1, End: 5}, Text: "We are shocked", Direct: true, SpeakerKey: "élena marsh", Status: news.QuoteCorroborated}},
		QuoteLinks: []news.QuoteLink{{From: news.QuoteRef{ArticleID: a.ID}, To: news.QuoteRef{ArticleID: b.ID, Index: 2}, Kind: news.VariantTruncated, Score: 0.8125, Aligned: []news.SpanPair{{From: news.Span{Start: 1, End: 3}, To: news.Span{Start: 10, End: 12}}}, SameStory: true}},
		Provenance: news.Provenance{Originality: 0.25, DrawsOn: []int64{b.ID}, Passages: []news.Passage{{ArticleID: a.ID, Span: news.Span{Start: 0, End: 9}, SourceID: b.ID, SourceSpan: news.Span{Start: 4, End: 13}, Kind: news.PassageEdited, Score: 0.9}}},
		Report: news.Report{Risk: 0.4, Signals: []news.Signal{{Type: news.SignalUncorroboratedQuote, Severity: news.SeverityMedium,
			Spans: []news.Span{{Start: 1, End: 5}}, Against: []int64{b.ID}, Explanation: "No other outlet carries it.", Contribution: 0.4, Value: 1}}},
		UpdatedAt: day.Add(123456789),
	}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{an}); err != nil {
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
	an2 := &news.Analysis{ArticleID: a.ID, Report: news.Report{Risk: 0.1}}
	if err := s.SaveAnalyses(ctx, []*news.Analysis{an2}); err != nil {
		t.Fatal(err)
	}
	if an2.UpdatedAt.IsZero() {
		t.Fatal("SaveAnalyses did not set UpdatedAt")
	}
	got, err = s.FindAnalysis(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(an2, got); diff != "" {
		t.Fatalf("the second save did not replace the analysis (-want +got):\n%s", diff)
	}
	// Other articles' analyses are untouched.
	if _, err := s.FindAnalysis(ctx, b.ID); news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("FindAnalysis of an unanalysed article: %v", err)
	}
}

// testAnalysesBatch: SaveAnalyses saves a story's analyses together, or
// none of them when one article is missing.
func testAnalysesBatch(t *testing.T, s news.Store) {
	ctx := context.Background()
	a1, a2 := article(1), article(2)
	mustCreate(t, s, a1)
	mustCreate(t, s, a2)
	if err := s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a2.ID, Report: news.Report{Risk: 0.9}}}); err != nil {
		t.Fatal(err)
	}
	want := []*news.Analysis{
		{ArticleID: a1.ID, StoryID: 4, Report: news.Report{Risk: 0.25}, UpdatedAt: day},
		{ArticleID: a2.ID, StoryID: 4, Report: news.Report{Risk: 0.5}}, // UpdatedAt set by the store
	}
	if err := s.SaveAnalyses(ctx, want); err != nil {
		t.Fatal(err)
	}
	if want[1].UpdatedAt.IsZero() {
		t.Fatal("SaveAnalyses did not set UpdatedAt")
	}
	for _, an := range want {
		got, err := s.FindAnalysis(ctx, an.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(an, got); diff != "" {
			t.Fatalf("analysis of article %d (-want +got):\n%s", an.ArticleID, diff)
		}
	}
	// A missing article: nothing of the batch is saved.
	err := s.SaveAnalyses(ctx, []*news.Analysis{{ArticleID: a1.ID, Report: news.Report{Risk: 1}}, {ArticleID: 999}})
	if news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("SaveAnalyses with a missing article = %v, want ENOTFOUND", err)
	}
	if got, err := s.FindAnalysis(ctx, a1.ID); err != nil || got.Report.Risk != 0.25 {
		t.Fatalf("after a failed batch, analysis = %+v, %v; want the earlier one", got, err)
	}
	if err := s.SaveAnalyses(ctx, nil); err != nil {
		t.Fatalf("SaveAnalyses(nil) = %v", err)
	}
}

// testStoryState: AssignArticle puts the article in the story and saves
// the state, sets the title only when the story has none, counts as a
// change, and when the article or the story is missing changes nothing.
func testStoryState(t *testing.T, s news.Store) {
	ctx := context.Background()
	named := mustStory(t, s, "Crane collapse")
	untitled := mustStory(t, s, "")
	a1, a2 := article(1), article(2)
	mustCreate(t, s, a1)
	mustCreate(t, s, a2)
	var before int64
	ch, changes := s.(news.StoryChanges)
	if changes {
		var err error
		if before, err = ch.LastStoryChange(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AssignArticle(ctx, a1.ID, named.ID, []byte{1, 2}, "Other title"); err != nil {
		t.Fatal(err)
	}
	if err := s.AssignArticle(ctx, a2.ID, untitled.ID, []byte{3}, "Port strike"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id, article int64
		title       string
		state       []byte
	}{{named.ID, a1.ID, "Crane collapse", []byte{1, 2}}, {untitled.ID, a2.ID, "Port strike", []byte{3}}} {
		got, err := s.FindStoryByID(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != c.title || string(got.State) != string(c.state) {
			t.Errorf("story %d = %q, %v; want %q, %v", c.id, got.Title, got.State, c.title, c.state)
		}
		if a, err := s.FindArticleByID(ctx, c.article); err != nil || a.StoryID != c.id {
			t.Errorf("article %d in story %d (%v), want %d", c.article, a.StoryID, err, c.id)
		}
	}
	if changes {
		states, _, err := ch.StoriesChangedSince(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		if len(states) != 2 {
			t.Errorf("StoriesChangedSince after two saves = %d stories, want 2", len(states))
		}
	}
	// A missing story, or a missing article: nothing changes.
	if err := s.AssignArticle(ctx, a1.ID, 999, []byte{9}, "x"); news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("AssignArticle to a missing story = %v, want ENOTFOUND", err)
	}
	if err := s.AssignArticle(ctx, 999, untitled.ID, []byte{9}, "x"); news.ErrorCode(err) != news.ENOTFOUND {
		t.Fatalf("AssignArticle of a missing article = %v, want ENOTFOUND", err)
	}
	if a, err := s.FindArticleByID(ctx, a1.ID); err != nil || a.StoryID != named.ID {
		t.Errorf("article %d moved to story %d (%v) by a failed assignment", a1.ID, a.StoryID, err)
	}
	if got, err := s.FindStoryByID(ctx, untitled.ID); err != nil || string(got.State) != "\x03" {
		t.Errorf("story %d state %v (%v) after a failed assignment, want [3]", untitled.ID, got.State, err)
	}
}

func testBatch(t *testing.T, s news.Store) {
	bc, ok := s.(news.ArticleBatchCreator)
	if !ok {
		t.Skip("the store has no CreateArticles")
	}
	ctx := context.Background()
	if created, err := bc.CreateArticles(ctx, nil); err != nil || len(created) != 0 {
		t.Fatalf("CreateArticles(nil) = %v, %v", created, err)
	}
	old := article(1)
	mustCreate(t, s, old)
	st := mustStory(t, s, "batch")

	fresh := article(2)
	fresh.StoryID = st.ID
	dupOld := article(1)
	dupOld.CanonicalURL = "https://example.com/elsewhere" // same hash as old
	dupFresh := article(3)
	dupFresh.CanonicalURL = fresh.CanonicalURL // same URL as fresh, new text
	noURL := &news.Article{Text: "No URL here.", ContentHash: "nourl", Title: "Batch row"}
	// Two articles sharing a URL, the first a duplicate of a stored one by
	// hash: stored one by one, the first is not stored, so the second is new.
	viaOld := article(4)
	viaOld.ContentHash, viaOld.CanonicalURL = old.ContentHash, "https://example.com/shared"
	shared := article(5)
	shared.CanonicalURL = "https://example.com/shared"
	again := &news.Article{Text: "No URL here.", ContentHash: "nourl"}

	batch := []*news.Article{fresh, dupOld, dupFresh, noURL, viaOld, shared, again}
	created, err := bc.CreateArticles(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]bool{true, false, false, true, false, true, false}, created); diff != "" {
		t.Fatalf("created (-want +got):\n%s", diff)
	}
	wantIDs := []int64{fresh.ID, old.ID, fresh.ID, noURL.ID, old.ID, shared.ID, noURL.ID}
	if diff := cmp.Diff(wantIDs, ids(batch)); diff != "" {
		t.Fatalf("IDs (-want +got):\n%s", diff)
	}
	for i, a := range batch {
		if a.ID == 0 || created[i] != !a.IngestedAt.IsZero() {
			t.Fatalf("article %d: ID %d, IngestedAt %v, created %v", i, a.ID, a.IngestedAt, created[i])
		}
	}
	if n := total(t, s); n != 4 {
		t.Fatalf("%d articles stored, want 4", n)
	}
	// Batch-created articles are complete, searchable and in their story.
	got, err := s.FindArticleByID(ctx, fresh.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stored(fresh), got); diff != "" {
		t.Fatalf("batch article (-want +got):\n%s", diff)
	}
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{Query: ptr("batch row")})
	if err != nil || len(arts) != 1 || arts[0].ID != noURL.ID {
		t.Fatalf("search for a batch article: %v, %v", ids(arts), err)
	}
	if g, err := s.FindStoryByID(ctx, st.ID); err != nil || g.ArticleCount != 1 {
		t.Fatalf("story of a batch article: %+v, %v", g, err)
	}
	// The same batch again stores nothing and finds every ID.
	again2 := []*news.Article{article(2), article(5), {Text: "No URL here.", ContentHash: "nourl"}}
	created, err = bc.CreateArticles(ctx, again2)
	if err != nil || created[0] || created[1] || created[2] {
		t.Fatalf("repeated batch: %v, %v", created, err)
	}
	if diff := cmp.Diff([]int64{fresh.ID, shared.ID, noURL.ID}, ids(again2)); diff != "" {
		t.Fatalf("repeated batch IDs (-want +got):\n%s", diff)
	}
	// A large batch crosses any internal chunking.
	var big []*news.Article
	for i := range 1200 {
		big = append(big, article(1000+i%1100)) // the last 100 repeat the first
	}
	created, err = bc.CreateArticles(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range created {
		if c != (i < 1100) || big[i].ID != big[i%1100].ID {
			t.Fatalf("big batch row %d: created %v, ID %d (row %d has %d)", i, c, big[i].ID, i%1100, big[i%1100].ID)
		}
	}
	if n := total(t, s); n != 1104 {
		t.Fatalf("%d articles stored, want 1104", n)
	}
}

func testBatchInvalid(t *testing.T, s news.Store) {
	bc, ok := s.(news.ArticleBatchCreator)
	if !ok {
		t.Skip("the store has no CreateArticles")
	}
	ctx := context.Background()
	_, err := bc.CreateArticles(ctx, []*news.Article{article(1), {Text: "No hash."}})
	wantCode(t, "a batch with an invalid article", err, news.EINVALID)
	orphan := article(3)
	orphan.StoryID = 12345
	_, err = bc.CreateArticles(ctx, []*news.Article{article(2), orphan})
	wantCode(t, "a batch with an unknown story", err, news.ENOTFOUND)
	if n := total(t, s); n != 0 {
		t.Fatalf("a refused batch stored %d articles", n)
	}
}
