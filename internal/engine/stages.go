package engine

import (
	"context"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

// ReuseStage records each article's provenance within its story: the
// passages it reuses from earlier articles (direction from publication time,
// containment as tie-breaker), the articles it draws on, its originality
// share and its near-duplicates.
//
// With Sentences set, sentences copied word for word from an article of
// another story are added as passages with SameStory false.
//
// With Pairs set, the passages between two articles are remembered by
// their content, so a growing story aligns only its new pairs.
//
// With Near set, near-duplicates in other stories are added too (with
// their StoryID), and the signatures it holds serve for those within the
// story.
type ReuseStage struct {
	Sentences *SentenceIndex
	Pairs     *reuse.PairCache
	Near      *NearIndex
}

// AnalyzeStory implements StoryStage.
func (st ReuseStage) AnalyzeStory(ctx context.Context, w *StoryWork) error {
	opts := reuse.AlignOptions{Pairs: st.Pairs}
	if st.Near != nil {
		opts.Signatures = st.Near.Signature
	}
	for id, p := range reuse.Provenance(w.Articles, opts) {
		if an := w.Analyses[id]; an != nil && p != nil {
			for i := range p.Passages {
				p.Passages[i].SameStory = true
			}
			an.Provenance = *p
		}
	}
	if st.Near != nil {
		for _, a := range w.Articles {
			if an := w.Analyses[a.ID]; an != nil {
				an.Provenance.NearDuplicates = append(an.Provenance.NearDuplicates, st.Near.Elsewhere(a.ID, w.Story.ID)...)
			}
		}
	}
	if st.Sentences != nil {
		found, err := st.Sentences.Lookup(ctx, w.Articles, w.Story.ID)
		if err != nil {
			return fmt.Errorf("sentences of other stories in story %d: %w", w.Story.ID, err)
		}
		for _, a := range w.Articles {
			if an := w.Analyses[a.ID]; an != nil {
				an.Provenance.Passages = append(an.Provenance.Passages, found[a.ID]...)
			}
		}
	}
	return nil
}

// CredibilityStage builds each article's report from the story and the
// earlier stages' results.
type CredibilityStage struct{ Assessor *credibility.Assessor }

// AnalyzeStory implements StoryStage.
func (s CredibilityStage) AnalyzeStory(ctx context.Context, w *StoryWork) error {
	for _, a := range w.Articles {
		an := w.Analyses[a.ID]
		an.Report = s.Assessor.Assess(credibility.Input{Article: a, Story: w.Other(a), Quotes: an.Quotes, Provenance: an.Provenance})
	}
	return nil
}
