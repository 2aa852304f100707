// Package articlerow encodes and decodes the columns of an article row
// that both stores keep alike: credits and sentences as JSON arrays, and
// the search document; and names and orders article queries alike.
package articlerow

import (
	"encoding/json"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
)

// Columns are the stored columns of an article, in scan order.
const Columns = `id, source_path, url, canonical_url, outlet, site_name, title, byline, credits,
	published, lang, text, sentences, content_hash, story_id, ingested_at`

// Row holds the encoded columns of an article.
type Row struct {
	Credits, Sentences string // JSON arrays, "[]" when empty
	Terms              string // the search document of title and text (fts.Document)
}

// Encode returns a's encoded columns.
func Encode(a *news.Article) (Row, error) {
	credits, err := json.Marshal(nonNil(a.Credits))
	if err != nil {
		return Row{}, fmt.Errorf("encode credits: %w", err)
	}
	sents, err := json.Marshal(nonNil(a.Sentences))
	if err != nil {
		return Row{}, fmt.Errorf("encode sentences: %w", err)
	}
	return Row{Credits: string(credits), Sentences: string(sents), Terms: fts.Document(a.Title, a.Text)}, nil
}

// EncodeAll validates arts and returns their encoded columns. Returns
// EINVALID if an article fails news.Article.Validate (saying which one,
// when there are several).
func EncodeAll(arts []*news.Article) ([]Row, error) {
	rows := make([]Row, len(arts))
	for i, a := range arts {
		if err := a.Validate(); err != nil {
			if len(arts) > 1 {
				return nil, news.Errorf(news.EINVALID, "article %d of %d: %w", i+1, len(arts), err)
			}
			return nil, err
		}
		r, err := Encode(a)
		if err != nil {
			return nil, err
		}
		rows[i] = r
	}
	return rows, nil
}

// Decode sets a's credits and sentences from their JSON columns (nil when
// empty, as the article was before it was stored).
func Decode(a *news.Article, credits, sentences string) error {
	if err := json.Unmarshal([]byte(credits), &a.Credits); err != nil {
		return fmt.Errorf("article %d credits: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(sentences), &a.Sentences); err != nil {
		return fmt.Errorf("article %d sentences: %w", a.ID, err)
	}
	if len(a.Credits) == 0 {
		a.Credits = nil
	}
	if len(a.Sentences) == 0 {
		a.Sentences = nil
	}
	return nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// OrderBy is the ORDER BY clause of an article query in order o;
// byPublication is the store's spelling of "publication time, undated
// last, then ID".
func OrderBy(o news.ArticleOrder, byPublication string) string {
	switch o {
	case news.StoredFirst:
		return "id"
	case news.StoredLast:
		return "id DESC"
	}
	return byPublication
}
