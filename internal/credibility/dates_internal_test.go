package credibility

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// dateArt is an invented article for the date tests.
func dateArt(id int64, outlet, body string, pub time.Time) *news.Article {
	return &news.Article{ID: id, Outlet: outlet, Text: body, Published: pub}
}

var dec20 = time.Date(2017, 12, 20, 9, 0, 0, 0, time.UTC) // a Wednesday

// TestCalendarSlips: a weekday written with a date the calendar puts on
// another day is a slip; the year comes from the date or the publication,
// and without either nothing is checked.
func TestCalendarSlips(t *testing.T) {
	for _, tt := range []struct {
		body string
		pub  time.Time
		want string // the slip's evidence, "" for none
	}{
		{"The ferry sank on Friday, Dec. 14, 2017, the coastguard said.", time.Time{}, "Friday, Dec. 14, 2017"},
		{"The ferry sank on Thursday, Dec. 14, 2017, the coastguard said.", time.Time{}, ""},
		{"The ferry sank on Friday 15 December 2017.", time.Time{}, ""},
		{"The ferry sank on Friday (Dec. 14), the coastguard said.", dec20, "Friday (Dec. 14"},
		{"The ferry sank on Friday, the 14th of December, the coastguard said.", dec20, "Friday, the 14th of December"},
		{"The ferry sank on Friday, Dec. 14, the coastguard said.", time.Time{}, ""}, // no year known
		{"The funeral was held in Normandy, Missouri on Monday, August 25, 2014.", time.Time{}, ""},
		{"Thursday, February 30, 2017\n\nThe ferry sank.", time.Time{}, ""}, // no such day
		{"The ferry sank on Friday, police said, and on Dec. 14 divers went down.", dec20, ""},
		{"The ferry sank on Dec. 14, 2017 (Friday), the coastguard said.", time.Time{}, "Dec. 14, 2017 (Friday)"},
		{"The ferry sank on 14 December (Thursday), the coastguard said.", dec20, ""},
		// A scheduled event months ahead: its year is a guess, and 2018's May 3 is a Thursday.
		{"The vote will be held on Thursday, May 3, the council said.", time.Date(2018, 1, 10, 0, 0, 0, 0, time.UTC), ""},
		{"The vote will be held on Sunday, May 3, the council said.", time.Date(2018, 1, 10, 0, 0, 0, 0, time.UTC), "Sunday, May 3"},
	} {
		spans, why := calendarSlips(dateArt(1, "", tt.body, tt.pub))
		got := ""
		if len(spans) > 0 {
			got = spans[0].Slice(tt.body)
			if len(why) != 1 || !strings.Contains(why[0], "was a Thursday") && !strings.Contains(why[0], "was no Sunday in 2016, 2017 or 2018") {
				t.Errorf("%q: explanation %q", tt.body, why)
			}
		}
		if got != tt.want {
			t.Errorf("%q: slip %q, want %q", tt.body, got, tt.want)
		}
	}
}

// TestDatelineSlip: the weekday of a report's first sentence dates the
// news of its dateline's day or of the day before; a weekday alone in a
// later sentence, or in an article without a dated dateline, contradicts
// nothing (weekdays name the week before publication).
func TestDatelineSlip(t *testing.T) {
	dec14 := time.Date(2017, 12, 14, 12, 0, 0, 0, time.UTC) // a Thursday
	for _, tt := range []struct {
		body string
		pub  time.Time
		want string
	}{
		{"MOSCOW, Dec 14 (Reuters) - Russian President Vladimir Putin said on Friday that the charges were invented.", dec14, "Friday"},
		{"MOSCOW, Dec 14 (Reuters) - Russian President Vladimir Putin said on Thursday that the charges were invented.", dec14, ""},
		{"MOSCOW, Dec 14 (Reuters) - Russian President Vladimir Putin said on Wednesday that the charges were invented.", dec14, ""},
		{"MOSCOW, Dec. 14, 2017 (Reuters) - Russian President Vladimir Putin said on Monday that the charges were invented.", time.Time{}, "Monday"},
		{"MOSCOW, Dec 14 (Reuters) - Russian President Vladimir Putin said on Friday that the charges were invented.", time.Time{}, ""}, // no year
		{"MOSCOW, Dec 14 (Reuters) - Putin spoke for four hours. He had said on Friday that he would run again.", dec14, ""},
		{"Russian President Vladimir Putin said on Friday that the charges were invented.", dec14, ""},
		{"Russian President Vladimir Putin said Friday that the charges were invented.", time.Date(2017, 12, 21, 0, 0, 0, 0, time.UTC), ""},
		{"WASHINGTON, Dec 14 (Reuters) - The U.S. Senate will vote on Monday on the tax bill, leaders said.", dec14, ""},
		{"WASHINGTON, Dec 14 (Reuters) - Talks planned for Monday were called off, officials said.", dec14, ""},
		{"LONDON, Dec 14 (Reuters) - Sterling rose on Thursday after the central bank said on Monday that rates would hold.", dec14, ""},
		{"LONDON, Dec 14 (Reuters) - Shares fell, extending last Monday's losses, traders said.", dec14, ""},
	} {
		a := dateArt(1, "", tt.body, tt.pub)
		sp, why := datelineSlip(a)
		if got := sp.Slice(tt.body); got != tt.want || (got != "" && !strings.Contains(why, "dateline")) {
			t.Errorf("%q: slip %q (%s), want %q", tt.body, got, why, tt.want)
		}
	}
}

