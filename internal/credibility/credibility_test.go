package credibility_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// art prepares a fictional article.
func art(t *testing.T, id int64, outlet, title, body string, pub time.Time) *news.Article {
	t.Helper()
	a := &news.Article{ID: id, Outlet: outlet, Title: title, Text: body, Published: pub, SourcePath: "test"}
	if err := ingest.Prepare(a); err != nil {
		t.Fatal(err)
	}
	a.ID = id
	return a
}

var tue = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) // a Tuesday

const wire = `A chemical tanker ran aground off Kestrel Point on Tuesday, spilling diesel into the bay, the coastguard said.

The tanker Nordic Tern, carrying 4,000 tonnes of fuel oil, struck rocks shortly after midnight in a storm.

“We have contained most of the spill with booms,” coastguard commander Ines Falk told reporters.

Fishermen said oil had reached two beaches near the harbour by Tuesday afternoon.

Reporting by Karl Mertens`

func find(r news.Report, typ string) *news.Signal {
	for i := range r.Signals {
		if r.Signals[i].Type == typ {
			return &r.Signals[i]
		}
	}
	return nil
}

func TestSignals(t *testing.T) {
	a1 := art(t, 1, "wire.example", "Tanker aground off Kestrel Point spills diesel", wire, tue)
	a2 := art(t, 2, "daily.example", "Diesel spill after tanker runs aground at Kestrel Point", `The tanker Nordic Tern ran aground off Kestrel Point on Tuesday and spilled diesel into the bay, according to the coastguard.

“We have contained most of the spill with booms,” said coastguard commander Ines Falk.

Oil reached two beaches near the harbour, fishermen said.

By Lotte Berg`, tue.Add(3*time.Hour))
	farm := art(t, 3, "", "Coastguard BOSS Admits Spill DISASTER", `Coastguard commander Ines Falk said Friday that the spill was "the worst in our history" after a tanker ran aground off Kestrel Point.

The city council approved a new budget for the municipal swimming pools and libraries on Monday evening.

"Nobody will ever swim here again", Falk said of the bay and its beaches.

Must Read: Ten Celebrities Who Lost Everything In One Night

The national football team beat the visitors 3-1 in a friendly, with two late goals from the captain.

Oil reached two beaches near the harbour, fishermen said.

Karl Mertens reported from Kestrel Point.

• Dana Voss`, time.Time{})
	copycat := art(t, 4, "copy.example", "Tanker aground off Kestrel Point spills diesel", "By Oscar Lund\n\n"+strings.TrimSuffix(wire, "Reporting by Karl Mertens"), tue.Add(5*time.Hour))
	story := []*news.Article{a1, a2, farm, copycat}
	others := func(a *news.Article) []*news.Article {
		var out []*news.Article
		for _, o := range story {
			if o.ID != a.ID {
				out = append(out, o)
			}
		}
		return out
	}
	quotes := map[int64][]news.Quote{
		3: {
			{Direct: true, Text: "the worst in our history", Span: span(farm.Text, "the worst in our history"), Status: news.QuoteUncorroborated},
			{Direct: true, Text: "Nobody will ever swim here again", Span: span(farm.Text, "Nobody will ever swim here again"), Status: news.QuoteUncorroborated},
		},
	}
	as := &credibility.Assessor{Splice: credibility.DefaultSpliceModel()}
	report := func(a *news.Article) news.Report {
		return as.Assess(credibility.Input{Article: a, Story: others(a), Quotes: quotes[a.ID]})
	}
	rf := report(farm)
	for _, tt := range []struct {
		typ      string
		evidence string // a span of the evidence must contain this
	}{
		{news.SignalSplicedPassage, "football"},
		{news.SignalUncorroboratedQuote, "Nobody will ever swim"},
		{news.SignalDateContradiction, "Friday"},
		{news.SignalBylineConflict, "Karl Mertens reported"},
		{news.SignalClickbaitInsert, "Must Read"},
		{news.SignalClickbaitHeadline, ""},
	} {
		s := find(rf, tt.typ)
		if s == nil {
			t.Errorf("content farm: no %s signal in %+v", tt.typ, rf.Signals)
			continue
		}
		if s.Explanation == "" || s.Contribution <= 0 {
			t.Errorf("%s: explanation %q, contribution %v", tt.typ, s.Explanation, s.Contribution)
		}
		if tt.evidence == "" {
			continue
		}
		found := false
		for _, sp := range s.Spans {
			if !sp.Valid(len(farm.Text)) {
				t.Fatalf("%s: span %+v out of bounds", tt.typ, sp)
			}
			found = found || strings.Contains(sp.Slice(farm.Text), tt.evidence)
		}
		if !found {
			t.Errorf("%s: no evidence span contains %q", tt.typ, tt.evidence)
		}
	}
	if s := find(rf, news.SignalSplicedPassage); s != nil {
		for _, sp := range s.Spans {
			if strings.Contains(sp.Slice(farm.Text), "Must Read") || strings.Contains(sp.Slice(farm.Text), "tanker") {
				t.Errorf("spliced_passage flags %q", sp.Slice(farm.Text))
			}
		}
	}
	rc := report(copycat)
	if s := find(rc, news.SignalCopiedUnderOtherByline); s == nil || len(s.Against) != 1 || s.Against[0] != 1 {
		t.Errorf("copy under another byline not found: %+v", rc.Signals)
	}
	r1 := report(a1)
	for _, r := range []news.Report{report(a2), rc, rf} {
		if r1.Risk > r.Risk {
			t.Errorf("the wire report has risk %.2f, above another article's %.2f", r1.Risk, r.Risk)
		}
	}
	if rf.Risk <= rc.Risk || rf.Risk < 0.5 {
		t.Errorf("content farm risk %.2f, copy %.2f: want the farm highest and at least 0.5", rf.Risk, rc.Risk)
	}
	// The risk is the capped sum of the contributions.
	var sum float64
	for _, s := range rf.Signals {
		sum += s.Contribution
	}
	if d := min(sum, 1) - rf.Risk; d > 0.002 || d < -0.002 {
		t.Errorf("risk %.3f is not the capped sum of contributions %.3f", rf.Risk, sum)
	}
}

func span(text, sub string) news.Span {
	i := strings.Index(text, sub)
	return news.Span{Start: i, End: i + len(sub)}
}

func TestNoBylineConflictWhenCreditsAgree(t *testing.T) {
	a := art(t, 1, "", "Ferry fares frozen", "By Lena Brandt\n\nThe board froze ferry fares for a year on Monday, its chair said.\n\nLena Brandt reported from Vessa.", tue)
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a})
	if s := find(r, news.SignalBylineConflict); s != nil {
		t.Fatalf("byline conflict between a byline and a credit for the same person: %+v", s)
	}
}

