// Package extract finds the main text and the metadata of a news page.
//
// It runs two maintained extractors over one parsed document —
// go-trafilatura (the primary: best precision on the article-extraction
// benchmark) and readeck's go-readability (better recall on pages where
// trafilatura keeps too little) — and takes trafilatura's text unless it is
// missing or much shorter than readability's. Metadata comes from
// trafilatura (meta tags, Open Graph, JSON-LD), completed by readability.
// docs/extraction.md has the comparison behind these choices.
package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	nurl "net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Result is what Extract found on a page.
type Result struct {
	Title        string
	Byline       string
	SiteName     string
	CanonicalURL string
	Lang         string
	Description  string
	Published    time.Time
	// Text is the main text, paragraphs separated by "\n\n".
	Text string
	// Extractor names the extractor whose text was kept.
	Extractor string
	// VisibleByline is the text of the page's byline element ("By Jane
	// Roe | March 3"), which the extractors keep out of Text, when the
	// page prints one.
	VisibleByline string
	// SiteNameFromTitle says that SiteName is a guess from the page's
	// <title> ("Fire guts town hall - Jane Roe"), not a site name tag.
	SiteNameFromTitle bool
}

// Extractor names.
const (
	Combined    = "combined"
	Trafilatura = "trafilatura"
	Readability = "readability"
)

// Options configures Extract.
type Options struct {
	// URL is the page's address, used to resolve relative links.
	URL string
	// ContentType is the HTTP Content-Type, whose charset wins over the
	// page's own declaration.
	ContentType string
	// Extractor is Combined (the default), Trafilatura or Readability.
	Extractor string
}

// minChars: below this many bytes of main text trafilatura is taken to have
// missed the article and readability's text is used when longer (see
// docs/extraction.md for the measurement).
const minChars = 500

// Extract parses page and returns its main text and metadata. Invalid
// UTF-8 (a page that lies about its encoding) is repaired, not fatal.
// Returns EINVALID when the input is not HTML or has no main text.
func Extract(page []byte, o Options) (*Result, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return nil, news.Errorf(news.EINVALID, "empty page")
	}
	if looksBinary(page) {
		return nil, news.Errorf(news.EINVALID, "not an HTML page (binary content)")
	}
	// Bytes that are valid UTF-8 are taken as UTF-8 whatever the page
	// declares: pages saved or re-served as UTF-8 often keep a stale
	// declaration, and decoding them as Latin-1 would garble every accent.
	var r io.Reader = bytes.NewReader(page)
	if !utf8.Valid(page) {
		if cr, err := charset.NewReader(bytes.NewReader(page), o.ContentType); err == nil {
			r = cr
		}
	}
	decoded, err := io.ReadAll(r)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "decode page: %v", err)
	}
	if !utf8.Valid(decoded) {
		decoded = bytes.ToValidUTF8(decoded, []byte("\uFFFD"))
	}
	doc, err := html.Parse(bytes.NewReader(decoded))
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "parse HTML: %v", err)
	}
	var pageURL *nurl.URL
	if o.URL != "" {
		pageURL, _ = nurl.Parse(o.URL)
	}
	res := &Result{}
	var trText string
	if o.Extractor != Readability {
		tr, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
			OriginalURL:     pageURL,
			ExcludeComments: true,
			HtmlDateMode:    trafilatura.Fast,
		})
		if err == nil && tr != nil {
			if tr.ContentNode != nil {
				trText = nodeText(tr.ContentNode)
			}
			m := tr.Metadata
			res.Title, res.Byline, res.SiteName, res.Lang = m.Title, m.Author, m.Sitename, m.Language
			res.Description, res.CanonicalURL, res.Published = m.Description, m.URL, m.Date
		}
	}
	// readability runs when it is asked for, when trafilatura kept little
	// (it is then often wrong), or to complete missing metadata.
	var rdText string
	needText := o.Extractor == Readability || (o.Extractor != Trafilatura && len(trText) < minChars)
	if t := metaTime(doc); !t.IsZero() && (res.Published.IsZero() || sameDay(t, res.Published)) {
		res.Published = t.UTC() // the page's own timestamp, to the second
	}
	if needText || res.Byline == "" || res.SiteName == "" || res.Published.IsZero() {
		if art, err := readability.FromDocument(doc, pageURL); err == nil {
			if needText && art.Node != nil {
				rdText = nodeText(art.Node)
			}
			res.Title = first(res.Title, art.Title())
			res.Byline = first(res.Byline, art.Byline())
			res.SiteName = first(res.SiteName, art.SiteName())
			res.Lang = first(res.Lang, art.Language())
			res.Description = first(res.Description, art.Excerpt())
			// trafilatura's date has no time of day; readability's full
			// timestamp (from whichever tag it reads: dcterms.created,
			// article:modified_time …) wins when both name the same day,
			// its local day as for metaTime.
			if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
				if res.Published.IsZero() || sameDay(t, res.Published) {
					res.Published = t.UTC()
				}
			}
		}
	}
	switch {
	case o.Extractor == Readability:
		res.Text, res.Extractor = rdText, Readability
	case o.Extractor == Trafilatura:
		res.Text, res.Extractor = trText, Trafilatura
	case len(rdText) > len(trText):
		res.Text, res.Extractor = rdText, Readability
	default:
		res.Text, res.Extractor = trText, Trafilatura
	}
	res.VisibleByline = visibleByline(doc, res.Text)
	if res.CanonicalURL == "" {
		res.CanonicalURL = canonicalLink(doc)
	}
	if res.SiteName == "" || strings.EqualFold(res.SiteName, strings.TrimSpace(res.Title)) {
		// A page without a site name tag: the extractors leave it out or
		// take the headline for it; the <title> names the site beside it.
		res.SiteName = titleSite(titleText(doc), res.Title)
		res.SiteNameFromTitle = res.SiteName != ""
	}
	res.Byline = cleanByline(res.Byline)
	if len(strings.Fields(res.Text)) < 3 {
		return res, news.Errorf(news.EINVALID, "no main text found")
	}
	return res, nil
}

