package quote_test

import (
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`“We will not reopen the berth,” said Elena Marsh, the port's director.`,
		"“First.\n\n“Second,” she said.",
		`Mr. Reyes said the delay was ''a failure of the whole system.''`,
		`„Wir öffnen morgen“, sagte sie. «Nous rouvrons», a-t-il dit. ‘Fine,’ he said.`,
		`The “usual practice “. "Unclosed quote at the end`,
		`According to Tom Reyes, the cranes were old, he added, while “nobody listened.”`,
		`""''""'' “”“” ‘’‘’ «» „“ ― - — , said`,
		`Elena Marsh, the port's director, said: “We'll see.” ― Ada Kowal`,
		`For saying that, he was fined. Saying so, she left, and after saying it, they said it was true.`,
		`Ann Lee, 59, of Ashton, Md., said (on Monday) that “the berth, which is old,” was closed, while Tom said so.`,
		"— We stay, declared the mayor Ada Kowal. Nobody leaves.\n\n—\n\n— ,\n\n– x, reacted Y",
		`‚Fine‘, said Ines. “Done.” The words came from Ada. A spokesman for the port said so. “Yes,” he said, the 54-year-old said.`,
		`According to her, it was over. The city on Monday said a contested plan: “No.” Those were the words of`,
		"Key facts:\n\n— 1998, founded Ada Kowal.\n\n— Tom Lee, 54, left, launched the\n\nAna Pell's family said: “Go.” “No,” a spokesman for Brenton police said. The 54-year-old said nothing. The money came from",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			s = s[:4096]
		}
		for _, body := range []string{s, text.Normalize(s)} {
			a := &news.Article{Text: body}
			qs := quote.Extract(a)
			end := 0
			for i, q := range qs {
				if !q.Span.Valid(len(body)) || q.Span.Len() == 0 {
					t.Fatalf("quote %d span %v out of bounds (%d bytes)", i, q.Span, len(body))
				}
				if q.Span.Start < end {
					t.Fatalf("quote %d span %v overlaps or precedes the previous one (end %d)", i, q.Span, end)
				}
				end = q.Span.End
				if !q.Cue.Valid(len(body)) || !q.Speaker.Valid(len(body)) {
					t.Fatalf("quote %d cue %v or speaker %v out of bounds", i, q.Cue, q.Speaker)
				}
				if q.Index != i {
					t.Fatalf("quote %d has index %d", i, q.Index)
				}
			}
			// Linking the article with itself as another outlet never fails.
			b := &news.Article{ID: 2, Text: body}
			quote.Link([]*quote.Doc{{Article: a, Quotes: qs}, {Article: b, Quotes: quote.Extract(b)}}, nil)
		}
	})
}
