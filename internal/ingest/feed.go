package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// parseFeed reads an RSS, Atom or JSON Feed document with gofeed and returns
// one article per item that carries text. An item without text is reported
// as an error naming its position; it does not stop the others.
func parseFeed(name string, b []byte) ([]*news.Article, []error, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, nil, news.Errorf(news.EINVALID, "%s: not a readable RSS, Atom or JSON feed: %v", name, err)
	}
	outlet := Outlet(f.Link)
	if outlet == "" {
		outlet = Outlet(f.FeedLink)
	}
	var arts []*news.Article
	var errs []error
	for i, it := range f.Items {
		where := fmt.Sprintf("%s: item %d", name, i+1)
		if it.Title != "" {
			where += fmt.Sprintf(" (%q)", it.Title)
		}
		body := it.Content
		if strings.TrimSpace(htmlText(body)) == "" {
			body = it.Description
		}
		txt := dropFeedFooter(htmlText(body))
		if strings.TrimSpace(txt) == "" {
			errs = append(errs, news.Errorf(news.EINVALID, "%s: no content or description", where))
			continue
		}
		a := &news.Article{
			SourcePath: fmt.Sprintf("%s#%d", name, i+1),
			URL:        it.Link,
			Title:      strings.TrimSpace(htmlText(it.Title)),
			Text:       txt,
			SiteName:   f.Title,
			Lang:       normLang(f.Language),
		}
		if o := Outlet(it.Link); o != "" {
			a.Outlet = o
		} else {
			a.Outlet = outlet
		}
		switch {
		case it.Author != nil && it.Author.Name != "":
			a.Byline = it.Author.Name
		case len(it.Authors) > 0 && it.Authors[0].Name != "":
			a.Byline = it.Authors[0].Name
		}
		switch {
		case it.PublishedParsed != nil:
			a.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			a.Published = it.UpdatedParsed.UTC()
		}
		arts = append(arts, a)
	}
	if len(f.Items) == 0 {
		return nil, nil, news.Errorf(news.EINVALID, "%s: the feed has no items", name)
	}
	return arts, errs, nil
}

// reFeedFooter matches the line that WordPress sites (through SEO
// plugins) append to every feed item: "The post <title> appeared first on
// <site>.", or "… was first published on …".
var reFeedFooter = regexp.MustCompile(`(?i)^the\s+(?:post|article)\s+.{1,300}?\s+(?:appeared\s+first|was\s+first\s+published)\s+on\s+.{1,100}$`)

// dropFeedFooter returns an item's text without its last paragraph when
// that is a feed footer (reFeedFooter): it is no part of the report, and a
// teaser cut short ("… [&#8230;]") then ends in its cut mark (IsTeaser).
func dropFeedFooter(txt string) string {
	t := strings.TrimRight(txt, " \t\n")
	i := strings.LastIndex(t, "\n\n")
	if i < 0 || !reFeedFooter.MatchString(strings.TrimSpace(t[i:])) {
		return txt
	}
	return strings.TrimRight(t[:i], " \t\n")
}

// normLang reduces "en-US" or "en_us" to "en".
func normLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if len(l) != 2 {
		return ""
	}
	return l
}

// parseTime reads the time formats JSON Lines inputs use.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unknown time format %q (use RFC 3339, e.g. 2026-03-10T14:20:00Z, or 2026-03-10)", s)
}
