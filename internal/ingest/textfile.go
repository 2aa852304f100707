package ingest

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// reDateLead matches the optional "date YYYY-MM-DD" lead of a text file.
var reDateLead = regexp.MustCompile(`^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*`)

// parseText reads a plain-text article: an optional "date YYYY-MM-DD" lead,
// an optional title line, the body, and credit lines anywhere at the edges
// (found later by Credits). The title is the first line when it stands alone
// and reads like a headline: short, and not ending a sentence. A Markdown
// text (markdown) loses its markup first.
func parseText(name string, b []byte, markdown bool) (*news.Article, error) {
	if !utf8.Valid(b) {
		d, hint := windows1252(b)
		if hint != "" {
			return nil, invalidUTF8(name, b, hint)
		}
		b = d
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	if markdown {
		s = markdownText(s)
	}
	a := &news.Article{SourcePath: name}
	if m := reDateLead.FindStringSubmatchIndex(s); m != nil {
		d, err := time.Parse("2006-01-02", s[m[2]:m[3]])
		if err != nil {
			return nil, news.Errorf(news.EINVALID, "%s: line 1: date lead %q: %v", name, s[m[2]:m[3]], err)
		}
		a.Published = d
		s = s[m[1]:]
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n") // Windows, and old Mac, line ends
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
		if t, ok := wordDate(line); ok {
			return t
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

// reWordDate matches a line that holds only a date with its month in
// words, as pages print one under a byline: "16 July 2025", "July 16,
// 2025", "Wednesday, 16 July 2025 09:15", "16. Juli 2025", "16 juillet
// 2025", "16 de julio de 2025".
var reWordDate = regexp.MustCompile(`^(?:\p{L}+[,:]?\s+)?(?:(\d{1,2})\.?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+)?(\d{4})|(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4}))(?:,?\s+(?:at\s+|um\s+|à\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?m\.?|h|Uhr|GMT|UTC|CET|CEST|BST))?)?$`)

// monthNames are the month names (and their abbreviations) reWordDate
// reads: English, German, French, Spanish, Italian, Dutch, Portuguese.
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{}
	for _, names := range []string{
		"january february march april may june july august september october november december",
		"jan feb mar apr may jun jul aug sep oct nov dec",
		"januar februar märz april mai juni juli august september oktober november dezember",
		"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"januari februari maart april mei juni juli augustus september oktober november december",
		"janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
	} {
		for i, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1)
		}
	}
	m["sept"] = time.September
	return m
}()

// weekdayWords are the words a word date may open with.
var weekdayWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica maandag dinsdag woensdag donderdag vrijdag zaterdag zondag published updated posted") {
		weekdayWords[w] = true
	}
}

// wordDate reads a line that holds only a date with its month in words.
func wordDate(line string) (time.Time, bool) {
	m := reWordDate.FindStringSubmatch(line)
	if m == nil {
		return time.Time{}, false
	}
	if f := strings.Fields(line); len(f) > 0 {
		lead := strings.ToLower(strings.TrimRight(f[0], ",:"))
		if _, isMonth := monthNames[lead]; !isMonth && !weekdayWords[lead] && (lead[0] < '0' || lead[0] > '9') {
			return time.Time{}, false // "Storm 16 July 2025" is no date line
		}
	}
	day, month, year := m[1], m[2], m[3]
	if m[4] != "" {
		month, day, year = m[4], m[5], m[6]
	}
	mo, ok := monthNames[strings.ToLower(month)]
	if !ok {
		return time.Time{}, false
	}
	d, _ := strconv.Atoi(day)
	y, _ := strconv.Atoi(year)
	t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || y < 1900 {
		return time.Time{}, false
	}
	return t, true
}

// looksLikeTitle says whether a line reads like a headline.
func looksLikeTitle(line string) bool {
	if line == "" || len(line) > 250 {
		return false
	}
	if strings.Count(line, " ") < 2 {
		return false
	}
	last, n := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.', ',', ';', ':':
		return false
	case '”', '"', '’':
		// A quotation that ends a sentence closes on its stop ("… back
		// down,” he said." or "“We will fight.”"); a headline's closes
		// on a word (Park Boss Admits "We Got It Wrong").
		before, _ := utf8.DecodeLastRuneInString(line[:len(line)-n])
		return !strings.ContainsRune(".,;:!?…", before)
	}
	return true
}

// windows1252 decodes the bytes of b that are not UTF-8 as Windows-1252
// (a superset of Latin-1), as text files saved by older Windows and Mac
// editors hold them ("Caf\xe9" is "Café"), and keeps the valid UTF-8
// sequences as they are, so a UTF-8 file with a few stray Latin-1 bytes
// (text pasted from two sources) reads whole too. It refuses, with a hint
// for the error, a text whose stray bytes are not Latin: NUL bytes, a byte
// Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), or stray
// bytes read as letters that run together away from ASCII letters, as the words of a
// legacy Cyrillic, Greek or CJK encoding do (KOI8-R "\xf0\xcf\xd6\xc1\xd2",
// where Latin text has "Caf\xe9", "Gr\xf6\xdfe" or a lone "\xe0").
func windows1252(b []byte) (d []byte, hint string) {
	const convert = "convert the file to UTF-8"
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, convert // NULs: UTF-16 without its byte order mark, or no text
	}
	stray := make([]bool, len(b))
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			stray[i] = true
		}
		i += size
	}
	strays, runs := 0, 0
	letter := func(i int) bool { return i >= 0 && i < len(b) && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'z') }
	// strayLetter: a stray byte that Windows-1252 reads as a letter. A
	// run is two of them side by side: Latin text has its stray
	// punctuation and spaces side by side too ("«\xa0", 0xAB 0xA0), but
	// seldom two accented letters away from ASCII ones.
	strayLetter := func(i int) bool {
		return i >= 0 && i < len(b) && stray[i] && unicode.IsLetter(charmap.Windows1252.DecodeByte(b[i]))
	}
	for i, st := range stray {
		if !st {
			continue
		}
		strays++
		if strayLetter(i) && (strayLetter(i-1) || strayLetter(i+1)) && !letter(i-1) && !letter(i+1) {
			runs++
		}
	}
	if runs*4 > strays {
		return nil, "its bytes are no Latin text: likely a legacy encoding of another script, such as KOI8-R, GBK or Shift_JIS; " + convert + ", e.g. iconv -f KOI8-R -t UTF-8"
	}
	d = make([]byte, 0, len(b)+strays)
	for i := 0; i < len(b); {
		if !stray[i] {
			_, size := utf8.DecodeRune(b[i:])
			d = append(d, b[i:i+size]...)
			i += size
			continue
		}
		r := charmap.Windows1252.DecodeByte(b[i])
		if r == utf8.RuneError { // a byte Windows-1252 leaves undefined
			return nil, convert
		}
		d = utf8.AppendRune(d, r)
		i++
	}
	return d, ""
}

// invalidUTF8 names the line and byte of the first invalid UTF-8 sequence,
// with hint (what the file is likely to hold, how to convert it).
func invalidUTF8(name string, b []byte, hint string) error {
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line := 1 + strings.Count(string(b[:off]), "\n")
	return news.Errorf(news.EINVALID, "%s: line %d: invalid UTF-8 at byte %d (%s)", name, line, off, hint)
}
