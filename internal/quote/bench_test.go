package quote_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// benchArticles returns the seed articles when the shared folder is there,
// else a fictional article of the same size, with sentences computed as
// ingest does.
func benchArticles(b *testing.B) []*news.Article {
	var arts []*news.Article
	if shared.Path("seeds") != "" {
		arts = seedArticles(b)
	} else {
		var sb strings.Builder
		for range 12 {
			sb.WriteString("Elena Marsh, the port's director, said on Monday that the berth would stay closed.\n\n")
			sb.WriteString("“We will not reopen the berth until every crane has been inspected,” she said. “Nobody was hurt.”\n\n")
			sb.WriteString("The cranes were old, according to Tom Reyes, who runs the crews.\n\n")
		}
		arts = []*news.Article{{Text: text.Normalize(sb.String())}}
	}
	for _, a := range arts {
		a.Sentences = text.Sentences(a.Text)
	}
	return arts
}

func BenchmarkExtract(b *testing.B) {
	arts := benchArticles(b)
	n := 0
	for _, a := range arts {
		n += len(a.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			quote.Extract(a)
		}
	}
}

func BenchmarkLink(b *testing.B) {
	arts := benchArticles(b)
	var story []*quote.Doc
	for _, a := range arts {
		story = append(story, &quote.Doc{Article: a, Quotes: quote.Extract(a)})
	}
	// Other stories: the same articles again under other IDs, 50 times.
	var others []*quote.Doc
	for i := range 50 {
		for _, d := range story {
			a := *d.Article
			a.ID = int64(1000 + i*len(story) + int(d.Article.ID))
			others = append(others, &quote.Doc{Article: &a, StoryID: int64(2 + i), Quotes: append([]news.Quote(nil), d.Quotes...)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		quote.Link(story, others)
	}
}

// BenchmarkLinkLargeStory links a story of 100 articles: the seeds' first
// two rewritten under 100 outlets, so every pair of articles shares
// variants and the remarks around them are aligned in order.
func BenchmarkLinkLargeStory(b *testing.B) {
	arts := benchArticles(b)
	quotes := [2][]news.Quote{quote.Extract(arts[0]), quote.Extract(arts[1])}
	b.ReportAllocs()
	for b.Loop() {
		story := make([]*quote.Doc, 100)
		for i := range story {
			a := *arts[i%2]
			a.ID, a.Outlet = int64(i+1), fmt.Sprintf("outlet%d.example", i)
			story[i] = &quote.Doc{Article: &a, Quotes: append([]news.Quote(nil), quotes[i%2]...)}
		}
		quote.Link(story, nil)
	}
}
