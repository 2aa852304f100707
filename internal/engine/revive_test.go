package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// inventedName is a capitalised made-up word, one per n below 1728.
func inventedName(n int) string {
	syl := []string{"ka", "lo", "ven", "dar", "mi", "tor", "sel", "bru", "an", "fe", "gol", "rin"}
	s := syl[n%12] + syl[(n/12+5*n)%12] + syl[(n/144+7*n+3)%12]
	return strings.ToUpper(s[:1]) + s[1:]
}

// eventArticle is report v (0–2) of invented event ev (below 400),
// published at. Events 26 apart share a topic.
func eventArticle(ev, v int, at time.Time) *news.Article {
	topics := []string{"bridge collapse", "factory fire", "teachers strike", "river flood", "crane accident", "hospital blackout",
		"airport closure", "market fraud", "budget vote", "tram fare ruling", "wage deal", "storm damage", "water contamination",
		"gas explosion", "ferry grounding", "landslide", "chemical leak", "stadium evacuation", "train derailment", "power plant shutdown",
		"museum theft", "wildfire", "dam inspection", "bus crash", "mine cave-in", "pipeline rupture"}
	topic := topics[ev%len(topics)]
	town, person, place := inventedName(ev), inventedName(ev+400)+" "+inventedName(ev+800), inventedName(ev+1200)
	n, weeks := ev%37+3, ev%5+2
	var title, body string
	switch v {
	case 0:
		title = fmt.Sprintf("%s %s near %s leaves %d injured", town, topic, place, n)
		body = fmt.Sprintf("Officials in %s said the %s near %s left %d people injured. %s, who leads the %s council, said repairs at %s would take %d weeks. Residents of %s were told to avoid the %s area.",
			town, topic, place, n, person, town, place, weeks, town, place)
	case 1:
		title = fmt.Sprintf("%d hurt in %s %s, %s says", n, town, topic, person)
		body = fmt.Sprintf("The %s near %s in %s injured %d people, %s of the %s council said. Repairs at %s are expected to take %d weeks, and residents of %s should keep away from %s.",
			topic, place, town, n, person, town, place, weeks, town, place)
	default:
		title = fmt.Sprintf("%s describes %s %s at %s", person, town, topic, place)
		body = fmt.Sprintf("%s, head of the %s council, described the %s at %s in which %d people were injured. Work at %s will take %d weeks; %s residents were asked to avoid %s.",
			person, town, topic, place, n, place, weeks, town, place)
	}
	return &news.Article{Title: title, Text: body, ContentHash: title, Sentences: text.Sentences(body), Published: at}
}

var reviveDay0 = time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)

func day(d int) time.Time { return reviveDay0.AddDate(0, 0, d-1) }

