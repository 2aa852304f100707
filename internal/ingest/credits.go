package ingest

import (
	"regexp"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// Credit lines are recognised by their shape, the way news sites print them,
// not by the names they carry. Each pattern is anchored to a whole paragraph
// (or the head of one, for datelines) so that a sentence that merely mentions
// a reporter is not taken for a credit.
var (
	// "By Jane Roe", "By Jane Roe and John Doe, The Daily Example", "BY JANE ROE".
	reByline = regexp.MustCompile(`^(?:[Bb]y|BY|Von|Par|Por|Door|Di)\s+(\p{Lu}[\p{L}'’.\-]+(?:\s+(?:\p{Lu}[\p{L}'’.\-]+|van|von|de|da|del|der|la|le|bin|al|and|&))*)(?:\s*[,|—–-]\s*(.{2,80}))?$`)
	// "• Jane Roe", "— Jane Roe", "- Jane Roe".
	reBullet = regexp.MustCompile(`^[•·▪◦*—–-]\s*(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})$`)
	// "Reporting by Jane Roe; additional reporting by X; editing by Y".
	reReportingBy = regexp.MustCompile(`(?i)^(?:additional\s+)?(?:reporting|writing|reported|written)\s+by\s+(.+)$`)
	// "Jane Roe reported from Moscow.", "Jane Roe in Paris contributed reporting."
	reReportedFrom = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})(?:\s+in\s+[\p{Lu}][\p{L} .\-]+)?\s+(?:reported\s+from\s+[^.]{2,60}|contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?|reported)\.?$`)
	// A bare name on its own line: two to four capitalised words.
	reBareName = regexp.MustCompile(`^(\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){1,3})$`)
	// Agency tags: "(Reuters)", "(AP)", "MOSCOW (AP) —", "— AFP".
	reAgency = regexp.MustCompile(`\((Reuters|AP|AFP|dpa|ANSA|EFE|Xinhua|TASS|Bloomberg|UPI|PA|CNN)\)|^(?:[—–-]\s*)(Reuters|AP|AFP|dpa|Associated Press|Agence France-Presse)\.?$`)
	// An author box: "Jane, a sociologist by profession, ... covers ..."
	reAuthorBox = regexp.MustCompile(`^(\p{Lu}[\p{L}'’\-]+)(?:\s+\p{Lu}[\p{L}'’\-]+)?,?\s+(?:is\s+)?an?\s+[^.]{2,160}\b(?:covers|writes|reports|correspondent|reporter|journalist|editor|contributor)\b`)
)

// editorial roles that name people who did not report the article.
var reEditing = regexp.MustCompile(`(?i);?\s*(?:editing|edited|graphics|photos?|video)\s+by\s+.*$`)

// Credits finds the credit lines of a normalized text: bylines, reporting
// credits, agency tags and author boxes. It looks at the first three and the
// last five paragraphs, where sites print them. Spans are byte offsets into s.
func Credits(s string) []news.Credit {
	paras := text.Paragraphs(s)
	var out []news.Credit
	seen := map[int]bool{}
	look := func(i int) {
		if i < 0 || i >= len(paras) || seen[i] {
			return
		}
		seen[i] = true
		p := paras[i]
		out = append(out, creditsIn(s[p[0]:p[1]], p[0], i == 0 || i == len(paras)-1 || i >= len(paras)-5)...)
	}
	for i := 0; i < 3; i++ {
		look(i)
	}
	for i := len(paras) - 5; i < len(paras); i++ {
		look(i)
	}
	return out
}

// creditsIn finds credits in one paragraph p starting at byte off. bare
// allows a bare name to count as a byline, which is only safe at the edges of
// the text.
func creditsIn(p string, off int, bare bool) []news.Credit {
	line := strings.TrimSpace(p)
	if line == "" || len(line) > 400 {
		return nil
	}
	start := off + strings.Index(p, line)
	span := news.Span{Start: start, End: start + len(line)}
	var out []news.Credit
	if m := reAgency.FindStringSubmatchIndex(line); m != nil {
		name := ""
		for g := 1; g < len(m)/2; g++ {
			if m[2*g] >= 0 {
				name = line[m[2*g]:m[2*g+1]]
			}
		}
		out = append(out, news.Credit{Kind: news.CreditAgency, Name: name, Span: news.Span{Start: start + m[0], End: start + m[1]}})
	}
	if len(line) > 200 && !reAuthorBox.MatchString(line) {
		return out
	}
	switch {
	case reByline.MatchString(line):
		m := reByline.FindStringSubmatch(line)
		for _, n := range splitNames(m[1]) {
			out = append(out, news.Credit{Kind: news.CreditByline, Name: n, Span: span})
		}
	case reBullet.MatchString(line):
		m := reBullet.FindStringSubmatch(line)
		out = append(out, news.Credit{Kind: news.CreditByline, Name: m[1], Span: span})
	case reReportingBy.MatchString(line):
		m := reReportingBy.FindStringSubmatch(line)
		names := reEditing.ReplaceAllString(m[1], "")
		names = strings.TrimRight(names, ". ;")
		for _, part := range strings.Split(names, ";") {
			part = strings.TrimSpace(part)
			if i := strings.Index(strings.ToLower(part), " by "); i >= 0 {
				part = part[i+4:]
			}
			for _, n := range splitNames(part) {
				if n = cleanName(n); n != "" {
					out = append(out, news.Credit{Kind: news.CreditReporting, Name: n, Span: span})
				}
			}
		}
	case reReportedFrom.MatchString(line):
		m := reReportedFrom.FindStringSubmatch(line)
		out = append(out, news.Credit{Kind: news.CreditReporting, Name: m[1], Span: span})
	case reAuthorBox.MatchString(line) && len(line) < 600:
		m := reAuthorBox.FindStringSubmatch(line)
		out = append(out, news.Credit{Kind: news.CreditAuthorBox, Name: m[1], Span: span})
	case bare && reBareName.MatchString(line) && !strings.ContainsAny(line, ".:!?"):
		out = append(out, news.Credit{Kind: news.CreditByline, Name: line, Span: span})
	}
	return out
}

// splitNames splits "Jane Roe and John Doe" or "Jane Roe, John Doe".
func splitNames(s string) []string {
	s = strings.NewReplacer(" and ", ",", " & ", ",", " und ", ",", " et ", ",", " y ", ",").Replace(s)
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = cleanName(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// cleanName trims a name and drops what cannot be one ("in Paris").
func cleanName(n string) string {
	n = strings.TrimSpace(strings.Trim(n, " .;:"))
	if i := strings.Index(n, " in "); i > 0 {
		n = n[:i]
	}
	if n == "" || len(n) > 60 {
		return ""
	}
	r := []rune(n)[0]
	if !(r >= 'A' && r <= 'Z') && !strings.ContainsRune("ÀÁÂÄÅÇÉÈÊËÍÎÏÑÓÔÖØÚÜÝŁŚŻŽČŠ", r) {
		return ""
	}
	return n
}