func first(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return strings.TrimSpace(a)
	}
	return strings.TrimSpace(b)
}

// cleanByline drops the "By " prefix some pages keep in their author tags.
func cleanByline(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// visibleByline returns the text of the first element of the body marked
// as a byline (a class naming a byline or an author, rel="author",
// itemprop="author"), when it is short enough to be one; else of the first
// element that reads as one ("By Jane Roe" in a <div class="post-meta">),
// outside asides, comments and boxes of other stories, and before the
// first paragraph of the main text (text) or inside the element that holds
// that paragraph. The caller checks that it holds a name.
//
// Each element is read at most once, and only up to bylineMax bytes, so
// the walk stays linear in the page.
func visibleByline(root *html.Node, text string) string {
	lead := mainTextNode(root, text)
	var within *html.Node // the element that holds the main text's first paragraph
	for n := lead; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && block[n.DataAtom] {
			within = n.Parent
			break
		}
	}
	var found, shaped string
	passed := false // the walk is past lead
	read := map[*html.Node]bool{}
	var walk func(n *html.Node, shapes, in bool) bool
	walk = func(n *html.Node, shapes, in bool) bool {
		if n == lead {
			passed = true
		}
		in = in || n == within
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Meta, atom.Link, atom.Nav, atom.Footer:
				return false
			case atom.Aside, atom.Form:
				shapes = false // the by-lines of other stories and of users
			}
			for _, at := range n.Attr {
				v := strings.ToLower(at.Val)
				if at.Key == "class" && (strings.Contains(v, "byline") || strings.Contains(v, "author")) ||
					(at.Key == "rel" || at.Key == "itemprop") && v == "author" {
					if t, ok := cappedText(n); ok && len(t) >= 3 {
						found = t
						return true
					}
				}
				if (at.Key == "class" || at.Key == "id") && otherStories(v) {
					shapes = false
				}
			}
		}
		if n.Type == html.TextNode && shapes && shaped == "" && n.Parent != nil && n.Parent.DataAtom != atom.Body &&
			(!passed || in) && !read[n.Parent] && reByWord.MatchString(strings.TrimSpace(n.Data)) {
			read[n.Parent] = true
			if t, ok := cappedText(n.Parent); ok && reBylineShape.MatchString(t) {
				shaped = t
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c, shapes, in) {
				return true
			}
		}
		return false
	}
	walk(root, true, false)
	if found == "" {
		return shaped
	}
	return found
}

