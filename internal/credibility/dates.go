package credibility

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/memo"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/text"
	"github.com/zeebo/xxh3"
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

// EventWeekdays returns the byte ranges of the weekday names of an
// article's text that may date its event: not inside direct quotes (the
// speaker's own "on Friday"), in date stamps ("Friday, December 15, 2017"
// on a line of its own: when the page was printed or updated) nor in
// names ("The Sunday Times", "Good Friday").
func EventWeekdays(s string) [][2]int {
	var ms [][2]int
	q := quoteScan{s: s}
	for _, m := range findWeekdays(s) {
		if !q.quoted(m[0]) && !dateStamp(s, m) && !inName(s, m) {
			ms = append(ms, m)
		}
	}
	return ms
}

// reNameAfter matches a capitalised word after a weekday that makes it part
// of a name ("Sunday Times", "Monday Night Football"), not a month
// ("Friday December 15").
var reNameAfter = regexp.MustCompile(`^ (\p{Lu}\p{Ll}+)`)

// nameBefore are words that make a weekday after them a name.
var nameBefore = map[string]bool{"Good": true, "Black": true, "Super": true, "Bloody": true, "Ash": true, "Easter": true,
	"Palm": true, "Holy": true, "Maundy": true, "Cyber": true, "Giving": true, "Shrove": true, "Fat": true}

// inName says whether the weekday at m is part of a name: "The Sunday
// Times", "Good Friday".
func inName(s string, m [2]int) bool {
	if g := reNameAfter.FindStringSubmatch(s[m[1]:]); g != nil {
		if _, month := monthNames[g[1][:min(3, len(g[1]))]]; !month {
			return true
		}
	}
	before := strings.TrimRight(s[:m[0]], " ")
	return nameBefore[before[strings.LastIndexAny(before, " \n\t(\"“")+1:]]
}

// leadWeekday returns the first weekday an article names for an event
// (EventWeekdays), with its spans: its mentions of that weekday in the
// lead's sentence and in sentences that share with it as much as
// sameEvent asks at least (the same event told again; "shares slipped on
// Friday" pasted in from other news is no evidence of where the article
// puts its event), or "" when it names none.
func leadWeekday(a *news.Article) (string, []news.Span) {
	day, lead := "", -1
	var spans []news.Span
	x := eventNotes(a) // EventWeekdays(a.Text), read once
	for _, n := range x.notes {
		if n.weekday == "" || day != "" && n.weekday != day {
			continue
		}
		if day == "" {
			day, lead = n.weekday, n.sent
		} else if n.sent != lead && eventWords(x, lead, x, n.sent) < minEventScore {
			continue
		}
		spans = append(spans, n.span)
	}
	return day, spans
}

// quoteScan says whether offsets of one text lie inside a direct quote of
// their paragraph (after an opening curly quote not yet closed, or after
// an odd number of straight double quotes), reading the text once when
// asked about offsets in increasing order, as findWeekdays and findDates
// give them: reading each offset's paragraph from its start is quadratic
// on one long paragraph full of dates.
type quoteScan struct {
	s        string
	at       int  // the offsets before it are read
	straight int  // straight double quotes since the paragraph began
	open     bool // a curly quote opened and not closed since
}

// quoted says whether byte i of the text lies inside a direct quote.
func (q *quoteScan) quoted(i int) bool {
	if i < q.at {
		*q = quoteScan{s: q.s} // asked out of order: read again from the start
	}
	for ; q.at < i; q.at++ {
		switch c := q.s[q.at]; {
		case c == '\n' && q.at > 0 && q.s[q.at-1] == '\n': // a paragraph break ends here
			q.straight, q.open = 0, false
		case c == '"':
			q.straight++
		case c == 0xE2 && strings.HasPrefix(q.s[q.at:], "“"):
			q.open = true
		case c == 0xE2 && strings.HasPrefix(q.s[q.at:], "”"):
			q.open = false
		}
	}
	return q.open || q.straight%2 == 1
}

// shortLine returns the bounds of the line holding s[i:j] when it is at
// most n bytes long, looking no further than that; ok is false for a
// longer line.
func shortLine(s string, i, j, n int) (ls, le int, ok bool) {
	if j-i > n {
		return 0, 0, false
	}
	lo := max(0, j-n-1)
	ls = strings.LastIndexByte(s[lo:i], '\n') + 1 + lo
	if ls == lo && lo > 0 {
		return 0, 0, false // no line break within reach
	}
	hi := min(len(s), ls+n+1)
	le = strings.IndexByte(s[j:hi], '\n')
	if le < 0 {
		if hi < len(s) {
			return 0, 0, false
		}
		le = len(s)
	} else {
		le += j
	}
	return ls, le, le-ls <= n
}

// reStampDate matches what follows the weekday of a date stamp:
// ", December 15, 2017", " 14 December 2017", ", 15.12.2017".
var reStampDate = regexp.MustCompile(`^,?\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,4}[./-]\d{1,2}[./-]\d{1,4})`)

// reStampLabel matches what may stand before the weekday of a date stamp.
var reStampLabel = regexp.MustCompile(`(?i)^(?:(?:last\s+)?(?:updated|published|posted|modified)|date)?(?:\s+on)?\s*:?$`)

// dateStamp says whether the weekday at m opens a short line with a full
// date, as pages print when they were published or updated ("Friday,
// December 15, 2017", "Updated: Friday 15 December 2017 10:32"); a
// sentence that gives the event's weekday and date ("Gunmen attacked on
// Friday, Nov. 13.") is no stamp.
func dateStamp(s string, m [2]int) bool {
	if !reStampDate.MatchString(s[m[1]:]) {
		return false
	}
	ls, le, ok := shortLine(s, m[0], m[1], 100)
	if !ok {
		return false
	}
	line := strings.TrimSpace(s[ls:le])
	return reStampLabel.MatchString(strings.TrimSpace(s[ls:m[0]])) && !strings.HasSuffix(line, ".")
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

// monthPat matches a month name as news prints it, full or abbreviated.
const monthPat = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// datePat matches an explicit date: "Dec. 14", "December 14th, 2017",
// "14 December 2017", "the 14th of December". Its groups: month and day
// (month first), day and month (day first), year.
const datePat = monthPat + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthPat + `\b\.?`

var (
	reDate = regexp.MustCompile(`\b(?:` + datePat + `)(?:,?\s+(\d{4})\b)?`)
	// reWeekdayDate matches the date that follows a weekday as its own
	// ("Friday, Dec. 14, 2017", "Friday 14 December", "Friday (Dec. 14)").
	reWeekdayDate = regexp.MustCompile(`^(?:,\s*|\s+|\s*\(\s*)(?:the\s+)?(?:` + datePat + `)(?:,?\s+(\d{4})\b)?`)
	// reDatelineDate matches a dated dateline a report opens with:
	// "MOSCOW, Dec 14 (Reuters) - ", "PARIS, France, March 3, 2015 — ".
	reDatelineDate = regexp.MustCompile(`^\s*\p{Lu}[\p{Lu}.'’ \-]*\p{Lu},\s+(?:\p{Lu}[\p{L}. ]{1,30},\s+)?(?:` + datePat + `)(?:,?\s+(\d{4})\b)?\s*(?:\([\p{L} ]{2,30}\))?\s*(?:[—–]|-{1,2})\s`)
)

// findDateline returns the offsets of the dated dateline a report opens
// with (reDatelineDate's submatches) in s: at its start, or at the start
// of a line after a few short lines that end no sentence (a byline, a
// date line: "Par Élodie Marchand\n04.02.2026\n\nORVIK, 3 Feb (Reuters) -
// …"); nil when it has none.
func findDateline(s string) []int {
	off := 0
	for range 6 {
		if g := reDatelineDate.FindStringSubmatchIndex(s[off:]); g != nil {
			for i := range g {
				if g[i] >= 0 {
					g[i] += off
				}
			}
			return g
		}
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			return nil
		}
		if line := strings.TrimSpace(s[off : off+end]); len(line) > 80 || strings.HasSuffix(line, ".") {
			return nil
		}
		off += end + 1
	}
	return nil
}

