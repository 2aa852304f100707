package credibility

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// names of an article's byline, for comparing with its credit lines.
func bylineNames(a *news.Article) []string {
	out := splitByline(a.Byline)
	for _, c := range a.Credits {
		if c.Kind == news.CreditByline {
			out = append(out, splitByline(c.Name)...)
		}
	}
	return out
}

// samePerson compares two printed names by their last word, or a first
// name with the first word of a full name, or a full name with one that
// runs on into a role or an outlet ("Finian Cunningham" and "Finian
// Cunningham. Sputnik International").
func samePerson(a, b string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == ',' })
	}
	fa, fb := split(a), split(b)
	if len(fa) == 0 || len(fb) == 0 {
		return false
	}
	if fa[len(fa)-1] == fb[len(fb)-1] {
		return true
	}
	if len(fa) == 1 || len(fb) == 1 {
		return fa[0] == fb[0]
	}
	if len(fa) > len(fb) {
		fa, fb = fb, fa
	}
	return slices.Equal(fa, fb[:len(fa)])
}

// bylineSignal finds credit lines that name someone other than the byline:
// "X reported from Moscow" or "Reporting by X" under another author, an
// author box about a different person, a second "By X" line naming someone
// else than the page's author. The byline is the page's author metadata
// when it names a person, else the first byline line of the text; names on
// one line with the byline ("By A and B", "Reporting by A and B") are its
// co-authors. Bare names are not conflicts (they may be captions), nor are
// helpers' credits alone ("Additional reporting by X", "X contributed to
// this report"): reports credit their helpers so.
func bylineSignal(in Input) *news.Signal {
	a := in.Article
	var names []string
	if personName(a.Byline) {
		names = splitByline(a.Byline)
	}
	desk := false // the byline names a desk or the staff, not a person
	if len(names) == 0 {
		for _, c := range a.Credits {
			if c.Kind == news.CreditByline {
				names = splitByline(c.Name)
				desk = !personName(c.Name)
				break
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	// The lines that credit the byline's author; their other names are
	// co-authors ("(Reporting by A; Writing by the author; Editing by B)").
	agreeLines := map[[2]int]bool{}
	for _, c := range a.Credits {
		if c.Kind != news.CreditAgency && anySame(names, []string{c.Name}) {
			agreeLines[lineOf(a.Text, c.Span)] = true
		}
	}
	agreeing := map[news.Span]bool{}
	authors := slices.Clone(names)
	for _, c := range a.Credits {
		if c.Kind != news.CreditAgency && agreeLines[lineOf(a.Text, c.Span)] {
			agreeing[c.Span] = true
			authors = append(authors, c.Name)
		}
	}
	// Bylines of several other people (a live blog, a list of posts or of
	// signed tweets) are a collection, not a conflict.
	others := map[string]bool{}
	for _, c := range a.Credits {
		if c.Kind == news.CreditByline && !agreeing[c.Span] && !anySame([]string{c.Name}, authors) {
			others[strings.ToLower(c.Name)] = true
		}
	}
	collection := len(others) >= 2
	var spans []news.Span
	var conflicts []string
	for _, c := range a.Credits {
		if c.Kind == news.CreditAgency || agreeing[c.Span] || anySame([]string{c.Name}, authors) {
			continue
		}
		if c.Kind == news.CreditByline && (collection || !explicitByline(a, c)) {
			continue
		}
		// Mainstream reports credit helpers under their own byline ("Keith
		// Bradsher contributed reporting from Beijing."), and agency copy
		// always does: on 181 pages of news sites such lines made 3 of the
		// 4 conflicts, all in ordinary reports.
		if helperCredit(a, c) {
			continue
		}
		// Under a desk's byline ("By Staff Reporter") a person's credit
		// names who reported for the desk ("(Reporting by X; Editing by
		// Y)"), unless it gives the text to another outlet ("Original
		// story by X, The Post", "— X, The Associated Press").
		if desk && !elsewhereCredit(a, c) {
			continue
		}
		spans = append(spans, c.Span)
		conflicts = append(conflicts, c.Name)
	}
	if len(conflicts) == 0 {
		return nil
	}
	by := names[0]
	return &news.Signal{Type: news.SignalBylineConflict, Severity: news.SeverityMedium, Spans: merge(spans), Value: 1,
		Explanation: fmt.Sprintf("The article is credited to %s, but its credit lines name %s.", by, strings.Join(uniqStrings(conflicts), " and "))}
}

// reOutletAfter matches what follows a name that credits it to an outlet
// (its group 1): ", The Associated Press", " for the Vessa Courier", " /
// Example Wire".
var reOutletAfter = regexp.MustCompile(`^\s*(?:,|/|\||\bfor\b|\bof\b)\s*((?:the\s+)?\p{Lu}[^.;,]*)`)

// elsewhereCredit says whether credit c gives the text to someone of
// another outlet: its line calls the text an original ("Original story
// by X", "This article was originally written by X") or names an outlet
// (outletLike) after the person that is not the article's own ("— X, The
// Associated Press", "Written by X for the Vessa Courier"). What else
// follows a name is no outlet: the next credit of a list ("Reporting by
// X, Editing by Y", "X / Editing by Y", "X | Photos by Y"), a job title
// ("— X, Senior Reporter") or a place ("— X, Vessa").
func elsewhereCredit(a *news.Article, c news.Credit) bool {
	if !c.Span.Valid(len(a.Text)) {
		return false
	}
	line := c.Span.Slice(a.Text)
	if strings.Contains(strings.ToLower(line), "original") {
		return true
	}
	i := strings.Index(line, c.Name)
	if i < 0 {
		return false
	}
	m := reOutletAfter.FindStringSubmatch(line[i+len(c.Name):])
	if m == nil || !outletLike(strings.TrimSpace(m[1])) {
		return false
	}
	for _, own := range []string{a.Outlet, a.SiteName} {
		if own != "" && sameSource(strings.TrimSpace(m[1]), own) {
			return false
		}
	}
	return true
}

// outletLike says whether p, the words after a credited name, name an
// outlet: a known agency ("Reuters", "The Associated Press"), a name
// opening on "The" ("The Vessa Courier", "The Atlantic"), or a name of
// two words or more ending in an outlet word (news.OutletWord) ("Vessa Post",
// "the Harbour Post"). A credit list ("Editing by Y") is none.
func outletLike(p string) bool {
	if p == "" || strings.Contains(strings.ToLower(p), " by ") {
		return false
	}
	if reKnownAgency.MatchString(p) || strings.HasPrefix(p, "The ") {
		return true
	}
	f := strings.Fields(p)
	if len(f) > 0 && strings.EqualFold(f[0], "the") {
		f = f[1:]
	}
	// A short capitalised name (small words such as "on" and "of" aside)
	// with an outlet word in it: "the Post", "Mail on Sunday",
	// "Post-Gazette", "Washington Post Writers Group".
	if len(f) == 0 || len(f) > 5 {
		return false
	}
	outlet := false
	for _, w := range f {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !outletConnectors[w] {
			return false
		}
		for _, part := range strings.Split(w, "-") {
			if ok, _ := news.OutletWord(part); ok {
				outlet = true
			}
		}
	}
	return outlet
}

// outletConnectors are the small words inside outlets' names.
var outletConnectors = set("on of and de the")

// reKnownAgency matches the names of the news agencies credit lines name.
var reKnownAgency = regexp.MustCompile(`(?i)^(?:the\s+)?(?:associated\s+press|agence\s+france-presse|reuters|afp|ap|dpa|bloomberg|ansa|efe|xinhua|tass|upi|press\s+association|pa\s+media)$`)

// lineOf returns the byte range of the line of text that holds sp.
func lineOf(text string, sp news.Span) [2]int {
	if !sp.Valid(len(text)) {
		return [2]int{sp.Start, sp.End}
	}
	start := strings.LastIndexByte(text[:sp.Start], '\n') + 1
	end := len(text)
	if i := strings.IndexByte(text[sp.End:], '\n'); i >= 0 {
		end = sp.End + i
	}
	return [2]int{start, end}
}

// splitByline splits a byline into its names: "A, B and C".
func splitByline(n string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(n, func(r rune) bool { return r == ',' || r == ';' || r == '&' || r == '|' }) {
		for _, q := range strings.Split(p, " and ") {
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}

// reNotPerson matches bylines that name a desk, an agency or a site rather
// than a person.
var reNotPerson = regexp.MustCompile(`(?i)\b(?:staff|team|desk|editors?|editorial|newsroom|admin|news|agency|press|reuters|afp|ap|dpa|bloomberg|wire|media|online|digital|correspondents?|reporters?|sports?|business|politics|world|entertainment|tech|technology|opinion|travel|culture|lifestyle|health|science|\.com|\.example)\b`)

// personName says whether a byline names people: one to four words a
// name, capitalised, no digits, no desk or agency words.
func personName(n string) bool {
	n = strings.TrimSpace(n)
	if n == "" || strings.ContainsAny(n, "0123456789@/") || reNotPerson.MatchString(n) {
		return false
	}
	for _, part := range splitByline(n) {
		f := strings.Fields(part)
		if len(f) == 0 || len(f) > 4 {
			return false
		}
		for _, w := range f {
			r := []rune(w)[0]
			if !unicode.IsUpper(r) && !nameParticle[strings.ToLower(w)] {
				return false
			}
		}
	}
	return true
}

var nameParticle = map[string]bool{"van": true, "von": true, "de": true, "da": true, "del": true, "der": true, "la": true, "le": true, "bin": true, "al": true, "di": true, "du": true}

// explicitByline says whether a byline credit is printed as one ("By X",
// "— X", "X, Special Correspondent") rather than a bare name, which may
// as well be a caption.
func explicitByline(a *news.Article, c news.Credit) bool {
	if !c.Span.Valid(len(a.Text)) {
		return false
	}
	l := strings.TrimSpace(c.Span.Slice(a.Text))
	return l != strings.TrimSpace(c.Name)
}

// helperCredit says whether a reporting credit names a helper of the
// author rather than the author: "additional reporting by X", "with
// reporting by X", "X in Paris contributed to this report".
func helperCredit(a *news.Article, c news.Credit) bool {
	if c.Kind != news.CreditReporting || !c.Span.Valid(len(a.Text)) {
		return false
	}
	l := strings.ToLower(c.Span.Slice(a.Text))
	return strings.HasPrefix(l, "additional") || strings.HasPrefix(l, "further") || strings.HasPrefix(l, "extra") || strings.HasPrefix(l, "with ") ||
		strings.Contains(l, "contributed") || strings.Contains(l, "contributing")
}

func uniqStrings(v []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range v {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// sentenceKeys folds sentences to their lower-case words joined by
// spaces (strings.Join(text.Words(s), " ")), for exact copy checks,
// reusing its buffers from one sentence to the next.
type sentenceKeys struct {
	toks []text.Token
	buf  []byte
}

// key returns the key of sentence s, valid until the next call, and its
// number of words: tokens hold no spaces, so it is also the key's number
// of fields.
func (k *sentenceKeys) key(s string) ([]byte, int) {
	k.toks = text.AppendTokens(k.toks[:0], s, 0)
	k.buf = k.buf[:0]
	for i, t := range k.toks {
		if i > 0 {
			k.buf = append(k.buf, ' ')
		}
		k.buf = append(k.buf, t.Lower...)
	}
	return k.buf, len(k.toks)
}

// Thresholds of copiedSignal: an article repeats an earlier one "for the
// most part" from copyShare of its sentences on; a page that copies
// another's narrative in part and fills the rest with its own quotes and
// paragraphs needs at least minCopiedSentences of its narrative
// sentences (outside direct quotes) copied, making at least
// copyPartShare of them.
const (
	copyShare          = 0.6
	minCopiedSentences = 4
	copyPartShare      = 1.0 / 3
)

// copiedSignal finds an earlier article of the story, from another outlet
// and under another name (or of a known outlet and unsigned), whose
// sentences this article repeats word for word: most of its sentences
// (high), or, of its narrative sentences (less than a third inside direct
// quotes: two reports of one press conference print the same words), at
// least minCopiedSentences making copyPartShare of them (medium), unless
// they are one block in both texts, each adding its own (a press release
// two outlets paste).
// Sentences of five words or more count, without their dateline; credit
// lines do not count. An article that credits the earlier one's outlet or
// agency (keeps its "(Reuters)", or says "Reuters contributed to this
// report" in a sentence of its own) carries it as syndicated copy, which
// is no copy under another name.
func copiedSignal(in Input) *news.Signal {
	a := in.Article
	mine := bylineNames(a)
	if len(mine) == 0 {
		return nil
	}
	var sk sentenceKeys
	var keys []string
	var spans []news.Span
	var narrative []bool // the sentence is less than a third direct quote
	narratives := 0
	var at map[string][]int // where each key is found among keys
	var found []bool
	for _, o := range in.Story {
		if o.ID == a.ID || !earlier(o, a) || (o.Outlet != "" && o.Outlet == a.Outlet) {
			continue
		}
		theirs := bylineNames(o)
		for _, c := range o.Credits {
			if c.Kind == news.CreditReporting {
				theirs = append(theirs, c.Name)
			}
		}
		if len(theirs) == 0 && o.Outlet == "" || anySame(mine, theirs) || credits(a, o) {
			continue // no author nor outlet to be credited to, or credited
		}
		if at == nil { // the article's sentence keys, at the first article to compare with
			for _, s := range a.Sentences {
				if creditLine(a, s.Span) {
					continue
				}
				if k, n := sk.key(undateline(s.Span.Slice(a.Text))); n >= 5 {
					keys, spans = append(keys, string(k)), append(spans, s.Span)
					nar := quotedShare(s.Span.Slice(a.Text)) < 1.0/3
					narrative = append(narrative, nar)
					if nar {
						narratives++
					}
				}
			}
			if len(keys) < 3 {
				return nil
			}
			at = make(map[string][]int, len(keys))
			for i, k := range keys {
				at[k] = append(at[k], i)
			}
			found = make([]bool, len(keys))
		}
		clear(found)
		// The first and last of o's sentences of five words or more that
		// the article repeats, counted among those, and how many it repeats.
		pos, first, last, repeated := 0, -1, -1, 0
		for _, s := range o.Sentences {
			k, n := sk.key(undateline(s.Span.Slice(o.Text)))
			if n < 5 {
				continue
			}
			if is := at[string(k)]; len(is) > 0 {
				for _, i := range is {
					found[i] = true
				}
				if first < 0 {
					first = pos
				}
				last = pos
				repeated++
			}
			pos++
		}
		var hit []news.Span
		copied := 0      // narrative sentences among the hits
		lo, hi := -1, -1 // the first and last of the article's sentences among the hits
		for i := range keys {
			if found[i] {
				hit = append(hit, spans[i])
				if narrative[i] {
					copied++
				}
				if lo < 0 {
					lo = i
				}
				hi = i
			}
		}
		if len(hit) == 0 || namesAgency(a, o, hit) {
			continue // nothing copied; or "Reuters contributed to this report", "Source: AP": credited in its own words
		}
		from := fmt.Sprintf("article #%d", o.ID)
		if o.Outlet != "" {
			from += " (" + o.Outlet + ")"
		}
		if len(theirs) > 0 {
			from += " by " + theirs[0]
		}
		if share := float64(len(hit)) / float64(len(keys)); share >= copyShare {
			return &news.Signal{Type: news.SignalCopiedUnderOtherByline, Severity: news.SeverityHigh, Spans: merge(hit), Against: []int64{o.ID},
				Value:       share,
				Explanation: fmt.Sprintf("%.0f%% of its sentences are word for word those of %s, yet it is credited to %s.", 100*share, from, mine[0])}
		}
		// One block of sentences, unbroken in both texts, each adding its
		// own before or after it (a third of the earlier one's at least),
		// is text both took from one source (a press release, a
		// statement) more likely than from each other, when it says so
		// ("said in a statement", "announced") or a third outlet of the
		// story prints it too. A farm that takes the lead of a report
		// takes one block as well.
		block := func() bool { // asked only of a copy the medium rule would flag: carriedElsewhere reads the whole story
			return hi-lo+1 == len(hit) && last-first+1 == repeated && 3*repeated <= 2*pos &&
				(releaseWords(a.Text, hit) || carriedElsewhere(in, a, o, keys, found))
		}
		if share := float64(copied) / float64(max(1, narratives)); copied >= minCopiedSentences && share >= copyPartShare && !block() {
			return &news.Signal{Type: news.SignalCopiedUnderOtherByline, Severity: news.SeverityMedium, Spans: merge(hit), Against: []int64{o.ID},
				Value: share,
				Explanation: fmt.Sprintf("%d of its %d sentences outside direct quotes are word for word those of %s, yet it is credited to %s.",
					copied, narratives, from, mine[0])}
		}
	}
	return nil
}

// reRelease matches the words that attribute a text to a statement or a
// press release: "said in a statement", "In a press release, …",
// "announced", "according to a statement", "the statement said".
var reRelease = regexp.MustCompile(`(?i)\b(?:in\s+an?\s+(?:\w+\s+)?(?:statement|press\s+release|news\s+release|release|communiqu[eé])|announced?|announces|announcing|according\s+to\s+(?:an?|the|its|their)\s+(?:\w+\s+)?(?:statement|press\s+release|news\s+release|release|communiqu[eé])|(?:statement|press\s+release|news\s+release|communiqu[eé])\s+(?:said|says|read|reads|stated))\b`)

// releaseWords says whether one of the spans of text attributes its words
// to a statement or a press release (reRelease).
func releaseWords(text string, spans []news.Span) bool {
	for _, sp := range spans {
		if reRelease.MatchString(sp.Slice(text)) {
			return true
		}
	}
	return false
}

// carriedElsewhere says whether an article of the story from a third
// outlet (neither a's nor o's) prints two thirds at least of the sentences
// of a found in o (keys: a's sentence keys; found: those o holds): text
// that three outlets print came to them from one source.
func carriedElsewhere(in Input, a, o *news.Article, keys []string, found []bool) bool {
	want := make(map[string]bool)
	for i, k := range keys {
		if found[i] {
			want[k] = true
		}
	}
	var sk sentenceKeys
	for _, p := range in.Story {
		if p.ID == a.ID || p.ID == o.ID || p.Outlet == "" || p.Outlet == a.Outlet || p.Outlet == o.Outlet {
			continue
		}
		seen := make(map[string]bool, len(want))
		for _, s := range p.Sentences {
			if k, n := sk.key(undateline(s.Span.Slice(p.Text))); n >= 5 && want[string(k)] {
				seen[string(k)] = true
			}
		}
		if 3*len(seen) >= 2*len(want) {
			return true
		}
	}
	return false
}

// reDateline matches the dateline a report's first sentence opens with:
// "SELBERG, March 9 (Reuters) - ", "PARIS (AP) — ".
var reDateline = regexp.MustCompile(`^\s*\p{Lu}{2}[\p{Lu}.'’ \-]*[,(][^\n]{0,50}?\s(?:-{1,2}|—|–)\s+`)

// undateline returns sentence s without its dateline: a copy that drops
// the dateline of a wire's first sentence copies the sentence still.
func undateline(s string) string {
	if g := reDateline.FindStringIndex(s); g != nil {
		return s[g[1]:]
	}
	return s
}

// credits says whether article a credits o's outlet or agency: a credit
// of a's (an agency tag, "(Reuters)", "— AP", or a line such as "Reuters
// contributed to this report") names one of o's agency tags or o's outlet.
func credits(a, o *news.Article) bool {
	for _, c := range a.Credits {
		if o.Outlet != "" && sameSource(c.Name, o.Outlet) {
			return true
		}
		for _, oc := range o.Credits {
			if oc.Kind == news.CreditAgency && sameSource(c.Name, oc.Name) {
				return true
			}
		}
	}
	return false
}

// namesAgency says whether a sentence of a that is not among the copied
// ones (copied: their spans) names an agency whose tag o carries, by its
// tag or its long name ("Reuters contributed to this report", "Source:
// Associated Press"): a copied "told Reuters" credits nothing.
func namesAgency(a, o *news.Article, copied []news.Span) bool {
	var names []string
	for _, c := range o.Credits {
		if c.Kind != news.CreditAgency || c.Name == "" {
			continue
		}
		names = append(names, c.Name)
		names = append(names, agencyLong[strings.ToLower(c.Name)]...)
	}
	if len(names) == 0 {
		return false
	}
	for _, s := range a.Sentences {
		if slices.Contains(copied, s.Span) {
			continue
		}
		t := s.Span.Slice(a.Text)
		for _, n := range names {
			for i := 0; ; {
				j := strings.Index(t[i:], n)
				if j < 0 {
					break
				}
				j += i
				if (j == 0 || !isWordByte(t[j-1])) && (j+len(n) == len(t) || !isWordByte(t[j+len(n)])) {
					return true
				}
				i = j + len(n)
			}
		}
	}
	return false
}

// sameSource compares an agency tag with an agency tag or an outlet's
// name or domain, ignoring case, a leading "The" and the agencies' long
// and short names: "Reuters" is "reuters.com", "AP" is "Associated
// Press", "The Associated Press" and "apnews.com"; "The Guardian" is
// "theguardian.com" still.
func sameSource(tag, src string) bool {
	alias := func(s string) string {
		s = strings.ReplaceAll(s, " ", "")
		if a, ok := agencyAlias[s]; ok {
			return a
		}
		return s
	}
	// canon returns s's name, and without its leading "the " when it has one.
	canon := func(s string) (string, string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if strings.Contains(s, ".") && !strings.Contains(s, " ") { // a domain: its first label
			s, _, _ = strings.Cut(strings.TrimPrefix(s, "www."), ".")
		}
		if rest, ok := strings.CutPrefix(s, "the "); ok {
			return alias(s), alias(rest)
		}
		return alias(s), ""
	}
	t1, t2 := canon(tag)
	s1, s2 := canon(src)
	for _, t := range []string{t1, t2} {
		if t != "" && (t == s1 || t == s2) {
			return true
		}
	}
	return false
}

// agencyAlias maps the long names and site names of news agencies to the
// tags they sign with.
var agencyAlias = map[string]string{"associatedpress": "ap", "apnews": "ap", "agencefrance-presse": "afp", "agencefrancepresse": "afp"}

// agencyLong holds the long names agencies are credited by, by tag.
var agencyLong = map[string][]string{"ap": {"Associated Press"}, "afp": {"Agence France-Presse"}}

// creditLine says whether sentence sp of a holds one of its credits
// ("(Reporting by X; Editing by Y)"): no narrative of the article.
func creditLine(a *news.Article, sp news.Span) bool {
	for _, c := range a.Credits {
		if c.Kind != news.CreditAgency && c.Span.Overlaps(sp) {
			return true
		}
	}
	return false
}

// quotedShare returns the share of s's bytes inside direct quotes: after
// an opening curly quote not yet closed, or between straight double quotes.
func quotedShare(s string) float64 {
	if s == "" {
		return 0
	}
	in, n := false, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '"':
			in = !in
		case '“':
			in = true
		case '”':
			in = false
		default:
			if in {
				n += size
			}
		}
		i += size
	}
	return float64(n) / float64(len(s))
}

func anySame(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if samePerson(x, y) {
				return true
			}
		}
	}
	return false
}

// earlier says whether o came before a: by publication time, or by ID when
// either has none.
func earlier(o, a *news.Article) bool {
	if !o.Published.IsZero() && !a.Published.IsZero() && !o.Published.Equal(a.Published) {
		return o.Published.Before(a.Published)
	}
	return o.ID < a.ID
}

// merge joins spans that touch or are separated by white space only.
func merge(spans []news.Span) []news.Span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var out []news.Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End+2 {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// rePromo matches promotional lines sites insert into bodies.
var rePromo = regexp.MustCompile(`(?i)^\s*(must[- ]read|read more|read also|also read|related|recommended|don'?t miss|see also|trending|you may also like|watch|click here|more from|sponsored|advertisement)\b\s*[:|»>–—-]`)

var reBait = regexp.MustCompile(`(?i)you (?:won'?t|will not|wo not|will never|'ll never) believe|what happened next|will shock you|this is why|here'?s why|the reason will|goes viral|jaw-dropping|mind-blowing`)

// baitWords holds words of each alternative of reBait: an ASCII line
// holding none of them, in any case, cannot match it.
var baitWords = []string{"believe", "happened next", "shock you", "why", "the reason will", "goes viral", "jaw-dropping", "mind-blowing"}

// isBait is reBait.MatchString(s), without running the expression on the
// ASCII lines that lack every word of baitWords. (?i) folds a few
// non-ASCII letters into ASCII ones (ſ, K), so other lines go to the
// expression.
func isBait(s string) bool {
	var buf [256]byte
	if len(s) > len(buf) {
		return reBait.MatchString(s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return reBait.MatchString(s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	l := buf[:len(s)]
	for _, w := range baitWords {
		if bytes.Contains(l, []byte(w)) {
			return reBait.MatchString(s)
		}
	}
	return false
}

// A teaser label is the lead-in of a promotion in other words than
// rePromo's, as translated pages print them: a few words, every one of them
// a reading or recommending word or a function word, in English or left
// untranslated ("TO READ ALSO >>", "Also interesting for you:", "Most
// popular ►", "Lire aussi :", "LEE TAMBIÉN ►", "READ NEXT:", "Top stories
// |", "Sponsored content:"), then a colon or an arrow. Media labels
// ("PHOTOS:", "VIDEO:") are not: reports print them for their own
// galleries. A subheading
// ("Popular vote: …", "Recommended daily dose: …", "Watch the skies: …")
// has a word of its own there and is not one.
var (
	teaserDelims = []string{":", ">>", "»", "►", "▶", "→", "⇒", "|"}
	teaserKey    = set("read reading reads see watch listen discover interesting related recommended popular trending miss like stories site sponsored promoted topic subject lire voir lea lee léase mira ver vea leggi guarda lesen siehe lees leia veja")
	teaserOther  = set("to also for you your our us the this these more most too top now next live latest news story articles article best pick picks editor's editors' don't do not might may content partner it on in of further continue keep aussi à a plus también anche sie auch ook também")
)

// teaserLabel returns the end of t's teaser label (after its delimiter),
// or -1 when t does not open with one.
func teaserLabel(t string) int {
	cut, end := -1, -1
	for _, d := range teaserDelims {
		if i := strings.Index(t, d); i > 0 && (cut < 0 || i < cut) {
			cut, end = i, i+len(d)
		}
	}
	if cut < 0 {
		return -1
	}
	words := strings.Fields(t[:cut])
	if len(words) == 0 || len(words) > 5 || !teaserWords(words) {
		return -1
	}
	return end
}

// teaserWords says whether the words of a label make a teaser: every one
// a teaser word (teaserKey) or a function word (teaserOther), one of them
// a teaser word, and a label of one word not of teaserAlone.
func teaserWords(words []string) bool {
	key := false
	for _, w := range words {
		w = strings.Trim(strings.ToLower(strings.ReplaceAll(w, "’", "'")), `"'()[]-–—`)
		switch {
		case teaserKey[w]:
			key = true
		case teaserOther[w]:
		default:
			return false
		}
	}
	return key && !(len(words) == 1 && teaserAlone[strings.Trim(strings.ToLower(words[0]), `"'()[]-–—`)])
}

// teaserAlone are the teaser words that, as a label of one word, are more
// often a name or a speaker's tag in a transcript ("LEE: Why did the
// council close the library?", "MIRA: …") than a teaser.
var teaserAlone = set("lee lea mira ver vea like miss stories site reading reads interesting topic subject")

// teaserArrows are the glyphs that point a label at other content.
var teaserArrows = []string{"►", "▶", "»", "→", "⇒"}

// arrowLabel returns the end of t's arrow label (after its arrow and the
// space after it), or -1 when t does not open with one: one to five words
// of letters, whatever they say when written in capitals ("VIDEO ►",
// "MORE ON THE TOPIC ▶"), else holding a teaser word (teaserKey) or a
// media word (arrowMedia: "Our special report »", "Photos → …"), then an
// arrow glyph, the only one of t (a breadcrumb, "News » Europe »
// Ferries", has several), then a space and a headline that opens with a
// capital or a digit. A story's own subheadings ("Analysis ► What it
// means", "Timeline » How the crisis unfolded") name no such thing. An
// arrow that closes a quote ("Er sagte »Wir …«") has no space after it;
// one after a figure ("in 2023 → 1.2 million") has no label of words
// before it.
func arrowLabel(t string) int {
	cut, end, n := -1, -1, 0
	for _, d := range teaserArrows {
		n += strings.Count(t, d)
		if i := strings.Index(t, d); i > 0 && (cut < 0 || i < cut) {
			cut, end = i, i+len(d)
		}
	}
	if n != 1 || cut < 0 || end >= len(t) || t[end] != ' ' {
		return -1
	}
	words := strings.Fields(t[:cut])
	if len(words) == 0 || len(words) > 5 {
		return -1
	}
	caps, named := true, false
	for _, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' {
				return -1
			}
			if unicode.IsLower(r) {
				caps = false
			}
		}
		lw := strings.ToLower(w)
		named = named || teaserKey[lw] || arrowMedia[lw]
	}
	if !caps && !named || !headlineStart(t[end:]) {
		return -1
	}
	return end + 1
}

// capsLabel returns the end of t's capitals label (after the space that
// ends it), or -1 when t does not open with one: one to five words in
// capitals, of teaserLabel's words and at least one teaser word (one
// alone not of teaserAlone), set off from what follows by its case alone
// ("SEE ALSO The hail insurance: …", "READ NEXT How the port …"), then a
// headline in other case. A line all in capitals is a shouted headline or
// a subheading, and a label of other words ("BREAKING The port …") is no
// teaser.
func capsLabel(t string) int {
	words := strings.Fields(t)
	n := 0
	for n < len(words) && n < 6 {
		w := words[n]
		if strings.IndexFunc(w, unicode.IsLower) >= 0 || strings.IndexFunc(w, unicode.IsUpper) < 0 {
			break
		}
		n++
	}
	if n == 0 || n > 5 || n == len(words) || !headlineStart(words[n]) || strings.IndexFunc(words[n], unicode.IsLower) < 0 || len(words)-n < 2 {
		return -1
	}
	if !teaserWords(words[:n]) {
		return -1
	}
	return strings.Index(t, words[n])
}

// arrowMedia are the words that name the outlet's other content (a
// video, a gallery, a live page, a special) in an arrow label.
var arrowMedia = set("video videos photo photos pictures gallery galleries live podcast podcasts special specials")

// headlineStart says whether s, after its spaces and any opening quote
// marks or brackets, opens as a headline does: with a capital letter or a
// digit ("‘Bloody’ scenes as …", "[Photos] Ten …"), or a name written
// with a capital inside ("eBay developing …", "iPhone sales …").
func headlineStart(s string) bool {
	s = strings.TrimLeft(s, " \u00a0\"'“‘«([¿¡")
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	word, _, _ := strings.Cut(s, " ")
	return unicode.IsLower(r) && strings.IndexFunc(word, unicode.IsUpper) > 0
}

// reCallToAction matches a line that asks the reader to go elsewhere:
// "Click here to …", "Tap here for …", "Sign up for our newsletter".
var reCallToAction = regexp.MustCompile(`(?i)^\s*(?:(?:click|tap|press)\s+(?:here|on\s+(?:this|the)\s+link|the\s+link|below)|sign\s+up\s+(?:for|to)\s+our|subscribe\s+to\s+our|follow\s+us\s+on|download\s+our)\b`)

// promoLine says whether a short line of the body is a promotion or bait.
// Symbols that lead it (an emoji, an arrow: "🔴 WATCH: …") are not words.
func promoLine(line string) bool {
	line = strings.TrimLeftFunc(line, func(r rune) bool { return unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) })
	if line == "" {
		return false
	}
	if m := rePromo.FindStringIndex(line); m != nil && !reportsSpeech(line[m[1]:]) || isBait(line) || reCallToAction.MatchString(line) {
		return true
	}
	// A teaser label leads a headline, not a sentence.
	t := strings.TrimSpace(line)
	if len(t) >= 160 || strings.HasSuffix(t, ".") || strings.ContainsAny(t[len(t)-1:], `"'`) || strings.HasSuffix(t, "”") || strings.HasSuffix(t, "’") {
		return false
	}
	end := teaserLabel(t)
	if end < 0 {
		end = arrowLabel(t)
	}
	if end < 0 {
		end = capsLabel(t)
	}
	// The label leads something (a headline), and is no attribution
	// ("Miss Smith said: …").
	return end > 0 && len(strings.Fields(t[end:])) >= 2 && !reSaid.MatchString(t[:end]) && !reportsSpeech(t[end:])
}

// reportsSpeech says whether the words after a label go on as a sentence
// of the story that reports speech ("Related: the minister said …"), not
// as a headline: no capital to open them, a reporting verb.
func reportsSpeech(rest string) bool {
	return !headlineStart(rest) && reSaid.MatchString(rest)
}

// promoSentences returns the byte ranges, in line, of the promotions that
// lead a sentence of a paragraph, as a page that runs its teasers into the
// text prints them ("… the mayor said. Read also: This one trick …"):
// from the label to the end of its sentence or of the line. The label is
// one of two words or more (teaserLabel's or rePromo's: "Read also:",
// "Must read:"; a lone "Related:" or "Watch:" may be the story's own;
// teaserLabel's not before a sentence that ends in a full stop) or an
// arrow label, and the headline after it opens with a capital or a digit
// ("See also: chapter four of the report" is a reference).
func promoSentences(line string) [][2]int {
	if !hasDelim(line) {
		return nil
	}
	var out [][2]int
	for at := 0; at < len(line); {
		end := sentenceEnd(line, at)
		s := line[at:end]
		if sentenceLabel(s) > 0 {
			out = append(out, [2]int{at, end})
		}
		at = end
		for at < len(line) && (line[at] == ' ' || line[at] == '\t') {
			at++
		}
	}
	return out
}

// sentenceLabel returns the end of the promotion label that leads
// sentence s (see promoSentences), or -1.
func sentenceLabel(s string) int {
	// A label of five words ends in its delimiter early in the sentence.
	if !hasDelim(s[:min(len(s), 84)]) {
		return -1
	}
	end := arrowLabel(s)
	if end < 0 {
		if m := rePromo.FindStringIndex(s); m != nil {
			end = m[1]
		} else if end = teaserLabel(s); end > 0 && strings.HasSuffix(strings.TrimRight(s, " \t"), ".") {
			// A label in other words than rePromo's that leads a
			// sentence ending in a full stop is the story's own
			// ("Further reading: The report runs to 300 pages."): a
			// headline has none.
			return -1
		}
		if end < 0 || len(strings.FieldsFunc(s[:end], func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })) < 2 {
			return -1
		}
	}
	rest := s[end:]
	if !headlineStart(rest) || len(strings.Fields(rest)) < 3 || reSaid.MatchString(s[:end]) {
		return -1
	}
	return end
}

// delimByte marks the bytes that may end a label's delimiter (the last
// byte of each of teaserDelims, in UTF-8).
var delimByte = func() (t [256]bool) {
	for _, d := range teaserDelims {
		t[d[len(d)-1]] = true
	}
	return t
}()

// hasDelim says whether s may hold a label's delimiter (delimByte).
func hasDelim(s string) bool {
	for i := 0; i < len(s); i++ {
		if delimByte[s[i]] {
			return true
		}
	}
	return false
}

// sentenceEnd returns the end of the sentence of line that starts at at:
// after its full stop, question or exclamation mark or ellipsis and the
// closing quotes or brackets after it, before a space; or the end of the
// line.
func sentenceEnd(line string, at int) int {
	for i := at; i < len(line); i++ {
		switch line[i] {
		case '.', '!', '?':
		default:
			if !strings.HasPrefix(line[i:], "…") {
				continue
			}
			i += len("…") - 1
		}
		j := i + 1
		for j < len(line) && strings.IndexByte(`"')]`, line[j]) >= 0 {
			j++
		}
		for _, q := range []string{"”", "’", "»"} {
			if strings.HasPrefix(line[j:], q) {
				j += len(q)
			}
		}
		if j == len(line) || line[j] == ' ' || line[j] == '\t' {
			return j
		}
	}
	return len(line)
}

// reSaid matches the reporting verbs that make a label an attribution.
var reSaid = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|added|adds|asked|wrote|writes|concurs?|explained|noted)\b`)

// lines returns the byte ranges of the non-blank lines of s: paragraphs,
// and the lines of a text whose paragraphs are single lines apart.
func lines(s string) [][2]int {
	var out [][2]int
	for at := 0; at < len(s); {
		end := strings.IndexByte(s[at:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += at
		}
		if strings.TrimSpace(s[at:end]) != "" {
			out = append(out, [2]int{at, end})
		}
		at = end + 1
	}
	return out
}

// clickbaitInsert finds promotional and clickbait lines inside the body.
func (as *Assessor) clickbaitInsert(in Input) *news.Signal {
	a := in.Article
	credit := func(sp news.Span) bool { // a byline or credit line, not an insert
		return slices.ContainsFunc(a.Credits, func(c news.Credit) bool { return c.Span.Overlaps(sp) })
	}
	var hit []news.Span
	ls := lines(a.Text)
	for _, p := range ls {
		line := a.Text[p[0]:p[1]]
		sp := news.Span{Start: p[0], End: p[1]}
		if len(line) > 200 || credit(sp) {
			continue
		}
		bait := promoLine(line)
		// The model judges headline-like lines only: a few words, no
		// sentence end (a speaker's words end in one before their closing
		// quote), no attribution. Names and captions are too short to
		// judge.
		if !bait && as.Clickbait != nil && len(line) < 140 && len(strings.Fields(line)) >= 4 && !endsSentence(line) && !reSaid.MatchString(line) {
			bait = as.Clickbait(line) >= 0.9
		}
		if bait {
			hit = append(hit, sp)
		}
	}
	// Promotions run into the paragraphs, sentence by sentence.
	for _, p := range ls {
		for _, q := range promoSentences(a.Text[p[0]:p[1]]) {
			sp := news.Span{Start: p[0] + q[0], End: p[0] + q[1]}
			if !slices.ContainsFunc(hit, sp.Overlaps) && !credit(sp) {
				hit = append(hit, sp)
			}
		}
	}
	sort.Slice(hit, func(i, j int) bool { return hit[i].Start < hit[j].Start })
	if len(hit) == 0 {
		return nil
	}
	return &news.Signal{Type: news.SignalClickbaitInsert, Severity: news.SeverityLow, Spans: hit, Value: 1,
		Explanation: fmt.Sprintf("%s inside the body %s other content instead of reporting the story.", plural(len(hit), "line", "lines"), agree(len(hit), "promotes", "promote"))}
}

// endsSentence says whether line ends as a sentence does: a full stop, a
// question or exclamation mark or an ellipsis, before any closing quotes
// or brackets.
func endsSentence(line string) bool {
	t := strings.TrimRight(strings.TrimSpace(line), `"'”’»)]`)
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, "…")
}

