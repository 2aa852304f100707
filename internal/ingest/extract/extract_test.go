package extract_test

import (
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

func page(t testing.TB) []byte {
	b, err := os.ReadFile("../testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtractors(t *testing.T) {
	for _, name := range []string{extract.Combined, extract.Trafilatura, extract.Readability} {
		t.Run(name, func(t *testing.T) {
			r, err := extract.Extract(page(t), extract.Options{Extractor: name})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, "Islanders should not pay more") {
				t.Errorf("text lost the quote:\n%s", r.Text)
			}
			// readability alone keeps the cookie banner of this page, one
			// reason trafilatura's text comes first.
			if name != extract.Readability && strings.Contains(r.Text, "cookies") {
				t.Errorf("boilerplate kept:\n%s", r.Text)
			}
			if strings.Count(r.Text, "\n\n") < 2 {
				t.Errorf("paragraphs lost:\n%s", r.Text)
			}
		})
	}
}

func TestBadPages(t *testing.T) {
	for _, tt := range []struct {
		name string
		page string
	}{
		{"empty", ""},
		{"binary", "\x00\x01\x02\x03\x04\x05garbage\x00"},
		{"no text", "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.Extract([]byte(tt.page), extract.Options{})
			if news.ErrorCode(err) != news.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
	// A page declaring UTF-8 with Latin-1 bytes is repaired, not refused.
	r, err := extract.Extract([]byte("<html><head><meta charset='utf-8'></head><body><article><p>Caf\xe9 society gathered on the quay to watch the regatta, which the harbour master opened at noon with a cannon shot over the water.</p><p>Boats from six towns raced.</p></article></body></html>"), extract.Options{})
	if err != nil || !utf8.ValidString(r.Text) || !strings.Contains(r.Text, "society") {
		t.Fatalf("lying page: %v %q", err, r)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(string(page(f)))
	f.Add("<html><body><p>x</p></body></html>")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		r, err := extract.Extract([]byte(s), extract.Options{})
		if err == nil && !utf8.ValidString(r.Text) {
			t.Fatalf("invalid UTF-8 in text")
		}
	})
}

func benchExtract(b *testing.B, name string) {
	p := page(b)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		if _, err := extract.Extract(p, extract.Options{Extractor: name}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkExtractCombined(b *testing.B)    { benchExtract(b, extract.Combined) }
func BenchmarkExtractTrafilatura(b *testing.B) { benchExtract(b, extract.Trafilatura) }
func BenchmarkExtractReadability(b *testing.B) { benchExtract(b, extract.Readability) }

// manyByLines is a page whose one <div> holds n lines opening with "By",
// none a byline.
func manyByLines(n int) []byte {
	var b strings.Builder
	b.WriteString(`<html><head><title>x</title></head><body><article><h1>Fire</h1><p>The board froze ferry fares for a year on Monday, its chair said, in a decision.</p><div>`)
	for range n {
		b.WriteString("By the way<br>")
	}
	b.WriteString(`</div></article></body></html>`)
	return []byte(b.String())
}

// BenchmarkExtractManyByLines times a page of 4,000 "By the way" lines in
// one element, which made the byline search quadratic (15.9 s a page).
func BenchmarkExtractManyByLines(b *testing.B) {
	p := manyByLines(4000)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		extract.Extract(p, extract.Options{})
	}
}

// TestManyByLinesLinear: the memory Extract allocates for a page of many
// "By" lines in one element grows with the page, not with its square (the
// byline search read the whole element once per line).
func TestManyByLinesLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		p := manyByLines(n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		extract.Extract(p, extract.Options{})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(1000), alloc(4000)
	ratio := float64(large) / float64(small)
	t.Logf("n=1000: %d bytes, n=4000: %d bytes (%.1fx)", small, large, ratio)
	if ratio > 6 {
		t.Errorf("4x the lines allocated %.1fx the memory (%d vs %d bytes)", ratio, large, small)
	}
}

// TestVisibleByline: a byline printed in an element not marked as one is
// read by its shape, first the marked one; the by-lines of comments and
// of asides (other stories) are not the page's.
func TestVisibleByline(t *testing.T) {
	body := "<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p><p>The freeze costs the port two million a year, officials said.</p>"
	for _, tt := range []struct{ name, page, want string }{
		{"shape", `<div class="post-meta">By Dwayne Archer</div>` + body, "By Dwayne Archer"},
		{"marked first", `<div class="post-meta">By Dwayne Archer</div>` + body + `<p class="author">Ada Kerr</p>`, "Ada Kerr"},
		{"comment", body + `<section class="comments"><div class="comment"><p>By Ada Kerr</p></div></section>`, ""},
		{"aside", body + `<aside><p>By Ada Kerr</p></aside>`, ""},
		{"lower-case word", `<p>by the harbour</p>` + body, ""},
		{"another story's box", body + `<div class="related-stories"><ul><li><a href="/b">Bridge repairs delayed again</a> <span>By Marta Kovac</span></li></ul></div>`, ""},
		{"a promo", `<div class="promo"><span>By The Numbers</span></div>` + body, ""},
		{"after the text, inside its element", body + `<p>By Marta Kovac</p>`, "By Marta Kovac"},
		{"after the text, outside its element", body + `</article><div><ul><li><span>By Marta Kovac</span></li></ul></div><article>`, ""},
		{"name in a link", `<p class="meta">By <a href="/authors/jr">Jane Roe</a> · 18 June 2025</p>` + body, "By Jane Roe · 18 June 2025"},
	} {
		r, err := extract.Extract([]byte("<html><body><article>"+tt.page+"</article></body></html>"), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.VisibleByline != tt.want {
			t.Errorf("%s: VisibleByline %q, want %q", tt.name, r.VisibleByline, tt.want)
		}
	}
}

// TestSiteNameFromTitle: a page without a site name tag names its site in
// the <title> beside the headline; the headline is no site name.
func TestSiteNameFromTitle(t *testing.T) {
	body := "<h1>Hackers steal records of patients from a hospital group</h1><p>Hackers have stolen the names, addresses and medical histories of about two million patients from the hospital group, it said on Wednesday.</p><p>The group said it would not pay the ransom the attackers demanded.</p>"
	for _, tt := range []struct{ title, want string }{
		{"Hackers steal records of patients from a hospital group - The Lowland Ledger", "The Lowland Ledger"},
		{"Hackers steal records of patients from a hospital group | Technology | The Lowland Ledger", "The Lowland Ledger"},
		{"Hackers steal records of patients from a hospital group", ""},
	} {
		r, err := extract.Extract([]byte("<html><head><title>"+tt.title+"</title></head><body><article>"+body+"</article></body></html>"), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.SiteName != tt.want || strings.Contains(r.Title, "Ledger") {
			t.Errorf("title %q: SiteName %q Title %q, want site %q", tt.title, r.SiteName, r.Title, tt.want)
		}
	}
}

// TestTableRows: a table in the main text comes out a paragraph per row
// (trafilatura's rebuilt rows carry no atom: they ran together into one
// paragraph of numbers).
func TestTableRows(t *testing.T) {
	page := `<html><head><title>Budget</title></head><body><article><h1>Council passes its budget</h1>` +
		`<p>The city council on Tuesday approved a budget of 1.21 billion euros for next year, up 6.3 percent on this year, after a long debate.</p>` +
		`<table><tr><th>Line</th><th>Million euros</th></tr><tr><td>Social care</td><td>312</td></tr><tr><td>Public transport</td><td>96</td></tr></table>` +
		`<p>Libraries lose 2.4 million euros and two branches will open only four days a week, the finance chief said.</p></article></body></html>`
	r, err := extract.Extract([]byte(page), extract.Options{Extractor: extract.Trafilatura})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"\n\nSocial care 312\n\n", "\n\nPublic transport 96\n\n"} {
		if !strings.Contains(r.Text, row) {
			t.Errorf("no paragraph %q in %q", strings.TrimSpace(row), r.Text)
		}
	}
}

// TestJSONLDTime: a page whose only timestamp is its JSON-LD's
// datePublished keeps it to the second (trafilatura gave the day alone, at
// midnight, and readability, which reads the time, does not run on a page
// with all its metadata).
func TestJSONLDTime(t *testing.T) {
	body := "<h1>Earthquake kills 11 in mountain villages</h1><p>A magnitude 6.1 earthquake struck the mountain province early on Monday, killing at least 11 people and leaving about 2,000 homeless.</p><p>Rescuers worked through the day with sniffer dogs, the governor said.</p>"
	for _, tt := range []struct{ ld, want string }{
		{`{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2025-09-22T14:10:00Z"}`, "2025-09-22T14:10:00Z"},
		{`{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2025-09-22T16:10:00+02:00"}]}`, "2025-09-22T14:10:00Z"},
		{`[{"@type":"NewsArticle","datePublished":"2025-09-22T14:10:00Z"}]`, "2025-09-22T14:10:00Z"},
		// 00:40 past midnight in its own zone, the day before in UTC:
		// trafilatura's day is the local one
		{`{"@type":"NewsArticle","datePublished":"2025-09-23T00:40:00+02:00"}`, "2025-09-22T22:40:00Z"},
		{`{"@type":"NewsArticle","datePublished":"2025-09-22T21:30:00-05:00"}`, "2025-09-23T02:30:00Z"},
	} {
		r, err := extract.Extract([]byte(`<html><head><title>Quake</title><meta name="author" content="Carla Bentivegna"><meta property="og:site_name" content="The Meridian Post"><script type="application/ld+json">`+tt.ld+`</script></head><body><article>`+body+`</article></body></html>`), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Published.UTC().Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: Published %s, want %s", tt.ld, got, tt.want)
		}
	}
}

// TestLineBreakParagraphsOnce: a body whose paragraphs are <br> apart
// comes out once, paragraph by paragraph (trafilatura gave it twice: split
// at the breaks, then whole).
func TestLineBreakParagraphsOnce(t *testing.T) {
	paras := []string{
		"Engineers opened the floodgates of the dam on Tuesday night after days of heavy rain pushed the reservoir to its highest level in forty years, the water authority said.",
		"The authority said the controlled release was needed to protect the dam wall, which was built in 1962 and has been under repair since last autumn.",
		"Water reached the ground floors of about 140 houses in two villages by Wednesday morning. No injuries were reported.",
	}
	page := `<html><head><title>Dam gates opened</title></head><body><div id="nav">Home | News</div><div class="story"><h1>Dam gates opened</h1><div class="text">` +
		strings.Join(paras, "<br><br>\n") + `</div></div><div id="footer">Contact us</div></body></html>`
	r, err := extract.Extract([]byte(page), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paras {
		if n := strings.Count(r.Text, p); n != 1 {
			t.Errorf("%d times in the text: %q\n%s", n, p, r.Text)
		}
	}
}