// TestBylineConflictForms: which credit lines contradict a byline.
func TestBylineConflictForms(t *testing.T) {
	body := "The board froze ferry fares for a year on Monday, its chair said.\n\n"
	for _, tt := range []struct {
		name, byline, text string
		conflict           string // the credit's text, "" for none
	}{
		{"reporting line of another", "", "By Lena Brandt\n\n" + body + "(Reporting by Omar Vik; Editing by Lena Brandt)", "Reporting by Omar Vik"},
		{"reporting line of the author", "", "By Lena Brandt\n\n" + body + "(Reporting by Lena Brandt and Omar Vik; Editing by Tor Ask)", ""},
		{"helper credit in agency copy", "", "By Lena Brandt\n\nVESSA (Reuters) - " + body + "(Reporting by Lena Brandt; additional reporting by Omar Vik)", ""},
		{"contributor line in agency copy", "", "By Lena Brandt\n\nVESSA (AP) — " + body + "AP writer Omar Vik contributed to this report.", ""},
		{"helper credit alone", "", "By Lena Brandt\n\n" + body + "Additional reporting by Omar Vik", ""},
		{"contributor line alone", "", "Author: Lena Brandt\n\n" + body + "Omar Vik contributed reporting from Vessa.", ""},
		{"helper beside a reporter of another", "", "By Lena Brandt\n\n" + body + "Omar Vik reported from Vessa.\n\nTor Ask contributed reporting.", "Omar Vik reported from Vessa."},
		{"second byline", "Lena Brandt", body + "By Omar Vik, Ferry Correspondent", "By Omar Vik, Ferry Correspondent"},
		{"dash credit", "", "By Lena Brandt\n\n" + body + "— Omar Vik, Special Correspondent", "— Omar Vik, Special Correspondent"},
		{"written by", "Lena Brandt", body + "Written by Omar Vik", "Written by Omar Vik"},
		{"byline of a desk", "Ferry News Staff", body + "By Omar Vik", ""},
		{"byline of a section", "Harbour Sport", body + "By Omar Vik", ""},
		{"author metadata running on into the outlet", "Omar Vik. Ferry Weekly", body + "By Omar Vik", ""},
		{"a collection of posts", "", "By Lena Brandt | 10:15\n\n" + body + "By Omar Vik | 11:20\n\n" + body + "By Tor Ask | 12:05\n\n" + body, ""},
		{"co-authors in capitals", "Lena Brandt", "BY LENA BRANDT AND OMAR VIK\n\n" + body, ""},
		{"co-authors", "", "By Lena Brandt and Omar Vik\n\n" + body + "Omar Vik reported from Vessa.", ""},
		{"agency footer naming the author as writer", "Lena Brandt", "VESSA (Reuters) - " + body + "(Reporting by Omar Vik in Vessa; Writing by Lena Brandt; Editing by Tor Ask)", ""},
		{"photo editor's credit", "Lena Brandt", body + "Omar Vik, Photo Editor", ""},
		{"helper credit with \"with\"", "", "By Lena Brandt\n\n" + body + "With reporting by Omar Vik", ""},
		{"compiled by another", "Lena Brandt", body + "(Compiled by Omar Vik)", "Compiled by Omar Vik"},
		{"filed by another", "Lena Brandt", body + "Filed by Omar Vik", "Filed by Omar Vik"},
		{"this article was written by another", "Lena Brandt", body + "This article was written by Omar Vik.", "This article was written by Omar Vik"},
		{"author box of another", "Lena Brandt", body + "About the author: Omar Vik is a freelance travel writer based in Vessa.", "About the author: Omar Vik is a freelance travel writer based in Vessa."},
		{"story label of another", "Lena Brandt", body + "Story: Omar Vik", "Story: Omar Vik"},
		{"desk byline over the agency's reporting line", "", "By Staff Reporter\n\n" + body + "(Reporting by Omar Vik; Editing by Tor Ask)", ""},
		{"desk metadata over the agency's reporting line", "Staff Reporter", body + "(Reporting by Omar Vik; Editing by Tor Ask)", ""},
		{"desk byline over a writer's credit", "", "By News Desk\n\n" + body + "Written by Omar Vik", ""},
		{"desk byline over another outlet's original story", "", "By Staff Reporter\n\n" + body + "Original story by Omar Vik, Vessa Post", "Original story by Omar Vik, Vessa Post"},
		{"desk byline over an agency writer's sign-off", "", "By Staff Reporter\n\n" + body + "— Omar Vik, The Associated Press", "— Omar Vik, The Associated Press"},
		{"desk byline over a reporter of the page's own outlet", "", "By Staff Reporter\n\n" + body + "— Omar Vik, The Vessa Courier", ""},
		{"desk byline over a writer for another outlet", "", "By Staff Reporter\n\n" + body + "This article was originally written by Omar Vik for the Harbour Post.", "This article was originally written by Omar Vik for the Harbour Post"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &news.Article{ID: 1, Title: "Ferry fares frozen", Text: tt.text, Byline: tt.byline, Published: tue, SourcePath: "test", SiteName: "The Vessa Courier"}
			if err := ingest.Prepare(a); err != nil {
				t.Fatal(err)
			}
			s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a}), news.SignalBylineConflict)
			switch {
			case tt.conflict == "" && s != nil:
				t.Errorf("conflict %+v, want none (credits %+v)", s, a.Credits)
			case tt.conflict != "" && (s == nil || len(s.Spans) != 1 || s.Spans[0].Slice(a.Text) != tt.conflict):
				t.Errorf("conflict %+v, want one span %q (credits %+v)", s, tt.conflict, a.Credits)
			}
		})
	}
}

