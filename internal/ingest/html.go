package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/ingest/extract"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// htmlArticle extracts the main text and metadata of an HTML page. name
// labels errors; url is where the page was fetched from, if anywhere.
func htmlArticle(name string, page []byte, url string) (*news.Article, error) {
	r, err := extract.Extract(page, extract.Options{URL: url})
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "%s: %v", name, err)
	}
	if reListing.MatchString(r.Title) {
		return nil, news.Errorf(news.EINVALID, "%s: a directory listing (%q), not an article: give the address of an article or feed", name, r.Title)
	}
	a := &news.Article{
		URL:          url,
		CanonicalURL: r.CanonicalURL,
		SiteName:     r.SiteName,
		Title:        r.Title,
		Byline:       r.Byline,
		Published:    r.Published,
		Lang:         normLang(r.Lang),
		Text:         r.Text,
	}
	if a.URL == "" {
		a.URL = r.CanonicalURL
	}
	if r.Byline != "" && sameName(r.Byline, r.SiteName) && siteAuthor(r) {
		// The author tag names the site ("The Lowland Ledger"), as many
		// sites set it: no person, and no byline to set against the
		// reporter the page prints.
		r.Byline, a.Byline = "", ""
	}
	line := otherByline(r.VisibleByline, r.Byline)
	if strings.TrimSpace(r.Byline) == "" {
		line = printedByline(r.VisibleByline)
	}
	if line != "" && !strings.Contains(a.Text, r.VisibleByline) {
		// The page prints a byline that is not its author metadata, or
		// has none: keep it in the text, where the credit checks see it.
		a.Text = line + "\n\n" + a.Text
	}
	return a, nil
}

// reListing matches the title a web server gives the file list it serves
// for a directory (Apache, nginx and lighttpd "Index of /path", Python's
// http.server "Directory listing for /path").
var reListing = regexp.MustCompile(`^(?i:index of|directory listing (?:for|of)) /`)

// sameName reports whether two names are the same apart from case, a
// leading "The" and punctuation ("The Lowland Ledger", "lowland ledger").
func sameName(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "the ")
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	n := norm(a)
	return n != "" && n == norm(b)
}

// bylinePrefixes open a printed byline, in the languages reByline reads.
var bylinePrefixes = []string{"By ", "by ", "BY ", "Von ", "Par ", "Por ", "Door ", "Di "}

// bylineBody returns a printed byline without its "By" word and what
// follows its names ("By Jane Roe | March 9, 2026" → "Jane Roe").
func bylineBody(visible string) string {
	line := strings.TrimSpace(visible)
	for _, p := range bylinePrefixes {
		line = strings.TrimPrefix(line, p)
	}
	if i := strings.IndexAny(line, ",|·—–("); i >= 0 {
		line = line[:i]
	}
	return line
}

// bylineName returns the name of a printed byline ("By Jane Roe | March 9,
// 2026" → "Jane Roe"), or "" when it holds no name of two to four words:
// a date, a label, a whole sentence.
func bylineName(visible string) string {
	name := bylineBody(visible)
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 4 || strings.ContainsAny(name, "0123456789") {
		return ""
	}
	return strings.Join(f, " ")
}

// printedByline returns the byline a page without author metadata prints
// as a "By" line ("Von Jane Roe · 18. June 2025" → "By Jane Roe", "By Jane
// Roe and John Doe"), or "" when it names nobody: each name two to four
// words, each capitalised or a particle ("By Friday the river had frozen"
// is a sentence).
func printedByline(visible string) string {
	line := bylineBody(visible)
	names := strings.FieldsFunc(strings.NewReplacer(" and ", "\x00", " & ", "\x00").Replace(line), func(r rune) bool { return r == 0 })
	if len(names) == 0 || len(names) > 3 {
		return ""
	}
	for i, n := range names {
		n = bylineName(n)
		if n == "" {
			return ""
		}
		for _, w := range strings.Fields(n) {
			if r := []rune(w)[0]; !unicode.IsUpper(r) && !nameParticles[w] {
				return ""
			}
		}
		names[i] = n
	}
	return "By " + strings.Join(names, " and ")
}

// siteAuthor says whether the author tag of r, which has the site's name,
// is the site rather than a person who runs a site under their own name
// ("Femke Janssen"): the page prints a byline that names someone else, or
// the site's name is a site name tag's (not a guess from the <title>) and
// does not read as a person's name.
func siteAuthor(r *extract.Result) bool {
	if n := bylineName(printedByline(r.VisibleByline)); n != "" && !sameName(n, r.Byline) {
		return true
	}
	return !r.SiteNameFromTitle && !personLike(r.SiteName)
}

// personLike says whether a name reads as a person's: two to four
// capitalised words or particles, no headline words, digits or words of
// outlets' names, and not opening with an article ("The", "Le", "Al":
// "Le Monde", "Al Jazeera").
func personLike(name string) bool {
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 4 {
		return false
	}
	if lead, _, _ := strings.Cut(strings.NewReplacer("-", " ", "'", " ", "’", " ").Replace(f[0]), " "); siteArticles[strings.ToLower(lead)] {
		return false // "Al-Bawaba", "L'Équipe"
	}
	name = strings.Join(f, " ")
	return cleanName(name) == name && !strings.ContainsAny(name, "0123456789") && !reOutletWord.MatchString(name)
}

// siteArticles are the articles that open outlets' names in the languages
// read ("The Times", "Le Monde", "Die Zeit", "El País", "Al Jazeera").
var siteArticles = map[string]bool{"the": true, "a": true, "an": true, "le": true, "la": true, "les": true, "l": true, "der": true, "die": true, "das": true,
	"de": true, "het": true, "el": true, "los": true, "las": true, "il": true, "lo": true, "o": true, "al": true}

// reOutletWord matches the words of outlets' names.
var reOutletWord = regexp.MustCompile(`(?i)\b(?:news|times|post|daily|weekly|journal|herald|tribune|gazette|chronicle|observer|courier|express|mirror|guardian|telegraph|ledger|review|magazine|media|press|radio|tv|network|online|blog|report|today|digital|wire|agency|group)\b`)

// otherByline returns the printed byline as a "By …" line when it names
// none of the people of the author metadata, else "".
func otherByline(visible, meta string) string {
	visible = strings.TrimSpace(visible)
	if visible == "" || strings.TrimSpace(meta) == "" || bylineName(visible) == "" {
		return ""
	}
	// The same person when a surname of the metadata is a word of the
	// printed byline, which may carry a role or a desk after the name
	// ("By Meg James Staff Writer", "Jonathan Garber FOXBusiness").
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(visible), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' }) {
		words[w] = true
	}
	for _, m := range strings.FieldsFunc(meta, func(r rune) bool { return r == ',' || r == '&' || r == ';' }) {
		for _, n := range strings.Split(m, " and ") {
			if mf := strings.Fields(n); len(mf) > 0 && words[strings.ToLower(strings.Trim(mf[len(mf)-1], ".,"))] {
				return ""
			}
		}
	}
	for _, p := range bylinePrefixes {
		if strings.HasPrefix(visible, p) {
			return visible
		}
	}
	return "By " + visible
}
