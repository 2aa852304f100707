package text

import (
	"strings"

	"github.com/kljensen/snowball/english"

	"github.com/crosscheck-news/crosscheck/internal/memo"
)

// stopWords is a compact English stop-word list: function words, auxiliaries
// and the reporting verbs that every news article uses, which carry no topic.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all almost also although am among an and
	another any are aren't around as at be because been before being below between both but by can can't
	cannot could couldn't did didn't do does doesn't doing don't down during each either else even ever every
	few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
	herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
	just let's like many may me might more most much must mustn't my myself neither no nor not now of off on
	once one only or other others ought our ours ourselves out over own per quite rather same several shall
	shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs
	them themselves then there there's these they they'd they'll they're they've this those though through
	thus to too toward towards under until up upon us very via was wasn't we we'd we'll we're we've were
	weren't what what's whatever when when's where where's whether which while who who's whom whose why
	why's will with within without won't would wouldn't yet you you'd you'll you're you've your yours
	yourself yourselves said says say saying told tells according added adds asked also mr mrs ms dr
	s t would`) {
		m[w] = true
	}
	return m
}()

// IsStopWord reports whether the lower-case word w is an English stop word.
func IsStopWord(w string) bool { return stopWords[w] }

// stems remembers stems: Stem is called for nearly every token of every
// stage. The cache keeps copies of its words, not the texts they were cut
// from, and only words of at most stemCacheWord bytes, so that its memory
// stays bounded (under stemCacheMax × 2 × stemCacheWord bytes of text)
// whatever the input.
var stems = memo.New[string, string](stemCacheMax)

const (
	stemCacheMax  = 1 << 17
	stemCacheWord = 40
)

// Stem returns the Snowball (Porter2) stem of an English lower-case word.
// Numbers and words of fewer than three letters are returned unchanged.
// Results are cached, since news vocabularies repeat heavily.
func Stem(w string) string {
	if len(w) < 3 || isDigitByte(w[0]) {
		return w
	}
	if s, ok := stems.Get(w); ok {
		return s
	}
	s := strings.Clone(english.Stem(w, false))
	if len(w) <= stemCacheWord { // longer runs of letters no vocabulary repeats
		stems.Put(strings.Clone(w), s)
	}
	return s
}
