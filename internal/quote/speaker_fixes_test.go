package quote_test

import "testing"

// TestSpeakerShapeLimits covers what the speaker shapes must not take: a
// fact list set off by dashes, a name that only modifies the subject
// before a colon, an age the text gives someone else, "said nothing", a
// thing that "came from" someone; and what they must still take.
func TestSpeakerShapeLimits(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{
			name: "a dash paragraph of facts without a list intro",
			in:   "The storm hit overnight.\n\n— The storm damaged 300 homes, closed the airport and cut power.\n\n— 1998, founded Brenton Museum.",
			want: nil,
		},
		{
			name: "an -ed verb before a role is dialogue",
			in:   "The vote ended.\n\n— We were robbed, launched the coach Dario Lenz.",
			want: []want{{text: "We were robbed", direct: true, cue: "launched", name: "Dario Lenz"}},
		},
		{
			name: "a name after a preposition is no colon subject",
			in:   "The family of Ana Pell released a statement: “She was the heart of this town.”",
			want: []want{{text: "She was the heart of this town.", direct: true, key: "-"}},
		},
		{
			name: "an adjective before the colon subject's name",
			in:   "The former captain Joel Amadi took the blame: “We lost.”",
			want: []want{{text: "We lost.", direct: true, name: "Joel Amadi"}},
		},
		{
			name: "the age before the name",
			in:   "Police named 54-year-old Karl Voss and his neighbour Tina Holm, 38. “I did nothing wrong,” the 54-year-old said.",
			want: []want{{text: "I did nothing wrong,", direct: true, name: "Karl Voss"}},
		},
		{
			name: "a profile of one person",
			in:   "Coach Dario Lenz left the ground on Friday. “I gave this club everything,” the 54-year-old said.",
			want: []want{{text: "I gave this club everything,", direct: true, name: "Dario Lenz"}},
		},
		{
			name: "the only person named is given another age",
			in:   "Karl Voss, 61, was charged. “It was a fair deal,” the 54-year-old said.",
			want: []want{{text: "It was a fair deal,", direct: true, key: "-"}},
		},
		{
			name: "said nothing in court",
			in:   "Karl Voss said nothing in court. He told police nothing.",
			want: nil,
		},
		{
			name: "nothing opens a reported clause",
			in:   "Karl Voss said nothing would change.",
			want: []want{{text: "nothing would change", cue: "said", name: "Karl Voss"}},
		},
		{
			name: "told police",
			in:   "The 30-year-old told police she had been attacked.",
			want: []want{{text: "she had been attacked", cue: "told"}},
		},
		{
			name: "a donor came from",
			in:   "Director Ana Pell thanked the donors. “Without them we would have closed.” The largest gift came from Jon Hale, a retired banker.",
			want: []want{{text: "Without them we would have closed.", direct: true, key: "-"}},
		},
		{
			name: "an indefinite role for an organisation after the quote",
			in:   "“It is good news,” said Karl Voss. “It is long overdue,” a spokeswoman for Brenton police said. “We will act,” she added.",
			want: []want{
				{text: "It is good news,", direct: true, name: "Karl Voss"},
				{text: "It is long overdue,", direct: true, cue: "said", speaker: "a spokeswoman for Brenton police", name: "spokeswoman for Brenton police"},
				{text: "We will act,", direct: true, name: "spokeswoman for Brenton police"},
			},
		},
		{
			name: "an aide to the mayor",
			in:   "“It is long overdue,” an aide to the mayor said.",
			want: []want{{text: "It is long overdue,", direct: true, cue: "said", speaker: "an aide to the mayor"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkExtract(t, tt.in, tt.want) })
	}
}