// TestLeadWeekday: the weekday an article gives its event, past the
// weekdays of a date stamp and of the speakers' own words.
func TestLeadWeekday(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"The board froze ferry fares on Monday night, its chair said.", "Monday"},
		{"Friday, March 13, 2026\n\nThe board froze ferry fares on Tuesday, its chair said.", "Tuesday"},
		{"Updated Friday 13 March 2026 10.31 GMT\n\nMonday's decision froze ferry fares, the chair said.", "Monday"},
		{"“We will meet the union again on Friday,” the chair said late Sunday.", "Sunday"},
		{`"Talks resume Friday", the chair said on Tuesday.`, "Tuesday"},
		{"The board met on Friday, March 13, and froze ferry fares for a year, in a decision that surprised the union and the port's many commuters alike.", "Friday"},
		{"“Friday is the day,” the chair said.", ""},
		// short sentences that give the event's weekday and date are no stamps
		{"Gunmen attacked the harbour on Friday, Nov. 13, the police said.\n\nThe mayor spoke on Sunday.", "Friday"},
		{"The ruling came on Tuesday, Jan. 5, officials said.", "Tuesday"},
	} {
		a := art(t, 1, "", "Ferry fares frozen", tt.text, tue)
		if got, _ := credibility.LeadWeekday(a); got != tt.want {
			t.Errorf("%q: lead weekday %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestClickbaitInsertShapes: promotional lines in other words than the
// usual labels, and body lines that only look like them.
func TestClickbaitInsertShapes(t *testing.T) {
	// A text whose paragraphs are single lines apart.
	single := art(t, 1, "", "Ferry fares frozen", "The board froze ferry fares for a year on Monday, its chair said.\nREAD MORE: Ten ferries to take this summer\nThe freeze costs the port two million a year.", tue)
	if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: single}), news.SignalClickbaitInsert); s == nil || len(s.Spans) != 1 || s.Spans[0].Slice(single.Text) != "READ MORE: Ten ferries to take this summer" {
		t.Errorf("promotion on its own line of a paragraph: %+v", s)
	}
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"TO READ ALSO >> The five islands where ferries cost the least", true},
		{"Also interesting for you: Why captains never tell you this one trick", true},
		{"Click here to follow our live coverage of the storm", true},
		{"You will not believe what this old ferry looks like today", true},
		{"Most popular ► Ten harbours to visit before you die", true},
		{"SEE ALSO - The ferry that sank twice", true},
		{"To discover also: the ten most beautiful ports", true},
		{"Lire aussi : Les ferries les plus chers", true},
		{"🔴 WATCH: The moment the ferry hit the pier (VIDEO)", true},
		{"LEE TAMBIÉN ► Lo que nadie te cuenta sobre los ferris", true},
		{"Lees ook: De vijf duurste veerboten van Europa", true},
		{"▶ Watch the skies: meteor shower peaks tonight over the bay", false},
		{"★ Key figures | Passengers carried in 2023: 1.2 million", false},
		{"READ NEXT: Why dockers are quitting in droves", true},
		{"PHOTOS: Inside the flooded warehouses of Linden", false},
		{"Sponsored content: This new gadget is taking Europe by storm", true},
		{"You might also like: Crane operator earns a fortune", true},
		{"Top stories | The harbour that vanished overnight", true},
		{"WATCH LIVE: Rescue teams at the port", true},
		{"[Update] The port reopened at noon on Tuesday", false},
		{"Photos by the port authority show the damage", false},
		{"The chair also said: fares will rise again next year.", false},
		{"Miss Brandt said: 'I thought I would tell them'", false},
		// speakers' tags of an interview transcript
		{"LEE: Why did the council close the library?", false},
		{"MIRA: What happens to the ferries in winter", false},
		{"Lee también: Lo que nadie te cuenta sobre los ferris", true},
		{"Don't miss it: the seven ferries that never sank", true},
		{"ALSO ON OUR SITE ▶ The harbour that vanished overnight", true},
		{"Site: the old shipyard north of the harbour", false},
		{"The port's Ferry Watch concurs:", false},
		{"Passengers were told to read the notice at the terminal.", false},
		{"More ferries will sail in the summer, the board said.", false},
		// subheadings of ordinary reports
		{"More than a ferry: why the island depends on it", false},
		{"Popular vote: Biden 51 percent, Trump 47 percent", false},
		{"Recommended daily dose: two tablets with water", false},
		{"Latest figures | Passengers carried in 2023: 1.2 million", false},
		{"Watch the skies: meteor shower peaks tonight over the bay", false},
		// a label and an arrow point to other content whatever the label
		{"VIDEO ► The shocking images of the capsizing that are making the whole world cry: look before they delete them", true},
		{"VIDEO ► eBay developing Apple Watch software with ties to iOS app", true},
		{"MORE ON THE TOPIC ▶ “Bloody” scenes at the harbour gate", true},
		{"VIDEO ► more scenes from the harbour gate", false},
		{"MORE ON THE TOPIC ▶ Extreme weather: these 7 regions of Europe will soon be under water, say scientists", true},
		{"PHOTOS → Inside the flooded warehouses of Linden", true},
		// a label set off by its capitals alone
		{"SEE ALSO The hail insurance: what your contract really covers", true},
		{"READ NEXT How the port lost its cranes", true},
		{"DON'T MISS Ten ferries to take this summer", true},
		{"BREAKING The port closed at noon on Tuesday", false},
		{"SEE ALSO THE FERRY THAT SANK TWICE", false},
		{"MIRA Lo que nadie te cuenta", false},
		{"EU ferry rules to change in 2027", false},
		{"WATCH The skies clear for the regatta", true},
		// the outlet's own media, no promotion of other content
		{"(Watch the video)", false},
		{"Our special report » The harbour that vanished overnight", true},
		{"Photos → Inside the flooded warehouses of Linden", true},
		// a story's own subheading with an arrow names no other content
		{"Analysis ► What the freeze means for the port", false},
		{"More on the topic: The ferry that sank twice", true},
		{"Further reading: The ferry that sank twice", true},
		// a video embed's caption points to the video
		{"WATCH: the minister's full speech", true},
		// a link to the story's own source document is no promotion
		{"Read the full statement here", false},
		{"Read the full statement here.", false},
		// breadcrumbs, quotes and figures are no labels with arrows
		{"News » Europe » Ferries of the North Sea today", false},
		{"Er sagte »Wir bauen die Fähre neu« und ging", false},
		{"Passengers in 2023 → 1.2 million, up a fifth", false},
		// a label that goes on as a sentence reporting speech
		{"Related: the minister said the port would reopen", false},
		{"Related: Minister says the port will reopen", true},
		// a label and a colon is no teaser whatever the label
		{"Port officials: the minister said the port would reopen", false},
	} {
		text := "The board froze ferry fares for a year on Monday, its chair said.\n\n" + tt.line + "\n\nThe freeze costs the port two million a year, officials said."
		a := art(t, 1, "", "Ferry fares frozen", text, tue)
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a}), news.SignalClickbaitInsert)
		if got := s != nil; got != tt.want {
			t.Errorf("%q: clickbait insert %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestClickbaitInsertInParagraph: a promotion label that leads a
// sentence inside a paragraph is an insert too, flagged from its label to
// the end of the sentence; a label that reads as the story's own words
// is not.
func TestClickbaitInsertInParagraph(t *testing.T) {
	const lead = "The board froze ferry fares for a year on Monday, and passengers cheered at the terminal. \"We listened\", its chair said. "
	for _, tt := range []struct {
		rest string
		want string // the flagged span, "" for none
	}{
		{"Read also: Insurers HATE this one simple trick that doubles your payout Villagers are furious. Nobody said sorry.", "Read also: Insurers HATE this one simple trick that doubles your payout Villagers are furious."},
		{"MORE ON THE TOPIC ▶ The five islands where ferries cost the least. The freeze costs two million.", "MORE ON THE TOPIC ▶ The five islands where ferries cost the least."},
		{"Lire aussi : Les ferries les plus chers d'Europe", "Lire aussi : Les ferries les plus chers d'Europe"},
		{"Related: the minister said the port would pay for it.", ""},
		{"See also: chapter four of the port's annual report.", ""},
		{"Watch: The moment the ferry hit the pier.", ""},
		{"The chair said: fares will rise again next year.", ""},
		{"Officials added » more ferries will sail in the summer.", ""},
	} {
		a := art(t, 1, "", "Ferry fares frozen", lead+tt.rest+"\n\nThe freeze costs the port two million a year, officials said.", tue)
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a}), news.SignalClickbaitInsert)
		got := ""
		if s != nil && len(s.Spans) == 1 {
			got = s.Spans[0].Slice(a.Text)
		} else if s != nil {
			got = fmt.Sprint(s.Spans)
		}
		if got != tt.want {
			t.Errorf("%q: clickbait insert %q, want %q", tt.rest, got, tt.want)
		}
	}
}

func TestReputation(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "opensources"), 0o755)
	os.WriteFile(filepath.Join(dir, "opensources", "sources.csv"), []byte(",type,2nd type,3rd type,Source Notes (things to know?),\nfakesite.example,fake,,,,\n"), 0o644)
	rep, err := credibility.LoadReputation(dir)
	if err != nil {
		t.Fatal(err)
	}
	as := &credibility.Assessor{Reputation: rep}
	for _, tt := range []struct {
		outlet   string
		severity string
		positive bool
	}{
		{"news.fakesite.example", news.SeverityHigh, true},
		{"unknown.example", news.SeverityInfo, false},
		{"", news.SeverityInfo, false},
	} {
		a := art(t, 1, tt.outlet, "A headline", "Some text about an event that happened on Monday.", tue)
		s := find(as.Assess(credibility.Input{Article: a}), news.SignalSourceReputation)
		if s == nil || s.Severity != tt.severity || (s.Contribution > 0) != tt.positive {
			t.Errorf("%q: signal %+v, want severity %s", tt.outlet, s, tt.severity)
		}
		if tt.positive && !strings.Contains(s.Explanation, "OpenSources") {
			t.Errorf("%q: explanation %q does not name the list", tt.outlet, s.Explanation)
		}
	}
	if s := find(as.Assess(credibility.Input{Article: art(t, 1, "unknown.example", "A headline", "Some text.", tue)}), news.SignalSourceReputation); !strings.Contains(s.Explanation, "in none of the outlet lists") {
		t.Errorf("an outlet in no list: %q", s.Explanation)
	}
	none, err := credibility.LoadReputation(filepath.Join(dir, "missing"))
	if err != nil {
		t.Errorf("missing lists should be neutral, got %v", err)
	}
	// Without lists nothing was checked, and the report must not say the
	// outlet is in none of them.
	s := find((&credibility.Assessor{Reputation: none}).Assess(credibility.Input{Article: art(t, 1, "news.fakesite.example", "A headline", "Some text.", tue)}), news.SignalSourceReputation)
	if s == nil || s.Severity != news.SeverityInfo || !strings.Contains(s.Explanation, "No outlet lists were loaded") {
		t.Errorf("no lists loaded: %+v", s)
	}
}

