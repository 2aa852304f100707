package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/ingest"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
)

// read runs ingest.Read and splits articles from failures.
func read(t *testing.T, o ingest.Options, inputs ...string) ([]ingest.Item, []ingest.Item) {
	t.Helper()
	var ok, bad []ingest.Item
	err := ingest.Read(context.Background(), inputs, o, func(it ingest.Item) error {
		if it.Err != nil {
			bad = append(bad, it)
		} else {
			ok = append(ok, it)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return ok, bad
}

// readOne reads the input p with default options and returns its one
// article, failing the test on anything else.
func readOne(t *testing.T, p string) *news.Article {
	t.Helper()
	ok, bad := read(t, ingest.Options{}, p)
	if len(bad) != 0 || len(ok) != 1 {
		t.Fatalf("%s: got %d articles, %d failures: %v", p, len(ok), len(bad), bad)
	}
	return ok[0].Article
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkSentences asserts every sentence span is valid and non-empty.
func checkSentences(t *testing.T, a *news.Article) {
	t.Helper()
	if len(a.Sentences) == 0 {
		t.Fatalf("%s: no sentences", a.SourcePath)
	}
	prev := 0
	for _, s := range a.Sentences {
		if !s.Span.Valid(len(a.Text)) || s.Span.Start < prev || strings.TrimSpace(s.Span.Slice(a.Text)) == "" {
			t.Fatalf("%s: bad sentence span %+v", a.SourcePath, s.Span)
		}
		prev = s.Span.End
	}
}

func TestTextFile(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "report.txt", "date 2026-03-10 Crane collapse halts port traffic\n\nA crane collapsed at the port on Tuesday, officials said.\n\n“It is a dark day,” said director Elena Marsh.\n\nReporting by Hana Okafor; editing by Liam Burke\n")
	a := readOne(t, p)
	if got, want := a.Title, "Crane collapse halts port traffic"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := a.Published, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Published = %v, want %v", got, want)
	}
	if len(a.Credits) != 1 || a.Credits[0].Kind != news.CreditReporting || a.Credits[0].Name != "Hana Okafor" {
		t.Errorf("Credits = %+v, want one reporting credit for Hana Okafor", a.Credits)
	}
	if got := a.Credits[0].Span.Slice(a.Text); !strings.HasPrefix(got, "Reporting by Hana Okafor") {
		t.Errorf("credit span slices to %q", got)
	}
	if a.Lang != "en" || a.ContentHash == "" || a.SourcePath != p {
		t.Errorf("Lang %q, ContentHash %q, SourcePath %q", a.Lang, a.ContentHash, a.SourcePath)
	}
	if strings.Contains(a.Text, "date 2026") || strings.Contains(a.Text, "Crane collapse halts") {
		t.Errorf("the date lead or title leaked into the text: %q", a.Text)
	}
	checkSentences(t, a)
}

// TestTextFileQuotedHeadline: a headline that closes on a quotation of
// a few words is the title; a first line that closes a quoted sentence is
// text.
func TestTextFileQuotedHeadline(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ first, title string }{
		{`Park Boss Admits "We Got It Wrong"`, `Park Boss Admits "We Got It Wrong"`},
		{"Minister on strike: “We will not back down”", "Minister on strike: “We will not back down”"},
		{"“We will not back down,” the minister said of the strike.", ""},
		{`"We will fight this in every court."`, ""},
	} {
		a := readOne(t, write(t, dir, "h.txt", "date 2026-04-19\n"+tt.first+"\n\nBy Ada Kerr\n\nThe board froze the fares on Monday, its chair said.\n"))
		if a.Title != tt.title {
			t.Errorf("%q: Title %q, want %q", tt.first, a.Title, tt.title)
		}
	}
}

// TestTextFileLineEnds: Windows (CRLF) and old Mac (CR) line ends read
// like Unix ones: the title line is found.
func TestTextFileLineEnds(t *testing.T) {
	dir := t.TempDir()
	body := "date 2025-07-16 Villages evacuated as dam gates open\n\nBy Ada Kerr\n\nEngineers opened the gates on Tuesday night, the authority said.\n"
	for _, nl := range []string{"\r\n", "\r"} {
		if a := readOne(t, write(t, dir, "r.txt", strings.ReplaceAll(body, "\n", nl))); a.Title != "Villages evacuated as dam gates open" || a.Byline != "Ada Kerr" || strings.Contains(a.Text, "\r") {
			t.Errorf("%q: Title %q, Byline %q, Text %q", nl, a.Title, a.Byline, a.Text)
		}
	}
}

// TestTextFileDateLine: a text file without a date lead takes its date
// from a line among its first three that holds only a numeric date, day
// first, unless a slashed date's order cannot be told.
func TestTextFileDateLine(t *testing.T) {
	for _, tt := range []struct{ name, head, want string }{
		{"dotted", "Ferry service resumes across the bay\nBy Ada Kerr\n18.09.2025\n\n", "2025-09-18"},
		{"slashed, day first", "Ferry service resumes across the bay\n18/09/2025\n\n", "2025-09-18"},
		{"slashed, month first", "Ferry service resumes across the bay\n09/18/2025\n\n", "2025-09-18"},
		{"dotted with a time", "Ferry service resumes across the bay\n\n05.02.2025, 10:15\n\n", "2025-02-05"},
		{"ISO", "Ferry service resumes across the bay\n2025-09-18\n\n", "2025-09-18"},
		{"slashed, order unknown", "Ferry service resumes across the bay\n03/04/2025\n\n", ""},
		{"no such day", "Ferry service resumes across the bay\n31.02.2025\n\n", ""},
		{"a date inside a sentence", "Ferry service resumes across the bay\n\nThe service stopped on 18.09.2025 after a storm.\n\n", ""},
		{"in words, day first", "Ferry service resumes across the bay\nBy Ada Kerr\n18 September 2025\n\n", "2025-09-18"},
		{"in words, month first with a weekday", "Ferry service resumes across the bay\n\nThursday, September 18, 2025\n\n", "2025-09-18"},
		{"in words with a time", "Ferry service resumes across the bay\nPublished: 18 Sept 2025 09:15 BST\n\n", "2025-09-18"},
		{"in German", "Ferry service resumes across the bay\nVon Ada Kerr\n18. September 2025, 10:15 Uhr\n\n", "2025-09-18"},
		{"in French", "Ferry service resumes across the bay\nPar Ada Kerr\njeudi 18 septembre 2025\n\n", "2025-09-18"},
		{"in Spanish", "Ferry service resumes across the bay\n18 de septiembre de 2025\n\n", "2025-09-18"},
		{"a word before a date in words", "Ferry service resumes across the bay\nStorm 18 September 2025\n\n", ""},
		{"no such day in words", "Ferry service resumes across the bay\n31 February 2025\n\n", ""},
		{"a date line further down", "Ferry service resumes across the bay\n\nThe ferry sailed again.\n\nIt was full.\n\nMore.\n\n18.09.2025\n\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, t.TempDir(), "report.txt", tt.head+"The ferry between the two towns sailed again on Thursday, the operator said.\n")
			a := readOne(t, p)
			got := ""
			if !a.Published.IsZero() {
				got = a.Published.Format(time.DateOnly)
			}
			if got != tt.want {
				t.Errorf("Published = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTextFileWindows1252: a text file that is not UTF-8 is read as
// Windows-1252 (Latin-1 and the curly quotes of Windows editors), and the
// valid UTF-8 of a file with a few stray Latin-1 bytes is kept as it is.
func TestTextFileWindows1252(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, body, byline, text string }{
		{"latin1.txt", "Fire in the old town hall\n\nPar H\xe9l\xe8ne Mercier\n\nThe mayor said: \xabIt is the heart of the town.\xbb\n", "Hélène Mercier", "«It is the heart of the town.»"},
		{"cp1252.txt", "Fire in the old town hall\n\nBy Ren\xe9e Dupr\xe9\n\n\x93It is the heart of the town,\x94 the mayor said \x96 twice.\n", "Renée Dupré", "“It is the heart of the town,” the mayor said – twice."},
		{"mixed.txt", "Fire in the old town hall\n\nBy Renée Dupr\xe9\n\nThe café on the square was spared.\n", "Renée Dupré", "The café on the square was spared."},
		{"words.txt", "Fire in the old town hall\n\nDi Paolo Rossi\n\nLa citt\xe0 \xe8 pi\xf9 triste, perch\xe9 \xe8 la Gr\xf6\xdfe der Stadt.\n", "Paolo Rossi", "La città è più triste, perché è la Größe der Stadt."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := readOne(t, write(t, dir, tt.name, tt.body))
			if a.Byline != tt.byline || !strings.Contains(a.Text, tt.text) || !utf8.ValidString(a.Text) {
				t.Errorf("Byline %q, Text %q: want byline %q and %q in the text", a.Byline, a.Text, tt.byline, tt.text)
			}
		})
	}
}

// TestUTF16: a document that opens with a UTF-16 byte order mark (a
// Windows "Unicode" text) is decoded, text or HTML; one without it, or cut
// short, is refused with the reason.
func TestUTF16(t *testing.T) {
	dir := t.TempDir()
	enc := func(s string, big, bom bool) string {
		var b []byte
		if bom && big {
			b = append(b, 0xFE, 0xFF)
		} else if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return string(b)
	}
	text := "Fire in the old town hall\n\nPar Hélène Mercier\n\nThe mayor said the heart of the town had burned.\n"
	page := "<html><head><meta charset=\"utf-16\"><title>Fire in the old town hall</title></head><body><article><p>Par Hélène Mercier</p><p>The mayor said the heart of the town had burned, and the archives were saved by the firefighters before the roof fell.</p></article></body></html>"
	for _, tt := range []struct{ name, body, want string }{
		{"le.txt", enc(text, false, true), ""},
		{"be.txt", enc(text, true, true), ""},
		{"le.html", enc(page, false, true), ""},
		{"nobom.txt", enc(text, true, false), "nobom.txt: UTF-16 text without a byte order mark"},
		{"odd.txt", enc(text, false, true) + "x", "odd.txt: a UTF-16 text with an odd number of bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, bad := read(t, ingest.Options{}, write(t, dir, tt.name, tt.body))
			if tt.want != "" {
				if len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), tt.want) {
					t.Fatalf("failures %v, want one with %q", bad, tt.want)
				}
				return
			}
			if len(bad) != 0 || len(ok) != 1 {
				t.Fatalf("got %d articles, %d failures: %v", len(ok), len(bad), bad)
			}
			if a := ok[0].Article; a.Byline != "Hélène Mercier" || !strings.Contains(a.Text, "heart of the town") || strings.ContainsRune(a.Text, 0) {
				t.Errorf("Byline %q, Text %q", a.Byline, a.Text)
			}
		})
	}
}

// TestMarkdown: a Markdown article loses its markup ("# Headline" is the
// title, "*By Jane Roe*" a byline, a link its words) and a front matter's
// title, date and author are read.
func TestMarkdown(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, body          string
		title, byline, date string
		text, gone          []string
	}{
		{"headline.md", "# Cyber attack on a hospital group: data stolen\n\n*By Jonas Keller*\n\n12.03.2026\n\nThe group **Medora Health** was hit, the _company_ said.\n\n**Read also:** [Is your password on this list? The 50 worst](https://example.com/pw)\n\n![A server room](img/servers.jpg)\n\nIt will not pay a \\*ransom\\*, and snake_case_names stay.\n",
			"Cyber attack on a hospital group: data stolen", "Jonas Keller", "2026-03-12",
			[]string{"The group Medora Health was hit, the company said.", "Read also: Is your password on this list? The 50 worst\n", "a *ransom*, and snake_case_names stay."},
			[]string{"#", "**", "](", "server room"}},
		{"front.markdown", "---\ntitle: \"Town hall burns in Vellerac\"\ndate: 2026-01-22T09:15:00Z\nauthors:\n  - Rhiannon Pryce\n---\n\nA fire has gutted the town hall.\n\n> \"It is the heart of the town,\" the mayor said.\n\nSetext heading\n--------------\n\nMore text.\n",
			"Town hall burns in Vellerac", "Rhiannon Pryce", "2026-01-22",
			[]string{"A fire has gutted the town hall.", "\"It is the heart of the town,\" the mayor said.", "Setext heading\n"},
			[]string{"---", "> ", "title:"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := readOne(t, write(t, dir, tt.name, tt.body))
			if a.Title != tt.title || a.Byline != tt.byline || a.Published.Format("2006-01-02") != tt.date {
				t.Errorf("Title %q, Byline %q, Published %v: want %q, %q, %s", a.Title, a.Byline, a.Published, tt.title, tt.byline, tt.date)
			}
			for _, w := range tt.text {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, a.Text)
				}
			}
			for _, w := range tt.gone {
				if strings.Contains(a.Text, w) {
					t.Errorf("text keeps %q:\n%s", w, a.Text)
				}
			}
			checkSentences(t, a)
		})
	}
}

