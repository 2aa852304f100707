package engine

import (
	"context"
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
	return e, nil
}
