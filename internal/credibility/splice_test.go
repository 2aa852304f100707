package credibility

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// TestJaccard checks the hashed Jaccard index against a count of common
// strings, on random sets and on sets whose hashes collide.
func TestJaccard(t *testing.T) {
	words := []string{"port", "crane", "council", "repair", "budget", "storm", "union", "strike", "mayor", "fund"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() *sentence {
		var v []string
		for range r.IntN(8) {
			v = append(v, words[r.IntN(len(words))])
		}
		var s sentence
		s.hset, s.set = hashedSet(v)
		return &s
	}
	for range 1000 {
		a, b := pick(), pick()
		want := 0.0
		if len(a.set) > 0 && len(b.set) > 0 {
			want = jaccardStrings(a.set, b.set)
		}
		if got := jaccard(a, b); got != want {
			t.Fatalf("jaccard(%q, %q) = %v, want %v", a.set, b.set, got, want)
		}
	}
	// Two different stems under one hash: the strings decide.
	a := &sentence{set: []string{"port", "storm"}, hset: []uint64{1, 2}}
	b := &sentence{set: []string{"crane", "storm"}, hset: []uint64{1, 2}}
	if got := jaccard(a, b); got != 1.0/3 {
		t.Errorf("jaccard with a collision = %v, want 1/3", got)
	}
	if _, set := hashedSet([]string{"b", "a", "b"}); !slices.Contains(set, "a") || len(set) != 2 {
		t.Errorf("hashedSet kept %q", set)
	}
}

// TestNotProse checks the shortcut of notProse against the expression.
func TestNotProse(t *testing.T) {
	for _, s := range []string{"Read it at https://example.com now.", "see www.example.com", "pic.twitter.com/abc",
		"Follow @reuters for more.", "(@ap) said", "mail me@example.com", "An ordinary sentence.", "HTTP is a protocol.", "@", ""} {
		if got, want := notProse(s), reNotProse.MatchString(s); got != want {
			t.Errorf("notProse(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSpliceStoryAnchor checks the story-anchored features and the nearest
// sentences on an article with two sentences pasted from one other event:
// they cover each other, so their own coverage is not zero, but the story
// holds none of their words, and each is the other's nearest sentence.
func TestSpliceStoryAnchor(t *testing.T) {
	a := &news.Article{Text: "Dock workers at the northern port began a strike on Monday over pay. " +
		"The port authority said the strike had halted cargo ships at the docks. " +
		"The singer cancelled her stadium concert after a throat infection.\n\n" +
		"Union leaders said dock workers would stay on strike until the port authority raised pay. " +
		"Fans of the singer were offered refunds for the stadium concert. " +
		"Cargo ships waited outside the port as the strike entered its second day."}
	story := []*news.Article{{Text: "A strike by dock workers halted cargo ships at the northern port on Monday. " +
		"Union leaders want the port authority to raise pay."}}
	art := SpliceFeaturesOf(a, story, nil)
	if len(art.Feats) != 6 {
		t.Fatalf("%d sentences, want 6", len(art.Feats))
	}
	pasted := []int{2, 4}
	for _, i := range pasted {
		f := art.Feats[i]
		if f.CovSelf == 0 || f.CovEvent != 0 || f.StoryDF != 0 {
			t.Errorf("pasted sentence %d: CovSelf %.2f, CovEvent %.2f, StoryDF %.2f; want CovSelf > 0, the others 0", i, f.CovSelf, f.CovEvent, f.StoryDF)
		}
		for _, h := range []int{0, 1, 3, 5} {
			if g := art.Feats[h]; g.CovAnchor <= f.CovAnchor || g.CovEvent <= f.CovEvent {
				t.Errorf("host sentence %d: CovAnchor %.2f, CovEvent %.2f, not above pasted sentence %d's %.2f, %.2f", h, g.CovAnchor, g.CovEvent, i, f.CovAnchor, f.CovEvent)
			}
		}
	}
	if art.near[2] != 4 || art.near[4] != 2 {
		t.Errorf("nearest sentences of the pasted ones: %d and %d, want 4 and 2", art.near[2], art.near[4])
	}
	// The pairs are measured once: the nearest sentence and the paragraph
	// mate are what a scan of every other judged sentence in article order
	// finds.
	sents := analyse(a)
	for i := range sents {
		near, mate, bestNear, bestMate := -1, -1, 0.0, 0.0
		for j := range sents {
			if j == i || sents[j].skip || sents[i].skip {
				continue
			}
			x := jaccard(&sents[i], &sents[j])
			if x > bestNear {
				near, bestNear = j, x
			}
			if art.para[j] == art.para[i] && x > bestMate {
				mate, bestMate = j, x
			}
		}
		if art.near[i] != near || art.nearSim[i] != bestNear || art.mate[i] != mate {
			t.Errorf("sentence %d: near %d (%.3f), mate %d; want %d (%.3f), %d", i, art.near[i], art.nearSim[i], art.mate[i], near, bestNear, mate)
		}
	}
}

// TestSpliceGrow checks that Grow extends a flagged sentence to the
// neighbours that tell of the story's actor at another event (his name or
// "he", a place nobody else names, own words neither the story nor the rest
// of the article holds) and to no other: not to a host sentence, not to a
// foreign sentence linked to no actor, not to one that names no new place,
// and not across a host sentence.
func TestSpliceGrow(t *testing.T) {
	a := &news.Article{Text: "President Adrian Costea arrived in Ostrava on Monday for talks on the fishing dispute. " + // 0 host
		"Costea and Prime Minister Jana Horakova agreed to set up a joint commission on the fishing grounds. " + // 1 host
		"A volcano on a remote island erupted overnight, sending ash into the sky.\n\n" + // 2 flagged
		"In 2019 Costea was photographed on a yacht off Sardinia with two footballers. " + // 3 grown: actor, Sardinia, foreign words
		"He later sold a brewery in Valmora to a cousin after a quarrel over wages. " + // 4 grown: "he", Valmora, from 3
		"Fishermen protested outside the talks in Ostrava.\n\n" + // 5 host
		"Wheat prices dropped sharply as heavy rain eased drought fears in Dunmere. " + // 6 flagged
		"Costea enjoys sailing, expensive watches and motor racing. " + // 7 not: no new name
		"Copper traders expect rising demand for electric cables in Tarsk.\n\n" + // 8 not: no actor
		"The commission will report within six months, Horakova said. " + // 9 host
		"Costea once owned a racing stable near Brenholt with three champion horses."} // 10 not: after a host sentence
	story := []*news.Article{{Text: "President Adrian Costea of Malvenia held talks in Ostrava on Monday with Prime Minister Jana Horakova. " +
		"The leaders agreed on a joint commission to report on the fishing grounds within six months. " +
		"Fishermen protested outside the talks."}}
	art := SpliceFeaturesOf(a, story, nil)
	if len(art.Feats) != 11 {
		t.Fatalf("%d sentences, want 11", len(art.Feats))
	}
	flagged := make([]bool, 11)
	flagged[2], flagged[6] = true, true
	got := art.Grow(flagged, nil)
	want := []bool{false, false, true, true, true, false, true, false, false, false, false}
	if !slices.Equal(got, want) {
		for i := range got {
			t.Logf("sentence %d: flagged %v, own cover %.2f of %d words, linked %v, novel names %.2f", i, got[i], art.ownCov[i], art.ownWords[i], art.actorLinked[i], art.Feats[i].NovelNames)
		}
		t.Errorf("Grow flagged %v, want %v", got, want)
	}
	// Nothing flagged, nothing grown.
	if got := art.Grow(make([]bool, 11), nil); slices.Contains(got, true) {
		t.Errorf("Grow from no flagged sentence flagged %v", got)
	}
	// A blocked sentence is not added and stops the walk.
	flagged = make([]bool, 11)
	flagged[2] = true
	blocked := make([]bool, 11)
	blocked[3] = true
	if got := art.Grow(flagged, blocked); !slices.Equal(got, []bool{false, false, true, false, false, false, false, false, false, false, false}) {
		t.Errorf("Grow with sentence 3 blocked flagged %v, want sentence 2 alone", got)
	}
}

// TestSpliceUnshared checks Unshared and its use in SpliceFlags on a short
// invented content-farm page whose own filler shares little with the
// story: the two sentences about other events share none of their words
// with the story or the page and are reported; a quote, a sentence in the
// first person, a question and one naming the story's actor are not,
// whatever words they share. SpliceFlags flags the two (the model scores
// them low beside the page's filler), and leaves them to the model when the
// story has no other article or the caller raises the threshold.
func TestSpliceUnshared(t *testing.T) {
	a := &news.Article{Text: "Hail wrecked the vineyards of the Moravel valley on Wednesday, regional boss Bernard Olivet said. " + // 0 host
		"Growers are seething. " + // 1 host: too few words
		"The city marathon was moved to October because of roadworks.\n\n" + // 2 unshared
		"\"Nobody will ever pay for lost bottles of cheap plonk,\" one angry grower shouted. " + // 3 not: a quote
		"I think tourists will stay away from the cellars this summer. " + // 4 not: first person
		"Who will pay for the broken barrels and greenhouses near Dorval?\n\n" + // 5 not: a question
		"Olivet was caught on camera at a noisy fair in Lyon last spring mocking small farmers. " + // 6 not: the actor
		"A film about a lighthouse keeper won the top prize at the festival on the coast. " + // 7 unshared
		"The hail fell on the Moravel vineyards for twenty minutes."} // 8 host
	story := []*news.Article{{Text: "Hail destroyed vineyards in the Moravel valley on Wednesday afternoon. " +
		"Regional president Bernard Olivet said growers would get help. " +
		"The hail fell for about twenty minutes."}}
	art := SpliceFeaturesOf(a, story, nil)
	if len(art.Feats) != 9 {
		t.Fatalf("%d sentences, want 9", len(art.Feats))
	}
	var got []int
	for i := range art.Feats {
		if art.Unshared(i) {
			got = append(got, i)
		}
	}
	if !slices.Equal(got, []int{2, 7}) {
		for i := range art.Feats {
			t.Logf("sentence %d: own cover %.2f of %d words, linked %v, voiced %v", i, art.ownCov[i], art.ownWords[i], art.actorLinked[i], art.voiced[i])
		}
		t.Errorf("Unshared holds for %v, want [2 7]", got)
	}
	m := DefaultSpliceModel()
	_, probs, flagged := m.SpliceFlags(a, story, nil, m.Threshold, nil, nil)
	if !flagged[2] || !flagged[7] {
		t.Errorf("SpliceFlags flagged %v, want sentences 2 and 7 among them", flagged)
	}
	t.Logf("model scores of sentences 2 and 7: %.3f, %.3f (threshold %.2f)", probs[2], probs[7], m.Threshold)
	// Without other outlets, or above the model's threshold, the model
	// decides alone.
	for _, c := range []struct {
		story []*news.Article
		th    float64
	}{{nil, m.Threshold}, {story, 0.95}} {
		_, probs, flagged := m.SpliceFlags(a, c.story, nil, c.th, nil, nil)
		for _, i := range []int{2, 7} {
			if flagged[i] && probs[i] < c.th {
				t.Errorf("story of %d, threshold %.2f: sentence %d flagged at p=%.3f", len(c.story), c.th, i, probs[i])
			}
		}
	}
}
