// Package articlerow encodes and decodes the columns of an article row
// that both stores keep alike: credits and sentences as JSON arrays, and
// the search document; and orders article queries alike.
package articlerow

import (
	"encoding/json"
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/store/internal/fts"
)

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
