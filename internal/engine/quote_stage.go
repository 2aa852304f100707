package engine

import (
	"context"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
)

// Recent keeps the quotes of the most recently observed articles of every
// story, so that a story's quotes can be checked against other stories.
// Memory is bounded by Cap articles.
type Recent struct {
	Cap  int
	docs []*quote.Doc
}

// Observe implements Observer.
func (r *Recent) Observe(ctx context.Context, a *news.Article) error {
	r.docs = append(r.docs, &quote.Doc{Article: a, StoryID: a.StoryID, Quotes: quote.Extract(a)})
	if r.Cap > 0 && len(r.docs) > r.Cap {
		r.docs = r.docs[len(r.docs)-r.Cap:]
	}
	return nil
}

// others returns the recent articles of stories other than id.
func (r *Recent) others(id int64) []*quote.Doc {
	var out []*quote.Doc
	for _, d := range r.docs {
		if d.StoryID != id {
			out = append(out, d)
		}
	}
	return out
}

// QuoteStage extracts every article's quotes and links them across the
// story's outlets and against recent articles of other stories.
type QuoteStage struct{ Recent *Recent }

// AnalyzeStory implements StoryStage.
func (s QuoteStage) AnalyzeStory(ctx context.Context, w *StoryWork) error {
	docs := make([]*quote.Doc, len(w.Articles))
	for i, a := range w.Articles {
		docs[i] = &quote.Doc{Article: a, StoryID: w.Story.ID, Quotes: quote.Extract(a)}
	}
	var others []*quote.Doc
	if s.Recent != nil {
		others = s.Recent.others(w.Story.ID)
	}
	links := quote.Link(docs, others)
	for _, d := range docs {
		an := w.Analyses[d.Article.ID]
		an.Quotes = d.Quotes
		an.QuoteLinks = []news.QuoteLink{}
		for _, l := range links {
			if l.From.ArticleID == d.Article.ID || l.To.ArticleID == d.Article.ID {
				an.QuoteLinks = append(an.QuoteLinks, l)
			}
		}
	}
	return nil
}
