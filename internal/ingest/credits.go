package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// Credit lines are recognised by their shape, the way news sites print them,
// not by the names they carry. Each pattern is anchored to a whole paragraph
// (or the head of one, for datelines) so that a sentence that merely mentions
// a reporter is not taken for a credit.
var (
	// "By Jane Roe", "By Jane Roe and John Doe, The Daily Example", "BY JANE ROE",
	// "By Jane Roe for The Daily Example", "Von Jane Roe · 18. June 2025".
	reByline = regexp.MustCompile(`^(?:[Bb]y|BY|Von|Par|Por|Door|Di)\s+(\p{Lu}[\p{L}'’.\-]+(?:\s+(?:\p{Lu}[\p{L}'’.\-]+|van|von|de|da|del|der|la|le|bin|al|and|&))*)(?:\s*[,|·—–-]\s*(.{2,80})|\s+(?:for|of)\s+(?:the\s+)?\p{Lu}.{1,60})?$`)
	// "• Jane Roe", "— Jane Roe", "- Jane Roe, Special Correspondent".
	reBullet = regexp.MustCompile(`^[•·▪◦*—–-]\s*(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})(?:\s*[,|]\s*\p{L}[\p{L} '’&\-]{1,60})?$`)
	// "Jane Roe, Special Correspondent", "Jane Roe | Sports Writer": a name
	// with a newsroom role.
	reNameRole = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})\s*[,|]\s*(?:[\p{L}'’&\-]+\s+){0,3}(?i:correspondent|reporter|writer|editor|journalist|columnist|contributor|staff writer)s?$`)
	// "Reporting by Jane Roe; additional reporting by X; editing by Y",
	// "Written by Jane Roe", "Words by Jane Roe", "Compiled by Jane Roe",
	// "Filed by Jane Roe", "This article was written by Jane Roe.",
	// "Written and compiled by Jane Roe", "With reporting by Jane Roe",
	// "Story: Jane Roe", "Reporting: Jane Roe; Editing: X", "Text and
	// research: Jane Roe", "Photos and words by Jane Roe", "Original story
	// by Jane Roe", "This article was based on reporting by Jane Roe of The
	// Daily", "Source: reporting by Jane Roe, Example News Agency".
	reReportingBy = regexp.MustCompile(`(?i)^(?:source\s*:\s*)?(?:this\s+(?:article|story|report|piece|post)\s+(?:was|is|has\s+been)\s+(?:originally\s+)?)?(?:based\s+on\s+(?:an?\s+)?(?:the\s+)?)?(?:(?:additional|further|extra|with|original|first)\s+)?(?:(?:photos?|pictures|images|video|research)\s+(?:and|&)\s+)?(?:(?:reporting|writing|reported|written|words|story|text|research|compiled|filed|report)(?:\s+(?:and|&)\s+(?:compiled|edited|reported|written|produced|research|photos?|pictures|images|video))?\s+by\s*:?|(?:reporting|writing|words|story|text)(?:\s+(?:and|&)\s+(?:research|photos?|pictures|images|video))?\s*:)\s+(.+)$`)
	// "Jane Roe reported from Moscow.", "Jane Roe in Paris contributed
	// reporting.", "AP writer Jane Roe contributed reporting from Lima."
	reReportedFrom = regexp.MustCompile(`^(?:(?:\p{Lu}[\p{L}\-]*\s+){1,3}(?:writers?|reporters?|correspondents?|journalists?)\s+)?(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){1,3})(?:\s+in\s+[\p{Lu}][\p{L} .\-]+)?\s+(?:reported\s+from\s+[^.]{2,60}|contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story|article)))?(?:\s+from\s+[^.]{2,60})?|reported)\.?$`)
	// "Author: Jane Roe", "Reporter: Jane Roe", "Contributor: Jane Roe",
	// "Posted by Jane Roe", "Posted by Jane Roe | Money Desk": the author
	// labels of blogs and content sites, with the desk after a bar.
	reAuthorLabel = regexp.MustCompile(`^(?i:author|reporter|writer|contributor|posted\s+by|published\s+by|submitted\s+by)\s*:?\s+(\p{Lu}[\p{L}'’.\-]+(?:\s+\p{Lu}[\p{L}'’.\-]+){0,3})(?:\s*[|·]\s*[\p{L}][\p{L} '’&\-]{1,40})?$`)
	// A bare name on its own line: two to four capitalised words.
	reBareName = regexp.MustCompile(`^(\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){1,3})$`)
	// Agency tags: "(Reuters)", "(AP)", "MOSCOW (AP) —", "— AFP".
	reAgency = regexp.MustCompile(`\((Reuters|AP|AFP|dpa|ANSA|EFE|Xinhua|TASS|Bloomberg|UPI|PA|CNN)\)|^(?:[—–-]\s*)(Reuters|AP|AFP|dpa|Associated Press|Agence France-Presse)\.?$`)
	// An author box: "Jane, a sociologist by profession, ... covers ...",
	// "About the author: Jane Roe is a freelance writer ...".
	reAuthorBox = regexp.MustCompile(`^(?:(?i:about\s+the\s+(?:author|writer|reporter))\s*:?\s*)?(\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?),?\s+(?:is\s+)?an?\s+[^.]{2,160}\b(?:covers|writes|reports|correspondent|reporter|journalist|editor|contributor|writer)\b`)
)

// reVisualRole matches the roles of a "Name, Role" line that credit
// pictures or design rather than the report ("Omar Vik, Photo Editor").
var reVisualRole = regexp.MustCompile(`(?i)\b(?:photo|photos|photograph\w*|picture|video|graphics?|art|design|visual)\s+\w+s?$`)

// reEditing matches editorial roles that name people who did not report
// the article.
var reEditing = regexp.MustCompile(`(?i)^(?:editing|edited|graphics|photos?|video|design|production)\s*(?:by\b|:)`)

// Credits finds the credit lines of a normalized text: bylines, reporting
// credits, agency tags and author boxes. It looks at the lines of the first
// three and the last five paragraphs, and at the first three and the last
// five lines (a text whose paragraphs are single lines apart is one
// paragraph), where sites print them. Spans are byte offsets into s.
func Credits(s string) []news.Credit { return credits(s, "") }

// credits is Credits for a text under title: a page's text often repeats
// its headline on its first line, and a headline of a few capitalised
// words ("Flood Warning Issued") is no bare-name byline.
func credits(s, title string) []news.Credit {
	paras := text.Paragraphs(s)
	type line struct{ start, end, para int }
	var lines []line
	for pi, p := range paras {
		for at := p[0]; at < p[1]; {
			end := strings.IndexByte(s[at:p[1]], '\n')
			if end < 0 {
				end = p[1]
			} else {
				end += at
			}
			if strings.TrimSpace(s[at:end]) != "" {
				lines = append(lines, line{at, end, pi})
			}
			at = end + 1
		}
	}
	var out []news.Credit
	bareAbove := "" // the bare name read as a byline on the line before
	for i, l := range lines {
		edge := i < 3 || i >= len(lines)-5
		if !edge && l.para >= 3 && l.para < len(paras)-5 {
			bareAbove = ""
			continue
		}
		p := s[l.start:l.end]
		cs := creditsIn(p, l.start, (i == 0 || i >= len(lines)-5) && strings.TrimSpace(p) != title)
		if len(cs) == 0 && bareAbove != "" && i >= len(lines)-5 {
			cs = bioOf(p, l.start, bareAbove)
		}
		bareAbove = ""
		if i > 0 && len(cs) == 1 && cs[0].Kind == news.CreditByline && cs[0].Name == strings.TrimSpace(p) {
			bareAbove = cs[0].Name // under a name that opens the text comes the report
		}
		out = append(out, cs...)
	}
	return out
}

// bioOf reads line p (at byte off), among the last lines of the text and
// under a line that holds only the name author, as the author's box when
// it opens with a word of that name set off by a comma, an apposition
// ("Marc Lefebvre" above "Marc, journalist by training, covers the news of
// the Americas"), however the biography goes on. A report's first lines,
// or a sentence that goes on with a verb ("Mary Jones died on Sunday"), are
// not biographies.
func bioOf(p string, off int, author string) []news.Credit {
	line := strings.TrimSpace(p)
	if len(line) >= 600 {
		return nil
	}
	lead, rest, ok := strings.Cut(line, ",")
	if !ok || strings.Count(rest, ",") == 0 { // "Name, apposition, …"
		return nil
	}
	for _, w := range strings.Fields(author) {
		if lead == w || lead == author {
			start := off + strings.Index(p, line)
			return []news.Credit{{Kind: news.CreditAuthorBox, Name: lead, Span: news.Span{Start: start, End: start + len(line)}}}
		}
	}
	return nil
}

// creditsIn finds credits in one line p starting at byte off. bare
// allows a bare name to count as a byline, which is only safe at the edges of
// the text.
func creditsIn(p string, off int, bare bool) []news.Credit {
	line := strings.TrimSpace(p)
	if line == "" || len(line) > 400 {
		return nil
	}
	start := off + strings.Index(p, line)
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
	// A credit line printed in brackets: "(Reporting by Jane Roe; Editing
	// by John Doe)".
	if n := len(line); n > 2 && (line[0] == '(' && line[n-1] == ')' || line[0] == '[' && line[n-1] == ']') {
		line = strings.TrimSpace(line[1 : n-1])
		start += strings.Index(p[start-off:], line)
	}
	span := news.Span{Start: start, End: start + len(line)}
	if len(line) > 200 && !reAuthorBox.MatchString(line) {
		return out
	}
	switch {
	case reByline.MatchString(line) && !reBylineOne.MatchString(line):
		m := reByline.FindStringSubmatch(line)
		for _, n := range splitNames(m[1]) {
			out = append(out, news.Credit{Kind: news.CreditByline, Name: n, Span: span})
		}
	case reBullet.MatchString(line):
		m := reBullet.FindStringSubmatch(line)
		out = append(out, news.Credit{Kind: news.CreditByline, Name: m[1], Span: span})
	case reAuthorLabel.MatchString(line):
		m := reAuthorLabel.FindStringSubmatch(line)
		if !reColonLabel.MatchString(line) || labelledName(m[1]) {
			out = append(out, news.Credit{Kind: news.CreditByline, Name: m[1], Span: span})
		}
	case reNameRole.MatchString(line) && !reVisualRole.MatchString(line):
		m := reNameRole.FindStringSubmatch(line)
		out = append(out, news.Credit{Kind: news.CreditByline, Name: m[1], Span: span})
	case reReportingBy.MatchString(line):
		out = append(out, reportingCredits(line, start)...)
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

// reportingCredits reads a line of reporting credits starting at byte off,
// "Reporting by A and B; additional reporting by C; Editing by D", one
// credit per name, each spanning its own part of the line ("additional
// reporting by C"), so that a reader can tell the author's credit from a
// helper's. Editorial roles (editing, graphics, photos) are left out.
func reportingCredits(line string, off int) []news.Credit {
	var out []news.Credit
	at := 0
	for _, part := range strings.Split(line, ";") {
		pstart := at + len(part) - len(strings.TrimLeft(part, " "))
		at += len(part) + 1
		part = strings.TrimSpace(strings.TrimRight(part, ". "))
		if part == "" || reEditing.MatchString(part) {
			continue
		}
		names := part
		if m := reReportingBy.FindStringSubmatch(part); m != nil {
			names = m[1]
		} else if i := strings.Index(strings.ToLower(part), " by "); i >= 0 {
			names = part[i+4:]
		}
		span := news.Span{Start: off + pstart, End: off + pstart + len(part)}
		labelled := reColonLabel.MatchString(part)
		for _, n := range splitNames(names) {
			if n = cleanName(n); n != "" && (!labelled || labelledName(n)) {
				out = append(out, news.Credit{Kind: news.CreditReporting, Name: n, Span: span})
			}
		}
	}
	return out
}

// reBylineOne matches a "By" line whose name is one word followed by "for"
// or "of": "By Order of the Court" is no byline ("By Jane Roe of The Daily
// Example" is: two words).
var reBylineOne = regexp.MustCompile(`^(?:[Bb]y|BY)\s+\p{Lu}[\p{L}'’.\-]+\s+(?:for|of)\s`)

// splitNames splits "Jane Roe and John Doe" or "Jane Roe, John Doe". A
// name after a comma may be the outlet of the one before it ("Jane Roe,
// Velsburg Post"), which outletName reads more freely.
func splitNames(s string) []string {
	and := strings.NewReplacer(" and ", "\x00", " AND ", "\x00", " And ", "\x00", " & ", "\x00", " und ", "\x00", " et ", "\x00", " y ", "\x00")
	var out []string
	for i, part := range strings.Split(s, ",") {
		for j, n := range strings.Split(and.Replace(part), "\x00") {
			if n = cleanListed(n, i > 0 && j == 0); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// cleanName trims a name and drops what cannot be one ("in Paris", the
// outlet or agency after a slash or a bar, "Jane Roe / Example Wire", or
// "of the": "Jane Roe of the Western Courier").
func cleanName(n string) string {
	return cleanListed(n, false)
}

// cleanListed is cleanName for a name that follows another after a comma
// (afterComma), where a name ending in a surname-like outlet word is an
// outlet's ("Jane Roe, Velsburg Post").
func cleanListed(n string, afterComma bool) string {
	n = strings.TrimSpace(strings.Trim(n, " .;:"))
	for _, sep := range []string{" in ", " for ", " at ", " of the ", " of The ", " / ", " | "} {
		if i := strings.Index(n, sep); i > 0 {
			n = n[:i]
		}
	}
	if n == "" || len(n) > 60 || outletName(n, afterComma) {
		return ""
	}
	r := []rune(n)[0]
	if !(r >= 'A' && r <= 'Z') && !strings.ContainsRune("ÀÁÂÄÅÇÉÈÊËÍÎÏÑÓÔÖØÚÜÝŁŚŻŽČŠ", r) {
		return ""
	}
	// A name is a few words, each capitalised or a particle: not a
	// sentence ("Story: The port was closed").
	f := strings.Fields(n)
	if len(f) > 5 {
		return ""
	}
	for _, w := range f {
		if r := []rune(w)[0]; !unicode.IsUpper(r) && !nameParticles[w] || headlineWords[strings.ToLower(w)] {
			return ""
		}
	}
	return n
}

// headlineWords are words that title-case headlines capitalise and names
// do not hold ("Story: Patriots To Sign Star Receiver").
var headlineWords = map[string]bool{"to": true, "of": true, "the": true, "a": true, "an": true, "in": true, "on": true,
	"for": true, "with": true, "at": true, "from": true, "after": true, "over": true, "is": true, "are": true,
	"was": true, "says": true, "could": true, "not": true, "its": true, "his": true, "her": true, "their": true,
	"as": true, "into": true, "amid": true, "how": true, "why": true, "what": true}

// labelledName says whether n, read after a label and a colon ("Story:
// Jane Roe", "Reporter: Jane Roe"), is a person's name rather than a
// title-case headline the label introduces ("Story: Homeless Man Becomes
// Millionaire"): a name of two or three words (cleanName's).
func labelledName(n string) bool {
	f := len(strings.Fields(n))
	return f >= 2 && f <= 3 && cleanName(n) == n
}

// reColonLabel matches the colon labels of credits ("Story:", "Text:",
// "Reporting:", "Reporter:", "Contributor:", "Text and research:"), whose
// names labelledName checks.
var reColonLabel = regexp.MustCompile(`(?i)^(?:\p{L}+\s+(?:and|&)\s+)?(?:reporting|writing|words|story|text|author|reporter|writer|contributor)(?:\s+(?:and|&)\s+\p{L}+)?\s*:`)

// nameParticles are the lower-case words of names ("Ursula von der Leyen").
var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "da": true, "del": true, "der": true, "la": true, "le": true, "bin": true, "al": true, "di": true, "du": true, "dos": true, "das": true, "y": true}

// outletName says whether n, of two words or more, ends in an outlet word
// (news.OutletWord: "Valle News Agency", "Harwick Gazette"); one that ends
// people's names too only after a modifier (news.OutletModifier: "Sunday
// Express") or after a comma (afterComma: "Jane Roe, Velsburg Post").
func outletName(n string, afterComma bool) bool {
	f := strings.Fields(n)
	if len(f) < 2 {
		return false
	}
	last := strings.ToLower(f[len(f)-1])
	ok, surname := news.OutletWord(last)
	return ok && (!surname || afterComma || news.OutletModifier(f[len(f)-2]))
}