var reShout = regexp.MustCompile(`\b[A-Z]{4,}\b`)

// clickbaitHeadline judges the headline with the clickbait model, or by its
// shape (shouted words, bait phrases) when no model is loaded.
func (as *Assessor) clickbaitHeadline(in Input) *news.Signal {
	t := in.Article.Title
	if t == "" {
		return nil
	}
	var p float64
	how := "the clickbait model"
	if as.Clickbait != nil {
		p = as.Clickbait(t)
	}
	shout := reShout.FindAllString(t, -1)
	if len(shout) > 0 || isBait(t) {
		p = max(p, 0.8)
		how = "its shouted words or bait phrases"
	}
	if p < 0.7 {
		return nil
	}
	return &news.Signal{Type: news.SignalClickbaitHeadline, Severity: news.SeverityLow, Value: p, Spans: []news.Span{},
		Explanation: fmt.Sprintf("The headline reads as clickbait (%.2f by %s).", p, how)}
}

// stance reports whether the article disputes the claim most of its story
// makes, taken as the headline of the story's earliest article.
func (as *Assessor) stance(in Input) *news.Signal {
	if as.Stance == nil || len(in.Story) == 0 {
		return nil
	}
	claim := ""
	for _, o := range in.Story {
		if o.Title != "" {
			claim = o.Title
			break
		}
	}
	if claim == "" {
		return nil
	}
	label, p := as.Cache.stanceOf(claim, in.Article.Text, as.Stance)
	s := &news.Signal{Type: news.SignalStance, Severity: news.SeverityInfo, Against: []int64{in.Story[0].ID},
		Explanation: fmt.Sprintf("Toward the story's claim %q the article reads as %s (%.2f).", claim, label, p)}
	if label == "disagree" {
		s.Severity, s.Value = news.SeverityMedium, p
	}
	return s
}

// originalitySignal reports an article mostly made of earlier articles.
func originalitySignal(in Input) *news.Signal {
	p := in.Provenance
	if len(p.DrawsOn) == 0 {
		return nil
	}
	if p.Originality >= 0.5 {
		return nil
	}
	why := fmt.Sprintf("Only %.0f%% of its text is found in no earlier article of the story.", 100*p.Originality)
	if creditsAll(in.Article, in.Story, p.DrawsOn) {
		why += " It credits the agency or outlet of each article it draws on: syndicated copy."
	}
	return &news.Signal{Type: news.SignalLowOriginality, Severity: news.SeverityInfo, Against: p.DrawsOn, Value: 1 - p.Originality, Explanation: why}
}

// creditsAll says whether article a credits (credits) each of the
// story's articles ids names.
func creditsAll(a *news.Article, story []*news.Article, ids []int64) bool {
	for _, id := range ids {
		i := slices.IndexFunc(story, func(o *news.Article) bool { return o.ID == id })
		if i < 0 || !credits(a, story[i]) {
			return false
		}
	}
	return len(ids) > 0
}
