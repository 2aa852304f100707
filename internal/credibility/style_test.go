package credibility_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/credibility"
	"github.com/crosscheck-news/crosscheck/internal/learn"
	"github.com/crosscheck-news/crosscheck/internal/news"
)

// feature returns the named style feature of a.
func feature(t *testing.T, a *news.Article, name string) credibility.StyleFeature {
	t.Helper()
	for _, f := range credibility.StyleFeatures(a) {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no style feature %q", name)
	return credibility.StyleFeature{}
}

const shouty = `You won't believe what THEY did! This is the worst scandal ever, and I am furious.

We have seen the documents and you should share this everywhere. It is SHOCKING! Could it be a cover-up? Perhaps.

Click here and share before it is deleted!`

const sober = `The harbour authority approved a 12 million euro budget for dredging on Tuesday, its chairman said.

"The work will start in May and last about six weeks," chairman Pieter Vos told reporters after the vote.

According to the authority, 340,000 cubic metres of silt will be removed from the main channel.`

func TestStyleFeatures(t *testing.T) {
	loud := art(t, 1, "", "SHOCKING: You Won't Believe This!", shouty, tue)
	calm := art(t, 2, "", "Harbour authority approves dredging budget", sober, tue)
	tests := []struct {
		name      string
		a         *news.Article
		feature   string
		want      float64
		spans     int    // span count, -1: not checked
		firstSpan string // the text of the first span, "" not checked
	}{
		{"title words", loud, "title_words", 5, 0, ""},
		{"title exclamation", loud, "title_exclamation", 1, 0, ""},
		{"no title question", loud, "title_question", 0, 0, ""},
		{"title shouted word", loud, "title_allcaps_words", 1, 0, ""},
		{"body shouted words are spans", loud, "allcaps_words_per_100", -1, 2, "THEY"},
		{"exclamation marks are spans", loud, "exclamations_per_sentence", -1, 3, "!"},
		{"first person singular", loud, "first_person_singular_per_100", -1, 1, "I"},
		{"first person plural", loud, "first_person_plural_per_100", -1, 1, "We"},
		{"second person", loud, "second_person_per_100", -1, 2, "You"},
		{"superlatives", loud, "superlatives_per_100", -1, 2, "worst"},
		{"hedges", loud, "hedges_per_100", -1, 3, "believe"},
		{"subjective words", loud, "subjective_words_per_100", -1, 3, "scandal"},
		{"web words", loud, "web_words_per_100", -1, 3, "share"},
		{"no quotes in the rant", loud, "quotes_per_100", 0, 0, ""},
		{"quotes are spans", calm, "quotes_per_100", -1, 2, `"`},
		{"attributions", calm, "attributions_per_100", -1, 3, "said"},
		{"title without number", calm, "title_number", 0, 0, ""},
		{"no pronouns in the report", calm, "second_person_per_100", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := feature(t, tt.a, tt.feature)
			if tt.want >= 0 && f.Value != tt.want {
				t.Fatalf("%s=%v, want %v", tt.feature, f.Value, tt.want)
			}
			if tt.spans >= 0 && len(f.Spans) != tt.spans {
				var got []string
				for _, s := range f.Spans {
					got = append(got, s.Slice(tt.a.Text))
				}
				t.Fatalf("%s spans %q, want %d", tt.feature, got, tt.spans)
			}
			if tt.firstSpan != "" {
				if got := f.Spans[0].Slice(tt.a.Text); got != tt.firstSpan {
					t.Fatalf("%s first span %q, want %q", tt.feature, got, tt.firstSpan)
				}
			}
		})
	}
	// Rates, not counts: the report uses more attribution per 100 words,
	// the rant more exclamation per sentence and shorter words.
	if l, c := feature(t, loud, "attributions_per_100").Value, feature(t, calm, "attributions_per_100").Value; !(c > l) {
		t.Errorf("attributions per 100: rant %v, report %v", l, c)
	}
	if l, c := feature(t, loud, "numbers_per_100").Value, feature(t, calm, "numbers_per_100").Value; !(c > l) {
		t.Errorf("numbers per 100: rant %v, report %v", l, c)
	}
	if l, c := feature(t, loud, "mean_word_length").Value, feature(t, calm, "mean_word_length").Value; !(c > l) {
		t.Errorf("mean word length: rant %v, report %v", l, c)
	}
	if ttr := feature(t, calm, "type_token_ratio").Value; ttr <= 0.5 || ttr > 1 {
		t.Errorf("type-token ratio %v, want in (0.5, 1]", ttr)
	}
	// Every feature is measured, even on a one-word article.
	tiny := &news.Article{Text: "Hello."}
	if got, want := len(credibility.StyleFeatures(tiny)), len(credibility.StyleFeatureNames()); got != want {
		t.Fatalf("%d features, want %d", got, want)
	}
}

