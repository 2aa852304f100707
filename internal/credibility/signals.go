package credibility

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

var weekdayNames = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// findWeekdays returns the byte ranges of the weekday names in s that stand
// as whole words (ASCII word boundaries, as regexp's \b): what
// `\b(Monday|…|Sunday)\b` finds, without the regexp's backtracking, which
// cost a tenth of the analysis time of a busy stream.
func findWeekdays(s string) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := strings.Index(s[i:], "day")
		if j < 0 {
			return out
		}
		end := i + j + 3
		for _, name := range weekdayNames {
			start := end - len(name)
			if start >= 0 && s[start:end] == name && (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
				out = append(out, [2]int{start, end})
				break
			}
		}
		i = end
	}
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

var weekdays = map[string]time.Weekday{"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday,
	"Wednesday": time.Wednesday, "Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday}

// leadWeekday returns the first weekday an article names, with its spans
// (every mention of that weekday), or "" when it names none.
func leadWeekday(a *news.Article) (string, []news.Span) {
	ms := findWeekdays(a.Text)
	if len(ms) == 0 {
		return "", nil
	}
	day := a.Text[ms[0][0]:ms[0][1]]
	var spans []news.Span
	for _, m := range ms {
		if a.Text[m[0]:m[1]] == day {
			spans = append(spans, news.Span{Start: m[0], End: m[1]})
		}
	}
	return day, spans
}

// resolve returns the date a weekday names in an article published at pub:
// the latest such day on or before the publication date.
func resolve(day string, pub time.Time) time.Time {
	d := pub.Truncate(24 * time.Hour)
	for d.Weekday() != weekdays[day] {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// dateSignal compares the weekday an article gives for its event (the
// first it names) with the one the story's other outlets give, and with
// its own publication date.
func dateSignal(in Input) *news.Signal {
	day, spans := leadWeekday(in.Article)
	if day == "" {
		return nil
	}
	votes := map[string][]int64{}
	for _, o := range in.Story {
		if o.ID == in.Article.ID || (o.Outlet != "" && o.Outlet == in.Article.Outlet) {
			continue
		}
		if d, _ := leadWeekday(o); d != "" {
			votes[d] = append(votes[d], o.ID)
		}
	}
	best, n := "", 0
	for d, v := range votes {
		if len(v) > n || (len(v) == n && d < best) {
			best, n = d, len(v)
		}
	}
	if best == "" || best == day {
		return nil
	}
	// Other outlets that agree with the article weaken the finding.
	agree := len(votes[day])
	if agree >= n {
		return nil
	}
	when := ""
	for _, o := range in.Story {
		if !o.Published.IsZero() {
			if d, _ := leadWeekday(o); d == best {
				when = " (" + resolve(best, o.Published).Format("2006-01-02") + ")"
				break
			}
		}
	}
	return &news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityMedium, Spans: spans, Against: votes[best],
		Value:       float64(n-agree) / float64(n+agree),
		Explanation: fmt.Sprintf("It places the event on %s, where %s of the story put it on %s%s.", day, plural(n, "other outlet", "other outlets"), best, when)}
}

// names of an article's byline, for comparing with its credit lines.
func bylineNames(a *news.Article) []string {
	var out []string
	add := func(n string) {
		for _, p := range strings.FieldsFunc(n, func(r rune) bool { return r == ',' || r == ';' || r == '&' }) {
			for _, q := range strings.Split(p, " and ") {
				if q = strings.TrimSpace(q); q != "" {
					out = append(out, q)
				}
			}
		}
	}
	add(a.Byline)
	for _, c := range a.Credits {
		if c.Kind == news.CreditByline {
			add(c.Name)
		}
	}
	return out
}

// samePerson compares two printed names by their last word, or a first
// name with the first word of a full name.
func samePerson(a, b string) bool {
	fa, fb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	if len(fa) == 0 || len(fb) == 0 {
		return false
	}
	if fa[len(fa)-1] == fb[len(fb)-1] {
		return true
	}
	if len(fa) == 1 || len(fb) == 1 {
		return fa[0] == fb[0]
	}
	return false
}

// bylineSignal finds credit lines that name someone other than the byline:
// "X reported from Moscow" under another author, an author box about a
// different person, two different bylines.
func bylineSignal(in Input) *news.Signal {
	a := in.Article
	names := bylineNames(a)
	if len(names) == 0 {
		return nil
	}
	var spans []news.Span
	var conflicts []string
	for _, c := range a.Credits {
		if c.Kind == news.CreditAgency {
			continue
		}
		match := false
		for _, n := range names {
			if samePerson(n, c.Name) {
				match = true
			}
		}
		if !match {
			spans = append(spans, c.Span)
			conflicts = append(conflicts, c.Name)
		}
	}
	if len(conflicts) == 0 {
		return nil
	}
	by := names[0]
	return &news.Signal{Type: news.SignalBylineConflict, Severity: news.SeverityMedium, Spans: spans, Value: 1,
		Explanation: fmt.Sprintf("The article is credited to %s, but its credit lines name %s.", by, strings.Join(uniqStrings(conflicts), " and "))}
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

// sentenceKey folds a sentence to lower-case words, for exact copy checks.
func sentenceKey(s string) string { return strings.Join(text.Words(s), " ") }

// copiedSignal finds an earlier article of the story, from another outlet
// and under another name, whose sentences this article repeats word for
// word for the most part.
func copiedSignal(in Input) *news.Signal {
	a := in.Article
	mine := bylineNames(a)
	var keys []string
	var spans []news.Span
	for _, s := range a.Sentences {
		if k := sentenceKey(s.Span.Slice(a.Text)); len(strings.Fields(k)) >= 5 {
			keys, spans = append(keys, k), append(spans, s.Span)
		}
	}
	if len(keys) < 3 {
		return nil
	}
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
		if len(theirs) == 0 || len(mine) == 0 || anySame(mine, theirs) {
			continue
		}
		set := map[string]bool{}
		for _, s := range o.Sentences {
			set[sentenceKey(s.Span.Slice(o.Text))] = true
		}
		var hit []news.Span
		for i, k := range keys {
			if set[k] {
				hit = append(hit, spans[i])
			}
		}
		share := float64(len(hit)) / float64(len(keys))
		if share >= 0.6 {
			return &news.Signal{Type: news.SignalCopiedUnderOtherByline, Severity: news.SeverityHigh, Spans: merge(hit), Against: []int64{o.ID},
				Value:       share,
				Explanation: fmt.Sprintf("%.0f%% of its sentences are word for word those of article #%d by %s, yet it is credited to %s.", 100*share, o.ID, theirs[0], mine[0])}
		}
	}
	return nil
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

var reBait = regexp.MustCompile(`(?i)you won'?t believe|what happened next|will shock you|this is why|here'?s why|the reason will|goes viral|jaw-dropping|mind-blowing`)

// clickbaitInsert finds promotional and clickbait lines inside the body.
func (as *Assessor) clickbaitInsert(in Input) *news.Signal {
	a := in.Article
	var hit []news.Span
	for _, p := range text.Paragraphs(a.Text) {
		line := a.Text[p[0]:p[1]]
		if len(line) > 200 {
			continue
		}
		sp := news.Span{Start: p[0], End: p[1]}
		credit := false
		for _, c := range a.Credits {
			credit = credit || c.Span.Overlaps(sp)
		}
		if credit {
			continue // a byline or credit line, not an insert
		}
		bait := rePromo.MatchString(line) || reBait.MatchString(line)
		// The model judges headline-like lines only: a few words, no
		// sentence end. Names and captions are too short to judge.
		if !bait && as.Clickbait != nil && len(line) < 140 && len(strings.Fields(line)) >= 4 && !strings.HasSuffix(strings.TrimSpace(line), ".") {
			bait = as.Clickbait(line) >= 0.9
		}
		if bait {
			hit = append(hit, news.Span{Start: p[0], End: p[1]})
		}
	}
	if len(hit) == 0 {
		return nil
	}
	return &news.Signal{Type: news.SignalClickbaitInsert, Severity: news.SeverityLow, Spans: hit, Value: 1,
		Explanation: fmt.Sprintf("%s inside the body promote other content rather than report the story.", plural(len(hit), "line", "lines"))}
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
	if len(shout) > 0 || reBait.MatchString(t) {
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
	return &news.Signal{Type: news.SignalLowOriginality, Severity: news.SeverityInfo, Against: p.DrawsOn, Value: 1 - p.Originality,
		Explanation: fmt.Sprintf("Only %.0f%% of its text is found in no earlier article of the story.", 100*p.Originality)}
}
