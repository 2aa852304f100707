package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Record is one line of a JSON Lines input. Its schema is documented in
// docs/input.md: text or html is required, everything else is optional.
// outlet and author are the names other exports give source and byline.
type Record struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Outlet    string `json:"outlet"`
	Title     string `json:"title"`
	Byline    string `json:"byline"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

// scanJSONL reads JSON Lines from rd, one article per non-blank line, and
// calls fn with each article or with the error of a bad line (naming its
// line number and field); the other lines go on. It reads one line at a
// time, so an input of any length costs the memory of its longest line; a
// line over maxLine bytes is an error. It returns the number of non-blank
// lines, and stops early only when fn or rd fails.
func scanJSONL(name string, rd io.Reader, maxLine int64, extract func(name string, page []byte, url string) (*news.Article, error), fn func(*news.Article, error) error) (int, error) {
	br := bufio.NewReaderSize(rd, 64*1024)
	lines := 0
	for n := 1; ; n++ {
		line, long, err := readLine(br, maxLine)
		if err != nil && err != io.EOF {
			return lines, news.Errorf(news.EINVALID, "%s:%d: %v", name, n, err)
		}
		where := fmt.Sprintf("%s:%d", name, n)
		if long {
			lines++
			if ferr := fn(nil, news.Errorf(news.EINVALID, "%s: line is over the %d-byte limit (--max-bytes)", where, maxLine)); ferr != nil {
				return lines, ferr
			}
		} else if line = bytes.TrimSpace(line); len(line) > 0 {
			lines++
			a, aerr := parseLine(where, line, extract)
			if a != nil {
				a.SourcePath = where
			}
			if ferr := fn(a, aerr); ferr != nil {
				return lines, ferr
			}
		}
		if err == io.EOF {
			return lines, nil
		}
	}
}

// readLine returns the next line of br without its newline. A line longer
// than max is skipped to its end and reported as long.
func readLine(br *bufio.Reader, max int64) (line []byte, long bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if int64(len(buf)+len(chunk)) > max+1 {
				long, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil && (err != io.EOF || len(buf) > 0 || long):
			if err == io.EOF {
				return bytes.TrimSuffix(buf, []byte("\n")), long, io.EOF
			}
			return nil, false, err
		case err != nil:
			return nil, false, io.EOF
		}
		return bytes.TrimSuffix(buf, []byte("\n")), long, nil
	}
}

// parseLine decodes one JSON Lines record into an article.
func parseLine(where string, line []byte, extract func(string, []byte, string) (*news.Article, error)) (*news.Article, error) {
	if !utf8.Valid(line) {
		return nil, news.Errorf(news.EINVALID, "%s: invalid UTF-8", where)
	}
	var r Record
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, news.Errorf(news.EINVALID, "%s: %s", where, jsonError(err))
	}
	if dec.More() {
		return nil, news.Errorf(news.EINVALID, "%s: more than one JSON value on the line", where)
	}
	if r.ID != "" {
		where += " (id " + r.ID + ")"
	}
	return r.article(where, extract)
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
	if err := r.aliases(where); err != nil {
		return nil, err
	}
	if r.URL != "" && !webURL(r.URL) {
		return nil, news.Errorf(news.EINVALID, "%s: field url: %q is not an http or https URL", where, r.URL)
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
		if future(t) {
			return nil, news.Errorf(news.EINVALID, "%s: field published: %s is in the future", where, r.Published)
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

// aliases moves outlet and author into source and byline; a record that
// gives both names of a field with different values is an error.
func (r *Record) aliases(where string) error {
	for _, f := range []struct {
		name, alias string
		v, a        *string
	}{{"source", "outlet", &r.Source, &r.Outlet}, {"byline", "author", &r.Byline, &r.Author}} {
		switch {
		case *f.a == "":
		case *f.v == "":
			*f.v = *f.a
		case strings.TrimSpace(*f.v) != strings.TrimSpace(*f.a):
			return news.Errorf(news.EINVALID, "%s: fields %s and %s disagree (%q, %q)", where, f.name, f.alias, *f.v, *f.a)
		}
	}
	return nil
}

// jsonError turns a decoding error into a message naming the field.
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Sprintf("a JSON %s, not an object with the fields of docs/input.md", te.Value)
		}
		return fmt.Sprintf("field %s: want a %s, got a JSON %s", te.Field, te.Type, te.Value)
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown field " + strings.TrimPrefix(msg, "json: unknown field ") + " (see docs/input.md for the schema)"
	}
	return "not a JSON object: " + strings.TrimPrefix(msg, "json: ")
}

// jsonDocument reads a JSON document that is not JSON Lines: an array of
// records, or one record spread over several lines (pretty-printed). ok is
// false for anything else, JSON Lines included, which scanJSONL reads.
func jsonDocument(name string, b []byte, extract func(string, []byte, string) (*news.Article, error), fn func(*news.Article, error) error) (ok bool, err error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(t, []byte("[")):
		var recs []json.RawMessage
		if err := json.Unmarshal(t, &recs); err != nil {
			return true, fn(nil, news.Errorf(news.EINVALID, "%s: not a JSON array of records: %s", name, strings.TrimPrefix(err.Error(), "json: ")))
		}
		if len(recs) == 0 {
			return true, fn(nil, news.Errorf(news.EINVALID, "%s: an empty JSON array", name))
		}
		for i, rec := range recs {
			where := fmt.Sprintf("%s[%d]", name, i)
			a, aerr := parseLine(where, rec, extract)
			if a != nil {
				a.SourcePath = where
			}
			if err := fn(a, aerr); err != nil {
				return true, err
			}
		}
		return true, nil
	case bytes.HasPrefix(t, []byte("{")):
		first, _, multi := bytes.Cut(t, []byte("\n"))
		if !multi || json.Valid(first) || !json.Valid(t) {
			return false, nil // JSON Lines, or broken: scanJSONL names the line
		}
		a, aerr := parseLine(name, t, extract)
		if a != nil {
			a.SourcePath = name
		}
		return true, fn(a, aerr)
	}
	return false, nil
}
