package cli

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/store/sqlite"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// tripleCase is one generated event as the seed articles present one,
// built from real FNC-1 bodies: a first report (A); a second outlet's
// report with a promotional line pasted in (B); a content-farm page (C): a
// third report of the claim with sentences of other claims' bodies pasted
// in (a quoted one first when the donors have one), a byline (invented)
// that its credit line contradicts and, when a report names the event
// weekday the third names first, another weekday (else, when a report
// gives the event date the third gives first, another date); and the body of another
// claim most like A (L), which must stay out of the story. The reports
// keep the credit lines they have.
type tripleCase struct {
	claim  string
	arts   [4]*news.Article // A, B, C, L
	donors []*news.Article  // the bodies C's pasted sentences come from
	pasted []news.Span      // in C
	teaser news.Span        // in B
	credit news.Span        // in C
	day    news.Span        // the changed weekday or date in C; empty when none
	date   bool             // day is a changed date, not a weekday
	// told: a report gives the day that was changed in a sentence of the
	// same event (sharing two content words with the farm's sentence);
	// else no report dates that event, and nothing in the story can
	// contradict the farm's day.
	told bool
}

// Roles of a case's articles.
const (
	roleFirst = iota
	roleSecond
	roleFarm
	roleLookalike
)

// Invented names and places for the bylines and credit lines.
var (
	tripleNames = []string{"Dana Whitfield", "Marco Lindqvist", "Priya Raman", "Tomasz Nowak", "Elena Sorensen",
		"Kwame Mensah", "Lucia Ferreira", "Owen Gallagher", "Hana Kobayashi", "Rafael Ortega"}
	tripleCities  = []string{"Chicago", "Madrid", "Nairobi", "Sydney", "Toronto", "Warsaw"}
	tripleTeasers = []string{"Must Read: %s", "READ MORE: %s", "Also read: %s", "You won't believe what happened next", "Click here to see the photos", "VIDEO ► %s", "MORE ON THE TOPIC ▶ %s"}
	weekdays      = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

// genTriples builds one case per claim of the split that has three bodies
// of at least five sentences (at most n cases), deterministically from
// seed. headline gives each body a headline of its claim.
func genTriples(l *labelled, headline map[int64]string, dev bool, n int, seed uint64) []tripleCase {
	rng := rand.New(rand.NewPCG(seed, 11))
	sents := make([][]string, len(l.docs))
	var pool []int // bodies of the split with five sentences or more
	byClaim := map[string][]int{}
	for i, d := range l.docs {
		if l.dev[i] != dev {
			continue
		}
		t := text.Normalize(d.Text)
		for _, s := range text.Sentences(t) {
			if x := s.Span.Slice(t); len(strings.Fields(x)) >= 5 {
				sents[i] = append(sents[i], x)
			}
		}
		if len(sents[i]) >= 5 && headline[d.ID] != "" {
			pool = append(pool, i)
			byClaim[l.gold[i]] = append(byClaim[l.gold[i]], i)
		}
	}
	var claims []string
	for c, bs := range byClaim {
		if len(bs) >= 3 {
			claims = append(claims, c)
		}
	}
	sort.Strings(claims)
	rng.Shuffle(len(claims), func(i, j int) { claims[i], claims[j] = claims[j], claims[i] })
	vecs := map[int]map[string]float64{}
	vec := func(i int) map[string]float64 {
		if v, ok := vecs[i]; ok {
			return v
		}
		v := map[string]float64{}
		for _, w := range text.ContentWords(l.docs[i].Text) {
			v[text.Stem(w)]++
		}
		vecs[i] = v
		return v
	}
	var cases []tripleCase
	for _, claim := range claims {
		if len(cases) == n {
			break
		}
		bs := slices.Clone(byClaim[claim])
		rng.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })
		a, b, h := bs[0], bs[1], bs[2]
		// The look-alike: the body of another claim nearest to A.
		look, best := -1, -1.0
		for _, o := range pool {
			if l.gold[o] == claim {
				continue
			}
			if c := cosine(vec(a), vec(o)); c > best {
				look, best = o, c
			}
		}
		// Donors: one or two bodies of claims other than these two.
		var inserts []string
		var donorIdx []int
		k := 2 + rng.IntN(3)
		for d, donors := 0, 1+rng.IntN(2); d < donors; d++ {
			o := pool[rng.IntN(len(pool))]
			if l.gold[o] == claim || l.gold[o] == l.gold[look] {
				d--
				continue
			}
			donorIdx = append(donorIdx, o)
			ss := slices.Clone(sents[o])
			if d == 0 { // a quoted sentence first, when the donor has one
				if q := slices.IndexFunc(ss, hasQuote); q >= 0 {
					inserts = append(inserts, ss[q])
					ss = slices.Delete(ss, q, q+1)
				}
			}
			for len(inserts) < k*(d+1)/donors && len(ss) > 0 {
				p := rng.IntN(len(ss))
				inserts = append(inserts, ss[p])
				ss = slices.Delete(ss, p, p+1)
			}
		}
		c := tripleCase{claim: claim}
		for _, o := range donorIdx {
			d := &news.Article{Text: text.Normalize(l.docs[o].Text), Title: headline[l.docs[o].ID],
				URL: fmt.Sprintf("https://donor.example/news/%d", l.docs[o].ID), SourcePath: fmt.Sprintf("fnc1 body %d", l.docs[o].ID)}
			if ingest.Prepare(d) == nil && !slices.ContainsFunc(c.donors, func(x *news.Article) bool { return x.SourcePath == d.SourcePath }) {
				c.donors = append(c.donors, d)
			}
		}
		// The farm page names another weekday than the first two reports:
		// the first event weekday it names (as the date_contradiction signal
		// reads them: credibility.EventWeekdays) that one of them names
		// too; when it names none such, another date: its first explicit
		// event date that one of them gives too, a day later (or earlier).
		host := text.Normalize(l.docs[h].Text)
		ta, tb := text.Normalize(l.docs[a].Text), text.Normalize(l.docs[b].Text)
		var newDay, newDate string
		told := false
		if loc := credibility.EventWeekdays(host); len(loc) > 0 && (namesWeekday(ta, host[loc[0][0]:loc[0][1]]) || namesWeekday(tb, host[loc[0][0]:loc[0][1]])) {
			old := host[loc[0][0]:loc[0][1]]
			told = tellsEvent(host, loc[0][0], []string{ta, tb}, func(t string) (at []int) {
				for _, m := range credibility.EventWeekdays(t) {
					if t[m[0]:m[1]] == old {
						at = append(at, m[0])
					}
				}
				return at
			})
			newDay = weekdays[(slices.Index(weekdays, old)+1)%7]
			host = host[:loc[0][0]] + newDay + host[loc[0][1]:]
		} else if ds := credibility.EventDates(host); len(ds) > 0 && (givesDate(ta, ds[0]) || givesDate(tb, ds[0])) {
			told = tellsEvent(host, ds[0].Start, []string{ta, tb}, func(t string) (at []int) {
				for _, e := range credibility.EventDates(t) {
					if e.Month == ds[0].Month && e.Day == ds[0].Day {
						at = append(at, e.Start)
					}
				}
				return at
			})
			newDate = shiftDate(host[ds[0].Start:ds[0].End], ds[0].Day)
			host = host[:ds[0].Start] + newDate + host[ds[0].End:]
		}
		farm := paste(rng, strings.Split(host, "\n\n"), inserts)
		names := rng.Perm(len(tripleNames))
		credit := fmt.Sprintf("%s reported from %s.", tripleNames[names[1]], tripleCities[rng.IntN(len(tripleCities))])
		farm += "\n\n" + credit
		donorHead := headline[l.docs[pool[rng.IntN(len(pool))]].ID]
		teaser := tripleTeasers[rng.IntN(len(tripleTeasers))]
		if strings.Contains(teaser, "%s") {
			teaser = fmt.Sprintf(teaser, donorHead)
		}
		second := text.Normalize(l.docs[b].Text)
		paras := strings.Split(second, "\n\n")
		at := 1 + rng.IntN(len(paras))
		paras = slices.Insert(paras, at, teaser)
		second = strings.Join(paras, "\n\n")

		mk := func(i int, body, outlet, byline string) *news.Article {
			return &news.Article{Text: body, Title: headline[l.docs[i].ID], Byline: byline,
				URL: fmt.Sprintf("https://%s.example/news/%d", outlet, l.docs[i].ID), SourcePath: fmt.Sprintf("fnc1 body %d", l.docs[i].ID)}
		}
		c.arts = [4]*news.Article{
			mk(a, text.Normalize(l.docs[a].Text), "first-report", ""),
			mk(b, second, "second-outlet", ""),
			mk(h, farm, "daily-farm", tripleNames[names[0]]),
			mk(look, text.Normalize(l.docs[look].Text), "other-paper", ""),
		}
		ok := true
		for _, x := range c.arts {
			if ingest.Prepare(x) != nil {
				ok = false
			}
		}
		if !ok {
			continue
		}
		ft := c.arts[roleFarm].Text
		c.pasted = findAll(ft, inserts)
		c.teaser = spanOf(c.arts[roleSecond].Text, teaser)
		c.credit = spanOf(ft, credit)
		// The changed weekday or date is the first of its text outside the
		// pasted sentences.
		outside := func(start, end int, want string) bool {
			sp := news.Span{Start: start, End: end}
			if ft[start:end] != want || slices.ContainsFunc(c.pasted, func(p news.Span) bool { return p.Overlaps(sp) }) {
				return false
			}
			c.day = sp
			return true
		}
		if newDay != "" {
			for _, m := range credibility.EventWeekdays(ft) {
				if outside(m[0], m[1], newDay) {
					c.told = told
					break
				}
			}
		} else if newDate != "" {
			for _, d := range credibility.EventDates(ft) {
				if outside(d.Start, d.End, newDate) {
					c.date, c.told = true, told
					break
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// namesWeekday says whether t names day as an event weekday
// (credibility.EventWeekdays).
func namesWeekday(t, day string) bool {
	return slices.ContainsFunc(credibility.EventWeekdays(t), func(m [2]int) bool { return t[m[0]:m[1]] == day })
}

// tellsEvent says whether a sentence of one of reports holding one of the
// offsets at gives (the day at those offsets) shares at least two content
// words, other than names of days and months and numbers, with the
// sentence of host holding offset i.
func tellsEvent(host string, i int, reports []string, at func(string) []int) bool {
	sentWords := func(t string, i int) map[string]bool {
		w := map[string]bool{}
		for _, s := range text.Sentences(t) {
			if s.Span.Start <= i && i < s.Span.End {
				for _, x := range text.ContentWords(s.Span.Slice(t)) {
					if x[0] < '0' || x[0] > '9' {
						w[text.Stem(x)] = true
					}
				}
			}
		}
		for _, d := range weekdays {
			delete(w, text.Stem(strings.ToLower(d)))
		}
		for m := time.January; m <= time.December; m++ {
			delete(w, text.Stem(strings.ToLower(m.String())))
			delete(w, strings.ToLower(m.String()[:3]))
		}
		return w
	}
	hw := sentWords(host, i)
	for _, t := range reports {
		for _, j := range at(t) {
			shared := 0
			for x := range sentWords(t, j) {
				if hw[x] {
					shared++
				}
			}
			if shared >= 2 {
				return true
			}
		}
	}
	return false
}

// givesDate says whether t gives the month and day of d as an event date
// (credibility.EventDates).
func givesDate(t string, d credibility.EventDate) bool {
	return slices.ContainsFunc(credibility.EventDates(t), func(e credibility.EventDate) bool { return e.Month == d.Month && e.Day == d.Day })
}

// reDayNumber matches the day of a date as printed ("14", "14th").
var reDayNumber = regexp.MustCompile(`\b\d{1,2}(?:st|nd|rd|th)?\b`)

// shiftDate returns the date s (of day day) a day later, or a day earlier
// at the end of a month: "Dec. 14, 2017" → "Dec. 15, 2017".
func shiftDate(s string, day int) string {
	to := day + 1
	if day >= 28 {
		to = day - 1
	}
	loc := reDayNumber.FindStringIndex(s) // the day: a year has four digits
	if loc == nil {
		return s
	}
	num := fmt.Sprint(to)
	if strings.TrimLeft(s[loc[0]:loc[1]], "0123456789") != "" { // an ordinal: 3rd → 4th
		num += ordinalSuffix(to)
	}
	return s[:loc[0]] + num + s[loc[1]:]
}

// ordinalSuffix returns the English suffix of the ordinal of n: "st" for 1
// and 21, "th" for 11.
func ordinalSuffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

func hasQuote(s string) bool { return strings.ContainsAny(s, "\"“”") }

func spanOf(t, sub string) news.Span {
	if i := strings.Index(t, sub); i >= 0 {
		return news.Span{Start: i, End: i + len(sub)}
	}
	return news.Span{}
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for k, v := range a {
		dot += v * b[k]
		na += v * v
	}
	for _, v := range b {
		nb += v * v
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// tripleHeadlines gives each FNC-1 body the first headline that
// train_stances.csv relates to it (agree, disagree or discuss).
func tripleHeadlines(dir string) (map[int64]string, error) {
	rows, err := readCSV(filepath.Join(dir, "train_stances.csv"))
	if err != nil {
		return nil, err
	}
	cols, err := columns(filepath.Join(dir, "train_stances.csv"), rows[0], "Headline", "Body ID", "Stance")
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, r := range rows[1:] {
		if len(r) <= cols[2] || r[cols[2]] == "unrelated" {
			continue
		}
		var id int64
		if _, err := fmt.Sscan(r[cols[1]], &id); err != nil {
			return nil, fmt.Errorf("train_stances.csv: Body ID %q: %w", r[cols[1]], err)
		}
		if out[id] == "" {
			out[id] = r[cols[0]]
		}
	}
	return out, nil
}

// tripleTally counts what the engine found over the cases.
type tripleTally struct {
	cases, grouped, apart, farmHighest, firstLowest int
	splice                                          struct{ tp, fp, fn float64 }
	quotes, quotesFound, quotesTransplanted         int
	donors                                          bool // the donor bodies are in the store
	credits, creditsFound                           int
	teasers, teasersFound                           int
	days, daysFound                                 int
	dates, datesFound                               int
	told, toldFound                                 [2]int // weekday, date cases a report dates the same event of
	firstAlarms, secondAlarms                       int
}

// alarmTypes are the signals that say something is wrong with an article
// whatever the rest of its story says; a clean first report should raise
// none of them.
var alarmTypes = []string{news.SignalSplicedPassage, news.SignalDateContradiction, news.SignalNumberContradiction, news.SignalBylineConflict,
	news.SignalCopiedUnderOtherByline, news.SignalClickbaitInsert, news.SignalTransplantedQuote}

// add counts a case and returns what the engine missed or raised wrongly
// in it, a line each.
func (t *tripleTally) add(c tripleCase, an [4]*news.Analysis) []string {
	var miss []string
	t.cases++
	story := func(r int) int64 { return an[r].StoryID }
	if story(roleFirst) == story(roleSecond) && story(roleSecond) == story(roleFarm) {
		t.grouped++
	} else {
		miss = append(miss, fmt.Sprintf("not grouped: stories %d %d %d", story(roleFirst), story(roleSecond), story(roleFarm)))
	}
	if story(roleLookalike) != story(roleFirst) && story(roleLookalike) != story(roleFarm) {
		t.apart++
	} else {
		miss = append(miss, "look-alike joined: "+c.arts[roleLookalike].SourcePath)
	}
	risk := func(r int) float64 { return an[r].Report.Risk }
	if risk(roleFarm) > max(risk(roleFirst), risk(roleSecond)) {
		t.farmHighest++
	}
	if risk(roleFirst) < min(risk(roleSecond), risk(roleFarm)) {
		t.firstLowest++
	}
	if !(risk(roleFirst) < risk(roleSecond) && risk(roleSecond) < risk(roleFarm)) {
		miss = append(miss, fmt.Sprintf("risks %.2f %.2f %.2f", risk(roleFirst), risk(roleSecond), risk(roleFarm)))
	}
	spans := func(r int, types ...string) []news.Span {
		var out []news.Span
		for _, s := range an[r].Report.Signals {
			if slices.Contains(types, s.Type) && s.Severity != news.SeverityInfo {
				out = append(out, s.Spans...)
			}
		}
		return out
	}
	found := func(r int, want news.Span, types ...string) bool {
		return slices.ContainsFunc(spans(r, types...), func(s news.Span) bool { return s.Overlaps(want) })
	}
	// Splice: sentence by sentence, as eval splice counts.
	farm := c.arts[roleFarm]
	var sentSpans []news.Span
	for _, s := range farm.Sentences {
		sentSpans = append(sentSpans, s.Span)
	}
	gold := sentenceLabels(sentSpans, c.pasted)
	pred := sentenceLabels(sentSpans, spans(roleFarm, news.SignalSplicedPassage))
	for i, sp := range sentSpans {
		switch {
		case pred[i] && gold[i]:
			t.splice.tp++
		case pred[i]:
			t.splice.fp++
			miss = append(miss, "farm sentence flagged spliced: "+clip(sp.Slice(farm.Text)))
		case gold[i]:
			t.splice.fn++
			miss = append(miss, "pasted sentence missed: "+clip(sp.Slice(farm.Text)))
		}
	}
	// The direct quotes the engine found in pasted sentences: no other
	// outlet of the story carries them.
	for _, q := range an[roleFarm].Quotes {
		if !q.Direct || !slices.ContainsFunc(c.pasted, func(p news.Span) bool { return p.Contains(q.Span) }) {
			continue
		}
		t.quotes++
		if q.Status == news.QuoteTransplanted {
			t.quotesTransplanted++
		} else if t.donors {
			miss = append(miss, fmt.Sprintf("pasted quote %s, not transplanted (speaker %q): %s", q.Status, q.SpeakerName, clip(q.Text)))
		}
		if q.Status == news.QuoteUncorroborated || q.Status == news.QuoteTransplanted {
			t.quotesFound++
		} else {
			miss = append(miss, fmt.Sprintf("pasted quote %s (speaker %q): %s", q.Status, q.SpeakerName, clip(q.Text)))
		}
	}
	// An inserted line or word (when the case has one) must be evidence of
	// its signal.
	inserted := func(r int, sp news.Span, typ, what string, n, hit *int) {
		if sp.Len() == 0 {
			return
		}
		if *n++; found(r, sp, typ) {
			*hit++
		} else {
			miss = append(miss, what+" not flagged: "+sp.Slice(c.arts[r].Text))
		}
	}
	inserted(roleFarm, c.credit, news.SignalBylineConflict, "credit line", &t.credits, &t.creditsFound)
	inserted(roleSecond, c.teaser, news.SignalClickbaitInsert, "teaser", &t.teasers, &t.teasersFound)
	kind := 0
	if c.date {
		kind = 1
		inserted(roleFarm, c.day, news.SignalDateContradiction, "changed date", &t.dates, &t.datesFound)
	} else {
		inserted(roleFarm, c.day, news.SignalDateContradiction, "changed weekday", &t.days, &t.daysFound)
	}
	if c.told {
		t.told[kind]++
		if found(roleFarm, c.day, news.SignalDateContradiction) {
			t.toldFound[kind]++
		}
	} else if c.day.Len() > 0 {
		miss = append(miss, "(no report dates the event of the changed day: "+clip(c.day.Slice(farm.Text))+")")
	}
	alarms := func(r int, skip news.Span) []string {
		var out []string
		for _, s := range an[r].Report.Signals {
			if !slices.Contains(alarmTypes, s.Type) || s.Severity == news.SeverityInfo {
				continue
			}
			for _, sp := range s.Spans {
				if !sp.Overlaps(skip) {
					out = append(out, s.Type+": "+clip(sp.Slice(c.arts[r].Text)))
				}
			}
		}
		return out
	}
	if a := alarms(roleFirst, news.Span{}); len(a) > 0 {
		t.firstAlarms++
		for _, x := range a {
			miss = append(miss, "first report: "+x)
		}
	}
	if a := alarms(roleSecond, c.teaser); len(a) > 0 {
		t.secondAlarms++
		for _, x := range a {
			miss = append(miss, "second report: "+x)
		}
	}
	return miss
}

// clip shortens s for a line of --errors output.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 110 {
		return s[:110] + "…"
	}
	return s
}

// runTriple analyses a case's four articles in a store of their own, in
// the order A, B, C, L, as a user analysing the pages of one event would;
// with donors, the bodies C's pasted sentences come from are stored
// first, as in a store that has followed those other events.
func runTriple(ctx context.Context, c tripleCase, donors bool) ([4]*news.Analysis, error) {
	var out [4]*news.Analysis
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return out, err
	}
	defer st.Close()
	e, err := engine.Default(ctx, st, engine.Config{})
	if err != nil {
		return out, err
	}
	if donors {
		if err := e.AddBatch(ctx, c.donors, func(i int, _ engine.AddResult, err error) error { return err }); err != nil {
			return out, err
		}
	}
	err = e.AddBatch(ctx, c.arts[:], func(i int, _ engine.AddResult, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", c.arts[i].SourcePath, err)
		}
		return nil
	})
	if err == nil {
		err = e.Flush(ctx, nil)
	}
	if err != nil {
		return out, err
	}
	for r, a := range c.arts {
		if out[r], err = st.FindAnalysis(ctx, a.ID); err != nil {
			return out, fmt.Errorf("%s: %w", a.SourcePath, err)
		}
	}
	return out, nil
}

func evalTriples(ctx context.Context, e *Env, args []string) error {
	fs := newFlagSet(e, "eval triples", "eval triples [--data FILE] [--split dev|train] [--n N] [--seed S] [--donors] [--errors] [--format text|json]")
	data := fs.String("data", shared.Path("data", "fnc1", "train_bodies.csv"), "FNC-1 train_bodies.csv (train_stances.csv beside it gives the claims and headlines)")
	split := fs.String("split", "dev", "claims to build cases from: dev or train")
	n := fs.Int("n", 1000, "at most this many cases (one per claim with three long bodies)")
	seed := fs.Uint64("seed", 1, "generation seed")
	format := fs.String("format", "text", "output format: text or json")
	errs := fs.Bool("errors", false, "list on stderr, case by case, what the analysis missed or raised wrongly")
	donors := fs.Bool("donors", false, "store the bodies the farm's pasted sentences come from first, as a store that follows those events holds them: pasted quotes are then transplanted and pasted sentences copied from another story")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *split != "dev" && *split != "train" {
		return fmt.Errorf("%w: --split must be dev or train, not %q", errUsage, *split)
	}
	dir := filepath.Dir(*data)
	l, err := loadFNCClusters(dir)
	if err != nil {
		return err
	}
	heads, err := tripleHeadlines(dir)
	if err != nil {
		return err
	}
	cases := genTriples(l, heads, *split == "dev", *n, *seed)
	if len(cases) == 0 {
		return fmt.Errorf("eval triples: no claim of the %s split has three bodies of five sentences", *split)
	}
	t := tripleTally{donors: *donors}
	start := time.Now()
	for _, c := range cases {
		an, err := runTriple(ctx, c, *donors)
		if err != nil {
			return fmt.Errorf("case of claim %s: %w", c.claim, err)
		}
		miss := t.add(c, an)
		if *errs && len(miss) > 0 {
			fmt.Fprintf(e.Stderr, "claim %s (%s, %s, %s; look-alike %s):\n", c.claim, c.arts[roleFirst].SourcePath,
				c.arts[roleSecond].SourcePath, c.arts[roleFarm].SourcePath, c.arts[roleLookalike].SourcePath)
			for _, m := range miss {
				fmt.Fprintf(e.Stderr, "  %s\n", m)
			}
		}
	}
	secs := time.Since(start).Seconds()
	rate := func(k, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(k) / float64(of)
	}
	prf := metrics.FromCounts(t.splice.tp, t.splice.fp, t.splice.fn)
	res := map[string]any{
		"cases": t.cases, "split": *split, "seed": *seed,
		"grouped":                    rate(t.grouped, t.cases),
		"lookalike_apart":            rate(t.apart, t.cases),
		"farm_highest_risk":          rate(t.farmHighest, t.cases),
		"first_lowest_risk":          rate(t.firstLowest, t.cases),
		"splice_precision":           prf.Precision,
		"splice_recall":              prf.Recall,
		"splice_f1":                  prf.F1,
		"pasted_quote_recall":        rate(t.quotesFound, t.quotes),
		"credit_recall":              rate(t.creditsFound, t.credits),
		"teaser_recall":              rate(t.teasersFound, t.teasers),
		"weekday_recall":             rate(t.daysFound, t.days),
		"weekday_cases":              t.days,
		"date_recall":                rate(t.datesFound, t.dates),
		"date_cases":                 t.dates,
		"weekday_recall_told":        rate(t.toldFound[0], t.told[0]),
		"weekday_cases_told":         t.told[0],
		"date_recall_told":           rate(t.toldFound[1], t.told[1]),
		"date_cases_told":            t.told[1],
		"first_alarm_rate":           rate(t.firstAlarms, t.cases),
		"second_alarm_rate":          rate(t.secondAlarms, t.cases),
		"articles_per_s":             float64(4*t.cases) / secs,
		"pasted_quotes":              t.quotes,
		"pasted_quotes_flagged":      t.quotesFound,
		"pasted_quotes_transplanted": t.quotesTransplanted,
		"donors":                     *donors,
	}
	row := func(name string, v float64, what string) []string { return []string{name, f3(v), what} }
	tab := &Table{
		Title:  fmt.Sprintf("The seeds' job on %d generated events from FNC-1 bodies (%s claims, seed %d), each analysed in a store of its own%s", t.cases, *split, *seed, map[bool]string{true: " holding the donor bodies", false: ""}[*donors]),
		Header: []string{"metric", "value", "what"},
		Rows: [][]string{
			row("grouped", res["grouped"].(float64), "first, second and farm in one story"),
			row("lookalike_apart", res["lookalike_apart"].(float64), "the nearest other claim's body outside it"),
			row("farm_highest_risk", res["farm_highest_risk"].(float64), "the farm's risk above both reports'"),
			row("first_lowest_risk", res["first_lowest_risk"].(float64), "the first report's risk below both others'"),
			row("splice_precision", prf.Precision, "farm sentences flagged spliced that were pasted"),
			row("splice_recall", prf.Recall, "pasted sentences flagged spliced"),
			row("splice_f1", prf.F1, ""),
			row("pasted_quote_recall", res["pasted_quote_recall"].(float64), fmt.Sprintf("direct quotes found in pasted sentences that are uncorroborated or transplanted (%d; %d transplanted)", t.quotes, t.quotesTransplanted)),
			row("credit_recall", res["credit_recall"].(float64), "credit lines that contradict the byline flagged"),
			row("teaser_recall", res["teaser_recall"].(float64), "promotional lines in the second report flagged"),
			row("weekday_recall", res["weekday_recall"].(float64), fmt.Sprintf("changed weekdays flagged (%d cases had one)", t.days)),
			row("date_recall", res["date_recall"].(float64), fmt.Sprintf("changed dates flagged (%d cases had one, none of them a changed weekday)", t.dates)),
			row("weekday_recall_told", res["weekday_recall_told"].(float64), fmt.Sprintf("the same, of the %d where a report dates the changed weekday's event", t.told[0])),
			row("date_recall_told", res["date_recall_told"].(float64), fmt.Sprintf("the same, of the %d where a report dates the changed date's event", t.told[1])),
			row("first_alarm_rate", res["first_alarm_rate"].(float64), "first reports with any alarm (lower is better)"),
			row("second_alarm_rate", res["second_alarm_rate"].(float64), "second reports with an alarm besides the teaser"),
			row("articles_per_s", res["articles_per_s"].(float64), "whole analysis, a fresh store a case"),
		},
		Notes: []string{"alarms: " + strings.Join(alarmTypes, ", ") + " (not info)"},
	}
	return emit(e, *format, res, tab)
}
