package quote_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

var day0 = time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

// doc extracts the quotes of a fictional article.
func doc(id int64, outlet string, published time.Time, body string) *quote.Doc {
	a := &news.Article{ID: id, Outlet: outlet, Published: published, Text: text.Normalize(body)}
	return &quote.Doc{Article: a, StoryID: 1, Quotes: quote.Extract(a)}
}

// findLink returns the link between two quotes in either direction.
func findLink(links []news.QuoteLink, a int64, ai int, b int64, bi int) (news.QuoteLink, bool) {
	for _, l := range links {
		if l.From.ArticleID == a && l.From.Index == ai && l.To.ArticleID == b && l.To.Index == bi ||
			l.From.ArticleID == b && l.From.Index == bi && l.To.ArticleID == a && l.To.Index == ai {
			return l, true
		}
	}
	return news.QuoteLink{}, false
}

func wantStatus(t *testing.T, d *quote.Doc, i int, status string) {
	t.Helper()
	if len(d.Quotes) <= i {
		t.Fatalf("article %d has %d quotes, want more than %d", d.Article.ID, len(d.Quotes), i)
	}
	if got := d.Quotes[i].Status; got != status {
		t.Errorf("article %d quote %d (%q) status %q, want %q", d.Article.ID, i, d.Quotes[i].Text, got, status)
	}
}

func TestLinkRewordedAcrossOutlets(t *testing.T) {
	a := doc(1, "harbour-news.example", day0, "The port of Linden stayed shut on Monday after two cranes collapsed in a storm.\n\n"+
		"“We will not reopen the berth until every crane has been inspected,” said Elena Marsh, the port's director.\n\n"+
		"“Two of the cranes were installed in 1998 and had passed every test,” she added.")
	b := doc(2, "coastwire.example", day0.Add(3*time.Hour), "Linden's container berth remains closed after Sunday's storm.\n\n"+
		"“The berth will stay closed until all the cranes are checked,” port director Elena Marsh said.\n\n"+
		"Marsh also said: “Our crews worked through the night to secure the site and nobody was hurt.”")
	links := quote.Link([]*quote.Doc{a, b}, nil)

	l, ok := findLink(links, 1, 0, 2, 0)
	if !ok {
		t.Fatalf("the reworded quotes are not linked; links: %+v", links)
	}
	if l.Kind != news.VariantReworded || !l.SameStory {
		t.Errorf("kind %q same story %v, want reworded in the story", l.Kind, l.SameStory)
	}
	if l.Score <= 0 || l.Score > 1 {
		t.Errorf("score %v out of (0, 1]", l.Score)
	}
	if len(l.Aligned) == 0 {
		t.Errorf("no aligned words")
	}
	for _, p := range l.Aligned {
		from, to := p.From.Slice(a.Article.Text), p.To.Slice(b.Article.Text)
		if text.Stem(text.Words(from)[0]) != text.Stem(text.Words(to)[0]) {
			t.Errorf("aligned %q with %q", from, to)
		}
	}
	if _, ok := findLink(links, 1, 1, 2, 1); ok {
		t.Errorf("unrelated quotes of the same speaker are linked")
	}
	wantStatus(t, a, 0, news.QuoteCorroborated)
	wantStatus(t, b, 0, news.QuoteCorroborated)
	wantStatus(t, a, 1, news.QuoteUncorroborated)
	wantStatus(t, b, 1, news.QuoteUncorroborated)
}

// TestLinkResumedRemark: a remark that an attribution cuts in two in a
// translation ("“…,” she added, “and …”") has both fragments linked to the
// one-piece quote of another outlet, the short one included; a fragment
// in the same shape whose words the other outlet does not carry is not.
func TestLinkResumedRemark(t *testing.T) {
	a := doc(1, "valley-post.example", day0, "The ferry crews of Linden walked out on Tuesday.\n\n"+
		"“Our crews have had one pay offer in four years and it was an insult,” said Nora Vell, the crews' spokeswoman.")
	b := doc(2, "euroferry.example", day0.Add(5*time.Hour), "The ferry crews of Linden stopped work on Tuesday.\n\n"+
		"“Our crews have received one single pay offer in four years,” the spokeswoman Nora Vell declared, “and it was an insult.”\n\n"+
		"“The company can afford much more,” Vell said, “and everyone knows that.”")
	quote.Link([]*quote.Doc{a, b}, nil)
	if len(b.Quotes) != 4 {
		t.Fatalf("quotes of the rewrite: %+v", b.Quotes)
	}
	wantStatus(t, b, 0, news.QuoteCorroborated)
	wantStatus(t, b, 1, news.QuoteCorroborated)
	wantStatus(t, b, 2, news.QuoteUncorroborated)
	wantStatus(t, b, 3, news.QuoteUncorroborated)
}

