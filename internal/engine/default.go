package engine

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/crosscheck-news/crosscheck/internal/clickbait"
	"github.com/crosscheck-news/crosscheck/internal/cluster"
	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/news"
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
	sc, err := NewStoryClusterer(ctx, st, cluster.DefaultModel(), 5000)
	if err != nil {
		return nil, err
	}
	rep, err := credibility.LoadReputation(cfg.ReputationDir)
	if err != nil {
		return nil, err
	}
	recent := &Recent{Cap: 2000}
	sentences := &SentenceIndex{Cap: 200000}
	as := &credibility.Assessor{Splice: credibility.DefaultSpliceModel(), Reputation: rep, Style: credibility.DefaultStyleModel()}
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
		Observers: []Observer{recent, sentences},
		Stages:    []StoryStage{QuoteStage{Recent: recent}, ReuseStage{Sentences: sentences}, CredibilityStage{Assessor: as}},
	}
	// A new process knows what earlier runs stored: the cross-story
	// sentence index (kept in the store when it can) and the recent quotes
	// start from the latest stored articles, so that a passage or quote
	// lifted from an article of an earlier run is still found.
	if ss, ok := st.(news.SentenceStore); ok {
		sentences.Store = ss // shared by every process on the store
	} else if err := warmObservers(ctx, st, warmSentences, sentences); err != nil {
		return nil, err
	}
	if err := warmObservers(ctx, st, recent.Cap, recent); err != nil {
		return nil, err
	}
	return e, nil
}

// warmSentences is how many of the latest stored articles the sentence
// index starts with.
const warmSentences = 5000

// warmObservers shows the observers the latest n clustered articles of the
// store, oldest first.
func warmObservers(ctx context.Context, st news.Store, n int, obs ...Observer) error {
	_, total, err := st.FindArticles(ctx, news.ArticleFilter{Limit: 1})
	if err != nil || total == 0 {
		return err
	}
	arts, _, err := st.FindArticles(ctx, news.ArticleFilter{Offset: max(total-n, 0), Limit: n})
	if err != nil {
		return fmt.Errorf("warm the indexes: %w", err)
	}
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
