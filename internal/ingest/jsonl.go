package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Record is one line of a JSON Lines input. Its schema is documented in
// docs/input.md: text or html is required, everything else is optional.
type Record struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Byline    string `json:"byline"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

// parseJSONL reads JSON Lines, one article per non-blank line. A bad line is
// an error naming its line number and field; the other lines go on.
func parseJSONL(name string, b []byte, extract func(name string, page []byte, url string) (*news.Article, error)) ([]*news.Article, []error) {
	var arts []*news.Article
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), len(b)+1)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n)
		if !utf8.Valid(line) {
			errs = append(errs, news.Errorf(news.EINVALID, "%s: invalid UTF-8", where))
			continue
		}
		var r Record
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			errs = append(errs, news.Errorf(news.EINVALID, "%s: %s", where, jsonError(err)))
			continue
		}
		if r.ID != "" {
			where += " (id " + r.ID + ")"
		}
		a, err := r.article(where, extract)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a.SourcePath = fmt.Sprintf("%s:%d", name, n)
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, news.Errorf(news.EINVALID, "%s: %v", name, err))
	}
	return arts, errs
}

func (r *Record) article(where string, extract func(string, []byte, string) (*news.Article, error)) (*news.Article, error) {
	var a *news.Article
	switch {
	case strings.TrimSpace(r.Text) != "":
		a = &news.Article{Text: r.Text}
	case strings.TrimSpace(r.HTML) != "":
		var err error
		if a, err = extract(where+": field html", []byte(r.HTML), r.URL); err != nil {
			return nil, err
		}
	default:
		return nil, news.Errorf(news.EINVALID, "%s: field text or html is required", where)
	}
	a.URL = r.URL
	if r.Title != "" {
		a.Title = r.Title
	}
	if r.Byline != "" {
		a.Byline = r.Byline
	}
	if r.Lang != "" {
		if a.Lang = normLang(r.Lang); a.Lang == "" {
			return nil, news.Errorf(news.EINVALID, "%s: field lang: %q is not an ISO 639-1 code", where, r.Lang)
		}
	}
	if r.Published != "" {
		t, err := parseTime(r.Published)
		if err != nil {
			return nil, news.Errorf(news.EINVALID, "%s: field published: %v", where, err)
		}
		a.Published = t
	}
	switch {
	case r.Source != "" && strings.Contains(r.Source, "."):
		a.Outlet = strings.TrimPrefix(strings.ToLower(r.Source), "www.")
	case r.Source != "":
		a.Outlet, a.SiteName = r.Source, r.Source
	}
	return a, nil
}

// jsonError turns a decoding error into a message naming the field.
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %s: want a %s, got a JSON %s", te.Field, te.Type, te.Value)
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown field " + strings.TrimPrefix(msg, "json: unknown field ") + " (see docs/input.md for the schema)"
	}
	return "not a JSON object: " + strings.TrimPrefix(msg, "json: ")
}