// corpus builds labelled articles from variations of the two styles.
func styleCorpus(t *testing.T, words bool) ([]credibility.StyleRow, []bool) {
	t.Helper()
	var rows []credibility.StyleRow
	var fake []bool
	for i := range 30 {
		l := art(t, int64(2*i+1), "", fmt.Sprintf("SHOCKING: They Did It Again %d!", i), strings.Repeat(shouty+"\n\n", 1+i%3), tue)
		c := art(t, int64(2*i+2), "", fmt.Sprintf("Harbour authority approves budget number %d", i), strings.Repeat(sober+"\n\n", 1+i%3), tue)
		rows = append(rows, credibility.NewStyleRow(l, words), credibility.NewStyleRow(c, words))
		fake = append(fake, true, false)
	}
	return rows, fake
}

func TestStyleModel(t *testing.T) {
	for _, words := range []bool{false, true} {
		t.Run(fmt.Sprintf("words=%v", words), func(t *testing.T) {
			rows, fake := styleCorpus(t, words)
			p := credibility.DefaultStyleParams
			p.Words = words
			m, err := credibility.TrainStyle(rows, fake, p)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				if got := m.Prob(r) >= 0.5; got != fake[i] {
					t.Fatalf("row %d: fake-like %v, want %v", i, got, fake[i])
				}
			}
			m2, err := credibility.TrainStyle(rows, fake, p)
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			if err := m.Save(&a); err != nil {
				t.Fatal(err)
			}
			if err := m2.Save(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("training twice gave different model files")
			}
			back, err := credibility.LoadStyleModel(bytes.NewReader(a.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := back.Margin(rows[0]), m.Margin(rows[0]); fmt.Sprintf("%.4f", got) != fmt.Sprintf("%.4f", want) {
				t.Fatalf("margin after reload %v, want %v", got, want)
			}
			// The verdict comes with the features that made it.
			p0, ev := m.Explain(rows[0], 3)
			if p0 < 0.5 || len(ev) == 0 {
				t.Fatalf("explain: p=%v evidence %v", p0, ev)
			}
			for _, e := range ev {
				if e.Push <= 0 {
					t.Errorf("evidence %+v pushes away from the verdict", e)
				}
			}
		})
	}
	if _, err := credibility.TrainStyle(nil, nil, credibility.DefaultStyleParams); err == nil {
		t.Error("training on no rows: no error")
	}
}

func TestLoadStyleModelErrors(t *testing.T) {
	rows, fake := styleCorpus(t, true)
	m, err := credibility.TrainStyle(rows, fake, credibility.DefaultStyleParams)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x55
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "wrong magic"},
		{"json", []byte(`{"version":1}`), "wrong magic"},
		{"other model kind", append([]byte("XCSTANCE"), good[8:]...), "wrong magic"},
		{"truncated", good[:len(good)-10], "truncated or padded"},
		{"flipped byte", flipped, "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := credibility.LoadStyleModel(bytes.NewReader(tt.data))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, learn.ErrCorrupt) || !strings.Contains(err.Error(), "style model") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q: want a corrupt style model error about %q", err, tt.want)
			}
		})
	}
}

func TestShippedStyleModel(t *testing.T) {
	m := credibility.DefaultStyleModel()
	loud := art(t, 1, "", "SHOCKING: You Won't Believe This!", strings.Repeat(shouty+"\n\n", 3), tue)
	as := &credibility.Assessor{Style: m}
	r := as.Assess(credibility.Input{Article: loud})
	s := find(r, credibility.SignalWritingStyle)
	if s == nil {
		t.Fatalf("no writing_style signal in %+v", r.Signals)
	}
	if r.Signals[len(r.Signals)-1].Type != credibility.SignalWritingStyle {
		t.Errorf("writing_style is not listed last: %+v", r.Signals)
	}
	if s.Value <= 0 || s.Contribution <= 0 || s.Contribution > credibility.Weights[credibility.SignalWritingStyle] {
		t.Errorf("value %v contribution %v", s.Value, s.Contribution)
	}
	if !strings.Contains(s.Explanation, "fake articles") || !strings.Contains(s.Explanation, "mostly for its") {
		t.Errorf("explanation %q names no features", s.Explanation)
	}
	for _, sp := range s.Spans {
		if sp.Start < 0 || sp.End > len(loud.Text) || sp.Start >= sp.End {
			t.Fatalf("span %+v outside the text", sp)
		}
	}
	// Too short to judge: no signal.
	short := art(t, 2, "", "Short", "Just a line.", tue)
	if s := find(as.Assess(credibility.Input{Article: short}), credibility.SignalWritingStyle); s != nil {
		t.Errorf("a one-line article got %+v", s)
	}
	// Without a model, no signal.
	if s := find((&credibility.Assessor{}).Assess(credibility.Input{Article: loud}), credibility.SignalWritingStyle); s != nil {
		t.Errorf("no model, yet %+v", s)
	}
}

// BenchmarkStyle measures and explains a 1,200-word article with the
// shipped model.
func BenchmarkStyle(b *testing.B) {
	a := &news.Article{Title: "Harbour authority approves dredging budget", Text: strings.Repeat(sober+"\n\n"+shouty+"\n\n", 10)}
	m := credibility.DefaultStyleModel()
	for b.Loop() {
		m.Explain(credibility.NewStyleRow(a, m.Words), 4)
	}
}