func TestLoadSpliceModelRejectsCorrupt(t *testing.T) {
	for _, in := range []string{"", "{}", `{"version":1,"weights":[1,2]}`} {
		if _, err := credibility.LoadSpliceModel(strings.NewReader(in)); err == nil {
			t.Errorf("LoadSpliceModel(%q) accepted a bad model", in)
		}
	}
}

// TestFindWeekdays checks the scanner against the regular expression it
// replaces.
func TestFindWeekdays(t *testing.T) {
	re := regexp.MustCompile(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	for _, s := range []string{
		"", "day", "Monday", "On Monday and Tuesday, Mondays; xFriday Friday_ Friday1 (Sunday)",
		"Holiday today Weekday Saturday.", "SundayMonday Sunday Monday", "«Thursday» Éfriday Wednesday\nFriday",
	} {
		var want [][2]int
		for _, m := range re.FindAllStringIndex(s, -1) {
			want = append(want, [2]int{m[0], m[1]})
		}
		if got := credibility.FindWeekdays(s); !reflect.DeepEqual(got, want) {
			t.Errorf("FindWeekdays(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestProse: lines that are about nothing (links, post signatures, page
// code, shouted headers, promotional lead-ins) are not judged as splices;
// running text is, with its numbers, quotes and e-mail addresses.
func TestProse(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"The harbour authority said the damaged crane would be replaced within three months.", true},
		{"“We will rebuild,” the mayor said on Tuesday, adding that 40 jobs were at risk.", true},
		{"Readers can write to the desk at tips@meridian-post.example with questions.", true},
		{"— Lena Ostrova (@lenaostrova) March 3, 2026", false},
		{"Watch the video at https://video.example/crane-collapse now.", false},
		{"The crane fell pic.twitter.com/AbCdEf12 as workers ran.", false},
		{"@media only screen and (min-width : 500px) {.mobile { display: none; }}", false},
		{"USING A MOBILE DEVICE?", false},
		{"Read more: Ten cranes that changed the harbour forever", false},
		{"SPONSORED » Ten cranes that changed the harbour forever", false},
		{"  Also read — Ten cranes that changed the harbour forever", false},
		{"Related news from the harbour, where ten cranes stand idle.", true},
	} {
		if got := credibility.Prose(c.line); got != c.want {
			t.Errorf("prose(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

// TestCacheGivesTheSameReports: an Assessor with a Cache reports exactly
// what one without reports, judges an unchanged article's stance once, and
// hands out reports the caller may modify.
func TestCacheGivesTheSameReports(t *testing.T) {
	body := strings.Repeat("The harbour crane failed again on Tuesday and the council said the repair budget was spent. ", 8)
	a1 := art(t, 1, "wire.example", "Harbour crane fails again", body, tue)
	a2 := art(t, 2, "daily.example", "Crane failure at the harbour", "Officials said the harbour crane failed on Tuesday. "+body, tue.Add(time.Hour))
	story := []*news.Article{a1, a2}
	calls := 0
	stance := func(claim, body string) (string, float64) { calls++; return "discuss", 0.7 }
	plain := &credibility.Assessor{Splice: credibility.DefaultSpliceModel(), Style: credibility.DefaultStyleModel(), Stance: stance}
	cached := *plain
	cached.Cache = credibility.NewCache(16)
	in := func(a *news.Article) credibility.Input {
		var others []*news.Article
		for _, o := range story {
			if o != a {
				others = append(others, o)
			}
		}
		return credibility.Input{Article: a, Story: others}
	}
	for pass := range 3 {
		for _, a := range story {
			want := plain.Assess(in(a))
			got := cached.Assess(in(a))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("pass %d, article %d: cached report\n%+v\nwant\n%+v", pass, a.ID, got, want)
			}
			if find(got, credibility.SignalWritingStyle) == nil {
				t.Fatalf("article %d has no writing-style signal to compare", a.ID)
			}
			for i := range got.Signals { // the caller's own copy
				for j := range got.Signals[i].Spans {
					got.Signals[i].Spans[j] = news.Span{}
				}
				got.Signals[i].Explanation = ""
			}
		}
	}
	// plain judged 2 articles × 3 passes; cached judged each article once.
	if calls != 2*3+2 {
		t.Errorf("stance judged %d times, want %d", calls, 2*3+2)
	}
}

// TestClickbaitModelJudgesHeadlinesOnly: the clickbait model is asked
// about headline-like lines of the body, not about the speakers' words or
// other sentences, however it would score them.
func TestClickbaitModelJudgesHeadlinesOnly(t *testing.T) {
	as := &credibility.Assessor{Clickbait: func(string) float64 { return 0.99 }}
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"Ten Ferries That Will Change How You See The Sea", true},
		{"“We got her, we got her!” officers announced on their radios.", false},
		{"“That is perfect,” the captain said. “It is the mark of a true sailor.”", false},
		{"Do you take the ferry to work? Tell us how you get there!", false},
		{"The captain said the crossing would take longer this winter", false},
	} {
		text := "The board froze ferry fares for a year on Monday, its chair said.\n\n" + tt.line + "\n\nThe freeze costs the port two million a year, officials said."
		a := art(t, 1, "", "Ferry fares frozen", text, tue)
		if got := find(as.Assess(credibility.Input{Article: a}), news.SignalClickbaitInsert) != nil; got != tt.want {
			t.Errorf("%q: clickbait insert %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestDateConsensus: an article's weekday contradicts its story (medium)
// when at least two other outlets agree on another day and no third day
// ties with theirs; when one outlet stands against another, or the others
// are split, the article is flagged (low) only if none of them mentions
// its day at all.
func TestDateConsensus(t *testing.T) {
	report := func(day string) string {
		return "Firefighters contained a blaze at the Larch Street depot on " + day + ", the fire service said.\n\nNobody was hurt in the fire."
	}
	// The other outlets' own accounts, in other words (a copy of the
	// article's sentence with another day is TestEventDateCopiedDay's).
	account := func(day string) string {
		return "The fire service said firefighters had contained the blaze on " + day + " at the depot in Larch Street.\n\nNobody was hurt in the fire."
	}
	for _, c := range []struct {
		name   string
		others []string // the other articles' days ("" names none; "Tuesday+Friday" names both, Tuesday first; "Tuesday@o0" is of outlet o0, as the first)
		want   string   // the signal's severity, "" for none
	}{
		{"two others agree on another day", []string{"Tuesday", "Tuesday"}, news.SeverityMedium},
		{"two agree, one names none", []string{"Tuesday", "", "Tuesday"}, news.SeverityMedium},
		{"two against one that agrees", []string{"Tuesday", "Tuesday", "Friday"}, news.SeverityMedium},
		{"two against one that mentions the day later", []string{"Tuesday", "Tuesday+Friday"}, news.SeverityMedium},
		{"one other outlet that never names the day", []string{"Tuesday"}, news.SeverityLow},
		{"one other outlet that names the day later", []string{"Tuesday+Friday"}, ""},
		{"one other outlet, one naming none", []string{"Tuesday", ""}, news.SeverityLow},
		{"a tie between two other days", []string{"Tuesday", "Tuesday", "Monday", "Monday"}, news.SeverityLow},
		{"as many agree as disagree", []string{"Tuesday", "Tuesday", "Friday", "Friday"}, ""},
		{"the others all differ", []string{"Monday", "Tuesday", "Wednesday"}, news.SeverityLow},
		{"the others all differ, one names the day later", []string{"Monday", "Tuesday+Friday", "Wednesday"}, ""},
		{"the others agree with it", []string{"Friday", "Friday"}, ""},
		{"two articles of one other outlet", []string{"Tuesday", "Tuesday@o0"}, news.SeverityLow},
	} {
		a := art(t, 1, "a.example", "Depot fire", report("Friday"), time.Time{})
		var story []*news.Article
		for i, d := range c.others {
			body := "Firefighters contained a blaze at the Larch Street depot, the fire service said.\n\nNobody was hurt in the fire."
			outlet := fmt.Sprintf("o%d.example", i)
			if day, o, ok := strings.Cut(d, "@"); ok { // an article of an outlet named before
				d, outlet = day, o+".example"
			}
			if first, later, ok := strings.Cut(d, "+"); ok {
				body = account(first) + "\n\nA second, smaller fire broke out at the depot on " + later + "."
			} else if d != "" {
				body = account(d)
			}
			story = append(story, art(t, int64(i+2), outlet, "Depot fire", body, time.Time{}))
		}
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: story})
		got := ""
		if s := find(r, news.SignalDateContradiction); s != nil {
			got = s.Severity
			if s.Explanation == "" || len(s.Spans) == 0 || s.Spans[0].Slice(a.Text) != "Friday" || len(s.Against) == 0 {
				t.Errorf("%s: signal without its evidence: %+v", c.name, s)
			}
		}
		if got != c.want {
			t.Errorf("%s: date_contradiction %q, want %q (%+v)", c.name, got, c.want, r.Signals)
		}
	}
}

// An outlet's exclusive quote is weak evidence alone: the uncorroborated
// quotes signal grows with their share of the article's quotes and with
// their number, so one unmatched quote of one moves the risk less than
// three of three.
func TestUncorroboratedQuotesGrowWithTheirNumber(t *testing.T) {
	other := art(t, 9, "other.example", "Tanker aground", "A tanker ran aground off Kestrel Point, the coastguard said.\n\nNobody was hurt.", time.Time{})
	quotes := []string{"We have contained most of the spill", "The booms are holding for now", "Fishing is suspended until further notice"}
	contribution := func(n int) float64 {
		body := "A tanker ran aground off Kestrel Point, the coastguard said."
		for _, q := range quotes[:n] {
			body += "\n\n“" + q + ",” commander Ines Falk said."
		}
		a := art(t, 1, "a.example", "Tanker aground", body, time.Time{})
		var qs []news.Quote
		for _, q := range quotes[:n] {
			qs = append(qs, news.Quote{Direct: true, Text: q, Span: span(a.Text, q), Status: news.QuoteUncorroborated})
		}
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{other}, Quotes: qs}), news.SignalUncorroboratedQuote)
		if s == nil {
			t.Fatalf("%d of %d quotes uncorroborated: no signal", n, n)
		}
		return s.Contribution
	}
	one, two, three := contribution(1), contribution(2), contribution(3)
	if !(one < two && two < three) || three != credibility.Weights[news.SignalUncorroboratedQuote] {
		t.Errorf("contributions for 1, 2, 3 uncorroborated quotes of as many: %v %v %v; want rising to the full weight %v",
			one, two, three, credibility.Weights[news.SignalUncorroboratedQuote])
	}
}

// TestNotCrossChecked: an article with no other outlet in its story says
// that its low risk rests on it alone, with no weight of its own; one
// with another outlet in its story does not.
func TestNotCrossChecked(t *testing.T) {
	a := art(t, 1, "a.example", "Tanker aground", wire, time.Time{})
	same := art(t, 2, "a.example", "Tanker aground, update", "The tanker Nordic Tern was refloated on Wednesday.", time.Time{})
	other := art(t, 3, "b.example", "Tanker aground", "A tanker ran aground off Kestrel Point on Tuesday.", time.Time{})
	for _, c := range []struct {
		name  string
		story []*news.Article
		want  string // in the explanation; "" for no note
	}{
		{"alone", nil, "the only article of its story"},
		{"with its own outlet's update", []*news.Article{same}, "no other outlet's article"},
		{"with another outlet", []*news.Article{same, other}, ""},
	} {
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: c.story})
		s := find(r, credibility.SignalNotCrossChecked)
		switch {
		case c.want == "" && s != nil:
			t.Errorf("%s: unexpected note %q", c.name, s.Explanation)
		case c.want != "" && (s == nil || !strings.Contains(s.Explanation, c.want) || s.Contribution != 0 || s.Severity != news.SeverityInfo):
			t.Errorf("%s: note %+v, want an info note saying %q", c.name, s, c.want)
		}
	}
}

// TestCopiedInPart: a page that copies the narrative sentences of an
// earlier report word for word in part (four of its eight), under its own
// byline and among its own quotes and paragraphs, is a copy under another
// byline; one that keeps the report's agency tag is syndicated copy; the
// same words in direct quotes (one press conference) or three sentences
// are no evidence of copying.
func TestCopiedInPart(t *testing.T) {
	src := art(t, 1, "", "Tram depot fire destroys six trams", `By Karl Mertens

SELBERG, March 9 (Reuters) - A fire destroyed six trams at the Selberg tram depot overnight, the city transport company said.

Firefighters needed four hours to bring the blaze under control and nobody was hurt, a fire brigade spokeswoman told Reuters.

“We lost a third of our fleet in one night,” transport director Mila Horn told reporters at the depot.

The depot's roof collapsed shortly after two in the morning, according to the fire brigade.

Investigators will examine whether a short circuit in a charging cable started the fire.

Trams will run every twenty minutes instead of ten until replacements arrive, the company said.

(Reporting by Karl Mertens; Editing by Ada Voss)`, tue)
	copied := []string{
		"A fire destroyed six trams at the Selberg tram depot overnight, the city transport company said.",
		"Firefighters needed four hours to bring the blaze under control and nobody was hurt, a fire brigade spokeswoman told Reuters.",
		"The depot's roof collapsed shortly after two in the morning, according to the fire brigade.",
		"Trams will run every twenty minutes instead of ten until replacements arrive, the company said.",
	}
	own := `“The trams were old and badly kept, everybody knew it,” Horn said.

Horn has faced questions before. Last year the city council asked her about delays on the harbour line.

“I run trams, not miracles,” she told a local radio station in the spring.

Bus drivers in the region voted for a strike over pay last week.

Commuters should check the company's website.`
	page := func(byline string, n int, tag string) string {
		return byline + "\n\n" + tag + strings.Join(copied[:n], "\n\n") + "\n\n" + own
	}
	quotes := []string{"“We lost a third of our fleet in one night,” transport director Mila Horn told reporters at the depot.",
		"“Nobody was in the hall when the fire broke out, and that is the only good news,” Horn said.",
		"“The replacement trams will come from our partner city, but not before the summer,” she added.",
		"“We will find out what went wrong, and we will say it in public,” said the mayor, Jonas Frei."}
	talk := art(t, 3, "radio.example", "Tram depot fire", "By Lise Marr\n\n"+strings.Join(quotes, "\n\n")+"\n\nThe depot stays closed.", tue.Add(time.Hour))
	for _, tt := range []struct {
		name, text string
		want       string // severity, "" for none
	}{
		{"four of eight narrative sentences (one naming the agency)", page("By Tom Reyes", 4, ""), news.SeverityMedium},
		{"with the agency tag kept", page("By Tom Reyes", 4, "SELBERG (Reuters) - "), ""},
		{"with the agency credited", page("By Tom Reyes", 4, "") + "\n\nReuters contributed to this report.", ""},
		{"three sentences", page("By Tom Reyes", 3, ""), ""},
		{"under the reporter's own name", page("By Karl Mertens", 4, ""), ""},
		{"the same direct quotes", "By Tom Reyes\n\n" + strings.Join(quotes, "\n\n") + "\n\n" + own, ""},
		{"most of the report under the agency tag", "By Tom Reyes\n\nSELBERG (Reuters) - " + strings.Join(copied, "\n\n") + "\n\nInvestigators will examine whether a short circuit in a charging cable started the fire.", ""},
		{"most of the report", "By Tom Reyes\n\n" + strings.Join(copied, "\n\n") + "\n\nInvestigators will examine whether a short circuit in a charging cable started the fire.", news.SeverityHigh},
		{"most of the report, the agency credited in a line of its own", "By Tom Reyes\n\n" + strings.Join(copied, "\n\n") +
			"\n\nInvestigators will examine whether a short circuit in a charging cable started the fire.\n\nReuters contributed to this report.", ""},
	} {
		a := art(t, 2, "daily.example", "Fire at tram depot", tt.text, tue.Add(4*time.Hour))
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{src, talk}})
		s := find(r, news.SignalCopiedUnderOtherByline)
		got := ""
		if s != nil {
			got = s.Severity
		}
		if got != tt.want {
			t.Errorf("%s: copied_under_other_byline %q, want %q (%+v)", tt.name, got, tt.want, s)
			continue
		}
		if s == nil {
			continue
		}
		if len(s.Against) != 1 || s.Against[0] != 1 || !strings.Contains(s.Explanation, "Karl Mertens") || !strings.Contains(s.Explanation, "Tom Reyes") {
			t.Errorf("%s: %+v", tt.name, s)
		}
		for _, sp := range s.Spans {
			if strings.Contains(sp.Slice(a.Text), "Horn") {
				t.Errorf("%s: evidence holds the page's own text: %q", tt.name, sp.Slice(a.Text))
			}
		}
		if tt.want == news.SeverityMedium && !strings.HasPrefix(s.Explanation, "4 of its 8 sentences outside direct quotes") {
			t.Errorf("%s: %s", tt.name, s.Explanation)
		}
	}
	// A source without a byline is still another outlet's text.
	anon := art(t, 1, "wire.example", src.Title, strings.TrimPrefix(strings.TrimSuffix(src.Text, "(Reporting by Karl Mertens; Editing by Ada Voss)"), "By Karl Mertens\n\n"), tue)
	a := art(t, 2, "daily.example", "Fire at tram depot", page("By Tom Reyes", 4, ""), tue.Add(4*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{anon}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s == nil || !strings.Contains(s.Explanation, "those of article #1 (wire.example), yet it is credited to Tom Reyes") {
		t.Errorf("copy of an unsigned report: %+v", s)
	}
}

// TestLowOriginalityCredits: the originality note says when the article
// credits the agency of what it draws on (syndicated copy).
func TestLowOriginalityCredits(t *testing.T) {
	src := art(t, 1, "wire.example", "Tram depot fire", "SELBERG, March 9 (Reuters) - A fire destroyed six trams at the Selberg tram depot overnight, the city transport company said.", tue)
	prov := news.Provenance{Originality: 0.2, DrawsOn: []int64{1}}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"SELBERG (Reuters) - A fire destroyed six trams at the Selberg tram depot overnight, the city transport company said.", true},
		{"A fire destroyed six trams at the Selberg tram depot overnight, the city transport company said.", false},
	} {
		a := art(t, 2, "daily.example", "Fire", tt.text, tue.Add(time.Hour))
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{src}, Provenance: prov})
		s := find(r, news.SignalLowOriginality)
		if s == nil || strings.Contains(s.Explanation, "syndicated copy") != tt.want {
			t.Errorf("%q: %+v, want syndication noted %v", tt.text, s, tt.want)
		}
	}
}

