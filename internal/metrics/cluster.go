package metrics

// ClusterScores are the clustering measures of a predicted partition
// against a gold one.
type ClusterScores struct {
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// Pairwise precision, recall and F1 over all pairs of items put in the
	// same cluster, as Miranda et al. (2018) report them.
	PairwisePrecision float64 `json:"pairwise_precision"`
	PairwiseRecall    float64 `json:"pairwise_recall"`
	PairwiseF1        float64 `json:"pairwise_f1"`
	ARI               float64 `json:"ari"`
	Clusters          int     `json:"clusters"`
	GoldClusters      int     `json:"gold_clusters"`
}

// Cluster scores predicted cluster labels against gold labels, item by item
// (gold[i] and pred[i] label item i).
func Cluster[G, P comparable](gold []G, pred []P) ClusterScores {
	n := len(gold)
	type cell struct {
		g G
		p P
	}
	gSize := map[G]int{}
	pSize := map[P]int{}
	joint := map[cell]int{}
	for i := 0; i < n; i++ {
		gSize[gold[i]]++
		pSize[pred[i]]++
		joint[cell{gold[i], pred[i]}]++
	}
	var s ClusterScores
	s.Clusters, s.GoldClusters = len(pSize), len(gSize)
	if n == 0 {
		return s
	}
	// BCubed: for each item, the share of its predicted cluster that shares
	// its gold label (precision) and the share of its gold cluster that
	// shares its predicted cluster (recall), averaged over items.
	var bp, br float64
	for c, m := range joint {
		fm := float64(m)
		bp += fm * fm / float64(pSize[c.p])
		br += fm * fm / float64(gSize[c.g])
	}
	s.BCubedPrecision, s.BCubedRecall = bp/float64(n), br/float64(n)
	s.BCubedF1 = HarmonicMean(s.BCubedPrecision, s.BCubedRecall)

	pairs := func(k int) float64 { return float64(k) * float64(k-1) / 2 }
	var sumJoint, sumG, sumP float64
	for _, m := range joint {
		sumJoint += pairs(m)
	}
	for _, m := range gSize {
		sumG += pairs(m)
	}
	for _, m := range pSize {
		sumP += pairs(m)
	}
	pw := FromCounts(sumJoint, sumP-sumJoint, sumG-sumJoint)
	s.PairwisePrecision, s.PairwiseRecall, s.PairwiseF1 = pw.Precision, pw.Recall, pw.F1

	total := pairs(n)
	expected := sumG * sumP / total
	maxIdx := (sumG + sumP) / 2
	if maxIdx-expected != 0 {
		s.ARI = (sumJoint - expected) / (maxIdx - expected)
	} else {
		s.ARI = 1
	}
	return s
}
