package text_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"crlf and blank lines", "a\r\nb\r\n\r\n\r\nc", "a\nb\n\nc"},
		{"spaces folded and lines trimmed", "  one \t two  \n   three ", "one two\nthree"},
		{"nbsp and zero-width", "a\u00a0b\u200bc", "a bc"},
		{"nfc", "e\u0301", "\u00e9"},
		{"invalid utf-8 replaced", "a\xffb", "a\uFFFDb"},
		{"controls dropped", "a\x00b\x07c", "abc"},
		{"paragraph separator", "a\u2029b", "a\n\nb"},
		{"leading and trailing space", "\n\n  x  \n\n", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.Normalize(tt.in); got != tt.want {
				t.Fatalf("Normalize(%q)=%q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func sentences(s string) []string {
	var out []string
	for _, se := range text.Sentences(s) {
		out = append(out, s[se.Span.Start:se.Span.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations", "Mr. Roe met Gen. Alba in St. Louis. They talked.",
			[]string{"Mr. Roe met Gen. Alba in St. Louis.", "They talked."}},
		{"acronym mid-sentence", "It hurt the U.S. economy badly. Prices rose.",
			[]string{"It hurt the U.S. economy badly.", "Prices rose."}},
		{"acronym ends sentence before a starter", "Officials flew to the U.S. The talks begin today.",
			[]string{"Officials flew to the U.S.", "The talks begin today."}},
		{"acronym before a name stays", "She moved to the U.S. Congress last year.",
			[]string{"She moved to the U.S. Congress last year."}},
		{"a state abbreviation ends a sentence before a starter", "He lives in Millbrook, Calif. He is 71. Acme Inc. The firm said no.",
			[]string{"He lives in Millbrook, Calif.", "He is 71.", "Acme Inc.", "The firm said no."}},
		{"a title abbreviation before a starter word stays", "The patrol met Capt. A. Moore and Gen. The Hon. Ada Kerr.",
			[]string{"The patrol met Capt. A. Moore and Gen. The Hon. Ada Kerr."}},
		{"initials", "The report by J. R. Smith was late. It came Monday.",
			[]string{"The report by J. R. Smith was late.", "It came Monday."}},
		{"decimals and money", "Growth was 3.5 percent, or $1.2 billion. Not bad.",
			[]string{"Growth was 3.5 percent, or $1.2 billion.", "Not bad."}},
		{"quote with attribution after question", "“Why does it matter?” he asked. Nobody replied.",
			[]string{"“Why does it matter?” he asked.", "Nobody replied."}},
		{"closing quote after period", "She said: “We will win.” The crowd cheered.",
			[]string{"She said: “We will win.”", "The crowd cheered."}},
		{"straight quotes", `He said "no." Then he left.`,
			[]string{`He said "no."`, "Then he left."}},
		{"mis-spaced closing quote", "It fell within the “usual practice “. Nobody objected.",
			[]string{"It fell within the “usual practice “.", "Nobody objected."}},
		{"glued sentences", "We still have time.Sanctions remain.He left.",
			[]string{"We still have time.", "Sanctions remain.", "He left."}},
		{"glued before acronym", "We still have time.U.S. sanctions remain.",
			[]string{"We still have time.", "U.S. sanctions remain."}},
		{"glued after a number", "The ferry sailed in 2019.The new one sails in May. It is 3.5 metres wider.",
			[]string{"The ferry sailed in 2019.", "The new one sails in May.", "It is 3.5 metres wider."}},
		{"glued after an acronym", "Fares rose in the U.K.The board met. The U.S.Navy came.",
			[]string{"Fares rose in the U.K.", "The board met.", "The U.S.Navy came."}},
		{"glued opening straight quote", `The fire was contained."We are lucky", he said. He said "no."Then he left.`,
			[]string{"The fire was contained.", `"We are lucky", he said.`, `He said "no."`, "Then he left."}},
		{"glued closing single quote after an apostrophe", `'I don't know.'He left.`,
			[]string{`'I don't know.'`, "He left."}},
		{"closing quote of a quote of two sentences", `"We lost power. We lost water."Then the crews came.`,
			[]string{`"We lost power.`, `We lost water."`, "Then the crews came."}},
		{"glued before a one-letter word", "Locals are terrified.A supermarket closed. We stayed home.I think so.",
			[]string{"Locals are terrified.", "A supermarket closed.", "We stayed home.", "I think so."}},
		{"glued one-letter word before a name or acronym stays", "He backed plan.A Team and the file.I AM list. He read J.R.R.Tolkien in version 2.A of the app.",
			[]string{"He backed plan.A Team and the file.I AM list.", "He read J.R.R.Tolkien in version 2.A of the app."}},
		{"acronyms ending in I or A", "The F.B.I. director met C.I.A. analysts on Monday.",
			[]string{"The F.B.I. director met C.I.A. analysts on Monday."}},
		{"domain names stay", "Visit example.com for more. Thanks.",
			[]string{"Visit example.com for more.", "Thanks."}},
		{"paragraph break always ends", "No period here\n\nNext paragraph.",
			[]string{"No period here", "Next paragraph."}},
		{"short header line", "Breaking News\nThe river rose overnight.",
			[]string{"Breaking News", "The river rose overnight."}},
		{"hard-wrapped long line runs on", "The minister said on Tuesday that the budget would be presented\nNext week in parliament.",
			[]string{"The minister said on Tuesday that the budget would be presented\nNext week in parliament."}},
		{"ellipsis", "We waited… Then it came.", []string{"We waited…", "Then it came."}},
		{"lowercase after period keeps", "The ship, i.e. the ferry, sank.", []string{"The ship, i.e. the ferry, sank."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentences(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentencesParagraphIndex(t *testing.T) {
	s := "One. Two.\n\nThree."
	got := text.Sentences(s)
	if len(got) != 3 {
		t.Fatalf("got %d sentences, want 3", len(got))
	}
	for i, want := range []int{0, 0, 1} {
		if got[i].Para != want {
			t.Fatalf("sentence %d Para=%d, want %d", i, got[i].Para, want)
		}
	}
}

func TestTokenize(t *testing.T) {
	s := "Trump’s re-elected team spent $10,000.50 (3.5%) on U.S. ads — don't ask."
	var got []string
	for _, tok := range text.Tokenize(s) {
		if s[tok.Span.Start:tok.Span.End] != tok.Text {
			t.Fatalf("token %q does not slice back: %q", tok.Text, s[tok.Span.Start:tok.Span.End])
		}
		got = append(got, tok.Lower)
	}
	want := "trump's re-elected team spent 10,000.50 3.5 on u s ads don't ask"
	if strings.Join(got, " ") != want {
		t.Fatalf("Tokenize=%q, want %q", strings.Join(got, " "), want)
	}
}

func TestContentWordsAndStem(t *testing.T) {
	if got, want := strings.Join(text.ContentWords("The minister said they would resign"), " "), "minister resign"; got != want {
		t.Fatalf("ContentWords=%q, want %q", got, want)
	}
	for in, want := range map[string]string{"elections": "elect", "running": "run", "2016": "2016", "us": "us"} {
		if got := text.Stem(in); got != want {
			t.Fatalf("Stem(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The government announced on Tuesday that the new bridge would open next spring after years of delays.", "en"},
		{"Le gouvernement a annoncé mardi que le nouveau pont ouvrirait au printemps prochain après des années de retard.", "fr"},
		{"Die Regierung kündigte am Dienstag an, dass die neue Brücke nach jahrelangen Verzögerungen im nächsten Frühjahr eröffnet wird.", "de"},
		{"too short", ""},
	}
	for _, tt := range tests {
		if got := text.DetectLang(tt.in); got != tt.want {
			t.Fatalf("DetectLang(%q)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSeedSentences segments the real seed articles and checks that every
// span slices back to trimmed text inside its paragraph.
func TestSeedSentences(t *testing.T) {
	dir := shared.Require(t, "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skip("skipping: no seed files in " + dir)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := text.Normalize(string(b))
		ss := text.Sentences(s)
		if len(ss) < 10 {
			t.Fatalf("%s: %d sentences, want at least 10", f, len(ss))
		}
		prev := 0
		for _, se := range ss {
			if !se.Span.Valid(len(s)) || se.Span.Start < prev {
				t.Fatalf("%s: span %v out of order or bounds", f, se.Span)
			}
			got := s[se.Span.Start:se.Span.End]
			if got != strings.TrimSpace(got) || strings.Contains(got, "\n\n") {
				t.Fatalf("%s: sentence %q is not trimmed or crosses a paragraph", f, got)
			}
			prev = se.Span.End
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Mr. A met B. Then “why?” he asked.\n\nNew para.", "time.U.S. x", "“a “. b", "…", "\xff."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<16 {
			return
		}
		s := text.Normalize(in)
		if !utf8.ValidString(s) {
			t.Fatalf("Normalize produced invalid UTF-8")
		}
		if text.Normalize(s) != s {
			t.Fatalf("Normalize is not idempotent on %q", in)
		}
		prev := 0
		for _, se := range text.Sentences(s) {
			if !se.Span.Valid(len(s)) || se.Span.Start < prev || se.Span.Len() == 0 {
				t.Fatalf("bad span %v (prev end %d) in %q", se.Span, prev, s)
			}
			prev = se.Span.End
		}
		prev = 0
		for _, tok := range text.Tokenize(s) {
			if !tok.Span.Valid(len(s)) || tok.Span.Start < prev || s[tok.Span.Start:tok.Span.End] != tok.Text {
				t.Fatalf("bad token %+v in %q", tok, s)
			}
			prev = tok.Span.End
		}
	})
}

func TestUSSpelling(t *testing.T) {
	for _, tt := range [][2]string{
		{"colour", "color"}, {"coloured", "colored"}, {"favourite", "favorite"}, {"criticised", "criticized"},
		{"organisation", "organization"}, {"analysed", "analyzed"}, {"centre", "center"}, {"theatres", "theaters"},
		{"catalogue", "catalog"}, {"defence", "defense"}, {"travelled", "traveled"}, {"programme", "program"},
		{"color", "color"}, {"rise", "rise"}, {"four", "four"}, {"hour", "hour"}, {"our", "our"}, {"said", "said"},
	} {
		if got := text.USSpelling(tt[0]); got != tt[1] {
			t.Errorf("USSpelling(%q) = %q, want %q", tt[0], got, tt[1])
		}
	}
	// Both spellings of a remark's words share their stems.
	for _, p := range [][2]string{{"criticised", "criticized"}, {"colour", "color"}, {"centres", "centers"}, {"labour", "labor"}} {
		if a, b := text.Stem(text.USSpelling(p[0])), text.Stem(text.USSpelling(p[1])); a != b {
			t.Errorf("stems %q (%s) and %q (%s) differ", a, p[0], b, p[1])
		}
	}
}
