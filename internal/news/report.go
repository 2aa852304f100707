package news

import (
	"context"
	"time"
)

// Signal types, in the order the report lists them.
const (
	SignalSplicedPassage         = "spliced_passage"
	SignalUncorroboratedQuote    = "uncorroborated_quote"
	SignalTransplantedQuote      = "transplanted_quote"
	SignalDateContradiction      = "date_contradiction"
	SignalNumberContradiction    = "number_contradiction"
	SignalBylineConflict         = "byline_conflict"
	SignalCopiedUnderOtherByline = "copied_under_other_byline"
	SignalClickbaitInsert        = "clickbait_insert"
	SignalClickbaitHeadline      = "clickbait_headline"
	SignalSourceReputation       = "source_reputation"
	SignalStance                 = "stance"
	SignalLowOriginality         = "low_originality"
)

// SignalTypes lists every signal type in report order.
var SignalTypes = []string{
	SignalSplicedPassage, SignalUncorroboratedQuote, SignalTransplantedQuote,
	SignalDateContradiction, SignalNumberContradiction, SignalBylineConflict, SignalCopiedUnderOtherByline,
	SignalClickbaitInsert, SignalClickbaitHeadline, SignalSourceReputation,
	SignalStance, SignalLowOriginality,
}

// Severities.
const (
	SeverityInfo   = "info"
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// Signal is one finding of the credibility report with its evidence.
type Signal struct {
	Type     string `json:"type"`
	Severity string `json:"severity"`
	// Spans are the evidence in the article's Text.
	Spans []Span `json:"spans"`
	// Against lists the articles the finding was checked against.
	Against []int64 `json:"against"`
	// Explanation is one sentence a person can act on.
	Explanation string `json:"explanation"`
	// Contribution is how much the signal added to the article's risk.
	Contribution float64 `json:"contribution"`
	// Value is the signal's raw measure (a share, a probability, a count),
	// documented per type in docs/credibility.md.
	Value float64 `json:"value"`
}

// Report is an article's credibility report: its signals and a risk score in
// [0, 1] built additively from their contributions.
type Report struct {
	Risk    float64  `json:"risk"`
	Signals []Signal `json:"signals"`
}

// Analysis is everything crosscheck found about one article. It is replaced
// whole each time the article's story is re-analysed.
type Analysis struct {
	ArticleID  int64       `json:"article_id"`
	StoryID    int64       `json:"story_id"`
	Quotes     []Quote     `json:"quotes"`
	QuoteLinks []QuoteLink `json:"quote_links"`
	Provenance Provenance  `json:"provenance"`
	Report     Report      `json:"report"`
	UpdatedAt  time.Time   `json:"updated_at,omitzero"`
}

// AnalysisStore stores analyses. Implementations are safe for concurrent use.
type AnalysisStore interface {
	// SaveAnalyses replaces the analyses of several articles (a story's)
	// in one transaction, setting UpdatedAt when it is zero: all of them,
	// or none when an article does not exist (ENOTFOUND).
	SaveAnalyses(ctx context.Context, as []*Analysis) error

	// FindAnalysis returns the article's analysis. Returns ENOTFOUND if the
	// article has not been analysed.
	FindAnalysis(ctx context.Context, articleID int64) (*Analysis, error)

	// Unanalysed returns, in the order given, those of articleIDs that are
	// stored but not seen through: in no story, or in a story but without
	// an analysis (a run stopped between storing, clustering and
	// analysing). IDs of articles not stored are left out. One query.
	Unanalysed(ctx context.Context, articleIDs []int64) ([]int64, error)
}

// Store is everything a backend provides. Both the SQLite and the
// PostgreSQL backends implement it and pass the same conformance suite.
type Store interface {
	ArticleStore
	StoryStore
	AnalysisStore
	// Close releases the store's resources.
	Close() error
}