// addBatch adds arts in one AddBatch and returns their stories.
func addBatch(t *testing.T, e *engine.Engine, arts ...*news.Article) []int64 {
	t.Helper()
	stories := make([]int64, len(arts))
	err := e.AddBatch(context.Background(), arts, func(i int, res engine.AddResult, err error) error {
		if err != nil {
			return err
		}
		stories[i] = res.StoryID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return stories
}

// TestLateArticleRevivesStory: an article dated more than the dormancy
// window before the clusterer's clock joins the story of its event, which
// went dormant and left memory, within the same process.
func TestLateArticleRevivesStory(t *testing.T) {
	st := memStore(t)
	e := defaultEngine(t, st)
	sc := e.Clusterer.(*engine.StoryClusterer)
	x := addBatch(t, e, eventArticle(7, 0, day(1)), eventArticle(7, 1, day(1).Add(3*time.Hour)))
	if x[0] != x[1] {
		t.Fatalf("the two reports of one event are in stories %v", x)
	}
	var later []*news.Article
	for d := 10; d <= 30; d++ {
		later = append(later, eventArticle(100+d, d%3, day(d)))
	}
	addBatch(t, e, later...)
	if sc.C.Live(x[0]) {
		t.Fatal("the story is still in memory: the test needs it dormant")
	}
	got := addBatch(t, e, eventArticle(7, 2, day(2)))
	if got[0] != x[0] {
		t.Fatalf("the late article started or joined story %d, want %d", got[0], x[0])
	}
	s, err := st.FindStoryByID(context.Background(), x[0])
	if err != nil {
		t.Fatal(err)
	}
	if s.ArticleCount != 3 {
		t.Errorf("story holds %d articles, want 3", s.ArticleCount)
	}
	if n, err := stateCount(s.State); err != nil || n != 3 {
		t.Errorf("story state counts %d articles (%v), want 3", n, err)
	}
}

// stateCount is the number of articles a stored story state counts.
func stateCount(state []byte) (int, error) {
	c := cluster.New(nil, cluster.Options{})
	if err := c.Restore(1, state); err != nil {
		return 0, err
	}
	return c.Size(1), nil
}

// TestLateArticleRevivesHeldStory: the same when the story was created in
// the batch being held (no article of it in the store yet) and went
// dormant before the batch ends: it is restored with the state the batch
// holds, and the batch stores it with the late article counted once.
func TestLateArticleRevivesHeldStory(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	sc, err := engine.NewStoryClusterer(ctx, st, cluster.DefaultModel(), nil)
	if err != nil {
		t.Fatal(err)
	}
	arts := []*news.Article{eventArticle(7, 0, day(1)), eventArticle(7, 1, day(1).Add(3*time.Hour))}
	for d := 10; d <= 30; d++ {
		arts = append(arts, eventArticle(100+d, d%3, day(d)))
	}
	late := eventArticle(7, 2, day(2))
	arts = append(arts, late)
	if _, _, err := news.CreateArticles(ctx, st, arts); err != nil {
		t.Fatal(err)
	}
	if !sc.Defer() {
		t.Fatal("the clusterer does not hold its assignments")
	}
	var x int64
	for i, a := range arts {
		id, err := sc.Assign(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			x = id
		}
		if a == late && sc.C.Size(x) != 3 {
			t.Errorf("story %d counts %d articles after the late one, want 3", x, sc.C.Size(x))
		}
	}
	if late.StoryID != x || arts[1].StoryID != x {
		t.Fatalf("stories %d, %d and late %d, want all %d", arts[0].StoryID, arts[1].StoryID, late.StoryID, x)
	}
	if err := sc.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := st.FindStoryByID(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := stateCount(s.State); s.ArticleCount != 3 || err != nil || n != 3 {
		t.Errorf("story holds %d articles, its state counts %d (%v), want 3", s.ArticleCount, n, err)
	}
}

// TestLateArticlesBounded: on a long run of late articles, each of
// another day, the stories brought back for them leave memory again: the
// number of stories in memory stays bounded, where it would grow with the
// run (the clock does not move, so the clock's sweeps never come).
func TestLateArticlesBounded(t *testing.T) {
	st := memStore(t)
	e := defaultEngine(t, st)
	sc := e.Clusterer.(*engine.StoryClusterer)
	const days = 120
	var stream []*news.Article
	for d := 1; d <= days; d++ {
		for k := range 2 {
			stream = append(stream, eventArticle(2*d+k, 0, day(d).Add(time.Duration(k)*time.Hour)))
		}
	}
	for i := 0; i < len(stream); i += 50 {
		addBatch(t, e, stream[i:min(i+50, len(stream))]...)
	}
	active := sc.C.Active()
	joined, most := 0, 0
	for d := 1; d < days-10; d++ {
		got := addBatch(t, e, eventArticle(2*d, 1, day(d).Add(5*time.Hour)))
		if got[0] == stream[2*(d-1)].StoryID {
			joined++
		}
		most = max(most, sc.C.Active())
	}
	t.Logf("%d stories in memory after the stream, at most %d during %d late articles, %d joined their story", active, most, days-11, joined)
	if bound := active + 60; most > bound {
		t.Errorf("%d stories in memory during the late articles, want at most %d", most, bound)
	}
	if joined < (days-11)*9/10 {
		t.Errorf("%d of %d late articles joined their story", joined, days-11)
	}
}

// countingStore counts the story lookups.
type countingStore struct {
	*sqlite.Store
	finds int
	spent time.Duration // in the lookups, for benchmarks
}

func (s *countingStore) FindStories(ctx context.Context, f news.StoryFilter) ([]*news.Story, int, error) {
	s.finds++
	start := time.Now()
	defer func() { s.spent += time.Since(start) }()
	return s.Store.FindStories(ctx, f)
}

// TestLateArticlesOfOnePeriod: late articles of one day, read between
// current articles that move the clock on, look the store up once, and
// find their stories: the dormant ones restored, and the one the first
// late article of an event the store did not know started.
func TestLateArticlesOfOnePeriod(t *testing.T) {
	st := memStore(t)
	cs := &countingStore{Store: st}
	e := defaultEngine(t, cs)
	var stream []*news.Article
	for d := 1; d <= 30; d++ {
		for k := range 2 {
			stream = append(stream, eventArticle(2*d+k, 0, day(d).Add(time.Duration(k)*time.Hour)))
		}
	}
	addBatch(t, e, stream...)
	late := []struct {
		a    *news.Article
		want int64 // 0: the story of the late article before
	}{
		{eventArticle(10, 1, day(5).Add(6*time.Hour)), stream[8].StoryID},
		{eventArticle(11, 1, day(5).Add(7*time.Hour)), stream[9].StoryID},
		{eventArticle(300, 0, day(5).Add(8*time.Hour)), -1}, // an event the stream missed
		{eventArticle(300, 1, day(5).Add(9*time.Hour)), 0},
		{eventArticle(10, 2, day(5).Add(10*time.Hour)), stream[8].StoryID},
	}
	cs.finds = 0
	var prev int64
	for i, l := range late {
		// A current article three hours after the last moves the clock on
		// (and the clusterer sweeps) between the late ones.
		addBatch(t, e, eventArticle(200+i, 0, day(30).Add(time.Duration(3*i+3)*time.Hour)))
		got := addBatch(t, e, l.a)[0]
		switch {
		case l.want > 0 && got != l.want:
			t.Errorf("late article %d: story %d, want %d", i, got, l.want)
		case l.want == 0 && got != prev:
			t.Errorf("late article %d: story %d, want %d (the late article before)", i, got, prev)
		}
		prev = got
	}
	// One lookup: two store queries (the stories last active up to the
	// end of the day, then those after it).
	if cs.finds != 2 {
		t.Errorf("%d store queries for the late articles of one day, want 2 (one lookup)", cs.finds)
	}
}

// TestReclusterLateArticle: a recluster, which shows the clusterer the
// articles in arrival order while the store still holds the stories it
// replaces, brings none of those back for a late article: each story's
// state counts the articles it holds.
func TestReclusterLateArticle(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	e := defaultEngine(t, st)
	addBatch(t, e, eventArticle(7, 0, day(1)), eventArticle(7, 1, day(1).Add(3*time.Hour)))
	var later []*news.Article
	for d := 10; d <= 30; d++ {
		later = append(later, eventArticle(100+d, d%3, day(d)))
	}
	addBatch(t, e, later...)
	addBatch(t, e, eventArticle(7, 2, day(2)))
	if err := e.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	sc := &engine.StoryClusterer{Store: st, C: cluster.New(cluster.DefaultModel(), cluster.Options{})}
	if err := e.Recluster(ctx, sc, nil); err != nil {
		t.Fatal(err)
	}
	stories, _, err := st.FindStories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stories {
		if n, err := stateCount(s.State); err != nil || n != s.ArticleCount {
			t.Errorf("story %d %q holds %d articles, its state counts %d (%v)", s.ID, s.Title, s.ArticleCount, n, err)
		}
	}
}

// TestLateArticlesTwoProcesses: two processes sharing a store bring the
// same dormant story back for late articles in turn; each counts the
// other's late articles (Sync) and none twice.
func TestLateArticlesTwoProcesses(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/shared.db"
	open := func() *engine.Engine {
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return defaultEngine(t, st)
	}
	a := open()
	x := addBatch(t, a, eventArticle(7, 0, day(1)), eventArticle(7, 1, day(1).Add(3*time.Hour)))[0]
	var later []*news.Article
	for d := 10; d <= 30; d++ {
		later = append(later, eventArticle(100+d, d%3, day(d)))
	}
	addBatch(t, a, later...)
	b := open() // starts after the story went dormant
	update := func(v int, at time.Time, note string) *news.Article {
		art := eventArticle(7, v, at)
		art.Title += " " + note
		art.ContentHash = art.Title
		return art
	}
	for i, step := range []struct {
		e   *engine.Engine
		art *news.Article
	}{
		{a, eventArticle(7, 2, day(2))},
		{b, update(0, day(2).Add(time.Hour), "(update)")},
		{a, update(1, day(2).Add(2*time.Hour), "(latest)")},
		{b, update(2, day(2).Add(3*time.Hour), "(analysis)")},
	} {
		if got := addBatch(t, step.e, step.art)[0]; got != x {
			t.Fatalf("late article %d: story %d, want %d", i, got, x)
		}
	}
	st := a.Store
	s, err := st.FindStoryByID(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := stateCount(s.State); s.ArticleCount != 6 || err != nil || n != 6 {
		t.Errorf("story holds %d articles, its state counts %d (%v), want 6", s.ArticleCount, n, err)
	}
}
