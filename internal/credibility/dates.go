package credibility

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/news"
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

// eventWeekdays returns the weekday names of an article that may date
// its event: not inside direct quotes (the speaker's own "on Friday") nor
// in date stamps ("Friday, December 15, 2017" on a line of its own: when
// the page was printed or updated).
func eventWeekdays(a *news.Article) [][2]int {
	var ms [][2]int
	for _, m := range findWeekdays(a.Text) {
		if !quotedAt(a.Text, m[0]) && !dateStamp(a.Text, m) {
			ms = append(ms, m)
		}
	}
	return ms
}

// leadWeekday returns the first weekday an article names for an event
// (eventWeekdays), with its spans (every such mention of that weekday),
// or "" when it names none.
func leadWeekday(a *news.Article) (string, []news.Span) {
	ms := eventWeekdays(a)
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

// paragraphAt returns the bounds of the paragraph (text between blank
// lines) holding byte i of s.
func paragraphAt(s string, i int) (int, int) {
	start := strings.LastIndex(s[:i], "\n\n")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	end := strings.Index(s[i:], "\n\n")
	if end < 0 {
		end = len(s)
	} else {
		end += i
	}
	return start, end
}

// quotedAt says whether byte i of s lies inside a direct quote of its
// paragraph: after an opening curly quote not yet closed, or after an odd
// number of straight double quotes.
func quotedAt(s string, i int) bool {
	start, _ := paragraphAt(s, i)
	before := s[start:i]
	if o := strings.LastIndex(before, "“"); o >= 0 && !strings.Contains(before[o:], "”") {
		return true
	}
	return strings.Count(before, `"`)%2 == 1
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
	ls := strings.LastIndexByte(s[:m[0]], '\n') + 1
	le := strings.IndexByte(s[m[1]:], '\n')
	if le < 0 {
		le = len(s)
	} else {
		le += m[1]
	}
	line := strings.TrimSpace(s[ls:le])
	return le-ls <= 100 && reStampLabel.MatchString(strings.TrimSpace(s[ls:m[0]])) && !strings.HasSuffix(line, ".")
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
// first it names) with the ones the story's other outlets give. When at
// least two of them agree on another day, and no other day is given as
// often, the article contradicts the story (medium). Otherwise (one other
// outlet, or outlets split between days) a disagreement alone cannot say
// which report is wrong, and reports that open on different weekdays often
// date different steps of one event (the announcement, the day it spread):
// the article is flagged (low) only when none of the others mentions its
// day at all.
func dateSignal(in Input) *news.Signal {
	day, spans := leadWeekday(in.Article)
	if day == "" {
		return nil
	}
	// The other outlets' articles that name a weekday, one an outlet
	// (articles of unknown outlets count each), with every weekday each
	// names, read once.
	type dated struct {
		a    *news.Article
		days []string // in text order: days[0] is its lead weekday
	}
	var named []dated
	votes := map[string][]int64{}
	voted := map[string]bool{}
	for _, o := range in.Story {
		if o.ID == in.Article.ID || (o.Outlet != "" && (o.Outlet == in.Article.Outlet || voted[o.Outlet])) {
			continue
		}
		ms := eventWeekdays(o)
		if len(ms) == 0 {
			continue
		}
		d := dated{a: o, days: make([]string, len(ms))}
		for i, m := range ms {
			d.days[i] = o.Text[m[0]:m[1]]
		}
		votes[d.days[0]] = append(votes[d.days[0]], o.ID)
		named = append(named, d)
		if o.Outlet != "" {
			voted[o.Outlet] = true
		}
	}
	days := make([]string, 0, len(votes))
	for d := range votes {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool {
		if len(votes[days[i]]) != len(votes[days[j]]) {
			return len(votes[days[i]]) > len(votes[days[j]])
		}
		return weekdays[days[i]] < weekdays[days[j]]
	})
	if len(days) == 0 || days[0] == day {
		return nil
	}
	best, n := days[0], len(votes[days[0]])
	agree := 0 // others that mention the article's day
	for _, d := range named {
		if slices.Contains(d.days, day) {
			agree++
		}
	}
	if n >= 2 && (len(days) == 1 || len(votes[days[1]]) < n) {
		if agree >= n {
			return nil
		}
		when := ""
		for _, d := range named {
			if !d.a.Published.IsZero() && d.days[0] == best {
				when = " (" + resolve(best, d.a.Published).Format("2006-01-02") + ")"
				break
			}
		}
		return &news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityMedium, Spans: spans, Against: votes[best],
			Value:       float64(n-agree) / float64(n+agree),
			Explanation: fmt.Sprintf("It places the event on %s, where %s of the story put it on %s%s.", day, plural(n, "other outlet", "other outlets"), best, when)}
	}
	if agree > 0 {
		return nil
	}
	var against []int64
	for _, d := range named {
		against = append(against, d.a.ID)
	}
	return &news.Signal{Type: news.SignalDateContradiction, Severity: news.SeverityLow, Spans: spans, Against: against,
		Value: 0.5,
		Explanation: fmt.Sprintf("It places the event on %s, a day that none of the story's %s naming a weekday mentions (they give %s).",
			day, plural(len(named), "other outlet", "other outlets"), strings.Join(days, ", "))}
}