func TestCredits(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		kinds      []string
		names      []string
	}{
		{"byline with outlet", "Title line\n\nBy Sam Whitfield, Coastal Daily Record\n\nBody text here.", []string{news.CreditByline}, []string{"Sam Whitfield"}},
		{"two authors in capitals", "BY JANE ROE AND JOHN DOE\n\nBody text here.", []string{news.CreditByline, news.CreditByline}, []string{"JANE ROE", "JOHN DOE"}},
		{"two authors", "By Jane Roe and John Doe\n\nBody text here.", []string{news.CreditByline, news.CreditByline}, []string{"Jane Roe", "John Doe"}},
		{"bullet name", "Body text here.\n\n• Derek Vance", []string{news.CreditByline}, []string{"Derek Vance"}},
		{"reported from", "Body text here.\n\nHana Okafor reported from Meridian.", []string{news.CreditReporting}, []string{"Hana Okafor"}},
		{"contributed", "Body text here.\n\nPaul Ames in Lisbon contributed reporting.", []string{news.CreditReporting}, []string{"Paul Ames"}},
		{"agency tag", "MERIDIAN (Reuters) — A crane fell.\n\nMore text.", []string{news.CreditAgency}, []string{"Reuters"}},
		{"bracketed reporting line", "Body text here.\n\n(Reporting by Ada Kerr and Bo Lind; additional reporting by Cem Ulus; Editing by Dora Wahl)", []string{news.CreditReporting, news.CreditReporting, news.CreditReporting}, []string{"Ada Kerr", "Bo Lind", "Cem Ulus"}},
		{"written by", "Body text here.\n\nWritten by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"dash name with role", "Body text here.\n\n— Ada Kerr, Special Correspondent", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"author label", "Author: Ada Kerr\n\nBody text here.", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"author label with a desk", "Posted by Ada Kerr | Money Desk\n\nBody text here.", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"source: reporting by a name and an outlet", "Body text here.\n\nSource: reporting by Ada Kerr, Valle News Agency", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"story by a name and an outlet", "Body text here.\n\nStory by Ada Kerr, Harwick Gazette", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"original story by a name and a Post", "Body text here.\n\nOriginal story by Ada Kerr, Velsburg Post", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"written by a name and an outlet", "Body text here.\n\nWritten by Ada Kerr and Tom Daily", []string{news.CreditReporting, news.CreditReporting}, []string{"Ada Kerr", "Tom Daily"}},
		{"agency writer contributed from", "Body text here.\n\nAP writer Ada Kerr contributed reporting from Lima.", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"single lines apart", "By Ada Kerr\nThe board met on Monday.\nIt froze the fares.\nMore text.\nEven more text.\nThe end of it.\n(Reporting by Bo Lind)", []string{news.CreditByline, news.CreditReporting}, []string{"Ada Kerr", "Bo Lind"}},
		{"name with role", "Body text here.\n\nAda Kerr | Staff Writer", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"bare name and author box", "Body text here.\n\nAndrea Santos\n\nAndrea, a sociologist by profession, covers European news for The Example.", []string{news.CreditByline, news.CreditAuthorBox}, []string{"Andrea Santos", "Andrea"}},
		{"author box under the name, in other words", "Body text here.\n\nMarc Lefebvre\n\nMarc, journalist by training, follows the news of the Americas for Le Globe Express.", []string{news.CreditByline, news.CreditAuthorBox}, []string{"Marc Lefebvre", "Marc"}},
		{"a sentence under a name about someone else", "Body text here.\n\nMarc Lefebvre\n\nThe mayor, a keen sailor, follows the regatta every year.", []string{news.CreditByline}, []string{"Marc Lefebvre"}},
		{"a lead under a name in the first line", "Nelson Mandela\n\nNelson Mandela, who led South Africa out of apartheid, died on Thursday, his family said.\n\nMore text.", []string{news.CreditByline}, []string{"Nelson Mandela"}},
		{"a sentence about the person under the name at the end", "Body text here.\n\nMore text.\n\nMary Jones\n\nMary Jones died on Sunday at 84, her family said.", []string{news.CreditByline}, []string{"Mary Jones"}},
		{"a dateline under a name", "Anna Washington\n\nWashington, March 7 - The Senate voted on the budget, and the vote was close.", []string{news.CreditByline}, []string{"Anna Washington"}},
		{"compiled by, in brackets", "Body text here.\n\n(Compiled by Ada Kerr)", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"filed by", "Body text here.\n\nFiled by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"this article was written by", "Body text here.\n\nThis article was written by Ada Kerr.", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"about the author", "Body text here.\n\nAbout the author: Ada Kerr is a freelance science writer based in Lyon.", []string{news.CreditAuthorBox}, []string{"Ada Kerr"}},
		{"story label", "Body text here.\n\nStory: Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"reporter label", "Body text here.\n\nReporter: Ada Kerr", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"contributor label", "Contributor: Ada Kerr\n\nBody text here.", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"a contributor label before a headline is not a credit", "Contributor: Why Ports Close\n\nBody text here.", nil, nil},
		{"a text label with the name's agency after a slash", "Body text here.\n\nText: Ada Kerr / Northern Wire Services", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"a reporting line with the name's outlet after a bar", "Body text here.\n\nReporting by Ada Kerr | Harbour Daily", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"written and compiled by", "Body text here.\n\nWritten and compiled by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"by a name for an outlet", "By Ada Kerr for The Harbour Daily\n\nBody text here.", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"with reporting by", "Body text here.\n\nWith reporting by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"labelled reporting and editing", "Body text here.\n\nReporting: Ada Kerr; Editing: Bo Lind", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"a labelled sentence is not a credit", "Body text here.\n\nStory: The port was closed for a week", nil, nil},
		{"a labelled title-case headline is not a credit", "Report: Patriots To Sign Star Receiver\n\nBody text here.", nil, nil},
		{"a story label before a title-case headline is not a credit", "Body text here.\n\nStory: Port Reopens After The Storm", nil, nil},
		{"a report label is a headline's, not a credit's", "Report: Patriots Sign Brady\n\nBody text here.", nil, nil},
		{"a story label before a four-word headline", "Body text here.\n\nStory: Homeless Man Becomes Millionaire", nil, nil},
		{"a reporter label before a question", "Reporter: What Happens Next\n\nBody text here.", nil, nil},
		{"a text label before two words that are no name", "Body text here.\n\nText: Bible", nil, nil},
		{"text and research label", "Body text here.\n\nText and research: Ada Kerr / Northern Wire Services", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"photos and words by", "Body text here.\n\nPhotos and words by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"original story by", "Body text here.\n\nOriginal story by Ada Kerr for The Harbour Daily", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"based on reporting by a name of an outlet", "Body text here.\n\nThis article was based on reporting by Ada Kerr of the Western Courier.", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"based on a report by", "Body text here.\n\nBased on a report by Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"written by with a colon", "Body text here.\n\nWritten by: Ada Kerr", []string{news.CreditReporting}, []string{"Ada Kerr"}},
		{"a text and photos label before a headline is not a credit", "Text and photos: Port Reopens After The Storm\n\nBody text here.", nil, nil},
		{"a translator is no reporter", "By Ada Kerr\n\nBody text here.\n\nTranslated by Bo Lind", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"a translator from a language is no reporter", "By Ada Kerr\n\nBody text here.\n\nTranslated from the German by Bo Lind", []string{news.CreditByline}, []string{"Ada Kerr"}},
		{"by order of the court", "By Order of the Court\n\nBody text here.", nil, nil},
		{"a name that is also a word", "By Will Hutton\n\nBody text here.", []string{news.CreditByline}, []string{"Will Hutton"}},
		{"a surname that is also a word", "Body text here.\n\n(Reporting by Edward Said; Editing by Can Dündar)", []string{news.CreditReporting}, []string{"Edward Said"}},
		{"a reporting credit of a name that is also a verb", "Body text here.\n\nReporting by Will Dunham", []string{news.CreditReporting}, []string{"Will Dunham"}},
		{"mention in a sentence is not a credit", "The mayor said Hana Okafor reported from Meridian last year, in a long sentence that goes on and on about other matters and never stops until it is well past the length of any credit line anyone prints at the end of an article, which is the point.", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ingest.Credits(tt.text)
			if len(got) != len(tt.kinds) {
				t.Fatalf("Credits = %+v, want %d credits", got, len(tt.kinds))
			}
			for i, c := range got {
				if c.Kind != tt.kinds[i] || c.Name != tt.names[i] {
					t.Errorf("credit %d = %s %q, want %s %q", i, c.Kind, c.Name, tt.kinds[i], tt.names[i])
				}
				if !c.Span.Valid(len(tt.text)) || c.Span.Len() == 0 {
					t.Errorf("credit %d span %+v invalid", i, c.Span)
				}
			}
		})
	}
}

// TestCreditSpans: each part of a reporting line is its own span, so that
// a helper's credit ("additional reporting by") reads as one.
func TestCreditSpans(t *testing.T) {
	s := "Body text here.\n\n[Reporting by Ada Kerr; additional reporting by Cem Ulus; Editing by Dora Wahl]"
	got := ingest.Credits(s)
	if len(got) != 2 {
		t.Fatalf("Credits = %+v, want 2", got)
	}
	for i, want := range []string{"Reporting by Ada Kerr", "additional reporting by Cem Ulus"} {
		if g := got[i].Span.Slice(s); g != want {
			t.Errorf("credit %d spans %q, want %q", i, g, want)
		}
	}
}

func TestHTMLPage(t *testing.T) {
	a := readOne(t, "testdata/page.html")
	for _, tt := range []struct{ field, got, want string }{
		{"Title", a.Title, "Ferry fares frozen for a year"},
		{"Byline", a.Byline, "Lena Brandt"},
		{"SiteName", a.SiteName, "The Bay Courier"},
		{"CanonicalURL", a.CanonicalURL, "https://bay-courier.example/local/ferry-fares-frozen"},
		{"Outlet", a.Outlet, "bay-courier.example"},
		{"Lang", a.Lang, "en"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.field, tt.got, tt.want)
		}
	}
	if !a.Published.Equal(time.Date(2026, 2, 2, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", a.Published)
	}
	for _, junk := range []string{"cookies", "Harbour parking", "All rights reserved", "Sport"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("boilerplate %q kept in the text:\n%s", junk, a.Text)
		}
	}
	if !strings.Contains(a.Text, "Islanders should not pay more") {
		t.Errorf("main text lost a paragraph:\n%s", a.Text)
	}
	checkSentences(t, a)
}

