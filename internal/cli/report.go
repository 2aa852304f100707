package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Report is the JSON document "analyze --format json" prints. Its schema is
// documented in docs/report.md and kept stable: fields are only added.
type Report struct {
	Summary  RunSummary      `json:"summary"`
	Stories  []ReportStory   `json:"stories"`
	Articles []ReportArticle `json:"articles"`
	Errors   []InputError    `json:"errors"`
	// Show is the command that prints one stored article of this run
	// ("crosscheck show --db x.db"), "" when its store is gone.
	Show string `json:"-"`
}

// RunSummary counts what a run did.
type RunSummary struct {
	Inputs     int `json:"inputs"`
	Articles   int `json:"articles"`
	Stored     int `json:"stored"`
	Duplicates int `json:"duplicates"`
	Failed     int `json:"failed"`
	Stories    int `json:"stories"`
}

// IngestSummary is what `ingest --format json` prints: the run summary and
// the inputs that failed (the first 1,000).
type IngestSummary struct {
	RunSummary
	Errors []InputError `json:"errors"`
}

// EnqueueSummary is what `ingest --queue --format json` prints.
type EnqueueSummary struct {
	Queued        int          `json:"queued"`
	AlreadyStored int          `json:"already_stored"`
	Failed        int          `json:"failed"`
	Seconds       float64      `json:"seconds"`
	ArticlesPerS  float64      `json:"articles_per_s"`
	Errors        []InputError `json:"errors"`
}

// InputError is one input that could not be read or stored.
type InputError struct {
	Input string `json:"input"`
	Error string `json:"error"`
}

// ReportStory is a story with the IDs of its articles in arrival order.
type ReportStory struct {
	*news.Story
	ArticleIDs []int64 `json:"article_ids"`
}

// ReportArticle is one article with its analysis, flattened for readers of
// the JSON report.
type ReportArticle struct {
	ID           int64     `json:"id"`
	Input        string    `json:"input,omitempty"`
	SourcePath   string    `json:"source_path,omitempty"`
	URL          string    `json:"url,omitempty"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Outlet       string    `json:"outlet,omitempty"`
	SiteName     string    `json:"site_name,omitempty"`
	Title        string    `json:"title"`
	Byline       string    `json:"byline,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	Lang         string    `json:"lang,omitempty"`
	StoryID      int64     `json:"story_id"`
	// New is false when the article was already stored before this run.
	New     bool          `json:"new"`
	Credits []news.Credit `json:"credits"`

	Risk       float64          `json:"risk"`
	Signals    []news.Signal    `json:"signals"`
	Quotes     []news.Quote     `json:"quotes"`
	QuoteLinks []news.QuoteLink `json:"quote_links"`
	Provenance news.Provenance  `json:"provenance"`
	Text       string           `json:"text,omitempty"`
	Sentences  []news.Sentence  `json:"sentences,omitempty"`
	analysis   *news.Analysis   // nil when the article has not been analysed
	article    *news.Article
}

// newReportArticle joins an article and its analysis (which may be nil).
func newReportArticle(a *news.Article, an *news.Analysis, input string, isNew, withText bool) ReportArticle {
	r := ReportArticle{
		ID: a.ID, Input: input, SourcePath: a.SourcePath, URL: a.URL, CanonicalURL: a.CanonicalURL,
		Outlet: a.Outlet, SiteName: a.SiteName, Title: a.Title, Byline: a.Byline, Published: a.Published, Lang: a.Lang,
		StoryID: a.StoryID, New: isNew, Credits: a.Credits,
		Signals: []news.Signal{}, Quotes: []news.Quote{}, QuoteLinks: []news.QuoteLink{},
		analysis: an, article: a,
	}
	if r.Credits == nil {
		r.Credits = []news.Credit{}
	}
	if withText {
		r.Text, r.Sentences = a.Text, a.Sentences
	}
	if an != nil {
		r.Risk = an.Report.Risk
		if an.Report.Signals != nil {
			r.Signals = an.Report.Signals
		}
		if an.Quotes != nil {
			r.Quotes = an.Quotes
		}
		if an.QuoteLinks != nil {
			r.QuoteLinks = an.QuoteLinks
		}
		r.Provenance = an.Provenance
	}
	return r
}

