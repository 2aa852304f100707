package news

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Article is one news article as crosscheck stores it.
//
// Text is the normalized plain text (NFC, "\n\n" between paragraphs, "\n"
// inside none). Every Span of the article, its sentences, quotes, credits,
// passages and evidence, is a byte range into Text.
type Article struct {
	ID int64 `json:"id"`

	// Where the article came from. SourcePath is the file it was read from
	// ("-" for standard input); URL is the address it was fetched from or the
	// one its metadata declares; CanonicalURL is the normalized URL used to
	// recognise the same article on a second ingest.
	SourcePath   string `json:"source_path,omitempty"`
	URL          string `json:"url,omitempty"`
	CanonicalURL string `json:"canonical_url,omitempty"`

	// Outlet is the publishing outlet's normalized domain ("example.com") when
	// known, else its name as given; SiteName is the name the page displays.
	Outlet   string `json:"outlet,omitempty"`
	SiteName string `json:"site_name,omitempty"`

	Title  string `json:"title"`
	Byline string `json:"byline,omitempty"`
	// Credits are the credit lines, author boxes and agency tags found in
	// the text, each with its span.
	Credits []Credit `json:"credits,omitempty"`

	// Published is the publication time; the zero time when unknown.
	Published time.Time `json:"published,omitzero"`
	// Lang is an ISO 639-1 code ("en"), detected when the input gives none.
	Lang string `json:"lang,omitempty"`

	Text      string     `json:"text"`
	Sentences []Sentence `json:"sentences,omitempty"`

	// ContentHash is the hex SHA-256 of Text; with CanonicalURL it makes
	// ingest idempotent.
	ContentHash string `json:"content_hash"`

	// StoryID is the story the article was assigned to; 0 before clustering.
	StoryID int64 `json:"story_id,omitempty"`

	IngestedAt time.Time `json:"ingested_at,omitzero"`
}

// Credit kinds.
const (
	CreditByline    = "byline"     // an author line: "By Jane Roe", "• Jane Roe"
	CreditReporting = "reporting"  // "X reported from Moscow", "X contributed reporting"
	CreditAgency    = "agency"     // an agency tag: "(Reuters)", "— AP"
	CreditAuthorBox = "author_box" // an author biography: "Jane, a sociologist, covers ..."
)

// Credit is a line of the text that names who wrote or reported the article.
type Credit struct {
	Kind string `json:"kind"`
	// Name is the person or agency named, as printed.
	Name string `json:"name"`
	Span Span   `json:"span"`
}

// Sentence is one sentence of an article: a span into Text and the 0-based
// index of the paragraph it belongs to.
type Sentence struct {
	Span Span `json:"span"`
	Para int  `json:"para"`
}

// ArticleFilter selects articles. Nil fields do not filter.
type ArticleFilter struct {
	ID          *int64
	StoryID     *int64
	Outlet      *string
	Lang        *string
	ContentHash *string
	// Query is a full-text query over title and text.
	Query *string
	// Since and Until bound the publication time (inclusive, exclusive).
	Since, Until *time.Time
	// Order is the order of the articles: by publication time then ID
	// (the zero value), or by when they were stored.
	Order ArticleOrder

	Offset int
	Limit  int // 0 means no limit
}

// ArticleOrder is an order of FindArticles' results.
type ArticleOrder int

const (
	// ByPublication orders by publication time, undated articles last,
	// then by ID.
	ByPublication ArticleOrder = iota
	// StoredFirst orders by ID: the order in which the articles arrived.
	StoredFirst
	// StoredLast orders by ID, the most recently stored first.
	StoredLast
)

