package quote_test

import "testing"

// TestSpeakerShapes covers the ways news writing names a speaker away from
// the cue: after the quote in a sentence of its own, by age or an unnamed
// role, by an object pronoun, by a verb no lexicon lists, and before a
// colon; and the German ‚…‘ marks.
func TestSpeakerShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{
			name: "the next sentence names the source",
			in:   "Mayor Ruth Ekberg opened the session. “The harbour will stay open.” The words came from deputy mayor Anton Lind, who chairs the port board.",
			want: []want{{text: "The harbour will stay open.", direct: true, cue: "came", name: "Anton Lind", key: "anton lind"}},
		},
		{
			name: "those were the words of",
			in:   "Carla Benn spoke first. “Nobody here wants a strike.” Those were the first words of Nina Holt, the union's negotiator, after the meeting.",
			want: []want{{text: "Nobody here wants a strike.", direct: true, cue: "words", name: "Nina Holt"}},
		},
		{
			name: "an age for the person the text is about",
			in:   "Coach Marco Veldt said he was proud of the squad. “We gave everything,” the 61-year-old said.",
			want: []want{
				{text: "he was proud of the squad", name: "Marco Veldt"},
				{text: "We gave everything,", direct: true, cue: "said", speaker: "the 61-year-old", name: "Marco Veldt"},
			},
		},
		{
			name: "an indefinite role is someone new",
			in:   "“The road is safe,” said Tomas Grell. “Nobody should drive there tonight,” a police spokesman said.",
			want: []want{
				{text: "The road is safe,", direct: true, name: "Tomas Grell"},
				{text: "Nobody should drive there tonight,", direct: true, speaker: "a police spokesman", name: "police spokesman", key: "-"},
			},
		},
		{
			name: "an indefinite appositive without its closing comma",
			in:   "Ada Obi, a former education minister said the talks had failed.",
			want: []want{{text: "the talks had failed", cue: "said", speaker: "a former education minister", name: "Ada Obi"}},
		},
		{
			name: "a pronoun and a role after an unnamed spokesperson",
			in: "Harbour master Petr Vlk said two ships were waiting. A spokeswoman for the coastguard said the crews were safe. “Nobody is in danger,” she said.\n\n" +
				"A spokesman for the ministry defended the cuts. “The stock is at its lowest,” the spokesman said.",
			want: []want{
				{text: "two ships were waiting", name: "Petr Vlk"},
				{text: "the crews were safe", name: "coastguard"},
				{text: "Nobody is in danger,", direct: true, speaker: "she", name: "coastguard"},
				{text: "The stock is at its lowest,", direct: true, speaker: "the spokesman", name: "ministry"},
			},
		},
		{
			name: "an unnamed source keeps its name for the pronoun after it",
			in:   "Ola Strand led the team. According to a spokeswoman of the rescue service, the five are stable. “All will go home,” she said.",
			want: []want{
				{text: "the five are stable", cue: "According to", name: "spokeswoman of the rescue service"},
				{text: "All will go home,", direct: true, speaker: "she", name: "spokeswoman of the rescue service"},
			},
		},
		{
			name: "a role looks back, not forward",
			in:   "Agnes Moll defended the law. “The money runs out in 2031,” the minister said. Prime Minister Jon Rask thanked lawmakers.",
			want: []want{{text: "The money runs out in 2031,", direct: true, speaker: "the minister", name: "Agnes Moll"}},
		},
		{
			name: "a verb of speech no lexicon lists, inverted",
			in:   "Union leader Tomas Berg met the minister. «It is a black day for all the workers», reacted Tomas Berg. Liv Aas spoke next. «Every school, every depot», she enumerated.",
			want: []want{
				{text: "It is a black day for all the workers", direct: true, cue: "reacted", name: "Tomas Berg"},
				{text: "Every school, every depot", direct: true, cue: "enumerated", speaker: "she", name: "Liv Aas"},
			},
		},
		{
			name: "low single marks",
			in:   "‚Our drivers sleep in their cabins‘, said Ines Varga of the hauliers' union.",
			want: []want{{text: "Our drivers sleep in their cabins", direct: true, cue: "said", name: "Ines Varga"}},
		},
		{
			name: "a plural possessive in the speaker",
			in:   "The supporters' trust said that changing the coach was only the first step.",
			want: []want{{text: "that changing the coach was only the first step", cue: "said", speaker: "The supporters' trust"}},
		},
		{
			name: "according to a pronoun, and a phrase that ends at the comma",
			in:   "Anna Kovač chairs the association. According to her, the quota cut will ruin the small boats.\n\nAccording to the minister, the quota is „a matter of survival for the fish“.",
			want: []want{
				{text: "the quota cut will ruin the small boats", cue: "According to", speaker: "her", name: "Anna Kovač"},
				{text: "a matter of survival for the fish", direct: true, cue: "According to", speaker: "the minister"},
			},
		},
		{
			name: "a colon after a named subject",
			in:   "The captain Joel Amadi took his share of the blame: “We were on the pitch, not him.”",
			want: []want{{text: "We were on the pitch, not him.", direct: true, name: "Joel Amadi", key: "joel amadi"}},
		},
		{
			name: "dialogue set off by dashes",
			in: "The vote ended at dawn.\n\n— The government has chosen the banks over the bakers, launched the leader of the opposition Mats Egel.\n\n" +
				"— Dario is a good man, declared the club's president Marta Ilves. Sometimes that is not enough.\n\n— Forty flights were cancelled, the airport said.",
			want: []want{
				{text: "The government has chosen the banks over the bakers", direct: true, cue: "launched", name: "Mats Egel"},
				{text: "Dario is a good man", direct: true, cue: "declared", name: "Marta Ilves"},
				{text: "Sometimes that is not enough.", direct: true, name: "Marta Ilves"},
				{text: "Forty flights were cancelled", cue: "said", speaker: "the airport"},
			},
		},
		{
			name: "a participle after an article is an adjective",
			in:   "Parliament approved a contested pension reform on Thursday. The minister said the disputed vote was valid.",
			want: []want{{text: "the disputed vote was valid", cue: "said", speaker: "The minister"}},
		},
		{
			name: "a weekday between the subject and the cue",
			in:   "The city council on Monday said the budget was balanced.",
			want: []want{{text: "the budget was balanced", cue: "said", speaker: "The city council"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkExtract(t, tt.in, tt.want) })
	}
}