func TestFeeds(t *testing.T) {
	for _, tt := range []struct {
		file      string
		titles    []string
		bylines   []string
		failures  int
		failMatch string
	}{
		{"testdata/feed.atom", []string{"Crane inspections ordered across the coast"}, []string{"Mara Lind"}, 1, "item 2 (\"An entry without a body\"): no content or description"},
		{"testdata/feed.json", []string{"Union demands answers after crane collapse"}, []string{"Omar Haddad"}, 0, ""},
		{"../../examples/06-city-feed.xml", []string{"Council approves tram extension to the airport"}, []string{"Jorge Almeida"}, 0, ""},
	} {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			ok, bad := read(t, ingest.Options{}, tt.file)
			if len(bad) != tt.failures {
				t.Fatalf("failures = %v, want %d", bad, tt.failures)
			}
			if tt.failMatch != "" && !strings.Contains(bad[0].Err.Error(), tt.failMatch) {
				t.Errorf("error %q does not contain %q", bad[0].Err, tt.failMatch)
			}
			if len(ok) != len(tt.titles) {
				t.Fatalf("got %d articles, want %d", len(ok), len(tt.titles))
			}
			for i, it := range ok {
				a := it.Article
				if a.Title != tt.titles[i] || !strings.Contains(a.Byline, tt.bylines[i]) {
					t.Errorf("article %d: title %q byline %q", i, a.Title, a.Byline)
				}
				if a.Published.IsZero() || a.URL == "" || a.Outlet == "" {
					t.Errorf("article %d: published %v url %q outlet %q", i, a.Published, a.URL, a.Outlet)
				}
				if strings.Contains(a.Text, "<p>") {
					t.Errorf("article %d: HTML left in text: %q", i, a.Text)
				}
				checkSentences(t, a)
			}
		})
	}
}