var monthNames = map[string]time.Month{"Jan": time.January, "Feb": time.February, "Mar": time.March, "Apr": time.April,
	"May": time.May, "Jun": time.June, "Jul": time.July, "Aug": time.August, "Sep": time.September, "Oct": time.October,
	"Nov": time.November, "Dec": time.December}

// calDate is a day of the calendar as a text gives it: its year is 0
// when the text gives none and none can be inferred.
type calDate struct {
	year  int
	month time.Month
	day   int
	// guessed is true when the year is not the text's but withYear's and
	// the date is more than six weeks from the publication: a scheduled
	// event ("will be held on May 3") may fall in the next year, so such a
	// year never contradicts.
	guessed bool
}

// parseDate reads the groups of a datePat match (g holds the byte
// offsets of its five groups, as FindStringSubmatchIndex returns them
// after the whole match) in s; ok is false for a day the month has not.
func parseDate(s string, g []int) (calDate, bool) {
	var d calDate
	grp := func(i int) string {
		if g[2*i] < 0 {
			return ""
		}
		return s[g[2*i]:g[2*i+1]]
	}
	mon, day := grp(0), grp(1)
	if mon == "" {
		day, mon = grp(2), grp(3)
	}
	d.month = monthNames[mon[:3]]
	fmt.Sscan(day, &d.day)
	if y := grp(4); y != "" {
		fmt.Sscan(y, &d.year)
	}
	if d.day < 1 || d.day > 31 {
		return d, false
	}
	if t := time.Date(2000, d.month, d.day, 0, 0, 0, 0, time.UTC); t.Day() != d.day { // 2000 was a leap year
		return d, false
	}
	return d, true
}

// withYear gives d the year of an article published at pub when it has
// none: the year that puts it within about ten months before and two
// after the publication; d is returned as is when pub is unknown.
func (d calDate) withYear(pub time.Time) calDate {
	if d.year != 0 || pub.IsZero() {
		return d
	}
	d.year = pub.Year()
	t := d.time()
	switch {
	case t.After(pub.AddDate(0, 2, 0)):
		d.year--
	case t.Before(pub.AddDate(0, -10, 0)):
		d.year++
	}
	// Within six weeks of the publication the year is as good as given;
	// further off it is a guess (a date months ahead is as likely this
	// year's scheduled event as last year's).
	if t = d.time(); t.Before(pub.AddDate(0, 0, -45)) || t.After(pub.AddDate(0, 0, 45)) {
		d.guessed = true
	}
	return d
}

func (d calDate) time() time.Time { return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC) }

// fits says whether the calendar can put d on weekday wd: in d's year, or
// for a guessed year in the year before or after it too.
func (d calDate) fits(wd time.Weekday) bool {
	for dy := -1; dy <= 1; dy++ {
		if dy != 0 && !d.guessed {
			continue
		}
		if time.Date(d.year+dy, d.month, d.day, 0, 0, 0, 0, time.UTC).Weekday() == wd {
			return true
		}
	}
	return false
}

// String prints d as "December 14, 2017", or "December 14" without a year
// of the text's.
func (d calDate) String() string {
	if d.year == 0 || d.guessed {
		return fmt.Sprintf("%s %d", d.month, d.day)
	}
	return fmt.Sprintf("%s %d, %d", d.month, d.day, d.year)
}

// calendarSlips returns the weekdays of a that the calendar cannot put on
// the date written with them ("Friday, Dec. 14, 2017", "Dec. 14, 2017
// (Friday)", when the 14th was a Thursday), each span covering the
// weekday and its date, with a
// sentence saying so. A date without a year takes the publication's;
// without either nothing can be checked.
func calendarSlips(a *news.Article) ([]news.Span, []string) {
	var spans []news.Span
	var why []string
	for _, m := range findWeekdays(a.Text) {
		g := reWeekdayDate.FindStringSubmatchIndex(a.Text[m[1]:])
		if g == nil {
			continue
		}
		d, ok := parseDate(a.Text[m[1]:], g[2:])
		if d = d.withYear(a.Published); !ok || d.year == 0 {
			continue
		}
		day := a.Text[m[0]:m[1]]
		if wd := d.time().Weekday(); !d.fits(weekdays[day]) {
			spans = append(spans, news.Span{Start: m[0], End: m[1] + g[1]})
			why = append(why, slipWhy(day, d, wd))
		}
	}
	// The weekday after its date: "Dec. 14 (Friday)".
	for _, g := range findDates(a.Text) {
		w := reDateWeekday.FindStringSubmatchIndex(a.Text[g[1]:])
		if w == nil {
			continue
		}
		d, ok := parseDate(a.Text, g[2:])
		if d = d.withYear(a.Published); !ok || d.year == 0 {
			continue
		}
		day := a.Text[g[1]+w[2] : g[1]+w[3]]
		if wd := d.time().Weekday(); !d.fits(weekdays[day]) {
			spans = append(spans, news.Span{Start: g[0], End: g[1] + w[1]})
			why = append(why, slipWhy(day, d, wd))
		}
	}
	return spans, why
}

// slipWhy says why weekday day cannot be date d (whose weekday is wd).
func slipWhy(day string, d calDate, wd time.Weekday) string {
	if d.guessed {
		return fmt.Sprintf("It dates something %s, %s, but %s was no %s in %d, %d or %d.", day, d, d, day, d.year-1, d.year, d.year+1)
	}
	return fmt.Sprintf("It dates something %s, %s, but %s was a %s.", day, d, d, wd)
}

// reDateWeekday matches a weekday in brackets after a date: " (Friday)".
var reDateWeekday = regexp.MustCompile(`^\s*\(\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*\)`)

// datelineSlip checks the weekday of a report's first sentence against
// the date of its dateline ("MOSCOW, Dec 14 (Reuters) - … said on
// Friday"): a lead reports the news of its dateline's day or of the day
// before, so a weekday that can only mean two to six days before the
// dateline contradicts it. It returns the weekday's span and why, or a
// zero span.
func datelineSlip(a *news.Article) (news.Span, string) {
	g := findDateline(a.Text)
	if g == nil {
		return news.Span{}, ""
	}
	d, ok := parseDate(a.Text, g[2:])
	if d = d.withYear(a.Published); !ok || d.year == 0 {
		return news.Span{}, ""
	}
	notes := eventNotes(a) // its sentences and event weekdays, read once
	end := len(a.Text)
	for _, s := range notes.sents {
		if s.End > g[1] {
			end = s.End
			break
		}
	}
	dl := d.time().Weekday()
	var lead [][2]int
	for _, n := range notes.notes {
		if n.weekday != "" && n.span.Start >= g[1] && n.span.End <= end {
			lead = append(lead, [2]int{n.span.Start, n.span.End})
		}
	}
	// A lead that names the dateline's day or the day before reports that
	// news; another weekday in it is a cause or a step before ("rose on
	// Monday after the bank said on Friday").
	for _, m := range lead {
		if back := (int(dl) - int(weekdays[a.Text[m[0]:m[1]]]) + 7) % 7; back < 2 {
			return news.Span{}, ""
		}
	}
	if len(lead) == 0 {
		return news.Span{}, ""
	}
	m := lead[0]
	if reWeekdayDate.MatchString(a.Text[m[1]:]) || reNotNewsDay.MatchString(a.Text[g[1]:m[0]]) {
		// A date of its own (calendarSlips checks it), or a day ahead or
		// a bound ("will vote on Monday", "next Tuesday", "until Friday").
		return news.Span{}, ""
	}
	back := (int(dl) - int(weekdays[a.Text[m[0]:m[1]]]) + 7) % 7
	day := a.Text[m[0]:m[1]]
	return news.Span{Start: m[0], End: m[1]}, fmt.Sprintf("Its dateline dates it %s, %s, but its first sentence puts the news on %s, which can only be %s, %d days earlier.",
		dl, d, day, d.time().AddDate(0, 0, -back).Format("January 2"), back)
}

// reNotNewsDay matches, in a lead before its first weekday, what makes
// that weekday no day of the news: the future ("will", "would", "is to",
// "plans", "scheduled", "due", "expected"), "next", "last", or a bound
// ("until", "by", "from", "since", "before", "after").
var reNotNewsDay = regexp.MustCompile(`(?i)\b(?:will|would|shall|is to|are to|plans?|planned|scheduled|due|expected|set to|next|last|until|till|by|from|since|before|after|ahead of)\W+(?:\w+\W+){0,6}$`)