// two outlets that each paste the same four sentences of a
// company's press release (not in the story), attributed to its
// statement, into their own reports are not copying each other: the
// later one should not get copied_under_other_byline against the earlier
// one. Nor are they when the block carries no attribution but a third
// outlet prints it too.
func TestSharedPressReleaseIsNoCopy(t *testing.T) {
	release := []string{
		"Harlow Foods will close its bakery in Brenford by the end of the year, cutting 240 jobs.",
		"Production of the bakery's bread and pastry lines will move to the company's plant in Eastmere.",
		"Employees will be offered relocation packages or severance in line with their contracts.",
		"The company said in a statement it had invested more than 12 million pounds in the Brenford site since 2015.",
	}
	ownA := `Union officials said they had not been consulted before the announcement.

The Brenford bakery opened in 1962 and is the town's largest private employer.

Local council leader Sara Quinn said the closure was a blow to the high street.

Shares in Harlow Foods rose two percent in early trading in London.`
	ownB := `Workers leaving the morning shift said they learned of the closure from a notice board.

Brenford lost its paper mill in 2009 and its bus depot three years later.

The regional development agency said it would hold a jobs fair next month.

A spokesman for the union said it would ask for talks with management this week.`
	a := art(t, 1, "courier.example", "Bakery to close", "By Ann Lee\n\n"+strings.Join(release, "\n\n")+"\n\n"+ownA, tue)
	b := art(t, 2, "gazette.example", "Brenford bakery closure", "By Bob Kay\n\n"+ownB+"\n\n"+strings.Join(release, "\n\n"), tue.Add(3*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: b, Story: []*news.Article{a}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s != nil {
		t.Errorf("two outlets quoting one press release: %s %s", s.Severity, s.Explanation)
	}
	// The same block taken from a report that holds little else is a copy
	// of that report.
	short := art(t, 1, "courier.example", "Bakery to close", "By Ann Lee\n\n"+strings.Join(release, "\n\n")+"\n\nUnion officials said they had not been consulted.", tue)
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: b, Story: []*news.Article{short}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s == nil || s.Severity != news.SeverityMedium {
		t.Errorf("a block that is most of the earlier report: %+v", s)
	}
	// Sentences of the earlier report spliced among the page's own are no
	// block of one source.
	own := strings.Split(ownB, "\n\n")
	spliced := art(t, 2, "gazette.example", "Brenford bakery closure", "By Bob Kay\n\n"+strings.Join([]string{own[0], release[0], release[1], own[1], release[2], own[2], release[3], own[3]}, "\n\n"), tue.Add(3*time.Hour))
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: spliced, Story: []*news.Article{a}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s == nil || s.Severity != news.SeverityMedium {
		t.Errorf("sentences spliced among its own: %+v", s)
	}
	// Without its attribution the block is the lead of a's report, as a
	// farm takes it, unless a third outlet prints it as well.
	bare := slices.Clone(release)
	bare[3] = "The company has invested more than 12 million pounds in the Brenford site since 2015."
	a = art(t, 1, "courier.example", "Bakery to close", "By Ann Lee\n\n"+strings.Join(bare, "\n\n")+"\n\n"+ownA, tue)
	b = art(t, 2, "gazette.example", "Brenford bakery closure", "By Bob Kay\n\n"+ownB+"\n\n"+strings.Join(bare, "\n\n"), tue.Add(3*time.Hour))
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: b, Story: []*news.Article{a}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s == nil || s.Severity != news.SeverityMedium {
		t.Errorf("an unattributed block of the earlier report: %+v", s)
	}
	c := art(t, 3, "herald.example", "Brenford loses its bakery", "By Cy Dor\n\n"+strings.Join(bare[:3], "\n\n")+"\n\nThe town council will meet the company on Friday.", tue.Add(time.Hour))
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: b, Story: []*news.Article{a, c}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s != nil {
		t.Errorf("a block that three outlets print: %s %s", s.Severity, s.Explanation)
	}
}

// derailWire is an unsigned wire report of five sentences, which the
// syndication tests copy whole.
var derailWire = []string{
	"A freight train derailed near the village of Marlow Creek early on Tuesday, spilling grain across the tracks.",
	"None of the two crew members was hurt, the railroad company said in a statement.",
	"Eighteen of the train's forty cars left the rails at a bend about two miles east of the station.",
	"Investigators from the state transport board were expected at the site by the afternoon.",
	"Passenger services on the line were replaced by buses until at least Thursday.",
}

// a syndicated copy that credits "The Associated Press" (with
// its article) is credited copy of an AP report on apnews.com.
func TestTheAssociatedPressCreditLine(t *testing.T) {
	wire := derailWire
	src := art(t, 1, "apnews.com", "Freight train derails", "MARLOW CREEK, Ore. — "+strings.Join(wire, "\n\n"), tue)
	copyText := "By Dana Whit\n\n" + strings.Join(wire, "\n\n") + "\n\nThe Associated Press contributed to this report."
	a := art(t, 2, "valleynews.example", "Train derails near Marlow Creek", copyText, tue.Add(2*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{src}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s != nil {
		t.Errorf("credited AP copy: %s %s (credits %+v)", s.Severity, s.Explanation, a.Credits)
	}
}

// a follow-up report that leads on a later step of the story
// (an arrest on March 12, naming the March 9 fire as well) does not
// contradict the earlier reports that date the fire Monday March 9.
func TestFollowUpArrestLeadDate(t *testing.T) {
	mon := time.Date(2026, 3, 9, 18, 0, 0, 0, time.UTC) // a Monday
	fire := func(id int64, outlet, body string, pub time.Time) *news.Article {
		return art(t, id, outlet, "Depot fire", body, pub)
	}
	reports := depotFireReports(t, mon)
	a3 := fire(3, "three.example", "Police arrested a 24-year-old man on March 12 on suspicion of arson at the Selberg tram depot.\n\nThe fire at the depot on the night of March 9 destroyed six trams.", mon.Add(72*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a3, Story: reports})
	if s := find(r, news.SignalDateContradiction); s != nil {
		t.Errorf("follow-up flagged: %s %s", s.Severity, s.Explanation)
	}
}

// a later report whose lead dates a later step with words of its
// own (a council vote on March 12) is no lead-date contradiction of the
// fire reports dated Monday March 9.
func TestFollowUpCouncilLeadDate(t *testing.T) {
	mon := time.Date(2026, 3, 9, 18, 0, 0, 0, time.UTC) // a Monday
	fire := func(id int64, outlet, body string, pub time.Time) *news.Article {
		return art(t, id, outlet, "Depot fire", body, pub)
	}
	reports := depotFireReports(t, mon)
	a3 := fire(3, "three.example", "On March 12, the city council voted to lease twelve replacement vehicles from a neighbouring network.\n\nThe lease will cost four million euros a year.", mon.Add(72*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a3, Story: reports})
	if s := find(r, news.SignalDateContradiction); s != nil {
		t.Errorf("follow-up flagged: %s %s", s.Severity, s.Explanation)
	}
	// A copy published within a day that moves the fire to a later day is
	// still compared.
	moved := fire(3, "farm.example", "On March 10, a fire destroyed six trams at the Selberg tram depot, the city transport company said.\n\nNobody was hurt.", mon.Add(6*time.Hour))
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: moved, Story: reports})
	if s := find(r, news.SignalDateContradiction); s == nil || s.Severity != news.SeverityMedium {
		t.Errorf("a copy moving the fire a day on: %+v", s)
	}
}

// a syndicated copy whose byline names the agency ("By Jane Roe,
// Reuters") of an unsigned wire report on reuters.com.
func TestBylineNamesAgency(t *testing.T) {
	wire := derailWire
	src := art(t, 1, "reuters.com", "Freight train derails", "MARLOW CREEK, Oregon (Reuters) - "+strings.Join(wire, "\n\n"), tue)
	for _, byline := range []string{"By Jane Roe, Reuters", "By Jane Roe | Reuters", "Jane Roe, Reuters"} {
		a := art(t, 2, "valleynews.example", "Train derails near Marlow Creek", byline+"\n\n"+strings.Join(wire, "\n\n"), tue.Add(2*time.Hour))
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{src}})
		if s := find(r, news.SignalCopiedUnderOtherByline); s != nil {
			t.Errorf("%q: %s %s (credits %+v)", byline, s.Severity, s.Explanation, a.Credits)
		}
	}
}

