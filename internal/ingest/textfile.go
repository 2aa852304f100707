package ingest

import (
	"regexp"
	"strconv"
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
	if a.Published.IsZero() {
		a.Published = dateLine(s)
	}
	return a, nil
}

// reDateLine matches a line that holds only a numeric date, as pages print
// one under the headline or byline: "18.09.2025", "18/09/2025",
// "2025-09-18", with an optional time of day.
var reDateLine = regexp.MustCompile(`^(\d{1,2})([./])(\d{1,2})[./](\d{4})(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*h)?)?$|^(\d{4})-(\d{2})-(\d{2})$`)

// dateLine returns the date of a date line among the first three lines of
// a text (zero: none). Day and month are read as the day first ("18.09.2025":
// dots are always day first), except that a slashed date whose order
// cannot be told ("03/04/2025") is not read.
func dateLine(s string) time.Time {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if n++; n > 3 {
			break
		}
		m := reDateLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		atoi := func(s string) int { n, _ := strconv.Atoi(s); return n } // digits, by reDateLine
		var y, mo, d int
		if m[5] != "" {
			y, mo, d = atoi(m[5]), atoi(m[6]), atoi(m[7])
		} else {
			d, mo, y = atoi(m[1]), atoi(m[3]), atoi(m[4])
			if m[2] == "/" && d <= 12 && mo <= 12 && d != mo {
				continue // day first or month first: cannot tell
			}
			if m[2] == "/" && mo > 12 {
				d, mo = mo, d // "09/18/2025"
			}
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d && int(t.Month()) == mo && y >= 1900 {
			return t
		}
	}
	return time.Time{}
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