func TestLinkKinds(t *testing.T) {
	base := `“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.`
	tests := []struct {
		name, other, kind string
	}{
		{"verbatim", `“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.`, news.VariantVerbatim},
		{"repunctuated", `"We will not reopen the berth, until every crane has been inspected" Elena Marsh said.`, news.VariantRepunctuated},
		{"truncated", `“We will not reopen the berth,” Elena Marsh said.`, news.VariantTruncated},
		{"reworded", `“The berth will not reopen before all cranes have been inspected,” Elena Marsh said.`, news.VariantReworded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := doc(1, "a.example", day0, base)
			b := doc(2, "b.example", day0, tt.other)
			links := quote.Link([]*quote.Doc{a, b}, nil)
			l, ok := findLink(links, 1, 0, 2, 0)
			if !ok {
				t.Fatalf("not linked")
			}
			if l.Kind != tt.kind {
				t.Errorf("kind %q, want %q", l.Kind, tt.kind)
			}
			if tt.kind == news.VariantVerbatim && l.Score != 1 {
				t.Errorf("verbatim score %v, want 1", l.Score)
			}
			wantStatus(t, a, 0, news.QuoteCorroborated)
		})
	}
}

func TestLinkSpeakers(t *testing.T) {
	words := "Nobody will work on the berth until the cranes have been inspected by engineers"
	tests := []struct {
		name   string
		a, b   string
		linked bool
	}{
		{"same speaker", `“` + words + `,” Elena Marsh said.`, `“` + words + `,” said Elena Marsh.`, true},
		{"surname in one outlet", `“` + words + `,” Elena Marsh said.`, `“` + words + `,” Ms. Marsh said.`, true},
		{"different speakers", `“` + words + `,” Elena Marsh said.`, `“` + words + `,” Tom Reyes said.`, false},
		{"unknown speaker, close content", `“` + words + `,” Elena Marsh said.`, `The notice read: “` + words + `.”`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := doc(1, "a.example", day0, tt.a)
			b := doc(2, "b.example", day0, tt.b)
			links := quote.Link([]*quote.Doc{a, b}, nil)
			if _, ok := findLink(links, 1, 0, 2, 0); ok != tt.linked {
				t.Fatalf("linked=%v, want %v (keys %q, %q)", ok, tt.linked, a.Quotes[0].SpeakerKey, b.Quotes[0].SpeakerKey)
			}
		})
	}
}

func TestLinkSameOutletDoesNotCorroborate(t *testing.T) {
	body := `“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.`
	a := doc(1, "harbour-news.example", day0, body)
	b := doc(2, "harbour-news.example", day0.Add(time.Hour), body)
	links := quote.Link([]*quote.Doc{a, b}, nil)
	if _, ok := findLink(links, 1, 0, 2, 0); !ok {
		t.Fatalf("the two articles' quotes are not linked")
	}
	wantStatus(t, a, 0, news.QuoteUncorroborated)
	wantStatus(t, b, 0, news.QuoteUncorroborated)
	// Without outlets, another article is enough.
	a.Article.Outlet, b.Article.Outlet = "", ""
	quote.Link([]*quote.Doc{a, b}, nil)
	wantStatus(t, a, 0, news.QuoteCorroborated)
}

func TestLinkTransplanted(t *testing.T) {
	old := "“Two of the cranes were installed in 1998 and had passed every safety test,” said Elena Marsh, the port's director."
	story := func() []*quote.Doc {
		return []*quote.Doc{
			doc(1, "a.example", day0, "The port reopened.\n\n"+old),
			doc(2, "b.example", day0, "“Our crews worked through the night to secure the whole site,” Elena Marsh said."),
		}
	}
	t.Run("only in another story", func(t *testing.T) {
		s := story()
		others := []*quote.Doc{doc(9, "c.example", day0.Add(-time.Hour), "An earlier storm hit Linden.\n\n"+old)}
		others[0].StoryID = 2
		links := quote.Link(s, others)
		l, ok := findLink(links, 1, 0, 9, 0)
		if !ok || l.SameStory {
			t.Fatalf("no cross-story link (found=%v, same story=%v)", ok, l.SameStory)
		}
		wantStatus(t, s[0], 0, news.QuoteTransplanted)
		wantStatus(t, s[1], 0, news.QuoteUncorroborated)
	})
	t.Run("older elsewhere than its corroboration", func(t *testing.T) {
		s := story()
		s[1] = doc(2, "b.example", day0, old)
		others := []*quote.Doc{doc(9, "c.example", day0.Add(-30*24*time.Hour), old)}
		quote.Link(s, others)
		wantStatus(t, s[0], 0, news.QuoteTransplanted)
	})
	t.Run("corroborated in the story", func(t *testing.T) {
		s := story()
		s[1] = doc(2, "b.example", day0, old)
		others := []*quote.Doc{doc(9, "c.example", day0.Add(-time.Hour), old)}
		quote.Link(s, others)
		wantStatus(t, s[0], 0, news.QuoteCorroborated)
	})
	t.Run("the source, lifted later by another story", func(t *testing.T) {
		// The quote's only variant is in an article of another story
		// published after this one: that article took it from here.
		s := story()
		others := []*quote.Doc{doc(9, "c.example", day0.Add(90*24*time.Hour), "A farm page.\n\n"+old)}
		others[0].StoryID = 2
		links := quote.Link(s, others)
		if _, ok := findLink(links, 1, 0, 9, 0); !ok {
			t.Fatal("no cross-story link")
		}
		wantStatus(t, s[0], 0, news.QuoteUncorroborated)
	})
}

