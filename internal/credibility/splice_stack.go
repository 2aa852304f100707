package credibility

import (
	"math"
	"slices"
	"sort"

	"github.com/crosscheck-news/crosscheck/internal/learn"
)

// stackContext is the number of values stackVectors adds to a sentence's
// SpliceFeatures for the second stage.
const stackContext = 19

// Scores returns the model's probability that each sentence of a was
// spliced in; sentences not judged get 0.
func (m *SpliceModel) Scores(a *SpliceArticle) []float64 {
	first := scoreJudged(m.forest, a, nil)
	return scoreJudged(m.stack, a, stackVectors(a, first))
}

// scoreJudged scores the judged sentences of a with f, over their features
// (xs nil) or over the vectors xs.
func scoreJudged(f *learn.Forest, a *SpliceArticle, xs [][]float64) []float64 {
	out := make([]float64, len(a.Feats))
	var p [2]float64
	for i, ft := range a.Feats {
		if !a.Judged[i] {
			continue
		}
		var x []float64
		if xs != nil {
			x = xs[i]
		} else {
			x = ft.Vector()
		}
		out[i] = f.Probs(x, p[:])[1]
	}
	return out
}

// stackVectors returns the second stage's input for each sentence of a: its
// features, then its first-stage score (first) placed among the scores of
// the article's judged sentences. A pasted sentence is an outlier of its
// own article, whatever feature made it one, and an article with one
// sentence far above the rest differs from one whose scores are all
// middling: the second stage learns both from the distribution of scores.
// It also sees the score of the article's sentence nearest in words, in
// any paragraph, and their Jaccard index: sentences pasted from one donor
// find each other there, and a host sentence finds the host. Missing
// scores (no neighbour, no paragraph mate, no near sentence) are -1.
func stackVectors(a *SpliceArticle, first []float64) [][]float64 {
	n := len(a.Feats)
	var judged []float64
	for i := range n {
		if a.Judged[i] {
			judged = append(judged, first[i])
		}
	}
	sort.Float64s(judged)
	top1, top2 := -1.0, -1.0
	var med, mean, over float64
	if k := len(judged); k > 0 {
		top1, med = judged[k-1], judged[k/2]
		if k > 1 {
			top2 = judged[k-2]
		}
		for _, v := range judged {
			mean += v
			if v > 0.5 {
				over++
			}
		}
		mean /= float64(k)
		over /= float64(k)
	}
	score := func(j int) float64 {
		if j < 0 || j >= n || !a.Judged[j] {
			return -1
		}
		return first[j]
	}
	var paraSum, paraN []float64
	if a.para != nil && n > 0 {
		paraSum, paraN = make([]float64, a.para[n-1]+1), make([]float64, a.para[n-1]+1)
		for i := range n {
			if a.Judged[i] {
				paraSum[a.para[i]] += first[i]
				paraN[a.para[i]]++
			}
		}
	}
	out := make([][]float64, n)
	for i, f := range a.Feats {
		s := first[i]
		win, winMax, winN := 0.0, -1.0, 0.0
		for j := i - 2; j <= i+2; j++ {
			if v := score(j); j != i && v >= 0 {
				win += v
				winMax = max(winMax, v)
				winN++
			}
		}
		winMean := -1.0
		if winN > 0 {
			winMean = win / winN
		}
		// rank is the share of the others below it (ties count half),
		// above how many score higher.
		rank, above := 0.5, 0.0
		if len(judged) > 1 {
			lo := sort.SearchFloat64s(judged, s)
			hi := sort.Search(len(judged), func(j int) bool { return judged[j] > s })
			rank = (float64(lo) + 0.5*float64(max(hi-lo-1, 0))) / float64(len(judged)-1)
			above = float64(len(judged) - hi)
		}
		// other is the highest score of the article's other sentences.
		other := top1
		if a.Judged[i] && s >= top1 {
			other = top2
		}
		mate, paraGap := -1.0, 0.0
		if a.mate != nil {
			mate = score(a.mate[i])
		}
		if a.para != nil {
			own := 0.0
			if a.Judged[i] {
				own = 1
			}
			if k := paraN[a.para[i]] - own; k > 0 {
				paraGap = s - (paraSum[a.para[i]]-own*s)/k
			}
		}
		nearScore, nearSim := -1.0, 0.0
		if a.near != nil {
			nearScore, nearSim = score(a.near[i]), a.nearSim[i]
		}
		x := slices.Grow(f.Vector(), stackContext)
		out[i] = append(x, s, score(i-1), score(i+1), winMax, winMean, med, mean, s-med, rank,
			math.Min(above, 10), over, mate, paraGap, other, s-other, top2, math.Log1p(float64(len(judged))), nearScore, nearSim)
	}
	return out
}