// TestFarmCopiesLeadBlock: a farm that takes the first four of the
// nine sentences of a staff report word for word, under its own byline,
// and adds three of its own, is a copy: the press-release exemption
// (block) must not cover it.
func TestFarmCopiesLeadBlock(t *testing.T) {
	src := []string{
		"A fire destroyed six trams at the Selberg tram depot late on Monday, the city transport company said.",
		"Firefighters fought the blaze for more than four hours before bringing it under control.",
		"Nobody was hurt, but the depot's roof collapsed shortly before midnight.",
		"Services on three lines were replaced by buses on Tuesday morning.",
		"The transport company said the damage would run into several million euros.",
		"Police have opened an investigation and are not ruling out arson.",
		"Residents said they heard two loud bangs shortly after ten in the evening.",
		"The depot, built in 1911, houses a third of the city's fleet.",
		"A spokeswoman said the company hoped to restore normal service by Friday.",
	}
	own := []string{
		"Commuters in Selberg faced long queues at bus stops on Tuesday.",
		"Several readers sent us photographs of the smoke over the river.",
		"Follow our live coverage for the latest updates on the depot.",
	}
	a := art(t, 1, "citypaper.example", "Depot fire", "By Ann Lee\n\n"+strings.Join(src, "\n\n"), tue)
	farm := art(t, 2, "farm.example", "Trams burn in Selberg", "By Max Null\n\n"+strings.Join(src[:4], "\n\n")+"\n\n"+strings.Join(own, "\n\n"), tue.Add(2*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: farm, Story: []*news.Article{a}})
	if s := find(r, news.SignalCopiedUnderOtherByline); s == nil {
		t.Errorf("a farm copying the source's first four sentences of nine is not flagged")
	}
}

