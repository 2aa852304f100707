package news

// Quote is one attributed statement in an article: a direct quote in
// quotation marks, or indirect (reported) speech.
type Quote struct {
	// Index is the quote's 0-based position among its article's quotes,
	// in text order.
	Index     int   `json:"index"`
	ArticleID int64 `json:"article_id"`

	// Span covers the quoted content without its quotation marks.
	Span Span   `json:"span"`
	Text string `json:"text"`
	// Direct is true for quotes in quotation marks, false for reported speech.
	Direct bool `json:"direct"`

	// Cue is the reporting verb or phrase ("said", "according to"); the zero
	// span when none was found.
	Cue     Span   `json:"cue"`
	CueText string `json:"cue_text,omitempty"`

	// Speaker is the span of the speaker mention the quote is attributed to
	// (which may be a pronoun or a role such as "the Russian leader");
	// SpeakerName is the person it resolves to, as named in the article, and
	// SpeakerKey the normalized entity key shared by every mention of that
	// person across the story ("vladimir putin").
	Speaker     Span   `json:"speaker"`
	SpeakerName string `json:"speaker_name,omitempty"`
	SpeakerKey  string `json:"speaker_key,omitempty"`

	// Status is set by cross-outlet linking: QuoteCorroborated,
	// QuoteUncorroborated or QuoteTransplanted; "" before linking.
	Status string `json:"status,omitempty"`
}

// Quote statuses.
const (
	QuoteCorroborated   = "corroborated"   // another outlet of the story carries a variant
	QuoteUncorroborated = "uncorroborated" // no other outlet of the story carries it
	QuoteTransplanted   = "transplanted"   // its closest variant belongs to another story or an earlier date
)

// QuoteRef names one quote: its article and its index in that article.
type QuoteRef struct {
	ArticleID int64 `json:"article_id"`
	Index     int   `json:"index"`
}

// Quote variant kinds, from the closest to the loosest.
const (
	VariantVerbatim     = "verbatim"
	VariantRepunctuated = "repunctuated"
	VariantTruncated    = "truncated"
	VariantReworded     = "reworded"
)

// QuoteLink says that two quotes by the same speaker say the same thing.
type QuoteLink struct {
	From QuoteRef `json:"from"`
	To   QuoteRef `json:"to"`
	Kind string   `json:"kind"`
	// Score is the similarity in [0, 1].
	Score float64 `json:"score"`
	// Aligned lists the word pairs matched between the two quotes, as
	// spans into each article's Text.
	Aligned []SpanPair `json:"aligned,omitempty"`
	// SameStory is false when the linked quote belongs to another story.
	SameStory bool `json:"same_story"`
}

// SpanPair is a pair of matched spans: From in one article, To in another.
type SpanPair struct {
	From Span `json:"from"`
	To   Span `json:"to"`
}
