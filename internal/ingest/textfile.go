package ingest

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// reDateLead matches the optional "date YYYY-MM-DD" lead of a text file.
var reDateLead = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*`)

// parseText reads a plain-text article: an optional "date YYYY-MM-DD" lead,
// an optional title line, the body, and credit lines anywhere at the edges
// (found later by Credits). The title is the first line when it stands alone
// and reads like a headline: short, and not ending a sentence.
func parseText(name string, b []byte) (*news.Article, error) {
	if !utf8.Valid(b) {
		return nil, invalidUTF8(name, b)
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	a := &news.Article{SourcePath: name}
	if m := reDateLead.FindStringSubmatchIndex(s); m != nil {
		d, err := time.Parse("2006-01-02", s[m[2]:m[3]])
		if err != nil {
			return nil, news.Errorf(news.EINVALID, "%s: line 1: date lead %q: %v", name, s[m[2]:m[3]], err)
		}
		a.Published = d
		s = s[m[1]:]
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.SplitN(strings.TrimLeft(s, " \t\n"), "\n", 2)
	if first := strings.TrimSpace(lines[0]); looksLikeTitle(first) && len(lines) == 2 && strings.TrimSpace(lines[1]) != "" {
		a.Title = first
		s = lines[1]
	}
	a.Text = s
	return a, nil
}

// looksLikeTitle says whether a line reads like a headline.
func looksLikeTitle(line string) bool {
	if line == "" || len(line) > 250 {
		return false
	}
	if strings.Count(line, " ") < 2 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.', '”', '"', ',', ';', ':', '’':
		return false
	}
	return true
}

// invalidUTF8 names the line and byte of the first invalid UTF-8 sequence.
func invalidUTF8(name string, b []byte) error {
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line := 1 + strings.Count(string(b[:off]), "\n")
	return news.Errorf(news.EINVALID, "%s: line %d: invalid UTF-8 at byte %d (convert the file to UTF-8)", name, line, off)
}
