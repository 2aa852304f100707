package ingest

import (
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
	return a, nil
}
