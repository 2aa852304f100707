package news

import (
	"context"
	"time"
)

// Passage kinds.
const (
	PassageVerbatim = "verbatim" // the same words, give or take case and punctuation
	PassageEdited   = "edited"   // light insertions, deletions or substitutions
	PassageReworded = "reworded" // a rewrite or translation of the same sentence(s)
)

// Passage is a part of one article (ArticleID, Span) reused from, or shared
// with, another (SourceID, SourceSpan).
type Passage struct {
	ArticleID  int64   `json:"article_id"`
	Span       Span    `json:"span"`
	SourceID   int64   `json:"source_id"`
	SourceSpan Span    `json:"source_span"`
	Kind       string  `json:"kind"`
	Score      float64 `json:"score"`
	// SameStory is false for a passage that matches an article of another
	// story, the raw material of the splice signal.
	SameStory bool `json:"same_story"`
}

// NearDuplicate is an article whose shingle set nearly equals this one's.
type NearDuplicate struct {
	ArticleID int64 `json:"article_id"`
	// Jaccard is the MinHash estimate of the shingle-set Jaccard similarity.
	Jaccard float64 `json:"jaccard"`
	// StoryID is set for a near-duplicate in another story (found
	// corpus-wide); 0 for one of the article's own story.
	StoryID int64 `json:"story_id,omitempty"`
}

// Provenance says what an article reuses and from whom.
type Provenance struct {
	// Originality is the share of the article's text, in bytes of its
	// sentences, found in no earlier article of its story.
	Originality float64 `json:"originality"`
	// DrawsOn lists the earlier articles the article reuses, most reused first.
	DrawsOn        []int64         `json:"draws_on,omitempty"`
	Passages       []Passage       `json:"passages,omitempty"`
	NearDuplicates []NearDuplicate `json:"near_duplicates,omitempty"`
}

// SentenceRef is where a sentence, known by a hash of its words, stands.
type SentenceRef struct {
	Hash      uint64
	ArticleID int64
	Span      Span
	// StoryID and Published are the article's, as stored when read.
	StoryID   int64
	Published time.Time
}

// SentenceStore keeps sentence hashes in the store, so that every process
// that shares the store finds a sentence copied from an article another
// process analysed. Implementations are safe for concurrent use.
type SentenceStore interface {
	// AddSentences stores sentence hashes; storing one again is a no-op.
	AddSentences(ctx context.Context, refs []SentenceRef) error
	// FindSentences returns the stored sentences with any of the hashes
	// whose articles are clustered into a story other than story (the
	// copies a story's analysis looks for), with those articles' current
	// story and publication time.
	FindSentences(ctx context.Context, hashes []uint64, story int64) ([]SentenceRef, error)
}
