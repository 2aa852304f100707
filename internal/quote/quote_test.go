package quote_test

import (
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/quote"
	"github.com/crosscheck-news/crosscheck/internal/text"
)

// want is one expected quote. Empty fields are not checked, except that a
// want with speaker "-" expects no speaker.
type want struct {
	text    string // the quote's Text
	direct  bool
	cue     string
	speaker string // the speaker mention as written
	name    string // SpeakerName
	key     string // SpeakerKey
}

func extract(s string) (*news.Article, []news.Quote) {
	a := &news.Article{ID: 7, Text: text.Normalize(s)}
	return a, quote.Extract(a)
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{
			name: "curly quotes, cue and name after",
			in:   `“We will not reopen the berth until every crane has been inspected,” said Elena Marsh, the port's director.`,
			want: []want{{text: "We will not reopen the berth until every crane has been inspected,", direct: true, cue: "said", speaker: "Elena Marsh, the port's director", name: "Elena Marsh", key: "elena marsh"}},
		},
		{
			name: "a broadcaster's name set off by commas before tells us",
			in:   `One of them, lorry driver Stefan Aalto, tells us he was in the café on the upper deck.`,
			want: []want{{text: "he was in the café on the upper deck", cue: "tells", name: "Stefan Aalto", key: "stefan aalto"}},
		},
		{
			name: "he is the name set off after a role subject, not the company before",
			in:   `The company Marren Lines affirms that the ferry left on time. A survivor, the truck driver Stefan Aalto, was in the bar of the upper bridge. «There was a bang from below», he told.`,
			want: []want{{text: "that the ferry left on time", cue: "affirms", name: "Marren Lines"}, {text: "There was a bang from below", direct: true, cue: "told", speaker: "he", name: "Stefan Aalto", key: "stefan aalto"}},
		},
		{
			name: "a translation's confided, after spaced guillemets",
			in:   `The mayor Amélie Roussel watched the roof fall. « It is the heart of the town that has burned tonight », she confided.`,
			want: []want{{text: "It is the heart of the town that has burned tonight", direct: true, cue: "confided", speaker: "she", name: "Amélie Roussel"}},
		},
		{
			name: "a name set off before said, then a clause of its own subject",
			in:   `Residents were taken to a sports hall. One of them, retired teacher Glenys Fairweather, said she had left with her cat. ‘I have seen floods before, but never this fast,’ she said.`,
			want: []want{{text: "she had left with her cat", cue: "said", name: "Glenys Fairweather"}, {text: "I have seen floods before, but never this fast,", direct: true, cue: "said", speaker: "she", name: "Glenys Fairweather"}},
		},
		{
			name: "a pronoun after said that ends the sentence is still its speaker",
			in:   `The bridge will stay closed until Friday, said he.`,
			want: []want{{text: "The bridge will stay closed until Friday", cue: "said", speaker: "he"}},
		},
		{
			name: "a plural's apostrophe inside British single quotes",
			in:   `'It's the lads' day and the fans' day,' said coach Tom Reid. 'We won't forget it.'`,
			want: []want{{text: "It's the lads' day and the fans' day,", direct: true, cue: "said", name: "Tom Reid"}, {text: "We won't forget it.", direct: true, name: "Tom Reid"}},
		},
		{
			name: "a single quote that closes after an s without punctuation",
			in:   `'They broke the rules' claims the report, 'and they knew it.'`,
			want: []want{{text: "They broke the rules", direct: true}, {text: "and they knew it.", direct: true}},
		},
		{
			name: "the noun phrase before a place speaks",
			in:   `The prosecutor's office in Agen said it had opened an inquiry into the fire.`,
			want: []want{{text: "it had opened an inquiry into the fire", cue: "said", speaker: "The prosecutor's office in Agen"}},
		},
		{
			name: "a cue with itself after it is an event",
			in:   `The fire declared itself a little before midnight in the roof of the old town hall.`,
			want: nil,
		},
		{
			name: "an estimated number is no cue",
			in:   `Brenmark closed its airports on Tuesday, stranding an estimated 40,000 travellers on the busiest week of the holidays.`,
			want: nil,
		},
		{
			name: "a translation's organisation before its chief's name",
			in:   `The hospital group Medora Health was attacked. "We are deeply sorry," said the chief of Medora Hendrik Bosman in a video. Medora declared it will not pay.`,
			want: []want{{text: "We are deeply sorry,", direct: true, cue: "said", name: "Hendrik Bosman", key: "hendrik bosman"}, {text: "it will not pay", cue: "declared", name: "Medora Health"}},
		},
		{
			name: "a junior keeps his father's first name",
			in:   `Donald Trump spoke first. "We will win," said Donald Trump Jr on Monday.`,
			want: []want{{text: "We will win,", direct: true, cue: "said", name: "Donald Trump Jr"}},
		},
		{
			name: "whom tells tells it to is no speaker",
			in:   `The harbour was closed for a week, tells us the port's director.`,
			want: nil,
		},
		{
			name: "nobody says nothing",
			in:   `Nobody knows why the boat went over in calm water.`,
			want: nil,
		},
		{
			name: "a relative clause about the company in the apposition",
			in:   `Ada Kowal, head of Linden Shipping, which runs the berth, told reporters at the gates that the port would reopen within a week.`,
			want: []want{{text: "that the port would reopen within a week", cue: "told", name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "a relative clause about the subject",
			in:   `Linden Shipping, which runs the berth, said the port would reopen within a week.`,
			want: []want{{text: "the port would reopen within a week", cue: "said", name: "Linden Shipping"}},
		},
		{
			name: "a plural possessive in the subject of a second verb",
			in:   `Crane drivers' leader Ada Kowal walked out of the talks and told the port that the berth would stay shut.`,
			want: []want{{text: "that the berth would stay shut", cue: "told", name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "a perfect before the cue, as translations keep it",
			in:   `“The berth will stay closed until every crane is checked,” has declared the director Ada Kowal.`,
			want: []want{{text: "The berth will stay closed until every crane is checked,", direct: true, cue: "declared", name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "verb object as quote",
			in:   `Elena Marsh ranked the new berth as a “monument to bad planning and worse luck” on Monday.`,
			want: []want{{text: "the new berth as a “monument to bad planning and worse luck", direct: true}},
		},
		{
			name: "two words before a title before the name, after the quote",
			in:   `“The berth stays shut,” harbour safety director Ada Kowal told reporters at the gates.`,
			want: []want{{text: "The berth stays shut,", direct: true, cue: "told", speaker: "harbour safety director Ada Kowal", name: "Ada Kowal"}},
		},
		{
			name: "role then name in apposition, after the quote",
			in:   `“The berth stays shut,” the port's director, Ada Kowal, told reporters outside the gates.`,
			want: []want{{text: "The berth stays shut,", direct: true, cue: "told", speaker: "Ada Kowal", name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "cue, role and name in apposition",
			in:   `“The berth stays shut,” declared the director of the port, Ada Kowal, to journalists.`,
			want: []want{{text: "The berth stays shut,", direct: true, cue: "declared", speaker: "Ada Kowal", name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "a thing that will add is not a speaker",
			in:   `The new terminal will add four berths and is expected to open in 2028.`,
			want: nil,
		},
		{
			name: "call object quote",
			in:   `Tom Reyes spoke for an hour, calling the port authority “a club of friends who never listen”.`,
			want: []want{{text: "the port authority “a club of friends who never listen", direct: true}},
		},
		{
			name: "relative clause of call after a preposition",
			in:   `The union will vote on what it calls “a fair deal for every crane driver in the port.”`,
			want: []want{{text: "what it calls “a fair deal for every crane driver in the port.", direct: true, cue: "calls", speaker: "it"}},
		},
		{
			name: "relative clause of call after a comma",
			in:   `The board passed the plan, which Ada Kowal called “a gift to the shipping lines.”`,
			want: []want{{text: "which Ada Kowal called “a gift to the shipping lines.", direct: true, cue: "called", speaker: "Ada Kowal"}},
		},
		{
			name: "denounce introduces the relative clause",
			in:   `The union is denouncing what it calls “the worst safety record on the coast.”`,
			want: []want{{text: "what it calls “the worst safety record on the coast.", direct: true, cue: "denouncing", speaker: "The union"}},
		},
		{
			name: "condemn is a reporting verb",
			in:   `Ada Kowal condemned what she called “a reckless gamble with the lives of the crews.”`,
			want: []want{{text: "what she called “a reckless gamble with the lives of the crews.", direct: true, cue: "condemned", speaker: "Ada Kowal"}},
		},
		{
			name: "express is a reporting verb",
			in:   `Tom Reyes expressed hope that the berth would reopen soon.`,
			want: []want{{text: "that the berth would reopen soon", cue: "expressed", speaker: "Tom Reyes"}},
		},
		{
			name: "quote object of a past-tense verb stands alone",
			in:   `In a long letter, Elena Marsh admired “the calm work of the night crews during the storm.”`,
			want: []want{{text: "the calm work of the night crews during the storm.", direct: true}},
		},
		{
			name: "short quote after call and a pronoun object",
			in:   `Tom Reyes left the room, calling him a “sore loser.”`,
			want: []want{{text: "him a “sore loser.", direct: true}},
		},
		{
			name: "short quote after call and a name object",
			in:   `The mayor has long called Reyes a “sore loser.”`,
			want: []want{{text: "Reyes a “sore loser.", direct: true}},
		},
		{
			name: "short quote after call and an article stays in the reported clause",
			in:   `Tom Reyes called a “snap vote” on the plan.`,
			want: []want{{text: "a “snap vote” on the plan", direct: false, cue: "called", speaker: "Tom Reyes"}},
		},
		{
			name: "attribute values of markup are no quotes",
			in:   "<tweet author=\"the harbour desk of the Linden daily\" id=\"1234567\">The berth is closed today.</tweet>\n\n“We will reopen the berth on Monday,” Elena Marsh said.",
			want: []want{{text: "We will reopen the berth on Monday,", direct: true, cue: "said", speaker: "Elena Marsh"}},
		},
		{
			name: "quotation after a preposition with no cue",
			in:   `The crew was sent into “a small room with no windows at all” for the night.`,
			want: nil,
		},
		{
			name: "list of quotations joined by and",
			in:   `Tom Reyes ranked the port authority as a “club of friends who never listen” and a “closed shop” last year.`,
			want: []want{{text: "the port authority as a “club of friends who never listen” and a “closed shop", direct: true}},
		},
		{
			name: "clause quote takes the words ending its sentence",
			in:   `Tom Reyes: the port needs to ‘stop pretending the cranes are fine’ this winter.`,
			want: []want{{text: "the port needs to ‘stop pretending the cranes are fine’ this winter", direct: true}},
		},
		{
			name: "straight quotes, name then cue",
			in:   `"The cranes are old," Tom Reyes told reporters on Monday.`,
			want: []want{{text: "The cranes are old,", direct: true, cue: "told", speaker: "Tom Reyes", key: "tom reyes"}},
		},
		{
			name: "cue before with a colon",
			in:   `The mayor of Linden, Ada Kowal, added: “We owe the families an answer.”`,
			want: []want{{text: "We owe the families an answer.", direct: true, cue: "added", speaker: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "single quotes",
			in:   `‘It was a long night for everyone,’ said Tom Reyes.`,
			want: []want{{text: "It was a long night for everyone,", direct: true, cue: "said", key: "tom reyes"}},
		},
		{
			name: "guillemets",
			in:   `«Nous rouvrirons le port demain», a dit Elena Marsh. Elena Marsh said so again on Tuesday.`,
			want: []want{{text: "Nous rouvrirons le port demain", direct: true}},
		},
		{
			name: "German low-high quotes",
			in:   `„Wir öffnen den Hafen morgen wieder“, sagte Elena Marsh.`,
			want: []want{{text: "Wir öffnen den Hafen morgen wieder", direct: true}},
		},
		{
			name: "doubled apostrophes",
			in:   `Mr. Reyes said the delay was ''a failure of the whole system, from the top down.''`,
			want: []want{{direct: false, cue: "said", speaker: "Mr. Reyes"}},
		},
		{
			name: "nested quotes stay inside",
			in:   `“He told me ‘never again’ and walked away from the crane,” Elena Marsh said.`,
			want: []want{{text: "He told me ‘never again’ and walked away from the crane,", direct: true, key: "elena marsh"}},
		},
		{
			name: "nested straight inside curly",
			in:   `“The sign said "keep out" and nobody listened to it,” Tom Reyes said.`,
			want: []want{{text: `The sign said "keep out" and nobody listened to it,`, direct: true, key: "tom reyes"}},
		},
		{
			name: "quote over two paragraphs",
			in:   "Elena Marsh spoke to the crews at dawn.\n\n“We lost two cranes and nearly lost a man. Nobody here will forget it.\n\n“But the berth will reopen when it is safe,” she said.",
			want: []want{{text: "We lost two cranes and nearly lost a man. Nobody here will forget it. But the berth will reopen when it is safe,", direct: true, cue: "said", speaker: "she", name: "Elena Marsh"}},
		},
		{
			name: "mis-spaced closing mark",
			in:   `Elena Marsh said: “The inspection followed our usual practice “.`,
			want: []want{{text: "The inspection followed our usual practice", direct: true, key: "elena marsh"}},
		},
		{
			name: "scare quote inside reported speech",
			in:   `Mayor Ada Kowal ruled that the charges were “invented” by her rivals.`,
			want: []want{{text: "that the charges were “invented” by her rivals", direct: false, cue: "ruled", speaker: "Mayor Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "short scare quote alone is not a quote",
			in:   `The so-called “safety plan” was never published.`,
			want: nil,
		},
		{
			name: "reported speech with that",
			in:   `Elena Marsh said on Tuesday that the berth would reopen in May.`,
			want: []want{{text: "that the berth would reopen in May", direct: false, cue: "said", speaker: "Elena Marsh"}},
		},
		{
			name: "reported speech after the clause",
			in:   `The cranes had not been inspected for three years, Tom Reyes said.`,
			want: []want{{text: "The cranes had not been inspected for three years", direct: false, cue: "said", speaker: "Tom Reyes"}},
		},
		{
			name: "according to before",
			in:   `According to the harbour master, the wind reached 90 km/h that night.`,
			want: []want{{text: "the wind reached 90 km/h that night", direct: false, cue: "According to", speaker: "the harbour master"}},
		},
		{
			name: "according to after",
			in:   `The wind reached 90 km/h that night, according to Tom Reyes.`,
			want: []want{{text: "The wind reached 90 km/h that night", direct: false, cue: "according to", speaker: "Tom Reyes"}},
		},
		{
			name: "told with an addressee",
			in:   `Tom Reyes told reporters the inspection would take a week.`,
			want: []want{{text: "the inspection would take a week", direct: false, cue: "told", speaker: "Tom Reyes"}},
		},
		{
			name: "pronoun resolves to the last person",
			in:   "Elena Marsh, the port's director, visited the berth on Monday.\n\n“Nobody will work here until the cranes are checked,” she added.",
			want: []want{{direct: true, cue: "added", speaker: "she", name: "Elena Marsh", key: "elena marsh"}},
		},
		{
			name: "pronoun skips a person of the other gender",
			in:   "Elena Marsh met Tom Reyes at the berth.\n\n“We will find out what happened to those cranes,” she said.",
			want: []want{{speaker: "she", name: "Elena Marsh"}},
		},
		{
			name: "role resolves through an appositive",
			in:   "Elena Marsh, the port's director, arrived at noon. Tom Reyes came later.\n\n“The berth stays closed until every crane is checked,” the port's director said.",
			want: []want{{speaker: "the port's director", name: "Elena Marsh", key: "elena marsh"}},
		},
		{
			name: "role resolves through a title",
			in:   "Director Elena Marsh arrived at noon. Tom Reyes came later.\n\n“The berth stays closed until every crane is checked,” the director said.",
			want: []want{{speaker: "the director", name: "Elena Marsh", key: "elena marsh"}},
		},
		{
			name: "role with a nationality resolves to the titled person",
			in:   "Linden Mayor Ada Kowal and harbour chief Tom Reyes met on Friday.\n\n“We will pay for the repairs ourselves,” the Linden mayor said.",
			want: []want{{name: "Ada Kowal", key: "ada kowal"}},
		},
		{
			name: "surname with honorific resolves to the full name",
			in:   "Tom Reyes runs the crane crews.\n\n“Nobody was hurt, thank God,” Mr. Reyes said.",
			want: []want{{speaker: "Mr. Reyes", name: "Tom Reyes", key: "tom reyes"}},
		},
		{
			name: "interrupted quote keeps its speaker",
			in:   `“The cranes were old,” Tom Reyes said. “Everyone knew it and nobody paid.”`,
			want: []want{
				{text: "The cranes were old,", direct: true, key: "tom reyes"},
				{text: "Everyone knew it and nobody paid.", direct: true, key: "tom reyes"},
			},
		},
		{
			name: "dash signature",
			in:   "“The port owes the town an apology.” ― Ada Kowal",
			want: []want{{direct: true, speaker: "Ada Kowal"}},
		},
		{
			name: "participle takes the subject",
			in:   `Ada Kowal praised the crews, saying they had worked through the night.`,
			want: []want{{text: "they had worked through the night", cue: "saying", speaker: "Ada Kowal"}},
		},
		{
			name: "outer reporting verb takes the clause with the quote",
			in:   `Dock workers said they want “a full inquiry into the collapse,” but pledged to keep working.`,
			want: []want{
				{text: "they want “a full inquiry into the collapse,", direct: true, cue: "said", speaker: "Dock workers"},
				{text: "to keep working", cue: "pledged"},
			},
		},
		{
			name: "words after a cue and a comma open the clause",
			in:   `Ada Kowal said, most residents of Linden have come to believe “that the berth was never safe.”`,
			want: []want{{text: "most residents of Linden have come to believe “that the berth was never safe.”", cue: "said", speaker: "Ada Kowal"}},
		},
		{
			name: "an adjunct after the cue stays out",
			in:   `Ada Kowal said on Monday, “The berth was never safe.”`,
			want: []want{{text: "The berth was never safe.", direct: true, cue: "said", speaker: "Ada Kowal"}},
		},
		{
			name: "a one-word remark cut by its attribution is no title",
			in:   `“Hopefully,” the director said, “the cranes will be back next week.”`,
			want: []want{
				{text: "Hopefully,", direct: true, cue: "said", speaker: "the director"},
				{text: "the cranes will be back next week.", direct: true, speaker: "the director"},
			},
		},
		{
			name: "a short remark after an attributed quote is no title",
			in:   `“Does anybody know when the berth reopens?” Tom Reyes asked. “Neither do I.”`,
			want: []want{
				{text: "Does anybody know when the berth reopens?", direct: true, cue: "asked"},
				{text: "Neither do I.", direct: true, key: "tom reyes"},
			},
		},
		{
			name: "tell with a long addressee then that",
			in:   `Tom Reyes told an invited crowd at the Linden harbour club that the cranes were safe.`,
			want: []want{{text: "that the cranes were safe", cue: "told", speaker: "Tom Reyes"}},
		},
		{
			name: "reporter's words finish the quoted clause before the attribution",
			in:   `“The berth will stay closed until every crane is inspected” by the port authority, Elena Marsh said.`,
			want: []want{{text: "The berth will stay closed until every crane is inspected” by the port authority", direct: true, cue: "said", speaker: "Elena Marsh"}},
		},
		{
			name: "a quote that the reporter's clause goes on after is part of it",
			in:   `Tom Reyes said "new cranes" and a second berth would cut the waiting times.`,
			want: []want{{text: `"new cranes" and a second berth would cut the waiting times`, cue: "said", speaker: "Tom Reyes"}},
		},
		{
			name: "a list of short quotes stays in the reported clause",
			in:   `Ada Kowal called the plan "rushed," "costly" and "unfair."`,
			want: []want{{text: `the plan "rushed," "costly" and "unfair."`, cue: "called", speaker: "Ada Kowal"}},
		},
		{
			name: "told a show with a title, then that",
			in:   `Tom Reyes told Harbour Radio's "Morning Tide" that the cranes were safe.`,
			want: []want{{text: "that the cranes were safe", cue: "told", speaker: "Tom Reyes"}},
		},
		{
			name: "a few reporter's words finish the sentence of a quote",
			in:   `The director spoke for an hour. “You blamed the night-shift” workers.`,
			want: []want{{text: "You blamed the night-shift” workers", direct: true}},
		},
		{
			name: "a contracted pronoun is a speaker and opens a clause",
			in:   `Tom Reyes spoke at the berth. He’s claiming that the cranes are “older than anyone admits” and “unsafe in wind.”`,
			want: []want{{text: "that the cranes are “older than anyone admits” and “unsafe in wind.”", cue: "claiming", speaker: "He", key: "tom reyes"}},
		},
		{
			name: "a clause after a contracted pronoun is the content",
			in:   `Ada Kowal says she’s sure that the inspection was “thorough and fair.”`,
			want: []want{{text: "she’s sure that the inspection was “thorough and fair.”", cue: "says", speaker: "Ada Kowal"}},
		},
		{
			name: "passive is not an attribution",
			in:   `The director was asked to explain the delay at the berth on Monday.`,
			want: nil,
		},
		{
			name: "a translated cue verb before the speaker",
			in:   `The berth reopened on Monday. “We have waited too long for this day,” rejoiced the harbour master Ada Kowal.`,
			want: []want{{text: "We have waited too long for this day,", direct: true, cue: "rejoiced", name: "Ada Kowal"}},
		},
		{
			name: "a pronoun after a speaker named by role",
			in:   `Ada Kowal, the port's director, met the dockers on Monday. Lena Brandt, who chairs the union, said the talks were slow. According to the director, the berth will reopen soon. “No ship will wait an hour longer than it must,” she wrote.`,
			want: []want{{}, {}, {text: "No ship will wait an hour longer than it must,", direct: true, cue: "wrote", name: "Ada Kowal"}},
		},
		{
			name: "a relative clause's head, not a preposition's object before the cue",
			in:   `This differs from what we heard from union adviser Lena Brandt, who after a meeting with Harbour Holdings advised members that, “No crane moves before the inspection. Stay off the quay until then.”`,
			want: []want{{cue: "advised", name: "Lena Brandt"}},
		},
		{
			name: "a relative clause that ended before the cue",
			in:   `Ann Holt, who chairs the council, thanked the crews, and a lawyer for Raj Patel told reporters that “No crane moves before the inspection.”`,
			want: []want{{cue: "told", name: "Raj Patel"}},
		},
		{
			name: "a plural role is not the last person named",
			in:   `Lena Brandt, who chairs the union, spoke on Monday. Two other ports are watching the case closely, lawyers said.`,
			want: []want{{text: "Two other ports are watching the case closely", cue: "said", speaker: "lawyers", name: "lawyers", key: "-"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkExtract(t, tt.in, tt.want) })
	}
}

// checkExtract extracts the quotes of in and checks them against want.
func checkExtract(t *testing.T, in string, want []want) {
	t.Helper()
	a, got := extract(in)
	if len(got) != len(want) {
		for _, q := range got {
			t.Logf("got %q direct=%v cue=%q speaker=%q name=%q", q.Text, q.Direct, q.CueText, q.Speaker.Slice(a.Text), q.SpeakerName)
		}
		t.Fatalf("got %d quotes, want %d", len(got), len(want))
	}
	for i, w := range want {
		q := got[i]
		if w.text != "" && q.Text != w.text {
			t.Errorf("quote %d text=%q, want %q", i, q.Text, w.text)
		}
		if q.Direct != w.direct && (w.text != "" || w.direct) {
			t.Errorf("quote %d direct=%v, want %v", i, q.Direct, w.direct)
		}
		if w.cue != "" && q.CueText != w.cue {
			t.Errorf("quote %d cue=%q, want %q", i, q.CueText, w.cue)
		}
		if got := q.Speaker.Slice(a.Text); w.speaker != "" && got != w.speaker {
			t.Errorf("quote %d speaker=%q, want %q", i, got, w.speaker)
		}
		if w.name != "" && q.SpeakerName != w.name {
			t.Errorf("quote %d speaker name=%q, want %q", i, q.SpeakerName, w.name)
		}
		if w.key == "-" && q.SpeakerKey != "" {
			t.Errorf("quote %d speaker resolved to %q (%q), want none", i, q.SpeakerName, q.SpeakerKey)
		} else if w.key != "" && w.key != "-" && q.SpeakerKey != w.key {
			t.Errorf("quote %d speaker key=%q, want %q", i, q.SpeakerKey, w.key)
		}
		if q.Index != i || q.ArticleID != 7 {
			t.Errorf("quote %d index=%d article=%d", i, q.Index, q.ArticleID)
		}
	}
}

// TestExtractSpans checks the span invariants on the table inputs: spans in
// bounds, in text order, non-overlapping, Text matching the span.
func TestExtractSpans(t *testing.T) {
	in := "Elena Marsh said the berth was closed.\n\n“We lost two cranes,” she said. “And nearly a man.”\n\nAccording to Tom Reyes, the cranes were old, he added, while “nobody listened to the crews on the night shift.”"
	a, qs := extract(in)
	checkSpans(t, a, qs)
	if len(qs) < 3 {
		t.Fatalf("got %d quotes, want at least 3", len(qs))
	}
}

func checkSpans(t *testing.T, a *news.Article, qs []news.Quote) {
	t.Helper()
	n := len(a.Text)
	end := 0
	for i, q := range qs {
		if !q.Span.Valid(n) || q.Span.Len() == 0 {
			t.Fatalf("quote %d span %v out of bounds or empty (text of %d bytes)", i, q.Span, n)
		}
		if q.Span.Start < end {
			t.Fatalf("quote %d span %v overlaps or precedes the previous quote (end %d)", i, q.Span, end)
		}
		end = q.Span.End
		for _, s := range []news.Span{q.Cue, q.Speaker} {
			if !s.Valid(n) {
				t.Fatalf("quote %d span %v out of bounds", i, s)
			}
		}
		if q.Index != i {
			t.Fatalf("quote %d has index %d", i, q.Index)
		}
		if q.CueText != q.Cue.Slice(a.Text) {
			t.Fatalf("quote %d cue text %q, span says %q", i, q.CueText, q.Cue.Slice(a.Text))
		}
		if q.Text == "" {
			t.Fatalf("quote %d has no text", i)
		}
	}
}

func TestExtractUsesGivenSentences(t *testing.T) {
	s := `“The cranes are old,” Tom Reyes said.`
	a := &news.Article{Text: s, Sentences: text.Sentences(s)}
	b := &news.Article{Text: s}
	qa, qb := quote.Extract(a), quote.Extract(b)
	if len(qa) != 1 || len(qb) != 1 || qa[0].Span != qb[0].Span {
		t.Fatalf("with sentences %v, without %v", qa, qb)
	}
	if b.Sentences != nil {
		t.Fatalf("Extract modified the article's sentences")
	}
	// Stale sentences (from another text) are recomputed, not trusted.
	c := &news.Article{Text: s, Sentences: []news.Sentence{{Span: news.Span{Start: 5, End: 900}}}}
	if qc := quote.Extract(c); len(qc) != 1 || qc[0].Span != qb[0].Span {
		t.Fatalf("with stale sentences %v", qc)
	}
}

func TestSpeakerKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Vladimir Putin", "vladimir putin"},
		{"Russian President Vladimir Putin", "vladimir putin"},
		{"Mr. Putin", "putin"},
		{"Mr Putin", "putin"},
		{"Putin's", "putin"},
		{"Chief Justice John G. Roberts Jr.", "john roberts"},
		{"José Martínez", "jose martinez"},
		{"Director Elena Marsh", "elena marsh"},
		{"the port's director", "port director"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := quote.SpeakerKey(tt.in); got != tt.want {
			t.Errorf("SpeakerKey(%q)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMergeSpeakers(t *testing.T) {
	doc := func(keys ...string) *quote.Doc {
		d := &quote.Doc{Article: &news.Article{}}
		for _, k := range keys {
			d.Quotes = append(d.Quotes, news.Quote{SpeakerKey: k, SpeakerName: strings.ToUpper(k[:1]) + k[1:]})
		}
		return d
	}
	a := doc("putin", "marsh")
	b := doc("vladimir putin", "elena marsh", "linda marsh")
	quote.MergeSpeakers([]*quote.Doc{a, b})
	if got := a.Quotes[0].SpeakerKey; got != "vladimir putin" {
		t.Errorf("putin merged into %q, want vladimir putin", got)
	}
	if got := a.Quotes[1].SpeakerKey; got != "marsh" {
		t.Errorf("ambiguous marsh merged into %q, want it kept", got)
	}
	if got := a.Quotes[0].SpeakerName; got != "Vladimir putin" {
		t.Errorf("merged name %q, want the fuller one", got)
	}
	// A role word the titles lack before a full name.
	c := doc("resident tom becker")
	d := doc("tom becker", "tom becker jones")
	quote.MergeSpeakers([]*quote.Doc{c, d})
	if got := c.Quotes[0].SpeakerKey; got != "tom becker" {
		t.Errorf("resident tom becker merged into %q, want tom becker", got)
	}
	if got := c.Quotes[0].SpeakerName; got != "Tom becker" {
		t.Errorf("resident tom becker's name %q, want the name without the role word", got)
	}
	if got := d.Quotes[1].SpeakerKey; got != "tom becker jones" {
		t.Errorf("tom becker jones merged into %q, want it kept", got)
	}
}

func TestQuoteMarkTypographies(t *testing.T) {
	// Each input holds one direct quote of the same words in another
	// typography, attributed to the same person.
	words := "the berth will reopen when every crane has been checked"
	forms := []string{
		`"%s," Elena Marsh said.`,
		`“%s,” Elena Marsh said.`,
		`‘%s,’ Elena Marsh said.`,
		`«%s», Elena Marsh said.`,
		`»%s«, Elena Marsh said.`,
		`„%s“, Elena Marsh said.`,
		`''%s,'' Elena Marsh said.`,
		"``%s,'' Elena Marsh said.",
		`“ %s ” Elena Marsh said.`,
	}
	for _, f := range forms {
		a, qs := extract(strings.Replace(f, "%s", words, 1))
		if len(qs) != 1 {
			t.Errorf("%s: got %d quotes, want 1", f, len(qs))
			continue
		}
		if got := strings.TrimRight(qs[0].Text, ","); got != words {
			t.Errorf("%s: text %q", f, got)
		}
		if !qs[0].Direct || qs[0].SpeakerKey != "elena marsh" {
			t.Errorf("%s: direct=%v key=%q speaker=%q", f, qs[0].Direct, qs[0].SpeakerKey, qs[0].Speaker.Slice(a.Text))
		}
	}
}

// TestDatelineIsNoSpeaker: the place, date and agency a report opens with
// are not the subject of its first sentence.
func TestDatelineIsNoSpeaker(t *testing.T) {
	for _, body := range []string{
		"EASTVALE, March 7 (Reuters) - A regional court voided the city's water contract on Thursday, saying the deal was illegal.",
		"MARENHOLT (AFP) – The central bank raised its main rate by half a point, saying inflation was still too high.",
		"NEW YORK — The city council approved the budget on Monday, saying the deficit had been closed.",
		"Washington (CNN) — The senator criticised the budget on Monday, saying the deficit had grown.",
		"Marenholt (AFP) – The central bank raised its main rate, saying inflation was still too high.",
		"NEW YORK—The city council approved the budget on Monday, saying the deficit had been closed.",
		"NEW DELHI: The finance minister presented the budget on Monday, saying growth would recover.",
	} {
		a := &news.Article{ID: 1, Text: body}
		a.Sentences = text.Sentences(a.Text)
		qs := quote.Extract(a)
		if len(qs) == 0 {
			t.Errorf("%q: no attribution found", body)
			continue
		}
		if who := qs[0].Speaker.Slice(body); strings.ToUpper(who) == who || strings.Contains(who, "(") || strings.HasPrefix(body, who) {
			t.Errorf("%q: the dateline %q taken as the speaker", body, who)
		}
	}
}

// TestQuotingLeadIsNoHeadline: a first paragraph of one sentence that
// ends in a quotation (not a full stop) is a report's lead, not a
// headline: its person is whom a later "she" means.
func TestQuotingLeadIsNoHeadline(t *testing.T) {
	body := "Mayor Jane Smith on Tuesday asked the council: \"Who will pay for this stadium?\"\n\n" +
		"She said the city \"cannot afford another loan.\""
	a := &news.Article{ID: 1, Text: body}
	a.Sentences = text.Sentences(a.Text)
	found := false
	for _, q := range quote.Extract(a) {
		if strings.Contains(q.Text, "cannot afford") {
			found = true
			if !strings.Contains(q.SpeakerName, "Smith") {
				t.Errorf("%q: speaker %q, want Jane Smith", q.Text, q.SpeakerName)
			}
		}
	}
	if !found {
		t.Error("the second paragraph's quote was not found")
	}
}

// Two people who share a first name: the second one's first name is no
// organisation to drop ("Maria Garcia" … "Maria Elena Lopez").
func TestSpeakersSharingAFirstName(t *testing.T) {
	for _, in := range []string{
		`Maria Garcia opened the meeting. "We will rebuild the school," said Maria Elena Lopez, the head teacher.`,
		`John Smith, the mayor, spoke first. "The bridge stays shut," said John Paul Jones on Monday.`,
	} {
		a, qs := extract(in)
		for _, q := range qs {
			t.Logf("%q speaker=%q name=%q", q.Text, q.Speaker.Slice(a.Text), q.SpeakerName)
			if q.Direct && q.SpeakerName != "Maria Elena Lopez" && q.SpeakerName != "John Paul Jones" {
				t.Errorf("%s: speaker name %q", in, q.SpeakerName)
			}
		}
	}
}
