package ingest

import (
	"regexp"
	"strings"
	"time"
)

// Markdown articles (a blog's or a static site's .md files) are read as
// text files once their markup is gone: "# Headline" is the title line,
// "*By Jane Roe*" a byline, "[a teaser](https://…)" the teaser's words. A
// YAML or TOML front matter's title, date and author become the title
// line, the date lead and a byline line of the text-file shape.

var (
	reMdHeading = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	reMdRule    = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)
	reMdQuote   = regexp.MustCompile(`^ {0,3}(?:>[ \t]?)+`)
	// A link reference definition: "[label]: destination" and an optional
	// title, the destination an address ("[1]: https://…", "[a]: /path",
	// "[b]: <…>"), not words ("[Correction]: An earlier version…").
	reMdRefDef = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*(?:<[^<>\n]*>|(?:[A-Za-z][A-Za-z0-9+.-]*:|/|#|\.\.?/|www\.)\S*|[\w-]+(?:\.[\w-]+)+(?:/\S*)?)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$`)
	reMdFence  = regexp.MustCompile("^ {0,3}(?:```|~~~)")
	reMdImage  = regexp.MustCompile(`!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])`)
	reMdLink   = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	reMdAuto   = regexp.MustCompile(`<((?:https?://|mailto:)[^>\s]+)>`)
	reMdCode   = regexp.MustCompile("`([^`\n]+)`")
	// Emphasis delimiters flank words: an opener follows no letter or
	// digit and comes before a non-space, a closer comes after a non-space
	// and before no letter or digit ("h*** and s***," is no emphasis).
	reMdStrong = regexp.MustCompile(`(^|[^\p{L}\p{N}*_])(\*\*|__)(\S(?:.*?\S)??)(\*\*|__)($|[^\p{L}\p{N}*_])`)
	reMdStrike = regexp.MustCompile(`(^|[^\p{L}\p{N}~])~~(\S(?:.*?\S)??)~~($|[^\p{L}\p{N}~])`)
	// One * or _ around words, not inside a word ("snake_case", "5*3*2").
	reMdEm     = regexp.MustCompile(`(^|[^\p{L}\p{N}*_])([*_])(\S(?:[^*_]*?\S)?)([*_])($|[^\p{L}\p{N}*_])`)
	reMdEscape = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])")
	reMdBullet = regexp.MustCompile(`^[ \t]*[*+-][ \t]+`)
	reFrontKey = regexp.MustCompile(`^([A-Za-z_]+)[ \t]*[:=][ \t]*(.*)$`)
	reFrontDay = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})`)
)

// isMarkdown says whether a text document is Markdown, by its name or its
// declared content type.
func isMarkdown(name, contentType string) bool {
	switch strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]) {
	case "md", "markdown":
		return strings.Contains(name, ".")
	}
	return strings.Contains(contentType, "markdown")
}

// markdownText returns the text of Markdown document s in the shape of a
// plain-text article.
func markdownText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(s, "\ufeff"), "\r\n", "\n"), "\r", "\n")
	title, date, author, s := frontMatter(s)
	var b strings.Builder
	if date != "" {
		b.WriteString("date " + date + " ")
	}
	if title != "" {
		b.WriteString(title + "\n\n")
	}
	if author != "" {
		b.WriteString("By " + author + "\n\n")
	}
	fenced := false
	prevText := false
	// The body's "# Headline" that repeats the front matter's title is
	// the title line already written.
	headline := title != ""
	for _, line := range strings.Split(s, "\n") {
		if headline && strings.TrimSpace(line) != "" {
			headline = false
			if m := reMdHeading.FindStringSubmatch(line); m != nil && strings.EqualFold(strings.TrimSpace(mdInline(m[1])), title) {
				continue
			}
		}
		if reMdFence.MatchString(line) {
			fenced = !fenced
			b.WriteString("\n")
			prevText = false
			continue
		}
		if fenced {
			b.WriteString(line + "\n")
			continue
		}
		switch {
		case reMdRule.MatchString(line) && (prevText || !strings.Contains(line, "=")):
			// a setext underline or a thematic break
			line = ""
		case reMdRefDef.MatchString(line):
			line = ""
		case reMdBullet.MatchString(line):
			// a list item: its words, a paragraph of its own
			line = mdInline(reMdBullet.ReplaceAllString(line, "")) + "\n"
		default:
			if m := reMdHeading.FindStringSubmatch(line); m != nil {
				line = m[1]
			}
			line = mdInline(reMdQuote.ReplaceAllString(line, ""))
		}
		prevText = strings.TrimSpace(line) != ""
		b.WriteString(line + "\n")
	}
	return b.String()
}

// mdInline drops the inline markup of one line: images, link targets,
// code ticks, emphasis and backslash escapes.
func mdInline(line string) string {
	if !strings.ContainsAny(line, "*_[]`<~\\") {
		return line
	}
	// Escaped characters are set aside first, so that "\*" is no emphasis.
	line = reMdEscape.ReplaceAllStringFunc(line, func(m string) string { return string(rune(0xE000) + rune(m[1])) })
	line = reMdImage.ReplaceAllString(line, "")
	line = reMdLink.ReplaceAllString(line, "$1")
	line = reMdAuto.ReplaceAllString(line, "$1")
	line = reMdCode.ReplaceAllString(line, "$1")
	for range 2 { // a match takes the character after it, which may open the next
		line = reMdStrike.ReplaceAllString(line, "$1$2$3")
		line = reMdStrong.ReplaceAllStringFunc(line, func(m string) string {
			g := reMdStrong.FindStringSubmatch(m)
			if g[2] != g[4] {
				return m
			}
			return g[1] + g[3] + g[5]
		})
	}
	for range 2 {
		line = reMdEm.ReplaceAllStringFunc(line, func(m string) string {
			g := reMdEm.FindStringSubmatch(m)
			if g[2] != g[4] {
				return m
			}
			return g[1] + g[3] + g[5]
		})
	}
	return strings.Map(func(r rune) rune {
		if r > 0xE000 && r < 0xE080 {
			return r - 0xE000
		}
		return r
	}, line)
}

