package engine

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/crosscheck-news/crosscheck/internal/clickbait"
	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
	"github.com/crosscheck-news/crosscheck/internal/stance"
)

// Config configures Default.
type Config struct {
	// ReputationDir holds the outlet lists (opensources/,
	// news_media_reliability/); empty or missing turns the signal neutral.
	ReputationDir string
	Logger        *slog.Logger
}

// Default returns the engine with every analysis stage, on st.
func Default(ctx context.Context, st news.Store, cfg Config) (*Engine, error) {
	// One read of the newest stored articles warms the clusterer's IDF
	// and the in-memory indexes below.
	latest, err := LatestArticles(ctx, st, warmArticles)
	if err != nil {
		return nil, err
	}
	sc, err := NewStoryClusterer(ctx, st, cluster.DefaultModel(), latest)
	if err != nil {
		return nil, err
	}
	rep, err := credibility.LoadReputation(cfg.ReputationDir)
	if err != nil {
		return nil, err
	}
	// Per-article results are remembered by content: a growing story is
	// analysed again at every pass, its unchanged articles from the cache.
	quotes := NewQuoteCache(analysisCache)
	recent := &Recent{Cap: 2000, Quotes: quotes}
	sentences := &SentenceIndex{Cap: 200000}
	near := &NearIndex{Cap: nearArticles}
	as := &credibility.Assessor{Splice: credibility.DefaultSpliceModel(), Reputation: rep, Style: credibility.DefaultStyleModel(),
		Cache: credibility.NewCache(analysisCache)}
	cb, err := clickbait.Default()
	if err != nil {
		return nil, err
	}
	as.Clickbait = cb.Score
	sm, err := stance.Default()
	if err != nil {
		return nil, err
	}
	as.Stance = func(claim, body string) (string, float64) {
		p := sm.Predict(claim, body)
		return p.Label, p.Probs[stance.LabelIndex(p.Label)]
	}
	e := &Engine{
		Store: st, Clusterer: sc, Logger: cfg.Logger,
		Observers: []Observer{recent, sentences, near},
		Stages:    []StoryStage{QuoteStage{Recent: recent, Quotes: quotes}, ReuseStage{Sentences: sentences, Pairs: reuse.NewPairCache(4 * analysisCache), Near: near}, CredibilityStage{Assessor: as}},
	}
	// A new process knows what earlier runs stored: the cross-story
	// sentence index (kept in the store when it can) and the recent quotes
	// start from the latest stored articles, so that a passage or quote
	// lifted from an article of an earlier run is still found.
	if ss, ok := st.(news.SentenceStore); ok {
		sentences.Store = ss // shared by every process on the store
	} else if err := warmObservers(ctx, latest, sentences); err != nil {
		return nil, err
	}
	if err := warmObservers(ctx, latest[max(len(latest)-recent.Cap, 0):], recent); err != nil {
		return nil, err
	}
	if err := warmObservers(ctx, latest, near); err != nil {
		return nil, err
	}
	return e, nil
}

// analysisCache is how many articles' quotes, style and stance results a
// process remembers, and four times as many article pairs whose passages it
// remembers (a few MB).
const analysisCache = 8192

// nearArticles is how many of the articles observed last the corpus-wide
// near-duplicate index holds (about 1,250 bytes each by reuse's
// BenchmarkIndexAdd: a 128-value signature and its 32 band keys).
const nearArticles = 50000

// warmArticles is how many of the newest stored articles a new process
// warms its clusterer and sentence index with.
const warmArticles = 5000

// warmObservers shows the observers the clustered articles of arts.
func warmObservers(ctx context.Context, arts []*news.Article, obs ...Observer) error {
	for _, a := range arts {
		if a.StoryID == 0 {
			continue // stored by a run killed before clustering it
		}
		for _, o := range obs {
			if err := o.Observe(ctx, a); err != nil {
				return fmt.Errorf("warm the indexes with article %d: %w", a.ID, err)
			}
		}
	}
	return nil
}