// TestEventDates: the explicit dates that may date an event, and the
// ones that do not.
func TestEventDates(t *testing.T) {
	for _, tt := range []struct {
		body string
		want []string // as calDate.String prints them
	}{
		{"The council voted on Dec. 14 to close the pool.", []string{"December 14"}},
		{"The council voted on 14 December 2017 to close the pool.", []string{"December 14, 2017"}},
		{"The pool has been shut since September 3, and will stay shut until May 5.", nil},
		{"In December 14-year-old Sam caught a catfish.", nil},
		{"On April 1, 1976, a radio host made a joke. The film opens on Dec. 18, 2015.", []string{"December 18, 2015"}},
		{`"We close on Dec. 14," the manager said.`, nil},
		{"Fans cheered the news — Dana Voss (@dvoss) February 4, 2015", nil},
		{"Updated: December 15, 2017\n\nThe council voted on Dec. 14 to close the pool.", []string{"December 14"}},
		{"PARIS, March 3, 2015 — The council voted on March 2 to close the pool.", []string{"March 2"}},
		{"It came between Sept. 23 and Oct. 6, officials said.", nil},
		{"The mayor may 5 times a year veto a vote; in May 2015 she did.", nil},
	} {
		var got []string
		for _, d := range eventDates(tt.body) {
			got = append(got, d.date.String())
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: dates %q, want %q", tt.body, got, tt.want)
		}
	}
}

// TestEventWeekdaysSkipNames: a weekday in a name dates nothing.
func TestEventWeekdaysSkipNames(t *testing.T) {
	for _, tt := range []struct {
		body string
		want int
	}{
		{"The Sunday Times reported it first.", 0},
		{"Shops opened early on Good Friday.", 0},
		{"He watched Monday Night Football.", 0},
		{"The ferry sank on Friday December 15.", 1},
		{"The ferry sank on Friday, police said.", 1},
		{"On Friday the ferry sank.", 1},
	} {
		if got := len(EventWeekdays(tt.body)); got != tt.want {
			t.Errorf("%q: %d event weekdays, want %d", tt.body, got, tt.want)
		}
	}
}