func TestLinkIgnoresBrokenDocs(t *testing.T) {
	a := doc(1, "a.example", day0, `“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.`)
	// A quote whose span no longer fits its article is skipped, not a panic.
	b := &quote.Doc{Article: &news.Article{ID: 2, Text: "short"}, Quotes: []news.Quote{{Span: news.Span{Start: 3, End: 99}, SpeakerKey: "elena marsh"}}}
	links := quote.Link([]*quote.Doc{a, b, nil}, []*quote.Doc{nil, {}})
	if len(links) != 0 {
		t.Fatalf("links %v", links)
	}
	wantStatus(t, a, 0, news.QuoteUncorroborated)
}

// TestLinkManyOthers checks that quotes of unrelated stories in bulk change
// nothing: no candidate passes without shared rare words.
func TestLinkManyOthers(t *testing.T) {
	a := doc(1, "a.example", day0, `“We will not reopen the berth until every crane has been inspected,” Elena Marsh said.`)
	var others []*quote.Doc
	for i := range 300 {
		others = append(others, doc(int64(100+i), "x.example", day0, `“The council will vote on the budget for the library next week,” Tom Reyes said.`))
	}
	links := quote.Link([]*quote.Doc{a}, others)
	if len(links) != 0 {
		t.Fatalf("%d links to unrelated quotes", len(links))
	}
	wantStatus(t, a, 0, news.QuoteUncorroborated)
}

// TestLinkRewritesInOrder: a rewrite (a translation) renders a speaker's
// remarks in other words but in the same order. Once one remark links the
// two articles, the remarks around it that share a content word with a
// remark at the same place of the other article are linked as reworded; a
// remark pasted in from another interview stays uncorroborated, and so
// does a pair that would cross the anchor.
func TestLinkRewritesInOrder(t *testing.T) {
	a := doc(1, "harbour-news.example", day0, "The port of Linden stayed shut on Monday after two cranes collapsed in a storm.\n\n"+
		"“The inspectors found rust in the legs of the older cranes,” said Elena Marsh, the port's director.\n\n"+
		"“We will not reopen the berth until every crane has been inspected,” Marsh said.\n\n"+
		"“Every family of the dock workers will get support from the port,” she added.")
	b := doc(2, "courrier.example", day0.Add(3*time.Hour), "The port of Linden remained closed after the storm of Sunday.\n\n"+
		"“Corrosion was discovered by the inspectors on the supports of old cranes,” declared the director Elena Marsh.\n\n"+
		"“We will not reopen the berth until every crane has been inspected,” Marsh said.\n\n"+
		"“The families of the workers will receive help,” she added.\n\n"+
		"“The ferry tariffs will not change this year,” Marsh said.")
	links := quote.Link([]*quote.Doc{a, b}, nil)
	if _, ok := findLink(links, 1, 1, 2, 1); !ok {
		t.Fatalf("the verbatim anchor is not linked; links %+v", links)
	}
	for _, p := range [][2]int{{0, 0}, {2, 2}} {
		l, ok := findLink(links, 1, p[0], 2, p[1])
		if !ok {
			t.Errorf("quotes %d and %d (same place around the anchor) are not linked; links %+v", p[0], p[1], links)
			continue
		}
		if l.Kind != news.VariantReworded || l.Score <= 0 || l.Score > 1 {
			t.Errorf("link %d-%d: kind %q score %v, want reworded in (0, 1]", p[0], p[1], l.Kind, l.Score)
		}
	}
	wantStatus(t, a, 0, news.QuoteCorroborated)
	wantStatus(t, a, 2, news.QuoteCorroborated)
	wantStatus(t, b, 3, news.QuoteUncorroborated) // the ferry remark: another interview

	// A remark that shares one word with the first article's last remark
	// is linked after the anchor, as there, but not before it (the link
	// would cross the anchor).
	remark := "“Families will be helped,” declared the director Elena Marsh."
	anchor := "“We will not reopen the berth until every crane has been inspected,” Marsh said."
	after := doc(3, "other.example", day0.Add(4*time.Hour), "Linden's port is still closed.\n\n"+anchor+"\n\n"+remark)
	links = quote.Link([]*quote.Doc{a, after}, nil)
	if _, ok := findLink(links, 1, 2, 3, 1); !ok {
		t.Errorf("the remark after the anchor is not linked: %+v", links)
	}
	before := doc(4, "other.example", day0.Add(4*time.Hour), "Linden's port is still closed.\n\n"+remark+"\n\n"+anchor)
	links = quote.Link([]*quote.Doc{a, before}, nil)
	if _, ok := findLink(links, 1, 2, 4, 0); ok {
		t.Errorf("a pair crossing the anchor was linked: %+v", links)
	}
}

