package ingest

import (
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
	if line := otherByline(r.VisibleByline, r.Byline); line != "" && !strings.Contains(a.Text, r.VisibleByline) {
		// The page prints a byline that is not its author metadata: keep
		// it in the text, where the credit checks see it.
		a.Text = line + "\n\n" + a.Text
	}
	return a, nil
}

// otherByline returns the printed byline as a "By …" line when it names
// none of the people of the author metadata, else "".
func otherByline(visible, meta string) string {
	visible = strings.TrimSpace(visible)
	if visible == "" || strings.TrimSpace(meta) == "" {
		return ""
	}
	name := visible
	for _, p := range []string{"By ", "by ", "BY "} {
		name = strings.TrimPrefix(name, p)
	}
	if i := strings.IndexAny(name, ",|·—–("); i >= 0 {
		name = name[:i]
	}
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 4 || strings.ContainsAny(name, "0123456789") {
		return "" // not a name: a date, a label, a whole sentence
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
	if strings.HasPrefix(strings.ToLower(visible), "by ") {
		return visible
	}
	return "By " + visible
}