// TestEventDateSignal: a day an article gives an event is checked
// against the day other outlets give in their account of the same event,
// whether weekdays, dates, or a weekday against a date of known year.
func TestEventDateSignal(t *testing.T) {
	const (
		vote    = "Councillors approved the harbour budget and the new ferry timetable on %s, the mayor said.\n\nThe pool stays open."
		vote2   = "The harbour budget and the ferry timetable were approved by councillors on %s, officials said.\n\nThe pool stays open."
		unrelat = "A storm flooded the bakery cellar on %s, its owner said.\n\nThe pool stays open."
	)
	f := func(format, day string) string { return strings.Replace(format, "%s", day, 1) }
	for _, tt := range []struct {
		name    string
		article string
		pub     time.Time
		others  []string
		want    string // severity, "" for none
		span    string
	}{
		{"one outlet gives another date", f(vote, "December 15"), time.Time{}, []string{f(vote2, "December 14")}, news.SeverityLow, "December 15"},
		{"two outlets agree on another date", f(vote, "December 15"), time.Time{}, []string{f(vote2, "December 14"), f(vote, "Dec. 14")}, news.SeverityMedium, "December 15"},
		{"one outlet agrees", f(vote, "December 15"), time.Time{}, []string{f(vote2, "December 14"), f(vote, "15 December")}, "", ""},
		{"another date for another event", f(vote, "December 15"), time.Time{}, []string{f(unrelat, "December 14")}, "", ""},
		{"a weekday against dates of known year", f(vote, "Friday"), time.Time{}, []string{f(vote2, "Dec. 14, 2017"), f(vote, "December 14, 2017")}, news.SeverityMedium, "Friday"},
		{"a weekday the dates agree with", f(vote, "Thursday"), time.Time{}, []string{f(vote2, "Dec. 14, 2017"), f(vote, "December 14, 2017")}, "", ""},
		{"a weekday against a date of unknown year", f(vote, "Friday"), time.Time{}, []string{f(vote2, "Dec. 14")}, "", ""},
		{"a date against weekdays, its year from the publication", f(vote, "Dec. 14"), dec20, []string{f(vote2, "Friday"), f(vote, "Friday")}, news.SeverityMedium, "Dec. 14"},
		{"the outlet against names the day for another step", f(vote, "Friday"), time.Time{}, []string{f(vote2, "Thursday") + "\n\nThe ferries change on Friday."}, "", ""},
		{"the one outlet against it is outvoted by the others", "The harbour crane fell on Tuesday, the port said.\n\nThe two crew were named on Wednesday, and Ada Marsh said the union was playing politics with the tragedy.", time.Time{},
			[]string{"The harbour crane fell on Friday, the port said.\n\nAda Marsh said on Friday that the union was playing politics with the tragedy.",
				"The harbour crane fell on Tuesday, the port said, and ships waited outside.", "On Tuesday the harbour crane fell, the port said."}, "", ""},
		{"a sentence of two days", "Councillors approved the harbour budget on Monday, the mayor announced on Friday.\n\nThe pool stays open.", time.Time{},
			[]string{"Councillors approved the harbour budget on Monday after a long debate.\n\nThe pool stays open."}, "", ""},
	} {
		a := dateArt(1, "a.example", tt.article, tt.pub)
		var story []*news.Article
		for i, o := range tt.others {
			story = append(story, dateArt(int64(i+2), "o"+string(rune('0'+i))+".example", o, time.Time{}))
		}
		s := dateSignal(Input{Article: a, Story: story})
		got := ""
		if s != nil {
			got = s.Severity
			if len(s.Spans) == 0 || s.Spans[0].Slice(a.Text) != tt.span || len(s.Against) == 0 || !strings.Contains(s.Explanation, "for the same event") {
				t.Errorf("%s: signal without its evidence: %+v", tt.name, s)
			}
		}
		if got != tt.want {
			t.Errorf("%s: date_contradiction %q, want %q (%+v)", tt.name, got, tt.want, s)
		}
	}
}

// TestDateSignalGathers: a calendar slip needs no other outlet, and joins
// the story's disagreements in one signal.
func TestDateSignalGathers(t *testing.T) {
	a := dateArt(1, "a.example", "Councillors approved the harbour budget and the ferry timetable on Friday, Dec. 14, 2017, the mayor said.", time.Time{})
	s := dateSignal(Input{Article: a})
	if s == nil || s.Severity != news.SeverityMedium || len(s.Against) != 0 || !strings.Contains(s.Explanation, "December 14, 2017 was a Thursday") {
		t.Fatalf("calendar slip alone: %+v", s)
	}
	other := dateArt(2, "b.example", "The harbour budget and the ferry timetable were approved by councillors on Dec. 13, 2017, officials said.", time.Time{})
	s = dateSignal(Input{Article: a, Story: []*news.Article{other}})
	if s == nil || len(s.Against) != 1 || s.Against[0] != 2 || !strings.Contains(s.Explanation, "was a Thursday") || !strings.Contains(s.Explanation, "December 13, 2017") {
		t.Fatalf("slip and story: %+v", s)
	}
	for i := 1; i < len(s.Spans); i++ {
		if s.Spans[i].Start < s.Spans[i-1].Start {
			t.Errorf("spans out of order: %+v", s.Spans)
		}
	}
}

// TestRelativeSlips: "yesterday (Thursday)" must fit the publication
// date, give or take a day; a weekday alone never contradicts it.
func TestRelativeSlips(t *testing.T) {
	fri := time.Date(2017, 12, 15, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		body string
		pub  time.Time
		want string
	}{
		{"The minister resigned yesterday (Thursday), aides said.", fri, ""},
		{"The minister resigned yesterday (Monday), aides said.", fri, "yesterday (Monday"},
		{"Today, Tuesday, the minister resigned.", fri, "Today, Tuesday"},
		{"The minister resigned on Tuesday (today), aides said.", fri, "Tuesday (today)"},
		{"Today, Saturday, the minister resigned.", fri, ""}, // a day off: time zones
		{"The minister resigned yesterday (Monday), aides said.", time.Time{}, ""},
		{"The minister resigned on Monday, aides said.", fri, ""},
		{"Starting today, Monday through Thursday, trains run every hour.", fri, ""},
		{"The offices close early today, Tuesday and Wednesday, the council said.", fri, ""},
	} {
		spans, why := relativeSlips(dateArt(1, "", tt.body, tt.pub))
		got := ""
		if len(spans) > 0 {
			got = spans[0].Slice(tt.body)
			if !strings.Contains(why[0], "published on Friday, December 15, 2017") {
				t.Errorf("%q: explanation %q", tt.body, why[0])
			}
		}
		if got != tt.want {
			t.Errorf("%q: slip %q, want %q", tt.body, got, tt.want)
		}
	}
}