// TestLinkAcrossSpellings: a British and an American outlet print one
// remark in their own spellings.
func TestLinkAcrossSpellings(t *testing.T) {
	a := doc(1, "harbour-news.example", day0, "“The organisers criticised the colour of the new harbour centre,” Elena Marsh said on Monday.")
	b := doc(2, "harbor-daily.example", day0.Add(time.Hour), "“The organizers criticized the color of the new harbor center,” Elena Marsh said on Monday.")
	quote.Link([]*quote.Doc{a, b}, nil)
	wantStatus(t, a, 0, news.QuoteCorroborated)
	wantStatus(t, b, 0, news.QuoteCorroborated)
}

// TestLinkAcrossSpeakers: with a Background, a quote of an earlier story
// that its page attributes to someone else is its variant when the two
// say the same long, rare sentence and the quote came with its sentence;
// stock statements, later stories and bare quotes are not.
func TestLinkAcrossSpeakers(t *testing.T) {
	// A reference corpus in which the everyday words of the fixtures are
	// common and the others rare.
	common := map[string]bool{"pass": true, "safeti": true, "test": true, "thought": true, "prayer": true, "victim": true,
		"famili": true, "difficult": true, "time": true, "deepli": true, "loss": true, "extend": true}
	linker := quote.Linker{Background: func(stem string) float64 {
		if common[stem] {
			return 0.2
		}
		return 0.001
	}}
	const pasted = "“Two of the cranes were installed in 1998 and had passed every safety test,” she said."
	// The interview the quote comes from, and a farm page that pasted it
	// after a paragraph about someone else.
	source := func(id int64, published time.Time) *quote.Doc {
		d := doc(id, "c.example", published, "Elena Marsh runs the port of Linden.\n\n"+pasted)
		d.StoryID = 2
		return d
	}
	farm := func(id int64, published time.Time) *quote.Doc {
		return doc(id, "farm.example", published, "Union leader Ann Reyes walked out of the talks on Tuesday.\n\n"+pasted)
	}
	keys := func(t *testing.T, a, b *quote.Doc) {
		t.Helper()
		if len(a.Quotes) == 0 || len(b.Quotes) == 0 {
			t.Fatalf("quotes %d and %d", len(a.Quotes), len(b.Quotes))
		}
	}
	t.Run("pasted next to another name", func(t *testing.T) {
		s, others := []*quote.Doc{farm(5, day0)}, []*quote.Doc{source(2, day0)} // same time: the smaller ID came first
		keys(t, s[0], others[0])
		links := linker.Link(s, others)
		if _, ok := findLink(links, 5, 0, 2, 0); !ok {
			t.Fatalf("no cross-story link (speakers %q and %q)", s[0].Quotes[0].SpeakerKey, others[0].Quotes[0].SpeakerKey)
		}
		if s[0].Quotes[0].SpeakerKey == others[0].Quotes[0].SpeakerKey {
			t.Fatalf("the fixture gives both quotes the speaker %q", s[0].Quotes[0].SpeakerKey)
		}
		wantStatus(t, s[0], 0, news.QuoteTransplanted)
		// Without a Background, speakers still decide.
		quote.Link(s, others)
		wantStatus(t, s[0], 0, news.QuoteUncorroborated)
		// A date decides before an ID.
		s, others = []*quote.Doc{farm(1, day0.Add(time.Hour))}, []*quote.Doc{source(9, day0)}
		linker.Link(s, others)
		wantStatus(t, s[0], 0, news.QuoteTransplanted)
	})
	t.Run("a later story", func(t *testing.T) {
		// The interview's own story, analysed again once the farm page is
		// in the window: the farm page came later, by ID or by date.
		for _, c := range []struct {
			name         string
			src, farmPub time.Time
			srcID        int64
		}{
			{"same time, larger ID", day0, day0, 2},
			{"published later", day0, day0.Add(time.Hour), 9},
			{"undated", time.Time{}, day0.Add(-time.Hour), 9},
		} {
			s := source(c.srcID, c.src)
			s.StoryID = 1
			f := farm(5, c.farmPub)
			f.StoryID = 2
			links := linker.Link([]*quote.Doc{s}, []*quote.Doc{f})
			if len(links) != 0 {
				t.Errorf("%s: links %+v", c.name, links)
			}
			wantStatus(t, s, 0, news.QuoteUncorroborated)
		}
	})
	t.Run("stock statement of two officials", func(t *testing.T) {
		for _, c := range []struct{ name, quote, a, b string }{
			// Common words, the same sentence.
			{"common words", "“Our thoughts and prayers are with the victims and their families during this difficult time,” he said.",
				"Mayor Tom Whitlock visited the flooded school.", "Governor Ray Ortiz spoke after the crash on the ring road."},
			// Rare words, but each official's own attribution.
			{"own attributions", "“We are deeply saddened by this tragic loss and extend our sincere condolences to the grieving families,” %s said.",
				"Mayor Dana Whitlock", "Governor Ray Ortiz"},
		} {
			var ta, tb string
			if strings.Contains(c.quote, "%s") {
				ta, tb = fmt.Sprintf(c.quote, c.a), fmt.Sprintf(c.quote, c.b)
			} else {
				ta, tb = c.a+"\n\n"+c.quote, c.b+"\n\n"+c.quote
			}
			s := []*quote.Doc{doc(5, "a.example", day0, ta)}
			others := []*quote.Doc{doc(2, "b.example", day0.Add(-24*time.Hour), tb)}
			others[0].StoryID = 2
			keys(t, s[0], others[0])
			if s[0].Quotes[0].SpeakerKey == others[0].Quotes[0].SpeakerKey || s[0].Quotes[0].SpeakerKey == "" {
				t.Fatalf("%s: speakers %q and %q", c.name, s[0].Quotes[0].SpeakerKey, others[0].Quotes[0].SpeakerKey)
			}
			if links := linker.Link(s, others); len(links) != 0 {
				t.Errorf("%s: links %+v", c.name, links)
			}
			wantStatus(t, s[0], 0, news.QuoteUncorroborated)
		}
	})
	t.Run("carried by several stories", func(t *testing.T) {
		// A sentence that two other stories carry is going round: it is
		// no one interview's.
		s := []*quote.Doc{farm(5, day0)}
		others := []*quote.Doc{source(2, day0), source(3, day0)}
		others[1].StoryID = 3
		if links := linker.Link(s, others); len(links) != 0 {
			t.Errorf("links %+v", links)
		}
		wantStatus(t, s[0], 0, news.QuoteUncorroborated)
	})
}