// Grow extends flagged, the sentences of a taken for pasted, to the runs
// they stand in. A judged sentence next to a flagged one (unjudged
// sentences between them skipped, two places at most) is flagged too when
// it is linked to the story's actors (it names one, or refers to someone
// with he, she, his or her), names someone or somewhere the article and the
// story name nowhere else (NovelNames), and at most growCov of the weight
// of its own words (at least growWords of them: its stems other than the
// actors' names) is found in the story's other articles or in the article's
// other judged sentences; and so on from it. Content farms paste material
// in runs, and material about the story's own people at another event
// shares their names with the story and little else, while the model,
// which weighs those names, scores it like a host sentence. Sentences
// blocked marks (nil: none) are never added and stop the walk. The flagged
// slice is changed in place and returned.
func (a *SpliceArticle) Grow(flagged, blocked []bool) []bool {
	if a.ownCov == nil {
		return flagged
	}
	n := len(flagged)
	block := func(j int) bool { return blocked != nil && blocked[j] }
	fits := func(j int) bool {
		return a.Judged[j] && !flagged[j] && !block(j) && a.actorLinked[j] && a.Feats[j].NovelNames > 0 &&
			a.ownWords[j] >= growWords && a.ownCov[j] <= growCov
	}
	var stack []int
	for i, f := range flagged {
		if f {
			stack = append(stack, i)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, step := range []int{-1, 1} {
			j := i + step
			for j >= 0 && j < n && j != i+2*step && !a.Judged[j] && !flagged[j] && !block(j) {
				j += step
			}
			if j >= 0 && j < n && fits(j) {
				flagged[j] = true
				stack = append(stack, j)
			}
		}
	}
	return flagged
}

// growWords and growCov bound the sentences Grow adds (see Grow).
const (
	growWords = 3
	growCov   = 0.1
)

// Unshared reports whether judged sentence i shares (almost) none of its
// own words with the story: at least unsharedWords of them (its stems
// other than the story's actors' names), at most unsharedCov of their
// weight found in the story's other articles or in the article's other
// judged sentences; no actor named or referred to with he, she, his or
// her; no quotation and no first or second person (a quote, or the
// writer's own aside); and a final stop (not a heading or a promotional
// line). The model weighs a sentence against its own article, and on a
// short content-farm page whose own filler ("Growers are seething.")
// shares little with the story either, a sentence about another event is
// no outlier there: the model scores "The city marathon was moved to
// October because of roadworks." under 0.1 on such a page.
func (a *SpliceArticle) Unshared(i int) bool {
	return a.ownCov != nil && a.Judged[i] && !a.actorLinked[i] && !a.voiced[i] && a.Feats[i].Unstopped == 0 &&
		a.ownWords[i] >= unsharedWords && a.ownCov[i] <= unsharedCov
}

// unsharedWords and unsharedCov bound the sentences Unshared reports, and
// unsharedMin is the least number of them and of the sentences flagged
// otherwise an article must hold for them to be flagged: a report's one
// aside that shares nothing with the story is no paste, a page with two
// sentences apart from it is.
const (
	unsharedWords = 5
	unsharedCov   = 0.1
	unsharedMin   = 2
)