func TestJSONLines(t *testing.T) {
	ok, bad := read(t, ingest.Options{}, "testdata/articles.jsonl")
	if len(ok) != 2 {
		t.Fatalf("got %d articles, want 2 (lines 1 and 8)", len(ok))
	}
	if ok[0].Input != "testdata/articles.jsonl:1" || ok[1].Input != "testdata/articles.jsonl:8" {
		t.Errorf("inputs = %q, %q", ok[0].Input, ok[1].Input)
	}
	if a := ok[0].Article; a.Outlet != "bay-courier.example" || a.Byline != "Lena Brandt" || a.Lang != "en" || a.Published.IsZero() {
		t.Errorf("line 1 = %+v", a)
	}
	if a := ok[1].Article; a.SiteName != "Island Radio" || !strings.Contains(a.Text, "outer islands") {
		t.Errorf("line 8 (html) = %q from %q", a.Text, a.SiteName)
	}
	want := []string{
		"testdata/articles.jsonl:2: not a JSON object",
		"testdata/articles.jsonl:3 (id a3): field text or html is required",
		"testdata/articles.jsonl:4 (id a4): field published: unknown time format",
		"testdata/articles.jsonl:5 (id a5): field lang",
		"testdata/articles.jsonl:6: unknown field \"colour\"",
		"testdata/articles.jsonl:9 (id a9): field url: \"javascript:alert(1)\" is not an http or https URL",
	}
	if len(bad) != len(want) {
		t.Fatalf("failures = %v, want %d", bad, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(bad[i].Err.Error(), w) {
			t.Errorf("failure %d = %q, want prefix %q", i, bad[i].Err, w)
		}
	}
}

// TestJSONLinesAliases: outlet and author, the names other exports give
// source and byline, are read as them; two different values are an error.
func TestJSONLinesAliases(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "a.jsonl", `{"url":"https://tide.example/a","outlet":"Tide.example","author":"Nora Quill","published":"2026-01-05","text":"The harbour wall was repaired over the winter."}
{"id":"b2","source":"tide.example","outlet":"other.example","text":"The harbour wall was repaired."}
{"id":"b3","byline":"Nora Quill","author":"Nora Quill","text":"The harbour wall was repaired again."}
`)
	ok, bad := read(t, ingest.Options{}, p)
	if len(ok) != 2 || len(bad) != 1 {
		t.Fatalf("got %d articles and %d failures %v, want 2 and 1", len(ok), len(bad), bad)
	}
	if a := ok[0].Article; a.Outlet != "tide.example" || a.Byline != "Nora Quill" {
		t.Errorf("line 1: outlet %q byline %q", a.Outlet, a.Byline)
	}
	if err := bad[0].Err.Error(); !strings.Contains(err, "(id b2): fields source and outlet disagree") {
		t.Errorf("line 2: %s", err)
	}
}

// TestJSONLinesStream: --max-bytes caps each line of a JSON Lines input,
// not the input, so a long stream from a file or standard input is read
// whole, line by line; an over-long line is one failure naming its line.
func TestJSONLinesStream(t *testing.T) {
	var b strings.Builder
	const n = 300
	for i := 1; i <= n; i++ {
		if i == 150 {
			fmt.Fprintf(&b, "{\"id\": \"long\", \"text\": %q}\n", strings.Repeat("A very long line. ", 200))
			continue
		}
		fmt.Fprintf(&b, "{\"id\": \"r%d\", \"text\": \"Article number %d of the stream has enough words.\"}\n", i, i)
	}
	body := strings.TrimSuffix(b.String(), "\n") // the last line has no newline
	o := ingest.Options{MaxBytes: 2000}
	if len(body) < 10*int(o.MaxBytes) {
		t.Fatalf("the stream (%d bytes) should be far over the cap", len(body))
	}
	path := write(t, t.TempDir(), "stream.jsonl", body)
	for _, tc := range []struct {
		name  string
		o     ingest.Options
		input string
		label string
	}{
		{"file", o, path, path},
		{"stdin", ingest.Options{MaxBytes: o.MaxBytes, Stdin: strings.NewReader(body)}, "-", "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, bad := read(t, tc.o, tc.input)
			if len(ok) != n-1 || len(bad) != 1 {
				t.Fatalf("got %d articles and %d failures, want %d and 1: %v", len(ok), len(bad), n-1, bad)
			}
			if want := tc.label + ":150: line is over the 2000-byte limit"; !strings.HasPrefix(bad[0].Err.Error(), want) {
				t.Errorf("failure = %q, want prefix %q", bad[0].Err, want)
			}
			if last := ok[len(ok)-1]; last.Input != fmt.Sprintf("%s:%d", tc.label, n) || !strings.Contains(last.Article.Text, "number 300 ") {
				t.Errorf("last article = %s %q", last.Input, last.Article.Text)
			}
		})
	}
}