// Relative days with their weekday: "yesterday (Thursday)", "today,
// Friday", "Friday (today)".
var (
	reRelWeekday = regexp.MustCompile(`\b((?i:today|yesterday|tomorrow))\s*(?:,|\(|—|–)\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	reWeekdayRel = regexp.MustCompile(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*\(\s*((?i:today|yesterday|tomorrow))\s*\)`)
	relOffset    = map[string]int{"today": 0, "yesterday": -1, "tomorrow": 1}
	// reDayRange matches what makes a weekday the start of a list or range
	// of days: " through Friday", " and Sunday", " to Friday".
	reDayRange = regexp.MustCompile(`^\s*(?:through|thru|to|till|until|and|or|&|-|–|—)\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
)

// relativeSlips returns the weekdays an article gives "today",
// "yesterday" or "tomorrow" that its publication date cannot: two days or
// more off the day it means (one day is left to time zones and late
// editions). A weekday alone never contradicts the publication date:
// news names by their weekday the days of the week before it.
func relativeSlips(a *news.Article) ([]news.Span, []string) {
	if a.Published.IsZero() || !hasRelativeDay(a.Text) {
		return nil, nil
	}
	var spans []news.Span
	var why []string
	check := func(rel string, day string, sp news.Span) {
		want := a.Published.AddDate(0, 0, relOffset[strings.ToLower(rel)])
		off := (int(weekdays[day]) - int(want.Weekday()) + 7) % 7
		if off >= 2 && off <= 5 {
			spans = append(spans, sp)
			why = append(why, fmt.Sprintf("It calls %s %s, but it was published on %s: %s was %s.",
				strings.ToLower(rel), day, a.Published.Format("Monday, January 2, 2006"), strings.ToLower(rel), want.Format("Monday, January 2")))
		}
	}
	for _, g := range reRelWeekday.FindAllStringSubmatchIndex(a.Text, -1) {
		if reDayRange.MatchString(a.Text[g[5]:]) {
			continue // "today, Monday through Friday": a range, not today's name
		}
		check(a.Text[g[2]:g[3]], a.Text[g[4]:g[5]], news.Span{Start: g[0], End: g[1]})
	}
	for _, g := range reWeekdayRel.FindAllStringSubmatchIndex(a.Text, -1) {
		check(a.Text[g[4]:g[5]], a.Text[g[2]:g[3]], news.Span{Start: g[0], End: g[1]})
	}
	return spans, why
}

// hasRelativeDay reports whether s holds "today", "yesterday" or
// "tomorrow" in any case, which both of relativeSlips' expressions need:
// most texts have none, and the expressions are slow to run over a whole
// text. It looks for "today", "terday" and "tomorrow" in any case: none of
// their letters has a case variant outside ASCII (the "s" of "yesterday"
// has one, the long s, and is left out).
func hasRelativeDay(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] | 0x20 {
		case 'y': // the end of "today" or "terday"
			if i >= 4 && strings.EqualFold(s[i-4:i], "toda") || i >= 5 && strings.EqualFold(s[i-5:i], "terda") {
				return true
			}
		case 'w': // the end of "tomorrow"
			if i >= 7 && strings.EqualFold(s[i-7:i], "tomorro") {
				return true
			}
		}
	}
	return false
}

// dateSignal gathers an article's date contradictions in one signal: the
// weekdays the calendar, its publication date or its dateline cannot put
// on the dates it gives (calendarSlips, relativeSlips, datelineSlip), and
// the days its story's other outlets give for its event
// (storyDateSignal).
func dateSignal(in Input) *news.Signal {
	var out *news.Signal
	add := func(s *news.Signal) {
		if s == nil {
			return
		}
		if out == nil {
			out = s
			return
		}
		if severityRank[s.Severity] > severityRank[out.Severity] {
			out.Severity = s.Severity
		}
		out.Spans = append(out.Spans, s.Spans...)
		for _, id := range s.Against {
			if !slices.Contains(out.Against, id) {
				out.Against = append(out.Against, id)
			}
		}
		out.Value = max(out.Value, s.Value)
		out.Explanation += " " + s.Explanation
	}
	if spans, why := calendarSlips(in.Article); len(spans) > 0 {
		add(&news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityMedium, Spans: spans, Value: 1,
			Explanation: strings.Join(why, " ")})
	}
	if spans, why := relativeSlips(in.Article); len(spans) > 0 {
		add(&news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityLow, Spans: spans, Value: 0.5,
			Explanation: strings.Join(why, " ")})
	}
	if sp, why := datelineSlip(in.Article); sp.Len() > 0 {
		add(&news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityLow, Spans: []news.Span{sp}, Value: 0.5,
			Explanation: why})
	}
	add(storyDateSignal(in))
	if out != nil {
		sort.Slice(out.Spans, func(i, j int) bool { return out.Spans[i].Start < out.Spans[j].Start })
	}
	return out
}

var severityRank = map[string]int{news.SeverityInfo: 0, news.SeverityLow: 1, news.SeverityMedium: 2, news.SeverityHigh: 3}

// storyDateSignal compares the days an article gives for its event with
// the ones the story's other outlets give: first its lead weekday with
// theirs (leadWeekdaySignal), then each weekday and date it gives with the
// ones the others give in their own account of the same event
// (eventDateSignal), and when that finds no account to compare with, its
// lead date with their leads' days (leadDateSignal).
func storyDateSignal(in Input) *news.Signal {
	if s := leadWeekdaySignal(in); s != nil {
		return s
	}
	if s := eventDateSignal(in); s != nil {
		return s
	}
	return leadDateSignal(in)
}

// outletReports returns the story's articles of other outlets than in's,
// one an outlet (the first; articles of unknown outlets count each).
func outletReports(in Input) []*news.Article {
	var out []*news.Article
	seen := map[string]bool{}
	for _, o := range in.Story {
		if o.ID == in.Article.ID || (o.Outlet != "" && (o.Outlet == in.Article.Outlet || seen[o.Outlet])) {
			continue
		}
		if o.Outlet != "" {
			seen[o.Outlet] = true
		}
		out = append(out, o)
	}
	return out
}

// leadWeekdaySignal compares the weekday an article gives for its event
// (the first it names) with the ones the story's other outlets give. When
// at least two of them agree on another day, no other day is given as
// often, and fewer of them mention the article's day at all, the article
// contradicts the story (medium). Otherwise (one other outlet, or outlets
// split between days) a disagreement of lead weekdays alone says nothing:
// reports that open on different weekdays often date different steps of
// one event (the announcement, the day it spread); eventDateSignal
// compares them event by event.
func leadWeekdaySignal(in Input) *news.Signal {
	day, spans := leadWeekday(in.Article)
	if day == "" {
		return nil
	}
	// The other outlets' articles that name a weekday, one an outlet
	// (articles of unknown outlets count each), with every weekday each
	// names, read once.
	type leadDays struct {
		a    *news.Article
		days []string // in text order: days[0] is its lead weekday
	}
	var named []leadDays
	votes := map[string][]int64{}
	xl := eventNotes(in.Article)
	var lead dayNote
	var xdays []string
	for _, n := range xl.notes {
		if n.weekday != "" {
			if len(xdays) == 0 {
				lead = n
			}
			xdays = append(xdays, n.weekday)
		}
	}
	for _, o := range outletReports(in) {
		d := leadDays{a: o}
		for _, n := range eventNotes(o).notes { // EventWeekdays(o.Text), read once
			if n.weekday != "" {
				d.days = append(d.days, n.weekday)
			}
		}
		// A later report whose lead day comes after o was published, and
		// which names o's day as well ("an aftershock on Tuesday …
		// Monday's earthquake"), leads on a later step of the story.
		if len(d.days) == 0 || laterStepIn(xl, lead, eventNotes(o), true) && slices.Contains(xdays, d.days[0]) {
			continue
		}
		votes[d.days[0]] = append(votes[d.days[0]], o.ID)
		named = append(named, d)
	}
	counts := make(map[string]int, len(votes))
	for d, ids := range votes {
		counts[d] = len(ids)
	}
	best, ok := outvoting(counts)
	if !ok && len(named) == 1 {
		best, ok = ownAccountDay(xl, lead, named[0].a, named[0].days[0])
	}
	if !ok || best == day {
		return nil
	}
	n := counts[best]
	mention := 0 // others that mention the article's day for its event
	x := eventNotes(in.Article)
	step := "" // a sentence naming the article's day for another step
	var steps []string
	for _, d := range named {
		if !slices.Contains(d.days, day) {
			continue
		}
		o := eventNotes(d.a)
		if k := otherStep(x, o, day, best); k < 0 {
			mention++
		} else {
			steps = append(steps, fmt.Sprintf("#%d", d.a.ID))
			if step == "" {
				step = o.sents[k].Slice(o.a.Text)
			}
		}
	}
	if mention >= n {
		return nil
	}
	when, date := "", ""
	for _, d := range named {
		if t, ok := resolveIn(d.a, best); ok && d.days[0] == best {
			when = " (" + t.Format("2006-01-02") + ")"
			// The date the article's lead sentence gives with its day,
			// when it is not the one the others' day resolves to.
			if m, ok := leadDate(x); ok && (m.date.month != t.Month() || m.date.day != t.Day()) {
				spans = append(spans, m.span)
				date = ", " + m.date.String()
			}
			break
		}
	}
	why := fmt.Sprintf("It places the event on %s%s, where %s of the story put it on %s%s.", day, date, plural(n, "other outlet", "other outlets"), best, when)
	if n < 2 {
		why = fmt.Sprintf("It places the event on %s%s in its lead, where it gives %s further on for the same event, as the story's other outlet does%s.", day, date, best, when)
	}
	if step != "" {
		why += fmt.Sprintf(" %s %s %s %s only for another step (“%s”).", agree(len(steps), "Article", "Articles"), strings.Join(steps, " and "), agree(len(steps), "names", "name"), day, clipAround(step, day))
	}
	return &news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityMedium, Spans: spans, Against: votes[best],
		Value: float64(n-mention) / float64(n+mention), Explanation: why}
}

// ownAccountDay returns other, the lead weekday of o (the story's one
// other outlet that names a weekday), as the story's day when the article
// gives other further on for the event of its lead sentence (a later
// sentence that tells the same event, sameEvent, and names no other
// weekday) while its lead names another day: an article whose lead alone
// moves the event to another day contradicts its own account as well as
// o's. A lead day that falls after o's day, counted back from the
// article's own date, may date a later step ("police arrested a man on
// Tuesday … the fire broke out on Monday") and is let be. Otherwise one
// outlet against the lead says nothing (see leadWeekdaySignal).
//
// The lead's own day must be the one it gives the event the later sentence
// tells: a lead that names other too ("a strike planned for Monday was
// called off on Wednesday"), whose day is that of a plan ("planned for
// Monday", "originally due on Monday"), or whose day stands in a clause
// the later sentence does not tell ("charged a man over a fire that
// destroyed a warehouse on Monday … was charged on Wednesday": the later
// sentence shares more with the rest of the lead than with the weekday's
// clause, dayClause) moves nothing.
func ownAccountDay(x *dated, lead dayNote, o *news.Article, other string) (string, bool) {
	if lead.weekday == "" || lead.weekday == other || x.gives(lead.sent, dayNote{weekday: other}) {
		return "", false
	}
	sent := x.sents[lead.sent]
	if rePlannedDay.MatchString(x.a.Text[sent.Start:lead.span.Start]) {
		return "", false
	}
	clause := dayClause(x.a.Text, sent, lead.span)
	inClause := func(h uint64) bool { _, ok := slices.BinarySearch(clause, h); return ok }
	od, ok := resolveIn(o, other)
	if !ok {
		return "", false
	}
	if t, ok := resolveIn(x.a, lead.weekday); ok && t.After(od) {
		return "", false
	}
	for _, n := range x.notes {
		if n.sent == lead.sent || n.weekday != other {
			continue
		}
		alone := true // the sentence names no other weekday
		for _, m := range x.notes {
			if m.sent == n.sent && m.weekday != "" && m.weekday != other {
				alone = false
			}
		}
		if !alone || sameEvent(x, lead.sent, x, n.sent) < minEventScore {
			continue
		}
		// The shared words, weighed as sharedWords does, in the weekday's
		// clause and in the rest of the lead.
		// A later sentence that tells the clause's own event (half of its
		// event words or more: "A wildfire, which broke out on Monday, …"
		// … "The wildfire broke out … on Sunday night") moves the day
		// too, though it shares more with the rest of the lead.
		var in, rest float64
		covered := 0
		leadWords := x.words[lead.sent]
		for _, w := range x.words[n.sent] {
			k, ok := slices.BinarySearchFunc(leadWords, w.hash, func(a sentWord, h uint64) int { return cmp.Compare(a.hash, h) })
			if !ok {
				continue
			}
			if v := 2 / float64(leadWords[k].n+w.n); inClause(w.hash) {
				in += v
				covered++
			} else {
				rest += v
			}
		}
		if in > rest || len(clause) > 0 && 2*covered >= len(clause) {
			return other, true
		}
	}
	return "", false
}

// rePlannedDay matches the words before a weekday that make it the day of
// a plan rather than of an event ("planned for Monday", "originally due on
// Monday", "scheduled for next Monday").
var rePlannedDay = regexp.MustCompile(`(?i)(?:\b(?:planned|scheduled|due|slated|expected)\s+(?:for|on)\s+|\bset\s+for\s+|\boriginally\s+(?:planned|scheduled|due|slated|set|expected)\s+(?:for|on)\s+)(?:next\s+|this\s+)?$`)

// reClauseOpen matches what opens a clause or a phrase of its own in a
// sentence: a punctuation mark, a relative pronoun or a conjunction or
// preposition that introduces another event ("after", "over", "following").
var reClauseOpen = regexp.MustCompile(`(?i)[,;:()—–]|\b(?:that|which|who|whom|whose|where|when|after|before|as|while|over|following|because|amid|during)\b`)

// dayClause returns the event words (eventHashes) of the clause of
// sentence sent that holds day: from the last clause opener (reClauseOpen)
// before the day to the first after it, or to the sentence's ends.
func dayClause(s string, sent, day news.Span) []uint64 {
	start, end := sent.Start, sent.End
	for _, m := range reClauseOpen.FindAllStringIndex(s[sent.Start:sent.End], -1) {
		at := sent.Start + m[0]
		if at < day.Start {
			start = at
		} else if at >= day.End {
			end = at
			break
		}
	}
	return eventHashes(s[start:end])
}

// leadDate returns the explicit date an article gives with its lead
// weekday (weekdayDate), if any.
func leadDate(x *dated) (dayNote, bool) {
	for i, n := range x.notes {
		if n.weekday != "" {
			return weekdayDate(x, i)
		}
	}
	return dayNote{}, false
}

// weekdayDate returns the explicit date written with weekday note i of d:
// a date note of its sentence that starts at most 20 bytes after it
// ("Monday night, February 2", "Monday (Feb. 2)"), if any.
func weekdayDate(d *dated, i int) (dayNote, bool) {
	n := d.notes[i]
	for _, m := range d.notes[i+1:] {
		if m.sent != n.sent || m.span.Start > n.span.End+20 {
			break
		}
		if m.weekday == "" {
			return m, true
		}
	}
	return dayNote{}, false
}

// otherStep says whether an outlet (o) that opens on weekday best names
// the article's lead weekday day only for another step of the event than
// the article's lead tells ("filed for bankruptcy on Tuesday … a rescue
// fell through on Monday" against "went bust on Monday"): every sentence
// of o that names day shares less with the article's lead sentence
// (eventWords) than o's lead sentence does, and the article's lead
// sentence does not name best as well. It returns the index of o's first
// sentence naming day, or -1 when o names it for the article's event.
func otherStep(x, o *dated, day, best string) int {
	lead := func(d *dated) (dayNote, bool) {
		for _, n := range d.notes {
			if n.weekday != "" {
				return n, true
			}
		}
		return dayNote{}, false
	}
	xl, ok := lead(x)
	if !ok || x.gives(xl.sent, dayNote{weekday: best}) {
		return -1
	}
	ol, ok := lead(o)
	if !ok || ol.weekday != best {
		return -1
	}
	return stepSentence(x, xl.sent, o, ol.sent, func(m dayNote) bool { return m.weekday == day })
}

// stepSentence returns the first sentence of o holding a note that names
// (names) when every such sentence shares less with sentence xs of x (the
// article's lead) than o's lead sentence os does, and less than sameEvent
// asks at least: o names that day for another step of the event. It
// returns -1 otherwise, or when o's lead shares nothing with xs.
func stepSentence(x *dated, xs int, o *dated, os int, names func(dayNote) bool) int {
	near := eventWords(x, xs, o, os)
	if near == 0 {
		return -1
	}
	first := -1
	for _, m := range firstNotes(o.notes) {
		if !names(m) {
			continue
		}
		if sc := eventWords(x, xs, o, m.sent); sc >= near || sc >= minEventScore {
			return -1
		}
		if first < 0 {
			first = m.sent
		}
	}
	return first
}

// leadDay returns the day an article's lead gives its event on the
// calendar: its first day note, an explicit date (its year inferred from
// the publication when it has none, else 0), or a weekday with the date
// written with it (weekdayDate), or a weekday resolved against its
// article's anchor (anchorOf: the dateline's date or else the publication
// date). ok is false when the article gives no day or its weekday has
// nothing to resolve against.
func leadDay(d *dated) (n dayNote, day calDate, ok bool) {
	if len(d.notes) == 0 {
		return dayNote{}, calDate{}, false
	}
	n = d.notes[0]
	if n.weekday == "" {
		return n, n.date, true
	}
	if m, ok := weekdayDate(d, 0); ok {
		return n, m.date, true
	}
	if t, ok := resolveIn(d.a, n.weekday); ok {
		return n, calDate{year: t.Year(), month: t.Month(), day: t.Day()}, true
	}
	return n, calDate{}, false
}

// resolveIn returns the date weekday day names in article a: the latest
// such day on or before its anchor (anchorOf).
func resolveIn(a *news.Article, day string) (time.Time, bool) {
	t, ok := anchorOf(a)
	if !ok {
		return time.Time{}, false
	}
	return resolve(day, t), true
}

// anchorOf returns the day an article's weekdays count back from: its
// dateline's date (of known year) or, without one, its publication date.
func anchorOf(a *news.Article) (time.Time, bool) {
	if g := findDateline(a.Text); g != nil {
		if d, ok := parseDate(a.Text, g[2:]); ok {
			if d = d.withYear(a.Published); d.year != 0 {
				return d.time(), true
			}
		}
	}
	return a.Published, !a.Published.IsZero()
}

// sameDay says whether two calendar days are one: the same month and day,
// and the same year when both years are the texts' own.
func sameDay(a, b calDate) bool {
	if a.year != 0 && b.year != 0 && !a.guessed && !b.guessed && a.year != b.year {
		return false
	}
	return a.month == b.month && a.day == b.day
}

// namesDay says whether note m names calendar day day: as a date, or as
// a weekday that resolves to it from anchor (its article's anchorOf; ok
// false when it has none).
func namesDay(m dayNote, day calDate, anchor time.Time, ok bool) bool {
	if m.weekday == "" {
		return sameDay(m.date, day)
	}
	if !ok {
		return false
	}
	t := resolve(m.weekday, anchor)
	return sameDay(calDate{year: t.Year(), month: t.Month(), day: t.Day()}, day)
}

// leadDateSignal compares the date an article's lead gives its event
// (when it opens on an explicit date, which leadWeekdaySignal does not
// compare) with the days the leads of the story's other outlets give
// (but for those it reports a later step of: laterStep), as calendar days
// (leadDay: a "Tuesday" under a "Feb 3" dateline is February 3). As for
// weekdays: when at least two of them agree on
// another day, no other day is given as often, and fewer of them name the
// article's date for its event (not for another step: stepSentence), the
// article contradicts the story (medium).
func leadDateSignal(in Input) *news.Signal {
	x := eventNotes(in.Article)
	xn, xd, ok := leadDay(x)
	if !ok || xn.weekday != "" {
		return nil
	}
	type lead struct {
		o   *dated
		n   dayNote
		day calDate
	}
	var leads []lead
	votes := map[string][]int64{}
	for _, o := range outletReports(in) {
		d := eventNotes(o)
		if n, day, ok := leadDay(d); ok && !laterStep(x, xn, d) {
			leads = append(leads, lead{d, n, day})
			k := calDate{month: day.month, day: day.day}.String()
			votes[k] = append(votes[k], o.ID)
		}
	}
	counts := make(map[string]int, len(votes))
	for k, ids := range votes {
		counts[k] = len(ids)
	}
	best, ok := outvoting(counts)
	if !ok || best == (calDate{month: xd.month, day: xd.day}).String() {
		return nil
	}
	n := counts[best]
	mention := 0
	var bestDay calDate
	var steps []string       // the outlets naming the article's date for another step
	step, stepWord := "", "" // and the first such sentence, with the words naming the date
	for _, l := range leads {
		if (calDate{month: l.day.month, day: l.day.day}).String() == best {
			bestDay = l.day
		}
		anchor, anchored := anchorOf(l.o.a)
		named := func(m dayNote) bool { return namesDay(m, xd, anchor, anchored) }
		if !slices.ContainsFunc(firstNotes(l.o.notes), named) {
			continue
		}
		if k := stepSentence(x, xn.sent, l.o, l.n.sent, named); k < 0 {
			mention++
		} else {
			steps = append(steps, fmt.Sprintf("#%d", l.o.a.ID))
			if step == "" {
				step = l.o.sents[k].Slice(l.o.a.Text)
				for _, m := range l.o.notes {
					if m.sent == k && named(m) {
						stepWord = m.span.Slice(l.o.a.Text)
						break
					}
				}
			}
		}
	}
	if mention >= n || sameDay(bestDay, xd) {
		return nil
	}
	when := bestDay.String()
	if bestDay.year != 0 && !bestDay.guessed {
		when += " (" + bestDay.time().Weekday().String() + ")"
	}
	why := fmt.Sprintf("It dates the event %s, where %s of the story date it %s.", xn.date, plural(n, "other outlet", "other outlets"), when)
	if step != "" {
		why += fmt.Sprintf(" %s %s %s %s only for another step (“%s”).", agree(len(steps), "Article", "Articles"), strings.Join(steps, " and "),
			agree(len(steps), "names", "name"), xn.date, clipAround(step, stepWord))
	}
	return &news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityMedium, Spans: []news.Span{xn.span}, Against: votes[best],
		Value: float64(n-mention) / float64(n+mention), Explanation: why}
}

// dayNote is a day an article gives something: a weekday or an explicit
// date, with the sentence it stands in.
type dayNote struct {
	span    news.Span
	weekday string  // "Friday"; "" for a date
	date    calDate // for a date: its year inferred from the publication when it has none
	sent    int     // the index of its sentence
}

func (n dayNote) String() string {
	if n.weekday != "" {
		return n.weekday
	}
	return n.date.String()
}

// same says whether two notes name one day, and whether they can tell at
// all: two weekdays or two dates can; a weekday and a date only when the
// date's year is known.
func (n dayNote) same(o dayNote) (eq, comparable bool) {
	switch {
	case n.weekday != "" && o.weekday != "":
		return n.weekday == o.weekday, true
	case n.weekday == "" && o.weekday == "":
		if n.date.year != 0 && o.date.year != 0 && !n.date.guessed && !o.date.guessed && n.date.year != o.date.year {
			return false, true
		}
		return n.date.month == o.date.month && n.date.day == o.date.day, true
	case n.weekday != "":
		n, o = o, n
	}
	// n is the date, o the weekday: comparable only when the text gives
	// the date's year.
	if n.date.year == 0 || n.date.guessed {
		return false, false
	}
	return n.date.time().Weekday() == weekdays[o.weekday], true
}

// dated is an article with the days it gives events (eventNotes) and the
// content words of the sentences that give them. Its maps are shared by
// every caller (eventNotes caches it): read only.
type dated struct {
	a     *news.Article
	notes []dayNote
	sents []news.Span
	words map[int][]sentWord // by sentence, of the sentences that give days: their content words, by hash
}

// sentWord is a content word of a sentence: its hash, and how many
// sentences of the article hold it.
type sentWord struct {
	hash uint64
	n    int
}

// notesKey identifies what eventNotes reads of an article: its content and
// publication date.
type notesKey struct {
	content memo.Key
	pub     int64
}

// notesCache holds eventNotes' work: an article is compared with each
// article of its story, and its story's articles are assessed again as it
// grows.
var notesCache = memo.New[notesKey, *dated](1 << 12)

// eventNotes returns the days an article gives events: its event weekdays
// (EventWeekdays) and its explicit event dates (eventDates).
func eventNotes(a *news.Article) *dated {
	d := *notesCache.Do(notesKey{memo.ArticleKey(a), a.Published.Unix()}, func() *dated { return newDated(a) })
	d.a = a // the same content under another ID
	return &d
}

func newDated(a *news.Article) *dated {
	d := &dated{a: a, words: map[int][]sentWord{}, sents: sentenceSpans(a)}
	sentAt := func(i int) int {
		return max(0, sort.Search(len(d.sents), func(k int) bool { return d.sents[k].Start > i })-1)
	}
	for _, m := range EventWeekdays(a.Text) {
		if reWeekdayBound.MatchString(a.Text[max(0, m[0]-40):m[0]]) {
			continue // "closed until Wednesday": the end of a period, no day of the event
		}
		d.notes = append(d.notes, dayNote{span: news.Span{Start: m[0], End: m[1]}, weekday: a.Text[m[0]:m[1]], sent: sentAt(m[0])})
	}
	for _, e := range eventDates(a.Text) {
		d.notes = append(d.notes, dayNote{span: e.span, date: e.date.withYear(a.Published), sent: sentAt(e.span.Start)})
	}
	if len(d.notes) == 0 {
		return d
	}
	sort.Slice(d.notes, func(i, j int) bool { return d.notes[i].span.Start < d.notes[j].span.Start })
	noted := map[int]bool{}
	for _, n := range d.notes {
		noted[n.sent] = true
	}
	df := map[uint64]int{} // how many of its sentences hold each content word
	hashes := make([][]uint64, len(d.sents))
	for k, sp := range d.sents {
		w := eventHashes(sp.Slice(a.Text))
		for _, x := range w {
			df[x]++
		}
		hashes[k] = w
	}
	for k, w := range hashes {
		if noted[k] {
			sw := make([]sentWord, len(w))
			for i, x := range w {
				sw[i] = sentWord{x, df[x]}
			}
			d.words[k] = sw
		}
	}
	return d
}

// eventHashes returns the content words of s that tell an event, stemmed
// and hashed, sorted and without repeats: without names of days and months
// nor numbers of days.
func eventHashes(s string) []uint64 {
	var w []uint64
	for _, x := range text.ContentWords(s) {
		if dayWords[x] || (x[0] >= '0' && x[0] <= '9' && len(x) <= 4 && !(len(x) == 4 && x[3] >= '0' && x[3] <= '9')) {
			continue
		}
		w = append(w, xxh3.HashString(text.Stem(x)))
	}
	slices.Sort(w)
	return slices.Compact(w)
}

// datedSpan is an explicit date of a text.
type datedSpan struct {
	span news.Span
	date calDate
}

// eventDates returns the explicit dates of a text that may date an event:
// outside direct quotes, its dateline and lines of their own (date
// stamps, the dates of embedded posts), not a bound ("since September 3",
// "until May 5"), no part of a compound ("December 14-year-old") and not
// of a year before the last but one the text names (history: "On April 1,
// 1976, …" in a report of 2014).
func eventDates(s string) []datedSpan {
	skip := 0
	if g := findDateline(s); g != nil {
		skip = g[1]
	}
	newest := latestYear(s)
	var out []datedSpan
	q := quoteScan{s: s}
	for _, g := range findDates(s) {
		if g[0] < skip || q.quoted(g[0]) || ownLine(s, g[0], g[1]) || embedDate(s, g[0]) ||
			reBound.MatchString(s[max(0, g[0]-40):g[0]]) || strings.HasPrefix(s[g[1]:], "-") {
			continue
		}
		if date, ok := parseDate(s, g[2:]); ok && (date.year == 0 || date.year >= newest-1) {
			out = append(out, datedSpan{span: news.Span{Start: g[0], End: g[1]}, date: date})
		}
	}
	return out
}

// latestYear returns the latest year of the last two centuries that s
// names (a word of four digits, 19xx or 20xx), or 0.
func latestYear(s string) int {
	y := 0
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] != '1' || s[i+1] != '9') && (s[i] != '2' || s[i+1] != '0') || i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if isDigit(s[i+2]) && isDigit(s[i+3]) && (i+4 == len(s) || !isWordByte(s[i+4])) {
			y = max(y, int(s[i]-'0')*1000+int(s[i+1]-'0')*100+int(s[i+2]-'0')*10+int(s[i+3]-'0'))
		}
	}
	return y
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// findDates returns what reDate.FindAllStringSubmatchIndex(s, -1) returns,
// running the expression only around the month names of s: over a whole
// text it cost more than the rest of the date signal.
func findDates(s string) [][]int {
	var out [][]int
	end := 0 // of the last match
	for i := 0; i+3 <= len(s); i++ {
		if c := s[i]; c < 'A' || c > 'S' || i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if _, ok := monthNames[s[i:i+3]]; !ok {
			continue
		}
		// A window from the word boundary before "14th of " to past
		// "September 14th, 2017".
		w0, w1 := max(end, i-16), min(len(s), i+32)
		for w0 > end && isWordByte(s[w0-1]) {
			w0--
		}
		for w1 < len(s) && isWordByte(s[w1]) {
			w1++
		}
		for _, g := range reDate.FindAllStringSubmatchIndex(s[w0:w1], -1) {
			if g[0]+w0 > i || g[1]+w0 <= i {
				continue // a match of another month name of the window
			}
			for k := range g {
				if g[k] >= 0 {
					g[k] += w0
				}
			}
			out = append(out, g)
			end = g[1]
			i = end - 1
			break
		}
	}
	return out
}

// The words that make a day the bound of a period rather than the day of
// an event, shared by weekdays and dates: boundEnd opens the end of a
// period ("until", "through", "up to and including"), boundStart the
// start or a range ("since", "from", "between … and", "… to"), and
// boundFill the words that may stand between them and the day ("until
// late on Wednesday", "until at least Wednesday", "through to Wednesday",
// "until next Wednesday", "since the 3rd"; "on" only after "late" or
// "early": "last heard from on Oct. 18" dates an event).
const (
	boundEnd   = `until|till|through|up\s+to`
	boundStart = `since|from|between|and|to`
	boundFill  = `(?:(?:late|early)\s+(?:on\s+)?|(?:at\s+least|to|and\s+including|next|this|the)\s+)*`
)

// reWeekdayBound matches the words before a weekday that make it the end
// of a period ("closed until Wednesday", "runs through Sunday"), which
// dates no event of the story. The start of a period is left out: "missing
// since Monday" dates the disappearance.
var reWeekdayBound = regexp.MustCompile(`(?i)\b(?:` + boundEnd + `)\s+` + boundFill + `$`)

// reBound matches the words before a date that make it the bound of a
// period rather than the day of an event.
var reBound = regexp.MustCompile(`(?i)\b(?:` + boundEnd + `|` + boundStart + `)\s+` + boundFill + `$`)

// EventDate is an explicit date of a text that may date its event.
type EventDate struct {
	Start, End int
	Month      time.Month
	Day        int
	Year       int // 0 when the text gives none
}

// EventDates returns the explicit dates of a text that may date its event
// (the dates the date_contradiction signal compares across outlets).
func EventDates(s string) []EventDate {
	var out []EventDate
	for _, e := range eventDates(s) {
		out = append(out, EventDate{Start: e.span.Start, End: e.span.End, Month: e.date.month, Day: e.date.day, Year: e.date.year})
	}
	return out
}

// sentenceSpans returns the spans of an article's sentences, split here
// when it comes without them.
func sentenceSpans(a *news.Article) []news.Span {
	ss := a.Sentences
	if len(ss) == 0 {
		ss = text.Sentences(a.Text)
	}
	out := make([]news.Span, len(ss))
	for i, s := range ss {
		out[i] = s.Span
	}
	return out
}

// ownLine says whether the text between i and j stands on a short line
// that is no sentence (no final period): a date stamp or a caption's date.
func ownLine(s string, i, j int) bool {
	ls, le, ok := shortLine(s, i, j, 60)
	return ok && !strings.HasSuffix(strings.TrimSpace(s[ls:le]), ".")
}

// embedDate says whether the date at i closes an embedded post ("— Name
// (@handle) February 4, 2015").
func embedDate(s string, i int) bool {
	before := strings.TrimRight(s[max(0, i-60):i], " ")
	return strings.HasSuffix(before, ")") && strings.Contains(before, "(@")
}

// gives says whether sentence k of d gives the day m gives: a sentence
// that names two days tells two events, and an account of either is no
// contradiction of the other.
func (d *dated) gives(k int, m dayNote) bool {
	return slices.ContainsFunc(d.notes, func(n dayNote) bool { eq, _ := n.same(m); return n.sent == k && eq })
}

// dayWords are the lower-case names of days and months and their
// abbreviations.
var dayWords = func() map[string]bool {
	m := map[string]bool{"sept": true}
	for _, w := range weekdayNames {
		m[strings.ToLower(w)] = true
	}
	for i := time.January; i <= time.December; i++ {
		m[strings.ToLower(i.String())] = true
		m[strings.ToLower(i.String()[:3])] = true
	}
	return m
}()

// minEventScore is the least sameEvent score of two sentences telling one
// event: one word that only they hold, or two that one more sentence
// holds, …
const minEventScore = 1.0

// sameEvent scores how surely sentence i of x and sentence j of o tell
// one event, 0 when they do not: the words they share, each counting less
// the more sentences of the two articles hold it (a story's names are in
// most of its sentences, whatever event each tells): at least
// minEventScore in all, and a third of the shorter sentence's words.
func sameEvent(x *dated, i int, o *dated, j int) float64 {
	score, shared := sharedWords(x, i, o, j)
	if score < minEventScore || 3*shared < min(len(x.words[i]), len(o.words[j])) {
		return 0
	}
	return score
}

// eventWords is sameEvent's score without its bounds: how much sentence i
// of x and sentence j of o share, for telling which of o's sentences is
// the most like i.
func eventWords(x *dated, i int, o *dated, j int) float64 {
	score, _ := sharedWords(x, i, o, j)
	return score
}

// sharedWords returns the content words sentences i of x and j of o
// share, each counting less the more sentences of the two articles hold
// it, and their number.
func sharedWords(x *dated, i int, o *dated, j int) (float64, int) {
	return overlap(x.words[i], o.words[j])
}

// overlap returns the words two sentences (sorted by hash) share, each
// counting less the more sentences of the two articles hold it (2 / the
// sum of its counts), and their number.
func overlap(a, b []sentWord) (float64, int) {
	score, shared := 0.0, 0
	for p, q := 0, 0; p < len(a) && q < len(b); {
		switch {
		case a[p].hash < b[q].hash:
			p++
		case a[p].hash > b[q].hash:
			q++
		default:
			shared++
			score += 2 / float64(a[p].n+b[q].n)
			p++
			q++
		}
	}
	return score, shared
}

// eventDateSignal compares each day an article gives (eventNotes: its
// event weekdays and dates) with the day each other outlet gives in its
// account of the same event: the sentence of its that gives a comparable
// day (a weekday, a date, or a date of known year for a weekday) and is
// the most like the article's (sameEvent). A day that no account
// supports is flagged: medium when at least two outlets agree on another
// day, no third day ties with theirs and fewer name the article's day at
// all; else low, unless an outlet against it names its day elsewhere (for
// another step of the event, as often) and the article does not repeat
// that outlet's earlier sentence but for the day (repeats: then the
// article changed the day of that very account). With one outlet against
// one, the two are flagged alike: nothing says which is wrong, unless
// that outlet's account is a later copy of the article's sentence with
// its day changed: the earlier article is then not flagged (the copy is).
func eventDateSignal(in Input) *news.Signal {
	x := eventNotes(in.Article)
	if len(x.notes) == 0 {
		return nil
	}
	var others []*dated
	for _, o := range outletReports(in) {
		if d := eventNotes(o); len(d.notes) > 0 {
			others = append(others, d)
		}
	}
	others = dropOutvoted(others, x)
	if len(others) == 0 {
		return nil
	}
	var out *news.Signal
	flagged := 0
	for _, n := range firstNotes(x.notes) {
		mentions, support, vetoed := 0, 0, 0
		var copiedFrom int64       // an earlier article whose sentence it repeats but for the day
		copies := map[int64]bool{} // later articles that repeat its sentence but for the day
		against := map[string][]int64{}
		var labels []string
		quote := map[string]string{} // an account of the event for each day against
		for _, o := range others {
			if laterStep(x, n, o) {
				continue
			}
			names := slices.ContainsFunc(o.notes, func(m dayNote) bool { eq, _ := n.same(m); return eq })
			if names {
				mentions++
			}
			best, bestScore := -1, 0.0
			for _, m := range firstNotes(o.notes) {
				if _, ok := n.same(m); ok && m.sent != best {
					if sc := sameEvent(x, n.sent, o, m.sent); sc > bestScore {
						best, bestScore = m.sent, sc
					}
				}
			}
			if best < 0 || nextStep(x, n, o, best) {
				continue
			}
			var gives string
			for _, m := range o.notes {
				if m.sent != best {
					continue
				}
				if eq, ok := n.same(m); eq {
					support++
					gives = ""
					break
				} else if ok && gives == "" && !x.gives(n.sent, m) {
					gives = m.String()
				}
			}
			if gives != "" {
				if len(against[gives]) == 0 {
					labels = append(labels, gives)
				}
				against[gives] = append(against[gives], o.a.ID)
				rep := repeats(x, n.sent, o, best)
				if rep && !earlier(o.a, in.Article) {
					copies[o.a.ID] = true
				}
				if rep && earlier(o.a, in.Article) {
					if copiedFrom == 0 {
						copiedFrom = o.a.ID
					}
				} else if names {
					vetoed++
				}
				if quote[gives] == "" {
					quote[gives] = o.sents[best].Slice(o.a.Text)
				}
			}
		}
		if support > 0 || len(labels) == 0 {
			continue
		}
		sort.SliceStable(labels, func(i, j int) bool { return len(against[labels[i]]) > len(against[labels[j]]) })
		top, k := labels[0], len(against[labels[0]])
		counts := make(map[string]int, len(labels))
		for _, l := range labels {
			counts[l] = len(against[l])
		}
		if len(labels) == 1 && k == 1 && copies[against[top][0]] {
			continue // its one account against it is a later copy of its sentence with the day changed
		}
		sev, value := news.SeverityLow, 0.5
		switch _, ok := outvoting(counts); {
		case ok && mentions < k:
			sev, value = news.SeverityMedium, float64(k-mentions)/float64(k+mentions)
		case vetoed > 0:
			continue // the outlets against it name its day for another event
		}
		flagged++
		if out == nil {
			out = &news.Signal{Type: news.SignalDateContradiction, Severity: sev, Value: value,
				Explanation: fmt.Sprintf("It gives %s for “%s”, where %s of the story %s %s for the same event (“%s”).",
					n, clipWords(x.sents[n.sent].Slice(x.a.Text)), plural(k, "other outlet", "other outlets"), agree(k, "gives", "give"), top, clipWords(quote[top]))}
			if copiedFrom != 0 {
				out.Explanation += fmt.Sprintf(" Its sentence repeats that of the earlier article #%d but for the day.", copiedFrom)
			}
		} else if severityRank[sev] > severityRank[out.Severity] {
			out.Severity, out.Value = sev, max(out.Value, value)
		}
		for _, l := range labels {
			for _, id := range against[l] {
				if !slices.Contains(out.Against, id) {
					out.Against = append(out.Against, id)
				}
			}
		}
		out.Spans = append(out.Spans, n.span)
	}
	if flagged > 1 {
		out.Explanation += fmt.Sprintf(" It disagrees with them on %s in all.", plural(flagged, "day", "days"))
	}
	return out
}

// nextStep says whether note n of x dates a later step of the event o's
// sentence best tells, not the event itself: n's sentence gives another
// day that best gives too (they agree on the day of the event), and n
// names a day after the one o was published on, which o cannot have told
// ("the lynx that escaped late on Friday was caught on Sunday" against
// "escaped late on Friday … the search went on on Saturday", published on
// Saturday). Unlike laterStep it holds for a follow-up of the next day.
func nextStep(x *dated, n dayNote, o *dated, best int) bool {
	if x.a.Published.IsZero() || o.a.Published.IsZero() {
		return false
	}
	shared := slices.ContainsFunc(x.notes, func(k dayNote) bool {
		eq, _ := k.same(n)
		return k.sent == n.sent && !eq && o.gives(best, k)
	})
	return shared && afterPublished(x, n, o)
}

// afterPublished says whether note n of x names a day after the one o was
// published on: a weekday counted back from x's anchor, or a date of
// known year.
func afterPublished(x *dated, n dayNote, o *dated) bool {
	var day time.Time
	if n.weekday != "" {
		t, ok := resolveIn(x.a, n.weekday)
		if !ok {
			return false
		}
		day = t
	} else if n.date.year != 0 {
		day = n.date.time()
	} else {
		return false
	}
	y, m, d := o.a.Published.UTC().Date()
	return day.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// laterStep says whether article x, published more than a day after
// article o, gives with note n a day after the one o was published on: o
// cannot have told what x dates then (a follow-up's "Police arrested a
// man on March 12" or "On March 12, the council voted" against reports
// of a fire published on March 9), and its days are no account of it. A
// copy published within a day of its source, which moves the event to a
// later day, is still compared; so are articles of unknown publication,
// and a sentence that tells the very account of o's (sameAccount: a farm
// that republishes the fire report days later with the fire moved on).
func laterStep(x *dated, n dayNote, o *dated) bool {
	return laterStepIn(x, n, o, false)
}

// laterStepIn is laterStep; days says that an article published on a
// later calendar day than o is published later enough (a lead weekday
// that also names o's day: "Police arrested a man on Tuesday over
// Monday's fire", ten hours after a late-evening report).
func laterStepIn(x *dated, n dayNote, o *dated, days bool) bool {
	xp, op := x.a.Published, o.a.Published
	if xp.IsZero() || op.IsZero() {
		return false
	}
	if days {
		if !xp.UTC().Truncate(24 * time.Hour).After(op.UTC().Truncate(24 * time.Hour)) {
			return false
		}
	} else if xp.Sub(op) <= 24*time.Hour {
		return false
	}
	if sameAccount(x, n.sent, o) {
		return false
	}
	return afterPublished(x, n, o)
}

// sameAccount says whether sentence i of x tells the event of a dated
// sentence of o in o's words: the two tell one event (sameEvent) and o's
// sentence holds two thirds of i's content words at least. A follow-up
// that names the place of the event for a later step ("Police arrested a
// man on March 12 … at the Selberg tram depot") shares a few words, not
// its account.
func sameAccount(x *dated, i int, o *dated) bool {
	for j := range o.words {
		if _, shared := sharedWords(x, i, o, j); 3*shared >= 2*len(x.words[i]) && sameEvent(x, i, o, j) > 0 {
			return true
		}
	}
	return false
}

// repeats says whether sentence i of x repeats sentence j of o word for
// word but for its days: the same words in the same order once the names
// of days and months and the numbers are left out, six content words or
// more.
func repeats(x *dated, i int, o *dated, j int) bool {
	if len(x.words[i]) < 6 || len(x.words[i]) != len(o.words[j]) {
		return false
	}
	return slices.Equal(dayless(x.sents[i].Slice(x.a.Text)), dayless(o.sents[j].Slice(o.a.Text)))
}

// dayless returns the lower-case words of s without the names of days and
// months (possessive too: "Friday's") and without numbers.
func dayless(s string) []string {
	var out []string
	for _, t := range text.AppendTokens(nil, s, 0) {
		w := t.Lower
		if k := strings.IndexAny(w, "'’"); k > 0 { // "Friday's"
			w = w[:k]
		}
		if !t.Number && !dayWords[w] {
			out = append(out, t.Lower)
		}
	}
	return out
}

// maxNotes bounds the days of an article compared event by event: each
// is matched against every day of every other outlet, and a story of a
// hundred articles each naming a hundred days would take seconds an
// analysis. A report dates its event in its first sentences.
const maxNotes = 16

// firstNotes returns the first maxNotes of notes.
func firstNotes(notes []dayNote) []dayNote { return notes[:min(len(notes), maxNotes)] }

// dropOutvoted leaves out of others the outlets whose lead weekday the
// story outvotes: when at least two of the other outlets open on one
// weekday and no other weekday is given as often, an outlet
// opening on another day is the one the story contradicts, and its days
// do not count against the article's (a content farm that moved the
// event to Friday does not make a follow-up report's Wednesday suspect).
// When the others alone cannot tell (one against one), the article's own
// lead weekday (of x) votes too: an outlet that opens on the same day and
// one that does not outvote the third, though the words of the one that
// agrees may be too far from the article's to count as its account of
// the same event. Outvoted so, an outlet is left out only when its lead
// weekday is the day it gives the article's lead event: one that opens on
// another event (and gives the article's another day) stays.
func dropOutvoted(others []*dated, x *dated) []*dated {
	votes := map[string]int{}
	for _, d := range others {
		if l, ok := leadNote(d); ok {
			votes[l.weekday]++
		}
	}
	top, ok := outvoting(votes)
	own, byOwn := dayNote{}, false
	if n, has := leadNote(x); !ok && has {
		votes[n.weekday]++
		if t, ok2 := outvoting(votes); ok2 && t == n.weekday {
			top, ok, own, byOwn = t, true, n, true
		}
	}
	if !ok {
		return others
	}
	kept := others[:0:0]
	for _, d := range others {
		l, has := leadNote(d)
		if !has || l.weekday == top {
			kept = append(kept, d)
		} else if m, told := account(x, own, d); byOwn && told && m.weekday != l.weekday {
			kept = append(kept, d)
		}
	}
	return kept
}

// leadNote returns the first weekday d gives an event.
func leadNote(d *dated) (dayNote, bool) {
	for _, n := range d.notes {
		if n.weekday != "" {
			return n, true
		}
	}
	return dayNote{}, false
}

// account returns the day o gives the event of x's note n: the first day
// comparable to n's of o's sentence that tells that event most surely
// (sameEvent), if any.
func account(x *dated, n dayNote, o *dated) (dayNote, bool) {
	best, bestScore := -1, 0.0
	for _, m := range firstNotes(o.notes) {
		if _, ok := n.same(m); ok && m.sent != best {
			if sc := sameEvent(x, n.sent, o, m.sent); sc > bestScore {
				best, bestScore = m.sent, sc
			}
		}
	}
	for _, m := range o.notes {
		if _, ok := n.same(m); ok && m.sent == best {
			return m, true
		}
	}
	return dayNote{}, false
}

// outvoting returns the day the most voters give when at least two give it
// and no other day is given as often: the rule by which a story's outlets
// outvote one of them.
func outvoting(votes map[string]int) (string, bool) {
	top, n, tie := "", 0, false
	for d, c := range votes {
		switch {
		case c > n:
			top, n, tie = d, c, false
		case c == n:
			tie = true
		}
	}
	return top, n >= 2 && !tie
}

// clipAround shortens a sentence for an explanation to twenty words that
// hold word w: its first twenty, or twenty around w when w is further on.
func clipAround(s, w string) string {
	if c := clipWords(s); strings.Contains(c, w) {
		return c
	}
	f := strings.Fields(s)
	i := slices.IndexFunc(f, func(x string) bool { return strings.Contains(x, w) })
	from := max(0, min(i-10, len(f)-20))
	c := "… " + strings.Join(f[from:from+20], " ")
	if from+20 < len(f) {
		c += " …"
	}
	return c
}

// clipWords shortens a sentence for an explanation to its first twenty
// words.
func clipWords(s string) string {
	w := strings.Fields(s)
	if len(w) > 20 {
		return strings.Join(w[:20], " ") + " …"
	}
	return strings.Join(w, " ")
}