// TestHasRelativeDay: the prefilter passes every text either of
// relativeSlips' expressions matches in.
func TestHasRelativeDay(t *testing.T) {
	for _, s := range []string{
		"", "day", "Monday", "yesterday (Monday)", "YESTERDAY (Monday)", "ToDaY, Tuesday", "yeſterday (Monday)",
		"Tuesday (TOMORROW)", "Tuesday ( toMorrow )", "holiday (Monday)", "tomorrows, Monday", "today—Friday",
		"to-day, Monday", "tomor row (Monday)", "a yesterda y Monday",
	} {
		match := reRelWeekday.MatchString(s) || reWeekdayRel.MatchString(s)
		if match && !hasRelativeDay(s) {
			t.Errorf("%q: hasRelativeDay false, an expression matches", s)
		}
	}
	if hasRelativeDay("On Monday the minister resigned.") {
		t.Error("no relative day: hasRelativeDay true")
	}
}

// TestFindDates checks the scanner against the regular expression it
// stands for.
func TestFindDates(t *testing.T) {
	for _, s := range []string{
		"",
		"On Dec. 14, 2017 and 15 December 2017, then the 3rd of March, and May 2015.",
		"Between Sept. 23 and Oct. 6; in 2014 December 14 was cold; Marco 14 is a name.",
		"December 14-year-old, Jan 1st 2015, 31 Aug, Nov.30, June 3rd,2016",
		"MOSCOW, Dec 14 (Reuters) - It happened on Friday, 14 Dec. Then Dec 15. Dec",
		strings.Repeat("The 12 Apr meeting and the April 13, 2016 vote. ", 20),
	} {
		want := reDate.FindAllStringSubmatchIndex(s, -1)
		got := findDates(s)
		if len(got) != len(want) {
			t.Errorf("%q: %d dates, want %d (%v, want %v)", s, len(got), len(want), got, want)
			continue
		}
		for i := range got {
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				t.Errorf("%q: date %d at %v, want %v", s, i, got[i], want[i])
			}
		}
	}
	if y := latestYear("In 1976, 2014 and 20150 or x2019, then 2019."); y != 2019 {
		t.Errorf("latestYear = %d, want 2019", y)
	}
}

