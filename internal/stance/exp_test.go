package stance_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/crosscheck-news/crosscheck/internal/metrics"
	"github.com/crosscheck-news/crosscheck/internal/stance"
	"github.com/zeebo/xxh3"
)

// TestExperiments compares training settings by 5-fold cross-validation
// over FNC-1 training bodies (folds by a hash of Body ID, so each body's
// pairs stay in one fold), reporting means over folds. It takes minutes and runs only with CROSSCHECK_STANCE_EXP set
// to a comma-separated list of variant names (or "all"):
//
//	CROSSCHECK_STANCE_EXP=all go test -run TestExperiments -v -timeout 1h ./internal/stance
func TestExperiments(t *testing.T) {
	which := os.Getenv("CROSSCHECK_STANCE_EXP")
	if which == "" {
		t.Skip("set CROSSCHECK_STANCE_EXP to run the training experiments")
	}
	pairs := trainFNC1(t)
	// Body-grouped folds: every pair of a body falls in one fold. Fold
	// features are computed once and shared by all variants.
	k := 5
	type fold struct {
		mx   *stance.Matrix
		devX [][]float64
		gold []string
	}
	var folds []fold
	for f := range k {
		var train, dev []stance.Example
		for _, p := range pairs {
			if int(xxh3.HashString("fold:"+p.BodyID)%uint64(k)) == f {
				dev = append(dev, p)
			} else {
				train = append(train, p)
			}
		}
		mx := stance.NewMatrix(train)
		fd := fold{mx: mx, devX: mx.Rows(dev)}
		for _, p := range dev {
			fd.gold = append(fd.gold, p.Label)
		}
		folds = append(folds, fd)
	}
	base := stance.DefaultTrainOptions
	type variant struct {
		name string
		opts func() stance.TrainOptions
	}
	variants := []variant{
		{"default", base},
		{"one-stage", func() stance.TrainOptions { o := base(); o.TwoStage = false; return o }},
		{"two-stage", func() stance.TrainOptions { o := base(); o.TwoStage = true; return o }},
		{"w-disagree-1", func() stance.TrainOptions { o := base(); o.Weights = nil; return o }},
		{"w-disagree-2", func() stance.TrainOptions { o := base(); o.Weights = map[string]float64{stance.Disagree: 2}; return o }},
		{"w-disagree-3", func() stance.TrainOptions { o := base(); o.Weights = map[string]float64{stance.Disagree: 3}; return o }},
		{"w-disagree-5", func() stance.TrainOptions { o := base(); o.Weights = map[string]float64{stance.Disagree: 5}; return o }},
		{"w-disagree-8", func() stance.TrainOptions { o := base(); o.Weights = map[string]float64{stance.Disagree: 8}; return o }},
		{"w-agree2-disagree5", func() stance.TrainOptions {
			o := base()
			o.Weights = map[string]float64{stance.Agree: 2, stance.Disagree: 5}
			return o
		}},
		{"depth-3", func() stance.TrainOptions { o := base(); o.Stance.Depth = 3; return o }},
		{"depth-6", func() stance.TrainOptions { o := base(); o.Stance.Depth = 6; return o }},
		{"rounds-600", func() stance.TrainOptions { o := base(); o.Stance.Rounds = 600; return o }},
		{"rounds-150", func() stance.TrainOptions { o := base(); o.Stance.Rounds = 150; return o }},
		{"threshold-0.4", func() stance.TrainOptions { o := base(); o.Threshold = 0.4; return o }},
		{"threshold-0.6", func() stance.TrainOptions { o := base(); o.Threshold = 0.6; return o }},
	}
	groups := make([]string, 0, len(featureGroups))
	for g := range featureGroups {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		variants = append(variants, variant{"drop-" + g, func() stance.TrainOptions { o := base(); o.Drop = featureGroups[g]; return o }})
	}
	for _, v := range variants {
		if which != "all" && !strings.Contains(","+which+",", ","+v.name+",") {
			continue
		}
		var fnc, mf1, f1a, f1d, f1s, f1u, rd float64
		for _, fd := range folds {
			m, err := fd.mx.Fit(v.opts())
			if err != nil {
				t.Fatal(err)
			}
			pred := make([]string, len(fd.gold))
			conf := metrics.NewConfusion(4)
			for i, x := range fd.devX {
				pred[i] = m.Classify(x)
				conf.Add(stance.LabelIndex(fd.gold[i]), stance.LabelIndex(pred[i]))
			}
			s, mx := stance.Score(fd.gold, pred)
			fnc += 100 * s / mx
			mf1 += conf.MacroF1()
			f1a += conf.Class(0).F1
			f1d += conf.Class(1).F1
			f1s += conf.Class(2).F1
			f1u += conf.Class(3).F1
			rd += conf.Class(1).Recall
		}
		n := float64(len(folds))
		t.Logf("%-22s fnc %.2f  macroF1 %.3f  F1 agree %.3f disagree %.3f discuss %.3f unrelated %.3f  disagree recall %.3f",
			v.name, fnc/n, mf1/n, f1a/n, f1d/n, f1s/n, f1u/n, rd/n)
	}
}

// featureGroups are the feature families the ablations drop one at a time.
var featureGroups = map[string][]string{
	"overlap":   {"ov_claim", "ov_idf", "ov_jaccard", "ov_lead", "ov_missing_idf"},
	"bigram":    {"bigram_ov", "bigram_lead"},
	"char":      {"char4_ov"},
	"tfidf":     {"cos_body", "cos_lead"},
	"sentence":  {"sent_max", "sent_top3", "sent_max_pos", "sent_cov_max", "sent_cov_2"},
	"entity":    {"ent_claim_ov", "ent_claim_missing", "ent_body_in_claim"},
	"number":    {"num_claim", "num_ov"},
	"cue-near":  {"refute_near", "hedge_near", "support_near", "neg_near"},
	"cue-best":  {"refute_best", "hedge_best", "support_best", "neg_best"},
	"cue-body":  {"refute_lead", "hedge_lead", "refute_body", "hedge_body", "support_body", "neg_body"},
	"cue-claim": {"refute_claim", "hedge_claim", "support_claim", "neg_claim", "question_claim"},
	"negation":  {"neg_near", "neg_best", "neg_body", "neg_claim"},
	"size":      {"claim_len", "body_len", "body_sents"},
}
