package quote_test

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

func extractOne(s string) (*news.Article, []news.Quote) {
	a := &news.Article{ID: 7, Text: text.Normalize(s)}
	return a, quote.Extract(a)
}

// TestDashBulletsAreNoDialogue: English news prints lists of facts
// as paragraphs that open with a dash ("Here is what we know: — The
// storm damaged 300 homes, closed the airport …"). A list item with a
// past-tense verb after a comma is no dash dialogue: it holds no quote.
func TestDashBulletsAreNoDialogue(t *testing.T) {
	for _, in := range []string{
		"Here is what we know so far:\n\n— The storm damaged 300 homes, closed the airport and knocked out power to 20,000 people.\n\n— Schools stay shut, the council said.",
		"Key facts:\n\n— Police arrested two men, charged the older one and released the other.\n\n— The road reopened on Monday.",
		"Timeline:\n\n— 1998, founded Brenton Museum.\n\n— 2004, opened the east wing, expanded the collection.",
	} {
		_, qs := extractOne(in)
		for _, q := range qs {
			if q.Direct {
				t.Errorf("%q: direct quote %q (speaker %q)", in[:20], q.Text, q.SpeakerName)
			}
		}
	}
}

// TestAgeNounNeedsTheAge: "the 54-year-old said" means the person
// the text gives that age; when the text names two people and gives the
// age to the one named first, the speaker is that one, and when it gives
// no age at all, the speaker is unknown rather than the last person named.
func TestAgeNounNeedsTheAge(t *testing.T) {
	for _, tt := range []struct{ in, bad string }{
		{`Karl Voss, 54, was charged. His neighbour Tina Holm, 38, called police. "I did nothing wrong," the 54-year-old said.`, "Tina Holm"},
		{`Tina Holm, 38, called police after Karl Voss, 54, threatened her. "I did nothing wrong," the 54-year-old said.`, "Tina Holm"},
		{`Karl Voss met Tina Holm on Friday. "It was a fair deal," the 54-year-old said.`, "Karl Voss"},
	} {
		_, qs := extractOne(tt.in)
		for _, q := range qs {
			if q.Direct && q.SpeakerName == tt.bad {
				t.Errorf("%q: speaker %q", tt.in, q.SpeakerName)
			}
		}
	}
}

// TestAgeNounSubjectIsNoCue: "The 54-year-old said nothing in
// court" reports no speech: "nothing" is no quotation.
func TestAgeNounSubjectIsNoCue(t *testing.T) {
	_, qs := extractOne("The 54-year-old said nothing in court. His lawyer asked for bail.")
	for _, q := range qs {
		if strings.Contains(q.Text, "nothing") {
			t.Errorf("quote %q (speaker %q)", q.Text, q.SpeakerName)
		}
	}
}

// TestSpokesmanForAfterQuote: "“…,” a spokesman for the club said"
// names its speaker; the quote must not take the speaker of the quote
// before or after it.
func TestSpokesmanForAfterQuote(t *testing.T) {
	for _, tt := range []struct{ in, quote, bad string }{
		{`"We have no further comment," a spokesman for the club said. "I am very disappointed," said captain Lee Barr.`, "We have no further comment,", "Lee Barr"},
		{`"It is good news," said Karl Voss. "It is long overdue," a spokeswoman for Brenton police said.`, "It is long overdue,", "Karl Voss"},
		{`"It is good news," said Karl Voss. "It is long overdue," an aide to the mayor said.`, "It is long overdue,", "Karl Voss"},
	} {
		_, qs := extractOne(tt.in)
		for _, q := range qs {
			if q.Text == tt.quote && q.SpeakerName == tt.bad {
				t.Errorf("%q: speaker %q", tt.in, q.SpeakerName)
			}
		}
	}
}

// TestColonSubjectPossessive: "Ana Pell's family released a
// statement: “…”" quotes the family, not Ana Pell (in an obituary, the
// dead woman). colonSubject takes the name that only modifies the subject.
func TestColonSubjectPossessive(t *testing.T) {
	for _, tt := range []struct{ in, bad string }{
		{"Ana Pell, the founder of the Brenton Museum, died on Monday aged 84. Ana Pell's family released a statement: “She was the heart of this town.”", "Ana Pell"},
		{"Prime Minister Jon Rask's office issued a statement: “The talks will continue.”", "Jon Rask"},
	} {
		_, qs := extractOne(tt.in)
		for _, q := range qs {
			if q.Direct && q.SpeakerName == tt.bad {
				t.Errorf("%q: speaker %q", tt.in, q.SpeakerName)
			}
		}
	}
}

// TestCameFromIsNoAttribution: "The money came from …", "The
// winning goal came from …" tell where a thing came from, not who spoke
// the quote before them; only a remark noun ("The words came from …")
// names a source.
func TestCameFromIsNoAttribution(t *testing.T) {
	for _, tt := range []struct{ in, bad string }{
		{"Director Ana Pell said the museum would reopen in May. “We will rebuild every room.” The money came from the Kessel Foundation, which gave 2 million.", "Kessel Foundation"},
		{"Director Ana Pell thanked the donors. “Without them we would have closed.” The largest gift came from Jon Hale, a retired banker.", "Jon Hale"},
		{"Coach Ivo Kral was delighted. “That was our best game.” The winning goal came from striker Ivo Sand in the 89th minute.", "Ivo Sand"},
	} {
		_, qs := extractOne(tt.in)
		for _, q := range qs {
			if q.Direct && q.SpeakerName == tt.bad {
				t.Errorf("%q: speaker %q", tt.in, q.SpeakerName)
			}
		}
	}
}