// otherStories reports whether a class or id names a box of other
// stories or of promotions, whose by-lines are not the page's: one of its
// words (split on spaces, '-' and '_') is "related", "promo", "teaser",
// "recommended" or "comment(s)", or two are "more news" or "more stories".
// Whole words only: "card-body", "scorecard" and "site-baltimore" name
// layouts, not other stories.
func otherStories(v string) bool {
	words := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return r == '-' || r == '_' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	})
	for i, w := range words {
		switch w {
		case "related", "promo", "promos", "teaser", "teasers", "recommended", "comment", "comments":
			return true
		case "more":
			if i+1 < len(words) && (words[i+1] == "news" || words[i+1] == "stories") {
				return true
			}
		}
	}
	return false
}

// mainTextNode returns the first text node of the page that is part of
// the first paragraph of text (the main text) of at least 60 bytes, or
// nil when text has none or the page does not hold it.
func mainTextNode(root *html.Node, text string) *html.Node {
	var para string
	for p := range strings.SplitSeq(text, "\n\n") {
		if len(p) >= 60 {
			para = p
			break
		}
	}
	if para == "" {
		return nil
	}
	p := []byte(para[:min(len(para), 400)])
	var key [40]byte
	var find func(n *html.Node) *html.Node
	find = func(n *html.Node) *html.Node {
		if n.Type == html.ElementNode && skip[n.DataAtom] || n.DataAtom == atom.Head {
			return nil
		}
		if n.Type == html.TextNode {
			// the first 40 bytes of its words, spaces folded
			k, space := key[:0], false
			for i := 0; i < len(n.Data) && len(k) < len(key); i++ {
				switch c := n.Data[i]; {
				case isSpace(c):
					space = len(k) > 0
				case space:
					k = append(k, ' ', c)
					space = false
				default:
					k = append(k, c)
				}
			}
			if len(k) >= 20 && bytes.Contains(p, k) {
				return n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c); f != nil {
				return f
			}
		}
		return nil
	}
	return find(root)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// bylineMax is the longest text read as a byline.
const bylineMax = 120

// cappedText returns the text of n as nodeText renders it, spaces folded,
// when it is at most bylineMax bytes long; ok is false when it is longer,
// found without reading more than about bylineMax bytes of n's text or a
// few hundred of its nodes.
func cappedText(n *html.Node) (t string, ok bool) {
	var b strings.Builder
	chars, nodes := 0, 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if nodes++; nodes > 300 {
			return false
		}
		switch n.Type {
		case html.TextNode:
			for i := 0; i < len(n.Data); i++ {
				if !isSpace(n.Data[i]) && (i == 0 || isSpace(n.Data[i-1])) {
					chars++ // the space before a word
				}
				if !isSpace(n.Data[i]) {
					chars++
				}
				if chars > bylineMax+1 {
					return false
				}
			}
			b.WriteString(n.Data)
		case html.ElementNode:
			if skip[n.DataAtom] {
				return true
			}
			if block[n.DataAtom] || tfBlock[n.Data] {
				b.WriteString("\n\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		if n.Type == html.ElementNode && (block[n.DataAtom] || tfBlock[n.Data]) {
			b.WriteString("\n\n")
		} else if n.Type == html.ElementNode {
			b.WriteString(" ")
		}
		return true
	}
	if !walk(n) {
		return "", false
	}
	t = strings.Join(strings.Fields(collapse(b.String())), " ")
	return t, len(t) <= bylineMax
}

// reBylineShape matches the text of an element that reads as a byline: a
// "by" word, in the languages the credit lines are read in, and a
// capitalised word.
var reBylineShape = regexp.MustCompile(`^(?:[Bb]y|BY|Von|Par|Por|Door|Di)\s+\p{Lu}`)

// reByWord matches a text that opens with one of reBylineShape's words.
var reByWord = regexp.MustCompile(`^(?:[Bb]y|BY|Von|Par|Por|Door|Di)(?:\s|$)`)

// looksBinary says whether the first bytes hold NULs or other control bytes
// no text document has.
func looksBinary(b []byte) bool {
	n := min(len(b), 512)
	bad := 0
	for _, c := range b[:n] {
		if c == 0 {
			return true
		}
		if c < 0x09 || (c > 0x0d && c < 0x20 && c != 0x1b) {
			bad++
		}
	}
	return bad > n/10
}

// canonicalLink returns the href of <link rel="canonical">, or "".
func canonicalLink(n *html.Node) string {
	if n.Type == html.ElementNode && n.DataAtom == atom.Link {
		var rel, href string
		for _, a := range n.Attr {
			switch strings.ToLower(a.Key) {
			case "rel":
				rel = strings.ToLower(a.Val)
			case "href":
				href = a.Val
			}
		}
		if rel == "canonical" && href != "" {
			return href
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := canonicalLink(c); s != "" {
			return s
		}
	}
	return ""
}

// block elements end a paragraph.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Figcaption: true,
	atom.Tr: true, atom.Table: true, atom.Pre: true, atom.Hr: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Dd: true, atom.Dt: true,
}

var skip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Button: true,
}

// trafilatura's own element names for blocks: headings, line breaks, list
// items, quotes, table rows.
var tfBlock = map[string]bool{"head": true, "lb": true, "item": true, "list": true, "quote": true, "row": true, "cell": true, "graphic": true}

// nodeText renders an extracted subtree as plain text, one paragraph per
// block element, so that sentence and paragraph offsets follow the page's
// own structure.
func nodeText(root *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		a := n.DataAtom
		if a == 0 && n.Type == html.ElementNode && (n.Data == "table" || n.Data == "tr") {
			// trafilatura's rebuilt tables carry their tag names alone:
			// a row is a paragraph, as on the page.
			a = atom.Lookup([]byte(n.Data))
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if skip[a] {
				return
			}
			if block[a] || tfBlock[n.Data] {
				b.WriteString("\n\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && (block[a] || tfBlock[n.Data]) {
			b.WriteString("\n\n")
		} else if n.Type == html.ElementNode {
			// Inline elements end a word, as trafilatura's own text
			// rendering has it: the benchmark measured this better.
			b.WriteString(" ")
		}
	}
	walk(root)
	return collapse(b.String())
}

// collapse folds runs of spaces and of blank lines, and drops a paragraph
// that repeats the paragraphs right before it run together.
func collapse(s string) string {
	paras := strings.Split(s, "\n\n")
	out := make([]string, 0, len(paras))
	for _, p := range paras {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" || repeatsRun(out, p) {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
}

// repeatsRun reports whether p is the last two or more paragraphs of out
// joined by spaces: an extractor that gave a block twice, once split at
// its <br> line breaks and once whole.
func repeatsRun(out []string, p string) bool {
	if len(out) < 2 || !strings.HasSuffix(p, out[len(out)-1]) {
		return false
	}
	n := len(out[len(out)-1])
	for i := len(out) - 2; i >= 0 && n < len(p); i-- {
		n += 1 + len(out[i])
		if n == len(p) {
			return p == strings.Join(out[i:], " ")
		}
	}
	return false
}

// String describes a result briefly, for debugging.
func (r *Result) String() string {
	return fmt.Sprintf("%s (%s, %d bytes)", r.Title, r.Extractor, len(r.Text))
}

// sameDay says whether timestamp a falls on day b (trafilatura's date, at
// midnight UTC), in a's own zone, where the page prints its day
// ("2025-09-23T00:40:00+02:00" is the 23rd), or in UTC.
func sameDay(a, b time.Time) bool {
	return a.Format("2006-01-02") == b.UTC().Format("2006-01-02") || a.UTC().Format("2006-01-02") == b.UTC().Format("2006-01-02")
}

// publishedKeys are the meta tags (property, name or itemprop, lower case)
// that declare when a page was published: the Open Graph, schema.org and
// Dublin Core forms and the common CMS ones. Every one of them gets the
// same local-day handling (sameDay) when it carries a time of day.
var publishedKeys = map[string]bool{
	"article:published_time": true, "og:published_time": true, "datepublished": true,
	"pubdate": true, "publishdate": true, "publish-date": true, "publish_date": true,
	"dc.date.issued": true, "dc.date.created": true, "dc.date": true, "dc.created": true,
	"dcterms.created": true, "dcterms.issued": true, "dcterms.available": true, "dcterms.date": true,
	"parsely-pub-date": true, "sailthru.date": true, "article.published": true, "weibo:article:create_at": true,
}

// metaTime returns the publication time a page declares in its meta tags
// (publishedKeys) or in its JSON-LD ("datePublished" of a NewsArticle), or
// the zero time.
func metaTime(n *html.Node) time.Time {
	if n.Type == html.ElementNode && n.DataAtom == atom.Script {
		for _, a := range n.Attr {
			if strings.EqualFold(a.Key, "type") && strings.EqualFold(strings.TrimSpace(a.Val), "application/ld+json") {
				var src strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.TextNode {
						src.WriteString(c.Data)
					}
				}
				var v any
				if json.Unmarshal([]byte(src.String()), &v) == nil {
					return ldTime(v, 0)
				}
			}
		}
		return time.Time{}
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
		var key, val string
		for _, a := range n.Attr {
			switch strings.ToLower(a.Key) {
			case "property", "name", "itemprop":
				key = strings.ToLower(a.Val)
			case "content":
				val = a.Val
			}
		}
		if publishedKeys[key] {
			if t, ok := parseStamp(val); ok {
				return t // in its own zone: its day there is the page's
			}
		}
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return time.Time{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := metaTime(c); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// parseStamp parses a timestamp with a time of day as pages write them
// (RFC 3339, with or without the colon in its offset, or without one), in
// its own zone.
func parseStamp(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ldTime returns the first "datePublished" with a time of day in JSON-LD
// value v (an object, an array or an "@graph" of them), depth levels down,
// or the zero time.
func ldTime(v any, depth int) time.Time {
	if depth > 4 {
		return time.Time{}
	}
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["datePublished"].(string); ok {
			if t, ok := parseStamp(s); ok {
				return t
			}
		}
		if g, ok := v["@graph"]; ok {
			return ldTime(g, depth+1)
		}
	case []any:
		for _, e := range v {
			if t := ldTime(e, depth+1); !t.IsZero() {
				return t
			}
		}
	}
	return time.Time{}
}

// titleText returns the text of the page's <title>, or "".
func titleText(n *html.Node) string {
	if n.Type == html.ElementNode && n.DataAtom == atom.Title {
		return strings.Join(strings.Fields(nodeText(n)), " ")
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return ""
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := titleText(c); t != "" {
			return t
		}
	}
	return ""
}

// titleSite returns the site's name in a <title> that sets it beside the
// headline ("Fire guts town hall - The Channel Observer", "Fire guts town
// hall | Europe | The Channel Observer"): its last part of at most six
// words other than the headline, or "" when no part is the headline.
func titleSite(title, headline string) string {
	parts := strings.FieldsFunc(title, func(r rune) bool { return r == '|' || r == '–' || r == '—' || r == '·' })
	if len(parts) < 2 {
		parts = strings.Split(title, " - ")
	}
	site, found := "", false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch n := len(strings.Fields(p)); {
		case strings.EqualFold(p, strings.TrimSpace(headline)):
			found = true
		case n > 0 && n <= 6:
			site = p
		}
	}
	if !found || len(parts) < 2 {
		return ""
	}
	return site
}