// writeTextReport prints the report for people: stories, then each article
// with its risk, signals and evidence.
func writeTextReport(w io.Writer, r *Report) {
	s := r.Summary
	fmt.Fprintf(w, "%s: %s (%d stored, %d already stored), %d failed, %s\n",
		count(s.Inputs, "input"), count(s.Articles, "article"), s.Stored, s.Duplicates, s.Failed, count(s.Stories, "story"))
	byID := map[int64]*ReportArticle{}
	for i := range r.Articles {
		byID[r.Articles[i].ID] = &r.Articles[i]
	}
	common := commonNotes(r.Articles)
	for _, sg := range common.list {
		fmt.Fprintf(w, "Every article: %s (%s): %s\n", sg.Type, sg.Severity, clean(sg.Explanation))
	}
	for _, st := range r.Stories {
		fmt.Fprintf(w, "\nStory %d: %s\n", st.ID, oneLine(untitled(st.Title), 200))
		fmt.Fprintf(w, "  %s, %s%s%s\n", count(st.ArticleCount, "article"), outlets(len(st.Outlets), st.ArticleCount), langs(st.Langs), span(st.FirstSeen, st.LastSeen, st.Undated))
		for _, id := range st.ArticleIDs {
			if a := byID[id]; a != nil {
				writeArticle(w, a, 3, r.Show, common.keys)
			}
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(w, "\nFailed inputs:\n")
		for _, e := range r.Errors {
			if strings.HasPrefix(e.Error, e.Input) { // the error names its input already
				fmt.Fprintf(w, "  %s\n", clean(e.Error))
			} else {
				fmt.Fprintf(w, "  %s: %s\n", clean(e.Input), clean(e.Error))
			}
		}
	}
}

// count is "1 article", "2 articles", "2 stories".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if len(noun) > 1 && strings.HasSuffix(noun, "y") && !strings.ContainsAny(noun[len(noun)-2:len(noun)-1], "aeiou") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// outlets says how many outlets a story's articles come from; articles
// read from files without a URL or source have none.
func outlets(n, articles int) string {
	switch {
	case n == 0 && articles > 1:
		return "outlets unknown"
	case n == 0:
		return "outlet unknown"
	}
	return count(n, "outlet")
}

func langs(l []string) string {
	if len(l) == 0 {
		return ""
	}
	if len(l) == 1 {
		return ", language " + l[0]
	}
	return ", languages " + strings.Join(l, " ")
}

func span(a, b time.Time, undated bool) string {
	if a.IsZero() {
		return ""
	}
	d := a.Format("2006-01-02")
	if !b.IsZero() && b.Format("2006-01-02") != d {
		d += " to " + b.Format("2006-01-02")
	}
	if undated {
		// No article is dated: these are the days they were stored.
		return ", undated (stored " + d + ")"
	}
	return ", " + d
}

// writeTextArticle prints an article's report, at most maxSpans evidence
// spans a signal (0: all of them); show, when not "", is the command that
// prints the rest.
func writeTextArticle(w io.Writer, a *ReportArticle, maxSpans int, show string) {
	writeArticle(w, a, maxSpans, show, nil)
}

// notes are signals printed once for the whole report.
type notes struct {
	list []news.Signal
	keys map[string]bool // noteKey of each
}

func noteKey(sg news.Signal) string { return sg.Type + "\x00" + sg.Explanation }

// commonNotes returns the signals that move no risk, point at no text and
// read the same on every analysed article of a run of at least two, such
// as "no outlet lists were loaded": the report says them once at the top
// rather than under each article.
func commonNotes(arts []ReportArticle) notes {
	var n notes // n.list: the candidates, the first article's notes in its order
	count := map[string]int{}
	analysed := 0
	for _, a := range arts {
		if a.analysis == nil {
			continue
		}
		analysed++
		seen := map[string]bool{}
		for _, sg := range a.Signals {
			k := noteKey(sg)
			if sg.Contribution != 0 || len(sg.Spans) > 0 || len(sg.Against) > 0 || seen[k] {
				continue
			}
			seen[k] = true
			count[k]++
			if analysed == 1 {
				n.list = append(n.list, sg)
			}
		}
	}
	if analysed < 2 {
		return notes{}
	}
	kept := n.list[:0]
	for _, sg := range n.list {
		if count[noteKey(sg)] == analysed {
			kept = append(kept, sg)
		}
	}
	n.list = kept
	if len(n.list) > 0 {
		n.keys = map[string]bool{}
		for _, sg := range n.list {
			n.keys[noteKey(sg)] = true
		}
	}
	return n
}

// writeArticle is writeTextArticle without the signals in skip (by
// noteKey), which the report printed once for every article.
func writeArticle(w io.Writer, a *ReportArticle, maxSpans int, show string, skip map[string]bool) {
	from := a.SourcePath
	switch {
	case from == "":
		from = a.URL
	case from == "-":
		from = "standard input"
	case strings.HasPrefix(from, "-:"): // a record of JSON Lines on stdin
		from = "standard input, line " + from[2:]
	}
	meta := []string{"outlet unknown"}
	switch {
	case a.Outlet != "":
		meta[0] = a.Outlet
	case a.SiteName != "": // a page without its address names its site
		meta[0] = a.SiteName
	}
	if !a.Published.IsZero() {
		meta = append(meta, a.Published.Format("2006-01-02"))
	}
	if a.Byline != "" {
		meta = append(meta, "by "+a.Byline)
	}
	fmt.Fprintf(w, "\n  #%d %s\n", a.ID, oneLine(untitled(a.Title), 90))
	fmt.Fprintf(w, "     %s\n", clean(strings.Join(meta, ", ")))
	fmt.Fprintf(w, "     from %s\n", clean(from))
	if a.analysis == nil {
		fmt.Fprintf(w, "     not analysed yet (an interrupted run, or a queue: running the same analyze or ingest again, or a worker, finishes it)\n")
		return
	}
	fmt.Fprintf(w, "     risk %.2f", a.Risk)
	if p := a.Provenance; len(p.Passages) > 0 || len(p.DrawsOn) > 0 {
		fmt.Fprintf(w, ", originality %.0f%%", 100*p.Originality)
		if len(p.DrawsOn) > 0 {
			fmt.Fprintf(w, ", draws on %s", ids(p.DrawsOn))
		}
	}
	for _, d := range a.Provenance.NearDuplicates {
		if d.StoryID != 0 { // found corpus-wide, in another story
			fmt.Fprintf(w, ", near-duplicate of #%d (story %d, Jaccard %.2f)", d.ArticleID, d.StoryID, d.Jaccard)
		}
	}
	fmt.Fprintln(w)
	sigs := append([]news.Signal(nil), a.Signals...)
	sort.SliceStable(sigs, func(i, j int) bool { return sigs[i].Contribution > sigs[j].Contribution })
	for _, sg := range sigs {
		if skip[noteKey(sg)] {
			continue
		}
		mark := " "
		if sg.Contribution > 0 {
			mark = "!"
		}
		fmt.Fprintf(w, "     %s %s (%s, +%.2f): %s\n", mark, sg.Type, sg.Severity, sg.Contribution, clean(sg.Explanation))
		for i, sp := range sg.Spans {
			if i == maxSpans && maxSpans > 0 {
				hint := ""
				if show != "" {
					hint = fmt.Sprintf(" (%s %d lists them all)", show, a.ID)
				}
				fmt.Fprintf(w, "         … and %d more%s\n", len(sg.Spans)-maxSpans, hint)
				break
			}
			fmt.Fprintf(w, "         [%d:%d] %q\n", sp.Start, sp.End, oneLine(sp.Slice(a.article.Text), 100))
		}
		if len(sg.Against) > 0 {
			fmt.Fprintf(w, "         checked against %s\n", ids(sg.Against))
		}
	}
	if len(a.Quotes) > 0 {
		fmt.Fprintf(w, "     quotes:\n")
		for _, q := range a.Quotes {
			kind := "direct"
			if !q.Direct {
				kind = "indirect"
			}
			who := q.SpeakerName
			if who == "" {
				who = "unattributed"
			}
			status := q.Status
			if status == "" {
				status = "-"
			}
			fmt.Fprintf(w, "       %-14s %s (%s): %q\n", status, clean(who), kind, oneLine(q.Text, 80))
		}
	}
}

// untitled names an article without a title as the web pages do.
func untitled(title string) string {
	if title == "" {
		return "(untitled)"
	}
	return title
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func ids(v []int64) string {
	parts := make([]string, len(v))
	for i, id := range v {
		parts[i] = fmt.Sprintf("#%d", id)
	}
	return strings.Join(parts, " ")
}

// oneLine folds white space, drops control characters (clean) and cuts s
// to at most n runes.
func oneLine(s string, n int) string {
	s = clean(strings.Join(strings.Fields(s), " "))
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// cleanLines is clean for a text of several lines: each keeps its end.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}

// clean drops the control characters of untrusted text before it reaches a
// terminal: an escape sequence in a byline or a file name could otherwise
// recolour, retitle or clear the reader's terminal. Bidirectional
// overrides and isolates go too, as they can show text in another order
// than it is stored. Line breaks and tabs become spaces.
func clean(s string) string {
	bad := func(r rune) bool {
		return unicode.IsControl(r) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
	}
	if strings.IndexFunc(s, bad) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case bad(r):
			return -1
		}
		return r
	}, s)
}

// showCommand is the command that prints one article of the store db, as
// the user would type it: "" for a store in memory, without --db for the
// default one.
func showCommand(db, def string) string {
	switch {
	case db == ":memory:" || db == "":
		return ""
	case db == def:
		return "crosscheck show"
	case strings.ContainsAny(db, " \t'\"$&;|<>()*?`\\"):
		return "crosscheck show --db '" + strings.ReplaceAll(db, "'", `'\''`) + "'"
	}
	return "crosscheck show --db " + db
}