func TestDirectoryAndStdin(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b/second.txt", "The second article has enough words to be an article.")
	write(t, dir, "a.txt", "The first article has enough words to be an article.")
	write(t, dir, ".hidden/skip.txt", "A hidden file is skipped.")
	write(t, dir, "notes.pdf", "not an article format")
	ok, bad := read(t, ingest.Options{}, dir)
	if len(bad) != 0 || len(ok) != 2 {
		t.Fatalf("got %d articles, %d failures", len(ok), len(bad))
	}
	if !strings.HasSuffix(ok[0].Input, "a.txt") || !strings.HasSuffix(ok[1].Input, filepath.Join("b", "second.txt")) {
		t.Errorf("order = %s, %s", ok[0].Input, ok[1].Input)
	}
	ok, bad = read(t, ingest.Options{Stdin: strings.NewReader("An article read from standard input.")}, "-")
	if len(bad) != 0 || len(ok) != 1 || ok[0].Article.SourcePath != "-" {
		t.Fatalf("stdin: %v %v", ok, bad)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.html")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // a sparse 50 MB page
		t.Fatal(err)
	}
	f.Close()
	for _, tt := range []struct {
		name, file, body string
		want             string
	}{
		{"empty file", "empty.txt", "", "empty.txt: empty input"},
		{"white space only", "blank.txt", " \n\n \n", "blank.txt: empty input"},
		{"invalid UTF-8, not Windows-1252", "odd.txt", "Line one is fine.\nCaf\x81 on line two.\n", "odd.txt: line 2: invalid UTF-8 at byte 21 (convert the file to UTF-8)"},
		{"binary page", "junk.html", "\x00\x01\x02\x03<html>\x00\x00", "junk.html: not a text, HTML, feed or JSON document"},
		{"image", "photo.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt: not a text, HTML, feed or JSON document (its bytes look like image/png)"},
		{"PDF", "report.txt", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt: not a text, HTML, feed or JSON document (its bytes look like application/pdf)"},
		{"feed lying about its encoding", "lies.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>T</title><item><title>Caf\xe9</title><description>Caf\xe9 society.</description></item></channel></rss>", "lies.xml"},
		{"truncated feed", "broken.rss", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>x", "broken.rss: not a readable RSS, Atom or JSON feed"},
		{"missing file", "", "", "does-not-exist.txt: no such file or directory"},
		{"date in the future", "future.jsonl", `{"text":"A note about a bake sale.","published":"2099-01-01"}` + "\n", "future.jsonl:1: field published: 2099-01-01 is in the future"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "does-not-exist.txt")
			if tt.file != "" {
				p = write(t, dir, tt.file, tt.body)
			}
			ok, bad := read(t, ingest.Options{}, p)
			if tt.name == "feed lying about its encoding" && len(bad) == 0 {
				// Repaired rather than refused is acceptable: the text must
				// then be valid UTF-8.
				if len(ok) != 1 || !strings.Contains(ok[0].Article.Text, "society") {
					t.Fatalf("neither an error nor a repaired article: %v", ok)
				}
				return
			}
			if len(bad) != 1 || len(ok) != 0 {
				t.Fatalf("got %d articles and failures %v, want one failure", len(ok), bad)
			}
			if !strings.Contains(bad[0].Err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", bad[0].Err, tt.want)
			}
			if news.ErrorCode(bad[0].Err) != news.EINVALID {
				t.Errorf("code = %s, want EINVALID", news.ErrorCode(bad[0].Err))
			}
		})
	}
	t.Run("50 MB page", func(t *testing.T) {
		_, bad := read(t, ingest.Options{}, big)
		if len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), "huge.html: 52428800 bytes is over the 10485760-byte input limit") {
			t.Fatalf("failures = %v", bad)
		}
	})
	t.Run("one bad input does not stop the batch", func(t *testing.T) {
		good := write(t, dir, "good.txt", "A good article with enough words in it.")
		ok, bad := read(t, ingest.Options{}, filepath.Join(dir, "nope.txt"), good)
		if len(ok) != 1 || len(bad) != 1 {
			t.Fatalf("got %d articles, %d failures", len(ok), len(bad))
		}
	})
}

func TestURLs(t *testing.T) {
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.UserAgent()
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/feed":
			w.Header().Set("Content-Type", "application/atom+xml")
			http.ServeFile(w, r, "testdata/feed.atom")
		case "/slow":
			time.Sleep(2 * time.Second)
		case "/big":
			w.Write(bytes.Repeat([]byte("a"), 5000))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	allow := ingest.Options{Fetcher: &ingest.Fetcher{AllowPrivate: true, Timeout: 500 * time.Millisecond}}
	ok, bad := read(t, allow, srv.URL+"/page", srv.URL+"/feed")
	if len(ok) != 2 || len(bad) != 1 {
		t.Fatalf("got %d articles and failures %v; want 2 and the empty feed entry", len(ok), bad)
	}
	if a := ok[0].Article; a.URL != srv.URL+"/page" || a.Title != "Ferry fares frozen for a year" || a.SourcePath != "" {
		t.Errorf("page article: url %q title %q source %q", a.URL, a.Title, a.SourcePath)
	}
	if !strings.HasPrefix(gotUA, "crosscheck/") {
		t.Errorf("User-Agent = %q", gotUA)
	}
	for _, tt := range []struct {
		path string
		o    ingest.Options
		want string
	}{
		{"/slow", allow, "timed out after 500ms"},
		{"/missing", allow, "HTTP 404"},
		{"/big", ingest.Options{MaxBytes: 1000, Fetcher: &ingest.Fetcher{AllowPrivate: true}}, "over the 1000-byte limit"},
		{"/page", ingest.Options{}, "refusing to connect to non-public address 127.0.0.1"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			_, bad := read(t, tt.o, srv.URL+tt.path)
			if len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), tt.want) {
				t.Fatalf("failures = %v, want one containing %q", bad, tt.want)
			}
			if !strings.Contains(bad[0].Err.Error(), srv.URL+tt.path) {
				t.Errorf("error %q does not name the URL", bad[0].Err)
			}
		})
	}
}