// dateBenchText builds an invented report of n sentences over a small
// vocabulary, a day in one sentence of every.
func dateBenchText(n, seed, every int) string {
	words := []string{"harbour", "crane", "council", "workers", "repair", "budget", "minister", "storm", "port", "contract",
		"engineers", "inspection", "cargo", "vessel", "union", "strike", "safety", "report", "mayor", "funding"}
	days := []string{"on Tuesday", "on Dec. 14", "last week", "on Monday", "on 15 December 2017", "yesterday"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		day := "soon"
		if i%every == 0 {
			day = days[(i+seed)%len(days)]
		}
		fmt.Fprintf(&b, "The %s said the %s and the %s would meet the %s over the %s %s. ",
			words[(i*7+seed)%20], words[(i*3+seed+1)%20], words[(i*11+seed+2)%20], words[(i*5+seed+3)%20], words[(i*13+seed+4)%20], day)
		if i%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// BenchmarkDateSignal assesses a 40-sentence article against a story of 20
// others from 20 outlets, a day in one sentence of four (Sparse) or in
// every sentence (Dense), the story's articles analysed before (as a
// worker meets them when a story grows).
func BenchmarkDateSignalSparse(b *testing.B) { benchDateSignal(b, 4) }

func BenchmarkDateSignalDense(b *testing.B) { benchDateSignal(b, 1) }

func benchDateSignal(b *testing.B, every int) {
	mk := func(id int64, seed int) *news.Article {
		return &news.Article{ID: id, Outlet: fmt.Sprintf("o%d.example", id), Text: dateBenchText(40, seed, every)}
	}
	a := mk(1, 0)
	var story []*news.Article
	for s := 1; s <= 20; s++ {
		story = append(story, mk(int64(s+1), s))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dateSignal(Input{Article: a, Story: story})
	}
}

// TestEventDatesAgreeAcrossGuessedYears: outlets that give one date without
// a year agree, whatever year each one's publication date suggests (one
// published in January, two in March, all about a vote on May 3).
func TestEventDatesAgreeAcrossGuessedYears(t *testing.T) {
	jan := time.Date(2018, 1, 10, 0, 0, 0, 0, time.UTC)
	mar := time.Date(2018, 3, 20, 0, 0, 0, 0, time.UTC)
	body := "The council said the vote on the harbour budget will be held on May 3, after a month of hearings.\n\nThe pool stays open."
	a := dateArt(1, "a.example", body, jan)
	story := []*news.Article{dateArt(2, "b.example", body, mar), dateArt(3, "c.example", "The harbour budget vote will be held on May 3, the council said.\n\nThe pool stays open.", mar)}
	for _, x := range append([]*news.Article{a}, story...) {
		var others []*news.Article
		for _, o := range append([]*news.Article{a}, story...) {
			if o != x {
				others = append(others, o)
			}
		}
		if s := dateSignal(Input{Article: x, Story: others}); s != nil {
			t.Errorf("article %d: %s", x.ID, s.Explanation)
		}
	}
}

// TestQuoteScanMatchesQuotedAt: the one-pass scanner answers as quotedAt
// at every offset of texts of quotes, curly quotes and paragraph breaks,
// asked in increasing order and out of it.
func TestQuoteScanMatchesQuotedAt(t *testing.T) {
	pieces := []string{"a", " ", "\"", "“", "”", "\n", "\n\n", "\n\n\n", "Friday", "é"}
	rng := uint64(7)
	next := func(n int) int { rng = rng*6364136223846793005 + 1442695040888963407; return int(rng>>33) % n }
	for range 300 {
		var b strings.Builder
		for range 40 {
			b.WriteString(pieces[next(len(pieces))])
		}
		s := b.String()
		q := quoteScan{s: s}
		for i := 0; i <= len(s); i++ {
			if i < len(s) && !utf8.RuneStart(s[i]) {
				continue // matches start at a character
			}
			if got, want := q.quoted(i), quotedAt(s, i); got != want {
				t.Fatalf("%q at %d: scan %v, quotedAt %v", s, i, got, want)
			}
		}
		i := len(s) / 2
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		if q.quoted(i) != quotedAt(s, i) {
			t.Fatalf("%q at %d out of order", s, i)
		}
	}
}

// BenchmarkDateSignalLongParagraph: one long paragraph full of weekdays
// and dates (400 KB) is read in one pass; the quote and line checks read
// the paragraph from its start at each date before (84 s for 909 KB).
//
//	go test ./internal/credibility -run '^$' -bench DateSignalLongParagraph -benchtime 3x
func BenchmarkDateSignalLongParagraph(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 400_000 {
		sb.WriteString(`The board met on Friday, Dec. 14, and "again" on Monday. `)
	}
	a := dateArt(1, "a.example", sb.String(), dec20)
	for b.Loop() {
		dateSignal(Input{Article: a})
	}
}

// TestShortLine: shortLine finds the same line as reading back and forth
// to the line breaks, when that line is short enough.
func TestShortLine(t *testing.T) {
	rng := uint64(3)
	next := func(n int) int { rng = rng*6364136223846793005 + 1442695040888963407; return int(rng>>33) % n }
	for range 2000 {
		b := make([]byte, 1+next(150))
		for k := range b {
			b[k] = "ab \n"[next(4)]
			if next(10) > 0 && b[k] == '\n' {
				b[k] = 'c'
			}
		}
		s := string(b)
		i := next(len(s))
		j := i + next(len(s)-i+1)
		ls := strings.LastIndexByte(s[:i], '\n') + 1
		le := strings.IndexByte(s[j:], '\n')
		if le < 0 {
			le = len(s)
		} else {
			le += j
		}
		for _, n := range []int{10, 60} {
			gls, gle, ok := shortLine(s, i, j, n)
			if want := le-ls <= n; ok != want || ok && (gls != ls || gle != le) {
				t.Fatalf("%q [%d:%d] n=%d: got %d %d %v, want %d %d %v", s, i, j, n, gls, gle, ok, ls, le, want)
			}
		}
	}
}

// The reference quoteScan is held to: each offset's paragraph read from
// its start.

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

// TestLeadWeekdayOtherStep: outlets that open on another weekday than the
// article and name its weekday only for an earlier step of the event (a
// rescue that failed the day before the bankruptcy) do not vouch for its
// day; outlets that name it for the event the article's lead tells do.
func TestLeadWeekdayOtherStep(t *testing.T) {
	others := railStory()
	for _, tt := range []struct {
		name, article string
		want          bool
		spans         []string
	}{
		{"the bankruptcy moved to Monday", "Nordlys Rail went bust on Monday night, February 2, leaving thousands of commuters stuck across the northern provinces while its boss hid.\n\nThe trains stood still.",
			true, []string{"Monday", "February 2"}},
		{"the takeover step told on its day", "A takeover of Nordlys Rail by a pension fund collapsed on Monday evening, leaving the operator out of cash.\n\nThe trains stood still.",
			false, nil},
		{"the takeover step told in the words of the leads", "The pension fund's takeover of Nordlys Rail collapsed on Monday evening, leaving commuters across the northern provinces worried.\n\nThe trains stood still.",
			false, nil},
		{"both days in the lead", "Nordlys Rail went bust on Monday night and halted its trains on Tuesday, leaving commuters stuck across the northern provinces.\n\nThe trains stood still.",
			false, nil},
	} {
		a := dateArt(1, "farm.example", tt.article, time.Time{})
		s := leadWeekdaySignal(Input{Article: a, Story: others})
		if (s != nil) != tt.want {
			t.Errorf("%s: signal %+v, want %v", tt.name, s, tt.want)
			continue
		}
		if s == nil {
			continue
		}
		var got []string
		for _, sp := range s.Spans {
			got = append(got, sp.Slice(a.Text))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.spans) || s.Severity != news.SeverityMedium || !strings.Contains(s.Explanation, "Articles #2 and #3 name Monday only for another step") || !strings.Contains(s.Explanation, "Monday, February 2, where") {
			t.Errorf("%s: spans %q (want %q), %s: %s", tt.name, got, tt.spans, s.Severity, s.Explanation)
		}
	}
}

// TestEventDateCopiedDay: a sentence repeated from an earlier outlet's
// article with another day in it is a changed day, although the source
// names that day for another step (one outlet against one: low); the
// source is not flagged for the day its copy changed, unless other
// accounts disagree with it too.
func TestEventDateCopiedDay(t *testing.T) {
	src := dateArt(2, "source.example", "Health officials confirmed that 3,000 chickens at the Ridgeway poultry farm have tested positive since Friday's outbreak, the ministry said.\n\n"+
		"The farm's manager said on Saturday that the sheds would be disinfected.", time.Time{})
	copyText := "Health officials confirmed that 3,000 chickens at the Ridgeway poultry farm have tested positive since Saturday's outbreak, the ministry said.\n\n" +
		"Shoppers were told not to worry."
	cp := dateArt(3, "farm.example", copyText, time.Time{})
	s := dateSignal(Input{Article: cp, Story: []*news.Article{src}})
	if s == nil || s.Severity != news.SeverityLow || len(s.Spans) != 1 || s.Spans[0].Slice(cp.Text) != "Saturday" || !strings.Contains(s.Explanation, "repeats that of the earlier article #2 but for the day") {
		t.Errorf("copy with a changed day: %+v", s)
	}
	if s := dateSignal(Input{Article: src, Story: []*news.Article{cp}}); s != nil {
		t.Errorf("the source flagged for its copy's day: %+v", s)
	}
	own := dateArt(4, "third.example", "The ministry said 3,000 chickens had tested positive at the Ridgeway farm since an outbreak on Saturday.", time.Time{})
	if s := dateSignal(Input{Article: src, Story: []*news.Article{cp, own}}); s == nil {
		t.Error("the source not flagged though two outlets give another day")
	}
	// Not a repeat: the same event told in other words keeps the veto.
	other := dateArt(3, "farm.example", "Chickens at the Ridgeway farm caught bird flu in an outbreak on Saturday, officials confirmed.\n\nShoppers were told not to worry.", time.Time{})
	if s := dateSignal(Input{Article: other, Story: []*news.Article{src}}); s != nil {
		t.Errorf("an account in other words against a source naming its day elsewhere: %+v", s)
	}
}

// railStory is a wire report dated by its dateline and a rewrite of it
// published the next day: both open on the bankruptcy's Tuesday (February
// 3, 2026) and name Monday for the takeover that failed the day before.
func railStory() []*news.Article {
	feb3 := time.Date(2026, 2, 3, 15, 0, 0, 0, time.UTC) // a Tuesday
	wire := "HALVIK, Feb 3 (Reuters) - Nordlys Rail, the regional train operator, filed for bankruptcy protection on Tuesday and halted all 60 of its trains, stranding about 20,000 commuters across the northern provinces.\n\n" +
		"The operator said it had run out of cash after energy prices rose and a planned takeover by a pension fund collapsed on Monday evening.\n\n" +
		"A court will name an administrator this week."
	rewrite := "Nordlys Rail placed itself under bankruptcy protection this Tuesday and stopped its 60 trains, leaving 20,000 commuters stuck in the northern provinces.\n\n" +
		"The company blamed energy prices and the failure, on Monday evening, of a takeover by a pension fund.\n\n" +
		"Unions called a meeting."
	return []*news.Article{dateArt(2, "wire.example", wire, feb3), dateArt(3, "rewrite.example", rewrite, feb3.Add(20*time.Hour))}
}

// TestLeadDate: an article that opens on a date is compared with the days
// the other outlets' leads give on the calendar, a weekday resolved
// against the dateline's date or the publication date; a date they give
// only for another step does not vouch for it.
func TestLeadDate(t *testing.T) {
	others := railStory()
	for _, tt := range []struct {
		name, article string
		want          bool
	}{
		{"the bankruptcy moved to February 2", "Nordlys Rail went bust on the night of February 2, leaving thousands of commuters stuck across the northern provinces while its boss hid.\n\nThe trains stood still.", true},
		{"the bankruptcy on its day", "Nordlys Rail went bust on February 3, leaving thousands of commuters stuck across the northern provinces while its boss hid.\n\nThe trains stood still.", false},
		{"the takeover step told on its date", "A takeover of Nordlys Rail by a pension fund collapsed on February 2, leaving the operator out of cash.\n\nThe trains stood still.", false},
		{"the takeover step told in the words of the leads", "The pension fund's takeover of Nordlys Rail collapsed on February 2, leaving commuters across the northern provinces worried.\n\nThe trains stood still.", false},
	} {
		a := dateArt(1, "farm.example", tt.article, time.Time{})
		s := dateSignal(Input{Article: a, Story: others})
		if (s != nil) != tt.want {
			t.Errorf("%s: signal %+v, want %v", tt.name, s, tt.want)
			continue
		}
		if s == nil {
			continue
		}
		if len(s.Spans) != 1 || s.Spans[0].Slice(a.Text) != "February 2" || s.Severity != news.SeverityMedium || len(s.Against) != 2 ||
			!strings.Contains(s.Explanation, "date it February 3, 2026 (Tuesday)") || !strings.Contains(s.Explanation, "Articles #2 and #3 name February 2 only for another step") {
			t.Errorf("%s: %+v", tt.name, s)
		}
	}
}

// TestResolveIn: a weekday is resolved against the dateline's date before
// the publication date (a page stored or updated a week later).
func TestResolveIn(t *testing.T) {
	a := dateArt(1, "", "HALVIK, Feb 3 (Reuters) - The operator filed for bankruptcy on Tuesday.", time.Date(2026, 2, 11, 9, 0, 0, 0, time.UTC))
	if got, ok := resolveIn(a, "Tuesday"); !ok || got.Format("2006-01-02") != "2026-02-03" {
		t.Errorf("under the dateline: %v %v, want 2026-02-03", got, ok)
	}
	a.Text = "The operator filed for bankruptcy on Tuesday."
	if got, ok := resolveIn(a, "Tuesday"); !ok || got.Format("2006-01-02") != "2026-02-10" {
		t.Errorf("by the publication: %v %v, want 2026-02-10", got, ok)
	}
	a.Published = time.Time{}
	if _, ok := resolveIn(a, "Tuesday"); ok {
		t.Error("resolved without a date to resolve against")
	}
}

// TestLeadWeekdaySpans: the evidence of the lead weekday is its mentions
// for the lead's event, not a later sentence of other news that names the
// same weekday.
func TestLeadWeekdaySpans(t *testing.T) {
	a := dateArt(1, "", "Thieves raided the Harbour Museum on Friday night and took two gold compasses.\n\n"+
		"Shares in luxury goods makers slipped on Friday as investors took profits.\n\n"+
		"The Harbour Museum stayed closed after the Friday raid, its director said.", time.Time{})
	day, spans := leadWeekday(a)
	var got []int
	for _, sp := range spans {
		got = append(got, sp.Start)
	}
	want := []int{strings.Index(a.Text, "Friday night"), strings.Index(a.Text, "Friday raid")}
	if day != "Friday" || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("leadWeekday = %q at %v, want Friday at %v", day, got, want)
	}
}

// TestFindDateline: a dateline opens a report's text or its first line
// after a byline and a date line; one after a sentence is no dateline.
func TestFindDateline(t *testing.T) {
	for _, tt := range []struct {
		text, want string // want: the dateline's date, "" for none
	}{
		{"ORVIK, Feb 3 (Reuters) - The airline filed for bankruptcy.", "Feb 3"},
		{"Par Élodie Marchand\n04.02.2026\n\nORVIK, 3 Feb (Reuters) - The company went bankrupt.", "3 Feb"},
		{"The airline filed for bankruptcy.\n\nORVIK, Feb 3 (Reuters) - More follows.", ""},
		{"The airline filed for bankruptcy on Tuesday.", ""},
	} {
		got := ""
		if g := findDateline(tt.text); g != nil {
			d, _ := parseDate(tt.text, g[2:])
			got = tt.text[g[0]:g[1]]
			if !strings.Contains(got, tt.want) || tt.want == "" || d.day != 3 {
				t.Errorf("%q: dateline %q (%v), want one with %q", tt.text, got, d, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("%q: no dateline, want one with %q", tt.text, tt.want)
		}
	}
	// The dateline's date dates no event.
	if ds := eventDates("Par Élodie Marchand\n\nORVIK, 3 Feb (Reuters) - The company went bankrupt on February 3."); len(ds) != 1 || ds[0].date.day != 3 || ds[0].span.Start < 20 {
		t.Errorf("event dates %+v, want the one after the dateline only", ds)
	}
}

// TestLeadDateWithWeekday: the date written with the lead weekday is
// evidence of the lead; a date further on in its sentence is of something
// else.
func TestLeadDateWithWeekday(t *testing.T) {
	others := railStory()
	for _, tt := range []struct {
		article string
		spans   []string
	}{
		{"Nordlys Rail went bust on Monday night, February 2, leaving thousands of commuters stuck across the northern provinces.\n\nThe trains stood still.", []string{"Monday", "February 2"}},
		{"Nordlys Rail went bust on Monday, its lenders said, and will miss the March 12 deadline for its debts, leaving commuters stuck across the northern provinces.\n\nThe trains stood still.", []string{"Monday"}},
	} {
		a := dateArt(1, "farm.example", tt.article, time.Time{})
		s := leadWeekdaySignal(Input{Article: a, Story: others})
		var got []string
		if s != nil {
			for _, sp := range s.Spans {
				got = append(got, sp.Slice(a.Text))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.spans) {
			t.Errorf("%q: spans %q, want %q", tt.article, got, tt.spans)
		}
	}
}

// TestEventDateOutvotedWithTheArticle: an article whose lead weekday
// another outlet shares (in words too different to tell it is the same
// account) is not flagged for the day of a third outlet alone: the two
// outvote it, and the third keeps its own alarm.
func TestEventDateOutvotedWithTheArticle(t *testing.T) {
	article := "The harbour crane collapsed in the night of Tuesday to Wednesday, and its cabin fell into the water.\n\nThe port said the crane was forty years old."
	agrees := "Shortly before midnight on Tuesday the old crane at the container terminal came down.\n\nNobody was hurt, the port authority said."
	farm := "The harbour crane collapsed on Friday night and its cabin fell into the water.\n\nThe port boss is under fire."
	a := dateArt(1, "a.example", article, time.Time{})
	o := dateArt(2, "b.example", agrees, time.Time{})
	f := dateArt(3, "farm.example", farm, time.Time{})
	if s := dateSignal(Input{Article: a, Story: []*news.Article{o, f}}); s != nil {
		t.Errorf("the article another outlet agrees with: %+v", s)
	}
	if s := dateSignal(Input{Article: f, Story: []*news.Article{a, o}}); s == nil || s.Severity != news.SeverityMedium {
		t.Errorf("the outlet the two outvote: %+v", s)
	}
	// One outlet against one still says nothing about which is right.
	if s := dateSignal(Input{Article: a, Story: []*news.Article{f}}); s == nil || s.Severity != news.SeverityLow {
		t.Errorf("one outlet against one: %+v", s)
	}
	// An outlet outvoted so that opens on another event, and gives the
	// article's another day, still counts against it: the article's
	// weekday agrees with the lead of the first by chance.
	moved := dateArt(1, "farm.example", "The harbour crane collapsed on Wednesday night and its cabin fell into the water.\n\nThe port boss is under fire.", time.Time{})
	denial := dateArt(2, "b.example", "The port authority on Wednesday denied the union's claim that inspections had been skipped.\n\nIts chief will answer questions in parliament.", time.Time{})
	later := dateArt(3, "c.example", "The port chief resigned on Thursday after a week of protests by dockers.\n\nThe crane of the harbour collapsed on Tuesday night, and the cabin of the crane fell into the water below.", time.Time{})
	if s := dateSignal(Input{Article: moved, Story: []*news.Article{denial, later}}); s == nil || !slices.Contains(s.Against, 3) {
		t.Errorf("an outlet that opens on another event: %+v", s)
	}
}