// TestLateFarmCopyMovesDate: a farm that republishes the fire report
// three days later, moving the fire to March 11, is still the same event:
// laterStep must not exempt a sentence that tells the same event.
func TestLateFarmCopyMovesDate(t *testing.T) {
	mon := time.Date(2026, 3, 9, 18, 0, 0, 0, time.UTC) // a Monday
	fire := func(id int64, outlet, body string, pub time.Time) *news.Article {
		return art(t, id, outlet, "Depot fire", body, pub)
	}
	reports := depotFireReports(t, mon)
	moved := fire(3, "farm.example", "On March 11, a fire destroyed six trams at the Selberg tram depot, the city transport company said.\n\nNobody was hurt.", mon.Add(72*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: moved, Story: reports})
	if s := find(r, news.SignalDateContradiction); s == nil {
		t.Errorf("a late copy moving the fire two days on: no date_contradiction")
	}
	// Control: the same copy within a day is flagged.
	moved.Published = mon.Add(6 * time.Hour)
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: moved, Story: reports})
	if s := find(r, news.SignalDateContradiction); s == nil {
		t.Errorf("control: within a day, not flagged either")
	}
}

// a follow-up that leads on the next day's step (an aftershock on
// Tuesday) and names the others' day for the first wave ("Monday's
// earthquake") is no weekday contradiction, also when it gives its
// publication day alone (a text file's date line: midnight, within a day
// of a report published on Monday afternoon); a copy published the next
// day that moves the quake to Tuesday without naming Monday still is.
func TestFollowUpNextDayWeekday(t *testing.T) {
	mon := time.Date(2025, 9, 22, 14, 10, 0, 0, time.UTC) // a Monday
	quake := func(id int64, outlet, body string, pub time.Time) *news.Article {
		return art(t, id, outlet, "Earthquake", body, pub)
	}
	a1 := quake(1, "one.example", "A magnitude 6.1 earthquake struck the mountain province of Ardena early on Monday, killing at least 11 people.\n\nRescuers worked through the day.", mon)
	a2 := quake(2, "two.example", "An earthquake of magnitude 6.1 struck the province of Ardena at dawn on Monday, killing at least 11 people.\n\nThe government declared a state of emergency.", mon.Add(3*time.Hour))
	tue := time.Date(2025, 9, 23, 0, 0, 0, 0, time.UTC)
	follow := quake(3, "three.example", "A magnitude 5.4 aftershock shook the province of Ardena on Tuesday afternoon, bringing down houses damaged in Monday's earthquake.\n\nThe death toll from Monday's quake rose to 14.", tue)
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: follow, Story: []*news.Article{a1, a2}})
	if s := find(r, news.SignalDateContradiction); s != nil {
		t.Errorf("follow-up flagged: %s %s", s.Severity, s.Explanation)
	}
	moved := quake(3, "farm.example", "A magnitude 6.1 earthquake struck the mountain province of Ardena early on Tuesday, killing at least 11 people.\n\nRescuers worked through the day.", tue)
	r = (&credibility.Assessor{}).Assess(credibility.Input{Article: moved, Story: []*news.Article{a1, a2}})
	if s := find(r, news.SignalDateContradiction); s == nil {
		t.Errorf("a copy moving the quake a day on: not flagged")
	}
}