func TestIsPublic(t *testing.T) {
	for _, tt := range []struct {
		addr string
		want bool
	}{
		{"8.8.8.8", true}, {"2a00:1450::1", true},
		{"127.0.0.1", false}, {"10.1.2.3", false}, {"192.168.0.1", false}, {"172.16.5.4", false},
		{"169.254.169.254", false}, {"::1", false}, {"fe80::1", false}, {"fd00::1", false},
		{"100.64.0.1", false}, {"0.0.0.0", false},
	} {
		if got := ingest.IsPublic(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("IsPublic(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://www.Example.com/a/b/?utm_source=x&id=2&fbclid=y#top", "https://example.com/a/b?id=2"},
		{"http://example.com:80/a", "https://example.com/a"},
		{"https://example.com:8443/a?b=2&a=1", "https://example.com:8443/a?a=1&b=2"},
		{"ftp://example.com/a", ""},
		{"not a url", ""},
	} {
		if got := ingest.CanonicalURL(tt.in); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSeeds reads the real articles under ../shared/seeds and checks what
// their shapes promise, with the expected values read from the files
// themselves: a "date YYYY-MM-DD" lead becomes the publication date, a
// first line standing alone becomes the title, the credit lines at the
// end become credits whose names their spans hold, and every sentence
// span slices back to its text.
func TestSeeds(t *testing.T) {
	dir := shared.Require(t, "seeds")
	ok, bad := read(t, ingest.Options{}, dir)
	if len(bad) != 0 || len(ok) != 3 {
		t.Fatalf("got %d articles, %d failures: %v", len(ok), len(bad), bad)
	}
	// The credit kinds each seed's closing lines carry, in text order.
	wantKinds := [][]string{nil, {"byline", "author_box"}, {"reporting", "byline"}}
	for i, it := range ok {
		a := it.Article
		raw, err := os.ReadFile(it.Input)
		if err != nil {
			t.Fatal(err)
		}
		first, rest, _ := strings.Cut(strings.TrimSpace(string(raw)), "\n")
		wantTitle, wantDate := "", ""
		if d, ok := strings.CutPrefix(first, "date "); ok {
			wantDate = d[:10]
		} else if strings.HasPrefix(rest, "\n") { // a line, then a blank line
			wantTitle = first
		}
		if a.Title != wantTitle {
			t.Errorf("%s: title %q, want %q", it.Input, a.Title, wantTitle)
		}
		if date := a.Published.Format("2006-01-02"); (wantDate == "") != a.Published.IsZero() || wantDate != "" && date != wantDate {
			t.Errorf("%s: published %v, want %q", it.Input, a.Published, wantDate)
		}
		var kinds []string
		for _, c := range a.Credits {
			kinds = append(kinds, c.Kind)
			if c.Name == "" || !strings.Contains(c.Span.Slice(a.Text), strings.Fields(c.Name)[0]) {
				t.Errorf("%s: credit %q does not name what its span %q holds", it.Input, c.Name, c.Span.Slice(a.Text))
			}
		}
		if fmt.Sprint(kinds) != fmt.Sprint(wantKinds[i]) {
			t.Errorf("%s: credit kinds %v, want %v", it.Input, kinds, wantKinds[i])
		}
		checkSentences(t, a)
	}
}

// TestFutureDateDropped: a publication time from a page or a feed that lies
// days ahead of the clock is wrong metadata; Prepare drops it and keeps the
// article. A time within the slack (a time zone written wrong) stays.
func TestFutureDateDropped(t *testing.T) {
	for _, tt := range []struct {
		name string
		pub  time.Time
		keep bool
	}{
		{"next century", time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"a week ahead", time.Now().Add(7 * 24 * time.Hour), false},
		{"an hour ahead", time.Now().Add(time.Hour), true},
		{"yesterday", time.Now().Add(-24 * time.Hour), true},
	} {
		a := &news.Article{Text: "The library bake sale raised 400 euros.", Published: tt.pub}
		if err := ingest.Prepare(a); err != nil {
			t.Fatal(err)
		}
		if kept := !a.Published.IsZero(); kept != tt.keep {
			t.Errorf("%s: published after Prepare = %v, want kept %v", tt.name, a.Published, tt.keep)
		}
	}
}

// TestJSONDocuments: a .json file or standard input may hold one record
// spread over several lines, or an array of records; each bad record of an
// array is one failure naming its index, and the others are read.
func TestJSONDocuments(t *testing.T) {
	dir := t.TempDir()
	pretty := "{\n  \"title\": \"Ferry resumes\",\n  \"published\": \"2026-03-10\",\n  \"text\": \"The ferry to Inselby resumed service on Monday.\"\n}\n"
	array := `[{"text": "The library bake sale raised 400 euros."}, {"title": "No body"}, {"text": "Council approves the harbour budget.", "source": "harbour.example"}]`
	for _, tt := range []struct {
		name   string
		input  func() (ingest.Options, string)
		inputs []string // Input of each article
		bad    []string // error of each failure
	}{
		{"pretty-printed file", func() (ingest.Options, string) { return ingest.Options{}, write(t, dir, "one.json", pretty) },
			[]string{"one.json"}, nil},
		{"pretty-printed stdin", func() (ingest.Options, string) { return ingest.Options{Stdin: strings.NewReader(pretty)}, "-" },
			[]string{"-"}, nil},
		{"array file", func() (ingest.Options, string) { return ingest.Options{}, write(t, dir, "many.json", array) },
			[]string{"many.json[0]", "many.json[2]"}, []string{"many.json[1]: field text or html is required"}},
		{"array stdin", func() (ingest.Options, string) { return ingest.Options{Stdin: strings.NewReader(array)}, "-" },
			[]string{"-[0]", "-[2]"}, []string{"-[1]: field text or html is required"}},
		{"array of numbers", func() (ingest.Options, string) { return ingest.Options{}, write(t, dir, "nums.json", "[1, 2]") },
			nil, []string{"nums.json[0]: a JSON number, not an object", "nums.json[1]: a JSON number, not an object"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, in := tt.input()
			ok, bad := read(t, o, in)
			if len(ok) != len(tt.inputs) || len(bad) != len(tt.bad) {
				t.Fatalf("got %d articles and failures %v, want %d and %d", len(ok), bad, len(tt.inputs), len(tt.bad))
			}
			for i, it := range ok {
				if !strings.HasSuffix(it.Input, tt.inputs[i]) {
					t.Errorf("article %d input %q, want …%q", i, it.Input, tt.inputs[i])
				}
			}
			for i, it := range bad {
				if !strings.Contains(it.Err.Error(), tt.bad[i]) {
					t.Errorf("failure %d = %q, want it to contain %q", i, it.Err, tt.bad[i])
				}
			}
		})
	}
	ok, _ := read(t, ingest.Options{}, write(t, dir, "one.json", pretty))
	if a := ok[0].Article; a.Title != "Ferry resumes" || a.Published.IsZero() {
		t.Errorf("pretty-printed record read as %+v", a)
	}
}

// TestHTMLPrintedByline: a byline element that names someone other than the
// page's author metadata stays in the text as a "By …" line, where the
// credit checks see it; one that agrees is left out as before.
func TestHTMLPrintedByline(t *testing.T) {
	dir := t.TempDir()
	page := func(meta, printed string) string {
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry fares frozen for a year</title>
<meta name="author" content="` + meta + `"></head><body><article><h1>Ferry fares frozen for a year</h1>
<p class="byline">` + printed + `</p>
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>
<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</article></body></html>`
	}
	for _, tt := range []struct{ meta, printed, wantLine string }{
		{"Kevin Marsh", "Jordan Blake", "By Jordan Blake"},
		{"Kevin Marsh and Ada Kerr", "By Ada Kerr", ""},
		{"Kevin Marsh", "By Kevin Marsh Staff Writer", ""},
		{"Kevin Marsh", "Kevin Marsh FerryBusiness", ""},
	} {
		p := write(t, dir, "p.html", page(tt.meta, tt.printed))
		a := readOne(t, p)
		first, _, _ := strings.Cut(a.Text, "\n\n")
		if tt.wantLine != "" && first != tt.wantLine {
			t.Errorf("meta %q, printed %q: first paragraph %q, want %q", tt.meta, tt.printed, first, tt.wantLine)
		}
		if tt.wantLine == "" && (first == tt.printed || first == "By "+tt.printed) {
			t.Errorf("meta %q, printed %q: the agreeing byline was added as %q", tt.meta, tt.printed, first)
		}
	}
}

// A byline from a feed, a JSON record or author metadata is the names
// alone: a leading "By " goes, names that begin with "By" stay.
// TestHTMLBylineWithoutMeta: a page without author metadata that prints
// its byline in an element not marked as one keeps it as a "By" line; a
// short paragraph that opens with "By" and is no name is none.
func TestHTMLBylineWithoutMeta(t *testing.T) {
	dir := t.TempDir()
	page := func(printed, after string) string {
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry fares frozen for a year</title></head>
<body><div class="wrap"><h1>Ferry fares frozen for a year</h1>
` + printed + `
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>
<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</div>` + after + `</body></html>`
	}
	for _, tt := range []struct{ name, printed, after, byline string }{
		{"post meta", `<div class="post-meta">By Dwayne Archer</div>`, "", "Dwayne Archer"},
		{"meta line with a date", `<p class="meta">Von Markus Albers · <time datetime="2025-06-18">18. June 2025</time></p>`, "", "Markus Albers"},
		{"a sentence", `<p class="lead">By Friday the river had frozen over.</p>`, "", ""},
		{"two names", `<div class="post-meta">By Dwayne Archer and Lena Fischer | 16 October 2025</div>`, "", "Dwayne Archer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if a := readOne(t, write(t, dir, "p.html", page(tt.printed, tt.after))); a.Byline != tt.byline {
				t.Errorf("Byline %q, want %q (text %q)", a.Byline, tt.byline, a.Text)
			}
		})
	}
}

// TestHTMLAuthorTagIsTheSite: an author tag that names the site is no
// byline; the reporter the page prints is.
func TestHTMLAuthorTagIsTheSite(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, head, printed, byline string }{
		{"site name tag", `<meta property="og:site_name" content="The Lowland Ledger"><meta name="author" content="The Lowland Ledger">`, `<p class="byline">By Femke Janssen</p>`, "Femke Janssen"},
		{"site in the title", `<meta name="author" content="Lowland Ledger">`, `<span class="author">By Femke Janssen</span>`, "Femke Janssen"},
		{"no printed byline", `<meta property="og:site_name" content="The Lowland Ledger"><meta name="author" content="The Lowland Ledger">`, "", ""},
		{"a person's tag", `<meta property="og:site_name" content="The Lowland Ledger"><meta name="author" content="Femke Janssen">`, "", "Femke Janssen"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry fares frozen for a year - The Lowland Ledger</title>` + tt.head + `</head>
<body><article><h1>Ferry fares frozen for a year</h1>` + tt.printed + `
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>
<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</article></body></html>`
			if a := readOne(t, write(t, dir, "p.html", page)); a.Byline != tt.byline {
				t.Errorf("Byline %q, want %q (credits %+v)", a.Byline, tt.byline, a.Credits)
			}
		})
	}
}

func TestPrepareByline(t *testing.T) {
	for in, want := range map[string]string{
		"By Carla Jensen":    "Carla Jensen",
		"BY  Ana   Ruiz":     "Ana Ruiz",
		"by Lena Brandt":     "Lena Brandt",
		"Byron Hale":         "Byron Hale",
		"by the news desk":   "by the news desk",
		"Carla Jensen":       "Carla Jensen",
		"By Élodie Marchand": "Élodie Marchand",
		"":                   "",
		// Terminal escapes and control characters go, whole.
		"By \x1b[31mCarla Jensen\x1b[0m":   "Carla Jensen",
		"Carla\x07 Jensen\x1b]0;pwned\x07": "Carla Jensen",
		"By\tAna\x00 Ruiz":                 "Ana Ruiz",
		"By: Carla Jensen":                 "Carla Jensen",
		"by:Lena Brandt":                   "Lena Brandt",
	} {
		a := &news.Article{Text: "The council met on Monday.", Byline: in, SourcePath: "test"}
		if err := ingest.Prepare(a); err != nil {
			t.Fatal(err)
		}
		if a.Byline != want {
			t.Errorf("byline %q prepared as %q, want %q", in, a.Byline, want)
		}
	}
}

// TestPrepareHeadlineIsNoByline: a text that repeats its title on its first
// line does not take the title for a bare-name byline; a name on that
// line that is not the title still counts.
func TestPrepareHeadlineIsNoByline(t *testing.T) {
	a := &news.Article{Title: "Flood Warning Issued", Text: "Flood Warning Issued\n\nThe river rose overnight, the council said on Monday.", SourcePath: "test"}
	if err := ingest.Prepare(a); err != nil {
		t.Fatal(err)
	}
	if a.Byline != "" || len(a.Credits) != 0 {
		t.Errorf("byline %q, credits %+v: the headline was taken for a name", a.Byline, a.Credits)
	}
	b := &news.Article{Title: "River rises", Text: "Ada Kerr\n\nThe river rose overnight, the council said on Monday.", SourcePath: "test"}
	if err := ingest.Prepare(b); err != nil {
		t.Fatal(err)
	}
	if b.Byline != "Ada Kerr" {
		t.Errorf("byline %q, want the name on the first line", b.Byline)
	}
}

// TestControlCharactersInText: a text with a stray control character (a
// word processor's vertical tab, a DOS end-of-file mark) is still a text.
func TestControlCharactersInText(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"vt.txt":  "The council voted over pay,\x0bthe union said on Monday.\n\nThe vote was close.",
		"eof.txt": "The council voted over pay, the union said on Monday.\n\nThe vote was close.\x1a",
	} {
		ok, bad := read(t, ingest.Options{}, write(t, dir, name, body))
		if len(ok) != 1 || len(bad) != 0 {
			t.Errorf("%s: %d articles, failures %v; want the article", name, len(ok), bad)
		}
	}
}

// TestInputsWithNothingToRead: a URL of a scheme crosscheck does not fetch
// says so, and a directory without a file to read is a failed input.
func TestInputsWithNothingToRead(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "pdfs/report.pdf", "%PDF-1.7")
	write(t, dir, "hidden/.draft.txt", "A hidden draft with enough words to be an article.")
	for in, want := range map[string]string{
		"ftp://example.com/x":             `ftp://example.com/x: unsupported URL scheme "ftp"`,
		empty:                             empty + ": no readable files in the directory",
		filepath.Join(dir, "pdfs"):        filepath.Join(dir, "pdfs") + ": no readable files",
		filepath.Join(dir, "hidden"):      filepath.Join(dir, "hidden") + ": no readable files",
		filepath.Join(dir, "missing.txt"): "no such file or directory",
	} {
		ok, bad := read(t, ingest.Options{}, in)
		if len(ok) != 0 || len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), want) || news.ErrorCode(bad[0].Err) != news.EINVALID {
			t.Errorf("%s: %d articles, failures %v; want one failure saying %q", in, len(ok), bad, want)
		}
	}
}