// frontMatter splits a leading YAML ("---") or TOML ("+++") block off s
// and returns its title, its date's day (YYYY-MM-DD) and its first author.
func frontMatter(s string) (title, date, author, rest string) {
	var fence string
	switch {
	case strings.HasPrefix(s, "---\n"):
		fence = "---"
	case strings.HasPrefix(s, "+++\n"):
		fence = "+++"
	default:
		return "", "", "", s
	}
	lines := strings.Split(s, "\n")
	end := -1
	for i := 1; i < len(lines) && i < 100; i++ {
		if strings.TrimSpace(lines[i]) == fence || fence == "---" && strings.TrimSpace(lines[i]) == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return "", "", "", s
	}
	unquote := func(v string) string {
		v = strings.TrimSpace(v)
		if n := len(v); n >= 2 && (v[0] == '"' && v[n-1] == '"' || v[0] == '\'' && v[n-1] == '\'') {
			v = v[1 : n-1]
		}
		return strings.TrimSpace(v)
	}
	for i := 1; i < end; i++ {
		m := reFrontKey.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		key, v := strings.ToLower(m[1]), strings.TrimSpace(m[2])
		switch key {
		case "title":
			title = unquote(v)
		case "date", "published", "pubdate":
			// A date that is no calendar day ("2026-02-30") is left out:
			// the article is read undated.
			if d := reFrontDay.FindString(unquote(v)); d != "" {
				if _, err := time.Parse("2006-01-02", d); err == nil {
					date = d
				}
			}
		case "author", "authors", "byline":
			if author != "" {
				continue
			}
			if strings.HasPrefix(v, "[") { // authors = ["Jane Roe", "John Doe"]
				v = strings.Trim(v, "[]")
				v, _, _ = strings.Cut(v, ",")
			}
			if v == "" && i+1 < end { // authors:\n  - Jane Roe
				v = strings.TrimPrefix(strings.TrimSpace(lines[i+1]), "- ")
			}
			author = unquote(v)
		}
	}
	return title, date, author, strings.Join(lines[end+1:], "\n")
}