// depotFireReports returns two outlets' reports of a fire that destroyed
// six trams at a depot on Monday, published at mon and two hours later:
// the story a follow-up or a copy is checked against.
func depotFireReports(t *testing.T, mon time.Time) []*news.Article {
	t.Helper()
	return []*news.Article{
		art(t, 1, "one.example", "Depot fire", "A fire destroyed six trams at the Selberg tram depot on Monday, the city transport company said.\n\nNobody was hurt in the blaze.", mon),
		art(t, 2, "two.example", "Depot fire", "Six trams burned at the Selberg depot on Monday night, firefighters said.\n\nThe depot's roof collapsed.", mon.Add(2*time.Hour)),
	}
}

// TestNextMorningFollowUp: a follow-up published the next morning (under
// 24 h after reports of a late-evening fire) that leads on a later step
// and names the fire's day raises no date signal.
func TestNextMorningFollowUp(t *testing.T) {
	mon := time.Date(2026, 3, 9, 21, 30, 0, 0, time.UTC) // a Monday; the second report at 23:30
	x := art(t, 3, "three.example", "Arrest after depot fire", "Police arrested a man on Tuesday over Monday's fire at the Selberg tram depot, which destroyed six trams.\n\nThe man, 34, is being questioned.", mon.Add(12*time.Hour))
	r := (&credibility.Assessor{}).Assess(credibility.Input{Article: x, Story: depotFireReports(t, mon)})
	if s := find(r, news.SignalDateContradiction); s != nil {
		t.Errorf("next-morning follow-up: %s %s", s.Severity, s.Explanation)
	}
}

// TestLeadAloneMovesTheDay: a page whose lead puts the event on another
// day than the one it gives further on for the same event, where the
// story's one other outlet gives that later day, contradicts the story; a
// dated follow-up whose lead names a later step, or a lead whose other day
// is told of another event, does not.
func TestLeadAloneMovesTheDay(t *testing.T) {
	fri := time.Date(2026, 5, 22, 0, 0, 0, 0, time.UTC) // a Friday
	report := art(t, 2, "gazette.example", "Hail flattens vineyards",
		"A violent hailstorm swept through the Moravel valley on Friday afternoon, stripping leaves from thousands of hectares of vineyards, growers said.\n\n"+
			"Hailstones the size of walnuts fell for about twenty minutes between Saint-Auben and Lorrey, the weather office said.", fri)
	for _, c := range []struct {
		name, body string
		pub        time.Time
		want       bool
	}{
		{"the lead alone moves the day", "Regional boss Bernard Olivet faces anger after hail wrecked the Moravel vineyards on Wednesday afternoon.\n\n" +
			"Olivet said growers should insure their vines.\n\nThe hail fell on the vineyards of the Moravel valley for about twenty minutes on Friday afternoon.", time.Time{}, true},
		{"a dated follow-up on a later step", "Regional boss Bernard Olivet asked for disaster funds for the Moravel vineyards on Tuesday.\n\n" +
			"Olivet said growers should insure their vines.\n\nThe hail fell on the vineyards of the Moravel valley for about twenty minutes on Friday afternoon.", fri.AddDate(0, 0, 4), false},
		{"the later day is of another event", "Regional boss Bernard Olivet faces anger after hail wrecked the Moravel vineyards on Wednesday afternoon.\n\n" +
			"Olivet said growers should insure their vines.\n\nA cycling race through Lorrey was cancelled on Friday because of roadworks.", time.Time{}, false},
	} {
		a := art(t, 1, "farm.example", "Olivet blasted", c.body, c.pub)
		r := (&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{report}})
		s := find(r, news.SignalDateContradiction)
		if got := s != nil && s.Severity == news.SeverityMedium; got != c.want {
			t.Errorf("%s: medium date_contradiction %v, want %v (%+v)", c.name, got, c.want, s)
		}
	}
}

// TestNextDayFollowUpStep: a follow-up of the next day that agrees with a
// report on the day of the event and dates a later step of it ("escaped
// late on Friday was caught on Sunday"), or the end of a period ("closed
// until Wednesday"), contradicts nothing; a copy that moves the event to
// an earlier day still does.
func TestNextDayFollowUpStep(t *testing.T) {
	sat := time.Date(2026, 4, 18, 0, 0, 0, 0, time.UTC) // a Saturday
	report := art(t, 2, "radio.example", "Lynx escapes",
		"A young lynx escaped from its enclosure at the Brannholm wildlife park late on Friday, and keepers searched the forest around the park on Saturday, police said.\n\n"+
			"The park will stay closed to visitors until the lynx is found.", sat)
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"a later step", "The young lynx that escaped from its enclosure at the Brannholm wildlife park late on Friday was caught on Sunday morning in a trap, keepers said.\n\n" +
			"The park said it would stay closed to visitors until Wednesday while the fence was repaired.", false},
		{"the end of a period", "Keepers said the Brannholm wildlife park would stay closed to visitors until Wednesday while they searched the forest around the park for the young lynx.", false},
		{"the event moved", "A young lynx escaped from its enclosure at the Brannholm wildlife park late on Thursday, and keepers searched the forest around the park on Saturday, police said.", true},
	} {
		a := art(t, 1, "follow.example", "Lynx caught", c.body, sat.AddDate(0, 0, 1))
		s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: a, Story: []*news.Article{report}}), news.SignalDateContradiction)
		if got := s != nil; got != c.want {
			t.Errorf("%s: date_contradiction %v, want %v (%+v)", c.name, got, c.want, s)
		}
	}
}