// TestDirectoryListingPage: the file list a web server makes for a
// directory is no article.
func TestDirectoryListingPage(t *testing.T) {
	dir := t.TempDir()
	for name, title := range map[string]string{"python.html": "Directory listing for /", "apache.html": "Index of /news/2024"} {
		page := "<!DOCTYPE HTML><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><hr><ul>" +
			`<li><a href="a.txt">a.txt</a></li><li><a href="b.html">b.html</a></li></ul><hr></body></html>`
		ok, bad := read(t, ingest.Options{}, write(t, dir, name, page))
		if len(ok) != 0 || len(bad) != 1 || !strings.Contains(bad[0].Err.Error(), "a directory listing") {
			t.Errorf("%s: %d articles, failures %v; want it refused as a directory listing", name, len(ok), bad)
		}
	}
	page := "<html><head><title>Index of consumer prices rose in March</title></head><body><article><p>The index of consumer prices rose by 0.4 percent in March, the statistics office said on Tuesday.</p></article></body></html>"
	if ok, bad := read(t, ingest.Options{}, write(t, dir, "prices.html", page)); len(ok) != 1 || len(bad) != 0 {
		t.Errorf("an article titled \"Index of ...\": %d articles, failures %v", len(ok), bad)
	}
}

// TestHTMLPersonalSiteAuthor: a personal site whose <title> (or
// og:site_name) is its author's name: the author tag is a person, not the
// site, and is kept.
func TestHTMLPersonalSiteAuthor(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, head string }{
		{"title", `<title>Ferry fares frozen for a year - Femke Janssen</title><meta name="author" content="Femke Janssen">`},
		{"og", `<title>Ferry fares frozen for a year</title><meta property="og:site_name" content="Femke Janssen"><meta name="author" content="Femke Janssen">`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` + tt.head + `</head>
<body><article><h1>Ferry fares frozen for a year</h1>
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>
<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</article></body></html>`
			if a := readOne(t, write(t, dir, "p.html", page)); a.Byline != "Femke Janssen" {
				t.Errorf("Byline %q, want Femke Janssen", a.Byline)
			}
		})
	}
}

// TestMarkdownPlainProse: Markdown that CommonMark renders as plain text
// keeps its words: stars inside or after words are no emphasis, a
// bracketed label before a sentence is no link reference definition.
func TestMarkdownPlainProse(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, body, want string }{
		{"censored", "Strike at the port\n\nBy Ann Lee\n\n\"They can go to h*** and stay there, the s***,\" a docker shouted at the gate on Monday.\n",
			"\"They can go to h*** and stay there, the s***,\" a docker shouted"},
		{"two strong words", "Strike at the port\n\nBy Ann Lee\n\nThe **union** and the __board__ met on Monday, and ~~both~~ sides spoke.\n",
			"The union and the board met on Monday, and both sides spoke."},
		{"bracketed label", "Strike at the port\n\nBy Ann Lee\n\nDockers walked out on Monday over pay.\n\n[Correction]: An earlier version of this story misstated the union's name.\n",
			"An earlier version of this story misstated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if a := readOne(t, write(t, dir, tt.name+".md", tt.body)); !strings.Contains(a.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, a.Text)
			}
		})
	}
}

// TestNonLatinLegacyEncodingRefused: a text in a legacy encoding of
// another script (KOI8-R Russian, GBK Chinese, Shift_JIS Japanese) is
// refused with the reason, not read as Windows-1252 mojibake.
func TestNonLatinLegacyEncodingRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, body string }{
		// "Пожар в ратуше" ... in KOI8-R bytes
		{"koi8r.txt", "\xf0\xcf\xd6\xc1\xd2 \xd7 \xd2\xc1\xd4\xd5\xdb\xc5\n\n\xf0\xcf\xd6\xc1\xd2 \xd5\xce\xc9\xde\xd4\xcf\xd6\xc9\xcc \xd2\xc1\xd4\xd5\xdb\xd5 \xd7 \xd0\xcf\xce\xc5\xc4\xc5\xcc\xd8\xce\xc9\xcb.\n"},
		// "中文新闻" and "日本語" in GBK and Shift_JIS, in an English frame
		{"gbk.txt", "News of the day\n\nThe headline read \xd6\xd0\xce\xc4\xd0\xc2\xce\xc5 on Monday.\n"},
		{"sjis.txt", "News of the day\n\nThe headline read \x93\xfa\x96{\x8c\xea on Monday.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, bad := read(t, ingest.Options{}, write(t, dir, tt.name, tt.body))
			if len(bad) != 1 {
				t.Fatalf("read as %d articles: %q", len(ok), ok[0].Article.Text)
			}
			if err := bad[0].Err.Error(); !strings.Contains(err, "invalid UTF-8") || !strings.Contains(err, "legacy encoding") {
				t.Errorf("error %q gives no reason", err)
			}
		})
	}
}

// TestHTMLPromoIsNoByline: a title-case promo that opens with "By" ("By
// The Numbers") is no byline, and stays out of the text.
func TestHTMLPromoIsNoByline(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry fares frozen for a year</title></head>
<body><div class="promo"><span>By The Numbers</span></div><article><h1>Ferry fares frozen for a year</h1>
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>

<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</article></body></html>`
	if a := readOne(t, write(t, dir, "p.html", page)); a.Byline != "" || strings.HasPrefix(a.Text, "By ") {
		t.Errorf("Byline %q from a subheading (credits %+v) text %q", a.Byline, a.Credits, a.Text)
	}
}

// TestHTMLRelatedStoryByline: the byline of another story in a
// related-stories box (no <aside>) is not this page's byline.
func TestHTMLRelatedStoryByline(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry fares frozen for a year</title></head>
<body><article><h1>Ferry fares frozen for a year</h1>
<p>The board froze ferry fares for a year on Monday, its chair said, in a decision that surprised the union and the commuters of the port alike.</p>
<p>The freeze costs the port two million a year, officials said, and the board will review the decision in the spring.</p>
</article><div class="related"><h3>More news</h3><ul><li><a href="/b">Bridge repairs delayed again</a> <span>By Marta Kovac</span></li></ul></div></body></html>`
	if a := readOne(t, write(t, dir, "p.html", page)); a.Byline != "" {
		t.Errorf("Byline %q from another story's teaser", a.Byline)
	}
}

// TestFrontMatterBadDate: a front matter date that is no calendar day is
// left out, and the article read undated (it was refused as a "line 1:
// date lead" the file does not have).
func TestFrontMatterBadDate(t *testing.T) {
	dir := t.TempDir()
	body := "---\ntitle: Town hall burns\nauthor: Rhiannon Pryce\ndate: 2026-02-30\n---\n\nA fire has gutted the town hall.\n"
	if a := readOne(t, write(t, dir, "front.md", body)); !a.Published.IsZero() || a.Title != "Town hall burns" || a.Byline != "Rhiannon Pryce" {
		t.Errorf("Published %v, Title %q, Byline %q", a.Published, a.Title, a.Byline)
	}
}

// TestFrontMatterTitleAndHeading: a front matter title and the same "#
// Headline" (Hugo and Jekyll posts carry both) give one title, not a title
// line repeated in the text; list items keep their words, not their
// bullets.
func TestFrontMatterTitleAndHeading(t *testing.T) {
	dir := t.TempDir()
	body := "---\ntitle: Town hall burns in Vellerac\n---\n\n# Town hall burns in Vellerac\n\nA fire has gutted the town hall on Monday night.\n\n* The roof collapsed at midnight.\n- Nobody was hurt\n"
	ok, bad := read(t, ingest.Options{}, write(t, dir, "front.md", body))
	if len(ok) != 1 {
		t.Fatalf("%v", bad)
	}
	a := ok[0].Article
	if a.Title != "Town hall burns in Vellerac" || strings.Contains(a.Text, "Town hall burns") || strings.Contains(a.Text, "* ") || strings.Contains(a.Text, "- ") {
		t.Errorf("title %q text %q", a.Title, a.Text)
	}
	for _, w := range []string{"The roof collapsed at midnight.", "Nobody was hurt"} {
		if !strings.Contains(a.Text, w) {
			t.Errorf("text lacks %q: %q", w, a.Text)
		}
	}
	checkSentences(t, a)
}

// BenchmarkMarkdownEmphasisLine times a 800 kB Markdown line full of
// emphasis characters (a scan of it must stay linear).
func BenchmarkMarkdownEmphasisLine(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "stars.md")
	if err := os.WriteFile(p, []byte("Title line here\n\nBy Ann Lee\n\n"+strings.Repeat("a *b _c ", 100000)+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ingest.Read(context.Background(), []string{p}, ingest.Options{}, func(ingest.Item) error { return nil })
	}
}