// TestShareFeatures: Docs of the same article share their prepared quotes
// and link as Docs of their own do; what Link writes stays each Doc's own.
func TestShareFeatures(t *testing.T) {
	body := "“We will not reopen the berth until every crane has been inspected,” Elena Marsh said."
	other := doc(2, "b.example", day0, "“We will not reopen the berth until every crane has been checked,” said Elena Marsh.")
	fresh, window, shared := doc(1, "a.example", day0, body), doc(1, "a.example", day0, body), doc(1, "a.example", day0, body)
	if !shared.ShareFeatures(window) {
		t.Fatal("same text and quotes, not shared")
	}
	want := quote.Link([]*quote.Doc{fresh, other}, nil)
	for pass := range 2 {
		if got := quote.Link([]*quote.Doc{shared, other}, nil); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("pass %d: links %+v, want %+v", pass, got, want)
		}
		wantStatus(t, shared, 0, news.QuoteCorroborated)
	}
	if window.Quotes[0].Status != "" || window.Quotes[0].SpeakerKey != fresh.Quotes[0].SpeakerKey {
		t.Errorf("the window's quote was written: %+v", window.Quotes[0])
	}
	if doc(3, "c.example", day0, body+" The port is shut.").ShareFeatures(window) || other.ShareFeatures(window) {
		t.Error("shared with another text")
	}
}