// ArticleStore stores articles. Implementations are safe for concurrent use.
type ArticleStore interface {
	// CreateArticle stores a new article and sets its ID and IngestedAt. If
	// an article with the same CanonicalURL (when not empty) or the same
	// ContentHash is already stored, it stores nothing, sets a.ID to the
	// existing article's ID and returns created=false. Returns EINVALID if
	// the article has no text or no content hash.
	CreateArticle(ctx context.Context, a *Article) (created bool, err error)

	// FindArticleByID returns the article with its sentences and credits.
	// Returns ENOTFOUND if it does not exist.
	FindArticleByID(ctx context.Context, id int64) (*Article, error)

	// FindArticles returns the articles matching the filter in the
	// filter's Order, and the total number of matches ignoring Offset and
	// Limit.
	FindArticles(ctx context.Context, f ArticleFilter) ([]*Article, int, error)

	// SetArticleStory assigns an article to a story. Returns ENOTFOUND if
	// either does not exist.
	SetArticleStory(ctx context.Context, articleID, storyID int64) error
}

// Validate returns an EINVALID error naming the field when the article
// cannot be stored: no text, no content hash, or a field that is not valid
// UTF-8 or holds a NUL byte (PostgreSQL cannot store those; SQLite refuses
// them too, so that every store accepts the same articles).
func (a *Article) Validate() error {
	switch {
	case strings.TrimSpace(a.Text) == "":
		return Errorf(EINVALID, "article has no text")
	case a.ContentHash == "":
		return Errorf(EINVALID, "article has no content hash")
	}
	for _, f := range []struct{ name, v string }{
		{"text", a.Text}, {"title", a.Title}, {"byline", a.Byline}, {"url", a.URL},
		{"canonical URL", a.CanonicalURL}, {"outlet", a.Outlet}, {"site name", a.SiteName},
		{"source path", a.SourcePath}, {"language", a.Lang}, {"content hash", a.ContentHash},
	} {
		if !utf8.ValidString(f.v) || strings.IndexByte(f.v, 0) >= 0 {
			return Errorf(EINVALID, "article %s is not valid UTF-8 text", f.name)
		}
	}
	for _, c := range a.Credits {
		if !utf8.ValidString(c.Name) || strings.IndexByte(c.Name, 0) >= 0 {
			return Errorf(EINVALID, "article credit is not valid UTF-8 text")
		}
	}
	return nil
}

// ArticleBatchCreator is implemented by stores that store many articles at
// once much faster than one by one; both backends do.
//
// CreateArticles stores the articles as CreateArticle would one after
// another: created[i] says whether arts[i] was new, and each article gets
// its ID (the stored article's for a duplicate, also of an earlier article
// of the same call) and, when new, its IngestedAt. It validates every
// article first: if one is invalid it returns EINVALID and stores nothing.
// A batch is stored in one or more transactions; if it fails part-way,
// the articles of the committed ones stay stored, and calling it again with
// the same batch is safe. Safe for concurrent use.
type ArticleBatchCreator interface {
	CreateArticles(ctx context.Context, arts []*Article) (created []bool, err error)
}

// CreateArticles stores arts through s, in one batch when s is an
// ArticleBatchCreator. When the batch holds an article the store refuses
// (EINVALID, ENOTFOUND) the articles are stored one by one, so that only
// that one fails: refused[i] is its error, and created[i] is false. err is
// any other failure, after which the rest of arts may not be stored.
func CreateArticles(ctx context.Context, s ArticleStore, arts []*Article) (created []bool, refused []error, err error) {
	if b, ok := s.(ArticleBatchCreator); ok {
		created, err := b.CreateArticles(ctx, arts)
		if code := ErrorCode(err); err == nil || code != EINVALID && code != ENOTFOUND {
			return created, make([]error, len(arts)), err
		}
	}
	created, refused = make([]bool, len(arts)), make([]error, len(arts))
	for i, a := range arts {
		c, err := s.CreateArticle(ctx, a)
		switch code := ErrorCode(err); {
		case err == nil:
			created[i] = c
		case code == EINVALID || code == ENOTFOUND:
			refused[i] = err
		default:
			return created, refused, err
		}
	}
	return created, refused, nil
}
