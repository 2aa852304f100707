package ingest

import (
	"regexp"
	"strings"
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
	reMdRefDef  = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]+\S+.*$`)
	reMdFence   = regexp.MustCompile("^ {0,3}(?:```|~~~)")
	reMdImage   = regexp.MustCompile(`!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])`)
	reMdLink    = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	reMdAuto    = regexp.MustCompile(`<((?:https?://|mailto:)[^>\s]+)>`)
	reMdCode    = regexp.MustCompile("`([^`\n]+)`")
	reMdStrong  = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	reMdStrike  = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	// One * or _ around words, not inside a word ("snake_case", "5*3*2").
	reMdEm     = regexp.MustCompile(`(^|[^\p{L}\p{N}*_])([*_])(\S(?:[^*_]*?\S)?)([*_])($|[^\p{L}\p{N}*_])`)
	reMdEscape = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])")
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
	for _, line := range strings.Split(s, "\n") {
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
	line = reMdStrike.ReplaceAllString(line, "$1")
	line = reMdStrong.ReplaceAllStringFunc(line, func(m string) string {
		g := reMdStrong.FindStringSubmatch(m)
		if g[1] != g[3] {
			return m
		}
		return g[2]
	})
	for range 2 { // a match takes the character after it, which may open the next
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
			if d := reFrontDay.FindString(unquote(v)); d != "" {
				date = d
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
